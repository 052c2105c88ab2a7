"""Improvement Plan: the plan's sections with their RAG and counts, every action, the money and the measures (§11).

Written after the MTFP when the inputs have an Actions sheet. From the top:
- the sections: RAG (a formula over the counts), green, amber and red (live
  SUMPRODUCT counts over the actions table below), actions and overdue;
- every action: section, action, lead, due, status, RAG as text and colour,
  overdue flagged, the investment it names, its measure's latest value,
  target, direction, target date, projection, met and on course; the RAG key
  with this period's dates under it;
- the linked investments' cost and saving by plan year, one row per action
  that names one (an investment named twice shows twice: its totals are on
  the Investments sheet);
- one small chart per measure with a target: its History months, the target
  and the projection to the target date, beside the figures it is drawn from.

Chart titles come from a cell (the measure's heading), never from a string
XlsxWriter could read as a ``Sheet!A1`` reference; series names are fixed words.

Registered in ``forecast/report/registry.py`` after the MTFP; written when
``Results.actions`` has actions. ``write_plan(ctx, plan)`` writes it from any
``ImprovementPlan``.
"""

from __future__ import annotations

import datetime as _dt

from xlsxwriter.format import Format

from forecast.engine.actions import ActionResult, ImprovementPlan, MeasureResult
from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.inputs.sheets.actions import DOWN
from forecast.names import name_key
from forecast import theme
from forecast.report.analyses import Analyses
from forecast.report.context import Context
from forecast.report.grid import Sheet, cell, col_range, excel_text, lines_needed
from forecast.report.improvement_words import rag_key
from forecast.report.registry import sheet_name

NAME = sheet_name(__name__)
TOP = 5  # the sections table's heading row, below the title block
_GAP = 3
_CHART_ROWS = 17  # rows a measure's chart (260 px) covers
_CHART_COL = 5
_MONTHS_SHOWN = 24  # a measure's chart shows at most its last this many History months

_ACTION_HEADINGS = (
    ("Section", "header"), ("Action", "header"), ("Lead", "header"), ("Due", "header_num"),
    ("Status", "header"), ("RAG", "header_center"), ("Overdue", "header_center"), ("Investment", "header"),
    ("Measure", "header"), ("Latest", "header_num"), ("Target", "header_num"), ("Better", "header"),
    ("Target date", "header_num"), ("Projected", "header_num"), ("Met", "header_center"),
    ("On course", "header_center"),
)
_SECTION_COL, _RAG_COL, _OVERDUE_COL = 0, 5, 6
# Columns that wrap, at fixed widths, so each row's height can be set from its text (LibreOffice wraps sooner
# than the shared estimate in ``Sheet.fit_columns``, which cut a three-line lead): section, action, lead,
# investment, measure
_WIDTHS = {0: 34.0, 1: 45.0, 2: 26.0, 7: 26.0, 8: 22.0}
_CHARS_PER_WIDTH = 1.1  # characters of Arial 10 a unit of column width holds, on the safe side


def _fit_height(sh: Sheet, row: int, texts: dict[int, str]) -> None:
    """Make ``row`` tall enough for its wrapped texts (column → text) at the fixed widths."""
    lines = max((sum(lines_needed(part, _WIDTHS[col] * _CHARS_PER_WIDTH) for part in text.split("\n"))
                 for col, text in texts.items() if text), default=1)
    if lines > 1:
        sh.set_height(row, 12.75 * lines + 2)


def wanted(results: Results, analyses: Analyses) -> bool:
    return results.actions is not None and bool(results.actions.items)


def write(ctx: Context) -> None:
    plan = ctx.results.actions
    assert plan is not None
    write_plan(ctx, plan)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "Yes" if value else "No"


def _text(sh: Sheet, row: int, col: int, value: str, fmt: Format) -> None:
    """Text, or a blank (formatted) cell when there is none: an empty string would be a cell holding ""."""
    if value:
        sh.text(row, col, value, fmt)
    else:
        sh.blank(row, col, fmt)


def write_plan(ctx: Context, plan: ImprovementPlan) -> Sheet:
    """The Improvement Plan sheet for ``plan`` (each measure's months for its chart come with the plan)."""
    f = ctx.formats
    r = ctx.results
    sh = Sheet(ctx.workbook, NAME)
    ctx.title_block(
        sh,
        f"{NAME} – {r.settings.service}",
        f"Progress at {plan.period_end.day} {plan.period_end:%B %Y}, the end of the period reported. "
        f"Money in {ctx.units}; measures in their own units. The RAG key is under the actions.",
    )
    for col, width in _WIDTHS.items():
        sh.set_width(col, width)
    sections, items = plan.sections, plan.items
    # where everything goes, so the section counts can refer to the actions table below them
    sections_total = TOP + len(sections) + 1
    actions_title = sections_total + _GAP
    actions_head = actions_title + 1
    first_action = actions_head + 1
    last_action = first_action + len(items) - 1

    # -- sections ---------------------------------------------------------------------------------
    for c, (heading, style) in enumerate((
        ("Section", "header"), ("RAG", "header_center"), ("Green", "header_num"), ("Amber", "header_num"),
        ("Red", "header_num"), ("Actions", "header_num"), ("Overdue", "header_num"),
    )):
        sh.text(TOP, c, heading, f.named(style))
    sec_abs = f"{cell(first_action, _SECTION_COL, True)}:{cell(last_action, _SECTION_COL, True)}"
    rag_abs = f"{cell(first_action, _RAG_COL, True)}:{cell(last_action, _RAG_COL, True)}"
    overdue_abs = f"{cell(first_action, _OVERDUE_COL, True)}:{cell(last_action, _OVERDUE_COL, True)}"
    for i, s in enumerate(sections):
        row = TOP + 1 + i
        name = cell(row, 0)
        sh.text(row, 0, s.section, f["text_wrap"])
        _fit_height(sh, row, {0: s.section})
        for c, (rag, count) in enumerate((("Green", s.green), ("Amber", s.amber), ("Red", s.red)), start=2):
            sh.formula(row, c, f"=SUMPRODUCT(({sec_abs}={name})*({rag_abs}={excel_text(rag)}))", float(count),
                       f["count_whole"])
        green, amber, red = cell(row, 2), cell(row, 3), cell(row, 4)
        sh.formula(row, 1, f'=IF({red}>0,"Red",IF({amber}>0,"Amber","Green"))', s.rag.capitalize(), f.rag(s.rag))
        sh.formula(row, 5, f"={green}+{amber}+{red}", float(s.actions), f["count_whole"])
        sh.formula(row, 6, f'=SUMPRODUCT(({sec_abs}={name})*({overdue_abs}="Yes"))', float(s.overdue),
                   f["count_whole"])
    sh.text(sections_total, 0, "All sections", f["text_total"])
    _text(sh, sections_total, 1, "", f["text_total"])
    totals = (float(plan.count("green")), float(plan.count("amber")), float(plan.count("red")),
              float(len(items)), float(len(plan.overdue)))
    for c, value in enumerate(totals, start=2):
        sh.formula(sections_total, c, f"=SUM({col_range(TOP + 1, sections_total - 1, c)})", value,
                   f["count_whole_total"])
    sh.table(TOP, sections_total)

    # -- actions ----------------------------------------------------------------------------------
    sh.text(actions_title, 0, "Actions", f["heading"], fit=False)
    for c, (heading, style) in enumerate(_ACTION_HEADINGS):
        sh.text(actions_head, c, heading, f.named(style))
    for i, item in enumerate(items):
        _action_row(ctx, sh, first_action + i, item)
    sh.table(actions_head, last_action, title_rows=1)
    key_top = last_action + 2
    for i, line in enumerate(rag_key(plan)):
        sh.text(key_top + i, 0, line, f["note"], fit=False)
    below = key_top + len(rag_key(plan)) + _GAP - 1

    # -- the linked investments' money --------------------------------------------------------------
    linked = [item for item in items if item.money is not None]
    if linked:
        below = _money_block(ctx, sh, below, linked)

    # -- one chart per measure with a target ----------------------------------------------------------
    charted: set[str] = set()
    for item in items:
        measure = item.row.measure
        if measure is None or item.row.target is None or name_key(measure) in charted:
            continue
        months = item.measure.points
        if not months:
            continue
        charted.add(name_key(measure))
        below = _measure_chart(ctx, sh, below, item, months[-_MONTHS_SHOWN:])

    sh.min_width(3, 13)  # a due date, clear of the status beside it
    sh.fit_columns(minimum=9)
    sh.freeze(TOP + 1, 1)
    ctx.page_setup(sh, (actions_head, actions_head), f"{r.settings.authority}: {NAME}")
    return sh


def _action_row(ctx: Context, sh: Sheet, row: int, item: ActionResult) -> None:
    f = ctx.formats
    a, m = item.row, item.measure
    sh.text(row, 0, item.section, f["text_wrap"])
    sh.text(row, 1, a.action, f["text_wrap"])
    _text(sh, row, 2, a.lead, f["text_wrap"])
    sh.date(row, 3, a.due, f["date"])
    sh.text(row, 4, a.status.capitalize(), f["text_indent"])
    sh.text(row, 5, item.rag.capitalize(), f.rag(item.rag))
    sh.text(row, 6, "Yes" if item.overdue else "No", f.rag("red") if item.overdue else f["text_center"])
    _text(sh, row, 7, a.investment or "", f["text_wrap"])
    _text(sh, row, 8, a.measure or "", f["text_wrap"])
    _fit_height(sh, row, {0: item.section, 1: a.action, 2: a.lead, 7: a.investment or "", 8: a.measure or ""})
    _measure_cells(ctx, sh, row, item, m)


def _measure_cells(ctx: Context, sh: Sheet, row: int, item: ActionResult, m: MeasureResult) -> None:
    f = ctx.formats
    a = item.row
    if a.measure is not None and m.latest is None:
        sh.text(row, 9, "not in History", f["text_right"])
    else:
        sh.number(row, 9, m.latest, f["fte"])
    sh.number(row, 10, a.target, f["fte"])
    _text(sh, row, 11, ("lower" if a.direction == DOWN else "higher") if a.target is not None else "", f["text_indent"])
    if a.target_date is not None and a.target is not None:
        sh.date(row, 12, a.target_date, f["date"])
    sh.number(row, 13, m.projected, f["fte"])
    _text(sh, row, 14, _yes_no(m.met), f["text_center"])
    _text(sh, row, 15, _yes_no(m.on_course), f["text_center"])


def _money_block(ctx: Context, sh: Sheet, top: int, linked: list[ActionResult]) -> int:
    """Each linked action's investment cost and saving by plan year; returns the row below it."""
    f = ctx.formats
    years = ctx.results.years
    sh.text(top, 0, f"The investments the actions name: cost and saving by year ({ctx.units})", f["heading"],
            fit=False)
    head = top + 1
    sh.text(head, 0, "Action", f["header"])
    sh.text(head, 1, "Investment", f["header"])
    for t, year in enumerate(years):
        sh.text(head, 2 + t, f"Cost\n{fy_label(year)}", f["header_num"])
        sh.text(head, 2 + len(years) + t, f"Saving\n{fy_label(year)}", f["header_num"])
    for i, item in enumerate(linked):
        row = head + 1 + i
        money = item.money
        assert money is not None
        sh.text(row, 0, item.row.action, f["text_wrap"])
        sh.text(row, 1, item.row.investment or "", f["text_wrap"])
        _fit_height(sh, row, {0: item.row.action, 1: item.row.investment or ""})
        for t in range(len(years)):
            sh.number(row, 2 + t, money.cost[t] if t < len(money.cost) else 0.0, f["money"])
            sh.number(row, 2 + len(years) + t, money.saving[t] if t < len(money.saving) else 0.0, f["money"])
    last = head + len(linked)
    sh.table(head, last, title_rows=1)
    sh.text(last + 1, 0, "An investment named by more than one action shows against each; the Investments sheet has "
            "its totals and funding.", f["note"], fit=False)
    return last + 1 + _GAP


def _serial(day: _dt.date) -> int:
    return (day - _dt.date(1899, 12, 30)).days


def _measure_chart(
    ctx: Context, sh: Sheet, top: int, item: ActionResult, months: tuple[tuple[_dt.date, float], ...]
) -> int:
    """A measure's months, target and projection as a small table with its chart beside it; the row below both."""
    f = ctx.formats
    a, m = item.row, item.measure
    assert a.measure is not None and a.target is not None
    better = "lower is better" if a.direction == DOWN else "higher is better"
    sh.text(top, 0, f"{a.measure}: latest, target and projection", f["heading"], fit=False)  # the chart's title
    head = top + 1
    for c, heading in enumerate(("Month", "Actual", "Target", "Projection")):
        sh.text(head, c, heading, f["header" if c == 0 else "header_num"])
    row = head + 1
    for month, value in months:
        sh.date(row, 0, month, f["month"])
        sh.number(row, 1, value, f["fte"])
        sh.number(row, 2, a.target, f["fte"])
        row += 1
    last_actual = row - 1
    end = last_actual
    if a.target_date is not None and m.latest_month is not None and a.target_date > m.latest_month:
        if m.projected is not None:  # the projection starts at the latest value, so the lines join
            sh.number(last_actual, 3, m.latest, f["fte"])
        sh.date(row, 0, a.target_date, f["month"])
        sh.number(row, 2, a.target, f["fte"])
        sh.number(row, 3, m.projected, f["fte"])
        end = row
        row += 1
    sh.table(head, end, title_rows=1)

    chart = ctx.workbook.add_chart({"type": "scatter", "subtype": "straight"})

    def series(name: str, col: int, first: int, last: int, colour: str, dash: str | None, marker: bool) -> None:
        line: dict[str, object] = {"color": colour, "width": 1.75}
        if dash:
            line["dash_type"] = dash
        chart.add_series({
            "name": [NAME, head, col],  # the fixed heading's cell: a name is never read from input text
            "categories": [NAME, first, 0, last, 0],
            "values": [NAME, first, col, last, col],
            "line": line,
            "marker": {"type": "circle", "size": 4, "fill": {"color": colour}, "border": {"color": colour}}
            if marker else {"type": "none"},
        })

    series("Actual", 1, head + 1, last_actual, theme.CHART_PRIMARY, None, True)
    series("Target", 2, head + 1, end, theme.CHART_BASELINE, "dash", False)
    if m.projected is not None:
        series("Projection", 3, last_actual, end, theme.CHART_ADVERSE, "dash", False)
    chart.set_title({"name": [NAME, top, 0], "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({"num_format": "mmm yy", "min": _serial(months[0][0]),
                      "max": _serial(max(months[-1][0], a.target_date or months[-1][0])),
                      "major_gridlines": {"visible": False}})
    chart.set_y_axis({"num_format": "#,##0;(#,##0);-", "min": 0,  # 0 prints "-", as every figure and the History chart
                      "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}}})
    chart.set_legend({"position": "bottom"})
    chart.set_chartarea({"border": {"none": True}})
    latest = "no value" if m.latest is None else f"{m.latest:,.1f}"
    projection = (f"; projected {m.projected:,.1f} by {a.target_date:%B %Y}, "
                  f"{'on course' if m.on_course else 'not on course'}" if m.projected is not None and a.target_date
                  else "")
    description = (f"Line chart of {a.measure} by month ({len(months)} months of History, {better}): the latest "
                   f"{latest} against a target of {a.target:,.1f}{projection}.")
    sh.chart(head, _CHART_COL, chart, description, 480, 260, caption_rows=1)
    return max(row, head + _CHART_ROWS) + _GAP - 1
