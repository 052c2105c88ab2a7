"""Scenario and risk changes: named changes to the inputs, applied before the engine runs (calculations.md §7).

A Scenarios row names a sheet, a row on it (by the sheet's key, or ``*`` for
every row), a column and an operation (``set``, ``scale``, ``add``). A
scenario is its rows applied in sheet order to a copy of the inputs; the
engine then runs unchanged. ``Base`` is the inputs as they are.

The risk run (``forecast.engine.risk``) applies its rows through the same
``apply_change`` with numpy arrays of draws as values, so the arithmetic here
never branches on a value.

Pure: no I/O, the inputs are never mutated (``dataclasses.replace``).
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as _dt
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from forecast.errors import ForecastError, InputError, Problem
from forecast import schema
from forecast.fy import fy_label
from forecast.inputs.cells import BAD, ambiguous_number, convert, to_number, too_large
from forecast.inputs import registry
from forecast.engine.trend_fit import growth_of
from forecast.inputs.sheets.settings import SCENARIO_FIXED
from forecast.names import name_key, shown
from forecast.schema import Column
from forecast.inputs.model import (
    is_array,
    SCENARIO_OPS,
    TREND,
    Inputs,
    Settings,
)
from forecast.records import frozen

BASE = "Base"

# Sheet → (attribute of Inputs holding its rows, field naming a row), for the sheets a change may name.
ROW_SHEETS: dict[str, tuple[str, str]] = {
    s.name: (s.field, s.schema.scenario_key) for s in registry.CHANGEABLE.values() if s.name != "Settings"
}
_RECORDS: dict[str, type] = {s.name: s.record for s in registry.CHANGEABLE.values()}
SHEETS = tuple(_RECORDS)
_TREND_FIELDS = ("growth", "case_growth")  # rates that may be TREND: ĝ of a History measure

_OPTIONAL_YEARS = ("end_year", "saving_start_year", "saving_end_year")  # blank: the end of the plan, start_year


class ChangeError(ValueError):
    """One Scenarios/Risks row cannot be applied; the message says why and how to fix it."""


# ---------------------------------------------------------------------------
# Public API


def scenario_names(inputs: Inputs) -> list[str]:
    """``Base`` first, then every scenario on the Scenarios sheet in first-appearance order."""
    names = [BASE]
    for row in inputs.scenarios:
        name = row.scenario.strip()
        if name and name_key(name) not in {name_key(n) for n in names}:
            names.append(name)
    return names


def resolve_scenario_name(inputs: Inputs, name: str) -> str:
    """The scenario's name as spelt on the sheet (matched by the one name rule); ForecastError when unknown."""
    names = scenario_names(inputs)
    for known in names:
        if name_key(known) == name_key(name):
            return known
    raise ForecastError(f"unknown scenario {shown(name)}: the Scenarios sheet has {', '.join(shown(n) for n in names)}")


def apply_scenario(inputs: Inputs, name: str) -> Inputs:
    """A copy of ``inputs`` with scenario ``name``'s rows applied in sheet order.

    ``Base`` returns the inputs unchanged. Every row that cannot be applied is
    reported together in one InputError, each with its Scenarios cell.
    """
    name = resolve_scenario_name(inputs, name)
    if name == BASE:
        _raise_if(_base_rows(inputs))
        return inputs
    problems: list[Problem] = []
    result = inputs
    for row in inputs.scenarios:
        if name_key(row.scenario) != name_key(name):
            continue
        try:
            result = apply_change(result, row.sheet, row.row, row.column, row.op, row.value)
        except ChangeError as exc:
            problems.append(_problem(row.cell, "Scenarios", str(exc)))
    _raise_if(problems)
    return result


def check_scenarios(inputs: Inputs, results: bool = True) -> list[Problem]:
    """Every problem on the Scenarios and Risks sheets, checked against the data (for ``validate``).

    Names unknown rows ("unknown row 'Foo' on Budget"), columns, operations
    and values, each with its cell. Applying never fails for a scenario that
    passes this check.
    """
    problems = _base_rows(inputs)
    for name in scenario_names(inputs)[1:]:
        try:
            apply_scenario(inputs, name)
        except InputError as exc:
            problems += exc.problems
    for risk in inputs.risks:
        try:
            check_risk_target(inputs, risk.sheet, risk.row, risk.column, risk.op, risk.distribution)
        except ChangeError as exc:
            problems.append(_problem(risk.cell, "Risks", str(exc)))
    if not problems and results:  # each change applies: what it makes must pass the input rules too (issue 20)
        problems += check_results(inputs)
    return problems


# ---------------------------------------------------------------------------
# What a change makes: checked with the input sheets' own rules (inputs.md rev 3)

_P90_Z = 1.2815515655446004  # a trend row's P10 and P90: ĝ ∓ z·se_g of the Normal it draws from


def check_results(inputs: Inputs, names: Sequence[str] | None = None, risks: bool = True) -> list[Problem]:
    """An error naming the Scenarios or Risks row for every value a change makes invalid.

    Each scenario's inputs, and each Risks row's low and high (a ``trend`` row's P10 and P90) applied
    alone to Base, are written back as sheet rows and read again by the sheet modules
    (``validate_sheets``), so a scenario meets exactly the rules a typed value meets: a negative
    child count or FTE, a rate outside −1..1, a zero weeks_per_year or target_caseload, a method with
    no rows to use. Only the rows a change touched are read again, with the rows they refer to or are
    referred by (``_rows_to_check``), and only what the change adds is reported: the same rows of Base
    are read too, and their errors left out.
    """
    checker = _Checker(inputs)
    problems: list[Problem] = []
    wanted = None if names is None else {name_key(n) for n in names}
    for name in scenario_names(inputs)[1:]:
        if wanted is not None and name_key(name) not in wanted:
            continue  # ``names``: only the scenarios a build runs
        rows = [r for r in inputs.scenarios if name_key(r.scenario) == name_key(name)]
        states, result = [], inputs
        for row in rows:
            result = apply_change(result, row.sheet, row.row, row.column, row.op, row.value)
            states.append(result)
        found = checker.added(result)
        if not found:
            continue
        seen: set[tuple[str, str]] = set()
        for row, state in zip(rows, states, strict=True):  # the first row after which each error shows
            now = {(sheet, record) for sheet, record, _ in checker.added(state)} - seen
            for sheet, record, message in sorted(found):
                if (sheet, record) in now:
                    problems.append(_problem(row.cell, "Scenarios", _made_invalid(
                        f"scenario {shown(name)}", sheet, record, message)))
            seen |= now
        for sheet, record, message in sorted(p for p in found if (p[0], p[1]) not in seen):
            # shown only by the rows together: named at the scenario's first row
            problems.append(_problem(rows[0].cell, "Scenarios", _made_invalid(
                f"scenario {shown(name)}", sheet, record, message)))
    for risk in inputs.risks if risks else ():
        for label, value in _risk_extremes(inputs, risk):
            if risk.distribution != TREND and value == (1.0 if risk.op == "scale" else 0.0):
                continue  # the unchanged inputs
            try:
                changed = apply_change(inputs, risk.sheet, risk.row, risk.column,
                                       "set" if risk.distribution == TREND else risk.op, value)
            except ChangeError as exc:
                problems.append(_problem(risk.cell, "Risks", f"at its {label} ({value:g}): {exc}"))
                continue
            for sheet, record, message in sorted(checker.added(changed)):
                problems.append(_problem(risk.cell, "Risks", _made_invalid(f"its {label} ({value:.4g})", sheet,
                                                                           record, message)))
    return problems


class _Checker:
    """Reads the rows a change touched (and their neighbours) in Base and in the changed inputs."""

    def __init__(self, base: Inputs) -> None:
        self.base = base
        self._base_errors: dict[tuple[tuple[str, tuple[int, ...]], ...], set[tuple[str, str, str]]] = {}

    def keep(self, changed: Inputs) -> dict[str, tuple[int, ...]]:
        return _rows_to_check(self.base, changed)

    def added(self, changed: Inputs) -> set[tuple[str, str, str]]:
        """(sheet, the record's name, message) of each error the change adds, on the rows it touched."""
        keep = self.keep(changed)
        if not any(keep.values()) and changed.settings == self.base.settings:
            return set()
        key = tuple(sorted(keep.items()))
        if key not in self._base_errors:
            self._base_errors[key] = _named(self.base, keep, _errors_of(self.base, keep))
        return _named(changed, keep, _errors_of(changed, keep)) - self._base_errors[key]


def _named(inputs: Inputs, keep: dict[str, tuple[int, ...]], errors: set[tuple[str, str, str]]
           ) -> set[tuple[str, str, str]]:
    """Errors of a re-read sheet with the cell (a place in the rewritten rows) replaced by the record's name."""
    return {(sheet, _record_of(inputs, keep, sheet, cell), message) for sheet, cell, message in errors}


_NAMED_BY = ("line", "team", "placement_type", "from_type", "to_type")


def _rows_to_check(base: Inputs, changed: Inputs) -> dict[str, tuple[int, ...]]:
    """Per sheet, the rows to read again: those the change made new, and the rows sharing a line, team,
    placement type or name with them (twice over: a Recruitment row's Staffing row, and that row's Budget
    line), so each row's cross-sheet rules see what they look up."""
    touched: dict[str, set[int]] = {}
    for sheet in registry.SHEETS:
        if sheet.stage == registry.CHANGES or sheet.name in ("Settings", "History"):
            continue
        old, new = getattr(base, sheet.field, ()), getattr(changed, sheet.field, ())
        touched[sheet.name] = {i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a is not b}
    for _ in range(2):
        names = {name_key(str(v)) for name, rows in touched.items() for i in rows
                 for v in _names_of(getattr(changed, registry.BY_NAME[name].field)[i]) if v}
        if not names:
            break
        for name in touched:
            records = getattr(changed, registry.BY_NAME[name].field)
            touched[name] |= {i for i, r in enumerate(records) if any(name_key(str(v)) in names
                                                                     for v in _names_of(r) if v)}
    return {sheet: tuple(sorted(rows)) for sheet, rows in touched.items()}


def _names_of(record: Any) -> list[object]:
    """The names a row shares with rows of other sheets: its line, team and placement types."""
    return [getattr(record, f) for f in _NAMED_BY if hasattr(record, f)]


def _record_of(inputs: Inputs, keep: dict[str, tuple[int, ...]], sheet: str, cell: str) -> str:
    """The record a rewritten sheet's cell lies on (header in row 1), by its name: ``row 'Assessment' ``."""
    digits = "".join(ch for ch in cell if ch.isdigit())
    if not digits:
        return ""
    index = int(digits) - 2
    if sheet == "Settings":
        names = [f.name for f in dataclasses.fields(Settings) if getattr(inputs.settings, f.name) is not None]
        return f"setting {shown(names[index])} " if 0 <= index < len(names) else ""
    found = registry.BY_NAME.get(sheet)
    rows = keep.get(sheet, ())
    if found is None or not 0 <= index < len(rows):
        return ""
    record = getattr(inputs, found.field, ())[rows[index]]
    key = found.schema.scenario_key
    return f"row {shown(str(getattr(record, key)))} " if key else ""


def _risk_extremes(inputs: Inputs, risk: Any) -> list[tuple[str, float]]:
    """A Risks row's low and high; a ``trend`` row's P10 and P90 of the growth it draws."""
    if risk.distribution == TREND:
        from forecast.engine.trend_fit import fit

        found = fit([h for h in inputs.history if name_key(h.measure) == name_key(risk.row)],
                    inputs.settings.trend_months)
        if found is None:
            return []  # reported by the risk run's own check
        return [("P10", found.growth - _P90_Z * found.growth_se), ("P90", found.growth + _P90_Z * found.growth_se)]
    out = []
    for label, value in (("low", risk.low), ("high", risk.high)):
        number = to_number(value)
        if number is not None:
            out.append((label, number))
    return out


def _made_invalid(what: str, sheet: str, record: str, message: str) -> str:
    return (f"{what} makes {sheet} {record}invalid: {message} (the change must leave values the sheet "
            "accepts: check the value and op)")


def _errors_of(inputs: Inputs, keep: dict[str, tuple[int, ...]] | None = None) -> set[tuple[str, str, str]]:
    """The errors the input sheets' rules find in ``inputs`` written back as sheet rows (``keep``: those only)."""
    from forecast.inputs import sheets_from_rows
    from forecast.inputs.validate import validate_sheets

    _inputs, problems = validate_sheets(sheets_from_rows(records_rows(inputs, keep)))
    return {(p.sheet, p.cell, p.message) for p in problems if p.severity == "error"}


def records_rows(inputs: Inputs, keep: dict[str, tuple[int, ...]] | None = None) -> dict[str, list[dict[str, object]]]:
    """The typed inputs as sheet rows (``{sheet: [{column: value}]}``) the sheet modules read back.

    Scenarios and Risks are left out (their rows are what is being checked); with ``keep``, only those rows
    of each sheet (Settings whole). A year is written as its label, a yes/no as text, a future cash limit
    under its ``budget YYYY/YY`` column.
    """
    sheets: dict[str, list[dict[str, object]]] = {}
    for sheet in registry.SHEETS:
        if sheet.stage == registry.CHANGES:
            continue
        if sheet.name == "Settings":
            sheets["Settings"] = [
                {"setting": f.name, "value": _cell_value(getattr(inputs.settings, f.name), f.name)}
                for f in dataclasses.fields(Settings) if getattr(inputs.settings, f.name) is not None
            ]
            continue
        columns = list(sheet.schema.columns)
        records = list(getattr(inputs, sheet.field, ()))
        if keep is not None and sheet.name in keep:
            records = [records[i] for i in keep[sheet.name]]
        if sheet.name == "History":  # only a trend reads it: the measures some growth takes a trend of
            placements = _kept(inputs.placements, keep, "Placements")
            staffing = _kept(inputs.staffing, keep, "Staffing")
            asked = {name_key(p.placement_type) for p in placements if p.growth == TREND}
            asked |= {name_key(s.team) for s in staffing if s.case_growth == TREND}
            records = [h for h in records if name_key(h.measure) in asked]
        rows = []
        for record in records:
            row: dict[str, object] = {}
            for column in columns:
                if hasattr(record, column.name):
                    value = getattr(record, column.name)
                    if value is not None and value != "":
                        row[column.name] = _cell_value(value, column.name, column.kind)
            for year, amount in sorted(getattr(record, "future_budgets", {}).items()):
                row[schema.future_budget_name(year)] = amount
            rows.append(row)
        if rows:
            sheets[sheet.name] = rows
    return sheets


def _kept(records: Sequence[Any], keep: dict[str, tuple[int, ...]] | None, sheet: str) -> list[Any]:
    return list(records) if keep is None or sheet not in keep else [records[i] for i in keep[sheet]]


def _cell_value(value: object, name: str, kind: str = "") -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and (kind == schema.YEAR or name == "financial_year"):
        return fy_label(value)
    if is_array(value):
        return value
    return value


def check_risk_target(inputs: Inputs, sheet: str, row: str, column: str, op: str, distribution: str = "") -> None:
    """Raise ChangeError unless a Risks row can take an array of draws (a money, count or rate column).

    A ``trend`` row sets a growth to its draws (op ``set``); every other row scales or adds.
    """
    allowed = ("set",) if distribution == TREND else ("scale", "add")
    if op not in allowed:
        raise ChangeError(f"op must be {' or '.join(repr(a) for a in allowed)} on the Risks sheet"
                          f"{' for distribution trend' if distribution == TREND else ''}, got {shown(op)}")
    target = _target(inputs, sheet, row, column)
    if target.kind not in ("number", "optional_number"):
        raise ChangeError(
            f"{target.describe()} is not a number column a risk range can vary; "
            "use a money, count, cost or rate column"
        )


def apply_change(inputs: Inputs, sheet: str, row: str, column: str, op: str, value: object) -> Inputs:
    """``inputs`` with one Scenarios/Risks row applied; raises ChangeError saying what is wrong.

    ``value`` may be a numpy array for ``scale``/``add`` on a number column:
    the result then holds an array in that field (the risk run).
    """
    op = str(op).strip().lower()
    if op not in SCENARIO_OPS:
        raise ChangeError(f"op must be one of {', '.join(SCENARIO_OPS)}, got {shown(op)}")
    target = _target(inputs, sheet, row, column)
    change = _operation(target, op, value)
    return target.apply(inputs, change)


# ---------------------------------------------------------------------------
# Where a change lands


@frozen
class _Target:
    sheet: str
    row: str
    field: str  # field of the record, or "future_budgets" with year set
    kind: str  # "number", "optional_number", "year", "bool", "text", "date" or "other"
    year: int | None = None  # for Budget "budget YYYY/YY"

    def describe(self) -> str:
        col = f"budget {fy_label(self.year)}" if self.year is not None else self.field
        return f"{self.sheet} column {shown(col)}"

    def apply(self, inputs: Inputs, change: Callable[[Any], Any]) -> Inputs:
        if self.sheet == "Settings":
            old = getattr(inputs.settings, self.field)
            settings = dataclasses.replace(inputs.settings, **{self.field: change(old)})
            return dataclasses.replace(inputs, settings=settings)
        attr, key = ROW_SHEETS[self.sheet]
        rows: tuple[Any, ...] = getattr(inputs, attr)
        new_rows = tuple(
            self._apply_row(record, change, inputs) if _matches(self.row, getattr(record, key)) else record
            for record in rows
        )
        changed: dict[str, Any] = {attr: new_rows}
        return dataclasses.replace(inputs, **changed)

    def _apply_row(self, record: Any, change: Callable[[Any], Any], inputs: Inputs) -> Any:
        if any(b.startswith(f"{self.field}@") for b in getattr(record, "blank", ())):
            return record  # left blank for the Children list to give (§12): a change there has nothing to change
        if self.year is None:
            old = getattr(record, self.field)
            if isinstance(old, str) and self.field in _TREND_FIELDS and isinstance(change, _Arithmetic):
                old = _trend_growth(inputs, record, self.field)  # scale or add the trend's own rate
            new = change(old)
            if isinstance(new, str) and self.field in _TREND_FIELDS:
                _trend_growth(inputs, record, self.field)  # set to trend: the row's measure must have one
            return dataclasses.replace(record, **{self.field: new})
        # A future year without its own cash limit is held at the current budget (§6), so
        # that is what a scale or add starts from.
        future = dict(record.future_budgets)
        future[self.year] = change(future.get(self.year, record.budget))
        return dataclasses.replace(record, future_budgets=future)


def _target(inputs: Inputs, sheet: str, row: str, column: str) -> _Target:
    sheet_name = _canonical_sheet(sheet)
    row = str(row).strip() if row is not None else ""
    if not row:
        raise ChangeError("row is blank: name a row by its key, or '*' for every row")
    record_type = _RECORDS[sheet_name]
    if sheet_name == "Settings":
        return _settings_target(row, _canonical_column(column, ("value",)))
    kinds = _field_kinds(record_type)
    col = _canonical_column(column, kinds)
    attr, key = ROW_SHEETS[sheet_name]
    if row != "*":
        keys = [getattr(r, key) for r in getattr(inputs, attr)]
        if not any(_matches(row, k) for k in keys):
            known = ", ".join(repr(k) for k in dict.fromkeys(keys)) or "no rows"
            raise ChangeError(f"unknown row {shown(row)} on {sheet_name} (its {key} column has {known})")

    if sheet_name == "Budget" and col not in kinds and schema.header_key(col).startswith("budget"):
        year = schema.future_budget_year(col)
        if year is None:
            raise ChangeError(f"column {shown(column)}: write a future budget column as 'budget 2020/21'")
        if year not in inputs.settings.years[1:]:
            plan = ", ".join(inputs.settings.year_labels[1:]) or "none"
            raise ChangeError(f"column {shown(column)}: {fy_label(year)} is not a later year of the plan ({plan})")
        return _Target(sheet_name, row, "future_budgets", "number", year)

    if col not in kinds or kinds[col] == "other":
        extra = ", budget YYYY/YY" if sheet_name == "Budget" else ""
        fixed = registry.SCHEMA_BY_NAME[sheet_name].fixed
        allowed = ", ".join(k for k, kind in kinds.items() if k not in fixed and kind != "other")
        raise ChangeError(f"unknown column {shown(column)} on {sheet_name}: use one of {allowed}{extra}")
    if col in registry.SCHEMA_BY_NAME[sheet_name].fixed:
        raise ChangeError(
            f"{sheet_name} column {shown(col)} cannot be changed by a scenario: it says which rows exist "
            "and how they link; change values instead"
        )
    return _Target(sheet_name, row, col, kinds[col])


def _settings_target(row: str, col: str) -> _Target:
    if row == "*":
        raise ChangeError("'*' cannot be used on Settings: name the setting, e.g. placement_inflation")
    if col not in ("value", ""):
        raise ChangeError(f"column on Settings must be 'value', got {shown(col)}")
    kinds = _field_kinds(Settings)
    setting = _canonical_column(row, kinds)
    if setting not in kinds:
        raise ChangeError(f"unknown setting {shown(row)} (known: {', '.join(kinds)})")
    if setting in SCENARIO_FIXED or kinds[setting] == "other":
        why = SCENARIO_FIXED.get(setting, "it shapes the plan")
        raise ChangeError(f"setting {shown(setting)} cannot be changed by a scenario: {why}")
    return _Target("Settings", setting, setting, kinds[setting])


# ---------------------------------------------------------------------------
# What a change does


def _operation(target: _Target, op: str, value: object) -> Callable[[Any], Any]:
    if op == "set":
        new = _coerce(target, value)
        return lambda _old: new
    if target.kind == "year":
        if op == "add":
            step = _whole_number(value, "years to add")
            return lambda old: None if old is None else old + step
        raise ChangeError(f"{target.describe()} is a year: use 'set' or 'add' (years), not 'scale'")
    if target.kind == "date":
        if op == "add":
            months = _whole_number(value, "months to add")
            return lambda old: _add_months(old, months)
        raise ChangeError(f"{target.describe()} is a date: use 'set' or 'add' (months), not 'scale'")
    if target.kind not in ("number", "optional_number"):
        raise ChangeError(f"{target.describe()} is not a number: only 'set' can change it")
    amount = value if is_array(value) else _number(value)
    if op == "scale":
        # a blank optional value (e.g. no cases recorded) stays blank: there is nothing to scale
        return _Arithmetic(lambda old: None if old is None else old * amount)
    return _Arithmetic(lambda old: None if old is None else old + amount)


class _Arithmetic:
    """A scale or add: on a growth given as trend it applies to the trend's rate (set replaces it)."""

    def __init__(self, change: Callable[[Any], Any]) -> None:
        self.change = change

    def __call__(self, old: Any) -> Any:
        return self.change(old)


def _trend_growth(inputs: Inputs, record: Any, field: str) -> float:
    measure = record.placement_type if field == "growth" else record.team
    growth = growth_of(inputs.history, measure, inputs.settings.trend_months)
    if growth is None:
        raise ChangeError(f"{field} is trend on row {measure!r} but History has no trend for it: set a number")
    return growth


def _coerce(target: _Target, value: object) -> object:
    """A ``set`` value read as the workbook reads the column: ``cells.convert``, the one converter."""
    if is_array(value):
        if target.field in _TREND_FIELDS:  # a trend risk row: the growth drawn from the History fit
            return value
        raise ChangeError(f"{target.describe()}: 'set' takes one value")
    column = _column(target)
    if column.kind == schema.YEAR and isinstance(value, int) and not isinstance(value, bool):
        value = fy_label(value)  # a year the library or the validator already read (2025 for 2025/26)
    typed, message, severity = convert(value, column)
    if typed is BAD or (message and severity == "error"):
        raise ChangeError(f"{target.describe()}: {message}")
    if typed is None:  # blank
        if target.kind == "optional_number" or (target.kind == "year" and target.field in _OPTIONAL_YEARS):
            return None
        if target.kind == "text" and not column.choices:
            return ""
        raise ChangeError(f"{target.describe()} needs a value, got a blank")
    return typed


def _column(target: _Target) -> Column:
    """The schema column a change's value is read as."""
    if target.year is not None:
        return Column(schema.future_budget_name(target.year), schema.NUMBER, "future-year cash limit")
    if target.sheet == "Settings":
        found = registry.setting_for(target.field)
    else:
        sheet = registry.SCHEMA_BY_NAME[target.sheet]
        found = next((c for c in sheet.columns if c.name == target.field), None)
    assert found is not None, (target.sheet, target.field)  # every changeable field is a column of its sheet
    return found


# ---------------------------------------------------------------------------
# Small helpers


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


def _base_rows(inputs: Inputs) -> list[Problem]:
    return [
        _problem(row.cell, "Scenarios", f"'{BASE}' is the unchanged inputs: give this scenario another name")
        for row in inputs.scenarios
        if name_key(row.scenario) == name_key(BASE)
    ]


def _problem(cell: str, default_sheet: str, message: str) -> Problem:
    sheet, _, ref = cell.rpartition("!")
    return Problem(sheet or default_sheet, ref, message)


def _canonical_sheet(sheet: str) -> str:
    wanted = schema.header_key(sheet)
    for name in SHEETS:
        if schema.header_key(name) == wanted:
            return name
    raise ChangeError(f"unknown sheet {shown(sheet)}: use one of {', '.join(SHEETS)}")


def _canonical_column(column: object, names: Iterable[str]) -> str:
    """The name in ``names`` a column header matches (as the reader matches headers), else the text as given."""
    text = "" if column is None else str(column).strip()
    key = schema.header_key(text)
    return next((name for name in names if schema.header_key(name) == key), text)


def _matches(wanted: str, key: object) -> bool:
    return wanted == "*" or name_key(str(key)) == name_key(wanted)


@functools.cache  # a record's fields never change; get_type_hints compiles each annotation (issue 25)
def _field_kinds(record_type: type) -> dict[str, str]:
    hints = typing.get_type_hints(record_type)
    kinds: dict[str, str] = {}
    for f in dataclasses.fields(record_type):
        hint = hints[f.name]
        if f.name == "cell":  # where the row was read: not an input
            kinds[f.name] = "other"
        elif f.name.endswith("year") and hint in (int, int | None):  # not weeks_per_year, a number
            kinds[f.name] = "year"
        elif hint is bool:
            kinds[f.name] = "bool"
        elif hint is float or hint == float | str or hint == bool | float:  # float | str: a rate that may be TREND;
            # bool | float: Budget recurring, yes/no or a share (rev 3)
            kinds[f.name] = "number"
        elif hint == float | None:
            kinds[f.name] = "optional_number"
        elif hint is _dt.date:
            kinds[f.name] = "date"
        elif hint is str:
            kinds[f.name] = "text"
        else:  # whole-number settings (fixed above) and future_budgets (via "budget YYYY/YY")
            kinds[f.name] = "other"
    return kinds


def _number(value: object) -> float:
    """A number for scale or add, read as the workbook reads one (``cells.to_number``: 1.050 is refused)."""
    number = to_number(value)
    if number is None:
        why = ambiguous_number(value)
        raise ChangeError(f"value must be a number, got {shown(value)}" + (f": {why}" if why else ""))
    problem = too_large("value", number)
    if problem:
        raise ChangeError(problem)
    return number


def _whole_number(value: object, what: str) -> int:
    number = _number(value)
    if number != int(number):
        raise ChangeError(f"{what} must be a whole number, got {shown(value)}")
    return int(number)


def _add_months(day: _dt.date, months: int) -> _dt.date:
    # a start date moved by whole months; the day of the month does not matter to the engine
    index = day.year * 12 + day.month - 1 + months
    return _dt.date(index // 12, index % 12 + 1, 1)


def choose_scenarios(inputs: Inputs, requested: Sequence[str], every: bool) -> tuple[str, list[str]]:
    """The scenario a build shows, and the scenarios it compares (Base first).

    The build shows the first scenario asked for, Base when none is. It
    compares Base with every scenario asked for, or with all of them when
    ``every`` (``--all-scenarios``), in Scenarios-sheet order.
    """
    asked = [resolve_scenario_name(inputs, name) for name in requested]
    shown = asked[0] if asked else BASE
    compared = scenario_names(inputs) if every else list(dict.fromkeys([BASE, *asked]))
    return shown, compared
