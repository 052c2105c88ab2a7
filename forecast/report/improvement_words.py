"""The improvement plan in words: the narrative's sentence and the RAG key (calculations.md §11).

``sentence(plan)``: "12 of 31 actions green, 16 amber and 3 red, 3 overdue;
caseloads 21 against a target of 18 by March 2026, on course." Counts are by
RAG; then up to ``MEASURES_SHOWN`` measures with a target (the first action
naming each), the rest counted, so the narrative stays short whatever the
plan's size.
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from forecast.engine.actions import AMBER, GREEN, RED, ActionResult, ImprovementPlan
from forecast.engine.results import Results
from forecast.inputs.sheets.actions import DOWN
from forecast.names import name_key
from forecast.report.rows import Table, TableRow

MEASURES_SHOWN = 3


def figure(value: float) -> str:
    """A measure's value as a reader says it: whole when it is (21), else one decimal rounded half up (33.25 → 33.3), with commas."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)  # half up, as Excel's 0.0 shows it
    return f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.1f}"


def _day(value: _dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _counts(plan: ImprovementPlan) -> str:
    n = len(plan.items)
    green, amber, red = plan.count(GREEN), plan.count(AMBER), plan.count(RED)
    overdue = len(plan.overdue)
    noun = "action" if n == 1 else "actions"
    return (f"{green} of {n} improvement plan {noun} green, {amber} amber and {red} red, "
            f"{'none' if overdue == 0 else overdue} overdue")


def measure_clause(item: ActionResult) -> str:
    """``caseloads 21 against a target of 18 by March 2026, on course`` for one action's measure and target."""
    row, m = item.row, item.measure
    assert row.measure is not None and row.target is not None
    by = f" by {row.target_date:%B %Y}" if row.target_date is not None else ""
    target = f"a target of {figure(row.target)}{by}"
    if m.latest is None:
        return f"{row.measure} has no figure in History yet against {target}"
    head = f"{row.measure} {figure(m.latest)} against {target}"
    if m.on_course is not None and m.projected is not None:
        if m.on_course:
            return f"{head}, on course"
        return f"{head}, not on course (projected {figure(m.projected)})"
    if m.met:
        return f"{head}, met"
    return f"{head}, not yet met"


def sentence(plan: ImprovementPlan) -> str:
    """The narrative's one sentence on the improvement plan; "" when the plan has no actions."""
    if not plan.items:
        return ""
    clauses: list[str] = []
    seen: set[str] = set()
    for item in plan.items:
        row = item.row
        if row.measure is None or row.target is None or name_key(row.measure) in seen:
            continue
        seen.add(name_key(row.measure))
        clauses.append(measure_clause(item))
    text = _counts(plan)
    if clauses:
        shown = clauses[:MEASURES_SHOWN]
        rest = len(clauses) - len(shown)
        text += "; " + "; ".join(shown)
        if rest:
            text += f"; {rest} other measure{'s' if rest != 1 else ''} on the Improvement Plan sheet"
    return text[0].upper() + text[1:] + "."


def rag_key(plan: ImprovementPlan) -> tuple[str, ...]:
    """The RAG key printed under the actions table: each RAG's meaning with this period's dates."""
    end, until = _day(plan.period_end), _day(plan.amber_until)
    return (
        f"Red: off track, or overdue (not complete and due on or before {end}, the end of the period reported).",
        f"Amber: at risk, or not started and due on or before {until} (three months after the period's end).",
        "Green: on track, complete, or not started and due later.",
        "A section's RAG is its worst action's. A measure is met when its latest value is at least the target "
        "(higher is better) or at most it (lower is better); projected is the latest value grown at the measure's "
        "yearly trend to the target date, and on course when that meets the target.",
    )


def direction_words(direction: str) -> str:
    return "lower is better" if direction == DOWN else "higher is better"


def improvement_plan_table(plan: ImprovementPlan) -> Table:
    """The paste-ready improvement-plan table (``forecast tables``): one row per action, every cell text.

    Measures are in their own units, so their figures are written as ``figure`` says them, not as money.
    """
    columns = ("Action", "Section", "Lead", "Due", "Status", "RAG", "Overdue", "Measure", "Latest", "Target",
               "Target date", "Projected", "On course")
    rows = []
    for item in plan.items:
        a, m = item.row, item.measure

        def number(value: float | None) -> str:
            return "" if value is None else figure(value)

        on_course = "" if m.on_course is None else "yes" if m.on_course else "no"
        latest = "not in History" if a.measure is not None and m.latest is None else number(m.latest)
        target_date = _day(a.target_date) if a.target_date is not None and a.target is not None else ""
        rows.append(TableRow(a.action, (
            item.section, a.lead, _day(a.due), a.status.capitalize(), item.rag.capitalize(),
            "Yes" if item.overdue else "No", a.measure or "", latest, number(a.target), target_date,
            number(m.projected), on_course,
        )))
    return Table("improvement-plan", "Improvement plan", columns, tuple(rows), ("text",) * len(columns))


# -- What summary.py and narrative.py take from here (their owner adds the one line each) ----------------------


def actions_json(results: Results) -> dict[str, Any] | None:
    """``summary --json``'s ``actions`` (outputs.md): {"sections", "overdue", "items"}; None without actions."""
    plan = results.actions
    return plan.as_json() if plan is not None and plan.items else None


def narrative_sentence(results: Results) -> str | None:
    """The narrative's sentence on the improvement plan; None without actions."""
    plan = results.actions
    return sentence(plan) if plan is not None and plan.items else None
