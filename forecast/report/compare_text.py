"""The terminal table of ``forecast compare``: what changed from A to B, biggest explanation first.

Formatting only; the figures come from ``forecast.engine.compare``. Money is
shown as in ``forecast summary`` (thousands separators, brackets for
negatives) by the same helpers.
"""

from __future__ import annotations

from forecast.engine.compare import Comparison, LineChange, Side
from forecast.fy import fy_label, period_label
from forecast.report.summary import money_text, text_table

UNCHANGED = 1e-9  # a change this small is arithmetic noise, not a change


def changed(c: LineChange) -> bool:
    return abs(c.net_variance_change) > UNCHANGED or abs(c.outturn_change) > UNCHANGED or c.status != "both"


def _describe(side: Side) -> str:
    when = period_label(side.period)
    return f"{side.label} ({side.authority}, {when} {fy_label(side.financial_year)}, scenario {side.scenario})"


def compare_text(result: Comparison) -> str:
    """The whole report as text, ending in a newline."""
    out = [
        f"A: {_describe(result.a)}",
        f"B: {_describe(result.b)}",
        f"Figures in {result.units}; change = B − A; the lines that explain most of the change come first.",
    ]
    out += [f"Note: {note}." for note in result.notes]
    moved = [c for c in result.lines if changed(c)]
    rows = [_line_row(c) for c in moved] + [_line_row(result.total)]
    head = ["Line", "Outturn A", "Outturn B", "Change", "Net var A", "Net var B", "Change"]
    out += ["", *text_table(head, rows)]
    unchanged = len(result.lines) - len(moved)
    if unchanged:
        out.append(f"  ({unchanged} line{'s' if unchanged != 1 else ''} unchanged)")
    if result.years:
        labels = [fy_label(y.year) for y in result.years]
        for title, figures in year_tables(result):
            # a change in gap has no value in a plan's first year: blank there, not "n/a"
            blank = "" if title.startswith("Change") else "n/a"
            shown = [[label, *(blank if v is None else money_text(v) for v in values)] for label, values in figures]
            out += ["", *text_table([title, *labels], shown)]
    if result.actions:  # issue 24
        out += ["", "Improvement plan actions whose status changed:", *text_table(
            ["Section", "Action", "Status A", "Status B"],
            [[c.section, c.action, c.before, c.after] for c in result.actions],
        )]
    return "\n".join(out) + "\n"


def year_tables(result: Comparison) -> list[tuple[str, list[tuple[str, list[float | None]]]]]:
    """The plan-year tables of a comparison: gap, change in gap and (when either tracks them) reserves.

    Each is (title, [(row label, value by year)]) with rows A, B and B − A; the workbook and the text
    show the same tables.
    """
    years = result.years
    tables = [
        ("MTFP gap", [("A", [y.gap_a for y in years]), ("B", [y.gap_b for y in years]),
                      ("B − A", [y.gap_difference for y in years])]),
        ("Change in gap from the year before", [
            ("A", [y.gap_change_a for y in years]), ("B", [y.gap_change_b for y in years]),
            ("B − A", [y.gap_change_difference for y in years])]),
    ]
    if any(y.reserves_a is not None or y.reserves_b is not None for y in years):
        tables.append(("Reserves at the end of the year", [
            ("A", [y.reserves_a for y in years]), ("B", [y.reserves_b for y in years]),
            ("B − A", [y.reserves_difference for y in years])]))
        tables.append(("Reserves at the end of the year if each year's gap were met from them", [
            ("A", [y.reserves_if_gaps_met_a for y in years]), ("B", [y.reserves_if_gaps_met_b for y in years]),
            ("B − A", [y.reserves_if_gaps_met_difference for y in years])]))
    return tables


def _gap(value: float | None) -> str:
    return "n/a" if value is None else money_text(value)  # a year outside that plan, not a zero gap


def _line_row(c: LineChange) -> list[str]:
    name = c.line if c.status == "both" else f"{c.line} ({c.status})"
    return [
        name,
        money_text(c.outturn_a),
        money_text(c.outturn_b),
        money_text(c.outturn_change),
        money_text(c.net_variance_a),
        money_text(c.net_variance_b),
        money_text(c.net_variance_change),
    ]
