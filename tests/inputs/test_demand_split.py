"""Splitting a prediction's categories over the Placements types (`forecast demand`): worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from forecast.inputs.demand_prediction import Prediction
from forecast.inputs.demand_split import (
    DemandRow,
    PlacementRow,
    category_of,
    default_demand_category,
    split_prediction,
)
from forecast.inputs.model import PLACEMENT_TYPES

FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def prediction(means: dict[str, tuple[float, float]]) -> Prediction:
    return Prediction(
        source="p.xlsx", sheet="Sheet1", first_day=dt.date(2026, 1, 20), last_day=dt.date(2026, 4, 3),
        months=(FEB, MAR), means=means, partial_months=(dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
        categories=tuple(means), age_bands=("A",),
    )


def test_default_categories_follow_the_types() -> None:
    expected = {
        "in-house fostering": "FOSTERING", "independent fostering agency": "FOSTERING", "kinship care": "FOSTERING",
        "in-house residential": "RESIDENTIAL", "external residential": "RESIDENTIAL", "secure": "RESIDENTIAL",
        "supported accommodation": "SUPPORTED", "placed with parents": "OTHER", "parent and child": "OTHER",
        "adoption": "OTHER", "other": "OTHER",
    }
    assert {t: default_demand_category(t) for t in PLACEMENT_TYPES} == expected
    assert default_demand_category("  Kinship  Foster Care ") == "FOSTERING"  # a council's own wording
    assert category_of(PlacementRow("L", "adoption", 1, " fostering ")) == "FOSTERING"  # a written category wins


def test_each_category_is_shared_by_todays_children_over_all_lines() -> None:
    p = prediction({"FOSTERING": (10.0, 20.0), "RESIDENTIAL": (3.0, 5.0), "SUPPORTED": (4.0, 6.0)})
    rows = [
        PlacementRow("LAC", "in-house fostering", 30),
        PlacementRow("LAC", "independent fostering agency", 6),
        PlacementRow("Care leavers", "Independent Fostering Agency", 4),  # the same type on another line
        PlacementRow("LAC", "external residential", 0),
        PlacementRow("LAC", "secure", 0),  # all RESIDENTIAL types at 0: equal shares
        PlacementRow("LAC", "adoption", 2, "FOSTERING"),  # counted in FOSTERING by its demand_category
    ]
    split = split_prediction(p, rows)
    # FOSTERING: in-house 30, IFA 6 + 4 = 10, adoption 2 → total 42
    f = {"in-house fostering": 30 / 42, "independent fostering agency": 10 / 42, "adoption": 2 / 42}
    expected = [
        DemandRow(FEB, "in-house fostering", f["in-house fostering"] * 10),
        DemandRow(FEB, "independent fostering agency", f["independent fostering agency"] * 10),
        DemandRow(FEB, "external residential", 3 / 2),
        DemandRow(FEB, "secure", 3 / 2),
        DemandRow(FEB, "adoption", f["adoption"] * 10),
        DemandRow(MAR, "in-house fostering", f["in-house fostering"] * 20),
        DemandRow(MAR, "independent fostering agency", f["independent fostering agency"] * 20),
        DemandRow(MAR, "external residential", 5 / 2),
        DemandRow(MAR, "secure", 5 / 2),
        DemandRow(MAR, "adoption", f["adoption"] * 20),
    ]
    assert [(r.month, r.placement_type) for r in split.rows] == [(r.month, r.placement_type) for r in expected]
    assert [r.children for r in split.rows] == pytest.approx([r.children for r in expected], abs=1e-12)
    # every category's children are all placed, none made up
    assert sum(r.children for r in split.rows if r.month == FEB) == pytest.approx(10 + 3)
    assert [(s.placement_type, s.category, s.children) for s in split.shares] == [
        ("in-house fostering", "FOSTERING", 30), ("independent fostering agency", "FOSTERING", 10),
        ("external residential", "RESIDENTIAL", 0), ("secure", "RESIDENTIAL", 0), ("adoption", "FOSTERING", 2)]
    assert [s.category_default for s in split.shares] == [True, True, True, True, False]
    # SUPPORTED has children and no type: warned with its number, (4 + 6) / 2 = 5 a month on average
    assert split.unmapped == {"SUPPORTED": pytest.approx(5.0)}
    assert len(split.warnings) == 1 and split.warnings[0].severity == "warning"
    assert "SUPPORTED has 5.0 expected children a month on average (4.0 in Feb 2026, 6.0 in Mar 2026)" in str(
        split.warnings[0])


def test_a_category_with_no_children_is_not_warned_and_a_type_the_prediction_lacks_is() -> None:
    p = prediction({"FOSTERING": (10.0, 20.0), "SUPPORTED": (0.0, 0.0)})
    split = split_prediction(p, [PlacementRow("LAC", "in-house fostering", 3), PlacementRow("LAC", "secure", 1)])
    assert split.unmapped == {}
    assert [r.placement_type for r in split.rows] == ["in-house fostering", "in-house fostering"]
    assert [r.children for r in split.rows] == [10.0, 20.0]  # the only FOSTERING type takes it all
    assert len(split.warnings) == 1
    assert "no RESIDENTIAL column, so 'secure'" in str(split.warnings[0])


def test_conflicting_categories_for_one_type_are_warned() -> None:
    p = prediction({"FOSTERING": (1.0, 1.0), "OTHER": (2.0, 2.0)})
    split = split_prediction(p, [PlacementRow("A", "adoption", 1, "FOSTERING"), PlacementRow("B", "adoption", 1, "OTHER")])
    assert [s.category for s in split.shares] == ["FOSTERING"]
    assert any("demand_category FOSTERING on one row and OTHER on another" in str(w) for w in split.warnings)


def test_a_children_list_line_counts_its_placements_active_at_the_period_end() -> None:
    """Today's children on a line forecast from the Children list (§12) are its placements active on
    30 September 2025 (Month 6), not the Placements cells left blank there: in-house fostering has 3 on the
    list (a fourth ended in August) and 0 typed, independent fostering agency 9 typed, so FOSTERING's 12 a
    month is shared 3/12 and 9/12 (3 and 9), not 0 and 12."""
    from forecast.api import today_placements
    from forecast.inputs import inputs_from_sheets
    from forecast.inputs.demand_workbook import placement_rows

    inputs = inputs_from_sheets({
        "Settings": [{"setting": "authority", "value": "T"}, {"setting": "financial_year", "value": "2025/26"},
                     {"setting": "period", "value": 6}],
        "Budget": [{"line": "A", "budget": 500, "actual_to_date": 200, "method": "placements"},
                   {"line": "B", "budget": 300, "actual_to_date": 150, "method": "placements"}],
        "Placements": [{"line": "A", "placement_type": "in-house fostering"},
                       {"line": "B", "placement_type": "independent fostering agency", "children": 9,
                        "weekly_cost": 900}],
        "Children": [{"child": f"C{i}", "line": "A", "placement_type": "in-house fostering", "weekly_cost": 500,
                      "start": dt.date(2024, 1, 1)} for i in range(3)]
        + [{"child": "C9", "line": "A", "placement_type": "in-house fostering", "weekly_cost": 500,
            "start": dt.date(2024, 1, 1), "planned_end": dt.date(2025, 8, 31)}],
    })
    split = split_prediction(prediction({"FOSTERING": (12.0, 12.0)}), placement_rows(inputs, today_placements(inputs)))
    assert [(s.placement_type, s.children) for s in split.shares] == [
        ("in-house fostering", 3), ("independent fostering agency", 9)]
    assert [(r.month, r.placement_type, r.children) for r in split.rows] == [
        (FEB, "in-house fostering", pytest.approx(3.0)), (FEB, "independent fostering agency", pytest.approx(9.0)),
        (MAR, "in-house fostering", pytest.approx(3.0)), (MAR, "independent fostering agency", pytest.approx(9.0))]
