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
import datetime as _dt
import math
import re
import typing
from collections.abc import Callable, Sequence
from typing import Any

from forecast.errors import ForecastError, InputError, Problem
from forecast.fy import fy_label, parse_fy
from forecast.engine.trend_fit import growth_of
from forecast.names import shown
from forecast.inputs.model import (
    is_array,
    FUNDING,
    INVESTMENT_KINDS,
    METHODS,
    RAGS,
    SCENARIO_OPS,
    TREND,
    UNITS,
    BudgetLine,
    Inputs,
    Investment,
    PlacementRow,
    Recruit,
    Saving,
    Settings,
    StaffRow,
)

BASE = "Base"

# Sheet → (attribute of Inputs holding its rows, field naming a row).
ROW_SHEETS: dict[str, tuple[str, str]] = {
    "Budget": ("budget", "line"),
    "Placements": ("placements", "placement_type"),
    "Staffing": ("staffing", "team"),
    "Recruitment": ("recruitment", "team"),
    "Investments": ("investments", "name"),
    "Savings": ("savings", "name"),
}
_RECORDS: dict[str, type] = {
    "Settings": Settings,
    "Budget": BudgetLine,
    "Placements": PlacementRow,
    "Staffing": StaffRow,
    "Recruitment": Recruit,
    "Investments": Investment,
    "Savings": Saving,
}
SHEETS = tuple(_RECORDS)

# Columns a scenario may not change, and why (the message finishes "… cannot be changed by a scenario: …").
_FIXED_SETTINGS = {
    "authority": "it names the report",
    "financial_year": "scenarios are compared year by year on the same plan",
    "period": "scenarios are compared at the same point in the year",
    "mtfp_years": "scenarios are compared year by year on the same plan",
    "units": "scenarios are compared in the same units",
}
_TREND_FIELDS = ("growth", "case_growth")  # rates that may be TREND: ĝ of a History measure
_LINK_COLUMNS = ("line", "team", "role", "name", "placement_type")

_CHOICES: dict[str, tuple[str, ...]] = {
    "method": METHODS,
    "kind": INVESTMENT_KINDS,
    "funding": FUNDING,
    "rag": RAGS,
    "units": UNITS,
}
_FUTURE_BUDGET = re.compile(r"^budget[\s_]*(.+)$", re.IGNORECASE)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class ChangeError(ValueError):
    """One Scenarios/Risks row cannot be applied; the message says why and how to fix it."""


# ---------------------------------------------------------------------------
# Public API


def scenario_names(inputs: Inputs) -> list[str]:
    """``Base`` first, then every scenario on the Scenarios sheet in first-appearance order."""
    names = [BASE]
    for row in inputs.scenarios:
        name = row.scenario.strip()
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def resolve_scenario_name(inputs: Inputs, name: str) -> str:
    """The scenario's name as spelt on the sheet (matched ignoring case); ForecastError when unknown."""
    names = scenario_names(inputs)
    for known in names:
        if known.casefold() == name.strip().casefold():
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
        if row.scenario.strip().casefold() != name.casefold():
            continue
        try:
            result = apply_change(result, row.sheet, row.row, row.column, row.op, row.value)
        except ChangeError as exc:
            problems.append(_problem(row.cell, "Scenarios", str(exc)))
    _raise_if(problems)
    return result


def check_scenarios(inputs: Inputs) -> list[Problem]:
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
    return problems


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


@dataclasses.dataclass(frozen=True)
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
    col = _canonical_column(column)
    if sheet_name == "Settings":
        return _settings_target(row, col)

    record_type = _RECORDS[sheet_name]
    attr, key = ROW_SHEETS[sheet_name]
    if row != "*":
        keys = [getattr(r, key) for r in getattr(inputs, attr)]
        if not any(_matches(row, k) for k in keys):
            known = ", ".join(repr(k) for k in dict.fromkeys(keys)) or "no rows"
            raise ChangeError(f"unknown row {shown(row)} on {sheet_name} (its {key} column has {known})")

    if sheet_name == "Budget" and (m := _FUTURE_BUDGET.match(str(column).strip())) and col != "budget":
        year = parse_fy(m.group(1).strip())
        if year is None:
            raise ChangeError(f"column {shown(column)}: write a future budget column as 'budget 2020/21'")
        if year not in inputs.settings.years[1:]:
            plan = ", ".join(inputs.settings.year_labels[1:]) or "none"
            raise ChangeError(f"column {shown(column)}: {fy_label(year)} is not a later year of the plan ({plan})")
        return _Target(sheet_name, row, "future_budgets", "number", year)

    kinds = _field_kinds(record_type)
    if col not in kinds or kinds[col] == "other":
        extra = ", budget YYYY/YY" if sheet_name == "Budget" else ""
        allowed = ", ".join(k for k, kind in kinds.items() if k not in _LINK_COLUMNS and kind != "other")
        raise ChangeError(f"unknown column {shown(column)} on {sheet_name}: use one of {allowed}{extra}")
    if col in _LINK_COLUMNS:
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
    setting = _canonical_column(row)
    kinds = _field_kinds(Settings)
    if setting not in kinds:
        raise ChangeError(f"unknown setting {shown(row)} (known: {', '.join(kinds)})")
    if setting in _FIXED_SETTINGS or kinds[setting] == "other":
        why = _FIXED_SETTINGS.get(setting, "it shapes the plan")
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
    kind = target.kind
    if is_array(value):
        if target.field in _TREND_FIELDS:  # a trend risk row: the growth drawn from the History fit
            return value
        raise ChangeError(f"{target.describe()}: 'set' takes one value")
    if target.field in _TREND_FIELDS and isinstance(value, str) and value.strip().casefold() == TREND:
        return TREND
    if kind in ("number", "optional_number"):
        if _blank(value):
            if kind == "optional_number":
                return None
            raise ChangeError(f"{target.describe()} needs a number, got a blank")
        number = _number(value)
        _check_rate(target, number)
        return number
    if kind == "year":
        if _blank(value) and target.field in ("end_year", "saving_start_year", "saving_end_year"):
            return None
        year = parse_fy(value) if isinstance(value, str) else None
        return year if year is not None else _whole_number(value, "a year")
    if kind == "bool":
        text = str(value).strip().lower() if not isinstance(value, bool) else ("yes" if value else "no")
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ChangeError(f"{target.describe()} must be yes or no, got {shown(value)}")
    if kind == "date":
        return _date(value, target)
    text = "" if value is None else str(value).strip()
    choices = _CHOICES.get(target.field)
    if choices is not None and text.lower() not in choices:
        raise ChangeError(f"{target.describe()} must be one of {', '.join(choices)}, got {shown(value)}")
    return text.lower() if choices is not None else text


def _check_rate(target: _Target, number: float) -> None:
    # Settings rates are fractions; 5 instead of 0.05 is the usual slip (inputs.md general rules).
    rates = ("placement_inflation", "pay_award", "general_inflation", "on_cost_rate", "discount_rate", "growth",
             "case_growth", "turnover", "budget_uplift")
    if target.field in rates and not -1 <= number <= 1:
        raise ChangeError(f"{target.describe()} is a rate: {shown(number)} is outside -1..1 (did you mean {number / 100}?)")


# ---------------------------------------------------------------------------
# Small helpers


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


def _base_rows(inputs: Inputs) -> list[Problem]:
    return [
        _problem(row.cell, "Scenarios", f"'{BASE}' is the unchanged inputs: give this scenario another name")
        for row in inputs.scenarios
        if row.scenario.strip().casefold() == BASE.casefold()
    ]


def _problem(cell: str, default_sheet: str, message: str) -> Problem:
    sheet, _, ref = cell.rpartition("!")
    return Problem(sheet or default_sheet, ref, message)


def _canonical_sheet(sheet: str) -> str:
    wanted = _squash(sheet)
    for name in SHEETS:
        if _squash(name) == wanted:
            return name
    raise ChangeError(f"unknown sheet {shown(sheet)}: use one of {', '.join(SHEETS)}")


def _canonical_column(column: object) -> str:
    text = "" if column is None else str(column).strip().lower()
    text = re.sub(r"\s*\(?£0*\)?$", "", text)  # a trailing unit: "budget (£)", "amount £000"
    return re.sub(r"[\s_]+", "_", text).strip("_")


def _squash(text: object) -> str:
    return re.sub(r"[\s_]+", "", str(text)).casefold()


def _matches(wanted: str, key: object) -> bool:
    return wanted == "*" or str(key).strip().casefold() == wanted.strip().casefold()


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
        elif hint is float or hint == float | str:  # float | str: a rate that may be TREND
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


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ChangeError(f"value must be a number, got {shown(value)}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", ""))
        except ValueError:
            raise ChangeError(f"value must be a number, got {shown(value)}") from None
    if not math.isfinite(number):
        raise ChangeError(f"value must be a finite number, got {shown(value)}")
    return number


def _whole_number(value: object, what: str) -> int:
    number = _number(value)
    if number != int(number):
        raise ChangeError(f"{what} must be a whole number, got {shown(value)}")
    return int(number)


def _date(value: object, target: _Target) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ChangeError(f"{target.describe()} must be a date (e.g. 2019-11-01), got {shown(value)}") from None


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
