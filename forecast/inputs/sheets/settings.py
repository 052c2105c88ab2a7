"""The Settings sheet: one row per setting (authority, year, period, units, rates …)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast import schema
from forecast.fy import fy_label
from forecast.inputs import benchmark_settings
from forecast.inputs.cells import BAD, as_text, shown
from forecast.inputs.tables import Problems
from forecast.schema import (
    CHILD_IDS,
    COUNT,
    ENUM,
    MONEY_UNITS,
    NUMBER,
    POUNDS,
    TEXT,
    UNITS,
    YEAR,
    YES_NO,
    YESNO,
    Column,
    SheetSchema,
    rate,
)
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

SETTINGS: tuple[Column, ...] = (
    Column("authority", TEXT, "The council, e.g. Northfield Borough Council.", required=True),
    Column("service", TEXT, "Heading of the report.", default="Children's Social Care"),
    Column("financial_year", YEAR, "The current financial year, e.g. 2025/26.", required=True),
    Column(
        "period",
        COUNT,
        "Months of actuals: 0 (budget setting) to 12; April = 1.",
        required=True,
        maximum=12,
        integer=True,
    ),
    Column(
        "mtfp_years",
        COUNT,
        "Years in the medium-term plan including the current one (1 to 10).",
        default=5,
        minimum=1,
        maximum=10,
        integer=True,
    ),
    Column("units", ENUM, "Units of every money figure except unit costs.", default="£000", choices=MONEY_UNITS),
    Column(
        "previous_period",
        COUNT,
        "The period previous_variance was reported at (forecast roll writes it; blank: period − 1).",
        maximum=12,
        integer=True,
    ),
    Column("weeks_per_year", COUNT, "Weeks used to annualise weekly costs.", default=365 / 7, positive=True),
    rate("placement_inflation", "Yearly rise in weekly placement costs.", 0.05),
    rate("pay_award", "Yearly rise in pay (employees and agency).", 0.03),
    rate(
        "general_inflation",
        "Yearly rise in the spend of lines that are neither placements nor staffing (later years).",
        0.02,
    ),
    rate(
        "budget_uplift",
        "Yearly rise of a cash limit carried forward where no 'budget YYYY/YY' is given (0: held flat).",
        0.0,
    ),
    Column(
        "reserves_opening",
        NUMBER,
        "Reserves the service may draw on at the start of the year; blank = not tracked.",
        units=UNITS,
    ),
    Column(
        "trend_months",
        COUNT,
        "Months of History used for a trend (the latest ones).",
        default=24,
        minimum=6,
        maximum=120,
        integer=True,
    ),
    Column(
        "backfill_months",
        COUNT,
        "Months a leaver's post is covered by agency before it is refilled.",
        default=3.0,
        maximum=12,
    ),
    rate("on_cost_rate", "Employer National Insurance and pension, as a fraction of salary.", 0.30, minimum=0.0),
    Column("hours_per_week", COUNT, "Hours a week, for agency hourly rates.", default=37.0, positive=True),
    rate("discount_rate", "Discount rate for investment NPV (Green Book: 0.035).", 0.035, minimum=0.0),
    rate("rag_weight_green", "Share of a green saving expected to be delivered.", 1.0, minimum=0.0),
    rate("rag_weight_amber", "Share of an amber saving expected to be delivered.", 0.5, minimum=0.0),
    rate("rag_weight_red", "Share of a red saving expected to be delivered.", 0.0, minimum=0.0),
    rate("variance_amber", "Line RAG: amber above this |net variance| / budget.", 0.02, minimum=0.0),
    rate("variance_red", "Line RAG: red above this |net variance| / budget.", 0.05, minimum=0.0),
    Column(
        "rag_underspend",
        ENUM,
        "How an underspending line is rated: green (an underspend is green), or size (rated on its size like an "
        "overspend).",
        default="green",
        choices=("green", "size"),
    ),
    Column(
        "child_population",
        COUNT,
        "Residents aged 0-17 (ONS mid-year estimate), for children looked after per 10,000; blank = not shown.",
        positive=True,
    ),
    rate(
        "child_population_growth",
        "Yearly change in the child population for later plan years (0: the same population every year).",
        0.0,
    ),
    *benchmark_settings.COLUMNS,  # la_code, benchmark_roles (issue 23)
    Column(
        "demand_in_year",
        YESNO,
        "yes: the Demand sheet drives the rest of this year's placements (no: today's children).",
        default="no",
        choices=YES_NO,
    ),
    Column("report_title", TEXT, "Printed in the report headers.", default=""),
    Column("prepared_by", TEXT, "Printed in the report headers.", default=""),
    # issue 26: the children list (calculations.md §12)
    Column(
        "high_cost_weekly", COUNT, "Weekly cost from which a placement on the Children list is listed by name.",
        default=10_000.0, units=POUNDS,
    ),
    Column(
        "child_ids", ENUM, "show: high-cost placements named by child ID; hide: by Children row number (published).",
        default="show", choices=CHILD_IDS,
    ),
)


SETTING_NAMES = tuple(c.name for c in SETTINGS)


# Settings a scenario may not change, and why (the message finishes "… cannot be changed by a scenario: …");
# whole-number settings (trend_months) are fixed too: they shape the plan.
SCENARIO_FIXED = {
    "authority": "it names the report",
    "financial_year": "scenarios are compared year by year on the same plan",
    "period": "scenarios are compared at the same point in the year",
    "mtfp_years": "scenarios are compared year by year on the same plan",
    "units": "scenarios are compared in the same units",
    "la_code": "every scenario is benchmarked as the same authority",
    "benchmark_roles": "every scenario counts the same social workers in the benchmarks",
}

SCHEMA = SheetSchema(
    "Settings",
    (
        Column("setting", TEXT, "The setting's name (see the list).", required=True),
        Column("value", TEXT, "Its value; blank means the default."),
        Column("notes", TEXT, "Your own notes; not read.", free_text=True),
    ),
    required=True,  # no key: the validator matches setting names itself (spelling varies)
    note="One row per setting; blank values take the default.",
    scenario_key="setting",
    settings=SETTINGS,
)


@frozen
class Settings:
    authority: str
    financial_year: int
    period: int
    service: str = "Children's Social Care"
    mtfp_years: int = 5
    units: str = "£000"
    weeks_per_year: float = 365 / 7
    placement_inflation: float = 0.05
    pay_award: float = 0.03
    general_inflation: float = 0.02
    budget_uplift: float = 0.0  # yearly rise of a cash limit carried forward
    reserves_opening: float | None = None  # None: reserves not tracked
    trend_months: int = 24
    backfill_months: float = 3.0
    on_cost_rate: float = 0.30
    hours_per_week: float = 37.0
    discount_rate: float = 0.035
    rag_weight_green: float = 1.0
    rag_weight_amber: float = 0.5
    rag_weight_red: float = 0.0
    variance_amber: float = 0.02
    variance_red: float = 0.05
    rag_underspend: str = "green"  # issue 19: "green" or "size"
    child_population: float | None = None  # issue 19: residents aged 0–17; None: no rate per 10,000
    child_population_growth: float = 0.0  # issue 19
    la_code: str | None = None  # issue 23: DfE or ONS code, checked against the shipped tables
    benchmark_roles: str | None = None  # issue 23: ';'-separated Staffing roles (None: every row)
    report_title: str = ""
    prepared_by: str = ""
    previous_period: int | None = None  # issue 20: the period previous_variance was reported at (blank: P − 1)
    demand_in_year: bool = False  # issue 22: the Demand sheet drives the rest of this year
    high_cost_weekly: float = 10_000.0  # issue 26: £ a week from which a placement is listed by child
    child_ids: str = "show"  # issue 26: "hide" shows Children row numbers instead of child IDs

    @property
    def k(self) -> float:
        """Divisor turning £ unit costs into the workbook's units."""
        return 1000.0 if self.units == "£000" else 1.0

    @property
    def years(self) -> list[int]:
        """Plan years, t = 0 … mtfp_years − 1."""
        return [self.financial_year + t for t in range(self.mtfp_years)]

    @property
    def year_labels(self) -> list[str]:
        return [fy_label(y) for y in self.years]

    @property
    def remaining(self) -> float:
        """R = (12 − P) / 12, the share of the year still to come."""
        return (12 - self.period) / 12


RECORD = Settings


def read(table: Table, plan: Plan) -> list[Settings]:
    """The Settings (one record, none when any is wrong); what could be read fixes the plan the sheets after
    it are checked against (years, period, units), even when another setting is wrong."""
    settings, given = _settings(table, table.problems)
    plan.years = _plan_years(given)
    period = given.get("period")
    plan.period = period if isinstance(period, int) else None
    plan.units = str(given.get("units") or Settings.units)
    for name in ("weeks_per_year", "hours_per_week"):
        value = given.get(name)
        if isinstance(value, float):
            setattr(plan, name, value)
    trend_months = given.get("trend_months")
    plan.trend_months = trend_months if isinstance(trend_months, int) else Settings.trend_months
    plan.service = settings.service if settings else Settings.service
    plan.demand_in_year = given.get("demand_in_year") is True
    return [settings] if settings else []


def setting_for(name: object) -> Column | None:
    """The setting a name (in the sheet's ``setting`` column, or a Scenarios row) is, matched like headers."""
    key = schema.header_key(name)
    return next((c for c in SETTINGS if schema.header_key(c.name) == key), None)


def _settings(table: Table | None, problems: Problems) -> tuple[Settings | None, dict[str, object]]:
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
        column = setting_for(as_text(row.raw("setting")))
        if column is not None:
            stated.append((row, column, schema.header_unit(as_text(row.raw("setting")))))
        if column is None:
            row.warning(
                "setting",
                f"unknown setting {shown(row.raw('setting'))}: ignored (settings: {', '.join(SETTING_NAMES)})",
            )
            continue
        if column.name in places:
            row.error("setting", f"setting {column.name} appears twice (also {first_rows[column.name]}): keep one row")
            ok = False
            continue
        places[column.name] = row.place("value")
        first_rows[column.name] = row.place("setting")
        typed = row.convert("value", row.raw("value"), column)
        if column.name == "la_code" and isinstance(typed, str):  # issue 23: a code the DfE's tables know
            typed, problem = benchmark_settings.la_code_problem(typed)
            if problem:
                row.error("value", problem)
                typed = BAD
        if typed is BAD:
            ok = False
        elif typed is not None:
            values[column.name] = typed
    for column in SETTINGS:
        if column.required and column.name not in places:
            problems.error(
                table.name,
                table.end_cell(),
                f"setting {column.name} is missing: add a row '{column.name}' with its value ({column.note})",
            )
            ok = False
    if not _setting_units(table, stated, str(values.get("units") or Settings.units)):
        ok = False
    amber, red = values.get("variance_amber", 0.02), values.get("variance_red", 0.05)
    if isinstance(amber, float) and isinstance(red, float) and amber > red:
        place = places.get("variance_red", places.get("variance_amber", ""))
        sheet, _, cell = place.partition("!")
        problems.error(sheet, cell, f"variance_red ({red:g}) must not be below variance_amber ({amber:g})")
        ok = False
    if not ok:
        return None, values
    return Settings(**values), values  # type: ignore[arg-type]


def _setting_units(table: Table, stated: list[tuple[Row, Column, str | None]], workbook_units: str) -> bool:
    """A unit in a setting's name (``reserves_opening (£m)``), or in the ``value`` header for a money
    setting, must be the setting's own, as in a column header; False when one is not (reported)."""
    ok = True
    header_unit = table.units.get("value")
    for row, column, unit in stated:
        if unit is not None:
            problem = schema.unit_problem(as_text(row.raw("setting")), column.name, unit, column, workbook_units,
                                          "setting")
            if problem:
                row.error("setting", f"the setting {problem}")
                ok = False
        elif header_unit is not None and column.units == schema.UNITS:
            header = as_text(table.raw.rows[table.header_i][table.columns["value"]])
            problem = schema.unit_problem(header, column.name, header_unit, column, workbook_units, "column", "value")
            if problem:
                table.problems.error(table.name, table.header_cell(table.columns["value"]), f"the header {problem}")
                ok = False
    return ok


def _plan_years(given: dict[str, object]) -> list[int]:
    """The plan's years from whatever settings could be read (so years are checked even when, say, authority is blank)."""
    start, count = given.get("financial_year"), given.get("mtfp_years", Settings.mtfp_years)
    if not isinstance(start, int):
        return []
    return [start + t for t in range(count if isinstance(count, int) else Settings.mtfp_years)]
