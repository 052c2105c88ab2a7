"""Current year, line by line (calculations.md §1): outturn, variances, movement, RAG, totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from forecast.engine._num import divide, is_array, maximum, minimum, total
from forecast.engine.results import GroupTotal, LineResult
from forecast.inputs.model import BudgetLine, Settings


def outturn(line: BudgetLine, settings: Settings, modelled: Mapping[str, float]) -> float:
    """The forecast outturn of one line by its method.

    ``modelled`` holds the outturn of placements and staffing lines that have
    rows (actual to date + cost still to come + recruitment); a line of those
    methods without rows is its actual to date (nothing modelled to come).
    """
    if line.method == "budget":
        return line.budget
    if line.method == "manual":
        return line.forecast if line.forecast is not None else line.budget
    if line.method == "run_rate":
        if settings.period == 0:
            return line.budget
        return line.actual_to_date * 12 / settings.period
    if line.method in ("placements", "staffing"):
        return modelled.get(line.line, line.actual_to_date)
    raise ValueError(f"unknown method {line.method!r} on line {line.line!r}")


def rag(variance_pct: float | None, net_variance: float, settings: Settings) -> str:
    """green / amber / red on |variance %|; "" for arrays of draws.

    A line with no budget has no percentage: green when it has no net
    variance, red when it has any. A risk run may draw the thresholds
    themselves (a Risks row on variance_amber): that too is draws, not one colour.
    Rev 3: an underspend (net variance < 0) is green unless Settings
    rag_underspend is ``size``.
    """
    if any(is_array(v) for v in (variance_pct, net_variance, settings.variance_amber, settings.variance_red)):
        return ""
    if net_variance < 0 and settings.rag_underspend != "size":
        return "green"
    if variance_pct is None:
        return "green" if net_variance == 0 else "red"
    size = abs(variance_pct)
    if size <= settings.variance_amber:
        return "green"
    if size <= settings.variance_red:
        return "amber"
    return "red"


def earmark_drawn(earmarked: float, variance: float) -> float:
    """What an earmark funds (rev 3 §1): min(earmarked, max(variance, 0)), only as far as the line overspends."""
    return minimum(earmarked, maximum(variance, 0.0))


def ongoing_share(recurring: object) -> float:
    """The share of a line's year-0 variance that continues (§6): 1 for yes, 0 for no, else the share 0–1."""
    if isinstance(recurring, bool):
        return 1.0 if recurring else 0.0
    if isinstance(recurring, str):
        return 1.0 if recurring.strip().lower() == "yes" else 0.0
    return recurring  # type: ignore[return-value]  # a float, or an array of draws


def line_result(line: BudgetLine, settings: Settings, modelled: Mapping[str, float]) -> LineResult:
    out = outturn(line, settings, modelled)
    variance = out - line.budget
    drawn = earmark_drawn(line.earmarked, variance)
    net = variance - drawn
    pct = divide(net, line.budget)
    driven = line.method in ("placements", "staffing")
    if line.method == "budget":
        ongoing: float | None = 0.0
    elif driven:
        ongoing = None
    else:
        ongoing = variance * ongoing_share(line.recurring)
    return LineResult(
        line=line.line,
        group=line.group or settings.service,
        method=line.method,
        budget=line.budget,
        actual_to_date=line.actual_to_date,
        outturn=out,
        variance=variance,
        earmarked=line.earmarked,
        net_variance=net,
        variance_pct=pct,
        previous_variance=line.previous_variance,
        movement=None if line.previous_variance is None else net - line.previous_variance,
        rag=rag(pct, net, settings),
        comment=line.comment,
        earmark_drawn=drawn,
        earmark_unused=line.earmarked - drawn,
        ongoing_variance=ongoing,
        one_off_variance=None if ongoing is None else variance - ongoing,
    )


def _sum_given(values: Sequence[float | None]) -> float | None:
    given = [v for v in values if v is not None]
    return total(given) if given else None


def group_total(name: str, lines: Sequence[LineResult]) -> GroupTotal:
    """Plain sums; previous variance and movement sum the lines that have one (None when none do)."""
    budget = total(x.budget for x in lines)
    net = total(x.net_variance for x in lines)
    return GroupTotal(
        group=name,
        lines=tuple(x.line for x in lines),
        budget=budget,
        actual_to_date=total(x.actual_to_date for x in lines),
        outturn=total(x.outturn for x in lines),
        variance=total(x.variance for x in lines),
        earmarked=total(x.earmarked for x in lines),
        net_variance=net,
        previous_variance=_sum_given([x.previous_variance for x in lines]),
        movement=_sum_given([x.movement for x in lines]),
        variance_pct=divide(net, budget),
        earmark_drawn=total(x.earmark_drawn for x in lines),
        earmark_unused=total(x.earmark_unused for x in lines),
    )


def groups(lines: Sequence[LineResult]) -> tuple[GroupTotal, ...]:
    """One total per group, in the order groups first appear on the Budget sheet."""
    order: dict[str, list[LineResult]] = {}
    for x in lines:
        order.setdefault(x.group, []).append(x)
    return tuple(group_total(name, members) for name, members in order.items())
