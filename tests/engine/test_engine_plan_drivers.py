"""calculations.md revision 2: each new rule on a small case worked by hand (£, 52 weeks, Month 6 of 2019/20)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pytest
from engine_support import inputs, settings

from forecast.engine import run
from forecast.engine.risk import run_risk
from forecast.engine.trends import trend
from forecast.inputs.model import (
    BudgetLine,
    HistoryRow,
    Investment,
    PlacementRow,
    Recruit,
    RiskRow,
    Saving,
    StaffRow,
)

TEAMS = (BudgetLine("Teams", 1_000_000.0, "staffing", actual_to_date=500_000.0),)
LAC = (BudgetLine("LAC", 3_000_000.0, "placements", actual_to_date=1_500_000.0),)
# salary 30,000 × 1.3 on-costs = 39,000 an employee; agency 50% dearer = 58,500
EMP, AG = 39_000.0, 58_500.0


def _row(**overrides: object) -> StaffRow:
    fields: dict[str, object] = {
        "line": "Teams", "team": "Assessment", "role": "SW", "fte_budget": 12.0, "fte_permanent": 10.0,
        "salary": 30_000.0, "fte_agency": 0.0, "agency_premium": 0.5,
    }  # fmt: skip
    fields.update(overrides)
    return StaffRow(**fields)  # type: ignore[arg-type]


def _months(measure: str, first: dt.date, values: list[float]) -> tuple[HistoryRow, ...]:
    out = []
    for m, value in enumerate(values):
        index = first.year * 12 + first.month - 1 + m
        out.append(HistoryRow(dt.date(index // 12, index % 12 + 1, 1), measure, value, f"History!A{m + 2}"))
    return tuple(out)


EXACT = _months("external residential", dt.date(2017, 10, 1), [100 * 1.1 ** (m / 12) for m in range(24)])


# §8 History and trends -------------------------------------------------------------------------


def test_the_trend_fit_recovers_a_known_growth_exactly():
    found = trend(EXACT, 24)
    assert found is not None
    # ln(100 × 1.1^(m/12)) = ln 100 + m · ln(1.1) / 12: a = ln 100, b = ln(1.1) / 12, no residual
    assert found.a == pytest.approx(math.log(100), abs=1e-12)
    assert found.b == pytest.approx(math.log(1.1) / 12, abs=1e-14)
    assert found.growth == pytest.approx(0.1, abs=1e-12)  # exp(12 b) − 1
    assert found.growth_se == pytest.approx(0.0, abs=1e-9)
    assert found.growth_p10 == pytest.approx(0.1, abs=1e-8) and found.growth_p90 == pytest.approx(0.1, abs=1e-8)
    assert (found.months, found.first_month, found.last_month) == (24, dt.date(2017, 10, 1), dt.date(2019, 9, 1))
    assert found.latest == pytest.approx(100 * 1.1 ** (23 / 12))
    assert len(found.points) == 24


def test_the_trend_window_is_the_last_trend_months_calendar_months():
    found = trend(EXACT, 12)
    assert found is not None
    assert (found.months, found.first_month) == (12, dt.date(2018, 10, 1))
    # m counts from the window's first month: a = ln(100 × 1.1^(12/12))
    assert found.a == pytest.approx(math.log(110), abs=1e-12)


def test_the_trend_standard_error_by_hand():
    # six months: ln values 0, 0.1, 0.1, 0.3, 0.4, 0.5 (m = 0 … 5); m̄ = 2.5, Σ(m − m̄)² = 17.5
    logs = [0.0, 0.1, 0.1, 0.3, 0.4, 0.5]
    found = trend(_months("x", dt.date(2019, 1, 1), [math.exp(v) for v in logs]), 24)
    assert found is not None
    # ȳ = 1.4 / 6; Σ(m − m̄)(y − ȳ) = −0.15 − 0.05 + 0.15 + 0.6 + 1.25 = 1.8 → b = 1.8 / 17.5, a = ȳ − 2.5 b
    b = 1.8 / 17.5
    a = 1.4 / 6 - 2.5 * b
    assert found.b == pytest.approx(b) and found.a == pytest.approx(a)
    residuals = [y - (a + b * m) for m, y in enumerate(logs)]
    se_b = math.sqrt(sum(e * e for e in residuals) / (6 - 2) / 17.5)
    assert found.growth == pytest.approx(math.exp(12 * b) - 1)
    assert found.growth_se == pytest.approx(12 * se_b * math.exp(12 * b))
    assert found.growth_p10 == pytest.approx(found.growth - 1.2816 * found.growth_se)


def test_a_growth_given_as_trend_is_the_history_trend():
    rows = (PlacementRow("LAC", "external residential", 10.0, 5_000.0, 10.0, 5_000.0, "trend"),)
    r = run(inputs(LAC, placements=rows, history=EXACT, settings=settings(general_inflation=0.0)))
    row = r.placements.rows[0]
    assert row.growth == pytest.approx(0.1) and row.growth_trend
    # 10 children × 1.1 × £5,000 × 1.05 × 52 weeks in 2020/21
    assert row.by_year[1] == pytest.approx(10 * 1.1 * 5_000 * 1.05 * 52)
    assert [t.measure for t in r.trends] == ["external residential"]


def test_a_trend_risk_row_with_a_perfect_fit_equals_the_deterministic_result():
    rows = (PlacementRow("LAC", "external residential", 10.0, 5_000.0, 10.0, 5_000.0, "trend"),)
    base = inputs(LAC, placements=rows, history=EXACT, settings=settings(general_inflation=0.0))
    risky = dataclasses.replace(base, risks=(
        RiskRow("Placements", "external residential", "growth", "set", 0.0, 0.0, 0.0, "trend", "Risks!A2"),
    ))
    plain = run(base)
    risk = run_risk(risky, draws=200, seed=1)
    for t, year in enumerate(plain.mtfp):
        assert np.allclose(risk.gap_draws[t], year.gap, rtol=1e-12)


def test_a_trend_risk_row_draws_growth_around_the_fit():
    wobbly = _months("external residential", dt.date(2017, 10, 1),
                     [100 * 1.1 ** (m / 12) * (1.03 if m % 2 else 0.97) for m in range(24)])
    rows = (PlacementRow("LAC", "external residential", 10.0, 5_000.0, 10.0, 5_000.0, "trend"),)
    base = inputs(LAC, placements=rows, history=wobbly, settings=settings(general_inflation=0.0))
    risky = dataclasses.replace(base, risks=(
        RiskRow("Placements", "external residential", "growth", "set", 0.0, 0.0, 0.0, "trend", "Risks!A2"),
    ))
    calls = []

    def counting(i, scenario):
        calls.append(1)
        return run(i, scenario=scenario)

    risk = run_risk(risky, draws=10_000, seed=3, runner=counting)
    assert len(calls) == 1  # vectorised: one engine run for 10,000 draws
    found = run(base).trends[0]
    # 2020/21 cost is linear in growth: its spread is 10 × 5,000 × 1.05 × 52 × se_g (± sampling error)
    spread = np.std(risk.gap_draws[1])
    assert spread == pytest.approx(10 * 5_000 * 1.05 * 52 * found.growth_se, rel=0.05)


# §3 staffing -----------------------------------------------------------------------------------


def test_turnover_cover_now_and_in_later_years():
    recruit = Recruit("Assessment", "SW", 1.0, dt.date(2020, 5, 1), replaces_agency=False)
    r = run(inputs(TEAMS, staffing=(_row(turnover=0.2),), recruitment=(recruit,)))
    st = r.staffing
    # a year's cover: 0.2 leavers × 10 FTE × (58,500 − 39,000) × 3 months / 12 = 9,750
    assert st.turnover_cover == pytest.approx(9_750 * 0.5)  # × R at Month 6, in the outturn
    # 2020/21: 10 FTE + the May recruit for 11 months, at 3% pay award
    year1 = 0.2 * (10 + 11 / 12) * 19_500 * 0.25 * 1.03
    year2 = 0.2 * 11 * 19_500 * 0.25 * 1.03**2
    assert st.turnover_cover_by_year == pytest.approx((4_875.0, year1, year2))
    full_year = 10 * EMP
    assert r.lines[0].outturn == pytest.approx(500_000 + full_year * 0.5 + 4_875)
    line = st.lines["Teams"]
    assert line.by_year[1] == pytest.approx(full_year * 1.03 + EMP * 11 / 12 * 1.03 + year1)
    assert line.recruitment_effect == 0.0  # the cover is not recruitment
    bridge = {b.key: b.amount for b in r.variance_bridge}
    assert bridge["staffing_turnover_cover"] == pytest.approx(4_875)
    assert sum(bridge.values()) == pytest.approx(r.totals.net_variance)


def test_vacancies_permanent_covered_by_agency_and_uncovered():
    rows = (_row(fte_budget=10.0, fte_permanent=7.0, fte_agency=2.0),
            _row(team="CP", fte_budget=5.0, fte_permanent=5.0, fte_agency=1.0))
    st = run(inputs(TEAMS, staffing=rows)).staffing
    assert st.permanent_vacancies == (10 - 7) + (5 - 5)
    assert st.vacancies_covered_by_agency == 2 + 1
    assert st.vacancies_uncovered == (10 - 7 - 2) + (5 - 5 - 1)  # 0: CP is one over establishment


def test_over_establishment_after_recruits_is_warned_with_team_role_and_years():
    recruit = Recruit("Assessment", "SW", 1.0, dt.date(2020, 6, 1), replaces_agency=False)
    r = run(inputs(TEAMS, staffing=(_row(fte_budget=10.0),), recruitment=(recruit,)))
    over = [w for w in r.warnings if "exceed the funded establishment" in w]
    assert len(over) == 1
    assert "Assessment / SW" in over[0] and "2020/21, 2021/22" in over[0] and "2019/20" not in over[0]


def test_capacity_by_year_with_case_growth_recruits_and_investment_posts():
    row = _row(fte_permanent=6.0, fte_agency=2.0, cases=100.0, target_caseload=10.0, case_growth=0.1)
    recruit = Recruit("Assessment", "SW", 1.0, dt.date(2019, 10, 1))  # replaces one agency worker
    posts = Investment("Posts", "ongoing", 80_000.0, 2020, team="Assessment", role="SW", fte=2.0)
    st = run(inputs(TEAMS, staffing=(row,), recruitment=(recruit,), investments=(posts,))).staffing
    assert [c.year for c in st.capacity] == [2019, 2020, 2021]
    # cases 100 × 1.1^t; needed cases / 10; in post 8, then 8 + (1 − 1 agency) + 2 posts = 10
    assert [c.cases for c in st.capacity] == pytest.approx([100.0, 110.0, 121.0])
    assert [c.fte_needed for c in st.capacity] == pytest.approx([10.0, 11.0, 12.1])
    assert [c.fte_in_post for c in st.capacity] == pytest.approx([8.0, 10.0, 10.0])
    assert [c.gap_fte for c in st.capacity] == pytest.approx([2.0, 1.0, 2.1])
    assert [c.cost_to_close for c in st.capacity] == pytest.approx([2 * EMP, 1 * EMP * 1.03, 2.1 * EMP * 1.03**2])


# §4 investments --------------------------------------------------------------------------------


def test_posts_costed_from_their_row_replacing_the_agency_recruits_left():
    row = _row(fte_agency=2.0)
    recruit = Recruit("Assessment", "SW", 1.0, dt.date(2019, 11, 1))  # replaces 1 of the 2 agency FTE
    posts = Investment("Posts", "ongoing", None, 2020, funding="base", team="Assessment", role="SW", fte=2.0,
                       replaces_agency=True, cell="Investments!A2")
    r = run(inputs(TEAMS, staffing=(row,), recruitment=(recruit,), investments=(posts,)))
    i = r.investments[0]
    assert i.amount is None and i.posts_fte == 2.0
    # 2 posts × £39,000 × 1.03^t from 2020/21; they replace the 1 agency FTE left: 58,500 × 1.03^t
    assert i.cost == pytest.approx((0.0, 2 * EMP * 1.03, 2 * EMP * 1.03**2))
    assert i.saving == pytest.approx((0.0, AG * 1.03, AG * 1.03**2))
    short = [w for w in r.warnings if w.startswith("Investments!A2") and "less agency left" in w]
    assert len(short) == 1 and "other teams" not in short[0]  # one team: no other teams to speak of
    # base funding: the cost raises the base budget, so only the saving moves the gap
    assert [m.base_growth for m in r.mtfp] == pytest.approx(list(i.cost))
    # the staffing line's own forecast is not changed by the posts
    plain = run(inputs(TEAMS, staffing=(row,), recruitment=(recruit,)))
    assert r.staffing.lines["Teams"].by_year == plain.staffing.lines["Teams"].by_year


def test_a_placement_move_saves_the_weekly_cost_difference():
    rows = (PlacementRow("LAC", "external residential", 10.0, 5_000.0, 10.0, 5_000.0),
            PlacementRow("LAC", "in-house residential", 4.0, 3_000.0, 4.0, 3_000.0))
    move = Investment("Home", "one-off", 300_000.0, 2019, line="LAC", saving_start_year=2020,
                      from_type="external residential", to_type="in-house residential", children=2.0)
    r = run(inputs(LAC, placements=rows, investments=(move,)))
    i = r.investments[0]
    # 2 children × (5,000 − 3,000) × 1.05^t × 52 weeks, from 2020/21
    assert i.saving == pytest.approx((0.0, 2 * 2_000 * 1.05 * 52, 2 * 2_000 * 1.05**2 * 52))
    assert (i.move_line, i.from_type, i.to_type, i.children_moved) == (
        "LAC", "external residential", "in-house residential", 2.0)
    # flows −300,000, +218,400, +229,320: paid back in 2021/22
    assert i.payback_year == 2021
    assert r.placements.lines["LAC"].by_year == run(inputs(LAC, placements=rows)).placements.lines["LAC"].by_year


# §6 MTFP ---------------------------------------------------------------------------------------


def test_reserves_are_drawn_and_run_out():
    budget = (BudgetLine("Pressure", 1_000.0, "manual", forecast=1_400.0, earmarked=300.0),)
    spend = Investment("Capital", "one-off", 900.0, 2020, funding="reserves")
    r = run(inputs(budget, investments=(spend,), settings=settings(reserves_opening=1_000.0)))
    # drawn: the 300 earmarked in 2019/20, the 900 one-off in 2020/21
    assert [m.reserves_opening for m in r.mtfp] == [1_000.0, 700.0, -200.0]
    assert [m.reserves_drawn for m in r.mtfp] == [300.0, 900.0, 0.0]
    assert [m.reserves_closing for m in r.mtfp] == [700.0, -200.0, -200.0]
    assert r.reserves_run_out == 2020
    assert sum("reserves run out in 2020/21" in w for w in r.warnings) == 1
    untracked = run(inputs(budget, investments=(spend,)))
    assert all(m.reserves_closing is None for m in untracked.mtfp) and untracked.reserves_run_out is None


def test_a_current_year_saving_at_risk_counts_in_no_year_of_the_mtfp():
    budget = (BudgetLine("Held", 1_000.0, "budget"),)
    plans = (
        Saving("This year, amber", 2019, 60.0, "amber"),  # 2019/20 is the current year
        Saving("Next year, red", 2020, 20.0, "red"),
    )
    r = run(inputs(budget, savings=plans, settings=settings(general_inflation=0.0)))
    # The Savings sheet lists this year's 60 in 2019/20: amber weight 0.5, so 30 delivered and 30 at risk
    assert r.savings.at_risk == (60.0 * 0.5, 20.0 * 1.0, 20.0 * 1.0)
    # §5: a current-year saving counts in no year of the plan, delivered or at risk: the MTFP's 2019/20
    # shows neither its 30 delivered nor its 30 at risk; the red 20 (weight 0) is all at risk from 2020/21
    assert [m.savings_delivered for m in r.mtfp] == [0.0, 20.0 * 0.0, 20.0 * 0.0]
    assert [m.savings_at_risk for m in r.mtfp] == [0.0, 20.0, 20.0]


def test_first_gap_plus_the_changes_is_the_last_gap():
    budget = (BudgetLine("Pressure", 1_000.0, "manual", forecast=1_400.0, recurring=True,
                         future_budgets={2020: 1_100.0, 2021: 1_300.0}),)
    r = run(inputs(budget, settings=settings(general_inflation=0.0)))
    # gaps 400, 1,400 − 1,100 = 300, 1,400 − 1,300 = 100; changes −100, −200
    assert [m.gap for m in r.mtfp] == [400.0, 300.0, 100.0]
    assert [m.gap_change for m in r.mtfp] == [None, -100.0, -200.0]
    assert next(c for c in r.checks if c.key == "mtfp_gap_change").ok


def test_a_scenario_adding_to_a_trend_growth_adds_to_the_trends_rate():
    from forecast.inputs.changes import apply_change

    rows = (PlacementRow("LAC", "external residential", 10.0, 5_000.0, 10.0, 5_000.0, "trend"),)
    base = inputs(LAC, placements=rows, history=EXACT)
    added = apply_change(base, "Placements", "*", "growth", "add", 0.02)
    assert added.placements[0].growth == pytest.approx(0.1 + 0.02)  # ĝ = 0.1, plus 2 points
    again = apply_change(added, "Placements", "*", "growth", "set", "trend")
    assert again.placements[0].growth == "trend"


def test_a_scenario_setting_trend_where_history_has_none_is_refused():
    from forecast.inputs.changes import ChangeError, apply_change

    rows = (PlacementRow("LAC", "secure", 1.0, 6_000.0, 1.0, 6_000.0),)
    with pytest.raises(ChangeError, match="History has no trend for it"):
        apply_change(inputs(LAC, placements=rows, history=EXACT), "Placements", "secure", "growth", "set", "trend")
