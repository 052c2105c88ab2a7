"""Hypothesis properties of the engine on any valid input (quality.md, calculations.md)."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import authorities

from forecast.engine import run
from forecast.inputs.model import Inputs

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(authorities())
def test_totals_identities_bridges_and_checks_hold(inputs):
    r = run(inputs)
    # identities hold to 1e-9 of the size of the figures (sums of big numbers may cancel to ~0)
    big = max([1.0, *(abs(v) for v in _money(r))])

    def close(a, b):
        return abs(a - b) <= 1e-9 * big

    for field in ("budget", "actual_to_date", "outturn", "variance", "earmarked", "net_variance"):
        assert close(getattr(r.totals, field), math.fsum(getattr(x, field) for x in r.lines))
    for x in r.lines:
        assert x.variance == x.outturn - x.budget
        assert x.net_variance == x.variance - x.earmarked
    if r.placements is not None:
        for b in [r.placements.total, *(p.bridge for p in r.placements.lines.values())]:
            assert close(b.volume + b.mix + b.price, b.full_year_forecast - b.full_year_budget)
    if r.staffing is not None:
        for row in r.staffing.rows:
            assert close(row.full_year_forecast - row.budget_basis, row.agency_premium - row.vacancy_saving)
    assert close(math.fsum(i.amount for i in r.variance_bridge), r.totals.net_variance)
    assert [(c.key, c.left, c.right) for c in r.checks if not close(c.left, c.right)] == []
    assert all(c.ok for c in r.checks)


@FAST
@given(authorities(with_plan_items=False))
def test_mtfp_year0_gap_is_net_variance_without_investments(inputs):
    r = run(inputs)
    big = max([1.0, *(abs(v) for v in _money(r))])
    assert abs(r.mtfp[0].gap - r.totals.net_variance) <= 1e-9 * big


def _scale_inputs(inputs: Inputs, c: float) -> Inputs:
    """Every money input and every £ unit cost × c."""

    def opt(v):
        return None if v is None else v * c

    budget = tuple(
        dataclasses.replace(b, budget=b.budget * c, actual_to_date=b.actual_to_date * c, forecast=opt(b.forecast),
                            previous_variance=opt(b.previous_variance), earmarked=b.earmarked * c,
                            future_budgets={y: v * c for y, v in b.future_budgets.items()})
        for b in inputs.budget
    )  # fmt: skip
    placements = tuple(
        dataclasses.replace(p, weekly_cost=p.weekly_cost * c, budget_weekly_cost=p.budget_weekly_cost * c)
        for p in inputs.placements
    )
    staffing = tuple(
        dataclasses.replace(s, salary=s.salary * c, agency_hourly_rate=opt(s.agency_hourly_rate))
        for s in inputs.staffing
    )
    recruits = tuple(dataclasses.replace(x, one_off_cost=x.one_off_cost * c) for x in inputs.recruitment)
    investments = tuple(
        dataclasses.replace(i, amount=i.amount * c, annual_saving=i.annual_saving * c) for i in inputs.investments
    )
    savings = tuple(dataclasses.replace(s, amount=s.amount * c) for s in inputs.savings)
    return dataclasses.replace(inputs, budget=budget, placements=placements, staffing=staffing,
                               recruitment=recruits, investments=investments, savings=savings)  # fmt: skip


def _money(r):
    out = []
    for x in r.lines:
        out += [x.budget, x.outturn, x.variance, x.net_variance]
    out += [r.totals.outturn, r.totals.net_variance]
    if r.placements is not None:
        b = r.placements.total
        out += [b.full_year_forecast, b.full_year_budget, b.volume, b.mix, b.price]
    if r.staffing is not None:
        s = r.staffing
        out += [s.full_year_forecast, s.budget_basis, s.vacancy_saving, s.agency_premium, s.cost_to_close]
    for m in r.mtfp:
        out += [m.base_budget, m.service_forecast, m.total_forecast, m.funding, m.gap]
        out += [m.gap_change] if m.gap_change is not None else []
    out += [i.amount for i in r.variance_bridge]
    out += [i.npv for i in r.investments if i.npv is not None]
    return out


@FAST
@given(authorities(), st.sampled_from([0.5, 3.0, 1000.0]))
def test_scaling_money_inputs_scales_money_outputs(inputs, c):
    base, scaled = run(inputs), run(_scale_inputs(inputs, c))
    before, after = _money(base), _money(scaled)
    # rounding error is relative to the largest figure: a difference of two big numbers may be ~0
    scale = max([1.0, *(abs(a) for a in before)]) * c
    for a, b in zip(before, after, strict=True):
        assert abs(b - a * c) <= 1e-9 * scale
    assert [x.variance_pct is None for x in base.lines] == [x.variance_pct is None for x in scaled.lines]
    assert [i.irr is None for i in base.investments] == [i.irr is None for i in scaled.investments]
