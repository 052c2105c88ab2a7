"""The ``forecast summary --json`` structure as types (outputs.md), so a caller's type checker knows its keys.

``forecast.summary()`` returns a ``Summary``; with a risk run it also has ``risk``.
Money is unrounded in the workbook's units; ``None`` where there is no value.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class Spread(TypedDict):
    mean: float
    p10: float
    p50: float
    p90: float
    forecast: float


class YearSpread(Spread):
    year: str


class RiskSummary(TypedDict):
    draws: int
    seed: int
    scenario: str
    net_variance: Spread
    gap: list[YearSpread]
    chance_of_overspend: float


class Savings(TypedDict):
    planned: dict[str, float | None]
    delivered: dict[str, float | None]
    at_risk: dict[str, float | None]


class Summary(TypedDict):
    """One scenario's headline figures; the keys of ``lines``, ``mtfp`` and the rest are as outputs.md lists."""

    authority: str
    service: str
    financial_year: str
    period: int
    units: str
    scenario: str
    lines: list[dict[str, Any]]
    totals: dict[str, float | None]
    placements: dict[str, Any] | None
    staffing: dict[str, Any] | None
    investments: list[dict[str, Any]]
    savings: Savings
    mtfp: list[dict[str, Any]]
    reserves_run_out_if_gaps_met: str | None  # rev 3: "2027/28", or None (never runs out, or not tracked)
    trends: list[dict[str, Any]]
    demand: dict[str, Any] | None  # issue 22: the Demand and what it drives
    benchmark: dict[str, Any] | None  # issue 23: the authority against its statistical neighbours
    actions: dict[str, Any] | None  # issue 24: the improvement plan
    warnings: list[str]
    risk: NotRequired[RiskSummary]
