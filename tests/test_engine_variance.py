"""The Variance Analysis bridge and the checks: steps add up to the service net variance."""

from __future__ import annotations

import datetime as dt

import pytest
from engine_support import inputs

from forecast.engine import run
from forecast.inputs.model import BudgetLine, PlacementRow, Recruit, StaffRow


def _results():
    return run(
        inputs(
            (
                BudgetLine("LAC", 300_000.0, "placements", actual_to_date=160_000.0, earmarked=10_000.0),
                BudgetLine("Teams", 500_000.0, "staffing", actual_to_date=250_000.0),
                BudgetLine("Improvement", 1_000.0, "manual", forecast=5_000.0),
                BudgetLine("Held", 2_000.0, "budget"),
            ),
            placements=(
                PlacementRow("LAC", "in-house fostering", 10.0, 100.0, 8.0, 90.0),
                PlacementRow("LAC", "external residential", 5.0, 1_000.0, 6.0, 1_000.0),
            ),
            staffing=(StaffRow("Teams", "A", "SW", 10.0, 6.0, 40_000.0, 2.0, 40.0),),
            recruitment=(Recruit("A", "SW", 1.0, dt.date(2019, 11, 1)),),
        )
    )


def test_bridge_steps_by_hand():
    r = _results()
    steps = {i.key: i.amount for i in r.variance_bridge}
    assert list(steps) == [
        "placements_volume", "placements_mix", "placements_price", "placements_budget_basis",
        "placements_timing", "staffing_agency_premium", "staffing_vacancy_saving", "staffing_budget_basis",
        "staffing_timing", "other:Improvement", "other:Held", "earmarked",
    ]  # fmt: skip
    # placements: ΣF 312,000, ΣB 349,440, budget 300,000, outturn 316,000
    assert steps["placements_budget_basis"] == pytest.approx(349_440 - 300_000)
    assert steps["placements_timing"] == pytest.approx(316_000 - 312_000)
    # staffing: BB = 10 × 52,000 = 520,000 against a budget of 500,000
    assert steps["staffing_budget_basis"] == pytest.approx(20_000.0)
    assert steps["staffing_vacancy_saving"] == pytest.approx(-2 * 52_000)
    assert steps["staffing_agency_premium"] == pytest.approx(2 * (40 * 37 * 52 - 52_000))
    assert steps["other:Improvement"] == 4_000.0 and steps["other:Held"] == 0.0
    assert steps["earmarked"] == -10_000.0
    assert sum(steps.values()) == pytest.approx(r.totals.net_variance, abs=1e-6)


def test_placement_and_staffing_steps_explain_their_lines():
    r = _results()
    steps = {i.key: i.amount for i in r.variance_bridge}
    lac = next(x for x in r.lines if x.line == "LAC")
    teams = next(x for x in r.lines if x.line == "Teams")
    assert sum(v for k, v in steps.items() if k.startswith("placements_")) == pytest.approx(lac.variance)
    assert sum(v for k, v in steps.items() if k.startswith("staffing_")) == pytest.approx(teams.variance)


def test_every_check_holds_and_keys_are_unique():
    r = _results()
    keys = [c.key for c in r.checks]
    assert len(keys) == len(set(keys))
    assert {"variance_bridge", "staffing_identity", "placements_bridge", "mtfp_gap_year0", "total_net_variance"} <= set(
        keys
    )
    assert [c.key for c in r.checks if not c.ok] == []


def test_check_reports_a_difference():
    from forecast.engine.results import Check

    bad = Check("x", "left = right", 10.0, 9.0)
    assert not bad.ok and bad.difference == 1.0
