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


def test_waterfall_runs_through_every_step_to_the_net_variance():
    r = _results()
    bars = r.waterfall
    assert [b.key for b in bars] == [i.key for i in r.variance_bridge] + ["net_variance"]
    assert bars[0].start == 0.0
    for before, after in zip(bars[:-2], bars[1:-1], strict=True):
        assert after.start == before.end
    assert bars[-2].end == pytest.approx(r.totals.net_variance, abs=1e-6)
    net = bars[-1]
    assert (net.start, net.end, net.amount) == (0.0, r.totals.net_variance, r.totals.net_variance)
    for b in bars:  # stacked on the invisible base, the two parts reach the bar's ends
        assert b.above_zero >= 0 >= b.below_zero
        assert b.base + b.above_zero == pytest.approx(max(b.start, b.end))
        assert b.base + b.below_zero == pytest.approx(min(b.start, b.end))


def test_waterfall_bar_crossing_zero_is_split_at_the_axis():
    from forecast.engine.results import BridgeItem
    from forecast.engine.variance import waterfall

    up, down, net = waterfall([BridgeItem("a", "A", 5.0), BridgeItem("b", "B", -8.0)], -3.0)
    assert (up.base, up.above_zero, up.below_zero) == (0.0, 5.0, 0.0)
    assert (down.start, down.end) == (5.0, -3.0)
    assert (down.base, down.above_zero, down.below_zero) == (0.0, 5.0, -3.0)
    assert (net.base, net.above_zero, net.below_zero) == (0.0, 0.0, -3.0)


def test_material_lines_explain_the_net_variance_and_the_rest_is_other_lines():
    r = _results()
    # Teams −27,440; LAC 16,000 − 10,000 earmarked = 6,000; Improvement 4,000; Held 0 and not earmarked
    assert r.material_lines == ("Teams", "LAC", "Improvement")
    assert r.other_lines_net_variance == 0.0
    named = sum(x.net_variance for x in r.lines if x.line in r.material_lines)
    assert named + r.other_lines_net_variance == pytest.approx(r.totals.net_variance)


def test_small_lines_and_a_fifth_line_are_other_lines():
    sizes = {"A": 1_000.0, "B": -900.0, "C": 800.0, "D": 700.0, "E": 600.0, "Small": 40.0, "Tiny": 0.4}
    r = run(inputs(tuple(BudgetLine(n, 1_000.0, "manual", forecast=1_000.0 + v) for n, v in sizes.items())))
    assert r.material_lines == ("A", "B", "C", "D")  # at most four; Small is under 5% of the largest
    assert r.other_lines_net_variance == pytest.approx(600.0 + 40.0 + 0.4)


def test_every_check_holds_and_keys_are_unique():
    r = _results()
    keys = [c.key for c in r.checks]
    assert len(keys) == len(set(keys))
    assert {"variance_bridge", "staffing_identity", "placements_bridge", "mtfp_gap_year0", "total_net_variance"} <= set(
        keys
    )
    assert [c.key for c in r.checks if not c.ok] == []
    assert r.all_checks_ok


def test_check_reports_a_difference():
    from forecast.engine.results import Check

    bad = Check("x", "left = right", 10.0, 9.0)
    assert not bad.ok and bad.difference == 1.0
