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

The schema ``CHILDREN`` below is the Children sheet's contract (inputs.md); the wiring moves it into
``forecast.schema``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Sequence
from pathlib import Path

from forecast.errors import Problem
from forecast.inputs.cells import BAD, as_text, is_blank
from forecast.inputs.children_model import CHILDREN_SHEET, RATE_UNITS, ChildRow
from forecast.inputs.model import PLACEMENT_TYPES
from forecast.inputs.reader import MAX_ROWS, RawSheet
from forecast.inputs.tables import Problems, Row, build_table, check_header_units
from forecast.names import display_name, quoted
from forecast.schema import DATE, ENUM, NUMBER, POUNDS, TEXT, YES_NO, YESNO, Column, SheetSchema

CHILDREN = SheetSchema(
    CHILDREN_SHEET,
    (
        Column("child", TEXT, "The child's ID as the placements system holds it.", required=True),
        Column("line", TEXT, "A Budget line whose method is placements.", required=True),
        Column(
            "placement_type", ENUM, "Placement type, as on the Placements sheet.", required=True,
            choices=PLACEMENT_TYPES, strict=False,
        ),
        # NUMBER, not COUNT: a negative cost is a data-quality error named by child and row (§12)
        Column("weekly_cost", NUMBER, "Cost a week; leave blank when a rate is given.", units=POUNDS),
        Column("rate", NUMBER, "Cost per night, day or week instead of weekly_cost.", units=POUNDS),
        Column("rate_unit", TEXT, "What the rate is per: " + ", ".join(RATE_UNITS) + "."),
        Column("start", DATE, "First day of the placement.", required=True),
        Column("planned_end", DATE, "Last day of the placement, when known."),
        Column("date_of_birth", DATE, "The placement ends the day before the 18th birthday at the latest."),
        Column(
            "after_18", YESNO, "yes: may continue after 18 (Staying Put, care leavers).", default="no",
            choices=YES_NO,
        ),
        Column("paid_to", DATE, "Last day whose cost is in actual_to_date. Default: the period's end."),
        Column("provider", TEXT, "Who provides the placement (shown)."),
        Column("uasc", YESNO, "yes: an unaccompanied asylum-seeking child (shown).", choices=YES_NO),
    ),
    note="The placements list: one row per placement (optional).",
)

_UK_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
# ISO, perhaps with a time after it (cells.convert reads it; anything else it refuses with its own words)
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ].*)?\s*$")
_DATES = tuple(c.name for c in CHILDREN.columns if c.kind == DATE)


def read_children(raw: RawSheet, problems: Problems) -> list[ChildRow]:
    """The rows of a Children sheet (or a CSV read as one); every problem recorded in ``problems``.

    A row with a problem in a cell is left out (its problem is an error, so there is no build).
    """
    table = build_table(raw, CHILDREN, problems)
    check_header_units(table, "£000")  # only weekly_cost and rate carry a unit here: always £
    out = []
    for row in table.rows:
        for name in _DATES:
            _uk_date(row, name)
        child = _to_child(row, raw.name)
        if child is not None:
            out.append(child)
    return out


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


def _uk_date(row: Row, name: str) -> None:
    """A day-first ``dd/mm/yyyy`` text date turned into a date before the cell is converted."""
    raw = row.raw(name)
    if not isinstance(raw, str):
        return
    match = _UK_DATE.match(raw)
    if not match:
        if raw.strip() and not _ISO_DATE.match(raw):
            row.error(name, f"{name} must be a date, written yyyy-mm-dd or dd/mm/yyyy, got {quoted(raw.strip())}")
            row._typed[name] = BAD
        return
    day, month, year = (int(g) for g in match.groups())
    if len(match.group(3)) == 2:
        row.error(name, f"{name} {quoted(raw.strip())} has a two-digit year: write it in full (dd/mm/yyyy or yyyy-mm-dd)")
        row._typed[name] = BAD
        return
    try:
        row.cells[name] = _dt.date(year, month, day)
    except ValueError:
        hint = ""
        if month > 12 and day <= 12:
            hint = " (it looks month first, as a US export writes: dates are read day first, dd/mm/yyyy)"
        row.error(name, f"{name} {quoted(raw.strip())} is not a date{hint}: write dd/mm/yyyy or yyyy-mm-dd")
        row._typed[name] = BAD


def _to_child(row: Row, source: str) -> ChildRow | None:
    no_child = is_blank(row.raw("child"))  # already an error at its cell (a blank key): not said twice
    values = {c.name: None if no_child and c.name == "child" else row.value(c.name) for c in CHILDREN.columns}
    if not row.ok or any(v is BAD for v in values.values()):
        return None

    def text(name: str) -> str:
        v = values[name]
        return "" if v is None or is_blank(v) else as_text(v)

    def number(name: str) -> float | None:
        v = values[name]
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None

    def day(name: str) -> _dt.date | None:
        v = values[name]
        return v if isinstance(v, _dt.date) else None

    start = day("start")
    if start is None:
        return None
    unit = text("rate_unit").lower() or None
    uasc = values["uasc"]
    return ChildRow(
        child=text("child"),
        line=text("line"),
        placement_type=text("placement_type"),
        start=start,
        weekly_cost=number("weekly_cost"),
        rate=number("rate"),
        rate_unit=unit,
        planned_end=day("planned_end"),
        date_of_birth=day("date_of_birth"),
        after_18=values["after_18"] is True,
        paid_to=day("paid_to"),
        provider=text("provider"),
        uasc=uasc if isinstance(uasc, bool) else None,
        row=row.number,
        source=source,
    )


def problems_text(problems: Sequence[Problem]) -> list[str]:
    """Each problem as ``file!D5: message`` (what validate prints)."""
    return [str(p) for p in problems]
