"""Investments: what each buys (posts, placement moves), cost, saving and funding by plan year, and the appraisal.

Funding is split the way the MTFP uses it: cost funded from reserves or a
grant is funding for that year's gap; cost funded from ``base`` is base
growth, which raises that year's base budget instead (calculations.md §4).
"""

from __future__ import annotations

from functools import partial

from forecast.engine.results import InvestmentResult, Results
from forecast.fy import fy_label
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.plan_words import buys
from forecast.report.grid import cell, excel_text, quote_sheet
from forecast.report.sheets._blocks import (
    TOP,
    YearBlock,
    finish_items_sheet,
    items_below,
    items_sheet,
    year_block,
)

NAME = sheet_name(__name__)
_FUNDING_COL = 3
_FUNDING_SOURCES = ("reserves", "grant")  # funding of the gap; "base" raises the base budget instead


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
        "flows are saving less cost from the start year; IRR is n/a when they never change sign. "
        "Cost funded from the base budget raises that year's base budget (MTFP base growth).",
        (
            ("Investment", text),
            ("Line", text),
            ("Kind", text),
            ("Funding", text),
            (f"Amount\n{units}", money),
            (f"NPV\n{units}", money),
            ("IRR", money),
            ("Payback year", money),
            ("Posts\nFTE", money),
            ("Children\nmoved", money),
            ("What it buys", text),
        ),
    )
    for i, inv in enumerate(invs):
        row = TOP + 1 + i
        sh.text(row, 0, inv.name, f["text"])
        sh.text(row, 1, inv.line, f["text"])
        sh.text(row, 2, inv.kind, f["text"])
        sh.text(row, _FUNDING_COL, inv.funding, f["text"])
        if inv.amount is None:  # posts costed from their Staffing row
            sh.text(row, 4, "from Staffing", f["text_right"])
        else:
            sh.number(row, 4, inv.amount, f["money"])
        sh.number(row, 5, inv.npv, f["money"])
        if inv.irr is None:  # the flows never change sign: no rate makes them add to nothing
            sh.text(row, 6, "n/a", f["text_right"])
        else:
            sh.number(row, 6, inv.irr, f["pct"])
        payback = fy_label(inv.payback_year) if inv.payback_year is not None else "not in the plan"
        sh.text(row, 7, payback, f["text_right"])
        sh.number(row, 8, inv.posts_fte, f["fte"])
        sh.number(row, 9, inv.children_moved, f["fte"])
        sh.text(row, 10, buys(inv), f["text_wrap"])

    names = [inv.name for inv in invs]
    plan = r.mtfp
    top = items_below(len(invs))
    cost = year_block(ctx, sh, top, "Cost by year", names, [i.cost for i in invs],
                      [y.investment_costs for y in plan])
    cost.register(ctx, sh, partial(_year_key, block="cost"))
    saving = year_block(ctx, sh, cost.below, "Cashable saving by year (posts replacing agency, placement moves)",
                        names, [i.saving for i in invs], [y.investment_savings for y in plan])
    saving.register(ctx, sh, partial(_year_key, block="saving"))
    funded = year_block(
        ctx, sh, saving.below, "Funded from reserves or grant by year", names,
        [_share(i, i.funding in _FUNDING_SOURCES) for i in invs], [y.investment_funding for y in plan],
    )
    funded.register(ctx, sh, partial(_year_key, block="funded"))
    _register_reserves(ctx, funded, len(invs))
    base = year_block(
        ctx, sh, funded.below, "Funded from the base budget (base growth) by year", names,
        [_share(i, i.funding == "base") for i in invs], [y.base_growth for y in plan],
    )
    base.register(ctx, sh, partial(_year_key, block="base"))
    year_block(
        ctx,
        sh,
        base.below,
        "Adds to the budget gap (cost − funded − base growth − saving)",
        names,
        [i.gap_effect for i in invs],
        [y.investment_gap_effect for y in plan],
        formula=lambda i, t: f"={cost.cell(i, t)}-{funded.cell(i, t)}-{base.cell(i, t)}-{saving.cell(i, t)}",
    )
    sh.min_width(10, 36)  # "What it buys" wraps at about this width
    finish_items_sheet(ctx, sh, len(invs))


def _share(inv: InvestmentResult, counts: bool) -> tuple[float, ...]:
    """The investment's funded cost by year when it counts in this block, else zeros."""
    return inv.funded if counts else tuple(0.0 for _ in inv.funded)


def _register_reserves(ctx: Context, funded: YearBlock, count: int) -> None:
    """``inv.{t}.reserves``: the part of each year's funded cost drawn from reserves (an exact-match SUMPRODUCT on the Funding column)."""
    prefix = quote_sheet(NAME) + "!"
    funding = f"{prefix}{cell(TOP + 1, _FUNDING_COL, True)}:{cell(TOP + count, _FUNDING_COL, True)}"
    for t in range(len(ctx.results.years)):
        values = f"{prefix}{cell(funded.rows[0], 1 + t, True)}:{cell(funded.rows[-1], 1 + t, True)}"
        ctx.cells.put_expr(keys.investments_year(t, "reserves"), f"SUMPRODUCT(--({funding}={excel_text('reserves')}),{values})")


def _year_key(t: int, block: str) -> keys.CellKey:
    return keys.investments_year(t, block)
