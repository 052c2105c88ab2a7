"""The library (forecast/api.py): the same work as the commands, callable from Python."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

import forecast
from forecast.report.batch_summary import BUILT

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"


@pytest.mark.slow
def test_build_writes_the_same_bytes_as_the_command(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    report = forecast.build(EXAMPLE, output=tmp_path / "api.xlsx")
    result = run_cli("build", EXAMPLE, "-o", tmp_path / "cli.xlsx")
    assert result.exit_code == 0, result.output
    assert report.path == tmp_path / "api.xlsx"
    assert (tmp_path / "api.xlsx").read_bytes() == (tmp_path / "cli.xlsx").read_bytes()
    assert report.sheets[0] in openpyxl.load_workbook(report.path).sheetnames
    assert report.headline.splitlines()[0] in result.output


def test_summary_equals_the_commands_json(run_cli: Callable[..., Result]) -> None:
    result = run_cli("summary", EXAMPLE, "--json", "--scenario", "High demand")
    assert result.exit_code == 0, result.output
    assert forecast.summary(EXAMPLE, scenario="High demand") == json.loads(result.output)


def test_summary_with_risk_equals_the_command(run_cli: Callable[..., Result]) -> None:
    result = run_cli("summary", EXAMPLE, "--json", "--risk", 300, "--seed", 4)
    assert forecast.summary(EXAMPLE, risk=300, seed=4) == json.loads(result.output)


@pytest.mark.slow
def test_frames_mtfp_has_one_row_per_plan_year_with_the_engines_figures() -> None:
    results = forecast.run(forecast.load(EXAMPLE))
    mtfp = forecast.frames(results)["mtfp"]
    assert len(mtfp) == len(results.years) == results.settings.mtfp_years
    assert list(mtfp["gap (£000)"]) == [y.gap for y in results.mtfp]
    assert list(mtfp.index) == [f"{y}/{(y + 1) % 100:02d}" for y in results.years]


def test_frames_lines_and_units_in_column_names() -> None:
    results = forecast.run(EXAMPLE)
    tables = forecast.frames(results)
    lines = tables["lines"]
    assert list(lines["line"]) == [x.line for x in results.lines]
    assert lines["net_variance (£000)"].sum() == pytest.approx(results.totals.net_variance)
    assert "weekly_cost (£)" in tables["placements"].columns  # unit costs are always £
    years = tables["investment_years"]
    assert len(years) == len(results.investments) * len(results.years)


def test_inputs_loaded_once_can_run_many_scenarios() -> None:
    inputs = forecast.load(EXAMPLE)
    base, high = forecast.run(inputs), forecast.run(inputs, "High demand")
    assert high.scenario == "High demand" and base.scenario == "Base"
    assert high.totals.net_variance != base.totals.net_variance


def test_errors_are_raised_not_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(forecast.InputError, match="no-such.xlsx"):
        forecast.load(tmp_path / "no-such.xlsx")
    with pytest.raises(forecast.ForecastError, match="seed only applies"):
        forecast.build(EXAMPLE, output=tmp_path / "x.xlsx", seed=3)
    with pytest.raises(forecast.ForecastError, match="give output"):
        forecast.build(forecast.load(EXAMPLE))  # no file name to name the workbook after
    assert capsys.readouterr() == ("", "")


def test_validate_lists_problems_with_their_cells(tmp_path: Path, make_workbook: Callable[..., Path]) -> None:
    from factory import minimal_sheets, with_cell

    good = forecast.validate(EXAMPLE)
    assert good.ok and not good.errors
    bad = forecast.validate(make_workbook(with_cell(minimal_sheets(), "Budget", 0, "budget", "lots")))
    assert not bad.ok and bad.inputs is None
    assert any(e.startswith("Budget!B2: budget must be a number") for e in bad.errors), bad.errors


def test_compare_and_tables(tmp_path: Path) -> None:
    bp = ROOT / "inputs" / "blackpool-2019-20-m4.xlsx"
    comparison = forecast.compare(EXAMPLE, bp, output=tmp_path / "c.xlsx")
    assert (tmp_path / "c.xlsx").exists()
    assert comparison.lines  # every line of either file
    written = forecast.tables(bp, tmp_path / "t", formats=["csv"])
    assert {p.name for p in written} >= {"narrative.txt", "revenue-summary.csv"}


@pytest.mark.slow
def test_batch_takes_a_layout_and_a_scenario(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """The issue's command: every shipped example has a "High demand" scenario, so all build with it."""
    out = tmp_path / "out"
    shipped = sorted((ROOT / "inputs").glob("*.xlsx"))
    result = run_cli("batch", *shipped, "-o", out, "--jobs", 1, "--layout", "mtfp-cabinet", "--scenario", "High demand")
    assert result.exit_code == 0, result.output
    assert f"Built {len(shipped)} of {len(shipped)} workbooks" in result.output
    built = out / "example-forecast.xlsx"
    expected = forecast.build(EXAMPLE, output=tmp_path / "one.xlsx", layout="mtfp-cabinet", scenarios=["High demand"])
    assert built.read_bytes() == expected.path.read_bytes()  # exactly what build makes with those options
    summary = openpyxl.load_workbook(out / "batch-summary.xlsx").worksheets[0]
    assert any("Scenario shown: High demand" in str(c.value) for row in summary.iter_rows(max_row=5) for c in row)
    run = forecast.batch([EXAMPLE], out, jobs=1, scenarios=["High demand"])
    assert [i.status for i in run.items] == [BUILT] and run.items[0].scenario == "High demand"


def test_a_scenario_one_file_lacks_fails_that_file_only(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    enfield = ROOT / "inputs" / "enfield-2018-19-q2.xlsx"
    result = run_cli("batch", EXAMPLE, enfield, "-o", tmp_path, "--jobs", 1, "--scenario", "Agency halved")
    assert result.exit_code == 1
    assert "unknown scenario 'Agency halved'" in result.output
    assert (tmp_path / "example-forecast.xlsx").exists() and not (tmp_path / "enfield-2018-19-q2-forecast.xlsx").exists()


def test_a_bad_layout_fails_a_batch_once_before_any_work(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("batch", EXAMPLE, "-o", tmp_path, "--layout", "no-such-layout")
    assert result.exit_code == 1
    assert result.output.count("no-such-layout") == 1
    assert not list(tmp_path.iterdir())


def test_import_forecast_loads_nothing_heavy() -> None:
    code = (
        "import sys, forecast; forecast.__version__; "
        "print(sorted(m for m in ('pandas', 'xlsxwriter', 'openpyxl', 'numpy', 'forecast.api') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_the_python_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every code block of docs/python.md, in order, in one namespace, as a notebook would run them."""
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 5
    (tmp_path / "inputs").symlink_to(ROOT / "inputs")
    (tmp_path / "outputs").mkdir()
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for n, block in enumerate(blocks):
        exec(compile(block, f"docs/python.md block {n + 1}", "exec"), namespace)  # noqa: S102
    assert (tmp_path / "outputs" / "python-example.xlsx").exists()


def test_roll_and_history_are_the_commands(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    from forecast.report.history_text import history_dict

    month6 = ROOT / "inputs" / "monthly" / "eastbrook-2025-26-m6.xlsx"
    report = forecast.roll(month6, tmp_path / "api.xlsx")
    assert run_cli("roll", month6, "-o", tmp_path / "cli.xlsx").exit_code == 0
    assert report.path.read_bytes() == (tmp_path / "cli.xlsx").read_bytes()
    assert forecast.load(report.path).settings.period == 7
    monthly = sorted((ROOT / "inputs" / "monthly").glob("*.xlsx"))
    result = run_cli("history", *monthly, "--json")
    assert json.loads(json.dumps(history_dict(forecast.history(monthly)))) == json.loads(result.output)
