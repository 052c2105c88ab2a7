"""Issue 20 item 7: `roll` keeps what it does not read, and the year-end roll of outputs.md rev 3 always validates."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from factory import minimal_sheets, rewrite_parts, write_workbook
from forecast.inputs import check_inputs, load_inputs
from forecast.monthly.roll import roll

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "inputs").glob("*.xlsx")) + sorted((ROOT / "inputs" / "monthly").glob("*.xlsx"))
MONTH_12 = ROOT / "inputs" / "monthly" / "eastbrook-2025-26-m12.xlsx"


def _errors(path: Path) -> list[str]:
    _inputs, problems = check_inputs(path)
    return [str(p) for p in problems if p.severity == "error"]


def test_the_shipped_month_12_rolls_into_a_year_that_validates_with_no_earmark(tmp_path: Path) -> None:
    before = load_inputs(MONTH_12)
    assert any(b.earmarked for b in before.budget)  # the example earmarks 150 for its improvement plan
    target = roll(MONTH_12, tmp_path / "m0.xlsx").path
    assert _errors(target) == []
    after = load_inputs(target)
    assert (after.settings.financial_year, after.settings.period) == (before.settings.financial_year + 1, 0)
    assert all(b.earmarked == 0 for b in after.budget)
    assert after.settings.previous_period is None  # previous_variance is cleared at year end
    # weekly costs × (1 + placement_inflation), salaries and agency rates × (1 + pay_award)
    i, p = before.settings.placement_inflation, before.settings.pay_award
    for old, new in zip(before.placements, after.placements, strict=True):
        assert new.weekly_cost == pytest.approx(old.weekly_cost * (1 + i))
    for old_s, new_s in zip(before.staffing, after.staffing, strict=True):
        assert new_s.salary == pytest.approx(old_s.salary * (1 + p))
        if old_s.agency_hourly_rate is not None:
            assert new_s.agency_hourly_rate == pytest.approx(old_s.agency_hourly_rate * (1 + p))
    book = openpyxl.load_workbook(target)
    placements = book["Placements"]
    headers = [c.value for c in placements[1]]
    for column in ("weekly_cost", "budget_children", "budget_weekly_cost"):
        cell = placements.cell(2, headers.index(column) + 1)
        assert cell.comment is not None and "to update" in cell.comment.text, column
    staffing = book["Staffing"]
    headers = [c.value for c in staffing[1]]
    assert "to update" in staffing.cell(2, headers.index("fte_budget") + 1).comment.text
    notes = {r[0].value: r[2].value for r in book["Settings"].iter_rows(min_row=2) if len(r) > 2}
    assert notes.get("mtfp_years") == "2026/27 to 2028/29"  # was "2025/26 to 2027/28"


@pytest.mark.slow
@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_example_rolls_to_year_end_and_on_and_validates(tmp_path: Path, source: Path) -> None:
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    if load_inputs(path).settings.period < 12:
        path = roll(path, tmp_path / "m12.xlsx", to=12).path
        assert _errors(path) == [], path
    path = roll(path, tmp_path / "m0.xlsx").path  # into the next year
    assert _errors(path) == [], path
    assert all(b.earmarked == 0 for b in load_inputs(path).budget)
    path = roll(path, tmp_path / "m1.xlsx").path  # and on into its first month
    assert _errors(path) == [], path
    assert load_inputs(path).settings.previous_period == 0


def _calculated(path: Path) -> Path:
    return rewrite_parts(path, lambda name, data: data.replace(b' fullCalcOnLoad="1"', b"")
                         if name == "xl/workbook.xml" else data)


def test_roll_keeps_a_users_own_read_me_and_error_cells_as_excel_shows_them(tmp_path: Path) -> None:
    def dress(book: Any, sheets: dict[str, Any]) -> None:
        own = book.add_worksheet("read me")
        own.write(0, 0, "Our team's notes: ask Sam before changing Placements")
        workings = book.add_worksheet("Workings")
        workings.write(0, 0, "lookup")
        workings.write_formula(1, 0, "=NA()", None, "#N/A")

    source = _calculated(write_workbook(tmp_path / "m6.xlsx", minimal_sheets(), dress))
    target = roll(source, tmp_path / "m7.xlsx").path
    book = openpyxl.load_workbook(target)
    own = next(ws for ws in book.worksheets if ws.title.lower() == "read me")
    assert own["A1"].value == "Our team's notes: ask Sam before changing Placements"
    assert "forecast read me" in book.sheetnames  # the roll's own notes go beside it
    assert book["Workings"]["A2"].value == "#N/A"
    assert _errors(target) == []
    again = roll(target, tmp_path / "m8.xlsx").path  # and again: neither read me is lost or doubled
    book = openpyxl.load_workbook(again)
    assert sorted(n.lower() for n in book.sheetnames if "read me" in n.lower()) == ["forecast read me", "read me"]


def test_year_end_drops_the_changes_naming_what_it_dropped_and_keeps_saving_years_consistent(
        tmp_path: Path) -> None:
    sheets = copy.deepcopy(minimal_sheets())
    sheets["Settings"][2]["value"] = 12
    sheets["Budget"][0]["earmarked"] = 40
    sheets["Savings"].append({"name": "Closed-year saving", "year": "2025/26", "amount": 30, "rag": "green"})
    sheets["Investments"].append({"name": "Hub", "kind": "ongoing", "amount": 40, "start_year": "2025/26",
                                  "funding": "base", "annual_saving": 10, "saving_start_year": "2025/26",
                                  "saving_end_year": "2025/26"})
    sheets["Scenarios"] += [
        {"scenario": "Slip", "sheet": "Savings", "row": "Closed-year saving", "column": "amount", "op": "scale",
         "value": 0.5},
        {"scenario": "Slip", "sheet": "Investments", "row": "Edge of care", "column": "amount", "op": "scale",
         "value": 1.2},
    ]
    sheets["Risks"].append({"sheet": "Investments", "row": "Edge of care", "column": "amount", "op": "scale",
                            "low": 0.9, "likely": 1, "high": 1.3})
    source = write_workbook(tmp_path / "m12.xlsx", sheets)
    report = roll(source, tmp_path / "m0.xlsx")
    assert _errors(report.path) == []
    after = load_inputs(report.path)
    assert [s.scenario for s in after.scenarios] == ["High demand"]  # both Slip rows named what was dropped
    assert [(r.sheet, r.row) for r in after.risks] == [("Placements", "*")]
    notes = "\n".join(report.rolled.notes)
    assert "Scenarios: dropped the rows naming what the roll dropped" in notes and "Closed-year saving" in notes
    assert "Risks: dropped the rows naming what the roll dropped" in notes and "Edge of care" in notes
    hub = next(i for i in after.investments if i.name == "Hub")
    # the saving ran 2025/26 only: none is left in the new plan, and no year of it is the closed one
    assert (hub.start_year, hub.annual_saving, hub.saving_start_year, hub.saving_end_year) == (2026, 0.0, None, None)
    assert all(b.earmarked == 0 for b in after.budget)


def test_an_action_paid_for_by_a_dropped_investment_keeps_the_action_without_the_investment(tmp_path: Path) -> None:
    # 'Edge of care' is one-off in 2025/26: the roll from Month 12 2025/26 drops it, and the Actions row naming
    # it would then fail validate ("not a row of the Investments sheet"); the action itself goes on
    import datetime as dt

    sheets = copy.deepcopy(minimal_sheets())
    sheets["Settings"][2]["value"] = 12
    sheets["Actions"] = [
        {"section": "1. Leadership", "action": "Edge of care team", "due": dt.date(2026, 6, 30), "status": "on track",
         "investment": "edge of\u00a0CARE"},  # one spelling of the dropped name, by the one name rule
        {"section": "1. Leadership", "action": "Board meets monthly", "due": dt.date(2026, 9, 30),
         "status": "not started"},
    ]
    report = roll(write_workbook(tmp_path / "m12.xlsx", sheets), tmp_path / "m0.xlsx")
    assert _errors(report.path) == []
    actions = load_inputs(report.path).actions
    assert [(a.action, a.investment) for a in actions] == [("Edge of care team", None), ("Board meets monthly", None)]
    assert any(n.startswith("Actions: the investment cleared where the roll dropped it from Investments: row 2 (")
               and "edge of" in n.casefold()
               for n in report.rolled.notes), report.rolled.notes
