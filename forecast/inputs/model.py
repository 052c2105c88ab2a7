"""Typed, validated inputs: what the reader produces and the engine consumes.

Each record is declared by its sheet's module (``forecast/inputs/sheets/``,
listed in ``forecast/inputs/registry.py``); this module gathers them with
``Inputs``, the whole workbook, so the engine imports its types from one
place. The vocabularies (methods, placement types …) are the schema's
(``forecast.schema``), re-exported here for the engine.

Field names are the canonical column names of ``../shared/spec/inputs.md``
(so a Scenarios row's ``column`` maps straight onto a field). Money fields
are in the workbook's ``units``; unit costs (``weekly_cost``, ``salary``,
``agency_hourly_rate``, ``one_off_cost``) are in £. Years are ints: the
first calendar year of the financial year (2019 for 2019/20), see
``forecast.fy``. Rates are fractions.

Engine code treats every numeric field as "a number": the risk run puts
numpy arrays of draws into some of them, so engine arithmetic must not
branch on their values (see ``forecast.engine``).
"""

from __future__ import annotations


from forecast.errors import Problem
from forecast.inputs.sheets.actions import ActionRow
from forecast.inputs.sheets.budget import BudgetLine
from forecast.inputs.sheets.demand import DemandRow
from forecast.inputs.sheets.children import ChildRow
from forecast.inputs.sheets.history import HistoryRow
from forecast.inputs.sheets.investments import Investment
from forecast.inputs.sheets.placements import PlacementRow
from forecast.inputs.sheets.recruitment import Recruit
from forecast.inputs.sheets.risks import RiskRow
from forecast.inputs.sheets.savings import Saving
from forecast.inputs.sheets.scenarios import ScenarioRow
from forecast.inputs.sheets.settings import Settings
from forecast.inputs.sheets.staffing import StaffRow
from forecast.schema import (
    DISTRIBUTIONS,
    FUNDED,
    FUNDING,
    INVESTMENT_KINDS,
    METHODS,
    PLACEMENT_TYPES,
    RAGS,
    RISK_OPS,
    SCENARIO_OPS,
    TREND,
)
from forecast.schema import MONEY_UNITS as UNITS
from forecast.records import frozen

__all__ = [
    "DISTRIBUTIONS", "FUNDED", "FUNDING", "INVESTMENT_KINDS", "METHODS", "PLACEMENT_TYPES", "RAGS", "RISK_OPS",
    "SCENARIO_OPS", "TREND", "UNITS",
    "ActionRow", "BudgetLine", "ChildRow", "DemandRow", "HistoryRow", "Inputs", "Investment", "PlacementRow", "Recruit",
    "RiskRow", "Saving",
    "ScenarioRow", "Settings", "StaffRow", "is_array",
]


def is_array(value: object) -> bool:
    """True for numpy arrays of draws (the risk run puts them in numeric fields), False for plain numbers."""
    return not isinstance(value, (int, float)) and hasattr(value, "__array__")


@frozen
class Inputs:
    settings: Settings
    budget: tuple[BudgetLine, ...]
    placements: tuple[PlacementRow, ...] = ()
    staffing: tuple[StaffRow, ...] = ()
    recruitment: tuple[Recruit, ...] = ()
    investments: tuple[Investment, ...] = ()
    savings: tuple[Saving, ...] = ()
    history: tuple[HistoryRow, ...] = ()
    demand: tuple[DemandRow, ...] = ()  # issue 22: expected children by type and month (§9)
    scenarios: tuple[ScenarioRow, ...] = ()
    risks: tuple[RiskRow, ...] = ()
    children: tuple[ChildRow, ...] = ()  # issue 26: the Children sheet, or the CSV given with --children
    actions: tuple[ActionRow, ...] = ()  # issue 24: the Actions sheet (the improvement plan)
    warnings: tuple[Problem, ...] = ()
    source_name: str = ""  # file name the inputs came from
    source_sha256: str = ""
    # issue 20: the file the inputs were loaded from (resolved path), so the library never writes over it
    source_path: str = ""
    # whether what each Scenarios and Risks row makes was checked when loading (issue 20): a build loads
    # without it and checks only the scenarios and ranges it runs (engine.scenarios, engine.risk)
    results_checked: bool = True
