"""The Actions input sheet (inputs.md rev 3, issue 24): its errors at their cells, the template, and roll."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from factory import write_workbook
from forecast.inputs import load_inputs
from forecast.inputs.template import TO_UPDATE_FILL
from plan_actions_support import ACTIONS, COLUMNS, plan_sheets


def _problems(output: str) -> list[str]:
    """Each problem line as ``error Actions!E2: …`` (the CLI pads the severity to line them up)."""
    return [" ".join(line.split(maxsplit=1)) for line in output.splitlines() if line.startswith(("error", "warning"))]


def test_bad_actions_are_errors_at_their_cells(tmp_path: Path, run_cli) -> None:
    bad = (
        # row 2: a status outside the list (E2)
        ("S", "A1", None, dt.date(2025, 12, 1), "done"),
        # row 3: a direction outside the list (J3)
        ("S", "A2", None, dt.date(2025, 12, 1), "on track", None, "Caseload", 18, dt.date(2026, 3, 31), "sideways"),
        # row 4: a due date that is not a date (D4)
        ("S", "A3", None, "soon", "on track"),
        # row 5: a target_date that is not a date (I5)
        ("S", "A4", None, dt.date(2025, 12, 1), "on track", None, "Caseload", 18, "next spring"),
        # row 6: an investment not on Investments (F6)
        ("S", "A5", None, dt.date(2025, 12, 1), "on track", "Family hubs"),
        # row 7: a target without a measure (H7)
        ("S", "A6", None, dt.date(2025, 12, 1), "on track", None, None, 18),
        # row 8: a measure not in History: warned (G8), not an error
        ("S", "A7", None, dt.date(2025, 12, 1), "on track", None, "Referrals"),
        # row 9: fine, spelt loosely: 'On Track', an investment in other case, 'DOWN'
        ("S", "A8", None, dt.date(2025, 12, 1), "On Track", "EDGE OF CARE", "caseload", 18, dt.date(2026, 3, 31),
         "DOWN"),
    )
    path = write_workbook(tmp_path / "bad.xlsx", plan_sheets(bad))
    result = run_cli("validate", path)
    assert result.exit_code == 1, result.output
    found = _problems(result.output)
    errors = [line.split(":")[0] for line in found if line.startswith("error")]
    assert errors == ["error Actions!E2", "error Actions!J3", "error Actions!D4", "error Actions!I5",
                      "error Actions!F6", "error Actions!H7"]
    assert any(line.startswith("warning Actions!G8") and "Referrals" in line and "not in History" in line
               for line in found)
    assert "Edge of care" in next(line for line in found if line.startswith("error Actions!F6"))


def test_a_valid_plan_reads_into_records_with_investments_spelt_as_on_investments(tmp_path: Path) -> None:
    rows = ((*ACTIONS[2][:5], "EDGE  of care", *ACTIONS[2][6:]),)
    inputs = load_inputs(write_workbook(tmp_path / "ok.xlsx", plan_sheets(rows)))
    (action,) = inputs.actions
    assert (action.section, action.action, action.investment, action.measure, action.target, action.direction) == (
        "2. Workforce", "Recruit social workers", "Edge of care", "Caseload", 18.0, "down")
    assert action.due == dt.date(2026, 3, 31) and action.cell == "Actions!B2"


def test_the_same_action_twice_in_a_section_is_an_error(tmp_path: Path, run_cli) -> None:
    rows = (ACTIONS[0], ("1.  LEADERSHIP", "board meets monthly", None, dt.date(2025, 12, 1), "on track"))
    result = run_cli("validate", write_workbook(tmp_path / "twice.xlsx", plan_sheets(rows)))
    assert result.exit_code == 1
    assert any(line.startswith("error Actions!A3") for line in _problems(result.output))


def test_init_writes_the_actions_sheet_with_notes_and_drop_downs(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "template.xlsx"
    assert run_cli("init", path).exit_code == 0
    ws = openpyxl.load_workbook(path)["Actions"]
    assert [c.value for c in ws[1]][:len(COLUMNS)] == list(COLUMNS)
    assert all(c.comment is not None and c.comment.text for c in ws[1][:len(COLUMNS)])
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["E2"] == '"not started,on track,at risk,off track,complete"'
    assert lists["J2"] == '"up,down"'


def test_roll_carries_the_actions_sheet_and_marks_each_status_to_update(tmp_path: Path, run_cli) -> None:
    source = write_workbook(tmp_path / "m6.xlsx", plan_sheets())
    target = tmp_path / "m7.xlsx"
    result = run_cli("roll", source, "-o", target)
    assert result.exit_code == 0, result.output
    rolled = load_inputs(target)
    assert rolled.settings.period == 7
    before = load_inputs(source).actions
    assert [(a.section, a.action, a.lead, a.due, a.status, a.investment, a.measure, a.target, a.target_date,
             a.direction) for a in rolled.actions] == [
        (a.section, a.action, a.lead, a.due, a.status, a.investment, a.measure, a.target, a.target_date,
         a.direction) for a in before]
    ws = openpyxl.load_workbook(target)["Actions"]
    header = [c.value for c in ws[1]]
    status = header.index("status") + 1
    for r in range(2, 2 + len(ACTIONS)):
        cell = ws.cell(r, status)
        # the same style as every other cell to refresh: the fill and a note, the value untouched
        assert cell.fill.fgColor.rgb.endswith(TO_UPDATE_FILL.lstrip("#").upper()), cell.coordinate
        assert cell.comment is not None and "to update for Month 7 2025/26" in cell.comment.text
        assert cell.value == ACTIONS[r - 2][4]  # as written (roll copies values, never rewrites them)
        other = ws.cell(r, header.index("due") + 1)
        assert not other.fill.fgColor.rgb.endswith(TO_UPDATE_FILL.lstrip("#").upper())
    staffing = openpyxl.load_workbook(target)["Staffing"]
    cases = [c.value for c in staffing[1]].index("fte_permanent") + 1
    assert staffing.cell(2, cases).fill.fgColor.rgb == ws.cell(2, status).fill.fgColor.rgb


def test_year_end_roll_clears_an_actions_link_to_the_investment_it_drops(tmp_path: Path, run_cli) -> None:
    # Month 12 of 2025/26: the one-off 'Edge of care' (start_year 2025/26) is spent and leaves Investments
    # (calculations §6, roll). An action still naming it would make the rolled workbook fail validate
    # ("investment not on Investments"); the action stays, its link is cleared and the roll says so.
    sheets = plan_sheets()
    sheets["Settings"] = [row if row["setting"] != "period" else {"setting": "period", "value": 12}
                          for row in sheets["Settings"]]
    sheets["Recruitment"] = []
    sheets["Actions"][0]["investment"] = "Edge of care"
    source = write_workbook(tmp_path / "m12.xlsx", sheets)
    assert load_inputs(source).actions[0].investment == "Edge of care"
    target = tmp_path / "m0.xlsx"
    result = run_cli("roll", source, "-o", target)
    assert result.exit_code == 0, result.output
    assert "Actions: the investment cleared" in result.output
    assert run_cli("validate", target).exit_code == 0
    rolled = load_inputs(target)
    assert (rolled.settings.financial_year, rolled.settings.period) == (2026, 0)
    assert [a.action for a in rolled.actions] == [row[1] for row in ACTIONS]
    assert rolled.actions[0].investment is None
