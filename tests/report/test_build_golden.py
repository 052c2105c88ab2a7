"""Golden Revenue Summary for the Blackpool Month 4 2019/20 example.

The expected cells below are written by hand from the spec (outputs.md: the
Appendix 7(a) title block and default columns; calculations.md: variance =
outturn − budget, rev 3: drawn = min(earmarked, max(variance, 0)), not needed =
earmarked − drawn, net = variance − drawn, movement = net − previous) and
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

# Columns (default layout, rev 3): A Line, B Budget, C Actual, D Outturn, E Variance, F Earmarked (set aside),
# G Not needed, H Funded from earmarked reserve (drawn), I Net variance, J Variance %, K Previous variance,
# L Movement, M RAG, N Comment.
LABELS = {
    "A1": "Revenue Summary – budget, actual and forecast for Children's Social Care",
    "A2": "Blackpool Council, as at Month 4 2019/20",
    "A3": "Illustrative reconstruction of the Month 4 2019/20 Appendix 7(a). "
    "Prepared by Finance Business Partner, Children's Services",
    "A6": "Service area",
    "B6": "Budget 2019/20\n£000",
    "F6": "Earmarked reserve set aside\n£000",
    "G6": "Earmark not needed (stays in reserves)\n£000",
    "H6": "Funded from earmarked reserve\n£000",
    "I6": "Net variance\n£000",
    "K6": "Previous variance (Month 3)\n£000",  # Month 4, no previous_period: P − 1 (issue 21)
    "M6": "RAG",
    "A7": "Looked After Children",
    "A8": "Looked After Children placements",
    "A11": "Total Looked After Children",
    "A12": "Social Work and Safeguarding",
    "A17": "Improvement",
    "A18": "Ofsted Improvement Plan",
    "A19": "Total Improvement",
    "A23": "Total Children's Social Care",
    "A25": "RAG key: net variance as a share of the line's budget. Green: 2% or less or an underspend; Amber: over "
    "2% up to 5%; Red: over 5% (or any net variance on a line with no budget).",  # issue 21: printed under the table
    "A27": "All checks pass (see the Checks sheet; not printed)",
    "M8": "Red",
}
# cell: (formula or None for a number, value it shows, tolerance)
FIGURES = {
    "B8": (None, 20183, 0),  # LAC budget (input)
    "F8": (None, 3570, 0),  # earmarked at budget setting
    "E8": ("=D8-B8", 8195, 0.5),  # LAC variance before the earmark
    # the line overspends by more than its earmark: all of it is drawn, none left over
    "H8": ("=MIN(F8,MAX(E8,0))", 3570, 0.5),
    "G8": ("=F8-H8", 0, 0.5),
    "I8": ("=E8-H8", 4625, 0.5),  # the additional LAC pressure: 8,195 − 3,570
    "J8": ("=I8/B8", 4625 / 20183, 1e-4),
    "K8": (None, 4310, 0),
    "L8": ("=I8-K8", 315, 0.5),
    "B11": ("=SUM(B8:B10)", 24493, 0),
    "E18": ("=D18-B18", 4364, 0.5),  # Ofsted Improvement Plan
    "H18": ("=MIN(F18,MAX(E18,0))", 0, 0.5),  # nothing earmarked: nothing drawn
    "I18": ("=E18-H18", 4364, 0.5),
    "F23": ("=SUM(F11,F16,F19,F22)", 3570, 0),
    "H23": ("=SUM(H11,H16,H19,H22)", 3570, 0.5),
    "I23": ("=SUM(I11,I16,I19,I22)", 8989, 0.5),  # the service's net overspend: 4,625 + 4,364
    "B23": ("=SUM(B11,B16,B19,B22)", 38618, 0),
    "B27": ("=MasterCheck", True, 0),
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
    assert sheet["I23"].number_format == "[>=0.5]#,##0;[<=-0.5](#,##0);-"
    assert sheet["J8"].number_format == "[>=0.0005]0.0%;[<=-0.0005](0.0%);-"


def test_the_master_check_is_on_the_sheet_but_not_on_the_printed_page(built: Path) -> None:
    import re
    import zipfile

    names = zipfile.ZipFile(built).read("xl/workbook.xml").decode("utf-8")
    # whole rows 1 to 25 (the service total on 23, the RAG key on 25); the master check on row 27 is the finance
    # team's, not Cabinet's
    assert re.search(r">'Revenue Summary'!\$1:\$25<", names)


def test_headline_names_are_defined(built: Path) -> None:
    book = openpyxl.load_workbook(built)
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    assert names["NetVariance"] == "'Revenue Summary'!$I$23"
    assert names["MasterCheck"].startswith("'Checks'!")
    assert names["Gap_2019_20"].startswith("'MTFP'!")


def test_the_bridge_takes_off_the_earmarks_drawn_live_from_the_revenue_summary(built: Path) -> None:
    # rev 3: the step is the Revenue Summary's total drawn (H23, 3,570: LAC overspends by more than its earmark)
    formulas = openpyxl.load_workbook(built)["Variance Analysis"]
    values = openpyxl.load_workbook(built, data_only=True)["Variance Analysis"]
    row = next(r[0].row for r in formulas.iter_rows(min_col=1, max_col=1) if r[0].value == "Funded from earmarked reserve")
    assert formulas.cell(row, 2).value == "=-'Revenue Summary'!$H$23"
    assert values.cell(row, 2).value == pytest.approx(-3570)
