"""Nothing read in a way the user did not mean (inputs.md General rules, revision 2).

Each case is a workbook built in code (tests/factory.py), written with
XlsxWriter and read back through the real reader, so hidden rows, merged
ranges and linked formulas are as Excel saves them. Each asserts the exact
place and the words a user needs, and that nothing is read silently.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from factory import Sheets, minimal_sheets, rewrite_parts, with_cell, write_workbook
from forecast.inputs import check_inputs


def _rename(sheets: Sheets, sheet: str, old: str, new: str) -> Sheets:
    sheets[sheet] = [{(new if k == old else k): v for k, v in row.items()} for row in sheets[sheet]]
    return sheets


def check(tmp_path: Path, sheets: Sheets, dress: Any = None) -> tuple[object, list[str], list[str]]:
    """(inputs or None, errors, warnings) of the workbook ``sheets`` written to a file and read back."""
    path = write_workbook(tmp_path / "in.xlsx", sheets, dress)
    # as Excel saves it: formulas calculated (XlsxWriter asks for a calculation on opening instead)
    rewrite_parts(path, lambda name, data: data.replace(b' fullCalcOnLoad="1"', b"") if name == "xl/workbook.xml"
                  else data)
    inputs, problems = check_inputs(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    warnings = [str(p) for p in problems if p.severity != "error"]
    return inputs, errors, warnings


# -- units in headers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "column", "header", "cell", "says"),
    [
        ("Budget", "budget", "Budget (£m)", "Budget!B1", "£m"),
        ("Budget", "budget", "budget (€)", "Budget!B1", "€"),
        ("Budget", "budget", "budget (%)", "Budget!B1", "%"),
        ("Budget", "budget", "budget (£)", "Budget!B1", "£"),  # the workbook is in £000
        ("Budget", "budget", "Budget (in £m)", "Budget!B1", "£m"),
        ("Budget", "budget", "budget (USD)", "Budget!B1", "USD"),
        ("Placements", "weekly_cost", "Weekly cost (£000)", "Placements!D1", "£000"),
        ("Staffing", "salary", "Salary £k", "Staffing!G1", "£000"),
        ("Placements", "children", "children (£)", "Placements!C1", "£"),
    ],
)
def test_a_unit_in_a_header_that_disagrees_with_the_column_is_an_error_at_the_header(
    tmp_path: Path, sheet: str, column: str, header: str, cell: str, says: str
) -> None:
    inputs, errors, _ = check(tmp_path, _rename(minimal_sheets(), sheet, column, header))
    assert inputs is None
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{cell}: the header '{header}' says the figures are in {says}, but {column} is")


@pytest.mark.parametrize(
    ("sheet", "column", "header"),
    [
        ("Budget", "budget", "Budget (£000)"),
        ("Budget", "budget", "budget £'000"),
        ("Budget", "budget", "Budget (in £ thousands)"),
        ("Placements", "weekly_cost", "Weekly cost (£)"),
        ("Staffing", "salary", "salary £"),
        ("Staffing", "agency_premium", "agency premium (%)"),
        ("Placements", "children", "children (FTE)"),  # a bracketed note, not a unit
    ],
)
def test_a_unit_is_dropped_when_it_is_the_one_the_column_is_in(
    tmp_path: Path, sheet: str, column: str, header: str
) -> None:
    inputs, errors, _ = check(tmp_path, _rename(minimal_sheets(), sheet, column, header))
    assert errors == []
    assert inputs is not None


def test_money_headers_follow_the_workbooks_units(tmp_path: Path) -> None:
    pounds = with_cell(minimal_sheets(), "Settings", 3, "setting", "units")
    pounds["Settings"][3]["value"] = "£"
    _, errors, _ = check(tmp_path, _rename(pounds, "Budget", "budget", "budget (£000)"))
    assert [e.split(":")[0] for e in errors] == ["Budget!B1"]
    assert "money in the workbook's units (£, Settings units)" in errors[0]


# -- numbers typed as text ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [("1,234", 1234.0), ("£1,234", 1234.0), ("(500)", -500.0),
                                              ("-£5", -5.0), ("1,234,567.5", 1234567.5), ("\u2212500", -500.0),
                                              ("1\u00a0234", 1234.0)])
def test_a_number_typed_as_text_is_read_when_it_is_unambiguous(text: str, number: float) -> None:
    from forecast.inputs.cells import to_number

    assert to_number(text) == number
    assert to_number("5%") == pytest.approx(0.05)


@pytest.mark.parametrize("text", ["1,5", "12,00", "1.234,5", "1.050,5", "1,2345", "12 5"])
def test_an_ambiguous_number_typed_as_text_is_an_error_at_its_cell(tmp_path: Path, text: str) -> None:
    inputs, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Budget", 1, "budget", text))
    assert inputs is None
    assert len(errors) == 1
    assert errors[0].startswith(f"Budget!B3: budget must be a number, got '{text}': ")
    assert "thousands separators" in errors[0] or "decimal comma" in errors[0]


# -- merged cells ---------------------------------------------------------------------------------


def _placements_by_line() -> Sheets:
    sheets = minimal_sheets()
    sheets["Placements"].append(
        {"line": "Placements", "placement_type": "kinship care", "children": 3, "weekly_cost": 300}
    )
    return sheets


def test_a_merged_group_of_rows_gives_each_row_the_top_left_value(tmp_path: Path) -> None:
    sheets = _placements_by_line()
    for row in sheets["Placements"][1:]:
        row["line"] = None  # Excel keeps the value in the top-left cell only

    def merge(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Placements"].merge_range("A2:A4", "Placements")

    inputs, errors, _ = check(tmp_path, sheets, merge)
    assert errors == []
    assert [p.line for p in inputs.placements] == ["Placements"] * 3  # type: ignore[attr-defined]


def test_a_merged_key_column_is_an_error_naming_the_range(tmp_path: Path) -> None:
    def merge(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].merge_range("A3:A4", "Social workers")

    inputs, errors, _ = check(tmp_path, minimal_sheets(), merge)
    assert inputs is None
    assert errors == [
        "Budget!A3: cells A3:A4 are merged down the line column, where each row needs its own line: unmerge them "
        "(Home > Merge & Center > Unmerge Cells) and give each row its value"
    ]


def test_a_merged_amount_would_count_in_every_row_so_it_is_an_error(tmp_path: Path) -> None:
    def merge(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].merge_range("B3:B4", 500)

    _, errors, _ = check(tmp_path, minimal_sheets(), merge)
    assert len(errors) == 1 and errors[0].startswith("Budget!B3: cells B3:B4 are merged down the budget column")


def test_a_range_merged_across_two_read_columns_is_an_error(tmp_path: Path) -> None:
    def merge(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].merge_range("B2:C2", 1000)

    _, errors, _ = check(tmp_path, minimal_sheets(), merge)
    assert len(errors) == 1
    assert "cells B2:C2 are merged across the columns budget and actual_to_date" in errors[0]


# -- hidden, linked and web values ------------------------------------------------------------------


def test_a_hidden_sheet_row_and_column_holding_values_are_read_and_warned_by_name(tmp_path: Path) -> None:
    def hide(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Savings"].hide()
        sheets_by_name["Budget"].set_row(2, None, None, {"hidden": True})  # Budget row 3
        sheets_by_name["Budget"].set_column("C:C", None, None, {"hidden": True})  # actual_to_date

    inputs, errors, warnings = check(tmp_path, minimal_sheets(), hide)
    assert errors == [] and inputs is not None
    assert inputs.savings  # type: ignore[attr-defined]
    assert "Savings: the sheet is hidden (right-click a sheet tab > Unhide) and its values are read: unhide it " \
           "to check them" in warnings
    assert any(w.startswith("Budget!A3: row 3 is hidden and holds values that are read: unhide it") for w in warnings)
    assert any(w.startswith("Budget!C1: column C (actual_to_date) is hidden and holds values that are read")
               for w in warnings)


def test_a_row_of_no_height_and_a_column_of_no_width_count_as_hidden(tmp_path: Path) -> None:
    def squash(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].set_row(2, 0)  # Budget row 3, zero height
        sheets_by_name["Budget"].set_column("B:B", 0)  # budget, zero width

    _, errors, warnings = check(tmp_path, minimal_sheets(), squash)
    assert errors == []
    assert any(w.startswith("Budget!A3: row 3 is hidden") for w in warnings), warnings
    assert any(w.startswith("Budget!B1: column B (budget) is hidden") for w in warnings), warnings


def test_a_number_shown_divided_by_a_thousand_is_an_error_and_one_shown_as_nothing_a_warning(
    tmp_path: Path
) -> None:
    def formats(book: Any, sheets_by_name: dict[str, Any]) -> None:
        thousands, hidden = book.add_format({"num_format": "#,##0,"}), book.add_format({"num_format": ";;;"})
        sheets_by_name["Budget"].write_number("B2", 1_234_567, thousands)  # shows 1,235
        sheets_by_name["Budget"].write_number("B3", 500_000, thousands)
        sheets_by_name["Budget"].write_number("C4", 90, hidden)  # shows nothing
        sheets_by_name["Budget"].write_number("C2", 480, book.add_format({"num_format": "#,##0"}))  # as it is

    _, errors, warnings = check(tmp_path, minimal_sheets(), formats)
    assert errors == ["Budget!B2: holds 1234567 but its number format shows it divided by 1,000 (1,235) (also B3): "
                      "the value held is what is read, so type the figure you mean and set the format to show it "
                      "as it is (Format Cells > Number)"]
    assert "Budget!C4: holds 90 but its number format (;;;) shows nothing: the value is read; give the cells a " \
           "visible format (Format Cells > Number) to check them" in warnings


def test_a_very_hidden_sheet_is_warned_with_how_to_show_it(tmp_path: Path) -> None:
    def hide(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Savings"].very_hidden()

    _, _, warnings = check(tmp_path, minimal_sheets(), hide)
    assert any(w.startswith("Savings: the sheet is very hidden (only Excel's VBA editor shows it") for w in warnings)


@pytest.mark.parametrize(
    ("formula", "kind"),
    [("=[1]Budget!$C$2", "another workbook"), ("='[2]Month 4'!B7*2", "another workbook"),
     ('=WEBSERVICE("https://example.org/x")', "a web function"), ("=_xlfn.FILTERXML(A1,\"//v\")", "a web function")],
)
def test_a_value_from_another_workbook_or_the_web_is_warned_as_possibly_stale(
    tmp_path: Path, formula: str, kind: str
) -> None:
    def link(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].write_formula("C2", formula, None, 480)
        sheets_by_name["Budget"].write_formula("C3", formula, None, 260)

    inputs, errors, warnings = check(tmp_path, minimal_sheets(), link)
    assert errors == [] and inputs is not None
    stale = [w for w in warnings if "may be out of date" in w]
    assert len(stale) == 1, warnings  # one warning per cause, naming every cell
    assert stale[0].startswith(f"Budget!C2: takes its value from {kind} (also C3): the value saved in this file")


def test_a_value_from_another_workbook_through_a_defined_name_is_warned(tmp_path: Path) -> None:
    def link(book: Any, sheets_by_name: dict[str, Any]) -> None:
        book.define_name("Rate", "=[1]Rates!$B$2")
        book.define_name("Ratio", "=Budget!$B$2")  # a name on this workbook: no warning
        sheets_by_name["Budget"].write_formula("C2", "=Rate*480", None, 480)
        sheets_by_name["Budget"].write_formula("C3", "=Ratio/4+10", None, 260)

    _, errors, warnings = check(tmp_path, minimal_sheets(), link)
    assert errors == []
    assert [w for w in warnings if "out of date" in w] == [
        "Budget!C2: takes its value from another workbook: the value saved in this file is used, and may be out "
        "of date; open that workbook too so Excel updates the link, or paste the figure as a value"
    ]


def test_a_formula_on_the_same_workbook_is_not_warned(tmp_path: Path) -> None:
    def formula(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].write_formula("C2", "=400+80", None, 480)

    _, errors, warnings = check(tmp_path, minimal_sheets(), formula)
    assert errors == [] and not [w for w in warnings if "out of date" in w]


# -- blank actuals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("row", "method"), [(0, "placements"), (1, "staffing"), (2, "run_rate")])
def test_a_blank_actual_to_date_at_period_1_or_later_is_an_error(tmp_path: Path, row: int, method: str) -> None:
    sheets = with_cell(minimal_sheets(), "Budget", row, "actual_to_date", None)
    sheets["Budget"][row]["method"] = method
    inputs, errors, _ = check(tmp_path, sheets)
    assert inputs is None
    assert errors == [
        f"Budget!C{row + 2}: actual_to_date is blank but period is 6 and the method is {method}, which adds the "
        "rest of the year's forecast to the spend so far: enter the spend to date (0 if nothing was spent)"
    ]


def test_a_blank_actual_to_date_on_a_budget_line_or_at_period_0_is_allowed(tmp_path: Path) -> None:
    sheets = with_cell(minimal_sheets(), "Budget", 2, "actual_to_date", None)  # method budget
    assert check(tmp_path, sheets)[1] == []
    at_zero = minimal_sheets()
    at_zero["Settings"][2]["value"] = 0
    for line in at_zero["Budget"]:
        line["actual_to_date"] = None
    assert check(tmp_path, at_zero)[1] == []


# -- text: control characters, length, invisible characters ----------------------------------------


def test_control_characters_are_cleaned_and_line_breaks_kept(tmp_path: Path) -> None:
    comment = "up\x0bdown\ttab\x1b]0;title\x07 end\r\nnext\x00"
    inputs, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Budget", 0, "comment", comment))
    assert errors == []
    assert inputs.budget[0].comment == "up\ndown tab end\nnext"  # type: ignore[attr-defined]


def test_text_longer_than_a_cell_holds_is_an_error_at_its_cell_with_the_limit() -> None:
    # Excel and XlsxWriter stop at 32,767 characters; a file written by other means can hold more
    from forecast.inputs import sheets_from_rows
    from forecast.inputs.validate import validate_sheets

    sheets = with_cell(minimal_sheets(), "Budget", 0, "comment", "x" * 32_768)
    inputs, problems = validate_sheets(sheets_from_rows(sheets))
    errors = [str(p) for p in problems if p.severity == "error"]
    assert inputs is None
    assert errors == ["Budget!D2: comment is 32,768 characters long, over the 32,767 characters an Excel cell "
                      "holds: shorten it"]


def test_an_invisible_character_in_a_quoted_name_is_shown(tmp_path: Path) -> None:
    sheets = with_cell(minimal_sheets(), "Placements", 0, "line", "Place\u200bments")
    _, errors, _ = check(tmp_path, sheets)
    assert any("line 'Place\\u200bments' is not a Budget line" in e for e in errors), errors


# -- numbers at the limits ----------------------------------------------------------------------------


def test_a_number_too_small_to_be_an_amount_is_read_as_0(tmp_path: Path) -> None:
    inputs, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Budget", 2, "budget", 1e-320))
    assert errors == []
    assert inputs.budget[2].budget == 0.0  # type: ignore[attr-defined]


def test_children_times_weekly_cost_beyond_the_limit_is_refused_at_the_row(tmp_path: Path) -> None:
    sheets = with_cell(minimal_sheets(), "Placements", 0, "children", 999_999_999_999)
    sheets["Placements"][0]["weekly_cost"] = 999_999_999_999
    inputs, errors, _ = check(tmp_path, sheets)
    assert inputs is None
    assert len(errors) == 1 and errors[0].startswith("Placements!C2: children / budget_children × weekly_cost")


def test_a_recruit_whose_fte_times_salary_passes_the_limit_is_refused(tmp_path: Path) -> None:
    inputs, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Recruitment", 0, "fte", 999_999_999_999))
    assert inputs is None
    assert errors == ["Recruitment!C2: fte × the Staffing salary of Assessment / Social Worker come to 4e+13 (£000) "
                      "a year, beyond the limit of 1,000,000,000,000 on any amount: check the fte"]


# -- messages -------------------------------------------------------------------------------------------


def test_a_number_in_a_date_column_is_said_to_look_like_its_date(tmp_path: Path) -> None:
    # Excel counts days from 1899-12-30: 45964 is 3 November 2025 (2025-11-01 is 45962)
    assert (dt.date(2025, 11, 3) - dt.date(1899, 12, 30)).days == 45964
    _, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Recruitment", 0, "start", 45964))
    assert errors == ["Recruitment!D2: start must be a date (an Excel date, or text like 2025-11-01), got 45964: "
                      "45964 looks like the date 2025-11-03 typed as a number; enter it as a date"]


@pytest.mark.parametrize("year", ["0000/01", "9998/99", "1999/00"])
def test_a_financial_year_outside_2000_to_2099_is_refused(tmp_path: Path, year: str) -> None:
    _, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Savings", 0, "year", year))
    assert errors == [f"Savings!B2: year {year} is outside the years forecast plans for (2000/01 to 2099/00): "
                      "check the year"]


def test_a_time_is_quoted_in_words_never_as_a_python_repr(tmp_path: Path) -> None:
    _, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Recruitment", 0, "start", dt.time(0, 0)))
    assert errors, "a time is not a date"
    assert "datetime" not in errors[0] and "got" in errors[0]


def test_a_key_cell_with_an_excel_error_is_named_once_without_a_repr(tmp_path: Path) -> None:
    def error(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Placements"].write_formula("A2", "=1/0", None, "#DIV/0!")

    _, errors, _ = check(tmp_path, minimal_sheets(), error)
    assert errors == ["Placements!A2: holds the Excel error #DIV/0!: fix the formula or type the value"]
    assert not [e for e in errors if "CellError" in e]


def test_thousands_of_unknown_columns_are_one_warning_with_a_count(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    for j in range(2_000):
        sheets["Budget"][0][f"extra {j}"] = j
    _, errors, warnings = check(tmp_path, sheets)
    assert errors == []
    unknown = [w for w in warnings if "not one the tool reads" in w]
    assert len(unknown) == 1
    assert unknown[0].startswith("Budget!D1: columns 'extra 0', 'extra 1', 'extra 2', 'extra 3', 'extra 4' "
                                 "and 1,995 more are not one the tool reads: ignored")


def test_a_header_below_the_rows_searched_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    for name, rows in minimal_sheets().items():
        sheet = book.add_worksheet(name)
        if name == "Budget":
            sheet.write(0, 0, "Testshire budget 2025/26")
            start = 11  # the header on row 12
        else:
            start = 0
        headers = list(dict.fromkeys(h for row in rows for h in row))
        sheet.write_row(start, 0, headers)
        for i, row in enumerate(rows, start=start + 1):
            for j, h in enumerate(headers):
                value = row.get(h)
                if isinstance(value, dt.date):
                    sheet.write_datetime(i, j, dt.datetime.combine(value, dt.time()))
                elif value is not None:
                    sheet.write(i, j, value)
    book.close()
    _, problems = check_inputs(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors[0] == ("Budget!A12: the header row (line, group, budget, actual_to_date, actual_previous, method, forecast, "
                         "previous_variance, earmarked, recurring, comment) is on row 12, but it must be within the "
                         "first 10 rows: delete the rows above it")
    assert not [e for e in errors if "is missing" in e]


# -- found by the audit of issue 12 ---------------------------------------------------------------


def test_a_merged_range_from_a_blank_margin_column_gives_its_cells_no_other_cells_value(tmp_path: Path) -> None:
    """The table starts in column B; A3:B3 is merged over the blank margin and the line cell (emptied).

    Excel shows the merged cell blank (its top-left, A3, is), so the row has values and no line: the
    reader once took a negative index and gave the line the row's last value (its actual_to_date).
    """
    import openpyxl

    path = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    book = openpyxl.load_workbook(path)
    budget = book["Budget"]
    budget.insert_cols(1)
    budget["B3"] = None
    budget.merge_cells("A3:B3")
    book.save(path)
    inputs, problems = check_inputs(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert inputs is None
    assert "Budget!B3: line is blank but the row has other values: fill in the line or clear the row" in errors
    assert not any("'260'" in e or "260 " in e for e in errors)  # the row's actual_to_date never became a line


@pytest.mark.parametrize(
    ("sheet", "column", "text", "cell"),
    [("Budget", "budget", "5%", "Budget!B2"), ("Placements", "children", "95%", "Placements!C2"),
     ("Placements", "weekly_cost", "50 %", "Placements!D2")],
)
def test_a_percentage_typed_in_a_column_that_is_not_a_rate_is_an_error(
    tmp_path: Path, sheet: str, column: str, text: str, cell: str
) -> None:
    _, errors, _ = check(tmp_path, with_cell(minimal_sheets(), sheet, 0, column, text))
    assert errors == [
        f"{cell}: {column} is not a rate, so '{text}' cannot be read as a percentage: type the figure itself"
    ]


def test_a_percentage_is_read_in_a_rate_and_as_a_scale_but_not_added_to_an_amount(tmp_path: Path) -> None:
    sheets = with_cell(minimal_sheets(), "Placements", 0, "growth", "5%")
    sheets["Scenarios"].append({"scenario": "More", "sheet": "Budget", "row": "*", "column": "budget", "op": "scale",
                                "value": "110%"})
    inputs, errors, _ = check(tmp_path, sheets)
    assert errors == []
    assert inputs.placements[0].growth == pytest.approx(0.05)  # type: ignore[attr-defined]
    assert inputs.scenarios[-1].value == pytest.approx(1.1)  # type: ignore[attr-defined]
    sheets["Scenarios"].append({"scenario": "Add", "sheet": "Budget", "row": "*", "column": "budget", "op": "add",
                                "value": "5%"})
    _, errors, _ = check(tmp_path, sheets)
    assert errors == [
        "Scenarios!F4: budget is not a rate, so '5%' cannot be read as a percentage: type the figure itself "
        "(to raise it by a percentage, use op scale: 5% more is 1.05)"
    ]


def test_a_unit_in_a_sheet_name_must_be_its_money_units(tmp_path: Path) -> None:
    def rename(to: str) -> Any:
        def dress(book: Any, sheets_by_name: dict[str, Any]) -> None:
            sheets_by_name["Budget"].name = to
        return dress

    _, errors, _ = check(tmp_path, minimal_sheets(), rename("Budget (£m)"))
    assert errors == [
        "Budget (£m): the sheet name 'Budget (£m)' says the figures are in £m, but budget is money in the "
        "workbook's units (£000, Settings units): enter the figures in £000 and name the sheet 'Budget' "
        "(the figures would otherwise be read in the wrong unit)"
    ]
    inputs, errors, _ = check(tmp_path, minimal_sheets(), rename("Budget £000"))
    assert errors == [] and inputs is not None


def test_a_unit_in_a_setting_name_or_the_value_header_must_be_the_settings(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Settings"].append({"setting": "reserves_opening (£m)", "value": 2.5})
    sheets["Settings"].append({"setting": "pay_award (%)", "value": 0.03})  # a rate may say %
    _, errors, _ = check(tmp_path, sheets)
    assert errors == [
        "Settings!A5: the setting 'reserves_opening (£m)' says the figures are in £m, but reserves_opening is money "
        "in the workbook's units (£000, Settings units): enter the figures in £000 and name the setting "
        "'reserves_opening' (the figures would otherwise be read in the wrong unit)"
    ]
    sheets = minimal_sheets()
    sheets["Settings"].append({"setting": "reserves_opening", "value": 2.5})
    _, errors, _ = check(tmp_path, _rename(sheets, "Settings", "value", "value (£m)"))
    assert errors == [
        "Settings!B1: the header 'value (£m)' says the figures are in £m, but reserves_opening is money in the "
        "workbook's units (£000, Settings units): enter the figures in £000 and name the column 'value' "
        "(the figures would otherwise be read in the wrong unit)"
    ]


def test_a_unit_in_a_scenario_column_must_be_the_columns(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Scenarios"].append({"scenario": "More", "sheet": "Budget", "row": "*", "column": "budget (£m)",
                                "op": "add", "value": 1})
    _, errors, _ = check(tmp_path, sheets)
    assert errors == [
        "Scenarios!D3: column 'budget (£m)' says the figures are in £m, but budget is money in the workbook's "
        "units (£000, Settings units): enter the figures in £000 and name the column 'budget' (the figures would "
        "otherwise be read in the wrong unit)"
    ]


def test_a_range_merged_down_the_settings_values_is_an_error(tmp_path: Path) -> None:
    """Each Settings row is another setting: merged, period's 6 would become mtfp_years too."""
    sheets = minimal_sheets()
    sheets["Settings"].append({"setting": "mtfp_years", "value": None})

    def merge(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Settings"].merge_range("B4:B5", 6)

    inputs, errors, _ = check(tmp_path, sheets, merge)
    assert inputs is None
    assert errors == [
        "Settings!B4: cells B4:B5 are merged down the value column, where each row needs its own value: unmerge "
        "them (Home > Merge & Center > Unmerge Cells) and give each row its value"
    ]


@pytest.mark.parametrize(
    ("header", "says"),
    [("Budget (GBPm)", "£m"), ("Budget (£mil)", "£m"), ("Budget (x1,000,000)", "£m"), ("Budget (GBPk)", "£000"),
     ("Budget (x1000)", "£000")],
)
def test_other_spellings_of_a_unit_are_units_not_notes(tmp_path: Path, header: str, says: str) -> None:
    sheets = minimal_sheets()
    sheets["Settings"].append({"setting": "units", "value": "£"})  # so £000 is wrong too
    _, errors, _ = check(tmp_path, _rename(sheets, "Budget", "budget", header))
    assert len(errors) == 1
    assert errors[0].startswith(f"Budget!B1: the header '{header}' says the figures are in {says}, but budget is")


@pytest.mark.parametrize(
    ("formula", "kind"),
    [('CUBEVALUE("ThisWorkbookDataModel","[Measures].[Spend]")', "a web function"),
     ('INDIRECT("[Other.xlsx]Budget!B2")', "another workbook")],
)
def test_a_value_from_a_data_connection_or_an_indirect_link_is_warned(tmp_path: Path, formula: str, kind: str) -> None:
    def link(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].write_formula("B2", "=" + formula, None, 1000)

    inputs, errors, warnings = check(tmp_path, minimal_sheets(), link)
    assert errors == [] and inputs is not None
    assert [w for w in warnings if "B2" in w] == [
        f"Budget!B2: takes its value from {kind}: the value saved in this file is used, and may be out of date; "
        + ("open that workbook too so Excel updates the link, or paste the figure as a value" if kind ==
           "another workbook" else "recalculate it in Excel before saving, or paste the figure as a value")
    ]


def test_values_under_a_blank_header_are_warned_as_not_read(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    for row, group in zip(sheets["Budget"], ["Looked after", "Social work", "Other"], strict=True):
        row[""] = group  # a column whose header was deleted

    def blank_header(book: Any, sheets_by_name: dict[str, Any]) -> None:
        sheets_by_name["Budget"].write_blank("D1", None)

    inputs, errors, warnings = check(tmp_path, sheets, blank_header)
    assert errors == [] and inputs is not None
    assert [w for w in warnings if w.startswith("Budget")] == [
        "Budget!D1: column D (rows 2-4) holds values under a blank header: not read; give it a header (columns: "
        "line, group, budget, actual_to_date, actual_previous, method, forecast, previous_variance, earmarked, "
        "recurring, comment) or clear it"
    ]


@pytest.mark.parametrize(
    ("sheet", "column", "cell"),
    [("Staffing", "team", "Staffing!B2"), ("Placements", "placement_type", "Placements!B2"),
     ("Settings", "value", "Settings!B2")],
)
def test_a_name_or_title_over_1000_characters_is_an_error_at_its_cell(
    tmp_path: Path, sheet: str, column: str, cell: str
) -> None:
    """Names are written inside longer text ('team – role' on MTFP, the Cover's title): a 32,767-character
    team passed validate and then stopped build at MTFP!A61."""
    sheets = with_cell(minimal_sheets(), sheet, 0, column, "T" * 1001)
    what = "authority" if sheet == "Settings" else column
    _, errors, _ = check(tmp_path, sheets)
    assert f"{cell}: {what} is 1,001 characters long, over the 1,000 characters a name or title may have (it is " \
           "written inside longer text, such as headings): shorten it" in errors


@pytest.mark.slow
def test_names_of_1000_characters_build_summarise_and_tabulate(tmp_path: Path, run_cli) -> None:
    sheets = minimal_sheets()
    team, role = "T" * 1000, "R" * 1000
    for row in sheets["Staffing"] + sheets["Recruitment"]:
        row["team"], row["role"] = team, role
    next(r for r in sheets["Settings"] if r["setting"] == "authority")["value"] = "A" * 1000
    sheets["Settings"] += [{"setting": "service", "value": "S" * 1000}, {"setting": "report_title", "value": "R" * 1000}]
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    assert run_cli("validate", path).exit_code == 0
    for args in (("build", path, "-o", tmp_path / "out.xlsx", "--all-scenarios"), ("summary", path, "--json"),
                 ("tables", path, "-o", tmp_path / "tables")):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output


def test_text_is_counted_as_excel_counts_it(tmp_path: Path) -> None:
    """Excel (and XlsxWriter) count UTF-16 units: 20,000 emoji are 40,000, which no cell holds.

    Written by openpyxl, which (unlike XlsxWriter) does not cut the text; build once stopped at the cell.
    """
    from factory import write_workbook_openpyxl

    import random

    draw = random.Random(1)  # varied, so the part does not compress like a zip bomb
    emoji = "".join(chr(draw.randrange(0x1F300, 0x1F5FF)) for _ in range(20_000))
    path = write_workbook_openpyxl(tmp_path / "in.xlsx", with_cell(minimal_sheets(), "Budget", 0, "comment", emoji))
    _, problems = check_inputs(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors == ["Budget!D2: comment is 40,000 characters long, over the 32,767 characters an Excel cell "
                      "holds: shorten it"]


def test_a_negative_number_whose_format_shows_negatives_as_nothing_is_warned(tmp_path: Path) -> None:
    def formats(book: Any, sheets_by_name: dict[str, Any]) -> None:
        no_negatives = book.add_format({"num_format": "#,##0;;0"})  # negatives show as a blank cell
        sheets_by_name["Budget"].write_number("C2", -480, no_negatives)
        sheets_by_name["Budget"].write_number("C3", 260, no_negatives)  # a positive shows as it is

    _, errors, warnings = check(tmp_path, minimal_sheets(), formats)
    assert errors == []
    assert [w for w in warnings if "format" in w] == [
        "Budget!C2: holds -480 but its number format shows a negative number as nothing: the value is read; give "
        "the cells a visible format (Format Cells > Number) to check them"
    ]


@pytest.mark.parametrize("text", ["1.050", "12.500", "£1.050"])
def test_a_full_stop_before_three_digits_typed_as_text_is_ambiguous(tmp_path: Path, text: str) -> None:
    """'1.050' is 1.05 to a UK reader and 1,050 to much of Europe: an error at its cell, never a guess."""
    _, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Budget", 0, "budget", text))
    assert errors == [
        f"Budget!B2: budget must be a number, got '{text}': a full stop before three digits may be a thousands "
        "separator (1.050 is 1,050 in much of Europe): write 1050, or 1.05 for the decimal"
    ]


@pytest.mark.parametrize("text", ["2025-12-01junk", "2025-12-011"])
def test_a_date_with_more_than_a_time_after_it_is_an_error(tmp_path: Path, text: str) -> None:
    """'2025-12-011' was read as 1 December (the first ten characters), though 11 December may be meant."""
    _, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Recruitment", 0, "start", text))
    assert errors == [f"Recruitment!D2: start must be a date (an Excel date, or text like 2025-11-01), got '{text}'"]
    inputs, errors, _ = check(tmp_path, with_cell(minimal_sheets(), "Recruitment", 0, "start", "2025-12-01 09:30:00"))
    assert errors == [] and inputs.recruitment[0].start == dt.date(2025, 12, 1)  # type: ignore[attr-defined]
