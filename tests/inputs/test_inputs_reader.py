"""Reading cells: bounded by real content, addresses kept, formulas and errors never read as blanks."""

from __future__ import annotations

import re
import time
import zipfile

from factory import minimal_sheets, rewrite_parts, with_cell
from forecast.inputs import check_inputs, load_inputs
from forecast.inputs.reader import MAX_ROWS, column_index, column_letters


def _rewrite_sheet(path, sheet_number, change):
    target = f"xl/worksheets/sheet{sheet_number}.xml"
    rewrite_parts(path, lambda name, data: change(data) if name == target else data)


def test_column_letters_round_trip():
    for index in (0, 25, 26, 701, 702, 16383):
        assert column_index(column_letters(index)) == index
    assert column_letters(16383) == "XFD"


def test_spoofed_dimension_reads_only_real_content(make_workbook):
    path = make_workbook()
    _rewrite_sheet(path, 2, lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))
    with zipfile.ZipFile(path) as archive:
        assert b"A1:XFD1048576" in archive.read("xl/worksheets/sheet2.xml")
    started = time.perf_counter()
    inputs = load_inputs(path)
    elapsed = time.perf_counter() - started
    assert [line.line for line in inputs.budget] == ["Placements", "Social workers", "Other"]
    assert elapsed < 0.5


def test_sheet_with_too_many_rows_is_refused(run_cli, make_workbook):
    path = make_workbook()
    rows = b"".join(b'<row r="%d"/>' % i for i in range(5, MAX_ROWS + 6))
    _rewrite_sheet(path, 2, lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>"))
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert "Budget: has more than 200,000 rows" in result.output
    assert "Traceback" not in result.output


def test_excel_error_value_is_reported_by_cell(run_cli, make_workbook):
    path = make_workbook()

    def divide_by_zero(xml):
        # B3 (the second line's budget) becomes a formula whose cached value is #DIV/0!
        return re.sub(rb'<c r="B3"[^>]*>.*?</c>', b'<c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c>', xml)

    _rewrite_sheet(path, 2, divide_by_zero)
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert "Budget!B3: holds the Excel error #DIV/0!" in result.output


def test_uncached_formula_in_a_key_cell(run_cli, make_workbook):
    sheets = with_cell(minimal_sheets(), "Staffing", 0, "team", '="Assess"&"ment"')
    result = run_cli("validate", make_workbook(sheets, openpyxl=True))
    assert result.exit_code == 1
    assert "Staffing!B2: is a formula with no saved value" in result.output


def test_header_row_below_a_title_and_data_not_at_a1(make_workbook, tmp_path):
    import xlsxwriter

    path = tmp_path / "offset.xlsx"
    book = xlsxwriter.Workbook(str(path))
    settings = book.add_worksheet("Settings")
    settings.write_row(0, 1, ["Northfield settings"])
    settings.write_row(2, 1, ["Setting", "Value"])
    for i, row in enumerate([("authority", "X"), ("financial_year", "2025/26"), ("period", 0)], start=3):
        settings.write_row(i, 1, row)
    budget = book.add_worksheet("Budget")
    budget.write_row(1, 2, ["Line", "Budget (£000)"])
    budget.write_row(2, 2, ["Other", "lots"])
    book.close()
    inputs, problems = check_inputs(path)
    assert inputs is None
    assert [str(p) for p in problems] == ["Budget!D3: budget must be a number, got 'lots'"]


def test_iso_text_date_and_numbers_as_text(make_workbook):
    sheets = with_cell(minimal_sheets(), "Recruitment", 0, "start", "2026-02-01")
    sheets = with_cell(sheets, "Budget", 0, "budget", "1,250.5")
    inputs = load_inputs(make_workbook(sheets))
    assert inputs.recruitment[0].start.isoformat() == "2026-02-01"
    assert inputs.budget[0].budget == 1250.5
