"""`forecast roll`: next period's input workbook (outputs.md, "The monthly cycle (revision 2)")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from factory import minimal_sheets, with_cell, write_workbook
from forecast.engine import run
from forecast.inputs import check_inputs, load_inputs, load_inputs_and_rows
from forecast.inputs.template import TO_UPDATE_FILL

W = 365 / 7  # weeks_per_year default


def _month6(tmp_path: Path) -> Path:
    sheets = with_cell(minimal_sheets(), "Staffing", 0, "cases", 150)
    return write_workbook(tmp_path / "m6.xlsx", sheets)


def test_roll_within_the_year_copies_every_value_and_moves_the_period(tmp_path, run_cli):
    source = _month6(tmp_path)
    result = run_cli("roll", source)
    target = tmp_path / "m6-m7.xlsx"  # the default: <stem>-m<P'>.xlsx beside the inputs
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.output
    before, before_rows = load_inputs_and_rows(source)
    after, after_rows = load_inputs_and_rows(target)
    assert after.settings.period == 7 and after.settings.financial_year == 2025
    settings = {r["setting"]: r.get("value") for r in after_rows.sheets["Settings"]}
    for row in before_rows.sheets["Settings"]:
        assert settings[row["setting"]] == (7 if row["setting"] == "period" else row["value"])
    carried = {("Budget", "previous_variance"), ("Budget", "actual_previous")}
    for sheet, rows in before_rows.sheets.items():
        if sheet == "Settings":
            continue
        copied = after_rows.sheets[sheet]
        assert len(copied) == len(rows) + (3 if sheet == "History" else 0), sheet
        for old, new in zip(rows, copied, strict=False):
            for column, value in old.items():
                if (sheet, column) not in carried:
                    assert new[column] == value, (sheet, column, old)
    assert [p for p in after.settings.__dict__ if getattr(after.settings, p) != getattr(before.settings, p)] == [
        "period", "previous_period"
    ]
    assert after.settings.previous_period == 6  # previous_variance was reported at Month 6 (issue 20)


def test_previous_variance_is_the_earlier_net_variance_unrounded(tmp_path, run_cli):
    source = _month6(tmp_path)
    assert run_cli("roll", source, "-o", tmp_path / "m7.xlsx").exit_code == 0
    before = run(load_inputs(source))
    after = load_inputs(tmp_path / "m7.xlsx")
    # Placements: actual 480 + (20 × £460 + 2 × £5,288) × W × R / 1000, R = 6/12, budget 1,000 (calculations §1)
    by_hand = 480 + (20 * 460 + 2 * 5288) * W * (6 / 12) / 1000 - 1000
    rolled = {b.line: b for b in after.budget}
    assert rolled["Placements"].previous_variance == pytest.approx(by_hand, abs=1e-9)
    for line in before.lines:
        assert rolled[line.line].previous_variance == line.net_variance  # exactly: never rounded
        assert rolled[line.line].actual_previous == line.actual_to_date


def test_validate_warns_about_every_actual_nobody_refreshed(tmp_path, run_cli):
    source = _month6(tmp_path)
    run_cli("roll", source, "-o", tmp_path / "m7.xlsx")
    result = run_cli("validate", tmp_path / "m7.xlsx")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if "still equals actual_previous" in line]
    column = "D"  # line, group, budget, actual_to_date: the template's order
    assert [w.split()[1].rstrip(":") for w in warned] == [f"Budget!{column}{r}" for r in (2, 3, 4)]
    refreshed = load_inputs_and_rows(tmp_path / "m7.xlsx")[1].sheets
    refreshed["Budget"][0]["actual_to_date"] = 560.0
    write_workbook(tmp_path / "m7-edited.xlsx", refreshed)
    _, problems = check_inputs(tmp_path / "m7-edited.xlsx")
    assert [p.cell for p in problems if "still equals" in p.message] == ["D3", "D4"]


def test_history_gains_the_month_rolled_from(tmp_path, run_cli):
    run_cli("roll", _month6(tmp_path), "-o", tmp_path / "m7.xlsx")
    history = {(h.month, h.measure): h.value for h in load_inputs(tmp_path / "m7.xlsx").history}
    september = dt.date(2025, 9, 1)  # Month 6 of 2025/26
    assert history == {
        (september, "in-house fostering"): 20,
        (september, "external residential"): 2,
        (september, "Assessment"): 150,  # a team's open cases
    }


def test_the_cells_to_refresh_are_marked(tmp_path, run_cli):
    run_cli("roll", _month6(tmp_path), "-o", tmp_path / "m7.xlsx")
    book = openpyxl.load_workbook(tmp_path / "m7.xlsx")
    marked = {}
    for sheet in ("Budget", "Placements", "Staffing"):
        ws = book[sheet]
        headers = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for header, c in zip(headers, row, strict=False):
                if c.comment is not None and "to update" in c.comment.text:
                    assert c.fill.fgColor.rgb.endswith(TO_UPDATE_FILL.lstrip("#"))
                    marked.setdefault(sheet, set()).add(header)
    assert marked == {
        "Budget": {"actual_to_date"},
        "Placements": {"children", "weekly_cost"},
        "Staffing": {"fte_permanent", "fte_agency", "cases"},
    }
    read_me = " ".join(str(c.value) for c in book["Read me"]["A"] if c.value)
    assert "m6.xlsx" in read_me and "Orange cells are to update" in read_me


def test_recruits_in_post_by_the_end_of_the_new_period_are_listed(tmp_path, run_cli):
    source = _month6(tmp_path)  # one recruit starting 1 December 2025 (Month 9)
    to_8 = run_cli("roll", source, "--to", 8, "-o", tmp_path / "m8.xlsx")
    to_9 = run_cli("roll", source, "--to", 9, "-o", tmp_path / "m9.xlsx")
    assert "now in post" not in to_8.output
    assert "Recruitment!A2: 1 FTE Social Worker (Assessment) started 2025-12-01, now in post: add to fte_permanent" \
        in to_9.output
    assert load_inputs(tmp_path / "m9.xlsx").settings.period == 9


def test_a_rolled_workbook_builds_and_works_with_compare_and_batch(tmp_path, run_cli):
    source = _month6(tmp_path)
    run_cli("roll", source, "-o", tmp_path / "m7.xlsx")
    built = run_cli("build", tmp_path / "m7.xlsx", "-o", tmp_path / "m7-forecast.xlsx")
    assert built.exit_code == 0, built.output
    compared = run_cli("compare", source, tmp_path / "m7.xlsx", "-o", tmp_path / "m6-vs-m7.xlsx")
    assert compared.exit_code == 0, compared.output
    out = tmp_path / "batch"
    out.mkdir()
    batch = run_cli("batch", source, tmp_path / "m7.xlsx", "-o", out, "--jobs", 1)
    assert batch.exit_code == 0, batch.output
    assert (out / "m7-forecast.xlsx").exists() and (out / "m6-forecast.xlsx").exists()


def test_roll_change_one_line_build_compare_the_changed_line_explains_the_movement_first(tmp_path, run_cli):
    source = _month6(tmp_path)
    run_cli("roll", source, "-o", tmp_path / "m7.xlsx")
    sheets = load_inputs_and_rows(tmp_path / "m7.xlsx")[1].sheets
    other = next(r for r in sheets["Budget"] if r["line"] == "Other")
    other["forecast"] = 900.0  # a manual forecast of 900 against a budget of 200: +700 net variance
    write_workbook(tmp_path / "m7-edited.xlsx", sheets)
    assert run_cli("build", tmp_path / "m7-edited.xlsx", "-o", tmp_path / "out.xlsx").exit_code == 0
    result = run_cli("compare", source, tmp_path / "m7-edited.xlsx")
    assert result.exit_code == 0, result.output
    table = result.output.split("\n\n")[1].splitlines()
    assert table[1].split()[0] == "Other", result.output


def test_roll_at_year_end_starts_the_next_year(tmp_path, run_cli):
    sheets = minimal_sheets()
    sheets["Settings"][2]["value"] = 12
    budget = sheets["Budget"]
    budget[0].update({"actual_to_date": 960, "previous_variance": 10, "budget 2026/27": 1100})
    budget[1].update({"actual_to_date": 520, "budget 2026/27": 540})
    budget[2].update({"actual_to_date": 205, "method": "manual", "forecast": 205})  # no budget 2026/27
    sheets["Savings"].append({"name": "Closed-year saving", "year": "2025/26", "amount": 30, "rag": "green"})
    sheets["Investments"].append({"name": "Family group conferencing", "kind": "ongoing", "amount": 40,
                                  "start_year": "2025/26", "funding": "base"})
    sheets["History"] = [{"month": dt.date(2025, 4, 1), "measure": "in-house fostering", "value": 19}]
    source = write_workbook(tmp_path / "m12.xlsx", sheets)
    result = run_cli("roll", source)
    target = tmp_path / "m12-m0.xlsx"
    assert result.exit_code == 0, result.output
    rolled = load_inputs(target)
    assert (rolled.settings.financial_year, rolled.settings.period) == (2026, 0)
    lines = {b.line: b for b in rolled.budget}
    assert {name: b.budget for name, b in lines.items()} == {"Placements": 1100, "Social workers": 540, "Other": 200}
    assert "Budget: no 'budget 2026/27' for 1 line(s)" in result.output and "Other" in result.output
    for b in rolled.budget:
        assert (b.actual_to_date, b.previous_variance, b.forecast, b.actual_previous) == (0.0, None, None, None)
        assert b.future_budgets == {}  # the 2026/27 column became the budget
    assert lines["Other"].method == "budget"  # the manual forecast is cleared: the budget until one is typed
    assert [s.name for s in rolled.savings] == ["Step down"]
    assert "Savings: dropped the closed year 2025/26's savings: Closed-year saving (30, green)" in result.output
    investments = {i.name: i for i in rolled.investments}
    assert set(investments) == {"Family group conferencing"}  # the one-off of 2025/26 was spent
    assert investments["Family group conferencing"].start_year == 2026
    history = {(h.month, h.measure) for h in rolled.history}
    assert (dt.date(2025, 4, 1), "in-house fostering") in history  # kept
    assert (dt.date(2026, 3, 1), "in-house fostering") in history  # and Month 12 added
    assert run_cli("build", target, "-o", tmp_path / "m0-forecast.xlsx").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", 6), "--to 6: the workbook is at period 6, so it can roll only to a later month of the year (7 to 12)"),
        (("--to", 3), "--to 3: the workbook is at period 6"),
    ],
)
def test_roll_to_a_period_not_after_the_current_one_is_refused(tmp_path, run_cli, args, message):
    result = run_cli("roll", _month6(tmp_path), *args)
    assert result.exit_code == 1 and message in result.output
    assert not list(tmp_path.glob("m6-m*.xlsx"))


def test_roll_refuses_a_period_outside_the_year_as_a_usage_error(tmp_path, run_cli):
    assert run_cli("roll", _month6(tmp_path), "--to", 13).exit_code == 2


def test_a_month_12_workbook_rolls_only_to_the_next_years_period_0(tmp_path, run_cli):
    sheets = with_cell(minimal_sheets(), "Settings", 2, "value", 12)
    result = run_cli("roll", write_workbook(tmp_path / "m12.xlsx", sheets), "--to", 3)
    assert result.exit_code == 1 and "rolls into the next financial year at period 0" in result.output


def test_rolling_an_output_workbook_is_refused(tmp_path, run_cli):
    source = _month6(tmp_path)
    run_cli("build", source, "-o", tmp_path / "built.xlsx")
    result = run_cli("roll", tmp_path / "built.xlsx")
    assert result.exit_code == 1 and "this is a workbook forecast wrote" in result.output


def test_rolling_a_workbook_with_errors_lists_them_and_writes_nothing(tmp_path, run_cli):
    sheets = with_cell(minimal_sheets(), "Placements", 0, "children", "twelve")
    result = run_cli("roll", write_workbook(tmp_path / "bad.xlsx", sheets))
    assert result.exit_code == 1 and "Placements!C2" in result.output
    assert not (tmp_path / "bad-m7.xlsx").exists()


def test_roll_never_replaces_the_inputs_or_an_earlier_roll_without_force(tmp_path, run_cli):
    source = _month6(tmp_path)
    assert run_cli("roll", source, "-o", source).exit_code == 1
    assert run_cli("roll", source).exit_code == 0
    again = run_cli("roll", source)
    assert again.exit_code == 1 and "already exists" in again.output and "--force" in again.output
    assert run_cli("roll", source, "--force").exit_code == 0
