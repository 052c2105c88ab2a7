"""The Demand (calculations.md §9) in the JSON summary and in words (issue 22).

``demand_json(results)`` is the summary's ``demand`` key: null without a Demand sheet, else
``{"rows": [{"line", "placement_type", "share", "driven", "in_year", "children"}], "in_year": bool,
"types": [{"placement_type", "today", "first_month", "last_month", "whole_years", "march"}]}``:
``share`` each Placements row's share of its type's Demand, ``driven`` the plan years Demand set,
``children`` the row's children by plan year as the forecast used them (t = 0 today's), ``in_year``
whether the Demand actually drove this year. ``demand_sentence(results)`` says, for the narrative,
the children in the Demand in March of each plan year against today's.
"""

from __future__ import annotations

import math
from typing import Any

from forecast.engine.demand import DemandSeries
from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.inputs.model import is_array


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool) or is_array(value) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _march(one: DemandSeries, years: tuple[int, ...]) -> dict[str, float | None]:
    """The type's Demand in March of each plan year (None where the Demand has no such month)."""
    months = dict(one.demand)
    return {fy_label(y): _number(months.get(_march_of(y))) for y in years}


def _march_of(year: int) -> Any:
    import datetime as _dt

    return _dt.date(year + 1, 3, 1)


def demand_json(results: Results) -> dict[str, Any] | None:
    """The ``demand`` block of ``summary --json`` (see the module's docstring); None without Demand."""
    p = results.placements
    if not results.demand_series and (p is None or p.demand is None):
        return None
    years = results.years
    rows = [
        {
            "line": r.line,
            "placement_type": r.placement_type,
            "share": _number(r.demand_share),
            "driven": [fy_label(y) for y, d in zip(years, r.demand_years, strict=False) if d],
            "in_year": r.demand_in_year,
            "children": {fy_label(y): _number(c) for y, c in zip(years, r.children_by_year, strict=False)},
        }
        for r in (p.rows if p is not None else ())
        if r.demand_share is not None
    ]
    types = {t.placement_type: t for t in (p.demand.types if p is not None and p.demand is not None else ())}
    return {
        "rows": rows,
        "in_year": bool(p is not None and p.demand is not None and p.demand.in_year),
        "types": [
            {
                "placement_type": one.placement_type,
                "today": _number(one.today),
                "first_month": f"{one.demand[0][0]:%Y-%m}",
                "last_month": f"{one.demand[-1][0]:%Y-%m}",
                "whole_years": [fy_label(y) for y in (types[one.placement_type].whole_years
                                                      if one.placement_type in types else ())],
                "march": _march(one, years),
            }
            for one in results.demand_series
        ],
    }


def demand_sentence(results: Results) -> str | None:
    """Children in the Demand in March of each plan year against today's, all Demand types together.

    None without Demand, or when no plan year's March is in it.
    """
    if not results.demand_series:
        return None
    today = math.fsum(float(one.today) for one in results.demand_series)
    parts = []
    for y in results.years:
        values = [dict(one.demand).get(_march_of(y)) for one in results.demand_series]
        if any(v is None for v in values):
            continue
        parts.append(f"{math.fsum(float(v) for v in values if v is not None):,.0f} in March {y + 1}")
    if not parts:
        return None
    names = ", ".join(one.placement_type for one in results.demand_series)
    first, *rest = parts
    count, _, when = first.partition(" in ")
    later = (", ".join(rest[:-1]) + " and " + rest[-1]) if len(rest) > 1 else (rest[0] if rest else "")
    return (f"The Demand expects {count} children in {names} in {when}" + (f", {later}" if later else "")
            + f", against {today:,.0f} today.")
