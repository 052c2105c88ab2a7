"""The main example's children list: every §12 case present, figures re-derived day by day, CSV round trip.

The day-by-day count below walks the calendar one day at a time, asking of each day whether the child
is placed and not yet paid for; it shares no code with the engine's interval arithmetic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forecast.engine import children as ch
from forecast.inputs.examples import children_list
from forecast.inputs.children_csv import CHILDREN, read_children_csv
from children_support import ACTUAL_TO_DATE, BASIS, LINE, SETTINGS, example_rows

D = dt.date
E, Y, S = D(2025, 9, 30), D(2026, 3, 31), D(2025, 4, 1)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _placed(row: object, day: dt.date) -> bool:
    """Whether the child is in this placement on ``day``: started, not past a planned end, under 18 or after_18."""
    r = row  # ChildRow
    if day < r.start or (r.planned_end is not None and day > r.planned_end):  # type: ignore[attr-defined]
        return False
    dob = r.date_of_birth  # type: ignore[attr-defined]
    if dob is not None and not r.after_18:  # type: ignore[attr-defined]
        if _age(dob, day) >= 18:
            return False
    return True


def _age(dob: dt.date, day: dt.date) -> int:
    """Whole years on ``day``; a 29 February birthday is reached on 1 March in other years."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _weekly(row: object) -> float:
    r = row
    if r.rate is not None:  # type: ignore[attr-defined]
        return float(r.rate) * 7  # type: ignore[attr-defined]  # the example's only rate is a night rate
    return float(r.weekly_cost)  # type: ignore[attr-defined]


def test_the_list_has_every_case() -> None:
    rows = example_rows()
    assert 38 <= len(rows) <= 45
    by = {(r.child, r.row): r for r in rows}
    assert any(r.planned_end and r.planned_end.month == 12 and r.planned_end.year == 2025 for r in rows)
    assert any(r.date_of_birth and (r.date_of_birth.year, r.date_of_birth.month) == (2008, 1) and not r.after_18
               for r in rows)  # turns 18 in January 2026
    assert any(r.weekly_cost == 12600 for r in rows)
    assert sum(r.after_18 for r in rows) >= 5
    assert any(r.paid_to is not None and r.paid_to < E for r in rows)
    assert any(r.start > E for r in rows)
    assert any(r.rate_unit == "night" for r in rows)
    assert any(r.uasc for r in rows)
    assert len(by) == len(rows)
    assert children_list.COLUMNS == tuple(c.name for c in CHILDREN.columns)


def test_figures_day_by_day() -> None:
    rows = example_rows()
    result = ch.run(rows, SETTINGS, BASIS)
    assert result.issues == ()
    line = result.line(LINE)
    k = 1000
    commitments = known = implied = 0.0
    active: dict[str, list[float]] = {}
    for r in rows:
        daily = _weekly(r) / 7 / k
        paid = r.paid_to or E
        commitments += daily * sum(_placed(r, d) for d in _days(max(paid + dt.timedelta(days=1), S), Y))
        implied += daily * sum(_placed(r, d) for d in _days(S, min(paid, Y)))
        if _placed(r, E):
            active.setdefault(r.placement_type, []).append(_weekly(r))
            # known end: the days from the paid point to Y on which the child is no longer placed
            known += daily * sum(not _placed(r, d) for d in _days(paid + dt.timedelta(days=1), Y))
    assert line.commitments == pytest.approx(commitments, abs=1e-6)
    assert line.known_ends == pytest.approx(known, abs=1e-6)
    assert line.implied_to_date == pytest.approx(implied, abs=1e-6)
    # entrants: 0.5 a month at the supported accommodation mean, 6 months left: 0.5 × w × W/12 × 36/2 / k
    w = sum(active["supported accommodation"]) / len(active["supported accommodation"])
    entrants = 0.5 * w * (365 / 7) / 12 * 18 / k
    assert line.entrants_cost == pytest.approx(entrants, abs=1e-6)
    assert line.outturn == pytest.approx(ACTUAL_TO_DATE + commitments + entrants, abs=1e-6)
    derived = {t.placement_type: (t.children, t.weekly_cost) for t in line.types}
    assert derived == {t: (len(v), pytest.approx(sum(v) / len(v))) for t, v in active.items()}
    assert [(h.child, h.weekly_cost, h.last_day) for h in result.high_cost] == [
        ("NB-1040", 12600.0, D(2026, 11, 2))]  # born 3 Nov 2008: the day before the 18th birthday
    # aging out by 1 April of each plan year: those placed on E, not after_18, 18 by then
    by_birthday = tuple(
        (2025 + t, sum(1 for r in rows if _placed(r, E) and not r.after_18 and r.date_of_birth is not None
                       and _age(r.date_of_birth, D(2025 + t, 4, 1)) >= 18))
        for t in range(1, 5)
    )
    assert result.aged_out == by_birthday


def test_the_csv_reads_back_to_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "children.csv"
    path.write_text(children_list.csv_text(), encoding="utf-8")
    rows, problems = read_children_csv(path)
    assert problems == []
    assert [r.__class__(**{**r.__dict__, "source": "Children"}) for r in rows] == example_rows()
