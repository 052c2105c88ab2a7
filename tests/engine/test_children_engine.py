"""§12, the children list: each rule on a small case worked by hand (calculations.md §12).

Every case is 2025/26 at Month 6 in £000 (k = 1000, W = 365/7) unless it says otherwise:
E = 2025-09-30, Y = 2026-03-31, S = 2025-04-01.
Days 1 Oct 2025 … 31 Mar 2026 = 31 + 30 + 31 + 31 + 28 + 31 = 182; 1 Apr … 30 Sep 2025 = 183.
A weekly cost of 700 is 100 a day, so a day costs 0.1 (£000).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from forecast.engine import children as ch
from forecast.engine.children import LineBasis, TypeBasis
from forecast.inputs.children_model import ChildRow
from forecast.inputs.model import PlacementRow, Settings

LAC = "Looked after children placements"
SETTINGS = Settings(authority="Test", financial_year=2025, period=6)
LINES = [LineBasis(LAC, "placements", actual_to_date=0.0)]
D = dt.date


def child(name: str = "C1", row: int = 2, **kw: object) -> ChildRow:
    fields: dict[str, object] = {"line": LAC, "placement_type": "in-house fostering", "start": D(2024, 1, 1),
                                 "weekly_cost": 700.0}
    fields.update(kw)
    return ChildRow(child=name, row=row, **fields)  # type: ignore[arg-type]


def one(row: ChildRow, settings: Settings = SETTINGS, lines: list[LineBasis] | None = None) -> ch.RowCost:
    result = ch.run([row], settings, lines or LINES)
    assert result.errors == [], [i.text for i in result.errors]
    return result.rows[0]


def test_period_end_and_year_end() -> None:
    result = ch.run([], SETTINGS, LINES)
    assert (result.period_end, result.year_end) == (D(2025, 9, 30), D(2026, 3, 31))
    # P = 0: the day before the year starts
    assert ch.run([], dataclasses.replace(SETTINGS, period=0), LINES).period_end == D(2025, 3, 31)


def test_an_open_placement_runs_to_31_march() -> None:
    c = one(child())
    assert (c.from_day, c.last, c.days) == (D(2025, 10, 1), D(2026, 3, 31), 182)
    assert c.cost == pytest.approx(100 * 182 / 1000)  # 18.2
    assert c.known_end == pytest.approx(0.0)
    assert c.implied_to_date == pytest.approx(100 * 183 / 1000)  # 18.3: Apr-Sep paid


def test_a_placement_ending_in_december() -> None:
    # 1,400 a week = 200 a day; 1 Oct … 15 Dec = 31 + 30 + 15 = 76 days; the other 106 are a known end
    c = one(child(weekly_cost=1400.0, planned_end=D(2025, 12, 15)))
    assert (c.last, c.days) == (D(2025, 12, 15), 76)
    assert c.cost == pytest.approx(200 * 76 / 1000)  # 15.2
    assert c.known_end == pytest.approx(200 * 106 / 1000)  # 21.2


def test_a_child_turning_18_in_january() -> None:
    # born 20 Jan 2008: 18 on 20 Jan 2026, costed to 19 Jan: 31 + 30 + 31 + 19 = 111 days at 500 a day
    c = one(child(weekly_cost=3500.0, date_of_birth=D(2008, 1, 20)))
    assert (c.birthday_18, c.last_day, c.days) == (D(2026, 1, 20), D(2026, 1, 19), 111)
    assert c.cost == pytest.approx(500 * 111 / 1000)  # 55.5
    assert c.known_end == pytest.approx(500 * (182 - 111) / 1000)  # 35.5
    # after_18 (Staying Put): to 31 March
    stays = one(child(weekly_cost=3500.0, date_of_birth=D(2008, 1, 20), after_18=True))
    assert (stays.last_day, stays.days, stays.known_end) == (None, 182, 0.0)


def test_born_on_29_february_turns_18_on_1_march() -> None:
    assert ch.eighteenth_birthday(D(2008, 2, 29)) == D(2026, 3, 1)
    assert ch.eighteenth_birthday(D(2008, 3, 1)) == D(2026, 3, 1)
    assert ch.eighteenth_birthday(D(2004, 2, 29)) == D(2022, 3, 1)  # 18 years on is never a leap day
    c = one(child(date_of_birth=D(2008, 2, 29)))
    assert (c.last, c.days) == (D(2026, 2, 28), 31 + 30 + 31 + 31 + 28)  # 151


def test_the_earliest_end_wins_and_y_caps_only_this_year() -> None:
    # planned end 10 Jan 2026 before the day before the 18th birthday (19 Jan)
    c = one(child(planned_end=D(2026, 1, 10), date_of_birth=D(2008, 1, 20)))
    assert c.last_day == D(2026, 1, 10)
    # a planned end after Y: last_i is Y, last_day (for the high-cost list) is not capped
    later = one(child(planned_end=D(2026, 9, 30)))
    assert (later.last, later.last_day, later.days) == (D(2026, 3, 31), D(2026, 9, 30), 182)


def test_paid_to_before_the_period_end_counts_the_unpaid_days() -> None:
    # paid three weeks behind: to 9 Sep; from 10 Sep: 21 + 182 = 203 days at 100 a day
    c = one(child(paid_to=D(2025, 9, 9)))
    assert (c.from_day, c.days) == (D(2025, 9, 10), 203)
    assert c.cost == pytest.approx(20.3)
    assert c.known_end == pytest.approx(0.0)  # (Y − from + 1) − days = 203 − 203
    # implied to date: 1 Apr … 9 Sep = 30 + 31 + 30 + 31 + 31 + 9 = 162 days
    assert c.implied_to_date == pytest.approx(16.2)


def test_a_placement_starting_after_the_period_counts_this_year_only() -> None:
    # starts 10 Nov: 21 + 31 + 31 + 28 + 31 = 142 days; not active on E, so no child in the count
    result = ch.run([child(start=D(2025, 11, 10))], SETTINGS, LINES)
    c = result.rows[0]
    assert (c.from_day, c.days, c.active_on_e) == (D(2025, 11, 10), 142, False)
    assert c.cost == pytest.approx(14.2)
    assert (c.known_end, c.implied_to_date) == (0.0, 0.0)
    assert result.line(LAC).children == 0
    assert result.line(LAC).commitments == pytest.approx(14.2)


def test_rates() -> None:
    assert ch.weekly_of(child(weekly_cost=None, rate=60.0, rate_unit="night"))[0] == 420.0  # 60 × 7
    assert ch.weekly_of(child(weekly_cost=None, rate=60.0, rate_unit="day"))[0] == 420.0
    assert ch.weekly_of(child(weekly_cost=None, rate=950.0, rate_unit="week"))[0] == 950.0
    # a night rate of 100 a night: 700 a week, so 182 days cost 18.2
    assert one(child(weekly_cost=None, rate=100.0, rate_unit="Night")).cost == pytest.approx(18.2)


def test_line_figures_entrants_and_outturn() -> None:
    # Two fostering rows active on E at 700 and 1,400 (mean w = 1,050), one ending 15 Dec;
    # 0.5 entrants a month with n = 12 − 6 = 6 months left.
    rows = [child("A", 2), child("B", 3, weekly_cost=1400.0, planned_end=D(2025, 12, 15))]
    lines = [LineBasis(LAC, "placements", actual_to_date=40.0,
                       types=(TypeBasis("in-house fostering", entrants=0.5, budget_weekly_cost=600.0),))]
    result = ch.run(rows, SETTINGS, lines)
    line = result.line(LAC)
    (t,) = line.types
    assert (t.children, t.weekly_cost, t.entrants_weekly) == (2, 1050.0, 1050.0)
    # entrants_cost = 0.5 × 1050 × (365/7)/12 × 6²/2 / 1000 = 525 × 365/84 × 18 / 1000 = 41.0625
    assert line.entrants_cost == pytest.approx(41.0625)
    # commitments = 18.2 (A, 182 days at 100) + 15.2 (B, 76 days at 200) = 33.4
    assert line.commitments == pytest.approx(33.4)
    assert line.outturn == pytest.approx(40.0 + 33.4 + 41.0625)
    assert line.known_ends == pytest.approx(21.2)
    # implied: A 183 days at 100 = 18.3, B 183 days at 200 = 36.6
    assert line.implied_to_date == pytest.approx(54.9)


def test_entrants_without_an_active_row_cost_the_budget_weekly_cost() -> None:
    lines = [LineBasis(LAC, "placements", types=(TypeBasis("secure", entrants=0.1, budget_weekly_cost=7000.0),))]
    line = ch.run([child()], SETTINGS, lines).line(LAC)
    secure = next(t for t in line.types if t.placement_type == "secure")
    # 0.1 × 7000 × 365/84 × 18 / 1000 = 700 × 365 × 18 / 84000 = 54.75
    assert (secure.children, secure.weekly_cost) == (0, None)
    assert secure.entrants_cost == pytest.approx(54.75)
    # at period 12 no month is left
    at_12 = ch.run([child()], dataclasses.replace(SETTINGS, period=12), lines).line(LAC)
    assert at_12.entrants_cost == 0.0


def test_entrants_with_nothing_to_cost_them_at_is_an_error() -> None:
    lines = [LineBasis(LAC, "placements", types=(TypeBasis("secure", entrants=0.1),))]
    result = ch.run([child()], SETTINGS, lines)
    assert [i.kind for i in result.errors] == [ch.NO_ENTRANT_COST]


def test_active_on_a_day() -> None:
    row = child(start=D(2025, 9, 30), planned_end=D(2025, 9, 30))
    assert ch.active_on(row, D(2025, 9, 30)) and not ch.active_on(row, D(2025, 10, 1))
    assert not ch.active_on(row, D(2025, 9, 29))
    # the Y cap is lifted: a placement ending in 2027 is active in April 2026
    assert ch.active_on(child(planned_end=D(2027, 1, 1)), D(2026, 4, 1))
    # ending on E itself: active on E (one child now), no day left to cost, the whole rest of the year a known end
    c = one(child(planned_end=D(2025, 9, 30)))
    assert (c.active_on_e, c.days) == (True, 0)
    assert c.known_end == pytest.approx(18.2)


def test_children_and_weekly_cost_derived_per_type_and_placements_rows_replaced() -> None:
    rows = [child("A", 2), child("B", 3, weekly_cost=1000.0), child("C", 4, placement_type="secure",
                                                                     weekly_cost=8000.0),
            child("D", 5, weekly_cost=5000.0, planned_end=D(2025, 8, 1))]  # ended: not counted
    lines = [LineBasis(LAC, "placements")]
    result = ch.run(rows, SETTINGS, lines)
    by_type = {t.placement_type: t for t in result.line(LAC).types}
    assert (by_type["in-house fostering"].children, by_type["in-house fostering"].weekly_cost) == (2, 850.0)
    assert (by_type["secure"].children, by_type["secure"].weekly_cost) == (1, 8000.0)
    placements = [
        PlacementRow(LAC, "in-house fostering", 9, 999, budget_children=3, budget_weekly_cost=800),
        PlacementRow(LAC, "kinship care", 4, 300, budget_children=4, budget_weekly_cost=300),
        PlacementRow("Other line", "kinship care", 4, 300),
    ]
    out = ch.derived_placements(placements, result)
    assert (out[0].children, out[0].weekly_cost, out[0].budget_children) == (2.0, 850.0, 3)
    assert (out[1].children, out[1].weekly_cost) == (0.0, 300)  # no Children rows of the type: none
    assert out[2] == placements[2]


def test_known_ends_and_implied_to_date_over_a_line() -> None:
    # known_ends: B ends 15 Dec (106 days at 200 = 21.2), C turns 18 on 20 Jan (71 days at 100 = 7.1),
    # A is open (0), D starts after E (not active on E, 0)
    rows = [child("A", 2), child("B", 3, weekly_cost=1400.0, planned_end=D(2025, 12, 15)),
            child("C", 4, date_of_birth=D(2008, 1, 20)), child("D", 5, start=D(2025, 11, 10))]
    line = ch.run(rows, SETTINGS, [LineBasis(LAC, "placements", actual_to_date=72.0)]).line(LAC)
    assert line.known_ends == pytest.approx(21.2 + 7.1)
    # implied: A 18.3, B 36.6, C 18.3 (to E; the birthday is after), D 0
    assert line.implied_to_date == pytest.approx(73.2)


def test_implied_to_date_warned_beyond_5_percent() -> None:
    rows = [child()]  # implies 18.3 to date
    def warned(actual: float) -> bool:
        result = ch.run(rows, SETTINGS, [LineBasis(LAC, "placements", actual_to_date=actual)])
        return any(i.kind == ch.IMPLIED_DIFFERS for i in result.warnings)
    # 5% of 18.3 = 0.915: 17.4 is 0.9 short (not warned), 17.3 is 1.0 short (warned); likewise above
    assert not warned(17.4) and warned(17.3) and not warned(19.2) and warned(19.3)
    result = ch.run(rows, SETTINGS, [LineBasis(LAC, "placements", actual_to_date=15.0)])
    (issue,) = result.warnings
    assert "the list implies £18k to date, the ledger holds £15k" in issue.message


def test_high_cost_list() -> None:
    rows = [
        child("R1", 2, placement_type="external residential", weekly_cost=12600.0, provider="Hilltop Homes",
              date_of_birth=D(2009, 1, 15)),
        child("R2", 3, placement_type="external residential", weekly_cost=10000.0),  # = threshold: listed
        child("R3", 4, placement_type="external residential", weekly_cost=9999.99),
        child("R4", 5, placement_type="external residential", weekly_cost=15000.0, planned_end=D(2025, 8, 31)),
    ]
    result = ch.run(rows, SETTINGS, LINES)
    assert [(h.child, h.weekly_cost, h.last_day) for h in result.high_cost] == [
        ("R1", 12600.0, D(2027, 1, 14)),  # the day before the 18th birthday, beyond Y: not capped
        ("R2", 10000.0, None),  # neither an end nor a birthday known
    ]
    assert result.high_cost[0].provider == "Hilltop Homes"
    assert [h.child for h in ch.run(rows, SETTINGS, LINES, high_cost_weekly=12000).high_cost] == ["R1"]


def test_aged_out_by_plan_year() -> None:
    # first days of plan years t = 1 … 4: 1 Apr 2026, 2027, 2028, 2029
    rows = [
        child("A", 2, date_of_birth=D(2008, 4, 1)),  # 18 on 1 Apr 2026: out by t = 1
        child("B", 3, date_of_birth=D(2009, 1, 15)),  # 18 on 15 Jan 2027: out by t = 2
        child("C", 4, date_of_birth=D(2008, 1, 1), after_18=True),  # stays: never counted
        child("D", 5, date_of_birth=D(2012, 4, 2)),  # 18 on 2 Apr 2030: after the plan
        child("E", 6, date_of_birth=D(2009, 6, 1), planned_end=D(2025, 8, 31)),  # not active on E
    ]
    result = ch.run(rows, SETTINGS, LINES)
    assert result.aged_out == ((2026, 1), (2027, 2), (2028, 2), (2029, 2))
    assert result.aged_out_by_year == {"2026/27": 1, "2027/28": 2, "2028/29": 2, "2029/30": 2}


def test_a_list_in_pounds() -> None:
    # units £: k = 1, so 182 days at £100 = £18,200
    c = one(child(), dataclasses.replace(SETTINGS, units="£"))
    assert c.cost == pytest.approx(18_200.0)


def test_commitments_are_the_lists_cost_to_the_year_end() -> None:
    rows = [child("A", 2, paid_to=D(2025, 9, 9)), child("B", 3, start=D(2025, 11, 10))]
    line = ch.run(rows, SETTINGS, LINES).line(LAC)
    assert line.commitments == pytest.approx(20.3 + 14.2)  # unpaid September days included


def test_arrays_of_draws_pass_through() -> None:
    """A risk run may put numpy arrays in actual_to_date and entrants: figures come out as arrays, no crash."""
    import numpy as np

    lines = [LineBasis(LAC, "placements", actual_to_date=np.array([10.0, 30.0]),  # type: ignore[arg-type]
                       types=(TypeBasis("in-house fostering", entrants=np.array([0.0, 1.0])),))]  # type: ignore[arg-type]
    line = ch.run([child()], SETTINGS, lines).line(LAC)
    # entrants: 1 × 700 × 365/84 × 18 / 1000 = 54.75 in the second draw
    assert np.allclose(line.outturn, [10.0 + 18.2, 30.0 + 18.2 + 54.75])
