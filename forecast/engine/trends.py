"""History and trends (calculations.md §8): a log-linear fit of each measure's recent months."""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine.results import Trend, Untrended
from forecast.errors import InputError, Problem
from forecast.engine.trend_fit import fit
from forecast.inputs.history_counts import by_measure, name_key, window, window_problem
from forecast.inputs.model import HistoryRow

Z_90 = 1.2816  # the standard normal's 90th percentile: P10 and P90 are ĝ ∓ Z_90 · se_g


def trend(rows: Sequence[HistoryRow], trend_months: int) -> Trend | None:
    """A measure's trend for the report (§8); None when no trend can be fitted (fewer than 6 months, or a 0)."""
    found = fit(rows, trend_months)
    if found is None:
        return None
    used = found.used
    growth, se_g = found.growth, found.growth_se
    return Trend(
        measure=used[-1].measure,
        months=len(used),
        first_month=used[0].month,
        last_month=used[-1].month,
        latest=used[-1].value,
        growth=growth,
        growth_se=se_g,
        growth_p10=growth - Z_90 * se_g,
        growth_p90=growth + Z_90 * se_g,
        a=found.a,
        b=found.b,
        points=tuple((r.month, r.value) for r in sorted(rows, key=lambda r: r.month)),
        change=observed_change(used),
    )


def observed_change(used: Sequence[HistoryRow]) -> float | None:
    """last / first − 1 over a measure's window (§8, rev 3); None when the first is 0 (outputs.md's null rule).

    One month is its own first and last: 0, as the formula gives (the months used, 1, are shown beside it).
    """
    if not used or used[0].value == 0:
        return None
    return used[-1].value / used[0].value - 1


def trends(history: Sequence[HistoryRow], trend_months: int) -> dict[str, Trend]:
    """Measure key → its trend, for every measure a trend can be fitted on (first-appearance order)."""
    out: dict[str, Trend] = {}
    for key, rows in by_measure(history).items():
        found = trend(rows, trend_months)
        if found is not None:
            out[key] = found
    return out


def untrended(history: Sequence[HistoryRow], trend_months: int) -> tuple[Untrended, ...]:
    """Every measure a trend cannot be fitted on, with why (first-appearance order): the History sheet shows them."""
    out = []
    for rows in by_measure(history).values():
        problem = window_problem(rows, trend_months)
        if problem is not None:
            used = window(rows, trend_months)
            # months and first month of the window, so the change printed beside them is read from them
            out.append(Untrended(rows[-1].measure, len(used), used[0].month, rows[-1].month, rows[-1].value, problem,
                                 change=observed_change(used), first=used[0].value))
    return tuple(out)


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
