"""calculations.md rev 3 §3 and §4: capacity-only Staffing rows, the workforce pipeline, posts across teams.

Every figure is worked by hand: 2019/20, period 6 (September), units £, 52 weeks of 37 hours, on-costs 30%.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from engine_support import inputs, settings
from hypothesis import given, settings as hyp_settings, strategies as st

from forecast.engine import run
from forecast.inputs.model import BudgetLine, Investment, Recruit, StaffRow

SW = StaffRow(
    "Teams", "Assessment", "Social Worker", fte_budget=10.0, fte_permanent=6.0, salary=40_000.0,
    fte_agency=2.0, agency_hourly_rate=40.0, cases=160.0, target_caseload=16.0,
)  # fmt: skip
EMP = 40_000 * 1.3  # 52,000
AG = 40 * 37 * 52  # 76,960
ASYE = StaffRow("Teams", "Assessment", "ASYE", fte_budget=6.0, fte_permanent=5.0, salary=30_000.0)
EMP_ASYE = 30_000 * 1.3  # 39,000
TEAMS = BudgetLine("Teams", 520_000.0, "staffing", actual_to_date=250_000.0)
# a manual line with its own Staffing row: capacity only (it costs nothing, it counts)
SUPPORT = BudgetLine("Support", 120_000.0, "manual", actual_to_date=60_000.0, forecast=123_000.0)
FAMILY = StaffRow(
    "Support", "Family Support", "Worker", fte_budget=5.0, fte_permanent=3.0, salary=30_000.0, fte_agency=1.0,
    agency_premium=0.5, cases=100.0, target_caseload=20.0, turnover=0.1,
)  # fmt: skip


def _run(*recruits: Recruit, rows=(SW,), budget=(TEAMS,), investments=(), **overrides):
    overrides.setdefault("pay_award", 0.02)
    return run(inputs(tuple(budget), staffing=tuple(rows), recruitment=recruits, investments=tuple(investments),
                      settings=settings(**overrides)))


def _teams(r, t=0):
    return r.staffing.lines["Teams"].by_year[t]


def _in_post(r, team, year):
    return next(c.fte_in_post for c in r.staffing.capacity if c.team == team and c.year == year)


# ---- capacity-only rows ---------------------------------------------------------------------------------


def test_capacity_only_rows_count_in_fte_and_capacity_but_in_no_money_figure():
    alone = _run()
    both = _run(rows=(SW, FAMILY), budget=(TEAMS, SUPPORT))
    st_ = both.staffing
    support = next(x for x in both.lines if x.line == "Support")
    assert support.outturn == 123_000.0  # the manual forecast: the rows cost nothing
    assert "Support" not in st_.lines
    # money: the social workers' row only. FY 6 × 52,000 + 2 × 76,960 = 465,920; BB 10 × 52,000 = 520,000
    assert st_.full_year_forecast == pytest.approx(6 * EMP + 2 * AG)
    assert st_.budget_basis == pytest.approx(10 * EMP)
    assert st_.vacancy_saving == pytest.approx(2 * EMP)
    assert st_.agency_premium == pytest.approx(2 * (AG - EMP))
    assert st_.turnover_cover == 0.0  # 10% turnover on the capacity-only row costs nothing
    def staffing_steps(r):
        return [b for b in r.variance_bridge if b.key.startswith("staffing")]

    assert staffing_steps(both) == staffing_steps(alone)  # the bridge: the Support line is an "other" line
    # FTE: both rows. establishment 10 + 5, permanent 6 + 3, agency 2 + 1, share 3 / 12
    assert (st_.fte_budget, st_.fte_permanent, st_.fte_agency) == (15.0, 9.0, 3.0)
    assert st_.agency_share == pytest.approx(3 / 12)
    assert st_.permanent_vacancies == pytest.approx((10 - 6) + (5 - 3))
    assert st_.vacant == pytest.approx(2 + 1)
    # capacity: 100 cases / 20 = 5 needed against 3 + 1 in post: 1 short, costing 1 × 39,000 to close
    family = [c for c in st_.capacity if c.team == "Family Support"]
    assert [c.capacity_only for c in family] == [True] * 3
    assert not any(c.capacity_only for c in st_.capacity if c.team == "Assessment")
    assert family[0].gap_fte == pytest.approx(100 / 20 - 4)
    assert family[0].cost_to_close == pytest.approx(1 * 30_000 * 1.3)
    assert family[0].cases == 100.0
    row = next(x for x in st_.rows if x.team == "Family Support")
    assert row.capacity_only and row.caseload == pytest.approx(100 / 4)
    assert (row.full_year_forecast, row.budget_basis, row.vacancy_saving, row.agency_premium) == (0, 0, 0, 0)
    # the staffing line itself is as without the other line's rows
    assert _teams(both) == pytest.approx(_teams(alone))


def test_a_join_on_a_capacity_only_row_moves_capacity_not_money():
    join = Recruit("Family Support", "Worker", 1.0, dt.date(2019, 11, 1), replaces_agency=False,
                   one_off_cost=2_000.0)
    r = _run(join, rows=(SW, FAMILY), budget=(TEAMS, SUPPORT))
    rec = r.staffing.recruits[0]
    assert rec.capacity_only and not rec.ignored
    assert all(v == 0 for v in (*rec.cost_by_year, *rec.agency_saving_by_year, *rec.one_off_by_year))
    assert r.staffing.recruitment_year.net_effect == 0.0
    assert _in_post(r, "Family Support", 2020) == pytest.approx(3 + 1 + 1)  # 4 now, the recruit from 2020/21


# ---- the workforce pipeline ------------------------------------------------------------------------------


def test_a_leave_on_the_1st_removes_the_whole_month_and_later_years_at_the_pay_award():
    base = _run()
    r = _run(Recruit("Assessment", "Social Worker", 1.0, dt.date(2020, 3, 1), kind="leave"))
    # 1 March 2020 is the first day out of post: all of March, 52,000 / 12 = 4,333.33
    assert _teams(r) - _teams(base) == pytest.approx(-EMP / 12)
    assert _teams(r, 1) - _teams(base, 1) == pytest.approx(-EMP * 1.02)  # 2020/21: 12 months × 1.02
    assert _in_post(r, "Assessment", 2019) == 8.0 and _in_post(r, "Assessment", 2020) == 7.0


def test_a_leave_mid_month_counts_by_day():
    base = _run()
    r = _run(Recruit("Assessment", "Social Worker", 1.0, dt.date(2020, 2, 15), kind="leave"))
    # February 2020 has 29 days: out of post 29 − 15 + 1 = 15 of them, then March
    assert _teams(r) - _teams(base) == pytest.approx(-EMP / 12 * (15 / 29 + 1))


def test_an_agency_join_adds_its_agency_cost_and_capacity():
    base = _run()
    r = _run(Recruit("Assessment", "Social Worker", 2.0, dt.date(2020, 1, 1), kind="agency_join"))
    # January to March: 2 × 76,960 / 12 × 3 = 38,480
    assert _teams(r) - _teams(base) == pytest.approx(2 * AG / 12 * 3)
    assert _teams(r, 2) - _teams(base, 2) == pytest.approx(2 * AG * 1.02**2)
    assert _in_post(r, "Assessment", 2020) == 10.0
    month = r.staffing.months[9]  # January 2020
    assert month.fte_starting == 2.0 and month.agency_saving == pytest.approx(-2 * AG / 12)


def test_one_agency_pool_per_row_in_date_order_and_a_short_agency_leave_is_warned():
    base = _run()
    join = Recruit("Assessment", "Social Worker", 1.0, dt.date(2019, 11, 1))  # replaces 1 of the 2 agency
    end = Recruit("Assessment", "Social Worker", 2.0, dt.date(2019, 12, 1), kind="agency_leave", cell="Recruitment!A3")
    r = _run(end, join)  # sheet order does not matter: the pool is drawn on in date order
    # join: 5 months of (52,000 − 76,960) / 12; the agency leave finds 1 FTE left: 4 months of 76,960 / 12
    expected = 5 * (EMP - AG) / 12 - 4 * AG / 12
    assert _teams(r) - _teams(base) == pytest.approx(expected)
    assert any(w.startswith("Recruitment!A3") and "ends more agency FTE" in w for w in r.warnings)
    assert _in_post(r, "Assessment", 2020) == pytest.approx(8 + 1 - 1 - 1)


def test_a_leave_taking_the_row_below_zero_is_warned_and_takes_what_is_there():
    base = _run()
    r = _run(Recruit("Assessment", "Social Worker", 9.0, dt.date(2020, 3, 1), kind="leave", cell="Recruitment!A2"))
    assert _teams(r) - _teams(base) == pytest.approx(-6 * EMP / 12)  # only the 6 permanent leave
    assert any(w.startswith("Recruitment!A2") and "takes more permanent FTE" in w for w in r.warnings)


def test_a_progress_moves_cost_from_one_role_to_the_other():
    base = _run(rows=(SW, ASYE))
    r = _run(Recruit("Assessment", "ASYE", 2.0, dt.date(2020, 1, 1), kind="progress", to_role="Social Worker"),
             rows=(SW, ASYE))
    # 2 × (52,000 − 39,000) / 12 × 3 months = 6,500
    assert _teams(r) - _teams(base) == pytest.approx(2 * (EMP - EMP_ASYE) / 12 * 3)
    assert _in_post(r, "Assessment", 2020) == pytest.approx(8 + 2)
    assert r.staffing.months[9].fte_starting == 0.0  # people move: nobody starts


def test_a_progress_out_of_a_capacity_only_row_costs_only_on_the_costed_side():
    asye = StaffRow("Support", "Assessment", "ASYE", fte_budget=6.0, fte_permanent=5.0, salary=30_000.0)
    base = _run(rows=(SW, asye), budget=(TEAMS, SUPPORT))
    r = _run(Recruit("Assessment", "ASYE", 1.0, dt.date(2020, 3, 1), kind="progress", to_role="Social Worker"),
             rows=(SW, asye), budget=(TEAMS, SUPPORT))
    assert _teams(r) - _teams(base) == pytest.approx(EMP / 12)  # the social worker's side, one month


@hyp_settings(max_examples=40, deadline=None)
@given(
    fte=st.floats(0.25, 5.0),
    salary_from=st.floats(20_000, 60_000),
    salary_to=st.floats(20_000, 60_000),
    start=st.dates(dt.date(2019, 10, 1), dt.date(2022, 3, 31)),
)
def test_property_a_progress_changes_only_its_line_by_fte_times_the_cost_step(fte, salary_from, salary_to, start):
    low = StaffRow("Teams", "T", "From", fte_budget=9.0, fte_permanent=5.0, salary=salary_from)
    high = StaffRow("Teams", "T", "To", fte_budget=9.0, fte_permanent=3.0, salary=salary_to)
    other = StaffRow("Other", "O", "Worker", fte_budget=4.0, fte_permanent=4.0, salary=35_000.0)
    budget = (TEAMS, BudgetLine("Other", 140_000.0, "staffing", actual_to_date=70_000.0))
    base = _run(rows=(low, high, other), budget=budget)
    r = _run(Recruit("T", "From", fte, start, kind="progress", to_role="To"), rows=(low, high, other),
             budget=budget)
    step = fte * (salary_to - salary_from) * 1.3 / 12  # a month
    days = calendar.monthrange(start.year, start.month)[1]
    share = (days - start.day + 1) / days  # the start month, counted by day
    period = (start.month - 4) % 12 + 1  # April = 1
    for t, year in enumerate((2019, 2020, 2021)):
        if start < dt.date(year, 4, 1):
            months = 12.0
        elif start < dt.date(year + 1, 4, 1):
            months = share + 12 - period
        else:
            months = 0.0
        assert _teams(r, t) - _teams(base, t) == pytest.approx(step * months * 1.02**t, abs=1e-6)
        assert r.staffing.lines["Other"].by_year[t] == base.staffing.lines["Other"].by_year[t]


def test_the_over_establishment_warning_counts_investment_posts_as_establishment():
    join = Recruit("Assessment", "Social Worker", 1.0, dt.date(2019, 11, 1), replaces_agency=False)
    posts = Investment("Posts", "ongoing", None, 2020, team="Assessment", role="Social Worker", fte=2.0)
    # in post 6 + 2 + 1 = 9 of 10; from 2020/21 the 2 posts make 11 in post against 10 + 2 = 12: no warning
    quiet = _run(join, investments=(posts,))
    assert not any("exceed the funded establishment" in w for w in quiet.warnings)
    # two recruits: 10 of 10 this year, then 12 against 12 with the posts: still none; three: 11 > 10
    loud = _run(Recruit("Assessment", "Social Worker", 3.0, dt.date(2019, 11, 1), replaces_agency=False),
                investments=(posts,))
    assert any("exceed the funded establishment" in w and "2019/20, 2020/21, 2021/22" in w for w in loud.warnings)


# ---- posts across teams ----------------------------------------------------------------------------------

A = StaffRow("Teams", "A", "Social Worker", 10.0, 6.0, 40_000.0, fte_agency=2.0, agency_hourly_rate=40.0,
             cases=160.0, target_caseload=16.0)
B = StaffRow("Teams", "B", "Social Worker", 10.0, 8.0, 40_000.0, cases=200.0, target_caseload=20.0)


def test_posts_split_equally_each_costed_replacing_agency_and_adding_capacity_on_its_own_row():
    item = Investment("Posts", "ongoing", None, 2020, team="A; B", teams=(("A", None), ("B", None)),
                      role="Social Worker", fte=4.0, replaces_agency=True, cell="Investments!A2")
    r = _run(rows=(A, B), investments=(item,))
    inv = r.investments[0]
    assert inv.posts == (("A", "Social Worker", 2.0), ("B", "Social Worker", 2.0))
    # 2020/21 (t = 1): 4 × 52,000 × 1.02; A's 2 posts replace its 2 agency, B has none to replace
    assert inv.cost == pytest.approx((0, 4 * EMP * 1.02, 4 * EMP * 1.02**2))
    assert inv.saving == pytest.approx((0, 2 * AG * 1.02, 2 * AG * 1.02**2))
    assert any(w.startswith("Investments!A2") and "B / Social Worker" in w and "less agency" in w
               and "nothing moves to the investment's other teams" in w for w in r.warnings)
    assert not any("A / Social Worker" in w and "less agency" in w for w in r.warnings)
    # capacity 2020/21: A 8 + 2 − 2 = 8; B 8 + 2 = 10
    assert _in_post(r, "A", 2020) == pytest.approx(8) and _in_post(r, "B", 2020) == pytest.approx(10)
    assert _in_post(r, "A", 2019) == 8 and _in_post(r, "B", 2019) == 8


def test_posts_split_by_counts():
    item = Investment("Posts", "ongoing", None, 2020, team="A: 1; B: 2", teams=(("A", 1.0), ("B", 2.0)),
                      role="Social Worker", fte=3.0)
    r = _run(rows=(A, B), investments=(item,))
    assert r.investments[0].posts == (("A", "Social Worker", 1.0), ("B", "Social Worker", 2.0))
    assert r.investments[0].team == "A: 1; B: 2"
    assert _in_post(r, "A", 2021) == pytest.approx(8 + 1) and _in_post(r, "B", 2021) == pytest.approx(8 + 2)


def test_posts_take_the_agency_the_whole_pipeline_left():
    # §4: posts replace "what recruits have not already replaced" (revision 2's order, kept so that inputs
    # without the new kinds give revision 2's figures): the May 2020 agency leave of 1 of A's 2 agency comes
    # first, though the posts start on 1 April 2020; the 2 posts replace the 1 left, and are warned
    item = Investment("Posts", "ongoing", None, 2020, team="A", role="Social Worker", fte=2.0, replaces_agency=True,
                      cell="Investments!A2")
    end = Recruit("A", "Social Worker", 1.0, dt.date(2020, 5, 1), kind="agency_leave")
    r = _run(end, rows=(A, B), investments=(item,))
    assert r.investments[0].saving[1] == pytest.approx(1 * AG * 1.02)
    assert any(w.startswith("Investments!A2") and "less agency" in w for w in r.warnings)
    assert not any("ends more agency FTE" in w for w in r.warnings)
