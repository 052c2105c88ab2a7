"""forecast summary/build --risk DRAWS --seed N through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

EXAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "example.xlsx"


def test_summary_json_gains_a_risk_key(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    path = make_workbook()
    result = run_cli("summary", path, "--risk", 2000, "--seed", 4, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    risk = data["risk"]
    assert (risk["draws"], risk["seed"], risk["scenario"]) == (2000, 4, "Base")
    nv = risk["net_variance"]
    assert nv["p10"] <= nv["p50"] <= nv["p90"]
    assert nv["forecast"] == data["totals"]["net_variance"]
    assert [g["year"] for g in risk["gap"]] == [m["year"] for m in data["mtfp"]]
    assert 0 <= risk["chance_of_overspend"] <= 1
    again = json.loads(run_cli("summary", path, "--risk", 2000, "--seed", 4, "--json").output)
    assert again["risk"] == risk


def test_summary_without_risk_has_no_risk_key(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    data = json.loads(run_cli("summary", make_workbook(), "--json").output)
    assert "risk" not in data


def test_summary_text_shows_the_percentiles(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    result = run_cli("summary", make_workbook(), "--risk", 500)
    assert result.exit_code == 0, result.output
    assert "Risk: 500 draws, seed 1 (£000)" in result.output
    assert "Chance of an overspend in 2025/26:" in result.output


def test_seed_without_risk_is_a_usage_error(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    result = run_cli("summary", make_workbook(), "--seed", 3)
    assert result.exit_code == 2
    assert "--seed only applies to a risk run: add --risk DRAWS" in result.output


def test_risk_with_no_ranges_says_what_to_add(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    from factory import minimal_sheets

    sheets = minimal_sheets()
    del sheets["Risks"]
    result = run_cli("summary", make_workbook(sheets), "--risk", 100)
    assert result.exit_code == 1
    assert "Risks: a risk run needs ranges" in result.output


def test_zero_draws_is_a_usage_error(make_workbook: Callable[..., Path], run_cli: Callable[..., Result]) -> None:
    assert run_cli("summary", make_workbook(), "--risk", 0).exit_code == 2


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run forecast with stderr on a pseudo-terminal (as a user sees it) and stdout piped; return code and stderr."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "forecast", *args], stdout=subprocess.DEVNULL,
                              stderr=slave, timeout=120, check=False)
    finally:
        os.close(slave)
    seen = b""
    while True:
        try:
            block = os.read(master, 65536)
        except OSError:  # the terminal closed: everything has been read
            break
        if not block:
            break
        seen += block
    os.close(master)
    return done.returncode, seen.decode("utf-8", "replace")


@pytest.mark.slow
def test_a_long_risk_run_shows_a_progress_bar_on_a_terminal_only() -> None:
    from forecast.engine.risk import CHUNK_DRAWS

    draws = str(2 * CHUNK_DRAWS)
    code, terminal = _on_a_terminal("summary", str(EXAMPLE), "--risk", draws, "--seed", "1")
    assert code == 0 and "Risk draws" in terminal and f"{draws}/{draws}" in terminal
    code, short = _on_a_terminal("summary", str(EXAMPLE), "--risk", "1000", "--seed", "1")
    assert code == 0 and "Risk draws" not in short  # one engine run: nothing to show progress between
