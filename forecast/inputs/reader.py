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
from dataclasses import field
from posixpath import dirname, join, normpath

from forecast.errors import InputError, Problem
from forecast.inputs.safe import SafeWorkbook
from forecast.records import frozen, mutable

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


@frozen
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
LINKED, WEB = "another workbook", "a web function"

_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:[\w.-]+:)?col\b([^>]*)/?>")
# hidden, or shown at no height or width (which Excel draws as hidden too)
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"|\b(?:ht|width)="0(?:\.0*)?"')
_ATTR_ROW = re.compile(rb'\br="(\d{1,7})"')
_ATTR_MIN_MAX = re.compile(rb'\bmin="(\d{1,5})"[^>]*?\bmax="(\d{1,5})"|\bmax="(\d{1,5})"[^>]*?\bmin="(\d{1,5})"')
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?"')
_FORMULA_TEXT = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.S)
_ATTR_SI = re.compile(rb'\bsi="(\d+)"')
# [1]Sheet!A1 or '[1]Sheet'!A1 (Excel's saved form of a link to another workbook), or a path to one
_EXTERNAL = re.compile(rb"\[\d+\][^!]*!|\[[^\]]+\.xl[a-z]{1,2}\]", re.I)
_WEB = re.compile(rb"\b(?:_xlfn\.)?(?:WEBSERVICE|FILTERXML|RTD|STOCKHISTORY|IMPORTDATA|IMPORTXML|IMPORTHTML|"
                  rb"IMPORTRANGE|IMPORTFEED|GOOGLEFINANCE|DDE|DDEAUTO|CUBE[A-Z]*)\s*\(|\|", re.I)
_STRING_LITERAL = re.compile(rb"&quot;.*?&quot;|\"[^\"]*\"", re.S)
# INDIRECT("[Other.xlsx]Sheet1!A1"): the other workbook is named inside a string
_INDIRECT_LINK = re.compile(rb"\bINDIRECT\s*\(\s*(?:&quot;|\")[^\"&]*\[[^\]]+\.xl[a-z]{1,2}\]", re.I)


def _formula_kind(text: bytes) -> str:
    """``LINKED`` or ``WEB`` when a formula's text takes its value from another workbook or the web, else ""."""
    if _INDIRECT_LINK.search(text):
        return LINKED
    text = _STRING_LITERAL.sub(b"", text)
    return LINKED if _EXTERNAL.search(text) else WEB if _WEB.search(text) else ""


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


@mutable
class RawSheet:
    """The used area of one sheet: ``rows[i][j]`` is the cell at (row0 + i, col0 + j), 0-based.

    Beside the values, what the sheet's XML says about how they are shown, all 0-based and absolute:
    whether the sheet is hidden, its hidden rows and columns, its merged ranges
    ``(first row, first col, last row, last col)``, and the cells whose value comes from another
    workbook or from the web (``LINKED`` or ``WEB``), which may be stale.
    """

    name: str  # as spelt in the workbook
    rows: list[list[object]] = field(default_factory=list)
    row0: int = 0
    col0: int = 0
    state: str = "visible"  # or "hidden", "veryHidden"
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()
    merged: tuple[tuple[int, int, int, int], ...] = ()
    stale: dict[tuple[int, int], str] = field(default_factory=dict)
    # cells whose number format shows the value other than it is: divided by 1,000 (or 1,000,000) by
    # trailing commas (``#,##0,``), or not at all (``;;;``, given as 0)
    shown_scaled: dict[tuple[int, int], int] = field(default_factory=dict)
    # cells (absolute) whose formula adds up a range of rows above them, e.g. ``=SUM(B2:B4)`` (issue 20:
    # a total row pasted with the ledger is not a line)
    sums: frozenset[tuple[int, int]] = frozenset()

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
        self._paths, self._states = _sheet_paths(book)
        self._never_calculated = _never_calculated(book.parts.get("xl/workbook.xml", b""))
        self._linked_names = _linked_names(book.parts.get("xl/workbook.xml", b""))
        self._scaled_styles = _scaled_styles(book.parts.get("xl/styles.xml", b""))
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
        raw = RawSheet(name, grid, *(start or (0, 0)), state=self._states.get(name, "visible"))
        if xml and _ANY_FORMULA_OR_ERROR.search(xml):
            for (row, col), error in _formula_and_error_cells(xml, self._never_calculated).items():
                _put(raw, row, col, error)
            raw.stale = _stale_cells(xml, self._linked_names)
            raw.sums = _summing_cells(xml)
        if xml and self._scaled_styles:
            raw.shown_scaled = _styled_cells(xml, self._scaled_styles)
        if xml:
            raw.hidden_rows, raw.hidden_cols = _hidden_rows_and_columns(xml)
            raw.merged = _merged_ranges(xml)
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


def _hidden_rows_and_columns(xml: bytes) -> tuple[frozenset[int], frozenset[int]]:
    """The 0-based rows and columns the sheet hides (``hidden="1"`` on ``<row>`` and ``<col>``)."""
    rows: set[int] = set()
    if b'hidden="' in xml or b'ht="0' in xml:
        for match in _ROW_TAG.finditer(xml):
            attrs = match.group(1)
            number = _ATTR_ROW.search(attrs)
            if number and _HIDDEN.search(attrs):
                rows.add(int(number.group(1)) - 1)
    cols: set[int] = set()
    head = xml[: xml.find(b"sheetData")] if b"sheetData" in xml else xml  # <cols> comes before the data
    for match in _COL_TAG.finditer(head):
        attrs = match.group(1)
        span = _ATTR_MIN_MAX.search(attrs)
        if span and _HIDDEN.search(attrs):
            low, high = (span.group(1), span.group(2)) if span.group(1) else (span.group(4), span.group(3))
            cols.update(range(int(low) - 1, min(int(high), 16_384)))
    return frozenset(rows), frozenset(cols)


def _merged_ranges(xml: bytes) -> tuple[tuple[int, int, int, int], ...]:
    """Every merged range as ``(first row, first col, last row, last col)``, 0-based."""
    ranges = []
    for a, r1, b, r2 in _MERGE.findall(xml):
        top, left = int(r1) - 1, column_index(a.decode())
        bottom, right = (int(r2) - 1, column_index(b.decode())) if b else (top, left)
        ranges.append((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
    return tuple(ranges)


_NUM_FMT = re.compile(rb'<(?:[\w.-]+:)?numFmt\b[^>]*?\bnumFmtId="(\d+)"[^>]*?\bformatCode="([^"]*)"')
_CELL_XFS = re.compile(rb"<(?:[\w.-]+:)?cellXfs\b[^>]*>(.*?)</(?:[\w.-]+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:[\w.-]+:)?xf\b([^>]*)>")
_ATTR_NUM_FMT_ID = re.compile(rb'\bnumFmtId="(\d+)"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_SCALING_COMMAS = re.compile(r"[0#?](,+)(?![0#?,])")


NEGATIVES_HIDDEN = -1  # a format whose negative section is empty (``#,##0;;0``): a negative shows as nothing


def format_scale(code: str) -> int:
    """How a number format shows a number: 1 as it is, 1000 or 1000000 divided (``#,##0,``), 0 not at all,
    ``NEGATIVES_HIDDEN`` a negative not at all."""
    section = _FORMAT_LITERAL.sub("", code).split(";")
    if len(section) >= 3 and not any(part.strip() for part in section[:3]):
        return 0  # ;;; shows nothing
    if len(section) >= 2 and not section[1].strip() and _SCALING_COMMAS.search(section[0]) is None:
        return NEGATIVES_HIDDEN
    match = _SCALING_COMMAS.search(section[0])
    return 1000 ** len(match.group(1)) if match else 1


def _scaled_styles(styles_xml: bytes) -> dict[int, int]:
    """Cell style index → scale, for the styles whose number format divides or hides what it shows."""
    formats = {int(i): format_scale(_unescape(code).decode("utf-8", "replace"))
               for i, code in _NUM_FMT.findall(styles_xml)}
    odd = {i: scale for i, scale in formats.items() if scale != 1}
    if not odd:
        return {}
    found: dict[int, int] = {}
    block = _CELL_XFS.search(styles_xml)
    for index, xf in enumerate(_XF.findall(block.group(1) if block else b"")):
        fmt = _ATTR_NUM_FMT_ID.search(xf)
        if fmt and int(fmt.group(1)) in odd:
            found[index] = odd[int(fmt.group(1))]
    return found


def _styled_cells(xml: bytes, scaled: dict[int, int]) -> dict[tuple[int, int], int]:
    """(row, col) → scale of every cell whose style shows its number divided or not at all."""
    found: dict[tuple[int, int], int] = {}
    for match in _CELL.finditer(xml):
        attrs = match.group(1)
        style = _ATTR_S.search(attrs)
        if style and int(style.group(1)) in scaled:
            ref = _ATTR_R.search(attrs)
            if ref:
                found[(int(ref.group(2)) - 1, column_index(ref.group(1).decode()))] = scaled[int(style.group(1))]
    return found


_DEFINED_NAME = re.compile(rb'<(?:[\w.-]+:)?definedName\b[^>]*?\bname="([^"]+)"[^>]*>(.*?)</(?:[\w.-]+:)?definedName>',
                           re.S)


def _linked_names(workbook_xml: bytes) -> dict[bytes, str]:
    """Defined names (``Rate`` = ``[1]Rates!$B$2``) that take their value from another workbook or the web."""
    found: dict[bytes, str] = {}
    for name, text in _DEFINED_NAME.findall(workbook_xml):
        kind = _formula_kind(text)
        if kind:
            found[name] = kind
    return found


def _stale_cells(xml: bytes, linked_names: dict[bytes, str] | None = None) -> dict[tuple[int, int], str]:
    """Cells whose formula takes its value from another workbook or from the web: that value may be stale.

    Directly (``[1]Budget!$C$2``, ``WEBSERVICE(…)``) or through a defined name that does. A shared
    formula is written once (its first cell) and referred to by ``si`` in the cells that share it, so
    those cells inherit what the first one takes.
    """
    by_name = None
    if linked_names:
        by_name = re.compile(rb"(?<![\w.])(" + b"|".join(re.escape(n) for n in linked_names) + rb")(?![\w.(])", re.I)
        kinds = {n.lower(): k for n, k in linked_names.items()}
    found: dict[tuple[int, int], str] = {}
    shared: dict[bytes, str] = {}
    for match in _CELL.finditer(xml):
        body = match.group(2) or b""
        formula = _FORMULA_TEXT.search(body)
        if not formula:
            continue
        attrs, text = formula.group(1), formula.group(2) or b""
        kind = _formula_kind(text)
        text = _STRING_LITERAL.sub(b"", text)
        if not kind and by_name is not None and (named := by_name.search(text)):
            kind = kinds[named.group(1).lower()]
        si = _ATTR_SI.search(attrs)
        if si:
            if text:
                shared[si.group(1)] = kind
            else:
                kind = shared.get(si.group(1), "")
        ref = _ATTR_R.search(match.group(1))
        if kind and ref:
            found[(int(ref.group(2)) - 1, column_index(ref.group(1).decode()))] = kind
    return found


_SUMMING = re.compile(rb"^\s*=?\s*(?:_xlfn\.)?(?:SUM|SUBTOTAL|AGGREGATE)\s*\(", re.I)
_RANGE_ROWS = re.compile(rb"\$?[A-Za-z]{1,3}\$?(\d{1,7})\s*:\s*\$?[A-Za-z]{1,3}\$?(\d{1,7})")


def _summing_cells(xml: bytes) -> frozenset[tuple[int, int]]:
    """Cells whose formula is a SUM (or SUBTOTAL, AGGREGATE) of a range of rows above them: a total row.

    A shared formula is written once (its first cell) and referred to by ``si`` in the cells that share
    it; those cells are totals when the first one is.
    """
    found: set[tuple[int, int]] = set()
    shared: dict[bytes, bool] = {}
    for match in _CELL.finditer(xml):
        body = match.group(2) or b""
        formula = _FORMULA_TEXT.search(body)
        ref = _ATTR_R.search(match.group(1))
        if not formula or not ref:
            continue
        attrs, text = formula.group(1), _unescape(formula.group(2) or b"")
        row = int(ref.group(2))
        summing = bool(_SUMMING.match(text)) and any(
            max(int(a), int(b)) < row for a, b in _RANGE_ROWS.findall(text)
        )
        si = _ATTR_SI.search(attrs)
        if si:
            if text.strip():
                shared[si.group(1)] = summing
            else:
                summing = shared.get(si.group(1), False)
        if summing:
            found.add((row - 1, column_index(ref.group(1).decode())))
    return frozenset(found)


_ENTITY = re.compile(rb"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|(quot|amp|lt|gt|apos));")
_NAMED = {b"quot": b'"', b"amp": b"&", b"lt": b"<", b"gt": b">", b"apos": b"'"}


def _unescape(text: bytes) -> bytes:
    """XML text as typed (a formula, a number format's code): the five named escapes and the numeric character
    references undone, in one pass (``&amp;lt;`` is ``&lt;``). XML has no other entities, so html.unescape and its
    table of 2,000 names are not needed (issue 25)."""
    if b"&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[bytes]) -> bytes:
    if match.group(3):
        return _NAMED[match.group(3)]
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    try:
        return chr(code).encode("utf-8")
    except (ValueError, OverflowError):  # beyond Unicode, or a lone surrogate: left as written
        return match.group(0)


def _sheet_paths(book: SafeWorkbook) -> tuple[dict[str, str], dict[str, str]]:
    """Sheet name → its XML part, from ``xl/workbook.xml`` and its relationships; and name → its state
    when it is hidden (``hidden`` or ``veryHidden``)."""
    from defusedxml import ElementTree as SafeET

    try:
        workbook = SafeET.fromstring(book.parts["xl/workbook.xml"])
        rels = SafeET.fromstring(book.parts.get("xl/_rels/workbook.xml.rels", b"<r/>"))
    except Exception:  # noqa: BLE001 - calamine reports a broken workbook; the scan just has no map
        return {}, {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels if _local(rel.tag) == "Relationship"}
    paths: dict[str, str] = {}
    states: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        if element.get("state") in ("hidden", "veryHidden"):
            states[element.get("name", "")] = str(element.get("state"))
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rel_id, "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else normpath(join(dirname("xl/workbook.xml"), target))
            paths[element.get("name", "")] = part
    return paths, states


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
