"""The History sheet's observations, grouped by measure, and the window a trend is fitted on (§8).

Shared by the validator (which says where a trend cannot be fitted) and the
engine (which fits it), so both take the same months.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from forecast.inputs.model import HistoryRow
from forecast.names import name_key

__all__ = ["name_key"]  # a measure matches a placement type or team by the one name rule (forecast.names)

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


@dataclass(frozen=True)
class Fit:
    """ln(value) = a + b·m over a measure's window, m = months since its first observation (§8)."""

    used: tuple[HistoryRow, ...]  # the observations in the window
    a: float
    b: float  # per month
    se_b: float

    @property
    def growth(self) -> float:
        """ĝ = exp(12 b) − 1, the yearly growth."""
        return math.exp(12 * self.b) - 1

    @property
    def growth_se(self) -> float:
        """se_g = 12 · se_b · exp(12 b)."""
        return 12 * self.se_b * math.exp(12 * self.b)


def fit(rows: Sequence[HistoryRow], trend_months: int) -> Fit | None:
    """Ordinary least squares of ln(value) on months over the window; None when no trend can be fitted.

    ``rows`` are one measure's observations (sorted here by month).
    """
    rows = sorted(rows, key=lambda r: r.month)
    if not rows or window_problem(rows, trend_months) is not None:
        return None
    used = window(rows, trend_months)
    first = month_index(used[0].month)
    ms = [float(month_index(r.month) - first) for r in used]
    ys = [math.log(r.value) for r in used]
    n = len(used)
    m_bar, y_bar = sum(ms) / n, sum(ys) / n
    sxx = sum((m - m_bar) ** 2 for m in ms)
    b = sum((m - m_bar) * (y - y_bar) for m, y in zip(ms, ys, strict=True)) / sxx
    a = y_bar - b * m_bar
    residuals = sum((y - a - b * m) ** 2 for m, y in zip(ms, ys, strict=True))
    return Fit(tuple(used), a, b, math.sqrt(residuals / (n - 2) / sxx))


def growth_of(history: Sequence[HistoryRow], measure: str, trend_months: int) -> float | None:
    """ĝ of the History measure named ``measure``; None when there is no trend to fit."""
    return _growths(history, trend_months).get(name_key(measure))


_LAST: list[tuple[Sequence[HistoryRow], int, dict[str, float | None]]] = []


def _growths(history: Sequence[HistoryRow], trend_months: int) -> dict[str, float | None]:
    """Every measure's ĝ, fitted once per History: a scenario with a trend on every row asks for each row's
    measure, and scanning the sheet each time cost seconds on a large authority. The inputs are immutable,
    so the last History seen (by identity) is kept."""
    if _LAST and _LAST[0][0] is history and _LAST[0][1] == trend_months:
        return _LAST[0][2]
    growths: dict[str, float | None] = {}
    for key, rows in by_measure(history).items():
        found = fit(rows, trend_months)
        growths[key] = found.growth if found is not None else None
    _LAST[:] = [(history, trend_months, growths)]
    return growths
