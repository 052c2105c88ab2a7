"""The Variance Analysis bridge's step labels as a member reads them (issue 21, "Read alone").

The engine names each step once (``BridgeItem.label``); what is printed follows the step's sign and the
period: a budget set *above* the cost of its assumptions when that step is negative, and at Month 12,
when the year is over, the reconciling step is "actual spend against the drivers' full-year cost", not
"timing".
"""

from __future__ import annotations

from forecast.engine._num import is_array
from forecast.engine.results import BridgeItem, Results

# key → (label when the step adds to the overspend, label when it reduces it); a step that rounds to nothing
# keeps the engine's label
_BY_SIGN = {
    "placements_budget_basis": (
        "Placements: budget set below the cost of its own assumptions",
        "Placements: budget set above the cost of its assumptions",
    ),
    "staffing_budget_basis": (
        "Staffing: full establishment costs more than the budget (unfunded posts)",
        "Staffing: budget set above the cost of the full establishment",
    ),
    "staffing_agency_premium": ("Staffing: agency premium", "Staffing: agency cover costs less than employees"),
    "staffing_vacancy_saving": ("Staffing: posts filled above the establishment", "Staffing: vacancy saving"),
}
_FINAL = {
    "placements_timing": "Placements: actual spend against the drivers' full-year cost",
    "staffing_timing": "Staffing: actual spend against the drivers' full-year cost",
}


def bridge_label(item: BridgeItem, results: Results) -> str:
    """The step's printed label."""
    if results.settings.period == 12 and item.key in _FINAL:
        return _FINAL[item.key]
    if item.key in _BY_SIGN and not is_array(item.amount) and abs(item.amount) >= 0.5:
        adverse, favourable = _BY_SIGN[item.key]
        return favourable if item.amount < 0 else adverse
    return item.label


def bridge_labels(results: Results) -> dict[str, str]:
    """key → printed label, for every step of the results' bridge."""
    return {item.key: bridge_label(item, results) for item in results.variance_bridge}
