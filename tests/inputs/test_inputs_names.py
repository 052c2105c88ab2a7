"""The one name rule (``forecast.names.name_key``) and the one value converter (``cells.convert``).

Names: two spellings that differ only by Unicode compatibility form (NFKC), case, or runs of
whitespace (no-break spaces included) are one name: duplicates on a sheet, one row to a scenario.
Values: a scenario or risk value is read exactly as the workbook reads a cell, so text the
workbook refuses (``2025-12-011``, ``1.050``) is refused there too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from engine_support import small_authority
from factory import minimal_sheets, with_cell

from forecast.errors import InputError
from forecast.inputs import inputs_from_sheets
from forecast.inputs.changes import ChangeError, apply_change, apply_scenario
from forecast.inputs.model import ScenarioRow
from forecast.names import name_key

NBSP, NARROW = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Social Worker", f"Social{NBSP}Worker"),  # a no-break space pasted from a web page
        ("Social Worker", f"Social{NARROW}Worker"),  # a narrow no-break space
        ("Social Worker", "Social   \t Worker"),  # a run of spaces and a tab
        ("Social Worker", "  Social Worker  "),  # trimmed
        ("Social Worker", "SOCIAL worker"),  # case
        ("Strasse", "Straße"),  # case folding, not just lower case
        ("ABC team", "ＡＢＣ team"),  # full-width letters (NFKC)
        ("office", "o\ufb03ce"),  # the ligature ffi (NFKC)
    ],
)
def test_spellings_that_differ_only_by_the_rule_are_one_name(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Social Worker", "SocialWorker"), ("Team A", "Team B"), ("café", "cafe")])
def test_other_differences_keep_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_the_key_itself() -> None:
    assert name_key(f"  ＡＢＣ{NBSP}{NBSP}Team\t\nTwo ") == "abc team two"


def _errors(sheets: dict[str, list[dict[str, object]]]) -> list[str]:
    with pytest.raises(InputError) as exc:
        inputs_from_sheets(sheets)
    return [f"{p.place}: {p.message}" for p in exc.value.problems if p.severity == "error"]


def test_two_budget_lines_differing_only_by_the_rule_are_duplicates_at_the_cell() -> None:
    # Budget rows 2..4 hold Placements, Social workers, Other; row 5 repeats Other in full-width, NBSP spelling
    sheets = with_cell(minimal_sheets(), "Budget", 3, "line", f"ＯＴＨＥＲ{NBSP}")
    sheets["Budget"][3]["budget"] = 10
    errors = _errors(sheets)
    assert any(e.startswith("Budget!A5:") and "Budget!A4" in e for e in errors), errors


def test_two_staffing_rows_differing_only_by_a_no_break_space_are_duplicates() -> None:
    sheets = minimal_sheets()
    sheets["Staffing"].append(dict(sheets["Staffing"][0], role=f"Social{NBSP}{NBSP}Worker"))
    errors = _errors(sheets)
    assert any(e.startswith("Staffing!") and "Staffing!" in e.split(":", 1)[1] for e in errors), errors


def test_a_scenario_row_matches_every_spelling_of_its_row() -> None:
    sheets = minimal_sheets()
    sheets["Scenarios"] = [{"scenario": "Fewer", "sheet": "Placements", "row": f"IN-HOUSE{NBSP} ＦＯＳＴＥＲＩＮＧ",
                            "column": "children", "op": "scale", "value": 0.5}]
    inputs = inputs_from_sheets(sheets)
    changed = apply_scenario(inputs, "fewer")
    # in-house fostering: 20 children × 0.5 = 10; external residential untouched at 2
    assert [p.children for p in changed.placements] == [10.0, 2.0]


# --- one converter ---------------------------------------------------------------------------------


def test_a_scenario_date_the_workbook_refuses_is_an_error_at_the_scenarios_cell() -> None:
    sheets = minimal_sheets()
    sheets["Scenarios"] = [{"scenario": "Later", "sheet": "Recruitment", "row": "Assessment", "column": "start",
                            "op": "set", "value": "2025-12-011"}]
    errors = _errors(sheets)
    assert len(errors) == 1 and errors[0].startswith("Scenarios!F2:") and "must be a date" in errors[0], errors


def test_the_library_reads_a_set_value_with_the_same_converter() -> None:
    inputs = small_authority()
    with pytest.raises(ChangeError, match="must be a date"):
        apply_change(inputs, "Recruitment", "*", "start", "set", "2025-12-011")  # not 1 December
    later = apply_change(inputs, "Recruitment", "*", "start", "set", "2019-12-01")
    assert later.recruitment[0].start == dt.date(2019, 12, 1)


@pytest.mark.parametrize("op", ["scale", "add"])
def test_a_number_with_a_full_stop_before_three_digits_is_refused(op: str) -> None:
    inputs = small_authority()
    with pytest.raises(ChangeError, match="1.050 is 1,050 in much of Europe"):
        apply_change(inputs, "Placements", "*", "children", op, "1.050")
    with pytest.raises(ChangeError, match="1.050 is 1,050 in much of Europe"):
        apply_change(inputs, "Placements", "*", "children", "set", "1.050")
    # the unambiguous spellings are read: 1.05 and 1,050
    assert apply_change(inputs, "Placements", "*", "weekly_cost", "set", "1,050").placements[0].weekly_cost == 1050.0


def test_a_workbook_scenario_value_of_1_050_is_an_error_at_its_cell() -> None:
    sheets = minimal_sheets()
    sheets["Scenarios"][0]["value"] = "1.050"
    errors = _errors(sheets)
    assert len(errors) == 1 and errors[0].startswith("Scenarios!F2:") and "1,050" in errors[0], errors


def test_a_scenario_rate_out_of_range_is_refused_by_the_same_rule_as_the_cell() -> None:
    inputs = small_authority(scenarios=(ScenarioRow("X", "Placements", "*", "growth", "set", "5%"),))
    assert apply_scenario(inputs, "X").placements[0].growth == pytest.approx(0.05)
    with pytest.raises(ChangeError, match="did you mean 0.05"):
        apply_change(inputs, "Placements", "*", "growth", "set", 5)
