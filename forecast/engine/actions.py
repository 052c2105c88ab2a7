"""The improvement plan (calculations.md §11): overdue, RAG, sections, measures against targets, linked money.

Pure: checked Actions rows, History rows and the linked investments' money
in, plain frozen dataclasses out (``ImprovementPlan``); ``as_json`` gives the
``actions`` object of ``summary --json`` with outputs.md's keys.

- E = the period's end (``fy.period_end``): the last day of month P; P = 0,
  the day before the year starts.
- overdue = status ≠ complete and due ≤ E.
- rag: red when off track or overdue; amber when at risk, or not started and
  due ≤ ``add_months(E, 3)``; else green. A section's RAG is its worst action's.
- ``add_months`` is Excel's EDATE: the same day three calendar months on, or
  that month's last day when it has no such day (31 Aug → 30 Nov, 30 Nov →
  28 or 29 Feb). E is a month's last day, so E = 30 Sep gives 30 Dec, not
  31 Dec: the spec's "same day", as a checker's EDATE(E, 3) gives it.
- A measure's latest value is its latest History month's value (a month
  after the period counts: History may be more recent than the finance
  figures); met = latest ≥ target (direction up) or ≤ target (down).
- projected = latest × (1 + ĝ)^(n / 12), n = whole calendar months from the
  latest month to target_date's month, ĝ from the §8 fit over the measure's
  ``trend_months`` window; null without a trend, without a target or a
  target_date (the validator warns a target_date without a target), or when
  target_date's month is on or before the latest month; on_course =
  projected meets the target, null when projected is.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from forecast.fy import period_end
from forecast.inputs.sheets.actions import AT_RISK, COMPLETE, DOWN, NOT_STARTED, OFF_TRACK, ActionRow
from forecast.names import name_key

# ``fit`` and ``month_index`` are moving into the engine (another helper's work): import them from there then.
from forecast.engine.trend_fit import fit
from forecast.inputs.history_counts import month_index
from forecast.inputs.model import HistoryRow, Inputs, is_array
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.engine.results import InvestmentResult

GREEN, AMBER, RED = "green", "amber", "red"
RAGS: tuple[str, ...] = (GREEN, AMBER, RED)  # from best to worst
AMBER_MONTHS = 3  # a not-started action due within this many calendar months of E is amber


def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` moved by whole calendar months, its day kept or, when the month is shorter, that month's last (EDATE)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return _dt.date(year, month + 1, min(day.day, last))


def amber_horizon(end: _dt.date) -> _dt.date:
    """The last due date on which a not-started action is amber: the same day three calendar months after E."""
    return add_months(end, AMBER_MONTHS)


def is_overdue(row: ActionRow, end: _dt.date) -> bool:
    """Not complete and due on or before the period's last day."""
    return row.status != COMPLETE and row.due <= end


def rag_of(row: ActionRow, end: _dt.date) -> str:
    """§11's RAG of one action at period end ``end``."""
    if row.status == OFF_TRACK or is_overdue(row, end):
        return RED
    if row.status == AT_RISK or (row.status == NOT_STARTED and row.due <= amber_horizon(end)):
        return AMBER
    return GREEN


def worst(rags: Sequence[str]) -> str:
    """The worst of some RAGs (red over amber over green); green for none."""
    return max(rags, key=RAGS.index, default=GREEN)


def months_between(first: _dt.date, last: _dt.date) -> int:
    """Whole calendar months from ``first``'s month to ``last``'s (Sep 2025 → Mar 2026 is 6)."""
    return month_index(last) - month_index(first)


def met(value: float, target: float, direction: str) -> bool:
    """Whether ``value`` meets ``target``: at least it (up), at most it (down)."""
    return value <= target if direction == DOWN else value >= target


@frozen
class Money:
    """A linked investment's cost and saving by plan year (index t lines up with ``Results.years``)."""

    cost: tuple[float, ...]
    saving: tuple[float, ...]


@frozen
class MeasureResult:
    """A measure's latest History value against the action's target (§11); None where §11 says null."""

    latest: float | None
    latest_month: _dt.date | None
    met: bool | None
    growth: float | None  # ĝ of the §8 fit, when the measure has a trend
    months_to_target: int | None  # n
    projected: float | None
    on_course: bool | None
    points: tuple[tuple[_dt.date, float], ...] = ()  # the measure's History (month, value) in month order: its chart


@frozen
class ActionResult:
    row: ActionRow
    section: str  # the section as the plan reports it: its first row's spelling (the one name rule)
    rag: str
    overdue: bool
    measure: MeasureResult
    money: Money | None  # the linked investment's, when the action names one

    def as_json(self) -> dict[str, object]:
        r, m = self.row, self.measure
        return {
            "section": self.section, "action": r.action, "lead": r.lead or None, "due": r.due.isoformat(),
            "status": r.status, "rag": self.rag, "overdue": self.overdue, "measure": r.measure,
            "latest": m.latest, "target": r.target, "met": m.met, "projected": m.projected,
            "on_course": m.on_course,
        }


@frozen
class SectionResult:
    section: str  # as first spelt
    rag: str
    green: int
    amber: int
    red: int
    overdue: int

    @property
    def actions(self) -> int:
        return self.green + self.amber + self.red

    def as_json(self) -> dict[str, object]:
        return {"section": self.section, "rag": self.rag, "green": self.green, "amber": self.amber, "red": self.red}


@frozen
class ImprovementPlan:
    """§11 for one period: every action, each section, the overdue ones."""

    period_end: _dt.date  # E
    amber_until: _dt.date  # the same day three months after E
    sections: tuple[SectionResult, ...]
    items: tuple[ActionResult, ...]

    @property
    def overdue(self) -> tuple[ActionResult, ...]:
        return tuple(i for i in self.items if i.overdue)

    def count(self, rag: str) -> int:
        return sum(1 for i in self.items if i.rag == rag)

    def as_json(self) -> dict[str, object]:
        """outputs.md's ``actions`` object: {"sections", "overdue", "items"}."""
        return {
            "sections": [s.as_json() for s in self.sections],
            "overdue": len(self.overdue),
            "items": [i.as_json() for i in self.items],
        }


def measure_result(row: ActionRow, history: Mapping[str, Sequence[HistoryRow]], trend_months: int) -> MeasureResult:
    """The action's measure against its target (§11 and its null rules). ``history``: measure key → its rows."""
    rows = sorted(history.get(name_key(row.measure), ()), key=lambda h: h.month) if row.measure else []
    if not rows:
        return MeasureResult(None, None, None, None, None, None, None)
    latest, latest_month = rows[-1].value, rows[-1].month
    is_met = met(latest, row.target, row.direction) if row.target is not None else None
    found = fit(rows, trend_months)
    growth = found.growth if found is not None else None
    n = months_between(latest_month, row.target_date) if row.target_date is not None else None
    projected = on_course = None
    if growth is not None and n is not None and n > 0 and row.target is not None:
        projected = latest * (1 + growth) ** (n / 12)
        on_course = met(projected, row.target, row.direction)
    points = tuple((h.month, h.value) for h in rows)
    return MeasureResult(latest, latest_month, is_met, growth, n, projected, on_course, points)


def by_measure_key(history: Sequence[HistoryRow]) -> dict[str, list[HistoryRow]]:
    """History rows grouped by the one name rule's key of their measure."""
    out: dict[str, list[HistoryRow]] = {}
    for h in history:
        out.setdefault(name_key(h.measure), []).append(h)
    return out


def improvement_plan(
    rows: Sequence[ActionRow],
    financial_year: int,
    period: int,
    history: Sequence[HistoryRow] = (),
    trend_months: int = 24,
    money: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
) -> ImprovementPlan:
    """§11 for the actions at the end of period ``period`` of ``financial_year``.

    ``money``: investment name → (cost by plan year, saving by plan year), the
    engine's investment results; names match by the one name rule.
    """
    end = period_end(financial_year, period)
    grouped = by_measure_key(history)
    linked = {name_key(name): Money(tuple(map(float, c)), tuple(map(float, s))) for name, (c, s) in (money or {}).items()}
    spelt: dict[str, str] = {}
    for row in rows:
        spelt.setdefault(name_key(row.section), row.section)
    items = tuple(
        ActionResult(
            row=row,
            section=spelt[name_key(row.section)],
            rag=rag_of(row, end),
            overdue=is_overdue(row, end),
            measure=measure_result(row, grouped, trend_months),
            money=linked.get(name_key(row.investment)) if row.investment else None,
        )
        for row in rows
    )
    order: dict[str, list[ActionResult]] = {}
    for item in items:
        order.setdefault(name_key(item.section), []).append(item)
    sections = tuple(
        SectionResult(
            section=spelt[key],
            rag=worst([i.rag for i in members]),
            green=sum(1 for i in members if i.rag == GREEN),
            amber=sum(1 for i in members if i.rag == AMBER),
            red=sum(1 for i in members if i.rag == RED),
            overdue=sum(1 for i in members if i.overdue),
        )
        for key, members in order.items()
    )
    return ImprovementPlan(end, amber_horizon(end), sections, items)



def section_rags(plan: ImprovementPlan) -> dict[str, str]:
    """Section → its RAG, in plan order: one period's entry of ``history --json``'s ``actions`` ({period: this})."""
    return {s.section: s.rag for s in plan.sections}


@frozen
class StatusChange:
    """An action whose status differs between two input files (compare), matched by (section, action)."""

    section: str  # as the later file spells it
    action: str
    before: str
    after: str


def status_changes(before: Sequence[ActionRow], after: Sequence[ActionRow]) -> tuple[StatusChange, ...]:
    """The actions in both files whose status changed, in the later file's order; matched by the one name rule.

    An action in only one of the files is not a change of status (compare lists rows added or removed itself).
    """
    earlier = {(name_key(r.section), name_key(r.action)): r for r in before}
    out = []
    for row in after:
        was = earlier.get((name_key(row.section), name_key(row.action)))
        if was is not None and was.status != row.status:
            out.append(StatusChange(row.section, row.action, was.status, row.status))
    return tuple(out)


def investment_money(investments: Sequence[InvestmentResult]) -> dict[str, tuple[Sequence[float], Sequence[float]]]:
    """Investment name → (cost by plan year, saving by plan year) from the engine's results.

    A risk run's draws (arrays) are left out: an action's money is a scalar run's figure.
    """
    return {
        i.name: (i.cost, i.saving) for i in investments
        if not any(is_array(v) for v in (*i.cost, *i.saving))
    }


def plan_for(inputs: Inputs, investments: Sequence[InvestmentResult]) -> ImprovementPlan | None:
    """§11 for the inputs' Actions rows (None without any), with each linked investment's money."""
    if not inputs.actions:
        return None
    s = inputs.settings
    return improvement_plan(inputs.actions, s.financial_year, s.period, inputs.history, s.trend_months,
                            investment_money(investments))

