"""Input workbooks built in code: small dicts in, an .xlsx file out.

``minimal_sheets()`` is the smallest valid input; tests copy it, change one
thing and write it with ``write_workbook`` (XlsxWriter, cached values) or
``write_workbook_openpyxl`` (formulas saved without cached values).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

Sheets = dict[str, list[dict[str, object]]]


def minimal_sheets() -> Sheets:
    """A small valid input: settings, three lines (placements, staffing, budget) and one of each optional sheet."""
    return {
        "Settings": [
            {"setting": "authority", "value": "Testshire County Council"},
            {"setting": "financial_year", "value": "2025/26"},
            {"setting": "period", "value": 6},
        ],
        "Budget": [
            {"line": "Placements", "budget": 1000, "actual_to_date": 480},
            {"line": "Social workers", "budget": 500, "actual_to_date": 260},
            {"line": "Other", "budget": 200, "actual_to_date": 90},
        ],
        "Placements": [
            {"line": "Placements", "placement_type": "in-house fostering", "children": 20, "weekly_cost": 460},
            {"line": "Placements", "placement_type": "external residential", "children": 2, "weekly_cost": 5288},
        ],
        "Staffing": [
            {
                "line": "Social workers",
                "team": "Assessment",
                "role": "Social Worker",
                "fte_budget": 10,
                "fte_permanent": 8,
                "fte_agency": 1,
                "salary": 40000,
                "agency_premium": 0.4,
            },
        ],
        "Recruitment": [
            {"team": "Assessment", "role": "Social Worker", "fte": 1, "start": dt.date(2025, 12, 1)},
        ],
        "Investments": [
            {"name": "Edge of care", "kind": "one-off", "amount": 100, "start_year": "2025/26", "funding": "reserves"},
        ],
        "Savings": [
            {"name": "Step down", "year": "2026/27", "amount": 50, "rag": "amber"},
        ],
        "Scenarios": [
            {"scenario": "High demand", "sheet": "Placements", "row": "*", "column": "children", "op": "scale",
             "value": 1.1},
        ],
        "Risks": [
            {"sheet": "Placements", "row": "*", "column": "children", "op": "scale", "low": 0.9, "likely": 1.0,
             "high": 1.2},
        ],
    }


def with_cell(sheets: Sheets, sheet: str, row: int, column: str, value: object) -> Sheets:
    """A copy of ``sheets`` with one cell changed (``row`` counts data rows from 0; a new row is appended)."""
    changed = copy.deepcopy(sheets)
    rows = changed.setdefault(sheet, [])
    while len(rows) <= row:
        rows.append({})
    rows[row][column] = value
    return changed


def write_workbook(path: Path, sheets: Sheets, dress: Callable[[Any, dict[str, Any]], None] | None = None) -> Path:
    """Write ``sheets`` with XlsxWriter, headers in row 1 (first-seen order), values typed as given.

    ``dress(book, worksheets)``, when given, runs before the file is closed: it may hide sheets, rows
    and columns, merge ranges or write formulas with XlsxWriter's own calls (``worksheets`` by name).
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        headers = _headers(rows)
        sheet.write_row(0, 0, headers)
        for i, row in enumerate(rows, start=1):
            for j, header in enumerate(headers):
                value = row.get(header)
                if isinstance(value, (dt.date, dt.datetime)):
                    sheet.write_datetime(i, j, value, date_format)
                elif isinstance(value, str) and value.startswith("="):
                    sheet.write_formula(i, j, value)
                elif value is not None:
                    sheet.write(i, j, value)
    if dress is not None:
        dress(book, {ws.get_name(): ws for ws in book.worksheets()})
    book.close()
    return path


def write_workbook_openpyxl(path: Path, sheets: Sheets) -> Path:
    """Write ``sheets`` with openpyxl: text starting with '=' becomes a formula with no cached value."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        headers = _headers(rows)
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    book.save(path)
    return path


def _headers(rows: list[dict[str, object]]) -> list[str]:
    headers: list[str] = []
    for row in rows:
        headers += [h for h in row if h not in headers]
    return headers


def rewrite_parts(path: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """Rewrite the zip at ``path`` with ``change(part name, bytes) -> bytes`` applied to every part."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: change(name, source.read(name)) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path
