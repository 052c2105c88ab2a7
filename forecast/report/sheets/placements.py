"""Placements: children and weekly costs per placement type, the bridge per line, and a mix chart.

Full-year cost (F), budget basis (B) and the cost still to come this year
are formulas over the row's inputs and the basis cells at the top (weeks a
year, £ per unit, share of the year to come), so a changed weekly cost
flows through. Volume, mix and price come from the engine.

Issue 26: on a line forecast from the Children list the rows' children and weekly cost are the list's
(placements active at the period's end), and the cost still to come is the list's (each placement to
its planned end, 18th birthday or the year's end, plus entrants), written as a value and marked.
Below the plan-year table: the high-cost placements by child (the one place a child ID is shown;
row numbers when Settings child_ids = hide) and the children aging out of care by plan year.
"""

from __future__ import annotations

from forecast.engine.children import ChildrenResult
from forecast.engine.results import PlacementsResult, Results
from forecast.fy import fy_label
from forecast import theme
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context, as_at
from forecast.engine._num import total as total_of
from forecast.report.formulas import sum_of
from forecast.report.grid import Sheet, chart_series, chart_title, cell, quote_sheet
from forecast.report.sheets.demand import drives

NAME = sheet_name(__name__)
_HEADER_ROW = 5
_ROW_COLUMNS = (
    ("line", "Line", "text"),
    ("placement_type", "Placement type", "text"),
    ("children", "Children now", "count"),
    ("weekly_cost", "Weekly cost now\n£", "unit_cost"),
    ("budget_children", "Children in budget", "count"),
    ("budget_weekly_cost", "Weekly cost in budget\n£", "unit_cost"),
    ("growth", "Growth a year", "rate"),
    ("full_year_forecast", "Full-year cost now\n{units}", "money"),
    ("full_year_budget", "Full-year cost on budget assumptions\n{units}", "money"),
    ("remaining_cost", "Cost still to come this year\n{units}", "money"),
)
_LINE_COLUMNS = (
    ("line", "Line", "text"),
    ("budget", "Budget\n{units}", "money"),
    ("full_year_budget", "Budget assumptions\n{units}", "money"),
    ("full_year_forecast", "Full-year cost now\n{units}", "money"),
    ("volume", "Volume\n{units}", "money"),
    ("mix", "Mix\n{units}", "money"),
    ("price", "Price\n{units}", "money"),
    ("remaining_cost", "Still to come this year\n{units}", "money"),
)


_FORECAST_CHILDREN = ("forecast_children", "Children in this year's forecast (Demand)", "count")  # issue 22
_DEMAND = ("demand", "Demand drives", "text")


def _row_columns(p: PlacementsResult) -> tuple[tuple[str, str, str], ...]:
    """The row table's columns: with a Demand sheet, what it drives (and, when it drives this year, the
    children this year's forecast uses: the full-year cost and the cost still to come are on them)."""
    if p.demand is None:
        return _ROW_COLUMNS
    extra = (_FORECAST_CHILDREN,) if any(r.demand_in_year for r in p.rows) else ()
    return (*_ROW_COLUMNS, *extra, _DEMAND)


def wanted(results: Results, analyses: Analyses) -> bool:
    return results.placements is not None and bool(results.placements.rows)


def write(ctx: Context) -> None:
    p = ctx.results.placements
    assert p is not None
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    s = ctx.results.settings
    ctx.title_block(
        sh,
        f"Placements – {s.service}",
        f"Costs in {ctx.units}; weekly costs in £. Volume, mix and price: positive means costs above the budget's assumptions.",
    )
    basis = {
        "weeks": ("Weeks in a year", s.weeks_per_year, "weeks"),
        "per_unit": (f"£ in one {ctx.units}", s.k, "plain_number"),
        "remaining": ("Share of the year still to come", s.remaining, "rate_left"),
    }
    refs: dict[str, str] = {}
    # Working cells below everything printed (the tables and the chart): on the sheet, not on the page.
    working = _HEADER_ROW + 3 * len(p.rows) + 2 * len(p.lines) + 30 + _children_rows(ctx.results.children)
    sh.text(working - 1, 0, "Working (not printed): the basis of the formulas above, from the inputs' Settings",
            f["heading"], fit=False)
    for i, (key, (label, value, style)) in enumerate(basis.items()):
        sh.text(working + i, 0, label, f["text"])
        sh.number(working + i, 1, float(value), f.named(style))
        refs[key] = cell(working + i, 1, absolute=True)

    last_row = _rows_table(ctx, sh, p, refs)
    sh.table(_HEADER_ROW, last_row)
    lines_top = last_row + 3
    lines_last = _lines_table(ctx, sh, p, lines_top, last_row)
    if ctx.results.children is not None and p.list_lines:
        lines_last = _children_blocks(ctx, sh, ctx.results.children, lines_last + 3)
    printed = lines_last
    chart_row = lines_last + 3
    _mix_chart(ctx, sh, p, chart_row)
    assert chart_row + _chart_height(p) // 20 + 2 < working - 1, "the working cells must sit below the chart"
    columns = _row_columns(p)
    for c in range(2, len(columns)):
        sh.min_width(c, 11)
    sh.min_width(0, 26)
    sh.fit_columns(minimum=10)
    sh.freeze(_HEADER_ROW + 1, 2)
    ctx.page_setup(
        sh,
        (_HEADER_ROW, _HEADER_ROW),
        f"{s.authority}: {NAME}, {as_at(ctx.results)}",
        print_area=(printed, len(columns) - 1),
    )


def _headings(ctx: Context, sh: Sheet, row: int, columns: tuple[tuple[str, str, str], ...]) -> None:
    f = ctx.formats
    for c, (_key, heading, kind) in enumerate(columns):
        text = heading.format(units=ctx.units)
        sh.text(row, c, text, f["header" if kind == "text" else "header_num"])


def _rows_table(ctx: Context, sh: Sheet, p: PlacementsResult, refs: dict[str, str]) -> int:
    f = ctx.formats
    columns = _row_columns(p)
    _headings(ctx, sh, _HEADER_ROW, columns)
    col = {key: i for i, (key, _h, _k) in enumerate(columns)}
    first = _HEADER_ROW + 1
    w, k, rem = refs["weeks"], refs["per_unit"], refs["remaining"]
    whole = all(float(getattr(row, key)).is_integer() for row in p.rows for key in ("children", "budget_children"))
    count = "count_whole" if whole else "count"
    for i, row in enumerate(p.rows):
        r = first + i
        sh.text(r, col["line"], row.line, f["text"])
        sh.text(r, col["placement_type"], row.placement_type, f["text"])
        for key in ("children", "weekly_cost", "budget_children", "budget_weekly_cost", "growth"):
            kind = _ROW_COLUMNS[col[key]][2]
            sh.number(r, col[key], float(getattr(row, key)), f.named(count if kind == "count" else kind))
        used = "forecast_children" if "forecast_children" in col else "children"
        if used != "children":
            sh.number(r, col[used], float(row.forecast_children), f.named(count))
        if "demand" in col:
            sh.text(r, col["demand"], drives(row, ctx.results.years) if row.demand_share is not None else "", f["text"])
        children, weekly = cell(r, col[used]), cell(r, col["weekly_cost"])
        b_children, b_weekly = cell(r, col["budget_children"]), cell(r, col["budget_weekly_cost"])
        sh.formula(r, col["full_year_forecast"], f"={children}*{weekly}*{w}/{k}", row.full_year_forecast, f["money"])
        sh.formula(r, col["full_year_budget"], f"={b_children}*{b_weekly}*{w}/{k}", row.full_year_budget, f["money"])
        if row.from_list:  # issue 26: the list's days to each placement's end and the entrants, not a formula
            sh.number(r, col["remaining_cost"], row.remaining_cost, f["money"])
        else:
            sh.formula(r, col["remaining_cost"], f"={children}*{weekly}*{w}*{rem}/{k}", row.remaining_cost,
                       f["money"])
    last = first + len(p.rows) - 1
    total = last + 1
    rows = list(range(first, last + 1))
    sh.text(total, 0, "All placements", f["text_total"])
    sh.blank(total, 1, f["text_total"])
    totals = {
        "children": total_of(r.children for r in p.rows),  # today's (the bridge's are those the forecast used)
        "budget_children": p.total.budget_children,
        "full_year_forecast": p.total.full_year_forecast,
        "full_year_budget": p.total.full_year_budget,
        "remaining_cost": p.remaining_cost,
    }
    for key, (_k, _h, kind) in zip(col, columns, strict=True):
        if key in totals:
            style = (count if kind == "count" else "money") + "_total"
            sh.formula(total, col[key], "=" + sum_of(rows, col[key]), totals[key], f.named(style))
        elif key == "forecast_children":
            sh.formula(total, col[key], "=" + sum_of(rows, col[key]), p.total.children, f.named(count + "_total"))
        elif key not in ("line", "placement_type"):
            sh.blank(total, col[key], f["money_total"])
    return total


def _lines_table(ctx: Context, sh: Sheet, p: PlacementsResult, top: int, rows_total: int) -> int:
    """Per line: budget, budget assumptions, cost now and the volume / mix / price bridge."""
    f = ctx.formats
    title = "Bridge by line: full-year cost now less the budget's assumptions"
    sh.text(top - 1, 0, title, f["heading"], fit=False)
    _headings(ctx, sh, top, _LINE_COLUMNS)
    col = {key: i for i, (key, _h, _k) in enumerate(_LINE_COLUMNS)}
    rows_first = _HEADER_ROW + 1
    rows_last = rows_total - 1
    row_cols = {key: i for i, (key, _h, _k) in enumerate(_row_columns(p))}
    names_abs = f"{cell(rows_first, row_cols['line'], True)}:{cell(rows_last, row_cols['line'], True)}"
    first = top + 1
    for i, (name, line) in enumerate(p.lines.items()):
        r = first + i
        sh.text(r, 0, name, f["text"])
        budget_ref = ctx.cells.get(keys.revenue_line(name, "budget"))
        if budget_ref is not None:
            sh.formula(r, col["budget"], "=" + budget_ref, line.budget, f["money"])
        else:
            sh.number(r, col["budget"], line.budget, f["money"])
        for key in ("full_year_budget", "full_year_forecast", "remaining_cost"):
            src = row_cols[key]
            values = f"{cell(rows_first, src, True)}:{cell(rows_last, src, True)}"
            value = line.remaining_cost if key == "remaining_cost" else getattr(line.bridge, key)
            sh.formula(r, col[key], f"=SUMPRODUCT(--({names_abs}={cell(r, 0)}),{values})", value, f["money"])
        for key in ("volume", "mix", "price"):
            sh.number(r, col[key], getattr(line.bridge, key), f["money"])
        for key in ("full_year_budget", "full_year_forecast", "volume", "mix", "price"):
            ctx.cells.put(keys.placements_line(name, key), sh, r, col[key])
    last = first + len(p.lines) - 1
    total = last + 1
    rows = list(range(first, last + 1))
    sh.text(total, 0, "All placements (bridge across every row)", f["text_total"])
    sh.formula(total, col["budget"], "=" + sum_of(rows, col["budget"]), p.lines_budget, f["money_total"])
    for key in ("full_year_budget", "full_year_forecast"):
        sh.formula(total, col[key], "=" + sum_of(rows, col[key]), getattr(p.total, key), f["money_total"])
        ctx.cells.put(keys.placements_all(key), sh, total, col[key])
    sh.formula(
        total, col["remaining_cost"], "=" + sum_of(rows, col["remaining_cost"]), p.remaining_cost, f["money_total"]
    )
    for key in ("volume", "mix", "price"):
        sh.number(total, col[key], getattr(p.total, key), f["money_total"])
        ctx.cells.put(keys.placements_all(key), sh, total, col[key])
    prefix = quote_sheet(NAME) + "!"
    ctx.cells.put_expr(keys.PLACEMENT_LINES_FORECAST, sum_of(rows, col["full_year_forecast"], prefix, absolute=True))
    note = (
        f"Budget assumptions explain {p.total.full_year_budget:,.0f} of the placement lines' budget of "
        f"{p.lines_budget:,.0f} ({ctx.units}). The bridge across every row differs from the sum of the lines' "
        "bridges because mix is measured against one average weekly cost."
    )
    if p.list_lines:
        note += (
            f" Forecast from the Children list: {', '.join(p.list_lines)} (children and weekly cost now are the "
            "placements active at the period's end; the cost still to come runs each placement to its planned "
            "end, the day before the 18th birthday or the year's end, plus new placements expected)."
        )
    sh.text(total + 1, 0, note, f["note"], fit=False)
    sh.table(top, total + 1, title_rows=1)
    years = ctx.results.years
    if len(years) > 1:
        _projection(ctx, sh, p, total + 4)
        sh.table(total + 4, total + 4 + len(p.lines), title_rows=1)
        return total + 4 + len(p.lines)
    return total + 1


def _projection(ctx: Context, sh: Sheet, p: PlacementsResult, top: int) -> None:
    """Each placement line's forecast by plan year (growth and placement inflation from the engine)."""
    f = ctx.formats
    sh.text(top - 1, 0, f"Forecast by plan year ({ctx.units})", f["heading"], fit=False)
    sh.text(top, 0, "Line", f["header"])
    for t, year in enumerate(ctx.results.years):
        sh.text(top, 1 + t, fy_label(year), f["header_num"])
    for i, (name, line) in enumerate(p.lines.items()):
        sh.text(top + 1 + i, 0, name, f["text"])
        for t, value in enumerate(line.by_year):
            sh.number(top + 1 + i, 1 + t, value, f["money"])


def _children_rows(children: ChildrenResult | None) -> int:
    """Rows the Children list's blocks take (so the working cells stay below them)."""
    if children is None:
        return 0
    return 8 + len(children.high_cost) + len(children.aged_out)


def _children_blocks(ctx: Context, sh: Sheet, children: ChildrenResult, top: int) -> int:
    """High-cost placements by child, then children aging out by plan year; returns the last row written."""
    f = ctx.formats
    s = ctx.results.settings
    sh.text(top - 1, 0, f"High-cost placements: £{s.high_cost_weekly:,.0f} a week or more, active at the period's "
            "end (Children list)", f["heading"], fit=False)
    heads = ("Child" if s.child_ids != "hide" else "Children row", "Provider", "Placement type",
             "Weekly cost\n£", "Last day")
    for c, text in enumerate(heads):
        sh.text(top, c, text, f["header_num" if c >= 3 else "header"])
    r = top
    for item in children.high_cost:
        r += 1
        sh.text(r, 0, item.child, f["text"])
        sh.text(r, 1, item.provider, f["text"])
        sh.text(r, 2, item.placement_type, f["text"])
        sh.number(r, 3, item.weekly_cost, f["unit_cost"])
        if item.last_day is not None:
            sh.date(r, 4, item.last_day, f["date"])
        else:
            sh.text(r, 4, "not known", f["text"])
    if not children.high_cost:
        r += 1
        sh.text(r, 0, "None", f["text"])
    sh.text(r + 1, 0, "Last day: the planned end or the day before the 18th birthday, whichever is first.",
            f["note"], fit=False)
    sh.table(top, r + 1, title_rows=1)
    if not children.aged_out:
        return r + 1
    top = r + 4
    sh.text(top - 1, 0, "Children aging out: placements on the list now that the 18th birthday has ended by the "
            "start of each plan year", f["heading"], fit=False)
    sh.text(top, 0, "Plan year", f["header"])
    sh.text(top, 1, "Turned 18 by 1 April (all so far)", f["header_num"])
    for i, (year, count) in enumerate(children.aged_out):
        sh.text(top + 1 + i, 0, fy_label(year), f["text"])
        sh.number(top + 1 + i, 1, float(count), f["count_whole"])
    last = top + len(children.aged_out)
    sh.table(top, last, title_rows=1)
    return last


def _mix_chart(ctx: Context, sh: Sheet, p: PlacementsResult, row: int) -> None:
    """Children by placement type, now against the budget: the mix at a glance."""
    name = quote_sheet(NAME)
    first, last = _HEADER_ROW + 1, _HEADER_ROW + len(p.rows)
    chart = ctx.workbook.add_chart({"type": "bar"})
    categories = f"={name}!{cell(first, 1, True)}:{cell(last, 1, True)}"
    for col, title, colour in ((4, "Children in budget", theme.CHART_BASELINE), (2, "Children now", theme.CHART_PRIMARY)):
        chart_series(chart, 
            {
                "name": title,
                "categories": categories,
                "values": f"={name}!{cell(first, col, True)}:{cell(last, col, True)}",
                "fill": {"color": colour},
                "gap": 60,
            }
        )
    chart_title(chart, {"name": "Placement mix: children by placement type", "name_font": {"size": 11, "bold": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    chart.set_x_axis({"major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}}})
    chart.set_chartarea({"border": {"none": True}})
    kinds: dict[str, tuple[float, float]] = {}
    for x in p.rows:
        now, budget = kinds.get(x.placement_type, (0.0, 0.0))
        kinds[x.placement_type] = (now + float(x.children), budget + float(x.budget_children))
    parts = "; ".join(f"{kind} {now:,.0f} now, {budget:,.0f} in budget" for kind, (now, budget) in kinds.items())
    description = f"Bar chart of children by placement type, now against the budget: {parts}."
    sh.chart(row, 0, chart, description, 620, _chart_height(p))


def _chart_height(p: PlacementsResult) -> int:
    return max(260, 28 * len(p.rows) + 90)
