"""Scenarios sheet: each scenario's year-0 net variance and MTFP gap by year, the difference from Base, a chart.

Written only when the build ran more than Base. The differences and the
gaps are live formulas over the figures above them, with the
engine's values cached. Net variance follows the layout's sign convention;
the gap is shown as the MTFP sheet shows it (shortfall positive).
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.fy import fy_label
from forecast.inputs.model import ScenarioRow
from forecast.report.registry import sheet_name
from forecast.engine.results import Results
from forecast.report.analyses import Analyses
from forecast.report.change_words import column_words, op_words, row_words
from forecast.report.context import Context, as_at
from forecast.report.grid import Sheet, chart_series, chart_title, cell

NAME = sheet_name(__name__)
FIRST_ROW = 6  # the header row of the first table


def wanted(results: Results, analyses: Analyses) -> bool:
    """Written when the build compared more than Base."""
    return len(analyses.scenarios) > 1


def write(ctx: Context) -> None:
    scenarios = ctx.analyses.scenarios
    f = ctx.formats
    sheet = Sheet(ctx.workbook, NAME)
    base = scenarios[0]
    s = base.settings
    ctx.title_block(
        sheet,
        f"Scenarios – {s.service}",
        ctx.sign_note() + " The gap is a shortfall when positive.",
        when=f"{fy_label(base.years[0])} net variance and MTFP gap under each scenario, {as_at(base)}",
    )
    sheet.text(4, 0, f"The other sheets of this workbook show the scenario '{ctx.results.scenario}'.", f["note"],
               fit=False)

    years = [fy_label(y) for y in base.years]
    header = ["Scenario", f"Net variance\n{years[0]}", *years]
    last_col = len(header) - 1

    # Table 1: the figures.
    top = FIRST_ROW
    _header(sheet, ctx, top, header)
    rows = {}
    for i, result in enumerate(scenarios):
        r = top + 1 + i
        rows[result.scenario] = r
        sheet.text(r, 0, result.scenario, f["text_bold"] if i == 0 else f["text"])
        sheet.number(r, 1, ctx.sign * result.totals.net_variance, f["money"])
        for t, year in enumerate(result.mtfp):
            sheet.number(r, 2 + t, year.gap, f["money"])
    base_row = top + 1
    bottom = top + len(scenarios)

    # Tables 1b and 1c: each scenario's change in gap (formulas over table 1) and reserves at each year end.
    below = _plan_tables(ctx, sheet, bottom + 3, rows, years)

    # Table 2: difference from Base, as formulas over table 1.
    diff_top = below + 3
    sheet.text(
        diff_top - 1, 0, f"Difference from {base.scenario} (scenario − {base.scenario})", f["heading"], fit=False
    )
    _header(sheet, ctx, diff_top, header)
    from forecast.engine.compare import difference_from_base  # only a build with scenarios needs compare

    for i, result in enumerate(scenarios[1:]):
        r = diff_top + 1 + i
        source = rows[result.scenario]
        sheet.text(r, 0, result.scenario, f["text"])
        d = difference_from_base(base, result)
        values = [ctx.sign * d.net_variance, *d.gaps]
        for c in range(1, last_col + 1):
            formula = f"={cell(source, c)}-{cell(base_row, c, absolute=True)}"
            sheet.formula(r, c, formula, values[c - 1], f["money"])

    # Table 3: what each scenario changes (from the Scenarios input sheet).
    changes_top = diff_top + len(scenarios) + 2
    _changes(sheet, ctx, changes_top, ctx.analyses.scenario_rows)

    _chart(ctx, sheet, top, bottom, last_col, changes_top)
    sheet.table(top, bottom)
    sheet.table(diff_top, diff_top + len(scenarios) - 1, title_rows=1)
    sheet.table(changes_top, changes_top + len(ctx.analyses.scenario_rows), title_rows=1)
    sheet.freeze(top + 1, 1)
    sheet.cap_width(0, 40)
    sheet.fit_columns()
    ctx.page_setup(sheet, (top, top), f"{s.authority}: {NAME}")


def _plan_tables(ctx: Context, sheet: Sheet, top: int, rows: dict[str, int], years: Sequence[str]) -> int:
    """Change in gap from the year before and, when tracked, reserves at the year end, per scenario.

    Returns the last row written.
    """
    f = ctx.formats
    scenarios = ctx.analyses.scenarios
    tables: list[tuple[str, str]] = [("gap_change", "Change in gap from the year before")]
    if any(y.reserves_closing is not None for y in scenarios[0].mtfp):
        tables.append(("reserves_closing", "Reserves at the end of the year"))
        # rev 3 §6: every output that speaks of reserves also says what happens if the gaps were met from them
        tables.append(("reserves_if_gaps_met", "Reserves at the end of the year if each year's gap were met from them"))
    last = top
    for key, title in tables:
        sheet.text(top - 1, 0, f"{title} ({ctx.units})", f["heading"], fit=False)
        sheet.text(top, 0, "Scenario", f["header"])
        sheet.text(top, 1, "", f["header_num"])
        for c, year in enumerate(years, start=2):
            sheet.text(top, c, year, f["header_num"], fit=False)
        for i, result in enumerate(scenarios):
            r = top + 1 + i
            sheet.text(r, 0, result.scenario, f["text_bold"] if i == 0 else f["text"])
            source = rows[result.scenario]
            for t, year_result in enumerate(result.mtfp):
                value = getattr(year_result, key)
                if value is None:
                    sheet.blank(r, 2 + t, f["money"])
                elif key == "gap_change":  # this year's gap less last year's, from the table above
                    sheet.formula(r, 2 + t, f"={cell(source, 2 + t)}-{cell(source, 1 + t)}", value, f["money"])
                else:
                    sheet.number(r, 2 + t, value, f["money"])
        last = top + len(scenarios)
        sheet.table(top, last, title_rows=1)  # each prints whole with its title: the page plan can move it
        top = last + 3
    return last


def _header(sheet: Sheet, ctx: Context, row: int, header: Sequence[str]) -> None:
    # the gap columns are headed by their year alone, so the chart's categories read 2019/20, 2020/21, …
    f = ctx.formats
    sheet.text(row - 1, 2, f"MTFP gap by year ({ctx.units})", f["note"], fit=False)
    sheet.text(row, 0, header[0], f["header"])
    for c, text in enumerate(header[1:], start=1):
        sheet.text(row, c, text, f["header_num"], fit=False)
        sheet.min_width(c, 12)


def _changes(sheet: Sheet, ctx: Context, top: int, rows: Sequence[ScenarioRow]) -> None:
    f = ctx.formats
    sheet.text(
        top - 1, 0, "What each scenario changes (the Scenarios input sheet, applied in this order)", f["heading"]
    )
    for c, text in enumerate(("Scenario", "Sheet", "Row", "Column", "Change", "Value")):
        sheet.text(top, c, text, f["header"])
    for i, row in enumerate(rows):
        r = top + 1 + i
        words = (row.scenario, row.sheet, row_words(row.row, row.sheet), column_words(row.column), op_words(row.op))
        sheet.row_of_text(r, 0, words, f["text"])
        if isinstance(row.value, (int, float)) and not isinstance(row.value, bool):
            sheet.number(r, 5, float(row.value), f["plain_number"])
        else:
            sheet.text(r, 5, "" if row.value is None else str(row.value), f["text"])


def _chart(ctx: Context, sheet: Sheet, top: int, bottom: int, last_col: int, below: int) -> None:
    chart = ctx.workbook.add_chart({"type": "column"})
    for r in range(top + 1, bottom + 1):
        chart_series(chart, 
            {
                "name": [NAME, r, 0],
                "categories": [NAME, top, 2, top, last_col],
                "values": [NAME, r, 2, r, last_col],
            }
        )
    chart_title(chart, {"name": f"MTFP gap by year and scenario ({ctx.units})"})
    chart.set_y_axis({"num_format": ctx.layout.formats["money"], "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    scenarios = ctx.analyses.scenarios
    parts = "; ".join(
        f"{run.scenario} {run.mtfp[-1].gap:,.0f}" for run in scenarios if run.mtfp
    )
    last = fy_label(scenarios[0].mtfp[-1].year) if scenarios[0].mtfp else ""
    description = (
        f"Column chart of the MTFP gap in each year for each scenario ({ctx.units}), from the first table; "
        f"the gap in {last}: {parts}."
    )
    sheet.chart(below + len(ctx.analyses.scenario_rows) + 3, 0, chart, description, 720, 320)
