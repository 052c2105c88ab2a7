"""The Children sheet (issue 26, inputs.md): the placements list, one row per placement (optional).

The same columns are read from a CSV given with ``--children FILE`` (``forecast.inputs.children_csv``),
through the same table layer and the same row conversion (``child_row``). The record, ``ChildRow``,
lives in ``forecast.inputs.children_model`` (no reading logic, so the engine may import it) and is
re-exported here as the sheet's ``RECORD``.

The row checks here are the cells' (a date, a number, yes/no); every rule of §12 that needs the
Settings, the Budget and the Placements rows (a line that is not ``placements``, overlaps, repeats,
costs) is the engine's (``forecast.engine.children``), reported by child and row at the row's cell.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

from forecast.inputs.cells import BAD, as_text, is_blank
from forecast.inputs.children_model import CHILDREN_SHEET, RATE_UNITS, ChildRow

__all__ = ["SCHEMA", "RECORD", "ChildRow", "read", "rows_of", "child_row"]
from forecast.names import quoted
from forecast.schema import DATE, ENUM, NUMBER, PLACEMENT_TYPES, POUNDS, TEXT, YES_NO, YESNO, Column, SheetSchema

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

SCHEMA = SheetSchema(
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
        Column("provider", TEXT, "Who provides the placement (shown for high-cost placements)."),
        Column("uasc", YESNO, "yes: an unaccompanied asylum-seeking child.", choices=YES_NO),
    ),
    note="The placements list, one row per placement (optional): a placements line with rows here is "
    "forecast from them, each placement to its planned end or 18th birthday (or give the list as a CSV "
    "with --children FILE).",
)

RECORD = ChildRow

_UK_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
# ISO, perhaps with a time after it (cells.convert reads it; anything else it refuses with its own words)
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ].*)?\s*$")
_DATES = tuple(c.name for c in SCHEMA.columns if c.kind == DATE)


def read(table: Table, plan: Plan) -> list[ChildRow]:
    """The rows of the Children sheet (a row with a bad cell is left out: its error stops the build)."""
    return rows_of(table)


def rows_of(table: Table) -> list[ChildRow]:
    """The records of a Children table (the sheet, or a CSV read as one)."""
    out = []
    letters: tuple[tuple[str, str], ...] | None = None
    for row in table.rows:
        for name in _DATES:
            _uk_date(row, name)
        if letters is None:  # each column's letter, once per table (the row number is the record's)
            letters = tuple((c.name, row.cell(c.name).rstrip("0123456789")) for c in SCHEMA.columns)
        child = child_row(row, table.name, letters)
        if child is not None:
            out.append(child)
    return out


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


def child_row(row: Row, source: str, letters: tuple[tuple[str, str], ...] = ()) -> ChildRow | None:
    """The record of one row; None when a cell could not be read (already an error at the cell)."""
    no_child = is_blank(row.raw("child"))  # already an error at its cell (a blank key): not said twice
    values = {c.name: None if no_child and c.name == "child" else row.value(c.name) for c in SCHEMA.columns}
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
        cells=letters,
    )
