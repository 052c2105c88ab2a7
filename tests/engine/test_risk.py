"""Monte Carlo risk: distributions, reproducibility, zero-width ranges, one vectorised engine run."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest
from engine_support import small_authority

from forecast.engine import run
from forecast.engine.results import Results
from forecast.engine.risk import draw_values, run_risk, sample
from forecast.inputs.changes import apply_change, apply_scenario
from forecast.errors import ForecastError, InputError
from forecast.inputs.model import Inputs, RiskRow, ScenarioRow


def _inputs(*risks: RiskRow) -> Inputs:
    """The small test authority over four plan years, with one scenario and ``risks`` as its Risks sheet."""
    high_demand = ScenarioRow("High demand", "Placements", "*", "children", "scale", 1.1, "Scenarios!A2")
    return small_authority(mtfp_years=4, scenarios=(high_demand,), risks=risks)


CHILDREN = RiskRow("Placements", "*", "children", "scale", 0.95, 1.0, 1.15, "triangular", "Risks!A2")
PRICE = RiskRow("Placements", "external residential", "weekly_cost", "add", -100.0, 0.0, 600.0, "pert", "Risks!A3")
PAY = RiskRow("Settings", "pay_award", "value", "add", -0.01, 0.0, 0.02, "uniform", "Risks!A4")
AGENCY = RiskRow("Staffing", "*", "fte_agency", "scale", 0.5, 1.0, 1.5, "pert", "Risks!A5")
OFSTED = RiskRow("Budget", "Ofsted improvement", "forecast", "add", -500.0, 0.0, 1_000.0, "triangular", "Risks!A6")
ALL = (CHILDREN, PRICE, PAY, AGENCY, OFSTED)


class CountingRun:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, inputs: Inputs, scenario: str) -> Results:
        self.calls += 1
        return run(inputs, scenario=scenario)


# --- sampling -----------------------------------------------------------


@pytest.mark.parametrize("distribution", ["triangular", "uniform", "pert"])
def test_draws_stay_in_range_and_centre_where_expected(distribution: str) -> None:
    row = RiskRow("Placements", "*", "children", "scale", 0.9, 1.0, 1.3, distribution)
    values = sample(np.random.default_rng(0), row, 200_000)
    assert values.min() >= 0.9 and values.max() <= 1.3
    expected_mean = {"triangular": (0.9 + 1.0 + 1.3) / 3, "uniform": 1.1, "pert": (0.9 + 4 * 1.0 + 1.3) / 6}
    assert values.mean() == pytest.approx(expected_mean[distribution], abs=2e-3)


def test_same_seed_same_draws_and_rows_do_not_disturb_each_other() -> None:
    first = draw_values([CHILDREN, PRICE], 1_000, seed=7)
    again = draw_values([CHILDREN, PRICE], 1_000, seed=7)
    other = draw_values([CHILDREN, PRICE], 1_000, seed=8)
    more_rows = draw_values([CHILDREN, PRICE, PAY], 1_000, seed=7)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])
    assert np.array_equal(first[1], more_rows[1])  # adding a row leaves earlier rows' draws alone
    assert first[0][-1] == 1.0 and first[1][-1] == 0.0  # the neutral value at the end


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (dataclasses.replace(CHILDREN, low=1.2), "low <= likely <= high, got 1.2, 1, 1.15"),
        (dataclasses.replace(CHILDREN, distribution="normal"), "distribution must be one of triangular"),
        (dataclasses.replace(CHILDREN, high=float("inf")), "finite"),
    ],
)
def test_bad_ranges_are_input_errors_with_their_cell(row: RiskRow, message: str) -> None:
    with pytest.raises(InputError, match=message) as exc:
        run_risk(_inputs(row), 10, seed=1)
    assert [p.place for p in exc.value.problems] == ["Risks!A2"]


def test_unknown_risk_row_is_an_input_error_with_its_cell() -> None:
    bad = dataclasses.replace(OFSTED, row="Ofsted")
    with pytest.raises(InputError, match="Risks!A6: unknown row 'Ofsted' on Budget"):
        run_risk(_inputs(CHILDREN, bad), 10, seed=1)


def test_a_risk_run_without_ranges_says_what_to_add() -> None:
    with pytest.raises(InputError, match="Risks: a risk run needs ranges: add rows to the Risks sheet"):
        run_risk(_inputs(), 10, seed=1)
    with pytest.raises(ForecastError, match="between 1 and"):
        run_risk(_inputs(CHILDREN), 0, seed=1)


# --- the run ------------------------------------------------------------


def test_percentiles_are_ordered_and_the_chance_is_a_share() -> None:
    risk = run_risk(_inputs(*ALL), 2_000, seed=3)
    for spread in (risk.net_variance, *risk.gap):
        assert spread.p10 <= spread.p50 <= spread.p90
        assert spread.p10 < spread.p90  # the ranges do spread the result
    assert len(risk.gap) == 4 and risk.years == (2019, 2020, 2021, 2022)
    assert 0.0 <= risk.chance_of_overspend <= 1.0
    assert risk.chance_of_overspend == pytest.approx(np.mean(risk.net_variance_draws > 0))
    assert sum(b.count for b in risk.histogram) == 2_000
    assert risk.net_variance_draws.shape == (2_000,) and risk.gap_draws.shape == (4, 2_000)


def test_zero_width_ranges_give_the_deterministic_result_in_every_draw() -> None:
    flat = tuple(dataclasses.replace(r, low=r.likely, high=r.likely) for r in ALL)
    inputs = _inputs(*flat)
    risk = run_risk(inputs, 500, seed=1)
    plain = run(inputs)
    assert np.allclose(risk.net_variance_draws, plain.totals.net_variance, rtol=0, atol=1e-9)
    for t, year in enumerate(plain.mtfp):
        assert np.allclose(risk.gap_draws[t], year.gap, rtol=0, atol=1e-9)
    assert risk.net_variance.forecast == pytest.approx(plain.totals.net_variance, abs=1e-9)
    assert len(risk.histogram) == 1 and risk.histogram[0].count == 500  # one band, not twenty alike


def test_each_draw_equals_a_plain_run_with_that_draws_values() -> None:
    inputs = _inputs(*ALL)
    risk = run_risk(inputs, 5, seed=11)
    values = draw_values(inputs.risks, 5, seed=11)
    for i in (0, 3):
        one = inputs
        for row, v in zip(inputs.risks, values, strict=True):
            one = apply_change(one, row.sheet, row.row, row.column, row.op, float(v[i]))
        plain = run(one)
        assert risk.net_variance_draws[i] == pytest.approx(plain.totals.net_variance, abs=1e-6)
        assert risk.gap_draws[:, i] == pytest.approx([y.gap for y in plain.mtfp], abs=1e-6)


def test_the_forecast_column_is_the_build_without_ranges() -> None:
    inputs = _inputs(*ALL)
    plain = run(inputs)
    risk = run_risk(inputs, 100, seed=2)
    assert risk.net_variance.forecast == pytest.approx(plain.totals.net_variance)
    assert [s.forecast for s in risk.gap] == pytest.approx([y.gap for y in plain.mtfp])


@pytest.mark.slow
def test_same_seed_same_numbers() -> None:
    a = run_risk(_inputs(*ALL), 1_000, seed=42)
    b = run_risk(_inputs(*ALL), 1_000, seed=42)
    c = run_risk(_inputs(*ALL), 1_000, seed=43)
    assert a.net_variance == b.net_variance and a.gap == b.gap
    assert np.array_equal(a.gap_draws, b.gap_draws)
    assert a.net_variance != c.net_variance


def test_ten_thousand_draws_run_the_engine_once() -> None:
    counting = CountingRun()
    started = time.perf_counter()
    risk = run_risk(_inputs(*ALL), 10_000, seed=1, runner=counting)
    elapsed = time.perf_counter() - started
    assert counting.calls == 1
    assert risk.draws == 10_000 and risk.net_variance_draws.shape == (10_000,)
    assert elapsed < 5  # vectorised: one run on arrays (about a tenth of a second here)


def test_ranges_sit_on_top_of_the_chosen_scenario() -> None:
    inputs = _inputs(*ALL)
    base = run_risk(inputs, 1_000, seed=5)
    high = run_risk(inputs, 1_000, seed=5, scenario="high demand")
    assert high.scenario == "High demand"
    plain = run(apply_scenario(inputs, "High demand"), scenario="High demand")
    assert high.net_variance.forecast == pytest.approx(plain.totals.net_variance)
    assert high.net_variance.p50 > base.net_variance.p50


def test_the_summary_risk_key_holds_every_figure_unrounded() -> None:
    from forecast.report.risk_summary import risk_dict, risk_text

    risk = run_risk(_inputs(*ALL), 1_000, seed=9)
    data = risk_dict(risk)
    assert set(data) == {"draws", "seed", "scenario", "net_variance", "gap", "chance_of_overspend"}
    assert data["net_variance"] == {
        "mean": risk.net_variance.mean,
        "p10": risk.net_variance.p10,
        "p50": risk.net_variance.p50,
        "p90": risk.net_variance.p90,
        "forecast": risk.net_variance.forecast,
    }
    assert [g["year"] for g in data["gap"]] == ["2019/20", "2020/21", "2021/22", "2022/23"]
    assert data["chance_of_overspend"] == risk.chance_of_overspend
    text = risk_text(risk, "£000")
    assert "Risk: 1,000 draws, seed 9 (£000)" in text and "Chance of an overspend in 2019/20:" in text


@pytest.mark.parametrize("threshold", ["variance_amber", "variance_red"])
def test_a_range_on_a_rag_threshold_runs_and_changes_no_figure(threshold: str) -> None:
    """The thresholds only colour lines: drawing them must not crash the run (it once did) nor move a figure."""
    row = RiskRow("Settings", threshold, "value", "add", -0.01, 0.0, 0.01, "uniform", "Risks!A7")
    with_threshold = run_risk(_inputs(CHILDREN, row), 500, seed=4)
    without = run_risk(_inputs(CHILDREN), 500, seed=4)
    assert np.array_equal(with_threshold.net_variance_draws, without.net_variance_draws)
    assert np.array_equal(with_threshold.gap_draws, without.gap_draws)


def test_weeks_per_year_is_a_number_a_scenario_or_range_can_vary() -> None:
    """weeks_per_year ends in 'year' but is a number of weeks, not a financial year (it was refused as one)."""
    inputs = _inputs()
    longer = apply_change(inputs, "Settings", "weeks_per_year", "value", "scale", 1.01)
    assert longer.settings.weeks_per_year == pytest.approx(inputs.settings.weeks_per_year * 1.01)
    assert run(longer).placements.remaining_cost == pytest.approx(run(inputs).placements.remaining_cost * 1.01)
    row = RiskRow("Settings", "weeks_per_year", "value", "add", -0.5, 0.0, 0.5, "uniform", "Risks!A8")
    risk = run_risk(_inputs(row), 200, seed=6)
    assert risk.net_variance.p10 < risk.net_variance.p90


def test_big_runs_go_in_chunks_with_the_same_numbers_and_progress_between() -> None:
    """Cut into blocks (bounded memory, a progress bar between runs), every draw is what one run gives."""
    inputs = _inputs(*ALL)
    whole = run_risk(inputs, 2_500, seed=12)
    counting, seen = CountingRun(), []
    chunked = run_risk(inputs, 2_500, seed=12, runner=counting, progress=seen.append, chunk=1_000)
    assert counting.calls == 3  # 2,500 draws + the neutral one, 1,000 at a time
    assert seen == [1_000, 2_000, 2_500]
    assert np.array_equal(chunked.net_variance_draws, whole.net_variance_draws)
    assert np.array_equal(chunked.gap_draws, whole.gap_draws)
    assert chunked.net_variance == whole.net_variance and chunked.gap == whole.gap


def test_a_million_draws_take_a_bounded_number_of_engine_runs() -> None:
    from forecast.engine.risk import CHUNK_DRAWS, chunks

    assert chunks(10_000) == 1 and chunks(CHUNK_DRAWS - 1) == 1
    assert chunks(1_000_000) == 21
