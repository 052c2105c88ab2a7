"""History and trends (calculations.md §8): a log-linear fit of each measure's recent months."""

from __future__ import annotations

import math
from collections.abc import Sequence

from forecast.engine.results import Trend
from forecast.errors import InputError, Problem
from forecast.inputs.history import by_measure, month_index, name_key, window, window_problem
from forecast.inputs.model import HistoryRow

Z_90 = 1.2816  # the standard normal's 90th percentile: P10 and P90 are ĝ ∓ Z_90 · se_g


def fit(rows: Sequence[HistoryRow], trend_months: int) -> Trend | None:
    """ln(value) = a + b·m by least squares over the window (m = months since its first observation).

    None when the window has fewer than 6 points or a value of 0 (the
    validator reports it where a trend is asked for).
    """
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
    se_b = math.sqrt(residuals / (n - 2) / sxx)
    growth = math.exp(12 * b) - 1
    se_g = 12 * se_b * math.exp(12 * b)
    return Trend(
        measure=used[-1].measure,
        months=n,
        first_month=used[0].month,
        last_month=used[-1].month,
        latest=used[-1].value,
        growth=growth,
        growth_se=se_g,
        growth_p10=growth - Z_90 * se_g,
        growth_p90=growth + Z_90 * se_g,
        a=a,
        b=b,
        points=tuple((r.month, r.value) for r in rows),
    )


def trends(history: Sequence[HistoryRow], trend_months: int) -> dict[str, Trend]:
    """Measure key → its trend, for every measure a trend can be fitted on (first-appearance order)."""
    out: dict[str, Trend] = {}
    for key, rows in by_measure(history).items():
        found = fit(rows, trend_months)
        if found is not None:
            out[key] = found
    return out


def rate_of(value: float | str, measure: str, found: dict[str, Trend], cell: str, column: str) -> float:
    """A growth as typed, or ĝ of the History measure named like the row when it is ``trend``.

    The validator reports a missing or unfittable measure at its cell; a
    scenario that sets ``trend`` on such a row is refused here the same way.
    """
    if not isinstance(value, str):
        return value
    trend = found.get(name_key(measure))
    if trend is None:
        sheet, _, ref = cell.rpartition("!")
        raise InputError([Problem(sheet or column, ref, (
            f"{column} is trend but History has no trend for {measure!r} (at least 6 months above 0 are needed): "
            "add its monthly counts to the History sheet, or type a rate"
        ))])
    return trend.growth
