"""The plan years in words: when reserves run out, which cash limits were carried forward, which growth follows a trend.

One place builds these sentences; ``forecast summary``, the narrative
paragraph and the MTFP sheet all say them the same way. Figures are the
engine's (``Results``), rounded only for display.
"""

from __future__ import annotations


from forecast.engine._num import is_array
from forecast.engine.results import InvestmentResult, LineResult, Results, Trend
from forecast.fy import fy_label
from forecast.records import frozen

# A sentence names at most this many lines or trends, then "and N other lines": at 10,000 lines a list of
# every name ran to 80,000 characters, past a cell's 32,767 (the lists themselves are on their sheets).
NAMED = 5
# In the narrative paragraph a name longer than this is cut ("…"): the paragraph stays one a member reads.
SHORT_NAME = 60


def short(name: str, limit: int = SHORT_NAME) -> str:
    """``name``, cut to ``limit`` characters with "…" when longer."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"



@frozen
class TrendUse:
    """A History trend that set a growth rate: which measure, and what it set."""

    trend: Trend
    uses: tuple[str, ...]  # e.g. "growth of external residential placements"


def buys(inv: InvestmentResult) -> str:
    """What an investment buys, in words: posts on a Staffing row, or children moved between placement types."""
    parts = []
    if inv.posts_fte is not None:
        post = f"{inv.posts_fte:g} FTE {inv.role} posts ({inv.team})"
        parts.append(post + (", replacing agency workers" if inv.replaces_agency else ""))
    if inv.children_moved is not None:
        parts.append(
            f"moves {inv.children_moved:g} children from {inv.from_type} to {inv.to_type}"
            + (f" ({inv.move_line})" if inv.move_line else "")
        )
    return "; ".join(parts)


def money(amount: float, units: str) -> str:
    """``£8,989k`` in £000 units, ``£8,989`` in £ (always positive; the words carry the sign)."""
    size = abs(amount)
    if units == "£000":
        return f"£{size:,.0f}k"
    return f"£{size:,.0f}"


def pct(value: float) -> str:
    return f"{value:.1%}"


def trends_used(results: Results) -> list[TrendUse]:
    """Trends that set a rate: the growth of a Placements row or the case growth of a Staffing row given as trend.

    A measure no row takes its rate from (referrals, contacts) is shown on the History sheet only.
    """
    rows = results.placements.rows if results.placements is not None else ()
    staff = results.staffing.rows if results.staffing is not None else ()
    growing = {r.placement_type for r in rows if r.growth_trend}  # found once, not per trend
    cases = {r.team for r in staff if r.case_growth_trend}
    out = []
    for trend in results.trends:
        uses: list[str] = []
        if trend.measure in growing:
            uses.append(f"growth of {trend.measure} placements")
        if trend.measure in cases:
            uses.append(f"growth in {trend.measure} cases")
        if uses:
            out.append(TrendUse(trend, tuple(uses)))
    return out


def reserves_sentence(results: Results) -> str:
    """Both reserves figures of §6 (rev 3): what the planned draws leave, and what happens if each year's gap were
    met from reserves; "" when reserves are not tracked."""
    plan = results.mtfp
    if not plan or plan[0].reserves_opening is None:
        return ""
    units = results.settings.units
    if results.reserves_run_out is not None:
        year = next(y for y in plan if y.year == results.reserves_run_out)
        closing = year.reserves_closing or 0.0
        planned = (
            f"Reserves run out in {fy_label(results.reserves_run_out)} on the planned draws: "
            f"the balance falls to {'-' if closing < 0 else ''}{money(closing, units)} by the end of that year"
        )
    else:
        last = plan[-1]
        planned = (
            f"The planned draws leave {money(last.reserves_closing or 0.0, units)} in reserves at the end of "
            f"{fy_label(last.year)}"
        )
    return f"{planned}; {if_gaps_met_words(results)}."


def if_gaps_met_words(results: Results) -> str:
    """What reserves would do if each year's gap were met from them (§6 rev 3), as a clause; "" when not tracked."""
    plan = results.mtfp
    if not plan or plan[0].reserves_if_gaps_met is None:
        return ""
    units = results.settings.units
    if results.reserves_run_out_if_gaps_met is not None:
        return (
            "if each year's gap were met from reserves they would run out in "
            f"{fy_label(results.reserves_run_out_if_gaps_met)}"
        )
    left = plan[-1].reserves_if_gaps_met or 0.0
    return (
        f"if each year's gap were met from reserves they would still hold {money(left, units)} at the end of "
        f"{fy_label(plan[-1].year)}"
    )


def ongoing_sentence(line: LineResult, results: Results) -> str:
    """The one-off and ongoing parts of a partly ongoing line's variance (rev 3 §6); "" when it is all one or the
    other, or the line is modelled (placements, staffing)."""
    ongoing, one_off = line.ongoing_variance, line.one_off_variance
    if ongoing is None or one_off is None or is_array(ongoing) or is_array(one_off):
        return ""
    units = results.settings.units
    if abs(ongoing) < 0.5 or abs(one_off) < 0.5:
        return ""
    later = fy_label(results.years[1]) if len(results.years) > 1 else "later years"
    return (
        f"Of the {money(line.variance, units)} variance on {line.line}, {money(ongoing, units)} is expected to continue "
        f"into {later} and {money(one_off, units)} is one-off."
    )


def carried_sentence(results: Results, brief: bool = False) -> str:
    """Which lines' cash limits were carried forward, and in which years; "" when every later year was given.

    ``brief`` (the narrative): long names cut short.
    """
    years = [y for y in results.mtfp[1:] if y.carried_forward]
    if not years:
        return ""
    uplift = results.settings.budget_uplift
    how = f"uplifted by {pct(uplift)} a year" if uplift else "held flat"
    span = fy_label(years[0].year) if len(years) == 1 else f"{fy_label(years[0].year)} to {fy_label(years[-1].year)}"
    groups: dict[tuple[str, ...], list[int]] = {}
    for y in years:
        groups.setdefault(y.carried_forward, []).append(y.year)
    every = [x.line for x in results.lines]
    if len(groups) == 1:
        lines = next(iter(groups))
        return (
            f"Cash limits for {span} are carried forward from the last year given ({how}) for "
            f"{_which(lines, every, brief)}, whose budgets for those years were not given."
        )
    if brief and len(groups) > 2:  # the years differ line by line: the MTFP sheet says which, the paragraph counts
        parts = [f"{', '.join(fy_label(y) for y in ys)}: {_count(len(lines), 'line')}" for lines, ys in groups.items()]
    else:
        parts = [f"{', '.join(fy_label(y) for y in ys)}: {_which(lines, every, brief)}" for lines, ys in groups.items()]
    return f"Cash limits carried forward from the last year given ({how}) — " + "; ".join(parts) + "."


def _which(lines: tuple[str, ...], every: list[str], brief: bool = False) -> str:
    """The lines named, or named by the few left out when they are most of them (at most ``NAMED`` names)."""
    if len(lines) == len(every):
        return "every line"
    if len(lines) > len(every) / 2:
        given = set(lines)
        return "every line except " + _names(tuple(x for x in every if x not in given), "line", brief)
    return _names(lines, "line", brief)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _names(items: tuple[str, ...], noun: str = "", brief: bool = False) -> str:
    """``a, b and c``; past ``NAMED`` items (when ``noun`` is given), ``a, …, e and 995 other lines``."""
    if brief:
        items = tuple(short(x) for x in items)
    if noun and len(items) > NAMED:
        return ", ".join(items[:NAMED]) + f" and {len(items) - NAMED:,} other {noun}{'' if len(items) - NAMED == 1 else 's'}"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def trends_sentence(uses: list[TrendUse], brief: bool = False) -> str:
    """One sentence naming the growth rates that follow a History trend (at most ``NAMED``), with likely ranges (P10 to P90)."""
    if not uses:
        return ""
    parts = [
        f"{_names(tuple(short(x) if brief else x for x in u.uses))} {pct(u.trend.growth)} a year "
        f"(likely range {pct(u.trend.growth_p10)} to {pct(u.trend.growth_p90)})"
        for u in uses[:NAMED]
    ]
    if len(uses) > NAMED:
        parts.append(f"and {_count(len(uses) - NAMED, 'other trend')} (on the History sheet)")
    windows = {(u.trend.months, u.trend.last_month) for u in uses}
    if len(windows) == 1:
        months, last = next(iter(windows))
        fitted = f"each fitted to the {months} months to {last:%b %Y}"
    else:
        fitted = "each fitted to its latest months of History"
    return f"From History trends: {'; '.join(parts)}, {fitted}."


def every_limit_carried(results: Results) -> bool:
    """No line gives any later year's cash limit: every one is carried forward (the plan's default)."""
    later = results.mtfp[1:]
    return bool(later) and all(len(y.carried_forward) == len(results.lines) for y in later)


def plan_sentences(results: Results, paragraph: bool = False) -> list[str]:
    """Every sentence above that applies, in report order: reserves, carried cash limits, trends.

    ``paragraph``: for the narrative, which leaves out the carried cash limits when no line gives any
    (the plan's default then, said on the MTFP sheet and in the summary, not news for a monitoring report).
    """
    carried = "" if paragraph and every_limit_carried(results) else carried_sentence(results, brief=paragraph)
    out = [reserves_sentence(results), carried, trends_sentence(trends_used(results), brief=paragraph)]
    return [s for s in out if s]


# The narrative tells at most this many investments in full (largest cost first), then the rest as one figure.
TOLD_INVESTMENTS = 3
_FUNDING = {
    "reserves": "funded from reserves",
    "grant": "funded by grant",
    "base": "funded from the base budget",
    "unfunded": "not yet funded, so it adds to the gap",
}


def investment_words(inv: InvestmentResult, results: Results) -> str:
    """One investment as a member reads it (issue 21): its amount, one-off or ongoing, funding and what it buys,
    e.g. "Referral and Assessment capacity (£1,000k a year ongoing from 2019/20, funded from the base budget,
    for 18 FTE Social Worker posts (R&A Team 4))"."""
    units = results.settings.units
    years = [(results.years[t], c) for t, c in enumerate(inv.cost) if t < len(results.years) and abs(c) >= 0.5]
    if inv.kind == "one-off":
        amount = inv.amount if inv.amount is not None else sum(c for _, c in years)
        when = f" in {fy_label(years[0][0])}" if years else ""
        what = f"{money(amount, units)} one-off{when}"
    else:
        amount = inv.amount if inv.amount is not None else max((c for _, c in years), default=0.0)
        what = f"{money(amount, units)} a year ongoing"
        if years:
            what += f" from {fy_label(years[0][0])}"
            if years[-1][0] != results.years[-1]:
                what += f" to {fy_label(years[-1][0])}"
    parts = [what, _FUNDING.get(inv.funding, f"funded by {inv.funding}")]
    if inv.posts_fte is not None:
        parts.append(f"for {inv.posts_fte:g} FTE {inv.role} posts in {inv.team}"
                     + (", replacing agency workers" if inv.replaces_agency else ""))
    if inv.children_moved is not None:
        parts.append(f"moving {inv.children_moved:g} children from {inv.from_type} to {inv.to_type}")
    saving = sum(inv.saving)
    if abs(saving) >= 0.5:
        parts.append(f"saving {money(saving, units)} over the plan")
    return f"{short(inv.name)} ({', '.join(parts)})"


def investments_sentence(results: Results) -> str:
    """The investments in the plan, largest first, each told in full (at most ``TOLD_INVESTMENTS``, then the
    others as one figure); "" when there are none."""
    invs = sorted(results.investments, key=lambda i: (-sum(i.cost), i.name))
    invs = [i for i in invs if abs(sum(i.cost)) >= 0.5 or i.posts_fte or i.children_moved]
    if not invs:
        return ""
    told = [investment_words(i, results) for i in invs[:TOLD_INVESTMENTS]]
    rest = invs[TOLD_INVESTMENTS:]
    small = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    n = len(invs)
    count = f"{small[n - 1] if n <= 9 else f'{n:,}'} investment{'' if n == 1 else 's'}"
    text = f"The plan includes {count}: " + ("; ".join(told[:-1]) + "; and " + told[-1] if len(told) > 1 else told[0])
    if rest:
        units = results.settings.units
        text += (f"; and {_count(len(rest), 'other investment')} costing {money(sum(sum(i.cost) for i in rest), units)}"
                 " over the plan (on the Investments sheet)")
    return text + "."
