"""Children from the Demand sheet (calculations.md §9): pure functions on simple records.

For a placement type with Demand rows, each Placements row of that type takes
share_i = children_i / Σ children of that type over all lines (equal shares when all are 0).

Later plan years t ≥ 1 (financial years April–March, ``fy`` = the current year + t):
- a year whose 12 months are all in the type's Demand ("whole"): share_i × the 12 months' mean;
- any other year after a whole plan year W (between whole years, or past the last):
  children_i,W × (1 + growth_i)^(fy − W), W the last whole plan year before it;
- a year with no whole plan year before it: today's children × (1 + growth_i)^t, as without Demand.
A type with Demand rows but no whole plan year t ≥ 1 drives no later year (``drives_later`` False: the
caller warns that the Demand is shown and drives nothing). Year 0 is whole or not: it is never a
later year's anchor (the spec's "no plan year t ≥ 1 is whole" rule).

The current year, when ``demand_in_year``: with P < 12 and the type's Demand holding every month
P+1..12, the row's in-year children are share_i × the mean over those months; a month missing gives
today's children and a warning naming the months; at P = 12 nothing remains (no effect, no warning).

Growth here is a number (a Demand-driven row may not have ``trend``: the validator refuses it).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import Any

from forecast.engine._num import divide_or, is_array
from forecast.fy import fy_label, month_start
from forecast.names import name_key
from forecast.records import frozen


def _sum(values: Sequence[float]) -> float:
    """Σ values: exact (fsum) for numbers; a plain sum when a risk run put arrays of draws in them."""
    if any(is_array(v) for v in values):
        return sum(values, 0.0)
    return math.fsum(values)


@frozen
class DemandMonth:
    """One Demand row: expected children of a placement type in a month (any day of it)."""

    month: _dt.date
    placement_type: str
    children: float


@frozen
class PlacementRow:
    """What §9 needs of one Placements row."""

    line: str
    placement_type: str
    children: float  # today's
    growth: float = 0.0  # yearly, from next year


@frozen
class RowDemand:
    """One Placements row's children under §9, in the order the rows were given."""

    line: str
    placement_type: str
    share: float | None  # None when its type has no Demand rows
    children: tuple[float, ...]  # t = 0 .. mtfp_years − 1; t = 0 is today's children
    driven_years: tuple[bool, ...]  # per t: True when Demand set that year (a whole year, or grown from one)
    in_year_children: float  # the children the current year's remaining months use
    in_year_driven: bool

    @property
    def driven(self) -> bool:
        """Demand drove some year of this row (the Placements sheet and JSON mark it)."""
        return self.in_year_driven or any(self.driven_years)


@frozen
class TypeDemand:
    """What one placement type's Demand covers."""

    placement_type: str
    whole_years: tuple[int, ...]  # plan years t ≥ 1 (as financial years, 2025 for 2025/26) whole in Demand
    yearly_means: dict[int, float]  # those years' 12-month means
    drives_later: bool  # some plan year t ≥ 1 is whole
    in_year_mean: float | None  # mean over months P+1..12 when demand_in_year and all are there
    in_year_missing: tuple[_dt.date, ...]  # months P+1..12 missing when demand_in_year (first days)


@frozen
class DemandPlan:
    rows: tuple[RowDemand, ...]
    types: tuple[TypeDemand, ...]  # the types with Demand rows that some Placements row has
    in_year: bool  # Demand actually drove this year (some row)
    warnings: tuple[str, ...]


@frozen
class DemandSeries:
    """One placement type's Demand beside its actual History counts and today's children (the Demand chart)."""

    placement_type: str
    today: float  # Σ children of the type over every Placements row
    demand: tuple[tuple[_dt.date, float], ...]  # (first day of month, expected children), in month order
    actual: tuple[tuple[_dt.date, float], ...]  # the History measure named like the type, in month order


def series(
    demand: Sequence[DemandMonth], placements: Sequence[PlacementRow], history: Sequence[Any]
) -> tuple[DemandSeries, ...]:
    """Each placement type with Demand rows and a Placements row, in Placements order.

    ``history``: records with ``month``, ``measure`` and ``value`` (the History sheet's rows).
    """
    out: list[DemandSeries] = []
    seen: set[str] = set()
    for row in placements:
        key = type_key(row.placement_type)
        if key in seen:
            continue
        seen.add(key)
        months = by_month(demand, row.placement_type)
        if not months:
            continue
        today = _sum([r.children for r in placements if type_key(r.placement_type) == key])
        actual = sorted((h.month.replace(day=1), float(h.value)) for h in history if type_key(h.measure) == key)
        out.append(DemandSeries(row.placement_type, today, tuple(sorted(months.items())), tuple(actual)))
    return tuple(out)


type_key = name_key  # a placement type matches between Demand and Placements by the one name rule


def shares(children: Sequence[float]) -> list[float]:
    """Each row's share of its type's children: children_i / Σ; equal shares when all are 0 (arrays: per draw)."""
    if not children:
        return []
    total = _sum(children)
    return [divide_or(c, total, 1 / len(children)) for c in children]


def months_of_year(fy: int) -> list[_dt.date]:
    """The first days of April..March of financial year ``fy``."""
    return [month_start(fy, p) for p in range(1, 13)]


def by_month(demand: Sequence[DemandMonth], placement_type: str) -> dict[_dt.date, float]:
    """One type's Demand: first day of month → children (rows of other types ignored)."""
    key = type_key(placement_type)
    return {d.month.replace(day=1): d.children for d in demand if type_key(d.placement_type) == key}


def year_mean(months: dict[_dt.date, float], fy: int) -> float | None:
    """The mean over financial year ``fy``'s 12 months, or None when a month is missing (not whole)."""
    wanted = months_of_year(fy)
    if any(m not in months for m in wanted):
        return None
    return _sum([months[m] for m in wanted]) / 12


def remaining_mean(months: dict[_dt.date, float], year: int, period: int) -> tuple[float | None, list[_dt.date]]:
    """(mean over months P+1..12 of ``year``, []) when all are there, else (None, the missing months).

    At P = 12 nothing remains: (None, []).
    """
    wanted = [month_start(year, p) for p in range(period + 1, 13)]
    missing = [m for m in wanted if m not in months]
    if not wanted or missing:
        return None, missing
    return _sum([months[m] for m in wanted]) / len(wanted), []


def later_children(
    today: float, share: float, growth: float, year_means: dict[int, float], year: int, t: int
) -> tuple[float, bool]:
    """(children_i,t for plan year t ≥ 1, whether Demand set it), from the type's whole plan years' means."""
    fy = year + t
    anchors = [w for w in year_means if year < w <= fy]
    if not anchors:
        return today * (1 + growth) ** t, False
    w = max(anchors)
    return share * year_means[w] * (1 + growth) ** (fy - w), True


def plan(
    demand: Sequence[DemandMonth],
    placements: Sequence[PlacementRow],
    year: int,
    period: int,
    mtfp_years: int,
    demand_in_year: bool = False,
) -> DemandPlan:
    """Every Placements row's children by plan year and in the current year under §9 (see the module's docstring).

    ``year`` is the current financial year (2025 for 2025/26), ``period`` P (0–12). Demand rows of a type
    no Placements row has are ignored here (the validator refuses them).
    """
    demand_types = {type_key(d.placement_type) for d in demand}
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(placements):
        groups.setdefault(type_key(row.placement_type), []).append(i)

    share_of: dict[int, float] = {}
    info: dict[str, TypeDemand] = {}
    warnings: list[str] = []
    for key, indexes in groups.items():
        if key not in demand_types:
            continue
        name = placements[indexes[0]].placement_type
        for i, s in zip(indexes, shares([placements[i].children for i in indexes]), strict=True):
            share_of[i] = s
        months = by_month(demand, name)
        means: dict[int, float] = {}
        for t in range(1, mtfp_years):
            mean = year_mean(months, year + t)
            if mean is not None:
                means[year + t] = mean
        in_mean: float | None = None
        missing: list[_dt.date] = []
        if demand_in_year:
            in_mean, missing = remaining_mean(months, year, period)
            if missing:
                warnings.append(
                    f"demand_in_year is yes but the Demand for {name!r} has no "
                    f"{', '.join(f'{m:%b %Y}' for m in missing)}: today's children are used for the rest of "
                    f"{fy_label(year)}"
                )
        if not means:
            warnings.append(
                f"the Demand for {name!r} covers no whole plan year after {fy_label(year)}: it is shown, and "
                "drives nothing in later years (they grow from today's children)"
            )
        info[key] = TypeDemand(name, tuple(sorted(means)), means, bool(means), in_mean, tuple(missing))

    rows: list[RowDemand] = []
    for i, row in enumerate(placements):
        td = info.get(type_key(row.placement_type))
        if td is None:
            grown = tuple(row.children * (1 + row.growth) ** t for t in range(mtfp_years))
            rows.append(RowDemand(row.line, row.placement_type, None, grown, (False,) * mtfp_years, row.children, False))
            continue
        share = share_of[i]
        years = [(row.children, False)] + [
            later_children(row.children, share, row.growth, td.yearly_means, year, t) for t in range(1, mtfp_years)
        ]
        in_year = td.in_year_mean is not None
        rows.append(RowDemand(
            row.line,
            row.placement_type,
            share,
            tuple(c for c, _ in years),
            tuple(d for _, d in years),
            share * td.in_year_mean if td.in_year_mean is not None else row.children,
            in_year,
        ))
    return DemandPlan(tuple(rows), tuple(info.values()), any(r.in_year_driven for r in rows), tuple(warnings))


def march_children(demand: Sequence[DemandMonth], placement_type: str, year: int, mtfp_years: int) -> list[float | None]:
    """Demand in words: the type's Demand in March of each plan year t = 0 .. mtfp_years − 1 (None when absent)."""
    months = by_month(demand, placement_type)
    return [months.get(_dt.date(year + t + 1, 3, 1)) for t in range(mtfp_years)]


def rate_per_10k(cla: Sequence[float], child_population: float, population_growth: float = 0.0) -> list[float]:
    """rate_t = cla_t / (child_population × (1 + growth)^t) × 10,000."""
    return [c / (child_population * (1 + population_growth) ** t) * 10_000 for t, c in enumerate(cla)]
