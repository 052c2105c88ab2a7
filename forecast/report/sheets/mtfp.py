"""MTFP: the medium-term financial plan by year, its gap and its change from the year before, and a gap chart.

Rows that come from other sheets (the current year's budget and outturn,
investment costs, savings and funding, savings delivered and at risk) are
formulas linking to those cells; total forecast, gap and change in gap are
formulas over the rows above. Each carries the engine's figure.
"""

from __future__ import annotations

from forecast.engine.results import MtfpYear, Results
from forecast.fy import fy_label
from forecast.report import theme
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import Sheet, cell, quote_sheet
from forecast.report.rows import MTFP_ROWS

NAME = sheet_name(__name__)
_HEADER_ROW = 5
_MEMO = ("savings_at_risk",)


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(results.mtfp)


def _links(ctx: Context, t: int, key: str) -> str | None:
    """A formula linking this MTFP cell to the sheet that shows its parts; None to write the figure."""
    cells = ctx.cells
    terms: list[str | None]
    base_funded = any(i.funding == "base" for i in ctx.results.investments)
    if key == "base_budget" and t == 0 and not ctx.results.mtfp[0].base_growth:
        terms = [cells.get(keys.revenue_total("budget"))]
    elif key == "service_forecast" and t == 0:
        terms = [cells.get(keys.revenue_total("outturn"))]
    elif key == "investment_costs" and ctx.results.investments:
        terms = [cells.get(keys.investments_year(t, "cost"))]
    elif key == "investment_savings" and ctx.results.investments:
        terms = [cells.get(keys.investments_year(t, "saving"))]
    elif key == "savings_delivered" and t > 0 and ctx.results.savings.items:
        terms = [cells.get(keys.savings_year(t, "delivered"))]
    elif key == "savings_at_risk" and ctx.results.savings.items:
        terms = [cells.get(keys.savings_year(t, "at_risk"))]
    elif key == "funding":
        terms = [cells.get(keys.revenue_total("earmarked"))] if t == 0 else []
        if ctx.results.investments and base_funded:
            return None  # the Investments sheet's "funded" includes base growth, which is not funding
        if ctx.results.investments:
            terms.append(cells.get(keys.investments_year(t, "funded")))
        if not terms:
            return None
    else:
        return None
    if any(term is None for term in terms):
        return None
    return "=" + "+".join(str(term) for term in terms)


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    years = r.mtfp
    ctx.title_block(
        sh,
        f"Medium-term financial plan – {s.service}",
        f"Figures in {ctx.units}. A positive gap is a shortfall still to be closed.",
        when=f"{fy_label(years[0].year)} to {fy_label(years[-1].year)}, scenario {r.scenario}",
    )
    sh.text(_HEADER_ROW, 0, "", f["header"])
    for t, year in enumerate(years):
        sh.text(_HEADER_ROW, 1 + t, fy_label(year.year), f["header_num"])
    at: dict[str, int] = {}
    row = _HEADER_ROW + 1
    for key, label, kind in MTFP_ROWS:
        if key in _MEMO:
            row += 1
            sh.text(row, 0, "Memo:", f["note"])
            row += 1
        at[key] = row
        weight = {"line": "", "subtotal": "_sub", "total": "_total"}[kind]
        sh.text(row, 0, label, f.named(f"text{weight}" if weight else "text"))
        row += 1
    for t, year in enumerate(years):
        _write_year(ctx, sh, t, year, at)
    last_col = len(years)
    sh.ws.conditional_format(
        at["gap"],
        1,
        at["gap"],
        last_col,
        {"type": "cell", "criteria": ">", "value": 0, "format": f["check_bad"]},
    )
    gaps = f"{quote_sheet(NAME)}!{cell(at['gap'], 1, True)}:{cell(at['gap'], last_col, True)}"
    ctx.cells.put_expr(keys.MTFP_GAPS, f"SUM({gaps})")

    chart_row = row + 1
    _gap_chart(ctx, sh, at, len(years), chart_row)
    sh.min_width(0, 34)
    sh.fit_columns(minimum=11)
    sh.freeze(_HEADER_ROW + 1, 1)
    sh.table(_HEADER_ROW, row - 1)
    # the plan and its chart on one page
    ctx.page_setup(sh, (_HEADER_ROW, _HEADER_ROW), f"{s.authority}: medium-term financial plan", one_page=True)


def _write_year(ctx: Context, sh: Sheet, t: int, year: MtfpYear, at: dict[str, int]) -> None:
    f = ctx.formats
    c = 1 + t

    def ref(key: str) -> str:
        return cell(at[key], c)

    own = {
        "total_forecast": f"={ref('service_forecast')}+{ref('investment_costs')}"
        f"-{ref('investment_savings')}-{ref('savings_delivered')}",
        "gap": f"={ref('total_forecast')}-{ref('base_budget')}-{ref('funding')}",
    }
    if t > 0:
        own["gap_change"] = f"={ref('gap')}-{cell(at['gap'], c - 1)}"
    for key, _label, kind in MTFP_ROWS:
        style = "money" + {"line": "", "subtotal": "_sub", "total": "_total"}[kind]
        if getattr(year, key) is None:  # the change in gap has no year before the first
            sh.text(at[key], c, "", f.named(style))
            continue
        value = float(getattr(year, key))
        formula = own.get(key) or _links(ctx, t, key)
        if formula is not None:
            sh.formula(at[key], c, formula, value, f.named(style))
        else:
            sh.number(at[key], c, value, f.named(style))
        ctx.cells.put(keys.mtfp(t, key), sh, at[key], c)
    ctx.define_name(f"Gap_{fy_label(year.year).replace('/', '_')}", sh, at["gap"], c)


def _gap_chart(ctx: Context, sh: Sheet, at: dict[str, int], n: int, chart_row: int) -> None:
    name = quote_sheet(NAME)
    categories = f"={name}!{cell(_HEADER_ROW, 1, True)}:{cell(_HEADER_ROW, n, True)}"

    def values(key: str) -> str:
        return f"={name}!{cell(at[key], 1, True)}:{cell(at[key], n, True)}"

    columns = ctx.workbook.add_chart({"type": "column"})
    columns.add_series(
        {
            "name": "Gap in year",
            "categories": categories,
            "values": values("gap"),
            "fill": {"color": theme.CHART_PRIMARY},
            "gap": 80,
        }
    )
    line = ctx.workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": "Change from the year before",
            "categories": categories,
            "values": values("gap_change"),
            "line": {"color": theme.CHART_ADVERSE, "width": 2.25},
            "marker": {"type": "circle", "size": 6, "fill": {"color": theme.CHART_ADVERSE}, "border": {"color": theme.CHART_ADVERSE}},
        }
    )
    columns.combine(line)
    columns.set_title({"name": f"Budget gap by year ({ctx.units})", "name_font": {"size": 11, "bold": True}})
    columns.set_legend({"position": "bottom"})
    y_axis: dict[str, object] = {
        "num_format": ctx.layout.formats["money"],
        "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}},
    }
    if all(y.gap >= 0 and (y.gap_change or 0) >= 0 for y in ctx.results.mtfp):
        y_axis["min"] = 0  # bars start at zero, not at an automatic floor
    columns.set_y_axis(y_axis)
    columns.set_x_axis({"label_position": "low"})
    columns.set_chartarea({"border": {"none": True}})
    plan = ctx.results.mtfp
    gaps = "; ".join(f"{fy_label(y.year)} {y.gap:,.0f}" for y in plan)
    description = (
        f"Column chart of the budget gap in each year ({ctx.units}): {gaps}; "
        "the line is each year's change in the gap from the year before."
    )
    sh.chart(chart_row, 0, columns, description, 620, 320)
