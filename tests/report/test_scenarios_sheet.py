"""The Scenarios sheet of the output workbook: figures per scenario, differences from Base as live formulas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from forecast.engine.scenarios import run_scenarios
from forecast.inputs import load_inputs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"


def _build(run_cli: Callable[..., Result], out: Path, *options: object) -> Result:
    result = run_cli("build", EXAMPLE, "-o", out, *options)
    assert result.exit_code == 0, result.output
    return result


def _find(sheet: openpyxl.worksheet.worksheet.Worksheet, text: str) -> int:
    """The 1-based row whose column A is ``text``."""
    return next(c.row for c in sheet["A"] if c.value == text)


@pytest.mark.slow
def test_all_scenarios_writes_the_sheet_with_each_scenarios_figures(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    out = tmp_path / "all.xlsx"
    result = _build(run_cli, out, "--all-scenarios")
    assert "(12 sheets)" not in result.output  # no Risk sheet without --risk
    book = openpyxl.load_workbook(out)
    names = book.sheetnames
    assert names.index("MTFP") < names.index("Scenarios") < names.index("Checks")
    assert "Risk" not in names

    inputs = load_inputs(EXAMPLE)
    expected = run_scenarios(inputs, ["Base", "High demand", "Agency halved", "Higher inflation"])
    values = openpyxl.load_workbook(out, data_only=True)["Scenarios"]
    formulas = book["Scenarios"]
    for result_ in expected:
        r = _find(values, result_.scenario)  # the first table lists each scenario once, in sheet order
        row = [c.value for c in values[r]][1:7]
        assert row[0] == pytest.approx(result_.totals.net_variance)
        assert row[1:6] == pytest.approx([y.gap for y in result_.mtfp])
        changes = _find(values, "Change in gap from the year before (£000)") + 1
        c = next(x.row for x in values["A"][changes:] if x.value == result_.scenario)
        assert values.cell(c, 3).value is None  # no year before the first
        for t in range(1, 5):
            col = 3 + t
            left, right = formulas.cell(r, col).coordinate, formulas.cell(r, col - 1).coordinate
            assert formulas.cell(c, col).value == f"={left}-{right}"
            assert values.cell(c, col).value == pytest.approx(result_.mtfp[t].gap - result_.mtfp[t - 1].gap)
        reserves = _find(values, "Reserves at the end of the year (£000)") + 1
        c = next(x.row for x in values["A"][reserves:] if x.value == result_.scenario)
        assert [values.cell(c, 3 + t).value for t in range(5)] == pytest.approx(
            [y.reserves_closing for y in result_.mtfp])

    base_row = _find(values, "Base")
    diff_head = _find(values, "Difference from Base (scenario − Base)")
    high = diff_head + 2  # header row, then High demand
    assert values.cell(high, 1).value == "High demand"
    assert formulas.cell(high, 2).value == f"=B{_find(values, 'High demand')}-$B${base_row}"
    assert values.cell(high, 2).value == pytest.approx(
        expected[1].totals.net_variance - expected[0].totals.net_variance
    )
    assert len(formulas._charts) == 1
    assert values.cell(5, 1).value == "The other sheets of this workbook show the scenario 'Base'."


def test_the_first_scenario_asked_for_is_the_one_the_workbook_shows(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    out = tmp_path / "high.xlsx"
    result = _build(run_cli, out, "--scenario", "High demand", "--scenario", "Agency halved")
    assert "scenario High demand" in result.output
    book = openpyxl.load_workbook(out, data_only=True)
    scenarios = book["Scenarios"]
    listed = [scenarios.cell(r, 1).value for r in range(8, 11)]
    assert listed == ["Base", "High demand", "Agency halved"]
    assert "The other sheets of this workbook show the scenario 'High demand'." == scenarios.cell(5, 1).value
    assumptions = [tuple(r) for r in book["Assumptions"].iter_rows(values_only=True)]
    assert any(r[0] == "Scenario" and r[1] == "High demand" for r in assumptions)


@pytest.mark.slow
def test_base_alone_has_no_scenarios_sheet(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    out = tmp_path / "base.xlsx"
    _build(run_cli, out)
    assert "Scenarios" not in openpyxl.load_workbook(out).sheetnames
    _build(run_cli, out, "--scenario", "Base")
    assert "Scenarios" not in openpyxl.load_workbook(out).sheetnames


def test_unknown_scenario_on_build_is_one_message(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("build", EXAMPLE, "-o", tmp_path / "x.xlsx", "--scenario", "Nope")
    assert result.exit_code == 1
    assert "unknown scenario 'Nope'" in result.output
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.slow
def test_same_options_give_the_same_bytes(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _build(run_cli, a, "--all-scenarios", "--risk", 500, "--seed", 3)
    _build(run_cli, b, "--all-scenarios", "--risk", 500, "--seed", 3)
    assert a.read_bytes() == b.read_bytes()


def test_all_scenarios_without_any_says_so(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    from factory import minimal_sheets, write_workbook

    sheets = {name: rows for name, rows in minimal_sheets().items() if name != "Scenarios"}
    plain = write_workbook(tmp_path / "no-scenarios.xlsx", sheets)
    result = run_cli("build", plain, "-o", tmp_path / "bp.xlsx", "--all-scenarios")
    assert result.exit_code == 0
    assert "Note: the Scenarios sheet names no scenarios, so there is nothing to compare with Base" in result.output
    assert "Scenarios" not in openpyxl.load_workbook(tmp_path / "bp.xlsx").sheetnames
