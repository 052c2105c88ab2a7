"""Hypothesis properties of the engine on any valid input (quality.md, calculations.md)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import authorities, revision2_authorities

from forecast.engine import run
from forecast.inputs.model import Inputs

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@FAST
@given(authorities())
def test_totals_identities_bridges_and_checks_hold(inputs):
    r = run(inputs)
    # identities hold to 1e-9 of the size of the figures (sums of big numbers may cancel to ~0)
    big = max([1.0, *(abs(v) for v in _money(r))])

    def close(a, b):
        return abs(a - b) <= 1e-9 * big

    for field in ("budget", "actual_to_date", "outturn", "variance", "earmarked", "earmark_drawn", "earmark_unused",
                  "net_variance"):
        assert close(getattr(r.totals, field), math.fsum(getattr(x, field) for x in r.lines))
    for x in r.lines:
        assert x.variance == x.outturn - x.budget
        # rev 3 §1: the earmark is drawn only as far as the line overspends
        assert x.earmark_drawn == min(x.earmarked, max(x.variance, 0.0))
        assert x.net_variance == x.variance - x.earmark_drawn
        assert x.earmark_unused == x.earmarked - x.earmark_drawn
    if r.placements is not None:
        for b in [r.placements.total, *(p.bridge for p in r.placements.lines.values())]:
            assert close(b.volume + b.mix + b.price, b.full_year_forecast - b.full_year_budget)
    if r.staffing is not None:
        for row in r.staffing.rows:
            assert close(row.full_year_forecast - row.budget_basis, row.agency_premium - row.vacancy_saving)
    assert close(math.fsum(i.amount for i in r.variance_bridge), r.totals.net_variance)
    assert [(c.key, c.left, c.right) for c in r.checks if not close(c.left, c.right)] == []
    assert all(c.ok for c in r.checks)


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
@FAST
@given(revision2_authorities())
def test_revision2_first_gap_plus_changes_is_the_last_gap_and_reserves_add_up(inputs):
    r = run(inputs)
    big = max([1.0, *(abs(v) for v in _money(r))])
    assert r.mtfp[0].gap_change is None
    assert abs(r.mtfp[0].gap + math.fsum(m.gap_change for m in r.mtfp[1:]) - r.mtfp[-1].gap) <= 1e-9 * big
    opening = inputs.settings.reserves_opening
    for m in r.mtfp:
        if opening is None:
            assert m.reserves_opening is m.reserves_drawn is m.reserves_closing is None
            continue
        assert m.reserves_opening == opening
        assert m.reserves_closing == m.reserves_opening - m.reserves_drawn
        opening = m.reserves_closing
    closings = [m.reserves_closing for m in r.mtfp]
    run_out = next((m.year for m, c in zip(r.mtfp, closings, strict=True) if c is not None and c < 0), None)
    assert r.reserves_run_out == run_out
    assert all(c.ok for c in r.checks), [c.key for c in r.checks if not c.ok]


def _revision1_gaps(inputs: Inputs, r) -> list[float]:
    """Revision 1's MTFP gap, written out here, with revision 2's corrections of §5 and §6 (no other change).

    Corrections: a year without a cash limit carries the last one forward × (1 + budget_uplift); a saving of
    the current year counts in no year; a line that is neither placements nor staffing costs its year-0 budget
    (+ variance when recurring) × (1 + general_inflation)^t. Placements and staffing lines' later years are
    revision 1's formulas (recruits start on the 1st, so counting by day is counting by month).
    """
    s = inputs.settings
    w, k = s.weeks_per_year, s.k
    gaps = []
    limits = {b.line: [b.budget] for b in inputs.budget}
    for b in inputs.budget:
        for year in s.years[1:]:
            given = b.future_budgets.get(year)
            limits[b.line].append(given if given is not None else limits[b.line][-1] * (1 + s.budget_uplift))
    outturn = {x.line: x for x in r.lines}
    for t, year in enumerate(s.years):
        service = 0.0
        for b in inputs.budget:
            x = outturn[b.line]
            rows_p = [p for p in inputs.placements if p.line == b.line]
            rows_s = [q for q in inputs.staffing if q.line == b.line]
            if t == 0:
                service += x.outturn
            elif b.method == "placements" and rows_p:
                service += sum(p.children * (1 + p.growth) ** t * p.weekly_cost * (1 + s.placement_inflation) ** t
                               * w / k for p in rows_p)  # fmt: skip
            elif b.method == "staffing" and rows_s:
                service += sum(_revision1_staff_row(q, inputs, t) for q in rows_s)
            else:
                service += (b.budget + (x.variance if b.recurring else 0.0)) * (1 + s.general_inflation) ** t
        cost = sum(i.amount if (i.kind == "one-off" and year == i.start_year) or (
            i.kind == "ongoing" and i.start_year <= year <= (i.end_year or s.years[-1])) else 0.0
            for i in inputs.investments)  # fmt: skip
        saving = sum(i.annual_saving for i in inputs.investments
                     if (i.saving_start_year or i.start_year) <= year <= (i.saving_end_year or s.years[-1]))
        funded = sum(c for i, c in ((i, (i.amount if (i.kind == "one-off" and year == i.start_year) or (
            i.kind == "ongoing" and i.start_year <= year <= (i.end_year or s.years[-1])) else 0.0))
            for i in inputs.investments) if i.funding in ("reserves", "grant", "base"))  # fmt: skip
        weights = {"delivered": 1.0, "green": s.rag_weight_green, "amber": s.rag_weight_amber,
                   "red": s.rag_weight_red}  # fmt: skip
        delivered = 0.0 if t == 0 else sum(
            v.amount * weights[v.rag] for v in inputs.savings
            if v.year != s.financial_year and (year == v.year or (year >= v.year and v.recurring)))
        # rev 3 §1's earmark cap: each line draws min(earmarked, max(variance, 0))
        earmarked = sum(min(x.earmarked, max(x.variance, 0.0)) for x in r.lines) if t == 0 else 0.0
        base = sum(limits[b.line][t] for b in inputs.budget)
        gaps.append(service + cost - saving - delivered - base - funded - earmarked)
    return gaps


def _revision1_staff_row(row, inputs: Inputs, t: int) -> float:
    """Revision 1 §3 for one row in plan year t ≥ 1: its people now and its recruits by whole month, with pay award."""
    s = inputs.settings
    emp = row.salary * (1 + s.on_cost_rate)
    ag = (row.agency_hourly_rate * s.hours_per_week * s.weeks_per_year if row.agency_hourly_rate is not None
          else emp * (1 + row.agency_premium) if row.agency_premium is not None else emp)  # fmt: skip
    uplift = (1 + s.pay_award) ** t
    total = (row.fte_permanent * emp + row.fte_agency * ag) * uplift / s.k
    agency_left = max(row.fte_agency, 0.0)
    key = (row.team.strip().casefold(), row.role.strip().casefold())
    for rec in sorted(inputs.recruitment, key=lambda x: x.start):
        if (rec.team.strip().casefold(), rec.role.strip().casefold()) != key:
            continue
        fy = rec.start.year if rec.start.month >= 4 else rec.start.year - 1
        period = (rec.start.month - 4) % 12 + 1
        if (fy, period) <= (s.financial_year, s.period):
            continue  # already in post
        replaced = min(rec.fte, agency_left) if rec.replaces_agency else 0.0
        agency_left -= replaced
        year = s.years[t]
        months = 0 if year < fy else (13 - period if year == fy else 12)
        total += (rec.fte * emp - replaced * ag) / 12 / s.k * months * uplift
        total += rec.one_off_cost / s.k if year == fy else 0.0
    return total


@pytest.mark.slow
@FAST
@given(authorities())
def test_without_revision2_drivers_the_gaps_are_revision1s_with_its_corrections(inputs):
    # no History, turnover, posts or moves; recruits on the 1st of their month
    recruits = tuple(dataclasses.replace(x, start=x.start.replace(day=1)) for x in inputs.recruitment)
    inputs = dataclasses.replace(inputs, recruitment=recruits)
    r = run(inputs)
    big = max([1.0, *(abs(v) for v in _money(r))])
    for got, expected in zip([m.gap for m in r.mtfp], _revision1_gaps(inputs, r), strict=True):
        assert abs(got - expected) <= 1e-9 * big
