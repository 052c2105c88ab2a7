"""calculations.md §3: cost per FTE, budget basis, vacancies, agency, caseloads and recruitment."""

from __future__ import annotations

import datetime as dt

import pytest
from engine_support import inputs, settings

from forecast.engine import run
from forecast.inputs.model import BudgetLine, Recruit, StaffRow

# 52 weeks, 37 hours, on-costs 30%, units £, period 6 (September) of 2019/20
SOCIAL_WORKERS = StaffRow(
    "Teams", "Assessment", "Social Worker", fte_budget=10.0, fte_permanent=6.0, salary=40_000.0,
    fte_agency=2.0, agency_hourly_rate=40.0, cases=160.0, target_caseload=16.0,
)  # fmt: skip
EMP = 40_000 * 1.3  # 52,000
AG = 40 * 37 * 52  # 76,960
LINE = BudgetLine("Teams", 520_000.0, "staffing", actual_to_date=250_000.0)


def _run(*recruits: Recruit, rows=(SOCIAL_WORKERS,), **overrides):
    return run(inputs((LINE,), staffing=rows, recruitment=recruits, settings=settings(**overrides)))


def test_row_costs_by_hand():
    row = _run().staffing.rows[0]
    assert row.employee_cost_per_fte == pytest.approx(EMP)
    assert row.agency_cost_per_fte == pytest.approx(AG)
    assert row.budget_basis == pytest.approx(10 * EMP)  # 520,000
    assert row.full_year_forecast == pytest.approx(6 * EMP + 2 * AG)  # 465,920
    assert row.vacant == 2.0
    assert row.vacancy_saving == pytest.approx(2 * EMP)  # 104,000
    assert row.agency_premium == pytest.approx(2 * (AG - EMP))  # 49,920
    # FY − BB = premium − vacancy saving: −54,080 both ways
    assert row.full_year_forecast - row.budget_basis == pytest.approx(row.agency_premium - row.vacancy_saving)


def test_agency_premium_instead_of_hourly_rate_and_neither():
    premium = StaffRow("Teams", "CP", "Social Worker", 5.0, 4.0, 40_000.0, fte_agency=1.0, agency_premium=0.5)
    plain = StaffRow("Teams", "CP", "Manager", 1.0, 1.0, 50_000.0)
    rows = _run(rows=(premium, plain)).staffing.rows
    assert rows[0].agency_cost_per_fte == pytest.approx(EMP * 1.5)  # 78,000
    assert rows[1].agency_cost_per_fte == rows[1].employee_cost_per_fte  # no agency: no premium


def test_agency_share_caseload_and_capacity_gap():
    s = _run().staffing
    assert s.agency_share == pytest.approx(2 / 8)
    row = s.rows[0]
    assert row.caseload == pytest.approx(160 / 8)  # 20 cases each
    assert row.fte_needed == pytest.approx(160 / 16)  # 10 FTE at 16 cases each
    assert row.capacity_gap == pytest.approx(10 - 8)  # 2 more FTE (positive = short)
    assert row.cost_to_close == pytest.approx(2 * EMP)
    assert (s.capacity_gap_fte, s.fte_needed, s.fte_in_post_with_cases) == (
        pytest.approx(2.0), pytest.approx(10.0), 8.0,
    )  # fmt: skip
    assert (s.fte_budget, s.fte_permanent, s.fte_agency, s.vacant) == (10.0, 6.0, 2.0, 2.0)


def test_nobody_in_post_has_no_agency_share_or_caseload():
    empty = StaffRow("Teams", "New", "Social Worker", 3.0, 0.0, 40_000.0, cases=30.0, target_caseload=15.0)
    s = _run(rows=(empty,)).staffing
    assert s.agency_share is None
    assert s.rows[0].caseload is None
    assert s.rows[0].capacity_gap == pytest.approx(2.0)


def test_outturn_without_recruits():
    r = _run()
    # 250,000 + 465,920 × 6/12 = 482,960
    assert r.lines[0].outturn == pytest.approx(250_000 + (6 * EMP + 2 * AG) * 0.5)


def test_a_recruit_replacing_agency_in_the_current_and_next_year():
    r = _run(Recruit("Assessment", "Social Worker", 1.0, dt.date(2019, 11, 15), one_off_cost=3_000.0))
    # November is period 8; revision 2 counts the start by day: 15 Nov is in post for (30 − 15 + 1) / 30
    # = 16/30 of November, then December to March: 4 + 16/30 = 4.5333 months of 2019/20
    months = 4 + 16 / 30
    employee = EMP * months / 12  # 19,644.44
    agency = AG * months / 12  # 29,073.78
    effect = employee - agency + 3_000  # −6,429.33
    line = r.staffing.lines["Teams"]
    assert line.recruitment_effect == pytest.approx(effect)
    assert r.lines[0].outturn == pytest.approx(250_000 + (6 * EMP + 2 * AG) * 0.5 + effect)
    # 2020/21: the whole year, costed with the 3% pay award; the one-off cost is not repeated
    assert line.by_year[1] == pytest.approx((6 * EMP + 2 * AG) * 1.03 + (EMP - AG) * 1.03)
    rec = r.staffing.recruits[0]
    assert rec.cost_by_year[:2] == (pytest.approx(employee), pytest.approx(EMP * 1.03))
    assert rec.one_off_by_year == (3_000.0, 0.0, 0.0)


def test_recruitment_months_for_the_staffing_sheet():
    r = _run(Recruit("Assessment", "Social Worker", 1.0, dt.date(2019, 11, 15), one_off_cost=3_000.0))
    months = r.staffing.months
    assert [m.period for m in months] == list(range(1, 13))
    assert months[7].label == "Nov 2019" and months[9].label == "Jan 2020"
    assert all(m.net_effect == 0 for m in months[:7])
    nov = months[7]
    # 15 November: in post 16 of November's 30 days (revision 2 counts the start month by day)
    assert nov.fte_starting == 1.0 and nov.fte_in_post == pytest.approx(16 / 30)
    assert nov.employee_cost == pytest.approx(EMP / 12 * 16 / 30)
    assert nov.agency_saving == pytest.approx(AG / 12 * 16 / 30)
    assert nov.one_off_cost == 3_000.0
    assert months[8].fte_starting == 0.0 and months[8].fte_in_post == 1.0
    assert sum(m.net_effect for m in months) == pytest.approx(r.staffing.lines["Teams"].recruitment_effect)
    year = r.staffing.recruitment_year
    assert year.fte_starting == 1.0 and year.one_off_cost == 3_000.0
    assert year.employee_cost == pytest.approx((4 + 16 / 30) * EMP / 12)  # 15 November to March
    assert year.agency_saving == pytest.approx((4 + 16 / 30) * AG / 12)
    assert year.net_effect == pytest.approx(sum(m.net_effect for m in months))


def test_people_in_post_and_cases_add_up():
    no_cases = StaffRow("Teams", "Admin", "Officer", 3.0, 2.0, 25_000.0)
    st = _run(rows=(SOCIAL_WORKERS, no_cases)).staffing
    assert [x.fte_in_post for x in st.rows] == [8.0, 2.0]
    assert st.cases == 160.0  # only the rows that give cases
    assert _run(rows=(no_cases,)).staffing.cases is None


def test_a_recruit_starting_next_year_counts_part_of_that_year():
    r = _run(Recruit("Assessment", "Social Worker", 1.0, dt.date(2020, 5, 1), replaces_agency=False))
    rec = r.staffing.recruits[0]
    # May is period 2 of 2020/21: 11 months at 2020/21 pay, then a full year at 2021/22 pay
    assert rec.cost_by_year == (0.0, pytest.approx(EMP * 11 / 12 * 1.03), pytest.approx(EMP * 1.03**2))
    assert rec.agency_saving_by_year == (0.0, 0.0, 0.0)


def test_recruits_already_started_are_ignored_with_a_warning():
    r = _run(Recruit("Assessment", "Social Worker", 1.0, dt.date(2019, 9, 30)))  # period 6 = P
    assert r.staffing.recruits[0].ignored
    assert r.staffing.lines["Teams"].recruitment_effect == 0.0
    assert any("already counted in fte_permanent" in w and w.startswith("Recruitment") for w in r.warnings)


def test_agency_removed_never_exceeds_the_agency_on_the_row():
    r = _run(
        Recruit("Assessment", "Social Worker", 1.5, dt.date(2019, 10, 1)),
        Recruit("Assessment", "Social Worker", 1.0, dt.date(2020, 1, 1)),
    )
    first, second = r.staffing.recruits
    # the row has 2 agency FTE: 1.5 go in October, only 0.5 more in January
    assert first.agency_saving_by_year[0] == pytest.approx(1.5 * AG * 6 / 12)
    assert second.agency_saving_by_year[0] == pytest.approx(0.5 * AG * 3 / 12)
    assert second.cost_by_year[0] == pytest.approx(1.0 * EMP * 3 / 12)
    assert sum("replaces more agency FTE" in w for w in r.warnings) == 1


def test_staffing_identity_in_checks():
    r = _run(Recruit("Assessment", "Social Worker", 1.0, dt.date(2019, 11, 15)))
    check = next(c for c in r.checks if c.key == "staffing_identity")
    assert check.ok
    assert next(c for c in r.checks if c.key == "staffing_recruitment").ok
