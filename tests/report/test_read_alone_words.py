"""Words a member reads with no finance officer beside them (issue 21, outputs.md "Read alone (revision 3)").

Each rule with a small case worked by hand; the printed-page checks over every example × layout are in
tests/reader_view/test_reader_view.py (one soffice batch).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from factory import minimal_sheets, write_workbook
from forecast.engine import run as run_engine
from forecast.engine.results import BridgeItem
from forecast.inputs import inputs_from_sheets, load_inputs
from forecast.report.bridge_words import bridge_label
from forecast.report.change_words import column_words, distribution_words, op_words, row_words
from forecast.report.layout import Layout, load_layout
from forecast.report.narrative import narrative
from forecast.report.rows import previous_label

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "forecast" / "templates"


def _manual(period: int, lines: list[dict], **settings: object) -> dict:
    sheets = minimal_sheets()
    for optional in ("Placements", "Staffing", "Recruitment", "Investments"):
        sheets.pop(optional, None)
    sheets["Settings"] = [r for r in sheets["Settings"] if r["setting"] not in ("period", *settings)]
    sheets["Settings"] += [{"setting": "period", "value": period}] + [
        {"setting": k, "value": v} for k, v in settings.items()]
    sheets["Budget"] = lines
    return sheets


# -- Month 12 is the outturn ---------------------------------------------------------------------------------


def test_month_12_speaks_of_the_outturn_even_of_an_earmark() -> None:
    # budget 1,000, outturn 1,100, 50 earmarked: variance 100, drawn min(50, 100) = 50, net 50
    sheets = _manual(12, [{"line": "Legal", "budget": 1000, "actual_to_date": 1100, "forecast": 1100,
                           "method": "manual", "earmarked": 50}])
    text = narrative(run_engine(inputs_from_sheets(sheets, "m12")))
    assert text.startswith("Children's Social Care has overspent by £50k in 2025/26 (Month 12 outturn).")
    assert "£50k was earmarked to cover the expected overspend on Legal" in text
    assert "The outturn shows an additional pressure of £50k." in text
    assert "forecast" not in text.lower()


def test_month_12_speaks_of_the_outturn() -> None:
    # budget 1,000, outturn 1,100 (manual, = the actual at the year end): overspent by 100
    sheets = _manual(12, [{"line": "Legal", "budget": 1000, "actual_to_date": 1100, "forecast": 1100,
                           "method": "manual"}])
    text = narrative(run_engine(inputs_from_sheets(sheets, "m12")))
    assert text.startswith("Children's Social Care has overspent by £100k in 2025/26 (Month 12 outturn).")
    assert "forecast to" not in text and "included in the forecast" not in text
    assert "The outturn includes £100k relating to Legal." in text


def test_before_month_12_it_is_still_a_forecast() -> None:
    sheets = _manual(6, [{"line": "Legal", "budget": 1000, "actual_to_date": 550, "forecast": 1100,
                          "method": "manual"}])
    assert narrative(run_engine(inputs_from_sheets(sheets, "m6"))).startswith(
        "Children's Social Care is forecast to overspend by £100k at Month 6 2025/26.")


@pytest.mark.parametrize(("layout", "at_6", "at_12"), [
    ("appendix-7a", "Forecast outturn\n£000", "Outturn\n£000"),
    ("quarterly-monitoring", "Projected outturn\n£000", "Outturn\n£000"),
    ("mtfp-cabinet", "Forecast 2025/26\n£000", "Outturn 2025/26\n£000"),
])
def test_the_outturn_heading_at_month_12(layout: str, at_6: str, at_12: str) -> None:
    shipped = load_layout(TEMPLATES / f"{layout}.toml")
    values = {"authority": "A", "service": "S", "year": "2025/26", "units": "£000"}
    assert shipped.heading("outturn", month="6", **values) == at_6
    assert shipped.heading("outturn", month="12", **values) == at_12


def test_the_bridge_reconciling_step_at_month_12_is_not_timing() -> None:
    sheets = _manual(12, [{"line": "Legal", "budget": 1000, "actual_to_date": 1100, "forecast": 1100,
                           "method": "manual"}])
    results = run_engine(inputs_from_sheets(sheets, "m12"))
    item = BridgeItem("placements_timing", "Placements: spend to date vs today's run rate (timing)", 459.0)
    assert bridge_label(item, results) == "Placements: actual spend against the drivers' full-year cost"
    staffing = BridgeItem("staffing_timing", "Staffing: recruitment and spend to date (timing)", 10.0)
    assert "timing" not in bridge_label(staffing, results)
    at_6 = run_engine(inputs_from_sheets(_manual(6, sheets["Budget"]), "m6"))
    assert bridge_label(item, at_6) == item.label  # in the year it is the timing of spend


@pytest.mark.parametrize(("key", "amount", "words"), [
    ("placements_budget_basis", 153.0, "budget set below the cost of its own assumptions"),
    ("placements_budget_basis", -153.0, "budget set above the cost of its assumptions"),
    ("staffing_budget_basis", -20.0, "budget set above the cost of the full establishment"),
    ("staffing_vacancy_saving", -50.0, "vacancy saving"),
    ("staffing_vacancy_saving", 50.0, "posts filled above the establishment"),
    ("staffing_agency_premium", -5.0, "agency cover costs less than employees"),
    ("placements_budget_basis", 0.2, "budget set below the cost of its own assumptions"),  # rounds to nothing
])
def test_bridge_labels_follow_the_sign(key: str, amount: float, words: str) -> None:
    results = run_engine(inputs_from_sheets(_manual(6, [{"line": "L", "budget": 10, "actual_to_date": 5,
                                                          "forecast": 10, "method": "manual"}]), "x"))
    engine_label = {"placements_budget_basis": "Placements: budget set below the cost of its own assumptions"}
    item = BridgeItem(key, engine_label.get(key, "Staffing: vacancy saving"), amount)
    assert bridge_label(item, results).endswith(words)


# -- Previous variance names its period ------------------------------------------------------------------------


def test_previous_variance_names_its_period() -> None:
    lines = [{"line": "L", "budget": 10, "actual_to_date": 5, "forecast": 10, "method": "manual"}]
    p4 = run_engine(inputs_from_sheets(_manual(4, lines), "p4"))
    assert previous_label(p4) == "Month 3"  # default: P − 1
    rolled = run_engine(inputs_from_sheets(_manual(6, lines, previous_period=3), "p6"))
    assert previous_label(rolled) == "Month 3"  # Settings previous_period (roll --to 6 from Month 3)
    values = {"authority": "A", "service": "S", "year": "2025/26", "month": "6", "units": "£000"}
    assert Layout().heading("previous_variance", previous="Month 3", **values) == "Previous variance (Month 3)\n£000"


# -- RAG key, Cover, Scenarios and Risk rows in words ----------------------------------------------------------


@pytest.mark.slow
def test_the_revenue_summary_prints_a_rag_key_with_its_thresholds(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "example.xlsx"
    assert run_cli("build", ROOT / "inputs" / "example.xlsx", "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["Revenue Summary"]
    texts = {c.value: c.row for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    key = next(t for t in texts if t.startswith("RAG key"))
    # the example: variance_amber 2%, variance_red 5%, an underspend green
    assert "Green: 2% or less or an underspend; Amber: over 2% up to 5%; Red: over 5%" in key
    import re
    import zipfile

    book = zipfile.ZipFile(out).read("xl/workbook.xml").decode()
    last_printed = int(re.search(r"'Revenue Summary'!\$?[A-Z]*\$?\d+:\$?[A-Z]*\$?(\d+)", book).group(1))
    assert texts[key] <= last_printed  # printed, under the table
    savings = openpyxl.load_workbook(out)["Savings"]
    assert any(str(c.value).startswith("RAG key: the delivery rating") for row in savings.iter_rows() for c in row)


def test_a_missing_prepared_by_prints_nothing(run_cli, tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Settings"] = [r for r in sheets["Settings"] if r["setting"] != "prepared_by"]
    source = write_workbook(tmp_path / "in.xlsx", sheets)
    out = tmp_path / "out.xlsx"
    assert run_cli("build", source, "-o", out).exit_code == 0
    cover = [str(c) for row in openpyxl.load_workbook(out)["Cover"].iter_rows(values_only=True) for c in row if c]
    assert "Prepared by" not in cover and not any("not given" in c for c in cover)
    assert not any("SOURCE_DATE_EPOCH" in c for c in cover)


def test_scenario_and_risk_rows_in_words() -> None:
    assert row_words("*") == "every row" and row_words("Child Protection") == "Child Protection"
    assert row_words("pay_award", "Settings") == "Pay award a year"
    assert column_words("fte_agency") == "agency FTE" and column_words("budget 2026/27") == "budget 2026/27"
    assert column_words("some_new_code") == "some new code"
    assert op_words("scale") == "multiply by"
    assert "pert" not in distribution_words("pert").lower()


# -- the story: investments, reserves --------------------------------------------------------------------------


def test_enfields_narrative_tells_its_two_investments() -> None:
    """Enfield's Cabinet paper (Nov 2018): a one-off £600k from reserves this year, and £1m ongoing from 2019/20
    for 18 frontline posts."""
    text = narrative(run_engine(load_inputs(ROOT / "inputs" / "enfield-2018-19-q2.xlsx")))
    assert "The plan includes two investments: " in text
    assert "£600k one-off in 2018/19, funded from reserves" in text
    assert "£1,000k a year ongoing from 2019/20, funded from the base budget, for 18 FTE Social Worker posts" in text
    assert len(text) < 3000


def test_the_examples_reserves_sentence_names_the_year_if_gaps_were_met() -> None:
    # the example: reserves_opening 2,500; the 2025/26 gap is 2,874 > 2,500, so met from reserves they run out
    # in 2025/26; on the planned draws (1,500 in 2025/26) 1,000 is left at the end of the plan
    results = run_engine(load_inputs(ROOT / "inputs" / "example.xlsx"))
    assert results.settings.reserves_opening == 2500 and results.mtfp[0].gap > 2500
    text = narrative(results)
    assert "if each year's gap were met from reserves they would run out in 2025/26" in text
    assert "The planned draws leave £1,000k in reserves at the end of 2029/30" in text


# -- validate asks for a comment -------------------------------------------------------------------------------


def test_validate_warns_for_a_red_or_amber_line_without_a_comment(run_cli, tmp_path: Path) -> None:
    # amber above 2%, red above 5% (the defaults): Red 120 on 100 = 20% (red); Amber 1,030 on 1,000 = 3%;
    # Explained 150 on 100 = 50% but has a comment; Green 1,010 on 1,000 = 1%; Under 80 on 100 is green
    lines = [
        {"line": "Red", "budget": 100, "actual_to_date": 60, "forecast": 120, "method": "manual"},
        {"line": "Amber", "budget": 1000, "actual_to_date": 500, "forecast": 1030, "method": "manual"},
        {"line": "Explained", "budget": 100, "actual_to_date": 60, "forecast": 150, "method": "manual",
         "comment": "Two court cases"},
        {"line": "Green", "budget": 1000, "actual_to_date": 500, "forecast": 1010, "method": "manual"},
        {"line": "Under", "budget": 100, "actual_to_date": 40, "forecast": 80, "method": "manual"},
    ]
    source = write_workbook(tmp_path / "in.xlsx", _manual(6, lines))
    result = run_cli("validate", source)
    assert result.exit_code == 0, result.output
    assert "line 'Red' is red (net variance 20" in result.output and "20.0% of its budget" in result.output
    assert "line 'Amber' is amber" in result.output
    for quiet in ("'Explained'", "'Green'", "'Under'"):
        assert f"line {quiet} is" not in result.output


# -- mtfp-cabinet: the MTFP first ------------------------------------------------------------------------------


@pytest.mark.slow
def test_mtfp_cabinet_puts_the_mtfp_first_after_cover_and_contents(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "cabinet.xlsx"
    assert run_cli("build", ROOT / "inputs" / "example.xlsx", "--layout", "mtfp-cabinet", "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == ["Cover", "Contents", "MTFP", "Revenue Summary"]
    assert book.active.title == "MTFP"
    contents = [r[0] for r in book["Contents"].iter_rows(values_only=True) if r[0] in book.sheetnames]
    assert contents[1:3] == ["Cover", "MTFP"], contents  # A1 its title, then the sheets in the order they print
    # the MTFP's formulas still refer to the Revenue Summary written before it
    out7a = tmp_path / "appendix.xlsx"
    assert run_cli("build", ROOT / "inputs" / "example.xlsx", "-o", out7a).exit_code == 0
    assert openpyxl.load_workbook(out7a, read_only=True).sheetnames[2] == "Revenue Summary"
