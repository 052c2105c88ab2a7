"""The Staffing sheet: establishment, people in post and agency workers per team and role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.inputs.cells import BAD
from forecast.inputs.tables import text_key
from forecast.schema import COUNT, POUNDS, TEXT, TREND, Column, SheetSchema, rate
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Table

SCHEMA = SheetSchema(
    "Staffing",
    (
        Column(
            "line",
            TEXT,
            "A Budget line. On a line whose method is not staffing the row is capacity only: it costs nothing "
            "but counts in vacancies, agency share, caseloads and capacity.",
            required=True,
        ),
        Column("team", TEXT, "Team, e.g. Assessment.", required=True),
        Column("role", TEXT, "Role, e.g. Social Worker. Team and role together are unique.", required=True),
        Column("fte_budget", COUNT, "Funded establishment (FTE).", required=True),
        Column("fte_permanent", COUNT, "Employees in post (FTE).", required=True),
        Column("fte_agency", COUNT, "Agency workers in post (FTE).", default=0.0),
        Column("salary", COUNT, "Salary a year per FTE, before on-costs.", required=True, units=POUNDS),
        Column(
            "agency_hourly_rate",
            COUNT,
            "Hourly rate charged for an agency worker; this or agency_premium is needed when fte_agency > 0.",
            units=POUNDS,
        ),
        rate("agency_premium", "Agency cost over an employee's full cost, used when there is no hourly rate."),
        Column("cases", COUNT, "Open cases held by the team (optional)."),
        Column("target_caseload", COUNT, "Cases per worker the service aims for (optional).", positive=True),
        rate(
            "case_growth",
            "Yearly change in cases from next year, or trend (the History trend of the measure named like the team).",
            0.0,
            words=(TREND,),
        ),
        rate(
            "turnover",
            "Yearly leavers as a share of permanent FTE; each post is covered by agency for backfill_months "
            "(needs agency_hourly_rate or agency_premium).",
            0.0,
            minimum=0.0,
        ),
    ),
    key=("team", "role"),
    note="One row per team and role.",
    scenario_key="team",
    fixed=("line", "team", "role"),
)


@frozen
class StaffRow:
    line: str
    team: str
    role: str
    fte_budget: float
    fte_permanent: float
    salary: float
    fte_agency: float = 0.0
    agency_hourly_rate: float | None = None
    agency_premium: float | None = None
    cases: float | None = None
    target_caseload: float | None = None
    case_growth: float | str = 0.0  # or TREND: ĝ of History measure = team
    turnover: float = 0.0  # yearly leavers as a share of permanent FTE
    cell: str = ""


RECORD = StaffRow


def read(table: Table, plan: Plan) -> list[StaffRow]:
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        line = plan.line_ref(row, None) if values["line"] is not BAD else None
        agency = values["fte_agency"]
        rate, premium = values["agency_hourly_rate"], values["agency_premium"]
        if isinstance(agency, float) and agency > 0 and rate is None and premium is None:
            row.error(
                "agency_hourly_rate",
                f"fte_agency is {agency:g} ({row.place('fte_agency')}) but neither agency_hourly_rate nor "
                "agency_premium is given: fill in one of them",
            )
        elif rate is not None and premium is not None and rate is not BAD and premium is not BAD:
            row.warning("agency_premium", "both agency_hourly_rate and agency_premium are given: "
                        "the hourly rate is used and the premium ignored")
        turnover = values["turnover"]
        if isinstance(turnover, float) and turnover > 0 and rate is None and premium is None:
            row.error("turnover", f"turnover is {turnover:g} but neither agency_hourly_rate nor agency_premium is "
                      "given, so the agency cover of leavers cannot be costed: fill in one of them, or clear turnover")
        if values["case_growth"] == TREND:
            plan.check_trend(row, "case_growth", values["team"], "team")
        if isinstance(values["team"], str) and isinstance(values["role"], str):
            plan.staff[(text_key(values["team"]), text_key(values["role"]))] = (values["team"], values["role"])
            if isinstance(values["salary"], float):
                plan.salaries[(text_key(values["team"]), text_key(values["role"]))] = values["salary"]
        hourly_year = plan.weeks_per_year * plan.hours_per_week  # an agency hourly rate over a year
        plan.check_row_cost(row, ("fte_budget", "fte_permanent", "fte_agency"), ("salary",), 1.0)
        plan.check_row_cost(row, ("fte_agency",), ("agency_hourly_rate",), hourly_year)
        if not row.ok or not line:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        rows.append(StaffRow(line=line, cell=f"{table.name}!{row.cell('line')}", **given))  # type: ignore[arg-type]
    return rows
