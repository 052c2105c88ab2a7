"""The benchmarks (calculations.md §10, issue 23) for the JSON, the narrative and the batch summary.

``benchmark_json(results)`` is ``summary --json``'s ``"benchmark"`` (outputs.md's keys; null without
Settings ``la_code``), ``benchmark_sentence(results)`` the narrative's one sentence where the authority
stands out, ``batch_row(results)`` the figures a batch summary shows for one authority.
"""

from __future__ import annotations


from forecast.engine.benchmark import standout_sentence
from forecast.engine.results import Results
from forecast.records import frozen


# each indicator's short heading, for the Benchmark sheet's neighbours table and the batch summary
SHORT_NAMES = {
    "cla_per_10k": "Looked after per 10,000",
    "agency_rate": "Agency rate",
    "vacancy_rate": "Vacancy rate",
    "turnover_rate": "Turnover rate",
    "caseload": "Caseload",
    "spend_per_child": "Spend per child (£)",
}

def benchmark_json(results: Results) -> dict[str, object] | None:
    """outputs.md's ``"benchmark"``: {la_code, la_name, neighbours, indicators}, or None without la_code."""
    result = getattr(results, "benchmark", None)
    return None if result is None else result.as_json()


def benchmark_sentence(results: Results) -> str | None:
    """The narrative's sentence on the first indicator where the authority is highest or lowest of itself
    and its neighbours; None without la_code or when it stands out on nothing."""
    result = getattr(results, "benchmark", None)
    return None if result is None else standout_sentence(result)


@frozen
class BenchmarkFigure:
    """One indicator of one authority in a batch summary (the DfE's unit: rates in percent)."""

    id: str
    year: int
    value: float | None
    mark: str | None
    own: float | None
    rank: int | None
    ranked_of: int
    england: float | None


@frozen
class BenchmarkRow:
    """One authority's benchmarks in a batch summary: picklable, for the batch's worker processes."""

    la_code: str
    la_name: str
    region_name: str
    figures: tuple[BenchmarkFigure, ...]


def batch_row(results: Results) -> BenchmarkRow | None:
    result = getattr(results, "benchmark", None)
    if result is None:
        return None
    return BenchmarkRow(result.la_code, result.la_name, result.region_name, tuple(
        BenchmarkFigure(i.id, i.year, i.value, i.mark, i.own, i.rank, i.ranked_of, i.england)
        for i in result.indicators))
