"""Investments: cost, saving and funding by plan year, what each adds to the gap, and the appraisal."""

from __future__ import annotations

from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.report.context import Context
from forecast.report.grid import Sheet
from forecast.report.sheets._blocks import year_block

NAME = "Investments"
_TOP = 5


def has_content(results: Results) -> bool:
    return bool(results.investments)


def write(ctx: Context) -> None:
    r = ctx.results
    invs = r.investments
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    s = r.settings
    n = len(r.years)
    ctx.title_block(
        sh,
        f"Investments – {s.service}",
        f"Figures in {ctx.units}, cash (no inflation added). NPV at the discount rate of {s.discount_rate:.1%}; "
        "flows are saving less cost from the start year.",
    )
    headings = (
        "Investment",
        "Line",
        "Kind",
        "Funding",
        f"Amount\n{ctx.units}",
        f"NPV\n{ctx.units}",
        "IRR",
        "Payback year",
    )
    for c, heading in enumerate(headings):
        sh.text(_TOP, c, heading, f["header_num" if c >= 4 else "header"])
    for i, inv in enumerate(invs):
        row = _TOP + 1 + i
        sh.text(row, 0, inv.name, f["text"])
        sh.text(row, 1, inv.line, f["text"])
        sh.text(row, 2, inv.kind, f["text"])
        sh.text(row, 3, inv.funding, f["text"])
        sh.number(row, 4, inv.amount, f["money"])
        sh.number(row, 5, inv.npv, f["money"])
        sh.number(row, 6, inv.irr, f["pct"])
        sh.text(row, 7, fy_label(inv.payback_year) if inv.payback_year is not None else "not in the plan", f["text"])

    names = [inv.name for inv in invs]
    top = _TOP + len(invs) + 3
    cost = year_block(ctx, sh, top, "Cost by year", names, [i.cost for i in invs], [y.investment_costs for y in r.mtfp])
    top = cost.total_row + 3
    saving = year_block(
        ctx, sh, top, "Cashable saving by year", names, [i.saving for i in invs], [y.investment_savings for y in r.mtfp]
    )
    top = saving.total_row + 3
    funded = year_block(
        ctx,
        sh,
        top,
        "Funded (reserves, grant or base budget) by year",
        names,
        [i.funded for i in invs],
        [y.investment_funding for y in r.mtfp],
    )
    for t in range(n):
        ctx.cells.put(f"inv.{t}.cost", sh, cost.total_row, 1 + t)
        ctx.cells.put(f"inv.{t}.saving", sh, saving.total_row, 1 + t)
        ctx.cells.put(f"inv.{t}.funded", sh, funded.total_row, 1 + t)
    if all(len(i.gap_effect) == n for i in invs):
        top = funded.total_row + 3
        year_block(
            ctx,
            sh,
            top,
            "Adds to the budget gap (cost − funded − saving)",
            names,
            [i.gap_effect for i in invs],
            [y.investment_gap_effect for y in r.mtfp],
            formula=lambda i, t: f"={cost.cell(i, t)}-{funded.cell(i, t)}-{saving.cell(i, t)}",
        )
    sh.min_width(0, 30)
    sh.cap_width(0, 45)
    sh.fit_columns(minimum=11)
    sh.freeze(_TOP + 1, 1)
    sh.page_setup((_TOP, _TOP), f"{s.authority}: investments")
