"""The workbooks shipped in inputs/ are exactly what their code writes today.

Compared cell by cell (values, not bytes), so an XlsxWriter upgrade that
changes the file's bytes but not its content does not fail the test.
Rebuild with ``python inputs/rebuild.py`` after changing an example module.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from forecast.inputs.examples import EXAMPLES
from forecast.inputs import load_inputs
from forecast.monthly.rolled_example import monthly_example
from forecast.inputs.template import template_bytes

INPUTS = Path(__file__).resolve().parents[2] / "inputs"
SHIPPED = sorted(name for name in EXAMPLES if (INPUTS / f"{name}.xlsx").exists())


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def test_the_main_example_is_shipped():
    assert "example" in SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_workbook_matches_its_code(name):
    shipped = _cells((INPUTS / f"{name}.xlsx").read_bytes())
    fresh = _cells(template_bytes(name))
    assert shipped == fresh, f"inputs/{name}.xlsx is out of date: run `python inputs/rebuild.py`"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_workbook_loads_without_warnings(name):
    inputs = load_inputs(INPUTS / f"{name}.xlsx")
    if name == "enfield-2018-19-q2":  # issue 24: the seed's one caseload month, too few for a trend (§8 warns)
        assert [(p.sheet, p.cell) for p in inputs.warnings] == [("History", "A2")]
        assert "'R&A caseload' has 1 month" in inputs.warnings[0].message
    else:
        assert inputs.warnings == ()
    assert inputs.source_name == f"{name}.xlsx"


MONTHLY = monthly_example()


def test_the_monthly_example_is_a_year_of_one_authority():
    assert sorted(p.name for p in (INPUTS / "monthly").glob("*.xlsx")) == sorted(MONTHLY)
    assert len(MONTHLY) == 4


@pytest.mark.parametrize("name", sorted(MONTHLY))
def test_shipped_monthly_workbook_matches_its_code(name):
    shipped = _cells((INPUTS / "monthly" / name).read_bytes())
    assert shipped == _cells(MONTHLY[name]), "inputs/monthly is out of date: run `python inputs/rebuild.py`"


@pytest.mark.parametrize("name", sorted(MONTHLY))
def test_shipped_monthly_workbook_loads_without_warnings(name):
    assert load_inputs(INPUTS / "monthly" / name).warnings == ()
