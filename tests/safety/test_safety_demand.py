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


@pytest.mark.slow
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


@pytest.mark.slow
def test_growth_trend_keeps_its_type_out_of_the_demand_so_the_copy_validates(run_cli, tmp_path: Path) -> None:
    sheets = inputs_sheets()
    sheets["Placements"][1]["growth"] = "trend"  # external residential, the only RESIDENTIAL type
    sheets["Placements"][0]["growth"] = "trend"  # in-house fostering: 24 of FOSTERING's 36 today
    sheets["History"] = [
        {"month": dt.date(2021 + (p + 2) // 12, (p + 2) % 12 + 1, 1), "measure": kind, "value": base + p % 3}
        for kind, base in (("external residential", 2), ("in-house fostering", 20)) for p in range(12)]
    inputs = write_workbook(tmp_path / "council.xlsx", sheets)
    result = run_cli("demand", str(FIXTURE), str(inputs))
    assert result.exit_code == 0, result.output
    assert "Placements!A3" in result.output and "keeps its History trend" in result.output
    written = load_inputs(tmp_path / "council-demand.xlsx")  # validates: no Demand for a trend type
    kinds = {d.placement_type for d in written.demand}
    assert kinds == {"independent fostering agency", "supported accommodation"}
    # IFA keeps its share of FOSTERING by today's children (12 of 36), not all of it.
    plain = load_inputs(_plain(run_cli, tmp_path))
    ifa = {d.month: d.children for d in plain.demand if d.placement_type == "independent fostering agency"}
    assert all(d.children == pytest.approx(ifa[d.month]) for d in written.demand
               if d.placement_type == "independent fostering agency")


def _plain(run_cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The same council without trends, through forecast demand."""
    inputs = write_workbook(tmp_path / "plain.xlsx", inputs_sheets())
    assert run_cli("demand", str(FIXTURE), str(inputs)).exit_code == 0
    return tmp_path / "plain-demand.xlsx"
