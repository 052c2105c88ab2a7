"""Staffing (calculations.md §3): cost per FTE, budget basis, vacancies, agency, caseloads, recruitment."""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import cast

from forecast.engine._num import any_true, divide, is_array, maximum, minimum, total
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
from forecast.records import frozen

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


def row_result(
    row: StaffRow, settings: Settings, trends: dict[str, Trend] | None = None, capacity_only: bool = False
) -> StaffRowResult:
    """The row now (t = 0): costs, vacancies, caseload and the year's turnover cover (× R).

    A capacity-only row (rev 3: on a line whose method is not staffing) has every money figure 0: budget basis,
    full-year forecast, vacancy saving, agency premium and turnover cover. Its cost to close is still reported.
    """
    k = settings.k
    money = 0.0 if capacity_only else 1.0
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
        budget_basis=money * row.fte_budget * employee / k,
        full_year_forecast=money * (row.fte_permanent * employee + row.fte_agency * agency) / k,
        vacancy_saving=money * vacant * employee / k,
        agency_premium=money * row.fte_agency * (agency - employee) / k,
        cases=row.cases,
        target_caseload=row.target_caseload,
        caseload=caseload,
        fte_needed=fte_needed,
        capacity_gap=gap,
        cost_to_close=cost_to_close,
        fte_in_post=in_post,
        turnover=row.turnover,
        turnover_cover=money * _cover_per_fte(row, settings, employee, agency) * row.fte_permanent * settings.remaining,
        capacity_only=capacity_only,
        case_growth=case_growth,
        case_growth_trend=isinstance(row.case_growth, str),
    )


def _cover_per_fte(row: StaffRow, settings: Settings, employee: float, agency: float) -> float:
    """A year's agency cover of leavers per permanent FTE, units: turnover × (ag − emp) × backfill_months / 12 / k."""
    return row.turnover * (agency - employee) * settings.backfill_months / 12 / settings.k


def _g(value: float) -> str:
    """A count for a warning: ``4.5``; a risk run's array of draws (which varies) is named as such."""
    return "(varied by the risk run)" if is_array(value) else f"{value:g}"


def _key(team: str, role: str) -> tuple[str, str]:
    return name_key(team), name_key(role)


@frozen
class _Leg:
    """What one pipeline row does to one Staffing row (a progress row has two legs: from and to)."""

    line: str
    key: tuple[str, str]  # the Staffing row's (team, role) key
    permanent: float  # signed change in permanent FTE
    agency: float  # signed change in agency FTE
    employee_month: float  # signed employee cost added a month, units before pay award (0 on a capacity-only row)
    agency_month: float  # signed agency cost saved a month (negative: agency cost added; 0 on a capacity-only row)


@frozen
class _Placed:
    """A pipeline row that counts (it happens after period P), with what it does to its rows per month in post."""

    recruit: Recruit
    line: str  # the line of the row it names (for a progress row: the from row's)
    key: tuple[str, str]
    year: int  # financial year of the start
    month: int  # period of the start within that year
    share: float  # the part of the start month counted: (days in month − day + 1) / days in month
    legs: tuple[_Leg, ...]
    one_off: float  # one_off_cost in units (0 when its row is capacity only)
    capacity_only: bool  # its row's line is not staffing-costed

    @property
    def replaced(self) -> float:
        """Agency FTE a join replaces (0 for the other kinds)."""
        return -total(leg.agency for leg in self.legs) if self.recruit.kind == "join" else 0.0

    @property
    def fte_change(self) -> float:
        """FTE starting (+) or leaving (−) for the pipeline's months: a join counts its recruits (the agency they
        replace is in the agency saving, as in revision 2), a leave −fte, agency starts +, agency ends −, and a
        progression 0 (people move between two rows)."""
        agency = total(leg.agency for leg in self.legs) if self.recruit.kind != "join" else 0.0
        return total(leg.permanent for leg in self.legs) + agency


@frozen
class PostTerms:
    """The posts an investment buys on one Staffing row (§4): what they cost and which agency they replace."""

    key: tuple[str, str]
    fte: float
    replaced: float  # agency FTE of the row the posts replace (0 unless replaces_agency)
    employee: float  # £ a year per FTE, before pay award
    agency: float
    first_year: int
    last_year: int
    team: str = ""
    role: str = ""


def _start_share(day: _dt.date) -> float:
    """The part of its month a start date is in post for; a start on the 1st is the whole month."""
    days = calendar.monthrange(day.year, day.month)[1]
    return (days - day.day + 1) / days


def _months_in_post(placed: _Placed, year: int) -> float:
    """Months of financial year ``year`` the row's change counts for (the start month counted by day)."""
    if year < placed.year:
        return 0.0
    if year == placed.year:
        return placed.share + 12 - placed.month
    return 12.0


def _in_post_share(placed: _Placed, period: int) -> float:
    """The part of month ``period`` of the start year the change counts for."""
    if period < placed.month:
        return 0.0
    return placed.share if period == placed.month else 1.0


def _parts(item: Investment) -> list[tuple[str, float]]:
    """The teams an investment's posts join, each with its FTE (rev 3: split equally when no counts are given;
    counts are scaled to fte, so a scenario that changes fte keeps the teams' proportions)."""
    teams = item.teams or (((item.team, None),) if item.team else ())
    if not teams or item.fte is None:
        return []
    counts = [c for _, c in teams]
    if all(c is not None for c in counts):
        given = total(cast(float, c) for c in counts)
        return [(t, cast(float, c) * item.fte / given) for t, c in teams]
    return [(t, item.fte / len(teams)) for t, _ in teams]


def _pipeline(
    settings: Settings,
    rows: Sequence[StaffRow],
    costed: set[str],
    recruits: Sequence[Recruit],
    investments: Sequence[Investment],
) -> tuple[list[tuple[Recruit, _Placed | None]], tuple[tuple[PostTerms, ...], ...], list[str]]:
    """Match pipeline rows and investment posts to Staffing rows, in date order, drawing on each row's pools.

    Each row has one permanent pool (fte_permanent, plus joins and progressions in, less leavers and
    progressions out) and one agency pool (fte_agency, plus agency joins, less what replacing joins,
    agency leaves and replacing posts take). The pipeline draws on them in date order; investment posts then
    take the agency the pipeline left, investment by investment in sheet order (§4: "what recruits have not
    already replaced"). Rows that happened on or before the end of period P are already in the counts:
    warned and ignored.
    """
    by_key = {_key(r.team, r.role): r for r in rows}
    agency_left = {key: maximum(r.fte_agency, 0.0) for key, r in by_key.items()}
    permanent_left = {key: maximum(r.fte_permanent, 0.0) for key, r in by_key.items()}
    warnings: list[str] = []
    placed_at: dict[int, _Placed | None] = {}
    post_parts: list[list[PostTerms]] = [[] for _ in investments]
    # the pipeline in date order (ties: sheet order), then each investment's posts in sheet order: §4's posts
    # replace "what recruits have not already replaced", so revision 2's figures hold without the new kinds
    events: list[tuple[_dt.date, int, int, int]] = sorted((rec.start, 0, i, 0) for i, rec in enumerate(recruits))
    last = settings.years[-1]
    for n, item in enumerate(investments):
        for m, _part in enumerate(_parts(item)):
            events.append((_dt.date(item.start_year, 4, 1), 1, n, m))
    for _day, what, i, m in events:
        if what == 1:
            item = investments[i]
            team, fte = _parts(item)[m]
            where = f"{item.cell or 'Investments'}: {item.name!r}"
            key = _key(team, item.role)
            row = by_key.get(key)
            if row is None:
                warnings.append(f"{where}: {team} / {item.role} is not a Staffing row: these posts add no capacity")
                continue
            employee, agency = cost_per_fte(row, settings)
            replaced = 0.0
            if item.replaces_agency:
                replaced, short = _take(agency_left, key, fte)
                if short:
                    others = " (nothing moves to the investment's other teams)" if len(_parts(item)) > 1 else ""
                    warnings.append(
                        f"{where}: its {_g(fte)} posts in {row.team} / {row.role} replace agency, but the row has less "
                        f"agency left by then: only the agency FTE still in post is saved{others}"
                    )
            end = item.end_year if item.end_year is not None else last
            post_parts[i].append(
                PostTerms(key, fte, replaced, employee, agency, item.start_year, end, row.team, row.role)
            )
            continue
        rec = recruits[i]
        placed_at[i] = _place(settings, rec, by_key, costed, agency_left, permanent_left, warnings)
    out = [(recruits[i], placed_at.get(i)) for i in range(len(recruits))]
    return out, tuple(tuple(p) for p in post_parts), warnings


def _place(
    settings: Settings,
    rec: Recruit,
    by_key: dict[tuple[str, str], StaffRow],
    costed: set[str],
    agency_left: dict[tuple[str, str], float],
    permanent_left: dict[tuple[str, str], float],
    warnings: list[str],
) -> _Placed | None:
    """One pipeline row: what it does to its row(s), drawing on the pools (warned when they run short)."""
    k = settings.k
    where = f"{rec.cell or 'Recruitment'}: {rec.team} / {rec.role} {_VERB.get(rec.kind, 'starting')} " \
            f"{rec.start.isoformat()}"
    key = _key(rec.team, rec.role)
    row = by_key.get(key)
    if row is None:
        warnings.append(f"{where}: no Staffing row has this team and role, ignored")
        return None
    year, month = fy_of_date(rec.start), period_of_date(rec.start)
    if (year, month) <= (settings.financial_year, settings.period):
        warnings.append(
            f"{where}: {'started' if rec.kind in ('join', 'agency_join') else 'happened'} on or before the end of period {settings.period} "
            f"({month_label(settings.financial_year, settings.period) if settings.period else 'the year start'})"
            f", so already counted in {'fte_agency' if rec.kind.startswith('agency') else 'fte_permanent'}: ignored"
        )
        return None
    employee, agency = cost_per_fte(row, settings)
    money = 1.0 if row.line in costed else 0.0  # a capacity-only row costs nothing
    legs: list[_Leg] = []
    fte = rec.fte
    if rec.kind == "leave" or rec.kind == "progress":
        taken = minimum(fte, permanent_left[key])
        permanent_left[key] = permanent_left[key] - taken
        if any_true(taken < fte):
            warnings.append(
                f"{where}: takes more permanent FTE than {rec.team} / {rec.role} has by then "
                f"(fte_permanent {_g(row.fte_permanent)} with the pipeline before it): only the FTE still in post "
                f"{'leave' if rec.kind == 'leave' else 'move'}"
            )
        legs.append(_Leg(row.line, key, -taken, 0.0, -money * taken * employee / 12 / k, 0.0))
        if rec.kind == "progress":
            to_key = _key(rec.team, rec.to_role)
            to_row = by_key.get(to_key)
            if to_row is None:
                warnings.append(f"{where}: no Staffing row {rec.team} / {rec.to_role} to move to, ignored")
                return None
            to_employee, _ = cost_per_fte(to_row, settings)
            to_money = 1.0 if to_row.line in costed else 0.0
            permanent_left[to_key] = permanent_left[to_key] + taken
            legs.append(_Leg(to_row.line, to_key, taken, 0.0, to_money * taken * to_employee / 12 / k, 0.0))
    elif rec.kind == "agency_join":
        agency_left[key] = agency_left[key] + fte
        legs.append(_Leg(row.line, key, 0.0, fte, 0.0, -money * fte * agency / 12 / k))
    elif rec.kind == "agency_leave":
        taken, short = _take(agency_left, key, fte)
        if short:
            warnings.append(
                f"{where}: ends more agency FTE than {rec.team} / {rec.role} has left by then "
                f"(fte_agency {_g(row.fte_agency)} with the pipeline and posts before it): only the agency FTE "
                "still in post end"
            )
        legs.append(_Leg(row.line, key, 0.0, -taken, 0.0, money * taken * agency / 12 / k))
    else:  # join
        permanent_left[key] = permanent_left[key] + fte
        removed = 0.0
        if rec.replaces_agency:
            removed, short = _take(agency_left, key, fte)
            if short:
                warnings.append(
                    f"{where}: replaces more agency FTE than {rec.team} / {rec.role} has left "
                    f"(fte_agency {row.fte_agency}); only the agency FTE still in post is removed"
                )
        legs.append(_Leg(row.line, key, fte, -removed, money * fte * employee / 12 / k,
                         money * removed * agency / 12 / k))
    return _Placed(
        rec, row.line, key, year, month, _start_share(rec.start), tuple(legs),
        money * rec.one_off_cost / k, row.line not in costed,
    )


_VERB = {"join": "starting", "leave": "leaving", "agency_join": "agency starting", "agency_leave": "agency leaving",
         "progress": "progressing"}


def _recruit_result(settings: Settings, rec: Recruit, placed: _Placed | None) -> RecruitResult:
    n = settings.mtfp_years
    cost, saving, one_off = [0.0] * n, [0.0] * n, [0.0] * n
    if placed is not None:
        employee = total(leg.employee_month for leg in placed.legs)
        agency = total(leg.agency_month for leg in placed.legs)
        for t, year in enumerate(settings.years):
            months = _months_in_post(placed, year)
            uplift = (1 + settings.pay_award) ** t
            cost[t] = employee * months * uplift
            saving[t] = agency * months * uplift
            one_off[t] = placed.one_off if year == placed.year else 0.0
    return RecruitResult(
        team=rec.team,
        role=rec.role,
        fte=rec.fte,
        start=rec.start,
        replaces_agency=rec.replaces_agency and rec.kind == "join",
        ignored=placed is None,
        cost_by_year=tuple(cost),
        agency_saving_by_year=tuple(saving),
        one_off_by_year=tuple(one_off),
        kind=rec.kind,
        to_role=rec.to_role,
        capacity_only=placed is not None and placed.capacity_only,
    )


def _months(settings: Settings, placed: Sequence[_Placed]) -> tuple[RecruitmentMonth, ...]:
    """The current year's pipeline, April to March: FTE starting and the change in FTE in post (net of every kind,
    the month's average, a start counted by day), and what it costs."""
    fy = settings.financial_year
    months = []
    this_year = [p for p in placed if p.year == fy]
    for period in range(1, 13):
        starting = [p for p in this_year if p.month == period]
        employee = total(leg.employee_month * _in_post_share(p, period) for p in this_year for leg in p.legs)
        agency = total(leg.agency_month * _in_post_share(p, period) for p in this_year for leg in p.legs)
        one_off = total(p.one_off for p in starting)
        months.append(
            RecruitmentMonth(
                period=period,
                label=month_label(fy, period),
                fte_starting=total(p.fte_change for p in starting),
                fte_in_post=total(p.fte_change * _in_post_share(p, period) for p in this_year),
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


def _line_effect(
    settings: Settings, legs: Sequence[tuple[_Placed, _Leg]], placed: Sequence[_Placed], t: int, year: int
) -> float:
    """The pipeline's cost on one line in plan year t: every leg on the line (``legs``), and one-off costs of the
    line's rows (``placed``)."""
    uplift = (1 + settings.pay_award) ** t
    money = total((leg.employee_month - leg.agency_month) * _months_in_post(p, year) * uplift for p, leg in legs)
    return money + total(p.one_off for p in placed if p.year == year)


def staffing(
    settings: Settings,
    budget: Sequence[BudgetLine],
    rows: Sequence[StaffRow],
    recruits: Sequence[Recruit],
    trends: dict[str, Trend] | None = None,
    investments: Sequence[Investment] = (),
) -> tuple[StaffingResult, tuple[tuple[PostTerms, ...], ...], list[str]]:
    """Every Staffing row, the workforce pipeline, each staffing line's forecast, capacity by year.

    Rows on a line whose method is not ``staffing`` are capacity only (rev 3): they count in vacancies, agency
    share, caseloads and capacity but cost nothing. Also returns the posts each investment buys on each of its
    teams (§4), which the investments cost and the capacity counts.
    """
    lines = {b.line: b for b in budget if b.method == "staffing"}
    known = {b.line for b in budget}
    used = [r for r in rows if r.line in known]
    costed = set(lines)
    row_results = tuple(row_result(r, settings, trends, capacity_only=r.line not in costed) for r in used)
    matched, posts, warnings = _pipeline(settings, used, costed, recruits, investments)
    recruit_results = tuple(_recruit_result(settings, rec, p) for rec, p in matched)
    placed = [p for _, p in matched if p is not None]
    legs_by_row = _by_key(placed)  # each row's pipeline legs, found once (a large authority has thousands)
    covers = [
        _turnover_by_year(settings, row, rr, legs_by_row.get(_key(row.team, row.role), []))
        for row, rr in zip(used, row_results, strict=True)
    ]
    row_results = tuple(
        replace(rr, turnover_cover_by_year=cover) for rr, cover in zip(row_results, covers, strict=True)
    )
    flat_posts = _posts_by_key([p for parts in posts for p in parts])
    warnings += _over_establishment(settings, used, legs_by_row, flat_posts)

    # each line's rows, pipeline legs and placed rows in order, found once (a large authority has thousands)
    rows_of: dict[str, list[StaffRowResult]] = {}
    for rr in row_results:
        rows_of.setdefault(rr.line, []).append(rr)
    legs_on: dict[str, list[tuple[_Placed, _Leg]]] = {}
    placed_on: dict[str, list[_Placed]] = {}
    for p in placed:
        placed_on.setdefault(p.line, []).append(p)
        for leg in p.legs:
            legs_on.setdefault(leg.line, []).append((p, leg))
    line_results: dict[str, StaffingLineResult] = {}
    for name, line in lines.items():
        mine = rows_of.get(name, [])
        if not mine:
            continue
        by_year = [
            _line_effect(settings, legs_on.get(name, []), placed_on.get(name, []), t, year)
            + total(rr.turnover_cover_by_year[t] for rr in mine)
            for t, year in enumerate(settings.years)
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
        capacity=_capacity(settings, row_results, legs_by_row, flat_posts),
    )
    return result, posts, warnings


def _take(left: dict[tuple[str, str], float], key: tuple[str, str], fte: float) -> tuple[float, bool]:
    """Take up to ``fte`` from a row's pool: the FTE taken, and whether there was less than asked (the caller
    warns, naming the pipeline row or investment)."""
    removed = minimum(fte, left[key])
    left[key] = left[key] - removed
    return removed, any_true(removed < fte)


def _by_key(placed: Sequence[_Placed]) -> dict[tuple[str, str], list[tuple[_Placed, _Leg]]]:
    """Pipeline legs grouped by the Staffing row they change."""
    out: dict[tuple[str, str], list[tuple[_Placed, _Leg]]] = {}
    for p in placed:
        for leg in p.legs:
            out.setdefault(leg.key, []).append((p, leg))
    return out


def _permanent_in_year(row: StaffRow, legs: Sequence[tuple[_Placed, _Leg]], year: int) -> float:
    """A row's permanent FTE over a financial year: those in post now plus the pipeline's changes for the months
    they count."""
    return row.fte_permanent + total(leg.permanent * _months_in_post(p, year) / 12 for p, leg in legs)


def _turnover_by_year(
    settings: Settings, row: StaffRow, result: StaffRowResult, legs: Sequence[tuple[_Placed, _Leg]]
) -> tuple[float, ...]:
    """Agency cover of leavers: year 0 the cover × R (in the outturn); later years on that year's permanent FTE.
    A capacity-only row's cover is 0: it costs nothing."""
    if result.capacity_only:
        return tuple(0.0 for _ in settings.years)
    per_fte = _cover_per_fte(row, settings, result.employee_cost_per_fte, result.agency_cost_per_fte)
    later = tuple(
        per_fte * _permanent_in_year(row, legs, year) * (1 + settings.pay_award) ** t
        for t, year in enumerate(settings.years)
        if t > 0
    )
    return (result.turnover_cover, *later)


def _posts_on(
    posts: Mapping[tuple[str, str], Sequence[PostTerms]], key: tuple[str, str], year: int
) -> list[PostTerms]:
    return [p for p in posts.get(key, ()) if p.first_year <= year <= p.last_year]


def _posts_by_key(posts: Sequence[PostTerms]) -> dict[tuple[str, str], list[PostTerms]]:
    """Investment posts by their row's keys, in order, found once for every row and year."""
    out: dict[tuple[str, str], list[PostTerms]] = {}
    for p in posts:
        out.setdefault(p.key, []).append(p)
    return out


def _over_establishment(
    settings: Settings,
    rows: Sequence[StaffRow],
    legs: dict[tuple[str, str], list[tuple[_Placed, _Leg]]],
    posts: Mapping[tuple[str, str], Sequence[PostTerms]],
) -> list[str]:
    """Warn, once per row, naming the years whose FTE in post by the end of the year (every pipeline kind, and
    investment posts less the agency they replace) exceed fte_budget plus the investment posts in post that year."""
    out = []
    for row in rows:
        key = _key(row.team, row.role)
        mine = legs.get(key, [])
        over = []
        for year in settings.years:
            moved = total(leg.permanent + leg.agency for p, leg in mine if p.year <= year)
            funded = _posts_on(posts, key, year)
            in_post = row.fte_permanent + row.fte_agency + moved + total(p.fte - p.replaced for p in funded)
            if any_true(in_post > row.fte_budget + total(p.fte for p in funded) + 1e-9):
                over.append(fy_label(year))
        if over:
            where = f"{row.cell or 'Staffing'}: {row.team} / {row.role}"
            out.append(
                f"{where}: permanent and agency FTE after recruits exceed the funded establishment "
                f"(fte_budget {_g(row.fte_budget)}, with any investment posts) in {', '.join(over)}: "
                "check fte_budget or the Recruitment rows"
            )
    return out


def _capacity(
    settings: Settings,
    rows: Sequence[StaffRowResult],
    legs: dict[tuple[str, str], list[tuple[_Placed, _Leg]]],
    posts: Mapping[tuple[str, str], Sequence[PostTerms]],
) -> tuple[CapacityYear, ...]:
    """Each plan year, each row with cases and a target caseload: cases, FTE needed and in post, gap, cost to close.

    FTE in post is the position at the start of the year: every pipeline row that happened before it (joins less
    the agency they replace, leavers, agency starts and ends, progressions out of and into the row) and
    investment posts in post that year, less the agency FTE they replace (year 0: the FTE in post now).
    """
    out = []
    for t, year in enumerate(settings.years):
        for rr in rows:
            if rr.cases is None or rr.target_caseload is None:
                continue
            key = _key(rr.team, rr.role)
            in_post = rr.fte_in_post
            if t > 0:
                in_post = in_post + total(leg.permanent + leg.agency for p, leg in legs.get(key, []) if p.year < year)
                in_post = in_post + total(p.fte - p.replaced for p in _posts_on(posts, key, year))
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
                capacity_only=rr.capacity_only,
            ))
    return tuple(out)
