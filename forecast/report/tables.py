"""Paste-ready tables: Revenue Summary, Variance Analysis, MTFP and Investments, plus the narrative.

The rows come from ``forecast.report.rows`` (one place builds them); each
format here only renders them: Markdown, CSV, HTML that pastes into Word and
Outlook with its borders and right-aligned figures, and a Word document with
one styled table per section. Figures read as in the workbook: £000, no
decimals, negatives in brackets. Every file is written atomically.
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from forecast.engine.results import Results
from forecast.errors import OutputError
from forecast.files import write_all
from forecast.report.context import as_at
from forecast.report.grid import clip
from forecast.report.layout import Layout
from forecast.report.narrative import narrative
from forecast.report.rows import (
    Table,
    investments_table,
    mtfp_table,
    revenue_summary_table,
    variance_table,
)
from forecast.report.summary import money_text

FORMATS = ("md", "csv", "html", "docx")
_BORDER = "1px solid #808080"
_HEADER_FILL = "D9E1F2"
_SUBTOTAL_FILL = "F2F2F2"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"md,csv"`` → ("md", "csv"); an unknown format is an OutputError naming it."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    for name in chosen:
        if name not in FORMATS:
            raise OutputError(f"{name!r} is not a format; choose from {', '.join(FORMATS)}")
    if not chosen:
        raise OutputError(f"no format given; choose from {', '.join(FORMATS)}")
    return chosen


def prepare_folder(folder: Path | str) -> Path:
    """The tables' folder, created when missing if its parent exists (a missing parent is an OutputError)."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise OutputError(f"{folder}: is a file, not a folder; choose another -o folder")
    if not folder.parent.is_dir():
        raise OutputError(f"{folder}: the folder {folder.parent} does not exist; create it or choose another -o folder")
    try:
        folder.mkdir()
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder ({exc.strerror})") from exc
    return folder


def report_tables(results: Results, layout: Layout) -> list[Table]:
    """The sections in report order (Investments only when there are any)."""
    units = layout.units_label or results.settings.units
    tables = [
        revenue_summary_table(results, layout, units),
        variance_table(results, layout, units),
        mtfp_table(results, units),
    ]
    if results.investments:
        tables.append(investments_table(results, units))
    return tables


def cell_text(value: float | str | None, kind: str) -> str:
    """A figure as the workbook shows it: 1,234 / (1,234) / - ; percentages 22.9% / (3.8%)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "percent":
        if round(value * 1000) == 0:
            return "-"
        text = f"{abs(value):.1%}"
        return f"({text})" if value < 0 else text
    return money_text(value)


def _cells(table: Table, row_values: tuple[float | str | None, ...]) -> list[str]:
    return [cell_text(v, k) for v, k in zip(row_values, table.kinds[1:], strict=True)]


def write_tables(
    results: Results,
    out_dir: Path | str,
    formats: Sequence[str] = FORMATS,
    layout: Layout | None = None,
    document_date: _dt.datetime | None = None,
) -> list[Path]:
    """Write every table in each format, and narrative.txt, into ``out_dir``; returns the paths.

    All or nothing: every file is built in memory first, then each is written atomically
    (``files.write_all``), so a failure in any format leaves the folder as it was.
    """
    layout = layout or Layout()
    out = Path(out_dir)
    tables = report_tables(results, layout)
    title = f"{results.settings.authority}: {results.settings.service}, {as_at(results)}"
    builders: dict[str, Callable[[], list[tuple[Path, bytes]]]] = {
        "md": lambda: [(out / "tables.md", markdown(tables, title).encode("utf-8"))],
        "csv": lambda: [(out / f"{t.key}.csv", csv_text(t).encode("utf-8")) for t in tables],
        "html": lambda: [(out / "tables.html", html_text(tables, title).encode("utf-8"))],
        "docx": lambda: [(out / "tables.docx", docx_bytes(tables, title, document_date))],
    }
    files: list[tuple[Path, bytes]] = []
    for name in formats:
        files += builders[name]()
    files.append((out / "narrative.txt", (narrative(results) + "\n").encode("utf-8")))
    return write_all(files)


# -- Markdown ---------------------------------------------------------------


def _md_escape(text: str) -> str:
    """Input text as Markdown text: '|' cannot end a cell and '<' cannot open an HTML tag."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def markdown(tables: Sequence[Table], title: str) -> str:
    parts = [f"# {_md_escape(title)}", ""]
    for table in tables:
        parts += [f"## {_md_escape(table.title)}", ""]
        parts.append("| " + " | ".join(_md_escape(c) for c in table.columns) + " |")
        parts.append("|" + "|".join("---" if k == "text" else "---:" for k in table.kinds) + "|")
        for row in table.rows:
            label = _md_escape(row.label)
            if row.kind in ("subtotal", "total", "heading"):
                label = f"**{label}**"
            cells = [_md_escape(c) for c in _cells(table, row.values)]
            if row.kind in ("subtotal", "total"):
                cells = [f"**{c}**" if c else c for c in cells]
            parts.append("| " + " | ".join([label, *cells]) + " |")
        parts.append("")
    return "\n".join(parts)


# -- CSV --------------------------------------------------------------------


def _csv_safe(text: str) -> str:
    """Text from the inputs cannot become a formula when the CSV is opened in a spreadsheet."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(table: Table) -> str:
    """OWASP's CSV-injection advice: a leading ' on formula-like text, every field in double quotes.

    The quotes keep text such as ``Legal;=1+1`` in one cell for a spreadsheet that splits on ';'.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([_csv_safe(c) for c in table.columns])
    for row in table.rows:
        cells = [
            _csv_safe(c) if k == "text" else c for c, k in zip(_cells(table, row.values), table.kinds[1:], strict=True)
        ]
        writer.writerow([_csv_safe(row.label), *cells])
    return buffer.getvalue()


# -- HTML -------------------------------------------------------------------


def html_text(tables: Sequence[Table], title: str) -> str:
    """A standalone page whose tables keep their borders and alignment when pasted into Word or Outlook."""
    font = "font-family:Arial,sans-serif;font-size:10pt"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        # printed from a browser, the twelve-column Revenue Summary needs a landscape page, as in the workbook
        "<style>@page { size: A4 landscape; margin: 15mm }</style></head>",
        f'<body style="{font}">',
        f'<h1 style="font-family:Arial,sans-serif;font-size:14pt">{html.escape(title)}</h1>',
    ]
    for table in tables:
        parts.append(f'<h2 style="font-family:Arial,sans-serif;font-size:12pt">{html.escape(table.title)}</h2>')
        # as wide as the page it is pasted into: Word and browsers then wrap the text columns, not the figures
        width = "width:100%;" if any(kind == "text" for kind in table.kinds[1:]) else ""
        parts.append(f'<table style="border-collapse:collapse;{width}{font}" cellpadding="3">')
        head = "".join(
            f'<th style="border:{_BORDER};background:#{_HEADER_FILL};text-align:{"left" if k == "text" else "right"};'
            f'vertical-align:bottom">{html.escape(c).replace(chr(10), "<br>")}</th>'
            for c, k in zip(table.columns, table.kinds, strict=True)
        )
        parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
        for row in table.rows:
            bold = row.kind in ("subtotal", "total", "heading")
            fill = f"background:#{_SUBTOTAL_FILL};" if row.kind == "subtotal" else ""
            rule = "border-top:2px solid #000;" if row.kind == "total" else ""
            weight = "font-weight:bold;" if bold else ""
            cells = [f'<td style="border:{_BORDER};{fill}{rule}{weight}">{html.escape(row.label)}</td>']
            for text, kind in zip(_cells(table, row.values), table.kinds[1:], strict=True):
                align = "left" if kind == "text" else "right;white-space:nowrap"
                cells.append(
                    f'<td style="border:{_BORDER};{fill}{rule}{weight}text-align:{align}">{html.escape(text)}</td>'
                )
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# -- Word -------------------------------------------------------------------


def docx_bytes(tables: Sequence[Table], title: str, document_date: _dt.datetime | None = None) -> bytes:
    """A landscape A4 Word document with one styled table per section (same bytes for the same figures)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(9)
    doc.add_heading(title, level=1)
    for table in tables:
        doc.add_heading(table.title, level=2)
        grid = doc.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.autofit = False
        for cell, text, kind in zip(grid.rows[0].cells, table.columns, table.kinds, strict=True):
            _docx_cell(cell, text, bold=True, right=kind != "text", fill=_HEADER_FILL)
        _repeat_header(grid.rows[0])
        for row in table.rows:
            cells = grid.add_row().cells
            bold = row.kind in ("subtotal", "total", "heading")
            fill = _SUBTOTAL_FILL if row.kind == "subtotal" else None
            _docx_cell(cells[0], row.label, bold=bold, right=False, fill=fill)
            for cell, text, kind in zip(cells[1:], _cells(table, row.values), table.kinds[1:], strict=True):
                _docx_cell(cell, text, bold=bold, right=kind != "text", fill=fill)
        for column, width in zip(grid.columns, column_widths_mm(table, _DOCX_TEXT_WIDTH_MM), strict=True):
            column.width = Mm(width)
            for cell in column.cells:  # Word reads the cells' widths, LibreOffice the grid's
                cell.width = Mm(width)
    if document_date is not None:
        props = doc.core_properties
        props.created = props.modified = document_date
        props.last_printed = document_date
    props = doc.core_properties
    props.author = props.last_modified_by = "forecast"
    props.title = clip(title, 255)  # Word's limit for a document property
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


_DOCX_TEXT_WIDTH_MM = 297 - 2 * 15  # landscape A4 less the margins
_FIGURE_MM = 18.5  # "(12,345)" or a heading word like "Forecast" in 8 pt bold, with the cell's padding
_LABEL_MM = (40.0, 52.0)  # the first column: line names wrap at two lines, not five
_TEXT_MIN_MM = 14.0  # "Amber", "one-off", "Comment" on one line
_TABLE_PT = 8


def column_widths_mm(table: Table, usable_mm: float) -> list[float]:
    """Widths for a Word table: figures fixed, the first column by its longest label, other text shares the rest.

    Word and LibreOffice otherwise give every column the same width, so a
    twelve-column Revenue Summary breaks line names mid-word and stretches a
    comment down the page. A table without other text columns is only as
    wide as it needs to be.
    """
    def longest(c: int) -> int:
        texts = [row.label for row in table.rows] if c == 0 else [str(row.values[c - 1] or "") for row in table.rows]
        return max(len(t) for t in [table.columns[c], *texts])

    widths = [_FIGURE_MM if kind != "text" else _TEXT_MIN_MM for kind in table.kinds]
    widths[0] = min(max(_LABEL_MM[0], 1.8 * longest(0)), _LABEL_MM[1])
    others = [c for c in range(1, len(widths)) if table.kinds[c] == "text"]
    spare = usable_mm - sum(widths)
    if others and spare > 0:
        weights = [min(longest(c), 80) for c in others]
        for c, weight in zip(others, weights, strict=True):
            widths[c] += spare * weight / sum(weights)
    return widths


def _docx_cell(cell: object, text: str, bold: bool, right: bool, fill: str | None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(_TABLE_PT)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _repeat_header(row: object) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)  # type: ignore[attr-defined]


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates, so the same content gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
