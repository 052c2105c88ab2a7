"""A block of figures by plan year (one row per item, a total row), shared by Investments and Savings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from forecast.fy import fy_label
from forecast.report.context import Context
from forecast.report.formulas import sum_of
from forecast.report.grid import Sheet, cell


@dataclass(frozen=True)
class YearBlock:
    """Where a block landed: its item rows and total row; year t is in column 1 + t."""

    rows: tuple[int, ...]
    total_row: int

    def cell(self, i: int, t: int) -> str:
        return cell(self.rows[i], 1 + t)


def year_block(
    ctx: Context,
    sh: Sheet,
    top: int,
    title: str,
    names: Sequence[str],
    values: Sequence[Sequence[float]],
    totals: Sequence[float],
    formula: Callable[[int, int], str] | None = None,
    total_label: str = "Total",
) -> YearBlock:
    """Title at ``top``, year headings below it, one row per name and a SUM total row.

    ``formula(i, t)`` (optional) gives each item cell as a formula over
    earlier blocks; ``values`` are the engine's figures for every cell and
    ``totals`` its figures for the total row.
    """
    f = ctx.formats
    years = ctx.results.years
    sh.text(top, 0, title, f["heading"], fit=False)
    header = top + 1
    sh.text(header, 0, "", f["header"])
    for t, year in enumerate(years):
        sh.text(header, 1 + t, fy_label(year), f["header_num"])
    first = header + 1
    for i, name in enumerate(names):
        r = first + i
        sh.text(r, 0, name, f["text"])
        for t in range(len(years)):
            value = float(values[i][t])
            if formula is not None:
                sh.formula(r, 1 + t, formula(i, t), value, f["money"])
            else:
                sh.number(r, 1 + t, value, f["money"])
    rows = tuple(range(first, first + len(names)))
    total = first + len(names)
    sh.text(total, 0, total_label, f["text_total"])
    for t in range(len(years)):
        sh.formula(total, 1 + t, "=" + sum_of(rows, 1 + t), float(totals[t]), f["money_total"])
    return YearBlock(rows, total)
