"""quality.md revision 3, output side: what input text can do to the written workbooks, files and processes.

Each test names the attack or slip it stands for; the README's Safety table lists them.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries

from attack_sheets import LONG_NAME, wildcard_sheets
from forecast.engine import run as run_engine
from forecast.inputs import inputs_from_sheets
from forecast.report.workbook import build_workbook

# Functions whose criterion argument reads *, ? and ~ as wildcards (and takes at most 255 characters).
_CRITERION = re.compile(r"\b(SUMIFS?|COUNTIFS?|AVERAGEIFS?|MATCH|VLOOKUP|HLOOKUP|XLOOKUP|XMATCH|SEARCH)\(", re.I)
_EXACT = re.compile(r"^=SUMPRODUCT\(--\((\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)=(\$?[A-Z]+\$?\d+)\),(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)\)$")


def _formulas(path: Path) -> list[tuple[str, str, str]]:
    book = openpyxl.load_workbook(path)
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]


def _cells(sheet: openpyxl.worksheet.worksheet.Worksheet, ref: str) -> list[object]:
    low_col, low_row, high_col, high_row = range_boundaries(ref.replace("$", ""))
    return [
        sheet.cell(r, c).value for r in range(low_row, high_row + 1) for c in range(low_col, high_col + 1)
    ]


def test_no_formula_takes_a_line_name_as_a_wildcard_criterion(tmp_path: Path) -> None:
    """Lines named ``Agency staff*``, ``Placements?``, ``~x`` and a 300-character name: no SUMIF/COUNTIF/MATCH
    anywhere, and each exact-match SUMPRODUCT, evaluated here from the cached cells, gives its cached value."""
    out = tmp_path / "wild.xlsx"
    results = run_engine(inputs_from_sheets(wildcard_sheets(), "wild"))
    build_workbook(results, out)
    formulas = _formulas(out)
    assert formulas
    assert [f for f in formulas if _CRITERION.search(f[2])] == []
    cached = openpyxl.load_workbook(out, data_only=True)
    exact = 0
    for title, coordinate, formula in formulas:
        match = _EXACT.match(formula)
        if not match:
            continue
        sheet = cached[title]
        names, key, values = match.groups()
        wanted = str(sheet[key.replace("$", "")].value).casefold()
        total = sum(
            float(v or 0)
            for n, v in zip(_cells(sheet, names), _cells(sheet, values), strict=True)
            if str(n).casefold() == wanted
        )
        assert abs(total - float(sheet[coordinate].value)) < 1e-9, (title, coordinate, formula)
        exact += 1
    assert exact >= 8  # Staffing and Placements by line, each line named above
    # the case of the issue: Agency staff*'s budget basis is its own row only (one row of 10 FTE at £40,000 with
    # on-costs), not the sum with Agency staff (legacy)'s row of 5 FTE that SUMIF's wildcard added in
    staffing = results.staffing.lines
    own, legacy = staffing["Agency staff*"].budget_basis, staffing["Agency staff (legacy)"].budget_basis
    assert legacy > 0
    sheet = cached["Staffing"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Agency staff*"
               and isinstance(sheet.cell(r, 3).value, (int, float)) and r > 10)
    assert sheet.cell(row, 3).value == own != own + legacy
    assert LONG_NAME in [line.line for line in results.lines]
