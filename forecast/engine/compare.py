"""Compare two forecasts (Month 4 vs Month 5, option A vs option B): what changed and which lines explain it.

Lines are matched by name (ignoring case and surrounding spaces); a line in
only one forecast counts as 0 in the other, so it still explains its share.
Lines come sorted so those that explain most of the change in net variance
come first (then by change in outturn, then in sheet order).
"""

from __future__ import annotations


from forecast.engine.actions import StatusChange, status_changes
from forecast.engine.results import LineResult, Results
from forecast.errors import ForecastError
from forecast.names import name_key
from forecast.records import frozen


@frozen
class LineChange:
    line: str
    group: str
    status: str  # "both", "only in A" or "only in B"
    outturn_a: float
    outturn_b: float
    net_variance_a: float
    net_variance_b: float
    budget_a: float
    budget_b: float
    earmark_drawn_a: float = 0.0  # issue 21: so outturn − budget − earmark drawn = net variance on each side
    earmark_drawn_b: float = 0.0

    @property
    def outturn_change(self) -> float:
        return self.outturn_b - self.outturn_a

    @property
    def net_variance_change(self) -> float:
        return self.net_variance_b - self.net_variance_a

    @property
    def budget_change(self) -> float:
        return self.budget_b - self.budget_a


@frozen
class YearChange:
    """One plan year in A and B: the gap, its change from the year before, and the reserves at the year end.

    None: the year is not in that plan (or, for the change in gap, it is that plan's first year; for
    reserves, that plan does not track them).
    """

    year: int
    gap_a: float | None
    gap_b: float | None
    gap_change_a: float | None = None  # the MTFP's change in gap from the year before, in A
    gap_change_b: float | None = None
    reserves_a: float | None = None  # reserves at the end of the year, in A
    reserves_b: float | None = None
    reserves_if_gaps_met_a: float | None = None  # issue 19: reserves at the end of the year if gaps were met, A
    reserves_if_gaps_met_b: float | None = None

    @property
    def reserves_if_gaps_met_difference(self) -> float | None:
        """B − A of the reserves at the end of the year if each year's gap were met from them."""
        return _difference(self.reserves_if_gaps_met_a, self.reserves_if_gaps_met_b)

    @property
    def gap_difference(self) -> float | None:
        """B − A of the year's gap."""
        return _difference(self.gap_a, self.gap_b)

    @property
    def gap_change_difference(self) -> float | None:
        """B − A of the year's change in gap (the new pressure that year)."""
        return _difference(self.gap_change_a, self.gap_change_b)

    @property
    def reserves_difference(self) -> float | None:
        """B − A of the reserves at the end of the year."""
        return _difference(self.reserves_a, self.reserves_b)


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else b - a


@frozen
class Side:
    """What identifies one of the two forecasts in the report."""

    label: str  # e.g. the input file's name
    authority: str
    financial_year: int
    period: int
    scenario: str


@frozen
class Comparison:
    a: Side
    b: Side
    units: str
    lines: tuple[LineChange, ...]  # biggest |change in net variance| first
    total: LineChange  # the service totals
    years: tuple[YearChange, ...]  # union of both plans' years, in order
    notes: tuple[str, ...]  # e.g. "A and B are different authorities"
    # Issue 24: the improvement plan's actions in both files whose status changed, matched by (section,
    # action) under the one name rule, in B's order
    actions: tuple[StatusChange, ...] = ()


def compare(a: Results, b: Results, label_a: str = "A", label_b: str = "B") -> Comparison:
    """B − A, line by line and plan year by plan year (ForecastError when the units differ)."""
    if a.settings.units != b.settings.units:
        raise ForecastError(
            f"{label_a} is in {a.settings.units} and {label_b} in {b.settings.units}: "
            "set the same units on both Settings sheets to compare them"
        )
    lines = _line_changes(a.lines, b.lines)
    order = {id(c): i for i, c in enumerate(lines)}
    ranked = sorted(
        lines, key=lambda c: (-abs(c.net_variance_change), -abs(c.outturn_change), order[id(c)])
    )
    total = LineChange(
        line="Total",
        group=a.totals.group,
        status="both",
        outturn_a=a.totals.outturn,
        outturn_b=b.totals.outturn,
        net_variance_a=a.totals.net_variance,
        net_variance_b=b.totals.net_variance,
        budget_a=a.totals.budget,
        budget_b=b.totals.budget,
        earmark_drawn_a=a.totals.earmark_drawn,
        earmark_drawn_b=b.totals.earmark_drawn,
    )
    return Comparison(
        a=_side(a, label_a),
        b=_side(b, label_b),
        units=a.settings.units,
        lines=tuple(ranked),
        total=total,
        years=_year_changes(a, b),
        notes=_notes(a, b, label_a, label_b),
        actions=status_changes(
            [i.row for i in a.actions.items] if a.actions else [], [i.row for i in b.actions.items] if b.actions else []
        ),
    )


def _line_changes(a: tuple[LineResult, ...], b: tuple[LineResult, ...]) -> list[LineChange]:
    by_key_b = {_key(r.line): r for r in b}
    keys_a = {_key(r.line) for r in a}
    changes = []
    for ra in a:
        rb = by_key_b.get(_key(ra.line))
        changes.append(_change(ra, rb, "both" if rb is not None else "only in A"))
    for rb in b:
        if _key(rb.line) not in keys_a:
            changes.append(_change(None, rb, "only in B"))
    return changes


def _change(ra: LineResult | None, rb: LineResult | None, status: str) -> LineChange:
    named = ra if ra is not None else rb
    assert named is not None
    return LineChange(
        line=named.line,
        group=named.group,
        status=status,
        outturn_a=ra.outturn if ra else 0.0,
        outturn_b=rb.outturn if rb else 0.0,
        net_variance_a=ra.net_variance if ra else 0.0,
        net_variance_b=rb.net_variance if rb else 0.0,
        budget_a=ra.budget if ra else 0.0,
        budget_b=rb.budget if rb else 0.0,
        earmark_drawn_a=ra.earmark_drawn if ra else 0.0,
        earmark_drawn_b=rb.earmark_drawn if rb else 0.0,
    )


def _year_changes(a: Results, b: Results) -> tuple[YearChange, ...]:
    plan_a = {y.year: y for y in a.mtfp}
    plan_b = {y.year: y for y in b.mtfp}
    out = []
    for year in sorted(plan_a.keys() | plan_b.keys()):
        ya, yb = plan_a.get(year), plan_b.get(year)
        out.append(
            YearChange(
                year,
                ya.gap if ya else None,
                yb.gap if yb else None,
                ya.gap_change if ya else None,
                yb.gap_change if yb else None,
                ya.reserves_closing if ya else None,
                yb.reserves_closing if yb else None,
                ya.reserves_if_gaps_met if ya else None,
                yb.reserves_if_gaps_met if yb else None,
            )
        )
    return tuple(out)


def _side(r: Results, label: str) -> Side:
    return Side(label, r.settings.authority, r.settings.financial_year, r.settings.period, r.scenario)


def _notes(a: Results, b: Results, label_a: str, label_b: str) -> tuple[str, ...]:
    notes = []
    if name_key(a.settings.authority) != name_key(b.settings.authority):
        notes.append(f"{label_a} is {a.settings.authority} and {label_b} is {b.settings.authority}")
    if a.settings.financial_year != b.settings.financial_year:
        notes.append(f"{label_a} and {label_b} are different financial years: plan years are matched by year")
    return tuple(notes)


def _key(line: str) -> str:
    return name_key(line)


@frozen
class ScenarioDifference:
    """One scenario against Base: year-0 net variance and each year's gap (scenario − Base)."""

    scenario: str
    net_variance: float
    gaps: tuple[float, ...]


def difference_from_base(base: Results, other: Results) -> ScenarioDifference:
    """``other`` − ``base`` for the figures the Scenarios sheet compares (same plan years: scenarios share them)."""
    gaps = tuple(o.gap - b.gap for o, b in zip(other.mtfp, base.mtfp, strict=True))
    return ScenarioDifference(
        scenario=other.scenario,
        net_variance=other.totals.net_variance - base.totals.net_variance,
        gaps=gaps,
    )
