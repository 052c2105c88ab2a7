"""§9: Demand-driven children by plan year and in year, worked by hand on small records.

The current year is 2025/26 (year = 2025), the plan runs t = 0..4 (2025/26 to 2029/30).
"""

from __future__ import annotations

import datetime as dt

import pytest

from forecast.engine.demand import (
    DemandMonth,
    PlacementRow,
    march_children,
    plan,
    rate_per_10k,
    remaining_mean,
    shares,
)
from forecast.fy import month_start

IFA = "independent fostering agency"
YEAR, YEARS = 2025, 5


def year_rows(fy: int, values: list[float], placement_type: str = IFA) -> list[DemandMonth]:
    """Demand for April..March of ``fy`` (day 15 of each month: any day names the month)."""
    return [DemandMonth(month_start(fy, p).replace(day=15), placement_type, v) for p, v in zip(range(1, 13), values, strict=True)]


ROWS = [PlacementRow("LAC", IFA, 3, growth=0.10), PlacementRow("Leaving care", "Independent  Fostering Agency", 1)]


def test_shares_are_todays_children_or_equal() -> None:
    assert shares([3, 1]) == [0.75, 0.25]
    assert shares([0, 0, 0]) == pytest.approx([1 / 3] * 3)
    assert shares([]) == []


def test_whole_years_between_and_past_them() -> None:
    # 2026/27 whole, months 10 .. 21 → mean 15.5; 2027/28 lacks one month (not whole); 2028/29 whole at 20;
    # 2029/30 absent (past the last whole year).
    demand = year_rows(2026, [10 + k for k in range(12)])
    demand += [d for d in year_rows(2027, [99] * 12) if d.month.month != 7]
    demand += year_rows(2028, [20] * 12)
    result = plan(demand, ROWS, YEAR, period=6, mtfp_years=YEARS)
    a, b = result.rows
    assert (a.share, b.share) == (0.75, 0.25)
    # t0 today; t1 share × 15.5; t2 (not whole) the last whole year before it grown one year;
    # t3 share × 20; t4 past the last whole year: grown one year
    assert a.children == pytest.approx((3, 0.75 * 15.5, 0.75 * 15.5 * 1.10, 0.75 * 20, 0.75 * 20 * 1.10))
    assert b.children == pytest.approx((1, 0.25 * 15.5, 0.25 * 15.5, 0.25 * 20, 0.25 * 20))  # growth 0
    assert a.driven_years == (False, True, True, True, True) and a.driven
    (td,) = result.types
    assert td.whole_years == (2026, 2028) and td.yearly_means == {2026: pytest.approx(15.5), 2028: 20}
    assert td.drives_later and result.warnings == () and not result.in_year
    assert a.in_year_children == 3 and not a.in_year_driven  # demand_in_year not asked


def test_years_before_the_first_whole_year_grow_from_today() -> None:
    demand = year_rows(2027, [8] * 12)  # 2026/27 absent, 2027/28 whole at 8
    a, b = plan(demand, ROWS, YEAR, period=6, mtfp_years=4).rows
    assert a.children == pytest.approx((3, 3 * 1.10, 0.75 * 8, 0.75 * 8 * 1.10))
    assert a.driven_years == (False, False, True, True)


def test_no_whole_plan_year_drives_nothing_and_says_so() -> None:
    demand = year_rows(2025, [50] * 12)  # only the current year whole: no plan year t ≥ 1
    result = plan(demand, ROWS, YEAR, period=6, mtfp_years=3)
    a, b = result.rows
    assert a.children == pytest.approx((3, 3 * 1.1, 3 * 1.1 ** 2)) and b.children == (1, 1, 1)
    assert not a.driven and not result.types[0].drives_later
    assert result.warnings == ("the Demand for 'independent fostering agency' covers no whole plan year after "
                               "2025/26: it is shown, and drives nothing in later years (they grow from today's "
                               "children)",)


def test_equal_shares_when_the_type_has_no_children_today() -> None:
    rows = [PlacementRow("A", IFA, 0), PlacementRow("B", IFA, 0)]
    a, b = plan(year_rows(2026, [12] * 12), rows, YEAR, 6, 2).rows
    assert a.share == b.share == 0.5 and a.children == (0, 6) and b.children == (0, 6)


def test_a_type_without_demand_grows_from_today() -> None:
    rows = [*ROWS, PlacementRow("LAC", "secure", 2, growth=0.05)]
    result = plan(year_rows(2026, [4] * 12), rows, YEAR, 6, 3)
    s = result.rows[2]
    assert s.share is None and not s.driven and s.children == pytest.approx((2, 2.1, 2.205))
    assert [t.placement_type for t in result.types] == [IFA]


def test_in_year_uses_the_mean_of_months_after_the_period() -> None:
    # P = 6: Oct 2025 .. Mar 2026 hold 4, 5, 6, 7, 8, 9 → mean 6.5; Apr .. Sep (already past) are not used
    demand = year_rows(2025, [100] * 6 + [4, 5, 6, 7, 8, 9])
    result = plan(demand, ROWS, YEAR, period=6, mtfp_years=2, demand_in_year=True)
    a, b = result.rows
    assert a.in_year_children == pytest.approx(0.75 * 6.5) and b.in_year_children == pytest.approx(0.25 * 6.5)
    assert a.in_year_driven and result.in_year and a.driven
    assert a.children[0] == 3  # t = 0 stays today's (the rate per 10,000 counts today's children)
    assert result.types[0].in_year_mean == pytest.approx(6.5)


def test_in_year_with_a_month_missing_warns_and_keeps_today() -> None:
    demand = [d for d in year_rows(2025, [5] * 12) if d.month.month not in (12, 2)]
    result = plan(demand, ROWS, YEAR, period=6, mtfp_years=2, demand_in_year=True)
    a, _b = result.rows
    assert a.in_year_children == 3 and not a.in_year_driven and not result.in_year
    assert result.types[0].in_year_missing == (dt.date(2025, 12, 1), dt.date(2026, 2, 1))
    assert any("has no Dec 2025, Feb 2026: today's children are used for the rest of 2025/26" in w
               for w in result.warnings)


def test_in_year_at_period_12_has_no_effect() -> None:
    demand = year_rows(2025, [5] * 12) + year_rows(2026, [5] * 12)
    result = plan(demand, ROWS, YEAR, period=12, mtfp_years=2, demand_in_year=True)
    assert not result.in_year and result.rows[0].in_year_children == 3 and result.warnings == ()
    assert remaining_mean({}, YEAR, 12) == (None, [])


def test_march_in_words_and_rate_per_10k() -> None:
    demand = year_rows(2025, [1] * 11 + [7]) + year_rows(2027, [1] * 11 + [9])
    assert march_children(demand, "Independent Fostering Agency", YEAR, 3) == [7, None, 9]
    # cla 100 then 110, population 50,000 growing 2%: 100 / 50,000 × 10,000 = 20; 110 / 51,000 × 10,000
    assert rate_per_10k([100, 110], 50_000, 0.02) == pytest.approx([20, 110 / 51_000 * 10_000])
