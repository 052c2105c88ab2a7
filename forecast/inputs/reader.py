"""Read the cells of an input workbook with python-calamine, keeping Excel addresses.

Only bytes that passed ``forecast.inputs.safe`` reach this module. Reading is
bounded by the cells a sheet really holds (calamine ignores the stated
``<dimension>``); a sheet with more than ``MAX_ROWS`` rows is refused, and so
is a workbook with more than ``MAX_CELLS`` cells or a sheet whose values span
a larger area (calamine holds that whole rectangle, so one value in XFD20000
would cost it 10 GB). Both are counted in the XML bytes before calamine
copies or parses anything.

Calamine returns cached values only, and reads a formula with no cached
value, or an Excel error such as ``#DIV/0!``, as an empty cell. So when a
sheet's XML holds any formula or error cell, a byte scan finds those cells
and the grid gets a ``CellError`` in their place: the validator reports
them by address instead of treating them as blank (never a silent 0).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

from forecast.errors import InputError, Problem
from forecast.inputs.safe import SafeWorkbook

MAX_ROWS = 200_000
MAX_CELLS = 1_000_000

_ANY_FORMULA_OR_ERROR = re.compile(rb'<(?:[\w.-]+:)?f\b|\bt="e"')
_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.S)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f\b")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", re.S)
_ATTR_R = re.compile(rb'\br="([A-Za-z]{1,3})(\d{1,7})"')
_ATTR_T = re.compile(rb'\bt="([^"]*)"')
_CALC_PR = re.compile(rb"<(?:[\w.-]+:)?calcPr\b[^>]*>")
_FULL_CALC_ON_LOAD = re.compile(rb'\bfullCalcOnLoad="(?:1|true)"')
_FILLED_CELL_REF = re.compile(rb'<(?:[\w.-]+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*?(?<!/)>')


@dataclass(frozen=True)
class CellError:
    """A cell whose value cannot be used: a formula never calculated, or an Excel error."""

    text: str  # "" for a formula with no cached value, else the error, e.g. "#DIV/0!"

    def describe(self) -> str:
        if not self.text:
            return (
                "is a formula with no saved value (the file was written by a program that does not "
                "calculate): open it in Excel or LibreOffice, let it recalculate, and save it"
            )
        return f"holds the Excel error {self.text}: fix the formula or type the value"


UNCACHED = CellError("")


def column_letters(index: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """``A`` → 0, ``AA`` → 26."""
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


@dataclass
class RawSheet:
    """The used area of one sheet: ``rows[i][j]`` is the cell at (row0 + i, col0 + j), 0-based."""

    name: str  # as spelt in the workbook
    rows: list[list[object]] = field(default_factory=list)
    row0: int = 0
    col0: int = 0

    def address(self, i: int, j: int) -> str:
        """Excel address of ``rows[i][j]``, e.g. ``D7``."""
        return f"{column_letters(self.col0 + j)}{self.row0 + i + 1}"

    @classmethod
    def from_rows(cls, name: str, rows: list[list[object]]) -> RawSheet:
        """A sheet whose rows start at A1 (used for workbooks given as Python data)."""
        return cls(name, [list(row) for row in rows])


class WorkbookReader:
    """The sheets of a safely opened workbook, read on demand."""

    def __init__(self, book: SafeWorkbook) -> None:
        from python_calamine import CalamineWorkbook

        self.book = book
        self._paths = _sheet_paths(book)
        self._never_calculated = _never_calculated(book.parts.get("xl/workbook.xml", b""))
        _check_size(book, self._paths)
        try:
            self._calamine = CalamineWorkbook.from_filelike(io.BytesIO(book.xml_zip()))
            self.sheet_names: list[str] = list(self._calamine.sheet_names)
        except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
            raise self._corrupt(exc) from None

    def _corrupt(self, exc: Exception, sheet: str = "") -> InputError:
        where = f"sheet {sheet!r} " if sheet else ""
        return InputError(
            [Problem(self.book.name, "", f"{where}cannot be read ({exc}): save the workbook again from Excel")]
        )

    def read(self, name: str) -> RawSheet:
        """Every used cell of sheet ``name``; formula and error cells become ``CellError``."""
        xml = self.book.parts.get(self._paths.get(name, ""), b"")
        if xml.count(b"<row ") + xml.count(b"<row>") > MAX_ROWS:  # before calamine loads it all
            raise self._too_many_rows(name)
        try:
            sheet = self._calamine.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=True)
            start = sheet.start
        except Exception as exc:  # noqa: BLE001
            raise self._corrupt(exc, name) from None
        if len(rows) > MAX_ROWS:
            raise self._too_many_rows(name)
        grid: list[list[object]] = [list(row) for row in rows]
        raw = RawSheet(name, grid, *(start or (0, 0)))
        if xml and _ANY_FORMULA_OR_ERROR.search(xml):
            for (row, col), error in _formula_and_error_cells(xml, self._never_calculated).items():
                _put(raw, row, col, error)
        return raw

    def _too_many_rows(self, name: str) -> InputError:
        return InputError(
            [
                Problem(
                    name,
                    "",
                    f"has more than {MAX_ROWS:,} rows: delete the unused rows (or move the data "
                    "to another file) and save again",
                )
            ]
        )


def _check_size(book: SafeWorkbook, paths: dict[str, str]) -> None:
    """Refuse more cells than ``MAX_CELLS``, in all sheets or in the area one sheet's values span."""
    sheet_of = {part: name for name, part in paths.items()}
    sheets = {part: xml for part, xml in book.parts.items() if part.lower().startswith("xl/worksheets/")}
    counts = {part: xml.count(b"<c ") + xml.count(b"<c>") for part, xml in sheets.items()}
    total = sum(counts.values())
    fix = "delete the unused rows and columns (or move the data to another file) and save again"
    if total > MAX_CELLS:
        part = max(counts, key=counts.__getitem__)
        raise InputError([Problem(sheet_of.get(part, part), "", (
            f"the workbook holds {total:,} cells ({counts[part]:,} on this sheet), over the limit of "
            f"{MAX_CELLS:,} cells: {fix}"
        ))])
    for part, xml in sheets.items():
        refs = _FILLED_CELL_REF.findall(xml)
        if not refs:
            continue
        letters, numbers = zip(*refs, strict=True)
        columns = [column_index(c.decode()) for c in set(letters)]
        rows = list(map(int, numbers))
        first, last = (min(rows) - 1, min(columns)), (max(rows) - 1, max(columns))
        area = (last[0] - first[0] + 1) * (last[1] - first[1] + 1)
        if area > MAX_CELLS:
            used = f"{column_letters(first[1])}{first[0] + 1}:{column_letters(last[1])}{last[0] + 1}"
            raise InputError([Problem(sheet_of.get(part, part), "", (
                f"its values span {used}, {area:,} cells, over the limit of {MAX_CELLS:,}: clear any value "
                f"far from the data, {fix}"
            ))])


def _put(raw: RawSheet, row: int, col: int, value: object) -> None:
    """Set an absolute cell in the grid, growing it when the cell lies outside."""
    if not raw.rows:
        raw.row0, raw.col0 = row, col
    if row < raw.row0:
        raw.rows[:0] = [[] for _ in range(raw.row0 - row)]
        raw.row0 = row
    if col < raw.col0:
        raw.rows = [[""] * (raw.col0 - col) + r for r in raw.rows]
        raw.col0 = col
    i, j = row - raw.row0, col - raw.col0
    while len(raw.rows) <= i:
        raw.rows.append([])
    line = raw.rows[i]
    if len(line) <= j:
        line.extend([""] * (j + 1 - len(line)))
    line[j] = value


def _never_calculated(workbook_xml: bytes) -> bool:
    """True when the file asks to be calculated on opening because no program has calculated it yet.

    XlsxWriter (and pandas through it) writes every formula with a placeholder
    value of 0 and sets ``<calcPr fullCalcOnLoad="1"/>``; Excel and
    LibreOffice drop that flag when they save what they calculated. Reading
    the placeholder would turn ``=600+400`` into a silent 0.
    """
    match = _CALC_PR.search(workbook_xml)
    return bool(match and _FULL_CALC_ON_LOAD.search(match.group(0)))


def _formula_and_error_cells(xml: bytes, never_calculated: bool = False) -> dict[tuple[int, int], CellError]:
    """Absolute (row, col) of cells with a formula but no cached value, or an error value.

    When the workbook was never calculated, every formula's value is a placeholder, so it counts as none.
    """
    found: dict[tuple[int, int], CellError] = {}
    for match in _CELL.finditer(xml):
        attrs, body = match.group(1), match.group(2) or b""
        kind_match = _ATTR_T.search(attrs)
        kind = kind_match.group(1) if kind_match else b"n"
        value = _VALUE.search(body)
        cached = value.group(1) if value and value.group(1) is not None else None
        if kind == b"e":
            error = CellError((cached or b"#VALUE!").decode("utf-8", "replace"))
        elif _FORMULA.search(body) and (
            never_calculated or value is None or (not cached and kind not in (b"str", b"inlineStr"))
        ):
            error = UNCACHED
        else:
            continue
        ref = _ATTR_R.search(attrs)
        if ref:
            found[(int(ref.group(2)) - 1, column_index(ref.group(1).decode()))] = error
    return found


def _sheet_paths(book: SafeWorkbook) -> dict[str, str]:
    """Sheet name → its XML part, from ``xl/workbook.xml`` and its relationships."""
    from defusedxml import ElementTree as SafeET

    try:
        workbook = SafeET.fromstring(book.parts["xl/workbook.xml"])
        rels = SafeET.fromstring(book.parts.get("xl/_rels/workbook.xml.rels", b"<r/>"))
    except Exception:  # noqa: BLE001 - calamine reports a broken workbook; the scan just has no map
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels if _local(rel.tag) == "Relationship"}
    paths: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rel_id, "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else normpath(join(dirname("xl/workbook.xml"), target))
            paths[element.get("name", "")] = part
    return paths


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
