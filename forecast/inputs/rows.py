"""Every value of an input workbook as written, sheet by sheet: what ``forecast roll`` copies forward.

A sheet the tool reads becomes rows of column → raw cell value, keyed by
the canonical column name (so the template writer puts each value under
its own header whatever the user's spelling), with any other column kept
under its header as written. A sheet the tool does not read is kept as its
grid of values. Values are the cells' own (a formula's cached value), never
converted: copying must not change what the user typed.
"""

from __future__ import annotations

from dataclasses import field

from forecast import schema
from forecast.inputs import registry
from forecast.inputs.cells import as_text, is_blank
from forecast.inputs.reader import RawSheet
from forecast.inputs.tables import Problems, build_table
from forecast.records import frozen

Rows = list[dict[str, object]]


@frozen
class WorkbookRows:
    sheets: dict[str, Rows] = field(default_factory=dict)  # canonical sheet name → rows
    other_sheets: dict[str, list[list[object]]] = field(default_factory=dict)  # as written, by sheet name


def workbook_rows(raw_sheets: list[RawSheet]) -> WorkbookRows:
    """The values of ``raw_sheets`` (from a workbook that validated) as rows to write again."""
    out = WorkbookRows()
    for raw in raw_sheets:
        sheet = registry.sheet_for(raw.name)
        if sheet is None:
            if raw.rows and not is_tool_read_me(raw):  # a user's own "read me" is theirs: kept (issue 20)
                out.other_sheets[raw.name] = [list(line) for line in raw.rows]
            continue
        out.sheets[sheet.name] = _table_rows(raw, sheet)
    return out


def is_tool_read_me(raw: RawSheet) -> bool:
    """The Read me sheet ``forecast init`` or ``forecast roll`` wrote (its title says so), not a user's own."""
    if schema.header_key(raw.name) not in READ_ME_KEYS:
        return False
    first = raw.rows[0][0] if raw.rows and raw.rows[0] else None
    return isinstance(first, str) and first.startswith(READ_ME_TITLE)


READ_ME_TITLE = "forecast input workbook"  # the first words of the tool's Read me (forecast.inputs.template)
TOOL_READ_ME = "forecast read me"  # the name `forecast roll` gives its Read me when the user has one of their own
READ_ME_KEYS = (schema.header_key(schema.README_SHEET), schema.header_key(TOOL_READ_ME))


def _table_rows(raw: RawSheet, sheet: schema.SheetSchema) -> Rows:
    table = build_table(raw, sheet, Problems())
    if not raw.rows:
        return []
    by_index = {j: name for name, j in table.columns.items()}
    headers = raw.rows[table.header_i]
    names = [by_index.get(j) or ("" if is_blank(h) else as_text(h)) for j, h in enumerate(headers)]
    rows: Rows = []
    for row in table.rows:
        line = raw.rows[row.i]
        rows.append({name: line[j] if j < len(line) else None for j, name in enumerate(names) if name})
    return rows
