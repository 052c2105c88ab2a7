"""§12 wired into the engine run (issue 26): a list-driven line's figures, worked by hand.

2025/26 at Month 6: E = 30 Sep 2025, Y = 31 Mar 2026, k = 1000, W = 365 / 7, n = 6 months left.
- C-1: £700 a week (£100 a day), to its planned end 31 Dec: from 1 Oct, 31 + 30 + 31 = 92 days → 9.2;
  the rest of the year is 182 days (1 Oct – 31 Mar), so known end = 100 × (182 − 92) / 1000 = 9.0;
  implied to date 1 Apr – 30 Sep = 183 days → 18.3.
- C-2: £1,400 a week (£200 a day), 18 on 15 Jan 2026, so to 14 Jan: 31 + 30 + 31 + 14 = 106 days → 21.2;
  known end = 200 × (182 − 106) / 1000 = 15.2; implied 1 Jun – 30 Sep = 122 days → 24.4.
- commitments = 30.4; known_ends = 24.2; implied = 42.7 (the ledger's 42 is within 5%).
- entrants 1 a month at w = mean of the active rows = 1,050: 1 × 1050 × (365/7)/12 × 6²/2 / 1000 = 82.125.
- outturn = 42 + 30.4 + 82.125 = 154.525.
- derived: 2 children at £1,050; ΣF = 2 × 1050 × 365/7 / 1000 = 109.5; 2026/27 (inflation 5%, growth 0):
  2 × 1050 × 1.05 × 365/7 / 1000 = 114.975.
- aged out: C-2 turns 18 before 1 April 2026 → 1 in every plan year from 2026/27.
"""

from __future__ import annotations

import pytest

from children_wiring_support import LINE, sheets
from forecast.engine import run
from forecast.errors import InputError
from forecast.inputs import inputs_from_sheets
from forecast.report.children_json import children_json


def _results(data=None):
    return run(inputs_from_sheets(data or sheets(), "t.xlsx"))


def test_the_lines_outturn_is_actual_plus_commitments_plus_entrants() -> None:
    r = _results()
    line = next(x for x in r.lines if x.line == LINE)
    assert line.outturn == pytest.approx(42 + 30.4 + 82.125, abs=1e-6)
    c = r.children.line(LINE)
    assert c.commitments == pytest.approx(9.2 + 21.2, abs=1e-6)
    assert c.entrants_cost == pytest.approx(82.125, abs=1e-6)
    assert c.known_ends == pytest.approx(9.0 + 15.2, abs=1e-6)
    assert c.implied_to_date == pytest.approx(18.3 + 24.4, abs=1e-6)
    assert not any("implies" in w for w in r.warnings)


def test_children_and_weekly_cost_derived_and_later_years_follow() -> None:
    r = _results()
    (row,) = r.placements.rows
    assert (row.children, row.weekly_cost) == (2, pytest.approx(1050))
    assert row.from_list and row.remaining_cost == pytest.approx(30.4 + 82.125, abs=1e-6)
    p = r.placements.lines[LINE]
    assert p.bridge.full_year_forecast == pytest.approx(109.5, abs=1e-6)
    assert p.by_year[0] == pytest.approx(154.525, abs=1e-6)
    assert p.by_year[1] == pytest.approx(114.975, abs=1e-6)


def test_known_ends_is_its_own_variance_step_and_the_steps_still_add_up() -> None:
    r = _results()
    steps = {b.key: b.amount for b in r.variance_bridge}
    assert steps["placements_known_ends"] == pytest.approx(-24.2, abs=1e-6)
    assert steps["placements_timing"] == pytest.approx(154.525 - 109.5 + 24.2, abs=1e-6)
    assert sum(steps.values()) == pytest.approx(r.totals.net_variance, abs=1e-9)
    assert all(c.ok for c in r.checks)


def test_high_cost_and_aged_out_in_the_json_keys() -> None:
    data = children_json(_results())
    assert data["lines"][LINE] == {
        "commitments": pytest.approx(30.4), "entrants_cost": pytest.approx(82.125),
        "known_ends": pytest.approx(24.2), "implied_to_date": pytest.approx(42.7)}
    assert data["high_cost"] == [{"child": "C-2", "line": LINE, "placement_type": "supported accommodation",
                                  "weekly_cost": 1400.0, "provider": "Hill Lodge", "last_day": "2026-01-14"}]
    assert data["aged_out"] == {"2026/27": 1, "2027/28": 1, "2028/29": 1, "2029/30": 1}


def test_hidden_ids_are_row_numbers() -> None:
    data = sheets()
    data["Settings"].append({"setting": "child_ids", "value": "hide"})
    assert children_json(_results(data))["high_cost"][0]["child"] == "row 3"


def test_no_list_means_null_keys() -> None:
    data = sheets()
    del data["Children"]
    data["Placements"][0].update(children=2, weekly_cost=1050)
    found = children_json(_results(data))
    assert found["high_cost"] is None and found["aged_out"] is None
    assert found["lines"][LINE]["commitments"] is None


def test_the_ledger_far_from_the_list_is_warned() -> None:
    data = sheets()
    data["Budget"][0]["actual_to_date"] = 30  # the list implies 42.7: 12.7 apart, over 5% of 42.7
    r = _results(data)
    assert any("the list implies £43k to date, the ledger holds £30k" in w for w in r.warnings)


def test_typed_children_are_replaced_with_a_warning() -> None:
    data = sheets()
    data["Placements"][0].update(children=5, weekly_cost=900)
    r = _results(data)
    assert r.placements.rows[0].children == 2
    assert any(w.startswith("Placements!A2: children and weekly_cost typed") for w in r.warnings)


def test_a_list_type_without_a_placements_row_is_an_error_at_the_children_row() -> None:
    data = sheets()
    data["Children"][1]["placement_type"] = "external residential"
    with pytest.raises(InputError, match=r"Children!C3: child 'C-2': placement type 'external residential' has no "
                                         "Placements row"):
        _results(data)


def test_blank_children_without_a_list_is_an_error() -> None:
    data = sheets()
    del data["Children"]
    with pytest.raises(InputError, match=r"Placements!C2: children is blank"):
        _results(data)


def test_warnings_in_the_results_never_name_a_child() -> None:
    data = sheets()
    data["Children"][0]["paid_to"] = __import__("datetime").date(2025, 10, 5)  # after E: warned
    r = _results(data)
    assert any("paid_to 2025-10-05" in w for w in r.warnings)
    assert not any("C-1" in w or "C-2" in w for w in r.warnings)


def test_a_risk_run_still_works() -> None:
    from forecast.engine.risk import run_risk

    data = sheets()
    data["Risks"] = [{"sheet": "Budget", "row": LINE, "column": "actual_to_date", "op": "scale", "low": 0.9,
                      "likely": 1.0, "high": 1.1, "distribution": "triangular"}]
    risk = run_risk(inputs_from_sheets(data, "t.xlsx"), 200, 1)
    assert risk.draws == 200


def test_entrants_on_a_line_with_no_list_are_not_counted_and_warned_at_the_row() -> None:
    # The factory's Placements line has no Children rows: 20 in-house fostering at £460 and 2 external
    # residential at £5,288, Month 6, actual 480. Entrants 3 typed on the fostering row change nothing:
    # outturn = 480 + (20 × 460 + 2 × 5288) × 365/7 × 6/12 / 1000 = 480 + 19,776 × 26.0714… / 1000
    # = 480 + 515.5886 = 995.5886; and the run says why, at the row (Placements!A2).
    from factory import minimal_sheets, with_cell

    data = with_cell(minimal_sheets(), "Placements", 0, "entrants", 3)
    r = _results(data)
    line = next(x for x in r.lines if x.line == "Placements")
    assert line.outturn == pytest.approx(480 + (20 * 460 + 2 * 5288) * 365 / 7 * 6 / 12 / 1000, abs=1e-9)
    assert r.children is None  # no list: no §12 figures
    found = [w for w in r.warnings if w.startswith("Placements!A2: entrants 3")]
    assert len(found) == 1 and "not counted" in found[0], r.warnings
