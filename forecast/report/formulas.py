"""Small builders of Excel formula text shared by the sheet writers."""

from __future__ import annotations

from collections.abc import Sequence

from forecast.report.grid import cell


def runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive runs of row numbers: [7, 8, 9, 12] → [(7, 9), (12, 12)]."""
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def sum_of(rows: Sequence[int], col: int, sheet_prefix: str = "", absolute: bool = False) -> str:
    """``SUM(C7:C9,C12)`` over the given rows of one column (no leading '=')."""
    parts = []
    for first, last in runs(rows):
        a = sheet_prefix + cell(first, col, absolute)
        parts.append(a if first == last else f"{a}:{cell(last, col, absolute)}")
    return f"SUM({','.join(parts)})"


def signed(expr: str, sign: int) -> str:
    """``expr`` as shown under a sign convention (−1 flips it)."""
    return expr if sign == 1 else f"-({expr})"
