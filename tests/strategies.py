"""Hypothesis strategies shared by the property tests: any valid authority, built in code."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from forecast.inputs.model import (
    BudgetLine,
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
