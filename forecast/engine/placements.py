"""Placements (calculations.md §2): full-year cost, budget basis, bridge and later years."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from forecast.engine import demand as _demand
from forecast.engine._num import divide_or, total, where
from forecast.engine.results import Bridge, PlacementLineResult, PlacementRowResult, PlacementsResult, Trend
from forecast.engine.trends import rate_of
from forecast.inputs.model import BudgetLine, DemandRow, PlacementRow, Settings
from forecast.names import name_key as key


def children_by_year(
    row: PlacementRow, settings: Settings, growth: float, driven: _demand.RowDemand | None = None
) -> tuple[float, ...]:
    """The row's children in each plan year: t = 0 today's; later years from the Demand (§9) or with growth.

    The one per-row "children by plan year" path: the later years' cost and the rate per 10,000 (cla_t,
    which counts today's children at t = 0 even when Demand drives the rest of this year) both use it.
    """
    if driven is not None:
        return driven.children
    return tuple(row.children * (1 + growth) ** t for t in range(settings.mtfp_years))


def row_result(
    row: PlacementRow,
    settings: Settings,
    trends: dict[str, Trend] | None = None,
    driven: _demand.RowDemand | None = None,
) -> PlacementRowResult:
    """F_i, B_i, the cost still to come this year and the projection by plan year.

    A growth given as ``trend`` is ĝ of the History measure named like the placement type. ``driven``: the
    row under the Demand sheet (§9): its later years' children, and this year's when ``demand_in_year``
    drove it (F_i, the cost still to come and the bridge then use those children).
    """
    w, k = settings.weeks_per_year, settings.k
    now = driven.in_year_children if driven is not None and driven.in_year_driven else row.children
    full_year = now * row.weekly_cost * w / k
    growth = rate_of(row.growth, row.placement_type, trends or {}, row.cell, "growth")
    children = children_by_year(row, settings, growth, driven)
    by_year = (full_year, *(
        children[t] * row.weekly_cost * (1 + settings.placement_inflation) ** t * w / k
        for t in range(1, settings.mtfp_years)
    ))
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
        remaining_cost=now * row.weekly_cost * w * settings.remaining / k,
        by_year=by_year,
        children_by_year=children,
        forecast_children=now,
        demand_driven=driven is not None and driven.driven,
        demand_in_year=driven is not None and driven.in_year_driven,
        demand_share=None if driven is None else driven.share,
        demand_years=driven.driven_years if driven is not None else (),
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


def demand_plan(
    settings: Settings,
    rows: Sequence[PlacementRow],
    demand: Sequence[DemandRow],
    trends: dict[str, Trend] | None = None,
) -> _demand.DemandPlan | None:
    """§9 over the rows (those of ``placements`` lines), or None when there is no Demand."""
    if not demand:
        return None
    plain = [
        _demand.PlacementRow(r.line, r.placement_type, r.children,
                             rate_of(r.growth, r.placement_type, trends or {}, r.cell, "growth"))
        for r in rows
    ]
    months = [_demand.DemandMonth(d.month, d.placement_type, d.children) for d in demand]
    return _demand.plan(months, plain, settings.financial_year, settings.period, settings.mtfp_years,
                        settings.demand_in_year)


def placements(
    settings: Settings,
    budget: Sequence[BudgetLine],
    rows: Sequence[PlacementRow],
    trends: dict[str, Trend] | None = None,
    demand: Sequence[DemandRow] = (),
    from_list: Mapping[tuple[str, str], float] | None = None,
    known_ends: float = 0.0,
) -> PlacementsResult:
    """Every placement row of a ``placements`` line, per line and all together.

    A line's ``by_year[0]`` is its outturn (actual to date + cost still to
    come); later years are the rows' projections. With Demand rows (§9) the
    rows of a type with Demand take their children from it.

    ``from_list`` (issue 26, §12): for the rows of lines forecast from the Children list, keyed by
    (line, type) name keys, the cost still to come this year from the list (commitments + entrants
    cost), replacing children × weekly_cost × W × R; their children and weekly_cost are already the
    list's. ``known_ends``: the list's Σ known_ends, carried for the Variance Analysis step.
    """
    lines = {b.line: b for b in budget if b.method == "placements"}
    used = [r for r in rows if r.line in lines]
    plan = demand_plan(settings, used, demand, trends)
    listed = from_list or {}
    if plan is not None and listed:
        # A row forecast from the Children list takes this year from the list (§12): the Demand does not
        # drive its in-year children, so F_i, the bridge and the marking keep the list's children.
        plan = dataclasses.replace(plan, rows=tuple(
            dataclasses.replace(d, in_year_children=r.children, in_year_driven=False)
            if (key(r.line), key(r.placement_type)) in listed else d
            for r, d in zip(used, plan.rows, strict=True)
        ))
        plan = dataclasses.replace(plan, in_year=any(d.in_year_driven for d in plan.rows))
    driven = plan.rows if plan is not None else (None,) * len(used)
    row_results = tuple(
        dataclasses.replace(result, remaining_cost=listed[pair], from_list=True)
        if (pair := (key(r.line), key(r.placement_type))) in listed else result
        for r, result in ((r, row_result(r, settings, trends, d)) for r, d in zip(used, driven, strict=True))
    )
    # The bridge (volume, mix, price) uses the children the forecast used (§9).
    bridged = [dataclasses.replace(r, children=x.forecast_children) for r, x in zip(used, row_results, strict=True)]
    line_results: dict[str, PlacementLineResult] = {}
    rows_of: dict[str, list[int]] = {}  # each line's rows, found once (a large authority has thousands)
    for i, r in enumerate(used):
        rows_of.setdefault(r.line, []).append(i)
    for name, line in lines.items():
        mine = rows_of.get(name, [])
        if not mine:
            continue
        remaining = total(row_results[i].remaining_cost for i in mine)
        later = tuple(total(row_results[i].by_year[t] for i in mine) for t in range(1, settings.mtfp_years))
        line_results[name] = PlacementLineResult(
            line=name,
            budget=line.budget,
            bridge=bridge([bridged[i] for i in mine], settings),
            remaining_cost=remaining,
            by_year=(line.actual_to_date + remaining, *later),
        )
    return PlacementsResult(
        rows=row_results,
        lines=line_results,
        total=bridge(bridged, settings),
        lines_budget=total(lines[n].budget for n in line_results),
        remaining_cost=total(r.remaining_cost for r in row_results),
        demand=plan,
        list_lines=tuple(n for n in line_results if any(k[0] == key(n) for k in listed)),
        known_ends=known_ends,
    )
