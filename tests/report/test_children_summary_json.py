"""``forecast summary --json`` carries the children list's keys (issue 26, outputs.md rev 3).

The figures are worked by hand in tests/engine/test_children_wiring.py (commitments 30.4, entrants 82.125, known_ends 24.2, implied 42.7).
"""

from __future__ import annotations

import json

import pytest

from children_wiring_support import LINE, sheets
from factory import write_workbook


def test_summary_json_has_the_lines_list_figures_high_cost_and_aged_out(run_cli, tmp_path):
    result = run_cli("summary", write_workbook(tmp_path / "in.xlsx", sheets()), "--json")
    assert result.exit_code == 0, result.output
    placements = json.loads(result.output)["placements"]
    figures = placements["lines"][LINE]
    for name, expected in (("commitments", 30.4), ("entrants_cost", 82.125), ("known_ends", 24.2),
                           ("implied_to_date", 42.7)):
        assert figures[name] == pytest.approx(expected, abs=1e-6), name
    assert [h["child"] for h in placements["high_cost"]] == ["C-2"]
    assert placements["aged_out"] == {"2026/27": 1, "2027/28": 1, "2028/29": 1, "2029/30": 1}


def test_a_high_cost_row_with_no_provider_gives_null_not_an_empty_string(run_cli, tmp_path):
    # C-2 (£1,400 a week, over the support's high_cost_weekly of £1,000) with its provider cell blank: the JSON's
    # provider is null, as every blank is in the summary, so a reader can tell "not given" from a name.
    data = sheets()
    data["Children"][1]["provider"] = None
    result = run_cli("summary", write_workbook(tmp_path / "in.xlsx", data), "--json")
    assert result.exit_code == 0, result.output
    high_cost = json.loads(result.output)["placements"]["high_cost"]
    assert [(h["child"], h["provider"]) for h in high_cost] == [("C-2", None)]
