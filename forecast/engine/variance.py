"""The Variance Analysis bridge and the identity checks (see docs/engine.md).

The bridge splits the service's net variance into steps that add up to it
exactly, using the same figures the Placements and Staffing sheets show:

    placement lines:  outturn − budget = (outturn − ΣF) + (ΣF − ΣB) + (ΣB − budget)
                      and ΣF − ΣB = volume + mix + price
    staffing lines:   outturn − budget = (outturn − ΣFY) + (ΣFY − ΣBB) + (ΣBB − budget)
                      and ΣFY − ΣBB = agency premium − vacancy saving
    every other line: its variance
    less Σ earmarked.
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine._num import total
from forecast.engine.results import (
    BridgeItem,
    Check,
    GroupTotal,
    InvestmentResult,
    LineResult,
    MtfpYear,
    PlacementsResult,
    StaffingResult,
)
from forecast.fy import fy_label


def _modelled(lines: Sequence[LineResult], names: set[str]) -> list[LineResult]:
    return [x for x in lines if x.line in names]


def variance_bridge(
    lines: Sequence[LineResult],
    placements: PlacementsResult | None,
    staffing: StaffingResult | None,
) -> tuple[BridgeItem, ...]:
    """Steps from zero to the service net variance; every step is kept, zeros included."""
    items: list[BridgeItem] = []
    modelled: set[str] = set()
    if placements is not None and placements.lines:
        mine = _modelled(lines, set(placements.lines))
        modelled |= set(placements.lines)
        b = placements.total
        items += [
            BridgeItem("placements_volume", "Placements: number of children (volume)", b.volume),
            BridgeItem("placements_mix", "Placements: mix of placement types (mix)", b.mix),
            BridgeItem("placements_price", "Placements: weekly costs (price)", b.price),
            BridgeItem(
                "placements_budget_basis",
                "Placements: budget assumptions vs budget",
                b.full_year_budget - placements.lines_budget,
            ),
            BridgeItem(
                "placements_timing",
                "Placements: spend to date vs today's run rate (timing)",
                total(x.outturn for x in mine) - b.full_year_forecast,
            ),
        ]
    if staffing is not None and staffing.lines:
        mine = _modelled(lines, set(staffing.lines))
        modelled |= set(staffing.lines)
        items += [
            BridgeItem("staffing_agency_premium", "Staffing: agency premium", staffing.agency_premium),
            BridgeItem("staffing_vacancy_saving", "Staffing: vacancy saving", -staffing.vacancy_saving),
            BridgeItem(
                "staffing_budget_basis",
                "Staffing: establishment cost vs budget",
                staffing.budget_basis - total(s.budget for s in staffing.lines.values()),
            ),
            BridgeItem(
                "staffing_timing",
                "Staffing: recruitment and spend to date (timing)",
                total(x.outturn for x in mine) - staffing.full_year_forecast,
            ),
        ]
    items += [BridgeItem(f"other:{x.line}", x.line, x.variance) for x in lines if x.line not in modelled]
    items.append(BridgeItem("earmarked", "Earmarked funding", 0.0 - total(x.earmarked for x in lines)))
    return tuple(items)


def checks(
    lines: Sequence[LineResult],
    groups: Sequence[GroupTotal],
    totals: GroupTotal,
    placements: PlacementsResult | None,
    staffing: StaffingResult | None,
    investments: Sequence[InvestmentResult],
    mtfp: Sequence[MtfpYear],
    bridge: Sequence[BridgeItem],
) -> tuple[Check, ...]:
    """Every identity the figures must satisfy, as (left, right) pairs."""
    out: list[Check] = []
    for field in ("budget", "actual_to_date", "outturn", "variance", "earmarked", "net_variance"):
        out.append(
            Check(
                f"total_{field}",
                f"Service {field.replace('_', ' ')} = sum of the lines",
                getattr(totals, field),
                total(getattr(x, field) for x in lines),
            )
        )
        out.append(
            Check(
                f"groups_{field}",
                f"Service {field.replace('_', ' ')} = sum of the group subtotals",
                getattr(totals, field),
                total(getattr(g, field) for g in groups),
            )
        )
    out.append(Check("variance", "Variance = outturn − budget", totals.variance, totals.outturn - totals.budget))
    out.append(
        Check(
            "net_variance",
            "Net variance = variance − earmarked",
            totals.net_variance,
            totals.variance - totals.earmarked,
        )
    )
    if placements is not None:
        parts = [("all", placements.total)] + [(n, p.bridge) for n, p in placements.lines.items()]
        for name, b in parts:
            key = "placements_bridge" if name == "all" else f"placements_bridge:{name}"
            where = "all placements" if name == "all" else name
            out.append(
                Check(
                    key,
                    f"Placements bridge ({where}): volume + mix + price = full-year forecast − budget basis",
                    b.volume + b.mix + b.price,
                    b.full_year_forecast - b.full_year_budget,
                )
            )
        out.append(
            Check(
                "placements_lines",
                "Placements full-year forecast = sum of the lines",
                placements.total.full_year_forecast,
                total(p.bridge.full_year_forecast for p in placements.lines.values()),
            )
        )
    if staffing is not None:
        out.append(
            Check(
                "staffing_identity",
                "Staffing: full-year forecast − budget basis = agency premium − vacancy saving",
                staffing.full_year_forecast - staffing.budget_basis,
                staffing.agency_premium - staffing.vacancy_saving,
            )
        )
        out.append(
            Check(
                "staffing_recruitment",
                "Recruitment pipeline by month = recruitment effect in the lines' outturn",
                total(m.net_effect for m in staffing.months),
                total(s.recruitment_effect for s in staffing.lines.values()),
            )
        )
    out.append(
        Check(
            "variance_bridge",
            "Variance Analysis steps add up to the service net variance",
            total(i.amount for i in bridge),
            totals.net_variance,
        )
    )
    if mtfp:
        first = mtfp[0]
        out.append(
            Check(
                "mtfp_base_budget", "MTFP current-year base budget = service budget", first.base_budget, totals.budget
            )
        )
        out.append(
            Check(
                "mtfp_service_forecast",
                "MTFP current-year service forecast = service outturn",
                first.service_forecast,
                totals.outturn,
            )
        )
        out.append(
            Check(
                "mtfp_gap_year0",
                "MTFP current-year gap = net variance + investments' (cost − funded − saving)",
                first.gap,
                totals.net_variance + total(i.cost[0] - i.funded[0] - i.saving[0] for i in investments),
            )
        )
        for row in mtfp:
            label = fy_label(row.year)
            out.append(
                Check(
                    f"mtfp_gap:{label}",
                    f"MTFP {label}: gap = service forecast + investment costs − investment savings "
                    "− savings delivered − base budget − funding",
                    row.gap,
                    row.service_forecast
                    + row.investment_costs
                    - row.investment_savings
                    - row.savings_delivered
                    - row.base_budget
                    - row.funding,
                )
            )
        out.append(
            Check(
                "mtfp_cumulative_gap",
                "MTFP cumulative gap = sum of the yearly gaps",
                mtfp[-1].cumulative_gap,
                total(r.gap for r in mtfp),
            )
        )
    return tuple(out)
