"""The Budget sheet: one row per revenue-summary line, its budget, actuals and forecast method."""

from __future__ import annotations

from dataclasses import field
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from forecast import schema
from forecast.fy import fy_label
from forecast.inputs.cells import BAD, is_blank, shown
from forecast.inputs.tables import text_key
from forecast.schema import ENUM, METHODS, NUMBER, RATE, TEXT, UNITS, YES_NO, Column, SheetSchema
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

_USES_ACTUALS = ("placements", "staffing", "run_rate")  # methods whose outturn is actuals + the rest of the year

SCHEMA = SheetSchema(
    "Budget",
    (
        Column("line", TEXT, "Revenue-summary line, e.g. Looked After Children placements. Unique.", required=True),
        Column("group", TEXT, "Subtotal heading.", default="the service (Settings service)"),
        Column("budget", NUMBER, "Current-year net budget.", required=True, units=UNITS),
        Column("actual_to_date", NUMBER, "Spend to the end of the period (0 at budget setting).", default=0.0, units=UNITS),
        Column(
            "actual_previous",
            NUMBER,
            "Actual to date at the period rolled from (forecast roll fills it): validate warns while "
            "actual_to_date still equals it.",
            units=UNITS,
        ),
        Column(
            "method",
            ENUM,
            "How the outturn is forecast. Blank: placements/staffing when those sheets name the line, "
            "else manual when forecast is filled, else budget.",
            choices=METHODS,
        ),
        Column("forecast", NUMBER, "Your own forecast outturn; needed when method is manual.", units=UNITS),
        Column("previous_variance", NUMBER, "Net variance reported last period (for movement).", units=UNITS),
        Column(
            "earmarked",
            NUMBER,
            "Central money set aside against this line's pressure; drawn only as far as the line overspends, "
            "the rest stays in reserves.",
            default=0.0,
            units=UNITS,
            minimum=0.0,
        ),
        Column(
            "recurring",
            RATE,
            "How much of a non-modelled line's variance repeats in later years: yes (all), no (none) or the "
            "share that continues (0.4 = 40% ongoing, the rest one-off).",
            default="no",
            minimum=0.0,
            maximum=1.0,
            words=YES_NO,
        ),
        Column("comment", TEXT, "Why the line moved; carried to the report.", free_text=True),
    ),
    key=("line",),
    required=True,
    note="One row per revenue-summary line. Optional extra columns 'budget 2026/27' etc. "
    "give future-year cash limits.",
    scenario_key="line",
    fixed=("line",),
    roll=("actual_previous",),
)


@frozen
class BudgetLine:
    line: str
    budget: float
    method: str  # resolved: never blank after validation
    group: str = ""  # resolved: the service name when blank
    actual_to_date: float = 0.0
    forecast: float | None = None
    previous_variance: float | None = None
    actual_previous: float | None = None  # actual_to_date at the period this workbook was rolled from
    earmarked: float = 0.0
    recurring: bool | float = False  # yes/no, or the share of the variance that continues (rev 3 §6)
    comment: str = ""
    future_budgets: dict[int, float] = field(default_factory=dict)  # year → cash limit

    def __post_init__(self) -> None:
        # `recurring` typed as the word (a scenario's "set yes") is kept as yes/no
        if isinstance(self.recurring, str):
            object.__setattr__(self, "recurring", self.recurring.strip().lower() == "yes")


RECORD = BudgetLine


def read(table: Table, plan: Plan) -> list[BudgetLine]:
    """The budget lines; each line's method is resolved (blank: from the Placements and Staffing rows naming it)."""
    service = plan.service
    in_placements = _named_lines(plan.tables.get("Placements"))
    in_staffing = _named_lines(plan.tables.get("Staffing"))
    _check_future_budget_years(table, plan)
    if not table.rows and (table.columns or not table.raw.rows):
        table.problems.error(table.name, table.raw.address(table.header_i + 1, 0),
                       "there are no budget lines: add one row per line of the revenue summary")
    lines: list[BudgetLine] = []
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
        lines.append(BudgetLine(line=str(line), method=method, future_budgets=future, **given))  # type: ignore[arg-type]
    return lines


def _named_lines(table: Table | None) -> set[str]:
    """Budget lines named by a sheet's rows, before anything else is checked (for method defaults)."""
    if table is None:
        return set()
    return {text_key(row.raw("line")) for row in table.rows if not is_blank(row.raw("line"))}


def _check_actual_refreshed(row: Row, actual: object, previous: object) -> None:
    """A rolled workbook keeps last month's actual in actual_previous: the same figure now was likely not refreshed."""
    if not isinstance(previous, float):
        return
    now = actual if isinstance(actual, float) else 0.0 if actual is None else None
    if now == previous:
        row.warning("actual_to_date", f"actual_to_date still equals actual_previous ({shown(previous)}, the actual "
                    "when this workbook was rolled on): enter the spend to the end of this period, or clear "
                    "actual_previous if nothing more was spent")


def _check_future_budget_years(table: Table, plan: Plan) -> None:
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


def _future_budgets(row: Row, table: Table, plan: Plan) -> dict[int, float]:
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


class _Rated(Protocol):
    @property
    def line(self) -> str: ...
    @property
    def rag(self) -> str: ...
    @property
    def comment(self) -> str: ...
    @property
    def net_variance(self) -> float: ...
    @property
    def variance_pct(self) -> float | None: ...


def comment_warnings(lines: Sequence[_Rated], units: str) -> list[str]:
    """``validate`` (issue 21): every red or amber line without a comment, one warning each (``one_per_cause``
    makes many of them one warning with a count). A member reads a red line's comment to know why it moved."""
    out = []
    for x in lines:
        if x.rag in ("red", "amber") and not str(x.comment or "").strip():
            share = "" if x.variance_pct is None else f", {x.variance_pct:.1%} of its budget"
            out.append(
                f"Budget: line {x.line!r} is {x.rag} (net variance {x.net_variance:,.0f} {units}{share}) and has no "
                "comment: say in its comment why it moved, for the Revenue Summary"
            )
    return out
