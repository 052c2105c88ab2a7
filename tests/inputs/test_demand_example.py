"""The demand example (issue 22): the council's workbook, the model's prediction and the copy `forecast demand`
writes from them are shipped in inputs/, each what its code writes today; the copy loads without warnings and
its Demand drives this year and the plan years the prediction covers whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from forecast.engine import run
from forecast.inputs import load_inputs
from forecast.inputs.demand_workbook import write_demand

ROOT = Path(__file__).resolve().parents[2]
NAME = "harrowfield-2022-23-m6"
SHIPPED = ROOT / "inputs" / "demand" / f"{NAME}-demand.xlsx"


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def test_the_demand_example_ships() -> None:
    assert SHIPPED.exists(), "inputs/demand is made by inputs/rebuild.py and committed"


def test_the_prediction_shipped_is_the_fixture() -> None:
    fixture = ROOT / "tests" / "fixtures" / "demand" / "prediction-3y.xlsx"
    assert (ROOT / "inputs" / "demand" / "prediction.xlsx").read_bytes() == fixture.read_bytes()


def test_the_shipped_copy_is_what_forecast_demand_writes(tmp_path: Path) -> None:
    fresh = write_demand(ROOT / "inputs" / "demand" / "prediction.xlsx", ROOT / "inputs" / f"{NAME}.xlsx",
                         tmp_path / f"{NAME}-demand.xlsx")
    assert _cells(SHIPPED.read_bytes()) == _cells(fresh.path.read_bytes()), "run `python inputs/rebuild.py`"


def test_the_copy_loads_clean_and_its_demand_drives_the_plan() -> None:
    inputs = load_inputs(SHIPPED)
    assert inputs.warnings == () and inputs.settings.demand_in_year
    results = run(inputs)
    p = results.placements
    assert p is not None and p.demand is not None and p.demand.in_year
    assert all(r.demand_share is not None for r in p.rows)  # every type has a category in the prediction
    # 2023/24 and 2024/25 are whole in the prediction (April 2022 – March 2025); later years grow from 2024/25.
    assert {t.placement_type: t.whole_years for t in p.demand.types}["external residential"] == (2023, 2024)
    assert all(r.demand_years == (False, True, True, True, True) for r in p.rows)


def test_high_demand_is_ten_percent_more_of_the_models_children() -> None:
    from forecast.engine.scenarios import run_scenarios

    base, high = run_scenarios(load_inputs(SHIPPED), ["Base", "High demand"])
    assert base.placements is not None and high.placements is not None
    for b, h in zip(base.placements.rows, high.placements.rows, strict=True):
        assert h.forecast_children == pytest.approx(1.1 * b.forecast_children)  # this year, from the Demand
        assert h.children_by_year == pytest.approx(tuple(1.1 * c for c in b.children_by_year))
