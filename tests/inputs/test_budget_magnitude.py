"""Issue 20 item 11: budgets typed in £ in a `£000` workbook are warned ("did you type £, not £000?")."""

from __future__ import annotations

import copy

from factory import minimal_sheets
from forecast.inputs import inputs_from_sheets


def _warnings(sheets: dict[str, list[dict[str, object]]]) -> list[str]:
    return [str(w) for w in inputs_from_sheets(sheets).warnings if "did you type £" in w.message]


def test_a_service_budget_over_a_billion_in_thousands_is_warned() -> None:
    sheets = copy.deepcopy(minimal_sheets())
    for row, pounds in zip(sheets["Budget"], (1_000_000, 500_000, 200_000), strict=True):
        row["budget"] = pounds  # £1.7m typed in £: 1,000,000 + 500,000 + 200,000 = 1,700,000 (£000) = £1.7bn
    found = _warnings(sheets)
    assert len(found) == 1 and found[0].startswith("Budget!B1: the service budget adds up to 1,700,000 (£000)")


def test_a_budget_just_at_a_billion_or_in_pounds_is_not_warned() -> None:
    sheets = copy.deepcopy(minimal_sheets())
    sheets["Budget"][0]["budget"] = 1_000_000 - 700  # 999,300 + 500 + 200 = 1,000,000: not over
    assert _warnings(sheets) == []
    sheets["Budget"][0]["budget"] = 5_000_000
    sheets["Settings"].append({"setting": "units", "value": "£"})  # in £: £5.7m is a plain budget
    assert _warnings(sheets) == []
