"""The Placements sheet: children and weekly cost per placement type of each placements line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.inputs.cells import BAD
from forecast.inputs.tables import text_key
from forecast.schema import COUNT, DEMAND_CATEGORIES, ENUM, PLACEMENT_TYPES, POUNDS, TEXT, TREND, Column, SheetSchema, rate
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Row, Table

SCHEMA = SheetSchema(
    "Placements",
    (
        Column("line", TEXT, "A Budget line whose method is placements.", required=True),
        Column(
            "placement_type",
            ENUM,
            "Placement type.",
            required=True,
            choices=PLACEMENT_TYPES,
            strict=False,
        ),
        # issue 26: blank on a line with a children list (Children sheet or --children), which gives them
        Column("children", COUNT, "Children in this placement type now (may be an average). Blank: from the "
               "Children list."),
        Column("weekly_cost", COUNT, "Average cost per child per week now. Blank: from the Children list.",
               units=POUNDS),
        Column("budget_children", COUNT, "Children the budget was built on.", default=0.0),
        Column(
            "budget_weekly_cost", COUNT, "Weekly cost the budget was built on.", default="weekly_cost", units=POUNDS
        ),
        rate(
            "growth",
            "Yearly change in children from next year, or trend (the History trend of this placement type).",
            0.0,
            words=(TREND,),
        ),
        Column(
            "demand_category",
            ENUM,
            "The demand model's category this type counts in (forecast demand). Default from the type: fostering "
            "and kinship FOSTERING, residential and secure RESIDENTIAL, supported accommodation SUPPORTED, "
            "else OTHER.",
            choices=DEMAND_CATEGORIES,
        ),
        Column("entrants", COUNT, "Lines with a Children list: new placements expected a month for the rest of "
               "the year.", default=0.0),
    ),
    key=("line", "placement_type"),
    note="One row per placement type per line.",
    scenario_key="placement_type",
    fixed=("line", "placement_type", "demand_category"),
)


@frozen
class PlacementRow:
    line: str
    placement_type: str
    children: float
    weekly_cost: float
    budget_children: float = 0.0
    budget_weekly_cost: float = 0.0  # resolved: weekly_cost when blank
    growth: float | str = 0.0  # or TREND: ĝ of History measure = placement_type
    cell: str = ""  # where the row starts, e.g. "Placements!A5"
    demand_category: str = ""  # issue 22: as written ("" = the default from the type, demand_split)
    # issue 26: the children list (calculations.md §12)
    entrants: float = 0.0  # new placements a month for the rest of the year (lines with Children rows)
    blank: tuple[str, ...] = ()  # "children@Placements!C5": children / weekly_cost left blank for the list to give


RECORD = PlacementRow


def read(table: Table, plan: Plan) -> list[PlacementRow]:
    rows = []
    categories: dict[str, tuple[str, str]] = {}  # type key → (demand_category, its cell): one per type (issue 22)
    for row in table.rows:
        values = {c.name: row.value(c.name) for c in table.schema.columns}
        _one_category(row, values["placement_type"], values["demand_category"], categories)
        line = plan.line_ref(row, "placements") if values["line"] is not BAD else None
        kind, children = values["placement_type"], values["children"]
        if line and isinstance(kind, str) and (isinstance(children, float) or children is None):
            # blank children (issue 26): the list gives them later, so a move out of the type is not capped here
            plan.placement_rows[(text_key(line), text_key(kind))] = (kind, children if children is not None
                                                                     else float("inf"))
        if values["growth"] == TREND:
            plan.check_trend(row, "growth", kind, "placement type")
        if not row.ok or not line:
            continue
        plan.check_row_cost(row, ("children", "budget_children"), ("weekly_cost", "budget_weekly_cost"),
                            plan.weeks_per_year)
        if not row.ok:
            continue
        given = {k: v for k, v in values.items() if v is not None and k != "line"}
        blank = tuple(f"{name}@{table.name}!{row.cell(name)}" for name in ("children", "weekly_cost")
                      if values[name] is None)
        given.setdefault("children", 0.0)  # blank: the Children list gives it (an error when the line has none)
        given.setdefault("weekly_cost", 0.0)
        given.setdefault("budget_weekly_cost", values["weekly_cost"] if values["weekly_cost"] is not None else 0.0)
        if values["budget_weekly_cost"] is None and values["weekly_cost"] is None:
            blank += (f"budget_weekly_cost@{table.name}!{row.cell('budget_weekly_cost')}",)
        rows.append(PlacementRow(line=line, cell=f"{table.name}!{row.cell('line')}", blank=blank,
                                 **given))  # type: ignore[arg-type]
    return rows


def _one_category(row: Row, kind: object, category: object, seen: dict[str, tuple[str, str]]) -> None:
    """A placement type counts in one demand category: two rows of it giving different ones is an error."""
    if not isinstance(kind, str) or not isinstance(category, str):
        return
    first = seen.setdefault(text_key(kind), (category, row.place("demand_category")))
    if first[0] != category:
        row.error("demand_category", f"demand_category {category} differs from {first[0]} given for placement type "
                  f"{kind!r} at {first[1]}: a type counts in one category of the demand model")
