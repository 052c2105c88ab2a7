"""Typed, validated inputs: what the reader produces and the engine consumes.

Field names are the canonical column names of ``../shared/spec/inputs.md``
(so a Scenarios row's ``column`` maps straight onto a field). Money fields
are in the workbook's ``units``; unit costs (``weekly_cost``, ``salary``,
``agency_hourly_rate``, ``one_off_cost``) are in £. Years are ints: the
first calendar year of the financial year (2019 for 2019/20), see
``forecast.fy``. Rates are fractions.

Engine code treats every numeric field as "a number": the risk run puts
numpy arrays of draws into some of them, so engine arithmetic must not
branch on their values (see ``forecast.engine``).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from forecast.errors import Problem
from forecast.fy import fy_label


def is_array(value: object) -> bool:
    """True for numpy arrays of draws (the risk run puts them in numeric fields), False for plain numbers."""
    return not isinstance(value, (int, float)) and hasattr(value, "__array__")

METHODS = ("placements", "staffing", "run_rate", "manual", "budget")
PLACEMENT_TYPES = (
    "in-house fostering",
    "independent fostering agency",
    "kinship care",
    "in-house residential",
    "external residential",
    "supported accommodation",
    "secure",
    "placed with parents",
    "parent and child",
    "adoption",
    "other",
)
INVESTMENT_KINDS = ("one-off", "ongoing")
FUNDING = ("reserves", "grant", "base", "unfunded")
FUNDED = ("reserves", "grant", "base")
RAGS = ("green", "amber", "red", "delivered")
SCENARIO_OPS = ("set", "scale", "add")
RISK_OPS = ("scale", "add")
DISTRIBUTIONS = ("triangular", "uniform", "pert", "trend")
TREND = "trend"  # the text a growth or case_growth cell may hold: take the rate from History (§8)
UNITS = ("£000", "£")
SHEETS = (
    "Settings",
    "Budget",
    "Placements",
    "Staffing",
    "Recruitment",
    "Investments",
    "Savings",
    "History",
    "Scenarios",
    "Risks",
)
REQUIRED_SHEETS = ("Settings", "Budget")


@dataclass(frozen=True)
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
    report_title: str = ""
    prepared_by: str = ""

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


@dataclass(frozen=True)
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
    recurring: bool = False
    comment: str = ""
    future_budgets: dict[int, float] = field(default_factory=dict)  # year → cash limit


@dataclass(frozen=True)
class PlacementRow:
    line: str
    placement_type: str
    children: float
    weekly_cost: float
    budget_children: float = 0.0
    budget_weekly_cost: float = 0.0  # resolved: weekly_cost when blank
    growth: float | str = 0.0  # or TREND: ĝ of History measure = placement_type
    cell: str = ""  # where the row starts, e.g. "Placements!A5"


@dataclass(frozen=True)
class StaffRow:
    line: str
    team: str
    role: str
    fte_budget: float
    fte_permanent: float
    salary: float
    fte_agency: float = 0.0
    agency_hourly_rate: float | None = None
    agency_premium: float | None = None
    cases: float | None = None
    target_caseload: float | None = None
    case_growth: float | str = 0.0  # or TREND: ĝ of History measure = team
    turnover: float = 0.0  # yearly leavers as a share of permanent FTE
    cell: str = ""


@dataclass(frozen=True)
class Recruit:
    team: str
    role: str
    fte: float
    start: _dt.date
    replaces_agency: bool = True
    one_off_cost: float = 0.0
    cell: str = ""  # where the row starts, e.g. "Recruitment!A5": the engine's warnings name it


@dataclass(frozen=True)
class Investment:
    name: str
    kind: str
    amount: float | None  # None only for posts costed from their Staffing row
    start_year: int
    line: str = ""
    end_year: int | None = None  # resolved by the engine: end of plan when None
    funding: str = "unfunded"
    annual_saving: float = 0.0
    saving_start_year: int | None = None  # None: start_year
    saving_end_year: int | None = None  # None: end of plan
    team: str = ""  # posts: a Staffing row (team, role) and fte
    role: str = ""
    fte: float | None = None
    replaces_agency: bool = False
    from_type: str = ""  # placement move: children moved between two Placements rows of `line`
    to_type: str = ""
    children: float | None = None
    cell: str = ""


@dataclass(frozen=True)
class Saving:
    name: str
    year: int
    amount: float
    rag: str
    line: str = ""
    recurring: bool = True


@dataclass(frozen=True)
class HistoryRow:
    """One past monthly count (§8): month is the first of its month."""

    month: _dt.date
    measure: str
    value: float
    cell: str = ""


@dataclass(frozen=True)
class ScenarioRow:
    scenario: str
    sheet: str  # canonical sheet name
    row: str  # key value or "*"
    column: str  # canonical column (field) name, or "budget YYYY/YY"
    op: str
    value: object
    cell: str = ""  # where the row sits, for error messages (e.g. "Scenarios!A5")


@dataclass(frozen=True)
class RiskRow:
    sheet: str
    row: str
    column: str
    op: str
    low: float
    likely: float
    high: float
    distribution: str = "triangular"
    cell: str = ""


@dataclass(frozen=True)
class Inputs:
    settings: Settings
    budget: tuple[BudgetLine, ...]
    placements: tuple[PlacementRow, ...] = ()
    staffing: tuple[StaffRow, ...] = ()
    recruitment: tuple[Recruit, ...] = ()
    investments: tuple[Investment, ...] = ()
    savings: tuple[Saving, ...] = ()
    history: tuple[HistoryRow, ...] = ()
    scenarios: tuple[ScenarioRow, ...] = ()
    risks: tuple[RiskRow, ...] = ()
    warnings: tuple[Problem, ...] = ()
    source_name: str = ""  # file name the inputs came from
    source_sha256: str = ""
