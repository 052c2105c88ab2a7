"""Staffing: establishment, people in post, agency, vacancies, caseloads, costs and recruitment by month.

Vacancies, budget basis, full-year cost, vacancy saving, agency premium,
caseload, FTE needed and the capacity gap are formulas over each row's
inputs and its cost per FTE (from the engine: salary plus on-costs, and the
agency rate), so the identity full-year cost − budget basis = agency premium
− vacancy saving can be read off the sheet.
"""

from __future__ import annotations

from forecast.engine.results import RecruitResult, Results, StaffingResult, StaffRowResult
from forecast.fy import fy_label
from forecast.report import keys
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context, as_at
from forecast.report.formulas import sum_of
from forecast.report.grid import Sheet, cell, quote_sheet

NAME = sheet_name(__name__)
_HEADER_ROW = 5
_COLUMNS = (
    ("line", "Line", "text"),
    ("team", "Team", "text"),
    ("role", "Role", "text"),
    ("fte_budget", "Establishment\nFTE", "fte"),
    ("fte_permanent", "Permanent\nFTE", "fte"),
    ("fte_agency", "Agency\nFTE", "fte"),
    ("vacant", "Vacant\nFTE", "fte"),
    ("salary", "Salary\n£", "unit_cost"),
    ("employee_cost_per_fte", "Employee cost per FTE\n£", "unit_cost"),
    ("agency_cost_per_fte", "Agency cost per FTE\n£", "unit_cost"),
    ("budget_basis", "Budget basis\n{units}", "money"),
    ("full_year_forecast", "Full-year\ncost now\n{units}", "money"),
    ("vacancy_saving", "Vacancy\nsaving\n{units}", "money"),
    ("agency_premium", "Agency premium\n{units}", "money"),
)
_CASELOAD_COLUMNS = (
    ("team", "Team", "text"),
    ("role", "Role", "text"),
    ("cases", "Open cases", "count_whole"),
    ("caseload", "Cases per\nworker now", "fte"),
    ("target_caseload", "Target\ncaseload", "fte"),
    ("fte_needed", "FTE needed\nat target", "fte"),
    ("fte_in_post", "FTE in post", "fte"),
    ("fte_short", "FTE short", "fte"),
    ("fte_spare", "FTE spare", "fte"),
    ("cost_short", "Cost to close the gap\n{units}", "money"),
    ("cost_spare", "Surplus capacity,\nat cost\n{units}", "money"),
)
# A team with more FTE in post than its target needs has a surplus, never a negative cost (outputs.md "Read
# alone"): its gap is split into FTE short and FTE spare, each with its cost, so every row reads
# needed − in post = short − spare and cost to close − surplus at cost = the engine's (signed) cost to close.
_SPLIT = ("fte_short", "fte_spare", "cost_short", "cost_spare")
_TOTALS = {
    "fte_budget": "fte_budget",
    "fte_permanent": "fte_permanent",
    "fte_agency": "fte_agency",
    "vacant": "vacant",
    "budget_basis": "budget_basis",
    "full_year_forecast": "full_year_forecast",
    "vacancy_saving": "vacancy_saving",
    "agency_premium": "agency_premium",
    "fte_needed": "fte_needed",
    "cases": "cases",
}
_MONTH_COLUMNS = (
    ("label", "Month", "text"),
    ("fte_starting", "FTE starting (+)\nor leaving (−)", "fte"),
    ("fte_in_post", "Starters less leavers\nin post, FTE", "fte"),
    ("employee_cost", "Employee cost\n{units}", "money"),
    ("agency_saving", "Agency cost saved\n(added: −)\n{units}", "money"),
    ("one_off_cost", "One-off costs\n{units}", "money"),
    ("net_effect", "Net effect on forecast\n{units}", "money"),
)


def wanted(results: Results, analyses: Analyses) -> bool:
    return results.staffing is not None and bool(results.staffing.rows)


def write(ctx: Context) -> None:
    st = ctx.results.staffing
    assert st is not None
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    s = ctx.results.settings
    ctx.title_block(sh, f"Staffing – {s.service}", f"Costs in {ctx.units}; salaries and costs per FTE in £ a year.")
    # The working cell sits below every table: on the sheet, not on the printed page.
    working = _HEADER_ROW + 3 * len(st.rows) + len(st.lines) + len(st.recruits) + len(st.months) + 31
    sh.text(working - 1, 0, "Working (not printed)", f["heading"], fit=False)
    sh.text(working, 0, f"£ in one {ctx.units}", f["text"])
    sh.number(working, 1, float(s.k), f["plain_number"])
    per_unit = cell(working, 1, absolute=True)

    row = _rows_table(ctx, sh, st, per_unit)
    sh.table(_HEADER_ROW, row)
    if any(x.turnover and not x.capacity_only for x in st.rows):
        top = row + 3
        row = _turnover_table(ctx, sh, st, top, per_unit)
        sh.table(top + 3, row, title_rows=4)  # its heading and the two rates above the table print with it
    if any(x.cases is not None for x in st.rows):
        top = row + 3
        row = _caseload_table(ctx, sh, st, top, per_unit)
        sh.table(top, row, title_rows=1)
    top = row + 3
    row = _lines_table(ctx, sh, st, top)
    sh.table(top, row, title_rows=1)
    if st.recruits:
        top = row + 3
        row = _recruits_table(ctx, sh, st, top)
        sh.table(top, row, title_rows=1)
    if st.months:
        top = row + 3
        row = _months_table(ctx, sh, st, top)
        sh.table(top, row, title_rows=1)
    assert row < working - 2, "the working cell must sit below the tables"
    for c in range(3, len(_COLUMNS)):
        sh.min_width(c, 9)
    for c in range(3):  # line, team and role wrap rather than widen the page
        sh.cap_width(c, 22)
    sh.min_width(0, 20)
    sh.fit_columns(minimum=9)
    sh.freeze(_HEADER_ROW + 1, 3)
    ctx.page_setup(
        sh,
        (_HEADER_ROW, _HEADER_ROW),
        f"{s.authority}: {NAME}, {as_at(ctx.results)}",
        print_area=(row, len(_COLUMNS) - 1),
    )


def _headings(ctx: Context, sh: Sheet, row: int, columns: tuple[tuple[str, str, str], ...], first_col: int = 0) -> None:
    f = ctx.formats
    for c, (_key, heading, kind) in enumerate(columns, start=first_col):
        sh.text(row, c, heading.format(units=ctx.units), f["header" if kind == "text" else "header_num"])


def _write_cells(
    ctx: Context,
    sh: Sheet,
    r: int,
    row: StaffRowResult,
    columns: dict[str, int],
    styles: dict[str, str],
    formulas: dict[str, str | None],
) -> None:
    f = ctx.formats
    for key, c in columns.items():
        value = getattr(row, key)
        if styles[key] == "text":
            sh.text(r, c, value, f["text_wrap"])
        elif formulas.get(key) is not None and value is not None:
            sh.formula(r, c, str(formulas[key]), float(value), f.named(styles[key]))
        else:
            sh.number(r, c, None if value is None else float(value), f.named(styles[key]))


def _total_row(
    ctx: Context,
    sh: Sheet,
    st: StaffingResult,
    total: int,
    rows: list[int],
    columns: dict[str, int],
    styles: dict[str, str],
) -> None:
    f = ctx.formats
    for key, c in columns.items():
        style = f.named((styles[key] if styles[key] in ("money", "count_whole") else "fte") + "_total")
        if key in _TOTALS and getattr(st, _TOTALS[key]) is not None:
            sh.formula(total, c, "=" + sum_of(rows, c), float(getattr(st, _TOTALS[key])), style)
            ctx.cells.put(keys.staffing_total(key), sh, total, c)
        elif c > 0:
            sh.blank(total, c, style)


def _rows_table(ctx: Context, sh: Sheet, st: StaffingResult, per_unit: str) -> int:
    """Establishment, people in post and cost: the staffing identity row by row."""
    f = ctx.formats
    _headings(ctx, sh, _HEADER_ROW, _COLUMNS)
    col = {key: i for i, (key, _h, _k) in enumerate(_COLUMNS)}
    styles = {key: kind for key, _h, kind in _COLUMNS}
    first = _HEADER_ROW + 1
    for i, row in enumerate(st.rows):
        r = first + i

        def at(key: str, r: int = r) -> str:
            return cell(r, col[key])

        if row.capacity_only:
            _capacity_only_row(ctx, sh, r, row, col, styles)
            continue
        emp, ag = at("employee_cost_per_fte"), at("agency_cost_per_fte")
        formulas: dict[str, str | None] = {
            "vacant": f"={at('fte_budget')}-{at('fte_permanent')}-{at('fte_agency')}",
            "budget_basis": f"={at('fte_budget')}*{emp}/{per_unit}",
            "full_year_forecast": f"=({at('fte_permanent')}*{emp}+{at('fte_agency')}*{ag})/{per_unit}",
            "vacancy_saving": f"={at('vacant')}*{emp}/{per_unit}",
            "agency_premium": f"={at('fte_agency')}*({ag}-{emp})/{per_unit}",
        }
        _write_cells(ctx, sh, r, row, col, styles, formulas)
    rows = list(range(first, first + len(st.rows)))
    total = first + len(st.rows)
    sh.text(total, 0, "All teams", f["text_total"])
    _total_row(ctx, sh, st, total, rows, col, styles)
    share_row = total + 1
    if st.agency_share is not None:
        sh.text(share_row, 0, "Agency share of the people in post", f["text_bold"])
        perm, agency = cell(total, col["fte_permanent"]), cell(total, col["fte_agency"])
        sh.formula(share_row, col["fte_agency"], f"={agency}/({perm}+{agency})", st.agency_share, f["pct"])
    return _vacancies(ctx, sh, st, total, share_row + 1, col)


_MONEY = ("budget_basis", "full_year_forecast", "vacancy_saving", "agency_premium")


def _capacity_only_row(
    ctx: Context, sh: Sheet, r: int, row: StaffRowResult, col: dict[str, int], styles: dict[str, str]
) -> None:
    """A row on a line whose method is not staffing (rev 3 §3): its FTE count, its money cells are left blank
    (the line's outturn comes from its own method) and its line is marked "capacity only"."""
    f = ctx.formats
    at = {key: cell(r, c) for key, c in col.items()}
    for key, c in col.items():
        if key == "line":
            sh.text(r, c, f"{row.line} (capacity only)", f["text_wrap"])
        elif styles[key] == "text":
            sh.text(r, c, getattr(row, key), f["text_wrap"])
        elif key == "vacant":
            formula = f"={at['fte_budget']}-{at['fte_permanent']}-{at['fte_agency']}"
            sh.formula(r, c, formula, float(row.vacant), f.named(styles[key]))
        elif key in _MONEY:
            sh.number(r, c, None, f.named(styles[key]))
        else:
            sh.number(r, c, float(getattr(row, key)), f.named(styles[key]))


def _vacancies(ctx: Context, sh: Sheet, st: StaffingResult, total: int, top: int, col: dict[str, int]) -> int:
    """Permanent vacancies (establishment − permanent), those agency workers cover and those nobody covers."""
    f = ctx.formats
    c = col["vacant"]
    budget, perm, agency = (cell(total, col[k]) for k in ("fte_budget", "fte_permanent", "fte_agency"))
    rows = (
        ("Permanent vacancies (establishment − permanent FTE)", f"={budget}-{perm}", st.permanent_vacancies),
        ("  covered by agency workers", f"={agency}", st.vacancies_covered_by_agency),
        ("  not covered (vacant FTE)", f"={cell(top, c)}-{cell(top + 1, c)}", st.vacancies_uncovered),
    )
    for i, (label, formula, value) in enumerate(rows):
        sh.text(top + i, 0, label, f["text_bold" if i == 0 else "text"])
        sh.formula(top + i, c, formula, float(value), f["fte"])
    return top + len(rows) - 1


def _turnover_table(ctx: Context, sh: Sheet, st: StaffingResult, top: int, per_unit: str) -> int:
    """Agency cover for leavers until their posts are refilled (calculations.md §3), row by row and by year."""
    f = ctx.formats
    s = ctx.results.settings
    years = ctx.results.years
    src = {key: i for i, (key, _h, _k) in enumerate(_COLUMNS)}
    sh.text(top - 1, 0, "Turnover: agency cover for leavers until their posts are refilled", f["heading"], fit=False)
    sh.text(top, 0, "Months of agency cover per leaver", f["text"])
    sh.number(top, 1, float(s.backfill_months), f["plain_number"])
    sh.text(top + 1, 0, "Share of the year still to come", f["text"])
    sh.number(top + 1, 1, float(s.remaining), f["rate_left"])
    backfill, remaining = cell(top, 1, True), cell(top + 1, 1, True)
    head = top + 3
    headings = [("Team", "text"), ("Role", "text"), ("Leavers a year\n% of permanent", "pct"),
                ("Permanent\nFTE", "fte"), ("Agency premium per FTE\n£", "unit_cost"),
                (f"Cover this year\n{ctx.units}", "money")]
    headings += [(f"Cover {fy_label(y)}\n{ctx.units}", "money") for y in years[1:]]
    for c, (heading, kind) in enumerate(headings):
        sh.text(head, c, heading, f["header" if kind == "text" else "header_num"])
    listed = [(i, row) for i, row in enumerate(st.rows) if row.turnover and not row.capacity_only]
    for n, (i, row) in enumerate(listed):
        r = head + 1 + n
        source = _HEADER_ROW + 1 + i
        sh.text(r, 0, row.team, f["text"])
        sh.text(r, 1, row.role, f["text"])
        sh.number(r, 2, float(row.turnover), f["pct"])
        sh.formula(r, 3, f"={cell(source, src['fte_permanent'])}", float(row.fte_permanent), f["fte"])
        premium = f"={cell(source, src['agency_cost_per_fte'])}-{cell(source, src['employee_cost_per_fte'])}"
        sh.formula(r, 4, premium, float(row.agency_cost_per_fte - row.employee_cost_per_fte), f["unit_cost"])
        cover = f"={cell(r, 2)}*{cell(r, 3)}*{cell(r, 4)}*{backfill}/12/{per_unit}*{remaining}"
        sh.formula(r, 5, cover, float(row.turnover_cover), f["money"])
        for t in range(1, len(years)):
            sh.number(r, 5 + t, float(row.turnover_cover_by_year[t]), f["money"])
    total = head + 1 + len(listed)
    rows = list(range(head + 1, total))
    sh.text(total, 0, "All teams", f["text_total"])
    for c in range(1, 5):
        sh.blank(total, c, f["money_total"])
    sh.formula(total, 5, "=" + sum_of(rows, 5), float(st.turnover_cover), f["money_total"])
    for t in range(1, len(years)):
        sh.formula(total, 5 + t, "=" + sum_of(rows, 5 + t), float(st.turnover_cover_by_year[t]), f["money_total"])
    return total


def _caseload_table(ctx: Context, sh: Sheet, st: StaffingResult, top: int, per_unit: str) -> int:
    """Caseloads against the target and the FTE (and cost) to close the gap, for teams with cases.

    Each team's gap is split into FTE short (with the cost to close it) and FTE spare (with the surplus
    capacity at cost), so a team over its need reads as a surplus, never a negative cost. Under the
    teams' totals a service row nets them: the engine's capacity gap and cost to close, worded by its sign.
    """
    f = ctx.formats
    sh.text(top - 1, 1, "Caseloads", f["heading"], fit=False)
    _headings(ctx, sh, top, _CASELOAD_COLUMNS, first_col=1)
    col = {key: i for i, (key, _h, _k) in enumerate(_CASELOAD_COLUMNS, start=1)}
    styles = {key: kind for key, _h, kind in _CASELOAD_COLUMNS}
    if not all(float(x.cases).is_integer() for x in st.rows if x.cases is not None):
        styles["cases"] = "count"
    cost_col = {key: i for i, (key, _h, _k) in enumerate(_COLUMNS)}
    first = top + 1
    with_cases = [(i, row) for i, row in enumerate(st.rows) if row.cases is not None]
    plain = {k: v for k, v in col.items() if k not in (*_SPLIT, "fte_in_post")}
    for n, (i, row) in enumerate(with_cases):
        r = first + n
        source = _HEADER_ROW + 1 + i

        def at(key: str, r: int = r) -> str:
            return cell(r, col[key])

        in_post = f"({cell(source, cost_col['fte_permanent'])}+{cell(source, cost_col['fte_agency'])})"
        emp = cell(source, cost_col["employee_cost_per_fte"])
        formulas: dict[str, str | None] = {
            "caseload": f"={at('cases')}/{in_post}" if row.caseload is not None else None,
            "fte_needed": f"={at('cases')}/{at('target_caseload')}" if row.fte_needed is not None else None,
        }
        _write_cells(ctx, sh, r, row, plain, styles, formulas)
        if row.capacity_gap is not None and row.cost_to_close is not None:
            gap, cost = float(row.capacity_gap), float(row.cost_to_close)
            sh.formula(r, col["fte_in_post"], "=" + in_post[1:-1], float(row.fte_in_post), f["fte"])
            split = (
                ("fte_short", f"=MAX({at('fte_needed')}-{at('fte_in_post')},0)", max(gap, 0.0), "fte"),
                ("fte_spare", f"=MAX({at('fte_in_post')}-{at('fte_needed')},0)", max(-gap, 0.0), "fte"),
                ("cost_short", f"={at('fte_short')}*{emp}/{per_unit}", max(cost, 0.0), "money"),
                ("cost_spare", f"={at('fte_spare')}*{emp}/{per_unit}", max(-cost, 0.0), "money"),
            )
            for key, formula, value, style in split:
                sh.formula(r, col[key], formula, value, f.named(style))
        else:  # no target caseload: nothing to measure the team against
            for key in ("fte_in_post", *_SPLIT):
                sh.number(r, col[key], None, f.named(styles[key]))
        # for the MTFP's capacity by year: this row's target caseload and cost per FTE
        if row.target_caseload is not None:
            ctx.cells.put(keys.staffing_row(i, "target_caseload"), sh, r, col["target_caseload"])
        ctx.cells.put(keys.staffing_row(i, "employee_cost_per_fte"), sh, source, cost_col["employee_cost_per_fte"])
    ctx.cells.put_expr(keys.STAFFING_PER_UNIT, f"{quote_sheet(NAME)}!{per_unit}")
    rows = list(range(first, first + len(with_cases)))
    total = first + len(with_cases)
    sh.text(total, 1, "All teams with cases", f["text_total"])
    _total_row(ctx, sh, st, total, rows, {k: v for k, v in plain.items() if k != "team"}, styles)
    measured = [row for _i, row in with_cases if row.capacity_gap is not None and row.cost_to_close is not None]
    if st.fte_needed is None:
        for key in ("fte_in_post", *_SPLIT):
            sh.blank(total, col[key], f.named(styles[key] + "_total"))
        return total
    sums = {
        "fte_in_post": st.fte_in_post_with_cases,
        "fte_short": sum(max(float(x.capacity_gap or 0.0), 0.0) for x in measured),
        "fte_spare": sum(max(-float(x.capacity_gap or 0.0), 0.0) for x in measured),
        "cost_short": sum(max(float(x.cost_to_close or 0.0), 0.0) for x in measured),
        "cost_spare": sum(max(-float(x.cost_to_close or 0.0), 0.0) for x in measured),
    }
    for key, value in sums.items():
        sh.formula(total, col[key], "=" + sum_of(rows, col[key]), float(value), f.named(styles[key] + "_total"))
    # the service, net: the engine's capacity gap and cost to close (short less spare), each figure in the
    # column its sign names, so a net surplus never prints as a negative cost
    net = total + 1
    gap, cost = float(st.capacity_gap_fte), float(st.cost_to_close)
    sh.text(net, 1, "Service total, net (short less spare)", f["text_bold"])
    for value, (plus, minus) in ((gap, ("fte_short", "fte_spare")), (cost, ("cost_short", "cost_spare"))):
        here, other = (plus, minus) if value >= 0 else (minus, plus)
        style = f["fte" if plus == "fte_short" else "money"]
        sh.formula(net, col[here], f"={cell(total, col[here])}-{cell(total, col[other])}", abs(value), style)
    return net


def _lines_table(ctx: Context, sh: Sheet, st: StaffingResult, top: int) -> int:
    f = ctx.formats
    sh.text(top - 1, 0, "By budget line", f["heading"], fit=False)
    columns = (
        ("line", "Line", "text"),
        ("budget", "Budget\n{units}", "money"),
        ("budget_basis", "Budget basis\n{units}", "money"),
        ("full_year_forecast", "Full-year cost now\n{units}", "money"),
        ("recruitment_effect", "Recruitment this year\n{units}", "money"),
    )
    _headings(ctx, sh, top, columns)
    row_cols = {key: i for i, (key, _h, _k) in enumerate(_COLUMNS)}
    first_row, last_row = _HEADER_ROW + 1, _HEADER_ROW + len(st.rows)
    names = f"{cell(first_row, 0, True)}:{cell(last_row, 0, True)}"
    first = top + 1
    for i, (name, line) in enumerate(st.lines.items()):
        r = first + i
        sh.text(r, 0, name, f["text"])
        budget_ref = ctx.cells.get(keys.revenue_line(name, "budget"))
        if budget_ref is not None:
            sh.formula(r, 1, "=" + budget_ref, line.budget, f["money"])
        else:
            sh.number(r, 1, line.budget, f["money"])
        for c, key in ((2, "budget_basis"), (3, "full_year_forecast")):
            src = row_cols[key]
            values = f"{cell(first_row, src, True)}:{cell(last_row, src, True)}"
            sh.formula(r, c, f"=SUMPRODUCT(--({names}={cell(r, 0)}),{values})", getattr(line, key), f["money"])
        sh.number(r, 4, line.recruitment_effect, f["money"])
    last = first + len(st.lines) - 1
    prefix = quote_sheet(NAME) + "!"
    if not st.lines:  # rev 3: every row is capacity only
        sh.text(first, 0, "No line is costed from Staffing rows: every row above is capacity only.", f["text"])
    # with no costed line, the sum is over the note row's blank cell (0): Excel refuses an empty SUM()
    ctx.cells.put_expr(
        keys.STAFFING_LINES_RECRUITMENT, sum_of(range(first, max(last, first) + 1), 4, prefix, absolute=True)
    )
    return max(last, first)


def _recruits_table(ctx: Context, sh: Sheet, st: StaffingResult, top: int) -> int:
    f = ctx.formats
    sh.text(top - 1, 0, "The workforce pipeline", f["heading"], fit=False)
    headings = (
        ("Team", "text"),
        ("What happens", "text"),
        ("FTE", "fte"),
        ("Date", "date"),
        ("Replaces\nagency", "centre"),
        ("Status", "text"),
        (f"Employee cost this year\n{ctx.units}", "money"),
        (f"Agency cost saved this year\n{ctx.units}", "money"),
        (f"One-off cost this year\n{ctx.units}", "money"),
    )
    for c, (heading, kind) in enumerate(headings):
        style = {"text": "header", "centre": "header_center"}.get(kind, "header_num")
        sh.text(top, c, heading, f.named(style))
    for i, rec in enumerate(st.recruits):
        r = top + 1 + i
        sh.text(r, 0, rec.team, f["text_wrap"])
        sh.text(r, 1, pipeline_words(rec), f["text_wrap"])
        sh.number(r, 2, rec.fte, f["fte"])
        sh.date(r, 3, rec.start, f["date"])
        sh.text(r, 4, ("Yes" if rec.replaces_agency else "No") if rec.kind == "join" else "", f["text_center"])
        status = (
            "Already happened: not counted again" if rec.ignored
            else "Capacity only: no cost" if rec.capacity_only
            else "Counted"
        )
        sh.text(r, 5, status, f["text"])
        for c, values in ((6, rec.cost_by_year), (7, rec.agency_saving_by_year), (8, rec.one_off_by_year)):
            sh.number(r, c, values[0] if values else None, f["money"])
    return top + len(st.recruits)


def _plural(role: str, fte: float) -> str:
    """``Social Worker`` → ``Social Workers`` for more than one; an acronym (``ASYE``) or a word ending in s stays."""
    last = role.split()[-1] if role.split() else role
    if fte == 1 or last.isupper() or last.lower().endswith("s"):
        return role
    return role + "s"


def pipeline_words(rec: RecruitResult) -> str:
    """One pipeline row in words: "2 ASYE become Social Workers, 1 Mar 2026"."""
    fte = float(rec.fte)
    count = f"{fte:g}" if fte.is_integer() else f"{fte:g} FTE"
    one = fte == 1
    role = _plural(rec.role, fte)
    when = f"{rec.start.day} {rec.start.strftime('%b %Y')}"
    if rec.kind == "leave":
        return f"{count} {role} {'leaves' if one else 'leave'}, out of post from {when}"
    elif rec.kind == "agency_join":
        what = f"{count} agency {role} {'starts' if one else 'start'}"
    elif rec.kind == "agency_leave":
        what = f"{count} agency {role} {'leaves' if one else 'leave'}"
    elif rec.kind == "progress":
        to = rec.to_role if one else _plural(rec.to_role, fte)
        what = f"{count} {role} {'becomes' if one else 'become'} {'a ' if one else ''}{to}"
    else:
        what = f"{count} {role} {'joins' if one else 'join'}"
    return f"{what}, {when}"


def _months_table(ctx: Context, sh: Sheet, st: StaffingResult, top: int) -> int:
    f = ctx.formats
    sh.text(top - 1, 0, "The workforce pipeline by month (this year)", f["heading"], fit=False)
    _headings(ctx, sh, top, _MONTH_COLUMNS)
    first = top + 1
    period = ctx.results.settings.period
    for i, month in enumerate(st.months):
        r = first + i
        label = month.label + (" (actual)" if month.period <= period else "")
        sh.text(r, 0, label, f["text"])
        for c, (key, _h, kind) in enumerate(_MONTH_COLUMNS[1:-1], start=1):
            sh.number(r, c, float(getattr(month, key)), f.named(kind))
        emp, agency, one_off = cell(r, 3), cell(r, 4), cell(r, 5)
        sh.formula(r, 6, f"={emp}-{agency}+{one_off}", month.net_effect, f["money"])
    last = first + len(st.months) - 1
    total = last + 1
    rows = list(range(first, last + 1))
    sh.text(total, 0, "Year", f["text_total"])
    for c, (key, _h, kind) in enumerate(_MONTH_COLUMNS[1:], start=1):
        if key == "fte_in_post":
            sh.blank(total, c, f["fte_total"])
            continue
        value = getattr(st.recruitment_year, key)
        sh.formula(total, c, "=" + sum_of(rows, c), value, f.named(("fte" if kind == "fte" else "money") + "_total"))
    prefix = quote_sheet(NAME) + "!"
    ctx.cells.put_expr(keys.STAFFING_MONTHS_NET_EFFECT, sum_of(rows, 6, prefix, absolute=True))
    return total
