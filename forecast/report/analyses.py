"""What a build ran besides the scenario its workbook shows: other scenarios and a risk run.

The Scenarios and Risk sheets are written from this; every other sheet
reads only the main ``Results``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.engine.results import Results
from forecast.inputs.model import ScenarioRow
from forecast.records import frozen

if TYPE_CHECKING:  # numpy stays unloaded for builds without a risk run
    from forecast.engine.risk import RiskResult


@frozen
class Analyses:
    scenarios: tuple[Results, ...] = ()  # every scenario compared, Base first; empty or Base alone: no sheet
    scenario_rows: tuple[ScenarioRow, ...] = ()  # the Scenarios input sheet, to show what each one changes
    risk: RiskResult | None = None
