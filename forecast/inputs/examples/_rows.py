"""Helpers for example modules: each sheet's rows written as tuples under its header."""

from __future__ import annotations

from collections.abc import Sequence

from forecast.inputs.registry import ROLL_COLUMNS
from forecast.inputs.registry import SCHEMA_BY_NAME as BY_NAME


def columns(sheet: str, *extra: str) -> tuple[str, ...]:
    """The header of input sheet ``sheet`` in the template's column order (the schema's), then ``extra``.

    Examples take their headers from here, so they cannot disagree with the
    template on a column's name or place; ``extra`` adds columns the schema
    leaves open, such as ``budget 2020/21``. Columns ``forecast roll`` fills are left out.
    """
    rolled = ROLL_COLUMNS.get(sheet, ())
    return tuple(c.name for c in BY_NAME[sheet].columns if c.name not in rolled) + extra


def table(headers: Sequence[str], *rows: Sequence[object]) -> list[dict[str, object]]:
    """Rows as header → value mappings; every row carries every header (None = blank cell).

    A row may stop before the last optional columns (they are blank), so an
    example written before a column was added still reads as it did; it may
    not have more cells than headers.
    """
    out = []
    for row in rows:
        if len(row) > len(headers):
            raise ValueError(f"row {row!r} has {len(row)} cells for {len(headers)} headers")
        padded = (*row, *([None] * (len(headers) - len(row))))
        out.append(dict(zip(headers, padded, strict=True)))
    return out
