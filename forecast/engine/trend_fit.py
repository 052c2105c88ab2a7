"""The trend fit (calculations.md §8): ordinary least squares of ln(value) on months over a measure's window.

Which months count (the window, at least 6 above 0) is read on the input side
(``forecast.inputs.history_counts``), so the validator and this fit agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from forecast.inputs.history_counts import by_measure, month_index, name_key, window, window_problem
from forecast.inputs.model import HistoryRow
from forecast.records import frozen


@frozen
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
