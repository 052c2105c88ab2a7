"""How one authority's forecast moved over a year, and how accurate it was (``forecast history``).

Pure, like ``compare``: the engine's ``Results`` of several input workbooks (one authority,
one financial year, each a different period, in any order) → outturn and
net variance by period for every line and the total, the movement between
consecutive periods and, when one file is Month 12, the forecast's errors
against that outturn (outputs.md, "The monthly cycle"). Figures are the
files' own, unrounded, in their units; nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field
from itertools import pairwise

from forecast.engine.results import Results
from forecast.errors import ForecastError
from forecast.names import name_key
from forecast.fy import fy_label
from forecast.records import frozen

FINAL_PERIOD = 12


@frozen
class LineHistory:
    line: str
    budget: float  # in the latest file that has the line
    outturn: dict[int, float]  # period → forecast outturn in that period's file
    net_variance: dict[int, float]
    budgets: dict[int, float]  # period → budget in that period's file (a virement moves it)
    material: bool = False  # shown in its own chart
    earmark_drawn: dict[int, float] = field(default_factory=dict)  # issue 21: period → earmark drawn (rows add across)

    def movement(self, periods: Sequence[int]) -> dict[int, float]:
        """Change in net variance from the period before (of those given) to each later one."""
        return _movement(self.net_variance, periods)


@frozen
class Accuracy:
    final_outturn: float
    errors: dict[int, float]  # p → total outturn at p − outturn at 12
    pct_errors: dict[int, float | None]  # error / outturn at 12 (None when that is 0)
    mean_abs_pct_error: float | None  # over p < 12; None when no earlier period (or outturn 0)
    line_errors: dict[str, dict[int, float]]
    final_period: int = FINAL_PERIOD


@frozen
class History:
    authority: str
    financial_year: int
    units: str
    service: str
    periods: tuple[int, ...]
    files: dict[int, str]  # period → the file it came from
    lines: tuple[LineHistory, ...]
    total: LineHistory
    accuracy: Accuracy | None
    warnings: tuple[str, ...] = ()
    # Issue 24: period → section → its RAG (§11), for the files with Actions; sections spelt as the latest file
    # that has them spells them (the one name rule), in the latest file's order, then sections only earlier had.
    actions: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def sections(self) -> tuple[str, ...]:
        """Every section of any period's plan, in the order of ``actions``' latest period, then earlier ones."""
        names: dict[str, None] = {}
        for period in sorted(self.actions, reverse=True):
            names.update(dict.fromkeys(self.actions[period]))
        return tuple(names)


def history(runs: Sequence[tuple[str, Results]]) -> History:
    """The history of ``runs`` (file name, its Base results); ForecastError naming the files when they mix."""
    if not runs:
        raise ForecastError("give at least one input workbook")
    _check_one_series(runs)
    ordered = sorted(runs, key=lambda run: run[1].settings.period)
    periods = tuple(r.settings.period for _, r in ordered)
    latest = ordered[-1][1]
    lines = _lines(ordered)
    totals = LineHistory(
        latest.settings.service,
        latest.totals.budget,
        {r.settings.period: r.totals.outturn for _, r in ordered},
        {r.settings.period: r.totals.net_variance for _, r in ordered},
        {r.settings.period: r.totals.budget for _, r in ordered},
        earmark_drawn={r.settings.period: r.totals.earmark_drawn for _, r in ordered},
    )
    final = next((r for _, r in ordered if r.settings.period == FINAL_PERIOD), None)
    return History(
        authority=latest.settings.authority,
        financial_year=latest.settings.financial_year,
        units=latest.settings.units,
        service=latest.settings.service,
        periods=periods,
        files={r.settings.period: name for name, r in ordered},
        lines=lines,
        total=totals,
        accuracy=None if final is None else _accuracy(periods, lines, totals),
        warnings=tuple(_final_warnings(ordered)),
        actions=_section_rags(ordered),
    )


def _section_rags(ordered: Sequence[tuple[str, Results]]) -> dict[int, dict[str, str]]:
    """Period → section → RAG for the files with actions; a section spelt as the latest file having it spells it."""
    spelt: dict[str, str] = {}
    for _, r in reversed(ordered):
        if r.actions is not None:
            for s in r.actions.sections:
                spelt.setdefault(name_key(s.section), s.section)
    return {
        r.settings.period: {spelt[name_key(s.section)]: s.rag for s in r.actions.sections}
        for _, r in ordered
        if r.actions is not None and r.actions.items
    }


def _authority(r: Results) -> str:
    return r.settings.authority


def _authority_key(r: Results) -> str:
    return name_key(r.settings.authority)


def _year(r: Results) -> str:
    return fy_label(r.settings.financial_year)


def _units(r: Results) -> str:
    return r.settings.units


# what one series shares: (what, how compared, how shown)
_SERIES: tuple[tuple[str, Callable[[Results], str], Callable[[Results], str]], ...] = (
    ("authority", _authority_key, _authority),
    ("financial year", _year, _year),
    ("units", _units, _units),
)


def _check_one_series(runs: Sequence[tuple[str, Results]]) -> None:
    for what, key, shown in _SERIES:
        names: dict[str, list[str]] = {}
        for name, r in runs:
            names.setdefault(key(r), []).append(name)
        if len(names) > 1:
            label = {key(r): shown(r) for _, r in runs}
            groups = "; ".join(f"{label[value]}: {', '.join(files)}" for value, files in names.items())
            raise ForecastError(
                f"the files are not one series: they differ in {what} ({groups}); history follows one "
                "authority's workbooks for one financial year in one unit"
            )
    seen: dict[int, str] = {}
    for name, r in runs:
        period = r.settings.period
        if period in seen:
            raise ForecastError(f"{seen[period]} and {name} are both period {period}: give one workbook per period")
        seen[period] = name


def _lines(ordered: Sequence[tuple[str, Results]]) -> tuple[LineHistory, ...]:
    """Every line of any file, in the latest file's order, then lines only earlier files had.

    Lines are matched by the one name rule (``names.name_key``), as ``compare`` matches them: `Other costs`
    at Month 3 and `Other Costs` at Month 6 are one line, shown as the latest file spells it.
    """
    names: dict[str, str] = {}  # key → the latest spelling
    for _, r in reversed(ordered):
        for x in r.lines:
            names.setdefault(name_key(x.line), x.line)
    material = {name_key(line) for _, r in ordered for line in r.material_lines}
    out = []
    for key, name in names.items():
        outturn: dict[int, float] = {}
        variance: dict[int, float] = {}
        budgets: dict[int, float] = {}
        drawn: dict[int, float] = {}
        for _, r in ordered:
            found = next((x for x in r.lines if name_key(x.line) == key), None)
            if found is not None:
                budgets[r.settings.period] = found.budget
                outturn[r.settings.period] = found.outturn
                variance[r.settings.period] = found.net_variance
                drawn[r.settings.period] = found.earmark_drawn
        out.append(LineHistory(name, budgets[max(budgets)], outturn, variance, budgets, key in material, drawn))
    return tuple(out)


def _accuracy(periods: Sequence[int], lines: Sequence[LineHistory], total: LineHistory) -> Accuracy:
    final = total.outturn[FINAL_PERIOD]
    errors = {p: total.outturn[p] - final for p in periods}
    pct = {p: (e / final if final else None) for p, e in errors.items()}
    earlier = [abs(v) for p, v in pct.items() if p < FINAL_PERIOD and v is not None]
    mape = sum(earlier) / len(earlier) if earlier and final else None
    line_errors = {
        x.line: {p: x.outturn[p] - x.outturn[FINAL_PERIOD] for p in periods if p in x.outturn}
        for x in lines
        if FINAL_PERIOD in x.outturn
    }
    return Accuracy(final, errors, pct, mape, line_errors)


def _final_warnings(ordered: Sequence[tuple[str, Results]]) -> list[str]:
    """At Month 12 the outturn is the actual: a manual forecast that differs from it is probably stale."""
    out = []
    for name, r in ordered:
        if r.settings.period != FINAL_PERIOD:
            continue
        for x in r.lines:
            if x.method == "manual" and x.outturn != x.actual_to_date:
                out.append(
                    f"{name}: line {x.line!r} is Month 12 but its manual forecast {x.outturn:,.6g} differs from its "
                    f"actual to date {x.actual_to_date:,.6g}: at year end the outturn is the actual (set forecast "
                    "to the actual)"
                )
    return out


def _movement(values: dict[int, float], periods: Sequence[int]) -> dict[int, float]:
    present = [p for p in periods if p in values]
    return {b: values[b] - values[a] for a, b in pairwise(present)}
