"""Golden Revenue Summary for the Blackpool Month 4 2019/20 example.

The expected cells below are written by hand from the spec (outputs.md: the
Appendix 7(a) title block and default columns; calculations.md: variance =
outturn − budget, net = variance − earmarked, movement = net − previous) and
the seed's figures (8,989 = 4,625 + 4,364, with 3,570 earmarked against LAC).
Rows: title block 1–4 (the sheet's title in A1, revision 2), headings on row
6, then per group a heading, its lines and a subtotal, then the service
total and, outside the printed page, the master check.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
BLACKPOOL = ROOT / "inputs" / "blackpool-2019-20-m4.xlsx"

# Columns (default layout): A Line, B Budget, C Actual, D Outturn, E Variance, F Earmarked,
# G Net variance, H Variance %, I Previous variance, J Movement, K RAG, L Comment.
LABELS = {
    "A1": "Revenue Summary – budget, actual and forecast for Children's Social Care",
    "A2": "Blackpool Council, as at Month 4 2019/20",
    "A3": "Illustrative reconstruction of the Month 4 2019/20 Appendix 7(a). "
    "Prepared by Finance Business Partner, Children's Services",
    "A6": "Service area",
    "B6": "Budget 2019/20\n£000",
    "G6": "Net variance\n£000",
    "K6": "RAG",
    "A7": "Looked After Children",
    "A8": "Looked After Children placements",
    "A11": "Total Looked After Children",
    "A12": "Social Work and Safeguarding",
    "A17": "Improvement",
    "A18": "Ofsted Improvement Plan",
    "A19": "Total Improvement",
    "A23": "Total Children's Social Care",
    "A25": "All checks pass (see the Checks sheet; not printed)",
    "K8": "Red",
}
# cell: (formula or None for a number, value it shows, tolerance)
FIGURES = {
    "B8": (None, 20183, 0),  # LAC budget (input)
    "F8": (None, 3570, 0),  # earmarked at budget setting
    "E8": ("=D8-B8", 8195, 0.5),  # LAC variance before the earmark
    "G8": ("=E8-F8", 4625, 0.5),  # the additional LAC pressure
    "H8": ("=G8/B8", 4625 / 20183, 1e-4),
    "I8": (None, 4310, 0),
    "J8": ("=G8-I8", 315, 0.5),
    "B11": ("=SUM(B8:B10)", 24493, 0),
    "E18": ("=D18-B18", 4364, 0.5),  # Ofsted Improvement Plan
    "G18": ("=E18-F18", 4364, 0.5),
    "F23": ("=SUM(F11,F16,F19,F22)", 3570, 0),
    "G23": ("=SUM(G11,G16,G19,G22)", 8989, 0.5),  # the service's net overspend
    "B23": ("=SUM(B11,B16,B19,B22)", 38618, 0),
    "B25": ("=MasterCheck", True, 0),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from forecast.cli import cli

    out = tmp_path_factory.mktemp("golden") / "bp.xlsx"
    result = CliRunner().invoke(cli, ["build", str(BLACKPOOL), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_revenue_summary_labels(built: Path) -> None:
    sheet = openpyxl.load_workbook(built)["Revenue Summary"]
    for ref, label in LABELS.items():
        assert sheet[ref].value == label, ref


def test_revenue_summary_formulas_and_values(built: Path) -> None:
    formulas = openpyxl.load_workbook(built)["Revenue Summary"]
    values = openpyxl.load_workbook(built, data_only=True)["Revenue Summary"]
    for ref, (formula, shown, tolerance) in FIGURES.items():
        if formula is None:
            assert not str(formulas[ref].value).startswith("="), ref
        else:
            assert formulas[ref].value == formula, ref
        if isinstance(shown, bool):
            assert values[ref].value is shown, ref
        else:
            assert values[ref].value == pytest.approx(shown, abs=tolerance), ref


def test_money_cells_use_the_finance_format(built: Path) -> None:
    sheet = openpyxl.load_workbook(built)["Revenue Summary"]
    # the layout's #,##0;(#,##0);- with anything under half a unit shown as "-" (revision 2)
    assert sheet["G23"].number_format == "[>=0.5]#,##0;[<=-0.5](#,##0);-"
    assert sheet["H8"].number_format == "[>=0.0005]0.0%;[<=-0.0005](0.0%);-"


def test_the_master_check_is_on_the_sheet_but_not_on_the_printed_page(built: Path) -> None:
    import re
    import zipfile

    names = zipfile.ZipFile(built).read("xl/workbook.xml").decode("utf-8")
    # whole rows 1 to 23 (the service total); the master check on row 25 is the finance team's, not Cabinet's
    assert re.search(r">'Revenue Summary'!\$1:\$23<", names)


def test_headline_names_are_defined(built: Path) -> None:
    book = openpyxl.load_workbook(built)
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    assert names["NetVariance"] == "'Revenue Summary'!$G$23"
    assert names["MasterCheck"].startswith("'Checks'!")
    assert names["Gap_2019_20"].startswith("'MTFP'!")
