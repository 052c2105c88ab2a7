"""Staffing (calculations.md §3): cost per FTE, budget basis, vacancies, agency, caseloads, recruitment."""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

from forecast.engine._num import any_true, divide, maximum, minimum, total
from forecast.engine.results import (
    CapacityYear,
    RecruitmentMonth,
    RecruitmentYear,
    RecruitResult,
    StaffingLineResult,
    StaffingResult,
    StaffRowResult,
    Trend,
)
from forecast.engine.trends import rate_of
from forecast.fy import fy_label, fy_of_date, period_of_date
from forecast.inputs.model import BudgetLine, Investment, Recruit, Settings, StaffRow
from forecast.names import name_key

_MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


def month_label(financial_year: int, period: int) -> str:
    """Period 5 of 2019/20 → ``'Aug 2019'``; period 10 → ``'Jan 2020'``."""
    return f"{_MONTHS[period - 1]} {financial_year + (1 if period >= 10 else 0)}"


def cost_per_fte(row: StaffRow, settings: Settings) -> tuple[float, float]:
    """(employee, agency) full cost of one FTE for a year, in £.

    Agency is the hourly rate × hours × weeks when a rate is given, else the
    employee cost plus the premium; with neither (no agency on the row) it is
    costed as an employee, so the row's agency premium is 0.
    """
    employee = row.salary * (1 + settings.on_cost_rate)
    if row.agency_hourly_rate is not None:
        agency = row.agency_hourly_rate * settings.hours_per_week * settings.weeks_per_year
    elif row.agency_premium is not None:
        agency = employee * (1 + row.agency_premium)
    else:
        agency = employee
    return employee, agency


def row_result(row: StaffRow, settings: Settings, trends: dict[str, Trend] | None = None) -> StaffRowResult:
    """The row now (t = 0): costs, vacancies, caseload and the year's turnover cover (× R)."""
    k = settings.k
    employee, agency = cost_per_fte(row, settings)
    in_post = row.fte_permanent + row.fte_agency
    vacant = row.fte_budget - row.fte_permanent - row.fte_agency
    caseload = fte_needed = gap = cost_to_close = None
    if row.cases is not None:
        caseload = divide(row.cases, in_post)
        if row.target_caseload is not None:
            fte_needed = divide(row.cases, row.target_caseload)
            if fte_needed is not None:
                gap = fte_needed - in_post
                cost_to_close = gap * employee / k
    case_growth = rate_of(row.case_growth, row.team, trends or {}, row.cell, "case_growth")
    return StaffRowResult(
        line=row.line,
        team=row.team,
        role=row.role,
        fte_budget=row.fte_budget,
        fte_permanent=row.fte_permanent,
        fte_agency=row.fte_agency,
        vacant=vacant,
        salary=row.salary,
        employee_cost_per_fte=employee,
        agency_cost_per_fte=agency,
        budget_basis=row.fte_budget * employee / k,
        full_year_forecast=(row.fte_permanent * employee + row.fte_agency * agency) / k,
        vacancy_saving=vacant * employee / k,
        agency_premium=row.fte_agency * (agency - employee) / k,
        cases=row.cases,
        target_caseload=row.target_caseload,
        caseload=caseload,
        fte_needed=fte_needed,
        capacity_gap=gap,
        cost_to_close=cost_to_close,
        fte_in_post=in_post,
        turnover=row.turnover,
        turnover_cover=_cover_per_fte(row, settings, employee, agency) * row.fte_permanent * settings.remaining,
        case_growth=case_growth,
        case_growth_trend=isinstance(row.case_growth, str),
    )


def _cover_per_fte(row: StaffRow, settings: Settings, employee: float, agency: float) -> float:
    """A year's agency cover of leavers per permanent FTE, units: turnover × (ag − emp) × backfill_months / 12 / k."""
    return row.turnover * (agency - employee) * settings.backfill_months / 12 / settings.k


def _key(team: str, role: str) -> tuple[str, str]:
    return name_key(team), name_key(role)


@dataclass(frozen=True)
class _Placed:
    """A recruit who counts (started after period P), with what it costs per in-post month."""

    recruit: Recruit
    line: str
    key: tuple[str, str]  # the Staffing row's (team, role) key
    year: int  # financial year of the start
    month: int  # period of the start within that year
    share: float  # the part of the start month in post: (days in month − day + 1) / days in month
    employee_month: float  # units, before pay award
    agency_month: float  # units, before pay award (0 when not replacing agency)
    replaced: float  # agency FTE the recruit replaces


@dataclass(frozen=True)
class PostTerms:
    """The posts an investment buys, on its Staffing row (§4): what they cost and which agency they replace."""

    key: tuple[str, str]
    fte: float
    replaced: float  # agency FTE of the row the posts replace (0 unless replaces_agency)
    employee: float  # £ a year per FTE, before pay award
    agency: float
    first_year: int
    last_year: int


def _start_share(day: _dt.date) -> float:
    """The part of its month a start date is in post for; a start on the 1st is the whole month."""
    days = calendar.monthrange(day.year, day.month)[1]
    return (days - day.day + 1) / days


def _months_in_post(placed: _Placed, year: int) -> float:
    """Months of financial year ``year`` the recruit is in post (the start month counted by day)."""
    if year < placed.year:
        return 0.0
    if year == placed.year:
        return placed.share + 12 - placed.month
    return 12.0


def _in_post_share(placed: _Placed, period: int) -> float:
    """The part of month ``period`` of the start year the recruit is in post for."""
    if period < placed.month:
        return 0.0
    return placed.share if period == placed.month else 1.0


def _place_recruits(
    settings: Settings, rows: Sequence[StaffRow], recruits: Sequence[Recruit]
) -> tuple[list[tuple[Recruit, _Placed | None]], dict[tuple[str, str], float], list[str]]:
    """Match recruits to rows, drop those already in post, cap agency replacement per row.

    Also returns each row's agency FTE left after every recruit (what investment posts may still replace).
    """
    k = settings.k
    by_key = {_key(r.team, r.role): r for r in rows}
    agency_left = {_key(r.team, r.role): maximum(r.fte_agency, 0.0) for r in rows}
    warnings: list[str] = []
    order = sorted(range(len(recruits)), key=lambda i: recruits[i].start)
    placed_at: dict[int, _Placed | None] = {}
    for i in order:
        rec = recruits[i]
        where = f"{rec.cell or 'Recruitment'}: {rec.team} / {rec.role} starting {rec.start.isoformat()}"
        key = _key(rec.team, rec.role)
        row = by_key.get(key)
        if row is None:
            warnings.append(f"{where}: no Staffing row has this team and role, ignored")
            placed_at[i] = None
            continue
        year, month = fy_of_date(rec.start), period_of_date(rec.start)
        if (year, month) <= (settings.financial_year, settings.period):
            warnings.append(
                f"{where}: started on or before the end of period {settings.period} "
                f"({month_label(settings.financial_year, settings.period) if settings.period else 'the year start'})"
                ", so already counted in fte_permanent: ignored"
            )
            placed_at[i] = None
            continue
        employee, agency = cost_per_fte(row, settings)
        removed = 0.0
        if rec.replaces_agency:
            removed, short = _take_agency(agency_left, key, rec.fte)
            if short:
                warnings.append(
                    f"{where}: replaces more agency FTE than {rec.team} / {rec.role} has left "
                    f"(fte_agency {row.fte_agency}); only the agency FTE still in post is removed"
                )
        placed_at[i] = _Placed(
            rec, row.line, key, year, month, _start_share(rec.start),
            rec.fte * employee / 12 / k, removed * agency / 12 / k, removed,
        )
    out = [(recruits[i], placed_at[i]) for i in range(len(recruits))]
    return out, agency_left, warnings


def post_terms(
    settings: Settings,
    rows: Sequence[StaffRow],
    agency_left: dict[tuple[str, str], float],
    investments: Sequence[Investment],
) -> tuple[tuple[PostTerms | None, ...], list[str]]:
    """For each investment, the posts it buys (None when none, or when its row is not a staffing line's).

    Posts with replaces_agency take the row's agency FTE that recruits have
    not already replaced, investment by investment in sheet order.
    """
    by_key = {_key(r.team, r.role): r for r in rows}
    left = dict(agency_left)
    last = settings.years[-1]
    out: list[PostTerms | None] = []
    warnings: list[str] = []
    for item in investments:
        if item.fte is None or not item.team:
            out.append(None)
            continue
        key = _key(item.team, item.role)
        row = by_key.get(key)
        where = f"{item.cell or 'Investments'}: {item.name!r}"
        if row is None:
            warnings.append(f"{where}: {item.team} / {item.role} is not on a staffing line's Staffing rows: "
                            "its posts add no capacity")
            out.append(None)
            continue
        employee, agency = cost_per_fte(row, settings)
        replaced = 0.0
        if item.replaces_agency:
            replaced, short = _take_agency(left, key, item.fte)
            if short:
                warnings.append(
                    f"{where}: its {item.fte:g} posts replace agency, but {item.team} / {item.role} has less agency "
                    "left once recruits have replaced theirs: only the agency FTE still in post is saved"
                )
        end = item.end_year if item.end_year is not None else last
        out.append(PostTerms(key, item.fte, replaced, employee, agency, item.start_year, end))
    return tuple(out), warnings


def _recruit_result(settings: Settings, rec: Recruit, placed: _Placed | None) -> RecruitResult:
    n = settings.mtfp_years
    cost, saving, one_off = [0.0] * n, [0.0] * n, [0.0] * n
    if placed is not None:
        for t, year in enumerate(settings.years):
            months = _months_in_post(placed, year)
            uplift = (1 + settings.pay_award) ** t
            cost[t] = placed.employee_month * months * uplift
            saving[t] = placed.agency_month * months * uplift
            one_off[t] = rec.one_off_cost / settings.k if year == placed.year else 0.0
    return RecruitResult(
        team=rec.team,
        role=rec.role,
        fte=rec.fte,
        start=rec.start,
        replaces_agency=rec.replaces_agency,
        ignored=placed is None,
        cost_by_year=tuple(cost),
        agency_saving_by_year=tuple(saving),
        one_off_by_year=tuple(one_off),
    )


def _months(settings: Settings, placed: Sequence[_Placed]) -> tuple[RecruitmentMonth, ...]:
    """The current year's pipeline, April to March (FTE in post: the month's average, a start counted by day)."""
    fy, k = settings.financial_year, settings.k
    months = []
    this_year = [p for p in placed if p.year == fy]
    for period in range(1, 13):
        starting = [p for p in this_year if p.month == period]
        employee = total(p.employee_month * _in_post_share(p, period) for p in this_year)
        agency = total(p.agency_month * _in_post_share(p, period) for p in this_year)
        one_off = total(p.recruit.one_off_cost / k for p in starting)
        months.append(
            RecruitmentMonth(
                period=period,
                label=month_label(fy, period),
                fte_starting=total(p.recruit.fte for p in starting),
                fte_in_post=total(p.recruit.fte * _in_post_share(p, period) for p in this_year),
                employee_cost=employee,
                agency_saving=agency,
                one_off_cost=one_off,
                net_effect=employee - agency + one_off,
            )
        )
    return tuple(months)


def _year(months: Sequence[RecruitmentMonth]) -> RecruitmentYear:
    """The pipeline's months added up (FTE in post is a level, not a flow, so it has no total)."""
    return RecruitmentYear(
        fte_starting=total(m.fte_starting for m in months),
        employee_cost=total(m.employee_cost for m in months),
        agency_saving=total(m.agency_saving for m in months),
        one_off_cost=total(m.one_off_cost for m in months),
        net_effect=total(m.net_effect for m in months),
    )


def staffing(
    settings: Settings,
    budget: Sequence[BudgetLine],
    rows: Sequence[StaffRow],
    recruits: Sequence[Recruit],
    trends: dict[str, Trend] | None = None,
    investments: Sequence[Investment] = (),
) -> tuple[StaffingResult, tuple[PostTerms | None, ...], list[str]]:
    """Every staffing row of a ``staffing`` line, the recruitment pipeline, each line's forecast, capacity by year.

    Also returns the posts each investment buys (§4), which the investments
    cost and the capacity counts.
    """
    lines = {b.line: b for b in budget if b.method == "staffing"}
    used = [r for r in rows if r.line in lines]
    row_results = tuple(row_result(r, settings, trends) for r in used)
    matched, agency_left, warnings = _place_recruits(settings, used, recruits)
    posts, post_warnings = post_terms(settings, used, agency_left, investments)
    warnings += post_warnings
    recruit_results = tuple(_recruit_result(settings, rec, p) for rec, p in matched)
    placed = [p for _, p in matched if p is not None]
    placed_by_row = _by_key(placed)  # each row's recruits, found once (a large authority has thousands)
    covers = [
        _turnover_by_year(settings, row, rr, placed_by_row.get(_key(row.team, row.role), []))
        for row, rr in zip(used, row_results, strict=True)
    ]
    row_results = tuple(
        replace(rr, turnover_cover_by_year=cover) for rr, cover in zip(row_results, covers, strict=True)
    )
    warnings += _over_establishment(settings, used, placed_by_row)

    line_results: dict[str, StaffingLineResult] = {}
    for name, line in lines.items():
        mine = [rr for rr in row_results if rr.line == name]
        if not mine:
            continue
        effects = [rr for (_, p), rr in zip(matched, recruit_results, strict=True) if p is not None and p.line == name]
        by_year = [
            total(e.cost_by_year[t] - e.agency_saving_by_year[t] + e.one_off_by_year[t] for e in effects)
            + total(rr.turnover_cover_by_year[t] for rr in mine)
            for t in range(settings.mtfp_years)
        ]
        full_year = total(rr.full_year_forecast for rr in mine)
        outturn = line.actual_to_date + full_year * settings.remaining + by_year[0]
        later = tuple(full_year * (1 + settings.pay_award) ** t + by_year[t] for t in range(1, settings.mtfp_years))
        line_results[name] = StaffingLineResult(
            line=name,
            budget=line.budget,
            budget_basis=total(rr.budget_basis for rr in mine),
            full_year_forecast=full_year,
            recruitment_effect=by_year[0] - total(rr.turnover_cover for rr in mine),
            by_year=(outturn, *later),
        )

    with_cases = [rr for rr in row_results if rr.capacity_gap is not None]
    cases = [rr.cases for rr in row_results if rr.cases is not None]
    months = _months(settings, placed)
    permanent = total(rr.fte_permanent for rr in row_results)
    agency = total(rr.fte_agency for rr in row_results)
    result = StaffingResult(
        rows=row_results,
        lines=line_results,
        recruits=recruit_results,
        months=months,
        full_year_forecast=total(rr.full_year_forecast for rr in row_results),
        budget_basis=total(rr.budget_basis for rr in row_results),
        vacancy_saving=total(rr.vacancy_saving for rr in row_results),
        agency_premium=total(rr.agency_premium for rr in row_results),
        agency_share=divide(agency, permanent + agency),
        capacity_gap_fte=total(cast(float, rr.capacity_gap) for rr in with_cases),
        cost_to_close=total(cast(float, rr.cost_to_close) for rr in with_cases),
        fte_budget=total(rr.fte_budget for rr in row_results),
        fte_permanent=permanent,
        fte_agency=agency,
        vacant=total(rr.vacant for rr in row_results),
        fte_needed=total(cast(float, rr.fte_needed) for rr in with_cases) if with_cases else None,
        fte_in_post_with_cases=total(rr.fte_in_post for rr in with_cases),
        cases=total(cases) if cases else None,
        recruitment_year=_year(months),
        permanent_vacancies=total(rr.fte_budget - rr.fte_permanent for rr in row_results),
        vacancies_covered_by_agency=agency,
        vacancies_uncovered=total(rr.vacant for rr in row_results),
        turnover_cover=total(rr.turnover_cover for rr in row_results),
        turnover_cover_by_year=tuple(
            total(rr.turnover_cover_by_year[t] for rr in row_results) for t in range(settings.mtfp_years)
        ),
        capacity=_capacity(settings, row_results, placed_by_row, posts),
    )
    return result, posts, warnings


def _take_agency(left: dict[tuple[str, str], float], key: tuple[str, str], fte: float) -> tuple[float, bool]:
    """Replace up to ``fte`` of the agency FTE a row has left (recruits first, then posts): the FTE replaced,
    and whether there was less than asked (the caller warns, naming the recruit or investment)."""
    removed = minimum(fte, left[key])
    left[key] = left[key] - removed
    return removed, any_true(removed < fte)


def _by_key(placed: Sequence[_Placed]) -> dict[tuple[str, str], list[_Placed]]:
    """Recruits grouped by their Staffing row."""
    out: dict[tuple[str, str], list[_Placed]] = {}
    for p in placed:
        out.setdefault(p.key, []).append(p)
    return out


def _permanent_in_year(row: StaffRow, placed: Sequence[_Placed], year: int) -> float:
    """A row's permanent FTE over a financial year: those in post now plus its recruits (``placed``) for the
    months they are in post."""
    return row.fte_permanent + total(p.recruit.fte * _months_in_post(p, year) / 12 for p in placed)


def _turnover_by_year(
    settings: Settings, row: StaffRow, result: StaffRowResult, placed: Sequence[_Placed]
) -> tuple[float, ...]:
    """Agency cover of leavers: year 0 the cover × R (in the outturn); later years on that year's permanent FTE."""
    per_fte = _cover_per_fte(row, settings, result.employee_cost_per_fte, result.agency_cost_per_fte)
    later = tuple(
        per_fte * _permanent_in_year(row, placed, year) * (1 + settings.pay_award) ** t
        for t, year in enumerate(settings.years)
        if t > 0
    )
    return (result.turnover_cover, *later)


def _over_establishment(
    settings: Settings, rows: Sequence[StaffRow], placed: dict[tuple[str, str], list[_Placed]]
) -> list[str]:
    """Warn, once per row, naming the years whose permanent + agency FTE after recruits exceed fte_budget."""
    out = []
    for row in rows:
        mine = placed.get(_key(row.team, row.role), [])
        over = []
        for year in settings.years:
            joined = total(p.recruit.fte - p.replaced for p in mine if p.year <= year)
            if any_true(row.fte_permanent + row.fte_agency + joined > row.fte_budget + 1e-9):
                over.append(fy_label(year))
        if over:
            where = f"{row.cell or 'Staffing'}: {row.team} / {row.role}"
            out.append(
                f"{where}: permanent and agency FTE after recruits exceed the funded establishment "
                f"(fte_budget {row.fte_budget:g}) in {', '.join(over)}: check fte_budget or the recruits"
            )
    return out


def _capacity(
    settings: Settings,
    rows: Sequence[StaffRowResult],
    placed: dict[tuple[str, str], list[_Placed]],
    posts: Sequence[PostTerms | None],
) -> tuple[CapacityYear, ...]:
    """Each plan year, each row with cases and a target caseload: cases, FTE needed and in post, gap, cost to close.

    FTE in post is the position at the start of the year: recruits who
    started before it and investment posts in post that year, each less the
    agency FTE it replaces (year 0: the FTE in post now).
    """
    out = []
    for t, year in enumerate(settings.years):
        for rr in rows:
            if rr.cases is None or rr.target_caseload is None:
                continue
            key = _key(rr.team, rr.role)
            in_post = rr.fte_in_post
            if t > 0:
                in_post = in_post + total(p.recruit.fte - p.replaced for p in placed.get(key, []) if p.year < year)
                in_post = in_post + total(
                    p.fte - p.replaced for p in posts if p is not None and p.key == key
                    and p.first_year <= year <= p.last_year
                )
            cases = rr.cases * (1 + rr.case_growth) ** t
            needed = cases / rr.target_caseload
            gap = needed - in_post
            out.append(CapacityYear(
                year=year,
                team=rr.team,
                role=rr.role,
                cases=cases,
                fte_needed=needed,
                fte_in_post=in_post,
                gap_fte=gap,
                cost_to_close=gap * rr.employee_cost_per_fte * (1 + settings.pay_award) ** t / settings.k,
            ))
    return tuple(out)
