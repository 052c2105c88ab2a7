"""The authority against its statistical neighbours (calculations.md §10), and its own figures today.

``benchmark(tables, la_code, own)`` compares, for each indicator in its latest published year, the
authority's published value with its ten statistical neighbours', its region's and England's.
``own_figures(...)`` computes the authority's figures today from its inputs as the DfE defines them.
Pure: the tables come in already loaded (``forecast.inputs.benchmark_tables.load_tables``).

Decisions where §10 is silent (docs/benchmark.md):
- ``year`` is the latest year of the indicator's table, the same for every authority: an authority
  whose value that year is suppressed shows the mark, not an older year's value.
- Neighbours with no value that year (a mark, or no row) are left out of mean, min, max and rank;
  ``sn_count`` says how many had one.
- ``rank`` is 1 + the number of authorities (itself and its neighbours with a value) with a strictly
  higher value: ties share the better rank (184, 170, 170, 157 rank 1, 2, 2, 4). No value of its own:
  no rank. ``ranked_of`` is how many authorities were ranked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, field
from typing import TYPE_CHECKING, Protocol

from forecast.inputs.benchmark_tables import (
    ENGLAND,
    LICENCE,
    MARKS,
    Authority,
    BenchmarkTables,
    Published,
    find_authority,
)
from forecast.names import name_key
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.engine.results import MtfpYear
    from forecast.inputs.model import Inputs

# id → (words, unit shown after a value); the DfE's units: rates are percentages.
INDICATORS: dict[str, tuple[str, str]] = {
    "cla_per_10k": ("children looked after on 31 March per 10,000 children", "per 10,000"),
    "agency_rate": ("agency children's social workers, % of FTE", "%"),
    "vacancy_rate": ("children's social worker vacancy rate, % of FTE", "%"),
    "turnover_rate": ("children's social worker turnover rate, % of FTE", "%"),
    "caseload": ("average caseload per case-holding social worker (FTE)", "cases"),
    "spend_per_child": ("children's social care net expenditure per child aged 0-17 (RO3)", "£"),
}

# What a reader must know beside an indicator.
NOTES = {
    "spend_per_child": "Spending per child is RO3 (MHCLG) net current expenditure on children's social care over "
                       "the children aged 0-17; councils classify spending between lines differently (CIPFA's "
                       "guidance is applied unevenly, the comparability caveat the DfE gives for S251), no "
                       "regional figure is published, and England's total includes estimates for missing "
                       "returns: compare with care.",
}


class StaffFigures(Protocol):
    """What the own figures need of a Staffing row (``forecast.inputs.model.StaffRow`` has it)."""

    @property
    def role(self) -> str: ...
    @property
    def fte_budget(self) -> float: ...
    @property
    def fte_permanent(self) -> float: ...
    @property
    def fte_agency(self) -> float: ...
    @property
    def turnover(self) -> float: ...
    @property
    def cases(self) -> float | None: ...


@frozen
class WorkforceRow:
    """A plain Staffing row for ``own_figures`` (tests and callers without the input model)."""

    role: str
    fte_budget: float
    fte_permanent: float
    fte_agency: float = 0.0
    turnover: float = 0.0  # yearly leavers as a share of permanent FTE (0.12 = 12%)
    cases: float | None = None


@frozen
class OwnFigures:
    """The authority's figures today from its inputs, in the DfE's units (rates in percent); None = cannot say."""

    cla_per_10k: float | None = None
    agency_rate: float | None = None
    vacancy_rate: float | None = None
    turnover_rate: float | None = None
    caseload: float | None = None
    spend_per_child: float | None = None  # not computed from the inputs (§10 names no own figure for it)
    roles_missing: tuple[str, ...] = ()  # benchmark_roles no Staffing row has (to warn)

    def get(self, indicator_id: str) -> float | None:
        value = getattr(self, indicator_id, None)
        return value if isinstance(value, float) else None


def _share(numerator: float, denominator: float, scale: float) -> float | None:
    return numerator / denominator * scale if denominator > 0 else None


def own_figures(staffing: Iterable[StaffFigures], benchmark_roles: Sequence[str] | None = None,
                cla: float | None = None, child_population: float | None = None) -> OwnFigures:
    """§10's own figures: Staffing rows of ``benchmark_roles`` (None or empty: every row), children looked
    after ``cla`` today over ``child_population`` (0–17). Roles match as names do everywhere (case and
    spacing do not matter)."""
    wanted = {name_key(r) for r in benchmark_roles or () if r.strip()}
    rows = [r for r in staffing if not wanted or name_key(r.role) in wanted]
    seen = {name_key(r.role) for r in rows}
    missing = tuple(r.strip() for r in benchmark_roles or () if r.strip() and name_key(r) not in seen)
    budget = sum(r.fte_budget for r in rows)
    permanent = sum(r.fte_permanent for r in rows)
    in_post = sum(r.fte_permanent + r.fte_agency for r in rows)
    with_cases = [r for r in rows if r.cases is not None]
    rate = (cla / child_population * 10_000 if cla is not None and child_population is not None
            and child_population > 0 else None)
    return OwnFigures(
        cla_per_10k=float(rate) if rate is not None else None,
        agency_rate=_share(sum(r.fte_agency for r in rows), in_post, 100),
        # A post covered by agency is a vacancy, as the DfE counts it.
        vacancy_rate=_share(sum(max(r.fte_budget - r.fte_permanent, 0.0) for r in rows), budget, 100),
        turnover_rate=_share(sum(r.turnover * r.fte_permanent for r in rows), permanent, 100),
        caseload=_share(sum(r.cases or 0.0 for r in with_cases),
                        sum(r.fte_permanent + r.fte_agency for r in with_cases), 1),
        roles_missing=missing,
    )


@frozen
class Neighbour:
    la_code: str
    la_name: str


@frozen
class Comparison:
    """One authority's published figure for the chart: the authority first, then its neighbours."""

    la_code: str
    la_name: str
    value: float | None
    mark: str | None


@frozen
class IndicatorResult:
    id: str
    indicator: str
    unit: str
    year: int
    value: float | None
    mark: str | None
    own: float | None
    sn_mean: float | None
    sn_min: float | None
    sn_max: float | None
    sn_count: int  # neighbours with a value
    rank: int | None  # 1 = highest among itself and its neighbours with a value
    ranked_of: int
    region: float | None
    region_mark: str | None
    england: float | None
    england_mark: str | None
    source: str
    joint: str | None  # the DfE's joint row the authority's value comes from, e.g. "940 / 941"
    comparisons: tuple[Comparison, ...] = field(default=())
    note: str = ""  # a caveat to print beside the figure (spending per child)

    def as_json(self) -> dict[str, object]:
        """The keys of outputs.md's ``benchmark.indicators[]``."""
        keys = ("id", "indicator", "year", "value", "own", "sn_mean", "sn_min", "sn_max", "rank", "region",
                "england", "source", "mark")
        return {k: getattr(self, k) for k in keys}


@frozen
class BenchmarkResult:
    la_code: str
    ons_code: str
    la_name: str
    region_code: str
    region_name: str
    neighbours: tuple[Neighbour, ...]
    indicators: tuple[IndicatorResult, ...]
    neighbours_source: str
    licence: str = LICENCE

    def as_json(self) -> dict[str, object]:
        """outputs.md's ``"benchmark"`` object."""
        return {"la_code": self.la_code, "la_name": self.la_name,
                "neighbours": [asdict(n) for n in self.neighbours],
                "indicators": [i.as_json() for i in self.indicators]}


def rank_of(own: float | None, others: Iterable[float]) -> int | None:
    """1 + how many of ``others`` are strictly higher (ties share the better rank); None without a value."""
    return None if own is None else 1 + sum(1 for v in others if v > own)


def _indicator(tables: BenchmarkTables, authority: Authority, indicator_id: str, own: float | None) -> IndicatorResult:
    series = tables.series[indicator_id]
    year = series.latest_year
    missing = Published(None, None)

    def figure(level: str, code: str) -> Published:
        return series.get(year, level, code) or missing

    mine = figure("la", authority.la_code)
    comparisons = [Comparison(authority.la_code, authority.la_name, mine.value, mine.mark)]
    for code in authority.neighbours:
        published = figure("la", code)
        comparisons.append(Comparison(code, tables.authorities[code].la_name, published.value, published.mark))
    values = [c.value for c in comparisons[1:] if c.value is not None]
    region, england = figure("region", authority.region_code), figure("england", ENGLAND)
    words, unit = INDICATORS[indicator_id]
    return IndicatorResult(
        id=indicator_id, indicator=words, unit=unit, year=year, value=mine.value, mark=mine.mark, own=own,
        sn_mean=sum(values) / len(values) if values else None,
        sn_min=min(values) if values else None, sn_max=max(values) if values else None, sn_count=len(values),
        rank=rank_of(mine.value, values), ranked_of=len(values) + (mine.value is not None),
        region=region.value, region_mark=region.mark, england=england.value, england_mark=england.mark,
        source=f"{series.source.publication}, {year}; file {series.source.source_file}",
        joint=series.joint.get((year, authority.la_code)), comparisons=tuple(comparisons),
        note=NOTES.get(indicator_id, ""))


def benchmark(tables: BenchmarkTables, la_code: object,
              own: OwnFigures | Mapping[str, float | None] | None = None) -> BenchmarkResult:
    """§10 for the authority ``la_code`` (DfE or ONS code); ``UnknownAuthority`` names the nearest ones."""
    authority = find_authority(tables, la_code)
    figures: Mapping[str, float | None] = (
        {k: own.get(k) for k in INDICATORS} if isinstance(own, OwnFigures) else own or {})
    indicators = tuple(_indicator(tables, authority, k, figures.get(k)) for k in INDICATORS if k in tables.series)
    neighbours = tuple(Neighbour(c, tables.authorities[c].la_name) for c in authority.neighbours)
    return BenchmarkResult(authority.la_code, authority.ons_code, authority.la_name, authority.region_code,
                           authority.region_name, neighbours, indicators, tables.neighbours_source.citation)


def _plain(value: object) -> bool:
    """A plain number, not a risk run's array of draws (whose benchmarks nobody reads)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def for_inputs(inputs: Inputs, mtfp: Sequence[MtfpYear] = ()) -> BenchmarkResult | None:
    """§10 for a run of the engine: None without Settings ``la_code``. The own figures come from the
    Staffing rows of ``benchmark_roles`` and cla_0 (§9: MTFP year 0's ``cla`` when the MTFP carries it,
    else Σ children over every Placements row) over Settings ``child_population``; a figure a risk run
    draws (an array) is left out rather than made a number."""
    from forecast.inputs.benchmark_tables import load_tables

    settings = inputs.settings
    la_code = getattr(settings, "la_code", None)
    if not la_code:
        return None
    roles = [r.strip() for r in (getattr(settings, "benchmark_roles", None) or "").split(";") if r.strip()]
    population: object = getattr(settings, "child_population", None)  # Settings gains it with §9 ("plan")
    cla: object = getattr(mtfp[0], "cla", None) if mtfp else None
    if cla is None and inputs.placements:
        cla = sum(r.children for r in inputs.placements)
    staff_plain = all(_plain(v) for r in inputs.staffing
                      for v in (r.fte_budget, r.fte_permanent, r.fte_agency, r.turnover, r.cases or 0.0))
    own = own_figures(inputs.staffing if staff_plain else (), roles or None,
                      float(cla) if isinstance(cla, (int, float)) else None,
                      float(population) if isinstance(population, (int, float)) else None)
    if not staff_plain:
        own = OwnFigures(cla_per_10k=own.cla_per_10k)
    return benchmark(load_tables(), la_code, own)


# -- Words: the text table of `forecast benchmark` and the narrative's sentence ---------------------------

def show(value: float | None, indicator_id: str, mark: str | None = None) -> str:
    """A figure as the DfE shows it: rate per 10,000 whole, rates and caseloads to one decimal."""
    if value is None:
        return f"not published ({mark})" if mark else "-"
    if indicator_id == "cla_per_10k":
        return f"{value:,.0f}"
    if indicator_id == "spend_per_child":
        return f"£{value:,.0f}"
    return f"{value:,.1f}%" if INDICATORS[indicator_id][1] == "%" else f"{value:,.1f}"


def render_text(result: BenchmarkResult) -> str:
    """The table `forecast benchmark` prints: one line per indicator, then sources and the licence line."""
    head = ("indicator", "year", "published", "now", "neighbours mean", "min", "max", "rank", "region",
            "England")
    rows = [head]
    for i in result.indicators:
        rank = f"{i.rank} of {i.ranked_of}" if i.rank is not None else "-"
        rows.append((i.indicator, str(i.year), show(i.value, i.id, i.mark), show(i.own, i.id),
                     show(i.sn_mean, i.id), show(i.sn_min, i.id), show(i.sn_max, i.id), rank,
                     show(i.region, i.id, i.region_mark), show(i.england, i.id, i.england_mark)))
    widths = [max(len(r[c]) for r in rows) for c in range(len(head))]
    lines = [f"{result.la_name} ({result.la_code}, {result.ons_code}), {result.region_name}, against its "
             f"statistical neighbours: " + ", ".join(n.la_name for n in result.neighbours), ""]
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    marks = sorted({m for i in result.indicators for m in (i.mark, i.region_mark, i.england_mark) if m})
    lines.append("")
    lines += [f"{m}: {MARKS[m]}" for m in marks]
    lines.append("Neighbours' mean, min and max are of the neighbours with a published value; rank 1 = highest.")
    lines += [i.note for i in result.indicators if i.note]
    lines.append(f"Statistical neighbours: {result.neighbours_source}")
    lines += sorted({f"Source: {i.source}" for i in result.indicators})
    lines.append(result.licence)
    return "\n".join(lines) + "\n"


def standout_sentence(result: BenchmarkResult) -> str | None:
    """One sentence for the narrative on the first indicator where the authority is highest or lowest of
    itself and its neighbours, e.g. 'Children looked after on 31 March per 10,000 children: 184 in 2025,
    the highest of Blackpool and its 10 statistical neighbours (neighbours 88 to 170; England 67).'"""
    for i in result.indicators:
        if i.sn_min is None or i.sn_max is None:
            continue
        if i.value is None or i.sn_min < i.value < i.sn_max or i.sn_min == i.sn_max == i.value:
            continue
        where = "highest" if i.value >= i.sn_max else "lowest"
        if i.value in (i.sn_min, i.sn_max):
            where = f"joint {where}"
        others = (f"its {i.sn_count} statistical neighbours with a published figure" if i.sn_count < 10
                  else "its 10 statistical neighbours")
        england = f"; England {show(i.england, i.id)}" if i.england is not None else ""
        return (f"{i.indicator[0].upper()}{i.indicator[1:]}: {show(i.value, i.id)} in {i.year}, the {where} of "
                f"{result.la_name} and {others} (neighbours {show(i.sn_min, i.id)} to {show(i.sn_max, i.id)}"
                f"{england}).")
    return None
