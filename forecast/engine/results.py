"""What the engine returns: plain dataclasses, numbers unrounded, in units.

Writers (workbook, tables, JSON) read these and never compute a figure of
their own. Lists "by year" are indexed t = 0 … mtfp_years − 1 and line up
with ``Results.years``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from typing import TYPE_CHECKING

from forecast.inputs.model import Settings
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.engine.benchmark import BenchmarkResult
    from forecast.engine.demand import DemandPlan, DemandSeries
    from forecast.engine.children import ChildrenResult
    from forecast.engine.actions import ImprovementPlan
    from forecast.engine.figure_keys import CellKey

Term = tuple[str, "CellKey"]  # a sign ("+" or "-") and the cell key of one figure


@frozen
class LineResult:
    line: str
    group: str
    method: str
    budget: float
    actual_to_date: float
    outturn: float
    variance: float
    earmarked: float
    net_variance: float
    variance_pct: float | None
    previous_variance: float | None
    movement: float | None
    rag: str
    comment: str = ""
    # issue 19 (calculations.md rev 3 §1, §6): `earmarked` is as entered; what is drawn and what is not
    earmark_drawn: float = 0.0  # min(earmarked, max(variance, 0)): every Earmarked column, total and check
    earmark_unused: float = 0.0  # earmarked − earmark_drawn: stays in reserves
    ongoing_variance: float | None = None  # variance × ongoing share; None for placements and staffing lines
    one_off_variance: float | None = None  # variance − ongoing_variance; None for placements and staffing lines


@frozen
class GroupTotal:
    """Plain sums of the lines in a group (or of every line for the service)."""

    group: str
    lines: tuple[str, ...]
    budget: float
    actual_to_date: float
    outturn: float
    variance: float
    earmarked: float
    net_variance: float
    previous_variance: float | None  # sum of those given; None when none given
    movement: float | None
    variance_pct: float | None
    earmark_drawn: float = 0.0  # issue 19: Σ earmark_drawn of the lines
    earmark_unused: float = 0.0  # issue 19: Σ earmark_unused of the lines


@frozen
class Bridge:
    """ΣF − ΣB split into volume, mix and price (volume + mix + price = difference)."""

    full_year_forecast: float
    full_year_budget: float
    volume: float
    mix: float
    price: float
    children: float = 0.0  # Σ children now over the rows bridged
    budget_children: float = 0.0  # Σ children the budget was built on


@frozen
class PlacementRowResult:
    line: str
    placement_type: str
    children: float
    weekly_cost: float
    budget_children: float
    budget_weekly_cost: float
    growth: float  # as used: ĝ of History when the input was trend
    full_year_forecast: float  # F_i
    full_year_budget: float  # B_i
    remaining_cost: float  # children × weekly_cost × W × R / k
    by_year: tuple[float, ...]  # projected cost, t = 0 … (t = 0 is F_i)
    growth_trend: bool = False  # the growth came from the History trend of this placement type
    # issue 22 (Demand, §9): the row's children by plan year (t = 0 today's: the rate per 10,000 counts
    # them), the children this year's forecast used (F_i, cost still to come, bridge), and what Demand drove.
    children_by_year: tuple[float, ...] = ()
    forecast_children: float = 0.0
    demand_driven: bool = False  # Demand set some year of this row (marked on the Placements sheet)
    demand_in_year: bool = False  # Demand set this year's forecast (demand_in_year = yes)
    demand_share: float | None = None  # the row's share of its type's Demand; None: its type has none
    demand_years: tuple[bool, ...] = ()  # per plan year t: Demand set it (a whole year, or grown from one)
    # issue 26: a row of a line forecast from the Children list (children, weekly cost and remaining_cost from it)
    from_list: bool = False


@frozen
class PlacementLineResult:
    line: str
    budget: float  # the Budget line's budget
    bridge: Bridge
    remaining_cost: float
    by_year: tuple[float, ...]  # the line's service forecast by plan year (t = 0 is outturn)


@frozen
class PlacementsResult:
    rows: tuple[PlacementRowResult, ...]
    lines: dict[str, PlacementLineResult]
    total: Bridge  # all placement rows together
    lines_budget: float  # Σ budget of placement lines ("explain X of Y": X = total.full_year_budget)
    remaining_cost: float = 0.0  # Σ cost still to come this year, every row
    demand: DemandPlan | None = None  # issue 22: §9 over the rows, when there is a Demand sheet
    # issue 26: the Children list (calculations.md §12)
    list_lines: tuple[str, ...] = ()  # lines forecast from the Children list
    known_ends: float = 0.0  # Σ known_ends of those lines: what planned ends and 18th birthdays take off


@frozen
class StaffRowResult:
    line: str
    team: str
    role: str
    fte_budget: float
    fte_permanent: float
    fte_agency: float
    vacant: float
    salary: float
    employee_cost_per_fte: float  # £
    agency_cost_per_fte: float  # £
    budget_basis: float  # BB_i, units
    full_year_forecast: float  # FY_i, units
    vacancy_saving: float
    agency_premium: float
    cases: float | None
    target_caseload: float | None
    caseload: float | None
    fte_needed: float | None
    capacity_gap: float | None
    cost_to_close: float | None
    fte_in_post: float = 0.0  # permanent + agency
    turnover: float = 0.0  # yearly leavers as a share of permanent FTE (the input)
    turnover_cover: float = 0.0  # year 0: agency cover of leavers × R, units (added to the outturn)
    turnover_cover_by_year: tuple[float, ...] = ()  # t = 0 (× R) … ; later years on that year's permanent FTE
    case_growth: float = 0.0  # as used: ĝ of History when the input was trend
    case_growth_trend: bool = False  # case_growth came from the History trend of the team
    # Issue 19 (rev 3 §3): a row on a line whose method is not staffing costs nothing (money fields 0)
    capacity_only: bool = False


@frozen
class CapacityYear:
    """One Staffing row's caseload capacity in one plan year (§3 capacity by year)."""

    year: int
    team: str
    role: str
    cases: float
    fte_needed: float
    fte_in_post: float  # at the start of the year: recruits and investment posts by then, less agency they replace
    gap_fte: float  # fte_needed − fte_in_post
    cost_to_close: float  # gap_fte × emp × (1 + pay_award)^t / k: reported, not added to any forecast
    capacity_only: bool = False  # issue 19 (rev 3 §3): the row's line is not staffing-costed


@frozen
class RecruitResult:
    team: str
    role: str
    fte: float
    start: _dt.date
    replaces_agency: bool
    ignored: bool  # started on or before the end of period P: already in post
    cost_by_year: tuple[float, ...]  # employee cost added, units
    agency_saving_by_year: tuple[float, ...]  # agency cost removed, units
    one_off_by_year: tuple[float, ...]
    # Issue 19 (rev 3 §3 the workforce pipeline): cost_by_year is the signed employee cost added (a leave
    # removes it), agency_saving_by_year the signed agency cost saved (an agency_join adds it: negative).
    kind: str = "join"
    to_role: str = ""
    capacity_only: bool = False  # its row costs nothing: only its FTE count


@frozen
class RecruitmentMonth:
    """One month of the current financial year (April = 1)."""

    period: int
    label: str  # e.g. "Aug 2019"
    fte_starting: float
    fte_in_post: float  # recruits in post that month (its average: a start counts by day)
    employee_cost: float
    agency_saving: float
    one_off_cost: float
    net_effect: float  # employee_cost − agency_saving + one_off_cost


@frozen
class RecruitmentYear:
    """The current year's pipeline added up over its twelve months."""

    fte_starting: float = 0.0
    employee_cost: float = 0.0
    agency_saving: float = 0.0
    one_off_cost: float = 0.0
    net_effect: float = 0.0  # = Σ lines' recruitment_effect (a check)


@frozen
class StaffingLineResult:
    line: str
    budget: float
    budget_basis: float
    full_year_forecast: float
    recruitment_effect: float  # current year, units
    by_year: tuple[float, ...]  # the line's service forecast by plan year (t = 0 is outturn)


@frozen
class StaffingResult:
    rows: tuple[StaffRowResult, ...]
    lines: dict[str, StaffingLineResult]
    recruits: tuple[RecruitResult, ...]
    months: tuple[RecruitmentMonth, ...]  # current year, periods 1 … 12
    full_year_forecast: float
    budget_basis: float
    vacancy_saving: float
    agency_premium: float
    agency_share: float | None  # None when nobody is in post
    capacity_gap_fte: float
    cost_to_close: float
    # Added with the engine (defaults keep older constructors working):
    fte_budget: float = 0.0  # Σ establishment
    fte_permanent: float = 0.0
    fte_agency: float = 0.0
    vacant: float = 0.0  # Σ vacant_i (negative = over establishment)
    fte_needed: float | None = None  # Σ over rows with cases and target_caseload; None when no such row
    fte_in_post_with_cases: float = 0.0  # Σ permanent + agency over those same rows
    cases: float | None = None  # Σ cases over rows that give cases; None when none do
    recruitment_year: RecruitmentYear = field(default_factory=RecruitmentYear)  # Σ months
    # Revision 2:
    permanent_vacancies: float = 0.0  # Σ (fte_budget − fte_permanent)
    vacancies_covered_by_agency: float = 0.0  # Σ fte_agency
    vacancies_uncovered: float = 0.0  # Σ vacant_i
    turnover_cover: float = 0.0  # year 0: Σ rows' cover × R, part of the outturn
    turnover_cover_by_year: tuple[float, ...] = ()  # Σ rows, t = 0 (× R) …
    capacity: tuple[CapacityYear, ...] = ()  # year by year, rows with cases and target_caseload, row order within a year


@frozen
class InvestmentResult:
    name: str
    line: str
    kind: str
    funding: str
    amount: float | None  # as typed; None when posts are costed from their Staffing row
    cost: tuple[float, ...]  # by plan year
    saving: tuple[float, ...]
    funded: tuple[float, ...]
    flows: tuple[float, ...]  # saving − cost from start_year to end of plan
    npv: float | None
    irr: float | None
    payback_year: int | None
    gap_effect: tuple[float, ...] = ()  # by plan year: cost − funded − saving, what it adds to the MTFP gap
    # Revision 2: what the investment buys.
    posts_fte: float | None = None  # posts funded (None: no posts)
    team: str = ""
    role: str = ""
    replaces_agency: bool = False
    move_line: str = ""  # placement move: the line whose rows the children move between
    from_type: str = ""
    to_type: str = ""
    children_moved: float | None = None  # None: no placement move
    # Issue 19 (rev 3 §4): the posts on each team, (team, role, fte)
    posts: tuple[tuple[str, str, float], ...] = ()


@frozen
class SavingResult:
    name: str
    line: str
    year: int
    amount: float
    rag: str
    recurring: bool
    weight: float
    planned: tuple[float, ...]
    delivered: tuple[float, ...]
    at_risk: tuple[float, ...]


@frozen
class SavingsResult:
    items: tuple[SavingResult, ...]
    planned: tuple[float, ...]
    delivered: tuple[float, ...]  # year 0 reported, not counted in the MTFP
    at_risk: tuple[float, ...]
    # RAG → planned by plan year, for each RAG some saving has; delivered, green, amber, red order
    planned_by_rag: dict[str, tuple[float, ...]] = field(default_factory=dict)


@frozen
class MtfpYear:
    year: int
    base_budget: float
    service_forecast: float
    investment_costs: float
    investment_savings: float
    savings_delivered: float
    total_forecast: float
    funding: float
    gap: float  # against that year's whole budget: gaps are never summed
    savings_at_risk: float
    investment_funding: float = 0.0  # Σ investment cost funded from reserves or grant (part of funding)
    investment_gap_effect: float = 0.0  # Σ investments' cost − funded − saving: what they add to the gap
    base_growth: float = 0.0  # Σ investment cost funded from `base`: part of base_budget
    gap_change: float | None = None  # gap − last year's gap; None at t = 0
    reserves_opening: float | None = None  # None when Settings reserves_opening is blank
    reserves_drawn: float | None = None
    reserves_closing: float | None = None
    carried_forward: tuple[str, ...] = ()  # lines whose cash limit this year was carried forward, not given
    cash_limits: float = 0.0  # Σ line budgets (given or carried forward): base_budget − base_growth
    # issue 19 (rev 3 §6, §9)
    reserves_if_gaps_met: float | None = None  # reserves if each year's gap were met from them; None: not tracked
    cla: float | None = None  # children looked after: Σ children of every Placements row; None: no Placements rows
    rate_per_10k: float | None = None  # cla / child population × 10,000; None: no child_population


@frozen
class Trend:
    """A History measure's fitted trend (§8): ln(value) = a + b·m over the trend window."""

    measure: str
    months: int  # observations used (n)
    first_month: _dt.date  # first month of the window used
    last_month: _dt.date  # the measure's latest month
    latest: float  # value in the latest month
    growth: float  # ĝ = exp(12 b) − 1, yearly
    growth_se: float  # se_g
    growth_p10: float  # ĝ − 1.2816 se_g
    growth_p90: float  # ĝ + 1.2816 se_g
    a: float
    b: float  # per month
    points: tuple[tuple[_dt.date, float], ...]  # every History observation of the measure, month order (for the chart)
    change: float | None = None  # issue 19 (§8): last / first − 1 over the window (not a yearly rate)


@frozen
class Untrended:
    """A History measure no trend can be fitted on (§8): shown with its months and why, never used for a rate."""

    measure: str
    months: int  # observations in its trend window (§8: the months used)
    first_month: _dt.date  # the window's first month: the change is read from it
    last_month: _dt.date
    latest: float
    reason: str  # e.g. "has 4 months in the last 24 months of History; a trend needs at least 6"
    change: float | None = None  # issue 19 (§8): last / first − 1 over its window; None when first is 0
    first: float | None = None  # the window's first value (issue 19)


@frozen
class BridgeItem:
    """One step of the Variance Analysis bridge; the items sum to the service net variance."""

    key: str  # stable id, e.g. "placements_volume"
    label: str  # e.g. "Placements: more children than budgeted (volume)"
    amount: float


@frozen
class WaterfallBar:
    """One bar of the Variance Analysis waterfall: a bridge step, or the net variance as the last bar.

    The bar runs from ``start`` to ``end`` (the running total before and
    after the step); a stacked chart draws it as an invisible ``base`` plus
    the part above zero (``above_zero`` ≥ 0) and the part below it
    (``below_zero`` ≤ 0).
    """

    key: str  # the bridge step's key, or "net_variance"
    label: str
    amount: float
    start: float
    end: float
    base: float
    above_zero: float
    below_zero: float


@frozen
class Check:
    """An identity the engine holds; the Checks sheet writes it as a live formula."""

    key: str
    description: str
    left: float
    right: float
    # the cells each side adds up ((sign, key), forecast.engine.identities): the Checks sheet's formula
    left_terms: tuple[Term, ...] = ()
    right_terms: tuple[Term, ...] = ()

    @property
    def difference(self) -> float:
        return self.left - self.right

    @property
    def ok(self) -> bool:
        return abs(self.left - self.right) <= 1e-6 * max(1.0, abs(self.left), abs(self.right))


@frozen
class Results:
    settings: Settings
    scenario: str
    years: tuple[int, ...]
    lines: tuple[LineResult, ...]
    groups: tuple[GroupTotal, ...]  # in first-appearance order of the Budget sheet
    totals: GroupTotal  # the service total (group = service name)
    placements: PlacementsResult | None
    staffing: StaffingResult | None
    investments: tuple[InvestmentResult, ...]
    savings: SavingsResult
    mtfp: tuple[MtfpYear, ...]
    variance_bridge: tuple[BridgeItem, ...]
    checks: tuple[Check, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    waterfall: tuple[WaterfallBar, ...] = ()  # one bar per bridge step, then the net variance
    material_lines: tuple[str, ...] = ()  # the lines that explain the net variance, largest first
    other_lines_net_variance: float = 0.0  # Σ net variance of every line not in material_lines
    trends: tuple[Trend, ...] = ()  # every History measure with a fit, in first-appearance order
    untrended: tuple[Untrended, ...] = ()  # every History measure without one, shown but not used
    reserves_run_out: int | None = None  # first plan year whose reserves closing balance is below 0
    reserves_run_out_if_gaps_met: int | None = None  # issue 19: first year reserves_if_gaps_met is below 0
    # issue 23: the authority against its statistical neighbours (§10); None without Settings la_code
    benchmark: BenchmarkResult | None = None
    # issue 22: each placement type's Demand beside its History counts and today's children (Demand sheet)
    demand_series: tuple[DemandSeries, ...] = ()
    # issue 26: the Children list's figures (calculations.md §12); None when the inputs have no list
    children: ChildrenResult | None = None
    # Issue 24 (the improvement plan, calculations.md §11): None without an Actions sheet.
    actions: ImprovementPlan | None = None

    @property
    def all_checks_ok(self) -> bool:
        """The master check: every identity holds (evaluated on demand; scalar runs only)."""
        return all(check.ok for check in self.checks)
