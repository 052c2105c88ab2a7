"""The variance narrative: Blackpool's 10.1 wording from engine figures, and the other directions."""

from __future__ import annotations

from pathlib import Path

from factory import Sheets, minimal_sheets
from forecast.engine import run
from forecast.inputs import inputs_from_sheets, load_inputs
from forecast.report.narrative import money, narrative

ROOT = Path(__file__).resolve().parents[2]


def _narrative(sheets: Sheets) -> str:
    return narrative(run(inputs_from_sheets(sheets)))


def test_blackpool_reads_like_the_report() -> None:
    text = narrative(run(load_inputs(ROOT / "inputs" / "blackpool-2019-20-m4.xlsx")))
    assert text.startswith("Children's Social Care is forecast to overspend by £8,989k at Month 4 2019/20. ")
    assert (
        "When budgets were set, £3,570k was earmarked to cover the forecast overspend on Looked After Children "
        "placements. Since that time, there has been an increase in the number of children in placements, an "
        "adverse change in the mix of placements"
    ) in text
    assert "resulting in an additional pressure of £4,625k." in text
    assert (
        "In addition to this, an amount of £4,364k is included in the forecast relating to Ofsted Improvement Plan."
    ) in text


def test_an_underspend_is_explained_by_the_lines_that_underspend() -> None:
    sheets = minimal_sheets()
    sheets["Budget"] = [
        {"line": "Placements", "budget": 1000, "forecast": 900, "method": "manual"},
        {"line": "Legal", "budget": 200, "forecast": 230, "method": "manual"},
    ]
    for optional in ("Placements", "Staffing", "Recruitment"):
        sheets.pop(optional)
    assert _narrative(sheets) == (
        "Children's Social Care is forecast to underspend by £70k at Month 6 2025/26. "
        "This includes an underspend of £100k on Placements. "
        "This is partly offset by an overspend of £30k on Legal. "
        # minimal_sheets' one investment, told with its amount, kind and funding (issue 21)
        "The plan includes one investment: Edge of care (£100k one-off in 2025/26, funded from reserves)."
    )


def test_on_budget_and_small_lines_are_summed_as_other_lines() -> None:
    sheets = minimal_sheets()
    sheets["Budget"] = [
        {"line": "Big", "budget": 1000, "forecast": 1100, "method": "manual"},
        {"line": "Small", "budget": 1000, "forecast": 1002, "method": "manual"},
        {"line": "Offset", "budget": 1000, "forecast": 900, "method": "manual"},
    ]
    for optional in ("Placements", "Staffing", "Recruitment"):
        sheets.pop(optional)
    text = _narrative(sheets)
    assert text.startswith("Children's Social Care is forecast to overspend by £2k at Month 6 2025/26.")
    assert "The forecast includes £100k relating to Big." in text
    assert "This is partly offset by an underspend of £100k on Offset." in text
    assert "Other lines together show a net overspend of £2k." in text
    sheets["Budget"] = [{"line": "Flat", "budget": 1000, "forecast": 1000, "method": "manual"}]
    assert _narrative(sheets).startswith(
        "Children's Social Care is forecast to spend within its budget at Month 6 2025/26. The plan includes")


def test_money_in_the_reports_units() -> None:
    assert money(8988.98, "£000") == "£8,989k"
    assert money(-4625.4, "£000") == "£4,625k"
    assert money(1234567.8, "£") == "£1,234,568"
