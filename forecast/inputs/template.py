"""Write the annotated input template (``forecast init``), blank or filled with an example.

Everything comes from the input registry (``forecast.inputs.registry``):
the sheets in its order, and from each sheet's schema the column order, the
note on every header (meaning, units, default), drop-downs for every choice
column and number formats; a sheet of one row per setting (Settings) is
written as its settings, one a row. Input cells are light yellow, as the FAST
standard asks of inputs. The file is byte-for-byte deterministic (fixed
document dates) and replaces any earlier file atomically.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import field
from pathlib import Path
from typing import Any

from forecast import schema
from forecast.inputs import registry
from forecast import theme  # the palette: imports nothing, shared by both workbooks
from forecast.fonts import cell_points, wrapped_lines  # the font's metrics: bottom, like the theme
from forecast.schema import COUNT, DATE, ENUM, MONTH, NUMBER, RATE, TEXT, YEAR, YESNO, Column, SheetSchema
from forecast.records import frozen

Rows = list[dict[str, object]]

# Fixed so the same template and example always give the same bytes.
CREATED = dt.datetime(2025, 4, 1, 0, 0, 0)
INPUT_FILL = theme.INPUT_FILL
HEADER_FILL = theme.INPUT_HEADER_FILL
REQUIRED_FILL = theme.REQUIRED_FILL
TO_UPDATE_FILL = theme.TO_UPDATE_FILL
VALIDATION_ROWS = 1000  # drop-downs and checks reach this many rows below the header (or the data + 200)

_NUMBER_FORMATS = {
    NUMBER: "#,##0.0##",
    COUNT: "#,##0.0##",
    RATE: "0.0%",
    "integer": "0",
    DATE: "d mmm yyyy",
    MONTH: "mmm yyyy",
    YEAR: "@",
    TEXT: "@",
}
_WIDE = {"line": 38, "comment": 48, "name": 36, "group": 26, "notes": 100, "placement_type": 28,
         "scenario": 22, "value": 40, "setting": 22, "team": 20, "role": 24}

HOW_TO = (
    "How to fill this in",
    "",
    "1. Settings: fill in authority, financial_year (e.g. 2025/26) and period (months of actuals: "
    "April = 1 … March = 12; 0 when setting the budget). Every other setting has a default.",
    "2. Budget: one row per line of the revenue summary, with its budget and actual to date. "
    "Leave method blank to let the tool choose: placements or staffing when those sheets name the line, "
    "manual when you fill in forecast, else budget.",
    "3. Placements: children and weekly cost per placement type for each placements line. "
    "Staffing: establishment, people in post and agency workers per team and role.",
    "4. Recruitment, Investments, Savings, Scenarios and Risks are optional: leave them empty if not needed.",
    "5. Yellow cells are inputs. Hover over a column header to see what it means, its units and its default.",
    "6. Money is in the units on Settings (£000 unless you change it); unit costs (weekly_cost, salary, "
    "agency_hourly_rate, one_off_cost) are always in £. Rates are fractions: type 5% or 0.05.",
    "7. Years are financial years written 2025/26. Dates are Excel dates.",
    "8. Check the workbook with `forecast validate FILE`; every problem is listed with its cell. "
    "Then run `forecast build FILE`.",
    "",
    "Extra columns and sheets are allowed; the tool ignores them (and says so).",
)


def write_template(path: Path | str, example: str | None = None) -> None:
    """Write the blank template, or example ``example`` filled in, to ``path`` (atomically)."""
    from forecast.files import write_bytes

    write_bytes(Path(path), template_bytes(example))


def template_bytes(example: str | None = None) -> bytes:
    """The template workbook as bytes (deterministic)."""
    return input_workbook_bytes(
        _example_rows(example) if example else {},
        title="forecast input workbook" + (f": {example}" if example else ""),
        heading="forecast input workbook" + (f" — example '{example}'" if example else ""),
    )


@frozen
class Marks:
    """Cells to draw the user's eye to: (sheet, data row index from 0, column name) → the note shown on the cell."""

    notes: dict[tuple[str, int, str], str] = field(default_factory=dict)

    def note(self, sheet: str, i: int, column: str) -> str | None:
        return self.notes.get((sheet, i, column))


def input_workbook_bytes(
    sheets: dict[str, Rows],
    title: str,
    heading: str,
    read_me: tuple[str, ...] = (),
    marks: Marks | None = None,
    other_sheets: dict[str, list[list[object]]] | None = None,
    read_me_sheet: str = schema.README_SHEET,
) -> bytes:
    """An input workbook as ``forecast init`` lays it out, holding ``sheets`` (canonical sheet name → rows).

    ``read_me`` lines go at the top of the Read me sheet; ``marks`` colour
    and annotate cells (``forecast roll``'s "to update"); ``other_sheets``
    are sheets the tool does not read, copied as plain values.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({
        "title": title,
        "comments": "Written by `forecast`; see the Read me sheet.",
        "created": CREATED,
    })
    styles = _Styles(book)
    marks = marks or Marks()
    _write_read_me(book, styles, heading, read_me, read_me_sheet)
    for sheet in registry.SCHEMAS:
        if sheet.settings:
            _write_settings(book, styles, sheet, sheets.get(sheet.name, []))
        else:
            _write_table(book, styles, sheet, sheets.get(sheet.name, []), marks)
    for name, grid in (other_sheets or {}).items():
        _write_grid(book, name, grid)
    book.close()
    return buffer.getvalue()


def _example_rows(name: str) -> dict[str, Rows]:
    """An example's rows keyed by canonical sheet name."""
    from forecast.inputs.examples import example_sheets

    rows: dict[str, Rows] = {}
    for sheet_name, sheet_rows in example_sheets(name).items():
        sheet = registry.sheet_for(sheet_name)
        rows[sheet.name if sheet else sheet_name] = sheet_rows
    return rows


class _Styles:
    """The few formats the template uses, created once per workbook."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.header = book.add_format({"bold": True, "bottom": 1, "bg_color": HEADER_FILL, "text_wrap": True,
                                       "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        # not wrapped: XlsxWriter cannot size rows to wrapped text, so long notes run on to the right
        self.note = book.add_format({"font_color": theme.NOTE_COLOUR})
        self._inputs: dict[tuple[str, str], Any] = {}

    def input(self, kind: str, required: bool = False, to_update: bool = False) -> Any:
        """An input cell's format for a column kind (created on first use)."""
        fill = TO_UPDATE_FILL if to_update else REQUIRED_FILL if required else INPUT_FILL
        key = (kind, fill)
        if key not in self._inputs:
            spec: dict[str, object] = {"bg_color": fill, "border": 1, "border_color": theme.INPUT_BORDER}
            if kind in _NUMBER_FORMATS:
                spec["num_format"] = _NUMBER_FORMATS[kind]
            self._inputs[key] = self.book.add_format(spec)
        return self._inputs[key]


def _write_read_me(book: Any, styles: _Styles, heading: str, read_me: tuple[str, ...],
                   name: str = schema.README_SHEET) -> None:
    sheet = book.add_worksheet(name)
    sheet.set_column(0, 0, 85, styles.wrap)  # A4 portrait holds 85 characters: LibreOffice wraps at the cell, not the page
    sheet.write_string(0, 0, heading, styles.title)
    lines = (*read_me, "", *HOW_TO) if read_me else HOW_TO
    titles = {2 + len(read_me) + 1} if read_me else {2}  # what the roll did reads as text, wrapped
    for i, line in enumerate(lines, start=2):
        sheet.write_string(i, 0, line, styles.title if i in titles else styles.wrap)
        # XlsxWriter cannot measure wrapped text: give each paragraph the lines it needs in Arial's widths
        sheet.set_row(i, 15 * wrapped_lines(line, cell_points(85), 14 if i in titles else 11) + 3)
    _print_setup(sheet, landscape=False)


def _write_settings(book: Any, styles: _Styles, sheet_schema: SheetSchema, rows: Rows) -> None:
    """A sheet of one row per setting: every setting in order, its value (or default) and its note."""
    sheet = book.add_worksheet(sheet_schema.name)
    columns = sheet_schema.columns
    settings = sheet_schema.settings
    _write_headers(sheet, styles, list(columns))
    given = {schema.header_key(r.get("setting", "")): r for r in rows if r.get("setting") not in (None, "")}
    known = {schema.header_key(c.name) for c in settings}
    extra = [r for key, r in given.items() if key not in known]
    for i, setting in enumerate(settings, start=1):
        row = given.get(schema.header_key(setting.name), {})
        value = row.get("value", None if setting.required else setting.default)
        sheet.write_string(i, 0, setting.name)
        kind = "integer" if setting.integer else setting.kind
        _write_value(sheet, i, 1, value, styles.input(kind, setting.required and value in (None, "")))
        sheet.write_string(i, 2, str(row.get("notes") or setting.describe()), styles.note)
        _validate_setting(sheet, i, setting)
    for i, row in enumerate(extra, start=len(settings) + 1):
        sheet.write_string(i, 0, str(row.get("setting")))
        _write_value(sheet, i, 1, row.get("value"), styles.input(TEXT))
        sheet.write_string(i, 2, str(row.get("notes") or ""), styles.note)
    sheet.set_column(0, 0, _WIDE["setting"])
    sheet.set_column(1, 1, _WIDE["value"])
    sheet.set_column(2, 2, _WIDE["notes"])
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, landscape=True)


def _validate_setting(sheet: Any, i: int, setting: Column) -> None:
    if setting.kind == ENUM:
        _drop_down(sheet, i, 1, i, 1, setting)
    elif setting.integer:
        low = 0 if setting.minimum is None else int(setting.minimum)
        high = 10**6 if setting.maximum is None else int(setting.maximum)
        sheet.data_validation(i, 1, i, 1, {
            "validate": "integer", "criteria": "between", "minimum": low, "maximum": high,
            "error_title": setting.name, "error_message": f"A whole number from {low} to {high}.",
        })
    elif setting.kind == RATE:
        _rate_check(sheet, i, 1, i, 1, setting)


def _write_table(book: Any, styles: _Styles, sheet_schema: SheetSchema, rows: Rows, marks: Marks) -> None:
    sheet = book.add_worksheet(sheet_schema.name)
    columns = list(sheet_schema.columns)
    names = {schema.header_key(c.name) for c in columns}
    for row in rows:
        for header in row:
            if schema.header_key(header) not in names:
                names.add(schema.header_key(header))
                columns.append(_extra_column(header))
    _write_headers(sheet, styles, columns)
    last = max(VALIDATION_ROWS, len(rows) + 200)
    longest: dict[str, int] = {}
    for row in rows:  # a text wider than its column would be cut by the next filled cell: widen it (to 90)
        for header, value in row.items():
            if isinstance(value, str):
                key = schema.header_key(header)
                longest[key] = max(longest.get(key, 0), len(value))
    for j, column in enumerate(columns):
        width = max(_width(column), min(longest.get(schema.header_key(column.name), 0) + 2, 90))
        sheet.set_column(j, j, width, styles.input(column.kind))
        if column.kind in (ENUM, YESNO):
            _drop_down(sheet, 1, j, last, j, column)
        elif column.words:
            _offer_words(sheet, 1, j, last, j, column)
        elif column.kind == RATE:
            _rate_check(sheet, 1, j, last, j, column)
        elif column.kind == COUNT:
            sheet.data_validation(1, j, last, j, {
                "validate": "decimal", "criteria": ">=", "value": 0,
                "error_title": column.name, "error_message": f"{column.name} is a number >= 0.",
            })
    by_key = {schema.header_key(c.name): j for j, c in enumerate(columns)}
    for i, row in enumerate(rows, start=1):
        for header, value in row.items():
            j = by_key[schema.header_key(header)]
            note = marks.note(sheet_schema.name, i - 1, columns[j].name)
            _write_value(sheet, i, j, value, styles.input(columns[j].kind, to_update=note is not None))
            if note is not None:
                sheet.write_comment(i, j, note, {"author": "forecast roll", "x_scale": 1.6})
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, landscape=True)
    sheet.repeat_rows(0)


def _write_grid(book: Any, name: str, grid: list[list[object]]) -> None:
    """A sheet the tool does not read, its values copied as they were."""
    sheet = book.add_worksheet(name)
    for i, line in enumerate(grid):
        for j, value in enumerate(line):
            if value is not None and value != "":
                _write_value(sheet, i, j, value, None)


def _print_setup(sheet: Any, landscape: bool) -> None:
    """A4, one page wide, so a printed template or example reads like the screen (not 27 pages of slices)."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _extra_column(header: str) -> Column:
    year = schema.future_budget_year(header)
    if year is not None:
        return Column(header, NUMBER, "Cash limit for that future year.", units=schema.UNITS)
    return Column(header, TEXT, "Not read by the tool.")


def _write_headers(sheet: Any, styles: _Styles, columns: list[Column]) -> None:
    for j, column in enumerate(columns):
        sheet.write_string(0, j, column.name, styles.header)
        sheet.write_comment(0, j, f"{column.name}: {column.describe()}",
                            {"author": "forecast", "x_scale": 2.4, "y_scale": 1.6})
    sheet.set_row(0, 30)


def _write_value(sheet: Any, i: int, j: int, value: object, cell_format: Any) -> None:
    if value is None or value == "":
        sheet.write_blank(i, j, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_string(i, j, "yes" if value else "no", cell_format)
    elif isinstance(value, (int, float)):
        sheet.write_number(i, j, value, cell_format)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(i, j, value, cell_format)
    else:
        sheet.write_string(i, j, str(value), cell_format)


def _drop_down(sheet: Any, first_row: int, first_col: int, last_row: int, last_col: int, column: Column) -> None:
    choices = list(column.choices or schema.YES_NO)
    sheet.data_validation(first_row, first_col, last_row, last_col, {
        "validate": "list",
        "source": choices,
        # placement types allow other text (a warning from `validate`), so Excel only informs
        "error_type": "stop" if column.strict else "information",
        "error_title": column.name,
        "error_message": ("Choose one of: " + ", ".join(choices))[:255],
    })


def _offer_words(sheet: Any, first_row: int, first_col: int, last_row: int, last_col: int, column: Column) -> None:
    """A drop-down offering the words a numeric column also takes (growth: trend); a typed number is allowed too."""
    sheet.data_validation(first_row, first_col, last_row, last_col, {
        "validate": "list",
        "source": list(column.words),
        "error_type": "information",
        "error_title": column.name,
        "error_message": f"Type a rate (a fraction: 5% or 0.05), or choose {' or '.join(column.words)}.",
    })


def _rate_check(sheet: Any, first_row: int, first_col: int, last_row: int, last_col: int, column: Column) -> None:
    sheet.data_validation(first_row, first_col, last_row, last_col, {
        "validate": "decimal", "criteria": "between",
        "minimum": -1 if column.minimum is None else column.minimum, "maximum": 1,
        "error_title": column.name,
        "error_message": "A rate is a fraction: type 5% or 0.05 (not 5).",
    })


def _width(column: Column) -> float:
    return float(_WIDE.get(column.name, max(12, len(column.name) + 3)))
