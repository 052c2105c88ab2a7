"""Hypothesis strategies shared by the property tests: any valid authority, built in code."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import strategies as st

from forecast.inputs.model import (
    BudgetLine,
    HistoryRow,
    Inputs,
    Investment,
    PlacementRow,
    Recruit,
    Saving,
    Settings,
    StaffRow,
)

# figures as a ledger holds them: pence, tenths of a child or FTE
MONEY = st.integers(0, 100_000_000).map(lambda n: n / 100)
UNIT = st.integers(0, 1_000_000).map(lambda n: n / 100)
COUNT = st.integers(0, 2_000).map(lambda n: n / 10)
RATE = st.floats(-0.5, 0.5, allow_nan=False, allow_subnormal=False)
YEAR = 2019


@st.composite
def authorities(draw, with_plan_items=True):
    years = draw(st.integers(1, 5))
    plan_years = [YEAR + t for t in range(years)]
    s = Settings(
        authority="Anyshire",
        financial_year=YEAR,
        period=draw(st.integers(0, 12)),
        mtfp_years=years,
        units=draw(st.sampled_from(["£000", "£"])),
        placement_inflation=draw(RATE),
        pay_award=draw(RATE),
        on_cost_rate=draw(st.floats(0, 0.5)),
    )
    n_lines = draw(st.integers(1, 5))
    methods = draw(st.lists(st.sampled_from(["placements", "staffing", "run_rate", "manual", "budget"]),
                            min_size=n_lines, max_size=n_lines))  # fmt: skip
    budget = []
    for i, method in enumerate(methods):
        budget.append(
            BudgetLine(
                f"L{i}",
                draw(MONEY),
                method,
                group=draw(st.sampled_from(["", "G1", "G2"])),
                actual_to_date=draw(MONEY),
                forecast=draw(MONEY),
                previous_variance=draw(st.none() | MONEY),
                earmarked=draw(MONEY),
                recurring=draw(st.booleans()),
                future_budgets={y: draw(MONEY) for y in plan_years[1:] if draw(st.booleans())},
            )
        )
    names = [b.line for b in budget]
    placements = [
        PlacementRow(
            draw(st.sampled_from(names)), "other", draw(COUNT), draw(UNIT), draw(COUNT), draw(UNIT), draw(RATE)
        )
        for _ in range(draw(st.integers(0, 6)))
    ]
    staffing = []
    for j in range(draw(st.integers(0, 4))):
        hourly = draw(st.booleans())
        staffing.append(
            StaffRow(
                draw(st.sampled_from(names)), f"T{j}", "SW", draw(COUNT), draw(COUNT), draw(st.floats(0, 1e5)),
                fte_agency=draw(COUNT), agency_hourly_rate=draw(UNIT) if hourly else None,
                agency_premium=None if hourly else draw(st.floats(0, 1)),
                cases=draw(st.none() | COUNT), target_caseload=draw(st.floats(1, 40)),
            )
        )  # fmt: skip
    recruits = [
        Recruit(f"T{draw(st.integers(0, max(len(staffing) - 1, 0)))}", "SW", draw(st.floats(0, 5)),
                dt.date(YEAR, 4, 1) + dt.timedelta(days=draw(st.integers(0, 365 * years))),
                replaces_agency=draw(st.booleans()), one_off_cost=draw(UNIT))
        for _ in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    investments, savings = [], []
    if with_plan_items:
        for k in range(draw(st.integers(0, 3))):
            start = draw(st.sampled_from(plan_years))
            investments.append(
                Investment(f"I{k}", draw(st.sampled_from(["one-off", "ongoing"])), draw(MONEY), start,
                           funding=draw(st.sampled_from(["reserves", "grant", "base", "unfunded"])),
                           annual_saving=draw(MONEY))
            )  # fmt: skip
    for k in range(draw(st.integers(0, 3))):
        savings.append(Saving(f"S{k}", draw(st.sampled_from(plan_years)), draw(MONEY),
                              draw(st.sampled_from(["green", "amber", "red", "delivered"])), recurring=draw(st.booleans())))  # fmt: skip
    return Inputs(
        s, tuple(budget), tuple(placements), tuple(staffing), tuple(recruits), tuple(investments), tuple(savings)
    )


@st.composite
def revision2_authorities(draw):
    """Any valid authority with revision 2's drivers: History trends, turnover, posts, a placement move, reserves."""
    base = draw(authorities())
    s = dataclasses.replace(
        base.settings,
        budget_uplift=draw(st.floats(-0.05, 0.1)),
        reserves_opening=draw(st.none() | MONEY),
        general_inflation=draw(st.floats(-0.05, 0.1)),
    )
    history = []
    for measure in ("other", "T0"):
        level, growth = draw(st.floats(1, 500)), draw(st.floats(-0.3, 0.3))
        months = draw(st.integers(6, 30))
        for m in range(months):
            index = YEAR * 12 + 2 - m  # back from March 2019
            wobble = draw(st.floats(0.9, 1.1))
            history.append(HistoryRow(dt.date(index // 12, index % 12 + 1, 1), measure,
                                      level * (1 + growth) ** (-m / 12) * wobble))  # fmt: skip
    placements = tuple(
        dataclasses.replace(p, growth="trend") if draw(st.booleans()) else p for p in base.placements
    )
    staffing = tuple(
        dataclasses.replace(
            r, turnover=draw(st.floats(0, 0.3)), case_growth="trend" if r.team == "T0" and draw(st.booleans()) else 0.0,
            agency_premium=r.agency_premium if r.agency_hourly_rate is not None else (r.agency_premium or 0.2),
        )
        for r in base.staffing
    )
    investments = list(base.investments)
    plan_years = s.years
    if staffing:
        target = draw(st.sampled_from(staffing))
        investments.append(Investment(
            "Posts", "ongoing", draw(st.none() | MONEY), draw(st.sampled_from(plan_years)),
            funding=draw(st.sampled_from(["reserves", "grant", "base", "unfunded"])), team=target.team,
            role=target.role, fte=draw(st.floats(0.5, 10)), replaces_agency=draw(st.booleans()),
        ))  # fmt: skip
    if len(placements) >= 2 and placements[0].line == placements[1].line:
        investments.append(Investment(
            "Move", "one-off", draw(MONEY), draw(st.sampled_from(plan_years)), line=placements[0].line,
            from_type=placements[0].placement_type, to_type=placements[1].placement_type,
            children=draw(st.floats(0, 1)) * placements[0].children,
        ))  # fmt: skip
    return dataclasses.replace(base, settings=s, placements=placements, staffing=staffing,
                               investments=tuple(investments), history=tuple(history))  # fmt: skip
