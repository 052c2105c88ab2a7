"""History: each measure's past months, its fitted trend (growth with P10–P90) and a chart of actuals, fit and projection.

The trend is the engine's fit of ln(value) = a + b·m (calculations.md §8).
On the sheet, growth = EXP(12·b) − 1, the P10 and P90 = growth ∓ z·se, and
every fitted or projected value = EXP(a + b·m) are live formulas over the
fit's a, b and standard error, so a reader can see how each number follows.
The projection continues the fitted line to the end of each plan year.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from forecast.engine.results import Results, Trend
from forecast.fy import fy_label
from forecast import theme
from forecast.report.analyses import Analyses
from forecast.report.context import Context
from forecast.report.registry import sheet_name
from forecast.report.grid import Sheet, chart_series, chart_title, cell
from forecast.report.plan_words import trends_used

NAME = sheet_name(__name__)
_HEADER_ROW = 6
_Z = 1.2816  # the standard normal's 90th percentile: P10 and P90 = growth ∓ z × se (calculations.md §8)
_CHART_COL = 6
_CHART_ROWS = 17  # a 320-pixel chart covers about this many rows


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(results.trends or results.untrended)


def months_between(first: _dt.date, later: _dt.date) -> int:
    """Whole calendar months from ``first`` to ``later`` (m in the fit)."""
    return (later.year - first.year) * 12 + later.month - first.month


def fitted(trend: Trend, m: int) -> float:
    """The fitted (or projected) value m months after the window's first month: exp(a + b·m)."""
    return math.exp(trend.a + trend.b * m)


def plan_year_ends(results: Results, after: _dt.date) -> list[tuple[_dt.date, str]]:
    """The last month (March) of each plan year later than ``after``, labelled with its year."""
    out = []
    for year in results.years:
        march = _dt.date(year + 1, 3, 1)
        if march > after:
            out.append((march, f"end of {fy_label(year)}"))
    return out


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    ctx.title_block(
        sh,
        f"History and trends – {s.service}",
        f"Monthly counts from the History sheet of the inputs, each with its trend over its last {s.trend_months} "
        "months.",
    )
    sh.text(4, 0, "z for P10 and P90", f["text"])
    sh.number(4, 1, _Z, f["plain_number"])
    sh.text(
        5, 0,
        "Trend: ln(value) = a + b × m, m = months since the window's first month; growth a year = "
        "EXP(12 × b) − 1; P10 to P90 = growth ∓ z × its standard error.",
        f["note"], fit=False,
    )
    z = cell(4, 1, True)
    used = {u.trend.measure: u.uses for u in trends_used(r)}
    headings = (
        ("Measure", "header"),
        ("Months used", "header_num"),
        ("First month", "header_num"),
        ("Last month", "header_num"),
        ("Latest value", "header_num"),
        ("Growth a year", "header_num"),
        ("Standard error", "header_num"),
        ("P10", "header_num"),
        ("P90", "header_num"),
        ("Change over the months used", "header_num"),  # rev 3 §8: last / first − 1, not a yearly rate
        ("Sets", "header"),
    )
    for c, (heading, style) in enumerate(headings):
        sh.text(_HEADER_ROW, c, heading, f.named(style))
    top = _HEADER_ROW + len(r.trends) + len(r.untrended) + 3
    breaks = []
    for i, trend in enumerate(r.trends):
        row = _HEADER_ROW + 1 + i
        breaks.append(top)  # each measure prints on a page of its own, its chart never split
        slope = _section(ctx, sh, trend, top)
        growth = cell(row, 5)
        sh.text(row, 0, trend.measure, f["text"])
        sh.number(row, 1, float(trend.months), f["whole"])
        sh.date(row, 2, trend.first_month, f["month"])
        sh.date(row, 3, trend.last_month, f["month"])
        sh.number(row, 4, float(trend.latest), f["whole"])
        sh.formula(row, 5, f"=EXP(12*{slope})-1", float(trend.growth), f["growth"])
        sh.number(row, 6, float(trend.growth_se), f["growth"])
        sh.formula(row, 7, f"={growth}-{z}*{cell(row, 6)}", float(trend.growth_p10), f["growth"])
        sh.formula(row, 8, f"={growth}+{z}*{cell(row, 6)}", float(trend.growth_p90), f["growth"])
        _change(sh, row, trend.change, f)
        sets = used.get(trend.measure)
        sh.text(row, 10, "; ".join(sets) if sets else "shown only (no row asks for its trend)", f["text"])
        top = _section_end(trend, r, top) + 3
    for j, shown in enumerate(r.untrended):  # measures with no trend: their months, and why (never a rate)
        row = _HEADER_ROW + 1 + len(r.trends) + j
        sh.text(row, 0, shown.measure, f["text"])
        sh.number(row, 1, float(shown.months), f["whole"])
        sh.date(row, 2, shown.first_month, f["month"])
        sh.date(row, 3, shown.last_month, f["month"])
        sh.number(row, 4, float(shown.latest), f["whole"])
        _change(sh, row, shown.change, f)
        sh.text(row, 10, f"no trend: {shown.reason}", f["text"])
    sh.min_width(0, 24)
    sh.cap_width(10, 45)
    sh.fit_columns(minimum=11)
    sh.freeze(_HEADER_ROW + 1, 1)
    sh.table(_HEADER_ROW, _HEADER_ROW + len(r.trends) + len(r.untrended))
    # nothing repeats (a chart never prints under a header); each measure then starts a page of its own,
    # its table and chart whole, whatever the page plan would have packed
    ctx.page_setup(sh, None, f"{s.authority}: history and trends", breaks=breaks)


def _change(sh: Sheet, row: int, change: float | None, f: Any) -> None:
    """The observed change over the measure's window (§8 rev 3); blank when its first value is 0."""
    if change is None:
        sh.blank(row, 9, f["growth"])
    else:
        sh.number(row, 9, float(change), f["growth"])


def _rows(trend: Trend, results: Results) -> int:
    return len(trend.points) + len(plan_year_ends(results, trend.last_month))


def _section_end(trend: Trend, results: Results, top: int) -> int:
    """The last row a measure's section takes: its table, or its chart when that is taller."""
    return top + max(3 + _rows(trend, results), _CHART_ROWS)


def _section(ctx: Context, sh: Sheet, trend: Trend, top: int) -> str:
    """One measure: the fit's a and b, the months with actual, fitted and projected values, and the chart.

    Returns the reference of the slope b (the summary's growth is a formula over it).
    """
    f = ctx.formats
    r = ctx.results
    sh.text(top, 0, trend.measure, f["heading"], fit=False)
    sh.text(top + 1, 0, "Fit: a (ln value at m = 0)", f["text"])
    sh.number(top + 1, 1, float(trend.a), f["coefficient"])
    sh.text(top + 1, 2, "b (a month)", f["text_right"])
    sh.number(top + 1, 3, float(trend.b), f["coefficient"])
    a, b = cell(top + 1, 1, True), cell(top + 1, 3, True)
    head = top + 2
    for c, heading in enumerate(("Month", "Months since the first (m)", "Actual", "Trend (fitted)", "Projection")):
        sh.text(head, c, heading, f["header" if c == 0 else "header_num"])
    first = head + 1
    row = first
    window: list[int] = []
    for month, value in trend.points:
        sh.date(row, 0, month, f["month"])
        sh.number(row, 2, float(value), f["whole"])
        if trend.first_month <= month <= trend.last_month:
            m = months_between(trend.first_month, month)
            sh.number(row, 1, float(m), f["month_index"])
            sh.formula(row, 3, f"=EXP({a}+{b}*{cell(row, 1)})", fitted(trend, m), f["fte"])
            window.append(row)
        row += 1
    last_actual = row - 1
    m_last = months_between(trend.first_month, trend.last_month)
    # the projection starts at the latest month's fitted value, so the two lines join
    sh.formula(last_actual, 4, f"=EXP({a}+{b}*{cell(last_actual, 1)})", fitted(trend, m_last), f["fte"])
    for month, label in plan_year_ends(r, trend.last_month):
        m = months_between(trend.first_month, month)
        sh.date(row, 0, month, f["month"])
        sh.number(row, 1, float(m), f["month_index"])
        sh.text(row, 2, label, f["note"])
        sh.formula(row, 4, f"=EXP({a}+{b}*{cell(row, 1)})", fitted(trend, m), f["fte"])
        row += 1
    _chart(ctx, sh, trend, top, first, last_actual, window, row - 1)
    return b


def _serial(day: _dt.date) -> int:
    """An Excel date serial number (days since 30 December 1899), for a chart axis bound."""
    return (day - _dt.date(1899, 12, 30)).days


def _chart(
    ctx: Context, sh: Sheet, trend: Trend, top: int, first: int, last_actual: int, window: list[int], last: int
) -> None:
    chart = ctx.workbook.add_chart({"type": "scatter", "subtype": "straight"})

    def series(name: str, col: int, rows: tuple[int, int], colour: str, dash: str | None, marker: bool) -> None:
        line: dict[str, object] = {"none": True} if marker else {"color": colour, "width": 1.75}
        if dash:
            line["dash_type"] = dash
        chart_series(chart, 
            {
                "name": name,
                "categories": [NAME, rows[0], 0, rows[1], 0],
                "values": [NAME, rows[0], col, rows[1], col],
                "line": line,
                "marker": {"type": "circle", "size": 4, "fill": {"color": colour}, "border": {"color": colour}}
                if marker
                else {"type": "none"},
            }
        )

    series("Actual", 2, (first, last_actual), theme.CHART_PRIMARY, None, True)  # markers only: the fitted line shows through
    if window:
        series("Trend (fitted)", 3, (window[0], window[-1]), theme.CHART_ADVERSE, None, False)
    if last > last_actual:
        series("Projection", 4, (last_actual, last), theme.CHART_ADVERSE, "dash", False)
    chart_title(chart, {"name": f"{trend.measure}: actual, trend and projection", "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({
        "num_format": "mmm yy",
        "min": _serial(trend.points[0][0]),  # the axis spans the History and the plan, no empty years either side
        "max": _serial(max([trend.points[-1][0], *(m for m, _ in plan_year_ends(ctx.results, trend.last_month))])),
        "major_gridlines": {"visible": False},
    })
    # counts in finance style, as the MTFP chart's axis: zero reads "-"
    chart.set_y_axis({
        "num_format": "#,##0;(#,##0);-",
        "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}},
    })
    chart.set_legend({"position": "bottom"})
    chart.set_chartarea({"border": {"none": True}})
    description = (
        f"Line chart of {trend.measure} by month: {trend.months} monthly counts used for the trend, the latest "
        f"{trend.latest:,.0f}; the fitted trend grows {trend.growth:.1%} a year (P10 {trend.growth_p10:.1%}, "
        f"P90 {trend.growth_p90:.1%}), projected to the end of the plan."
    )
    sh.chart(top, _CHART_COL, chart, description, 500, 320)
