"""Run the engine once per scenario (calculations.md §7).

Applying a scenario's rows to the inputs is input work and lives in
``forecast.inputs.changes``; this module only runs the engine on the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine.results import Results
from forecast.errors import InputError
from forecast.inputs.changes import apply_scenario, check_results, resolve_scenario_name
from forecast.inputs.model import Inputs


def run_scenarios(inputs: Inputs, names: Sequence[str]) -> tuple[Results, ...]:
    """The engine's results for each named scenario, in the order given.

    Inputs loaded for a build (``results_checked`` False) have what these scenarios make checked here,
    with the input rules ``validate`` applies to every scenario: an error names the Scenarios row.
    """
    from forecast.engine import run

    if not inputs.results_checked:
        problems = check_results(inputs, names=names, risks=False)
        if problems:
            raise InputError(problems, path=inputs.source_name)
    return tuple(run(apply_scenario(inputs, name), scenario=resolve_scenario_name(inputs, name)) for name in names)
