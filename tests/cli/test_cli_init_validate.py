"""`forecast init` and `forecast validate` from the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest
from factory import minimal_sheets

from forecast.inputs.examples import example_sheets
from forecast import schema
from forecast.inputs import registry
from forecast.inputs import inputs_from_sheets, load_inputs
from forecast.inputs.template import template_bytes


def test_blank_template_reports_missing_settings_by_cell(run_cli, tmp_path):
    path = tmp_path / "t.xlsx"
    assert run_cli("init", path).exit_code == 0
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for expected in (
        "Settings!B2: authority is required",
        "Settings!B4: financial_year is required",
        "Settings!B5: period is required",
        "Budget!A2: there are no budget lines",
    ):
        assert expected in result.output


def test_example_validates(run_cli, tmp_path):
    path = tmp_path / "e.xlsx"
    init = run_cli("init", "--example", "example", path)
    assert init.exit_code == 0 and init.output == f"Wrote example 'example' to {path}\n"
    result = run_cli("validate", path)
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: OK (0 warning(s))\n"


def test_init_refuses_to_overwrite(run_cli, tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"my work")
    result = run_cli("init", path)
    assert result.exit_code == 1
    assert "already exists: use --force" in result.output
    assert path.read_bytes() == b"my work"
    assert run_cli("init", "--force", path).exit_code == 0
    assert path.read_bytes() != b"my work"


def test_init_unknown_example_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("init", "--example", "atlantis", tmp_path / "x.xlsx")
    assert result.exit_code == 2
    assert "unknown example 'atlantis'" in result.output


def test_init_into_missing_folder_is_a_clear_error(run_cli, tmp_path):
    result = run_cli("init", tmp_path / "no" / "such" / "t.xlsx")
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_template_is_deterministic():
    assert template_bytes() == template_bytes()
    assert template_bytes("example") == template_bytes("example")


def test_template_round_trips_the_example(tmp_path):
    path = tmp_path / "e.xlsx"
    path.write_bytes(template_bytes("example"))
    from_file = load_inputs(path)
    from_code = inputs_from_sheets(example_sheets("example"), source_name="e.xlsx")
    # XlsxWriter writes 16 significant digits, so 365/7 comes back one ulp away
    got, want = dataclasses.asdict(from_file.settings), dataclasses.asdict(from_code.settings)
    assert got.keys() == want.keys()
    for key, value in want.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, rel=1e-15), key
        else:
            assert got[key] == value, key
    for part in ("budget", "placements", "staffing", "recruitment", "investments", "savings", "scenarios", "risks"):
        strip = (lambda rows: [r.__class__(**{**r.__dict__, "cell": ""}) for r in rows]) if part in (
            "scenarios", "risks") else (lambda rows: list(rows))
        assert strip(getattr(from_file, part)) == strip(getattr(from_code, part)), part


def test_template_annotations():
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    assert book.sheetnames == [schema.README_SHEET, *[s.name for s in registry.SCHEMAS]]
    for sheet_schema in registry.SCHEMAS:
        sheet = book[sheet_schema.name]
        headers = [cell.value for cell in sheet[1]]
        assert headers == [c.name for c in sheet_schema.columns]
        for cell in sheet[1]:
            assert cell.comment is not None and cell.comment.text.startswith(f"{cell.value}: ")
        lists = {str(v.sqref).split(":")[0][:-1]: v.formula1 for v in sheet.data_validations.dataValidation
                 if v.type == "list"}
        for j, column in enumerate(sheet_schema.columns):
            if column.kind in (schema.ENUM, schema.YESNO) and sheet_schema.name != "Settings":
                letter = openpyxl.utils.get_column_letter(j + 1)
                assert lists[letter] == '"' + ",".join(column.choices) + '"', column.name
    settings = book["Settings"]
    names = [row[0].value for row in settings.iter_rows(min_row=2)]
    assert names == list(registry.SETTING_NAMES)
    values = {row[0].value: row[1] for row in settings.iter_rows(min_row=2)}
    assert values["authority"].value is None and values["mtfp_years"].value == 5
    assert values["placement_inflation"].number_format == "0.0%"
    assert values["period"].fill.fgColor.rgb.endswith("F8CBAD")  # required, still blank
    assert values["units"].fill.fgColor.rgb.endswith("FFF2CC")  # an input


def test_every_template_sheet_prints_one_a4_page_wide():
    """Printed, the template is a page per sheet across, not slices of columns (27 pages before this)."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes("example")))
    for sheet in book.worksheets:
        assert str(sheet.page_setup.paperSize) == "9", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.fitToWidth in (1, None) and sheet.page_setup.fitToHeight == 0, sheet.title
        tables = sheet.title not in (schema.README_SHEET,)
        assert (sheet.page_setup.orientation == "landscape") == tables, sheet.title


def test_validate_lists_what_only_the_model_sees_with_the_recruits_cell(run_cli, make_workbook):
    """calculations.md §3 warns of a recruit already in post and of more agency replaced than the team has."""
    sheets = minimal_sheets()
    sheets["Recruitment"] = [
        {"team": "Assessment", "role": "Social Worker", "fte": 1, "start": dt.date(2025, 12, 1)},
        {"team": "Assessment", "role": "Social Worker", "fte": 1, "start": dt.date(2025, 5, 1)},  # before month 6
        {"team": "Assessment", "role": "Social Worker", "fte": 3, "start": dt.date(2026, 1, 1)},  # 1 agency FTE only
    ]
    result = run_cli("validate", make_workbook(sheets))
    assert result.exit_code == 0, result.output
    assert "warning Recruitment!A3: Assessment / Social Worker starting 2025-05-01: started on or before" in result.output
    assert "warning Recruitment!A4: Assessment / Social Worker starting 2026-01-01: replaces more agency FTE" in (
        result.output)
    # revision 2 §3: 1 + 1 + 3 permanent recruits take the team above its establishment: warned once, by year
    assert "permanent and agency FTE after recruits exceed the funded establishment" in result.output
    # and minimal_sheets' red line with no comment (issue 21)
    assert "has no comment" in result.output
    assert "OK (4 warning(s))" in result.output


def test_init_writes_the_history_sheet_and_offers_trend_for_growth(run_cli, tmp_path):
    path = tmp_path / "blank.xlsx"
    assert run_cli("init", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["History"][1]] == ["month", "measure", "value"]
    placements = book["Placements"]
    growth = next(c.column_letter for c in placements[1] if c.value == "growth")
    offered = [v for v in placements.data_validations.dataValidation if growth in str(v.sqref)]
    assert offered and offered[0].formula1 == '"trend"'
    settings = {row[0].value for row in book["Settings"].iter_rows(min_row=2)}
    assert {"budget_uplift", "reserves_opening", "trend_months", "backfill_months"} <= settings
