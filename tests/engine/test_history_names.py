"""Issue 20 item 2: `forecast history` matches lines by the one name rule, as `compare` does."""

from __future__ import annotations

from pathlib import Path

from factory import minimal_sheets, with_cell, write_workbook

import forecast


def test_a_line_spelt_two_ways_across_months_is_one_line(tmp_path: Path) -> None:
    m3 = with_cell(with_cell(minimal_sheets(), "Settings", 2, "value", 3), "Budget", 2, "line", "Other costs")
    m6 = with_cell(minimal_sheets(), "Budget", 2, "line", "Other\u00a0 Costs")
    files = [write_workbook(tmp_path / "m3.xlsx", m3), write_workbook(tmp_path / "m6.xlsx", m6)]
    result = forecast.history(files)
    others = [x for x in result.lines if "other" in x.line.lower()]
    assert len(others) == 1, [x.line for x in result.lines]
    assert others[0].line == "Other\u00a0 Costs"  # as the latest file spells it
    # a budget line forecasts its budget: outturn 200 at Month 3 and at Month 6
    assert others[0].outturn == {3: 200.0, 6: 200.0}
    assert len(result.lines) == 3
