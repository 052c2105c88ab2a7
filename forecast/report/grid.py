"""A thin, checked wrapper over an XlsxWriter worksheet.

Every write goes through here so that: text is always written as text (never
a formula or a link), a formula always carries the engine's value as its
cached result, every return code is checked (a failed write is an
``OutputError`` naming the cell), and column widths are fitted to what was
written.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Sequence

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from forecast.errors import OutputError
from forecast.names import display_name

_RETURN_CODES = {
    -1: "outside the worksheet's 1,048,576 rows × 16,384 columns",
    -2: "text longer than Excel's 32,767-character cell limit",
    -3: "a sheet or defined name that Excel rejects",
    -4: "an invalid cell range",
}


# XlsxWriter puts every formula through some 30 regular-expression substitutions
# that add the _xlfn. prefix to Excel 365 functions. A formula calling only
# these older functions comes out of them unchanged, so it skips them: a third
# of the time of a large build (see benchmarks/RESULTS.md).
CLASSIC_FUNCTIONS = frozenset({
    "ABS", "AND", "AVERAGE", "COUNT", "COUNTA", "COUNTIF", "IF", "IFERROR", "INDEX", "ISNUMBER", "MATCH",
    "MAX", "MIN", "NOT", "OR", "ROUND", "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT",
})
_FUNCTION_CALL = re.compile(r"([A-Za-z_][\w.]*)\(")


class _Worksheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet, with formulas of classic functions written as given."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if (
            formula.startswith("=")
            and not formula.endswith("}")
            and CLASSIC_FUNCTIONS.issuperset(_FUNCTION_CALL.findall(formula))
        ):
            return formula[1:]
        prepared: str = super()._prepare_formula(formula, expand_future_functions)
        return prepared


_HEADER_LIMIT = 255  # characters in an Excel page header or footer, control codes included


def quote_sheet(name: str) -> str:
    """A sheet name as Excel needs it inside a formula: ``'Revenue Summary'``."""
    return "'" + name.replace("'", "''") + "'"


def cell(row: int, col: int, absolute: bool = False) -> str:
    """``A1`` for (0, 0); ``$A$1`` when absolute."""
    return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))


def col_range(first_row: int, last_row: int, col: int) -> str:
    """``C5:C9`` (relative): the cells of one column between two rows, inclusive."""
    return f"{cell(first_row, col)}:{cell(last_row, col)}"


def excel_text(value: str) -> str:
    """A string literal for a formula: ``"it""s"``."""
    return '"' + value.replace('"', '""') + '"'


class Sheet:
    """One worksheet being written, with its fitted column widths."""

    def __init__(self, workbook: Workbook, name: str) -> None:
        self.name = name
        self.ws: Worksheet = workbook.add_worksheet(name, worksheet_class=_Worksheet)
        self._widths: dict[int, float] = {}
        self._caps: dict[int, float] = {}
        self._wrapped: dict[int, list[tuple[int, str, float]]] = {}  # row → (col, text, font scale)
        self._heights: set[int] = set()

    # -- references -----------------------------------------------------
    def ref(self, row: int, col: int) -> str:
        """An absolute reference from another sheet: ``'Revenue Summary'!$H$20``."""
        return f"{quote_sheet(self.name)}!{cell(row, col, absolute=True)}"

    def range_ref(self, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
        return (
            f"{quote_sheet(self.name)}!{cell(first_row, first_col, absolute=True)}:"
            f"{cell(last_row, last_col, absolute=True)}"
        )

    # -- writes ---------------------------------------------------------
    def text(self, row: int, col: int, value: str, fmt: Format | None = None, fit: bool = True) -> None:
        """Text exactly as given: ``=HYPERLINK(…)`` from an input stays text.

        Wrapped text (a format with text_wrap) widens its column only to its
        longest word; its row is made tall enough when the widths are fitted.
        """
        value = display_name(value)  # a file name in bytes no UTF-8 writer takes (a Latin-1 name from Windows)
        self._check(self.ws.write_string(row, col, value, fmt), row, col)
        if fmt is not None and getattr(fmt, "text_wrap", False):
            self._wrapped.setdefault(row, []).append((col, value, _bold(fmt)))
            if fit:
                self._fit(col, min(max((len(w) for w in value.split()), default=0), 30) * _bold(fmt))
        elif fit:
            self._fit(col, max((len(part) for part in value.split("\n")), default=0) * _bold(fmt))

    def number(self, row: int, col: int, value: float | None, fmt: Format | None = None) -> None:
        """A number (an input or an engine figure); None leaves the cell blank but formatted."""
        if value is None:
            self.blank(row, col, fmt)
            return
        _finite(value, self.name, row, col)
        self._check(self.ws.write_number(row, col, value, fmt), row, col)
        self._fit(col, _number_width(value) * _bold(fmt))

    def formula(self, row: int, col: int, formula: str, value: float | bool | str, fmt: Format | None = None) -> None:
        """A live formula with the engine's value cached, so every viewer shows the number."""
        if isinstance(value, float):
            _finite(value, self.name, row, col)
        self._check(self.ws.write_formula(row, col, formula, fmt, value), row, col)
        width = 6 if isinstance(value, bool) else len(value) if isinstance(value, str) else _number_width(value)
        self._fit(col, width * _bold(fmt))

    def boolean(self, row: int, col: int, value: bool, fmt: Format | None = None) -> None:
        self._check(self.ws.write_boolean(row, col, value, fmt), row, col)

    def date(self, row: int, col: int, value: _dt.date, fmt: Format) -> None:
        moment = _dt.datetime(value.year, value.month, value.day)
        self._check(self.ws.write_datetime(row, col, moment, fmt), row, col)
        self._fit(col, 11)

    def blank(self, row: int, col: int, fmt: Format | None) -> None:
        if fmt is not None:
            self._check(self.ws.write_blank(row, col, None, fmt), row, col)

    def row_of_text(self, row: int, col: int, values: Sequence[str], fmt: Format | None = None) -> None:
        for i, value in enumerate(values):
            self.text(row, col + i, value, fmt)

    # -- layout ---------------------------------------------------------
    def cap_width(self, col: int, width: float) -> None:
        """Never fit ``col`` wider than ``width`` (long comments wrap instead)."""
        self._caps[col] = width

    def min_width(self, col: int, width: float) -> None:
        self._fit(col, width)

    def set_height(self, row: int, points: float) -> None:
        """A fixed row height (fit_columns leaves it alone)."""
        self._heights.add(row)
        self._check(self.ws.set_row(row, points), row, 0)

    def set_width(self, col: int, width: float) -> None:
        """A fixed column width (fit_columns leaves it alone)."""
        self._widths[col] = width - 1.5
        self._caps[col] = width

    def fit_columns(self, minimum: float = 6.0) -> None:
        """Set every written column's width to its longest entry (within caps), then wrapped rows' heights."""
        fitted: dict[int, float] = {}
        for col, width in sorted(self._widths.items()):
            fitted[col] = max(minimum, min(width + 1.5, self._caps.get(col, 60.0)))
            self._check(self.ws.set_column(col, col, fitted[col]), 0, col)
        for row, cells in sorted(self._wrapped.items()):
            if row in self._heights:
                continue
            lines = 1
            for col, text, scale in cells:
                chars = max(4.0, fitted.get(col, 8.43) * 1.35 / scale)
                lines = max(lines, sum(lines_needed(part, chars) for part in text.split("\n")))
            if lines > 1:
                self._check(self.ws.set_row(row, 12.75 * lines + 2), row, 0)

    def page_setup(self, header_rows: tuple[int, int] | None, title: str, landscape: bool = True) -> None:
        """A4 landscape, one page wide, header rows repeated, title and page numbers printed."""
        ws = self.ws
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        ws.center_horizontally()
        if header_rows is not None:
            self._check(ws.repeat_rows(*header_rows), header_rows[0], 0)
        right = f"&R&8{_header_text(self.name)}"
        # Excel allows 255 characters in a page header, codes included: a long authority name is cut
        header = f"&L&8{_header_text(title, _HEADER_LIMIT - len(right) - 4)}{right}"
        self._check(ws.set_header(header), 0, 0)
        ws.set_footer("&L&8Produced by forecast&R&8Page &P of &N")

    def freeze(self, row: int, col: int = 0) -> None:
        self.ws.freeze_panes(row, col)

    # -- internals ------------------------------------------------------
    def _fit(self, col: int, width: float) -> None:
        if width > self._widths.get(col, 0.0):
            self._widths[col] = width

    def _check(self, code: int | None, row: int, col: int) -> None:
        if code:
            reason = _RETURN_CODES.get(code, f"XlsxWriter error {code}")
            raise OutputError(f"cannot write {self.name}!{cell(row, col)}: {reason}")


def column_letter(col: int) -> str:
    return str(xl_col_to_name(col))


def _finite(value: float, sheet: str, row: int, col: int) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise OutputError(f"cannot write {sheet}!{cell(row, col)}: the engine returned {value}, not a number")


def _number_width(value: float | str) -> float:
    if isinstance(value, str):
        return len(value)
    return len(f"{abs(value):,.0f}") + 2


def lines_needed(text: str, chars: float) -> int:
    """Lines a paragraph takes when word-wrapped at ``chars`` characters."""
    lines, used = 1, 0
    for word in text.split():
        need = len(word) + (1 if used else 0)
        if used and used + need > chars:
            lines, used = lines + 1, len(word)
        else:
            used += need
    return lines


def _bold(fmt: Format | None) -> float:
    return 1.1 if fmt is not None and getattr(fmt, "bold", False) else 1.0


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when cut (Excel's and Word's 255-character fields)."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def _header_text(text: str, room: int = _HEADER_LIMIT) -> str:
    """Page-header text: '&' doubled (it starts a control code), cut to ``room`` characters."""
    escaped = text.replace("&", "&&")
    if len(escaped) <= room:
        return escaped
    cut = escaped[: room - 1]
    if (len(cut) - len(cut.rstrip("&"))) % 2:  # never split an '&&' pair into a control code
        cut = cut[:-1]
    return cut.rstrip() + "…"
