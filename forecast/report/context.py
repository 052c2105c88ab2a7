"""What every sheet writer receives: the results, the layout, the formats and the cell map.

The cell map records where each engine figure was written, as an Excel
expression in the engine's sign convention (positive = overspend), so that
later sheets (MTFP, Checks) can refer to it with a live formula instead of
repeating the number.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field

from xlsxwriter.workbook import Workbook

from forecast.engine.results import Results
from forecast.errors import OutputError
from forecast.fy import fy_label
from forecast.report.analyses import Analyses
from forecast.report.formats import Formats
from forecast.report.grid import Sheet
from forecast.report.keys import CellKey
from forecast.report.layout import Layout
from forecast.report.rows import placeholders
from forecast.records import frozen, mutable


@frozen
class BuildInfo:
    """Facts about the build shown on the Assumptions sheet (none of them change a figure)."""

    input_name: str
    input_sha256: str
    version: str
    generated_at: _dt.datetime
    layout: str
    from_epoch: bool = False  # generated_at came from SOURCE_DATE_EPOCH (the build's date), not the figures' date

    @property
    def dated(self) -> tuple[str, str]:
        """(label, value) of the workbook's date, saying honestly where it comes from."""
        if self.from_epoch:
            return "Built at", self.generated_at.strftime("%d %B %Y %H:%M UTC").lstrip("0")
        return (
            "Dated",
            self.generated_at.strftime("%d %B %Y").lstrip("0")
            + ": the end of the reported month, not the day it was built (the same inputs give the same file)",
        )


class CellMap:
    """Typed cell key (``forecast.report.keys``) → Excel expression (engine sign) of the cell that shows it.

    Checked: a key that is not a ``CellKey`` is a TypeError; a sheet may record
    only its own keys; asking for a key of a sheet this workbook writes later
    is an error (a change of sheet order would otherwise turn a live formula
    into a constant). A key of a sheet the workbook leaves out, or of a cell
    the layout does not show, is ``None``: the caller writes the engine's
    figure, as the docs say.
    """

    def __init__(self, planned: tuple[str, ...] = ()) -> None:
        self._cells: dict[CellKey, str] = {}
        self._planned = planned  # the sheets this workbook writes, in order
        self._done: list[str] = []
        self._current: str | None = None

    def begin(self, sheet: str) -> None:
        """The writer of ``sheet`` starts (the workbook calls this for each sheet in order)."""
        if self._current is not None:
            self._done.append(self._current)
        self._current = sheet

    def put(self, key: CellKey, sheet: Sheet, row: int, col: int, sign: int = 1) -> None:
        """Record that ``key`` is shown at (row, col); ``sign`` −1 when the cell shows it flipped."""
        ref = sheet.ref(row, col)
        self.put_expr(key, ref if sign == 1 else f"(-{ref})")

    def put_expr(self, key: CellKey, expr: str) -> None:
        self._own(key)
        if key in self._cells:
            raise OutputError(f"cell key {key} recorded twice (by {key.sheet})")
        self._cells[key] = expr

    def get(self, key: CellKey) -> str | None:
        if not isinstance(key, CellKey):
            raise TypeError(f"cell keys are made by forecast.report.keys, got {key!r}")
        if key in self._cells:
            return self._cells[key]
        if key.sheet in self._planned and key.sheet not in self._done and key.sheet != self._current:
            raise OutputError(
                f"{self._current or 'a sheet'} refers to {key} on {key.sheet}, which is written later: "
                "the registry's order must put the sheet a formula refers to first"
            )
        return None

    def __contains__(self, key: CellKey) -> bool:
        return key in self._cells

    def _own(self, key: CellKey) -> None:
        if not isinstance(key, CellKey):
            raise TypeError(f"cell keys are made by forecast.report.keys, got {key!r}")
        if self._current is not None and key.sheet != self._current:
            raise OutputError(f"{self._current} recorded {key}, a cell key of {key.sheet}")


@mutable
class Context:
    workbook: Workbook
    formats: Formats
    layout: Layout
    results: Results
    info: BuildInfo
    cells: CellMap = field(default_factory=CellMap)
    names: dict[str, str] = field(default_factory=dict)  # defined name → reference, for the Assumptions list
    analyses: Analyses = field(default_factory=Analyses)  # other scenarios and the risk run (Scenarios, Risk sheets)
    sheets: tuple[tuple[str, str], ...] = ()  # (name, what it shows) of every sheet written, in order (Contents)

    @property
    def units(self) -> str:
        return self.layout.units_label or self.results.settings.units

    @property
    def sign(self) -> int:
        return self.layout.sign

    @property
    def year_label(self) -> str:
        return fy_label(self.results.settings.financial_year)

    def placeholders(self) -> dict[str, str]:
        return placeholders(self.results, self.units)

    def define_name(self, name: str, sheet: Sheet, row: int, col: int) -> None:
        """A workbook-level name (``NetVariance``) for a headline cell."""
        ref = "=" + sheet.ref(row, col)
        if self.workbook.define_name(name, ref) == -1:
            raise OutputError(f"cannot define the name {name!r} for {sheet.name}")
        self.names[name] = ref[1:]

    def title_block(self, sh: Sheet, heading: str, note: str, when: str | None = None) -> None:
        """Rows 1–4 of a sheet: its title (A1), the authority and as-at, the report and its author, a note on units."""
        f = self.formats
        sh.text(0, 0, heading, f["title"], fit=False)
        sh.text(1, 0, f"{self.results.settings.authority}, {as_at(self.results) if when is None else when}",
                f["subtitle"], fit=False)
        if self.report_line:
            sh.text(2, 0, self.report_line, f["subtitle_plain"], fit=False)
        sh.text(3, 0, note, f["note"], fit=False)

    @property
    def report_line(self) -> str:
        """``Appendix 7(a). Prepared by …``: the report this workbook belongs to, for every title block."""
        s = self.results.settings
        parts = [s.report_title.strip()] + ([f"Prepared by {s.prepared_by.strip()}"] if s.prepared_by.strip() else [])
        return ". ".join(p.rstrip(".") for p in parts if p)

    def page_setup(self, sh: Sheet, header_rows: tuple[int, int] | None, title: str, **options: object) -> None:
        """The sheet's printed page (``Sheet.page_setup``), headed by the report's title and author."""
        s = self.results.settings
        sh.page_setup(
            header_rows,
            title,
            report_title=s.report_title.strip() or f"{s.authority}: {s.service}",
            prepared_by=s.prepared_by.strip(),
            **options,  # type: ignore[arg-type]
        )

    def sign_note(self) -> str:
        if self.sign == 1:
            return f"Figures in {self.units}. Overspends are positive; underspends are shown in brackets."
        return f"Figures in {self.units}. Underspends are positive; overspends are shown in brackets."


def as_at(results: Results) -> str:
    """``as at Month 4 2019/20``, or ``Budget setting 2019/20`` at period 0."""
    s = results.settings
    year = fy_label(s.financial_year)
    return f"Budget setting {year}" if s.period == 0 else f"as at Month {s.period} {year}"
