"""MTFP: the medium-term financial plan by year, each year's gap and its change, reserves, capacity, and a chart.

Rows that come from other sheets (the current year's budget and outturn,
investment costs, savings and funding, base growth, savings delivered and at
risk) are formulas linking to those cells; base budget, total forecast, gap,
change in gap and the reserves balances are formulas over the rows above.
Each carries the engine's figure. Gaps are never added up: each year's gap
is measured against that year's whole budget, and the change from the year
before is the new pressure that year.
"""

from __future__ import annotations

import textwrap

from forecast.engine.results import MtfpYear, Results
from forecast.fy import fy_label
from forecast import theme
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import Sheet, chart_series, chart_title, cell, quote_sheet
from forecast.report.plan_words import plan_sentences
from forecast.report.rows import (
    CLA_ROWS,
    MTFP_ROWS,
    RESERVES_ROWS,
    capacity_groups,
    carried_text,
    cla_shown,
    mtfp_value,
    reserves_tracked,
)

NAME = sheet_name(__name__)
_HEADER_ROW = 5
_MEMO = ("savings_at_risk",)
_STYLE = {"line": "", "subtotal": "_sub", "total": "_total"}
_GAP_NOTE = (
    "Gaps are never added together: each is against that year's whole budget, and the change from the "
    "year before is the new pressure that year."
)


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(results.mtfp)


def _links(ctx: Context, t: int, key: str) -> str | None:
    """A formula linking this MTFP cell to the sheet that shows its parts; None to write the figure."""
    cells = ctx.cells
    invested = bool(ctx.results.investments)
    terms: list[str | None]
    if key == "cash_limits" and t == 0:
        terms = [cells.get(keys.revenue_total("budget"))]
    elif key == "service_forecast" and t == 0:
        terms = [cells.get(keys.revenue_total("outturn"))]
    elif key in ("investment_costs", "investment_savings", "base_growth") and invested:
        block = {"investment_costs": "cost", "investment_savings": "saving", "base_growth": "base"}[key]
        terms = [cells.get(keys.investments_year(t, block))]
    elif key == "savings_delivered" and t > 0 and ctx.results.savings.items:
        terms = [cells.get(keys.savings_year(t, "delivered"))]
    elif key == "savings_at_risk" and t > 0 and ctx.results.savings.items:
        terms = [cells.get(keys.savings_year(t, "at_risk"))]
    elif key == "funding":
        terms = [cells.get(keys.revenue_total("earmark_drawn"))] if t == 0 else []
        if invested:
            terms.append(cells.get(keys.investments_year(t, "funded")))
    elif key == "reserves_drawn":
        terms = [cells.get(keys.revenue_total("earmark_drawn"))] if t == 0 else []
        if invested:
            terms.append(cells.get(keys.investments_year(t, "reserves")))
    else:
        return None
    if not terms or any(term is None for term in terms):
        return None
    return "=" + "+".join(str(term) for term in terms)


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    years = r.mtfp
    ctx.title_block(
        sh,
        f"Medium-term financial plan – {s.service}",
        f"Figures in {ctx.units}. A positive gap is a shortfall still to be closed.",
        when=f"{fy_label(years[0].year)} to {fy_label(years[-1].year)}, scenario {r.scenario}",
    )
    _year_headings(ctx, sh, _HEADER_ROW)
    at: dict[str, int] = {}
    row = _HEADER_ROW + 1
    carried = any(y.carried_forward for y in years)
    for key, label, kind in MTFP_ROWS:
        if key in _MEMO:
            row += 1  # a memo row, apart from the plan: not part of the gap
            label = f"Memo: {label.lower()} (not in the gap)"
        at[key] = row
        sh.text(row, 0, label, f[theme.weighted("text", _STYLE[kind])])
        row += 1
        if key == "cash_limits" and carried:
            at["carried"] = row
            sh.text(row, 0, "  of which carried forward (no budget given)", f["note"])
            row += 1
    if reserves_tracked(r):
        row += 1
        sh.text(row, 0, "Reserves", f["heading"], fit=False)
        row += 1
        for key, label, kind in RESERVES_ROWS:
            at[key] = row
            sh.text(row, 0, label, f[theme.weighted("text", _STYLE[kind])])
            row += 1
    cla = cla_shown(r)
    if cla:
        row += 1
        sh.text(row, 0, "Children looked after and the rate per 10,000", f["heading"], fit=False)
        row += 1
        for key, label, kind in CLA_ROWS:
            if key == "rate_per_10k" and key in cla:
                at["population"] = row
                sh.text(row, 0, "Child population (aged 0-17)", f["text"])
                row += 1
            if key in cla:
                at[key] = row
                sh.text(row, 0, label, f[theme.weighted("text", _STYLE[kind])])
                row += 1
    for t, year in enumerate(years):
        _write_year(ctx, sh, t, year, at)
    last_col = len(years)
    bad = {"type": "cell", "criteria": ">", "value": 0, "format": f["check_bad"]}
    sh.ws.conditional_format(at["gap"], 1, at["gap"], last_col, bad)
    if "reserves_closing" in at:
        below = {"type": "cell", "criteria": "<", "value": 0, "format": f["check_bad"]}
        sh.ws.conditional_format(at["reserves_closing"], 1, at["reserves_closing"], last_col, below)
    if len(years) > 1:
        changes = f"{quote_sheet(NAME)}!{cell(at['gap_change'], 2, True)}:{cell(at['gap_change'], last_col, True)}"
        ctx.cells.put_expr(keys.MTFP_GAP_CHANGES, f"SUM({changes})")

    sh.table(_HEADER_ROW, row - 1)
    chart_row = row + 1
    _gap_chart(ctx, sh, at, len(years), chart_row)
    breaks = [chart_row]  # the plan on one page; the chart and the notes that read it on the next
    row = chart_row + 18  # the chart is 320 px: about 16 rows
    notes = [_GAP_NOTE, *plan_sentences(r)]
    width = 50 + 13 * len(years)  # characters the table spans: a note wraps inside it, never widens the page
    for line in (part for note in notes for part in textwrap.wrap(note, width)):
        sh.text(row, 0, line, f["note"], fit=False)
        row += 1
    row += 1
    if r.staffing is not None and r.staffing.capacity:
        breaks.append(row)  # the capacity starts a page of its own, under its own year headings
        blocks = _capacity(ctx, sh, row + 1)
    sh.min_width(0, 34)
    sh.cap_width(0, 52)
    sh.fit_columns(minimum=11)
    if r.staffing is not None and r.staffing.capacity:  # a service of many teams: pages of whole team blocks
        breaks += _capacity_breaks(breaks[-1], blocks, sh.page_rows())
    sh.freeze(_HEADER_ROW + 1, 1)
    # the sheet's own breaks: no header repeats, so the chart never prints under one, and the capacity
    # table carries its own year headings
    ctx.page_setup(sh, None, f"{s.authority}: medium-term financial plan", breaks=breaks)


def _year_headings(ctx: Context, sh: Sheet, row: int, label: str = "") -> None:
    f = ctx.formats
    sh.text(row, 0, label, f["header"])
    for t, year in enumerate(ctx.results.mtfp):
        sh.text(row, 1 + t, fy_label(year.year), f["header_num"])


def _write_year(ctx: Context, sh: Sheet, t: int, year: MtfpYear, at: dict[str, int]) -> None:
    f = ctx.formats
    c = 1 + t

    def ref(key: str) -> str:
        return cell(at[key], c)

    own = {
        "base_budget": f"={ref('cash_limits')}+{ref('base_growth')}",
        "total_forecast": f"={ref('service_forecast')}+{ref('investment_costs')}"
        f"-{ref('investment_savings')}-{ref('savings_delivered')}",
        "gap": f"={ref('total_forecast')}-{ref('base_budget')}-{ref('funding')}",
    }
    if t > 0:
        own["gap_change"] = f"={ref('gap')}-{cell(at['gap'], c - 1)}"
    if "reserves_opening" in at:
        own["reserves_closing"] = f"={ref('reserves_opening')}-{ref('reserves_drawn')}"
        # rev 3 §6: as if each year's gap were met from reserves too (a surplus is not added back)
        before = ref("reserves_opening") if t == 0 else cell(at["reserves_if_gaps_met"], c - 1)
        own["reserves_if_gaps_met"] = f"={before}-{ref('reserves_drawn')}-MAX({ref('gap')},0)"
        if t > 0:
            own["reserves_opening"] = f"={cell(at['reserves_closing'], c - 1)}"
    if "population" in at:
        people = ctx.results.settings.child_population or 0.0
        growth = ctx.results.settings.child_population_growth
        if t == 0:
            sh.number(at["population"], c, people, f["count_whole"])
        else:
            sh.formula(at["population"], c, f"={cell(at['population'], c - 1)}*(1+{growth!r})",
                       people * (1 + growth) ** t, f["count_whole"])
        own["rate_per_10k"] = f"={ref('cla')}/{ref('population')}*10000"
    shown = MTFP_ROWS + (RESERVES_ROWS if "reserves_opening" in at else ())
    shown += tuple(row for row in CLA_ROWS if row[0] in at)
    for key, _label, kind in shown:
        style = f[theme.weighted("money", _STYLE[kind])] if key not in ("cla", "rate_per_10k") else f["count"]
        value = mtfp_value(year, key)
        if value is None:  # the change in gap has no year before the first
            sh.blank(at[key], c, style)
            continue
        formula = own.get(key) or _links(ctx, t, key)
        if formula is not None:
            sh.formula(at[key], c, formula, float(value), style)
        else:
            sh.number(at[key], c, float(value), style)
        ctx.cells.put(keys.mtfp(t, key), sh, at[key], c)
    carried = carried_text(year, len(ctx.results.lines)) if "carried" in at else ""
    if carried:
        sh.text(at["carried"], c, carried, f["text_right"])
    ctx.define_name(f"Gap_{fy_label(year.year).replace('/', '_')}", sh, at["gap"], c)


def _capacity(ctx: Context, sh: Sheet, top: int) -> list[int]:
    """Caseload capacity by year for each Staffing row with cases and a target: the FTE gap and its cost.

    FTE needed = cases / the row's target caseload and cost to close = gap × the row's cost per FTE ×
    the pay index / £ per unit, as formulas over the Staffing sheet's cells when it is in the workbook.
    Each team's block is headed by its own row of years; returns the row each block starts at, for
    ``_capacity_breaks``.
    """
    f = ctx.formats
    r = ctx.results
    st = r.staffing
    assert st is not None
    sh.text(top, 0, "Caseload capacity by year", f["heading"], fit=False)
    sh.text(
        top + 1,
        0,
        "FTE in post at the start of each year, after recruits and investment posts (less the agency "
        "workers they replace). The cost to close is reported, not added to any forecast.",
        f["note"],
        fit=False,
    )
    row = top + 2
    _year_headings(ctx, sh, row, "Team and role")
    row += 1
    sh.text(row, 0, "Pay award a year", f["text"])
    sh.number(row, 1, float(r.settings.pay_award), f["rate"])
    award = cell(row, 1, True)
    index_row = row + 1
    sh.text(index_row, 0, "Pay index: each year's pay against this year's", f["text"])
    for t in range(len(r.years)):
        value = (1 + r.settings.pay_award) ** t
        if t == 0:
            sh.number(index_row, 1, 1.0, f["coefficient_right"])
        else:
            sh.formula(index_row, 1 + t, f"={cell(index_row, t)}*(1+{award})", value, f["coefficient_right"])
    row = index_row + 2
    rows_with_targets = [i for i, x in enumerate(st.rows) if x.cases is not None and x.target_caseload is not None]
    per_unit = ctx.cells.get(keys.STAFFING_PER_UNIT)
    labels = {
        "cases": "Open cases",
        "fte_needed": "FTE needed at the target caseload",
        "fte_in_post": "FTE in post at the start of the year",
        "fte_short": "FTE short",
        "fte_spare": "FTE spare",
        "cost_short": f"Cost to close the gap {ctx.units}",
        "cost_spare": f"Surplus capacity, at cost {ctx.units}",
    }
    blocks = []
    placed: list[dict[str, int]] = []
    groups = capacity_groups(r)
    for n, (team, role, years) in enumerate(groups):
        source = rows_with_targets[n] if n < len(rows_with_targets) else None
        target = ctx.cells.get(keys.staffing_row(source, "target_caseload")) if source is not None else None
        emp = ctx.cells.get(keys.staffing_row(source, "employee_cost_per_fte")) if source is not None else None
        blocks.append(row)
        _year_headings(ctx, sh, row, f"{team} – {role}")
        at = {key: row + 1 + i for i, key in enumerate(labels)}
        placed.append(at)
        for key, label_row in at.items():
            sh.text(label_row, 0, "  " + labels[key], f["text"])
        for t, c in years.items():
            col = 1 + t

            def ref(key: str, col: int = col, at: dict[str, int] = at) -> str:
                return cell(at[key], col)

            # a team over its need has FTE spare and a surplus at cost, never a negative cost (outputs.md
            # "Read alone"): needed − in post = short − spare, and cost to close − surplus = the engine's cost
            cost = f"*{emp}*{cell(index_row, col)}/{per_unit}" if emp and per_unit else None
            formulas = {
                "fte_needed": f"={ref('cases')}/{target}" if target else None,
                "fte_short": f"=MAX({ref('fte_needed')}-{ref('fte_in_post')},0)",
                "fte_spare": f"=MAX({ref('fte_in_post')}-{ref('fte_needed')},0)",
                "cost_short": f"={ref('fte_short')}{cost}" if cost else None,
                "cost_spare": f"={ref('fte_spare')}{cost}" if cost else None,
            }
            values = {
                "cases": c.cases, "fte_needed": c.fte_needed, "fte_in_post": c.fte_in_post,
                "fte_short": max(c.gap_fte, 0.0), "fte_spare": max(-c.gap_fte, 0.0),
                "cost_short": max(c.cost_to_close, 0.0), "cost_spare": max(-c.cost_to_close, 0.0),
            }
            for key in labels:
                style = f["fte_sub" if key.startswith("fte_s") else "money" if key.startswith("cost") else "fte"]
                value = float(values[key])
                formula = formulas.get(key)
                if formula:
                    sh.formula(at[key], col, formula, value, style)
                else:
                    sh.number(at[key], col, value, style)
        row += len(labels) + 2
    if len(groups) > 1:  # the service: every team's shortfall and surplus added, then netted by sign
        blocks.append(row)
        _capacity_total(ctx, sh, row, placed, labels)
    return blocks


_TOTALLED = ("fte_short", "fte_spare", "cost_short", "cost_spare")


def _capacity_total(
    ctx: Context, sh: Sheet, row: int, placed: list[dict[str, int]], labels: dict[str, str]
) -> None:
    """All teams by year: the teams' FTE short and spare and their costs added (each team as it is), then
    the service's net cost to close or net surplus at cost, each never below zero (the engine's cost summed)."""
    f = ctx.formats
    r = ctx.results
    st = r.staffing
    assert st is not None
    _year_headings(ctx, sh, row, "All teams")
    at = {key: row + 1 + i for i, key in enumerate(_TOTALLED)}
    for key, label_row in at.items():
        sh.text(label_row, 0, "  " + labels[key], f["text"])
    net_short, net_spare = row + 1 + len(_TOTALLED), row + 2 + len(_TOTALLED)
    sh.text(net_short, 0, f"  Service total, net cost to close the gap {ctx.units}", f["text_bold"])
    sh.text(net_spare, 0, f"  Service total, net surplus capacity, at cost {ctx.units}", f["text_bold"])
    years = range(len(r.years))
    for t in years:
        col = 1 + t
        caps = [c for c in st.capacity if r.years.index(c.year) == t]
        if not caps:
            continue
        sums = {
            "fte_short": sum(max(c.gap_fte, 0.0) for c in caps),
            "fte_spare": sum(max(-c.gap_fte, 0.0) for c in caps),
            "cost_short": sum(max(c.cost_to_close, 0.0) for c in caps),
            "cost_spare": sum(max(-c.cost_to_close, 0.0) for c in caps),
        }
        for key, value in sums.items():
            terms = "+".join(cell(block[key], col) for block in placed)
            style = f["fte_sub" if key.startswith("fte") else "money_sub"]
            sh.formula(at[key], col, f"={terms}", float(value), style)
        cost = sum(c.cost_to_close for c in caps)  # the engine's, netted: short less spare
        short, spare = cell(at["cost_short"], col), cell(at["cost_spare"], col)
        sh.formula(net_short, col, f"=MAX({short}-{spare},0)", max(float(cost), 0.0), f["money_total"])
        sh.formula(net_spare, col, f"=MAX({spare}-{short},0)", max(-float(cost), 0.0), f["money_total"])


_BLOCK = 8  # a capacity block: its row of years and seven rows


def _capacity_breaks(top: int, blocks: list[int], page_rows: int) -> list[int]:
    """Page breaks keeping each capacity block (its row of years and the rows under it) whole: ``top`` starts a page."""
    breaks, start = [], top
    for first in blocks:
        if first + _BLOCK - start > page_rows and first > start:  # rows start … first + _BLOCK − 1 do not fit on one page
            breaks.append(first)
            start = first
    if breaks and breaks[-1] == blocks[-1] and len(blocks) > 1:  # never one team's block alone on the last page
        previous, page_top = blocks[-2], breaks[-2] if len(breaks) > 1 else top
        if any(page_top <= first < previous for first in blocks):  # the page before keeps a block of its own
            breaks[-1] = previous
    return breaks


def _gap_chart(ctx: Context, sh: Sheet, at: dict[str, int], n: int, chart_row: int) -> None:
    name = quote_sheet(NAME)
    categories = f"={name}!{cell(_HEADER_ROW, 1, True)}:{cell(_HEADER_ROW, n, True)}"

    def values(key: str) -> str:
        return f"={name}!{cell(at[key], 1, True)}:{cell(at[key], n, True)}"

    columns = ctx.workbook.add_chart({"type": "column"})
    chart_series(columns, 
        {
            "name": "Gap in the year",
            "categories": categories,
            "values": values("gap"),
            "fill": {"color": theme.CHART_PRIMARY},
            "gap": 80,
        }
    )
    chart_series(columns, 
        {
            "name": "Change from the year before",
            "categories": categories,
            "values": values("gap_change"),
            "fill": {"color": theme.CHART_ADVERSE},
        }
    )
    chart_title(columns, {"name": f"Budget gap by year and its change ({ctx.units})", "name_font": {"size": 11,
                                                                                                  "bold": True}})
    columns.set_legend({"position": "bottom"})
    y_axis: dict[str, object] = {
        "num_format": ctx.layout.formats["money"],
        "major_gridlines": {"visible": True, "line": {"color": theme.CHART_GRIDLINE}},
    }
    if all(y.gap >= 0 and (y.gap_change or 0) >= 0 for y in ctx.results.mtfp):
        y_axis["min"] = 0  # bars start at zero, not at an automatic floor
    columns.set_y_axis(y_axis)
    columns.set_x_axis({"label_position": "low"})
    columns.set_chartarea({"border": {"none": True}})
    plan = ctx.results.mtfp
    gaps = "; ".join(f"{fy_label(y.year)} {y.gap:,.0f}" for y in plan)
    description = (
        f"Column chart of the budget gap in each year ({ctx.units}): {gaps}; "
        "the line is each year's change in the gap from the year before."
    )
    sh.chart(chart_row, 0, columns, description, 620, 320)
