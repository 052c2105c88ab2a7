"""The Demand sheet: expected children by placement type and month, e.g. from a demand model (calculations.md §9).

``forecast demand`` writes it from the Children's Services Demand Model's prediction; it may also be typed.
A type's Demand drives its Placements rows' later years (from a plan year whose 12 months are all here)
and, with Settings ``demand_in_year`` = yes, the rest of this year.

Errors at the cell: a (month, type) twice, a type no Placements row has, negative children (the column is a
count), ``growth`` = ``trend`` on a Placements row of a type with Demand (that row's later years come from
the Demand). Warnings: ``demand_in_year`` yes while a type's Demand lacks a month of the rest of the year
(naming them: today's children are used), and a type whose Demand covers no whole plan year after this one
(shown, drives nothing in later years).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from forecast.fy import fy_label, month_start
from forecast.inputs.cells import shown
from forecast.inputs.tables import listing, text_key
from forecast.schema import COUNT, MONTH, TEXT, TREND, Column, SheetSchema
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Table

SCHEMA = SheetSchema(
    "Demand",
    (
        Column("month", MONTH, "The month: a date in it, or text like 2025-05.", required=True),
        Column("placement_type", TEXT, "A placement type on the Placements sheet.", required=True),
        Column("children", COUNT, "Expected children of this type that month (may be fractional).", required=True),
    ),
    note="Expected children by month (optional sheet), e.g. written by forecast demand from a demand model's "
    "prediction: drives the Placements rows of each type in later years, and this year when Settings "
    "demand_in_year is yes.",
    scenario_key="placement_type",
    fixed=("month", "placement_type"),
)


@frozen
class DemandRow:
    """One month's expected children of a placement type (§9): month is the first of its month."""

    month: _dt.date
    placement_type: str  # spelt as on Placements
    children: float
    cell: str = ""


RECORD = DemandRow


def read(table: Table, plan: Plan) -> list[DemandRow]:
    """Expected children: each (month, type) once, every type one a Placements row has."""
    types = {k: kind for (_line, k), (kind, _children) in plan.placement_rows.items()}
    rows: list[DemandRow] = []
    seen: dict[tuple[int, str], str] = {}
    for row in table.rows:
        month, kind, children = row.value("month"), row.value("placement_type"), row.value("children")
        if isinstance(kind, str) and text_key(kind) not in types:
            known = listing(sorted(set(types.values()))) or "none: fill in Placements first"
            row.error("placement_type", f"placement_type {shown(kind)} has no Placements row (Placements types: "
                      f"{known}): Demand drives the Placements rows of its type")
        if isinstance(month, _dt.date) and isinstance(kind, str):
            key = (plan.month_index(month), text_key(kind))
            if key in seen:
                row.error("month", f"{month:%b %Y} of placement_type {shown(kind)} appears twice (also at "
                          f"{seen[key]}): keep one row per month and placement type")
            else:
                seen[key] = row.place("month")
        if not row.ok or not isinstance(month, _dt.date) or not isinstance(kind, str):
            continue
        rows.append(DemandRow(month, types[text_key(kind)], float(children),  # type: ignore[arg-type]
                              f"{table.name}!{row.cell('month')}"))
    _check_trend_rows(table, plan, {text_key(r.placement_type) for r in rows})
    _coverage_warnings(table, plan, rows)
    return rows


def _check_trend_rows(table: Table, plan: Plan, driven: set[str]) -> None:
    """A Placements row whose type has Demand takes its later years from the Demand: growth trend is refused."""
    placements = plan.tables.get("Placements")
    if placements is None or not driven:
        return
    for row in placements.rows:
        kind = row.value("placement_type")
        if isinstance(kind, str) and text_key(kind) in driven and row.value("growth") == TREND:
            row.error("growth", f"growth is trend but placement type {shown(kind)} has Demand rows ({table.name}), "
                      "which set its later years: give growth as a number (it applies past the Demand's last "
                      "whole year), or remove that type's Demand")


def _coverage_warnings(table: Table, plan: Plan, rows: list[DemandRow]) -> None:
    """demand_in_year without the rest of the year; a type's Demand that covers no whole plan year t ≥ 1.

    One warning per kind and set of missing months, naming every type it concerns (a prediction's types
    share their months), at the first such type's first row.
    """
    if not plan.years:
        return
    year = plan.years[0]
    by_type: dict[str, tuple[str, set[_dt.date], str]] = {}
    for r in rows:
        by_type.setdefault(text_key(r.placement_type), (r.placement_type, set(), r.cell))[1].add(r.month)
    lacking: dict[tuple[_dt.date, ...], list[tuple[str, str]]] = {}
    no_whole: list[tuple[str, str]] = []
    for name, months, cell in by_type.values():
        if plan.demand_in_year and plan.period is not None:
            missing = tuple(m for p in range(plan.period + 1, 13) if (m := month_start(year, p)) not in months)
            if missing:
                lacking.setdefault(missing, []).append((name, cell))
        if not any(all(month_start(fy, p) in months for p in range(1, 13)) for fy in plan.years[1:]):
            no_whole.append((name, cell))
    for missing, named in lacking.items():
        sheet, _, place = named[0][1].partition("!")
        table.problems.warning(sheet, place, (
            f"demand_in_year is yes but the Demand for {_types(named)} has no "
            f"{', '.join(f'{m:%b %Y}' for m in missing)}: today's children are used for the rest of {fy_label(year)}"))
    if no_whole:
        later = (f"{fy_label(plan.years[1])} to {fy_label(plan.years[-1])}" if len(plan.years) > 1
                 else "none: mtfp_years is 1")
        sheet, _, place = no_whole[0][1].partition("!")
        table.problems.warning(sheet, place, (
            f"the Demand for {_types(no_whole)} covers no whole plan year after {fy_label(year)} (all 12 months, "
            f"April to March, of one of {later}): it is shown, and drives nothing in later years (they grow from "
            "today's children)"))


def _types(named: list[tuple[str, str]]) -> str:
    return ", ".join(shown(name) for name, _cell in named)
