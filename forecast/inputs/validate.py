"""Check every rule of the input contract and build the typed ``Inputs``.

One pass collects every problem (errors and warnings, each with its
``Sheet!Cell`` and a fix); ``Inputs`` are built only when there is no error.
The order follows the sheets: Settings first (it fixes the plan years,
units and service name the other sheets are checked against).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace

from forecast.errors import Problem
from forecast.fy import fy_label, fy_of_date
from forecast import schema
from forecast.inputs import model
from forecast.inputs.history_counts import by_measure, month_index, name_key, window_problem
from forecast.inputs.cells import (
    BAD,
    MAX_MAGNITUDE,
    as_text,
    convert,
    is_blank,
    not_a_percentage,
    shown,
    to_number,
    too_large,
)
from forecast.inputs.reader import RawSheet, column_index
from forecast.schema import NUMBER, NUMERIC_KINDS, Column, SheetSchema
from forecast.inputs.tables import (
    Problems,
    Row,
    Table,
    build_table,
    check_header_units,
    listed,
    text_key,
    unit_problem,
)

_LIST_AT_MOST = 8
_USES_ACTUALS = ("placements", "staffing", "run_rate")  # methods whose outturn is actuals + the rest of the year
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass
class _Plan:
    """What the other sheets are checked against, once Settings are read."""

    years: list[int] = field(default_factory=list)  # plan years, known even when other settings are wrong
    period: int | None = None  # months of actuals, when the setting could be read
    units: str = "£000"
    weeks_per_year: float = 365 / 7
    hours_per_week: float = 37.0
    lines: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # key → (line, method, method place)
    staff: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # keys → (team, role)
    placement_rows: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)  # (line, type) keys →
    # (type, children), for every row whose line, type and children could be read
    trend_asked: set[str] = field(default_factory=set)  # measures some growth or case_growth takes a trend of
    history: dict[str, list[model.HistoryRow]] = field(default_factory=dict)  # measure key → months in order
    trend_months: int = model.Settings.trend_months
    salaries: dict[tuple[str, str], float] = field(default_factory=dict)  # keys → salary, when it could be read
    row_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → key → spelling

    def year_problem(self, year: int) -> str | None:
        years = self.years
        if not years or year in years:
            return None
        return (
            f"{fy_label(year)} is not in the plan {fy_label(years[0])}–{fy_label(years[-1])}: "
            "use a year inside it (or change financial_year or mtfp_years in Settings)"
        )


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
    tables = _match_sheets(raw_sheets, problems)
    plan = _Plan()
    settings, given = _settings(tables.get("Settings"), problems)
    plan.years = _plan_years(given)
    plan.period = given.get("period") if isinstance(given.get("period"), int) else None  # type: ignore[assignment]
    workbook_units = str(given.get("units") or model.Settings.units)
    plan.units = workbook_units
    for name in ("weeks_per_year", "hours_per_week"):
        if isinstance(given.get(name), float):
            setattr(plan, name, given[name])
    for table in tables.values():
        check_header_units(table, workbook_units)
    records = _Records()
    service = settings.service if settings else model.Settings.service
    records.budget = _budget(tables, plan, service, problems)
    trend_months = given.get("trend_months")
    plan.trend_months = trend_months if isinstance(trend_months, int) else model.Settings.trend_months
    records.history = _history(tables.get("History"), plan)
    records.placements = _placements(tables.get("Placements"), plan)
    records.staffing = _staffing(tables.get("Staffing"), plan)
    records.recruitment = _recruitment(tables.get("Recruitment"), plan)
    records.investments = _investments(tables.get("Investments"), plan)
    records.savings = _savings(tables.get("Savings"), plan)
    _history_warnings(plan, problems)
    _collect_row_keys(tables, plan)
    records.scenarios = _scenarios(tables.get("Scenarios"), plan)
    records.risks = _risks(tables.get("Risks"), plan)
    if problems.errors or settings is None:
        return None, sorted(problems.items, key=_problem_order)
    inputs = model.Inputs(
        settings=settings,
        budget=tuple(records.budget),
        placements=tuple(records.placements),
        staffing=tuple(records.staffing),
        recruitment=tuple(records.recruitment),
        investments=tuple(records.investments),
        savings=tuple(records.savings),
        history=tuple(records.history),
        scenarios=tuple(records.scenarios),
        risks=tuple(records.risks),
        source_name=source_name,
        source_sha256=source_sha256,
    )
    _check_changes_apply(inputs, problems)
    found = sorted(problems.items, key=_problem_order)
    if problems.errors:
        return None, found
    return replace(inputs, warnings=tuple(p for p in found if p.severity != "error")), found


def _plan_years(given: dict[str, object]) -> list[int]:
    """The plan's years from whatever settings could be read (so years are checked even when, say, authority is blank)."""
    start, count = given.get("financial_year"), given.get("mtfp_years", model.Settings.mtfp_years)
    if not isinstance(start, int):
        return []
    return [start + t for t in range(count if isinstance(count, int) else model.Settings.mtfp_years)]


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


@dataclass
class _Records:
    budget: list[model.BudgetLine] = field(default_factory=list)
    placements: list[model.PlacementRow] = field(default_factory=list)
    staffing: list[model.StaffRow] = field(default_factory=list)
    recruitment: list[model.Recruit] = field(default_factory=list)
    investments: list[model.Investment] = field(default_factory=list)
    savings: list[model.Saving] = field(default_factory=list)
    history: list[model.HistoryRow] = field(default_factory=list)
    scenarios: list[model.ScenarioRow] = field(default_factory=list)
    risks: list[model.RiskRow] = field(default_factory=list)


def _listing(names: list[str]) -> str:
    # each name cut as shown() cuts a quoted value, so one very long name cannot swamp the message
    return listed([n if len(n) <= 60 else n[:57] + "..." for n in names], _LIST_AT_MOST)


def _match_sheets(raw_sheets: list[RawSheet], problems: Problems) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for raw in raw_sheets:
        sheet = schema.sheet_for(raw.name)
        if sheet is None:
            if schema.header_key(raw.name) != schema.header_key(schema.README_SHEET):
                problems.warning(
                    raw.name, "", f"sheet is not one the tool reads: ignored (sheets: {', '.join(model.SHEETS)})"
                )
            continue
        if sheet.name in tables:
            problems.error(
                raw.name, "", f"two sheets are both read as {sheet.name} (also '{tables[sheet.name].name}'): "
                "rename or delete one"
            )
            continue
        tables[sheet.name] = build_table(raw, sheet, problems)
    for name in model.REQUIRED_SHEETS:
        if name not in tables:
            columns = ", ".join(c.name for c in schema.BY_NAME[name].columns)
            problems.error(
                name, "", f"sheet is missing: add a sheet named {name} with columns {columns} "
                "(`forecast init` writes a template)"
            )
    return tables


# Settings -------------------------------------------------------------------------------------


def _problem_order(problem: Problem) -> tuple[int, int, int]:
    """Sheets in contract order, then rows, then columns (file-level and unknown sheets first)."""
    sheet = schema.sheet_for(problem.sheet)
    index = model.SHEETS.index(sheet.name) + 1 if sheet else 0
    match = _CELL_REF.match(problem.cell)
    if not match:
        return index, 0, 0
    return index, int(match.group(2)), column_index(match.group(1))


def _settings(table: Table | None, problems: Problems) -> tuple[model.Settings | None, dict[str, object]]:
    """The Settings, or None when any is wrong; also every value that could be read."""
    values: dict[str, object] = {}
    if table is None:
        return None, values
    if table.rows and "value" not in table.columns:
        problems.error(table.name, table.next_header_cell(), "column 'value' is missing: add it to the header row")
        return None, values
    stated: list[tuple[Row, Column, str | None]] = []  # each setting's row and the unit its name states
    places: dict[str, str] = {}  # setting → its value cell
    first_rows: dict[str, str] = {}  # setting → its name cell
    ok = True
    for row in table.rows:
        if not row.ok:
            ok = False
            continue
        column = schema.setting_for(as_text(row.raw("setting")))
        if column is not None:
            stated.append((row, column, schema.header_unit(as_text(row.raw("setting")))))
        if column is None:
            row.warning(
                "setting",
                f"unknown setting {shown(row.raw('setting'))}: ignored (settings: {', '.join(schema.SETTING_NAMES)})",
            )
            continue
        if column.name in places:
            row.error("setting", f"setting {column.name} appears twice (also {first_rows[column.name]}): keep one row")
            ok = False
            continue
        places[column.name] = row.place("value")
        first_rows[column.name] = row.place("setting")
        typed = row.convert("value", row.raw("value"), column)
        if typed is BAD:
            ok = False
        elif typed is not None:
            values[column.name] = typed
    for column in schema.SETTINGS:
        if column.required and column.name not in places:
            problems.error(
                table.name,
                table.end_cell(),
                f"setting {column.name} is missing: add a row '{column.name}' with its value ({column.note})",
            )
            ok = False
    if not _setting_units(table, stated, str(values.get("units") or model.Settings.units)):
        ok = False
    amber, red = values.get("variance_amber", 0.02), values.get("variance_red", 0.05)
    if isinstance(amber, float) and isinstance(red, float) and amber > red:
        place = places.get("variance_red", places.get("variance_amber", ""))
        sheet, _, cell = place.partition("!")
        problems.error(sheet, cell, f"variance_red ({red:g}) must not be below variance_amber ({amber:g})")
        ok = False
    if not ok:
        return None, values
    return model.Settings(**values), values  # type: ignore[arg-type]


def _setting_units(table: Table, stated: list[tuple[Row, Column, str | None]], workbook_units: str) -> bool:
    """A unit in a setting's name (``reserves_opening (£m)``), or in the ``value`` header for a money
    setting, must be the setting's own, as in a column header; False when one is not (reported)."""
    ok = True
    header_unit = table.units.get("value")
    for row, column, unit in stated:
        if unit is not None:
            problem = unit_problem(as_text(row.raw("setting")), column.name, unit, column, workbook_units, "setting")
            if problem:
                row.error("setting", f"the setting {problem}")
                ok = False
        elif header_unit is not None and column.units == schema.UNITS:
            header = as_text(table.raw.rows[table.header_i][table.columns["value"]])
            problem = unit_problem(header, column.name, header_unit, column, workbook_units, "column", "value")
            if problem:
                table.problems.error(table.name, table.header_cell(table.columns["value"]), f"the header {problem}")
                ok = False
    return ok


# Budget ----------------------------------------------------------------------------------------


def _named_lines(table: Table | None) -> set[str]:
    """Budget lines named by a sheet's rows, before anything else is checked (for method defaults)."""
    if table is None:
        return set()
    return {text_key(row.raw("line")) for row in table.rows if not is_blank(row.raw("line"))}


def _budget(tables: dict[str, Table], plan: _Plan, service: str, problems: Problems) -> list[model.BudgetLine]:
    table = tables.get("Budget")
    if table is None:
        return []
    in_placements = _named_lines(tables.get("Placements"))
    in_staffing = _named_lines(tables.get("Staffing"))
    _check_future_budget_years(table, plan)
    if not table.rows and (table.columns or not table.raw.rows):
        problems.error(table.name, table.raw.address(table.header_i + 1, 0),
                       "there are no budget lines: add one row per line of the revenue summary")
    lines: list[model.BudgetLine] = []
    for row in table.rows:
        if not row.ok:
            continue
        line = row.value("line")
        values = {name: row.value(name) for name in ("group", "budget", "actual_to_date", "forecast",
                                                      "previous_variance", "actual_previous", "earmarked",
                                                      "recurring", "comment")}
        method = _resolve_method(row, in_placements, in_staffing, values["forecast"])
        future = _future_budgets(row, table, plan)
        if line is BAD:
            continue
        plan.lines[text_key(line)] = (str(line), method or "", row.place("method"))
        if not row.ok or method is None:
            continue
        actual = values["actual_to_date"]
        if plan.period and actual is None and method in _USES_ACTUALS:
            # the method adds the rest of the year to the actuals: a blank read as 0 forecasts an underspend
            row.error("actual_to_date", (
                f"actual_to_date is blank but period is {plan.period} and the method is {method}, which adds the "
                "rest of the year's forecast to the spend so far: enter the spend to date (0 if nothing was spent)"
            ))
            continue
        if plan.period == 0 and isinstance(actual, (int, float)) and actual != 0:
            # inputs.md: actual to date is 0 at period 0; kept, it would be added to a whole year's forecast
            row.error("actual_to_date", f"is {shown(actual)} but period is 0 (budget setting, no months of "
                      "actuals): clear it, or set period to the months the actuals cover")
            continue
        _check_actual_refreshed(row, values["actual_to_date"], values["actual_previous"])
        given = {k: v for k, v in values.items() if v is not None}
        given.setdefault("group", service)
        lines.append(model.BudgetLine(line=str(line), method=method, future_budgets=future, **given))  # type: ignore[arg-type]
    return lines


def _check_actual_refreshed(row: Row, actual: object, previous: object) -> None:
    """A rolled workbook keeps last month's actual in actual_previous: the same figure now was likely not refreshed."""
    if not isinstance(previous, float):
        return
    now = actual if isinstance(actual, float) else 0.0 if actual is None else None
    if now == previous:
        row.warning("actual_to_date", f"actual_to_date still equals actual_previous ({shown(previous)}, the actual "
                    "when this workbook was rolled on): enter the spend to the end of this period, or clear "
                    "actual_previous if nothing more was spent")


def _check_future_budget_years(table: Table, plan: _Plan) -> None:
    for year, j in table.future.items():
        message = plan.year_problem(year)
        if message:
            table.problems.error(table.name, table.header_cell(j), f"budget column {message}")
        elif plan.years and year == plan.years[0]:
            table.problems.warning(
                table.name,
                table.header_cell(j),
                f"'budget {fy_label(year)}' is the current year: the budget column is used and this one ignored",
            )


def _future_budgets(row: Row, table: Table, plan: _Plan) -> dict[int, float]:
    future: dict[int, float] = {}
    for year in table.future:
        name = schema.future_budget_name(year)
        typed = row.convert(name, row.raw(name), Column(name, NUMBER, "future-year cash limit"))
        if isinstance(typed, float) and plan.year_problem(year) is None and plan.years[:1] != [year]:
            future[year] = typed
    return future


def _resolve_method(row: Row, in_placements: set[str], in_staffing: set[str], forecast: object) -> str | None:
    """The line's method: as given, or the default of inputs.md; None when wrong (reported)."""
    method = row.value("method")
    key = text_key(row.raw("line"))
    named_by_placements, named_by_staffing = key in in_placements, key in in_staffing
    if method is BAD:
        return None
    if method is None:
        if named_by_placements and named_by_staffing:
            row.error("method", "both Placements and Staffing rows name this line: give it its own method, "
                      "or move one sheet's rows to another line")
            return None
        method = (
            "placements" if named_by_placements
            else "staffing" if named_by_staffing
            else "manual" if forecast not in (None, BAD)
            else "budget"
        )
    if method == "placements" and not named_by_placements:
        row.error("method", "method is placements but no Placements rows name this line: add its placement "
                  "rows, or choose another method")
    if method == "staffing" and not named_by_staffing:
        row.error("method", "method is staffing but no Staffing rows name this line: add its staffing rows, "
                  "or choose another method")
    if method == "manual" and forecast is None:
        row.error("forecast", "forecast is required when method is manual: enter the forecast outturn, "
                  "or choose another method")
    if method != "manual" and forecast not in (None, BAD):
        row.warning("forecast", f"forecast is ignored because the method is {method} (set method to manual to use it)")
    return str(method)


def _line_ref(row: Row, plan: _Plan, needs: str | None) -> str | None:
    """Canonical spelling of the Budget line a row names; None when unknown (reported)."""
    raw = row.raw("line")
    if is_blank(raw):
        return ""
    found = plan.lines.get(text_key(raw))
    if found is None:
        names = _listing([name for name, _, _ in plan.lines.values()])
        row.error("line", f"line {shown(as_text(raw))} is not a Budget line (Budget lines: {names})")
        return None
    line, method, method_place = found
    if needs and method and method != needs:
        row.error(
            "line",
            f"line {shown(line)} has method {method} ({method_place}), so it cannot have {row.table.name} rows: "
            f"set its method to {needs} or remove these rows",
        )
        return None
    return line


# Placements, Staffing, Recruitment -------------------------------------------------------------


def _placements(table: Table | None, plan: _Plan) -> list[model.PlacementRow]:
    if table is None:
        return []
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        line = _line_ref(row, plan, "placements") if values["line"] is not BAD else None
        kind, children = values["placement_type"], values["children"]
        if line and isinstance(kind, str) and isinstance(children, float):
            plan.placement_rows[(text_key(line), text_key(kind))] = (kind, children)
        if values["growth"] == model.TREND:
            _check_trend(row, "growth", kind, "placement type", plan)
        if not row.ok or not line:
            continue
        _check_row_cost(row, plan, ("children", "budget_children"), ("weekly_cost", "budget_weekly_cost"),
                        plan.weeks_per_year)
        if not row.ok:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        given.setdefault("budget_weekly_cost", values["weekly_cost"])
        rows.append(model.PlacementRow(line=line, cell=f"{table.name}!{row.cell('line')}", **given))  # type: ignore[arg-type]
    return rows


def _check_trend(row: Row, column: str, measure: object, what: str, plan: _Plan) -> None:
    """A rate given as ``trend`` needs a History measure named like the row, with a fit-able window."""
    if not isinstance(measure, str):
        return
    plan.trend_asked.add(name_key(measure))
    observed = plan.history.get(name_key(measure))
    if not observed:
        row.error(column, f"{column} is trend but History has no measure {shown(measure)} (the {what} of this "
                  "row): add its monthly counts to the History sheet, or type a rate")
        return
    problem = window_problem(observed, plan.trend_months)
    if problem:
        row.error(column, f"{column} is trend but History measure {shown(measure)} {problem}: add months, "
                  "or type a rate")


def _check_row_cost(row: Row, plan: _Plan, counts: tuple[str, ...], costs: tuple[str, ...], per_year: float) -> None:
    """A row's yearly cost (largest count × largest unit cost) must stay within the limit on any amount.

    Each figure alone may be under ±1,000,000,000,000 while their product runs into the 1e23s, which
    no council spends and which only a writer would trip over.
    """
    count = max((v for v in (row.value(n) for n in counts) if isinstance(v, (int, float))), default=0.0)
    cost = max((v for v in (row.value(n) for n in costs) if isinstance(v, (int, float))), default=0.0)
    beyond = _beyond_limit(plan, count * cost * per_year)
    if beyond:
        row.error(counts[0], f"{' / '.join(counts)} × {' / '.join(costs)} {beyond}: check these cells hold the "
                  "figures you meant")


def _beyond_limit(plan: _Plan, pounds_a_year: float) -> str | None:
    """``come to 5.2e+13 (£000) a year, beyond the limit …`` when a yearly cost in £ passes the limit on
    any amount in the workbook's units; else None."""
    yearly = pounds_a_year / (1000.0 if plan.units == "£000" else 1.0)
    if yearly <= MAX_MAGNITUDE:
        return None
    return f"come to {yearly:.3g} ({plan.units}) a year, beyond the limit of {MAX_MAGNITUDE:,.0f} on any amount"


def _staffing(table: Table | None, plan: _Plan) -> list[model.StaffRow]:
    if table is None:
        return []
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        line = _line_ref(row, plan, "staffing") if values["line"] is not BAD else None
        agency = values["fte_agency"]
        rate, premium = values["agency_hourly_rate"], values["agency_premium"]
        if isinstance(agency, float) and agency > 0 and rate is None and premium is None:
            row.error(
                "agency_hourly_rate",
                f"fte_agency is {agency:g} ({row.place('fte_agency')}) but neither agency_hourly_rate nor "
                "agency_premium is given: fill in one of them",
            )
        elif rate is not None and premium is not None and rate is not BAD and premium is not BAD:
            row.warning("agency_premium", "both agency_hourly_rate and agency_premium are given: "
                        "the hourly rate is used and the premium ignored")
        turnover = values["turnover"]
        if isinstance(turnover, float) and turnover > 0 and rate is None and premium is None:
            row.error("turnover", f"turnover is {turnover:g} but neither agency_hourly_rate nor agency_premium is "
                      "given, so the agency cover of leavers cannot be costed: fill in one of them, or clear turnover")
        if values["case_growth"] == model.TREND:
            _check_trend(row, "case_growth", values["team"], "team", plan)
        if isinstance(values["team"], str) and isinstance(values["role"], str):
            plan.staff[(text_key(values["team"]), text_key(values["role"]))] = (values["team"], values["role"])
            if isinstance(values["salary"], float):
                plan.salaries[(text_key(values["team"]), text_key(values["role"]))] = values["salary"]
        hourly_year = plan.weeks_per_year * plan.hours_per_week  # an agency hourly rate over a year
        _check_row_cost(row, plan, ("fte_budget", "fte_permanent", "fte_agency"), ("salary",), 1.0)
        _check_row_cost(row, plan, ("fte_agency",), ("agency_hourly_rate",), hourly_year)
        if not row.ok or not line:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        rows.append(model.StaffRow(line=line, cell=f"{table.name}!{row.cell('line')}", **given))  # type: ignore[arg-type]
    return rows


def _recruitment(table: Table | None, plan: _Plan) -> list[model.Recruit]:
    if table is None:
        return []
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        found = _staff_ref(row, plan, values["team"], values["role"])
        if found is not None:
            values["team"], values["role"] = found
            salary = plan.salaries.get((text_key(found[0]), text_key(found[1])), 0.0)
            fte = values["fte"]
            beyond = _beyond_limit(plan, fte * salary) if isinstance(fte, float) else None
            if beyond:
                row.error("fte", f"fte × the Staffing salary of {found[0]} / {found[1]} {beyond}: check the fte")
        start = values["start"]
        if plan.years and isinstance(start, _dt.date) and fy_of_date(start) > plan.years[-1]:
            row.warning("start", f"start {start.isoformat()} is after the plan: the recruit has no effect")
        if not row.ok:
            continue
        values["cell"] = f"{table.name}!{row.cell('team')}"
        rows.append(model.Recruit(**{k: v for k, v in values.items() if v is not None}))  # type: ignore[arg-type]
    return rows


def _staff_ref(row: Row, plan: _Plan, team: object, role: object) -> tuple[str, str] | None:
    """The Staffing row's (team, role) spelling a row names; None when unknown (reported) or not text."""
    if not isinstance(team, str) or not isinstance(role, str):
        return None
    found = plan.staff.get((text_key(team), text_key(role)))
    if found is None:
        roles = [r for (t, _), (_, r) in plan.staff.items() if t == text_key(team)]
        if roles:
            row.error("role", f"role {shown(role)} is not in team {shown(team)} on Staffing "
                      f"(its roles: {_listing(roles)})")
        else:
            teams = sorted({t for t, _ in plan.staff.values()})
            row.error("team", f"team {shown(team)} is not a Staffing team "
                      f"(teams: {_listing(teams) or 'none: fill in Staffing first'})")
    return found


# History ---------------------------------------------------------------------------------------


def _history(table: Table | None, plan: _Plan) -> list[model.HistoryRow]:
    """Past monthly counts: each month at most once per measure, none after the current period."""
    if table is None:
        return []
    last = None
    if plan.years and plan.period is not None:
        last = plan.years[0] * 12 + 3 + plan.period - 1  # month index of period P (April = 1); P = 0: March before
    rows: list[model.HistoryRow] = []
    seen: dict[tuple[int, str], str] = {}
    for row in table.rows:
        month, measure, value = row.value("month"), row.value("measure"), row.value("value")
        if isinstance(month, _dt.date) and last is not None and month_index(month) > last:
            row.error("month", f"month {month:%b %Y} is after the end of the current period "
                      f"({_dt.date(last // 12, last % 12 + 1, 1):%b %Y}): History holds past months only")
        if isinstance(month, _dt.date) and isinstance(measure, str):
            key = (month_index(month), text_key(measure))
            if key in seen:
                row.error("month", f"{month:%b %Y} of measure {shown(measure)} appears twice (also at {seen[key]}): "
                          "keep one row per month and measure")
            else:
                seen[key] = row.place("month")
        if not row.ok or not isinstance(month, _dt.date) or not isinstance(measure, str):
            continue
        rows.append(model.HistoryRow(month, measure, float(value), f"{table.name}!{row.cell('month')}"))  # type: ignore[arg-type]
    plan.history = by_measure(rows)
    return rows


def _history_warnings(plan: _Plan, problems: Problems) -> None:
    """A History measure no trend can be fitted on, that no row asks a trend of: shown without one (warned)."""
    for key, observed in plan.history.items():
        problem = window_problem(observed, plan.trend_months)
        if problem and key not in plan.trend_asked:
            sheet, _, cell = observed[-1].cell.partition("!")
            problems.warning(sheet, cell, f"History measure {shown(observed[-1].measure)} {problem}: "
                             "it is shown without a trend")


# Investments and savings -----------------------------------------------------------------------


def _check_year(row: Row, plan: _Plan, name: str) -> None:
    year = row.value(name)
    if isinstance(year, int):
        message = plan.year_problem(year)
        if message:
            row.error(name, f"{name} {message}")


def _investments(table: Table | None, plan: _Plan) -> list[model.Investment]:
    if table is None:
        return []
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        _check_year(row, plan, "start_year")
        _check_year(row, plan, "saving_start_year")
        start, end = values["start_year"], values["end_year"]
        if values["kind"] == "one-off" and end is not None:
            row.warning("end_year", "end_year is ignored for a one-off investment (it is spent in start_year)")
        elif isinstance(start, int) and isinstance(end, int) and end < start:
            row.error("end_year", f"end_year {fy_label(end)} is before start_year {fy_label(start)}")
        saving_start = values["saving_start_year"] if values["saving_start_year"] is not None else start
        saving_end = values["saving_end_year"]
        if isinstance(saving_start, int) and isinstance(saving_end, int) and saving_end < saving_start:
            row.error("saving_end_year", f"saving_end_year {fy_label(saving_end)} is before the saving starts "
                      f"({fy_label(saving_start)})")
        line = _line_ref(row, plan, None)
        posts = _investment_posts(row, values, plan)
        _investment_move(row, values, plan, line)
        if values["amount"] is None and not posts:
            row.error("amount", "amount is required (it may be blank only for posts costed from their Staffing "
                      "row: fill in team, role and fte)")
        if not row.ok or line is None:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        given.setdefault("amount", None)
        rows.append(model.Investment(line=line, cell=f"{table.name}!{row.cell('name')}", **given))  # type: ignore[arg-type]
    return rows


def _investment_posts(row: Row, values: dict[str, object], plan: _Plan) -> bool:
    """Check the posts an investment buys (team, role, fte); True when it buys posts."""
    team, role, fte = values["team"], values["role"], values["fte"]
    if team is None and role is None and fte is None:
        if values["replaces_agency"] is True:
            row.warning("replaces_agency", "replaces_agency is ignored: the investment buys no posts (team, role, fte)")
        return False
    for name, value in (("team", team), ("role", role), ("fte", fte)):
        if value is None:
            row.error(name, f"{name} is blank: posts need team, role and fte (or clear all three)")
    if values["kind"] == "one-off":
        row.error("fte", "posts need kind ongoing (they are in post from start_year to end_year): change kind, "
                  "or clear team, role and fte")
    if team is not None and role is not None:
        found = _staff_ref(row, plan, team, role)
        if found is not None:
            values["team"], values["role"] = found
    return True


def _investment_move(row: Row, values: dict[str, object], plan: _Plan, line: str | None) -> bool:
    """Check a placement move (from_type, to_type, children between two Placements rows of ``line``)."""
    names = ("from_type", "to_type", "children")
    given = [values[n] for n in names]
    if all(v is None for v in given):
        return False
    for name, value in zip(names, given, strict=True):
        if value is None:
            row.error(name, f"{name} is blank: a placement move needs from_type, to_type and children "
                      "(or clear all three)")
    if not line:
        if line == "":
            row.error("line", "line is blank: a placement move needs the placements line whose rows it moves "
                      "children between")
        return True
    found = {}
    for name in ("from_type", "to_type"):
        kind = values[name]
        if not isinstance(kind, str):
            continue
        record = plan.placement_rows.get((text_key(line), text_key(kind)))
        if record is None:
            types = [t for (ln, _), (t, _) in plan.placement_rows.items() if ln == text_key(line)]
            row.error(name, f"{name} {shown(kind)} is not a Placements row of line {shown(line)} "
                      f"(its types: {_listing(types) or 'none'})")
        else:
            found[name] = record
            values[name] = record[0]
    children, source = values["children"], found.get("from_type")
    if isinstance(children, float) and source is not None and children > source[1]:
        row.error("children", f"children {children:g} is more than the {source[1]:g} children in "
                  f"{source[0]} on line {shown(line)}: move at most that many")
    return True


def _savings(table: Table | None, plan: _Plan) -> list[model.Saving]:
    if table is None:
        return []
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        _check_year(row, plan, "year")
        line = _line_ref(row, plan, None)
        if not row.ok or line is None:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        rows.append(model.Saving(line=line, **given))  # type: ignore[arg-type]
    return rows


# Scenarios and risks ---------------------------------------------------------------------------


def _collect_row_keys(tables: dict[str, Table], plan: _Plan) -> None:
    """The values a Scenarios/Risks ``row`` may name, per sheet, in their workbook spelling."""
    for name, sheet in schema.BY_NAME.items():
        table = tables.get(name)
        if name == "Settings":
            plan.row_keys[name] = {text_key(c.name): c.name for c in schema.SETTINGS}
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


@dataclass
class _Target:
    sheet: str
    row: str
    column: str
    spec: Column  # how a `set` value is read


def _target(row: Row, plan: _Plan) -> _Target | None:
    """Check a Scenarios/Risks row's sheet, row and column; None when wrong (reported)."""
    sheet = row.value("sheet")
    if not isinstance(sheet, str):
        return None
    key_raw, column_raw = row.value("row"), row.value("column")
    if key_raw is BAD or column_raw is BAD:
        return None  # reported as required
    sheet_schema = schema.BY_NAME[sheet]
    key = as_text(key_raw)
    if sheet == "Settings":
        setting = schema.setting_for(key)
        if setting is None:
            row.error("row", f"row {shown(key)} is not a setting (settings: {', '.join(schema.SETTING_NAMES)})")
            return None
        if schema.header_key(as_text(column_raw)) not in ("value", schema.header_key(setting.name)):
            row.error("column", f"column for a Settings row must be 'value', got {shown(as_text(column_raw))}")
            return None
        return _Target(sheet, setting.name, "value", setting)
    if key != "*":
        spelling = plan.row_keys.get(sheet, {}).get(text_key(key))
        if spelling is None:
            known = list(plan.row_keys.get(sheet, {}).values())
            row.error("row", f"row {shown(key)} names no {sheet_schema.scenario_key} on {sheet} "
                      f"(use * for every row, or one of: {_listing(known) or 'none'})")
            return None
        key = spelling
    column = _target_column(row, sheet_schema, plan, as_text(column_raw))
    return _Target(sheet, key, column.name, column) if column else None


def _target_column(row: Row, sheet_schema: SheetSchema, plan: _Plan, text: str) -> Column | None:
    year = schema.future_budget_year(text) if sheet_schema.name == "Budget" else None
    if year is not None:
        message = plan.year_problem(year)
        unit = schema.header_unit(text)
        problem = unit_problem(text, schema.future_budget_name(year), unit, None, plan.units) if unit else None
        if message or problem:
            row.error("column", f"budget column {message}" if message else f"column {problem}")
            return None
        return Column(schema.future_budget_name(year), NUMBER, "future-year cash limit")
    by_key = {schema.header_key(c.name): c for c in sheet_schema.columns}
    column = by_key.get(schema.header_key(text))
    unit = schema.header_unit(text)
    problem = unit_problem(text, column.name, unit, column, plan.units) if column and unit is not None else None
    if problem:  # `budget (£m)` would change the budget in the workbook's units
        row.error("column", f"column {problem}")
        return None
    if column is None:
        row.error("column", f"column {shown(text)} is not a column of {sheet_schema.name} "
                  f"(columns: {', '.join(c.name for c in sheet_schema.columns)})")
        return None
    if column.name in sheet_schema.key or column.name == sheet_schema.scenario_key or column.name == "line":
        row.error("column", f"column {column.name} identifies the rows and cannot be changed by a scenario")
        return None
    return column


def _scenarios(table: Table | None, plan: _Plan) -> list[model.ScenarioRow]:
    if table is None:
        return []
    rows: list[model.ScenarioRow] = []
    spelling: dict[str, str] = {}
    for row in table.rows:
        name, op = row.value("scenario"), row.value("op")
        if isinstance(name, str) and text_key(name) == "base":
            row.error("scenario", "Base is the unchanged inputs: give this scenario another name")
        target = _target(row, plan)
        value = _change_value(row, target, op, "value") if target and isinstance(op, str) else BAD
        if not row.ok or target is None or value is BAD or not isinstance(name, str):
            continue
        name = spelling.setdefault(text_key(name), name)
        rows.append(model.ScenarioRow(name, target.sheet, target.row, target.column, str(op), value,
                                      cell=f"{table.name}!{row.cell('scenario')}"))
    return rows


def _change_value(row: Row, target: _Target, op: str, name: str) -> object:
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
    if target.spec.kind not in NUMERIC_KINDS:
        row.error("column", f"column {target.column} is not a number: only op set can change it")
        return BAD
    number = to_number(raw)
    if number is None:
        row.error(name, f"{name} must be a number for op {op}, got {shown(raw)}")
        return BAD
    problem = too_large(name, number) or (not_a_percentage(target.spec, raw) if op == "add" else None)
    if problem:  # `scale` by 110% is 1.1; `add` 5% to a budget would add 0.05, not 5%
        row.error(name, problem + (" (to raise it by a percentage, use op scale: 5% more is 1.05)" if op == "add"
                                   and "%" in str(raw) else ""))
        return BAD
    return number


def _risks(table: Table | None, plan: _Plan) -> list[model.RiskRow]:
    if table is None:
        return []
    rows: list[model.RiskRow] = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns if c.name not in ("row", "column")}
        target = _target(row, plan)
        if target and target.spec.kind not in NUMERIC_KINDS:
            row.error("column", f"column {target.column} is not a number, so it cannot carry a risk range")
        low, likely, high = values["low"], values["likely"], values["high"]
        distribution = str(values["distribution"] or "triangular")
        if distribution == model.TREND:
            _check_trend_risk(row, target, values["op"], plan)
            low = likely = high = 0.0  # unused: the draws come from the History fit
        else:
            if values["op"] == "set":
                row.error("op", "op set is only for distribution trend: use scale or add with a range")
            for name, value in (("low", low), ("likely", likely), ("high", high)):
                if value is None:
                    row.error(name, f"{name} is required: the range's {name} multiplier or addition")
        if all(isinstance(v, float) for v in (low, likely, high)) and not low <= likely <= high:  # type: ignore[operator]
            row.error("likely", f"low <= likely <= high must hold, got {low:g}, {likely:g}, {high:g}")
        if not row.ok or target is None:
            continue
        rows.append(model.RiskRow(
            target.sheet, target.row, target.column, str(values["op"]), low, likely, high,  # type: ignore[arg-type]
            distribution=distribution, cell=f"{table.name}!{row.cell('sheet')}",
        ))
    return rows


def _check_trend_risk(row: Row, target: _Target | None, op: object, plan: _Plan) -> None:
    """A ``trend`` risk row: op set on a Placements growth or Staffing case_growth of a row with a fit-able History."""
    if op != "set":
        row.error("op", "distribution trend draws the growth itself: op must be set")
    for name in ("low", "likely", "high"):
        if not is_blank(row.raw(name)):
            row.warning(name, f"{name} is ignored for distribution trend (the range comes from the History fit)")
    if target is None:
        return
    wanted = {"Placements": "growth", "Staffing": "case_growth"}
    if wanted.get(target.sheet) != target.column:
        row.error("column", "distribution trend varies a Placements growth or a Staffing case_growth only")
        return
    if target.row == "*":
        row.error("row", "distribution trend needs one row (the placement type or team whose History is fitted), "
                  "not *")
        return
    observed = plan.history.get(name_key(target.row))
    if not observed:
        row.error("row", f"distribution trend: History has no measure {shown(target.row)}: add its monthly "
                  "counts to the History sheet")
        return
    problem = window_problem(observed, plan.trend_months)
    if problem:
        row.error("row", f"distribution trend: History measure {shown(target.row)} {problem}: add months")
