"""The Actions sheet (inputs.md, rev 3): the improvement plan's actions, their leads, dates, status and measures.

Optional. Each row is (section, action, lead, due, status, investment,
measure, target, target_date, direction); the key is (section, action),
which ``compare`` matches actions by. The row rules (issue 24, "Bad input"),
each an error at its cell unless said otherwise:
- section, action, due and status are required;
- a status or direction outside its list (the drop-downs; matched like every
  drop-down column, so ``On Track`` is ``on track``);
- a due or target_date that is not a date;
- an investment name not on the Investments sheet (the one name rule);
- a target without a measure;
- a measure not in History: a warning, the action shown without a latest value;
- a target_date without a target: a warning (nothing to project to).

``rules`` holds the cross-sheet rules once, for ``read`` here and for
``forecast.inputs.actions.check_actions`` (rows given in code).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from forecast.inputs.cells import BAD, shown
from forecast.names import name_key
from forecast.schema import DATE, ENUM, NUMBER, TEXT, Column, SheetSchema
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Table

SHEET = "Actions"

NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETE = "not started", "on track", "at risk", "off track", "complete"
STATUSES: tuple[str, ...] = (NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETE)
UP, DOWN = "up", "down"
DIRECTIONS: tuple[str, ...] = (UP, DOWN)

SCHEMA = SheetSchema(
    SHEET,
    (
        Column("section", TEXT, "The plan's section, e.g. 1. Leadership.", required=True),
        Column("action", TEXT, "What will be done. Unique within its section.", required=True),
        Column("lead", TEXT, "Who leads it."),
        Column("due", DATE, "The date it is due.", required=True),
        Column("status", ENUM, "Its progress as the plan last reported it; forecast roll marks it to update.",
               required=True, choices=STATUSES),
        Column("investment", TEXT, "The name of the Investments row that pays for it, if any."),
        Column("measure", TEXT, "A History measure it is meant to change, e.g. caseload."),
        Column("target", NUMBER, "The value the measure should reach (needs a measure)."),
        Column("target_date", DATE, "By when the measure should reach its target."),
        Column("direction", ENUM, "up: higher is better; down: lower is better.", default=UP, choices=DIRECTIONS),
    ),
    key=("section", "action"),
    note="The improvement plan (optional sheet): actions, leads, dates, status, and the measure each should move.",
)
ACTIONS = SCHEMA  # the phase-1 name


@frozen
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


RECORD = ActionRow

Report = Callable[[str, str], None]  # (column, message)


def rules(typed: dict[str, object], investments: Collection[str], measures: Collection[str],
          error: Report, warning: Report) -> None:
    """The rules across sheets of one row's typed values (None blank, ``BAD`` already reported).

    ``investments``: the Investments sheet's names as spelt; ``measures``: the
    History measures' ``name_key``. The investment is replaced by its
    Investments spelling when found.
    """
    investment = typed.get("investment")
    if isinstance(investment, str):
        by_key = {name_key(n): n for n in investments}
        spelt = by_key.get(name_key(investment))
        if spelt is None:
            names = ", ".join(shown(n) for n in list(investments)[:8]) or "none"
            error("investment", f"investment {shown(investment)} is not a row of the Investments sheet "
                  f"(its names: {names}): use a name from there, or leave it blank")
        else:
            typed["investment"] = spelt
    measure, target = typed.get("measure"), typed.get("target")
    if target is not None and target is not BAD and measure is None:
        error("target", "target is given without a measure: name the History measure it is a target for")
    if isinstance(measure, str) and name_key(measure) not in measures:
        warning("measure", f"measure {shown(measure)} is not in History: the action is shown without a latest "
                "value (add the measure's monthly values to the History sheet)")
    if typed.get("target_date") not in (None, BAD) and target is None:
        warning("target_date", "target_date is given without a target: it is ignored (give the value the measure "
                "should reach)")


def record(typed: dict[str, object], cell: str) -> ActionRow | None:
    """The checked record of a row whose typed values are all good; None when a required one is missing."""
    section, action, due, status = typed["section"], typed["action"], typed["due"], typed["status"]
    if not (isinstance(section, str) and isinstance(action, str) and isinstance(due, _dt.date)
            and isinstance(status, str)):
        return None
    target, target_date = typed["target"], typed["target_date"]
    investment, measure = typed["investment"], typed["measure"]
    return ActionRow(
        section=section,
        action=action,
        due=due,
        status=status,
        lead=str(typed["lead"] or ""),
        investment=investment if isinstance(investment, str) else None,
        measure=measure if isinstance(measure, str) else None,
        target=float(target) if isinstance(target, float | int) else None,
        target_date=target_date if isinstance(target_date, _dt.date) else None,
        direction=str(typed["direction"] or UP),
        cell=cell,
    )


def investment_names(plan: Plan) -> list[str]:
    """The Investments sheet's names as spelt (read before Actions: same stage, earlier in the registry)."""
    table = plan.tables.get("Investments")
    if table is None:
        return []
    names = (row.value("name") for row in table.rows)
    return [n for n in names if isinstance(n, str)]


def read(table: Table, plan: Plan) -> list[ActionRow]:
    investments = investment_names(plan)
    measures = set(plan.history)  # keys by the one name rule
    rows = []
    for row in table.rows:
        typed = {c.name: row.value(c.name) for c in table.schema.columns}
        rules(typed, investments, measures, row.error, row.warning)
        if not row.ok:
            continue
        found = record(typed, f"{table.name}!{row.cell('action')}")
        if found is not None:
            rows.append(found)
    return rows
