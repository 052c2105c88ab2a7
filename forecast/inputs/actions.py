"""The Actions sheet's rows checked from code (``check_actions``), and the sheet's names re-exported.

The sheet itself (schema, record, the rules) is ``forecast.inputs.sheets.actions``;
the workbook reader calls its ``read``. ``check_actions`` applies the same
conversions and rules to rows given as column → value with their cell
addresses, every problem in one pass (the duplicate (section, action) rule,
which the reader checks as the sheet's key, included).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from forecast.errors import Problem
from forecast.inputs.cells import BAD, convert, is_blank, shown
from forecast.inputs.sheets.actions import (
    ACTIONS,
    AT_RISK,
    COMPLETE,
    DIRECTIONS,
    DOWN,
    NOT_STARTED,
    OFF_TRACK,
    ON_TRACK,
    SHEET,
    STATUSES,
    UP,
    ActionRow,
    record,
    rules,
)
from forecast.names import name_key
from forecast.records import frozen

__all__ = [
    "ACTIONS", "AT_RISK", "COMPLETE", "DIRECTIONS", "DOWN", "NOT_STARTED", "OFF_TRACK", "ON_TRACK", "SHEET",
    "STATUSES", "UP", "ActionRow", "RawActionRow", "blank_row", "check_actions", "name_key",
]


@frozen
class RawActionRow:
    """One non-blank row as read: column → cell value (as the reader gives it), column → its address (``C5``)."""

    values: Mapping[str, object]
    cells: Mapping[str, str]

    def cell(self, column: str) -> str:
        return self.cells.get(column, "")


def check_actions(
    rows: Sequence[RawActionRow],
    investments: Collection[str] = (),
    measures: Collection[str] = (),
    sheet: str = SHEET,
) -> tuple[list[ActionRow], list[Problem]]:
    """Every problem of the Actions rows in one pass, and the rows that have none.

    ``investments``: the Investments sheet's names; ``measures``: the History
    sheet's measures (both as spelt; matched by ``name_key``).
    """
    problems: list[Problem] = []
    found: list[ActionRow] = []
    in_history = {name_key(m) for m in measures}
    seen: dict[tuple[str, str], str] = {}
    for raw in rows:
        ok = True

        def fail(column: str, message: str, raw: RawActionRow = raw) -> None:
            nonlocal ok
            ok = False
            problems.append(Problem(sheet, raw.cell(column), message))

        def warn(column: str, message: str, raw: RawActionRow = raw) -> None:
            problems.append(Problem(sheet, raw.cell(column), message, "warning"))

        typed: dict[str, object] = {}
        for column in ACTIONS.columns:
            value, message, severity = convert(raw.values.get(column.name), column)
            if message and severity == "error":
                fail(column.name, message)
            elif message:
                warn(column.name, message)
            if value is None and column.required:
                fail(column.name, f"{column.name} is required: {column.note}")
                value = BAD
            typed[column.name] = value
        section, action = typed["section"], typed["action"]
        if isinstance(section, str) and isinstance(action, str):
            key = (name_key(section), name_key(action))
            if key in seen:
                fail("action", f"action {shown(action)} of section {shown(section)} appears twice (also at "
                     f"{seen[key]}): keep one row per action, or tell them apart")
            else:
                seen[key] = f"{sheet}!{raw.cell('action')}"
        rules(typed, investments, in_history, fail, warn)
        if not ok:
            continue
        made = record(typed, f"{sheet}!{raw.cell('action')}")
        if made is not None:
            found.append(made)
    return found, problems


def blank_row(values: Mapping[str, object]) -> bool:
    """Every cell of the row is blank (the reader skips such rows)."""
    return all(is_blank(v) for v in values.values())
