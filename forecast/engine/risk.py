"""Monte Carlo risk: ranges on the Risks sheet → percentiles of the outturn and the gap (calculations.md §7).

Every Risks row is drawn independently ``draws`` times from its distribution
(``triangular``, ``uniform`` or ``pert``; ``trend`` draws a growth from
Normal(ĝ, se_g) of the History fit, §8), applied like a scenario row with a
numpy array in place of the one value, and the engine runs ONCE on those
arrays: 10,000 draws cost one engine run on arrays of 10,000, not 10,000 runs.
Beyond ``CHUNK_DRAWS`` the arrays are cut into blocks of that size, one
engine run each, so a million draws need 21 runs and bounded memory.

Reproducible: the same seed gives the same numbers. Each row gets its own
stream spawned from the seed, so adding a row to the sheet does not change
the draws of the rows already there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from forecast.engine.results import Results
from forecast.inputs.changes import (
    BASE,
    ChangeError,
    apply_change,
    apply_scenario,
    check_risk_target,
    resolve_scenario_name,
)
from forecast.errors import ForecastError, InputError, Problem
from forecast.engine.trend_fit import fit
from forecast.inputs.history_counts import name_key
from forecast.inputs.model import DISTRIBUTIONS, TREND, HistoryRow, Inputs, RiskRow, Settings
from forecast.records import frozen

Array = npt.NDArray[np.float64]
PERT_LAMBDA = 4.0  # weight of the most likely value in a Beta-PERT
HISTOGRAM_BINS = 20
MAX_DRAWS = 1_000_000  # 8 MB per varied field: beyond this memory, not accuracy, is the limit
CHUNK_DRAWS = 50_000  # draws per engine run: 10,000 is one run; a million is 21, with progress between them


@frozen
class Spread:
    """Mean and percentiles of one figure over the draws."""

    mean: float
    p10: float
    p50: float
    p90: float
    forecast: float  # the figure with every range at its neutral value (scale 1, add 0): the build's own figure

    @classmethod
    def of(cls, values: Array, forecast: float) -> Spread:
        p10, p50, p90 = (float(v) for v in np.percentile(values, [10.0, 50.0, 90.0]))
        return cls(float(np.mean(values)), p10, p50, p90, forecast)


@frozen
class HistogramBin:
    low: float
    high: float
    count: int


@frozen
class RiskResult:
    """What a risk run found; arrays are indexed by draw (gap_draws by year, then draw)."""

    scenario: str
    draws: int
    seed: int
    years: tuple[int, ...]
    rows: tuple[RiskRow, ...]  # the ranges that were drawn, in sheet order
    net_variance: Spread  # year-0 net variance of the service
    gap: tuple[Spread, ...]  # MTFP gap, one per plan year
    chance_of_overspend: float  # share of draws whose year-0 net variance is > 0
    histogram: tuple[HistogramBin, ...]  # of the year-0 net variance draws
    net_variance_draws: Array
    gap_draws: Array  # shape (years, draws)


Runner = Callable[[Inputs, str], Results]
Progress = Callable[[int], None]


def chunks(draws: int, chunk: int = CHUNK_DRAWS) -> int:
    """How many engine runs ``run_risk`` makes for ``draws`` (the CLI shows a bar when there are several)."""
    return -(-(draws + 1) // chunk)


def run_risk(
    inputs: Inputs,
    draws: int,
    seed: int,
    scenario: str = BASE,
    runner: Runner | None = None,
    progress: Progress | None = None,
    chunk: int = CHUNK_DRAWS,
) -> RiskResult:
    """Draw every Risks row ``draws`` times (seeded), run the engine on the arrays, summarise.

    ``scenario`` is applied first, so ranges sit on top of that scenario.
    ``runner`` is the engine's ``run`` (tests pass a counting wrapper).
    All values are drawn first; the engine then runs on them ``chunk`` draws
    at a time (once for up to ``chunk`` draws), so memory stays bounded and
    ``progress`` is called with the draws done after each run. Every draw is
    computed on its own, so the numbers do not depend on ``chunk``.
    """
    if not 1 <= draws <= MAX_DRAWS:
        raise ForecastError(f"the number of risk draws must be between 1 and {MAX_DRAWS:,}, got {draws:,}")
    if not inputs.risks:
        message = ("a risk run needs ranges: add rows to the Risks sheet (sheet, row, column, op, low, likely, "
                   "high), adding the sheet if it is missing (`forecast init` writes one)")
        raise InputError([Problem("Risks", "", message)])
    run = runner if runner is not None else _engine_run
    scenario = resolve_scenario_name(inputs, scenario)
    if not inputs.results_checked:  # loaded for a build: check the scenario and each range's extremes run here
        from forecast.inputs.changes import check_results

        problems = check_results(inputs, names=[scenario], risks=True)
        if problems:
            raise InputError(problems, path=inputs.source_name)
    base = apply_scenario(inputs, scenario)
    # one extra element at the end holds each range's neutral value: the deterministic figure,
    # computed in the same engine run
    values = draw_values(inputs.risks, draws, seed, base.history, base.settings.trend_months)
    size = draws + 1
    nets: list[Array] = []
    gap_parts: list[Array] = []
    results: Results | None = None
    for start in range(0, size, chunk):
        stop = min(start + chunk, size)
        results = run(_apply_draws(base, [v[start:stop] for v in values]), scenario)
        nets.append(_as_draws(results.totals.net_variance, stop - start))
        gap_parts.append(
            np.stack([_as_draws(year.gap, stop - start) for year in results.mtfp])
            if results.mtfp else np.empty((0, stop - start))
        )
        if progress is not None:
            progress(min(stop, draws))
    assert results is not None  # size >= 2, so at least one run
    net = np.concatenate(nets)
    gaps = np.concatenate(gap_parts, axis=1)
    net_draws, gap_draws = net[:draws], gaps[:, :draws]
    # every draw alike (no range has any width): one band, not twenty around it all labelled the same
    spread = float(np.ptp(net_draws))
    bins = HISTOGRAM_BINS if spread > 1e-9 * max(1.0, float(np.max(np.abs(net_draws)))) else 1
    counts, edges = np.histogram(net_draws, bins=bins)
    return RiskResult(
        scenario=results.scenario,
        draws=draws,
        seed=seed,
        years=tuple(results.years),
        rows=tuple(inputs.risks),
        net_variance=Spread.of(net_draws, float(net[-1])),
        gap=tuple(Spread.of(gap_draws[t], float(gaps[t, -1])) for t in range(gaps.shape[0])),
        chance_of_overspend=float(np.mean(net_draws > 0)),
        histogram=tuple(
            HistogramBin(float(edges[i]), float(edges[i + 1]), int(counts[i])) for i in range(len(counts))
        ),
        net_variance_draws=net_draws,
        gap_draws=gap_draws,
    )


def draw_values(
    rows: Sequence[RiskRow],
    draws: int,
    seed: int,
    history: Sequence[HistoryRow] = (),
    trend_months: int = Settings.trend_months,
) -> list[Array]:
    """For each row, ``draws`` values followed by its neutral value (1 for scale, 0 for add, ĝ for trend).

    A ``trend`` row draws its growth from Normal(ĝ, se_g) of the History
    measure the row names. InputError (with each row's cell) when a range,
    distribution or trend is invalid.
    """
    fits = {i: fit([h for h in history if name_key(h.measure) == name_key(row.row)], trend_months)
            for i, row in enumerate(rows) if row.distribution == TREND}
    problems = [p for i, row in enumerate(rows) for p in _range_problems(row, i in fits and fits[i] is None)]
    if problems:
        raise InputError(problems)
    streams = np.random.SeedSequence(seed).spawn(len(rows))
    out = []
    for i, (row, stream) in enumerate(zip(rows, streams, strict=True)):
        rng = np.random.Generator(np.random.PCG64(stream))
        found = fits.get(i)
        if found is not None:
            out.append(np.append(rng.normal(found.growth, found.growth_se, draws), found.growth))
            continue
        values = sample(rng, row, draws)
        neutral = 1.0 if row.op == "scale" else 0.0
        out.append(np.append(values, neutral))
    return out


def sample(rng: np.random.Generator, row: RiskRow, draws: int) -> Array:
    """``draws`` values from the row's distribution; a zero-width range gives its one value every time."""
    low, likely, high = float(row.low), float(row.likely), float(row.high)
    distribution = (row.distribution or "triangular").strip().lower()
    if high == low:
        return np.full(draws, low)
    if distribution == "uniform":
        return rng.uniform(low, high, draws)
    if distribution == "pert":
        width = high - low
        alpha = 1.0 + PERT_LAMBDA * (likely - low) / width
        beta = 1.0 + PERT_LAMBDA * (high - likely) / width
        return low + width * rng.beta(alpha, beta, draws)
    return rng.triangular(low, likely, high, draws)


def _apply_draws(inputs: Inputs, values: list[Array]) -> Inputs:
    problems: list[Problem] = []
    for row, value in zip(inputs.risks, values, strict=True):
        try:
            check_risk_target(inputs, row.sheet, row.row, row.column, row.op, row.distribution)
            inputs = apply_change(inputs, row.sheet, row.row, row.column, row.op, value)
        except ChangeError as exc:
            problems.append(_problem(row, str(exc)))
    if problems:
        raise InputError(problems)
    return inputs


def _range_problems(row: RiskRow, no_trend: bool = False) -> list[Problem]:
    distribution = (row.distribution or "triangular").strip().lower()
    if distribution not in DISTRIBUTIONS:
        return [_problem(row, f"distribution must be one of {', '.join(DISTRIBUTIONS)}, got {row.distribution!r}")]
    if distribution == TREND:
        if no_trend:
            return [_problem(row, f"distribution trend: History has no trend for {row.row!r} (at least 6 months "
                             "above 0 are needed): add its monthly counts to the History sheet")]
        return []
    try:
        low, likely, high = float(row.low), float(row.likely), float(row.high)
    except (TypeError, ValueError):
        return [_problem(row, "low, likely and high must be numbers")]
    if not all(np.isfinite([low, likely, high])):
        return [_problem(row, "low, likely and high must be finite numbers")]
    if not low <= likely <= high:
        return [_problem(row, f"the range must have low <= likely <= high, got {low:g}, {likely:g}, {high:g}")]
    return []


def _problem(row: RiskRow, message: str) -> Problem:
    sheet, _, cell = row.cell.rpartition("!")
    return Problem(sheet or "Risks", cell, message)


def _as_draws(value: object, size: int) -> Array:
    # a figure no range reaches comes back as a plain float: the same in every draw
    array = np.asarray(value, dtype=np.float64)
    return np.broadcast_to(array, (size,)).copy()


def _engine_run(inputs: Inputs, scenario: str) -> Results:
    from forecast.engine import run

    return run(inputs, scenario=scenario)
