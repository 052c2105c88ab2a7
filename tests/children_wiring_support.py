"""A small workbook with a children list, worked by hand in tests/engine/test_children_wiring.py (issue 26)."""

from __future__ import annotations

import copy
import datetime as dt

D = dt.date
LINE = "Leaving care"

# 2025/26 at Month 6: E = 30 September 2025, Y = 31 March 2026, £000 (k = 1000), W = 365 / 7
SHEETS: dict[str, list[dict[str, object]]] = {
    "Settings": [
        {"setting": "authority", "value": "Testshire County Council"},
        {"setting": "financial_year", "value": "2025/26"},
        {"setting": "period", "value": 6},
        {"setting": "high_cost_weekly", "value": 1000},
    ],
    "Budget": [
        {"line": LINE, "budget": 100, "actual_to_date": 42, "method": "placements"},
        {"line": "Other", "budget": 200, "actual_to_date": 90},
    ],
    "Placements": [
        # children and weekly_cost blank: the list gives them
        {"line": LINE, "placement_type": "supported accommodation", "children": None, "weekly_cost": None,
         "budget_children": 2, "budget_weekly_cost": 700, "growth": 0, "entrants": 1},
    ],
    "Children": [
        # C-1: £700 a week, planned end 31 December 2025, no date of birth
        {"child": "C-1", "line": LINE, "placement_type": "supported accommodation", "weekly_cost": 700,
         "start": D(2025, 1, 1), "planned_end": D(2025, 12, 31), "provider": "Lane House"},
        # C-2: £1,400 a week, turns 18 on 15 January 2026 (costed to the 14th)
        {"child": "C-2", "line": LINE, "placement_type": "supported accommodation", "weekly_cost": 1400,
         "start": D(2025, 6, 1), "date_of_birth": D(2008, 1, 15), "provider": "Hill Lodge"},
    ],
}


def sheets() -> dict[str, list[dict[str, object]]]:
    return copy.deepcopy(SHEETS)
