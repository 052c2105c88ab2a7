"""Helper for example modules: rows written as tuples under one header line."""

from __future__ import annotations

from collections.abc import Sequence


def table(headers: Sequence[str], *rows: Sequence[object]) -> list[dict[str, object]]:
    """Rows as header → value mappings; every row carries every header (None = blank cell)."""
    out = []
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row {row!r} has {len(row)} cells for {len(headers)} headers")
        out.append(dict(zip(headers, row, strict=True)))
    return out
