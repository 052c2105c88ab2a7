"""Investments (calculations.md §4): cost and saving by plan year, funding, NPV, IRR, payback."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from forecast.engine._num import is_array, scalar_or_none, total
from forecast.engine.appraisal import irr as irr_of
from forecast.engine.appraisal import npv as npv_of
from forecast.engine.results import InvestmentResult
from forecast.engine.staffing import PostTerms
from forecast.inputs.history_counts import name_key
from forecast.inputs.model import FUNDED, Investment, PlacementRow, Settings


def _appraisal(
    flows: Sequence[float], costs: Sequence[float], years: Sequence[int], rate: float
) -> tuple[float | None, float | None, int | None]:
    """NPV, IRR and payback year of scalar flows; (None, None, None) for arrays of draws."""
    if any(is_array(x) for x in (*flows, *costs, rate)):
        return None, None, None
    has_both_signs = any(f > 0 for f in flows) and any(f < 0 for f in flows)
    npv = scalar_or_none(npv_of(rate, flows)) if flows else None
    irr = scalar_or_none(irr_of(flows)) if has_both_signs else None
    payback = None
    running, costed = 0.0, False
    for flow, cost, year in zip(flows, costs, years, strict=True):
        running += flow
        costed = costed or cost > 0
        if costed and running >= 0:
            payback = year
            break
    return npv, irr, payback


def _move_saving(item: Investment, settings: Settings, rows: RowsByLine) -> tuple[float, ...]:
    """A placement move's saving by plan year: children × (weekly_cost_from − weekly_cost_to) × (1 + inflation)^t × W / k.

    Zero by year when the investment moves no children, or its rows are not
    there (the validator reports that; a scenario can only change values).
    """
    zero = tuple(0.0 for _ in settings.years)
    if item.children is None or not item.from_type or not item.to_type:
        return zero
    line, types = name_key(item.line), (name_key(item.from_type), name_key(item.to_type))
    found = rows.get(line, {})
    if types[0] not in found or types[1] not in found:
        return zero
    step = found[types[0]].weekly_cost - found[types[1]].weekly_cost
    scale = settings.weeks_per_year / settings.k
    return tuple(
        item.children * step * (1 + settings.placement_inflation) ** t * scale for t in range(settings.mtfp_years)
    )


# name_key(line) → name_key(placement type) → its Placements row (the last of a type, as a dict keeps it)
RowsByLine = Mapping[str, Mapping[str, PlacementRow]]


def rows_by_line(rows: Sequence[PlacementRow]) -> dict[str, dict[str, PlacementRow]]:
    """The Placements rows by line and type, found once for every investment (a large authority has thousands)."""
    out: dict[str, dict[str, PlacementRow]] = {}
    for r in rows:
        out.setdefault(name_key(r.line), {})[name_key(r.placement_type)] = r
    return out


def investment(
    item: Investment,
    settings: Settings,
    posts: Sequence[PostTerms] | PostTerms | None = (),
    placement_rows: RowsByLine | None = None,
) -> InvestmentResult:
    """Cost and saving by plan year (posts costed from their row when amount is blank), funding and appraisal."""
    years = settings.years
    last = years[-1]
    end = item.end_year if item.end_year is not None else last
    saving_start = item.saving_start_year if item.saving_start_year is not None else item.start_year
    saving_end = item.saving_end_year if item.saving_end_year is not None else last

    def costs_in(year: int) -> bool:
        if item.kind == "one-off":
            return year == item.start_year
        return item.start_year <= year <= end

    def pay(t: int) -> float:
        return (1 + settings.pay_award) ** t / settings.k

    parts: tuple[PostTerms, ...] = (posts,) if isinstance(posts, PostTerms) else tuple(posts or ())
    if item.amount is None and parts:
        per_year = total(p.fte * p.employee for p in parts)  # each team's posts costed from its own row
        cost = tuple(per_year * pay(t) if costs_in(y) else 0.0 for t, y in enumerate(years))
    else:
        amount = item.amount if item.amount is not None else 0.0
        cost = tuple(amount if costs_in(y) else 0.0 for y in years)
    moved = _move_saving(item, settings, placement_rows or {})
    saving = tuple(
        item.annual_saving + moved[t] if saving_start <= y <= saving_end else 0.0 for t, y in enumerate(years)
    )
    if parts and item.replaces_agency:
        replaced = total(p.replaced * p.agency for p in parts)  # each team's part replaces its own row's agency
        saving = tuple(
            s + (replaced * pay(t) if costs_in(y) else 0.0)
            for t, (s, y) in enumerate(zip(saving, years, strict=True))
        )
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
        posts_fte=item.fte if item.team else None,
        team=_teams_text(item, parts),
        role=item.role,
        replaces_agency=item.replaces_agency,
        move_line=item.line if item.children is not None else "",
        from_type=item.from_type,
        to_type=item.to_type,
        children_moved=item.children,
        posts=tuple((p.team, p.role, p.fte) for p in parts),
    )


def _teams_text(item: Investment, parts: Sequence[PostTerms]) -> str:
    """The teams posts are split across, each with its FTE (``Referral: 9; Assessment: 9``); else as typed."""
    if len(parts) < 2 or any(is_array(p.fte) for p in parts):
        return item.team
    return "; ".join(f"{p.team}: {p.fte:g}" for p in parts)


def investments(
    settings: Settings,
    items: Sequence[Investment],
    posts: Sequence[Sequence[PostTerms]] = (),
    placement_rows: Sequence[PlacementRow] = (),
) -> tuple[InvestmentResult, ...]:
    """Every investment; ``posts`` (one per item, from the staffing engine: its posts on each team) cost and save
    the posts they buy."""
    terms: list[Sequence[PostTerms]] = list(posts) or [()] * len(items)
    by_line = rows_by_line(placement_rows)
    return tuple(investment(item, settings, p, by_line) for item, p in zip(items, terms, strict=True))
