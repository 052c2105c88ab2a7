"""A team with more FTE in post than its target caseload needs reads as a surplus, never a negative cost
(issue 21, outputs.md "Read alone (revision 3)"), with all teams' totals and the service's net; and a Month 12
summary speaks of the outturn. Worked by hand:

Cost per FTE: salary 40,000 × 1.3 (on-costs) = 52,000, so 52 in £000.
- Assessment: 8 permanent + 1 agency = 9 in post; 200 cases at 15 need 13.333: 4.333 FTE short, costing
  4.333 × 52 = 225.33 to close.
- Leaving Care: 10 in post; 100 cases at 20 need 5: 5 FTE spare, a surplus of 5 × 52 = 260 at cost.
- The service, net: 4.333 − 5 = −0.667 FTE, 225.33 − 260 = −34.67: a net surplus of 34.67 (printed 35).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from factory import minimal_sheets
from forecast.engine import run
from forecast.engine.results import Results
from forecast.inputs import inputs_from_sheets
from forecast.report.summary import summary_dict, summary_text
from forecast.report.workbook import build_workbook

SHORT, SPARE = 200 / 15 - 9, 5.0
COST, SURPLUS = SHORT * 52, SPARE * 52


def _results() -> Results:
    sheets = minimal_sheets()
    for optional in ("Recruitment", "Investments", "Scenarios", "Risks"):
        sheets.pop(optional, None)
    base = {"line": "Social workers", "role": "Social Worker", "salary": 40000, "agency_premium": 0.4}
    sheets["Staffing"] = [
        {**base, "team": "Assessment", "fte_budget": 10, "fte_permanent": 8, "fte_agency": 1, "cases": 200,
         "target_caseload": 15},
        {**base, "team": "Leaving Care", "fte_budget": 10, "fte_permanent": 10, "fte_agency": 0, "cases": 100,
         "target_caseload": 20},
    ]
    return run(inputs_from_sheets(sheets, "surplus.xlsx"))


@pytest.fixture(scope="module")
def results() -> Results:
    return _results()


def test_the_engine_and_json_keep_their_signs(results: Results) -> None:
    st = results.staffing
    assert st is not None
    assert st.capacity_gap_fte == pytest.approx(SHORT - SPARE)
    assert st.cost_to_close == pytest.approx(COST - SURPLUS)
    staffing = summary_dict(results)["staffing"]
    assert staffing is not None and staffing["capacity_gap_fte"] == pytest.approx(SHORT - SPARE)


def test_summary_prints_the_surplus_as_a_surplus(results: Results) -> None:
    text = summary_text(results)
    table = text[text.index("  Caseloads"):text.index("FTE needed to bring")]
    rows = {line.strip().split("  ")[0].split(" / ")[0]: line.split() for line in table.splitlines()[1:] if line.strip()}
    # Cases Caseload Target FTE-needed In-post Short Spare Cost Surplus, read from the right
    assert rows["Leaving Care"][-5:] == ["10.0", "0.0", "5.0", "-", "260"]
    assert rows["Assessment"][-5:] == ["9.0", "4.3", "0.0", "225", "-"]
    assert rows["All teams"][-6:] == ["18.3", "19.0", "4.3", "5.0", "225", "260"]  # 13.3 + 5 needed; 9 + 10
    assert "(260)" not in text and "(35)" not in text and "(0.7)" not in text
    assert "0.7 FTE more than needed; a net surplus capacity of 35 a year at cost" in text
    assert "teams over their need: 5.0 FTE spare, a surplus of 260 a year at cost" in text
    capacity = text[text.index("  Capacity by year"):]
    assert "Service total" in capacity and "net surplus at cost" in capacity


def test_staffing_sheet_splits_short_and_spare_with_totals(results: Results, tmp_path: Path) -> None:
    out = tmp_path / "surplus.xlsx"
    build_workbook(results, out)
    f = openpyxl.load_workbook(out)["Staffing"]
    v = openpyxl.load_workbook(out, data_only=True)["Staffing"]
    head = next(c.row for c in f["C"] if c.value == "Role" and f.cell(c.row + 1, 4).value != "Social Worker"
                and c.row > 8)
    heads = {str(f.cell(head, c).value).split("\n")[0]: c for c in range(2, 13) if f.cell(head, c).value}
    short, spare = heads["FTE short"], heads["FTE spare"]
    cost, surplus = heads["Cost to close the gap"], heads["Surplus capacity,"]
    rows = {str(f.cell(r, 2).value): r for r in range(head + 1, head + 6) if f.cell(r, 2).value}
    a, lc, total = rows["Assessment"], rows["Leaving Care"], rows["All teams with cases"]
    assert [v.cell(lc, c).value for c in (short, spare, cost, surplus)] == pytest.approx([0, SPARE, 0, SURPLUS])
    assert [v.cell(a, c).value for c in (short, spare, cost, surplus)] == pytest.approx([SHORT, 0, COST, 0])
    assert str(f.cell(lc, spare).value).startswith("=MAX(")
    assert [v.cell(total, c).value for c in (short, spare, cost, surplus)] == pytest.approx(
        [SHORT, SPARE, COST, SURPLUS])
    assert str(f.cell(total, surplus).value).startswith("=SUM(")
    net = total + 1
    assert f.cell(net, 2).value == "Service total, net (short less spare)"
    # a net surplus: its FTE and cost in the spare columns, nothing in the short ones, never negative
    assert v.cell(net, spare).value == pytest.approx(SPARE - SHORT)
    assert v.cell(net, surplus).value == pytest.approx(SURPLUS - COST)
    assert v.cell(net, short).value is None and v.cell(net, cost).value is None
    for r in (a, lc, total, net):
        for c in (short, spare, cost, surplus):
            assert (v.cell(r, c).value or 0) >= 0


@pytest.mark.slow
def test_mtfp_capacity_has_an_all_teams_block(results: Results, tmp_path: Path) -> None:
    out = tmp_path / "surplus.xlsx"
    build_workbook(results, out)
    f = openpyxl.load_workbook(out)["MTFP"]
    v = openpyxl.load_workbook(out, data_only=True)["MTFP"]
    top = next(c.row for c in f["A"] if c.value == "All teams")
    labels = [str(f.cell(top + i, 1).value).strip() for i in range(1, 7)]
    assert labels[:2] == ["FTE short", "FTE spare"]
    assert labels[4].startswith("Service total, net cost to close") and "net surplus" in labels[5]
    # this year (column B): 4.33 short, 5 spare, 225.3 to close, 260 surplus; net surplus 34.7, no net cost
    assert [v.cell(top + i, 2).value for i in range(1, 7)] == pytest.approx(
        [SHORT, SPARE, COST, SURPLUS, 0, SURPLUS - COST])
    assert f.cell(top + 6, 2).value == f"=MAX({f.cell(top + 4, 2).coordinate}-{f.cell(top + 3, 2).coordinate},0)"


def test_month_12_summary_says_outturn() -> None:
    sheets = minimal_sheets()
    for optional in ("Placements", "Staffing", "Recruitment", "Investments", "Scenarios", "Risks"):
        sheets.pop(optional, None)
    sheets["Settings"] = [r for r in sheets["Settings"] if r["setting"] != "period"]
    sheets["Settings"].append({"setting": "period", "value": 12})
    # budget 1,000, spent 1,100 at the year end: the outturn is 1,100, not a forecast
    sheets["Budget"] = [{"line": "Legal", "budget": 1000, "actual_to_date": 1100, "forecast": 1100,
                         "method": "manual"}]
    text = summary_text(run(inputs_from_sheets(sheets, "m12")))
    assert "  Outturn  " in text and "1,100" in text
    assert "Forecast outturn" not in text
    sheets["Settings"][-1]["value"] = 6
    assert "Forecast outturn" in summary_text(run(inputs_from_sheets(sheets, "m6")))
