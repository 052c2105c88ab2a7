"""Investments: cost, saving and funding by plan year, what each adds to the gap, and the appraisal."""

from __future__ import annotations

from functools import partial

from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.sheets._blocks import (
    TOP,
    YearBlock,
    finish_items_sheet,
    items_below,
    items_sheet,
    year_block,
)

NAME = sheet_name(__name__)


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(results.investments)


def write(ctx: Context) -> None:
    r = ctx.results
    invs = r.investments
    f = ctx.formats
    units = ctx.units
    money, text = "header_num", "header"
    sh = items_sheet(
        ctx,
        NAME,
        f"Figures in {units}, cash (no inflation added). NPV at the discount rate of {r.settings.discount_rate:.1%}; "
        "flows are saving less cost from the start year; IRR is n/a when they never change sign.",
        (
            ("Investment", text),
            ("Line", text),
            ("Kind", text),
            ("Funding", text),
            (f"Amount\n{units}", money),
            (f"NPV\n{units}", money),
            ("IRR", money),
            ("Payback year", money),
        ),
    )
    for i, inv in enumerate(invs):
        row = TOP + 1 + i
        sh.text(row, 0, inv.name, f["text"])
        sh.text(row, 1, inv.line, f["text"])
        sh.text(row, 2, inv.kind, f["text"])
        sh.text(row, 3, inv.funding, f["text"])
        sh.number(row, 4, inv.amount, f["money"])
        sh.number(row, 5, inv.npv, f["money"])
        if inv.irr is None:  # the flows never change sign: no rate makes them add to nothing
            sh.text(row, 6, "n/a", f["text_right"])
        else:
            sh.number(row, 6, inv.irr, f["pct"])
        payback = fy_label(inv.payback_year) if inv.payback_year is not None else "not in the plan"
        sh.text(row, 7, payback, f["text_right"])

    names = [inv.name for inv in invs]
    plan = r.mtfp
    blocks: dict[str, YearBlock] = {}
    top = items_below(len(invs))
    for key, title, totals in (
        ("cost", "Cost by year", [y.investment_costs for y in plan]),
        ("saving", "Cashable saving by year", [y.investment_savings for y in plan]),
        ("funded", "Funded (reserves, grant or base budget) by year",
         [y.investment_funding + y.base_growth for y in plan]),
    ):
        blocks[key] = year_block(ctx, sh, top, title, names, [getattr(i, key) for i in invs], totals)
        blocks[key].register(ctx, sh, partial(_year_key, block=key))
        top = blocks[key].below
    cost, saving, funded = blocks["cost"], blocks["saving"], blocks["funded"]
    year_block(
        ctx,
        sh,
        top,
        "Adds to the budget gap (cost − funded − saving)",
        names,
        [i.gap_effect for i in invs],
        [y.investment_gap_effect for y in plan],
        formula=lambda i, t: f"={cost.cell(i, t)}-{funded.cell(i, t)}-{saving.cell(i, t)}",
    )
    finish_items_sheet(ctx, sh, len(invs))


def _year_key(t: int, block: str) -> keys.CellKey:
    return keys.investments_year(t, block)
