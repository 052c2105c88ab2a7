"""Risk sheet: the Monte Carlo percentile table, the chance of an overspend, the ranges drawn, a histogram.

Written only when a risk run was asked for. The percentiles come from the
draws (``forecast.engine.risk``), which are not in the workbook, so they are
written as numbers. Net variance follows the layout's sign convention (under
"overspend negative" P10 and P90 swap places, as they must); the gap is
shortfall positive as on the MTFP sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.fy import fy_label
from forecast.report.registry import sheet_name
from forecast.engine.results import Results
from forecast.report.analyses import Analyses
from forecast.report.change_words import column_words, distribution_words, op_words, row_words
from forecast.report.context import Context, as_at
from forecast.report.grid import Sheet, chart_series, chart_title

if TYPE_CHECKING:
    from forecast.engine.risk import RiskResult, Spread

NAME = sheet_name(__name__)


def wanted(results: Results, analyses: Analyses) -> bool:
    """Written when a risk run was asked for."""
    return analyses.risk is not None


def write(ctx: Context) -> None:
    risk = ctx.analyses.risk
    assert risk is not None
    f = ctx.formats
    sheet = Sheet(ctx.workbook, NAME)
    s = ctx.results.settings
    ctx.title_block(
        sheet,
        f"Risk range – {s.service}",
        f"{risk.draws:,} draws, seed {risk.seed}: the same seed gives the same figures. "
        "Each range on the Risks input sheet is drawn independently. " + ctx.sign_note(),
        when=f"Monte Carlo run on the scenario '{risk.scenario}', {as_at(ctx.results)}",
    )

    top = 5
    header = ("Figure", "Forecast", "Mean", "P10", "P50 (median)", "P90")
    sheet.row_of_text(top, 0, header[:1], f["header"])
    for c, text in enumerate(header[1:], start=1):
        sheet.text(top, c, f"{text}\n{ctx.units}", f["header_num"], fit=False)
        sheet.min_width(c, 12)
    r = top + 1
    _spread_row(sheet, ctx, r, f"Net variance {fy_label(risk.years[0])}", risk.net_variance, ctx.sign)
    for t, spread in enumerate(risk.gap):
        _spread_row(sheet, ctx, r + 1 + t, f"MTFP gap {fy_label(risk.years[t])}", spread, 1)
    r += 1 + len(risk.gap)
    sheet.text(r, 0, f"Chance of an overspend in {fy_label(risk.years[0])}", f["text_bold"])
    sheet.number(r, 1, risk.chance_of_overspend, f["pct"])
    ctx.define_name("RiskChanceOfOverspend", sheet, r, 1)
    sheet.text(
        r + 1,
        0,
        "Forecast = the build's own figure (every range at no change). P10: one draw in ten is lower; "
        "P90: one in ten is higher.",
        f["note"],
        fit=False,
    )

    ranges_top = r + 4
    _ranges(sheet, ctx, ranges_top, risk)
    hist_top = ranges_top + len(risk.rows) + 3
    _histogram(sheet, ctx, hist_top, risk)
    sheet.table(top, top + 1 + len(risk.gap) + 1)
    sheet.table(ranges_top, ranges_top + len(risk.rows), title_rows=1)
    sheet.freeze(top + 1, 1)
    sheet.cap_width(0, 42)
    sheet.fit_columns()
    ctx.page_setup(sheet, (top, top), f"{s.authority}: {NAME}")


def _spread_row(sheet: Sheet, ctx: Context, row: int, label: str, spread: Spread, sign: int) -> None:
    f = ctx.formats
    sheet.text(row, 0, label, f["text"])
    p10, p90 = (spread.p10, spread.p90) if sign == 1 else (spread.p90, spread.p10)
    for c, value in enumerate((spread.forecast, spread.mean, p10, spread.p50, p90), start=1):
        sheet.number(row, c, sign * value, f["money"])


def _ranges(sheet: Sheet, ctx: Context, top: int, risk: RiskResult) -> None:
    f = ctx.formats
    sheet.text(top - 1, 0, "Ranges drawn (the Risks input sheet)", f["heading"], fit=False)
    header = ("Sheet", "Row", "Column", "Change", "Low", "Likely", "High", "Distribution")
    sheet.row_of_text(top, 0, header, f["header"])
    for i, row in enumerate(risk.rows):
        r = top + 1 + i
        words = (row.sheet, row_words(row.row, row.sheet), column_words(row.column), op_words(row.op))
        sheet.row_of_text(r, 0, words, f["text"])
        for c, value in enumerate((row.low, row.likely, row.high), start=4):
            sheet.number(r, c, float(value), f["range_value"])
        sheet.text(r, 7, distribution_words(row.distribution), f["text"])


def _histogram(sheet: Sheet, ctx: Context, top: int, risk: RiskResult) -> None:
    f = ctx.formats
    year = fy_label(risk.years[0])
    sheet.text(top - 1, 0, f"Spread of the {year} net variance over the draws", f["heading"], fit=False)
    sheet.text(top, 0, "Net variance band", f["header"])
    sheet.row_of_text(top, 1, (f"From {ctx.units}", f"To {ctx.units}", "Draws"), f["header_num"])
    bins = risk.histogram if ctx.sign == 1 else tuple(reversed(risk.histogram))
    for i, b in enumerate(bins):
        r = top + 1 + i
        low, high = sorted((ctx.sign * b.low, ctx.sign * b.high))
        sheet.text(r, 0, f"{low:,.0f} to {high:,.0f}", f["text"])
        sheet.number(r, 1, low, f["money"])
        sheet.number(r, 2, high, f["money"])
        sheet.number(r, 3, float(b.count), f["count_whole"])  # a band no draw fell in prints "-"
    last = top + len(bins)
    chart = ctx.workbook.add_chart({"type": "column"})
    chart_series(chart, 
        {
            "name": "Draws",
            "categories": [NAME, top + 1, 1, last, 1],
            "values": [NAME, top + 1, 3, last, 3],
            "gap": 10,
        }
    )
    chart_title(chart, {"name": f"{year} net variance over {risk.draws:,} draws ({ctx.units})"})
    # Labels level, every other band's lower edge: a slanted "1,930 to 2,020" prints (and reads, to a PDF's
    # text layer) as scraps of digits beside the table. Zero draws on the axis prints "-", as in the table.
    chart.set_x_axis({"name": f"Net variance {ctx.units}, lower edge of each band", "num_format": "#,##0",
                      "num_font": {"rotation": 0, "size": 7}, "interval_unit": 2})
    chart.set_y_axis({"name": "Draws", "num_format": "#,##0;(#,##0);-"})
    chart.set_legend({"none": True})
    sheet.table(top, last, title_rows=1)
    description = (
        f"Histogram of the {year} net variance over {risk.draws:,} draws ({ctx.units}), from the table beside it: "
        f"P10 {ctx.sign * risk.net_variance.p10:,.0f}, median {ctx.sign * risk.net_variance.p50:,.0f}, "
        f"P90 {ctx.sign * risk.net_variance.p90:,.0f}."
    )
    sheet.chart(top, 5, chart, description, 720, 340)
