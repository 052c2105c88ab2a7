"""The workbook of ``forecast compare -o PATH``: one sheet, lines ranked by the change they explain.

Changes are live formulas (B − A) with the engine's values cached, like the
main workbook; the totals are the engine's service totals with a check that
the lines add up to them.
"""

from __future__ import annotations

import datetime as _dt
import io

from xlsxwriter.workbook import Workbook

from forecast.engine.compare import Comparison, LineChange
from forecast.fy import fy_label, period_label
from forecast.report.compare_text import changed, year_tables
from forecast.report.formats import Formats
from forecast.report.grid import Sheet, cell
from forecast.report.layout import Layout
from forecast.report.workbook import WORKBOOK_OPTIONS

NAME = "Compare"


def compare_workbook_bytes(result: Comparison, generated_at: _dt.datetime) -> bytes:
    """The .xlsx file as bytes (written to disk atomically by the caller)."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer, WORKBOOK_OPTIONS)  # input text never becomes a formula or a link
    workbook.set_properties({"title": "forecast compare", "created": generated_at})
    formats = Formats(workbook, Layout())
    _write(Sheet(workbook, NAME), formats, result)
    workbook.close()
    return buffer.getvalue()


def _write(sheet: Sheet, f: Formats, result: Comparison) -> None:
    units = result.units
    sheet.text(0, 0, f"Compare {result.a.label} (A) with {result.b.label} (B)", f["title"])
    for r, side, tag in ((1, result.a, "A"), (2, result.b, "B")):
        when = period_label(side.period)
        sheet.text(
            r,
            0,
            f"{tag}: {side.authority}, {when} {fy_label(side.financial_year)}, scenario {side.scenario}",
            f["note"],
            fit=False,
        )
    notes = [f"Figures in {units}; change = B − A. Lines that explain most of the change in net variance come first."]
    notes += [f"Note: {n}." for n in result.notes]
    for i, note in enumerate(notes):
        sheet.text(3 + i, 0, note, f["note"], fit=False)

    top = 3 + len(notes) + 1
    # issue 21: the earmark drawn on each side, so every row adds across (outturn − budget − earmark drawn = net
    # variance); the Status column only when a line is in one workbook only (never an empty column)
    status = any(c.status != "both" for c in result.lines)
    columns = [("Line", "")] + ([("Status", "")] if status else []) + [(text, units) for text in MONEY_HEADINGS]
    for c, (text, unit) in enumerate(columns):
        if unit:
            sheet.text(top, c, f"{text}\n{unit}", f["header_num"], fit=False)
            sheet.min_width(c, 12)
        else:
            sheet.text(top, c, text, f["header"])
    first = top + 1
    for i, line in enumerate(result.lines):
        _line(sheet, f, first + i, line, "money", status=status)
    last = first + len(result.lines) - 1
    total_row = last + 1
    _line(sheet, f, total_row, result.total, "money_total", label=f"Total {result.total.group}", status=status)
    moved = sum(1 for c in result.lines if changed(c))
    sheet.text(total_row + 1, 0, f"{moved} of {len(result.lines)} lines changed.", f["note"], fit=False)

    top_of_table = total_row + 4
    for title, rows in year_tables(result):
        top_of_table = _year_table(sheet, f, result, top_of_table, f"{title} ({units})", rows) + 4
    if result.actions:  # issue 24: the improvement plan's actions whose status changed
        sheet.text(top_of_table - 1, 0, "Improvement plan actions whose status changed", f["heading"], fit=False)
        for c, heading in enumerate(("Action", "Section", "Status A", "Status B")):
            sheet.text(top_of_table, c, heading, f["header"])
        for r, change in enumerate(result.actions, start=top_of_table + 1):
            for c, text in enumerate((change.action, change.section, change.before, change.after)):
                sheet.text(r, c, text, f["text_wrap"] if c < 2 else f["text"])

    sheet.freeze(top + 1, 1)
    sheet.cap_width(0, 45)
    sheet.fit_columns()
    sheet.page_setup((top, top), f"Compare {result.a.label} with {result.b.label}")


def _year_table(
    sheet: Sheet, f: Formats, result: Comparison, top: int, title: str, rows: list[tuple[str, list[float | None]]]
) -> int:
    """A, B and B − A by plan year (B − A a formula where both are known); returns the last row."""
    sheet.text(top - 1, 0, title, f["heading"], fit=False)
    sheet.text(top, 0, "", f["header"])
    for c, year in enumerate(result.years, start=1):
        sheet.text(top, c, fy_label(year.year), f["header_num"])
    a, b = top + 1, top + 2
    for r, (label, values) in enumerate(rows, start=top + 1):
        last = label == "B − A"
        sheet.text(r, 0, label, f["text_total"] if last else f["text"])
        for c, value in enumerate(values, start=1):
            style = f["money_total"] if last else f["money"]
            if value is None:
                sheet.blank(r, c, style)
            elif last:
                sheet.formula(r, c, f"={cell(b, c)}-{cell(a, c)}", value, style)
            else:
                sheet.number(r, c, value, style)
    return top + len(rows)


MONEY_HEADINGS = (
    "Budget A", "Outturn A", "Funded from earmarked reserve A", "Net variance A",
    "Budget B", "Outturn B", "Funded from earmarked reserve B", "Net variance B",
    "Outturn change", "Net variance change",
)


def _line(
    sheet: Sheet, f: Formats, r: int, c: LineChange, money: str, label: str | None = None, status: bool = True
) -> None:
    text = f["text_total"] if money.endswith("total") else f["text"]
    sheet.text(r, 0, label or c.line, text)
    at = 1
    if status:
        sheet.text(r, 1, "" if label or c.status == "both" else c.status, text)
        at = 2
    style = f.named(money)
    for side, (budget, outturn, drawn, net) in enumerate((
        (c.budget_a, c.outturn_a, c.earmark_drawn_a, c.net_variance_a),
        (c.budget_b, c.outturn_b, c.earmark_drawn_b, c.net_variance_b),
    )):
        col = at + 4 * side
        sheet.number(r, col, budget, style)
        sheet.number(r, col + 1, outturn, style)
        sheet.number(r, col + 2, drawn, style)
        sheet.number(r, col + 3, net, style)
    a_out, b_out, a_net, b_net = (cell(r, at + k) for k in (1, 5, 3, 7))
    sheet.formula(r, at + 8, f"={b_out}-{a_out}", c.outturn_change, style)
    sheet.formula(r, at + 9, f"={b_net}-{a_net}", c.net_variance_change, style)
