"""A small workbook whose typed Demand sheet drives placements (issue 22), shared by the engine test and the
LibreOffice recalculation check. The arithmetic is in tests/engine/test_demand_driven.py."""

from __future__ import annotations

import datetime as dt

from factory import minimal_sheets
from forecast.fy import month_start

IFA = "independent fostering agency"
W, INFL = 52.0, 0.10


def sheets(in_year: str = "yes") -> dict[str, list[dict[str, object]]]:
    demand: list[dict[str, object]] = [
        {"month": dt.date(2026, m, 1), "placement_type": IFA, "children": c} for m, c in ((1, 10), (2, 11), (3, 12))
    ]
    demand += [{"month": month_start(2026, p), "placement_type": IFA, "children": 8} for p in range(1, 13)]
    demand += [{"month": dt.date(2027, 4, 1), "placement_type": IFA, "children": 9}]
    return {
        "Settings": [
            {"setting": "authority", "value": "Testshire"},
            {"setting": "financial_year", "value": "2025/26"},
            {"setting": "period", "value": 9},
            {"setting": "mtfp_years", "value": 4},
            {"setting": "units", "value": "£"},
            {"setting": "weeks_per_year", "value": W},
            {"setting": "placement_inflation", "value": INFL},
            {"setting": "general_inflation", "value": 0},
            {"setting": "demand_in_year", "value": in_year},
        ],
        "Budget": [
            {"line": "LAC", "budget": 100_000, "actual_to_date": 60_000, "method": "placements"},
            {"line": "Leaving care", "budget": 30_000, "actual_to_date": 20_000, "method": "placements"},
            {"line": "Other", "budget": 5_000},
        ],
        "Placements": [
            {"line": "LAC", "placement_type": IFA, "children": 3, "weekly_cost": 1000, "growth": 0.10},
            {"line": "LAC", "placement_type": "in-house fostering", "children": 4, "weekly_cost": 500,
             "growth": 0.05},
            {"line": "Leaving care", "placement_type": "Independent Fostering Agency", "children": 1,
             "weekly_cost": 2000},
        ],
        "Demand": demand,
    }


def inputs_sheets() -> dict[str, list[dict[str, object]]]:
    """A council at budget setting in 2022/23 for `forecast demand` on the real prediction (tests/fixtures/demand)."""
    sheets = minimal_sheets()
    sheets["Settings"][1]["value"] = "2022/23"
    sheets["Settings"][2]["value"] = 0
    sheets["Recruitment"][0]["start"] = dt.date(2022, 12, 1)
    sheets["Investments"][0]["start_year"] = "2022/23"
    sheets["Savings"][0]["year"] = "2023/24"
    sheets["Budget"][0]["actual_to_date"] = 0
    sheets["Budget"][1]["actual_to_date"] = 0
    sheets["Budget"][2]["actual_to_date"] = 0
    sheets["Budget"].append({"line": "Care leavers", "budget": 300, "method": "placements"})
    sheets["Placements"] += [
        {"line": "Placements", "placement_type": "independent fostering agency", "children": 12, "weekly_cost": 900},
        {"line": "Care leavers", "placement_type": "In-house fostering", "children": 4, "weekly_cost": 460},
        {"line": "Care leavers", "placement_type": "supported accommodation", "children": 3, "weekly_cost": 1500,
         "demand_category": "SUPPORTED"},
    ]
    return sheets
