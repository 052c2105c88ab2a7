"""Harrowfield Borough Council (fictional), Children's Social Care, Month 6 2022/23 (£000): the demand example.

The workbook a finance team keeps before it runs the Children's Services Demand Model: a small authority
of about 80 children looked after, whose placements are then driven by the model's prediction with

    forecast demand inputs/demand/prediction.xlsx inputs/harrowfield-2022-23-m6.xlsx \\
        -o inputs/demand/harrowfield-2022-23-m6-demand.xlsx

(``inputs/rebuild.py`` does exactly that). The prediction is the model's real export on its own bundled
sample data (``tests/fixtures/demand/README.md``): whole months April 2022 to March 2025, so this year's
remaining months (October 2022 to March 2023, ``demand_in_year`` yes) and the plan years 2023/24 and
2024/25 are all in it; 2025/26 and 2026/27 grow from 2024/25 by each row's growth. Today's children are
near the prediction's September 2022 level in each category (FOSTERING about 48, RESIDENTIAL 12,
SUPPORTED 7.5, OTHER 9). Parent and child placements are fostering here (``demand_category`` FOSTERING,
overriding the default OTHER from the type's name). Its scenario ``High demand`` scales today's children
and the Demand by 1.1, so it means 10% more children before and after the Demand is added. Two and a half years of History for three types put
the Demand beside the actual counts on the Demand sheet of the output.

The sample's children fall fast (it is synthetic data): the example shows the route from the model to
the cabinet workbook, not a council's forecast.
"""

from __future__ import annotations

import datetime as dt

from forecast.inputs.sheets.settings import SETTING_NAMES

LAC = "Looked after children placements"
LEAVING = "Care leavers and supported accommodation"
SOCIAL_WORK = "Social work teams"
MANAGEMENT = "Management and business support"
CARE = "Children looked after"
SUPPORT = "Social work and support"
CHILD_POPULATION = 14_200  # residents aged 0–17, for the rate per 10,000 (the plan issue's setting)


def sheets() -> dict[str, list[dict[str, object]]]:
    """Every sheet of the example, as rows of header → value."""
    return {
        "Settings": _settings(),
        "Budget": _budget(),
        "Placements": _placements(),
        "History": _history(),
        # 10% more children both before and after `forecast demand`: today's children (which drive every year
        # until there is a Demand sheet, and share it out after) and the model's forecast (no rows until then).
        "Scenarios": [
            {"scenario": "High demand", "sheet": "Placements", "row": "*", "column": "children", "op": "scale",
             "value": 1.1},
            {"scenario": "High demand", "sheet": "Demand", "row": "*", "column": "children", "op": "scale",
             "value": 1.1},
        ],
    }


def _settings() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"setting": "authority", "value": "Harrowfield Borough Council", "notes": "A fictional authority"},
        {"setting": "financial_year", "value": "2022/23"},
        {"setting": "period", "value": 6, "notes": "Month 6: actuals to the end of September 2022"},
        {"setting": "mtfp_years", "value": 5, "notes": "2022/23 to 2026/27"},
        {"setting": "units", "value": "£000"},
        {"setting": "placement_inflation", "value": 0.06},
        {"setting": "demand_in_year", "value": "yes",
         "notes": "The demand model's prediction drives October to March too"},
        {"setting": "report_title", "value": "Children's Social Care: placements from the demand model, Month 6 2022/23"},
        {"setting": "prepared_by", "value": "Finance Business Partner, Children's Services"},
    ]
    if "child_population" in SETTING_NAMES:  # the rate per 10,000 (calculations §9), once the setting exists
        rows.append({"setting": "child_population", "value": CHILD_POPULATION,
                     "notes": "Residents aged 0–17 (ONS mid-year estimate, fictional)"})
    return rows


def _budget() -> list[dict[str, object]]:
    return [
        {"line": LAC, "group": CARE, "budget": 4900, "actual_to_date": 2590, "previous_variance": 260,
         "comment": "More children in external residential than the budget assumed"},
        {"line": LEAVING, "group": CARE, "budget": 420, "actual_to_date": 225,
         "comment": "Supported accommodation prices above the budget"},
        {"line": SOCIAL_WORK, "group": SUPPORT, "budget": 2600, "actual_to_date": 1290, "method": "run_rate"},
        {"line": MANAGEMENT, "group": SUPPORT, "budget": 900, "actual_to_date": 445, "method": "budget"},
    ]


def _placements() -> list[dict[str, object]]:
    rows = (
        # line, type, children, weekly cost, budget children, budget weekly cost, growth, demand_category
        (LAC, "in-house fostering", 22, 480, 24, 470, 0.0, None),
        (LAC, "independent fostering agency", 15, 950, 13, 930, 0.02, None),
        (LAC, "kinship care", 9, 260, 10, 250, 0.03, None),
        (LAC, "parent and child", 2, 2800, 2, 2700, 0.0, "FOSTERING"),
        (LAC, "in-house residential", 3, 4300, 3, 4200, 0.0, None),
        (LAC, "external residential", 9, 5600, 8, 5400, 0.04, None),
        (LAC, "placed with parents", 9, 150, 8, 150, 0.0, None),
        (LEAVING, "supported accommodation", 7.5, 1050, 7, 1000, 0.03, None),
    )
    out: list[dict[str, object]] = []
    for line, kind, children, weekly, b_children, b_weekly, growth, category in rows:
        row: dict[str, object] = {"line": line, "placement_type": kind, "children": children, "weekly_cost": weekly,
                                  "budget_children": b_children, "budget_weekly_cost": b_weekly, "growth": growth}
        if category:
            row["demand_category"] = category
        out.append(row)
    return out


def _history() -> list[dict[str, object]]:
    """April 2020 to September 2022: three types' children at each month end (invented, near today's)."""
    months = [dt.date(2020 + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(30)]
    # type → (children in April 2020, change a month, the month in a cycle with one child more, the cycle)
    shapes: dict[str, tuple[float, float, int, int]] = {
        "in-house fostering": (27, -0.17, 0, 3),
        "independent fostering agency": (12, 0.1, 1, 4),
        "external residential": (7, 0.07, 2, 5),
    }
    return [{"month": month, "measure": kind, "value": round(start + m * step + (m % cycle == bump))}
            for kind, (start, step, bump, cycle) in shapes.items() for m, month in enumerate(months)]
