"""Checks: every identity the engine checked, as live formulas over the other sheets' cells.

Each identity is declared once, in ``forecast.engine.identities``, with its
terms as typed cell keys: the engine evaluated it from them, and this sheet
writes the same terms as a formula (nothing here matches a check by name).

Each check shows its left side, right side, the difference and TRUE/FALSE;
one master check (the workbook name ``MasterCheck``) is TRUE when all are,
and the Revenue Summary shows it. A check whose cells are not shown in the
chosen layout keeps the engine's two figures as numbers and says so.
"""

from __future__ import annotations

from forecast.engine.results import Check, Results, Term
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import Sheet, cell

NAME = sheet_name(__name__)
TOLERANCE = 1e-6  # relative, as the engine's Check.ok
_MASTER_ROW = 5
_HEADER_ROW = 8
_UNLINKED = "engine figures: the cells behind this check are not in this layout"

Terms = tuple[Term, ...]  # (sign, cell key), any number of them


def wanted(results: Results, analyses: Analyses) -> bool:
    return True


def terms_for(check: Check) -> tuple[Terms, Terms] | None:
    """The cells that make up each side of ``check``, as the engine declared them; None for a check without."""
    if not check.left_terms or not check.right_terms:
        return None
    return check.left_terms, check.right_terms


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
    terms = terms_for(check)
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
