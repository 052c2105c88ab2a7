"""Savings: each approved saving by year and RAG, what is expected to be delivered and what is at risk.

Delivered = planned × the RAG's delivery weight and at risk = planned −
delivered are formulas over the planned block and the weight column. In the
current year the lines' outturns already reflect delivery, so the MTFP
counts savings from next year (the sheet still reports this year's).
"""

from __future__ import annotations

from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.report.context import Context
from forecast.report.grid import Sheet, cell
from forecast.report.sheets._blocks import year_block

NAME = "Savings"
_TOP = 5


def has_content(results: Results) -> bool:
    return bool(results.savings.items)


def write(ctx: Context) -> None:
    r = ctx.results
    sv = r.savings
    items = sv.items
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    s = r.settings
    n = len(r.years)
    ctx.title_block(
        sh,
        f"Savings – {s.service}",
        f"Figures in {ctx.units}; positive = spending reduced. Expected delivery: delivered 100%, green "
        f"{s.rag_weight_green:.0%}, amber {s.rag_weight_amber:.0%}, red {s.rag_weight_red:.0%}. "
        f"{fy_label(s.financial_year)} savings are already in the lines' forecasts.",
    )
    headings = ("Saving", "Line", "Starts", "RAG", "Recurring", f"Amount\n{ctx.units}", "Expected delivery")
    for c, heading in enumerate(headings):
        style = "header_num" if c >= 5 else "header_center" if c == 3 else "header"
        sh.text(_TOP, c, heading, f[style])
    weight_cells = []
    for i, item in enumerate(items):
        row = _TOP + 1 + i
        sh.text(row, 0, item.name, f["text"])
        sh.text(row, 1, item.line, f["text"])
        sh.text(row, 2, fy_label(item.year), f["text"])
        sh.text(row, 3, item.rag.capitalize(), f.rag(item.rag))
        sh.text(row, 4, "Yes" if item.recurring else "No", f["text"])
        sh.number(row, 5, item.amount, f["money"])
        sh.number(row, 6, item.weight, f["pct"])
        weight_cells.append(cell(row, 6, absolute=True))
    rag_range = f"{cell(_TOP + 1, 3, True)}:{cell(_TOP + len(items), 3, True)}"

    names = [item.name for item in items]
    top = _TOP + len(items) + 3
    planned = year_block(ctx, sh, top, "Planned by year", names, [i.planned for i in items], sv.planned)
    top = planned.total_row + 3
    delivered = year_block(
        ctx,
        sh,
        top,
        "Expected to be delivered (planned × expected delivery)",
        names,
        [i.delivered for i in items],
        sv.delivered,
        formula=lambda i, t: f"={planned.cell(i, t)}*{weight_cells[i]}",
    )
    top = delivered.total_row + 3
    at_risk = year_block(
        ctx,
        sh,
        top,
        "At risk (planned − expected)",
        names,
        [i.at_risk for i in items],
        sv.at_risk,
        formula=lambda i, t: f"={planned.cell(i, t)}-{delivered.cell(i, t)}",
    )
    for t in range(n):
        ctx.cells.put(f"sv.{t}.delivered", sh, delivered.total_row, 1 + t)
        ctx.cells.put(f"sv.{t}.at_risk", sh, at_risk.total_row, 1 + t)

    top = at_risk.total_row + 3
    by_rag = sv.planned_by_rag
    block_rows = [planned.rows[0], planned.rows[-1]]
    first_label = top + 2

    def sumif(i: int, t: int) -> str:
        values = f"{cell(block_rows[0], 1 + t)}:{cell(block_rows[1], 1 + t)}"
        return f"=SUMIF({rag_range},{cell(first_label + i, 0, True)},{values})"

    year_block(
        ctx,
        sh,
        top,
        "Planned by RAG",
        [rag.capitalize() for rag in by_rag],
        list(by_rag.values()),
        sv.planned,
        formula=sumif,
    )
    sh.min_width(0, 30)
    sh.cap_width(0, 45)
    sh.fit_columns(minimum=11)
    sh.freeze(_TOP + 1, 1)
    sh.page_setup((_TOP, _TOP), f"{s.authority}: savings")
