"""Investments (calculations.md §4): cost and saving by plan year, funding, NPV, IRR, payback."""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine._num import is_array, scalar_or_none
from forecast.engine.results import InvestmentResult
from forecast.inputs.model import FUNDED, Investment, Settings


def _appraisal(
    flows: Sequence[float], costs: Sequence[float], years: Sequence[int], rate: float
) -> tuple[float | None, float | None, int | None]:
    """NPV, IRR and payback year of scalar flows; (None, None, None) for arrays of draws."""
    if any(is_array(x) for x in (*flows, *costs, rate)):
        return None, None, None
    import numpy as np
    import numpy_financial as npf

    has_both_signs = any(f > 0 for f in flows) and any(f < 0 for f in flows)
    with np.errstate(all="ignore"):
        npv = scalar_or_none(npf.npv(rate, list(flows))) if flows else None
        try:
            irr = scalar_or_none(npf.irr(list(flows))) if has_both_signs else None
        except ValueError:  # the solver found no root (numpy's LinAlgError): no IRR to report
            irr = None
    payback = None
    running, costed = 0.0, False
    for flow, cost, year in zip(flows, costs, years, strict=True):
        running += flow
        costed = costed or cost > 0
        if costed and running >= 0:
            payback = year
            break
    return npv, irr, payback


def investment(item: Investment, settings: Settings) -> InvestmentResult:
    years = settings.years
    last = years[-1]
    end = item.end_year if item.end_year is not None else last
    saving_start = item.saving_start_year if item.saving_start_year is not None else item.start_year
    saving_end = item.saving_end_year if item.saving_end_year is not None else last

    def costs_in(year: int) -> bool:
        if item.kind == "one-off":
            return year == item.start_year
        return item.start_year <= year <= end

    cost = tuple(item.amount if costs_in(y) else 0.0 for y in years)
    saving = tuple(item.annual_saving if saving_start <= y <= saving_end else 0.0 for y in years)
    funded = tuple(c if item.funding in FUNDED else 0.0 for c in cost)
    from_start = [t for t, y in enumerate(years) if y >= item.start_year]
    flows = tuple(saving[t] - cost[t] for t in from_start)
    npv, irr, payback = _appraisal(
        flows, [cost[t] for t in from_start], [years[t] for t in from_start], settings.discount_rate
    )
    return InvestmentResult(
        name=item.name,
        line=item.line,
        kind=item.kind,
        funding=item.funding,
        amount=item.amount,
        cost=cost,
        saving=saving,
        funded=funded,
        flows=flows,
        npv=npv,
        irr=irr,
        payback_year=payback,
        gap_effect=tuple(c - f - s for c, f, s in zip(cost, funded, saving, strict=True)),
    )


def investments(settings: Settings, items: Sequence[Investment]) -> tuple[InvestmentResult, ...]:
    return tuple(investment(item, settings) for item in items)
