"""Reading the History sheet's counts: grouped by measure, and which months a trend may use (§8).

Shared by the validator (which says where a trend cannot be fitted) and the
engine's trend fit (``forecast.engine.trend_fit``), so both take the same months.
The fit itself is a calculation and lives in the engine.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from forecast.inputs.model import HistoryRow
from forecast.names import name_key as name_key  # a measure matches a type or team by the one name rule

MIN_POINTS = 6  # a trend needs at least this many months in its window


def month_index(day: _dt.date) -> int:
    """Months since year 0: consecutive calendar months differ by 1."""
    return day.year * 12 + day.month - 1


def by_measure(history: Sequence[HistoryRow]) -> dict[str, list[HistoryRow]]:
    """Measure key → its observations in month order; measures in first-appearance order."""
    out: dict[str, list[HistoryRow]] = {}
    for row in history:
        out.setdefault(name_key(row.measure), []).append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r.month)
    return out


def window(rows: Sequence[HistoryRow], trend_months: int) -> list[HistoryRow]:
    """The observations in the ``trend_months`` calendar months ending at the measure's latest month.

    ``rows`` are one measure's observations in month order. Months with no
    observation are simply absent (the fit uses the months it has).
    """
    if not rows:
        return []
    last = month_index(rows[-1].month)
    return [r for r in rows if last - month_index(r.month) < trend_months]


def window_problem(rows: Sequence[HistoryRow], trend_months: int) -> str | None:
    """Why no trend can be fitted on these observations, or None when one can."""
    used = window(rows, trend_months)
    if len(used) < MIN_POINTS:
        return (
            f"has {len(used)} month{'s' if len(used) != 1 else ''} in the last {trend_months} months of History; "
            f"a trend needs at least {MIN_POINTS}"
        )
    zeros = [r for r in used if r.value <= 0]
    if zeros:
        return (
            f"has a value of 0 in {zeros[0].month:%b %Y} ({zeros[0].cell or 'History'}), inside the trend window: "
            "a trend on ln(value) needs every value above 0"
        )
    return None
