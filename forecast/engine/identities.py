"""The identities the figures must satisfy (the Checks sheet), each declared once with its terms.

An identity is two sides, each a signed sum of terms. A term is a typed cell
key (``forecast.engine.figure_keys``) with the engine's figure behind it. The
engine evaluates each side from its terms' figures; the Checks sheet writes
the same terms as a formula over the cells those keys name. Nothing matches a
check by its name or description: adding an identity is one entry here.

A side may carry the engine's own figure when the engine holds it as one
number and the workbook shows it in parts (the current year's investment gap
effect is one figure in the engine, four blocks on the Investments sheet):
the formula still adds the parts, and the check compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine import figure_keys as k
from forecast.engine._num import total
from forecast.engine.results import (
    BridgeItem,
    Check,
    GroupTotal,
    LineResult,
    MtfpYear,
    PlacementsResult,
    StaffingResult,
    Term,
)
from forecast.fy import fy_label
from forecast.records import frozen

SUMMED = ("budget", "actual_to_date", "outturn", "variance", "earmark_drawn", "net_variance")
# The MTFP's gap, term by term: + service forecast + investment costs − investment savings − savings delivered
# − base budget − funding
MTFP_GAP_TERMS = (
    ("+", "service_forecast"),
    ("+", "investment_costs"),
    ("-", "investment_savings"),
    ("-", "savings_delivered"),
    ("-", "base_budget"),
    ("-", "funding"),
)


Part = tuple[str, k.CellKey, float | None]  # sign, key, the engine's figure (None: the side's total is given)


@frozen
class Side:
    """A signed sum of terms: (sign, key, the engine's figure for that key)."""

    terms: tuple[Part, ...]
    figure: float | None = None  # the engine's own total, when it holds the side as one number

    def value(self) -> float:
        if self.figure is not None:
            return self.figure
        figures = [(sign, figure) for sign, _, figure in self.terms if figure is not None]
        if len(figures) != len(self.terms):
            raise ValueError(f"a side of {self.keys()} has a term without the engine's figure and no total")
        (sign, first), *rest = figures
        acc = -first if sign == "-" else first
        for sign, figure in rest:  # left to right, as the formula adds them
            acc = acc - figure if sign == "-" else acc + figure
        return acc

    def keys(self) -> tuple[Term, ...]:
        return tuple((sign, key) for sign, key, _ in self.terms)


def plus(key: k.CellKey, figure: float | None = None) -> Part:
    return ("+", key, figure)


def minus(key: k.CellKey, figure: float | None = None) -> Part:
    return ("-", key, figure)


def side(*terms: Part, figure: float | None = None) -> Side:
    return Side(tuple(terms), figure)


def _check(key: str, description: str, left: Side, right: Side) -> Check:
    return Check(key, description, left.value(), right.value(), left.keys(), right.keys())


def checks(
    lines: Sequence[LineResult],
    groups: Sequence[GroupTotal],
    totals: GroupTotal,
    placements: PlacementsResult | None,
    staffing: StaffingResult | None,
    mtfp: Sequence[MtfpYear],
    bridge: Sequence[BridgeItem],
    investments: bool = False,
) -> tuple[Check, ...]:
    """Every identity the figures must satisfy, evaluated; ``investments``: whether the plan has any."""
    out: list[Check] = []
    rs = k.revenue_total
    for field in SUMMED:
        words = field.replace("_", " ")
        out.append(_check(
            f"total_{field}", f"Service {words} = sum of the lines",
            side(plus(rs(field), getattr(totals, field))),
            side(plus(k.revenue_lines_sum(field), total(getattr(x, field) for x in lines))),
        ))
        out.append(_check(
            f"groups_{field}", f"Service {words} = sum of the group subtotals",
            side(plus(rs(field), getattr(totals, field))),
            side(plus(k.revenue_groups_sum(field), total(getattr(g, field) for g in groups))),
        ))
    out.append(_check(
        "variance", "Variance = outturn − budget",
        side(plus(rs("variance"), totals.variance)),
        side(plus(rs("outturn"), totals.outturn), minus(rs("budget"), totals.budget)),
    ))
    out.append(_check(
        "net_variance", "Net variance = variance − earmark drawn",
        side(plus(rs("net_variance"), totals.net_variance)),
        side(plus(rs("variance"), totals.variance), minus(rs("earmark_drawn"), totals.earmark_drawn)),
    ))
    if placements is not None:
        parts = [(None, placements.total)] + [(n, p.bridge) for n, p in placements.lines.items()]
        for name, b in parts:

            def at(figure: str, name: str | None = name) -> k.CellKey:
                return k.placements_all(figure) if name is None else k.placements_line(name, figure)

            out.append(_check(
                "placements_bridge" if name is None else f"placements_bridge:{name}",
                f"Placements bridge ({'all placements' if name is None else name}): "
                "volume + mix + price = full-year forecast − budget basis",
                side(plus(at("volume"), b.volume), plus(at("mix"), b.mix), plus(at("price"), b.price)),
                side(plus(at("full_year_forecast"), b.full_year_forecast),
                     minus(at("full_year_budget"), b.full_year_budget)),
            ))
        out.append(_check(
            "placements_lines", "Placements full-year forecast = sum of the lines",
            side(plus(k.placements_all("full_year_forecast"), placements.total.full_year_forecast)),
            side(plus(k.PLACEMENT_LINES_FORECAST,
                      total(p.bridge.full_year_forecast for p in placements.lines.values()))),
        ))
    if staffing is not None:
        st = k.staffing_total
        out.append(_check(
            "staffing_identity", "Staffing: full-year forecast − budget basis = agency premium − vacancy saving",
            side(plus(st("full_year_forecast"), staffing.full_year_forecast),
                 minus(st("budget_basis"), staffing.budget_basis)),
            side(plus(st("agency_premium"), staffing.agency_premium),
                 minus(st("vacancy_saving"), staffing.vacancy_saving)),
        ))
        out.append(_check(
            "staffing_recruitment", "Recruitment pipeline by month = recruitment effect in the lines' outturn",
            side(plus(k.STAFFING_MONTHS_NET_EFFECT, staffing.recruitment_year.net_effect)),
            side(plus(k.STAFFING_LINES_RECRUITMENT, total(s.recruitment_effect for s in staffing.lines.values()))),
        ))
    out.append(_check(
        "variance_bridge", "Variance Analysis steps add up to the service net variance",
        side(plus(k.VARIANCE_TOTAL, total(i.amount for i in bridge))),
        side(plus(rs("net_variance"), totals.net_variance)),
    ))
    if mtfp:
        out += _plan_checks(totals, mtfp, investments)
    return tuple(out)


def _plan_checks(totals: GroupTotal, mtfp: Sequence[MtfpYear], investments: bool) -> list[Check]:
    out: list[Check] = []
    first = mtfp[0]
    out.append(_check(
        "mtfp_base_budget", "MTFP current-year base budget = service budget + base growth",
        side(plus(k.mtfp(0, "base_budget"), first.base_budget)),
        side(plus(k.revenue_total("budget"), totals.budget), plus(k.mtfp(0, "base_growth"), first.base_growth)),
    ))
    out.append(_check(
        "mtfp_service_forecast", "MTFP current-year service forecast = service outturn",
        side(plus(k.mtfp(0, "service_forecast"), first.service_forecast)),
        side(plus(k.revenue_total("outturn"), totals.outturn)),
    ))
    # the engine holds the investments' effect on the gap as one figure; the Investments sheet shows its blocks
    inv = k.investments_year
    blocks = (plus(inv(0, "cost")), minus(inv(0, "funded")), minus(inv(0, "base")), minus(inv(0, "saving"))
              ) if investments else ()
    out.append(_check(
        "mtfp_gap_year0", "MTFP current-year gap = net variance + investments' (cost − funded − saving)",
        side(plus(k.mtfp(0, "gap"), first.gap)),
        side(plus(k.revenue_total("net_variance"), totals.net_variance), *blocks,
             figure=totals.net_variance + first.investment_gap_effect),
    ))
    for t, row in enumerate(mtfp):
        label = fy_label(row.year)
        out.append(_check(
            f"mtfp_gap:{label}",
            f"MTFP {label}: gap = service forecast + investment costs − investment savings "
            "− savings delivered − base budget − funding",
            side(plus(k.mtfp(t, "gap"), row.gap)),
            side(*((sign, k.mtfp(t, name), getattr(row, name)) for sign, name in MTFP_GAP_TERMS)),
        ))
    changed = total(r.gap_change for r in mtfp[1:] if r.gap_change is not None)
    out.append(_check(
        "mtfp_gap_change", "MTFP first gap + Σ change in gap = last gap",
        side(plus(k.mtfp(0, "gap"), first.gap), plus(k.MTFP_GAP_CHANGES, changed)) if len(mtfp) > 1
        else side(plus(k.mtfp(0, "gap")), figure=first.gap + changed),  # one year: no changes to show
        side(plus(k.mtfp(len(mtfp) - 1, "gap"), mtfp[-1].gap)),
    ))
    for t, row in enumerate(mtfp):
        if row.reserves_opening is None or row.reserves_drawn is None or row.reserves_closing is None:
            continue
        label = fy_label(row.year)
        out.append(_check(
            f"reserves:{label}", f"Reserves {label}: closing = opening − drawn",
            side(plus(k.mtfp(t, "reserves_closing"), row.reserves_closing)),
            side(plus(k.mtfp(t, "reserves_opening"), row.reserves_opening),
                 minus(k.mtfp(t, "reserves_drawn"), row.reserves_drawn)),
        ))
    return out
