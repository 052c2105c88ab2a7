"""The improvement plan wired into the product (issue 24): every figure worked by hand from §11.

The workbook is ``plan_actions_support.plan_sheets()`` (its docstring has the History). The JSON is
``improvement_words.actions_json`` on the library's Results: what ``summary --json`` carries as
``actions`` once summary.py calls it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import openpyxl
import pytest

from factory import write_workbook
from forecast import api
from forecast.inputs import load_inputs
from forecast.report.improvement_words import actions_json, narrative_sentence
from plan_actions_support import ACTIONS, plan_sheets


@pytest.fixture
def month6(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "m6.xlsx", plan_sheets())


def test_actions_json_overdue_sections_and_items(month6: Path) -> None:
    data = actions_json(api.run(load_inputs(month6)))
    assert data is not None
    assert set(data) == {"sections", "overdue", "items"}
    # overdue: only action 1 (on track, due 30 Sep 2025 = E); action 5 is complete, action 7 due in January
    assert data["overdue"] == 1
    # sections in first-appearance order under their first spelling; RAG the worst; counts by RAG
    assert data["sections"] == [
        {"section": "1. Leadership", "rag": "red", "green": 0, "amber": 1, "red": 1},
        {"section": "2. Workforce", "rag": "green", "green": 3, "amber": 0, "red": 0},
        {"section": "3. Practice", "rag": "red", "green": 0, "amber": 1, "red": 1},
    ]
    items = data["items"]
    assert [(i["action"], i["rag"], i["overdue"]) for i in items] == [
        ("Board meets monthly", "red", True),
        ("Refresh the scorecard", "amber", False),  # not started, due 30 Dec = EDATE(30 Sep, 3)
        ("Recruit social workers", "green", False),
        ("Speed up assessments", "green", False),  # not started, due 31 Dec: after the window
        ("Exit agency contracts", "green", False),
        ("Audit case files", "amber", False),
        ("Cut re-referrals", "red", False),
    ]
    assert items[3]["section"] == "2. Workforce" and items[3]["status"] == "not started"
    assert items[3]["lead"] is None and items[0]["due"] == "2025-09-30"
    assert set(items[0]) == {"section", "action", "lead", "due", "status", "rag", "overdue", "measure", "latest",
                             "target", "met", "projected", "on_course"}
    json.dumps(data, allow_nan=False)


def test_a_measure_latest_met_projected_and_on_course(month6: Path) -> None:
    items = {i["action"]: i for i in actions_json(api.run(load_inputs(month6)))["items"]}  # type: ignore[index]
    # Caseload: latest = 24 × 0.98^11 (September 2025) = 19.22 > 18: not met (lower is better).
    # ĝ = 0.98^12 − 1 from the 12-month fit; n = Sep 2025 → Mar 2026 = 6 months;
    # projected = latest × (1 + ĝ)^(6/12) = 24 × 0.98^17 = 17.02 ≤ 18: on course.
    caseload = items["Recruit social workers"]
    assert caseload["latest"] == pytest.approx(24 * 0.98**11, rel=1e-12)
    assert caseload["met"] is False
    assert caseload["projected"] == pytest.approx(24 * 0.98**17, rel=1e-9)
    assert caseload["on_course"] is True
    assert (caseload["measure"], caseload["target"]) == ("Caseload", 18.0)
    # Timeliness (higher is better): latest 60 × 1.01^11 = 66.94 < 80, projected 60 × 1.01^17 = 71.06 < 80
    timely = items["Speed up assessments"]
    assert timely["latest"] == pytest.approx(60 * 1.01**11, rel=1e-12)
    assert timely["met"] is False
    assert timely["projected"] == pytest.approx(60 * 1.01**17, rel=1e-9)
    assert timely["on_course"] is False
    # a measure not in History: no latest, nothing met or projected
    missing = items["Cut re-referrals"]
    assert (missing["measure"], missing["latest"], missing["met"], missing["projected"], missing["on_course"]) == (
        "Referrals", None, None, None, None)
    # no measure at all
    assert items["Audit case files"]["measure"] is None and items["Audit case files"]["latest"] is None


def test_without_an_actions_sheet_actions_is_null(tmp_path: Path) -> None:
    sheets = plan_sheets()
    del sheets["Actions"]
    results = api.run(load_inputs(write_workbook(tmp_path / "none.xlsx", sheets)))
    assert results.actions is None and actions_json(results) is None and narrative_sentence(results) is None


def test_the_narrative_sentence(month6: Path) -> None:
    # 3 green (3, 4, 5), 2 amber (2, 6), 2 red (1, 7), 1 overdue; then each measure with a target:
    # Caseload 19.2 (24 × 0.98^11 = 19.22) against 18 by March 2026, on course (projected 17.0);
    # Timeliness 66.9 (66.94) against 80, not on course, projected 71.1 (71.06)
    assert narrative_sentence(api.run(load_inputs(month6))) == (
        "3 of 7 improvement plan actions green, 2 amber and 2 red, 1 overdue; "
        "Caseload 19.2 against a target of 18 by March 2026, on course; "
        "Timeliness 66.9 against a target of 80 by March 2026, not on course (projected 71.1)."
    )


def test_the_improvement_plan_sheet_in_the_built_workbook(month6: Path, tmp_path: Path, run_cli) -> None:
    out = tmp_path / "out.xlsx"
    result = run_cli("build", month6, "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, data_only=True)  # the cached values of the live formulas
    names = book.sheetnames
    assert names.index("Improvement Plan") == names.index("MTFP") + 1  # after the MTFP (outputs.md)
    cells = [[c.value for c in row] for row in book["Improvement Plan"].iter_rows()]
    top = next(i for i, row in enumerate(cells) if row[0] == "Section")
    assert cells[top][:7] == ["Section", "RAG", "Green", "Amber", "Red", "Actions", "Overdue"]
    # section, RAG, green, amber, red, actions, overdue (worked above)
    assert [row[:7] for row in cells[top + 1:top + 5]] == [
        ["1. Leadership", "Red", 0, 1, 1, 2, 1],
        ["2. Workforce", "Green", 3, 0, 0, 3, 0],
        ["3. Practice", "Red", 0, 1, 1, 2, 0],
        ["All sections", None, 3, 2, 2, 7, 1],
    ]
    head = next(i for i, row in enumerate(cells) if row[:2] == ["Section", "Action"])
    assert [row[1] for row in cells[head + 1:head + 8]] == [a[1] for a in ACTIONS]
    assert [(row[5], row[6]) for row in cells[head + 1:head + 8]] == [
        ("Red", "Yes"), ("Amber", "No"), ("Green", "No"), ("Green", "No"), ("Green", "No"), ("Amber", "No"),
        ("Red", "No")]
    assert cells[head + 7][9] == "not in History"  # Referrals
    # the linked investment's money: Edge of care, one-off 100 in 2025/26 (cash, no inflation), nothing after;
    # no saving; five plan years
    money = next(row for row in cells if row[:2] == ["Recruit social workers", "Edge of care"])
    assert money[2:12] == [100, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def test_tables_gain_the_improvement_plan(month6: Path, tmp_path: Path) -> None:
    api.tables(month6, tmp_path / "tables", formats=("csv",))
    text = (tmp_path / "tables" / "improvement-plan.csv").read_text(encoding="utf-8")
    assert "Board meets monthly" in text and "Recruit social workers" in text


def _month7(tmp_path: Path, status: str = "complete", action: str = "Board meets monthly") -> Path:
    """Month 7: action 1 renamed by the one name rule and its status changed."""
    sheets = plan_sheets()
    for row in sheets["Settings"]:
        if row["setting"] == "period":
            row["value"] = 7
    sheets["Actions"][0].update(action=action, status=status)
    return write_workbook(tmp_path / "m7.xlsx", sheets)


def test_history_shows_each_sections_rag_by_period(month6: Path, tmp_path: Path, run_cli) -> None:
    month7 = _month7(tmp_path)
    result = run_cli("history", month6, month7, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    # Month 7: E = 31 Oct 2025, amber until 31 Jan 2026. 1. Leadership: action 1 complete (green), action 2 not
    # started due 30 Dec (amber) → amber. 2. Workforce: action 4 not started due 31 Dec is now inside the window
    # → amber. 3. Practice: action 7 off track → red.
    assert data["actions"] == {
        "6": {"1. Leadership": "red", "2. Workforce": "green", "3. Practice": "red"},
        "7": {"1. Leadership": "amber", "2. Workforce": "amber", "3. Practice": "red"},
    }
    out = tmp_path / "history.xlsx"
    assert run_cli("history", month6, month7, "-o", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["Improvement Plan"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=7)]
    assert rows == [["Section", "Month 6", "Month 7"], ["1. Leadership", "Red", "Amber"],
                    ["2. Workforce", "Green", "Amber"], ["3. Practice", "Red", "Red"]]


def test_history_without_actions_has_no_actions_key(tmp_path: Path, run_cli) -> None:
    sheets = plan_sheets()
    del sheets["Actions"]
    path = write_workbook(tmp_path / "m6.xlsx", sheets)
    data = json.loads(run_cli("history", path, "--json").output)
    assert "actions" not in data


def test_compare_lists_the_actions_whose_status_changed(month6: Path, tmp_path: Path, run_cli) -> None:
    # the same action under the one name rule (case, spaces), its status changed: listed once, B's spelling
    month7 = _month7(tmp_path, action="  BOARD meets\u00a0monthly ")
    comparison = api.compare(month6, month7)
    assert [(c.section, c.action, c.before, c.after) for c in comparison.actions] == [
        ("1. Leadership", "BOARD meets\u00a0monthly", "on track", "complete")]
    result = run_cli("compare", month6, month7, "-o", tmp_path / "cmp.xlsx")
    assert result.exit_code == 0, result.output
    assert "Improvement plan actions whose status changed:" in result.output
    assert "on track" in result.output and "complete" in result.output
    cells = [v for row in openpyxl.load_workbook(tmp_path / "cmp.xlsx").active.iter_rows(values_only=True)
             for v in row]
    assert "Improvement plan actions whose status changed" in cells


def test_compare_without_a_status_change_lists_none(month6: Path, tmp_path: Path) -> None:
    assert api.compare(month6, _month7(tmp_path, status="on track")).actions == ()


def _example(tmp_path: Path, name: str) -> Path:
    from forecast.inputs.examples import example_sheets

    return write_workbook(tmp_path / f"{name}.xlsx", example_sheets(name))


def test_enfields_example_carries_the_seeds_plan(tmp_path: Path) -> None:
    results = api.run(load_inputs(_example(tmp_path, "enfield-2018-19-q2")))
    data = actions_json(results)
    assert data is not None
    # Quarter 2 2018/19: E = 30 Sep 2018; every action falls due in October or November 2018 and is on track
    # or complete: all eight green, none overdue
    assert data["overdue"] == 0
    assert [(s["green"], s["amber"], s["red"]) for s in data["sections"]] == [(2, 0, 0), (3, 0, 0), (3, 0, 0)]
    (capacity,) = [i for i in results.actions.items if i.row.investment]  # type: ignore[union-attr]
    # R&A caseload: 798 open cases over 24 social workers = 33.25 (September 2018) against 18 (down): not met;
    # one month of History, so no trend and no projection
    assert capacity.row.investment == "Referral and Assessment capacity: 18 frontline posts"
    assert (capacity.measure.latest, capacity.measure.met, capacity.measure.projected) == (798 / 24, False, None)
    # the 18 posts: £1m ongoing from 2019/20 (cash), nothing in 2018/19; plan 2018/19 to 2021/22
    assert capacity.money is not None and capacity.money.cost == (0.0, 1000.0, 1000.0, 1000.0)


def test_the_main_example_has_one_measure_on_course_and_one_not(tmp_path: Path) -> None:
    inputs = load_inputs(_example(tmp_path, "example"))
    items = {i["measure"]: i for i in actions_json(api.run(inputs))["items"] if i["measure"]}  # type: ignore[index]
    for measure, on_course in (("Child Protection caseload", True), ("Assessments within 45 days (%)", False)):
        values = [h.value for h in sorted(inputs.history, key=lambda h: h.month) if h.measure == measure]
        assert len(values) == 12  # October 2024 to September 2025: a 12-month trend
        # §8 by hand: OLS of ln(value) on m = 0 … 11; ĝ = exp(12 b) − 1; n = Sep 2025 → Mar 2026 = 6
        m_bar = sum(range(12)) / 12
        y = [math.log(v) for v in values]
        y_bar = sum(y) / 12
        b = sum((m - m_bar) * (yy - y_bar) for m, yy in enumerate(y)) / sum((m - m_bar) ** 2 for m in range(12))
        projected = values[-1] * math.exp(12 * b) ** (6 / 12)
        item = items[measure]
        assert item["latest"] == values[-1]
        assert item["projected"] == pytest.approx(projected, rel=1e-9)
        assert item["on_course"] is on_course


def test_summary_json_carries_actions(month6: Path, run_cli) -> None:
    """``summary --json`` carries the plan as the engine computed it."""
    results = api.run(load_inputs(month6))
    result = run_cli("summary", month6, "--json")
    data = json.loads(result.output[result.output.index("{"):])
    assert data["actions"] == json.loads(json.dumps(actions_json(results)))
    assert data["actions"]["overdue"] == 1
