"""The plan years in the workbook (revision 2): MTFP gap and change, cash limits carried, reserves, capacity,
History trends, Investments posts and moves, Staffing vacancies and turnover, and their checks.

Every figure is compared with the engine's and, where the input makes it easy, with hand arithmetic
(see tests/plan_sheets.py for the input).
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from factory import minimal_sheets
from plan_sheets import plan_sheets
from forecast.engine import run
from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.inputs import inputs_from_sheets
from forecast.report.workbook import build_workbook


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Results, Path]:
    results = run(inputs_from_sheets(plan_sheets(), "plan.xlsx"))
    out = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    build_workbook(results, out)
    return results, out


def _books(path: Path) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    return openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def _row(sheet, label: str) -> int:
    """The row whose column A is ``label`` (stripped)."""
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if isinstance(row[0].value, str) and row[0].value.strip() == label:
            return row[0].row
    raise AssertionError(f"no row {label!r} on {sheet.title}")


def test_mtfp_shows_each_gap_and_its_change_as_formulas_never_a_sum(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["MTFP"], values["MTFP"]
    gap, change = _row(f, "Gap (shortfall positive)"), _row(f, "Change in gap from the year before")
    assert v.cell(change, 2).value is None  # no year before the first
    for t, year in enumerate(results.mtfp):
        col = 2 + t
        assert v.cell(gap, col).value == pytest.approx(year.gap)
        if t:
            left, right = f.cell(gap, col).coordinate, f.cell(gap, col - 1).coordinate
            assert f.cell(change, col).value == f"={left}-{right}"
            assert v.cell(change, col).value == pytest.approx(year.gap - results.mtfp[t - 1].gap)
    texts = [c.value for row in f.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if "cumulative" in t.lower() or "SUM(" in t and str(gap) in t]


def test_base_budget_is_cash_limits_plus_base_growth_and_carried_years_are_marked(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["MTFP"], values["MTFP"]
    cash, growth, base = (_row(f, x) for x in (
        "Cash limits (line budgets)", "Base growth (investments funded from the base budget)", "Base budget"))
    # 2026/27: Placements gives 1,100; the other two lines carry 2025/26's 500 + 200 flat = 1,800.
    assert v.cell(cash, 3).value == pytest.approx(1100 + 500 + 200)
    for t, year in enumerate(results.mtfp):
        col = 2 + t
        assert f.cell(base, col).value == f"={f.cell(cash, col).coordinate}+{f.cell(growth, col).coordinate}"
        assert v.cell(base, col).value == pytest.approx(year.base_budget)
        assert v.cell(growth, col).value == pytest.approx(year.base_growth)
    assert results.mtfp[1].base_growth > 0  # the two posts are funded from the base budget from 2026/27
    assert str(f.cell(growth, 3).value).startswith("='Investments'!")
    carried = _row(f, "of which carried forward (no budget given)")
    assert [v.cell(carried, 2 + t).value for t in range(5)] == [
        None, "2 of 3 lines", "every line", "every line", "every line"]
    notes = " ".join(str(c.value) for row in f.iter_rows(min_col=1, max_col=1) for c in row if c.value)
    assert "2026/27: every line except Placements; 2027/28, 2028/29, 2029/30: every line." in notes


def test_reserves_roll_from_opening_to_closing_by_formula(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["MTFP"], values["MTFP"]
    opening, drawn, closing = (_row(f, x) for x in (
        "Reserves at the start of the year", "Less drawn from reserves (earmarks drawn, investments)",
        "Reserves at the end of the year"))
    # Opening 300; 2025/26 draws the 100 one-off funded from reserves (nothing earmarked): 300 − 100 = 200.
    assert v.cell(opening, 2).value == 300
    assert v.cell(drawn, 2).value == pytest.approx(100)
    assert v.cell(closing, 2).value == pytest.approx(200)
    for t, year in enumerate(results.mtfp):
        col = 2 + t
        o, d = f.cell(opening, col).coordinate, f.cell(drawn, col).coordinate
        assert f.cell(closing, col).value == f"={o}-{d}"
        assert v.cell(closing, col).value == pytest.approx(year.reserves_closing)
        if t:
            assert f.cell(opening, col).value == f"={f.cell(closing, col - 1).coordinate}"
    assert "SUMPRODUCT(--(" in f.cell(drawn, 2).value  # the reserves-funded investments, by an exact match on Funding
    # rev 3 §6: reserves if each year's gap were met from them, by formula: the year before − drawn − max(gap, 0)
    met, gap = _row(f, "Reserves at the end of the year if each year's gap were met from them"), _row(
        f, "Gap (shortfall positive)")
    expected = 300.0
    for t, year in enumerate(results.mtfp):
        col = 2 + t
        before = f.cell(opening, col).coordinate if t == 0 else f.cell(met, col - 1).coordinate
        d, g = f.cell(drawn, col).coordinate, f.cell(gap, col).coordinate
        assert f.cell(met, col).value == f"={before}-{d}-MAX({g},0)"
        expected = expected - year.reserves_drawn - max(year.gap, 0.0)
        assert v.cell(met, col).value == pytest.approx(expected)
        assert year.reserves_if_gaps_met <= year.reserves_closing + 1e-9
    # the first four gaps are surpluses (not added back), the last a shortfall of 141.5: 200 − 141.5 = 58.5 left
    assert [y.gap > 0 for y in results.mtfp] == [False, False, False, False, True]
    assert results.mtfp[-1].reserves_if_gaps_met == pytest.approx(200 - results.mtfp[-1].gap)
    notes = " ".join(str(c.value) for row in f.iter_rows(min_col=1, max_col=1) for c in row if c.value)
    assert ("The planned draws leave £200k in reserves at the end of 2029/30; if each year's gap were met from "
            "reserves they would still hold £58k at the end of 2029/30.") in notes


def test_reserves_that_run_out_are_said_on_the_mtfp_sheet_and_in_the_summary(tmp_path: Path) -> None:
    from forecast.report.narrative import narrative
    from forecast.report.summary import summary_text

    sheets = plan_sheets()
    sheets["Settings"][3]["value"] = 60  # reserves_opening: the 100 drawn in 2025/26 leaves −40
    results = run(inputs_from_sheets(sheets, "short.xlsx"))
    assert results.reserves_run_out == 2025
    # rev 3: both figures; 60 − 100 drawn = −40, and with the gaps met too they run out in the same year
    assert results.reserves_run_out_if_gaps_met == 2025
    sentence = (
        "Reserves run out in 2025/26 on the planned draws: the balance falls to -£40k by the end of that year; "
        "if each year's gap were met from reserves they would run out in 2025/26."
    )
    assert sentence in summary_text(results)
    assert sentence in narrative(results)
    out = tmp_path / "short.xlsx"
    build_workbook(results, out)
    f = openpyxl.load_workbook(out)["MTFP"]
    notes = " ".join(str(c.value) for row in f.iter_rows(min_col=1, max_col=1) for c in row if c.value)
    assert sentence in notes  # wrapped over rows within the table's width


def test_no_reserves_rows_without_reserves_opening(tmp_path: Path) -> None:
    out = tmp_path / "plain.xlsx"
    build_workbook(run(inputs_from_sheets(minimal_sheets(), "plain.xlsx")), out)
    labels = [c.value for row in openpyxl.load_workbook(out)["MTFP"].iter_rows(min_col=1, max_col=1) for c in row]
    assert "Reserves at the start of the year" not in labels
    assert "History" not in openpyxl.load_workbook(out).sheetnames  # no History, no sheet


def test_capacity_by_year_matches_the_engine(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["MTFP"], values["MTFP"]
    top = _row(f, "Assessment – Social Worker")
    labels = [f.cell(top + i, 1).value.strip() for i in range(1, 8)]
    assert labels[0] == "Open cases" and labels[3:5] == ["FTE short", "FTE spare"]
    assert labels[5].startswith("Cost to close the gap") and labels[6].startswith("Surplus capacity, at cost")
    by_year = [c for c in results.staffing.capacity]
    assert len(by_year) == 5
    for c in by_year:
        col = 2 + results.years.index(c.year)
        needed, in_post = f.cell(top + 2, col).coordinate, f.cell(top + 3, col).coordinate
        assert v.cell(top + 1, col).value == pytest.approx(c.cases)
        assert v.cell(top + 2, col).value == pytest.approx(c.fte_needed)
        assert v.cell(top + 3, col).value == pytest.approx(c.fte_in_post)
        assert f.cell(top + 4, col).value == f"=MAX({needed}-{in_post},0)"
        assert f.cell(top + 5, col).value == f"=MAX({in_post}-{needed},0)"
        # short − spare is the engine's signed gap; cost to close − surplus its signed cost; neither negative
        assert v.cell(top + 4, col).value - v.cell(top + 5, col).value == pytest.approx(c.gap_fte)
        assert v.cell(top + 6, col).value - v.cell(top + 7, col).value == pytest.approx(c.cost_to_close)
        assert min(v.cell(top + i, col).value for i in range(4, 8)) >= 0
        assert f.cell(top + 2, col).value.startswith(f"={f.cell(top + 1, col).coordinate}/'Staffing'!")
        assert f.cell(top + 6, col).value.startswith(f"={f.cell(top + 4, col).coordinate}*'Staffing'!")
        assert f.cell(top + 7, col).value.startswith(f"={f.cell(top + 5, col).coordinate}*'Staffing'!")
    # 200 cases at 15 a worker need 13.33 FTE; 8 permanent + 1 agency are in post: 4.33 short.
    assert v.cell(top + 4, 2).value == pytest.approx(200 / 15 - 9)
    # costing 4.33 × 40,000 × 1.3 on-costs / 1,000 = 225.3 this year, and next year's gap at 3% more pay
    assert v.cell(top + 6, 2).value == pytest.approx((200 / 15 - 9) * 52)
    assert v.cell(top + 6, 3).value == pytest.approx(max(by_year[1].gap_fte, 0) * 52 * 1.03)


def test_history_sheet_shows_each_trend_with_live_growth_and_range(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["History"], values["History"]
    row = _row(f, "in-house fostering")  # the summary table's row comes before the section heading
    growth = f.cell(row, 6)
    assert growth.value.startswith("=EXP(12*")
    # the History grows 100 × 1.1^(m/12): exactly 10% a year, a perfect fit with no spread
    assert v.cell(row, 6).value == pytest.approx(0.10)
    assert v.cell(row, 8).value == pytest.approx(0.10) and v.cell(row, 9).value == pytest.approx(0.10)
    assert v.cell(row, 2).value == 24
    assert "growth of in-house fostering placements" in v.cell(row, 11).value
    referrals = _row(f, "Referrals")
    assert v.cell(referrals, 11).value.startswith("shown only")
    trend = next(t for t in results.trends if t.measure == "in-house fostering")
    # the section: fitted values are EXP(a + b·m) over the section's a and b, equal to the History here
    cells = [c for r in f.iter_rows() for c in r if isinstance(c.value, str) and c.value.startswith("=EXP($B$")]
    assert cells
    first = cells[0]
    m = v.cell(first.row, 2).value
    assert v.cell(first.row, first.column).value == pytest.approx(math.exp(trend.a + trend.b * m))
    assert v.cell(first.row, first.column).value == pytest.approx(100 * 1.1 ** (m / 12))
    assert len(f._charts) == 3  # one chart a measure


def test_history_projection_runs_to_the_end_of_each_plan_year(built) -> None:
    results, out = built
    v = openpyxl.load_workbook(out, data_only=True)["History"]
    ends = [c.value for r in v.iter_rows(min_col=3, max_col=3) for c in r
            if isinstance(c.value, str) and c.value.startswith("end of ")]
    labels = [fy_label(y) for y in results.years]
    assert ends[:5] == [f"end of {y}" for y in labels]
    row = next(r[0].row for r in v.iter_rows(min_col=3, max_col=3) if r[0].value == "end of 2029/30")
    # March 2030 is 77 months after October 2023: 100 × 1.1^(77/12)
    assert v.cell(row, 2).value == 77
    assert v.cell(row, 5).value == pytest.approx(100 * 1.1 ** (77 / 12))


def test_investments_show_posts_moves_and_base_growth(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["Investments"], values["Investments"]
    posts = _row(f, "Two more social workers")
    move = _row(f, "Move to fostering")
    assert v.cell(posts, 9).value == 2 and v.cell(posts, 5).value == "from Staffing"
    assert v.cell(posts, 11).value == "2 FTE Social Worker posts (Assessment)"
    assert v.cell(move, 10).value == 1
    assert v.cell(move, 11).value == "moves 1 children from external residential to in-house fostering (Placements)"
    base = _row(f, "Funded from the base budget (base growth) by year")
    total = base + 2 + len(results.investments)
    for t, year in enumerate(results.mtfp):
        assert v.cell(total, 2 + t).value == pytest.approx(year.base_growth)
    gap = _row(f, "Adds to the budget gap (cost − funded − base growth − saving)")
    for i, inv in enumerate(results.investments):
        for t in range(len(results.years)):
            assert v.cell(gap + 2 + i, 2 + t).value == pytest.approx(inv.gap_effect[t])


def test_staffing_shows_vacancies_and_turnover_cover(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["Staffing"], values["Staffing"]
    st = results.staffing
    row = _row(f, "Permanent vacancies (establishment − permanent FTE)")
    # establishment 10, permanent 8, agency 1: 2 permanent vacancies, 1 covered by agency, 1 not covered
    assert [v.cell(row + i, 7).value for i in range(3)] == [2, 1, 1]
    assert [st.permanent_vacancies, st.vacancies_covered_by_agency, st.vacancies_uncovered] == [2, 1, 1]
    assert all(str(f.cell(row + i, 7).value).startswith("=") for i in range(3))
    total = _row(f, "All teams")  # the first "All teams" is the rows table; the turnover table's comes later
    turnover = next(r[0].row for r in f.iter_rows(min_col=1, max_col=1, min_row=total + 1)
                    if r[0].value == "All teams")
    assert v.cell(turnover, 6).value == pytest.approx(st.turnover_cover)
    cover = f.cell(turnover - 1, 6).value
    assert cover.startswith("=") and "/12/" in cover
    # 10% of 8 permanent leave a year, each covered 3 months at the agency premium (40% of 52,000 on-cost
    # salary = 20,800 £ a year), half the year still to come: 0.8 × 20,800 × 3/12 / 1000 × 0.5
    emp = 40000 * 1.3
    assert v.cell(turnover - 1, 6).value == pytest.approx(0.1 * 8 * emp * 0.4 * 3 / 12 / 1000 * 0.5)
    for t in range(1, len(results.years)):
        assert v.cell(turnover, 6 + t).value == pytest.approx(st.turnover_cover_by_year[t])


def test_checks_link_the_gap_change_and_reserves_identities(built) -> None:
    results, out = built
    formulas, values = _books(out)
    f, v = formulas["Checks"], values["Checks"]
    found = {}
    for row in f.iter_rows(min_row=8):
        label = row[0].value or ""
        if label.startswith(("MTFP first gap", "Reserves ")):
            found[label] = row[0].row
    assert "MTFP first gap + Σ change in gap = last gap" in found
    assert sum(1 for k in found if k.startswith("Reserves ")) == len(results.years)
    for label, r in found.items():
        assert "engine figures" not in label
        assert str(f.cell(r, 2).value).startswith("='MTFP'!")
        assert v.cell(r, 5).value is True
    gap_row = found["MTFP first gap + Σ change in gap = last gap"]
    assert "SUM(" in f.cell(gap_row, 2).value
    assert v.cell(gap_row, 3).value == pytest.approx(results.mtfp[-1].gap)


def test_words_say_which_limits_were_carried_and_which_rates_follow_trends(built) -> None:
    from forecast.report.narrative import narrative
    from forecast.report.summary import summary_text

    results, _out = built
    trends = (
        "From History trends: growth of in-house fostering placements 10.0% a year (likely range 10.0% to 10.0%); "
        "growth in Assessment cases 10.0% a year (likely range 10.0% to 10.0%), each fitted to the 24 months to Sep 2025."
    )
    carried = "2026/27: every line except Placements; 2027/28, 2028/29, 2029/30: every line."
    for text in (narrative(results), summary_text(results).replace("\n  ", " ")):
        assert trends in text
        assert carried in text
        assert "Referrals" not in text  # shown on the History sheet, not used for any rate


def test_a_plan_that_gives_no_later_cash_limits_says_so_in_the_summary_not_the_narrative() -> None:
    from forecast.report.narrative import narrative
    from forecast.report.summary import summary_text

    results = run(inputs_from_sheets(minimal_sheets(), "flat.xlsx"))
    assert all(len(y.carried_forward) == 3 for y in results.mtfp[1:])
    assert "carried forward" not in narrative(results)
    assert "are carried forward from the last year given (held flat) for every line" in summary_text(results)


def test_a_measure_too_short_for_a_trend_is_shown_with_why_and_never_sets_a_rate(tmp_path: Path) -> None:
    """§8: fewer than 6 months is a warning where no trend is asked for; the History sheet still shows it."""
    import datetime as dt

    from plan_sheets import monthly

    sheets = plan_sheets()
    sheets["History"] = sheets["History"] + monthly("Contacts", dt.date(2025, 6, 1), 4, start=80)  # Jun–Sep: 4 months
    results = run(inputs_from_sheets(sheets, "short-history.xlsx"))
    assert "Contacts" not in [t.measure for t in results.trends]
    (shown,) = results.untrended
    assert (shown.measure, shown.months, shown.first_month, shown.last_month) == (
        "Contacts", 4, dt.date(2025, 6, 1), dt.date(2025, 9, 1)
    )
    assert shown.latest == pytest.approx(80 * 1.1 ** (3 / 12))
    out = tmp_path / "short-history.xlsx"
    build_workbook(results, out)
    sheet = openpyxl.load_workbook(out)["History"]
    row = _row(sheet, "Contacts")
    assert sheet.cell(row, 2).value == 4
    assert sheet.cell(row, 6).value is None  # no growth, no range: nothing to misread as a rate
    assert str(sheet.cell(row, 11).value).startswith("no trend: has 4 months in the last 24 months of History")
