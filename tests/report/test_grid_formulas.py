"""The worksheet's formula shortcut writes exactly what XlsxWriter would (so an XlsxWriter upgrade cannot skew it)."""

from __future__ import annotations

import pytest
from xlsxwriter.worksheet import Worksheet

from forecast.report.grid import CLASSIC_FUNCTIONS, _Worksheet


@pytest.mark.parametrize("name", sorted(CLASSIC_FUNCTIONS))
@pytest.mark.parametrize("future", [False, True])
def test_xlsxwriter_leaves_every_classic_function_unchanged(name: str, future: bool) -> None:
    formula = f"=IF({name}(A1:A3,B$2)>0,{name}('Revenue Summary'!$C$9),0)"
    assert Worksheet()._prepare_formula(formula, future) == formula[1:]
    assert _Worksheet()._prepare_formula(formula, future) == formula[1:]


@pytest.mark.parametrize(
    "formula",
    [
        "=XLOOKUP(A1,B1:B9,C1:C9)",  # Excel 365: needs its _xlfn. prefix
        "=SUM(FILTER(A1:A9,B1:B9>0))",  # a classic function around a new one
        "={SUM(A1:A3*B1:B3)}",  # array formula braces
        '=IF(A1>0,"SORT(me)","")',  # text that looks like a call takes the long way, as before
        "=A1+B1",
    ],
)
def test_other_formulas_are_prepared_by_xlsxwriter(formula: str) -> None:
    assert _Worksheet()._prepare_formula(formula) == Worksheet()._prepare_formula(formula)


def test_the_overridden_private_method_is_the_one_this_xlsxwriter_has() -> None:
    """The override leans on a private XlsxWriter method: setup.cfg bounds the version, and this fails first."""
    import inspect
    from importlib.metadata import version

    assert list(inspect.signature(Worksheet._prepare_formula).parameters) == [
        "self", "formula", "expand_future_functions",
    ]
    major, minor = (int(part) for part in version("xlsxwriter").split(".")[:2])
    assert (3, 1) <= (major, minor) < (3, 4), "setup.cfg's xlsxwriter bound was widened without re-checking grid.py"
