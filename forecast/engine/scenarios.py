"""Run the engine once per scenario (calculations.md §7).

Applying a scenario's rows to the inputs is input work and lives in
``forecast.inputs.changes``; this module only runs the engine on the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine.results import Results
from forecast.inputs.changes import apply_scenario, resolve_scenario_name
from forecast.inputs.model import Inputs


def run_scenarios(inputs: Inputs, names: Sequence[str]) -> tuple[Results, ...]:
    """The engine's results for each named scenario, in the order given."""
    from forecast.engine import run

    return tuple(run(apply_scenario(inputs, name), scenario=resolve_scenario_name(inputs, name)) for name in names)
