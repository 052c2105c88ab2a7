"""The children list read from the Children sheet or from a CSV file (``--children FILE``).

Both go through the project's table layer (``forecast.inputs.tables.build_table``): headers matched
like every sheet's (case, spaces, underscores and a trailing unit do not matter), blank rows skipped,
a blank ``child`` on a row with values an error, every cell converted by ``forecast.inputs.cells``.
A CSV is read as a sheet named after the file, so every problem names the file, the row and the
column the way Excel shows the file: ``children.csv!E7: start must be a date …``.

Dates are real Excel dates, ISO text (``2025-10-01``) or UK day-first text (``01/10/2025``, also
``1/10/2025``). A two-digit year (``01/10/25``) is refused (which century is a date of birth in?),
and so is a slashed date that cannot be day first (``10/25/2025``: a US export), so a file written
month-first fails at its first day after the 12th instead of being misread.

The schema is the Children sheet's (``forecast.inputs.sheets.children``), so the sheet and the CSV read
the same columns with the same words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from forecast.errors import Problem
from forecast.inputs.children_model import ChildRow
from forecast.inputs.reader import MAX_ROWS, RawSheet
from forecast.inputs.sheets.children import SCHEMA, rows_of
from forecast.inputs.tables import Problems, build_table, check_header_units
from forecast.names import display_name

CHILDREN = SCHEMA  # the Children sheet's schema (forecast.inputs.sheets.children)


def read_children(raw: RawSheet, problems: Problems) -> list[ChildRow]:
    """The rows of a Children sheet (or a CSV read as one); every problem recorded in ``problems``.

    A row with a problem in a cell is left out (its problem is an error, so there is no build).
    """
    table = build_table(raw, CHILDREN, problems)
    check_header_units(table, "£000")  # only weekly_cost and rate carry a unit here: always £
    return rows_of(table)


def read_children_csv(path: str | Path) -> tuple[list[ChildRow], list[Problem]]:
    """The children list in a CSV file: its rows and every problem found (errors and warnings).

    The file is UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252 (Excel's
    "CSV (Comma delimited)"), which is warned. Commas separate cells; a file whose header has
    semicolons or tabs and no comma is read with those.
    """
    path = Path(path)
    name = display_name(path.name)
    problems = Problems()
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(name, "", f"cannot read the children list: {exc.strerror or exc}")
        return [], problems.items
    rows = parse_csv(data, name, problems)
    if rows is None:
        return [], problems.items
    return read_children(RawSheet.from_rows(name, rows), problems), problems.items


def parse_csv(data: bytes, name: str, problems: Problems) -> list[list[object]] | None:
    """The cells of a CSV file as text; None (with the problem recorded) when it cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        problems.warning(name, "", (
            "the file is not UTF-8: read as Windows-1252 (Excel's 'CSV (Comma delimited)'); "
            "save it as 'CSV UTF-8' if names look wrong"))
    if "\x00" in text:
        problems.error(name, "", "the file is not a CSV text file (it holds NUL bytes): export the list as CSV")
        return None
    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first else ";" if ";" in first else "\t" if "\t" in first else ","
    try:
        rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        problems.error(name, "", f"the file cannot be read as CSV: {exc}")
        return None
    if len(rows) > MAX_ROWS:
        problems.error(name, "", f"the file has {len(rows):,} rows, over the {MAX_ROWS:,} the tool reads")
        return None
    if not rows:
        problems.error(name, "A1", "the file is empty: the first row must be the header (child, line, …)")
        return None
    return rows


def problems_text(problems: Sequence[Problem]) -> list[str]:
    """Each problem as ``file!D5: message`` (what validate prints)."""
    return [str(p) for p in problems]
