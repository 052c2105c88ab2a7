"""The risk run puts numpy arrays of draws into numeric inputs and runs the engine once:
every figure must then equal, element by element, the scalar run on each draw."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from engine_support import inputs, settings

from forecast.engine import run
from forecast.inputs.model import BudgetLine, Investment, PlacementRow, Recruit, Saving, StaffRow

BASE = inputs(
    (
        BudgetLine("LAC", 20_000.0, "placements", actual_to_date=7_000.0, earmarked=1_000.0, previous_variance=10.0),
        BudgetLine("Teams", 8_000.0, "staffing", actual_to_date=3_900.0, future_budgets={2020: 8_200.0}),
        BudgetLine("Leaving care", 1_000.0, "run_rate", actual_to_date=600.0, recurring=True),
        BudgetLine("Improvement", 0.0, "manual", forecast=700.0),
    ),
    placements=(
        PlacementRow("LAC", "in-house fostering", 100.0, 450.0, 95.0, 440.0, growth=0.02),
        PlacementRow("LAC", "external residential", 20.0, 5_000.0, 0.0, 4_800.0),
    ),
    staffing=(
        StaffRow("Teams", "A", "SW", 20.0, 15.0, 40_000.0, 3.0, 60.0, cases=400.0, target_caseload=18.0),
        StaffRow("Teams", "B", "SW", 10.0, 10.0, 41_000.0),
    ),
    recruitment=(Recruit("A", "SW", 2.0, dt.date(2019, 10, 1), one_off_cost=1_000.0),),
    investments=(Investment("Edge of care", "ongoing", 300.0, 2019, annual_saving=350.0),),
    savings=(Saving("Fewer agency", 2020, 120.0, "amber"),),
    settings=settings(units="£000", weeks_per_year=365 / 7),
)

CHILDREN = np.array([100.0, 130.0, 0.0, 85.5])
WEEKLY = np.array([450.0, 520.0, 300.0, 0.0])
AGENCY = np.array([3.0, 0.0, 1.0, 6.0])


def _with(children, weekly, agency):
    rows = (dataclasses.replace(BASE.placements[0], children=children, budget_children=children),
            dataclasses.replace(BASE.placements[1], weekly_cost=weekly))  # fmt: skip
    staff = (dataclasses.replace(BASE.staffing[0], fte_agency=agency), BASE.staffing[1])
    return dataclasses.replace(BASE, placements=rows, staffing=staff)


def _figures(r):
    """Every money figure a writer shows, flattened."""
    out = [x.outturn for x in r.lines] + [x.net_variance for x in r.lines]
    out += [r.totals.net_variance, r.totals.variance]
    b = r.placements.total
    out += [b.volume, b.mix, b.price, b.full_year_forecast]
    s = r.staffing
    out += [s.full_year_forecast, s.vacancy_saving, s.agency_premium, s.agency_share]
    out += [m.gap for m in r.mtfp] + [m.gap_change for m in r.mtfp[1:]]
    out += [i.amount for i in r.variance_bridge]
    out += [r.placements.remaining_cost, b.children, b.budget_children]
    out += [s.fte_in_post_with_cases, s.recruitment_year.net_effect, s.recruitment_year.employee_cost]
    out += [m.investment_funding for m in r.mtfp] + [m.investment_gap_effect for m in r.mtfp]
    out += [getattr(bar, f) for bar in r.waterfall for f in ("start", "end", "base", "above_zero", "below_zero")]
    return out


def test_arrays_through_run_equal_scalar_runs():
    vector = run(_with(CHILDREN, WEEKLY, AGENCY))
    for i in range(len(CHILDREN)):
        scalar = run(_with(float(CHILDREN[i]), float(WEEKLY[i]), float(AGENCY[i])))
        for got, want in zip(_figures(vector), _figures(scalar), strict=True):
            assert np.broadcast_to(got, CHILDREN.shape)[i] == pytest.approx(want, rel=1e-12, abs=1e-9)


def test_array_run_leaves_scalar_only_figures_blank():
    r = run(_with(CHILDREN, WEEKLY, AGENCY))
    assert r.lines[0].rag == ""
    assert r.material_lines == ()  # which lines explain the variance differs draw by draw
    assert r.investments[0].npv is not None  # investment inputs are still scalars
    checks = {c.key: c for c in r.checks}
    assert np.allclose(checks["variance_bridge"].left, checks["variance_bridge"].right)
    assert np.allclose(checks["staffing_identity"].left, checks["staffing_identity"].right)
