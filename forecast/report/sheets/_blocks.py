"""The layout the Investments and Savings sheets share: a table of plan items, then blocks by plan year.

Each sheet lists its items (one row each, headings at ``TOP``), then stacks
blocks of figures by plan year below them, each with a SUM total row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from forecast.fy import fy_label
from forecast.report.keys import CellKey
from forecast.report.context import Context
from forecast.report.formulas import sum_of
from forecast.report.grid import Sheet, cell
from forecast.records import frozen

TOP = 5  # the items table's heading row, below the title block
_GAP = 3  # rows from one block's total to the next block's title


@frozen
class YearBlock:
    """Where a block landed: its item rows and total row; year t is in column 1 + t."""

    rows: tuple[int, ...]
    total_row: int

    def cell(self, i: int, t: int) -> str:
        return cell(self.rows[i], 1 + t)

    @property
    def below(self) -> int:
        """The row where the next block's title goes."""
        return self.total_row + _GAP

    def register(self, ctx: Context, sh: Sheet, key: Callable[[int], CellKey]) -> None:
        """Record each year's total for later sheets: ``key(t)`` names year t's, e.g. ``keys.investments_year``."""
        for t in range(len(ctx.results.years)):
            ctx.cells.put(key(t), sh, self.total_row, 1 + t)


def items_sheet(ctx: Context, name: str, note: str, headings: Sequence[tuple[str, str]]) -> Sheet:
    """A new sheet with its title block (``<name> – <service>``) and the items table's (heading, style) row."""
    sh = Sheet(ctx.workbook, name)
    ctx.title_block(sh, f"{name} – {ctx.results.settings.service}", note)
    for c, (heading, style) in enumerate(headings):
        sh.text(TOP, c, heading, ctx.formats.named(style))
    return sh


def items_below(count: int) -> int:
    """The row of the first block's title under a table of ``count`` items."""
    return TOP + count + _GAP


def finish_items_sheet(ctx: Context, sh: Sheet, items: int) -> None:
    """Column widths, frozen headings and the printed page, the same for every items sheet.

    ``items``: the rows of the items table, which is kept on one page where it fits (so is each block).
    """
    sh.table(TOP, TOP + items)
    sh.min_width(0, 30)
    sh.cap_width(0, 45)
    sh.fit_columns(minimum=11)
    sh.freeze(TOP + 1, 1)
    ctx.page_setup(sh, (TOP, TOP), f"{ctx.results.settings.authority}: {sh.name}")


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
    sh.table(header, total, title_rows=1)
    return YearBlock(rows, total)
