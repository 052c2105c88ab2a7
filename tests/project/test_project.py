"""The project's promises about itself: README, CI, CLI help, static checks, import cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from forecast import __version__
from forecast.cli import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, click.Command]:
    assert isinstance(cli, click.Group)
    return dict(cli.commands)


def test_every_command_and_option_is_in_the_readme() -> None:
    missing = []
    for name, command in _commands().items():
        if f"forecast {name}" not in README:
            missing.append(f"forecast {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    if opt.startswith("--") and opt != "--help" and opt not in README:
                        missing.append(f"forecast {name} {opt}")
    for opt in ("--version", "--debug"):
        if opt not in README:
            missing.append(opt)
    assert not missing, f"not documented in README.md: {missing}"


@pytest.mark.parametrize("name", sorted(_commands()))
def test_help_of_every_command(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output and name in result.output
    assert "Example" in result.output, f"forecast {name} --help shows no example"


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"forecast, version {__version__}"


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2


def test_python_dash_m_works() -> None:
    out = subprocess.run([sys.executable, "-m", "forecast", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_cli_import_does_not_load_heavy_modules() -> None:
    code = (
        "import sys, forecast.cli; "
        "heavy = [m for m in ('pandas', 'openpyxl', 'numpy_financial', 'docx', 'xlsxwriter') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import forecast.cli loads {out.stdout.strip()}"


# mypy --strict over all of forecast/ runs once, with the library's typed callers:
# tests/library/test_library_typed.py::test_mypy_strict_passes_the_package_rejects_a_wrong_call_and_accepts_a_right_one


def test_ruff_clean() -> None:
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "forecast", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
