"""Benchmark: the authority against its ten statistical neighbours on the DfE's published figures (§10).

Written after the MTFP when Settings ``la_code`` is given. From the top:
- one row per indicator in its latest published year: the authority's published figure, its own figure
  now from the inputs, the neighbours' mean, min and max and its rank among itself and its neighbours
  (live formulas over the table below, their values cached), its region, England, the year and source;
- the key to the DfE's suppression marks and what "now" means;
- the authority and each neighbour, every indicator (the table the formulas read);
- a chart of children looked after per 10,000, the authority against each neighbour, beside its data;
- the sources and the Open Government Licence line.

Rates are written as fractions shown as percentages (the DfE publishes 7.4 for 7.4%); a suppressed
figure is the text "not published (x)" with the DfE's mark, never 0, and is left out of every formula.
Chart titles and series names are literal text (``grid.chart_title``, ``grid.chart_series``).
"""

from __future__ import annotations

import textwrap

from forecast.engine.benchmark import INDICATORS, BenchmarkResult, IndicatorResult
from forecast.engine.results import Results
from forecast.inputs.benchmark_tables import MARKS
from forecast import theme
from forecast.report.analyses import Analyses
from forecast.report.benchmark_report import SHORT_NAMES
from forecast.report.context import Context
from forecast.report.grid import Sheet, cell, chart_series, chart_title, col_range
from forecast.report.registry import sheet_name

NAME = sheet_name(__name__)
TOP = 5  # the indicators table's header row, below the title block
_GAP = 2
_CHART_ROWS = 20  # rows the chart (300 px) covers
_YEAR_COL, _SOURCE_COL = 10, 11  # outputs.md's order: ... region, England, year and source
_WIDTHS = {0: 40.0, _SOURCE_COL: 48.0}
_NOTE_CHARS = 150  # characters of a note row: it wraps inside the tables' width, never widens the page


def wanted(results: Results, analyses: Analyses) -> bool:
    return getattr(results, "benchmark", None) is not None


def write(ctx: Context) -> None:
    result = ctx.results.benchmark
    assert result is not None
    write_benchmark(ctx, result)


def scale(indicator_id: str) -> float:
    """Cell value per published unit: the DfE's percentages are written as fractions (7.4 → 0.074)."""
    return 0.01 if INDICATORS[indicator_id][1] == "%" else 1.0


def _style(indicator_id: str) -> str:
    return {"%": "rate", "per 10,000": "whole", "£": "unit_cost"}.get(INDICATORS[indicator_id][1], "fte")


def not_published(mark: str | None) -> str:
    """What a cell shows for a figure the DfE did not publish: its mark, never 0."""
    return f"not published ({mark})" if mark else "not published"


def _figure(ctx: Context, sh: Sheet, row: int, col: int, indicator_id: str, value: float | None,
            mark: str | None) -> None:
    f = ctx.formats
    if value is None:
        sh.text(row, col, not_published(mark), f["text_right"])
    else:
        sh.number(row, col, value * scale(indicator_id), f.named(_style(indicator_id)))


def _why_no_own(results: Results, indicator_id: str) -> str:
    """Why the inputs give no figure of their own for an indicator."""
    if indicator_id == "spend_per_child":
        return "not from the inputs"
    if indicator_id == "cla_per_10k":
        if getattr(results.settings, "child_population", None) is None:
            return "needs child_population"
        return "no Placements rows"
    if indicator_id == "caseload":
        return "no cases on Staffing"
    return "no Staffing rows"


def write_benchmark(ctx: Context, result: BenchmarkResult) -> Sheet:
    f = ctx.formats
    r = ctx.results
    sh = Sheet(ctx.workbook, NAME)
    ctx.title_block(
        sh,
        f"{NAME} – {r.settings.service}",
        f"{result.la_name} ({result.la_code}, {result.ons_code}, {result.region_name}) against its ten statistical "
        "neighbours on the DfE's published figures, each in its latest published year. Rank 1 = highest.",
    )
    for col, width in _WIDTHS.items():
        sh.set_width(col, width)
    indicators = result.indicators
    first = TOP + 1
    last = TOP + len(indicators)
    notes = [part for note in _notes(r, result) for part in textwrap.wrap(note, _NOTE_CHARS, break_on_hyphens=False)]
    table_title = last + 1 + len(notes) + _GAP
    table_head = table_title + 1
    own_row = table_head + 1  # the authority, then its neighbours
    neighbour_rows = (own_row + 1, own_row + len(result.neighbours))
    column = {i.id: 2 + k for k, i in enumerate(indicators)}

    # -- the indicators ---------------------------------------------------------------------------
    headings = ("Indicator", f"{result.la_name} published", f"{result.la_name} now (inputs)", "Neighbours' mean",
                "Neighbours' min", "Neighbours' max", "Rank (1 = highest)", "Of", result.region_name, "England",
                "Year", "Source")
    for c, heading in enumerate(headings):
        style = "header" if c in (0, _SOURCE_COL) else "header_center" if c == _YEAR_COL else "header_num"
        sh.text(TOP, c, heading, f.named(style))
    for k, i in enumerate(indicators):
        row = first + k
        values = col_range(*neighbour_rows, column[i.id])
        sh.text(row, 0, i.indicator[0].upper() + i.indicator[1:], f["text_wrap"])
        _figure(ctx, sh, row, 1, i.id, i.value, i.mark)
        if i.own is None:
            sh.text(row, 2, _why_no_own(r, i.id), f["text_right"])
        else:
            sh.number(row, 2, i.own * scale(i.id), f.named(_style(i.id)))
        _neighbour_formulas(ctx, sh, row, i, values)
        _figure(ctx, sh, row, 8, i.id, i.region, i.region_mark)
        _figure(ctx, sh, row, 9, i.id, i.england, i.england_mark)
        sh.text(row, _YEAR_COL, str(i.year), f["text_center"])
        sh.text(row, _SOURCE_COL, i.source, f["text_wrap"])
    sh.table(TOP, last)
    for n, note in enumerate(notes):
        sh.text(last + 1 + n, 0, note, f["note"], fit=False)

    # -- the authority and its neighbours ----------------------------------------------------------
    sh.text(table_title, 0, f"{result.la_name} and its statistical neighbours, closest first: each indicator's "
            "latest published year", f["heading"], fit=False)
    sh.text(table_head, 0, "Authority", f["header"])
    sh.text(table_head, 1, "DfE code", f["header_num"])
    for i in indicators:
        sh.text(table_head, column[i.id], f"{SHORT_NAMES[i.id]}\n{i.year}", f["header_num"])
    names = [(result.la_name, result.la_code)] + [(n.la_name, n.la_code) for n in result.neighbours]
    for k, (name, code) in enumerate(names):
        row = own_row + k
        sh.text(row, 0, name, f["text_bold" if k == 0 else "text"])
        sh.text(row, 1, code, f["text_right"])
        for i in indicators:
            published = i.comparisons[k]
            assert published.la_code == code
            _figure(ctx, sh, row, column[i.id], i.id, published.value, published.mark)
    table_last = own_row + len(names) - 1
    sh.table(table_head, table_last, title_rows=1)

    below = table_last + 1 + _GAP
    cla = next((i for i in indicators if i.id == "cla_per_10k"), None)
    if cla is not None:
        below = _chart(ctx, sh, below, result, cla)
    below = _sources(ctx, sh, below, result)

    sh.fit_columns(minimum=9)
    sh.freeze(TOP + 1, 1)
    ctx.page_setup(sh, (TOP, TOP), f"{r.settings.authority}: {NAME}")
    return sh


def _neighbour_formulas(ctx: Context, sh: Sheet, row: int, i: IndicatorResult, values: str) -> None:
    """Mean, min, max, rank and how many were ranked: live formulas over the neighbours' column."""
    f = ctx.formats
    style = f.named(_style(i.id))
    k = scale(i.id)
    if i.sn_count and i.sn_mean is not None and i.sn_min is not None and i.sn_max is not None:
        sh.formula(row, 3, f"=AVERAGE({values})", i.sn_mean * k, style)
        sh.formula(row, 4, f"=MIN({values})", i.sn_min * k, style)
        sh.formula(row, 5, f"=MAX({values})", i.sn_max * k, style)
    else:
        for c in (3, 4, 5):
            sh.text(row, c, "none published", f["text_right"])
    if i.rank is not None:
        own = cell(row, 1)
        # text ("not published") is left out: a text cell compares above any number
        sh.formula(row, 6, f"=1+SUMPRODUCT(ISNUMBER({values})*({values}>{own}))", float(i.rank), f["count_whole"])
        sh.formula(row, 7, f"=COUNT({values})+1", float(i.ranked_of), f["count_whole"])
    else:
        sh.text(row, 6, "no figure", f["text_right"])
        sh.formula(row, 7, f"=COUNT({values})", float(i.ranked_of), f["count_whole"])


def _notes(results: Results, result: BenchmarkResult) -> list[str]:
    marks = sorted({m for i in result.indicators for c in i.comparisons for m in (c.mark,) if m}
                   | {m for i in result.indicators for m in (i.region_mark, i.england_mark) if m})
    roles = getattr(results.settings, "benchmark_roles", None) or ""
    counted = f"the Staffing rows of roles {roles.strip()}" if roles.strip() else "every Staffing row"
    notes = [
        "Neighbours' mean, min and max are of the neighbours with a published figure; rank counts the authority and "
        "those neighbours (1 = highest, ties share the better rank). A figure not published is never counted as 0.",
        "Now: this workbook's own figures today, as the DfE defines them: children in the Placements rows per "
        f"10,000 children aged 0-17 (Settings child_population); agency, vacancy (a post covered by agency counts as "
        f"vacant) and turnover rates and caseload per FTE from {counted}.",
    ]
    turnover = next((i for i in result.indicators if i.id == "turnover_rate"), None)
    if turnover is not None and turnover.own == 0:
        notes.append("Turnover now is 0.0%: no Staffing row counted gives a turnover (a blank turnover is 0).")
    if marks:
        notes.append("The DfE's marks: " + "; ".join(f"{m} = {MARKS[m]}" for m in marks) + ".")
    notes += [f"{i.indicator[0].upper()}{i.indicator[1:]}: {result.la_name}'s figure is the DfE's joint figure "
              f"for {i.joint}." for i in result.indicators if i.joint]
    notes += sorted({i.note for i in result.indicators if i.note})
    return notes


def _chart(ctx: Context, sh: Sheet, top: int, result: BenchmarkResult, cla: IndicatorResult) -> int:
    """Children looked after per 10,000: a bar for the authority and each neighbour, beside its data."""
    f = ctx.formats
    title = (f"Children looked after per 10,000 children, 31 March {cla.year}: {result.la_name} and its "
             "statistical neighbours")
    sh.text(top, 0, title, f["heading"], fit=False)
    head = top + 1
    sh.text(head, 0, "Authority", f["header"])
    sh.text(head, 1, "Per 10,000", f["header_num"])
    sh.text(head, 2, "Note", f["header_num"])
    rows = cla.comparisons
    for k, c in enumerate(rows):
        row = head + 1 + k
        sh.text(row, 0, c.la_name, f["text_bold" if k == 0 else "text"])
        if c.value is None:  # a blank is a gap in the chart (Excel plots text as 0): the mark beside it
            sh.blank(row, 1, f["whole"])
            sh.text(row, 2, not_published(c.mark), f["text_right"])
        else:
            sh.number(row, 1, c.value, f["whole"])
    end = head + len(rows)
    sh.table(head, end, title_rows=1)
    chart = ctx.workbook.add_chart({"type": "bar"})
    points = [{"fill": {"color": theme.CHART_PRIMARY}}] + [{"fill": {"color": theme.CHART_BASELINE}}] * (len(rows) - 1)
    chart_series(chart, {
        "name": f"Children looked after per 10,000, {cla.year}",
        "categories": [NAME, head + 1, 0, end, 0],
        "values": [NAME, head + 1, 1, end, 1],
        "points": points,
        "data_labels": {"value": True, "num_format": "#,##0"},
        "gap": 60,
    })
    chart_title(chart, {"name": f"Children looked after per 10,000, {cla.year}: {result.la_name} and its "
                                "neighbours", "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({"num_format": "#,##0;(#,##0);-", "min": 0,  # an axis at 0 prints "-", as every zero
                      "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}}})
    chart.set_y_axis({"reverse": True})  # the authority at the top, then its neighbours closest first
    chart.set_legend({"none": True})
    chart.set_chartarea({"border": {"none": True}})
    sh.chart(head, 4, chart, _alt_text(result, cla), 560, 300, caption_rows=1)
    return max(end, head + _CHART_ROWS) + _GAP


def _alt_text(result: BenchmarkResult, cla: IndicatorResult) -> str:
    """What the chart shows, in words: the authority's rate, the neighbours' range, England's."""
    own = "not published" if cla.value is None else f"{cla.value:,.0f}"
    shown = [c for c in cla.comparisons[1:] if c.value is not None]
    spread = ""
    if shown:
        low = min(shown, key=lambda c: c.value or 0.0)
        high = max(shown, key=lambda c: c.value or 0.0)
        spread = f", against its neighbours' {low.value:,.0f} ({low.la_name}) to {high.value:,.0f} ({high.la_name})"
    missing = len(cla.comparisons) - 1 - len(shown)
    gaps = f"; {missing} neighbour{'s' if missing != 1 else ''} not published" if missing else ""
    england = f"; England {cla.england:,.0f}" if cla.england is not None else ""
    return (f"Bar chart of children looked after per 10,000 children on 31 March {cla.year}: {result.la_name} "
            f"{own}{spread}{gaps}{england}.")


def _sources(ctx: Context, sh: Sheet, top: int, result: BenchmarkResult) -> int:
    f = ctx.formats
    sh.text(top, 0, "Sources", f["heading"], fit=False)
    lines = [f"Statistical neighbours: {result.neighbours_source}"]
    by_source: dict[str, list[str]] = {}
    for i in result.indicators:
        by_source.setdefault(i.source, []).append(SHORT_NAMES[i.id].split(" (")[0].lower())
    for source, named in by_source.items():
        what = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
        lines.append(f"{what[0].upper()}{what[1:]}: {source}")
    lines.append(result.licence)
    lines = [part for line in lines for part in textwrap.wrap(line, _NOTE_CHARS, break_on_hyphens=False)]
    for n, line in enumerate(lines):
        sh.text(top + 1 + n, 0, line, f["note"], fit=False)
    return top + 1 + len(lines)
