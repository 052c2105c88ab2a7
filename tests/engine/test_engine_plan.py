"""calculations.md §4–§6: investments, savings and the medium-term financial plan."""

from __future__ import annotations

import pytest
from engine_support import inputs, settings

from forecast.engine import run
from forecast.inputs.model import BudgetLine, Investment, Saving

# general_inflation 0: a held line's later years cost what it costs now, so the investments alone move the gap
ENFIELD = settings(financial_year=2018, period=6, mtfp_years=4, units="£000", general_inflation=0.0)
ONE_OFF = Investment("Temporary resources", "one-off", 600.0, 2018, funding="reserves")
ONGOING = Investment("18 posts", "ongoing", 1_000.0, 2019, funding="base")
HELD = (BudgetLine("Held", 10_000.0, "budget"),)


def _plan(*investments, budget=HELD, s=ENFIELD, savings=()):
    return run(inputs(budget, investments=investments, savings=savings, settings=s))


def test_enfield_funded_investments_add_nothing_to_the_gap():
    r = _plan(ONE_OFF, ONGOING)
    one_off, ongoing = r.investments
    assert one_off.cost == (600.0, 0.0, 0.0, 0.0) and one_off.funded == one_off.cost
    assert ongoing.cost == (0.0, 1_000.0, 1_000.0, 1_000.0) and ongoing.funded == ongoing.cost
    assert one_off.gap_effect == ongoing.gap_effect == (0.0, 0.0, 0.0, 0.0)
    assert [m.investment_costs for m in r.mtfp] == [600.0, 1_000.0, 1_000.0, 1_000.0]
    assert [m.gap for m in r.mtfp] == [0.0, 0.0, 0.0, 0.0]
    # revision 2 §6: reserves pay for the one-off (funding); base growth raises the cash limit instead
    assert [m.investment_funding for m in r.mtfp] == [600.0, 0.0, 0.0, 0.0]
    assert [m.base_growth for m in r.mtfp] == [0.0, 1_000.0, 1_000.0, 1_000.0]
    assert [m.base_budget for m in r.mtfp] == [10_000.0, 11_000.0, 11_000.0, 11_000.0]
    assert [m.investment_gap_effect for m in r.mtfp] == [0.0, 0.0, 0.0, 0.0]
    assert 1_000 / 18 == pytest.approx(55.6, abs=0.05)  # ≈ £55.6k a post


def test_unfunded_investment_adds_its_cost_less_saving():
    item = Investment(
        "Edge of care", "ongoing", 300.0, 2019, end_year=2020, annual_saving=200.0, saving_start_year=2020
    )
    r = _plan(item)
    i = r.investments[0]
    assert i.cost == (0.0, 300.0, 300.0, 0.0)
    assert i.saving == (0.0, 0.0, 200.0, 200.0)
    assert i.gap_effect == (0.0, 300.0, 100.0, -200.0)
    assert [m.gap for m in r.mtfp] == [0.0, 300.0, 100.0, -200.0]
    assert [m.investment_funding for m in r.mtfp] == [0.0, 0.0, 0.0, 0.0]
    assert [m.investment_gap_effect for m in r.mtfp] == [0.0, 300.0, 100.0, -200.0]
    # flows from the start year: −300, −100, +200; running −300, −400, −200: never paid back
    assert i.flows == (-300.0, -100.0, 200.0)
    assert i.payback_year is None


def test_npv_irr_and_payback_by_hand():
    item = Investment("Invest to save", "one-off", 100.0, 2018, annual_saving=60.0, saving_start_year=2019)
    s = settings(financial_year=2018, mtfp_years=3, discount_rate=0.1)
    i = _plan(item, s=s).investments[0]
    assert i.flows == (-100.0, 60.0, 60.0)
    assert i.npv == pytest.approx(-100 + 60 / 1.1 + 60 / 1.1**2)  # 4.13
    # −100 + 60x + 60x² = 0 with x = 1/(1+r): x = (−60 + √27,600) / 120
    x = (-60 + 27_600**0.5) / 120
    assert i.irr == pytest.approx(1 / x - 1)  # ≈ 13.1%
    assert i.payback_year == 2020  # running sum −100, −40, +20


def test_irr_needs_flows_of_both_signs():
    i = _plan(ONE_OFF).investments[0]
    assert i.flows == (-600.0, 0.0, 0.0, 0.0)
    assert i.npv == pytest.approx(-600.0)
    assert i.irr is None and i.payback_year is None


def test_payback_needs_a_cost_first():
    item = Investment("Saving only", "one-off", 0.0, 2018, annual_saving=50.0)
    assert _plan(item).investments[0].payback_year is None


def test_savings_by_rag_weight_and_recurrence():
    s = settings(mtfp_years=3, general_inflation=0.0)
    r = _plan(
        budget=(BudgetLine("Held", 1_000.0, "budget"),),
        s=s,
        savings=(
            Saving("Amber, recurring", 2020, 100.0, "amber"),
            Saving("Red, one year", 2020, 40.0, "red", recurring=False),
            Saving("Done this year", 2019, 30.0, "delivered"),
        ),
    )
    sv = r.savings
    # revision 2 §5: the current year's 30 shows in year 0 only and counts in no year of the plan
    # (the outturn already reflects it, the later years carry it through the outturn): 100 + 40, then 100
    assert sv.planned == (30.0, 140.0, 100.0)
    # amber 0.5, red 0, delivered 1
    assert sv.delivered == (30.0, 50.0 + 0.0, 50.0)
    assert sv.at_risk == (0.0, 50.0 + 40.0, 50.0)
    assert [m.savings_delivered for m in r.mtfp] == [0.0, 50.0, 50.0]
    assert [m.gap for m in r.mtfp] == [0.0, -50.0, -50.0]
    assert [m.savings_at_risk for m in r.mtfp] == [0.0, 90.0, 50.0]
    assert sv.planned_by_rag == {"delivered": (30.0, 0.0, 0.0), "amber": (0.0, 100.0, 100.0), "red": (0.0, 40.0, 0.0)}
    assert list(sv.planned_by_rag) == ["delivered", "amber", "red"]  # most certain first; no green saving


def test_mtfp_cash_limits_carry_the_last_one_given_forward():
    budget = (
        BudgetLine("Growing", 1_000.0, "budget", future_budgets={2020: 1_100.0}),
        BudgetLine("Flat", 500.0, "manual", forecast=520.0),
    )
    r = _plan(budget=budget, s=settings(mtfp_years=3, general_inflation=0.0))
    # revision 2 §6: 2021/22 has no cash limit for Growing, so 2020/21's 1,100 carries forward (uplift 0)
    assert [m.base_budget for m in r.mtfp] == [1_500.0, 1_100.0 + 500.0, 1_100.0 + 500.0]
    assert [m.carried_forward for m in r.mtfp] == [(), ("Flat",), ("Growing", "Flat")]
    # a non-recurring line's later spend is its year-0 budget (× 1.0): 1,000 + 500 against 1,600
    assert [m.gap for m in r.mtfp] == [20.0, 1_500.0 - 1_600.0, 1_500.0 - 1_600.0]
    assert [m.gap_change for m in r.mtfp] == [None, -120.0, 0.0]
    carried = [w for w in r.warnings if "carried forward" in w]
    assert len(carried) == 1 and "'Growing'" in carried[0] and "2021/22" in carried[0]
    assert "carried forward from 2020/21" in carried[0]


def test_the_carry_warning_names_where_each_run_of_carried_years_comes_from():
    budget = (BudgetLine("Gappy", 1_000.0, "budget", future_budgets={2021: 1_300.0}),)
    r = _plan(budget=budget, s=settings(mtfp_years=4, general_inflation=0.0))
    # 2020/21 carries 2019/20's 1,000; 2021/22 is given (1,300); 2022/23 carries 2021/22's 1,300
    assert [m.base_budget for m in r.mtfp] == [1_000.0, 1_000.0, 1_300.0, 1_300.0]
    carried = [w for w in r.warnings if "carried forward" in w]
    assert len(carried) == 1
    assert "carried forward from 2019/20 (2020/21) and from 2021/22 (2022/23)" in carried[0]


def test_budget_uplift_raises_a_carried_cash_limit_each_year():
    budget = (BudgetLine("Held", 1_000.0, "budget", future_budgets={2020: 1_200.0}),)
    r = _plan(budget=budget, s=settings(mtfp_years=4, general_inflation=0.0, budget_uplift=0.05))
    # 1,000 given; 1,200 given; then 1,200 × 1.05 = 1,260; 1,260 × 1.05 = 1,323
    assert [m.base_budget for m in r.mtfp] == pytest.approx([1_000.0, 1_200.0, 1_260.0, 1_323.0])


def test_other_lines_later_years_are_year0_spend_with_general_inflation():
    budget = (
        BudgetLine("Recurring", 500.0, "manual", forecast=560.0, recurring=True, future_budgets={2020: 900.0}),
        BudgetLine("One-off", 200.0, "manual", forecast=260.0),
    )
    r = _plan(budget=budget, s=settings(mtfp_years=3, general_inflation=0.1))
    # recurring: (500 + 60) × 1.1^t; not recurring: 200 × 1.1^t; the cash limit of 900 does not matter
    assert [m.service_forecast for m in r.mtfp] == pytest.approx(
        [560.0 + 260.0, 560.0 * 1.1 + 200.0 * 1.1, 560.0 * 1.21 + 200.0 * 1.21]
    )


def test_recurring_variance_rolls_forward_on_top_of_the_cash_limit():
    budget = (BudgetLine("Pressure", 500.0, "manual", forecast=560.0, earmarked=10.0, recurring=True,
                         future_budgets={2020: 550.0}),)  # fmt: skip
    r = _plan(budget=budget, s=settings(mtfp_years=3, general_inflation=0.0))
    # year 0: net variance 60 − 10 = 50; later: (500 + 60) again (earmarking is this year's money)
    assert [m.service_forecast for m in r.mtfp] == [560.0, 560.0, 560.0]
    assert [m.funding for m in r.mtfp] == [10.0, 0.0, 0.0]
    # cash limits 500, 550, 550 (carried forward): gaps 560 − 500 − 10, 560 − 550, 560 − 550
    assert [m.gap for m in r.mtfp] == [50.0, 10.0, 10.0]
    # each gap is against that year's whole budget: the change is the new pressure, never a running sum
    assert [m.gap_change for m in r.mtfp] == [None, -40.0, 0.0]


def test_year0_gap_is_net_variance_plus_unfunded_investment_effects():
    budget = (BudgetLine("A", 1_000.0, "manual", forecast=1_200.0, earmarked=50.0),)
    item = Investment("Unfunded", "one-off", 70.0, 2019, annual_saving=20.0)
    r = _plan(item, budget=budget, s=settings(mtfp_years=2))
    # 150 net variance + 70 cost − 20 saving
    assert r.mtfp[0].gap == pytest.approx(200.0)
    assert next(c for c in r.checks if c.key == "mtfp_gap_year0").ok
