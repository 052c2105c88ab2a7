"""A library typed for callers (issue 18): a caller's type checker sees the functions and result types the
package re-exports lazily, and library messages name parameters, never command-line flags."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import forecast
from forecast.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "forecast"


def _mypy(tmp_path: Path, callers: dict[str, str]) -> dict[str, list[str]]:
    """``mypy --strict`` over all of forecast/ (setup.cfg) and each caller (file name → source) in one run: no
    error in forecast itself; file name → the lines mypy said about that caller."""
    for name, source in callers.items():
        (tmp_path / name).write_text(source)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "forecast", *(str(tmp_path / name) for name in callers)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 2: mypy itself failed
    # a caller's lines by its file name: mypy's cache may replay an unchanged caller's lines under the folder of
    # the run that cached them
    said: dict[str, list[str]] = {name: [] for name in callers}
    for line in done.stdout.splitlines():
        name = Path(line.split(":", 1)[0]).name
        if name in said and not line.startswith("forecast/"):
            said[name].append(line)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert all(Path(line.split(":", 1)[0]).name in callers and not line.startswith("forecast/") for line in errors), \
        done.stdout  # none in forecast itself
    return said


@pytest.mark.slow
def test_mypy_strict_passes_the_package_rejects_a_wrong_call_and_accepts_a_right_one(tmp_path: Path) -> None:
    """One mypy run (issue 25: it is the suite's costliest check after LibreOffice): all of forecast/ is clean
    under ``--strict``, and a caller's right and wrong uses of the library are told apart."""
    said = _mypy(tmp_path, {
        "good.py": (
            "import forecast\n"
            "results: forecast.Results = forecast.run('x.xlsx', scenario='High demand')\n"
            "data: forecast.Summary = forecast.summary('x.xlsx')\n"
            "authority: str = data['authority']\n"
            "report: forecast.BuildReport = forecast.build('x.xlsx', layout='mtfp-cabinet')\n"
            "checked: forecast.Validation = forecast.validate('x.xlsx')\n"
            "def later(a: forecast.RollReport, b: forecast.BatchRun, c: forecast.Comparison, d: forecast.History) "
            "-> None:\n"
            "    pass\n"
        ),
        "bad.py": "import forecast\nforecast.run('x.xlsx', scenario=3)\n",
        "typo.py": "import forecast\ndata = forecast.summary('x.xlsx')\nprint(data['authorty'])\n",
    })  # one run for the package and the three: mypy reports each file's lines under its name
    assert said["good.py"] == []
    assert any('Argument "scenario" to "run" has incompatible type "int"; expected "str"' in line
               for line in said["bad.py"]), said
    assert any('"authorty"' in line for line in said["typo.py"]), said  # the summary's keys are typed (a TypedDict)


def test_the_package_exports_what_it_lists() -> None:
    assert set(forecast.__all__) == {"__version__", "frames", *forecast._API, *forecast._ERRORS, *forecast._TYPES}
    for name in ("Results", "BuildReport", "RollReport", "BatchRun", "Comparison", "History", "Validation"):
        assert isinstance(getattr(forecast, name), type), name
    assert (PACKAGE / "py.typed").is_file()
    # every lazy name is also imported for type checkers under TYPE_CHECKING
    tree = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    checked = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.If)
               for sub in node.body if isinstance(sub, ast.ImportFrom) for alias in sub.names}
    assert set(forecast.__all__) - {"__version__"} <= checked


def test_a_wrong_argument_names_the_parameter_not_a_flag(tmp_path: Path) -> None:
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"my work")
    with pytest.raises(UsageError) as caught:
        forecast.init(path)
    assert caught.value.parameter == "force"
    assert str(caught.value) == f"{path} already exists: use force=True to overwrite it"
    with pytest.raises(UsageError, match=r"^seed only applies to a risk run: add risk=DRAWS$") as caught:
        forecast.build(path, tmp_path / "out.xlsx", seed=3)
    assert caught.value.parameter == "seed" and caught.value.wrong_call


def test_the_command_line_words_the_same_check_with_its_options(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"my work")
    result = run_cli("init", path)
    assert result.exit_code == 1 and f"{path} already exists: use --force to overwrite it" in result.output
    assert "force=True" not in result.output


def test_usage_error_keeps_a_paths_own_braces() -> None:
    error = UsageError("force", "a{b}.xlsx already exists: use {force=}", force=True)
    assert str(error) == "a{b}.xlsx already exists: use force=True"
    assert error.worded(lambda name, value: f"--{name}") == "a{b}.xlsx already exists: use --force"


FLAG = re.compile(r"(?<![\w-])--?[a-z][\w-]*\b")


@pytest.mark.slow
def test_no_library_message_names_a_command_line_option() -> None:
    """Every string in a ``raise`` outside cli.py (a pip command's own option excepted)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                for part in ast.walk(node.exc):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str) and "pip install" not in \
                            part.value and FLAG.search(part.value):
                        found.append(f"{path.relative_to(ROOT)}:{part.lineno}: {part.value}")
    assert found == []


def test_an_output_path_is_named_as_the_library_spells_it(tmp_path: Path) -> None:
    from forecast.errors import OutputError

    example = ROOT / "inputs" / "example.xlsx"
    with pytest.raises(OutputError) as caught:  # still an OutputError, as before
        forecast.build(example, tmp_path / "report.csv")
    assert str(caught.value).endswith(f"use a name ending in .xlsx, e.g. output={tmp_path / 'report.xlsx'}")
    assert isinstance(caught.value, UsageError) and caught.value.parameter == "output"
    with pytest.raises(OutputError, match=r"the folder \S+ does not exist; create it or choose another output path$"):
        forecast.build(example, tmp_path / "missing" / "x.xlsx")
