"""The input registry: one module per sheet, each declaring a schema, a record and its row checks, kept in step.

Adding a sheet is one module and one registry line, so these checks are what
stops a module disagreeing with itself (a record field with no column, a
fixed column that does not exist) or with the rest (Scenarios offering a
sheet the changes cannot reach).
"""

from __future__ import annotations

import dataclasses

import pytest

from forecast.inputs import model, registry
from forecast.inputs.changes import ROW_SHEETS
from forecast.inputs.sheets import scenarios
from forecast.schema import SheetSchema

# where a row was read; Budget's `budget YYYY/YY` columns; Placements' cells left blank for the Children list
_NOT_COLUMNS = {"teams", "cell", "future_budgets", "blank"}
_CHILDREN_PLACE = {"row", "source", "cells"}  # a Children row's place (its sheet or CSV, row and cells)


def test_the_sheets_are_in_contract_order() -> None:
    assert registry.NAMES == ("Settings", "Budget", "Placements", "Staffing", "Recruitment", "Investments",
                              "Savings", "History", "Demand", "Children", "Actions", "Scenarios", "Risks")
    assert registry.REQUIRED == ("Settings", "Budget")


@pytest.mark.parametrize("sheet", registry.SHEETS, ids=lambda s: s.name)
def test_each_module_declares_a_schema_a_record_and_its_reader(sheet: registry.InputSheet) -> None:
    assert isinstance(sheet.schema, SheetSchema) and sheet.schema.name == sheet.name
    assert dataclasses.is_dataclass(sheet.record) and callable(sheet.module.read)
    # the record is what model re-exports and what Inputs holds
    assert getattr(model, sheet.record.__name__) is sheet.record
    hints = {f.name for f in dataclasses.fields(model.Inputs)}
    assert sheet.field in hints


@pytest.mark.parametrize("sheet", registry.SHEETS, ids=lambda s: s.name)
def test_each_record_field_is_a_column_and_each_column_a_field(sheet: registry.InputSheet) -> None:
    columns = {c.name for c in (sheet.schema.settings or sheet.schema.columns)}
    fields = {f.name for f in dataclasses.fields(sheet.record)} - _NOT_COLUMNS
    if sheet.name == "Children":
        fields -= _CHILDREN_PLACE
    assert fields == columns


@pytest.mark.parametrize("sheet", registry.SHEETS, ids=lambda s: s.name)
def test_keys_and_fixed_columns_are_columns_of_the_sheet(sheet: registry.InputSheet) -> None:
    names = {c.name for c in sheet.schema.columns}
    assert set(sheet.schema.key) <= names
    assert set(sheet.schema.fixed) <= names
    assert set(sheet.schema.roll) <= names
    assert not sheet.schema.scenario_key or sheet.schema.scenario_key in names
    # a scenario may not change the column its rows are named by (except the setting's value)
    if sheet.schema.scenario_key and not sheet.schema.settings:
        assert sheet.schema.scenario_key in sheet.schema.fixed


def test_scenarios_offer_exactly_the_sheets_a_change_can_reach() -> None:
    assert scenarios.TARGET_SHEETS == tuple(registry.CHANGEABLE)
    assert set(ROW_SHEETS) == set(registry.CHANGEABLE) - {"Settings"}
    assert ROW_SHEETS["Placements"] == ("placements", "placement_type")


def test_sheets_are_read_after_the_sheets_they_name() -> None:
    order = [s.name for s in registry.reading_order()]
    assert order[0] == "Settings"  # it fixes the plan years and units
    # Budget lines and History measures before the rows naming them; Staffing before Recruitment and
    # Investments (their team and role); Scenarios and Risks last (they name rows of every sheet)
    assert order.index("Budget") < order.index("Placements") and order.index("History") < order.index("Placements")
    assert order.index("Staffing") < order.index("Recruitment") < order.index("Investments")
    assert order[-2:] == ["Scenarios", "Risks"]


def test_a_sheet_and_a_setting_are_found_by_any_header_spelling() -> None:
    schema = registry.sheet_for(" placements ")
    assert schema is not None and schema.name == "Placements"
    assert registry.sheet_for("Ledger") is None
    setting = registry.setting_for("Pay Award (%)")
    assert setting is not None and setting.name == "pay_award"


def test_a_column_a_sheet_declares_fixed_is_refused_at_the_scenarios_cell() -> None:
    from factory import minimal_sheets

    from forecast.errors import InputError
    from forecast.inputs import inputs_from_sheets

    sheets = minimal_sheets()
    sheets["Scenarios"] = [{"scenario": "Move", "sheet": "Recruitment", "row": "Assessment", "column": "role",
                            "op": "set", "value": "Manager"}]
    with pytest.raises(InputError) as exc:
        inputs_from_sheets(sheets)
    errors = [f"{p.place}: {p.message}" for p in exc.value.problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("Scenarios!D2: column role says which rows exist"), errors
