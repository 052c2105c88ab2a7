"""The Recruitment sheet: the workforce pipeline (joiners, leavers, agency starts and ends, progression)."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from forecast.fy import fy_of_date
from forecast.inputs.cells import BAD, is_blank, shown
from forecast.inputs.tables import listing, text_key
from forecast.schema import COUNT, DATE, ENUM, POUNDS, TEXT, YES_NO, YESNO, Column, SheetSchema
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

RECRUIT_KINDS = ("join", "leave", "agency_join", "agency_leave", "progress")

SCHEMA = SheetSchema(
    "Recruitment",
    (
        Column("team", TEXT, "Team of a Staffing row.", required=True),
        Column("role", TEXT, "Role of that Staffing row.", required=True),
        Column("fte", COUNT, "FTE joining, leaving or moving.", required=True, positive=True),
        Column(
            "start",
            DATE,
            "Date it happens, counted by day in its month (a leave: the first day out of post).",
            required=True,
        ),
        Column(
            "replaces_agency",
            YESNO,
            "join only: whether the recruits replace agency workers of the row.",
            default="yes",
            choices=YES_NO,
        ),
        Column(
            "one_off_cost", COUNT, "Total one-off cost: relocation, visas, academy fees.", default=0.0, units=POUNDS
        ),
        Column(
            "kind",
            ENUM,
            "join: permanent recruits; leave: permanent leavers; agency_join / agency_leave: agency workers "
            "starting / ending; progress: people moving to to_role of the same team (e.g. ASYE to Social Worker).",
            default="join",
            choices=RECRUIT_KINDS,
        ),
        Column("to_role", TEXT, "progress only: the role of the same team they move to (a Staffing row)."),
    ),
    note="The workforce pipeline: people joining, leaving and moving (optional sheet).",
    scenario_key="team",
    fixed=("team", "role"),
)


@frozen
class Recruit:
    team: str
    role: str
    fte: float
    start: _dt.date
    replaces_agency: bool = True
    one_off_cost: float = 0.0
    kind: str = "join"  # rev 3: join, leave, agency_join, agency_leave or progress
    to_role: str = ""  # progress: the role of the same team they move to
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
        _check_kind(row, values, plan)
        start = values["start"]
        if plan.years and isinstance(start, _dt.date) and fy_of_date(start) > plan.years[-1]:
            row.warning("start", f"start {start.isoformat()} is after the plan: the recruit has no effect")
        if not row.ok:
            continue
        values["cell"] = f"{table.name}!{row.cell('team')}"
        rows.append(Recruit(**{k: v for k, v in values.items() if v is not None}))  # type: ignore[arg-type]
    return rows


def _check_kind(row: Row, values: dict[str, object], plan: Plan) -> None:
    """``progress`` needs a ``to_role`` of the same team; ``to_role`` and ``replaces_agency`` belong to one kind."""
    kind, to_role, team = values["kind"], values["to_role"], values["team"]
    if kind == "progress":
        if to_role is None:
            row.error("to_role", "to_role is blank: a progress row moves people to another role of the same team "
                      "(e.g. Social Worker): fill it in")
        elif isinstance(to_role, str) and isinstance(team, str) and isinstance(values["role"], str) \
                and (text_key(team), text_key(values["role"])) in plan.staff:
            found = plan.staff.get((text_key(team), text_key(to_role)))
            if found is None:
                roles = [r for (t, _), (_, r) in plan.staff.items() if t == text_key(team)]
                row.error("to_role", f"to_role {shown(to_role)} is not a role of team {shown(team)} on Staffing "
                          f"(its roles: {listing(roles) or 'none'})")
            elif text_key(found[1]) == text_key(values["role"]):
                row.error("to_role", f"to_role {shown(to_role)} is the row's own role: progress moves people to "
                          "another role of the team")
            else:
                values["to_role"] = found[1]
    elif to_role is not None and kind is not BAD:
        row.warning("to_role", f"to_role is ignored: it is used only when kind is progress (this row is {kind})")
        values["to_role"] = None
    if kind not in ("join", None, BAD) and not is_blank(row.raw("replaces_agency")) and values["replaces_agency"] is True:
        row.warning("replaces_agency", f"replaces_agency is ignored: only a join replaces agency (this row is {kind})")
