"""Savings plans (calculations.md §5): planned, expected delivered and at risk by plan year."""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine._num import total
from forecast.engine.results import SavingResult, SavingsResult
from forecast.inputs.model import Saving, Settings


def weight(rag: str, settings: Settings) -> float:
    """Share of a saving expected to be delivered: 1 once delivered, else the RAG's weight."""
    weights = {
        "delivered": 1.0,
        "green": settings.rag_weight_green,
        "amber": settings.rag_weight_amber,
        "red": settings.rag_weight_red,
    }
    return weights[rag]


def saving(item: Saving, settings: Settings) -> SavingResult:
    """By plan year; a saving of the current year shows in year 0 only and the MTFP counts it in no year.

    The current outturns already reflect it, and the later years carry it
    through them (calculations.md §5).
    """
    w = weight(item.rag, settings)
    current = item.year == settings.financial_year
    planned = tuple(
        item.amount if (y == item.year or (y >= item.year and item.recurring and not current)) else 0.0
        for y in settings.years
    )
    return SavingResult(
        name=item.name,
        line=item.line,
        year=item.year,
        amount=item.amount,
        rag=item.rag,
        recurring=item.recurring,
        weight=w,
        planned=planned,
        delivered=tuple(p * w for p in planned),
        at_risk=tuple(p * (1 - w) for p in planned),
    )


# From most to least certain: the order the Savings sheet lists RAGs in.
RAG_ORDER = ("delivered", "green", "amber", "red")


def savings(settings: Settings, items: Sequence[Saving]) -> SavingsResult:
    """Each saving by plan year, and the totals: planned, delivered, at risk, planned by RAG."""
    results = tuple(saving(item, settings) for item in items)
    n = settings.mtfp_years
    by_rag = {
        rag: tuple(total(r.planned[t] for r in results if r.rag == rag) for t in range(n))
        for rag in RAG_ORDER
        if any(r.rag == rag for r in results)
    }
    return SavingsResult(
        items=results,
        planned=tuple(total(r.planned[t] for r in results) for t in range(n)),
        delivered=tuple(total(r.delivered[t] for r in results) for t in range(n)),
        at_risk=tuple(total(r.at_risk[t] for r in results) for t in range(n)),
        planned_by_rag=by_rag,
    )
