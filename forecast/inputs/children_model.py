"""One row of the children list (inputs.md Children sheet, calculations.md §12), as the engine reads it.

A plain record with no reading logic, so the engine may import it (the reader of the sheet or of a
``--children FILE`` CSV is ``forecast.inputs.children_csv``). The wiring of rev 3 may move
``ChildRow`` into the Children sheet's module; nothing here depends on where it lives.

Money is in £ (a unit cost, like Placements ``weekly_cost``); dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as _dt
from forecast.names import name_key
from forecast.records import frozen
from dataclasses import field

RATE_UNITS = ("night", "day", "week")
# rate × this = £ a week (§12: × 7 for a night or day rate, × 1 for a weekly rate)
RATE_UNIT_WEEKS = {"night": 7.0, "day": 7.0, "week": 1.0}
# types whose weekly cost may be 0 (§12: placed with parents, adoption; the council often pays nothing)
ZERO_COST_TYPES = ("placed with parents", "adoption")

CHILDREN_SHEET = "Children"


@frozen
class ChildRow:
    """One placement of one child, as the placements list holds it.

    ``weekly_cost`` and ``rate`` are as typed (both may be None: the engine reports that); ``rate_unit``
    is the text as typed (lower-cased and trimmed by the reader), checked by the engine so an unknown
    unit is named by child and row like every other data-quality problem. ``row`` is the row number in
    its source (sheet row or CSV line: the header is row 1), ``source`` the sheet name or file name.
    """

    child: str
    line: str
    placement_type: str
    start: _dt.date
    weekly_cost: float | None = None
    rate: float | None = None
    rate_unit: str | None = None
    planned_end: _dt.date | None = None
    date_of_birth: _dt.date | None = None
    after_18: bool = False
    paid_to: _dt.date | None = None
    provider: str = ""
    uasc: bool | None = None
    row: int = 0
    source: str = CHILDREN_SHEET
    # each column's letter, ("start", "G"), when read from a sheet or CSV (not compared; one tuple per table)
    cells: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def place(self) -> str:
        """``Children row 14`` / ``children.csv row 14``: where a message sends the reader."""
        return f"{self.source} row {self.row}"

    def cell(self, column: str) -> str:
        """The cell of ``column`` on this row (``G14``); ``A14`` when the row was not read from a sheet."""
        letter = next((x for name, x in self.cells if name == column), "A")
        return f"{letter}{self.row}"


key = name_key  # a child ID, line or placement type matches by the one name rule (forecast.names)
