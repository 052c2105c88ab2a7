"""Shared fixtures: input workbooks built in code (see tests/factory.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from factory import Sheets, minimal_sheets, write_workbook, write_workbook_openpyxl
from forecast.cli import cli


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """``make_workbook(sheets=None, name="inputs.xlsx", openpyxl=False)`` → path of a new .xlsx."""

    def make(sheets: Sheets | None = None, name: str = "inputs.xlsx", openpyxl: bool = False) -> Path:
        path = tmp_path / name
        writer = write_workbook_openpyxl if openpyxl else write_workbook
        return writer(path, minimal_sheets() if sheets is None else sheets)

    return make


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """``run_cli("validate", path)`` → click Result (stdout and stderr both in ``.output``)."""

    def run(*args: object) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


def pytest_configure(config: pytest.Config) -> None:
    """Where PYTHONDONTWRITEBYTECODE is set (some sandboxes and CI images), the processes the tests start (the
    workers, every ``python -m forecast``, mypy, the benchmark) would each compile forecast's 110 modules from
    source again: 23 s of a 118 s suite. They share one bytecode cache in a temporary folder instead
    (PYTHONPYCACHEPREFIX: nothing is written beside the sources), removed when the run ends. A prefix the caller
    set is kept."""
    if os.environ.get("PYTHONDONTWRITEBYTECODE") and not os.environ.get("PYTHONPYCACHEPREFIX"):
        folder = tempfile.mkdtemp(prefix="forecast-tests-bytecode-")
        del os.environ["PYTHONDONTWRITEBYTECODE"]
        os.environ["PYTHONPYCACHEPREFIX"] = folder
        config.stash[_BYTECODE] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_BYTECODE, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


_BYTECODE = pytest.StashKey[str]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with long tests first, so in a parallel run (pytest-xdist, whole files per worker) the longest file
    starts at once instead of last, when the other worker would sit idle: reader_view (LibreOffice printing
    every workbook), then any file with a test marked slow, then the rest; each file's own order is kept."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> int:
        return 0 if item.path.parent.name == "reader_view" else 1 if item.path in slow_files else 2

    items.sort(key=rank)  # stable: a file's tests stay together and in order
