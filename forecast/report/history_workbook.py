"""The workbook of ``forecast history -o PATH``: the forecast by period, its charts and its accuracy.

Sheets: **History** (budget, forecast outturn, net variance and movement by
period for every line and the total), **Charts** (a line chart of the
forecast by period against the budget for the total and each material
line) and, when one file is Month 12, **Accuracy** (errors against the
Month 12 outturn, their mean absolute percentage, per line too, and a
chart of how the forecast converged). Each period's figures are its own
workbook's; totals, movements and errors are live formulas with the
values ``forecast.engine.history`` computed cached.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from collections.abc import Callable, Sequence

from xlsxwriter.workbook import Workbook

from forecast.fy import fy_label, period_label
from forecast import theme
from forecast.engine.history import FINAL_PERIOD, History, LineHistory
from forecast.report.formats import Formats
from forecast.report.grid import Sheet, chart_series, chart_title, cell, col_range
from forecast.report.layout import Layout
from forecast.report.workbook import WORKBOOK_OPTIONS

OUTTURN_COLOUR = theme.CHART_PRIMARY
BUDGET_COLOUR = theme.CHART_BASELINE
ERROR_COLOUR = theme.CHART_ADVERSE
CHART_ROWS = 15  # worksheet rows a chart of the Charts sheet takes, with a gap


def history_workbook_bytes(h: History, generated_at: _dt.datetime) -> bytes:
    """The .xlsx file as bytes (written to disk atomically by the caller)."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer, WORKBOOK_OPTIONS)  # input text never becomes a formula or a link
    workbook.set_properties({"title": f"forecast history: {h.authority} {fy_label(h.financial_year)}",
                             "created": generated_at})
    f = Formats(workbook, Layout())
    _write_cover(Sheet(workbook, "Cover"), f, h, generated_at)
    table = Sheet(workbook, "History")
    rows = _write_table(table, f, h)
    _write_charts(workbook, Sheet(workbook, "Charts"), f, h, rows)
    if h.accuracy is not None:
        _write_accuracy(workbook, Sheet(workbook, "Accuracy"), f, h, rows)
    if h.actions:
        _write_actions(Sheet(workbook, "Improvement Plan"), f, h)
    workbook.close()
    return buffer.getvalue()


def _write_cover(sh: Sheet, f: Formats, h: History, generated_at: _dt.datetime) -> None:
    """Cover (issue 21): what the workbook is and what it was made from, before any figure."""
    from forecast._version import __version__
    from forecast.report.sheets.cover import write_facts

    year = fy_label(h.financial_year)
    sh.text(0, 0, f"{h.service}: the forecast by period, {year}", f["title"], fit=False)
    sh.text(1, 0, f"{h.authority}, {h.service}, {', '.join(period_label(p) for p in h.periods)} {year}",
            f["subtitle"], fit=False)
    sheets = "History (budget, forecast outturn, earmark drawn, net variance and movement by period), Charts"
    if h.accuracy is not None:
        sheets += f", Accuracy (how the forecast converged on the Month {FINAL_PERIOD} outturn)"
    files = "; ".join(f"{period_label(p)}: {Path(name).name}" for p, name in sorted(h.files.items()))
    write_facts(sh, f, (
        ("This workbook holds", f"The forecast of each period reported in {year}, side by side. Sheets: {sheets}."),
        ("Authority", h.authority),
        ("Service", h.service),
        ("Periods", ", ".join(period_label(p) for p in h.periods)),
        ("Source files", files),
        ("Units", h.units),
        ("Sign convention", "Overspend positive: a variance above 0 is spending above budget."),
        ("Dated", generated_at.strftime("%d %B %Y").lstrip("0")),
        ("Made with", f"forecast {__version__}; totals, net variances and movements are live formulas"),
    ))
    sh.page_setup(None, f"{h.authority}: the forecast by period")


class _Rows:
    """Where each block's rows are on the History sheet: block → line (or the total) → row."""

    def __init__(self) -> None:
        self.at: dict[str, dict[str, int]] = {}
        self.header: dict[str, int] = {}

    def row(self, block: str, line: str) -> int:
        return self.at[block][line]


TOTAL = "\0total"  # the total's key among the lines (no line name can hold a NUL)
_BLOCKS: tuple[tuple[str, str, Callable[[LineHistory, Sequence[int]], dict[int, float]]], ...] = (
    ("budget", "Budget", lambda x, _p: x.budgets),
    ("outturn", "Forecast outturn", lambda x, _p: x.outturn),
    # issue 21: the earmark drawn, so outturn − budget − earmark drawn = net variance (the rows add up)
    ("earmark_drawn", "Funded from earmarked reserve", lambda x, _p: x.earmark_drawn),
    ("net_variance", "Net variance (overspend positive) = forecast outturn − budget − funded from earmarked reserve",
     lambda x, _p: x.net_variance),
    ("movement", "Movement in net variance from the period before", lambda x, p: x.movement(p)),
)


def _write_table(sh: Sheet, f: Formats, h: History) -> _Rows:
    sh.text(0, 0, f"{h.authority} {h.service}: the forecast by period, {fy_label(h.financial_year)}", f["title"])
    files = "; ".join(f"{period_label(p)}: {Path(name).name}" for p, name in sorted(h.files.items()))
    # wrapped: the list of files ran off the printed page (issue 21)
    sh.text(1, 0, f"Figures in {h.units}, each period's from its own workbook ({files}).", f["note_wrap"], fit=False)
    rows = _Rows()
    r = 3
    headings = []
    for key, title, values in _BLOCKS:
        headings.append(r)
        sh.text(r, 0, f"{title} ({h.units})", f["heading"], fit=False)
        r += 1
        rows.header[key] = r
        sh.text(r, 0, "Line", f["header"])
        for c, p in enumerate(h.periods, start=1):
            sh.text(r, c, period_label(p), f["header_num"])
            sh.min_width(c, 12)
        first = r + 1
        rows.at[key] = {}
        for i, x in enumerate(h.lines):
            rows.at[key][x.line] = first + i
            by_period = values(x, h.periods)
            for c, p in enumerate(h.periods, start=1):
                if key == "net_variance" and p in by_period:  # live: the blocks above add up to it
                    parts = [cell(rows.row(b, x.line), c) for b in ("outturn", "budget", "earmark_drawn")]
                    sh.formula(first + i, c, f"={parts[0]}-{parts[1]}-{parts[2]}", by_period[p], f["money"])
                elif key == "movement" and p in by_period:
                    before = _period_before(x.net_variance, h.periods, p)
                    ref = rows.row("net_variance", x.line)
                    sh.formula(first + i, c, f"={cell(ref, c)}-{cell(ref, before)}", by_period[p], f["money"])
                else:
                    sh.number(first + i, c, by_period.get(p), f["money"])
            sh.text(first + i, 0, x.line, f["text"])
        total = first + len(h.lines)
        rows.at[key][TOTAL] = total
        sh.text(total, 0, f"Total {h.service}", f["text_total"])
        by_period = values(h.total, h.periods)
        for c, p in enumerate(h.periods, start=1):
            if p in by_period:
                sh.formula(total, c, f"=SUM({col_range(first, total - 1, c)})", by_period[p], f["money_total"])
            else:
                sh.blank(total, c, f["money_total"])
        r = total + 3
    sh.ws.set_h_pagebreaks(headings[2::2])  # two tables a page, none cut in two (for a service of few lines)
    sh.freeze(rows.header["budget"] + 1, 1)
    sh.cap_width(0, 45)
    sh.fit_columns()
    sh.page_setup(None, f"{h.authority}: the forecast by period")
    return rows


def _period_before(values: dict[int, float], periods: Sequence[int], period: int) -> int:
    """The column of the last period before ``period`` that has a value."""
    present = [c for c, p in enumerate(periods, start=1) if p in values and p < period]
    return present[-1]


def _write_charts(workbook: Workbook, sh: Sheet, f: Formats, h: History, rows: _Rows) -> None:
    table = "History"
    sh.text(0, 0, f"The forecast outturn by period against the budget ({h.units})", f["title"], fit=False)
    charted = [(f"Total {h.service}", TOTAL)] + [(x.line, x.line) for x in h.lines if x.material]
    last = len(h.periods)
    header = rows.header["outturn"]
    categories = [table, header, 1, header, last]
    for i, (name, key) in enumerate(charted):
        chart = workbook.add_chart({"type": "line"})
        for block, label, colour, dash in (
            ("outturn", "Forecast outturn", OUTTURN_COLOUR, "solid"),
            ("budget", "Budget", BUDGET_COLOUR, "dash"),
        ):
            r = rows.row(block, key)
            chart_series(chart, {
                "name": label,
                "categories": categories,
                "values": [table, r, 1, r, last],
                "line": {"color": colour, "width": 2.25, "dash_type": dash},
                "marker": {"type": "circle" if block == "outturn" else "none", "size": 6,
                           "fill": {"color": colour}, "border": {"color": colour}},
            })
        chart_title(chart, {"name": name, "name_font": {"size": 11, "bold": True}})
        chart.set_legend({"position": "bottom"})
        chart.set_y_axis({"num_format": "#,##0", "min": 0, "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}}})
        chart.set_x_axis({"label_position": "low"})
        chart.show_blanks_as("span")
        chart.set_chartarea({"border": {"none": True}})
        description = (
            f"Line chart of {name}: the forecast outturn at each period reported "
            f"({', '.join(period_label(p) for p in h.periods)}) against the budget, in {h.units}."
        )
        sh.chart(2 + (i // 2) * CHART_ROWS, (i % 2) * 9, chart, description, 520, 280)
    # two rows of charts a page: a chart is never cut in two when printed
    pairs = (len(charted) + 1) // 2
    sh.page_setup(None, f"{h.authority}: the forecast by period",
                  breaks=[2 + k * CHART_ROWS for k in range(2, pairs, 2)])


def _write_accuracy(workbook: Workbook, sh: Sheet, f: Formats, h: History, rows: _Rows) -> None:
    accuracy = h.accuracy
    assert accuracy is not None
    final_c = h.periods.index(FINAL_PERIOD) + 1
    sh.text(0, 0, f"How the forecast converged: error against the Month {FINAL_PERIOD} outturn", f["title"])
    sh.text(1, 0, f"Figures in {h.units}; error = forecast outturn in the period − outturn at Month "
                  f"{FINAL_PERIOD} (positive: the forecast was too high).", f["note"], fit=False)
    top = 3
    sh.text(top, 0, "", f["header"])
    for c, p in enumerate(h.periods, start=1):
        sh.text(top, c, period_label(p), f["header_num"])
        sh.min_width(c, 12)
    outturn_r, error_r, pct_r = top + 1, top + 2, top + 3
    history_row = rows.row("outturn", TOTAL)
    sh.text(outturn_r, 0, "Total forecast outturn", f["text"])
    sh.text(error_r, 0, "Error", f["text"])
    sh.text(pct_r, 0, "Percentage error", f["text"])
    for c, p in enumerate(h.periods, start=1):
        sh.formula(outturn_r, c, f"=History!{cell(history_row, c)}", h.total.outturn[p], f["money"])
        final = cell(outturn_r, final_c, absolute=True)
        sh.formula(error_r, c, f"={cell(outturn_r, c)}-{final}", accuracy.errors[p], f["money"])
        pct = accuracy.pct_errors[p]
        if pct is None:
            sh.blank(pct_r, c, f["pct"])
        else:
            sh.formula(pct_r, c, f"={cell(error_r, c)}/{final}", pct, f["pct"])
    mape_r = pct_r + 1
    sh.text(mape_r, 0, f"Mean absolute percentage error (periods before Month {FINAL_PERIOD})", f["text_total"])
    earlier = [c for c, p in enumerate(h.periods, start=1) if p < FINAL_PERIOD]
    if accuracy.mean_abs_pct_error is not None and earlier:
        span = f"{cell(pct_r, earlier[0])}:{cell(pct_r, earlier[-1])}"
        sh.formula(mape_r, 1, f"=SUMPRODUCT(ABS({span}))/COUNT({span})", accuracy.mean_abs_pct_error, f["pct_total"])
    else:
        sh.text(mape_r, 1, "n/a", f["text_total"])

    lines_top = mape_r + 3
    sh.text(lines_top - 1, 0, f"Error by line ({h.units})", f["heading"], fit=False)
    sh.text(lines_top, 0, "Line", f["header"])
    for c, p in enumerate(h.periods, start=1):
        sh.text(lines_top, c, period_label(p), f["header_num"])
    r = lines_top + 1
    for x in h.lines:
        errors = accuracy.line_errors.get(x.line)
        if errors is None:
            continue
        sh.text(r, 0, x.line, f["text"])
        source = rows.row("outturn", x.line)
        for c, p in enumerate(h.periods, start=1):
            if p in errors:
                formula = f"=History!{cell(source, c)}-History!{cell(source, final_c, absolute=True)}"
                sh.formula(r, c, formula, errors[p], f["money"])
        r += 1

    chart = workbook.add_chart({"type": "column"})
    chart_series(chart, {
        "name": "Percentage error",
        "categories": [sh.name, top, 1, top, len(h.periods)],
        "values": [sh.name, pct_r, 1, pct_r, len(h.periods)],
        "fill": {"color": ERROR_COLOUR},
        "gap": 80,
        "data_labels": {"value": True, "num_format": "0.0%"},
    })
    chart_title(chart, {"name": f"Forecast error against the Month {FINAL_PERIOD} outturn",
                     "name_font": {"size": 11, "bold": True}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}}})
    chart.set_x_axis({"label_position": "low"})
    chart.set_chartarea({"border": {"none": True}})
    description = (
        f"Column chart of each period's forecast error as a share of the Month {FINAL_PERIOD} outturn: "
        "how the forecast converged over the year."
    )
    sh.chart(r + 2, 0, chart, description, 620, 300)
    sh.freeze(top + 1, 1)
    sh.cap_width(0, 50)
    sh.fit_columns()
    # the chart on a page of its own, never cut in two
    sh.page_setup(None, f"{h.authority}: forecast accuracy", breaks=[r + 1])


def _write_actions(sh: Sheet, f: Formats, h: History) -> None:
    """Issue 24: each improvement plan section's RAG by period, as text and colour (blank: no plan that period)."""
    sh.text(0, 0, "How each section of the improvement plan moved: its RAG by period", f["title"], fit=False)
    sh.text(1, 0, "A section's RAG is its worst action's (red: off track or overdue; amber: at risk, or not started "
                  "and due within three months; green otherwise), each period's from its own workbook.",
            f["note"], fit=False)
    top = 3
    sh.text(top, 0, "Section", f["header"])
    for c, p in enumerate(h.periods, start=1):
        sh.text(top, c, period_label(p), f["header_center"])
        sh.min_width(c, 12)
    for i, section in enumerate(h.sections, start=top + 1):
        sh.text(i, 0, section, f["text_wrap"])
        for c, p in enumerate(h.periods, start=1):
            rag = h.actions.get(p, {}).get(section)
            if rag is None:
                sh.blank(i, c, f["text_center"])
            else:
                sh.text(i, c, rag.capitalize(), f.rag(rag))
    sh.freeze(top + 1, 1)
    sh.set_width(0, 50)
    sh.fit_columns()
    sh.page_setup(None, f"{h.authority}: the improvement plan by period")

