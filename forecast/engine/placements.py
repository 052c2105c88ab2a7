"""Placements (calculations.md §2): full-year cost, budget basis, bridge and later years."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from forecast.engine._num import divide_or, total, where
from forecast.engine.results import Bridge, PlacementLineResult, PlacementRowResult, PlacementsResult, Trend
from forecast.engine.trends import rate_of
from forecast.inputs.children_model import key
from forecast.inputs.model import BudgetLine, PlacementRow, Settings


def row_result(row: PlacementRow, settings: Settings, trends: dict[str, Trend] | None = None) -> PlacementRowResult:
    """F_i, B_i, the cost still to come this year and the projection by plan year.

    A growth given as ``trend`` is ĝ of the History measure named like the placement type.
    """
    w, k = settings.weeks_per_year, settings.k
    full_year = row.children * row.weekly_cost * w / k
    growth = rate_of(row.growth, row.placement_type, trends or {}, row.cell, "growth")
    by_year = tuple(
        row.children * (1 + growth) ** t * row.weekly_cost * (1 + settings.placement_inflation) ** t * w / k
        for t in range(settings.mtfp_years)
    )
    return PlacementRowResult(
        line=row.line,
        placement_type=row.placement_type,
        children=row.children,
        weekly_cost=row.weekly_cost,
        budget_children=row.budget_children,
        budget_weekly_cost=row.budget_weekly_cost,
        growth=growth,
        growth_trend=isinstance(row.growth, str),
        full_year_forecast=full_year,
        full_year_budget=row.budget_children * row.budget_weekly_cost * w / k,
        remaining_cost=row.children * row.weekly_cost * w * settings.remaining / k,
        by_year=by_year,
    )


def bridge(rows: Sequence[PlacementRow], settings: Settings) -> Bridge:
    """ΣF − ΣB split into volume, mix and price; the three add up exactly.

    With no budgeted children there is no budget average to price volume at,
    so the whole difference is volume.
    """
    scale = settings.weeks_per_year / settings.k
    children = total(r.children for r in rows)
    budget_children = total(r.budget_children for r in rows)
    budget_spend = total(r.budget_children * r.budget_weekly_cost for r in rows)
    forecast = total(r.children * r.weekly_cost for r in rows) * scale
    budget = budget_spend * scale
    b_bar = divide_or(budget_spend, budget_children, 0.0)
    at_budget_prices = total(r.children * r.budget_weekly_cost for r in rows)
    volume = (children - budget_children) * b_bar * scale
    mix = (at_budget_prices - children * b_bar) * scale
    price = total(r.children * (r.weekly_cost - r.budget_weekly_cost) for r in rows) * scale
    no_basis = budget_children == 0
    return Bridge(
        full_year_forecast=forecast,
        full_year_budget=budget,
        volume=where(no_basis, forecast - budget, volume),
        mix=where(no_basis, 0.0, mix),
        price=where(no_basis, 0.0, price),
        children=children,
        budget_children=budget_children,
    )


def placements(
    settings: Settings,
    budget: Sequence[BudgetLine],
    rows: Sequence[PlacementRow],
    trends: dict[str, Trend] | None = None,
    from_list: Mapping[tuple[str, str], float] | None = None,
    known_ends: float = 0.0,
) -> PlacementsResult:
    """Every placement row of a ``placements`` line, per line and all together.

    A line's ``by_year[0]`` is its outturn (actual to date + cost still to
    come); later years are the rows' projections.

    ``from_list`` (issue 26, §12): for the rows of lines forecast from the Children list, keyed by
    (line, type) name keys, the cost still to come this year from the list (commitments + entrants
    cost), replacing children × weekly_cost × W × R; their children and weekly_cost are already the
    list's. ``known_ends``: the list's Σ known_ends, carried for the Variance Analysis step.
    """
    lines = {b.line: b for b in budget if b.method == "placements"}
    used = [r for r in rows if r.line in lines]
    listed = from_list or {}
    row_results = tuple(
        replace(result, remaining_cost=listed[pair], from_list=True)
        if (pair := (key(r.line), key(r.placement_type))) in listed else result
        for r, result in ((r, row_result(r, settings, trends)) for r in used)
    )
    line_results: dict[str, PlacementLineResult] = {}
    for name, line in lines.items():
        mine = [i for i, r in enumerate(used) if r.line == name]
        if not mine:
            continue
        remaining = total(row_results[i].remaining_cost for i in mine)
        later = tuple(total(row_results[i].by_year[t] for i in mine) for t in range(1, settings.mtfp_years))
        line_results[name] = PlacementLineResult(
            line=name,
            budget=line.budget,
            bridge=bridge([used[i] for i in mine], settings),
            remaining_cost=remaining,
            by_year=(line.actual_to_date + remaining, *later),
        )
    return PlacementsResult(
        rows=row_results,
        lines=line_results,
        total=bridge(used, settings),
        lines_budget=total(lines[n].budget for n in line_results),
        remaining_cost=total(r.remaining_cost for r in row_results),
        list_lines=tuple(n for n in line_results if any(k[0] == key(n) for k in listed)),
        known_ends=known_ends,
    )
