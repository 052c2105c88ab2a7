"""The Demand sheet, Placements demand_category and Settings demand_in_year (issue 22): errors at the cell,
warnings by name, and what `forecast init` writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from factory import minimal_sheets, write_workbook
from forecast.fy import month_start
from forecast.inputs import check_inputs, load_inputs

FOSTER = "in-house fostering"


def whole_year(fy: int, children: float = 20.0, kind: str = FOSTER) -> list[dict[str, object]]:
    return [{"month": month_start(fy, p), "placement_type": kind, "children": children} for p in range(1, 13)]


def problems(tmp_path: Path, sheets: dict[str, list[dict[str, object]]]) -> tuple[dict[str, str], dict[str, str]]:
    """(errors, warnings) as cell → message."""
    _inputs, found = check_inputs(write_workbook(tmp_path / "in.xlsx", sheets))
    errors = {f"{p.sheet}!{p.cell}": p.message for p in found if p.severity == "error"}
    warnings = {f"{p.sheet}!{p.cell}": p.message for p in found if p.severity != "error"}
    return errors, warnings


def test_a_whole_plan_year_of_demand_reads_clean(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Demand"] = whole_year(2026)
    inputs = load_inputs(write_workbook(tmp_path / "in.xlsx", sheets))
    assert len(inputs.demand) == 12 and inputs.demand[0].month == dt.date(2026, 4, 1)
    assert inputs.demand[0].placement_type == FOSTER and inputs.demand[0].cell == "Demand!A2"
    assert not inputs.settings.demand_in_year
    assert not [w for w in inputs.warnings if w.sheet == "Demand"]


def test_errors_at_their_cells(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    rows = whole_year(2026)
    rows.append({"month": "2026-05", "placement_type": FOSTER, "children": 3})  # row 14: May 2026 again
    rows.append({"month": dt.date(2026, 4, 1), "placement_type": "adoption", "children": 1})  # row 15: no such type
    rows.append({"month": dt.date(2026, 4, 1), "placement_type": "external residential", "children": -2})  # 16
    sheets["Demand"] = rows
    sheets["Placements"][0]["growth"] = "trend"  # a Demand-driven row (row 2)
    sheets["Placements"][1]["demand_category"] = "KINSHIP"  # not one of the four (row 3)
    sheets["History"] = [{"month": month_start(2024, p), "measure": FOSTER, "value": 20 + p} for p in range(1, 13)]
    errors, _warnings = problems(tmp_path, sheets)
    assert "appears twice (also at Demand!A3)" in errors["Demand!A14"]
    assert "'adoption' has no Placements row" in errors["Demand!B15"]
    assert "Demand!C16" in errors
    assert "growth is trend" in errors["Placements!E2"] and "Demand" in errors["Placements!E2"]
    assert "FOSTERING, RESIDENTIAL, SUPPORTED, OTHER" in errors["Placements!F3"]


def test_two_categories_for_one_type_is_an_error(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Budget"].append({"line": "Leaving care", "budget": 100, "method": "placements"})
    sheets["Placements"][0]["demand_category"] = "fostering"  # read as FOSTERING
    sheets["Placements"].append({"line": "Leaving care", "placement_type": FOSTER, "children": 1, "weekly_cost": 400,
                                 "demand_category": "OTHER"})
    errors, _warnings = problems(tmp_path, sheets)
    assert "differs from FOSTERING given for placement type 'in-house fostering' at Placements!E2" in (
        errors["Placements!E4"])


def test_warnings_name_what_is_missing(tmp_path: Path) -> None:
    sheets = minimal_sheets()  # 2025/26, period 6: Oct 2025 – Mar 2026 to come
    sheets["Settings"].append({"setting": "demand_in_year", "value": "yes"})
    sheets["Demand"] = [{"month": dt.date(2025, m, 1), "placement_type": FOSTER, "children": 20} for m in (10, 12)]
    _inputs, found = check_inputs(write_workbook(tmp_path / "in.xlsx", sheets))
    assert not [p for p in found if p.severity == "error"]
    warned = [p.message for p in found if p.sheet == "Demand"]
    assert any("demand_in_year is yes" in w and "Nov 2025, Jan 2026, Feb 2026, Mar 2026" in w for w in warned)
    assert any("covers no whole plan year after 2025/26" in w and "drives nothing" in w for w in warned)


def test_init_writes_the_demand_sheet_category_and_setting(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert run_cli("init", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    demand = book["Demand"]
    assert [c.value for c in demand[1]] == ["month", "placement_type", "children"]
    assert demand["B1"].comment is not None and "Placements" in demand["B1"].comment.text
    placements = book["Placements"]
    headers = [c.value for c in placements[1]]
    j = headers.index("demand_category")
    letter = openpyxl.utils.get_column_letter(j + 1)
    assert placements[f"{letter}1"].comment is not None
    assert "FOSTERING" in placements[f"{letter}1"].comment.text
    lists = [v for v in placements.data_validations.dataValidation if letter in str(v.sqref)]
    assert lists and "FOSTERING,RESIDENTIAL,SUPPORTED,OTHER" in lists[0].formula1.replace('"', "")
    settings = book["Settings"]
    names = [settings.cell(i, 1).value for i in range(1, settings.max_row + 1)]
    assert "demand_in_year" in names
