"""Issue 20 items 2 and 3: a scenario's (or a risk range's extreme) result meets the input sheets' rules,
and a Scenarios or Risks row naming one spelling of a name reaches every spelling."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from factory import minimal_sheets
import numpy as np

import forecast
from forecast.errors import InputError
from forecast.inputs import inputs_from_sheets
from forecast.inputs.changes import apply_scenario


def _with_scenario(*rows: tuple[object, ...], risks: list[dict[str, object]] | None = None,
                   sheets: dict[str, list[dict[str, object]]] | None = None) -> dict[str, list[dict[str, object]]]:
    out = copy.deepcopy(sheets or minimal_sheets())
    out["Scenarios"] = [dict(zip(("scenario", "sheet", "row", "column", "op", "value"), r, strict=True)) for r in rows]
    out["Risks"] = risks or []
    if not out["Risks"]:
        del out["Risks"]
    return out


def _errors(sheets: dict[str, list[dict[str, object]]]) -> list[str]:
    with pytest.raises(InputError) as caught:
        inputs_from_sheets(sheets)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


@pytest.mark.parametrize(("row", "words"), [
    # 0.05 + 2 = 2.05: 205% a year, outside -1..1
    (("Dear", "Settings", "placement_inflation", "value", "add", 2), "placement_inflation"),
    # growth 0 + 5 = 5: 500% a year
    (("Boom", "Placements", "*", "growth", "add", 5), "growth"),
    # 20 - 50 = -30 children
    (("Fewer", "Placements", "in-house fostering", "children", "add", -50), "children"),
    # 8 × -1 = -8 FTE in post
    (("Gone", "Staffing", "Assessment", "fte_permanent", "scale", -1), "fte_permanent"),
    # 365/7 × 0 = 0 weeks a year
    (("No weeks", "Settings", "weeks_per_year", "value", "scale", 0), "weeks_per_year"),
    # 'Other' has no Placements rows to cost
    (("Costed", "Budget", "Other", "method", "set", "placements"), "no Placements rows"),
])
def test_a_scenario_that_breaks_an_input_rule_is_an_error_naming_its_row(row: tuple[object, ...], words: str) -> None:
    errors = _errors(_with_scenario(("High demand", "Placements", "*", "children", "scale", 1.1), row))
    assert errors and all(e.startswith("Scenarios!A3: scenario") for e in errors), errors  # the second row
    assert words in errors[0], errors


def test_a_zero_caseload_target_is_an_error_not_a_division_by_zero() -> None:
    sheets = copy.deepcopy(minimal_sheets())
    sheets["Staffing"][0].update(cases=90, target_caseload=18)
    errors = _errors(_with_scenario(("Zero", "Staffing", "*", "target_caseload", "scale", 0), sheets=sheets))
    assert errors and errors[0].startswith("Scenarios!A2: scenario 'Zero' makes Staffing row 'Assessment'"), errors
    assert "target_caseload" in errors[0]


def test_the_error_names_the_row_that_made_it_not_an_earlier_one() -> None:
    # 1.1 × then -25: 20 × 1.1 = 22, 22 - 25 = -3 children; the add (row 3) broke it
    errors = _errors(_with_scenario(("Mix", "Placements", "*", "children", "scale", 1.1),
                                    ("Mix", "Placements", "in-house fostering", "children", "add", -25)))
    assert [e.split(":")[0] for e in errors] == ["Scenarios!A3"], errors


def test_a_risk_row_is_checked_at_its_low_and_its_high() -> None:
    risk = {"sheet": "Settings", "row": "pay_award", "column": "value", "op": "add", "low": -0.01, "likely": 0,
            "high": 1.5}  # 0.03 + 1.5 = 1.53 at the high; 0.03 - 0.01 = 0.02 at the low is fine
    errors = _errors(_with_scenario(risks=[risk]))
    assert len(errors) == 1 and errors[0].startswith("Risks!A2: its high (1.5) makes Settings"), errors
    low = dict(risk, low=-1.2, high=0.02)  # 0.03 - 1.2 = -1.17 at the low
    errors = _errors(_with_scenario(risks=[low]))
    assert len(errors) == 1 and errors[0].startswith("Risks!A2: its low (-1.2)"), errors


def test_a_trend_risk_is_checked_at_its_p10_and_p90() -> None:
    # children doubling every month: ĝ = 2^12 − 1 = 4095 a year, far outside −1..1 at P10 and P90 alike
    sheets = copy.deepcopy(minimal_sheets())
    sheets["History"] = [{"month": dt.date(2024, 4, 1) + dt.timedelta(days=31 * k), "measure": "in-house fostering",
                          "value": 2.0 ** k + (0.1 if k % 2 else 0)} for k in range(12)]
    sheets["History"] = [dict(h, month=dt.date(2024 + (3 + k) // 12, (3 + k) % 12 + 1, 1))
                         for k, h in enumerate(sheets["History"])]
    risk = {"sheet": "Placements", "row": "in-house fostering", "column": "growth", "op": "set",
            "distribution": "trend"}
    errors = _errors(_with_scenario(risks=[risk], sheets=sheets))
    assert [e.split(":")[0] for e in errors] == ["Risks!A2", "Risks!A2"], errors
    assert "its P10" in errors[0] and "its P90" in errors[1], errors


def test_moves_in_time_validate_and_apply() -> None:
    # the docs' `Later start`: one year later; a recruit three months later
    sheets = _with_scenario(("Later", "Investments", "Edge of care", "start_year", "add", 1),
                            ("Later", "Recruitment", "Assessment", "start", "add", 3))
    inputs = inputs_from_sheets(sheets)
    later = apply_scenario(inputs, "Later")
    assert later.investments[0].start_year == 2026  # 2025/26 + 1
    assert later.recruitment[0].start == dt.date(2026, 3, 1)  # December 2025 + 3 months
    half = _with_scenario(("Later", "Investments", "Edge of care", "start_year", "add", 0.5))
    assert any("whole number of years" in e for e in _errors(half))


def test_a_move_out_of_the_plan_is_an_error_naming_the_row() -> None:
    # 2025/26 + 9 is past a five-year plan ending 2029/30
    errors = _errors(_with_scenario(("Far", "Investments", "Edge of care", "start_year", "add", 9)))
    assert errors and errors[0].startswith("Scenarios!A2: scenario 'Far' makes Investments row 'Edge of care'"), errors


def _two_spellings() -> dict[str, list[dict[str, object]]]:
    sheets = copy.deepcopy(minimal_sheets())
    staff = sheets["Staffing"][0]
    staff["team"] = "Assessment Team"
    staff["fte_agency"] = 2
    sheets["Staffing"].append(dict(staff, team="Assessment\u00a0Team", role="Senior Practitioner", fte_agency=3,
                                   salary=46000))
    sheets["Recruitment"] = []
    del sheets["Recruitment"]
    return sheets


def test_one_spelling_of_a_team_reaches_every_spelling() -> None:
    # Staffing holds only the one team, spelt two ways (a no-break space pasted from Word): naming it one way
    # must change both rows, exactly as `*` does.
    named = _with_scenario(("Named", "Staffing", "Assessment Team", "fte_agency", "scale", 10),
                           ("Every", "Staffing", "*", "fte_agency", "scale", 10), sheets=_two_spellings())
    inputs = inputs_from_sheets(named)
    by_name, every = apply_scenario(inputs, "Named"), apply_scenario(inputs, "Every")
    assert [s.fte_agency for s in by_name.staffing] == [20.0, 30.0]  # 2 × 10, 3 × 10
    assert by_name.staffing == every.staffing
    a, b = forecast.run(inputs, "Named"), forecast.run(inputs, "Every")
    assert a.totals.net_variance == b.totals.net_variance != forecast.run(inputs).totals.net_variance


def test_a_risk_row_naming_one_spelling_reaches_every_spelling() -> None:
    from forecast.inputs.changes import apply_change

    inputs = inputs_from_sheets(_two_spellings())
    draws = np.array([0.5, 2.0])
    changed = apply_change(inputs, "Staffing", "assessment   TEAM", "fte_agency", "scale", draws)
    assert [list(s.fte_agency) for s in changed.staffing] == [[1.0, 4.0], [1.5, 6.0]]  # 2 and 3 × 0.5, × 2
