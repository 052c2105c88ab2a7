"""The Investments sheet: one-off and ongoing spend, posts it funds and placement moves it makes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.fy import fy_label
from forecast.inputs.cells import shown
from forecast.inputs.tables import listing, text_key
from forecast.schema import (
    COUNT,
    ENUM,
    FUNDING,
    INVESTMENT_KINDS,
    PLACEMENT_TYPES,
    TEXT,
    UNITS,
    YEAR,
    YES_NO,
    YESNO,
    Column,
    SheetSchema,
)
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

SCHEMA = SheetSchema(
    "Investments",
    (
        Column("name", TEXT, "Name of the investment. Unique.", required=True),
        Column("line", TEXT, "The Budget line it relates to (optional)."),
        Column(
            "kind",
            ENUM,
            "one-off: amount spent in start_year; ongoing: amount every year.",
            required=True,
            choices=INVESTMENT_KINDS,
        ),
        Column(
            "amount",
            COUNT,
            "Cost; cash, no inflation added. Required, except for posts (team, role, fte), which are costed "
            "from their Staffing row when it is blank.",
            units=UNITS,
        ),
        Column("start_year", YEAR, "Financial year it starts, inside the plan.", required=True),
        Column("end_year", YEAR, "Last year of an ongoing investment (inclusive).", default="the end of the plan"),
        Column("funding", ENUM, "How it is paid for.", default="unfunded", choices=FUNDING),
        Column("annual_saving", COUNT, "Cashable saving a year.", default=0.0, units=UNITS),
        Column("saving_start_year", YEAR, "First year of the saving.", default="start_year"),
        Column("saving_end_year", YEAR, "Last year of the saving.", default="the end of the plan"),
        Column(
            "team",
            TEXT,
            "Posts: the team of the Staffing row the posts join (kind ongoing); several teams separated by ';', "
            "each optionally with its FTE, e.g. 'Team 1: 6; Team 2: 12' (without counts fte is split equally).",
        ),
        Column("role", TEXT, "Posts: the role of that Staffing row."),
        Column("fte", COUNT, "Posts: FTE the investment funds, in post from start_year to end_year.", positive=True),
        Column(
            "replaces_agency",
            YESNO,
            "Posts: whether they replace agency FTE of the row (saving the agency cost).",
            default="no",
            choices=YES_NO,
        ),
        Column(
            "from_type",
            ENUM,
            "Placement move: the placement type of line the children leave.",
            choices=PLACEMENT_TYPES,
            strict=False,
        ),
        Column("to_type", ENUM, "Placement move: the placement type they move to.", choices=PLACEMENT_TYPES,
               strict=False),
        Column("children", COUNT, "Placement move: children moved (at most the from_type row's children)."),
    ),
    key=("name",),
    note="Investments (optional sheet).",
    scenario_key="name",
    fixed=("name", "line", "team", "role"),
)


@frozen
class Investment:
    name: str
    kind: str
    amount: float | None  # None only for posts costed from their Staffing row
    start_year: int
    line: str = ""
    end_year: int | None = None  # resolved by the engine: end of plan when None
    funding: str = "unfunded"
    annual_saving: float = 0.0
    saving_start_year: int | None = None  # None: start_year
    saving_end_year: int | None = None  # None: end of plan
    team: str = ""  # posts: a Staffing row (team, role) and fte
    teams: tuple[tuple[str, float | None], ...] = ()  # rev 3: the teams `team` lists, each with its FTE or None
    role: str = ""
    fte: float | None = None
    replaces_agency: bool = False
    from_type: str = ""  # placement move: children moved between two Placements rows of `line`
    to_type: str = ""
    children: float | None = None
    cell: str = ""


RECORD = Investment


def read(table: Table, plan: Plan) -> list[Investment]:
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        plan.check_year(row, "start_year")
        plan.check_year(row, "saving_start_year")
        start, end = values["start_year"], values["end_year"]
        if values["kind"] == "one-off" and end is not None:
            row.warning("end_year", "end_year is ignored for a one-off investment (it is spent in start_year)")
        elif isinstance(start, int) and isinstance(end, int) and end < start:
            row.error("end_year", f"end_year {fy_label(end)} is before start_year {fy_label(start)}")
        saving_start = values["saving_start_year"] if values["saving_start_year"] is not None else start
        saving_end = values["saving_end_year"]
        if isinstance(saving_start, int) and isinstance(saving_end, int) and saving_end < saving_start:
            row.error("saving_end_year", f"saving_end_year {fy_label(saving_end)} is before the saving starts "
                      f"({fy_label(saving_start)})")
        line = plan.line_ref(row, None)
        posts = _investment_posts(row, values, plan)
        _investment_move(row, values, plan, line)
        if values["amount"] is None and not posts:
            row.error("amount", "amount is required (it may be blank only for posts costed from their Staffing "
                      "row: fill in team, role and fte)")
        if not row.ok or line is None:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        given.setdefault("amount", None)
        rows.append(Investment(line=line, cell=f"{table.name}!{row.cell('name')}", **given))  # type: ignore[arg-type]
    return rows


def _investment_posts(row: Row, values: dict[str, object], plan: Plan) -> bool:
    """Check the posts an investment buys (team, role, fte); True when it buys posts."""
    team, role, fte = values["team"], values["role"], values["fte"]
    if team is None and role is None and fte is None:
        if values["replaces_agency"] is True:
            row.warning("replaces_agency", "replaces_agency is ignored: the investment buys no posts (team, role, fte)")
        return False
    for name, value in (("team", team), ("role", role), ("fte", fte)):
        if value is None:
            row.error(name, f"{name} is blank: posts need team, role and fte (or clear all three)")
    if values["kind"] == "one-off":
        row.error("fte", "posts need kind ongoing (they are in post from start_year to end_year): change kind, "
                  "or clear team, role and fte")
    if isinstance(team, str) and isinstance(role, str):
        if ";" in team or ":" in team:
            _split_teams(row, values, plan, team, role)
        else:
            found = plan.staff_ref(row, team, role)
            if found is not None:
                values["team"], values["role"] = found
                values["teams"] = ((found[0], None),)
    return True


def _split_teams(row: Row, values: dict[str, object], plan: Plan, team: str, role: str) -> None:
    """Posts across teams (rev 3): ``Team 1: 6; Team 2: 6``, or ``Team 1; Team 2`` split equally."""
    parts: list[tuple[str, float | None]] = []
    bad = False
    for piece in (p.strip() for p in team.split(";")):
        if not piece:
            continue
        name, count = piece, None
        if ":" in piece:
            name, text = (x.strip() for x in piece.rsplit(":", 1))
            try:
                count = float(text)
            except ValueError:
                row.error("team", f"team {shown(piece)}: {shown(text)} is not a number of FTE (write e.g. 'Team 1: 6')")
                bad = True
                continue
            if not count > 0:
                row.error("team", f"team {shown(piece)}: the FTE of each team must be more than 0")
                bad = True
                continue
        found = plan.staff.get((text_key(name), text_key(role)))
        if found is None:
            roles = [r for (t, _), (_, r) in plan.staff.items() if t == text_key(name)]
            where = f"its roles: {listing(roles)}" if roles else "it is not a Staffing team"
            row.error("team", f"team {shown(name)} has no Staffing row with role {shown(role)} ({where})")
            bad = True
            continue
        if any(text_key(found[0]) == text_key(t) for t, _ in parts):
            row.error("team", f"team {shown(found[0])} is listed twice: list each team once")
            bad = True
            continue
        values["role"] = found[1]
        parts.append((found[0], count))
    if bad or not parts:
        if not parts and not bad:
            row.error("team", "team lists no team: name the teams the posts join")
        return
    counted = [c for _, c in parts if c is not None]
    fte = values["fte"]
    if counted and len(counted) < len(parts):
        row.error("team", "FTE are given for some teams and not others: give every team its FTE, or none "
                  "(then fte is split equally)")
        return
    if counted and isinstance(fte, float) and abs(sum(counted) - fte) > 1e-9 * max(1.0, fte):
        row.error("team", f"the teams' FTE add up to {sum(counted):g}, not fte {fte:g} "
                  f"({row.place('fte')}): make them agree")
        return
    values["teams"] = tuple(parts)
    values["team"] = "; ".join(t if c is None else f"{t}: {c:g}" for t, c in parts)


def _investment_move(row: Row, values: dict[str, object], plan: Plan, line: str | None) -> bool:
    """Check a placement move (from_type, to_type, children between two Placements rows of ``line``)."""
    names = ("from_type", "to_type", "children")
    given = [values[n] for n in names]
    if all(v is None for v in given):
        return False
    for name, value in zip(names, given, strict=True):
        if value is None:
            row.error(name, f"{name} is blank: a placement move needs from_type, to_type and children "
                      "(or clear all three)")
    if not line:
        if line == "":
            row.error("line", "line is blank: a placement move needs the placements line whose rows it moves "
                      "children between")
        return True
    found = {}
    for name in ("from_type", "to_type"):
        kind = values[name]
        if not isinstance(kind, str):
            continue
        record = plan.placement_rows.get((text_key(line), text_key(kind)))
        if record is None:
            types = [t for (ln, _), (t, _) in plan.placement_rows.items() if ln == text_key(line)]
            row.error(name, f"{name} {shown(kind)} is not a Placements row of line {shown(line)} "
                      f"(its types: {listing(types) or 'none'})")
        else:
            found[name] = record
            values[name] = record[0]
    children, source = values["children"], found.get("from_type")
    if isinstance(children, float) and source is not None and children > source[1]:
        row.error("children", f"children {children:g} is more than the {source[1]:g} children in "
                  f"{source[0]} on line {shown(line)}: move at most that many")
    return True
