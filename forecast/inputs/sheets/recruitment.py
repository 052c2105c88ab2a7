"""The Recruitment sheet: people joining a Staffing row on a date."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from forecast.fy import fy_of_date
from forecast.inputs.tables import text_key
from forecast.schema import COUNT, DATE, POUNDS, TEXT, YES_NO, YESNO, Column, SheetSchema

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Table

SCHEMA = SheetSchema(
    "Recruitment",
    (
        Column("team", TEXT, "Team of a Staffing row.", required=True),
        Column("role", TEXT, "Role of that Staffing row.", required=True),
        Column("fte", COUNT, "FTE joining.", required=True, positive=True),
        Column("start", DATE, "Date they start; counted by day in its month.", required=True),
        Column("replaces_agency", YESNO, "Whether they replace agency workers.", default="yes", choices=YES_NO),
        Column(
            "one_off_cost", COUNT, "Total one-off cost: relocation, visas, academy fees.", default=0.0, units=POUNDS
        ),
    ),
    note="People joining (optional sheet).",
    scenario_key="team",
    fixed=("team", "role"),
)


@dataclass(frozen=True)
class Recruit:
    team: str
    role: str
    fte: float
    start: _dt.date
    replaces_agency: bool = True
    one_off_cost: float = 0.0
    cell: str = ""  # where the row starts, e.g. "Recruitment!A5": the engine's warnings name it


RECORD = Recruit


def read(table: Table, plan: Plan) -> list[Recruit]:
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        found = plan.staff_ref(row, values["team"], values["role"])
        if found is not None:
            values["team"], values["role"] = found
            salary = plan.salaries.get((text_key(found[0]), text_key(found[1])), 0.0)
            fte = values["fte"]
            beyond = plan.beyond_limit(fte * salary) if isinstance(fte, float) else None
            if beyond:
                row.error("fte", f"fte × the Staffing salary of {found[0]} / {found[1]} {beyond}: check the fte")
        start = values["start"]
        if plan.years and isinstance(start, _dt.date) and fy_of_date(start) > plan.years[-1]:
            row.warning("start", f"start {start.isoformat()} is after the plan: the recruit has no effect")
        if not row.ok:
            continue
        values["cell"] = f"{table.name}!{row.cell('team')}"
        rows.append(Recruit(**{k: v for k, v in values.items() if v is not None}))  # type: ignore[arg-type]
    return rows
