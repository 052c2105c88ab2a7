"""Raw sheets → tables of rows keyed by canonical column names, with their addresses.

This is the layer between the grid of cells (``reader.RawSheet``) and the
typed records (``validate``): it finds the header row, matches headers to
the schema, skips blank rows, reports blank and duplicate keys, and converts
cells on demand, recording every problem with its ``Sheet!Cell``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from forecast.errors import Problem
from forecast.inputs.history import name_key
from forecast.inputs.cells import BAD, as_text, convert, is_blank, shown
from forecast.inputs.reader import CellError, RawSheet, column_letters
from forecast.schema import Column, SheetSchema, future_budget_name, future_budget_year, header_key

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
    """How names are compared across sheets: case and repeated spaces do not matter."""
    return _text_key(value) if isinstance(value, str) else _text_key(as_text(value))


@lru_cache(maxsize=4096)
def _text_key(text: str) -> str:
    return name_key(text)


@dataclass
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


@dataclass
class Table:
    """A sheet matched to its schema."""

    schema: SheetSchema
    raw: RawSheet
    problems: Problems
    header_i: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # canonical name → index in raw rows
    future: dict[int, int] = field(default_factory=dict)  # Budget: year → index of `budget YYYY/YY`
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
    _match_headers(table)
    for column in schema.columns:
        if column.required and column.name not in table.columns:
            problems.error(
                raw.name,
                table.next_header_cell(),
                f"column '{column.name}' is missing: add it to the header row ({column.note})",
            )
    known = list(table.columns.items())
    for i in range(header_i + 1, len(raw.rows)):
        line = raw.rows[i]
        cells = {name: (line[j] if j < len(line) else None) for name, j in known}
        if all(is_blank(v) for v in cells.values()):
            continue  # blank, or values only in ignored columns
        table.rows.append(Row(table, i, cells))
    _check_keys(table)
    return table


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
        elif year is not None:
            if year in table.future:
                first = table.header_cell(table.future[year])
                table.problems.error(table.name, cell, f"two columns give the budget for one year (also {first})")
            else:
                table.future[year] = j
                table.columns[future_budget_name(year)] = j
        else:
            table.problems.warning(
                table.name,
                cell,
                f"column {shown(as_text(header))} is not one the tool reads: ignored "
                f"(columns: {_column_list(table.schema)})",
            )


def _column_list(schema: SheetSchema) -> str:
    return ", ".join(c.name for c in schema.columns)


def _check_keys(table: Table) -> None:
    key = table.schema.key or (table.schema.columns[0].name,)
    present = [k for k in key if k in table.columns]
    seen: dict[tuple[str, ...], Row] = {}
    for row in table.rows:
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
