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
from forecast.inputs import benchmark_settings, model, registry
from forecast.inputs.cells import as_text, is_blank, shown
from forecast.inputs.plan import Plan
from forecast.inputs.reader import RawSheet, column_index
from forecast.inputs.rows import READ_ME_KEYS
from forecast.inputs.tables import Problems, Table, build_table, check_header_units, listed, text_key
from forecast.names import name_key

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def validate_sheets(
    raw_sheets: list[RawSheet], source_name: str = "", source_sha256: str = "", check_results: bool = True
) -> tuple[model.Inputs | None, list[Problem]]:
    """Every problem in the sheets, and the Inputs when there is no error.

    ``check_results``: also check what every scenario and risk range makes (``changes.check_results``);
    a build leaves it to the scenarios and ranges it runs.
    """
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
    changes_started = False
    for sheet in registry.reading_order():
        if sheet.stage == registry.CHANGES and not changes_started:
            changes_started = True  # once, before the first sheet of changes (Scenarios and Risks both are)
            _history_warnings(plan, problems)  # every trend a row asks for is known by now
            benchmark_settings.role_warnings(plan)  # issue 23: every Staffing role is known by now
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
    _check_magnitude(inputs, plan, problems)
    _check_changes_apply(inputs, problems, check_results)
    found = one_per_cause(sorted(problems.items, key=_problem_order))
    if problems.errors:
        return None, found
    return replace(inputs, warnings=tuple(p for p in found if p.severity != "error")), found


# A service budget over this in a £000 workbook is over £1bn: more likely typed in £ (inputs.md rev 3).
POUNDS_IN_THOUSANDS = 1_000_000


# More warnings than this of one cause become one warning with a count and the first few places.
SAME_CAUSE_AT_MOST = 3
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBERS = re.compile(r"\d[\d,.]*")
_PLACE = re.compile(r"^([^!:\s][^!:]*![A-Z]{1,3}\d+): ")


def cause(sheet: str, message: str) -> tuple[str, str]:
    """What a warning says with its names and figures left out: the warnings of one cause share it."""
    return sheet, _NUMBERS.sub("#", _QUOTED.sub("'…'", message))


def one_per_cause(problems: list[Problem]) -> list[Problem]:
    """Warnings of one cause (same words, other names or figures) beyond ``SAME_CAUSE_AT_MOST`` become one: the
    first, with a count and the first few other cells (a 2,500-line authority gets one warning, not 2,500)."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        if p.severity != "error":
            groups.setdefault(cause(p.sheet, p.message), []).append(p)
    out: list[Problem] = []
    for p in problems:
        if p.severity == "error":
            out.append(p)
            continue
        group = groups[cause(p.sheet, p.message)]
        if len(group) <= SAME_CAUSE_AT_MOST:
            out.append(p)
        elif group[0] is p:
            others = [f"{q.sheet}!{q.cell}" if q.cell else _first_name(q.message) for q in group[1:]]
            out.append(replace(p, message=f"{p.message} [{len(group):,} warnings like this one; also "
                                          f"{listed([o for o in others if o], 5)}]"))
    return out


def one_warning_per_cause(texts: list[str]) -> list[str]:
    """``one_per_cause`` for warnings given as text (the engine's), each ``Sheet!Cell: …`` or ``Sheet: …``."""
    groups: dict[tuple[str, str], list[str]] = {}
    for text in texts:
        groups.setdefault(_text_cause(text), []).append(text)
    out: list[str] = []
    for text in texts:
        group = groups[_text_cause(text)]
        if len(group) <= SAME_CAUSE_AT_MOST:
            out.append(text)
        elif group[0] is text:
            others = [_place_or_name(t) for t in group[1:]]
            out.append(f"{text} [{len(group):,} warnings like this one; also {listed([o for o in others if o], 5)}]")
    return out


def _text_cause(text: str) -> tuple[str, str]:
    match = _PLACE.match(text)
    if match:
        return cause(match.group(1).split("!")[0], text[match.end():])
    sheet, _, rest = text.partition(": ")
    return cause(sheet, rest)


def _place_or_name(text: str) -> str:
    match = _PLACE.match(text)
    return match.group(1) if match else _first_name(text)


def _first_name(message: str) -> str:
    found = _QUOTED.search(message)
    return found.group(0) if found else ""


def _check_magnitude(inputs: model.Inputs, plan: Plan, problems: Problems) -> None:
    """Budgets typed in £ in a `£000` workbook report £1.7bn for £1.7m: warned, naming the budget column."""
    if inputs.settings.units != "£000":
        return
    total = sum(line.budget for line in inputs.budget)
    if total <= POUNDS_IN_THOUSANDS:
        return
    table = plan.tables.get("Budget")
    cell = table.header_cell(table.columns["budget"]) if table is not None and "budget" in table.columns else ""
    problems.warning("Budget", cell, (
        f"the service budget adds up to {total:,.0f} (£000), over £1bn: did you type £, not £000? Enter the "
        "budgets in thousands (1,700 for £1.7m), or set Settings units to £"
    ))


def _check_changes_apply(inputs: model.Inputs, problems: Problems, results: bool = True) -> None:
    """Scenarios and Risks rows that pass the cell checks must also apply to the data.

    The engine's scenario module owns what a change may do (e.g. a scenario
    cannot move the financial year), so validate asks it rather than keeping
    a second copy of those rules.
    """
    if not inputs.scenarios and not inputs.risks:
        return
    from forecast.inputs.changes import check_scenarios

    for problem in check_scenarios(inputs, results):
        problems.items.append(problem)




def _match_sheets(raw_sheets: list[RawSheet], problems: Problems) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for raw in raw_sheets:
        sheet = registry.sheet_for(raw.name)
        if sheet is None:
            if schema.header_key(raw.name) not in READ_ME_KEYS:  # the tool's own, or a user's sheet so named
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
        if sheet.name in TOTALS_REFUSED:
            _refuse_total_rows(tables[sheet.name])
    for name in registry.REQUIRED:
        if name not in tables:
            columns = ", ".join(c.name for c in registry.SCHEMA_BY_NAME[name].columns)
            problems.error(
                name, "", f"sheet is missing: add a sheet named {name} with columns {columns} "
                "(`forecast init` writes a template)"
            )
    return tables


# Sheets whose rows add up to the service's figures: a total row pasted with the ledger would count twice.
TOTALS_REFUSED = ("Budget", "Placements", "Staffing")
# the word total/totals opens the key (then a space, punctuation or the end: `Total:`, `TOTAL - CSC`, `Total (net)`)
# or closes it (`Placements total`, `Placements total:`); a hyphen or letter after it keeps a line (`Total-care`)
_TOTAL_NAME = re.compile(r"^(?:grand |sub ?-? ?)?totals?(?![\w-])|(?:^|[^\w-])totals?[^\w]*$")
_TOTAL_FIX = "a total row is not a line: remove it, totals are computed"


def reads_like_total(name: object) -> bool:
    """``Total``, ``Sub-total``, ``Grand total``, ``Total Children's Social Care``, ``Placements total``."""
    return isinstance(name, str) and bool(_TOTAL_NAME.search(name_key(name)))


def _refuse_total_rows(table: Table) -> None:
    """A row whose key reads like a total, or whose numbers are SUMs of the rows above, is an error (inputs.md
    rev 3); the row is then left out, so it is reported once and not again as an unknown line or a duplicate."""
    raw = table.raw
    keys = [k for k in (table.schema.key or ()) if k in table.columns]
    numbers = [j for name, j in table.columns.items() if name not in keys] + list(table.future.values())
    kept = []
    for row in table.rows:
        named = next((k for k in keys if reads_like_total(row.raw(k))), None)
        summed = [j for j in sorted(numbers) if (raw.row0 + row.i, raw.col0 + j) in raw.sums]
        if named is not None:
            row.error(named, f"{shown(as_text(row.raw(named)))} reads like a total: {_TOTAL_FIX}")
        elif summed:
            cells = [raw.address(row.i, j) for j in summed]
            table.problems.error(table.name, cells[0], f"adds up the rows above (a SUM formula): {_TOTAL_FIX}"
                                 + (f" (also {', '.join(cells[1:4])})" if len(cells) > 1 else ""))
        else:
            kept.append(row)
    table.rows = kept


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
