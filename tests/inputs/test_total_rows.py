"""Issue 20 item 1: a total row pasted with the ledger is an error at its cell, never one more line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from factory import minimal_sheets, rewrite_parts, write_workbook
from forecast.inputs import check_inputs
from forecast.inputs.validate import reads_like_total


def _calculated(path: Path) -> Path:
    """As Excel saves it: the formulas' values are cached (no recalculation asked on opening)."""
    return rewrite_parts(path, lambda name, data: data.replace(b' fullCalcOnLoad="1"', b"")
                         if name == "xl/workbook.xml" else data)


def _errors(path: Path) -> list[str]:
    inputs, problems = check_inputs(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert inputs is None if errors else True
    return errors


def test_a_budget_row_of_sums_is_refused_at_its_cell(tmp_path: Path) -> None:
    # The ledger's lines 1000 + 500 + 200 = 1700; a pasted total row would make the service budget 3400.
    sheets = copy.deepcopy(minimal_sheets())
    sheets["Budget"].append({"line": "Children's Social Care", "budget": None, "actual_to_date": None})

    def dress(book: Any, sheets_by_name: dict[str, Any]) -> None:
        budget = sheets_by_name["Budget"]
        budget.write_formula(4, 1, "=SUM(B2:B4)", None, 1700)  # B5 = 1000 + 500 + 200
        budget.write_formula(4, 2, "=SUM(C2:C4)", None, 830)  # C5 = 480 + 260 + 90

    path = _calculated(write_workbook(tmp_path / "sum.xlsx", sheets, dress))
    errors = _errors(path)
    assert len(errors) == 1, errors
    assert errors[0].startswith("Budget!B5: adds up the rows above"), errors
    assert "also C5" in errors[0] and "a total row is not a line" in errors[0]


def test_a_row_named_like_a_total_is_refused_on_each_sheet(tmp_path: Path) -> None:
    sheets = copy.deepcopy(minimal_sheets())
    sheets["Budget"].append({"line": "Total Children's Social Care", "budget": 1700, "actual_to_date": 830})
    sheets["Placements"].append({"line": "Placements", "placement_type": "Sub-total", "children": 22,
                                 "weekly_cost": 900})
    sheets["Staffing"].append({"line": "Social workers", "team": "Assessment", "role": "Grand  TOTAL",
                               "fte_budget": 10, "fte_permanent": 8, "salary": 40000})
    errors = _errors(write_workbook(tmp_path / "named.xlsx", sheets))
    assert [e.split(":")[0] for e in errors] == ["Budget!A5", "Placements!B4", "Staffing!C3"], errors
    assert all("reads like a total: a total row is not a line: remove it, totals are computed" in e for e in errors)


def test_what_reads_like_a_total() -> None:
    # the rule reads the key; a line that merely mentions totals mid-name is a line
    assert reads_like_total("Total") and reads_like_total("sub total") and reads_like_total("Placements total")
    assert reads_like_total("Grand\u00a0Total") and reads_like_total("Subtotal") and reads_like_total("TOTALS")
    assert not reads_like_total("Totally independent living") and not reads_like_total("Total-care respite")
    # a ledger's total row often carries punctuation: the word is still the whole first or last word
    assert reads_like_total("Total:") and reads_like_total("TOTAL - CSC") and reads_like_total("Total (net)")
    assert reads_like_total("Placements total:") and reads_like_total("Placements (total)")
    assert not reads_like_total("Totalling adjustments") and not reads_like_total("Non-total")
