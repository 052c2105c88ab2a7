"""`forecast demand` is safe (README Safety): never over INPUTS or the prediction, an existing output only
with --force, a file that is not a prediction named at its cell, and a copy that would not validate refused
before anything is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from demand_support import inputs_sheets
from factory import write_workbook
from forecast.inputs import load_inputs

FIXTURE = Path(__file__).parents[1] / "fixtures" / "demand" / "prediction-3y.xlsx"


def test_demand_reads_the_csv_too_and_refuses_to_overwrite(run_cli, tmp_path: Path) -> None:
    inputs = write_workbook(tmp_path / "council.xlsx", inputs_sheets())
    target = tmp_path / "q.xlsx"
    csv = FIXTURE.with_suffix(".csv")
    assert run_cli("demand", str(csv), str(inputs), "-o", str(target)).exit_code == 0
    from_csv = {(d.month, d.placement_type): d.children for d in load_inputs(target).demand}
    again = run_cli("demand", str(csv), str(inputs), "-o", str(target))
    assert again.exit_code != 0 and "--force" in again.output
    assert run_cli("demand", str(FIXTURE), str(inputs), "-o", str(target), "--force").exit_code == 0
    from_xlsx = {(d.month, d.placement_type): d.children for d in load_inputs(target).demand}
    assert from_csv.keys() == from_xlsx.keys()
    assert all(from_csv[k] == pytest.approx(from_xlsx[k], rel=1e-12) for k in from_csv)
    refused = run_cli("demand", str(FIXTURE), str(inputs), "-o", str(inputs))
    assert refused.exit_code != 0 and "input file" in refused.output


def test_a_file_that_is_not_a_prediction_is_an_error_at_its_cell(run_cli, tmp_path: Path) -> None:
    inputs = write_workbook(tmp_path / "council.xlsx", inputs_sheets())
    bad = write_workbook(tmp_path / "bad.xlsx", {"Sheet1": [{"date": dt.date(2022, 4, 1), "children": 3}]})
    result = run_cli("demand", str(bad), str(inputs))
    assert result.exit_code == 1 and "Sheet1!B1" in result.output and "pair" in result.output
    assert not (tmp_path / "council-demand.xlsx").exists()


def test_growth_trend_on_a_type_the_demand_would_drive_is_refused(run_cli, tmp_path: Path) -> None:
    sheets = inputs_sheets()
    sheets["Placements"][1]["growth"] = "trend"  # external residential
    sheets["History"] = [{"month": dt.date(2021 + (p + 2) // 12, (p + 2) % 12 + 1, 1), "measure": "external residential",
                          "value": 2 + p % 3} for p in range(12)]
    inputs = write_workbook(tmp_path / "council.xlsx", sheets)
    result = run_cli("demand", str(FIXTURE), str(inputs))
    assert result.exit_code == 1 and "Placements!A3" in result.output and "growth is trend" in result.output
    assert not (tmp_path / "council-demand.xlsx").exists()
