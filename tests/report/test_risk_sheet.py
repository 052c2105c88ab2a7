"""The Risk sheet: percentile table, chance of an overspend, the ranges drawn and a histogram."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from forecast.engine.risk import run_risk
from forecast.inputs import load_inputs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"


@pytest.mark.slow
def test_the_must_show_build_writes_scenarios_and_risk_sheets(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    out = tmp_path / "example.xlsx"
    result = run_cli("build", EXAMPLE, "-o", out, "--all-scenarios", "--risk", 10_000, "--seed", 1)
    assert result.exit_code == 0, result.output
    assert "Risk: 10,000 draws, seed 1 (£000)" in result.output
    book = openpyxl.load_workbook(out, data_only=True)
    assert {"Scenarios", "Risk"} <= set(book.sheetnames)
    assert book.sheetnames.index("Scenarios") < book.sheetnames.index("Risk") < book.sheetnames.index("Checks")

    expected = run_risk(load_inputs(EXAMPLE), 10_000, seed=1)
    sheet = book["Risk"]
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    net = next(r for r in rows if r[0] == "Net variance 2025/26")
    s = expected.net_variance
    assert net[1:6] == pytest.approx((s.forecast, s.mean, s.p10, s.p50, s.p90))
    gaps = [r for r in rows if isinstance(r[0], str) and r[0].startswith("MTFP gap 20")]
    assert [g[4] for g in gaps] == pytest.approx([g.p50 for g in expected.gap])
    chance = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("Chance of an overspend"))
    assert chance[1] == pytest.approx(expected.chance_of_overspend)
    header = next(i for i, r in enumerate(rows) if r[0] == "Net variance band")
    counts = [r[3] for r in rows[header + 1 : header + 21]]
    assert sum(counts) == 10_000
    assert len(openpyxl.load_workbook(out)["Risk"]._charts) == 1
    assert "RiskChanceOfOverspend" in openpyxl.load_workbook(out).defined_names


def test_no_risk_option_no_risk_sheet(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    out = tmp_path / "plain.xlsx"
    assert run_cli("build", EXAMPLE, "-o", out).exit_code == 0
    assert "Risk" not in openpyxl.load_workbook(out).sheetnames


@pytest.mark.slow
def test_risk_follows_the_scenario_shown(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    out = tmp_path / "high.xlsx"
    result = run_cli("build", EXAMPLE, "-o", out, "--scenario", "High demand", "--risk", 1000)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out, data_only=True)["Risk"]
    assert sheet["A1"].value.startswith("Risk range")  # the title block every sheet has: its title in A1
    assert sheet["A2"].value.startswith("Northfield Borough Council, Monte Carlo run on the scenario 'High demand'")
    expected = run_risk(load_inputs(EXAMPLE), 1000, seed=1, scenario="High demand")
    assert sheet["A7"].value == "Net variance 2025/26"
    assert sheet["B7"].value == pytest.approx(expected.net_variance.forecast)


@pytest.mark.slow
def test_overspend_negative_layout_flips_net_variance_and_swaps_p10_p90(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    layout = tmp_path / "flipped.toml"
    layout.write_text(
        'sign_convention = "overspend-negative"\n'
        'sheets = ["MTFP", "Scenarios", "Risk", "Assumptions"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "flipped.xlsx"
    result = run_cli("build", EXAMPLE, "-o", out, "--layout", layout, "--risk", 1000, "--all-scenarios")
    assert result.exit_code == 0, result.output
    expected = run_risk(load_inputs(EXAMPLE), 1000, seed=1).net_variance
    row = next(r for r in openpyxl.load_workbook(out, data_only=True)["Risk"].iter_rows(values_only=True)
               if r[0] == "Net variance 2025/26")
    assert row[1:6] == pytest.approx((-expected.forecast, -expected.mean, -expected.p90, -expected.p50, -expected.p10))
    assert row[3] <= row[4] <= row[5]
