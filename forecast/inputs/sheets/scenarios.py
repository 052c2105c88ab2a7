"""The Scenarios sheet: named changes to any input; and what a Scenarios or Risks row may name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast import schema
from forecast.inputs.cells import (
    BAD,
    ambiguous_number,
    as_text,
    convert,
    is_blank,
    not_a_percentage,
    shown,
    to_number,
    too_large,
)
from forecast.inputs.sheets.settings import SETTING_NAMES, setting_for
from forecast.inputs.tables import listing, text_key
from forecast.schema import ENUM, NUMBER, NUMERIC_KINDS, SCENARIO_OPS, TEXT, Column, SheetSchema
from forecast.records import frozen, mutable

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

TARGET_SHEETS = ("Settings", "Budget", "Placements", "Staffing", "Recruitment", "Investments", "Savings", "Demand")


SCHEMA = SheetSchema(
    "Scenarios",
    (
        Column("scenario", TEXT, "Scenario name, e.g. High demand (Base is the unchanged inputs).", required=True),
        Column("sheet", ENUM, "The sheet to change.", required=True, choices=TARGET_SHEETS),
        Column(
            "row",
            TEXT,
            "The row's key (Settings: setting; Budget: line; Placements: placement_type; "
            "Staffing, Recruitment: team; Investments, Savings: name; Demand: placement_type, every month), "
            "or * for every row.",
            required=True,
        ),
        Column("column", TEXT, "The column to change (Settings: value).", required=True),
        Column("op", ENUM, "set, scale (multiply) or add.", required=True, choices=SCENARIO_OPS),
        Column("value", TEXT, "The new value, multiplier or addition.", required=True),
    ),
    note="Named changes to any input (optional sheet); rows apply in order.",
)


@frozen
class ScenarioRow:
    scenario: str
    sheet: str  # canonical sheet name
    row: str  # key value or "*"
    column: str  # canonical column (field) name, or "budget YYYY/YY"
    op: str
    value: object
    cell: str = ""  # where the row sits, for error messages (e.g. "Scenarios!A5")


RECORD = ScenarioRow


def read(table: Table, plan: Plan) -> list[ScenarioRow]:
    rows: list[ScenarioRow] = []
    spelling: dict[str, str] = {}
    for row in table.rows:
        name, op = row.value("scenario"), row.value("op")
        if isinstance(name, str) and text_key(name) == "base":
            row.error("scenario", "Base is the unchanged inputs: give this scenario another name")
        target = target_of(row, plan)
        value = change_value(row, target, op, "value") if target and isinstance(op, str) else BAD
        if not row.ok or target is None or value is BAD or not isinstance(name, str):
            continue
        name = spelling.setdefault(text_key(name), name)
        rows.append(ScenarioRow(name, target.sheet, target.row, target.column, str(op), value,
                                cell=f"{table.name}!{row.cell('scenario')}"))
    return rows


@mutable
class Target:
    sheet: str
    row: str
    column: str
    spec: Column  # how a `set` value is read


def target_of(row: Row, plan: Plan) -> Target | None:
    """Check a Scenarios/Risks row's sheet, row and column; None when wrong (reported)."""
    sheet = row.value("sheet")
    if not isinstance(sheet, str):
        return None
    key_raw, column_raw = row.value("row"), row.value("column")
    if key_raw is BAD or column_raw is BAD:
        return None  # reported as required
    sheet_schema = plan.schemas[sheet]
    key = as_text(key_raw)
    if sheet == "Settings":
        setting = setting_for(key)
        if setting is None:
            row.error("row", f"row {shown(key)} is not a setting (settings: {', '.join(SETTING_NAMES)})")
            return None
        if schema.header_key(as_text(column_raw)) not in ("value", schema.header_key(setting.name)):
            row.error("column", f"column for a Settings row must be 'value', got {shown(as_text(column_raw))}")
            return None
        return Target(sheet, setting.name, "value", setting)
    if key != "*":
        spelling = plan.row_keys.get(sheet, {}).get(text_key(key))
        if spelling is None:
            known = list(plan.row_keys.get(sheet, {}).values())
            row.error("row", f"row {shown(key)} names no {sheet_schema.scenario_key} on {sheet} "
                      f"(use * for every row, or one of: {listing(known) or 'none'})")
            return None
        key = spelling
    column = target_column(row, sheet_schema, plan, as_text(column_raw))
    return Target(sheet, key, column.name, column) if column else None


def target_column(row: Row, sheet_schema: SheetSchema, plan: Plan, text: str) -> Column | None:
    year = schema.future_budget_year(text) if sheet_schema.name == "Budget" else None
    if year is not None:
        message = plan.year_problem(year)
        unit = schema.header_unit(text)
        problem = schema.unit_problem(text, schema.future_budget_name(year), unit, None, plan.units) if unit else None
        if message or problem:
            row.error("column", f"budget column {message}" if message else f"column {problem}")
            return None
        return Column(schema.future_budget_name(year), NUMBER, "future-year cash limit")
    by_key = {schema.header_key(c.name): c for c in sheet_schema.columns}
    column = by_key.get(schema.header_key(text))
    unit = schema.header_unit(text)
    problem = schema.unit_problem(text, column.name, unit, column, plan.units) if column and unit is not None else None
    if problem:  # `budget (£m)` would change the budget in the workbook's units
        row.error("column", f"column {problem}")
        return None
    if column is None:
        row.error("column", f"column {shown(text)} is not a column of {sheet_schema.name} "
                  f"(columns: {', '.join(c.name for c in sheet_schema.columns)})")
        return None
    if column.name in sheet_schema.fixed:
        row.error("column", f"column {column.name} says which rows exist and how they link, so it cannot be "
                  "changed by a scenario: change values instead")
        return None
    return column


def change_value(row: Row, target: Target, op: str, name: str) -> object:
    """The value of a change: typed like the target column for `set`, a number for scale/add."""
    raw = row.raw(name)
    if is_blank(raw):
        row.error(name, f"{name} is required: the new value, multiplier or addition")
        return BAD
    if op == "set":
        spec = target.spec
        required = Column(spec.name, spec.kind, spec.note, required=True, choices=spec.choices,
                          strict=spec.strict, minimum=spec.minimum, maximum=spec.maximum,
                          positive=spec.positive, integer=spec.integer, words=spec.words)
        typed, message, severity = convert(raw, required)
        if message:
            (row.error if severity == "error" else row.warning)(name, f"value for {message}")
        if typed is None:
            row.error(name, f"value is required: the new {spec.name}")
            return BAD
        return typed
    moves = {schema.YEAR: "years", schema.DATE: "months"}.get(target.spec.kind)
    if moves and op == "add":  # issue 20: `start_year add 1`, a recruit's `start add 3` (whole years, months)
        step = to_number(raw)
        if step is None or step != int(step):
            row.error(name, f"{name} must be a whole number of {moves} to add to {target.column}, got {shown(raw)}")
            return BAD
        return step
    if target.spec.kind not in NUMERIC_KINDS:
        how = f"op set, or add (whole {moves})" if moves else "op set"
        row.error("column", f"column {target.column} is not a number: only {how} can change it")
        return BAD
    number = to_number(raw)
    if number is None:
        why = ambiguous_number(raw)
        row.error(name, f"{name} must be a number for op {op}, got {shown(raw)}" + (f": {why}" if why else ""))
        return BAD
    problem = too_large(name, number) or (not_a_percentage(target.spec, raw) if op == "add" else None)
    if problem:  # `scale` by 110% is 1.1; `add` 5% to a budget would add 0.05, not 5%
        row.error(name, problem + (" (to raise it by a percentage, use op scale: 5% more is 1.05)" if op == "add"
                                   and "%" in str(raw) else ""))
        return BAD
    return number
