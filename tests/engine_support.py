"""Small builders for engine tests: typed inputs written in Python, no workbook."""

from __future__ import annotations

from typing import Any

from forecast.inputs.model import BudgetLine, Inputs, Settings


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
