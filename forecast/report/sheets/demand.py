"""Demand: what the Demand sheet of the inputs drives (calculations.md §9), and each type's Demand charted
against its actual History counts and today's children.

The first table lists every Placements row of a type with Demand: its share of the type's Demand (today's
children over the type's children on every line), its children in each plan year as the forecast uses them
(t = 0 today's) and what the Demand drove. Then, per type, the months with the actual count (History, when
a measure is named like the type), the Demand and today's count, and a line chart of the three.
"""

from __future__ import annotations

import datetime as _dt

from forecast.engine.demand import DemandSeries
from forecast.engine.results import PlacementRowResult, Results
from forecast.fy import fy_label
from forecast import theme
from forecast.report.analyses import Analyses
from forecast.report.context import Context
from forecast.report.grid import Sheet, chart_title
from forecast.report.registry import sheet_name

NAME = sheet_name(__name__)
_HEADER_ROW = 5
_CHART_COL = 5
_CHART_ROWS = 17  # a 320-pixel chart covers about this many rows


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(results.demand_series)


def drives(row: PlacementRowResult, years: tuple[int, ...]) -> str:
    """What the Demand drove of a row, in words: "the rest of 2025/26 and 2026/27 on", or why nothing."""
    parts = []
    if row.demand_in_year:
        parts.append(f"the rest of {fy_label(years[0])}")
    driven = [y for y, d in zip(years, row.demand_years, strict=False) if d]
    if driven:
        parts.append(f"{fy_label(driven[0])} on")
    return " and ".join(parts) if parts else "nothing: no whole plan year in the Demand"


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    p = r.placements
    ctx.title_block(
        sh,
        f"Demand – {s.service}",
        "Expected children from the Demand sheet of the inputs (e.g. a demand model's prediction written by "
        "forecast demand), shared over each type's Placements rows by today's children.",
    )
    in_year = "drives the rest of this year" if s.demand_in_year else "does not drive this year (demand_in_year no)"
    sh.text(4, 0, f"Later years: a plan year whose 12 months are all in the Demand takes their mean; years past it "
            f"grow by the row's growth. The Demand {in_year}.", f["note"], fit=False)
    headings = ["Line", "Placement type", "Share of the type's Demand", "Demand drives",
                *(f"Children {fy_label(y)}" for y in r.years)]
    for c, heading in enumerate(headings):
        sh.text(_HEADER_ROW, c, heading, f["header" if c in (0, 1, 3) else "header_num"])
    rows = [x for x in (p.rows if p is not None else ()) if x.demand_share is not None]
    for i, row in enumerate(rows):
        at = _HEADER_ROW + 1 + i
        sh.text(at, 0, row.line, f["text"])
        sh.text(at, 1, row.placement_type, f["text"])
        sh.number(at, 2, float(row.demand_share or 0.0), f["rate"])
        sh.text(at, 3, drives(row, r.years), f["text"])
        for t, children in enumerate(row.children_by_year):
            sh.number(at, 4 + t, float(children), f["count"])
    last = _HEADER_ROW + max(len(rows), 1)
    if not rows:
        sh.text(_HEADER_ROW + 1, 0, "No Placements row of a placements line has a type in the Demand.", f["note"])
    sh.table(_HEADER_ROW, last)
    top = last + 3
    breaks = []
    for one in r.demand_series:
        breaks.append(top)
        top = _section(ctx, sh, one, top) + 3
    sh.min_width(0, 24)
    sh.min_width(1, 24)
    sh.cap_width(3, 36)
    sh.fit_columns(minimum=11)
    sh.freeze(_HEADER_ROW + 1, 2)
    ctx.page_setup(sh, None, f"{s.authority}: demand", breaks=breaks)


def _section(ctx: Context, sh: Sheet, one: DemandSeries, top: int) -> int:
    """One type: its months (actual, Demand, today) and the chart; returns the last row it takes."""
    f = ctx.formats
    sh.text(top, 0, f"{one.placement_type}: actual, Demand and today", f["heading"], fit=False)
    head = top + 1
    for c, heading in enumerate(("Month", "Actual (History)", "Demand", "Today")):
        sh.text(head, c, heading, f["header" if c == 0 else "header_num"])
    actual = dict(one.actual)
    demand = dict(one.demand)
    months = sorted(set(actual) | set(demand))
    first = head + 1
    for i, month in enumerate(months):
        at = first + i
        sh.date(at, 0, month, f["month"])
        if month in actual:
            sh.number(at, 1, actual[month], f["count"])
        if month in demand:
            sh.number(at, 2, demand[month], f["count"])
        sh.number(at, 3, float(one.today), f["count"])
    last = first + len(months) - 1
    _chart(ctx, sh, one, top, first, last, months)
    return max(last, top + _CHART_ROWS)


def _serial(day: _dt.date) -> int:
    return (day - _dt.date(1899, 12, 30)).days


def _chart(ctx: Context, sh: Sheet, one: DemandSeries, top: int, first: int, last: int,
           months: list[_dt.date]) -> None:
    chart = ctx.workbook.add_chart({"type": "scatter", "subtype": "straight"})

    def series(name: str, col: int, colour: str, dash: str | None, marker: bool) -> None:
        line: dict[str, object] = {"none": True} if marker else {"color": colour, "width": 1.75}
        if dash:
            line["dash_type"] = dash
        chart.add_series({
            "name": name,
            "categories": [NAME, first, 0, last, 0],
            "values": [NAME, first, col, last, col],
            "line": line,
            "marker": {"type": "circle", "size": 4, "fill": {"color": colour}, "border": {"color": colour}}
            if marker else {"type": "none"},
        })

    if one.actual:
        series("Actual (History)", 1, theme.CHART_PRIMARY, None, True)
    series("Demand", 2, theme.CHART_ADVERSE, None, False)
    series("Today", 3, theme.CHART_BASELINE, "dash", False)
    # the type is input text: chart_title writes it literally, never as a reference XlsxWriter would read in it
    chart_title(chart, {"name": f"{one.placement_type}: children by month", "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({"num_format": "mmm yy", "min": _serial(months[0]), "max": _serial(months[-1]),
                      "major_gridlines": {"visible": False}})
    chart.set_y_axis({"num_format": "#,##0;(#,##0);-",
                      "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}}})
    chart.set_legend({"position": "bottom"})
    chart.set_chartarea({"border": {"none": True}})
    d0, d1 = one.demand[0], one.demand[-1]
    history = (f"{len(one.actual)} months of actual counts from History, the latest {one.actual[-1][1]:,.1f} in "
               f"{one.actual[-1][0]:%b %Y}; " if one.actual else "no actual counts in History; ")
    description = (
        f"Line chart of {one.placement_type} children by month: {history}the Demand from {d0[1]:,.1f} in "
        f"{d0[0]:%b %Y} to {d1[1]:,.1f} in {d1[0]:%b %Y}; today's {one.today:,.1f} as a dashed line."
    )
    sh.chart(top, _CHART_COL, chart, description, 500, 320)
