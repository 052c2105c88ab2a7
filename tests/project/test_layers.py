"""The layers point one way (README Design's table): bottom → reading → engine → writing → steps → library → CLI.

Every ``import forecast…`` in the package, at the top of a module or inside
a function, is read from the source (AST) and checked against the layer
table below, the same rule the team's before-stop hook greps for.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "forecast"

# The bottom: imported by every layer, importing only each other.
BOTTOM = ("forecast._version", "forecast.errors", "forecast.records", "forecast.fy", "forecast.names", "forecast.files", "forecast.schema",
          "forecast.theme", "forecast.fonts")  # the palette and the font's metrics both workbooks use
# Reading → calculating → writing; then the steps that string them together (one build, a batch, the monthly
# cycle, DataFrames), the library a caller imports (forecast.api and the package root), and the command line.
LAYERS = ("bottom", "inputs", "engine", "report", "steps", "library", "cli")
# (the shipped monthly year is made by rolling each month's workbook on, in monthly/rolled_example.py)
STEPS = ("forecast.pipeline", "forecast.parallel", "forecast.monthly", "forecast.dataframes")
# What the engine and the writers may not use of the reading layer, though it sits below them.
# They may use the records (inputs/model.py, re-exporting each sheet module's record) and the changes.
READING = ("forecast.inputs.reader", "forecast.inputs.safe", "forecast.inputs.validate", "forecast.inputs.cells",
           "forecast.inputs.tables", "forecast.inputs.plan", "forecast.inputs.registry", "forecast.inputs.template")
# The one import that runs up, said here so it cannot grow unseen: a scenario that sets a growth to `trend`
# needs the fitted ĝ, and scenario changes still sit on the input side.
ALLOWED = {("forecast.inputs.changes", "forecast.engine.trend_fit")}


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def layer(module: str) -> str:
    if _within(module, BOTTOM):
        return "bottom"
    if _within(module, STEPS):
        return "steps"
    for name in ("inputs", "engine", "report"):
        if _within(module, (f"forecast.{name}",)):
            return name
    if module in ("forecast", "forecast.api"):
        return "library"
    return "cli"  # cli, __main__


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every forecast module ``path`` imports; ``from a import b`` names a.b when b is a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "forecast"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "forecast":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists() or (
                    PACKAGE.parent / Path(*sub.split("."))).is_dir()
                found.append((node.lineno, sub if is_module else node.module))
    return found


def wrong_imports() -> list[str]:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        own = LAYERS.index(layer(source))
        for line, target in imports(path):
            below = LAYERS.index(layer(target)) <= own
            reading = layer(source) in ("engine", "report") and any(
                target == r or target.startswith(r + ".") for r in READING)
            if (not below or reading) and (source, target) not in ALLOWED:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {source} ({layer(source)}) imports "
                             f"{target} ({layer(target)})")
    return wrong


@pytest.mark.slow
def test_no_module_imports_against_the_layers() -> None:
    assert wrong_imports() == []


def test_the_check_sees_an_import_against_the_layers(tmp_path: Path, monkeypatch) -> None:
    """The rule can fail: a reader module importing a writer, or the engine the validator, is found."""
    assert layer("forecast.report.tables") == "report" and layer("forecast.inputs.cells") == "inputs"
    assert layer("forecast.files") == "bottom" and layer("forecast.cli") == "cli"
    assert layer("forecast.parallel") == "steps" and layer("forecast.api") == layer("forecast") == "library"
    assert layer("forecast.engine.trend_fit") == "engine" and layer("forecast.inputs.examples.blackpool") == "inputs"
    fake = tmp_path / "forecast"
    (fake / "inputs").mkdir(parents=True)
    (fake / "engine").mkdir()
    (fake / "inputs" / "x.py").write_text("def f():\n    from forecast.report import tables\n")
    (fake / "engine" / "y.py").write_text("from forecast.inputs.validate import validate_sheets\n")
    (fake / "files.py").write_text("import forecast.engine\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert [w.split(": ", 1)[0] for w in wrong_imports()] == [
        "forecast/engine/y.py:1", "forecast/files.py:1", "forecast/inputs/x.py:2"]


@pytest.mark.slow
def test_the_batch_runner_and_the_writers_never_import_the_library() -> None:
    """Issue 18: parallel.py imports no library module (it formed a circle with api.py), and nothing in report/
    imports the package root (for ``__version__``: forecast/_version.py, at the bottom, holds it)."""
    found = {(module_name(path), target) for path in PACKAGE.rglob("*.py") for _, target in imports(path)}
    assert not {t for s, t in found if s == "forecast.parallel" and t in ("forecast", "forecast.api")}
    assert not {s for s, t in found if s.startswith("forecast.report") and t == "forecast"}
    assert ("forecast.parallel", "forecast.pipeline") in found  # the check sees the import it replaced


def test_the_trend_fit_is_a_calculation_and_reading_history_is_not() -> None:
    assert (PACKAGE / "engine" / "trend_fit.py").exists() and (PACKAGE / "inputs" / "history_counts.py").exists()
    assert not (PACKAGE / "inputs" / "history.py").exists() and not (PACKAGE / "examples").exists()
