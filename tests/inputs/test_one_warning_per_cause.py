"""Issue 20 item 10: `validate` gives one warning per cause with a count and the first few names, so a large
authority's real warnings are not buried (2,500 "carried forward" warnings are one)."""

from __future__ import annotations

import copy
from pathlib import Path

from factory import minimal_sheets, write_workbook

import forecast
from forecast.errors import Problem
from forecast.inputs.validate import one_per_cause


def test_a_large_authority_gets_one_carried_forward_warning(tmp_path: Path) -> None:
    sheets = copy.deepcopy(minimal_sheets())
    # 300 lines, each with a 2026/27 cash limit and none later: each would be "carried forward" once
    sheets["Budget"] += [{"line": f"Line {n}", "budget": 10, "actual_to_date": 5, "budget 2026/27": 11}
                         for n in range(300)]
    # 12 lines whose forecast is ignored (method budget): a sheet module's per-row warning
    sheets["Budget"] += [{"line": f"Ignored {n}", "budget": 10, "actual_to_date": 5, "method": "budget",
                          "forecast": 12} for n in range(12)]
    report = forecast.validate(write_workbook(tmp_path / "big.xlsx", sheets))
    assert report.ok, report.errors
    carried = [w for w in report.warnings if "carried forward" in w]
    assert len(carried) == 1 and "[300 warnings like this one; also 'Line 1', 'Line 2'" in carried[0], carried
    ignored = [w for w in report.warnings if "forecast is ignored" in w]
    assert len(ignored) == 1 and "[12 warnings like this one; also Budget!F306, Budget!F307" in ignored[0], ignored
    assert len(report.warnings) < 10, report.warnings


def test_up_to_three_of_a_cause_stay_at_their_own_cells() -> None:
    three = [Problem("Budget", f"E{n}", f"forecast is ignored because the method is budget (row {n})", "warning")
             for n in (2, 3, 4)]
    assert one_per_cause(three) == three
    four = [*three, Problem("Budget", "E5", "forecast is ignored because the method is budget (row 5)", "warning")]
    (one,) = one_per_cause(four)
    assert one.cell == "E2" and one.message.endswith("[4 warnings like this one; also Budget!E3, Budget!E4, Budget!E5]")
    error = Problem("Budget", "B2", "budget must be a number", "error")
    assert one_per_cause([error, error, error, error]) == [error] * 4  # errors are never merged
