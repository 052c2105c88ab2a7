"""The layers point one way (README Design's table): bottom → reading → engine → writing → library, CLI.

Every ``import forecast…`` in the package, at the top of a module or inside
a function, is read from the source (AST) and checked against the layer
table below, the same rule the team's before-stop hook greps for.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "forecast"

# The bottom: imported by every layer, importing only each other.
BOTTOM = ("forecast", "forecast.errors", "forecast.fy", "forecast.names", "forecast.files", "forecast.schema",
          "forecast.inputs.model")
LAYERS = ("bottom", "inputs", "engine", "report", "top")
# What the engine and the writers may not use of the reading layer, though it sits below them.
READING = ("forecast.inputs.reader", "forecast.inputs.safe", "forecast.inputs.validate", "forecast.inputs.cells",
           "forecast.inputs.tables")


def layer(module: str) -> str:
    if any(module == b or module.startswith(b + ".") for b in BOTTOM[1:]) or module == "forecast":
        return "bottom"
    for name in ("inputs", "engine", "report"):
        if module == f"forecast.{name}" or module.startswith(f"forecast.{name}."):
            return name
    if module == "forecast.examples" or module.startswith("forecast.examples."):
        return "report"  # the shipped examples sit with the writers: the template writer uses them
    return "top"  # cli, api, parallel, dataframes, __main__


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
            if not below or reading:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {source} ({layer(source)}) imports "
                             f"{target} ({layer(target)})")
    return wrong


def test_no_module_imports_against_the_layers() -> None:
    assert wrong_imports() == []


def test_the_check_sees_an_import_against_the_layers(tmp_path: Path, monkeypatch) -> None:
    """The rule can fail: a reader module importing a writer, or the engine the validator, is found."""
    assert layer("forecast.report.tables") == "report" and layer("forecast.inputs.cells") == "inputs"
    assert layer("forecast.files") == "bottom" and layer("forecast.cli") == "top"
    fake = tmp_path / "forecast"
    (fake / "inputs").mkdir(parents=True)
    (fake / "engine").mkdir()
    (fake / "inputs" / "x.py").write_text("def f():\n    from forecast.report import tables\n")
    (fake / "engine" / "y.py").write_text("from forecast.inputs.validate import validate_sheets\n")
    (fake / "files.py").write_text("import forecast.engine\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert [w.split(": ", 1)[0] for w in wrong_imports()] == [
        "forecast/engine/y.py:1", "forecast/files.py:1", "forecast/inputs/x.py:2"]
