"""The History sheet: past monthly counts of a measure, for trends and the History sheet of the report."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from forecast.inputs.cells import shown
from forecast.inputs.tables import text_key
from forecast.schema import COUNT, MONTH, TEXT, Column, SheetSchema
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Table

SCHEMA = SheetSchema(
    "History",
    (
        Column("month", MONTH, "The month: a date in it, or text like 2024-05.", required=True),
        Column(
            "measure",
            TEXT,
            "A placement type (children), a Staffing team (open cases), or any other name (shown only).",
            required=True,
        ),
        Column("value", COUNT, "The count that month.", required=True),
    ),
    note="Past monthly counts (optional sheet): trends for growth or case_growth given as trend; "
    "forecast roll adds each month's.",
)


@frozen
class HistoryRow:
    """One past monthly count (§8): month is the first of its month."""

    month: _dt.date
    measure: str
    value: float
    cell: str = ""


RECORD = HistoryRow


def read(table: Table, plan: Plan) -> list[HistoryRow]:
    """Past monthly counts: each month at most once per measure; months after the period warned once per measure.

    Rev 3 §8: counts are often more recent than the finance figures, so a
    month after the end of the current period is read, with one warning per
    measure (at its first such row).
    """
    last = None
    if plan.years and plan.period is not None:
        last = plan.years[0] * 12 + 3 + plan.period - 1  # month index of period P (April = 1); P = 0: March before
    rows: list[HistoryRow] = []
    seen: dict[tuple[int, str], str] = {}
    later: set[str] = set()  # measures already warned of a month after the period
    for row in table.rows:
        month, measure, value = row.value("month"), row.value("measure"), row.value("value")
        if (isinstance(month, _dt.date) and isinstance(measure, str) and last is not None
                and plan.month_index(month) > last and text_key(measure) not in later):
            later.add(text_key(measure))
            row.warning("month", f"measure {shown(measure)} has counts after the end of the current period "
                        f"({_dt.date(last // 12, last % 12 + 1, 1):%b %Y}), such as {month:%b %Y}: they are used "
                        "(counts are often more recent than the finance figures); check the period if not meant")
        if isinstance(month, _dt.date) and isinstance(measure, str):
            key = (plan.month_index(month), text_key(measure))
            if key in seen:
                row.error("month", f"{month:%b %Y} of measure {shown(measure)} appears twice (also at {seen[key]}): "
                          "keep one row per month and measure")
            else:
                seen[key] = row.place("month")
        if not row.ok or not isinstance(month, _dt.date) or not isinstance(measure, str):
            continue
        rows.append(HistoryRow(month, measure, float(value), f"{table.name}!{row.cell('month')}"))  # type: ignore[arg-type]
    plan.record_history(rows)
    return rows
