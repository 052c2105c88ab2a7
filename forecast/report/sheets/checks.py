"""Checks: every identity the engine checked, as live formulas over the other sheets' cells.

Each check shows its left side, right side, the difference and TRUE/FALSE;
one master check (the workbook name ``MasterCheck``) is TRUE when all are,
and the Revenue Summary shows it. A check whose cells are not shown in the
chosen layout keeps the engine's two figures as numbers and says so.
"""

from __future__ import annotations

from forecast.engine.results import Check, Results
from forecast.fy import fy_label
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import Sheet, cell

NAME = sheet_name(__name__)
TOLERANCE = 1e-6  # relative, as the engine's Check.ok
_MASTER_ROW = 5
_HEADER_ROW = 8
_SUMMED = ("budget", "actual_to_date", "outturn", "variance", "earmarked", "net_variance")
_MTFP_TERMS = (
    ("+", "service_forecast"),
    ("+", "investment_costs"),
    ("-", "investment_savings"),
    ("-", "savings_delivered"),
    ("-", "base_budget"),
    ("-", "funding"),
)
_UNLINKED = "engine figures: the cells behind this check are not in this layout"

Terms = tuple[tuple[str, keys.CellKey], ...]  # (sign, cell key), any number of them


def wanted(results: Results, analyses: Analyses) -> bool:
    return True


def terms_for(check: Check, results: Results) -> tuple[Terms, Terms] | None:
    """The cells that make up each side of ``check``; None for a check we cannot link."""
    key = check.key
    total = keys.revenue_total
    for field in _SUMMED:
        if key == f"total_{field}":
            return (("+", total(field)),), (("+", keys.revenue_lines_sum(field)),)
        if key == f"groups_{field}":
            return (("+", total(field)),), (("+", keys.revenue_groups_sum(field)),)
    if key == "variance":
        return (("+", total("variance")),), (("+", total("outturn")), ("-", total("budget")))
    if key == "net_variance":
        return (("+", total("net_variance")),), (("+", total("variance")), ("-", total("earmarked")))
    if key == "placements_bridge" or key.startswith("placements_bridge:"):
        line = key.split(":", 1)[1] if ":" in key else None

        def bridge(figure: str) -> keys.CellKey:
            return keys.placements_all(figure) if line is None else keys.placements_line(line, figure)

        left = (("+", bridge("volume")), ("+", bridge("mix")), ("+", bridge("price")))
        return left, (("+", bridge("full_year_forecast")), ("-", bridge("full_year_budget")))
    if key == "placements_lines":
        return (("+", keys.placements_all("full_year_forecast")),), (("+", keys.PLACEMENT_LINES_FORECAST),)
    if key == "staffing_identity":
        st = keys.staffing_total
        return (("+", st("full_year_forecast")), ("-", st("budget_basis"))), (("+", st("agency_premium")), ("-", st("vacancy_saving")))
    if key == "staffing_recruitment":
        return (("+", keys.STAFFING_MONTHS_NET_EFFECT),), (("+", keys.STAFFING_LINES_RECRUITMENT),)
    if key == "variance_bridge":
        return (("+", keys.VARIANCE_TOTAL),), (("+", total("net_variance")),)
    if key == "mtfp_base_budget":
        return (("+", keys.mtfp(0, "base_budget")),), (("+", total("budget")), ("+", keys.mtfp(0, "base_growth")))
    if key == "mtfp_service_forecast":
        return (("+", keys.mtfp(0, "service_forecast")),), (("+", total("outturn")),)
    if key == "mtfp_gap_year0":
        right: Terms = (("+", total("net_variance")),)
        if results.investments:
            inv = keys.investments_year
            right += (("+", inv(0, "cost")), ("-", inv(0, "funded")), ("-", inv(0, "base")), ("-", inv(0, "saving")))
        return (("+", keys.mtfp(0, "gap")),), right
    if key.startswith("mtfp_gap:"):
        t = _plan_year(key, results)
        if t is None:
            return None
        return (("+", keys.mtfp(t, "gap")),), tuple((s, keys.mtfp(t, name)) for s, name in _MTFP_TERMS)
    if key == "mtfp_gap_change" and results.mtfp:
        first: Terms = (("+", keys.mtfp(0, "gap")),)
        if len(results.mtfp) > 1:
            first += (("+", keys.MTFP_GAP_CHANGES),)
        return first, (("+", keys.mtfp(len(results.mtfp) - 1, "gap")),)
    if key.startswith("reserves:"):
        t = _plan_year(key, results)
        if t is None:
            return None
        return (("+", keys.mtfp(t, "reserves_closing")),), (
            ("+", keys.mtfp(t, "reserves_opening")),
            ("-", keys.mtfp(t, "reserves_drawn")),
        )
    return None


def _plan_year(key: str, results: Results) -> int | None:
    """The plan-year index a check key ends with (``mtfp_gap:2020/21``), or None when it is not a plan year."""
    labels = [fy_label(y.year) for y in results.mtfp]
    label = key.split(":", 1)[1]
    return labels.index(label) if label in labels else None


def _expression(ctx: Context, terms: Terms) -> str | None:
    parts: list[str] = []
    for sign, key in terms:
        ref = ctx.cells.get(key)
        if ref is None:
            return None
        parts.append(("-" if sign == "-" else "+" if parts else "") + ref)
    return "=" + "".join(parts)


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    checks = ctx.results.checks
    ctx.title_block(
        sh,
        "Checks – every identity the forecast must satisfy, recalculated from the cells of the other sheets",
        "TRUE: the two sides agree within the tolerance. A FALSE means a figure was changed by hand.",
    )

    first, last = _HEADER_ROW + 1, _HEADER_ROW + max(1, len(checks))
    sh.text(_MASTER_ROW, 0, "Master check: all checks TRUE", f["text_bold"])
    master = f"=AND({cell(first, 4)}:{cell(last, 4)})" if checks else "=TRUE()"
    sh.formula(_MASTER_ROW, 4, master, ctx.results.all_checks_ok, f["bool_total"])
    ctx.define_name("MasterCheck", sh, _MASTER_ROW, 4)
    sh.text(_MASTER_ROW + 1, 0, "Tolerance (relative to the larger side, at least 1 unit)", f["text"])
    sh.number(_MASTER_ROW + 1, 4, TOLERANCE, f["tolerance"])
    ctx.define_name("CheckTolerance", sh, _MASTER_ROW + 1, 4)

    sh.text(_HEADER_ROW, 0, "Check", f["header"])
    for c, heading in enumerate(("Left side", "Right side", "Difference"), start=1):
        sh.text(_HEADER_ROW, c, heading, f["header_num"])
    sh.text(_HEADER_ROW, 4, "OK", f["header_center"])
    for i, check in enumerate(checks):
        r = first + i
        _write_check(ctx, sh, r, check)
    bad = {"type": "cell", "criteria": "==", "value": "FALSE", "format": f["check_bad"]}
    good = {"type": "cell", "criteria": "==", "value": "TRUE", "format": f["check_ok"]}
    for fmt in (bad, good):
        sh.ws.conditional_format(_MASTER_ROW, 4, _MASTER_ROW, 4, fmt)
        sh.ws.conditional_format(first, 4, last, 4, fmt)
    sh.cap_width(0, 80)
    sh.fit_columns(minimum=10)
    sh.freeze(_HEADER_ROW + 1, 1)
    sh.table(_HEADER_ROW, last)
    # a working paper: up to 50 checks print on one page rather than leave a few rows on a second
    ctx.page_setup(
        sh, (_HEADER_ROW, _HEADER_ROW), f"{ctx.results.settings.authority}: {NAME}", one_page=len(checks) <= 50
    )


def _write_check(ctx: Context, sh: Sheet, r: int, check: Check) -> None:
    f = ctx.formats
    terms = terms_for(check, ctx.results)
    left = right = None
    if terms is not None:
        left, right = _expression(ctx, terms[0]), _expression(ctx, terms[1])
    linked = left is not None and right is not None
    label = check.description if linked else f"{check.description} ({_UNLINKED})"
    sh.text(r, 0, label, f["text"])
    if linked:
        assert left is not None and right is not None
        sh.formula(r, 1, left, check.left, f["money"])
        sh.formula(r, 2, right, check.right, f["money"])
    else:
        sh.number(r, 1, check.left, f["money"])
        sh.number(r, 2, check.right, f["money"])
    b, c, d = cell(r, 1), cell(r, 2), cell(r, 3)
    # Two decimals: a rounding residue reads 0.00, not a puzzling (0) next to TRUE.
    sh.formula(r, 3, f"={b}-{c}", check.difference, f["difference"])
    sh.formula(r, 4, f"=ABS({d})<=CheckTolerance*MAX(1,ABS({b}),ABS({c}))", check.ok, f["bool"])
