"""Medium-term financial plan (calculations.md §6): one column per plan year."""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine._num import total
from forecast.engine.results import (
    InvestmentResult,
    LineResult,
    MtfpYear,
    PlacementsResult,
    SavingsResult,
    StaffingResult,
)
from forecast.inputs.model import BudgetLine, Settings


def cash_limit(line: BudgetLine, year: int, settings: Settings) -> float:
    """The line's budget in a plan year: its ``budget YYYY/YY`` when given, else held flat."""
    if year == settings.financial_year:
        return line.budget
    return line.future_budgets.get(year, line.budget)


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
    line is its cash limit, plus its year-0 variance (before earmarking,
    which is this year's money only) when the line is recurring.
    """
    if t == 0:
        return result.outturn
    if placements is not None and line.line in placements.lines:
        return placements.lines[line.line].by_year[t]
    if staffing is not None and line.line in staffing.lines:
        return staffing.lines[line.line].by_year[t]
    base = cash_limit(line, settings.years[t], settings)
    return base + result.variance if line.recurring else base


def mtfp(
    settings: Settings,
    budget: Sequence[BudgetLine],
    lines: Sequence[LineResult],
    placements: PlacementsResult | None,
    staffing: StaffingResult | None,
    investments: Sequence[InvestmentResult],
    savings: SavingsResult,
) -> tuple[MtfpYear, ...]:
    rows: list[MtfpYear] = []
    cumulative = 0.0
    for t, year in enumerate(settings.years):
        base = total(cash_limit(b, year, settings) for b in budget)
        service = total(
            line_forecast(b, r, t, settings, placements, staffing) for b, r in zip(budget, lines, strict=True)
        )
        costs = total(i.cost[t] for i in investments)
        saved = total(i.saving[t] for i in investments)
        # Year 0: line outturns already reflect savings delivered this year.
        delivered = savings.delivered[t] if t > 0 else 0.0
        total_forecast = service + costs - saved - delivered
        funded = total(i.funded[t] for i in investments)
        funding = funded + total(r.earmarked for r in lines) if t == 0 else funded
        gap = total_forecast - base - funding
        cumulative = cumulative + gap
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
                cumulative_gap=cumulative,
                savings_at_risk=savings.at_risk[t],
                investment_funding=funded,
                investment_gap_effect=total(i.gap_effect[t] for i in investments),
            )
        )
    return tuple(rows)
