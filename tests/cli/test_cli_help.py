"""Help that names what a user can choose, and never cuts a sentence short."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from forecast.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _help(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split()).replace("- ", "-")  # rejoin what click wrapped, even at a hyphen


def test_top_level_help_gives_each_command_its_whole_first_sentence() -> None:
    text = _help().split("Commands:")[1]
    assert "..." not in text and "…" not in text
    for name, command in cli.commands.items():
        first = " ".join((command.help or "").split("\n\n")[0].split())
        sentence = re.match(r"(.+?\.)(\s|$)", first)
        expected = sentence.group(1) if sentence else first
        assert f"{name} {expected}".replace("- ", "-") in text, name


def test_build_and_tables_help_name_every_shipped_layout() -> None:
    names = sorted(p.stem for p in (ROOT / "forecast" / "templates").glob("*.toml"))
    assert len(names) >= 3
    for command in ("build", "tables"):
        text = _help(command)
        assert all(name in text for name in names), (command, names)


def test_init_help_names_every_example() -> None:
    text = _help("init")
    for name in sorted(p.stem for p in (ROOT / "inputs").glob("*.xlsx")):
        assert name in text, name
