"""The main example's children list for tests: as ChildRows, with the example's settings and line basis.

The data is ``forecast.inputs.examples.children_list`` (the module the examples import); this file turns it
into what the engine takes, so tests need not go through a reader.
"""

from __future__ import annotations

import datetime as dt

from forecast.engine.children import LineBasis, TypeBasis
from forecast.inputs.examples import children_list
from forecast.inputs.children_model import ChildRow
from forecast.inputs.model import Settings

LINE = children_list.LINE
# the main example: Northfield, 2025/26 at Month 6, £000, five plan years
SETTINGS = Settings(authority="Northfield Borough Council", financial_year=2025, period=6)
ACTUAL_TO_DATE = 560.0  # the example's Budget actual_to_date for the line (£000)
BASIS = [LineBasis(LINE, "placements", actual_to_date=ACTUAL_TO_DATE, types=(
    TypeBasis("supported accommodation", entrants=0.5, budget_weekly_cost=620.0),
    TypeBasis("other", budget_weekly_cost=290.0),
    TypeBasis("external residential", budget_weekly_cost=11500.0),
))]


def example_rows() -> list[ChildRow]:
    """The list as the engine reads it; rows numbered as on the sheet (header row 1)."""
    out = []
    for n, row in enumerate(children_list.rows(), start=2):
        def day(name: str, row: dict[str, object] = row) -> dt.date | None:
            value = row[name]
            return value if isinstance(value, dt.date) else None

        start = day("start")
        assert start is not None
        out.append(ChildRow(
            child=str(row["child"]), line=str(row["line"]), placement_type=str(row["placement_type"]),
            start=start, weekly_cost=_number(row["weekly_cost"]), rate=_number(row["rate"]),
            rate_unit=None if row["rate_unit"] is None else str(row["rate_unit"]),
            planned_end=day("planned_end"), date_of_birth=day("date_of_birth"), after_18=row["after_18"] == "yes",
            paid_to=day("paid_to"), provider=str(row["provider"] or ""), uasc=row["uasc"] == "yes", row=n,
        ))
    return out


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None
