"""Savings: each approved saving by year and RAG, what is expected to be delivered and what is at risk.

Delivered = planned × the RAG's delivery weight and at risk = planned −
delivered are formulas over the planned block and the weight column. In the
current year the lines' outturns already reflect delivery, so the MTFP
counts savings from next year (the sheet still reports this year's).
"""

from __future__ import annotations

from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import cell
from forecast.report.sheets._blocks import TOP, finish_items_sheet, items_below, items_sheet, year_block

NAME = sheet_name(__name__)


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(results.savings.items)


def write(ctx: Context) -> None:
    r = ctx.results
    sv = r.savings
    items = sv.items
    f = ctx.formats
    s = r.settings
    text = "header"
    sh = items_sheet(
        ctx,
        NAME,
        f"Figures in {ctx.units}; positive = spending reduced. Expected delivery: delivered 100%, green "
        f"{s.rag_weight_green:.0%}, amber {s.rag_weight_amber:.0%}, red {s.rag_weight_red:.0%}. "
        f"{fy_label(s.financial_year)} savings are already in the lines' forecasts.",
        (
            ("Saving", text),
            ("Line", text),
            ("Starts", text),
            ("RAG", "header_center"),
            ("Recurring", text),
            (f"Amount\n{ctx.units}", "header_num"),
            ("Expected delivery", "header_num"),
        ),
    )
    weight_cells = []
    for i, item in enumerate(items):
        row = TOP + 1 + i
        sh.text(row, 0, item.name, f["text"])
        sh.text(row, 1, item.line, f["text"])
        sh.text(row, 2, fy_label(item.year), f["text"])
        sh.text(row, 3, item.rag.capitalize(), f.rag(item.rag))
        sh.text(row, 4, "Yes" if item.recurring else "No", f["text"])
        sh.number(row, 5, item.amount, f["money"])
        sh.number(row, 6, item.weight, f["pct"])
        weight_cells.append(cell(row, 6, absolute=True))
    rag_range = f"{cell(TOP + 1, 3, True)}:{cell(TOP + len(items), 3, True)}"
    # issue 21: a RAG key under the table (the rating is the one given on the Savings input sheet)
    sh.text(TOP + len(items) + 1, 0, (
        f"RAG key: the delivery rating given for each saving. Delivered: 100% expected; Green: "
        f"{s.rag_weight_green:.0%}; Amber: {s.rag_weight_amber:.0%}; Red: {s.rag_weight_red:.0%}."
    ), f["note"], fit=False)

    names = [item.name for item in items]
    planned = year_block(
        ctx, sh, items_below(len(items)), "Planned by year", names, [i.planned for i in items], sv.planned
    )
    delivered = year_block(
        ctx,
        sh,
        planned.below,
        "Expected to be delivered (planned × expected delivery)",
        names,
        [i.delivered for i in items],
        sv.delivered,
        formula=lambda i, t: f"={planned.cell(i, t)}*{weight_cells[i]}",
    )
    at_risk = year_block(
        ctx,
        sh,
        delivered.below,
        "At risk (planned − expected)",
        names,
        [i.at_risk for i in items],
        sv.at_risk,
        formula=lambda i, t: f"={planned.cell(i, t)}-{delivered.cell(i, t)}",
    )
    delivered.register(ctx, sh, lambda t: keys.savings_year(t, "delivered"))
    at_risk.register(ctx, sh, lambda t: keys.savings_year(t, "at_risk"))

    by_rag = sv.planned_by_rag
    first_label = at_risk.below + 2  # below the block's title and year headings

    def by_rag_formula(i: int, t: int) -> str:
        values = f"{planned.cell(0, t)}:{planned.cell(len(items) - 1, t)}"
        return f"=SUMPRODUCT(--({rag_range}={cell(first_label + i, 0, True)}),{values})"

    year_block(
        ctx,
        sh,
        at_risk.below,
        "Planned by RAG",
        [rag.capitalize() for rag in by_rag],
        list(by_rag.values()),
        sv.planned,
        formula=by_rag_formula,
    )
    finish_items_sheet(ctx, sh, len(items))
