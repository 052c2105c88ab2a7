"""Small builders for engine tests: typed inputs written in Python, no workbook."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forecast.inputs.model import BudgetLine, Inputs, Investment, PlacementRow, Recruit, Saving, Settings, StaffRow


def settings(**overrides: Any) -> Settings:
    """A plain authority in £ with 52 weeks a year, so hand arithmetic stays readable."""
    base: dict[str, Any] = {
        "authority": "Testshire",
        "financial_year": 2019,
        "period": 6,
        "mtfp_years": 3,
        "units": "£",
        "weeks_per_year": 52.0,
    }
    base.update(overrides)
    return Settings(**base)


def inputs(budget: tuple[BudgetLine, ...], **parts: Any) -> Inputs:
    """Inputs with ``settings()`` unless ``settings=`` is given."""
    s = parts.pop("settings", None) or settings()
    return Inputs(settings=s, budget=budget, **parts)


def small_authority(mtfp_years: int = 3, **parts: Any) -> Inputs:
    """A small authority with a row on every sheet: Month 4 of 2019/20, in £000.

    For the scenario and risk tests, which change its rows; ``parts`` add or
    replace whole sheets (``scenarios=``, ``risks=``).
    """
    sheets: dict[str, Any] = {
        "settings": Settings(authority="Testshire", financial_year=2019, period=4, mtfp_years=mtfp_years),
        "budget": (
            BudgetLine("LAC placements", 20_000.0, "placements", actual_to_date=7_000.0, earmarked=1_000.0),
            BudgetLine("Social work teams", 8_000.0, "staffing", future_budgets={2020: 8_200.0}),
            BudgetLine("Ofsted improvement", 1_000.0, "manual", forecast=2_500.0),
        ),
        "placements": (
            PlacementRow("LAC placements", "in-house fostering", 100.0, 450.0, 95.0, 440.0),
            PlacementRow("LAC placements", "external residential", 20.0, 5_000.0, 18.0, 4_800.0),
        ),
        "staffing": (
            StaffRow("Social work teams", "Assessment", "Social Worker", 20.0, 15.0, 40_000.0, 3.0, 60.0),
            StaffRow("Social work teams", "Assessment", "Team Manager", 2.0, 2.0, 50_000.0),
            StaffRow("Social work teams", "Child Protection", "Social Worker", 25.0, 22.0, 41_000.0),
        ),
        "recruitment": (Recruit("Assessment", "Social Worker", 2.0, dt.date(2019, 10, 1)),),
        "investments": (Investment("Front door", "ongoing", 500.0, 2020, funding="base"),),
        "savings": (Saving("Edge of care", 2020, 300.0, "amber"),),
    }
    sheets.update(parts)
    return Inputs(**sheets)
