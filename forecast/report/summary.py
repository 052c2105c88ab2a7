"""Headline figures for ``forecast summary``: a JSON structure and a terminal table.

Both read ``Results`` and compute nothing new: the JSON keeps numbers
unrounded in the workbook's units (``null`` for a missing value, years as
``2019/20`` labels); the text rounds only for display. Importing this
module is cheap (no pandas, openpyxl or numpy).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from forecast.engine.results import Bridge, CapacityYear, GroupTotal, LineResult, Results
from forecast.fy import fy_label
from forecast.report.plan_words import plan_sentences
from forecast.report.plan_words import buys
from forecast.report.benchmark_report import benchmark_json
from forecast.report.children_json import add_children
from forecast.report.demand_words import demand_json
from forecast.report.improvement_words import actions_json
from forecast.report.rows import capacity_groups, carried_text, mtfp_value, reserves_tracked

if TYPE_CHECKING:  # the TypedDicts are for type checkers: a build (which only needs money_text) skips them
    from forecast.report.summary_types import Summary


def _number(value: object) -> float | None:
    """A JSON number: None for missing, NaN and arrays of draws."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    return None


def _by_year(years: Sequence[int], values: Sequence[float]) -> dict[str, float | None]:
    return {fy_label(y): _number(v) for y, v in zip(years, values, strict=True)}


def _line(x: LineResult) -> dict[str, Any]:
    return {
        "line": x.line,
        "group": x.group,
        "method": x.method,
        "budget": _number(x.budget),
        "actual_to_date": _number(x.actual_to_date),
        "outturn": _number(x.outturn),
        "variance": _number(x.variance),
        "earmarked": _number(x.earmarked),
        "net_variance": _number(x.net_variance),
        "variance_pct": _number(x.variance_pct),
        "previous_variance": _number(x.previous_variance),
        "movement": _number(x.movement),
        "rag": x.rag or None,
        # rev 3 (issue 19): the earmark as drawn and not needed; the ongoing and one-off parts of the variance
        "earmark_drawn": _number(x.earmark_drawn),
        "earmark_unused": _number(x.earmark_unused),
        "ongoing_variance": _number(x.ongoing_variance),
        "one_off_variance": _number(x.one_off_variance),
    }


def _totals(t: GroupTotal) -> dict[str, float | None]:
    fields = ("budget", "actual_to_date", "outturn", "variance", "earmarked", "net_variance", "earmark_drawn",
              "earmark_unused")
    return {f: _number(getattr(t, f)) for f in fields}


def _bridge(b: Bridge) -> dict[str, float | None]:
    fields = ("full_year_forecast", "full_year_budget", "volume", "mix", "price")
    return {f: _number(getattr(b, f)) for f in fields}


def summary_dict(results: Results) -> Summary:
    """The structure of ``forecast summary --json`` (outputs.md), ready for ``json.dumps``."""
    s = results.settings
    years = results.years
    placements = None
    if results.placements is not None:
        placements = {
            **_bridge(results.placements.total),
            "lines": {name: _bridge(p.bridge) for name, p in results.placements.lines.items()},
        }
        add_children(placements, results)  # issue 26 (§12): the list's figures, high cost, aged out
    staffing = None
    if results.staffing is not None:
        st = results.staffing
        staffing = {
            "full_year_forecast": _number(st.full_year_forecast),
            "budget_basis": _number(st.budget_basis),
            "vacancy_saving": _number(st.vacancy_saving),
            "agency_premium": _number(st.agency_premium),
            "agency_share": _number(st.agency_share),
            "capacity_gap_fte": _number(st.capacity_gap_fte) if st.fte_needed is not None else None,
            "permanent_vacancies": _number(st.permanent_vacancies),
            "turnover_cover": _number(st.turnover_cover),
            "capacity": [
                {
                    "year": fy_label(c.year),
                    "team": c.team,
                    "role": c.role,
                    "cases": _number(c.cases),
                    "fte_needed": _number(c.fte_needed),
                    "fte_in_post": _number(c.fte_in_post),
                    "gap_fte": _number(c.gap_fte),
                    "cost_to_close": _number(c.cost_to_close),
                    "capacity_only": c.capacity_only,  # issue 19, rev 3 §3
                }
                for c in st.capacity
            ],
        }
    return {
        "authority": s.authority,
        "service": s.service,
        "financial_year": fy_label(s.financial_year),
        "period": s.period,
        "units": s.units,
        "scenario": results.scenario,
        "lines": [_line(x) for x in results.lines],
        "totals": _totals(results.totals),
        "placements": placements,
        "staffing": staffing,
        "investments": [
            {
                "name": i.name,
                "kind": i.kind,
                "funding": i.funding,
                "npv": _number(i.npv),
                "irr": _number(i.irr),
                "payback_year": fy_label(i.payback_year) if i.payback_year is not None else None,
                "posts_fte": _number(i.posts_fte),
                "posts": [{"team": t, "role": r, "fte": _number(x)} for t, r, x in i.posts] or None,  # issue 19
                "cost": _by_year(years, i.cost),
                "saving": _by_year(years, i.saving),
            }
            for i in results.investments
        ],
        "savings": {
            "planned": _by_year(years, results.savings.planned),
            "delivered": _by_year(years, results.savings.delivered),
            "at_risk": _by_year(years, results.savings.at_risk),
        },
        "mtfp": [
            {
                "year": fy_label(m.year),
                "base_budget": _number(m.base_budget),
                "base_growth": _number(m.base_growth),
                "service_forecast": _number(m.service_forecast),
                "investment_costs": _number(m.investment_costs),
                "investment_savings": _number(m.investment_savings),
                "savings_delivered": _number(m.savings_delivered),
                "total_forecast": _number(m.total_forecast),
                "funding": _number(m.funding),
                "gap": _number(m.gap),
                "gap_change": _number(m.gap_change),
                "savings_at_risk": _number(m.savings_at_risk),
                "reserves_opening": _number(m.reserves_opening),
                "reserves_drawn": _number(m.reserves_drawn),
                "reserves_closing": _number(m.reserves_closing),
                "reserves_if_gaps_met": _number(m.reserves_if_gaps_met),
                "cla": _number(m.cla),
                "rate_per_10k": _number(m.rate_per_10k),
            }
            for m in results.mtfp
        ],
        "reserves_run_out_if_gaps_met": (
            fy_label(results.reserves_run_out_if_gaps_met) if results.reserves_run_out_if_gaps_met is not None else None
        ),
        "trends": trends_json(results),
        "demand": demand_json(results),  # issue 22 (§9): None without a Demand sheet
        "benchmark": benchmark_json(results),  # issue 23 (§10): None without Settings la_code
        "actions": actions_json(results),  # issue 24 (§11): None without an Actions sheet
        "warnings": list(results.warnings),
    }


def trends_json(results: Results) -> list[dict[str, Any]]:
    """Every History measure (rev 3 §8), in first-appearance order: fitted ones with their growth, the rest with
    growth null; each with its observed change over its window."""
    fitted: list[tuple[str, dict[str, Any]]] = [
        (
            t.measure,
            {
                "measure": t.measure,
                "months": t.months,
                "first_month": f"{t.first_month:%Y-%m}",
                "last_month": f"{t.last_month:%Y-%m}",
                "latest": _number(t.latest),
                "growth": _number(t.growth),
                "growth_se": _number(t.growth_se),
                "growth_p10": _number(t.growth_p10),
                "growth_p90": _number(t.growth_p90),
                "change": _number(t.change),
            },
        )
        for t in results.trends
    ]
    unfitted: list[tuple[str, dict[str, Any]]] = [
        (
            u.measure,
            {
                "measure": u.measure,
                "months": u.months,
                "first_month": f"{u.first_month:%Y-%m}",
                "last_month": f"{u.last_month:%Y-%m}",
                "latest": _number(u.latest),
                "growth": None,
                "growth_se": None,
                "growth_p10": None,
                "growth_p90": None,
                "change": _number(u.change),
            },
        )
        for u in results.untrended
    ]
    # fitted first (as revision 2 listed them), then the unfitted, each in History's order
    return [entry for _, entry in fitted + unfitted]


# --- the terminal table -------------------------------------------------------


def money_text(value: float | None) -> str:
    """Finance style: thousands separators, no decimals, negatives in brackets."""
    number = _number(value)
    if number is None:
        return "-" if value is None else "n/a"
    rounded = round(number)
    if rounded == 0:
        return "-"
    text = f"{abs(rounded):,}"
    return f"({text})" if rounded < 0 else text


def _fte(value: float | None) -> str:
    number = _number(value)
    return "-" if number is None else f"{number:,.1f}"


def _pct(value: float | None) -> str:
    number = _number(value)
    return "-" if number is None else f"{number:.1%}"


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Left-align the first column, right-align the rest."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(r: Sequence[str]) -> str:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        return indent + "  ".join(cells).rstrip()

    return [fmt(header)] + [fmt(r) for r in rows]


def _headline(results: Results) -> list[str]:
    s, t = results.settings, results.totals
    when = (
        f"Month {s.period} {fy_label(s.financial_year)}" if s.period else f"Budget setting {fy_label(s.financial_year)}"
    )
    out = [f"{s.authority} — {s.service}, {when} ({s.units}; scenario {results.scenario})", ""]
    verb = "overspend" if (_number(t.net_variance) or 0) >= 0 else "underspend"
    rows = [
        ["Budget", money_text(t.budget)],
        ["Outturn" if s.period == 12 else "Forecast outturn", money_text(t.outturn)],
        ["Variance", money_text(t.variance)],
        ["Earmarked (set aside)", money_text(t.earmarked)],
        ["  not needed", money_text(t.earmark_unused)],
        ["  drawn", money_text(t.earmark_drawn)],
        [f"Net variance ({verb})", money_text(t.net_variance)],
    ]
    return out + text_table(["Service", s.units], rows)


def _top_lines(results: Results, count: int = 8) -> list[str]:
    lines = sorted(results.lines, key=lambda x: -abs(_number(x.net_variance) or 0.0))[:count]
    rows = [
        [
            x.line,
            money_text(x.budget),
            money_text(x.outturn),
            money_text(x.variance),
            money_text(x.earmarked),
            money_text(x.earmark_unused),
            money_text(x.earmark_drawn),
            money_text(x.net_variance),
            x.rag,
        ]
        for x in lines
    ]
    head = ["Lines (largest net variance first)", "Budget", "Outturn", "Variance", "Earmarked", "Not needed",
            "Drawn", "Net", "RAG"]
    return ["", *text_table(head, rows)]


def _placements(results: Results) -> list[str]:
    p = results.placements
    if p is None:
        return []
    b = p.total
    rows = [
        ["Full-year cost at today's numbers", money_text(b.full_year_forecast)],
        ["Full-year cost on the budget's assumptions", money_text(b.full_year_budget)],
        ["  volume (number of children)", money_text(b.volume)],
        ["  mix (placement types)", money_text(b.mix)],
        ["  price (weekly costs)", money_text(b.price)],
        ["Budget of the placement lines", money_text(p.lines_budget)],
    ]
    return ["", *text_table(["Placements", results.settings.units], rows)]


def _staffing(results: Results) -> list[str]:
    st = results.staffing
    if st is None:
        return []
    rows = [
        [
            "Establishment / permanent / agency / vacant FTE",
            f"{_fte(st.fte_budget)} / {_fte(st.fte_permanent)} / {_fte(st.fte_agency)} / {_fte(st.vacant)}",
        ],
        ["Agency share of staff in post", _pct(st.agency_share)],
        ["Full-year cost at today's staffing", money_text(st.full_year_forecast)],
        ["Budget basis (establishment cost)", money_text(st.budget_basis)],
        ["Agency premium", money_text(st.agency_premium)],
        ["Vacancy saving", money_text(st.vacancy_saving)],
        [
            "Permanent vacancies / covered by agency / not covered FTE",
            f"{_fte(st.permanent_vacancies)} / {_fte(st.vacancies_covered_by_agency)} / {_fte(st.vacancies_uncovered)}",
        ],
    ]
    if any(r.turnover for r in st.rows):
        rows.append(["Agency cover for leavers (turnover) this year", money_text(st.turnover_cover)])
    out = ["", *text_table(["Staffing", results.settings.units], rows)]
    with_cases = [r for r in st.rows if r.fte_needed is not None]
    if with_cases:
        # a team over its need has FTE spare and a surplus at cost, never a negative cost (outputs.md "Read
        # alone"): each row reads FTE needed − in post = short − spare
        short = [max(float(r.capacity_gap or 0.0), 0.0) for r in with_cases]
        spare = [max(-float(r.capacity_gap or 0.0), 0.0) for r in with_cases]
        cost = [max(float(r.cost_to_close or 0.0), 0.0) for r in with_cases]
        surplus = [max(-float(r.cost_to_close or 0.0), 0.0) for r in with_cases]
        case_rows = [
            [
                f"{r.team} / {r.role}",
                _fte(r.cases),
                _fte(r.caseload),
                _fte(r.target_caseload),
                _fte(r.fte_needed),
                _fte(r.fte_in_post),
                _fte(short[n]),
                _fte(spare[n]),
                money_text(cost[n]),
                money_text(surplus[n]),
            ]
            for n, r in enumerate(with_cases)
        ]
        case_rows.append(
            [
                "All teams",
                "",
                "",
                "",
                _fte(st.fte_needed),
                _fte(st.fte_in_post_with_cases),
                _fte(sum(short)),
                _fte(sum(spare)),
                money_text(sum(cost)),
                money_text(sum(surplus)),
            ]
        )
        head = ["Caseloads", "Cases", "Caseload", "Target", "FTE needed", "In post", "FTE short", "FTE spare",
                "Cost to close", "Surplus at cost"]
        out += ["", *text_table(head, case_rows)]
        targets = sorted({f"{r.target_caseload:g}" for r in with_cases})
        target = targets[0] if len(targets) == 1 else "their targets"
        gap, net = float(st.capacity_gap_fte), float(st.cost_to_close)
        if gap >= 0:
            balance = f"{_fte(gap)} FTE more"
        else:
            balance = f"{_fte(-gap)} FTE more than needed"
        if net >= 0:
            money = f"net cost to close the gap {money_text(net)} a year"
        else:
            money = f"a net surplus capacity of {money_text(-net)} a year at cost"
        out.append(
            f"  FTE needed to bring caseloads to {target}: {_fte(st.fte_needed)} "
            f"({_fte(st.fte_in_post_with_cases)} in post, {balance}; {money} in {results.settings.units})"
        )
        if any(spare):
            out.append(
                f"  Teams short: {_fte(sum(short))} FTE, costing {money_text(sum(cost))} a year to close; "
                f"teams over their need: {_fte(sum(spare))} FTE spare, a surplus of {money_text(sum(surplus))} "
                "a year at cost"
            )
    return out


def _investments(results: Results) -> list[str]:
    if not results.investments:
        return []
    labels = [fy_label(y) for y in results.years]
    rows = []
    for i in results.investments:
        rows.append([f"{i.name} ({i.kind}, {i.funding})", "cost", *[money_text(v) for v in i.cost]])
        rows.append(["", "funded", *[money_text(v) for v in i.funded]])
        if any(_number(v) for v in i.saving):
            rows.append(["", "saving", *[money_text(v) for v in i.saving]])
        rows.append(["", "adds to gap", *[money_text(v) for v in i.gap_effect]])
    out = ["", *text_table(["Investments", "", *labels], rows)]
    out += [f"  {i.name} buys: {buys(i)}" for i in results.investments if buys(i)]
    for i in results.investments:
        if i.funding != "unfunded" and all(_number(v) == 0 for v in i.gap_effect):
            out.append(f"  {i.name}: funded from {i.funding}, adds nothing to the gap")
    return out


def _mtfp(results: Results) -> list[str]:
    plan = results.mtfp
    labels = [fy_label(m.year) for m in plan]

    def row(label: str, key: str) -> list[str]:
        return [label, *["" if mtfp_value(m, key) is None else money_text(mtfp_value(m, key)) for m in plan]]

    rows = [
        row("Cash limits", "cash_limits"),
        row("Base growth", "base_growth"),
        row("Base budget", "base_budget"),
        row("Total forecast", "total_forecast"),
        row("Funding", "funding"),
        row("Gap (shortfall positive)", "gap"),
        row("Change in gap", "gap_change"),
        row("Savings at risk", "savings_at_risk"),
    ]
    if any(m.carried_forward for m in plan):
        rows.insert(1, ["  carried forward", *[carried_text(m, len(results.lines)) for m in plan]])
    if reserves_tracked(results):
        rows += [row("Reserves at start", "reserves_opening"), row("Drawn", "reserves_drawn"),
                 row("Reserves at end", "reserves_closing"),
                 row("Reserves at end if gaps met", "reserves_if_gaps_met")]
    if plan and plan[0].cla is not None:
        rows.append(["Children looked after", *[_fte(m.cla) for m in plan]])
        if plan[0].rate_per_10k is not None:
            rows.append(["  per 10,000 children", *[_fte(m.rate_per_10k) for m in plan]])
    out = ["", *text_table(["MTFP", *labels], rows)]
    out += [f"  {sentence}" for sentence in plan_sentences(results)]
    return out


def _capacity(results: Results) -> list[str]:
    """Capacity by year: each team's FTE short or spare and its cost (a surplus is never a negative cost),
    then all teams' totals and the service's net cost to close or net surplus."""
    groups = capacity_groups(results)
    if not groups:
        return []
    labels = [fy_label(y) for y in results.years]
    years = range(len(labels))
    parts: tuple[tuple[str, Callable[[CapacityYear], float], Callable[[float], str]], ...] = (
        ("FTE short", lambda c: max(c.gap_fte, 0.0), _fte),
        ("FTE spare", lambda c: max(-c.gap_fte, 0.0), _fte),
        ("cost to close", lambda c: max(c.cost_to_close, 0.0), money_text),
        ("surplus at cost", lambda c: max(-c.cost_to_close, 0.0), money_text),
    )
    rows = []
    for team, role, by_year in groups:
        name = f"{team} / {role}"
        for label, value, show in parts:
            if label in ("FTE spare", "surplus at cost") and not any(value(c) for c in by_year.values()):
                continue  # a team never over its need prints no spare rows
            rows.append([name, label, *[show(value(by_year[t])) if t in by_year else "" for t in years]])
            name = ""
    if len(groups) > 1:
        name = "All teams"
        for label, value, show in parts:
            totals = [sum(value(by_year[t]) for _tm, _r, by_year in groups if t in by_year) for t in years]
            rows.append([name, label, *[show(x) for x in totals]])
            name = ""
        net = [sum(by_year[t].cost_to_close for _tm, _r, by_year in groups if t in by_year) for t in years]
        rows.append(["Service total", "net cost to close", *[money_text(max(x, 0.0)) for x in net]])
        rows.append(["", "net surplus at cost", *[money_text(max(-x, 0.0)) for x in net]])
    return ["", *text_table(["Capacity by year", "", *labels], rows)]


def summary_text(results: Results) -> str:
    """The headline figures as aligned plain-text tables (figures rounded for display only)."""
    parts = [
        *_headline(results),
        *_top_lines(results),
        *_placements(results),
        *_staffing(results),
        *_investments(results),
        *_capacity(results),
        *_mtfp(results),
    ]
    failed = [c for c in results.checks if not c.ok]
    if failed:
        parts += ["", "Checks failing: " + ", ".join(c.key for c in failed)]
    if results.warnings:
        parts += ["", f"Warnings ({len(results.warnings)}):", *[f"  {w}" for w in results.warnings]]
    return "\n".join(parts) + "\n"
