"""The wheel works outside the checkout (issue 18): built from the sources, installed in a fresh virtual
environment, it writes an example and builds it with a shipped layout from a folder with no checkout in it.

Nothing is downloaded: the wheel is built without build isolation (setuptools and wheel from this
environment) and installed with --no-deps; the fresh environment sees this environment's packages for
forecast's dependencies (a .pth file naming its site-packages: ``--system-site-packages`` alone would show a
virtual environment's base interpreter's packages, not its own).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _can_build_wheels() -> bool:
    """setuptools builds wheels itself from 70.1; before that it needs the wheel package."""
    import setuptools

    major, minor = (int(p) for p in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _can_build_wheels():
        if os.environ.get("CI") == "true":  # CI installs the test extras, wheel among them: never skip there
            pytest.fail("building the wheel offline needs the wheel package, which the test extras install")
        pytest.skip("building the wheel offline needs the wheel package (in the test extras): pip install wheel")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy, so the build leaves nothing (build/, *.egg-info) in the checkout
    source.mkdir()
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "forecast", source / "forecast", ignore=shutil.ignore_patterns("__pycache__"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", tmp / "dist", source], cwd=tmp)
    (built,) = (tmp / "dist").glob("forecast-*.whl")
    return built


def test_the_wheel_carries_the_layouts_and_the_typed_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"forecast/py.typed", "forecast/templates/mtfp-cabinet.toml", "forecast/templates/appendix-7a.toml",
            "forecast/templates/quarterly-monitoring.toml"} <= names
    assert not any(n.startswith(("tests/", "inputs/", "templates/")) for n in names)


def test_the_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv], cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=tmp_path).stdout.strip())
    # forecast's dependencies from the test's environment (after the venv's own site-packages, so the
    # installed wheel comes first; a plain path line runs no .pth of that folder, so no editable forecast)
    folders = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    (site / "test-environment.pth").write_text("".join(f"{p}\n" for p in folders))
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel],
         cwd=tmp_path)

    work = tmp_path / "elsewhere"  # no checkout here: no templates/, no inputs/
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    script = venv / ("Scripts/forecast.exe" if os.name == "nt" else "bin/forecast")
    where = _run([python, "-c", "import forecast.cli, pathlib; print(pathlib.Path(forecast.cli.__file__).parent)"],
                 cwd=work, env=env).stdout.strip()
    installed = Path(where)
    assert installed.is_relative_to(venv), installed  # the wheel's copy, not the checkout's
    assert (installed / "py.typed").is_file()

    _run([script, "init", "--example", "blackpool-2019-20-m4", "x.xlsx"], cwd=work, env=env)
    built = _run([script, "build", "x.xlsx", "--layout", "mtfp-cabinet"], cwd=work, env=env)
    assert (work / "outputs" / "x-forecast.xlsx").is_file(), built.stdout
    helped = _run([script, "build", "--help"], cwd=work, env=env).stdout
    assert "mtfp-cabinet" in " ".join(helped.split()) and "none found" not in helped
