"""The forecasting engine: pure functions of typed inputs (calculations.md §1–§6).

``run(inputs)`` returns a ``Results`` with every figure the writers show,
unrounded, in the workbook's units. Nothing here reads or writes files.

Numeric input fields may hold numpy arrays of draws (the risk run): the
arithmetic broadcasts and never branches on a value (see ``_num``); figures
that only make sense for one number (RAG, NPV, IRR, payback) are left blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from forecast.engine import outturn as _outturn
from forecast.engine.children_lines import ListRun, apply, needed
from forecast.engine.investments import investments as _investments
from forecast.engine.mtfp import carry_warnings, reserves_run_out, reserves_run_out_if_gaps_met
from forecast.engine.mtfp import mtfp as _mtfp
from forecast.engine.placements import placements as _placements
from forecast.engine._num import is_array, total
from forecast.engine.demand import DemandSeries
from forecast.errors import InputError
from forecast.engine.results import LineResult, Results
from forecast.engine.savings import savings as _savings
from forecast.engine.staffing import PostTerms
from forecast.engine.staffing import staffing as _staffing
from forecast.engine.trends import trends as _trends
from forecast.engine.trends import untrended as _untrended
from forecast.engine.identities import checks as _checks
from forecast.engine.variance import material_lines as _material_lines
from forecast.engine.variance import other_lines_net_variance as _other_lines_net_variance
from forecast.engine.variance import variance_bridge as _variance_bridge
from forecast.engine.variance import waterfall as _waterfall
from forecast.fy import fy_label
from forecast.inputs.model import Inputs

if TYPE_CHECKING:
    from forecast.engine.actions import ImprovementPlan
    from forecast.engine.benchmark import BenchmarkResult
    from forecast.engine.results import InvestmentResult, MtfpYear

__all__ = ["run", "Results"]


def _row_warnings(inputs: Inputs) -> list[str]:
    """Rows pointing at a line of another method take no part in the figures: say so."""
    methods = {b.line: b.method for b in inputs.budget}
    out: list[str] = []
    for sheet, rows, method in (
        ("Placements", inputs.placements, "placements"),
    ):  # rev 3 §3: Staffing rows on a line of another method are capacity only, not ignored
        for name in dict.fromkeys(r.line for r in rows):
            if methods.get(name) != method:
                out.append(
                    f"{sheet}: rows for line {name!r} are ignored because that Budget line's method is "
                    f"{methods.get(name, 'missing')!r}, not {method!r}"
                )
    return out


def _spent_warnings(lines: tuple[LineResult, ...], units: str) -> list[str]:
    """A forecast below what is already spent can only be right for a credit: say so (arrays of draws aside)."""
    out = []
    for x in lines:
        if is_array(x.outturn) or is_array(x.actual_to_date):
            continue
        if x.actual_to_date > 0 and x.outturn < x.actual_to_date - 0.5e-6 * max(1.0, abs(x.actual_to_date)):
            out.append(
                f"Budget: line {x.line!r}: forecast outturn {x.outturn:,.0f} is below the {x.actual_to_date:,.0f} "
                f"({units}) already spent to date: check its method ({x.method!r}) or its forecast"
            )
    return out


def run(inputs: Inputs, scenario: str = "Base") -> Results:
    """Forecast the current year, the placements and staffing detail and the MTFP.

    ``scenario`` is recorded on the results; the inputs are used as given.
    """
    settings = inputs.settings
    warnings = [str(p) for p in inputs.warnings] + _row_warnings(inputs)
    # issue 26: placements lines forecast from the Children list (calculations.md §12)
    children_run = _children_list(inputs)
    if children_run is not None:
        warnings += [str(p.problem(named=False)) for p in children_run.problems]
        inputs = replace(inputs, placements=children_run.placements)
    from_list = children_run.remaining if children_run is not None else None
    known_ends = (total(x.known_ends for x in children_run.result.lines)
                  if children_run is not None and children_run.result is not None else 0.0)

    found = _trends(inputs.history, settings.trend_months)
    placements = (
        _placements(settings, inputs.budget, inputs.placements, found, inputs.demand, from_list, known_ends)
        if inputs.placements else None
    )
    staffing = None
    posts: tuple[tuple[PostTerms, ...], ...] = ()
    if inputs.staffing:
        staffing, posts, staff_warnings = _staffing(
            settings, inputs.budget, inputs.staffing, inputs.recruitment, found, inputs.investments
        )
        warnings += staff_warnings
    elif inputs.recruitment:
        warnings.append("Recruitment: there are no Staffing rows to add recruits to, so recruitment is ignored")

    modelled = {}
    if placements is not None:
        modelled.update({name: p.by_year[0] for name, p in placements.lines.items()})
    if staffing is not None:
        modelled.update({name: s.by_year[0] for name, s in staffing.lines.items()})

    lines = tuple(_outturn.line_result(b, settings, modelled) for b in inputs.budget)
    warnings += _spent_warnings(lines, settings.units)
    groups = _outturn.groups(lines)
    totals = _outturn.group_total(settings.service, lines)
    investments = _investments(settings, inputs.investments, posts, inputs.placements)
    savings = _savings(settings, inputs.savings)
    mtfp = _mtfp(settings, inputs.budget, lines, placements, staffing, investments, savings)
    warnings += carry_warnings(inputs.budget, settings)
    run_out = reserves_run_out(mtfp)
    run_out_if_met = reserves_run_out_if_gaps_met(mtfp)
    if run_out is not None:
        warnings.append(
            f"MTFP: reserves run out in {fy_label(run_out)} (Settings reserves_opening "
            f"{settings.reserves_opening:,.0f} {settings.units} is drawn below 0); if each year's gap were met "
            f"from reserves they would run out in {fy_label(run_out_if_met or run_out)}"
        )
    bridge = _variance_bridge(lines, placements, staffing)
    checks = _checks(lines, groups, totals, placements, staffing, mtfp, bridge, investments=bool(investments))
    material = _material_lines(lines)
    return Results(
        settings=settings,
        scenario=scenario,
        years=tuple(settings.years),
        lines=lines,
        groups=groups,
        totals=totals,
        placements=placements,
        staffing=staffing,
        investments=investments,
        savings=savings,
        mtfp=mtfp,
        variance_bridge=bridge,
        checks=checks,
        warnings=tuple(warnings),
        waterfall=_waterfall(bridge, totals.net_variance),
        material_lines=material,
        other_lines_net_variance=_other_lines_net_variance(lines, material),
        reserves_run_out=run_out,
        reserves_run_out_if_gaps_met=run_out_if_met,
        trends=tuple(found.values()),
        untrended=_untrended(inputs.history, settings.trend_months),
        benchmark=_benchmark(inputs, mtfp),  # issue 23 (§10): None without la_code
        demand_series=_demand_series(inputs),
        children=children_run.result if children_run is not None else None,
        actions=_actions(inputs, investments),  # issue 24 (§11): None without Actions rows
    )


def _demand_series(inputs: Inputs) -> tuple[DemandSeries, ...]:
    """Issue 22: the Demand of each type with Placements rows, its History counts and today's children."""
    if not inputs.demand:
        return ()
    from forecast.engine import demand as _demand

    months = [_demand.DemandMonth(d.month, d.placement_type, d.children) for d in inputs.demand]
    rows = [_demand.PlacementRow(p.line, p.placement_type, p.children) for p in inputs.placements]
    return _demand.series(months, rows, inputs.history)


def _children_list(inputs: Inputs) -> ListRun | None:
    """§12 over the Children list (and the Placements cells left blank for it); errors stop the run."""
    if not needed(inputs):
        return None
    found = apply(inputs)
    if found.errors:
        raise InputError([p.problem(named=inputs.settings.child_ids != "hide") for p in found.errors],
                         path=inputs.source_name)
    return found


# The benchmark and the improvement plan are imported only by a run that has them (Settings la_code, an
# Actions sheet): a plain build does not pay for the DfE tables' loader, difflib or the plan (issue 25).
def _benchmark(inputs: Inputs, mtfp: Sequence[MtfpYear]) -> BenchmarkResult | None:
    if not getattr(inputs.settings, "la_code", None):
        return None
    from forecast.engine.benchmark import for_inputs

    return for_inputs(inputs, mtfp)


def _actions(inputs: Inputs, investments: Sequence[InvestmentResult]) -> ImprovementPlan | None:
    if not inputs.actions:
        return None
    from forecast.engine.actions import plan_for

    return plan_for(inputs, investments)
