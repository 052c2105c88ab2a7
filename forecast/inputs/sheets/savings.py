"""The Savings sheet: approved savings plans, each with its year, amount and RAG."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.schema import ENUM, NUMBER, RAGS, TEXT, UNITS, YEAR, YES_NO, YESNO, Column, SheetSchema
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Table

SCHEMA = SheetSchema(
    "Savings",
    (
        Column("name", TEXT, "Name of the saving. Unique.", required=True),
        Column("line", TEXT, "The Budget line it relates to (optional)."),
        Column("year", YEAR, "Financial year the saving starts, inside the plan.", required=True),
        Column("amount", NUMBER, "Positive = spending reduced.", required=True, units=UNITS),
        Column("rag", ENUM, "Delivery confidence.", required=True, choices=RAGS),
        Column("recurring", YESNO, "Whether it continues every later year.", default="yes", choices=YES_NO),
    ),
    key=("name",),
    note="Approved savings plans (optional sheet).",
    scenario_key="name",
    fixed=("name", "line"),
)


@frozen
class Saving:
    name: str
    year: int
    amount: float
    rag: str
    line: str = ""
    recurring: bool = True


RECORD = Saving


def read(table: Table, plan: Plan) -> list[Saving]:
    rows = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        plan.check_year(row, "year")
        line = plan.line_ref(row, None)
        if not row.ok or line is None:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        rows.append(Saving(line=line, **given))  # type: ignore[arg-type]
    return rows
