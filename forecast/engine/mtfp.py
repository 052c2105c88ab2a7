"""Medium-term financial plan (calculations.md §6): one column per plan year."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from forecast.engine._num import is_array, maximum, total
from forecast.engine.cla import cla_by_year, rate_per_10k
from forecast.engine.outturn import ongoing_share
from forecast.engine.results import (
    InvestmentResult,
    LineResult,
    MtfpYear,
    PlacementsResult,
    SavingsResult,
    StaffingResult,
)
from forecast.fy import fy_label
from forecast.inputs.model import BudgetLine, Settings


def cash_limits(line: BudgetLine, settings: Settings) -> tuple[float, ...]:
    """The line's budget in each plan year: its ``budget YYYY/YY`` where given, else the year before's × (1 + uplift)."""
    out = [line.budget]
    for year in settings.years[1:]:
        given = line.future_budgets.get(year)
        out.append(given if given is not None else out[-1] * (1 + settings.budget_uplift))
    return tuple(out)


def carried_years(line: BudgetLine, settings: Settings) -> tuple[int, ...]:
    """Later plan years for which the line gives no cash limit (it is carried forward)."""
    return tuple(y for y in settings.years[1:] if y not in line.future_budgets)


def carry_warnings(budget: Sequence[BudgetLine], settings: Settings) -> list[str]:
    """Once per line that gives some later cash limits but not all: which years were carried, from when."""
    out = []
    for line in budget:
        carried = carried_years(line, settings)
        if not carried or not any(y in line.future_budgets for y in settings.years[1:]):
            continue
        first = carried[0]
        uplift = (
            f"rising by budget_uplift {settings.budget_uplift:.1%} a year" if settings.budget_uplift else "held flat"
        )
        # Each run of consecutive carried years is carried from the year before it (a given year restarts it).
        runs: list[list[int]] = []
        for y in carried:
            if runs and y == runs[-1][-1] + 1:
                runs[-1].append(y)
            else:
                runs.append([y])
        source = " and ".join(
            f"from {fy_label(run[0] - 1)}" + (f" ({', '.join(fy_label(y) for y in run)})" if len(runs) > 1 else "")
            for run in runs
        )
        out.append(
            f"Budget: line {line.line!r} has no cash limit for {', '.join(fy_label(y) for y in carried)}: "
            f"carried forward {source}, {uplift} (add a 'budget {fy_label(first)}' column "
            "value to set it)"
        )
    return out


def line_forecast(
    line: BudgetLine,
    result: LineResult,
    t: int,
    settings: Settings,
    placements: PlacementsResult | None,
    staffing: StaffingResult | None,
) -> float:
    """A line's service forecast in plan year t (t = 0 is its outturn).

    Placements and staffing lines with rows follow §2 and §3; every other
    line is (budget_0 + variance_0 × ongoing) with general inflation, where
    ongoing is its ``recurring`` share (yes = 1, no = 0, or 0–1) and the
    variance is gross (an earmark is this year's money only).
    """
    if t == 0:
        return result.outturn
    if placements is not None and line.line in placements.lines:
        return placements.lines[line.line].by_year[t]
    if staffing is not None and line.line in staffing.lines:
        return staffing.lines[line.line].by_year[t]
    base = line.budget + result.variance * ongoing_share(line.recurring)
    return base * (1 + settings.general_inflation) ** t


def _by_funding(investments: Sequence[InvestmentResult], t: int, sources: tuple[str, ...]) -> float:
    return total(i.cost[t] for i in investments if i.funding in sources)


def mtfp(
    settings: Settings,
    budget: Sequence[BudgetLine],
    lines: Sequence[LineResult],
    placements: PlacementsResult | None,
    staffing: StaffingResult | None,
    investments: Sequence[InvestmentResult],
    savings: SavingsResult,
) -> tuple[MtfpYear, ...]:
    limits = [cash_limits(b, settings) for b in budget]
    carried = [carried_years(b, settings) for b in budget]
    earmarked = total(r.earmark_drawn for r in lines)  # rev 3: the earmarks as drawn
    cla = cla_by_year(placements.rows, settings) if placements is not None else None
    if_met = settings.reserves_opening
    rows: list[MtfpYear] = []
    previous_gap: float | None = None
    opening = settings.reserves_opening
    for t, year in enumerate(settings.years):
        base_growth = _by_funding(investments, t, ("base",))
        cash = total(limit[t] for limit in limits)
        base = cash + base_growth
        service = total(
            line_forecast(b, r, t, settings, placements, staffing) for b, r in zip(budget, lines, strict=True)
        )
        costs = total(i.cost[t] for i in investments)
        saved = total(i.saving[t] for i in investments)
        # Savings of the current year count in no year (§5), delivered or at risk: the outturn already
        # reflects them. Later years' savings count from their year.
        delivered = savings.delivered[t] if t > 0 else 0.0
        at_risk = savings.at_risk[t] if t > 0 else 0.0
        total_forecast = service + costs - saved - delivered
        funded = _by_funding(investments, t, ("reserves", "grant"))
        funding = funded + earmarked if t == 0 else funded
        gap = total_forecast - base - funding
        drawn = closing = None
        if opening is not None and if_met is not None:
            drawn = (earmarked if t == 0 else 0.0) + _by_funding(investments, t, ("reserves",))
            closing = opening - drawn
            if_met = if_met - drawn - maximum(gap, 0.0)  # a surplus is not added back
        rows.append(
            MtfpYear(
                year=year,
                base_budget=base,
                service_forecast=service,
                investment_costs=costs,
                investment_savings=saved,
                savings_delivered=delivered,
                total_forecast=total_forecast,
                funding=funding,
                gap=gap,
                savings_at_risk=at_risk,
                investment_funding=funded,
                investment_gap_effect=total(i.gap_effect[t] for i in investments),
                base_growth=base_growth,
                cash_limits=cash,
                gap_change=None if previous_gap is None else gap - previous_gap,
                reserves_opening=opening,
                reserves_drawn=drawn,
                reserves_closing=closing,
                carried_forward=tuple(b.line for b, c in zip(budget, carried, strict=True) if year in c),
                reserves_if_gaps_met=if_met if opening is not None else None,
                cla=None if cla is None else cla[t],
                rate_per_10k=rate_per_10k(None if cla is None else cla[t], settings, t),
            )
        )
        previous_gap = gap
        opening = closing
    return tuple(rows)


def reserves_run_out(rows: Sequence[MtfpYear]) -> int | None:
    """The first plan year whose reserves closing balance is below 0; None when they last (or are not tracked).

    Arrays of draws (a risk run) are not judged: the warning is for a single forecast.
    """
    return _first_below_zero(rows, lambda row: row.reserves_closing)


def reserves_run_out_if_gaps_met(rows: Sequence[MtfpYear]) -> int | None:
    """The first plan year whose reserves, with each year's gap met from them, are below 0 (§6); else None."""
    return _first_below_zero(rows, lambda row: row.reserves_if_gaps_met)


def _first_below_zero(rows: Sequence[MtfpYear], balance: Callable[[MtfpYear], float | None]) -> int | None:
    """The first year whose ``balance`` is below 0; None when none is, or at the first untracked one or array."""
    for row in rows:
        left = balance(row)
        if left is None or is_array(left):
            return None
        if left < 0:
            return row.year
    return None
