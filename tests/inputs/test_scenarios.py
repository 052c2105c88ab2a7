"""Scenarios: set / scale / add, '*', several rows in order, Base, and every validation error with its cell."""

from __future__ import annotations

import datetime as dt

import pytest
from engine_support import small_authority

from forecast.inputs.changes import (
    apply_change,
    apply_scenario,
    check_scenarios,
    resolve_scenario_name,
    scenario_names,
)
from forecast.errors import ForecastError, InputError
from forecast.inputs.model import Inputs, RiskRow, ScenarioRow


def _inputs(*rows: tuple[str, str, str, str, str, object]) -> Inputs:
    """The small test authority; ``rows`` are Scenarios rows (scenario, sheet, row, column, op, value)."""
    return small_authority(
        scenarios=tuple(
            ScenarioRow(s, sheet, row, col, op, value, cell=f"Scenarios!A{i + 2}")
            for i, (s, sheet, row, col, op, value) in enumerate(rows)
        ),
    )


def _places(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [p.place for p in exc.value.problems]


# --- names ---------------------------------------------------------------


def test_base_is_always_first_and_names_keep_sheet_order() -> None:
    inputs = _inputs(
        ("High demand", "Budget", "LAC placements", "budget", "add", 1),
        ("Agency halved", "Budget", "LAC placements", "budget", "add", 1),
        ("high demand", "Budget", "LAC placements", "budget", "add", 1),
    )
    assert scenario_names(inputs) == ["Base", "High demand", "Agency halved"]
    assert scenario_names(_inputs()) == ["Base"]
    assert resolve_scenario_name(inputs, "HIGH DEMAND") == "High demand"


def test_unknown_scenario_name_lists_the_known_ones() -> None:
    with pytest.raises(ForecastError, match="unknown scenario 'Nope'.*'Base', 'High demand'"):
        apply_scenario(_inputs(("High demand", "Budget", "*", "budget", "scale", 1.1)), "Nope")


def test_base_returns_the_inputs_unchanged() -> None:
    inputs = _inputs(("High demand", "Budget", "*", "budget", "scale", 1.1))
    assert apply_scenario(inputs, "Base") is inputs


def test_a_scenario_that_changes_nothing_equals_base() -> None:
    inputs = _inputs(
        ("Same", "Placements", "*", "children", "scale", 1),
        ("Same", "Settings", "pay_award", "value", "add", 0),
        ("Same", "Budget", "Social work teams", "budget 2020/21", "scale", 1.0),
    )
    assert apply_scenario(inputs, "Same") == inputs


# --- operations ----------------------------------------------------------


def test_set_scale_and_add_on_a_named_row() -> None:
    inputs = _inputs(
        ("S", "Budget", "Ofsted improvement", "forecast", "set", 3000),
        ("T", "Budget", "LAC placements", "earmarked", "scale", 1.5),
        ("U", "Budget", "LAC placements", "earmarked", "add", -250),
    )
    assert apply_scenario(inputs, "S").budget[2].forecast == 3000.0
    assert apply_scenario(inputs, "T").budget[0].earmarked == 1500.0
    assert apply_scenario(inputs, "U").budget[0].earmarked == 750.0
    # other lines and the original inputs are untouched
    assert apply_scenario(inputs, "S").budget[:2] == inputs.budget[:2]
    assert inputs.budget[2].forecast == 2500.0


def test_star_changes_every_row_of_the_sheet() -> None:
    inputs = _inputs(("More children", "Placements", "*", "children", "scale", 1.1))
    out = apply_scenario(inputs, "More children")
    assert [p.children for p in out.placements] == pytest.approx([110.0, 22.0])
    assert [p.weekly_cost for p in out.placements] == [450.0, 5_000.0]


def test_row_key_matches_every_row_with_that_key_ignoring_case() -> None:
    inputs = _inputs(("Agency out", "Staffing", "assessment", "fte_agency", "set", 0))
    out = apply_scenario(inputs, "Agency out")
    assert [s.fte_agency for s in out.staffing] == [0.0, 0.0, 0.0]
    inputs = _inputs(("Pay", "Staffing", "Assessment", "salary", "scale", 1.1))
    out = apply_scenario(inputs, "Pay")
    assert [s.salary for s in out.staffing] == pytest.approx([44_000.0, 55_000.0, 41_000.0])


def test_rows_apply_in_sheet_order() -> None:
    inputs = _inputs(
        ("Order", "Placements", "external residential", "weekly_cost", "add", 1000),
        ("Order", "Placements", "external residential", "weekly_cost", "scale", 2),
        ("Other", "Placements", "*", "weekly_cost", "set", 1),
        ("Order", "Settings", "placement_inflation", "value", "set", 0.08),
    )
    out = apply_scenario(inputs, "Order")
    assert out.placements[1].weekly_cost == 12_000.0  # (5000 + 1000) × 2, not 5000 × 2 + 1000
    assert out.placements[0].weekly_cost == 450.0  # the "Other" scenario's row is not applied
    assert out.settings.placement_inflation == 0.08


def test_every_sheet_and_its_key() -> None:
    inputs = _inputs(
        ("All", "Settings", "Pay Award", "value", "set", 0.05),
        ("All", "Recruitment", "Assessment", "fte", "add", 1),
        ("All", "Recruitment", "Assessment", "start", "add", 2),
        ("All", "Recruitment", "Assessment", "replaces_agency", "set", "no"),
        ("All", "Investments", "Front door", "start_year", "set", "2021/22"),
        ("All", "Investments", "Front door", "funding", "set", "Unfunded"),
        ("All", "Savings", "Edge of care", "rag", "set", "red"),
        ("All", "Savings", "Edge of care", "year", "add", 1),
        ("All", "Budget", "Ofsted improvement", "method", "set", "budget"),
        ("All", "Budget", "Ofsted improvement", "recurring", "set", "yes"),
    )
    out = apply_scenario(inputs, "All")
    assert out.settings.pay_award == 0.05
    assert out.recruitment[0].fte == 3.0
    assert out.recruitment[0].start == dt.date(2019, 12, 1)
    assert out.recruitment[0].replaces_agency is False
    assert out.investments[0].start_year == 2021
    assert out.investments[0].funding == "unfunded"
    assert out.savings[0].rag == "red" and out.savings[0].year == 2021
    assert out.budget[2].method == "budget" and out.budget[2].recurring is True


def test_future_budget_columns_change_future_budgets() -> None:
    inputs = _inputs(
        ("Cash", "Budget", "Social work teams", "budget 2020/21", "add", 100),
        ("Cash", "Budget", "Social work teams", "Budget 2021-22", "scale", 1.02),
    )
    out = apply_scenario(inputs, "Cash").budget[1].future_budgets
    # 2021/22 had no cash limit, so it is held at the current budget (8,000) before the scale
    assert out == pytest.approx({2020: 8_300.0, 2021: 8_160.0})


def test_optional_blank_values_stay_blank_when_scaled() -> None:
    inputs = _inputs(("Cases", "Staffing", "*", "cases", "scale", 1.2))
    assert [s.cases for s in apply_scenario(inputs, "Cases").staffing] == [None, None, None]


def test_apply_change_takes_arrays_for_the_risk_run() -> None:
    np = pytest.importorskip("numpy")
    draws = np.array([0.9, 1.0, 1.1])
    out = apply_change(_inputs(), "Placements", "*", "children", "scale", draws)
    assert list(out.placements[0].children) == pytest.approx([90.0, 100.0, 110.0])


# --- validation errors ---------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("X", "Budget", "Foo", "budget", "add", 1), "unknown row 'Foo' on Budget"),
        (("X", "Ledger", "*", "budget", "add", 1), "unknown sheet 'Ledger'"),
        (("X", "Budget", "*", "colour", "add", 1), "unknown column 'colour' on Budget"),
        (("X", "Budget", "*", "budget", "multiply", 2), "op must be one of set, scale, add"),
        (("X", "Budget", "*", "budget", "scale", "lots"), "value must be a number, got 'lots'"),
        (("X", "Budget", "*", "comment", "scale", 2), "is not a number: only 'set'"),
        (("X", "Budget", "*", "method", "set", "guess"), "must be one of placements"),
        (("X", "Budget", "", "budget", "add", 1), "row is blank"),
        (("X", "Budget", "*", "budget 2030/31", "add", 1), "not a later year of the plan"),
        (("X", "Placements", "*", "line", "set", "Other"), "cannot be changed by a scenario"),
        (("X", "Settings", "*", "value", "set", 1), "'*' cannot be used on Settings"),
        (("X", "Settings", "colour", "value", "set", 1), "unknown setting 'colour'"),
        (("X", "Settings", "period", "value", "set", 6), "setting 'period' cannot be changed"),
        (("X", "Settings", "pay_award", "value", "set", 3), "did you mean 0.03"),
        (("X", "Investments", "Front door", "start_year", "scale", 2), "is a year"),
        (("X", "Recruitment", "Assessment", "start", "set", "soon"), "must be a date"),
        (("Base", "Budget", "*", "budget", "add", 1), "'Base' is the unchanged inputs"),
    ],
)
def test_validation_errors_name_the_scenarios_cell(row: tuple[str, str, str, str, str, object], message: str) -> None:
    inputs = _inputs(row)
    with pytest.raises(InputError, match=message) as exc:
        apply_scenario(inputs, row[0])
    assert _places(exc) == ["Scenarios!A2"]


def test_all_problems_of_a_scenario_are_reported_together() -> None:
    inputs = _inputs(
        ("X", "Budget", "Foo", "budget", "add", 1),
        ("X", "Budget", "*", "budget", "add", 1),
        ("X", "Staffing", "Nobody", "salary", "add", 1),
    )
    with pytest.raises(InputError) as exc:
        apply_scenario(inputs, "X")
    assert _places(exc) == ["Scenarios!A2", "Scenarios!A4"]
    assert "unknown row 'Nobody' on Staffing" in str(exc.value)


def test_check_scenarios_reports_every_scenario_and_risk_row() -> None:
    inputs = _inputs(
        ("X", "Budget", "Foo", "budget", "add", 1),
        ("Y", "Placements", "secure", "children", "add", 1),
    )
    risks = (
        RiskRow("Placements", "*", "children", "scale", 0.9, 1.0, 1.2, cell="Risks!A2"),
        RiskRow("Budget", "*", "comment", "add", 0, 0, 0, cell="Risks!A3"),
        RiskRow("Budget", "Bar", "budget", "add", 0, 0, 0, cell="Risks!A4"),
        RiskRow("Budget", "*", "budget", "set", 0, 0, 0, cell="Risks!A5"),
    )
    problems = check_scenarios(_replace_risks(inputs, risks))
    assert [str(p) for p in problems] == [
        "Scenarios!A2: unknown row 'Foo' on Budget (its line column has 'LAC placements', "
        "'Social work teams', 'Ofsted improvement')",
        "Scenarios!A3: unknown row 'secure' on Placements (its placement_type column has "
        "'in-house fostering', 'external residential')",
        "Risks!A3: Budget column 'comment' is not a number column a risk range can vary; "
        "use a money, count, cost or rate column",
        "Risks!A4: unknown row 'Bar' on Budget (its line column has 'LAC placements', "
        "'Social work teams', 'Ofsted improvement')",
        "Risks!A5: op must be 'scale' or 'add' on the Risks sheet, got 'set'",
    ]
    assert check_scenarios(_inputs(("Fine", "Budget", "*", "budget", "add", 1))) == []


def _replace_risks(inputs: Inputs, risks: tuple[RiskRow, ...]) -> Inputs:
    import dataclasses

    return dataclasses.replace(inputs, risks=risks)


# --- choosing and running ------------------------------------------------


def test_the_build_shows_the_first_scenario_asked_for_and_compares_with_base() -> None:
    from forecast.inputs.changes import choose_scenarios

    inputs = _inputs(
        ("High demand", "Placements", "*", "children", "scale", 1.1),
        ("Agency halved", "Staffing", "*", "fte_agency", "scale", 0.5),
    )
    assert choose_scenarios(inputs, [], False) == ("Base", ["Base"])
    assert choose_scenarios(inputs, [], True) == ("Base", ["Base", "High demand", "Agency halved"])
    assert choose_scenarios(inputs, ["agency halved"], False) == ("Agency halved", ["Base", "Agency halved"])
    assert choose_scenarios(inputs, ["Agency halved", "Base"], True) == (
        "Agency halved",
        ["Base", "High demand", "Agency halved"],
    )
    with pytest.raises(ForecastError, match="unknown scenario 'Low'"):
        choose_scenarios(inputs, ["Low"], False)


def test_run_scenarios_runs_each_on_its_own_copy() -> None:
    from forecast.engine import run
    from forecast.engine.scenarios import run_scenarios

    inputs = _inputs(("High demand", "Placements", "*", "children", "scale", 1.1))
    base, high = run_scenarios(inputs, ["Base", "high demand"])
    assert (base.scenario, high.scenario) == ("Base", "High demand")
    assert base.totals == run(inputs).totals
    assert high.totals.net_variance > base.totals.net_variance


def test_scenarios_read_from_a_workbook_apply() -> None:
    from factory import minimal_sheets

    from forecast.engine import run
    from forecast.inputs import inputs_from_sheets

    sheets = minimal_sheets()
    sheets["Budget"][0]["budget 2026/27"] = 1_100
    sheets["Scenarios"] += [
        {"scenario": "Cash", "sheet": "Budget", "row": "placements", "column": "Budget 2026/27", "op": "add",
         "value": 50},
        {"scenario": "Cash", "sheet": "Settings", "row": "Pay award", "column": "Value", "op": "set", "value": 0.05},
        {"scenario": "Cash", "sheet": "Investments", "row": "Edge of care", "column": "funding", "op": "set",
         "value": "unfunded"},
    ]
    inputs = inputs_from_sheets(sheets)
    high = apply_scenario(inputs, "High demand")
    assert [p.children for p in high.placements] == pytest.approx([22.0, 2.2])
    cash = apply_scenario(inputs, "Cash")
    assert cash.budget[0].future_budgets[2026] == 1_150.0
    assert cash.settings.pay_award == 0.05 and cash.investments[0].funding == "unfunded"
    assert run(cash).mtfp[1].base_budget - run(inputs).mtfp[1].base_budget == pytest.approx(50.0)


def test_validate_reports_a_change_the_data_cannot_take_with_its_cell() -> None:
    from factory import minimal_sheets

    from forecast.inputs import inputs_from_sheets

    sheets = minimal_sheets()
    sheets["Scenarios"].append(
        {"scenario": "Later", "sheet": "Settings", "row": "period", "column": "value", "op": "set", "value": 7}
    )
    with pytest.raises(InputError, match=r"Scenarios!A3: setting 'period' cannot be changed by a scenario"):
        inputs_from_sheets(sheets)
