"""Check every rule of the input contract and build the typed ``Inputs``: the orchestration.

Each sheet's own rules are in its module (``forecast/inputs/sheets/``, listed
in ``forecast/inputs/registry.py``): its columns, its row checks and its
record. This module matches the workbook's sheets to the registry, reads
them in stage order against one ``Plan`` (Settings first: it fixes the plan
years, units and service name the other sheets are checked against), and
keeps the rules that span sheets: header units against the workbook's
units, History measures no trend can be fitted on, the rows a Scenarios or
Risks row may name, and whether the changes apply to the data.

One pass collects every problem (errors and warnings, each with its
``Sheet!Cell`` and a fix); ``Inputs`` are built only when there is no error.
"""

from __future__ import annotations

import re
from dataclasses import replace

from forecast import schema
from forecast.errors import Problem
from forecast.inputs import model, registry
from forecast.inputs.cells import as_text, is_blank, shown
from forecast.inputs.plan import Plan
from forecast.inputs.reader import RawSheet, column_index
from forecast.inputs.tables import Problems, Table, build_table, check_header_units, text_key

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def validate_sheets(
    raw_sheets: list[RawSheet], source_name: str = "", source_sha256: str = ""
) -> tuple[model.Inputs | None, list[Problem]]:
    """Every problem in the sheets, and the Inputs when there is no error."""
    problems = Problems()
    keys = {schema.header_key(raw.name) for raw in raw_sheets}
    if schema.header_key("Revenue Summary") in keys and schema.header_key("Settings") not in keys:
        # an output fed back in: its Placements, Staffing … sheets would give a hundred puzzling errors
        problems.error(source_name or "workbook", "", (
            "this is a workbook forecast wrote (it has a Revenue Summary and no Settings sheet), not an input "
            "workbook: give the inputs it was built from (the Assumptions sheet names the file)"
        ))
        return None, problems.items
    plan = Plan(problems=problems, tables=_match_sheets(raw_sheets, problems), schemas=registry.SCHEMA_BY_NAME)
    records: dict[str, list[object]] = {}
    for sheet in registry.reading_order():
        if sheet.stage == registry.CHANGES and not plan.row_keys:  # once, before the first sheet of changes
            _history_warnings(plan, problems)  # every trend a row asks for is known by now
            _collect_row_keys(plan)
        table = plan.tables.get(sheet.name)
        records[sheet.name] = list(sheet.module.read(table, plan)) if table is not None else []
        if sheet.stage == registry.SETTINGS_STAGE:
            for other in plan.tables.values():
                check_header_units(other, plan.units)
    found_settings = records.get("Settings")
    if problems.errors or not found_settings:
        return None, sorted(problems.items, key=_problem_order)
    fields = {s.field: tuple(records[s.name]) for s in registry.SHEETS if s.name != "Settings"}
    inputs = model.Inputs(
        settings=found_settings[0],  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
        source_name=source_name,
        source_sha256=source_sha256,
    )
    _check_changes_apply(inputs, problems)
    found = sorted(problems.items, key=_problem_order)
    if problems.errors:
        return None, found
    return replace(inputs, warnings=tuple(p for p in found if p.severity != "error")), found


def _check_changes_apply(inputs: model.Inputs, problems: Problems) -> None:
    """Scenarios and Risks rows that pass the cell checks must also apply to the data.

    The engine's scenario module owns what a change may do (e.g. a scenario
    cannot move the financial year), so validate asks it rather than keeping
    a second copy of those rules.
    """
    if not inputs.scenarios and not inputs.risks:
        return
    from forecast.inputs.changes import check_scenarios

    for problem in check_scenarios(inputs):
        problems.items.append(problem)


def _match_sheets(raw_sheets: list[RawSheet], problems: Problems) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for raw in raw_sheets:
        sheet = registry.sheet_for(raw.name)
        if sheet is None:
            if schema.header_key(raw.name) != schema.header_key(schema.README_SHEET):
                problems.warning(
                    raw.name, "", f"sheet is not one the tool reads: ignored (sheets: {', '.join(registry.NAMES)})"
                )
            continue
        if sheet.name in tables:
            problems.error(
                raw.name, "", f"two sheets are both read as {sheet.name} (also '{tables[sheet.name].name}'): "
                "rename or delete one"
            )
            continue
        tables[sheet.name] = build_table(raw, sheet, problems)
    for name in registry.REQUIRED:
        if name not in tables:
            columns = ", ".join(c.name for c in registry.SCHEMA_BY_NAME[name].columns)
            problems.error(
                name, "", f"sheet is missing: add a sheet named {name} with columns {columns} "
                "(`forecast init` writes a template)"
            )
    return tables


def _problem_order(problem: Problem) -> tuple[int, int, int]:
    """Sheets in contract order, then rows, then columns (file-level and unknown sheets first)."""
    sheet = registry.sheet_for(problem.sheet)
    index = registry.NAMES.index(sheet.name) + 1 if sheet else 0
    match = _CELL_REF.match(problem.cell)
    if not match:
        return index, 0, 0
    return index, int(match.group(2)), column_index(match.group(1))


def _history_warnings(plan: Plan, problems: Problems) -> None:
    """A History measure no trend can be fitted on, that no row asks a trend of: shown without one (warned)."""
    for key, observed in plan.history.items():
        problem = plan.window_problem(observed)
        if problem and key not in plan.trend_asked:
            sheet, _, cell = observed[-1].cell.partition("!")
            problems.warning(sheet, cell, f"History measure {shown(observed[-1].measure)} {problem}: "
                             "it is shown without a trend")


def _collect_row_keys(plan: Plan) -> None:
    """The values a Scenarios/Risks ``row`` may name, per sheet, in their workbook spelling."""
    for name, sheet in registry.SCHEMA_BY_NAME.items():
        table = plan.tables.get(name)
        if name == "Settings":
            plan.row_keys[name] = {text_key(c.name): c.name for c in registry.SETTINGS}
            continue
        if not sheet.scenario_key or table is None:
            plan.row_keys[name] = {}
            continue
        keys: dict[str, str] = {}
        for row in table.rows:
            raw = row.raw(sheet.scenario_key)
            if not is_blank(raw):
                typed = row.value(sheet.scenario_key)
                keys.setdefault(text_key(raw), typed if isinstance(typed, str) else as_text(raw))
        plan.row_keys[name] = keys
