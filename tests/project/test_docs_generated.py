"""The docs the code already knows are generated from it (docs/generate.py) and cannot drift."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_every_generated_part_is_up_to_date() -> None:
    stale = _generator().generate(check=True)
    assert not stale, f"run python docs/generate.py: out of date: {stale}"


def test_changing_a_commands_help_makes_the_readme_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    from forecast.cli import cli

    command = cli.commands["compare"]
    monkeypatch.setattr(command, "help", (command.help or "") + "\n\nA sentence the README does not have.")
    assert "README.md (commands)" in _generator().generate(check=True)


def test_the_readme_shows_every_command_and_option() -> None:
    from forecast.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"### `forecast {name}`" in readme
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(opt in readme for opt in param.opts), f"{name}: {param.opts} not in the README"


def test_every_schema_column_is_in_the_reference() -> None:
    from forecast.inputs.registry import SCHEMAS as SHEETS

    page = (ROOT / "docs" / "inputs-reference.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert f"## {sheet.name}" in page
        for column in sheet.columns:
            assert f"`{column.name}`" in page or sheet.name == "Settings"
