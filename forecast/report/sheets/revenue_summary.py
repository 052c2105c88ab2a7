"""Revenue Summary: Appendix 7(a), budget, actual and forecast by line with subtotals.

Inputs (budget, actual to date, earmarked, previous variance) and the
engine's forecast outturn are numbers; variance, the earmark drawn
(=MIN(set aside, MAX(variance, 0))) and not needed, net variance, variance %,
movement, subtotals and the service total are formulas over those cells,
each carrying the engine's figure as its cached value.
"""

from __future__ import annotations

from forecast.engine.results import LineResult, Results
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context, as_at
from forecast.report.formulas import sum_of
from forecast.report.grid import Sheet, cell, quote_sheet
from forecast.report.rows import MONEY, SIGNED, SummaryRow, revenue_summary_rows, summary_value

NAME = sheet_name(__name__)
HEADER_ROW = 5
_WEIGHT = {"line": "", "subtotal": "_sub", "total": "_total"}
# Headline figures get workbook names so other workbooks and reports can refer to them.
_NAMES = {
    "budget": "TotalBudget",
    "outturn": "TotalOutturn",
    "earmarked": "TotalEarmarked",
    "earmark_drawn": "TotalEarmarkDrawn",
    "net_variance": "NetVariance",
}
_CAPS = {"line": 42.0, "comment": 45.0, "group": 30.0}


def wanted(results: Results, analyses: Analyses) -> bool:
    return True


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    s = ctx.results.settings
    layout = ctx.layout
    ctx.title_block(sh, layout.title.format(**ctx.placeholders()), ctx.sign_note())

    columns = {name: i for i, name in enumerate(layout.columns)}
    for name, c in columns.items():
        heading = layout.heading(name, **ctx.placeholders())
        style = "header_num" if name in MONEY or name == "variance_pct" else "header"
        sh.text(HEADER_ROW, c, heading, f.named("header_center" if name == "rag" else style))

    rows = revenue_summary_rows(ctx.results)
    at = {i: HEADER_ROW + 1 + i for i in range(len(rows))}
    grouped = any(row.kind == "heading" for row in rows)
    for i, row in enumerate(rows):
        _write_row(ctx, sh, row, at[i], columns, [at[m] for m in row.members], grouped)
    _register(ctx, sh, rows, at, columns)

    last = at[len(rows) - 1]
    sh.table(HEADER_ROW, last)
    printed = last
    if "rag" in columns:  # issue 21: a RAG key with its thresholds under the table
        printed = last + 2
        sh.text(printed, 0, rag_key(ctx.results), f["note"], fit=False)
    # The master check is working-paper detail: on the sheet for the finance team, outside the printed page.
    check_row = printed + 2
    sh.text(check_row, 0, "All checks pass (see the Checks sheet; not printed)", f["text_bold"], fit=False)
    sh.formula(check_row, 1, "=MasterCheck", ctx.results.all_checks_ok, f["bool"])
    sh.ws.conditional_format(check_row, 1, check_row, 1, _bool_colours(ctx))
    ctx.define_name("MasterCheckShown", sh, check_row, 1)

    for name, c in columns.items():
        if name in _CAPS:
            sh.cap_width(c, _CAPS[name])
    sh.min_width(columns["line"], 30)
    sh.fit_columns(minimum=9)
    sh.freeze(HEADER_ROW + 1, 1)
    ctx.page_setup(
        sh, (HEADER_ROW, HEADER_ROW), f"{s.authority}: {NAME}, {as_at(ctx.results)}", print_area=(printed, len(columns) - 1)
    )


def _pct(x: float) -> str:
    return f"{x:.1%}".replace(".0%", "%")


def rag_key(results: Results) -> str:
    """What each RAG colour means here, from Settings variance_amber, variance_red and rag_underspend."""
    s = results.settings
    amber, red = _pct(s.variance_amber), _pct(s.variance_red)
    under = "" if s.rag_underspend == "size" else " or an underspend"
    return (
        f"RAG key: net variance as a share of the line's budget. Green: {amber} or less{under}; "
        f"Amber: over {amber} up to {red}; Red: over {red} (or any net variance on a line with no budget)."
    )


def _bool_colours(ctx: Context) -> dict[str, object]:
    return {"type": "cell", "criteria": "==", "value": "FALSE", "format": ctx.formats["check_bad"]}


def _write_row(
    ctx: Context, sh: Sheet, row: SummaryRow, r: int, columns: dict[str, int], members: list[int], grouped: bool
) -> None:
    f = ctx.formats
    if row.kind == "heading":
        sh.text(r, 0, row.label, f["text_bold"])
        return
    weight = _WEIGHT[row.kind]
    for name, c in columns.items():
        value = summary_value(row, name, ctx.sign)
        if name == "line":
            style = "text_indent" if grouped and row.kind == "line" else f"text{weight}" if weight else "text"
            sh.text(r, c, row.label, f.named(style))
        elif name == "rag":
            if isinstance(value, str) and value:
                sh.text(r, c, value, f.rag(value))
            else:
                sh.blank(r, c, f.named(f"text{weight}") if weight else None)
        elif name in ("group", "method", "comment"):
            if isinstance(value, str) and value:
                sh.text(r, c, value, f["text_wrap"] if name == "comment" else f["text"])
                if name == "comment":
                    sh.min_width(c, min(len(value), _CAPS["comment"]))
            else:
                sh.blank(r, c, f.named(f"text{weight}") if weight else None)
        else:
            style = ("pct" if name == "variance_pct" else "money") + weight
            formula = _formula(ctx, row, name, r, columns, members)
            if formula is not None and value is not None:
                sh.formula(r, c, formula, float(value), f.named(style))
            else:
                sh.number(r, c, None if value is None else float(value), f.named(style))


def _formula(
    ctx: Context, row: SummaryRow, name: str, r: int, columns: dict[str, int], members: list[int]
) -> str | None:
    """The formula for one cell, or None when the figure is an input (or its parts are not shown)."""

    def at(column: str) -> str | None:
        return cell(r, columns[column]) if column in columns else None

    if row.kind in ("subtotal", "total"):
        if name == "variance_pct":
            return _ratio(at("net_variance"), at("budget"))
        return "=" + sum_of(members, columns[name])
    source = row.source
    assert isinstance(source, LineResult)
    flip = ctx.sign == -1
    budget, outturn, variance = at("budget"), at("outturn"), at("variance")
    if name == "variance":
        if budget and outturn:
            return f"={budget}-{outturn}" if flip else f"={outturn}-{budget}"
        return None
    # the gross variance as shown, and in the engine's sign (overspend positive) for the earmark's draw
    if variance:
        gross: str | None = variance
        overspend = f"-{variance}" if flip else variance
    elif budget and outturn:
        gross = f"{budget}-{outturn}" if flip else f"{outturn}-{budget}"
        overspend = f"{outturn}-{budget}"
    else:
        gross = overspend = None
    # rev 3 §1: the earmark is drawn only as far as the line overspends, live: =MIN(set aside, MAX(variance, 0))
    set_aside = at("earmarked") or _constant(source.earmarked)
    drawn_expr = f"MIN({set_aside},MAX({overspend},0))" if overspend else None
    drawn = at("earmark_drawn")
    if name == "earmark_drawn":
        return f"={drawn_expr}" if drawn_expr else None
    if name == "earmark_unused":
        if drawn:
            return f"={set_aside}-{drawn}"
        return f"={set_aside}-{drawn_expr}" if drawn_expr else None
    if name == "net_variance":
        if gross is None:
            return None
        take = drawn or drawn_expr
        if source.earmarked == 0 and not drawn:
            return f"={gross}"
        return f"={gross}+{take}" if flip else f"={gross}-{take}"
    if name == "variance_pct":
        return _ratio(at("net_variance"), budget) if source.variance_pct is not None else None
    if name == "movement":
        previous = at("previous_variance")
        return f"={at('net_variance')}-{previous}" if previous and source.previous_variance is not None else None
    return None  # budget, actual to date, outturn, earmarked (set aside), previous variance: figures, not formulas


def _constant(value: float) -> str:
    """A figure typed into a formula, exactly (repr round-trips a float)."""
    return repr(float(value))


def _ratio(numerator: str | None, denominator: str | None) -> str | None:
    return f"={numerator}/{denominator}" if numerator and denominator else None


def _register(ctx: Context, sh: Sheet, rows: list[SummaryRow], at: dict[int, int], columns: dict[str, int]) -> None:
    """Tell later sheets where the service, group and line figures are (in the engine's sign)."""
    prefix = quote_sheet(NAME) + "!"
    line_rows = [at[i] for i, row in enumerate(rows) if row.kind == "line"]
    total = rows[-1]
    adds = [at[m] for m in total.members]
    for name, c in columns.items():
        if name not in MONEY and name != "variance_pct":
            continue
        sign = ctx.sign if name in SIGNED else 1
        ctx.cells.put(keys.revenue_total(name), sh, at[len(rows) - 1], c, sign)
        lines_sum = sum_of(line_rows, c, prefix, absolute=True)
        adds_sum = sum_of(adds, c, prefix, absolute=True)
        ctx.cells.put_expr(keys.revenue_lines_sum(name), lines_sum if sign == 1 else f"(-{lines_sum})")
        ctx.cells.put_expr(keys.revenue_groups_sum(name), adds_sum if sign == 1 else f"(-{adds_sum})")
        for i, row in enumerate(rows):
            if row.kind == "line":
                ctx.cells.put(keys.revenue_line(row.label, name), sh, at[i], c, sign)
        if name in _NAMES:
            ctx.define_name(_NAMES[name], sh, at[len(rows) - 1], c)
