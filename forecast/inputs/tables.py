"""Raw sheets → tables of rows keyed by canonical column names, with their addresses.

This is the layer between the grid of cells (``reader.RawSheet``) and the
typed records (``validate``): it finds the header row, matches headers to
the schema, skips blank rows, reports blank and duplicate keys, and converts
cells on demand, recording every problem with its ``Sheet!Cell``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import field
from functools import lru_cache

from forecast.errors import Problem
from forecast.names import name_key
from forecast.inputs.cells import BAD, as_text, convert, is_blank, shown
from forecast.inputs.reader import LINKED, NEGATIVES_HIDDEN, CellError, RawSheet, column_letters
from forecast.schema import (
    NUMERIC_KINDS,
    POUNDS,
    RATE,
    UNITS,
    Column,
    SheetSchema,
    future_budget_name,
    future_budget_year,
    header_key,
    header_unit,
    unit_problem,
)
from forecast.records import mutable

HEADER_SEARCH_ROWS = 10


class Problems:
    """Every problem found in one run, in the order found."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, sheet: str, cell: str, message: str) -> None:
        self.items.append(Problem(sheet, cell, message, "error"))

    def warning(self, sheet: str, cell: str, message: str) -> None:
        self.items.append(Problem(sheet, cell, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]


def text_key(value: object) -> str:
    """How names are compared across sheets: the one name rule (``forecast.names.name_key``) of a cell's text."""
    return _text_key(value) if isinstance(value, str) else _text_key(as_text(value))


@lru_cache(maxsize=4096)
def _text_key(text: str) -> str:
    return name_key(text)


@mutable
class Row:
    """One non-blank data row of a table."""

    table: Table
    i: int  # index into table.raw.rows
    cells: dict[str, object]  # canonical column name → raw value
    ok: bool = True
    _typed: dict[str, object] = field(default_factory=dict)

    @property
    def number(self) -> int:
        """The Excel row number."""
        return self.table.raw.row0 + self.i + 1

    def cell(self, name: str) -> str:
        """Address of column ``name`` in this row (where the column would be added, when the sheet lacks it)."""
        j = self.table.columns.get(name)
        if j is None:
            j = len(self.table.raw.rows[self.table.header_i])
        return self.table.raw.address(self.i, j)

    def place(self, name: str) -> str:
        return f"{self.table.name}!{self.cell(name)}"

    def error(self, name: str, message: str) -> None:
        self.ok = False
        self.table.problems.error(self.table.name, self.cell(name), message)

    def warning(self, name: str, message: str) -> None:
        self.table.problems.warning(self.table.name, self.cell(name), message)

    def raw(self, name: str) -> object:
        return self.cells.get(name)

    def value(self, name: str) -> object:
        """The typed value of column ``name``: None when blank, ``BAD`` when wrong (already reported)."""
        if name in self._typed:
            return self._typed[name]
        column = self.table.schema.column(name)
        typed = self.convert(name, self.cells.get(name), column)
        self._typed[name] = typed
        return typed

    def convert(self, name: str, raw: object, column: Column) -> object:
        """Convert ``raw`` (from column ``name``'s cell) as ``column``, reporting problems there."""
        if name not in self.table.columns and name in self.table.schema_names:
            if column.required:
                self.ok = False  # the missing column is reported once, at the header
                return BAD
            return None
        typed, message, severity = convert(raw, column)
        if message and severity == "error":
            self.error(name, message)
        elif message:
            self.warning(name, message)
        if typed is None and column.required:
            self.error(name, f"{column.name} is required: {column.note}")
            return BAD
        return typed


@mutable
class Table:
    """A sheet matched to its schema."""

    schema: SheetSchema
    raw: RawSheet
    problems: Problems
    header_i: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # canonical name → index in raw rows
    future: dict[int, int] = field(default_factory=dict)  # Budget: year → index of `budget YYYY/YY`
    units: dict[str, str] = field(default_factory=dict)  # canonical name → the unit its header states
    rows: list[Row] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.raw.name

    @property
    def schema_names(self) -> set[str]:
        return {c.name for c in self.schema.columns}

    def header_cell(self, j: int) -> str:
        return self.raw.address(self.header_i, j)

    def next_header_cell(self) -> str:
        """Where a missing column could be added: right of the last header."""
        width = len(self.raw.rows[self.header_i]) if self.raw.rows else 0
        return f"{column_letters(self.raw.col0 + width)}{self.raw.row0 + self.header_i + 1}"

    def end_cell(self, j: int = 0) -> str:
        """The first free row below the table, in column ``j``."""
        return self.raw.address(len(self.raw.rows), j)


def build_table(raw: RawSheet, schema: SheetSchema, problems: Problems) -> Table:
    """Match headers, skip blank rows, report blank and duplicate keys."""
    table = Table(schema, raw, problems)
    header_i = _find_header(raw, schema)
    if header_i is None:
        if schema.required:
            problems.error(raw.name, "A1", f"the sheet is empty: add the header row ({_column_list(schema)})")
        return table
    table.header_i = header_i
    first_key = header_key(schema.columns[0].name)
    if not any(isinstance(v, str) and header_key(v) == first_key for v in raw.rows[header_i]):
        later = next((i for i, line in enumerate(raw.rows) if i >= HEADER_SEARCH_ROWS and any(
            isinstance(v, str) and header_key(v) == first_key for v in line)), None)
        if later is not None:  # a title block of more rows than the search covers
            problems.error(raw.name, raw.address(later, 0), (
                f"the header row ({_column_list(schema)}) is on row {raw.row0 + later + 1}, but it must be within "
                f"the first {HEADER_SEARCH_ROWS} rows: delete the rows above it"
            ))
            return table
    _match_headers(table)
    for column in schema.columns:
        if column.required and column.name not in table.columns:
            problems.error(
                raw.name,
                table.next_header_cell(),
                f"column '{column.name}' is missing: add it to the header row ({column.note})",
            )
    merged_keys = _apply_merges(table)
    known = list(table.columns.items())
    for i in range(header_i + 1, len(raw.rows)):
        line = raw.rows[i]
        cells = {name: (line[j] if j < len(line) else None) for name, j in known}
        if all(is_blank(v) for v in cells.values()):
            continue  # blank, or values only in ignored columns
        table.rows.append(Row(table, i, cells, ok=i not in merged_keys))
    _check_keys(table, merged_keys)
    _warn_headerless(table)
    _warn_hidden(table)
    _warn_stale(table)
    _check_shown_scaled(table)
    return table


def _apply_merges(table: Table) -> set[int]:
    """Give every cell of a merged range below the header its top-left value, as Excel shows it.

    An error, naming the range, where that cannot be right: a range down a column that must be unique
    (a Budget line, an investment's name) or down an amount that would then count once in every row,
    or a range across two columns the tool reads. Returns the rows of merged key ranges (already
    reported, so not reported again as blank or duplicate keys).
    """
    raw = table.raw
    bad_rows: set[int] = set()
    first_data = raw.row0 + table.header_i + 1
    by_col = {raw.col0 + j: name for name, j in table.columns.items()}
    unique = set(table.schema.key[-1:])
    for top, left, bottom, right in raw.merged:
        if top < first_data or (top == bottom and left == right):
            continue  # a title or header above the data: its value is not read
        names = [by_col[c] for c in range(left, right + 1) if c in by_col]
        if not names:
            continue
        where = f"{raw.address(top - raw.row0, left - raw.col0)}:{raw.address(bottom - raw.row0, right - raw.col0)}"
        problem = ""
        if len(names) > 1:
            problem = f"are merged across the columns {' and '.join(names)}, which each need their own value"
        elif top < bottom and (names[0] in unique or (table.schema.name, names[0]) in _OWN_VALUE_PER_ROW):
            problem = f"are merged down the {names[0]} column, where each row needs its own {names[0]}"
            bad_rows.update(range(top - raw.row0 + 1, bottom - raw.row0 + 1))  # the top row keeps its own
        elif top < bottom and _adds_up(table, names[0]):
            problem = f"are merged down the {names[0]} column: its amount would count once in every row"
        if problem:
            table.problems.error(table.name, where.split(":")[0], (
                f"cells {where} {problem}: unmerge them (Home > Merge & Center > Unmerge Cells) and give each "
                "row its value"
            ))
            continue
        i0, j0 = top - raw.row0, left - raw.col0
        # a top-left cell in a blank margin column, left of the values read, is blank (never a negative index)
        value = raw.rows[i0][j0] if 0 <= j0 and i0 < len(raw.rows) and j0 < len(raw.rows[i0]) else None
        for i in range(i0, min(bottom - raw.row0 + 1, len(raw.rows))):
            line = raw.rows[i]
            if len(line) <= right - raw.col0:
                line.extend([None] * (right - raw.col0 + 1 - len(line)))
            for j in range(max(j0, 0), right - raw.col0 + 1):
                line[j] = value
    return bad_rows


# Columns whose value means something else on every row (each Settings row is another setting):
# a range merged down them would give one setting's value to the next.
_OWN_VALUE_PER_ROW = {("Settings", "value")}


def _adds_up(table: Table, name: str) -> bool:
    """Whether a column holds amounts that add up down the sheet (money, children, FTE), not a shared rate."""
    if name not in table.schema_names:
        return True  # a `budget YYYY/YY` column
    column = table.schema.column(name)
    return column.kind in NUMERIC_KINDS and column.kind != RATE and column.units != POUNDS


LIST_AT_MOST = 8


def listing(names: list[str]) -> str:
    """Names for a message, each cut as ``shown`` cuts a quoted value, so one very long name cannot swamp it."""
    return listed([n if len(n) <= 60 else n[:57] + "..." for n in names], LIST_AT_MOST)


def listed(items: list[str], at_most: int) -> str:
    """``a, b, c and 4 more``: the first ``at_most`` items named, the rest counted."""
    more = len(items) - at_most
    return ", ".join(items[:at_most]) + (f" and {more:,} more" if more > 0 else "")


def also(cells: list[str]) -> str:
    """`` (also B4, B5 and 2 more)`` naming the cells after the first (eight at most), or nothing."""
    return f" (also {listed(cells[1:], 7)})" if len(cells) > 1 else ""


def spans(numbers: list[int]) -> str:
    """``[5, 9, 10, 11]`` → ``5, 9-11``: rows or cells named compactly (at most eight groups)."""
    groups: list[list[int]] = []
    for n in sorted(set(numbers)):
        if groups and n == groups[-1][-1] + 1:
            groups[-1].append(n)
        else:
            groups.append([n])
    return listed([str(g[0]) if len(g) == 1 else f"{g[0]}-{g[-1]}" for g in groups], 8)


def _warn_headerless(table: Table) -> None:
    """Values in the table's rows under a blank header: one warning, as they are not read.

    A header deleted (or lost under a merged header cell) would otherwise drop its whole column with no
    word: `group` blank, every line falls back to the service.
    """
    raw = table.raw
    header = raw.rows[table.header_i] if raw.rows else []
    found: dict[int, list[int]] = {}
    for row in table.rows:
        for j, value in enumerate(raw.rows[row.i]):
            if not is_blank(value) and (j >= len(header) or is_blank(header[j])):
                found.setdefault(j, []).append(row.number)
    if not found:
        return
    first = min(found)
    where = listed([f"{column_letters(raw.col0 + j)} (rows {spans(rows)})" for j, rows in sorted(found.items())], 5)
    table.problems.warning(table.name, table.header_cell(first), (
        f"{'columns' if len(found) > 1 else 'column'} {where} {'hold' if len(found) > 1 else 'holds'} values under "
        f"a blank header: not read; give {'them headers' if len(found) > 1 else 'it a header'} "
        f"(columns: {_column_list(table.schema)}) or clear {'them' if len(found) > 1 else 'it'}"
    ))


def _warn_hidden(table: Table) -> None:
    """A hidden sheet, or hidden rows or columns, whose values are read: warned by name."""
    raw = table.raw
    if not table.rows:
        return
    if raw.state != "visible":
        how = (
            "very hidden (only Excel's VBA editor shows it: Developer > Visual Basic, set its Visible to "
            "-1 - xlSheetVisible)" if raw.state == "veryHidden" else "hidden (right-click a sheet tab > Unhide)"
        )
        table.problems.warning(table.name, "", f"the sheet is {how} and its values are read: unhide it to check them")
    rows = [raw.row0 + row.i + 1 for row in table.rows if raw.row0 + row.i in raw.hidden_rows]
    if rows:
        table.problems.warning(table.name, f"A{rows[0]}", (
            f"{'rows' if len(rows) > 1 else 'row'} {spans(rows)} {'are' if len(rows) > 1 else 'is'} hidden and "
            f"{'hold' if len(rows) > 1 else 'holds'} values that are read: unhide "
            f"{'them' if len(rows) > 1 else 'it'} (select the rows around, right-click > Unhide) to check"
        ))
    hidden = [(name, j) for name, j in table.columns.items() if raw.col0 + j in raw.hidden_cols]
    hidden = [(name, j) for name, j in hidden if any(not is_blank(row.raw(name)) for row in table.rows)]
    if hidden:
        names = ", ".join(f"{column_letters(raw.col0 + j)} ({name})" for name, j in hidden)
        table.problems.warning(table.name, table.header_cell(hidden[0][1]), (
            f"{'columns' if len(hidden) > 1 else 'column'} {names} {'are' if len(hidden) > 1 else 'is'} hidden and "
            f"{'hold' if len(hidden) > 1 else 'holds'} values that are read: unhide "
            f"{'them' if len(hidden) > 1 else 'it'} (select the columns around, right-click > Unhide) to check"
        ))


def _check_shown_scaled(table: Table) -> None:
    """Numbers whose format shows them divided by 1,000 (``#,##0,``) are an error; shown not at all, a warning.

    A cell showing 1,235 that holds 1,234,567 would be read as the 1,234,567 nobody sees. One problem
    per sheet and cause, at the first cell, naming the others.
    """
    raw = table.raw
    if not raw.shown_scaled:
        return
    numeric = {raw.col0 + j: name for name, j in table.columns.items()
               if name not in table.schema_names or table.schema.column(name).kind in NUMERIC_KINDS}
    by_scale: dict[int, list[tuple[int, int, float]]] = {}
    for row in table.rows:
        r = raw.row0 + row.i
        for c, name in numeric.items():
            value = row.raw(name)
            scale = raw.shown_scaled.get((r, c))
            if scale == NEGATIVES_HIDDEN and not (isinstance(value, (int, float)) and value < 0):
                continue  # a positive number shows as it is
            if scale is not None and isinstance(value, (int, float)) and not isinstance(value, bool) and value:
                by_scale.setdefault(scale, []).append((r, c, float(value)))
    for scale, cells in sorted(by_scale.items()):
        names = [raw.address(r - raw.row0, c - raw.col0) for r, c, _ in cells]
        more = also(names)
        value = cells[0][2]
        if scale in (0, NEGATIVES_HIDDEN):
            how = "(;;;) shows nothing" if scale == 0 else "shows a negative number as nothing"
            table.problems.warning(table.name, names[0], (
                f"holds {shown(value)} but its number format {how}{more}: the value is read; "
                "give the cells a visible format (Format Cells > Number) to check them"
            ))
            continue
        factor = "1,000" if scale == 1000 else f"{scale:,}"
        table.problems.error(table.name, names[0], (
            f"holds {shown(value)} but its number format shows it divided by {factor} "
            f"({value / scale:,.0f}){more}: the value held is what is read, so type the figure you mean "
            "and set the format to show it as it is (Format Cells > Number)"
        ))


def _warn_stale(table: Table) -> None:
    """Values taken from another workbook or from the web: one warning per kind, naming the cells."""
    raw = table.raw
    if not raw.stale:
        return
    read_cols = {raw.col0 + j for j in table.columns.values()}
    read_rows = {raw.row0 + row.i for row in table.rows}
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for (r, c), kind in sorted(raw.stale.items()):
        if r in read_rows and c in read_cols:
            by_kind.setdefault(kind, []).append((r, c))
    for kind, cells in by_kind.items():
        names = [raw.address(r - raw.row0, c - raw.col0) for r, c in cells]
        more = also(names)
        fix = (
            "open that workbook too so Excel updates the link, or paste the figure as a value"
            if kind == LINKED else "recalculate it in Excel before saving, or paste the figure as a value"
        )
        table.problems.warning(table.name, names[0], (
            f"takes its value from {kind}{more}: the value saved in this file is used, and may be out of date; {fix}"
        ))


def _find_header(raw: RawSheet, schema: SheetSchema) -> int | None:
    """The row (within the first few) that holds the first column's header, else the first non-blank row."""
    first_key = header_key(schema.columns[0].name)
    first_non_blank = None
    for i, line in enumerate(raw.rows[:HEADER_SEARCH_ROWS]):
        if all(is_blank(v) for v in line):
            continue
        if first_non_blank is None:
            first_non_blank = i
        if any(isinstance(v, str) and header_key(v) == first_key for v in line):
            return i
    return first_non_blank


def _match_headers(table: Table) -> None:
    by_key = {header_key(c.name): c for c in table.schema.columns}
    unknown: list[tuple[str, str]] = []  # (cell, header) of columns the tool does not read
    for j, header in enumerate(table.raw.rows[table.header_i]):
        if is_blank(header):
            continue
        cell = table.header_cell(j)
        if isinstance(header, CellError):
            table.problems.error(table.name, cell, f"the header {header.describe()}")
            continue
        column = by_key.get(header_key(as_text(header)))
        year = future_budget_year(as_text(header)) if table.schema.name == "Budget" else None
        if column is not None:
            if column.name in table.columns:
                first = table.header_cell(table.columns[column.name])
                table.problems.error(
                    table.name, cell, f"column '{column.name}' appears twice (also {first}): delete or rename one"
                )
            else:
                table.columns[column.name] = j
                _note_unit(table, column.name, header)
        elif year is not None:
            if year in table.future:
                first = table.header_cell(table.future[year])
                table.problems.error(table.name, cell, f"two columns give the budget for one year (also {first})")
            else:
                table.future[year] = j
                table.columns[future_budget_name(year)] = j
                _note_unit(table, future_budget_name(year), header)
        else:
            unknown.append((cell, as_text(header)))
    if unknown:  # one warning, however many columns (a sheet can have 16,384)
        names = listed([shown(text) for _, text in unknown], 5)
        table.problems.warning(table.name, unknown[0][0], (
            f"column{'s' if len(unknown) > 1 else ''} {names} {'are' if len(unknown) > 1 else 'is'} not "
            f"one the tool reads: ignored (columns: {_column_list(table.schema)})"
        ))


def _note_unit(table: Table, name: str, header: object) -> None:
    unit = header_unit(as_text(header))
    if unit is not None:
        table.units[name] = unit


def check_header_units(table: Table, workbook_units: str) -> None:
    """A unit stated in a header must be the one its column is in; otherwise an error at the header cell.

    A unit in the sheet's name (``Budget (£m)``) speaks of the sheet's money and unit costs, so it must
    agree with each of those columns whose header states none: an error at the sheet otherwise.
    """
    for name, unit in table.units.items():
        column = table.schema.column(name) if name in table.schema_names else None
        header = as_text(table.raw.rows[table.header_i][table.columns[name]])
        problem = unit_problem(header, name, unit, column, workbook_units)
        if problem:
            table.problems.error(table.name, table.header_cell(table.columns[name]), f"the header {problem}")
    sheet_unit = header_unit(table.name)
    if sheet_unit is None:
        return
    for name in table.columns:
        column = table.schema.column(name) if name in table.schema_names else None
        if name in table.units or (column is not None and column.units not in (UNITS, POUNDS)):
            continue  # its own header states its unit; a count or rate is not what a sheet's unit speaks of
        problem = unit_problem(table.name, name, sheet_unit, column, workbook_units, "sheet", table.schema.name)
        if problem:
            table.problems.error(table.name, "", f"the sheet name {problem}")
            return


def _column_list(schema: SheetSchema) -> str:
    return ", ".join(c.name for c in schema.columns)


def _check_keys(table: Table, merged_rows: Collection[int] = ()) -> None:
    key = table.schema.key or (table.schema.columns[0].name,)
    present = [k for k in key if k in table.columns]
    seen: dict[tuple[str, ...], Row] = {}
    for row in table.rows:
        if row.i in merged_rows or any(isinstance(row.raw(k), CellError) for k in present):
            continue  # reported already: a merged key range, or a key cell Excel could not calculate
        blank = [k for k in present if is_blank(row.raw(k))]
        if blank:
            for k in blank:
                row.error(k, f"{k} is blank but the row has other values: fill in the {k} or clear the row")
            continue
        if not table.schema.key or len(present) < len(key):
            continue
        values = tuple(text_key(row.raw(k)) for k in key)
        if values in seen:
            what = " and ".join(key)
            row.error(
                key[0],
                f"duplicate {what} {shown(' / '.join(as_text(row.raw(k)) for k in key))} "
                f"(also at {seen[values].place(key[0])}): each {what} must appear once",
            )
        else:
            seen[values] = row
