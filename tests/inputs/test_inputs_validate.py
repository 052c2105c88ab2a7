"""Every input-level problem of quality.md is reported with its Sheet!Cell, all in one run."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from factory import minimal_sheets, with_cell
from forecast.errors import InputError
from forecast.inputs import check_inputs, inputs_from_sheets, load_inputs


def _validate(run_cli, make_workbook, sheets, **kw):
    result = run_cli("validate", make_workbook(sheets, **kw))
    assert "Traceback" not in result.output
    return result


def _fails_with(run_cli, make_workbook, sheets, *expected, **kw):
    result = _validate(run_cli, make_workbook, sheets, **kw)
    assert result.exit_code == 1, result.output
    for text in expected:
        assert text in result.output, result.output
    return result


def test_minimal_workbook_is_valid(run_cli, make_workbook):
    result = _validate(run_cli, make_workbook, minimal_sheets())
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_load_inputs_builds_typed_records(make_workbook):
    inputs = load_inputs(make_workbook())
    assert inputs.settings.financial_year == 2025 and inputs.settings.period == 6
    assert [line.method for line in inputs.budget] == ["placements", "staffing", "budget"]
    assert inputs.placements[0].budget_weekly_cost == 460  # defaults to weekly_cost
    assert inputs.budget[0].group == "Children's Social Care"  # defaults to the service
    assert inputs.recruitment[0].start == dt.date(2025, 12, 1)
    assert inputs.source_name == "inputs.xlsx" and len(inputs.source_sha256) == 64


def test_load_inputs_raises_with_every_error(make_workbook):
    sheets = with_cell(minimal_sheets(), "Placements", 0, "children", "twelve")
    sheets = with_cell(sheets, "Budget", 0, "budget", "lots")
    with pytest.raises(InputError) as caught:
        load_inputs(make_workbook(sheets))
    assert {f"{p.sheet}!{p.cell}" for p in caught.value.problems} == {"Placements!C2", "Budget!B2"}


def test_check_inputs_never_raises_for_a_missing_file(tmp_path):
    inputs, problems = check_inputs(tmp_path / "nope.xlsx")
    assert inputs is None and "not found" in problems[0].message


def test_missing_sheet(run_cli, make_workbook):
    sheets = minimal_sheets()
    del sheets["Budget"], sheets["Placements"], sheets["Staffing"], sheets["Recruitment"]
    del sheets["Scenarios"], sheets["Risks"], sheets["Investments"], sheets["Savings"]
    _fails_with(run_cli, make_workbook, sheets, "Budget: sheet is missing")


def test_missing_column(run_cli, make_workbook):
    sheets = minimal_sheets()
    for row in sheets["Placements"]:
        del row["weekly_cost"]
    # weekly_cost may be blank on a line forecast from a Children list (issue 26): without one, each row says so
    _fails_with(run_cli, make_workbook, sheets, "Placements!D2: weekly_cost is blank and line 'Placements' has no "
                "Children list to give it")


def test_duplicate_line(run_cli, make_workbook):
    sheets = with_cell(minimal_sheets(), "Budget", 3, "line", "other")
    sheets["Budget"][3]["budget"] = 5
    _fails_with(run_cli, make_workbook, sheets, "Budget!A5: duplicate line 'other' (also at Budget!A4)")


@pytest.mark.parametrize(
    ("sheet", "column", "value", "cell", "message"),
    [
        ("Budget", "method", "magic", "Budget!D2", "method must be one of placements, staffing, run_rate"),
        ("Investments", "kind", "sometimes", "Investments!B2", "kind must be one of one-off, ongoing"),
        ("Savings", "rag", "purple", "Savings!D2", "rag must be one of green, amber, red, delivered"),
        ("Placements", "children", "twelve", "Placements!C2", "children must be a number >= 0, got 'twelve'"),
        ("Placements", "children", -3, "Placements!C2", "children must be a number >= 0, got -3"),
        ("Placements", "growth", 5, "Placements!E2", "growth is a rate and must be a fraction between -1 and 1, got 5: did you mean 0.05?"),
        ("Placements", "line", "Nope", "Placements!A2", "line 'Nope' is not a Budget line"),
        ("Recruitment", "team", "Nobody", "Recruitment!A2", "team 'Nobody' is not a Staffing team"),
        ("Savings", "year", "2035/36", "Savings!B2", "year 2035/36 is not in the plan 2025/26–2029/30"),
        ("Recruitment", "start", "soon", "Recruitment!D2", "start must be a date"),
        ("Budget", "recurring", "maybe", "Budget!D2", "recurring must be a fraction (0.05 = 5%) or yes or no, got 'maybe'"),
        ("Budget", "recurring", 1.5, "Budget!D2", "recurring must be at most 1, got 1.5"),
        ("Budget", "recurring", -0.2, "Budget!D2", "recurring must be at least 0, got -0.2"),
        ("Budget", "earmarked", -5, "Budget!D2", "earmarked must be at least 0, got -5"),
    ],
)
def test_one_bad_cell(run_cli, make_workbook, sheet, column, value, cell, message):
    sheets = with_cell(minimal_sheets(), sheet, 0, column, value)
    _fails_with(run_cli, make_workbook, sheets, f"{cell}: {message}")


def test_formula_without_cached_value(run_cli, make_workbook):
    sheets = with_cell(minimal_sheets(), "Budget", 2, "budget", "=100*2")
    _fails_with(run_cli, make_workbook, sheets, "Budget!B4: is a formula with no saved value", openpyxl=True)


def test_formula_with_cached_value_is_read(make_workbook, tmp_path):
    """A formula Excel or LibreOffice calculated and saved is read as its value.

    The XlsxWriter file is turned into what Excel would save: the formula's
    placeholder 0 becomes its value, and ``fullCalcOnLoad`` goes. With the
    flag the value is a placeholder, and the cell is an error (see
    test_safety_catalogue's formula-never-calculated).
    """
    path = make_workbook(with_cell(minimal_sheets(), "Budget", 2, "budget", "=100*2"))
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                assert b' fullCalcOnLoad="1"' in data
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            elif b"<f>100*2</f>" in data:
                assert data.count(b"<f>100*2</f><v>0</v>") == 1
                data = data.replace(b"<f>100*2</f><v>0</v>", b"<f>100*2</f><v>200</v>")
            target.writestr(item, data)
    assert load_inputs(saved).budget[2].budget == 200.0
    with pytest.raises(InputError, match=r"Budget!B4: is a formula with no saved value"):
        load_inputs(path)


def test_many_problems_reported_together(run_cli, make_workbook):
    sheets = minimal_sheets()
    sheets = with_cell(sheets, "Placements", 0, "children", "twelve")
    sheets = with_cell(sheets, "Placements", 1, "growth", 5)
    sheets = with_cell(sheets, "Budget", 0, "method", "magic")
    sheets = with_cell(sheets, "Recruitment", 0, "team", "Nobody")
    sheets = with_cell(sheets, "Savings", 0, "year", "2040/41")
    result = _fails_with(
        run_cli, make_workbook, sheets,
        "Placements!C2", "Placements!E3", "Budget!D2", "Recruitment!A2", "Savings!B2",
    )
    assert "5 error(s)" in result.output


def test_sheet_and_header_names_match_loosely():
    sheets = minimal_sheets()
    sheets["budget"] = [{"Line": r["line"], "Budget (£000)": r["budget"], "Actual To Date": r["actual_to_date"]}
                        for r in sheets.pop("Budget")]
    inputs = inputs_from_sheets(sheets)
    assert inputs.budget[0].actual_to_date == 480


def test_extra_column_is_a_warning_once():
    sheets = minimal_sheets()
    for row in sheets["Budget"]:
        row["Cost centre"] = "CC1"
    inputs = inputs_from_sheets(sheets)
    assert [str(w) for w in inputs.warnings] == [
        "Budget!D1: column 'Cost centre' is not one the tool reads: ignored (columns: line, group, budget, "
        "actual_to_date, actual_previous, method, forecast, previous_variance, earmarked, recurring, comment)"
    ]


def test_blank_rows_skipped_but_blank_key_with_values_is_an_error():
    sheets = minimal_sheets()
    sheets["Budget"].insert(1, {})
    inputs = inputs_from_sheets(sheets)
    assert len(inputs.budget) == 3
    sheets["Budget"].insert(1, {"budget": 7})
    with pytest.raises(InputError, match=r"Budget!A3: line is blank but the row has other values"):
        inputs_from_sheets(sheets)


def test_years_are_normalised():
    sheets = minimal_sheets()
    sheets["Settings"][1]["value"] = "FY2025/26"
    sheets["Savings"][0]["year"] = "2026-27"
    sheets["Investments"][0]["start_year"] = "2025/2026"
    inputs = inputs_from_sheets(sheets)
    assert inputs.settings.financial_year == 2025
    assert inputs.savings[0].year == 2026 and inputs.investments[0].start_year == 2025


def test_method_defaults():
    sheets = minimal_sheets()
    sheets["Budget"].append({"line": "Legal", "budget": 100, "forecast": 120})
    inputs = inputs_from_sheets(sheets)
    assert [b.method for b in inputs.budget] == ["placements", "staffing", "budget", "manual"]


def test_manual_needs_forecast():
    sheets = with_cell(minimal_sheets(), "Budget", 2, "method", "manual")
    with pytest.raises(InputError, match=r"Budget!E4: forecast is required when method is manual"):
        inputs_from_sheets(sheets)


def test_staffing_rows_on_a_line_of_another_method_are_capacity_only():
    # rev 3 §3: Staffing rows may sit on a line of any method (they were an error in revision 2)
    sheets = with_cell(minimal_sheets(), "Budget", 1, "method", "run_rate")
    inputs = inputs_from_sheets(sheets)
    assert [r.line for r in inputs.staffing] == ["Social workers"]


def test_agency_needs_rate_or_premium():
    sheets = with_cell(minimal_sheets(), "Staffing", 0, "agency_premium", None)
    with pytest.raises(InputError, match=r"Staffing!I2: fte_agency is 1 \(Staffing!F2\) but neither"):
        inputs_from_sheets(sheets)


def test_settings_period_and_units():
    sheets = with_cell(minimal_sheets(), "Settings", 2, "value", 13)
    sheets = with_cell(sheets, "Settings", 3, "setting", "units")
    sheets["Settings"][3]["value"] = "dollars"
    with pytest.raises(InputError) as caught:
        inputs_from_sheets(sheets)
    text = str(caught.value)
    assert "Settings!B4: period must be at most 12, got 13" in text
    assert "Settings!B5: units must be one of £000, £; got 'dollars'" in text


def test_future_budget_columns():
    sheets = minimal_sheets()
    sheets["Budget"][0]["budget 2026/27"] = 1100
    sheets["Budget"][0]["Budget 2027-28 (£000)"] = 1200
    inputs = inputs_from_sheets(sheets)
    assert inputs.budget[0].future_budgets == {2026: 1100.0, 2027: 1200.0}
    assert inputs.budget[1].future_budgets == {}
    sheets["Budget"][0]["budget 2031/32"] = 1
    with pytest.raises(InputError, match=r"Budget!F1: budget column 2031/32 is not in the plan"):
        inputs_from_sheets(sheets)


def test_scenario_naming_unknown_row_and_column():
    sheets = minimal_sheets()
    sheets["Scenarios"].append(
        {"scenario": "X", "sheet": "Budget", "row": "Nope", "column": "budget", "op": "add", "value": 1}
    )
    sheets["Scenarios"].append(
        {"scenario": "X", "sheet": "Staffing", "row": "*", "column": "colour", "op": "set", "value": 1}
    )
    with pytest.raises(InputError) as caught:
        inputs_from_sheets(sheets)
    text = str(caught.value)
    assert "Scenarios!C3: row 'Nope' names no line on Budget" in text
    assert "Scenarios!D4: column 'colour' is not a column of Staffing" in text


def test_other_placement_type_is_a_warning():
    sheets = with_cell(minimal_sheets(), "Placements", 1, "placement_type", "Staying put")
    inputs = inputs_from_sheets(sheets)
    assert inputs.placements[1].placement_type == "Staying put"
    assert [p.place for p in inputs.warnings] == ["Placements!B3"]
    assert "is not one of the usual types" in inputs.warnings[0].message


def test_scenario_rules_of_the_engine_are_applied():
    sheets = minimal_sheets()
    sheets["Scenarios"].append(
        {"scenario": "Later", "sheet": "Settings", "row": "financial_year", "column": "value", "op": "set",
         "value": "2026/27"}
    )
    with pytest.raises(InputError, match=r"Scenarios!A3: .*financial_year.* cannot be changed by a scenario"):
        inputs_from_sheets(sheets)


def test_choices_match_loosely():
    sheets = with_cell(minimal_sheets(), "Investments", 0, "kind", "One Off")
    sheets = with_cell(sheets, "Budget", 2, "method", "Run Rate")
    inputs = inputs_from_sheets(sheets)
    assert inputs.investments[0].kind == "one-off" and inputs.budget[2].method == "run_rate"


def test_recruit_after_the_plan_is_a_warning():
    sheets = with_cell(minimal_sheets(), "Recruitment", 0, "start", dt.date(2030, 4, 1))
    inputs = inputs_from_sheets(sheets)
    assert [str(w) for w in inputs.warnings] == ["Recruitment!D2: start 2030-04-01 is after the plan: the recruit has no effect"]
    inputs = inputs_from_sheets(with_cell(minimal_sheets(), "Recruitment", 0, "start", dt.date(2030, 3, 31)))
    assert inputs.warnings == ()


def test_a_very_long_name_does_not_swamp_the_messages_that_list_names():
    sheets = with_cell(minimal_sheets(), "Budget", 0, "line", "Placements " + "and more " * 50)
    with pytest.raises(InputError) as raised:
        inputs_from_sheets(sheets)
    listing = [str(p) for p in raised.value.problems if "is not a Budget line" in str(p)]
    assert listing and all(len(text) < 400 for text in listing), listing
    assert all("Placements and more and more" in text and "..." in text for text in listing)


def test_a_discount_rate_below_zero_is_refused_with_its_cell():
    """At −1 every discount factor divides by zero and NPV came out blank with no word why."""
    sheets = minimal_sheets()
    sheets["Settings"].append({"setting": "discount_rate", "value": -1})
    with pytest.raises(InputError) as raised:
        inputs_from_sheets(sheets)
    assert any("discount_rate must be at least 0, got -1" in str(p) for p in raised.value.problems)


def test_every_revision_2_bad_input_is_an_error_at_its_cell_in_one_run(run_cli, make_workbook):
    s = minimal_sheets()
    s["Placements"][0]["growth"] = "trend"  # in-house fostering: no History
    s["Placements"][1]["growth"] = "Trend"  # external residential: only 5 months of History
    s["Staffing"][0]["turnover"] = 0.1  # has agency_premium: fine
    s["Staffing"].append({"line": "Social workers", "team": "Child Protection", "role": "Social Worker",
                          "fte_budget": 5, "fte_permanent": 5, "salary": 40000, "turnover": 0.1, "cases": 90,
                          "target_caseload": 18, "case_growth": "trend"})  # fmt: skip
    s["History"] = [{"month": dt.date(2025, 1 + m, 1), "measure": "external residential", "value": 2 + m}
                    for m in range(5)]  # fmt: skip
    s["History"] += [
        {"month": "2025-11", "measure": "referrals", "value": 10},  # after Month 6 (September 2025)
        {"month": "2025-01-17", "measure": "External residential", "value": 3},  # January again
        {"month": "2025-02", "measure": "referrals", "value": -1},
    ]
    # Child Protection cases: eight months, the fifth 0
    s["History"] += [{"month": f"{2024 + (9 + m) // 12}-{(9 + m) % 12 + 1:02d}", "measure": "Child Protection",
                      "value": 0 if m == 4 else 80 + m} for m in range(8)]  # fmt: skip
    s["Investments"] += [
        {"name": "Posts one-off", "kind": "one-off", "amount": 100, "start_year": "2025/26", "team": "Assessment",
         "role": "Social Worker", "fte": 2},
        {"name": "Posts nowhere", "kind": "ongoing", "start_year": "2026/27", "team": "Fostering",
         "role": "Social Worker", "fte": 2},
        {"name": "Move wrong type", "line": "Placements", "kind": "one-off", "amount": 100, "start_year": "2026/27",
         "from_type": "secure", "to_type": "in-house fostering", "children": 1},
        {"name": "Move too many", "line": "Placements", "kind": "one-off", "amount": 100, "start_year": "2026/27",
         "from_type": "external residential", "to_type": "in-house fostering", "children": 3},
    ]
    s["Risks"].append({"sheet": "Placements", "row": "in-house fostering", "column": "growth", "op": "scale",
                       "distribution": "trend"})  # fmt: skip
    _fails_with(
        run_cli, make_workbook, s,
        "Placements!E2: growth is trend but History has no measure 'in-house fostering'",
        "Placements!E3: growth is trend but History measure 'external residential' has 5 months in the last 24 "
        "months of History; a trend needs at least 6",
        "Staffing!I3: turnover is 0.1 but neither agency_hourly_rate nor agency_premium is given",
        "Staffing!L3: case_growth is trend but History measure 'Child Protection' has a value of 0 in Feb 2025",
        "Investments!H3: posts need kind ongoing",
        "Investments!F4: team 'Fostering' is not a Staffing team",
        "Investments!J5: from_type 'secure' is not a Placements row of line 'Placements'",
        "Investments!L6: children 3 is more than the 2 children in external residential",
        # rev 3 §8: a month after the period is read and warned once per measure, not refused
        "warning History!A7: measure 'referrals' has counts after the end of the current period (Sep 2025), such as "
        "Nov 2025: they are used",
        "History!A8: Jan 2025 of measure 'External residential' appears twice (also at History!A2)",
        "History!C9: value must be a number >= 0, got -1",
        "Risks!D3: distribution trend draws the growth itself: op must be set",
        "Risks!B3: distribution trend: History has no measure 'in-house fostering'",
    )  # fmt: skip


def test_a_history_measure_no_trend_can_be_fitted_on_is_shown_with_a_warning(run_cli, make_workbook):
    s = minimal_sheets()
    s["History"] = [{"month": f"2025-0{m}", "measure": "referrals", "value": 100 + m} for m in range(1, 6)]
    result = _validate(run_cli, make_workbook, s)
    assert result.exit_code == 0, result.output
    assert "warning History!A6: History measure 'referrals' has 5 months" in result.output
    assert "it is shown without a trend" in result.output


def test_trend_growth_with_enough_history_is_valid_and_read(make_workbook):
    s = minimal_sheets()
    s["Placements"][1]["growth"] = "trend"
    s["History"] = [{"month": f"{2024 + (3 + m) // 12}-{(3 + m) % 12 + 1:02d}", "measure": "external residential",
                     "value": 2 + m / 10} for m in range(18)]  # fmt: skip
    s["Scenarios"].append({"scenario": "Trend again", "sheet": "Placements", "row": "external residential",
                           "column": "growth", "op": "set", "value": "trend"})  # fmt: skip
    inputs = load_inputs(make_workbook(s))
    assert inputs.placements[1].growth == "trend"
    assert inputs.scenarios[-1].value == "trend"
    assert len(inputs.history) == 18 and inputs.history[0].month == dt.date(2024, 4, 1)
