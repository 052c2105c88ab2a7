"""The benchmarks for the JSON, the narrative and a risk run (issue 23): ``forecast.report.benchmark_report``."""

from __future__ import annotations

from forecast.engine import run
from forecast.engine.benchmark import BenchmarkResult
from forecast.inputs import inputs_from_sheets
from forecast.inputs.examples import blackpool
from forecast.report.benchmark_report import batch_row, benchmark_json, benchmark_sentence


def _blackpool(la_code: object = "890") -> dict:
    sheets = blackpool.sheets()
    rows = [r for r in sheets["Settings"] if r["setting"] != "la_code"]
    if la_code is not None:
        rows.append({"setting": "la_code", "value": la_code, "notes": None})
    sheets["Settings"] = rows
    return sheets


def test_json_is_the_engine_result_and_null_without_la_code() -> None:
    results = run(inputs_from_sheets(_blackpool()))
    assert isinstance(results.benchmark, BenchmarkResult)
    data = benchmark_json(results)
    assert data == results.benchmark.as_json()
    assert data is not None and data["la_code"] == "890" and data["la_name"] == "Blackpool"
    assert benchmark_json(run(inputs_from_sheets(_blackpool(None)))) is None


def test_the_narrative_sentence_says_where_blackpool_stands_out() -> None:
    # 2025: Blackpool 184 per 10,000; its neighbours 157, 138, 90, 145, 97, 144, 102, 114, 88, 170; England 67
    results = run(inputs_from_sheets(_blackpool(890)))
    assert benchmark_sentence(results) == (
        "Children looked after on 31 March per 10,000 children: 184 in 2025, the highest of Blackpool and its 10 "
        "statistical neighbours (neighbours 88 to 170; England 67).")
    assert benchmark_sentence(run(inputs_from_sheets(_blackpool(None)))) is None


def test_an_ons_code_names_the_same_authority() -> None:
    by_ons = run(inputs_from_sheets(_blackpool("e06000009"))).benchmark
    assert by_ons is not None and by_ons.la_code == "890" and by_ons.ons_code == "E06000009"


def test_batch_row_keeps_the_dfe_unit() -> None:
    row = batch_row(run(inputs_from_sheets(_blackpool())))
    assert row is not None and row.la_name == "Blackpool" and row.region_name == "North West"
    agency = next(f for f in row.figures if f.id == "agency_rate")
    assert (agency.value, agency.rank, agency.ranked_of, agency.england) == (7.4, 7, 10, 13.0)


def test_a_risk_run_with_la_code_runs_and_draws_make_no_own_figure() -> None:
    """A risk run draws children and agency FTE as arrays: the benchmarks of those runs keep the published
    figures and leave out the own figures rather than turn draws into one number."""
    from factory import minimal_sheets
    from forecast.engine import risk as risk_module

    sheets = minimal_sheets()
    sheets["Settings"].append({"setting": "la_code", "value": "860"})
    sheets["Risks"].append({"sheet": "Staffing", "row": "*", "column": "fte_agency", "op": "scale", "low": 0.5,
                            "likely": 1.0, "high": 2.0})
    seen = []

    def spy(inputs, scenario="Base"):
        results = run(inputs, scenario)
        seen.append(results.benchmark)
        return results

    risk_module.run_risk(inputs_from_sheets(sheets), 50, 1, runner=spy)
    assert seen and all(b is not None and b.la_code == "860" for b in seen)
    agency = next(i for i in seen[0].indicators if i.id == "agency_rate")
    assert agency.value == 8.8 and agency.own is None
