"""Children looked after and the rate per 10,000 by plan year (calculations.md rev 3 §9).

A Placements row's children in each plan year are worked out once, by
``engine.placements.children_by_year`` (t = 0 today's children, even when a
demand model drives the rest of the year; later years from the Demand or
children × (1 + growth)^t), and kept on the row's result: cla_t counts the
same children the forecast prices.
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine._num import total
from forecast.engine.results import PlacementRowResult
from forecast.inputs.model import Settings

PER = 10_000


def row_children_by_year(row: PlacementRowResult, years: int) -> tuple[float, ...]:
    """One Placements row's children in each plan year t = 0 … years − 1 (t = 0: today's children)."""
    return row.children_by_year[:years]


def children_by_year(rows: Sequence[PlacementRowResult], settings: Settings) -> tuple[tuple[float, ...], ...]:
    """Each Placements row's children by plan year, in row order (the rows the placements forecast uses)."""
    return tuple(row_children_by_year(row, settings.mtfp_years) for row in rows)


def cla_by_year(rows: Sequence[PlacementRowResult], settings: Settings) -> tuple[float, ...] | None:
    """cla_t = Σ over the Placements rows of children_i,t; None when there are no Placements rows."""
    if not rows:
        return None
    by_row = children_by_year(rows, settings)
    return tuple(total(children[t] for children in by_row) for t in range(settings.mtfp_years))


def population(settings: Settings, t: int) -> float | None:
    """The child population in plan year t: child_population × (1 + child_population_growth)^t."""
    if settings.child_population is None:
        return None
    return settings.child_population * (1 + settings.child_population_growth) ** t


def rate_per_10k(cla: float | None, settings: Settings, t: int) -> float | None:
    """cla_t / population_t × 10,000; None without children looked after or a child population."""
    people = population(settings, t)
    if cla is None or people is None:
        return None
    return cla / people * PER
