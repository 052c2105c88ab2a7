"""The shipped monthly example: one year of an authority's workbooks, each rolled from the one before.

The Month 3 rows and each later refresh live in ``forecast.inputs.examples.monthly``;
this module runs the month-end routine on them (roll, refresh, next) and
returns the workbooks' bytes. ``python inputs/rebuild.py`` writes them to
``inputs/monthly/`` and a test checks the shipped files still match.
"""

from __future__ import annotations

from dataclasses import replace

from forecast.inputs import registry
from forecast.engine import run
from forecast.inputs.examples import monthly
from forecast.inputs import inputs_from_sheets
from forecast.inputs.rows import Rows, WorkbookRows
from forecast.inputs.tables import text_key
from forecast.monthly.roll import roll_rows, rolled_workbook_bytes
from forecast.inputs.template import input_workbook_bytes


def file_name(period: int) -> str:
    return f"{monthly.NAME}-m{period}.xlsx"


def monthly_example() -> dict[str, bytes]:
    """File name → workbook bytes, for each period of ``forecast.inputs.examples.monthly.PERIODS``."""
    first, *later = monthly.PERIODS
    rows = WorkbookRows(monthly.sheets())
    inputs = inputs_from_sheets(rows.sheets, file_name(first))
    out = {file_name(first): input_workbook_bytes(
        rows.sheets, title=f"forecast input workbook: {monthly.NAME} Month {first}",
        heading=f"forecast input workbook — example {monthly.NAME}, Month {first}",
    )}
    for period in later:
        rolled = roll_rows(inputs, rows, run(inputs), to=period)
        rows = WorkbookRows(_refresh(rolled.rows.sheets, monthly.refresh(period)))
        out[file_name(period)] = rolled_workbook_bytes(inputs, replace(rolled, rows=rows))
        inputs = inputs_from_sheets(rows.sheets, file_name(period))
    return out


def _refresh(sheets: dict[str, Rows], changes: monthly.Refresh) -> dict[str, Rows]:
    """The rows with the refresh applied: values set, rows deleted (None), by each sheet's key column."""
    out = {}
    for name, rows in sheets.items():
        wanted = {text_key(k): v for k, v in changes.get(name, {}).items()}
        key = registry.SCHEMA_BY_NAME[name].scenario_key if name in registry.SCHEMA_BY_NAME else ""
        kept = []
        for row in rows:
            change = wanted.get(text_key(row.get(key)), {}) if key else {}
            if change is None:
                continue
            kept.append({**row, **change})
        out[name] = kept
    return out
