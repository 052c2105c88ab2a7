"""The terminal table of ``forecast compare``: what changed from A to B, biggest explanation first.

Formatting only; the figures come from ``forecast.engine.compare``. Money is
shown as in ``forecast summary`` (thousands separators, brackets for
negatives) by the same helpers.
"""

from __future__ import annotations

from forecast.engine.compare import Comparison, LineChange, Side
from forecast.fy import fy_label
from forecast.report.summary import money_text, text_table

UNCHANGED = 1e-9  # a change this small is arithmetic noise, not a change


def changed(c: LineChange) -> bool:
    return abs(c.net_variance_change) > UNCHANGED or abs(c.outturn_change) > UNCHANGED or c.status != "both"


def _describe(side: Side) -> str:
    when = f"Month {side.period}" if side.period else "Budget setting"
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
        gap_rows = [
            ["A", *(_gap(y.gap_a) for y in result.years)],
            ["B", *(_gap(y.gap_b) for y in result.years)],
            ["Change", *(_gap(y.gap_change) for y in result.years)],
        ]
        out += ["", *text_table(["MTFP gap", *labels], gap_rows)]
    return "\n".join(out) + "\n"


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
