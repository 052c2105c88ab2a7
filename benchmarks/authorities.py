"""Synthetic authorities for the benchmark: the shipped example repeated ``size`` times.

An authority of size ×N has N areas, each a copy of the Northfield example
(``forecast.inputs.examples.example``) under its own line, group, team, investment
and saving names, so every sheet the engine reads grows N-fold: budget
lines, placement rows, staffing rows, recruits, investments, savings and
History months (under each area's measure names).
Settings, Scenarios and Risks stay as they are (their rows name every row
with ``*`` or a placement type, so they reach every area).

The children list grows with the areas up to ``CHILDREN_AREAS`` (4,200
children, more than any English authority looks after); the areas after that
give their list line's placements the children and weekly costs the list
gives the first area, as a line without a list does. So the ×1000 authority
stays under the reader's 1,000,000-cell limit (with a list in every area it
held 1.33 million cells and was refused).

Figures vary a little by area (a few per cent, from the area number, never
random) so the areas are not identical copies and the file compresses like
a real one. Workbooks are written by the same code as ``forecast init
--example``, so they are valid inputs with the template's notes,
drop-downs and formats.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from unittest import mock

Rows = list[dict[str, object]]
Sheets = dict[str, Rows]

# column → the sheet's name columns that must stay distinct across areas
_RENAMED = {
    "Budget": ("line", "group"),
    "Placements": ("line",),
    "Staffing": ("line", "team"),
    "Recruitment": ("team",),
    "Investments": ("name", "line"),
    "Savings": ("name", "line"),
    "History": ("measure",),  # a team's cases are History measure = team: each area has its own
    "Children": ("line", "child"),  # issue 26: each area's list on its own line, its own children
}
CHILDREN_AREAS = 100
# numeric columns nudged per area; counts and money only, never rates or years
_NUDGED = {
    "Budget": ("budget", "actual_to_date", "previous_variance", "budget 2026/27", "budget 2027/28"),
    "Placements": ("children", "weekly_cost", "budget_children", "budget_weekly_cost"),
    "Staffing": ("fte_budget", "fte_permanent", "fte_agency", "salary", "cases"),
    "Recruitment": ("fte", "one_off_cost"),
    "Investments": ("amount", "annual_saving"),
    "Savings": ("amount",),
    "History": ("value",),
    "Children": ("weekly_cost",),
}


def base_sheets() -> Sheets:
    """The shipped example's rows (what ``inputs/example.xlsx`` holds)."""
    from forecast.inputs.examples import example_sheets

    return example_sheets("example")


def scaled_sheets(size: int, authority: str = "") -> Sheets:
    """The example with ``size`` areas; ``authority`` renames the council (batch runs need distinct ones)."""
    base = base_sheets()
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    out: Sheets = {}
    for sheet, rows in base.items():
        if sheet not in _RENAMED:
            out[sheet] = [dict(row) for row in rows]
            continue
        areas = range(min(size, CHILDREN_AREAS)) if sheet == "Children" else range(size)
        out[sheet] = [_area_row(sheet, _listless(sheet, row, base, area), area) for area in areas for row in rows]
    if authority:
        for row in out["Settings"]:
            if row.get("setting") == "authority":
                row["value"] = authority
    return out


def _listless(sheet: str, row: dict[str, object], base: Sheets, area: int) -> dict[str, object]:
    """A Placements row of a list line, in an area past ``CHILDREN_AREAS``: the children and weekly cost the first
    area's list gives its type (none of the type: the budget's weekly cost), and no entrants (a list's column)."""
    listed = [c for c in base.get("Children", []) if c.get("line") == row.get("line")]
    if sheet != "Placements" or area < CHILDREN_AREAS or not listed:
        return row
    of_type = [c for c in listed if c.get("placement_type") == row.get("placement_type")]
    costs = [float(c["weekly_cost"]) for c in of_type if isinstance(c.get("weekly_cost"), (int, float))]
    weekly = round(sum(costs) / len(costs), 2) if costs else row.get("budget_weekly_cost")
    return {**row, "children": len(of_type), "weekly_cost": weekly, "entrants": None}


def _area_row(sheet: str, row: dict[str, object], area: int) -> dict[str, object]:
    if area == 0:  # area 1 is the example itself, so ×1 is exactly the shipped workbook
        return dict(row)
    copy = dict(row)
    for column in _RENAMED[sheet]:
        if copy.get(column) not in (None, ""):
            copy[column] = f"{copy[column]} (area {area + 1})"
    factor = 1 + ((area * 7) % 11 - 5) / 100  # 0.95 … 1.05, the same for every run
    for column in _NUDGED[sheet]:
        value = copy.get(column)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            copy[column] = round(value * factor, 2)
    return copy


def write_authority(path: Path, sheets: Sheets, name: str) -> Path:
    """Write ``sheets`` as ``forecast init --example`` would if they were a shipped example called ``name``.

    The template writer takes an example name, so the rows are offered
    under that name for the duration of the call.
    """
    from forecast.inputs.template import write_template
    from forecast.inputs.examples import EXAMPLES

    module_name = f"_forecast_benchmark_{name.replace('-', '_')}"
    module = types.ModuleType(module_name)
    module.sheets = lambda: sheets  # type: ignore[attr-defined]
    with mock.patch.dict(sys.modules, {module_name: module}), mock.patch.dict(EXAMPLES, {name: module_name}):
        write_template(path, example=name)
    return path


def cell_count(sheets: Sheets) -> int:
    """Input cells holding a value: the size measure for the scaling ratios."""
    return sum(1 for rows in sheets.values() for row in rows for value in row.values() if value not in (None, ""))
