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

from xlsxwriter.chart import Chart
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from forecast.errors import OutputError
from forecast.names import display_name
from forecast.fonts import LINE as _LINE, SAFE as _SAFE, cell_points, text_points, wrapped_lines
from forecast.theme import FONT_SIZE

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
    "ABS", "AND", "AVERAGE", "COUNT", "COUNTA", "COUNTIF", "EDATE", "EXP", "HYPERLINK", "IF", "IFERROR", "INDEX",
    "ISNUMBER", "MATCH", "MAX", "MIN", "NOT", "OR", "ROUND", "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT",
})
_FUNCTION_CALL = re.compile(r"([A-Za-z_][\w.]*)\(")


class _Worksheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet, with formulas of classic functions written as given."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if (
            not formula.startswith("{")
            and not formula.endswith("}")
            and CLASSIC_FUNCTIONS.issuperset(_FUNCTION_CALL.findall(formula))
        ):
            return formula.removeprefix("=")
        prepared: str = super()._prepare_formula(formula, expand_future_functions)
        return prepared


# XlsxWriter takes a chart title or series name that starts like a reference (``Sheet!A1``, or
# ``'\\host\share\[x.xlsx]S'!A1``) for a formula (``Chart._process_names``): input text there would become
# a live link, to this workbook or to a file on a network share. Every chart title and series name goes
# through ``chart_title`` and ``chart_series``, which write such text as the literal text it is.
_READ_AS_REFERENCE = re.compile(r"^=?[^!]+!\$?[A-Z]+\$?\d+")
_PLACEHOLDER = "title"  # text XlsxWriter takes as text, replaced by the real text once parsed


def chart_title(chart: Chart, options: dict[str, object]) -> None:
    """``chart.set_title(options)`` with a string ``name`` always literal text (never read as a cell reference)."""
    name = options.get("name")
    reference_like = isinstance(name, str) and bool(_READ_AS_REFERENCE.match(name))
    chart.set_title({**options, "name": _PLACEHOLDER} if reference_like else options)
    if reference_like:
        chart.title.name = name  # written escaped in <a:t>, as any title


def chart_series(chart: Chart, options: dict[str, object]) -> None:
    """Add a series whose ``name``, when a string, is literal text; a ``[sheet, row, col]`` name refers to a cell."""
    name = options.get("name")
    reference_like = isinstance(name, str) and bool(_READ_AS_REFERENCE.match(name))
    chart.add_series({**options, "name": _PLACEHOLDER} if reference_like else options)
    if reference_like:
        chart.series[-1]["name"] = name  # written escaped in <c:v>, as any series name


_HEADER_LIMIT = 255  # characters in an Excel page header or footer, control codes included
_ROW_POINTS = 15.0  # an empty row (XlsxWriter's default height, which it assumes when placing charts)
_TEXT_ROW_POINTS = 15.0  # a row of text: LibreOffice keeps the default height for 10 pt Arial
_A4_LONG, _A4_SHORT = 842.0, 595.0  # points
_WIDER = 1.12  # LibreOffice draws columns wider than Excel's 7 px a character: a sheet it printed at 85% we put at 99%
_STRAGGLER = 0.2  # a second page less full than this: the sheet prints on one page, a little smaller
_SAFETY = 0.95  # of a page's height, for the page header and the viewers' rounding


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
        self.workbook = workbook
        self._wrapped: dict[int, list[tuple[int, str, float, bool]]] = {}  # row → (col, text, font size, bold)
        self._plain: list[tuple[int, int, str, Format | None]] = []  # unwrapped text: wrapped if cut (fit_columns)
        self._filled: set[tuple[int, int]] = set()  # cells holding a value (a blank formatted cell is not)
        self._heights: set[int] = set()
        self._row_points: dict[int, float] = {}  # rows given a height, for the page plan
        self._last_row = 0
        self._last_col = 0
        self._keep: list[tuple[int, int]] = []  # (first, last) rows printed on one page where they fit
        self._charts: list[tuple[int, float, int, int]] = []  # (first row, height pt, column, width px)
        self._tables: list[tuple[int, int]] = []  # (header row, last row) of each table, for repeated headers
        self._fitted: dict[int, float] = {}  # column → width set by fit_columns
        self._rows_written: set[int] = set()

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
        if value:
            self._filled.add((row, col))
        if fmt is not None and getattr(fmt, "text_wrap", False):
            self._wrapped.setdefault(row, []).append((col, value, *_font(fmt)))
            if fit:
                self._fit(col, min(max((len(w) for w in value.split()), default=0), 30) * _bold(fmt))
        else:
            self._plain.append((row, col, value, fmt))
            if fit:
                self._fit(col, max((len(part) for part in value.split("\n")), default=0) * _bold(fmt))

    def number(self, row: int, col: int, value: float | None, fmt: Format | None = None) -> None:
        """A number (an input or an engine figure); None leaves the cell blank but formatted."""
        if value is None:
            self.blank(row, col, fmt)
            return
        _finite(value, self.name, row, col)
        self._check(self.ws.write_number(row, col, value, fmt), row, col)
        self._filled.add((row, col))
        self._fit(col, _number_width(value) * _bold(fmt))

    def formula(self, row: int, col: int, formula: str, value: float | bool | str, fmt: Format | None = None) -> None:
        """A live formula with the engine's value cached, so every viewer shows the number."""
        if isinstance(value, float):
            _finite(value, self.name, row, col)
        self._check(self.ws.write_formula(row, col, formula, fmt, value), row, col)
        self._filled.add((row, col))
        width = 6 if isinstance(value, bool) else len(value) if isinstance(value, str) else _number_width(value)
        self._fit(col, width * _bold(fmt))

    def boolean(self, row: int, col: int, value: bool, fmt: Format | None = None) -> None:
        self._check(self.ws.write_boolean(row, col, value, fmt), row, col)
        self._filled.add((row, col))

    def date(self, row: int, col: int, value: _dt.date, fmt: Format) -> None:
        moment = _dt.datetime(value.year, value.month, value.day)
        self._check(self.ws.write_datetime(row, col, moment, fmt), row, col)
        self._filled.add((row, col))
        self._fit(col, 11)

    def blank(self, row: int, col: int, fmt: Format | None) -> None:
        if fmt is not None:
            self._check(self.ws.write_blank(row, col, None, fmt), row, col)

    def link(self, row: int, col: int, sheet: str, fmt: Format | None = None) -> None:
        """A link to cell A1 of a sheet of this workbook (Contents' title: its own), showing the sheet's name."""
        url = f"internal:{quote_sheet(sheet)}!A1"
        self._check(self.ws.write_url(row, col, url, fmt, string=sheet, tip=f"Go to the {sheet} sheet"), row, col)
        self._filled.add((row, col))
        self._fit(col, len(sheet))

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
        self._row_points[row] = points
        self._check(self.ws.set_row(row, points), row, 0, False)

    def set_width(self, col: int, width: float) -> None:
        """A fixed column width (fit_columns leaves it alone)."""
        self._widths[col] = width - 1.5
        self._caps[col] = width

    def fit_columns(self, minimum: float = 6.0) -> None:
        """Set every written column's width to its longest entry (within caps), then wrapped rows' heights.

        A text that does not fit its column and would run into a filled cell
        (where LibreOffice and Excel cut it) is rewritten wrapped. Each wrapped
        row is made tall enough for its lines as Arial (Liberation Sans in
        LibreOffice) breaks them: see ``wrapped_lines``.
        """
        fitted = self._fitted
        for col, width in sorted(self._widths.items()):
            fitted[col] = max(minimum, min(width + 1.5, self._caps.get(col, 60.0)))
            self._check(self.ws.set_column(col, col, fitted[col]), 0, col, False)
        for row, col, text, fmt in self._plain:
            size, bold = _font(fmt)
            width = text_points(text, size, bold)
            if (row, col + 1) in self._filled and width > cell_points(fitted.get(col, 8.43)):
                wrapped = self._wrap_format(fmt)
                self._check(self.ws.write_string(row, col, text, wrapped), row, col)
                self._wrapped.setdefault(row, []).append((col, text, size, bold))
        for row, cells in sorted(self._wrapped.items()):
            if row in self._heights:
                continue
            lines, size_pt = 1, float(FONT_SIZE)
            for col, text, size, bold in cells:
                room = self._span_points(col, col)
                needed = sum(wrapped_lines(part, room, size, bold) for part in text.split("\n"))
                if needed * size > lines * size_pt:
                    lines, size_pt = needed, size
            if lines > 1:
                self._row_points[row] = round(lines * size_pt * _LINE + 3, 2)
                self._check(self.ws.set_row(row, self._row_points[row]), row, 0, False)

    def _span_points(self, first: int, last: int) -> float:
        """The room for text across columns ``first``–``last`` (their pixels, as ``cell_points`` for one)."""
        px = sum(self._col_px(c) for c in range(first, last + 1))
        return (px * 0.75 - 4) * _SAFE

    def _wrap_format(self, fmt: Format | None) -> Format:
        """``fmt`` with text wrap (one copy per format)."""
        key = id(fmt)
        cache: dict[int, Format] = self.workbook.__dict__.setdefault("_forecast_wrapped", {})
        if key not in cache:
            wrapped = self.workbook.add_format()
            if fmt is not None:
                for name, value in vars(fmt).items():
                    if name not in ("xf_index", "dxf_index", "xf_format_indices", "dxf_format_indices", "_format_key"):
                        setattr(wrapped, name, value)
            wrapped.set_text_wrap()
            cache[key] = wrapped
        return cache[key]

    def keep_together(self, first: int, last: int) -> None:
        """Rows ``first``–``last`` (a table with its title and total) print on one page when they fit on one."""
        self._keep.append((first, last))

    def table(self, header_row: int, last: int, title_rows: int = 0) -> None:
        """A table: its header row, its last row and the title rows above it, kept together where they fit."""
        self._tables.append((header_row, last))
        self.keep_together(header_row - title_rows, last)

    def chart(
        self, row: int, col: int, chart: Chart, description: str, width: int, height: int, caption_rows: int = 0
    ) -> None:
        """A chart at (row, col) with ``description`` as its alt text, printed whole on one page.

        ``caption_rows``: rows just above the chart (its title or note) that print on its page.
        """
        chart.set_size({"width": width, "height": height})
        options = {"x_offset": 2, "y_offset": 5, "description": clip(description, 255)}
        self._check(self.ws.insert_chart(row, col, chart, options), row, col, False)
        above = sum(self._row_pt(r) for r in range(row - caption_rows, row))
        self._charts.append((row - caption_rows, (height + 10) * 0.75 + above, col, width + 4))

    def page_setup(
        self,
        header_rows: tuple[int, int] | None,
        title: str,
        landscape: bool = True,
        report_title: str = "",
        prepared_by: str = "",
        print_area: tuple[int, int] | None = None,
        one_page: bool = False,
        breaks: list[int] | None = None,
    ) -> None:
        """A4 landscape, one page wide; the page plan; the report's title and author in the page header.

        Tables are kept on one page where they fit and a chart prints whole;
        ``header_rows`` repeat on every page only when their table runs onto
        a second page and no chart would print under them (see ``_plan``).
        ``print_area`` (last row, last column of the printed tables): the rows
        printed, leaving out working cells below them. ``breaks``: the sheet's own
        page breaks (each row starts a page), instead of the plan's.
        """
        ws = self.ws
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 1 if one_page else 0)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        ws.center_horizontally()
        last_row, last_col = print_area or (self._last_row, self._last_col)
        last_row = max([last_row] + [row + self._rows_under(row, points) - 1 for row, points, *_ in self._charts])
        if print_area is not None:
            # Whole rows: a print area that ends at a column makes LibreOffice's PDF export crash when text
            # runs past it, and Excel cut the text. Working cells sit below the printed rows instead.
            self._check(ws.print_area(0, 0, last_row, 16383), 0, 0, False)
        for chart_edge in self._chart_edges():  # a chart wider than the table widens the printed area
            edge, col = 0, 0
            while edge + self._col_px(col) < chart_edge:
                edge += self._col_px(col)
                col += 1
            last_col = max(last_col, col)
        if breaks is not None:
            ws.set_h_pagebreaks(breaks)
        elif not one_page:
            breaks, repeat, straggler = self._plan(header_rows, last_row, last_col, landscape)
            if straggler:  # a few rows spilling onto a second page: print the sheet a little smaller instead
                ws.fit_to_pages(1, 1)
            else:
                if breaks:
                    ws.set_h_pagebreaks(breaks)
                if repeat and header_rows is not None:
                    self._check(ws.repeat_rows(*header_rows), header_rows[0], 0, False)
        left = report_title or title
        right = f"Prepared by {prepared_by}" if prepared_by else ""
        self._check(ws.set_header(_header_footer(left, right)), 0, 0, False)
        self._check(ws.set_footer(_header_footer(title if report_title else "", "Page &P of &N", True)), 0, 0, False)

    # -- the page plan --------------------------------------------------
    def _col_px(self, col: int) -> int:
        width = self._fitted.get(col, 8.43)
        return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)

    def _chart_edges(self) -> list[int]:
        """Each chart's right edge, in pixels from column A."""
        return [sum(self._col_px(c) for c in range(col)) + width for _, _, col, width in self._charts]

    def _row_pt(self, row: int) -> float:
        return self._row_points.get(row, _TEXT_ROW_POINTS if row in self._rows_written else _ROW_POINTS)

    def _rows_under(self, row: int, points: float) -> int:
        """How many rows from ``row`` a drawing ``points`` tall covers."""
        n, covered = 0, 0.0
        while covered < points:
            covered += self._row_pt(row + n)
            n += 1
        return max(n, 1)

    def page_rows(self, landscape: bool = True) -> int:
        """Rows of text one printed page holds at the scale the page plan expects (after ``fit_columns``)."""
        return int(self._capacity(self._last_col, landscape) // _TEXT_ROW_POINTS)

    def _capacity(self, last_col: int, landscape: bool) -> float:
        """Row points one printed page holds, before scaling: the scale fits the printed columns and charts."""
        width_px = sum(self._col_px(c) for c in range(last_col + 1))
        width_px = max([width_px, *self._chart_edges()])
        page_w, page_h = (_A4_LONG, _A4_SHORT) if landscape else (_A4_SHORT, _A4_LONG)
        printable_px = (page_w - 72) / 0.75 / _WIDER
        scale = min(1.0, math.floor(100 * printable_px / max(width_px, 1)) / 100)
        return (page_h - 108) * _SAFETY / scale

    def _plan(
        self, header_rows: tuple[int, int] | None, last_row: int, last_col: int, landscape: bool
    ) -> tuple[list[int], bool, bool]:
        """Page breaks, whether the header rows repeat, and whether only a few rows would spill onto a second page.

        The scale is the one fitting the printed columns (and charts) to the
        page width; a unit (a kept-together table, a chart, or one row) that
        does not fit in what is left of a page starts the next one.
        """
        capacity = self._capacity(last_col, landscape)
        units: list[tuple[int, int, float, bool]] = []  # first row, last row, height, keep whole
        charts = {row: points for row, points, *_ in self._charts}
        row = 0
        while row <= last_row:
            if row in charts:
                n = self._rows_under(row, charts[row])
                units.append((row, row + n - 1, max(charts[row], sum(map(self._row_pt, range(row, row + n)))), True))
                row += n
                continue
            block = max((b for b in self._keep if b[0] == row), key=lambda b: b[1], default=None)
            if block is not None:
                end = min(block[1], last_row)
                for chart_row, points in charts.items():  # a chart beside the block prints with it
                    if row <= chart_row <= end:
                        end = max(end, chart_row + self._rows_under(chart_row, points) - 1)
                units.append((row, end, sum(self._row_pt(r) for r in range(row, end + 1)), True))
                row = end + 1
                continue
            units.append((row, row, self._row_pt(row), False))
            row += 1
        breaks: list[int] = []
        page_of: dict[int, int] = {}
        page, used = 0, 0.0
        held = False  # the page holds a table or chart already (a table under a bare title stays with it)
        placed: dict[int, list[tuple[int, int, float, bool]]] = {}  # page → its units, whole ones as placed
        for first, last, height, whole in units:
            if held and used + height > capacity and whole and height <= capacity:
                breaks.append(first)
                page, used, held = page + 1, 0.0, False
            if whole and height <= capacity:
                used += height
                held = True
                placed.setdefault(page, []).append((first, last, height, True))
                for r in range(first, last + 1):
                    page_of[r] = page
                continue
            placed.setdefault(page, []).append((first, last, height, False))
            for r in range(first, last + 1):
                if used > 0 and used + self._row_pt(r) > capacity:
                    page, used = page + 1, 0.0
                used += self._row_pt(r)
                page_of[r] = page
            held = held or whole
        # a page holding one table alone, after a break of the plan's (Investments' last table, Savings' RAG
        # table, Scenarios' difference from Base): the table before it goes with it where both fit, so no page
        # prints a lone small table while the page before has room to spare
        for p in range(1, page + 1):
            units_p = placed.get(p, [])
            if not units_p or not units_p[0][3] or units_p[0][0] not in breaks or sum(u[3] for u in units_p) != 1:
                continue
            before = placed.get(p - 1, [])
            whole_units = [i for i, unit in enumerate(before) if unit[3]]
            # the page before keeps what comes ahead of that table: two tables when it is itself a continuation
            # page that starts with a table (else this would leave a lone table there instead)
            keep = 2 if p > 1 and before and before[0][3] else 1
            if len(whole_units) > keep and whole_units[-1] > 0:
                moved = before[whole_units[-1]:]  # the table and the spacing rows under it
                if sum(unit[2] for unit in moved + units_p) <= capacity:
                    breaks[breaks.index(units_p[0][0])] = moved[0][0]
                    for r in range(moved[0][0], moved[-1][1] + 1):
                        page_of[r] = p
        straggler = not breaks and page == 1 and used < capacity * _STRAGGLER
        if header_rows is None:
            return breaks, False, straggler
        top = header_rows[0]
        end = max((last for first, last in self._tables if first == top), default=last_row)
        spans = page_of.get(end, 0) > page_of.get(top, 0)
        chart_pages = {page_of.get(row, 0) for row in charts}
        under_header = any(p > page_of.get(top, 0) for p in chart_pages)
        return breaks, spans and not under_header, straggler

    def freeze(self, row: int, col: int = 0) -> None:
        self.ws.freeze_panes(row, col)

    # -- internals ------------------------------------------------------
    def _fit(self, col: int, width: float) -> None:
        if width > self._widths.get(col, 0.0):
            self._widths[col] = width

    def _check(self, code: int | None, row: int, col: int, cell_write: bool = True) -> None:
        if not code and cell_write:
            self._rows_written.add(row)
            self._last_row = max(self._last_row, row)
            self._last_col = max(self._last_col, col)
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


def _font(fmt: Format | None) -> tuple[float, bool]:
    """(font size, bold) of a format."""
    if fmt is None:
        return float(FONT_SIZE), False
    return float(getattr(fmt, "font_size", FONT_SIZE) or FONT_SIZE), bool(getattr(fmt, "bold", False))


def _bold(fmt: Format | None) -> float:
    return 1.1 if fmt is not None and getattr(fmt, "bold", False) else 1.0


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when cut (Excel's and Word's 255-character fields)."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def _header_footer(left: str, right: str, right_is_code: bool = False) -> str:
    """An ``&L…&R…`` page header or footer in 8 pt, '&' escaped and cut to Excel's 255 characters."""
    right_part = f"&R&8{right if right_is_code else _header_text(right, 100)}" if right else ""
    left_part = f"&L&8{_header_text(left, _HEADER_LIMIT - len(right_part) - 4)}" if left else ""
    return left_part + right_part


def _header_text(text: str, room: int = _HEADER_LIMIT) -> str:
    """Page-header text: '&' doubled (it starts a control code), cut to ``room`` characters."""
    escaped = text.replace("&", "&&")
    if len(escaped) <= room:
        return escaped
    cut = escaped[: room - 1]
    if (len(cut) - len(cut.rstrip("&"))) % 2:  # never split an '&&' pair into a control code
        cut = cut[:-1]
    return cut.rstrip() + "…"
