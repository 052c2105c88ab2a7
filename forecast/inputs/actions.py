"""The Actions sheet (inputs.md, rev 3): the improvement plan's rows, their vocabularies and their checks.

Written standalone while the reading side is being split into one module per
input sheet: the wiring helper moves ``ACTIONS`` into the schema (or the
sheet's module), ``ActionRow`` beside the other records, and calls
``check_actions`` with each row's cells. Nothing here reads a workbook.

Each row is (section, action, lead, due, status, investment, measure,
target, target_date, direction). The checks (issue 24, "Bad input"), every
one an error at its cell unless said otherwise:
- section, action, due and status are required (a row with other values but
  no section or action is an error, not dropped);
- a status or direction outside its list (matched ignoring case and spaces;
  ``On Track`` is ``on track``);
- a due or target_date that is not a date (an Excel date or ISO text);
- a target that is not a number;
- an investment name not on the Investments sheet (matched by the one name rule);
- a target without a measure;
- the same (section, action) twice (compare matches actions by that pair);
- a measure not in History: a warning; the action is shown without a latest value;
- a target_date without a target: a warning (there is nothing to project to).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from forecast.errors import Problem
from forecast.inputs.cells import BAD, convert, is_blank, shown
from forecast.schema import DATE, ENUM, NUMBER, TEXT, Column, SheetSchema
from forecast.names import name_key as name_key  # the one name rule, re-exported for the plan's users

SHEET = "Actions"

NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETE = "not started", "on track", "at risk", "off track", "complete"
STATUSES: tuple[str, ...] = (NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETE)
UP, DOWN = "up", "down"
DIRECTIONS: tuple[str, ...] = (UP, DOWN)

ACTIONS = SheetSchema(
    SHEET,
    (
        Column("section", TEXT, "The plan's section, e.g. 1. Leadership.", required=True),
        Column("action", TEXT, "What will be done.", required=True),
        Column("lead", TEXT, "Who leads it."),
        Column("due", DATE, "The date it is due.", required=True),
        Column("status", ENUM, "Its progress as the plan last reported it.", required=True, choices=STATUSES),
        Column("investment", TEXT, "The name of the Investments row that pays for it, if any."),
        Column("measure", TEXT, "A History measure it is meant to change, e.g. caseload."),
        Column("target", NUMBER, "The value the measure should reach."),
        Column("target_date", DATE, "By when the measure should reach its target."),
        Column("direction", ENUM, "up: higher is better; down: lower is better.", default=UP, choices=DIRECTIONS),
    ),
    key=("section", "action"),
    note="The improvement plan (optional sheet): actions, leads, dates, status, and the measure each should move.",
)




@dataclass(frozen=True)
class ActionRow:
    """One row of the Actions sheet, checked. ``cell`` is its action cell (``Actions!B5``): the source row."""

    section: str
    action: str
    due: _dt.date
    status: str  # one of STATUSES
    lead: str = ""
    investment: str | None = None  # the Investments row's name as spelt there
    measure: str | None = None
    target: float | None = None
    target_date: _dt.date | None = None
    direction: str = UP  # one of DIRECTIONS
    cell: str = ""

    @property
    def row(self) -> int:
        """The Excel row number of the source row (0 when built in code)."""
        digits = "".join(ch for ch in self.cell.rpartition("!")[2] if ch.isdigit())
        return int(digits) if digits else 0


@dataclass(frozen=True)
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
    by_investment = {name_key(n): n for n in investments}
    in_history = {name_key(m) for m in measures}
    seen: dict[tuple[str, str], str] = {}
    for raw in rows:
        ok = True

        def fail(column: str, message: str, raw: RawActionRow = raw) -> None:
            nonlocal ok
            ok = False
            problems.append(Problem(sheet, raw.cell(column), message))

        typed: dict[str, object] = {}
        for column in ACTIONS.columns:
            value, message, severity = convert(raw.values.get(column.name), column)
            if message and severity == "error":
                fail(column.name, message)
            elif message:
                problems.append(Problem(sheet, raw.cell(column.name), message, "warning"))
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
        investment = typed["investment"]
        if isinstance(investment, str):
            spelt = by_investment.get(name_key(investment))
            if spelt is None:
                listing = ", ".join(shown(n) for n in list(investments)[:8]) or "none"
                fail("investment", f"investment {shown(investment)} is not a row of the Investments sheet "
                     f"(its names: {listing}): use a name from there, or leave it blank")
            else:
                typed["investment"] = spelt
        measure, target = typed["measure"], typed["target"]
        if target is not None and target is not BAD and measure is None:
            fail("target", "target is given without a measure: name the History measure it is a target for")
        if isinstance(measure, str) and name_key(measure) not in in_history:
            problems.append(Problem(sheet, raw.cell("measure"), (
                f"measure {shown(measure)} is not in History: the action is shown without a latest value "
                "(add the measure's monthly values to the History sheet)"), "warning"))
        if typed["target_date"] not in (None, BAD) and target is None:
            problems.append(Problem(sheet, raw.cell("target_date"), (
                "target_date is given without a target: it is ignored (give the value the measure should reach)"),
                "warning"))
        due = typed["due"]
        if not ok or not isinstance(due, _dt.date):
            continue
        found.append(ActionRow(
            section=str(section),
            action=str(action),
            due=due,
            status=str(typed["status"]),
            lead=str(typed["lead"] or ""),
            investment=typed["investment"] if isinstance(typed["investment"], str) else None,
            measure=measure if isinstance(measure, str) else None,
            target=float(target) if isinstance(target, float | int) else None,
            target_date=typed["target_date"] if isinstance(typed["target_date"], _dt.date) else None,
            direction=str(typed["direction"] or UP),
            cell=f"{sheet}!{raw.cell('action')}",
        ))
    return found, problems


def blank_row(values: Mapping[str, object]) -> bool:
    """Every cell of the row is blank (the reader skips such rows)."""
    return all(is_blank(v) for v in values.values())
