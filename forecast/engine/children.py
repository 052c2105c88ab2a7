"""Placements from the children list (calculations.md §12): each placement costed to its end.

A pure function of the list, the settings and what the Budget and Placements sheets say about each
line: ``run(rows, settings, lines)`` → ``ChildrenResult``. Nothing here reads a file. Figures are
unrounded and in the workbook's units (``k``); weekly costs are in £.

Notation as §12: E = the period's last day (P = 0: the day before the year starts), Y = 31 March of
the financial year, S = 1 April (the year's first day), n = 12 − P months left.

Per row: weekly_i, last_i, from_i, days_i, cost_i; per line and type: children and weekly cost from
the rows active on E, entrants_cost, ``commitments`` = Σ cost_i (the list's cost from each row's
``paid_to`` to its end or Y: what the ledger has still to pay for the children on the list),
``known_ends``, ``implied_to_date``; the outturn = actual_to_date + commitments + entrants_cost.
Data-quality problems come back as ``Issue``s named by child and row (errors and warnings); the
figures are still computed for rows whose cost could be read, but an error means no build.

See docs/children.md for every decision where §12 is silent.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, replace

from forecast.fy import fy_label, period_end
from forecast.inputs.children_model import RATE_UNIT_WEEKS, RATE_UNITS, ZERO_COST_TYPES, ChildRow, key
from forecast.inputs.model import PlacementRow, Settings, is_array
from forecast.names import quoted
from forecast.records import frozen

HIGH_COST_WEEKLY = 10_000.0  # Settings high_cost_weekly default (£ a week)
IMPLIED_TOLERANCE = 0.05  # implied_to_date warned when the ledger differs by more than this share of it
MEDIAN_MULTIPLE = 3.0  # a weekly cost over this × its type's median is warned

ERROR, WARNING = "error", "warning"
# Issue kinds, one summary line each in validate (the wording of that line is the wiring's)
END_BEFORE_START = "planned_end before start"
OVERLAP = "two placements active on one day"
REPEATED = "repeated row"
NO_COST = "blank weekly cost"
NEGATIVE_COST = "negative weekly cost"
ZERO_COST = "zero weekly cost"
COST_AND_RATE = "both weekly_cost and rate"
RATE_NO_UNIT = "rate without rate_unit"
UNKNOWN_UNIT = "unknown rate_unit"
NOT_PLACEMENTS = "line not placements"
NO_ENTRANT_COST = "entrants without a weekly cost"
OVER_18 = "18 or over without after_18"
PAID_AFTER_END = "paid_to after the period"
OVER_MEDIAN = "weekly cost over 3 × its type's median"
UNIT_NO_RATE = "rate_unit without rate"
IMPLIED_DIFFERS = "implied to date differs from the ledger"
DOB_DIFFERS = "two dates of birth for one child"


@frozen
class TypeBasis:
    """What the Placements sheet says about one type of a list-driven line."""

    placement_type: str
    entrants: float = 0.0  # new placements expected a month for the rest of the year
    budget_weekly_cost: float | None = None  # £ a week; w for entrants when no row of the type is active on E


@frozen
class LineBasis:
    """What the Budget and Placements sheets say about one Budget line."""

    line: str
    method: str
    actual_to_date: float = 0.0
    types: tuple[TypeBasis, ...] = ()


@frozen
class Issue:
    """One data-quality problem, named by child and row (``child`` None: hidden, or about a whole line)."""

    kind: str
    severity: str
    message: str
    child: str | None = None
    row: int | None = None
    source: str = "Children"
    line: str = ""

    @property
    def place(self) -> str:
        return f"{self.source} row {self.row}" if self.row is not None else self.source

    @property
    def text(self) -> str:
        """``Children row 14 (child 'C-1042'): …``, or without the child when hidden or not about one."""
        who = f" (child {quoted(self.child)})" if self.child is not None else ""
        return f"{self.place}{who}: {self.message}"


@frozen
class RowCost:
    """§12 for one row; ``weekly`` None when its cost could not be read (an error says why)."""

    row: ChildRow
    weekly: float | None
    birthday_18: _dt.date | None  # the 18th birthday (29 February → 1 March)
    last_day: _dt.date | None  # planned end or the day before the 18th birthday, not capped at Y
    last: _dt.date  # last_i: last_day capped at Y
    from_day: _dt.date  # from_i
    days: int  # days_i
    cost: float  # cost_i (0 when weekly is None)
    active_on_e: bool
    known_end: float  # this row's part of known_ends (0 unless active on E)
    implied_to_date: float


@frozen
class TypeResult:
    """One placement type of a list-driven line."""

    line: str
    placement_type: str
    children: int  # rows active on E
    weekly_cost: float | None  # their mean weekly_i; None when no row of the type is active on E
    entrants: float
    entrants_weekly: float  # w (0 when entrants is 0 and nothing gives one)
    entrants_cost: float
    commitments: float
    known_ends: float
    implied_to_date: float


@frozen
class LineResult:
    """§12 for one line with Children rows (the JSON's ``placements.lines[line]`` keys)."""

    line: str
    actual_to_date: float
    commitments: float
    entrants_cost: float
    outturn: float
    known_ends: float
    implied_to_date: float
    types: tuple[TypeResult, ...]

    @property
    def children(self) -> int:
        return sum(t.children for t in self.types)


@frozen
class HighCost:
    """A placement listed by name (weekly_i ≥ high_cost_weekly, active on E)."""

    child: str
    line: str
    placement_type: str
    weekly_cost: float
    provider: str
    last_day: _dt.date | None  # planned end or the day before the 18th birthday, not capped at Y
    row: int
    source: str = "Children"


@frozen
class ChildrenResult:
    period_end: _dt.date  # E
    year_end: _dt.date  # Y
    rows: tuple[RowCost, ...]
    lines: tuple[LineResult, ...]
    high_cost: tuple[HighCost, ...]
    aged_out: tuple[tuple[int, int], ...]  # (plan year's first calendar year, cumulative children), t ≥ 1
    issues: tuple[Issue, ...] = field(default=())

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    def line(self, name: str) -> LineResult:
        wanted = key(name)
        return next(r for r in self.lines if key(r.line) == wanted)

    @property
    def aged_out_by_year(self) -> dict[str, int]:
        """``{"2026/27": 3, …}``: the JSON's ``placements.aged_out``."""
        return {fy_label(year): count for year, count in self.aged_out}


# -- dates ---------------------------------------------------------------------------------------------

_DAY = _dt.timedelta(days=1)


def eighteenth_birthday(date_of_birth: _dt.date) -> _dt.date:
    """The 18th birthday; a child born on 29 February turns 18 on 1 March (the day after 28 February)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + 18)
    except ValueError:  # 29 February in a year that has none
        return _dt.date(date_of_birth.year + 18, 3, 1)


def year_end(financial_year: int) -> _dt.date:
    """Y: 31 March of the financial year."""
    return _dt.date(financial_year + 1, 3, 31)


def last_day(row: ChildRow) -> _dt.date | None:
    """The earliest of planned_end and the day before the 18th birthday (unless after_18); None if neither."""
    ends = [row.planned_end] if row.planned_end is not None else []
    if row.date_of_birth is not None and not row.after_18:
        ends.append(eighteenth_birthday(row.date_of_birth) - _DAY)
    return min(ends) if ends else None


def active_on(row: ChildRow, day: _dt.date) -> bool:
    """start ≤ day ≤ last_i, with last_i's cap at Y lifted (an open row is active from its start on)."""
    end = last_day(row)
    return row.start <= day and (end is None or day <= end)


# -- one row -------------------------------------------------------------------------------------------


def weekly_of(row: ChildRow) -> tuple[float | None, list[Issue]]:
    """weekly_i: weekly_cost, or rate × 7 (night, day) or × 1 (week); None with the errors when unreadable."""
    issues: list[Issue] = []

    def issue(kind: str, message: str, severity: str = ERROR) -> None:
        issues.append(_issue(row, kind, message, severity))

    unit = row.rate_unit.strip().lower() if row.rate_unit and row.rate_unit.strip() else None
    if unit is not None and unit not in RATE_UNITS:
        issue(UNKNOWN_UNIT, f"rate_unit {quoted(row.rate_unit or '')} is not one of {', '.join(RATE_UNITS)}")
    if row.weekly_cost is not None and row.rate is not None:
        issue(COST_AND_RATE, "give weekly_cost or rate, not both (which one is the cost?)")
        return None, issues
    weekly: float | None
    if row.rate is not None:
        if unit is None:
            issue(RATE_NO_UNIT, f"rate £{row.rate:,.2f} has no rate_unit: write night, day or week")
            return None, issues
        if unit not in RATE_UNITS:
            return None, issues
        weekly = row.rate * RATE_UNIT_WEEKS[unit]
    elif row.weekly_cost is None:
        issue(NO_COST, "weekly_cost is blank (and there is no rate): enter the cost, 0 only if nothing is paid")
        return None, issues
    else:
        weekly = row.weekly_cost
        if unit in RATE_UNITS:
            issue(UNIT_NO_RATE, f"rate_unit {unit} is given with no rate: weekly_cost is read as £ a week", WARNING)
    if weekly < 0:
        issue(NEGATIVE_COST, f"weekly cost is negative (£{weekly:,.2f}): a refund belongs in the ledger, not the list")
        return None, issues
    if weekly == 0 and key(row.placement_type) not in _ZERO_TYPES:
        issue(ZERO_COST, f"weekly cost is 0: only {' and '.join(ZERO_COST_TYPES)} may cost nothing")
        return None, issues
    return weekly, issues


_ZERO_TYPES = {key(t) for t in ZERO_COST_TYPES}


def _issue(row: ChildRow, kind: str, message: str, severity: str = ERROR) -> Issue:
    return Issue(kind, severity, message, row.child, row.row, row.source, row.line)


def row_cost(row: ChildRow, weekly: float | None, settings: Settings) -> RowCost:
    """§12's figures for one row, given its weekly_i (None: costed at nothing)."""
    e = period_end(settings.financial_year, settings.period)
    y = year_end(settings.financial_year)
    return _row_cost(row, weekly, e, y, _dt.date(settings.financial_year, 4, 1), settings.k)


def _row_cost(row: ChildRow, weekly: float | None, e: _dt.date, y: _dt.date, s: _dt.date, k: float) -> RowCost:
    birthday = eighteenth_birthday(row.date_of_birth) if row.date_of_birth is not None else None
    end = last_day(row)
    last = y if end is None or end > y else end
    paid = row.paid_to if row.paid_to is not None else e
    from_day = max(paid + _DAY, row.start)
    days = max(0, (last - from_day).days + 1)
    valid_dates = row.planned_end is None or row.planned_end >= row.start
    active = valid_dates and row.start <= e and (end is None or e <= end)
    daily = (weekly or 0.0) / 7 / k
    known_end = daily * (max(0, (y - from_day).days + 1) - days) if active else 0.0
    implied_days = max(0, (min(paid, last) - max(row.start, s)).days + 1)
    return RowCost(
        row=row,
        weekly=weekly,
        birthday_18=birthday,
        last_day=end,
        last=last,
        from_day=from_day,
        days=days,
        cost=daily * days,
        active_on_e=active,
        known_end=known_end,
        implied_to_date=daily * implied_days,
    )


# -- the list ------------------------------------------------------------------------------------------


def run(
    rows: Sequence[ChildRow],
    settings: Settings,
    lines: Sequence[LineBasis],
    high_cost_weekly: float = HIGH_COST_WEEKLY,
) -> ChildrenResult:
    """§12 over the whole list: every row's cost, each list-driven line's figures, high cost, aging out.

    ``lines`` gives every Budget line's method and actual to date and, for list-driven lines, the
    Placements rows' entrants and budget weekly cost by type. Rows naming a line that is not a
    ``placements`` line are errors and take no part in the figures.
    """
    fy, k = settings.financial_year, settings.k
    e = period_end(fy, settings.period)
    y = year_end(fy)
    s = _dt.date(fy, 4, 1)
    issues: list[Issue] = []
    basis = {key(b.line): b for b in lines}

    costs: list[RowCost] = []
    for row in rows:
        weekly, found = weekly_of(row)
        issues += found
        b = basis.get(key(row.line))
        if b is None:
            issues.append(_issue(row, NOT_PLACEMENTS, f"line {quoted(row.line)} is not a Budget line"))
        elif b.method != "placements":
            issues.append(_issue(
                row, NOT_PLACEMENTS,
                f"line {quoted(b.line)} is a {b.method} line: the list costs placements lines only"))
        if row.planned_end is not None and row.planned_end < row.start:
            issues.append(_issue(
                row, END_BEFORE_START,
                f"planned_end {row.planned_end.isoformat()} is before start {row.start.isoformat()}"))
        cost = _row_cost(row, weekly, e, y, s, k)
        costs.append(cost)
        if row.paid_to is not None and row.paid_to > e:
            issues.append(_issue(
                row, PAID_AFTER_END,
                f"paid_to {row.paid_to.isoformat()} is after the period's end {e.isoformat()}: "
                "the days to it are taken as paid", WARNING))
    issues += _still_open_at_18(costs, e)
    issues += _two_birthdays(rows)
    issues += _repeats_and_overlaps(costs)

    usable = [c for c in costs if c.weekly is not None and _placements_line(c.row, basis)]
    issues += _over_median(usable)
    usable_on: dict[str, list[RowCost]] = {}  # each line's rows in order, found once (a list may have thousands)
    for c in usable:
        usable_on.setdefault(key(c.row.line), []).append(c)
    computed = [_line(b, usable_on.get(key(b.line), []), settings, issues) for b in lines if b.method == "placements"]
    line_results = [r for r in computed if r is not None]

    high = sorted(
        (c for c in usable if c.active_on_e and c.weekly is not None and c.weekly >= high_cost_weekly),
        key=lambda c: (-(c.weekly or 0.0), c.row.row),
    )
    high_cost = tuple(
        HighCost(c.row.child, _line_name(c.row, basis), c.row.placement_type, c.weekly or 0.0, c.row.provider,
                 c.last_day, c.row.row, c.row.source)
        for c in high
    )
    aged_out = tuple(
        (fy + t, sum(1 for c in usable if c.active_on_e and not c.row.after_18 and c.birthday_18 is not None
                     and c.birthday_18 <= _dt.date(fy + t, 4, 1)))
        for t in range(1, settings.mtfp_years)
    )
    return ChildrenResult(e, y, tuple(costs), tuple(line_results), high_cost, aged_out, tuple(issues))


def _placements_line(row: ChildRow, basis: Mapping[str, LineBasis]) -> bool:
    b = basis.get(key(row.line))
    return b is not None and b.method == "placements"


def _line_name(row: ChildRow, basis: Mapping[str, LineBasis]) -> str:
    b = basis.get(key(row.line))
    return b.line if b is not None else row.line


def _still_open_at_18(costs: Sequence[RowCost], e: _dt.date) -> list[Issue]:
    """Rows still open on E (planned end blank or on or after E) of a child 18 or over on E, not after_18.

    Such a row is not active on E (it ends the day before the birthday), so the list says nothing
    about the child now: warned, unless another row of the child is active on E (Staying Put, a care
    leaver's placement carrying on from the birthday).
    """
    carried_on = {key(c.row.child) for c in costs if c.active_on_e}
    issues = []
    for c in costs:
        row = c.row
        if (
            c.birthday_18 is not None
            and not row.after_18
            and c.birthday_18 <= e
            and row.start <= e
            and (row.planned_end is None or row.planned_end >= e)
            and key(row.child) not in carried_on
        ):
            issues.append(_issue(
                row, OVER_18,
                f"the child turned 18 on {c.birthday_18.isoformat()}, by the period's end, and the placement "
                "is still open: it is costed to the day before the birthday; write after_18 yes if it continues "
                "(Staying Put, care leavers), or close it", WARNING))
    return issues


def _two_birthdays(rows: Sequence[ChildRow]) -> list[Issue]:
    """A child whose rows give different dates of birth: which 18th birthday ends the placement?"""
    first: dict[str, ChildRow] = {}
    issues = []
    for row in rows:
        if row.date_of_birth is None:
            continue
        seen = first.setdefault(key(row.child), row)
        if seen.date_of_birth != row.date_of_birth:
            issues.append(_issue(
                row, DOB_DIFFERS,
                f"date_of_birth {row.date_of_birth.isoformat()} differs from row {seen.row}'s "
                f"({seen.date_of_birth.isoformat() if seen.date_of_birth else ''}): each row is costed to its own "
                "18th birthday; correct the wrong one", WARNING))
    return issues


def _same(row: ChildRow) -> tuple[object, ...]:
    """Everything a row says, but where it is: two rows equal on this are one placement typed twice."""
    return (key(row.child), key(row.line), key(row.placement_type), row.weekly_cost, row.rate,
            (row.rate_unit or "").strip().lower(), row.start, row.planned_end, row.date_of_birth, row.after_18,
            row.paid_to, key(row.provider), row.uasc)


def _repeats_and_overlaps(costs: Sequence[RowCost]) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[tuple[object, ...], ChildRow] = {}
    by_child: dict[str, list[RowCost]] = {}
    for c in costs:
        same = _same(c.row)
        if same in first:
            issues.append(_issue(c.row, REPEATED, f"repeats row {first[same].row}: delete one of them"))
            continue
        first[same] = c.row
        if c.row.planned_end is not None and c.row.planned_end < c.row.start:
            continue  # already an error; it has no days to overlap on
        by_child.setdefault(key(c.row.child), []).append(c)
    for placements in by_child.values():
        if len(placements) < 2:
            continue
        placements.sort(key=lambda c: (c.row.start, c.row.row))
        holder = placements[0]  # the row whose end reaches furthest so far
        for c in placements[1:]:
            if holder.last_day is None or c.row.start <= holder.last_day:
                issues.append(_issue(
                    c.row, OVERLAP,
                    f"this placement and row {holder.row.row}'s are both active on {c.row.start.isoformat()}: "
                    "end the earlier one (planned_end) the day before the later starts, or delete one"))
            if holder.last_day is not None and (c.last_day is None or c.last_day > holder.last_day):
                holder = c
    return issues


def _median(values: list[float]) -> float:
    """The middle value, or the mean of the two middle ones (``statistics.median``, whose import, with
    ``fractions`` and ``decimal``, cost a build 4 ms: issue 25)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _over_median(usable: Sequence[RowCost]) -> list[Issue]:
    groups: dict[tuple[str, str], list[RowCost]] = {}
    for c in usable:
        if c.active_on_e:
            groups.setdefault((key(c.row.line), key(c.row.placement_type)), []).append(c)
    issues = []
    for group in groups.values():
        median = _median([c.weekly or 0.0 for c in group])
        for c in group:
            if (c.weekly or 0.0) > MEDIAN_MULTIPLE * median:
                issues.append(_issue(
                    c.row, OVER_MEDIAN,
                    f"weekly cost £{c.weekly or 0.0:,.2f} is over 3 × the median of the {len(group)} "
                    f"{c.row.placement_type} placements active at the period's end (£{median:,.2f}): "
                    "check it is a weekly figure", WARNING))
    return issues


def _line(b: LineBasis, costs: Sequence[RowCost], settings: Settings, issues: list[Issue]) -> LineResult | None:
    if not costs:
        return None  # no Children rows: the line is forecast from its Placements rows as before
    k, n = settings.k, 12 - settings.period
    months = settings.weeks_per_year / 12 * n * n / 2 / k
    types: dict[str, tuple[str, list[RowCost]]] = {}
    for t in b.types:
        types.setdefault(key(t.placement_type), (t.placement_type, []))
    for c in costs:
        types.setdefault(key(c.row.placement_type), (c.row.placement_type, []))[1].append(c)
    by_type = {key(t.placement_type): t for t in b.types}
    results = []
    for type_key, (name, rows) in types.items():
        active = [c.weekly or 0.0 for c in rows if c.active_on_e]
        mean = sum(active) / len(active) if active else None
        t = by_type.get(type_key, TypeBasis(name))
        w = mean if mean is not None else t.budget_weekly_cost
        if w is None:
            if not is_array(t.entrants) and t.entrants:
                issues.append(Issue(
                    NO_ENTRANT_COST, ERROR,
                    f"{b.line}, {name}: {t.entrants:g} entrants a month but no {name} placement is active at the "
                    "period's end and the Placements row has no budget_weekly_cost to cost them at",
                    line=b.line, source="Placements"))
            w = 0.0
        results.append(TypeResult(
            line=b.line,
            placement_type=name,
            children=len(active),
            weekly_cost=mean,
            entrants=t.entrants,
            entrants_weekly=w,
            entrants_cost=t.entrants * w * months,
            commitments=sum(c.cost for c in rows),
            known_ends=sum(c.known_end for c in rows),
            implied_to_date=sum(c.implied_to_date for c in rows),
        ))
    commitments = sum(t.commitments for t in results)
    entrants_cost = sum(t.entrants_cost for t in results)
    implied = sum(t.implied_to_date for t in results)
    # a risk draw's array of actuals is not warned about (validate warns on the inputs as given)
    if not is_array(b.actual_to_date) and abs(implied - b.actual_to_date) > IMPLIED_TOLERANCE * implied:
        issues.append(Issue(
            IMPLIED_DIFFERS, WARNING,
            f"{b.line}: the list implies {_money(implied, k)} to date, the ledger holds "
            f"{_money(b.actual_to_date, k)} (more than {IMPLIED_TOLERANCE:.0%} apart): check paid_to, "
            "missing or closed placements, or costs not in the ledger yet",
            line=b.line, source="Budget"))
    return LineResult(
        line=b.line,
        actual_to_date=b.actual_to_date,
        commitments=commitments,
        entrants_cost=entrants_cost,
        outturn=b.actual_to_date + commitments + entrants_cost,
        known_ends=sum(t.known_ends for t in results),
        implied_to_date=implied,
        types=tuple(results),
    )


def _money(amount: float, k: float) -> str:
    return f"£{amount:,.0f}k" if k == 1000 else f"£{amount:,.0f}"


# -- what the rest of the engine sees -------------------------------------------------------------------


def derived_placements(rows: Iterable[PlacementRow], result: ChildrenResult) -> list[PlacementRow]:
    """Placements rows with children and weekly_cost replaced on list-driven lines (§12).

    children = the type's rows active on E; weekly_cost = their mean weekly_i, or, when none is
    active, the row's budget_weekly_cost (it then multiplies 0 children, so no figure depends on it).
    Rows of other lines come back unchanged. Warning that typed values were replaced is the wiring's.
    """
    types = {(key(t.line), key(t.placement_type)): t for r in result.lines for t in r.types}
    listed = {key(r.line) for r in result.lines}
    out = []
    for row in rows:
        t = types.get((key(row.line), key(row.placement_type)))
        if t is None:
            if key(row.line) in listed:
                row = replace(row, children=0.0)  # a type with no Children rows has no children on the list
            out.append(row)
            continue
        weekly = t.weekly_cost if t.weekly_cost is not None else row.budget_weekly_cost
        out.append(replace(row, children=float(t.children), weekly_cost=weekly))
    return out


# -- privacy -------------------------------------------------------------------------------------------


def row_label(row: int) -> str:
    """What stands for a child's ID when Settings child_ids = hide."""
    return f"row {row}"


def hide_child_ids(result: ChildrenResult) -> ChildrenResult:
    """The result with every child ID replaced by its row number (Settings ``child_ids`` = ``hide``).

    High-cost entries show ``row 14`` as the child; issues drop the ID (their place already names the
    row); each row's record carries ``row 14`` as its child. Figures are unchanged.
    """
    return replace(
        result,
        rows=tuple(replace(c, row=replace(c.row, child=row_label(c.row.row))) for c in result.rows),
        high_cost=tuple(replace(h, child=row_label(h.row)) for h in result.high_cost),
        issues=tuple(replace(i, child=None) for i in result.issues),
    )
