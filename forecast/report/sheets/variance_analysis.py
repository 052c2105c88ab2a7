"""Variance Analysis: the narrative, the bridge of the net variance, and a waterfall chart.

The waterfall is the stacked-column trick: an invisible base series lifts
each visible step to where the running total stands. Its chart data sit
below the table as formulas over the bridge, so the chart follows the
figures; bars that cross zero are split above and below the axis. The
running totals and the split are the engine's (``Results.waterfall``).
"""

from __future__ import annotations

import math

from forecast.engine.results import Results, WaterfallBar
from forecast import theme
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.bridge_words import bridge_label, bridge_labels
from forecast.report.context import Context, as_at
from forecast.report.grid import Sheet, chart_series, chart_title, cell, lines_needed, quote_sheet
from forecast.report.narrative import narrative

NAME = sheet_name(__name__)
_CHART_NOTE = "Red bars add to the overspend, green bars reduce it; the blue bar is the net variance."
_ZERO = 1e-9  # steps smaller than this are left out of the chart (kept in the table)
_NARRATIVE_ROW = 5
_HEADER_ROW = 7
_LABEL_WIDTH = 70
_AMOUNT_WIDTH = 14
_CHART_COLUMNS = (
    "Step",
    "Amount",
    "Start",
    "End",
    "Base",
    "Above zero",
    "Below zero",
    "Adverse",
    "Favourable",
    "Net variance",
    "Adverse below zero",
    "Favourable below zero",
    "Net variance below zero",
)
_COLOURS = {"Adverse": theme.CHART_ADVERSE, "Favourable": theme.CHART_FAVOURABLE, "Net variance": theme.CHART_PRIMARY}


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(results.variance_bridge)


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    ctx.title_block(sh, f"Variance analysis – {s.service}", ctx.sign_note())

    text = narrative(r)
    # One wide wrapped cell, never merged cells (a screen reader reads a merged area badly).
    sh.text(_NARRATIVE_ROW, 0, text, f["narrative"], fit=False)
    sh.set_height(_NARRATIVE_ROW, 13.5 * (lines_needed(text, _LABEL_WIDTH * 1.2) + 1))
    sh.keep_together(_NARRATIVE_ROW, _NARRATIVE_ROW)

    sh.text(_HEADER_ROW, 0, "Explanation", f["header"])
    sh.text(_HEADER_ROW, 1, f"Amount\n{ctx.units}", f["header_num"])
    first = _HEADER_ROW + 1
    drawn = ctx.cells.get(keys.revenue_total("earmark_drawn"))
    for i, item in enumerate(r.variance_bridge):
        sh.text(first + i, 0, bridge_label(item, r), f["text_wrap"])
        if item.key == "earmarked" and drawn is not None:
            # rev 3: the earmarks as drawn, live from the Revenue Summary's total (the step takes them off)
            sh.formula(first + i, 1, f"=-{drawn}" if ctx.sign == 1 else f"={drawn}", ctx.sign * item.amount,
                       f["money"])
        else:
            sh.number(first + i, 1, ctx.sign * item.amount, f["money"])
    last = first + len(r.variance_bridge) - 1
    total_row = last + 1
    sh.text(total_row, 0, "Net variance", f["text_total"])
    sh.formula(
        total_row, 1, f"=SUM({cell(first, 1)}:{cell(last, 1)})", ctx.sign * r.totals.net_variance, f["money_total"]
    )
    ctx.cells.put(keys.VARIANCE_TOTAL, sh, total_row, 1, ctx.sign)
    sh.table(_HEADER_ROW, total_row)

    chart_row = total_row + 3
    sh.text(chart_row - 1, 0, _CHART_NOTE, f["note"], fit=False)
    steps = len(_charted(r))
    chart_rows = math.ceil(max(300, 24 * steps + 110) / 20)  # default rows are 20 pixels high
    data_top = chart_row + chart_rows + 2
    _chart(ctx, sh, first, chart_row, chart_rows, data_top)

    sh.set_width(0, _LABEL_WIDTH)
    sh.set_width(1, _AMOUNT_WIDTH)
    for c in range(2, len(_CHART_COLUMNS)):
        sh.set_width(c, 11)
    sh.fit_columns()
    sh.freeze(_HEADER_ROW + 1, 0)
    # the chart data below the chart are working cells: outside the printed page
    ctx.page_setup(sh, (_HEADER_ROW, _HEADER_ROW), f"{s.authority}: {NAME}, {as_at(r)}", print_area=(chart_row - 1, 1))


def _charted(results: Results) -> list[tuple[int, WaterfallBar]]:
    """(index in the table, bar) for the bars drawn: the steps that are not zero, then the net variance.

    The table's row index of the net variance is one past the last step.
    """
    steps = len(results.variance_bridge)
    bars = list(enumerate(results.waterfall))
    return [(i, bar) for i, bar in bars if i == steps or abs(bar.amount) > _ZERO]


def _shown(bar: WaterfallBar, sign: int) -> WaterfallBar:
    """The bar as the layout's sign convention draws it: flipped, its parts above and below zero swap."""
    if sign == 1:
        return bar
    return WaterfallBar(
        bar.key, bar.label, -bar.amount, -bar.start, -bar.end, -bar.base, -bar.below_zero, -bar.above_zero
    )


def _chart(ctx: Context, sh: Sheet, first: int, chart_row: int, chart_rows: int, data_top: int) -> None:
    """The waterfall chart under the table, and its data (formulas) below the printed area."""
    f = ctx.formats
    r = ctx.results
    sh.text(
        data_top - 1, 0, "Chart data (drives the waterfall chart; formulas over the table above)", f["note"], fit=False
    )
    for c, heading in enumerate(_CHART_COLUMNS):
        sh.text(data_top, c, heading, f["chart_header"], fit=False)
    bars = _charted(r)
    labels = bridge_labels(r)  # once a sheet: it reads every line (the chart has a row a line)
    any_below = False
    for n, (i, bar) in enumerate(bars):
        any_below = any_below or _shown(bar, ctx.sign).below_zero < 0
        _chart_row(ctx, sh, data_top + 1 + n, first + i, bar, i == len(r.variance_bridge), n == 0, labels)
    last = data_top + len(bars)
    # Horizontal bars: the step labels are long and read better down the side.
    chart = ctx.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    name = quote_sheet(NAME)

    def series(col: int, title: str, colour: str | None) -> None:
        spec: dict[str, object] = {
            "name": title,
            "categories": f"={name}!{cell(data_top + 1, 0, True)}:{cell(last, 0, True)}",
            "values": f"={name}!{cell(data_top + 1, col, True)}:{cell(last, col, True)}",
            "gap": 60,
        }
        if colour is None:
            spec.update({"fill": {"none": True}, "border": {"none": True}})
        else:
            spec.update({"fill": {"color": colour}, "border": {"none": True}})
        chart_series(chart, spec)

    series(4, "Base", None)
    for col, title in ((7, "Adverse"), (8, "Favourable"), (9, "Net variance")):
        series(col, title, _COLOURS[title])
    if any_below:  # the parts of bars below the axis, in the same colours
        for col, title in ((10, "Adverse"), (11, "Favourable"), (12, "Net variance")):
            series(col, title, _COLOURS[title])
    chart_title(chart, {"name": f"Net variance bridge ({ctx.units})", "name_font": {"size": 11, "bold": True}})
    # No legend (viewers disagree on which entries delete_series hides): a note above the chart explains the colours.
    chart.set_legend({"none": True})
    # In a bar chart XlsxWriter's y axis is the (vertical) category axis: first step at the top,
    # and the value axis crossing at the last category keeps its labels at the bottom.
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 8}, "label_position": "low"})
    chart.set_x_axis(
        {
            "num_format": ctx.layout.formats["money"],
            "num_font": {"size": 8},
            "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}},
        }
    )
    chart.set_chartarea({"border": {"none": True}})
    sh.chart(
        chart_row, 0, chart, _alt_text(ctx), 7 * (_LABEL_WIDTH + _AMOUNT_WIDTH) + 4, 20 * chart_rows, caption_rows=1
    )


def _alt_text(ctx: Context) -> str:
    """What the waterfall shows, in words: the net variance and the steps that move it most."""
    r = ctx.results
    steps = sorted(r.variance_bridge, key=lambda item: -abs(item.amount))[:4]
    parts = "; ".join(f"{bridge_label(item, r)} {ctx.sign * item.amount:,.0f}" for item in steps if abs(item.amount) >= 0.5)
    return (
        f"Waterfall chart of the table above: the steps from zero to the net variance of "
        f"{ctx.sign * r.totals.net_variance:,.0f} ({ctx.units}). Largest steps: {parts}."
    )


def _chart_row(
    ctx: Context, sh: Sheet, at: int, source_row: int, bar: WaterfallBar, is_total: bool, first: bool,
    labels: dict[str, str],
) -> None:
    """One bar's chart data, as formulas over the table and the row above, in the layout's sign."""
    f = ctx.formats
    money = f["chart_data"]
    adverse = bar.amount > 0  # engine sign: adds to the overspend
    bar = _shown(bar, ctx.sign)
    sh.text(at, 0, labels.get(bar.key, bar.label), f["note"], fit=False)
    a, s_, e = cell(at, 1), cell(at, 2), cell(at, 3)
    sh.formula(at, 1, f"={cell(source_row, 1)}", bar.amount, money)
    if is_total or first:
        sh.number(at, 2, bar.start, money)
    else:
        sh.formula(at, 2, f"={cell(at - 1, 3)}", bar.start, money)
    sh.formula(at, 3, f"={a}" if is_total else f"={s_}+{a}", bar.end, money)
    lo_f, hi_f = f"MIN({s_},{e})", f"MAX({s_},{e})"
    sh.formula(at, 4, f"=IF({lo_f}>=0,{lo_f},IF({hi_f}<=0,{hi_f},0))", bar.base, money)
    sh.formula(at, 5, f"=IF({lo_f}>=0,{hi_f}-{lo_f},MAX({hi_f},0))", bar.above_zero, money)
    sh.formula(at, 6, f"=IF({hi_f}<=0,{lo_f}-{hi_f},MIN({lo_f},0))", bar.below_zero, money)
    above_ref, below_ref = cell(at, 5), cell(at, 6)
    above, below = bar.above_zero, bar.below_zero
    for col, src, src_value, kind in (
        (7, above_ref, above, "adverse"),
        (8, above_ref, above, "favourable"),
        (9, above_ref, above, "total"),
        (10, below_ref, below, "adverse"),
        (11, below_ref, below, "favourable"),
        (12, below_ref, below, "total"),
    ):
        mine = (kind == "total") == is_total and (is_total or (kind == "adverse") == adverse)
        if mine:
            sh.formula(at, col, f"={src}", src_value, money)
        else:
            sh.number(at, col, 0.0, money)
