"""The rows of each report table, built once from Results and rendered by every writer.

The workbook sheets and the paste-ready tables (Markdown, CSV, HTML, Word)
all walk these rows, so a line, a subtotal or a bridge step appears in the
same order with the same label everywhere. Values are the engine's, with the
layout's sign convention applied to variance-type figures for display.
"""

from __future__ import annotations


from forecast.engine.results import CapacityYear, GroupTotal, LineResult, MtfpYear, Results
from forecast.fy import fy_label
from forecast.report.layout import Layout
from forecast.records import frozen

# Revenue Summary columns whose sign follows the layout's convention.
SIGNED = frozenset({"variance", "net_variance", "variance_pct", "previous_variance", "movement"})
MONEY = frozenset(
    {"budget", "actual_to_date", "outturn", "variance", "earmarked", "earmark_unused", "earmark_drawn", "net_variance",
     "previous_variance", "movement"}
)
TEXT = frozenset({"line", "group", "method", "rag", "comment"})


@frozen
class SummaryRow:
    """One row of the Revenue Summary.

    kind: "heading" (a group's name), "line", "subtotal" (a group) or "total" (the service).
    members: for a subtotal, the indexes of its line rows; for the total, of the rows it adds.
    """

    kind: str
    label: str
    source: LineResult | GroupTotal | None
    members: tuple[int, ...] = ()


def revenue_summary_rows(results: Results) -> list[SummaryRow]:
    """Lines grouped under their headings with subtotals, then the service total.

    With a single group there are no headings or subtotals: the lines add
    straight to the service total.
    """
    rows: list[SummaryRow] = []
    grouped = len(results.groups) > 1
    adds: list[int] = []
    lines_of: dict[str, list[LineResult]] = {}  # each group's lines in order, found once
    for x in results.lines:
        lines_of.setdefault(x.group, []).append(x)
    for group in results.groups:
        members = lines_of.get(group.group, [])
        if grouped:
            rows.append(SummaryRow("heading", group.group, None))
        first = len(rows)
        rows += [SummaryRow("line", x.line, x) for x in members]
        line_rows = tuple(range(first, len(rows)))
        if grouped:
            adds.append(len(rows))
            rows.append(SummaryRow("subtotal", f"Total {group.group}", group, line_rows))
        else:
            adds += line_rows
    rows.append(SummaryRow("total", f"Total {results.settings.service}", results.totals, tuple(adds)))
    return rows


def summary_value(row: SummaryRow, column: str, sign: int) -> float | str | None:
    """What the Revenue Summary shows in ``column`` for ``row`` (display sign applied)."""
    source = row.source
    if column == "line":
        return row.label
    if source is None:
        return None
    if column in ("group", "method", "rag", "comment"):
        text = getattr(source, column, None) if isinstance(source, LineResult) else None
        return text.capitalize() if column == "rag" and text else text
    value = getattr(source, column)
    if value is None:
        return None
    number = float(value)
    return sign * number if column in SIGNED else number


@frozen
class TableRow:
    """A labelled row of figures for the paste-ready tables; kind: line, subtotal, total or heading."""

    label: str
    values: tuple[float | str | None, ...]
    kind: str = "line"


@frozen
class Table:
    """A titled table: column headings, rows, and which columns hold money."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    kinds: tuple[str, ...]  # per column: "text", "money", "percent"


def table_columns(results: Results, layout: Layout) -> tuple[str, ...]:
    """The layout's columns for a paste-ready table: the earmark set aside and not needed only when some earmark
    is not needed (else the drawn column equals the set-aside one on every row, and a page has no room to spare)."""
    unused = any(abs(x.earmark_unused) >= 0.5 for x in results.lines)
    if unused or "earmark_drawn" not in layout.columns:
        return layout.columns
    return tuple(c for c in layout.columns if c not in ("earmarked", "earmark_unused"))


def revenue_summary_table(results: Results, layout: Layout, units: str) -> Table:
    values = placeholders(results, units)
    shown = table_columns(results, layout)
    columns = tuple(layout.heading(c, **values).replace("\n", " ") for c in shown)
    kinds = tuple("text" if c in TEXT else "percent" if c == "variance_pct" else "money" for c in shown)
    rows = []
    for row in revenue_summary_rows(results):
        cells = tuple(summary_value(row, c, layout.sign) for c in shown[1:])
        rows.append(TableRow(row.label, cells, row.kind))
    title = layout.title.format(**values)
    return Table("revenue-summary", title, columns, tuple(rows), kinds)


def variance_table(results: Results, layout: Layout, units: str) -> Table:
    from forecast.report.bridge_words import bridge_label

    rows = [TableRow(bridge_label(item, results), (layout.sign * item.amount,)) for item in results.variance_bridge]
    rows.append(TableRow("Net variance", (layout.sign * results.totals.net_variance,), "total"))
    return Table(
        "variance-analysis",
        f"Variance analysis: {results.settings.service}",
        ("Explanation", f"Amount {units}"),
        tuple(rows),
        ("text", "money"),
    )


MTFP_ROWS = (
    ("cash_limits", "Cash limits (line budgets)", "line"),
    ("base_growth", "Base growth (investments funded from the base budget)", "line"),
    ("base_budget", "Base budget", "subtotal"),
    ("service_forecast", "Service forecast", "line"),
    ("investment_costs", "Investment costs", "line"),
    ("investment_savings", "Less investment savings", "line"),
    ("savings_delivered", "Less savings expected to be delivered", "line"),
    ("total_forecast", "Total forecast", "subtotal"),
    ("funding", "Funding (earmarked reserves, grants)", "line"),
    ("gap", "Gap (shortfall positive)", "total"),
    ("gap_change", "Change in gap from the year before", "line"),
    ("savings_at_risk", "Savings at risk", "line"),
)
# Shown when Settings reserves_opening is given.
RESERVES_ROWS = (
    ("reserves_opening", "Reserves at the start of the year", "line"),
    ("reserves_drawn", "Less drawn from reserves (earmarks drawn, investments)", "line"),
    ("reserves_closing", "Reserves at the end of the year", "subtotal"),
    ("reserves_if_gaps_met", "Reserves at the end of the year if each year's gap were met from them", "subtotal"),
)
# Shown when there are Placements rows (rev 3 §9); the rate when Settings child_population is given.
CLA_ROWS = (
    ("cla", "Children looked after", "line"),
    ("rate_per_10k", "Children looked after per 10,000 children", "line"),
)


def cla_shown(results: Results) -> tuple[str, ...]:
    """The CLA rows the MTFP shows: none without Placements rows, the rate only with a child population."""
    if not results.mtfp or results.mtfp[0].cla is None:
        return ()
    return ("cla", "rate_per_10k") if results.mtfp[0].rate_per_10k is not None else ("cla",)


def mtfp_value(year: MtfpYear, key: str) -> float | None:
    """An MTFP row's figure for one year (None: blank, e.g. the change in gap in the first year)."""
    value: float | None = getattr(year, key)
    return value


def reserves_tracked(results: Results) -> bool:
    return any(y.reserves_opening is not None for y in results.mtfp)


def carried_text(year: MtfpYear, lines: int) -> str:
    """``3 of 12 lines`` (``every line``) whose cash limit this year is carried forward; "" when none are."""
    count = len(year.carried_forward)
    if not count:
        return ""
    return "every line" if count == lines else f"{count} of {lines} line{'s' if lines != 1 else ''}"


def capacity_groups(results: Results) -> list[tuple[str, str, dict[int, CapacityYear]]]:
    """Capacity by year grouped per Staffing row: (team, role, {t: CapacityYear}), in row order.

    The engine lists each year's rows in Staffing order, so the n-th entry of a
    (team, role) within a year is always the same row.
    """
    groups: dict[tuple[str, str, int], dict[int, CapacityYear]] = {}
    seen: dict[tuple[int, str, str], int] = {}
    st = results.staffing
    for c in st.capacity if st is not None else ():
        t = results.years.index(c.year)
        n = seen.get((t, c.team, c.role), 0)
        seen[(t, c.team, c.role)] = n + 1
        groups.setdefault((c.team, c.role, n), {})[t] = c
    return [(team, role, years) for (team, role, _n), years in groups.items()]


def mtfp_table(results: Results, units: str) -> Table:
    years = tuple(fy_label(y.year) for y in results.mtfp)
    keys = MTFP_ROWS + (RESERVES_ROWS if reserves_tracked(results) else ())
    keys += tuple(row for row in CLA_ROWS if row[0] in cla_shown(results))
    rows = [TableRow(label, tuple(mtfp_value(y, key) for y in results.mtfp), kind) for key, label, kind in keys]
    if any(y.carried_forward for y in results.mtfp):
        carried = tuple(carried_text(y, len(results.lines)) or None for y in results.mtfp)
        rows.insert(1, TableRow("Cash limits carried forward", carried))
    return Table(
        "mtfp",
        f"Medium-term financial plan ({units})",
        (units,) + years,  # the label column's heading: the units, as council MTFP tables head it (never blank)
        tuple(rows),
        ("text",) + ("money",) * len(years),
    )


def investments_table(results: Results, units: str) -> Table:
    years = [fy_label(y) for y in results.years]
    columns: tuple[str, ...] = ("Investment", "Kind", "Funding")
    columns += tuple(f"Cost {y}" for y in years) + tuple(f"Saving {y}" for y in years)
    columns += (f"NPV {units}", "IRR", "Payback")
    rows = []
    for inv in results.investments:
        payback = fy_label(inv.payback_year) if inv.payback_year is not None else "none in plan"
        rows.append(TableRow(inv.name, (inv.kind, inv.funding) + inv.cost + inv.saving + (inv.npv, inv.irr, payback)))
    kinds = ("text", "text", "text") + ("money",) * (2 * len(years)) + ("money", "percent", "text")
    return Table("investments", f"Investments ({units})", columns, tuple(rows), kinds)


def placeholders(results: Results, units: str) -> dict[str, str]:
    """Values for the ``{authority}``, ``{service}``, ``{year}``, ``{month}``, ``{units}`` of a layout."""
    s = results.settings
    return {
        "authority": s.authority,
        "service": s.service,
        "year": fy_label(s.financial_year),
        "month": str(s.period),
        "units": units,
        "previous": previous_label(results),
    }


def previous_label(results: Results) -> str:
    """The period ``previous_variance`` was reported at, in words: Settings ``previous_period``, else P − 1
    ("Month 3"; "the year end" at period 0, whose previous figure is last year's outturn)."""
    s = results.settings
    previous = s.previous_period if s.previous_period is not None else s.period - 1
    return f"Month {previous}" if previous > 0 else "Month 12, last year"
