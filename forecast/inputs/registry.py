"""The input workbook's sheets: one ordered declaration that everything on the input side reads.

Each entry names the module in ``forecast.inputs.sheets`` that declares the
sheet. The module holds everything about it: its ``SCHEMA`` (columns,
kinds, notes, drop-downs, key, the column a Scenarios row names, the columns
a scenario may not change, what the template writes), its typed ``RECORD``
and ``read(table, plan)``, which checks the rows and returns the records.
The validator reads the sheets in ``stage`` order (in registry order within
a stage), the template writes them in registry order, the docs list them in
registry order, and scenarios find their rows through it.

Adding an input sheet is one module in ``forecast/inputs/sheets/`` and one
line here (and, when the engine uses its rows, a field of ``Inputs``).
Adding a column is one ``Column`` in its module's ``SCHEMA`` (and, when the
engine uses it, a field of its ``RECORD``).

The output side has the same shape: ``forecast/report/registry.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, cast

from forecast.inputs.sheets import (
    actions,
    budget,
    demand,
    children,
    history,
    investments,
    placements,
    recruitment,
    risks,
    savings,
    scenarios,
    settings,
    staffing,
)
from forecast.schema import Column, SheetSchema, header_key
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan
    from forecast.inputs.tables import Table

# The order the validator reads the sheets in: each stage may name rows of the stages before it.
SETTINGS_STAGE = 0  # Settings fixes the plan (years, period, units) every other sheet is checked against
NAMED = 1  # sheets whose rows others name: Budget lines, History measures
NAMING = 2  # rows naming a Budget line, a Staffing row, a History measure (in registry order: Staffing first)
CHANGES = 3  # Scenarios and Risks: changes naming a row of any sheet above


class SheetModule(Protocol):
    """What a module of ``forecast.inputs.sheets`` declares."""

    SCHEMA: SheetSchema

    @property
    def RECORD(self) -> type: ...  # noqa: N802 (a module constant)

    def read(self, table: Table, plan: Plan) -> Sequence[object]: ...


@frozen
class InputSheet:
    module: SheetModule  # the sheet's module in forecast.inputs.sheets
    field: str  # the attribute of Inputs holding its records ("settings": the one Settings record)
    stage: int = NAMING
    required: bool = False  # a workbook without it is an error

    @property
    def schema(self) -> SheetSchema:
        return self.module.SCHEMA

    @property
    def name(self) -> str:
        return self.module.SCHEMA.name

    @property
    def record(self) -> type:
        return self.module.RECORD


def _sheet(module: ModuleType, field: str, stage: int = NAMING, required: bool = False) -> InputSheet:
    return InputSheet(cast(SheetModule, module), field, stage, required)


# In workbook order: the template writes them so, problems are listed so.
SHEETS: tuple[InputSheet, ...] = (
    _sheet(settings, "settings", SETTINGS_STAGE, required=True),
    _sheet(budget, "budget", NAMED, required=True),
    _sheet(placements, "placements"),
    _sheet(staffing, "staffing"),
    _sheet(recruitment, "recruitment"),
    _sheet(investments, "investments"),
    _sheet(savings, "savings"),
    _sheet(history, "history", NAMED),
    _sheet(demand, "demand"),
    _sheet(children, "children"),  # issue 26: the placements list (rows naming a placements line)
    _sheet(actions, "actions"),  # issue 24: after History and Investments (it names their rows)
    _sheet(scenarios, "scenarios", CHANGES),
    _sheet(risks, "risks", CHANGES),
)

BY_NAME: dict[str, InputSheet] = {s.name: s for s in SHEETS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
REQUIRED: tuple[str, ...] = tuple(s.name for s in SHEETS if s.required)
SCHEMAS: tuple[SheetSchema, ...] = tuple(s.schema for s in SHEETS)
SCHEMA_BY_NAME: dict[str, SheetSchema] = {s.name: s.schema for s in SHEETS}
SETTINGS: tuple[Column, ...] = settings.SETTINGS
SETTING_NAMES: tuple[str, ...] = settings.SETTING_NAMES
# Columns `forecast roll` fills, never typed by hand (the examples leave them out).
ROLL_COLUMNS: dict[str, tuple[str, ...]] = {s.name: s.schema.roll for s in SHEETS if s.schema.roll}
# Sheets a Scenarios or Risks row may change, and the field naming a row of each (Settings: the setting).
CHANGEABLE: dict[str, InputSheet] = {s.name: s for s in SHEETS if s.schema.scenario_key and s.stage != CHANGES}


def reading_order() -> list[InputSheet]:
    """The sheets in the order the validator reads them (by stage, then registry order)."""
    return sorted(SHEETS, key=lambda s: s.stage)


def sheet_for(name: object) -> SheetSchema | None:
    """The schema of a workbook sheet name, matched like headers."""
    key = header_key(name)
    return next((s.schema for s in SHEETS if header_key(s.name) == key), None)


setting_for = settings.setting_for
