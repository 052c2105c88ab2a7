"""Split a prediction's categories over the Placements types that count in them: the Demand rows (§9).

``split_prediction`` only reshapes: for every whole month of the prediction and every category, the
category's expected children are shared over the placement types whose ``demand_category`` is that
category, by each type's share of today's children (all lines together; equal shares when every type of
the category has 0 today). A type's ``demand_category`` is the one its Placements rows give, else the
default from the type's name (inputs.md): fostering and kinship types FOSTERING, residential and
secure RESIDENTIAL, supported accommodation SUPPORTED, anything else OTHER.

A category with expected children that no type takes is warned with its number (the children are not
in the Demand sheet); a type whose category the prediction does not have is warned too (it gets no
Demand rows, so its placements stay on today's children and growth).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence

from forecast.errors import Problem
from forecast.inputs.demand_prediction import CATEGORIES, Prediction
from forecast.names import name_key
from forecast.records import frozen


@frozen
class PlacementRow:
    """What the split needs of one Placements row."""

    line: str
    placement_type: str
    children: float  # today's children (≥ 0)
    demand_category: str | None = None  # as written; None: the default from the type


@frozen
class DemandRow:
    """One row of the Demand sheet: expected children of a placement type in a month."""

    month: _dt.date  # the first day of the month
    placement_type: str
    children: float


@frozen
class TypeShare:
    """How one placement type takes part of its category: for the printout of what was mapped."""

    placement_type: str  # as first spelt on Placements
    category: str
    children: float  # today's, summed over its lines
    share: float  # of the category's expected children
    category_default: bool  # True when the category came from the type's name


@frozen
class Split:
    rows: tuple[DemandRow, ...]  # month by month, types in Placements order within a month
    shares: tuple[TypeShare, ...]  # the types that received Demand rows, in Placements order
    unmapped: dict[str, float]  # category with expected children but no type → its mean over the whole months
    warnings: tuple[Problem, ...]


type_key = name_key  # placement types match across rows by the one name rule


def default_demand_category(placement_type: str) -> str:
    """The demand model's category a placement type counts in when its row gives none (inputs.md)."""
    key = type_key(placement_type)
    if "foster" in key or "kinship" in key:
        return "FOSTERING"
    if "residential" in key or "secure" in key:
        return "RESIDENTIAL"
    if "supported" in key:
        return "SUPPORTED"
    return "OTHER"


def category_of(row: PlacementRow) -> str:
    """The row's ``demand_category`` (upper case), else the default from its type."""
    if row.demand_category and row.demand_category.strip():
        return row.demand_category.strip().upper()
    return default_demand_category(row.placement_type)


def split_prediction(prediction: Prediction, placements: Sequence[PlacementRow]) -> Split:
    """The Demand rows of ``prediction`` for the types on ``placements`` (see the module's docstring)."""
    warnings: list[Problem] = []
    # Each type once: first spelling, today's children over all lines, its category.
    spelt: dict[str, str] = {}
    today: dict[str, float] = {}
    category: dict[str, str] = {}
    default: dict[str, bool] = {}
    for row in placements:
        key = type_key(row.placement_type)
        if key not in spelt:
            spelt[key], today[key] = row.placement_type.strip(), 0.0
        today[key] += row.children
        given = bool(row.demand_category and row.demand_category.strip())
        mine = category_of(row)
        if key not in category:
            category[key], default[key] = mine, not given
        elif given and default[key]:
            category[key], default[key] = mine, False  # a category written on any row wins over the default
        elif given and category[key] != mine:
            warnings.append(Problem("Placements", "", f"{spelt[key]!r} is given demand_category {category[key]} on one "
                                    f"row and {mine} on another (line {row.line!r}): {category[key]} is used",
                                    "warning"))

    members: dict[str, list[str]] = {}
    for key in spelt:
        members.setdefault(category[key], []).append(key)

    shares: dict[str, float] = {}
    for keys in members.values():
        total = math.fsum(today[k] for k in keys)
        for k in keys:
            shares[k] = today[k] / total if total > 0 else 1 / len(keys)

    seen = set(prediction.categories)
    for cat, keys in members.items():
        if cat not in seen:
            names = ", ".join(repr(spelt[k]) for k in keys)
            warnings.append(Problem(prediction.source, "", f"the prediction has no {cat} column, so {names} "
                                    f"(demand_category {cat}) get no Demand rows and stay on today's children",
                                    "warning"))

    unmapped: dict[str, float] = {}
    for cat in prediction.categories:
        if cat in members:
            continue
        values = prediction.means[cat]
        mean = math.fsum(values) / len(values)
        if max(values) > 0:
            unmapped[cat] = mean
            known = "" if cat in CATEGORIES else f" ({cat} is not one of {', '.join(CATEGORIES)})"
            warnings.append(Problem(prediction.source, "", (
                f"{cat} has {mean:,.1f} expected children a month on average ({values[0]:,.1f} in "
                f"{prediction.months[0]:%b %Y}, {values[-1]:,.1f} in {prediction.months[-1]:%b %Y}) but no "
                f"Placements type has demand_category {cat}: they are not in the Demand sheet{known}"), "warning"))

    ordered = [k for k in spelt if category[k] in seen]
    rows = tuple(
        DemandRow(month, spelt[k], shares[k] * prediction.means[category[k]][m])
        for m, month in enumerate(prediction.months)
        for k in ordered
    )
    return Split(
        rows=rows,
        shares=tuple(TypeShare(spelt[k], category[k], today[k], shares[k], default[k]) for k in ordered),
        unmapped=unmapped,
        warnings=tuple(warnings),
    )
