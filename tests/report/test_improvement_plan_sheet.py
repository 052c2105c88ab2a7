"""The Improvement Plan sheet, written test-only (it is not in the registry yet) into a workbook of its own.

The sheet writer gets a ``Context`` built as ``write_workbook`` builds one,
for the main example's results, and the example plan of ``actions_support``.
Cached values are read back with openpyxl; the chart XML is read from the zip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from actions_support import CP_CASELOAD, EXAMPLE_ROWS, action_rows, example_history, history_rows
from forecast import api
from forecast.engine.actions import ImprovementPlan, improvement_plan
from forecast.engine.results import Results
from forecast.inputs.actions import ActionRow
from forecast.report.context import BuildInfo, CellMap, Context
from forecast.report.formats import Formats
from forecast.report.layout import Layout
from forecast.report.sheets import improvement_plan as sheet
from forecast.report.workbook import WORKBOOK_OPTIONS

EXAMPLE = Path(__file__).parents[2] / "inputs" / "example.xlsx"


@pytest.fixture(scope="module")
def results() -> Results:
    return api.run(EXAMPLE)


def build(results: Results, plan: ImprovementPlan) -> bytes:
    fh = io.BytesIO()
    workbook = xlsxwriter.Workbook(fh, WORKBOOK_OPTIONS)
    layout = Layout()
    info = BuildInfo("example.xlsx", "", "test", dt.datetime(2025, 9, 30), layout.source)
    ctx = Context(workbook, Formats(workbook, layout), layout, results, info, cells=CellMap((sheet.NAME,)))
    ctx.cells.begin(sheet.NAME)
    sheet.write_plan(ctx, plan)
    workbook.close()
    return fh.getvalue()


def example_plan(results: Results) -> ImprovementPlan:
    history = tuple(history_rows(example_history()))
    money = {i.name: (i.cost, i.saving) for i in results.investments}
    s = results.settings
    return improvement_plan(action_rows(EXAMPLE_ROWS), s.financial_year, s.period, history, s.trend_months,
                            money)


def test_sheet_shows_sections_actions_money_and_key(results: Results) -> None:
    plan = example_plan(results)
    data = build(results, plan)
    ws = openpyxl.load_workbook(io.BytesIO(data), data_only=True)[sheet.NAME]
    values = [tuple(row) for row in ws.iter_rows(values_only=True)]
    assert values[0][0] == "Improvement Plan – Children's Social Care"
    top = sheet.TOP
    assert values[top][:7] == ("Section", "RAG", "Green", "Amber", "Red", "Actions", "Overdue")
    # cached values of the live formulas: worked by hand in test_improvement_plan's main-example test
    assert [values[top + 1 + i][:7] for i in range(3)] == [
        ("1. Leadership and governance", "Red", 1, 0, 1, 2, 1),
        ("2. Quality of practice", "Amber", 0, 2, 0, 2, 0),
        ("3. Workforce", "Red", 2, 0, 1, 3, 0),
    ]
    assert values[top + 4][:7] == ("All sections", None, 3, 2, 2, 7, 1)
    flat = [v for row in values for v in row if v is not None]
    assert "Refresh the performance scorecard the board reviews" in flat
    scorecard = next(row for row in values if row[1] == "Refresh the performance scorecard the board reviews")
    assert scorecard[4:7] == ("On track", "Red", "Yes")  # RAG as text; overdue flagged
    caseload = next(row for row in values if row[8] == CP_CASELOAD)
    assert caseload[9] == pytest.approx(18.6) and caseload[10] == 18 and caseload[11] == "lower"
    assert caseload[14:16] == ("No", "Yes")  # not met yet, on course
    assert any(isinstance(v, str) and v.startswith("Red: off track, or overdue") for v in flat)
    assert any(isinstance(v, str) and "30 December 2025" in v for v in flat)  # the amber window's end
    assert any(isinstance(v, str) and v.startswith("The investments the actions name") for v in flat)
    posts = next(row for row in values if row[1] == "Additional frontline social workers")
    invest = next(i for i in results.investments if i.name == "Additional frontline social workers")
    years = len(results.years)
    assert list(posts[2:2 + years]) == pytest.approx(list(invest.cost))
    assert list(posts[2 + years:2 + 2 * years]) == pytest.approx(list(invest.saving))


def test_formulas_count_over_the_actions_table(results: Results) -> None:
    plan = example_plan(results)
    ws = openpyxl.load_workbook(io.BytesIO(build(results, plan)))[sheet.NAME]
    green = ws.cell(sheet.TOP + 2, 3).value
    assert isinstance(green, str) and green.startswith("=SUMPRODUCT(") and '="Green"' in green
    assert ws.cell(sheet.TOP + 2, 2).value == '=IF(E7>0,"Red",IF(D7>0,"Amber","Green"))'


def test_one_chart_per_measure_with_titles_from_cells_never_from_input_text(results: Results) -> None:
    history = tuple(history_rows(example_history())) + tuple(
        r for r in history_rows(((dt.date(2025, 9, 1), "Sheet1!A1", 5.0),)))
    rows = [*action_rows(EXAMPLE_ROWS),
            ActionRow("4. Tricky", "=HYPERLINK(\"http://x\")", dt.date(2026, 1, 1), "on track", measure="Sheet1!A1",
                      target=3.0, target_date=dt.date(2026, 3, 31), direction="down", cell="Actions!B9")]
    s = results.settings
    plan = improvement_plan(rows, s.financial_year, s.period, history)
    data = build(results, plan)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = "".join(z.read(n).decode() for n in charts)
        drawing = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    assert len(charts) == 3  # caseload, timeliness, and the measure named like a reference
    formulas = re.findall(r"<c:f>([^<]*)</c:f>", xml)
    assert formulas and all(f.startswith("'Improvement Plan'!") for f in formulas)  # never Sheet1!A1
    assert "Sheet1!A1: latest, target and projection" in xml  # the title's cached text, literal
    assert 'descr="Line chart of Child Protection caseload' in drawing  # alt text
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet.NAME]
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert '=HYPERLINK("http://x")' in cells  # input text written as text, not a formula
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')


def test_a_measure_not_in_history_shows_without_a_latest_value(results: Results) -> None:
    row = ActionRow("1. Leadership", "Referrals", dt.date(2026, 1, 1), "on track", measure="referrals",
                    target=10.0, cell="Actions!B2")
    s = results.settings
    plan = improvement_plan([row], s.financial_year, s.period)
    ws = openpyxl.load_workbook(io.BytesIO(build(results, plan)), data_only=True)[sheet.NAME]
    found = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Referrals")
    assert found[9] == "not in History" and found[14] is None and found[15] is None
