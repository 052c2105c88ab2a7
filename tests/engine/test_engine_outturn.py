"""calculations.md §1: outturn by method, variances, movement, variance %, RAG and totals."""

from __future__ import annotations

import pytest
from engine_support import inputs, settings

from forecast.engine import run
from forecast.inputs.model import BudgetLine


def _line(results, name):
    return next(x for x in results.lines if x.line == name)


def test_outturn_for_each_simple_method():
    r = run(
        inputs(
            (
                BudgetLine("Held", 1_000.0, "budget", actual_to_date=400.0),
                BudgetLine("Own forecast", 2_000.0, "manual", actual_to_date=900.0, forecast=2_300.0),
                # run rate at period 6: 700 × 12 / 6 = 1,400
                BudgetLine("Run rate", 1_500.0, "run_rate", actual_to_date=700.0),
            )
        )
    )
    assert _line(r, "Held").outturn == 1_000.0
    assert _line(r, "Own forecast").outturn == 2_300.0
    assert _line(r, "Run rate").outturn == pytest.approx(1_400.0)


def test_run_rate_at_budget_setting_is_the_budget():
    r = run(inputs((BudgetLine("Run rate", 1_500.0, "run_rate"),), settings=settings(period=0)))
    assert r.lines[0].outturn == 1_500.0


def test_variance_net_variance_movement_and_pct():
    # outturn 2,300 − budget 2,000 = 300 variance; less 100 earmarked = 200 net;
    # movement 200 − 150 = 50; variance % = 200 / 2,000 = 10% (red above 5%)
    r = run(
        inputs(
            (BudgetLine("Own forecast", 2_000.0, "manual", forecast=2_300.0, earmarked=100.0, previous_variance=150.0),)
        )
    )
    x = r.lines[0]
    assert (x.variance, x.net_variance, x.movement) == (300.0, 200.0, 50.0)
    assert x.variance_pct == pytest.approx(0.10)
    assert x.rag == "red"


@pytest.mark.parametrize(
    ("forecast", "rag"),
    [(1_020.0, "green"), (980.0, "green"), (1_030.0, "amber"), (1_050.0, "amber"), (1_051.0, "red"), (900.0, "green")],
)
def test_rag_thresholds_on_absolute_variance_pct(forecast, rag):
    # |net| / budget ≤ 2% green, ≤ 5% amber, else red (defaults); rev 3: an underspend (900) is green
    r = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=forecast),)))
    assert r.lines[0].rag == rag


@pytest.mark.parametrize(
    ("forecast", "rag"), [(980.0, "green"), (970.0, "amber"), (949.0, "red"), (1_051.0, "red")],
)
def test_rag_underspend_size_rates_an_underspend_on_its_size(forecast, rag):
    # rag_underspend = size: |−20| / 1,000 = 2% green, |−30| / 1,000 = 3% amber, |−51| / 1,000 = 5.1% red
    r = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=forecast),), settings=settings(rag_underspend="size")))
    assert r.lines[0].rag == rag


def test_blank_previous_variance_and_zero_budget_leave_blanks():
    r = run(inputs((BudgetLine("New", 0.0, "manual", forecast=250.0),)))
    x = r.lines[0]
    assert x.movement is None
    assert x.variance_pct is None
    assert x.rag == "red"  # an unbudgeted cost: no percentage, but not green


def test_group_and_service_totals_are_plain_sums():
    r = run(
        inputs(
            (
                BudgetLine("A", 100.0, "manual", group="G1", forecast=110.0, previous_variance=5.0),
                BudgetLine("B", 200.0, "manual", group="G2", forecast=190.0, earmarked=3.0),
                BudgetLine("C", 300.0, "manual", group="G1", forecast=330.0, previous_variance=20.0),
            )
        )
    )
    assert [g.group for g in r.groups] == ["G1", "G2"]
    g1 = r.groups[0]
    assert g1.lines == ("A", "C")
    assert (g1.budget, g1.outturn, g1.variance, g1.net_variance) == (400.0, 440.0, 40.0, 40.0)
    assert g1.previous_variance == 25.0 and g1.movement == pytest.approx(15.0)
    t = r.totals
    assert t.group == "Children's Social Care"
    # rev 3: B underspends (190 − 200 = −10), so its earmark of 3 is not drawn: net = 30 − 0 = 30, 3 unused
    assert (t.budget, t.outturn, t.variance, t.earmarked, t.net_variance) == (600.0, 630.0, 30.0, 3.0, 30.0)
    assert (t.earmark_drawn, t.earmark_unused) == (0.0, 3.0)
    # movement sums the lines that have one: (10 − 5) + (30 − 20) = 15; B has none
    assert t.movement == pytest.approx(15.0)
    assert t.variance_pct == pytest.approx(30.0 / 600.0)


def test_blank_group_is_the_service():
    r = run(inputs((BudgetLine("A", 100.0, "budget"),)))
    assert r.lines[0].group == "Children's Social Care"
    assert r.groups[0].previous_variance is None and r.groups[0].movement is None
