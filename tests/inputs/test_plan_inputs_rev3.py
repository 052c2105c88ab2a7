"""Issue 19's inputs (inputs.md revision 3): Settings rag_underspend, child_population(_growth), Budget recurring
as a share, a negative earmark, History months after the period; `forecast init` writes them."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from factory import minimal_sheets, with_cell
from forecast.errors import InputError
from forecast.inputs import inputs_from_sheets


def _setting(sheets, name, value):
    sheets["Settings"].append({"setting": name, "value": value})
    return sheets


def test_the_new_settings_are_read() -> None:
    s = minimal_sheets()
    for name, value in (("rag_underspend", "size"), ("child_population", 31_250), ("child_population_growth", 0.01)):
        _setting(s, name, value)
    settings = inputs_from_sheets(s).settings
    assert (settings.rag_underspend, settings.child_population, settings.child_population_growth) == (
        "size", 31_250.0, 0.01)
    plain = inputs_from_sheets(minimal_sheets()).settings
    assert (plain.rag_underspend, plain.child_population, plain.child_population_growth) == ("green", None, 0.0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("child_population", 0, r"Settings!B5: child_population must be more than 0, got 0"),
        ("child_population", -5, r"Settings!B5: child_population must be a number >= 0, got -5"),
        ("rag_underspend", "always", r"Settings!B5: rag_underspend must be one of green, size"),
    ],
)
def test_a_bad_new_setting_is_an_error_at_its_cell(name, value, message) -> None:
    with pytest.raises(InputError, match=message):
        inputs_from_sheets(_setting(minimal_sheets(), name, value))


@pytest.mark.parametrize(("typed", "read"), [("yes", True), ("no", False), (0.4, 0.4), ("40%", 0.4), (0, 0.0)])
def test_recurring_is_yes_no_or_a_share(typed, read) -> None:
    inputs = inputs_from_sheets(with_cell(minimal_sheets(), "Budget", 2, "recurring", typed))
    assert inputs.budget[2].recurring == read


def test_every_bad_recurring_and_earmark_is_an_error_at_its_cell_in_one_run() -> None:
    s = with_cell(minimal_sheets(), "Budget", 0, "recurring", 1.2)
    s = with_cell(s, "Budget", 1, "recurring", "sometimes")
    s = with_cell(s, "Budget", 2, "earmarked", -10)
    with pytest.raises(InputError) as caught:
        inputs_from_sheets(s)
    text = str(caught.value)
    assert "recurring must be at most 1, got 1.2" in text
    assert "recurring must be a fraction (0.05 = 5%) or yes or no, got 'sometimes'" in text
    assert "earmarked must be at least 0, got -10" in text


def test_history_months_after_the_period_are_read_and_warned_once_per_measure() -> None:
    # period 6 of 2025/26 ends in September 2025; October and November are read, one warning for the measure
    s = minimal_sheets()
    s["History"] = [{"month": dt.date(2025, 4 + m, 1), "measure": "referrals", "value": 100 + m} for m in range(8)]
    inputs = inputs_from_sheets(s)
    assert [r.month for r in inputs.history][-2:] == [dt.date(2025, 10, 1), dt.date(2025, 11, 1)]
    after = [str(w) for w in inputs.warnings if "after the end of the current period" in str(w)]
    assert len(after) == 1
    assert "History!A8: measure 'referrals' has counts after the end of the current period (Sep 2025)" in after[0]


def test_init_writes_the_new_settings_with_notes_and_offers_yes_no_for_recurring(run_cli, tmp_path) -> None:
    path = tmp_path / "blank.xlsx"
    assert run_cli("init", path).exit_code == 0
    book = openpyxl.load_workbook(path)
    settings = {row[0].value: row for row in book["Settings"].iter_rows(min_row=2)}
    for name in ("rag_underspend", "child_population", "child_population_growth"):
        assert name in settings
    budget = book["Budget"]
    recurring = next(c.column_letter for c in budget[1] if c.value == "recurring")
    offered = [v for v in budget.data_validations.dataValidation if recurring in str(v.sqref)]
    assert offered and offered[0].formula1 == '"yes,no"'
    assert offered[0].errorStyle == "information"  # a share such as 0.4 may be typed too
