"""The example improvement plans (issue 24) as checked records and History rows, for the tests.

The data are the shipped examples': ``forecast/inputs/examples/_actions_rows.py``
(its docstring says where each figure comes from).
"""

from __future__ import annotations

import datetime as dt

from forecast.inputs.actions import ActionRow
from forecast.inputs.examples._actions_rows import (  # noqa: F401 (the tests import the data from here)
    CP_CASELOAD,
    ENFIELD_CASELOAD,
    ENFIELD_HISTORY,
    ENFIELD_POSTS,
    ENFIELD_ROWS,
    EXAMPLE_ROWS,
    HEADERS,
    TIMELY,
    example_history,
)
from forecast.inputs.model import HistoryRow


def sheet_rows(rows: tuple[tuple[object, ...], ...]) -> list[dict[str, object]]:
    """The Actions sheet's rows as header → value (blank = None), as ``forecast.examples._rows.table`` makes them."""
    return [dict(zip(HEADERS, (*row, *([None] * (len(HEADERS) - len(row)))), strict=True)) for row in rows]


def action_rows(rows: tuple[tuple[object, ...], ...], first_row: int = 2) -> list[ActionRow]:
    """The rows as checked records (what the Actions sheet's reader will give), cells from row ``first_row``."""
    out = []
    for i, values in enumerate(sheet_rows(rows)):
        target = values["target"]
        out.append(ActionRow(
            section=str(values["section"]), action=str(values["action"]), lead=str(values["lead"] or ""),
            due=values["due"], status=str(values["status"]),  # type: ignore[arg-type]
            investment=values["investment"], measure=values["measure"],  # type: ignore[arg-type]
            target=float(target) if isinstance(target, int | float) else None,
            target_date=values["target_date"], direction=str(values["direction"] or "up"),  # type: ignore[arg-type]
            cell=f"Actions!B{first_row + i}",
        ))
    return out


def history_rows(rows: tuple[tuple[dt.date, str, float], ...]) -> list[HistoryRow]:
    return [HistoryRow(month, measure, float(value), f"History!A{2 + i}") for i, (month, measure, value) in enumerate(rows)]
