"""The Variance Analysis bridge, its waterfall and the lines that explain it (the identity checks: identities.py).

See docs/engine.md.

The bridge splits the service's net variance into steps that add up to it
exactly, using the same figures the Placements and Staffing sheets show:

    placement lines:  outturn − budget = (outturn − ΣF) + (ΣF − ΣB) + (ΣB − budget)
                      and ΣF − ΣB = volume + mix + price
    staffing lines:   outturn − budget = (outturn − ΣFY) + (ΣFY − ΣBB) + (ΣBB − budget)
                      and ΣFY − ΣBB = agency premium − vacancy saving
    every other line: its variance
    less Σ earmark_drawn (rev 3: an earmark is drawn only as far as its line overspends).
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine._num import is_array, maximum, minimum, total, where
from forecast.engine.results import (
    BridgeItem,
    LineResult,
    PlacementsResult,
    StaffingResult,
    WaterfallBar,
)

# The lines that explain the net variance: at most four, each at least 5% of the
# largest, leaving out any that round to nothing (under half a unit) unless earmarked.
MATERIAL_SHARE = 0.05
MAX_MATERIAL_LINES = 4
NEGLIGIBLE = 0.5


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
                "Placements: budget set below the cost of its own assumptions",
                b.full_year_budget - placements.lines_budget,
            ),
            BridgeItem(
                "placements_timing",
                "Placements: spend to date vs today's run rate (timing)",
                total(x.outturn for x in mine) - b.full_year_forecast + placements.known_ends,
            ),
        ]
        if placements.list_lines:  # issue 26: what the Children list's planned ends and 18th birthdays take off
            items.append(BridgeItem(
                "placements_known_ends", "Placements ending this year: planned ends and 18th birthdays",
                -placements.known_ends,
            ))
    if staffing is not None and staffing.lines:
        mine = _modelled(lines, set(staffing.lines))
        modelled |= set(staffing.lines)
        items += [
            BridgeItem("staffing_agency_premium", "Staffing: agency premium", staffing.agency_premium),
            BridgeItem("staffing_vacancy_saving", "Staffing: vacancy saving", -staffing.vacancy_saving),
            BridgeItem(
                "staffing_budget_basis",
                "Staffing: full establishment costs more than the budget (unfunded posts)",
                staffing.budget_basis - total(s.budget for s in staffing.lines.values()),
            ),
        ]
        # turnover cover is a step of its own when any row has leavers (the input, not the figure, decides)
        cover = [rr.turnover for rr in staffing.rows  # rev 3: a capacity-only row's leavers cost nothing
                 if not rr.capacity_only and (is_array(rr.turnover) or rr.turnover != 0)]
        if cover:
            items.append(BridgeItem(
                "staffing_turnover_cover", "Staffing: agency cover of leavers (turnover)", staffing.turnover_cover
            ))
        items.append(
            BridgeItem(
                "staffing_timing",
                "Staffing: recruitment and spend to date (timing)",
                total(x.outturn for x in mine) - staffing.full_year_forecast - (staffing.turnover_cover if cover else 0.0),
            )
        )
    items += [BridgeItem(f"other:{x.line}", x.line, x.variance) for x in lines if x.line not in modelled]
    items.append(BridgeItem("earmarked", "Funded from earmarked reserve", 0.0 - total(x.earmark_drawn for x in lines)))
    return tuple(items)


def _bar(key: str, label: str, amount: float, start: float, end: float) -> WaterfallBar:
    """A bar from ``start`` to ``end``, split for a stacked chart at zero."""
    low, high = minimum(start, end), maximum(start, end)
    return WaterfallBar(
        key=key,
        label=label,
        amount=amount,
        start=start,
        end=end,
        base=where(low >= 0, low, where(high <= 0, high, 0.0)),
        above_zero=where(low >= 0, high - low, maximum(high, 0.0)),
        below_zero=where(high <= 0, low - high, minimum(low, 0.0)),
    )


def waterfall(bridge: Sequence[BridgeItem], net_variance: float) -> tuple[WaterfallBar, ...]:
    """Each bridge step from the running total before it to the one after, then the net variance from 0."""
    bars: list[WaterfallBar] = []
    running = 0.0
    for item in bridge:
        bars.append(_bar(item.key, item.label, item.amount, running, running + item.amount))
        running = running + item.amount
    bars.append(_bar("net_variance", "Net variance", net_variance, 0.0, net_variance))
    return tuple(bars)


def material_lines(lines: Sequence[LineResult]) -> tuple[str, ...]:
    """The lines that explain the net variance, largest first (ties by name); () for arrays of draws."""
    if any(is_array(x.net_variance) or is_array(x.earmarked) for x in lines):
        return ()
    candidates = [x for x in lines if abs(x.net_variance) >= NEGLIGIBLE or x.earmarked]
    if not candidates:
        return ()
    largest = max(abs(x.net_variance) for x in candidates)
    keep = [x for x in candidates if abs(x.net_variance) >= MATERIAL_SHARE * largest or x.earmarked]
    keep.sort(key=lambda x: (-abs(x.net_variance), x.line))
    return tuple(x.line for x in keep[:MAX_MATERIAL_LINES])


def other_lines_net_variance(lines: Sequence[LineResult], material: Sequence[str]) -> float:
    """Σ net variance of the lines not named in ``material``."""
    return total(x.net_variance for x in lines if x.line not in material)
