"""forecast summary/build --scenario NAME through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result


def test_summary_shows_the_scenario_asked_for(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    path = make_workbook()
    base = json.loads(run_cli("summary", path, "--json").output)
    high = json.loads(run_cli("summary", path, "--scenario", "high demand", "--json").output)
    assert (base["scenario"], high["scenario"]) == ("Base", "High demand")
    assert high["totals"]["outturn"] > base["totals"]["outturn"]
    text = run_cli("summary", path, "--scenario", "High demand").output
    assert "scenario High demand" in text


def test_unknown_scenario_lists_the_known_ones(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    result = run_cli("summary", make_workbook(), "--scenario", "Low demand")
    assert result.exit_code == 1
    assert result.output.strip().endswith("unknown scenario 'Low demand': the Scenarios sheet has 'Base', 'High demand'")
