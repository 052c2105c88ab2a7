"""Issue 20 item 5: loaded Inputs keep their file, and the library never writes a report over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import forecast

EXAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "example.xlsx"


def test_build_refuses_to_write_over_the_loaded_input(tmp_path: Path) -> None:
    copy = tmp_path / "ex.xlsx"
    shutil.copyfile(EXAMPLE, copy)
    before = copy.read_bytes()
    loaded = forecast.load(copy)
    assert Path(loaded.source_path) == copy.resolve()
    with pytest.raises(forecast.ForecastError, match="input file"):
        forecast.build(loaded, output=copy)
    with pytest.raises(forecast.ForecastError, match="input file"):
        forecast.build(loaded, output=tmp_path / "." / "ex.xlsx")  # the same file by another spelling
    assert copy.read_bytes() == before


def test_compare_refuses_to_write_over_either_loaded_input(tmp_path: Path) -> None:
    copy = tmp_path / "ex.xlsx"
    shutil.copyfile(EXAMPLE, copy)
    before = copy.read_bytes()
    loaded = forecast.load(copy)
    with pytest.raises(forecast.ForecastError, match="input file"):
        forecast.compare(EXAMPLE, loaded, output=copy)
    assert copy.read_bytes() == before


def test_inputs_built_in_code_still_build_to_any_path(tmp_path: Path) -> None:
    from dataclasses import replace

    loaded = replace(forecast.load(EXAMPLE), source_path="")
    report = forecast.build(loaded, output=tmp_path / "out.xlsx")
    assert report.path.exists() if hasattr(report, "path") else (tmp_path / "out.xlsx").exists()
