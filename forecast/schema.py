"""The input workbook's contract as data: one declarative table per sheet.

Everything that reads or writes the input workbook works from these tables:
the validator (types, required columns, defaults, choices), the template
(header order, notes, drop-downs, formats) and the docs. The tables follow
``shared/spec/inputs.md``; change them there first.

Column kinds:
- ``text``   any text (numbers are kept as their text)
- ``number`` any number (money may be negative)
- ``count``  a number >= 0 (may be fractional: an average, an FTE)
- ``rate``   a fraction between -1 and 1 (0.05 = 5%)
- ``year``   a financial year, ``2019/20`` (also ``2019-20``, ``2019/2020``, ``FY2019/20``)
- ``date``   an Excel date or ISO text ``2025-11-01``
- ``yesno``  ``yes`` or ``no``
- ``enum``   one of ``choices``
- ``month``  a calendar month: an Excel date (any day of it) or text ``2024-05`` (read as the 1st)

A numeric column may also accept some ``words`` (``growth`` takes ``trend``:
the rate then comes from the History sheet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from forecast.fy import fy_label, parse_fy
from forecast.inputs import model

TEXT, NUMBER, COUNT, RATE, YEAR, DATE, YESNO, ENUM, MONTH = (
    "text",
    "number",
    "count",
    "rate",
    "year",
    "date",
    "yesno",
    "enum",
    "month",
)
NUMERIC_KINDS = (NUMBER, COUNT, RATE)
YES_NO = ("yes", "no")

UNITS = "in the workbook's units (Settings units: £000 or £)"
POUNDS = "in £ (not thousands)"


@dataclass(frozen=True)
class Column:
    """One column of an input sheet (or one row of Settings)."""

    name: str
    kind: str
    note: str
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    strict: bool = True  # enum: other text is an error (False: a warning, the text is kept)
    units: str = ""
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False  # must be > 0
    integer: bool = False
    words: tuple[str, ...] = ()  # text a numeric column also accepts, e.g. ("trend",)
    free_text: bool = False  # prose (a comment) up to a whole cell; other text is a name or title, kept short

    def describe(self) -> str:
        """The note written on the template header: meaning, units, default, choices."""
        parts = [self.note]
        if self.units:
            parts.append(self.units[0].upper() + self.units[1:] + ".")
        if self.words:
            parts.append("Or: " + ", ".join(self.words) + ".")
        if self.choices:
            parts.append("One of: " + ", ".join(self.choices) + ("" if self.strict else " (or other text)") + ".")
        if self.required:
            parts.append("Required.")
        elif self.default not in (None, ""):
            parts.append(f"Default: {_show(self.default)}.")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class SheetSchema:
    """One input sheet: its columns in template order and its unique key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns unique together (blank key with values is an error)
    required: bool = False
    note: str = ""
    scenario_key: str = ""  # the column a Scenarios/Risks ``row`` names

    def column(self, name: str) -> Column:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _rate(name: str, note: str, default: float | None = None, **kw: object) -> Column:
    return Column(name, RATE, note, default=default, units="a fraction: 0.05 = 5%", **kw)  # type: ignore[arg-type]


# Settings: one row per setting (sheet columns: setting, value, notes).
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
    Column("units", ENUM, "Units of every money figure except unit costs.", default="£000", choices=model.UNITS),
    Column("weeks_per_year", COUNT, "Weeks used to annualise weekly costs.", default=365 / 7, positive=True),
    _rate("placement_inflation", "Yearly rise in weekly placement costs.", 0.05),
    _rate("pay_award", "Yearly rise in pay (employees and agency).", 0.03),
    _rate(
        "general_inflation",
        "Yearly rise in the spend of lines that are neither placements nor staffing (later years).",
        0.02,
    ),
    _rate(
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
    _rate("on_cost_rate", "Employer National Insurance and pension, as a fraction of salary.", 0.30, minimum=0.0),
    Column("hours_per_week", COUNT, "Hours a week, for agency hourly rates.", default=37.0, positive=True),
    _rate("discount_rate", "Discount rate for investment NPV (Green Book: 0.035).", 0.035, minimum=0.0),
    _rate("rag_weight_green", "Share of a green saving expected to be delivered.", 1.0, minimum=0.0),
    _rate("rag_weight_amber", "Share of an amber saving expected to be delivered.", 0.5, minimum=0.0),
    _rate("rag_weight_red", "Share of a red saving expected to be delivered.", 0.0, minimum=0.0),
    _rate("variance_amber", "Line RAG: amber above this |net variance| / budget.", 0.02, minimum=0.0),
    _rate("variance_red", "Line RAG: red above this |net variance| / budget.", 0.05, minimum=0.0),
    Column("report_title", TEXT, "Printed in the report headers.", default=""),
    Column("prepared_by", TEXT, "Printed in the report headers.", default=""),
)
SETTING_NAMES = tuple(c.name for c in SETTINGS)

SETTINGS_SHEET = SheetSchema(
    "Settings",
    (
        Column("setting", TEXT, "The setting's name (see the list).", required=True),
        Column("value", TEXT, "Its value; blank means the default."),
        Column("notes", TEXT, "Your own notes; not read.", free_text=True),
    ),
    required=True,  # no key: the validator matches setting names itself (spelling varies)
    note="One row per setting; blank values take the default.",
    scenario_key="setting",
)

BUDGET = SheetSchema(
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
            choices=model.METHODS,
        ),
        Column("forecast", NUMBER, "Your own forecast outturn; needed when method is manual.", units=UNITS),
        Column("previous_variance", NUMBER, "Net variance reported last period (for movement).", units=UNITS),
        Column("earmarked", NUMBER, "Central money set aside against this line's pressure.", default=0.0, units=UNITS),
        Column(
            "recurring",
            YESNO,
            "Whether a non-modelled line's variance repeats in later years.",
            default="no",
            choices=YES_NO,
        ),
        Column("comment", TEXT, "Why the line moved; carried to the report.", free_text=True),
    ),
    key=("line",),
    required=True,
    note="One row per revenue-summary line. Optional extra columns 'budget 2026/27' etc. "
    "give future-year cash limits.",
    scenario_key="line",
)

PLACEMENTS = SheetSchema(
    "Placements",
    (
        Column("line", TEXT, "A Budget line whose method is placements.", required=True),
        Column(
            "placement_type",
            ENUM,
            "Placement type.",
            required=True,
            choices=model.PLACEMENT_TYPES,
            strict=False,
        ),
        Column("children", COUNT, "Children in this placement type now (may be an average).", required=True),
        Column("weekly_cost", COUNT, "Average cost per child per week now.", required=True, units=POUNDS),
        Column("budget_children", COUNT, "Children the budget was built on.", default=0.0),
        Column(
            "budget_weekly_cost", COUNT, "Weekly cost the budget was built on.", default="weekly_cost", units=POUNDS
        ),
        _rate(
            "growth",
            "Yearly change in children from next year, or trend (the History trend of this placement type).",
            0.0,
            words=(model.TREND,),
        ),
    ),
    key=("line", "placement_type"),
    note="One row per placement type per line.",
    scenario_key="placement_type",
)

STAFFING = SheetSchema(
    "Staffing",
    (
        Column("line", TEXT, "A Budget line whose method is staffing.", required=True),
        Column("team", TEXT, "Team, e.g. Assessment.", required=True),
        Column("role", TEXT, "Role, e.g. Social Worker. Team and role together are unique.", required=True),
        Column("fte_budget", COUNT, "Funded establishment (FTE).", required=True),
        Column("fte_permanent", COUNT, "Employees in post (FTE).", required=True),
        Column("fte_agency", COUNT, "Agency workers in post (FTE).", default=0.0),
        Column("salary", COUNT, "Salary a year per FTE, before on-costs.", required=True, units=POUNDS),
        Column(
            "agency_hourly_rate",
            COUNT,
            "Hourly rate charged for an agency worker; this or agency_premium is needed when fte_agency > 0.",
            units=POUNDS,
        ),
        _rate("agency_premium", "Agency cost over an employee's full cost, used when there is no hourly rate."),
        Column("cases", COUNT, "Open cases held by the team (optional)."),
        Column("target_caseload", COUNT, "Cases per worker the service aims for (optional).", positive=True),
        _rate(
            "case_growth",
            "Yearly change in cases from next year, or trend (the History trend of the measure named like the team).",
            0.0,
            words=(model.TREND,),
        ),
        _rate(
            "turnover",
            "Yearly leavers as a share of permanent FTE; each post is covered by agency for backfill_months "
            "(needs agency_hourly_rate or agency_premium).",
            0.0,
            minimum=0.0,
        ),
    ),
    key=("team", "role"),
    note="One row per team and role.",
    scenario_key="team",
)

RECRUITMENT = SheetSchema(
    "Recruitment",
    (
        Column("team", TEXT, "Team of a Staffing row.", required=True),
        Column("role", TEXT, "Role of that Staffing row.", required=True),
        Column("fte", COUNT, "FTE joining.", required=True, positive=True),
        Column("start", DATE, "Date they start; counted by day in its month.", required=True),
        Column("replaces_agency", YESNO, "Whether they replace agency workers.", default="yes", choices=YES_NO),
        Column(
            "one_off_cost", COUNT, "Total one-off cost: relocation, visas, academy fees.", default=0.0, units=POUNDS
        ),
    ),
    note="People joining (optional sheet).",
    scenario_key="team",
)

INVESTMENTS = SheetSchema(
    "Investments",
    (
        Column("name", TEXT, "Name of the investment. Unique.", required=True),
        Column("line", TEXT, "The Budget line it relates to (optional)."),
        Column(
            "kind",
            ENUM,
            "one-off: amount spent in start_year; ongoing: amount every year.",
            required=True,
            choices=model.INVESTMENT_KINDS,
        ),
        Column(
            "amount",
            COUNT,
            "Cost; cash, no inflation added. Required, except for posts (team, role, fte), which are costed "
            "from their Staffing row when it is blank.",
            units=UNITS,
        ),
        Column("start_year", YEAR, "Financial year it starts, inside the plan.", required=True),
        Column("end_year", YEAR, "Last year of an ongoing investment (inclusive).", default="the end of the plan"),
        Column("funding", ENUM, "How it is paid for.", default="unfunded", choices=model.FUNDING),
        Column("annual_saving", COUNT, "Cashable saving a year.", default=0.0, units=UNITS),
        Column("saving_start_year", YEAR, "First year of the saving.", default="start_year"),
        Column("saving_end_year", YEAR, "Last year of the saving.", default="the end of the plan"),
        Column("team", TEXT, "Posts: the team of the Staffing row the posts join (kind ongoing)."),
        Column("role", TEXT, "Posts: the role of that Staffing row."),
        Column("fte", COUNT, "Posts: FTE the investment funds, in post from start_year to end_year.", positive=True),
        Column(
            "replaces_agency",
            YESNO,
            "Posts: whether they replace agency FTE of the row (saving the agency cost).",
            default="no",
            choices=YES_NO,
        ),
        Column(
            "from_type",
            ENUM,
            "Placement move: the placement type of line the children leave.",
            choices=model.PLACEMENT_TYPES,
            strict=False,
        ),
        Column("to_type", ENUM, "Placement move: the placement type they move to.", choices=model.PLACEMENT_TYPES,
               strict=False),
        Column("children", COUNT, "Placement move: children moved (at most the from_type row's children)."),
    ),
    key=("name",),
    note="Investments (optional sheet).",
    scenario_key="name",
)

SAVINGS = SheetSchema(
    "Savings",
    (
        Column("name", TEXT, "Name of the saving. Unique.", required=True),
        Column("line", TEXT, "The Budget line it relates to (optional)."),
        Column("year", YEAR, "Financial year the saving starts, inside the plan.", required=True),
        Column("amount", NUMBER, "Positive = spending reduced.", required=True, units=UNITS),
        Column("rag", ENUM, "Delivery confidence.", required=True, choices=model.RAGS),
        Column("recurring", YESNO, "Whether it continues every later year.", default="yes", choices=YES_NO),
    ),
    key=("name",),
    note="Approved savings plans (optional sheet).",
    scenario_key="name",
)

HISTORY = SheetSchema(
    "History",
    (
        Column("month", MONTH, "The month: a date in it, or text like 2024-05.", required=True),
        Column(
            "measure",
            TEXT,
            "A placement type (children), a Staffing team (open cases), or any other name (shown only).",
            required=True,
        ),
        Column("value", COUNT, "The count that month.", required=True),
    ),
    note="Past monthly counts (optional sheet): trends for growth or case_growth given as trend; "
    "forecast roll adds each month's.",
)

_TARGET_SHEETS = ("Settings", "Budget", "Placements", "Staffing", "Recruitment", "Investments", "Savings")

SCENARIOS = SheetSchema(
    "Scenarios",
    (
        Column("scenario", TEXT, "Scenario name, e.g. High demand (Base is the unchanged inputs).", required=True),
        Column("sheet", ENUM, "The sheet to change.", required=True, choices=_TARGET_SHEETS),
        Column(
            "row",
            TEXT,
            "The row's key (Settings: setting; Budget: line; Placements: placement_type; "
            "Staffing, Recruitment: team; Investments, Savings: name), or * for every row.",
            required=True,
        ),
        Column("column", TEXT, "The column to change (Settings: value).", required=True),
        Column("op", ENUM, "set, scale (multiply) or add.", required=True, choices=model.SCENARIO_OPS),
        Column("value", TEXT, "The new value, multiplier or addition.", required=True),
    ),
    note="Named changes to any input (optional sheet); rows apply in order.",
)

RISKS = SheetSchema(
    "Risks",
    (
        Column("sheet", ENUM, "The sheet to vary.", required=True, choices=_TARGET_SHEETS),
        Column("row", TEXT, "The row's key as in Scenarios, or * for every row.", required=True),
        Column("column", TEXT, "The numeric column to vary.", required=True),
        Column(
            "op",
            ENUM,
            "scale (multiply) or add; set with distribution trend.",
            required=True,
            choices=(*model.RISK_OPS, "set"),
        ),
        Column("low", NUMBER, "Lowest multiplier or addition (blank for trend)."),
        Column("likely", NUMBER, "Most likely multiplier or addition (blank for trend)."),
        Column("high", NUMBER, "Highest multiplier or addition (blank for trend)."),
        Column(
            "distribution",
            ENUM,
            "Shape of the range; trend draws a Placements growth or Staffing case_growth from the History fit "
            "(op set, row = placement type or team).",
            default="triangular",
            choices=model.DISTRIBUTIONS,
        ),
    ),
    note="Ranges for a Monte Carlo risk run (optional sheet).",
)

SHEETS: tuple[SheetSchema, ...] = (
    SETTINGS_SHEET,
    BUDGET,
    PLACEMENTS,
    STAFFING,
    RECRUITMENT,
    INVESTMENTS,
    SAVINGS,
    HISTORY,
    SCENARIOS,
    RISKS,
)
BY_NAME = {s.name: s for s in SHEETS}
# Columns `forecast roll` fills, never typed by hand (the examples leave them out).
ROLL_COLUMNS = {"Budget": ("actual_previous",)}
assert tuple(BY_NAME) == model.SHEETS

# ``Read me`` is the template's own instructions sheet: not data, never warned about.
README_SHEET = "Read me"

_TRAILING_UNIT = re.compile(
    r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|[£$€]\s*'?\s*(?:000s?|k|m|bn|thousands?|millions?)?|%)\s*$", re.IGNORECASE
)
# What a trailing unit says, looked for anywhere in it ("(in £m)", "(£ thousands)", "[GBP]"), first match wins.
_UNIT_PATTERNS = (
    ("", re.compile(r"[$€¥]|\b(?:eur|euros?|usd|dollars?)\b", re.IGNORECASE)),  # a foreign currency, as written
    ("£bn", re.compile(r"(?:£|\bgbp)\s*bn\b|\bbn\b|\bbillions?\b", re.IGNORECASE)),
    # £m, GBPm, £mn, £mil, x1,000,000
    ("£m", re.compile(r"(?:£|\bgbp)\s*(?:m|mn|mil|mill|millions?)\b|^\s*m\s*$|\bmillions?\b|\bmn\b|\bmil\b"
                      r"|[x×]\s*1,?000,?000\b", re.IGNORECASE)),
    # £000, £'000, £k, GBPk, GBP000, thousands, 000s, k, x1,000
    ("£000", re.compile(r"(?:£|\bgbp)\s*'?\s*000|(?:£|\bgbp)\s*k\b|\bthousands?\b|(?:^|\s)'?000s?\b|^\s*k\s*$"
                        r"|[x×]\s*1,?000\b", re.IGNORECASE)),
    ("%", re.compile(r"%|\bper\s*cent|\bpercent(?:age)?\b|\bpct\b", re.IGNORECASE)),
    ("£", re.compile(r"£|\bpounds?\b|\bgbp\b|\bsterling\b", re.IGNORECASE)),
)
_SPACING = re.compile(r"[\s_]+")
_CHOICE_SPACING = re.compile(r"[\s_\-]+")
_FUTURE_BUDGET = re.compile(r"^budget\s*(?:for\s*)?(.+)$", re.IGNORECASE)


def header_key(text: object) -> str:
    """Matching key of a header or sheet name: lower case, no spaces/underscores, no trailing unit."""
    stripped = _TRAILING_UNIT.sub("", str(text).strip())
    return _SPACING.sub("", stripped.lower())


def header_unit(text: object) -> str | None:
    """The unit a header's trailing ``(…)``, ``£000``, ``%`` … states, normalised; None when it states none.

    ``£000``, ``£``, ``£m``, ``£bn`` and ``%`` come back as those (``(in £m)``, ``(£ thousands)``,
    ``[GBP]`` too); a foreign currency as written (``€``, ``USD``); a bracketed note that names no
    unit (``(FTE)``, ``(optional)``) as None.
    """
    match = _TRAILING_UNIT.search(str(text).strip())
    if not match:
        return None
    written = match.group(0).strip()
    inner = written[1:-1].strip() if written[:1] in "([" else written
    for unit, pattern in _UNIT_PATTERNS:
        if pattern.search(inner):
            return unit or inner
    return None


def choice_key(text: object) -> str:
    """Matching key of a drop-down choice: lower case, no spaces, underscores or hyphens."""
    return _CHOICE_SPACING.sub("", str(text).strip().lower()).replace("'", "")


@cache
def choice_keys(choices: tuple[str, ...]) -> dict[str, str]:
    """``choice_key`` → choice, for looking a typed value up in one step."""
    return {choice_key(c): c for c in choices}


def future_budget_year(header: object) -> int | None:
    """``budget 2026/27`` (or ``Budget 2026-27 (£000)``) → 2026; other headers → None."""
    stripped = _TRAILING_UNIT.sub("", str(header).strip())
    match = _FUTURE_BUDGET.match(stripped)
    if not match:
        return None
    return parse_fy(match.group(1).replace(" ", ""))


def future_budget_name(year: int) -> str:
    """The canonical name of a future-year budget column: ``budget 2026/27``."""
    return f"budget {fy_label(year)}"


def sheet_for(name: object) -> SheetSchema | None:
    """The schema of a workbook sheet name, matched like headers."""
    key = header_key(name)
    return next((s for s in SHEETS if header_key(s.name) == key), None)


def setting_for(name: object) -> Column | None:
    key = header_key(name)
    return next((c for c in SETTINGS if header_key(c.name) == key), None)
