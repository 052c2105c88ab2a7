"""What the sheets are checked against as they are read: the plan, and the rows other sheets refer to.

The validator makes one ``Plan``; each sheet module's ``read(table, plan)``
checks its rows against it and records what later sheets may name (a Budget
line, a Staffing team and role, a History measure). The look-ups a row
makes of another sheet (``line_ref``, ``staff_ref``, ``check_trend``) are
here, so every sheet reports them with the same words.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from typing import TYPE_CHECKING

from forecast.fy import fy_label
from forecast.inputs.cells import MAX_MAGNITUDE, as_text, is_blank, shown
from forecast.inputs.history_counts import by_measure, month_index, window_problem
from forecast.inputs.tables import Problems, Row, Table, listing, text_key
from forecast.names import name_key
from forecast.schema import SheetSchema
from forecast.records import mutable

if TYPE_CHECKING:
    from forecast.inputs.model import HistoryRow

_DEFAULT_TREND_MONTHS = 24  # Settings.trend_months's default: a trend is checked even when Settings are wrong


@mutable
class Plan:
    """What the other sheets are checked against, once Settings are read."""

    problems: Problems = field(default_factory=Problems)
    tables: dict[str, Table] = field(default_factory=dict)  # canonical sheet name → its table
    schemas: dict[str, SheetSchema] = field(default_factory=dict)  # canonical sheet name → its schema (registry)
    years: list[int] = field(default_factory=list)  # plan years, known even when other settings are wrong
    period: int | None = None  # months of actuals, when the setting could be read
    units: str = "£000"
    service: str = "Children's Social Care"
    weeks_per_year: float = 365 / 7
    hours_per_week: float = 37.0
    trend_months: int = _DEFAULT_TREND_MONTHS
    demand_in_year: bool = False  # Settings demand_in_year (issue 22): the Demand sheet warns what it lacks
    lines: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # key → (line, method, method place)
    staff: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # keys → (team, role)
    placement_rows: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)  # (line, type) keys →
    # (type, children), for every row whose line, type and children could be read
    trend_asked: set[str] = field(default_factory=set)  # measures some growth or case_growth takes a trend of
    history: dict[str, list[HistoryRow]] = field(default_factory=dict)  # measure key → months in order
    salaries: dict[tuple[str, str], float] = field(default_factory=dict)  # keys → salary, when it could be read
    row_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → key → spelling

    @staticmethod
    def month_index(day: _dt.date) -> int:
        """Months since year 0: consecutive calendar months differ by 1."""
        return month_index(day)

    def record_history(self, rows: list[HistoryRow]) -> None:
        """Keep the History sheet's rows by measure (in month order), for the rows that ask for a trend."""
        self.history = by_measure(rows)

    def window_problem(self, observed: list[HistoryRow]) -> str | None:
        """Why no trend can be fitted on one measure's months (in its trend_months window), else None."""
        return window_problem(observed, self.trend_months)

    def year_problem(self, year: int) -> str | None:
        years = self.years
        if not years or year in years:
            return None
        return (
            f"{fy_label(year)} is not in the plan {fy_label(years[0])}–{fy_label(years[-1])}: "
            "use a year inside it (or change financial_year or mtfp_years in Settings)"
        )

    def check_year(self, row: Row, name: str) -> None:
        """A year column's value must be a year of the plan."""
        year = row.value(name)
        if isinstance(year, int):
            message = self.year_problem(year)
            if message:
                row.error(name, f"{name} {message}")

    def line_ref(self, row: Row, needs: str | None) -> str | None:
        """Canonical spelling of the Budget line a row names ('' when blank); None when unknown (reported)."""
        raw = row.raw("line")
        if is_blank(raw):
            return ""
        found = self.lines.get(text_key(raw))
        if found is None:
            names = listing([name for name, _, _ in self.lines.values()])
            row.error("line", f"line {shown(as_text(raw))} is not a Budget line (Budget lines: {names})")
            return None
        line, method, method_place = found
        if needs and method and method != needs:
            row.error(
                "line",
                f"line {shown(line)} has method {method} ({method_place}), so it cannot have {row.table.name} "
                f"rows: set its method to {needs} or remove these rows",
            )
            return None
        return line

    def staff_ref(self, row: Row, team: object, role: object) -> tuple[str, str] | None:
        """The Staffing row's (team, role) spelling a row names; None when unknown (reported) or not text."""
        if not isinstance(team, str) or not isinstance(role, str):
            return None
        found = self.staff.get((text_key(team), text_key(role)))
        if found is None:
            roles = [r for (t, _), (_, r) in self.staff.items() if t == text_key(team)]
            if roles:
                row.error("role", f"role {shown(role)} is not in team {shown(team)} on Staffing "
                          f"(its roles: {listing(roles)})")
            else:
                teams = sorted({t for t, _ in self.staff.values()})
                row.error("team", f"team {shown(team)} is not a Staffing team "
                          f"(teams: {listing(teams) or 'none: fill in Staffing first'})")
        return found

    def check_trend(self, row: Row, column: str, measure: object, what: str) -> None:
        """A rate given as ``trend`` needs a History measure named like the row, with a fit-able window."""
        if not isinstance(measure, str):
            return
        self.trend_asked.add(name_key(measure))
        observed = self.history.get(name_key(measure))
        if not observed:
            row.error(column, f"{column} is trend but History has no measure {shown(measure)} (the {what} of this "
                      "row): add its monthly counts to the History sheet, or type a rate")
            return
        problem = self.window_problem(observed)
        if problem:
            row.error(column, f"{column} is trend but History measure {shown(measure)} {problem}: add months, "
                      "or type a rate")

    def beyond_limit(self, pounds_a_year: float) -> str | None:
        """``come to 5.2e+13 (£000) a year, beyond the limit …`` when a yearly cost in £ passes the limit on
        any amount in the workbook's units; else None."""
        yearly = pounds_a_year / (1000.0 if self.units == "£000" else 1.0)
        if yearly <= MAX_MAGNITUDE:
            return None
        return f"come to {yearly:.3g} ({self.units}) a year, beyond the limit of {MAX_MAGNITUDE:,.0f} on any amount"

    def check_row_cost(self, row: Row, counts: tuple[str, ...], costs: tuple[str, ...], per_year: float) -> None:
        """A row's yearly cost (largest count × largest unit cost) must stay within the limit on any amount.

        Each figure alone may be under ±1,000,000,000,000 while their product runs into the 1e23s, which
        no council spends and which only a writer would trip over.
        """
        count = max((v for v in (row.value(n) for n in counts) if isinstance(v, (int, float))), default=0.0)
        cost = max((v for v in (row.value(n) for n in costs) if isinstance(v, (int, float))), default=0.0)
        beyond = self.beyond_limit(count * cost * per_year)
        if beyond:
            row.error(counts[0], f"{' / '.join(counts)} × {' / '.join(costs)} {beyond}: check these cells hold "
                      "the figures you meant")
