"""Staffing (calculations.md §3): cost per FTE, budget basis, vacancies, agency, caseloads, recruitment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from forecast.engine._num import any_true, divide, maximum, minimum, total
from forecast.engine.results import (
    RecruitmentMonth,
    RecruitmentYear,
    RecruitResult,
    StaffingLineResult,
    StaffingResult,
    StaffRowResult,
)
from forecast.fy import fy_of_date, period_of_date
from forecast.inputs.model import BudgetLine, Recruit, Settings, StaffRow

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


def row_result(row: StaffRow, settings: Settings) -> StaffRowResult:
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
    )


def _key(team: str, role: str) -> tuple[str, str]:
    return team.strip().casefold(), role.strip().casefold()


@dataclass(frozen=True)
class _Placed:
    """A recruit who counts (started after period P), with what it costs per in-post month."""

    recruit: Recruit
    line: str
    year: int  # financial year of the start
    month: int  # period of the start within that year
    employee_month: float  # units, before pay award
    agency_month: float  # units, before pay award (0 when not replacing agency)


def _months_in_post(placed: _Placed, year: int) -> int:
    if year < placed.year:
        return 0
    if year == placed.year:
        return 13 - placed.month
    return 12


def _place_recruits(
    settings: Settings, rows: Sequence[StaffRow], recruits: Sequence[Recruit]
) -> tuple[list[tuple[Recruit, _Placed | None]], list[str]]:
    """Match recruits to rows, drop those already in post, cap agency replacement per row."""
    k = settings.k
    by_key = {_key(r.team, r.role): r for r in rows}
    agency_left = {_key(r.team, r.role): maximum(r.fte_agency, 0.0) for r in rows}
    warnings: list[str] = []
    out: list[tuple[Recruit, _Placed | None]] = []
    order = sorted(range(len(recruits)), key=lambda i: recruits[i].start)
    placed_at: dict[int, _Placed | None] = {}
    for i in order:
        rec = recruits[i]
        where = f"{rec.cell or 'Recruitment'}: {rec.team} / {rec.role} starting {rec.start.isoformat()}"
        row = by_key.get(_key(rec.team, rec.role))
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
        agency_month = 0.0
        if rec.replaces_agency:
            key = _key(rec.team, rec.role)
            removed = minimum(rec.fte, agency_left[key])
            agency_left[key] = agency_left[key] - removed
            if any_true(removed < rec.fte):
                warnings.append(
                    f"{where}: replaces more agency FTE than {rec.team} / {rec.role} has left "
                    f"(fte_agency {row.fte_agency}); only the agency FTE still in post is removed"
                )
            agency_month = removed * agency / 12 / k
        placed_at[i] = _Placed(rec, row.line, year, month, rec.fte * employee / 12 / k, agency_month)
    out = [(recruits[i], placed_at[i]) for i in range(len(recruits))]
    return out, warnings


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
    """The current year's pipeline, April to March."""
    fy, k = settings.financial_year, settings.k
    months = []
    this_year = [p for p in placed if p.year == fy]
    for period in range(1, 13):
        starting = [p for p in this_year if p.month == period]
        in_post = [p for p in this_year if p.month <= period]
        employee = total(p.employee_month for p in in_post)
        agency = total(p.agency_month for p in in_post)
        one_off = total(p.recruit.one_off_cost / k for p in starting)
        months.append(
            RecruitmentMonth(
                period=period,
                label=month_label(fy, period),
                fte_starting=total(p.recruit.fte for p in starting),
                fte_in_post=total(p.recruit.fte for p in in_post),
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
) -> tuple[StaffingResult, list[str]]:
    """Every staffing row of a ``staffing`` line, the recruitment pipeline and each line's forecast."""
    lines = {b.line: b for b in budget if b.method == "staffing"}
    used = [r for r in rows if r.line in lines]
    row_results = tuple(row_result(r, settings) for r in used)
    matched, warnings = _place_recruits(settings, used, recruits)
    recruit_results = tuple(_recruit_result(settings, rec, p) for rec, p in matched)
    placed = [p for _, p in matched if p is not None]

    line_results: dict[str, StaffingLineResult] = {}
    for name, line in lines.items():
        mine = [rr for rr in row_results if rr.line == name]
        if not mine:
            continue
        effects = [rr for (_, p), rr in zip(matched, recruit_results, strict=True) if p is not None and p.line == name]
        recruitment_by_year = [
            total(e.cost_by_year[t] - e.agency_saving_by_year[t] + e.one_off_by_year[t] for e in effects)
            for t in range(settings.mtfp_years)
        ]
        full_year = total(rr.full_year_forecast for rr in mine)
        outturn = line.actual_to_date + full_year * settings.remaining + recruitment_by_year[0]
        later = tuple(
            full_year * (1 + settings.pay_award) ** t + recruitment_by_year[t] for t in range(1, settings.mtfp_years)
        )
        line_results[name] = StaffingLineResult(
            line=name,
            budget=line.budget,
            budget_basis=total(rr.budget_basis for rr in mine),
            full_year_forecast=full_year,
            recruitment_effect=recruitment_by_year[0],
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
    )
    return result, warnings
