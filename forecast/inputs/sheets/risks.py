"""The Risks sheet: ranges of any numeric input for a Monte Carlo risk run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.inputs.cells import is_blank, shown
from forecast.inputs.sheets.scenarios import TARGET_SHEETS, Target, target_of
from forecast.names import name_key
from forecast.schema import DISTRIBUTIONS, ENUM, NUMBER, NUMERIC_KINDS, RISK_OPS, TEXT, TREND, Column, SheetSchema
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

SCHEMA = SheetSchema(
    "Risks",
    (
        Column("sheet", ENUM, "The sheet to vary.", required=True, choices=TARGET_SHEETS),
        Column("row", TEXT, "The row's key as in Scenarios, or * for every row.", required=True),
        Column("column", TEXT, "The numeric column to vary.", required=True),
        Column(
            "op",
            ENUM,
            "scale (multiply) or add; set with distribution trend.",
            required=True,
            choices=(*RISK_OPS, "set"),
        ),
        Column("low", NUMBER, "Lowest multiplier or addition (blank for trend)."),
        Column("likely", NUMBER, "Most likely multiplier or addition (blank for trend)."),
        Column("high", NUMBER, "Highest multiplier or addition (blank for trend)."),
        Column(
            "distribution",
            ENUM,
            "Shape of the range; trend draws a Placements growth or Staffing case_growth from the History fit "
            "(op set, row = placement type or team).",
            default="triangular",
            choices=DISTRIBUTIONS,
        ),
    ),
    note="Ranges for a Monte Carlo risk run (optional sheet).",
)


@frozen
class RiskRow:
    sheet: str
    row: str
    column: str
    op: str
    low: float
    likely: float
    high: float
    distribution: str = "triangular"
    cell: str = ""


RECORD = RiskRow


def read(table: Table, plan: Plan) -> list[RiskRow]:
    rows: list[RiskRow] = []
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns if c.name not in ("row", "column")}
        target = target_of(row, plan)
        if target and target.spec.kind not in NUMERIC_KINDS:
            row.error("column", f"column {target.column} is not a number, so it cannot carry a risk range")
        low, likely, high = values["low"], values["likely"], values["high"]
        distribution = str(values["distribution"] or "triangular")
        if distribution == TREND:
            _check_trend_risk(row, target, values["op"], plan)
            low = likely = high = 0.0  # unused: the draws come from the History fit
        else:
            if values["op"] == "set":
                row.error("op", "op set is only for distribution trend: use scale or add with a range")
            for name, value in (("low", low), ("likely", likely), ("high", high)):
                if value is None:
                    row.error(name, f"{name} is required: the range's {name} multiplier or addition")
        if all(isinstance(v, float) for v in (low, likely, high)) and not low <= likely <= high:  # type: ignore[operator]
            row.error("likely", f"low <= likely <= high must hold, got {low:g}, {likely:g}, {high:g}")
        if not row.ok or target is None:
            continue
        rows.append(RiskRow(
            target.sheet, target.row, target.column, str(values["op"]), low, likely, high,  # type: ignore[arg-type]
            distribution=distribution, cell=f"{table.name}!{row.cell('sheet')}",
        ))
    return rows


def _check_trend_risk(row: Row, target: Target | None, op: object, plan: Plan) -> None:
    """A ``trend`` risk row: op set on a Placements growth or Staffing case_growth of a row with a fit-able History."""
    if op != "set":
        row.error("op", "distribution trend draws the growth itself: op must be set")
    for name in ("low", "likely", "high"):
        if not is_blank(row.raw(name)):
            row.warning(name, f"{name} is ignored for distribution trend (the range comes from the History fit)")
    if target is None:
        return
    wanted = {"Placements": "growth", "Staffing": "case_growth"}
    if wanted.get(target.sheet) != target.column:
        row.error("column", "distribution trend varies a Placements growth or a Staffing case_growth only")
        return
    if target.row == "*":
        row.error("row", "distribution trend needs one row (the placement type or team whose History is fitted), "
                  "not *")
        return
    observed = plan.history.get(name_key(target.row))
    if not observed:
        row.error("row", f"distribution trend: History has no measure {shown(target.row)}: add its monthly "
                  "counts to the History sheet")
        return
    problem = plan.window_problem(observed)
    if problem:
        row.error("row", f"distribution trend: History measure {shown(target.row)} {problem}: add months")
