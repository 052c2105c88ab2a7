"""The children list (issue 26) as a user meets it: init writes it, --children FILE, validate's summary by kind,
the high-cost child named on the Placements sheet only, child_ids = hide."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import openpyxl

from children_wiring_support import LINE, sheets
from factory import write_workbook
from forecast.inputs.children_model import CHILDREN_SHEET

COLUMNS = ("child", "line", "placement_type", "weekly_cost", "rate", "rate_unit", "start", "planned_end",
           "date_of_birth", "after_18", "paid_to", "provider", "uasc")


def _csv(path, rows):
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join("" if row.get(c) is None else row[c].isoformat() if isinstance(row.get(c), dt.date)
                              else str(row[c]) for c in COLUMNS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_init_writes_the_children_sheet_entrants_and_the_settings_with_notes(run_cli, tmp_path):
    path = tmp_path / "blank.xlsx"
    assert run_cli("init", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book[CHILDREN_SHEET][1]][:3] == ["child", "line", "placement_type"]
    assert "entrants" in [c.value for c in book["Placements"][1]]
    settings = {row[0].value for row in book["Settings"].iter_rows(min_row=2)}
    assert {"high_cost_weekly", "child_ids"} <= settings


def test_a_list_from_a_csv_builds_and_the_sheet_names_the_high_cost_child_only(run_cli, tmp_path):
    data = sheets()
    rows = data.pop("Children")
    book = write_workbook(tmp_path / "in.xlsx", data)
    listing = _csv(tmp_path / "list.csv", rows)
    out = tmp_path / "out.xlsx"
    result = run_cli("build", book, "--children", listing, "-o", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    placements = [[c for c in row if c is not None] for row in wb["Placements"].iter_rows(values_only=True)]
    assert ["C-2", "Hill Lodge", "supported accommodation", 1400, dt.datetime(2026, 1, 14)] in placements
    for name in wb.sheetnames:
        if name == "Placements":
            continue
        for row in wb[name].iter_rows(values_only=True):
            assert not any(isinstance(v, str) and ("C-2" in v or "C-1" in v) for v in row), name
    tables = tmp_path / "tables"
    assert run_cli("tables", book, "--children", listing, "-o", tables, "--format", "md,csv").exit_code == 0
    for file in tables.iterdir():
        assert "C-2" not in file.read_text(encoding="utf-8")
    summary = run_cli("summary", book, "--children", listing, "--json")
    assert summary.exit_code == 0
    line = next(x for x in json.loads(summary.output)["lines"] if x["line"] == LINE)
    assert abs(line["outturn"] - (42 + 30.4 + 82.125)) < 1e-6


def test_child_ids_hide_shows_row_numbers(run_cli, tmp_path):
    data = sheets()
    data["Settings"].append({"setting": "child_ids", "value": "hide"})
    out = tmp_path / "out.xlsx"
    assert run_cli("build", write_workbook(tmp_path / "in.xlsx", data), "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    values = [v for row in wb["Placements"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "row 3" in values and "C-2" not in values and "Children row" in values


def test_overlap_and_end_before_start_are_refused_at_their_rows_with_a_count_by_kind(run_cli, tmp_path):
    data = sheets()
    data["Children"] += [
        # C-1 again from 1 December while row 2's placement runs to 31 December: overlaps (row 4)
        {"child": "C-1", "line": LINE, "placement_type": "supported accommodation", "weekly_cost": 800,
         "start": dt.date(2025, 12, 1)},
        # an end before its start (row 5)
        {"child": "C-3", "line": LINE, "placement_type": "supported accommodation", "weekly_cost": 650,
         "start": dt.date(2025, 8, 1), "planned_end": dt.date(2025, 7, 1)},
        # a second end before its start (row 6)
        {"child": "C-4", "line": LINE, "placement_type": "supported accommodation", "weekly_cost": 650,
         "start": dt.date(2025, 8, 1), "planned_end": dt.date(2025, 7, 31)},
    ]
    # the factory writes headers in first-seen order: child A … weekly_cost D, start E, planned_end F
    result = run_cli("validate", write_workbook(tmp_path / "in.xlsx", data))
    assert result.exit_code == 1
    out = result.output
    assert "error      2 × planned_end before start" in out
    assert "error      1 × two placements active on one day" in out
    assert "Children!E4: child 'C-1': this placement and row 2's are both active on 2025-12-01" in out
    assert "Children!F5: child 'C-3': planned_end 2025-07-01 is before start 2025-08-01" in out
    assert "Children!F6: child 'C-4'" in out
    assert out.index("× planned_end before start") < out.index("Children!E4")


def test_the_same_problems_in_a_csv_are_named_at_the_files_cells(run_cli, tmp_path):
    data = sheets()
    rows = data.pop("Children")
    rows[1]["planned_end"] = dt.date(2025, 5, 1)  # before its 1 June start
    book = write_workbook(tmp_path / "in.xlsx", data)
    result = run_cli("validate", book, "--children", _csv(tmp_path / "list.csv", rows))
    assert result.exit_code == 1
    assert "list.csv!H3: child 'C-2': planned_end 2025-05-01 is before start 2025-06-01" in result.output


@pytest.mark.slow
def test_the_readme_route_from_a_list_to_a_build(run_cli, tmp_path, monkeypatch):
    from pathlib import Path

    from forecast.inputs.examples import children_list

    shipped = Path(__file__).resolve().parents[2] / "inputs" / "children-list.csv"
    assert shipped.read_bytes() == children_list.csv_text().encode("utf-8")  # rebuilt by inputs/rebuild.py
    monkeypatch.chdir(tmp_path)
    assert run_cli("init", "--example", "example", "my-inputs.xlsx").exit_code == 0
    result = run_cli("build", "my-inputs.xlsx", "--children", shipped, "-o", "out.xlsx")
    assert result.exit_code == 0, result.output
    # the example's care leavers line: 560 + 896.705 + 26.544 (docs/children.md): 1,483 against a 1,050 budget
    assert "Warnings: 1 (listed on the Assumptions sheet)" in result.output  # the file replaces the sheet's list
    summary = json.loads(run_cli("summary", "my-inputs.xlsx", "--json").output)
    line = next(x for x in summary["lines"] if x["line"] == children_list.LINE)
    assert round(line["outturn"], 1) == 1483.2


def test_warnings_never_name_a_child(run_cli, tmp_path):
    data = sheets()
    data["Children"][0]["paid_to"] = dt.date(2025, 10, 5)  # after the period's end: warned at the row
    book = write_workbook(tmp_path / "in.xlsx", data)
    checked = run_cli("validate", book)
    assert "child 'C-1': paid_to 2025-10-05 is after the period's end" in checked.output  # validate names it
    out = tmp_path / "out.xlsx"
    assert run_cli("build", book, "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    notes = [v for row in wb["Assumptions"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert any("paid_to 2025-10-05" in v for v in notes)  # the workbook lists the warning by its row
    assert not any("C-1" in v for v in notes)
