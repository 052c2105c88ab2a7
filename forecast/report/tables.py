"""Paste-ready tables: Revenue Summary, Variance Analysis, MTFP, Investments and the improvement plan, plus the narrative.

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
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from forecast.engine.results import Results
from forecast.errors import OutputError, OutputPathError
from forecast.files import write_all
from forecast.report.context import as_at
from forecast.fonts import text_points
from forecast.report.grid import clip
from forecast.report.improvement_words import improvement_plan_table
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
_LANGUAGE = "en-GB"  # of the HTML page and the Word document


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
        raise OutputPathError(f"{folder}: is a file, not a folder; choose another {{output}} folder")
    if not folder.parent.is_dir():
        raise OutputPathError(
            f"{folder}: the folder {folder.parent} does not exist; create it or choose another {{output}} folder"
        )
    try:
        folder.mkdir()
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder ({exc.strerror})") from exc
    return folder


def report_tables(results: Results, layout: Layout) -> list[Table]:
    """The sections in report order (Investments, the improvement plan only when there are any)."""
    units = layout.units_label or results.settings.units
    tables = [
        revenue_summary_table(results, layout, units),
        variance_table(results, layout, units),
        mtfp_table(results, units),
    ]
    if results.investments:
        tables.append(investments_table(results, units))
    if results.actions is not None and results.actions.items:  # issue 24
        tables.append(improvement_plan_table(results.actions))
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
    story = narrative(results)
    builders: dict[str, Callable[[], list[tuple[Path, bytes]]]] = {
        "md": lambda: [(out / "tables.md", markdown(tables, title, story).encode("utf-8"))],
        "csv": lambda: [(out / f"{t.key}.csv", csv_text(t).encode("utf-8")) for t in tables],
        "html": lambda: [(out / "tables.html", html_text(tables, title, story).encode("utf-8"))],
        "docx": lambda: [(out / "tables.docx", docx_bytes(tables, title, document_date, story))],
    }
    files: list[tuple[Path, bytes]] = []
    for name in formats:
        files += builders[name]()
    files.append((out / "narrative.txt", (story + "\n").encode("utf-8")))
    return write_all(files)


# -- Markdown ---------------------------------------------------------------

# Every character that can start Markdown syntax inside a line (CommonMark inlines and GFM tables):
# emphasis * _ ~, code `, links and images [ ] ! (and the <…> autolink), raw HTML < >, entities &, cells |.
_MD_SPECIAL = frozenset("\\`*_~[]!<>&|#")


def md_escape(text: str) -> str:
    """Input text as literal Markdown text: each syntax character backslash-escaped, lines joined.

    CommonMark renders an escaped ASCII punctuation character as itself, so a
    comment holding ``[l](javascript:alert(1))``, ``**bold**``, a backtick or
    ``<b>`` reads as typed, never as a link, emphasis, code or HTML; nor does
    text that starts like a list, a quote or a heading rule.
    """
    flat = " ".join(text.splitlines()).strip(" \t")  # leading blanks would make an indented code block
    escaped = "".join("\\" + c if c in _MD_SPECIAL else c for c in flat)
    # where a line starts (the narrative, a heading's text) '- ', '+ ', '1. ' would begin a list and '===' or
    # '---' underline a heading or draw a rule: the escaped first mark is plain text
    if escaped[:1] in ("-", "+", "="):
        return "\\" + escaped
    number = re.match(r"\d{1,9}(?=[.)])", escaped)
    return escaped if number is None else f"{number.group()}\\{escaped[number.end():]}"


def markdown(tables: Sequence[Table], title: str, story: str = "") -> str:
    parts = [f"# {md_escape(title)}", ""]
    if story:
        parts += [md_escape(story), ""]
    for table in tables:
        parts += [f"## {md_escape(table.title)}", ""]
        parts.append("| " + " | ".join(md_escape(c) for c in table.columns) + " |")
        parts.append("|" + "|".join("---" if k == "text" else "---:" for k in table.kinds) + "|")
        for row in table.rows:
            label = md_escape(row.label)
            if row.kind in ("subtotal", "total", "heading"):
                label = f"**{label}**"
            cells = [md_escape(c) for c in _cells(table, row.values)]
            if row.kind in ("subtotal", "total"):
                cells = [f"**{c}**" if c else c for c in cells]
            parts.append("| " + " | ".join([label, *cells]) + " |")
        parts.append("")
    return "\n".join(parts)


# -- CSV --------------------------------------------------------------------


def formula_guard(text: str) -> str:
    """Text from the inputs that a spreadsheet would run as a formula gets a visible leading ``'``.

    The rule for CSV and for HTML (both open in Excel and LibreOffice Calc):
    text whose first character, after any leading spaces or tabs (Calc's HTML
    import trims them), is one of ``= + - @``, or which starts with a tab or
    CR. Calc's CSV and HTML imports keep the ``'`` as part of the text, so the
    cell reads ``'=HYPERLINK(...)``: plainly text, never live.
    """
    return "'" + text if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START) else text


def csv_text(table: Table) -> str:
    """OWASP's CSV-injection advice: a leading ' on formula-like text, every field in double quotes.

    The quotes keep text such as ``Legal;=1+1`` in one cell for a spreadsheet that splits on ';'.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([formula_guard(c) for c in table.columns])
    for row in table.rows:
        cells = [
            formula_guard(c) if k == "text" else c
            for c, k in zip(_cells(table, row.values), table.kinds[1:], strict=True)
        ]
        writer.writerow([formula_guard(row.label), *cells])
    return buffer.getvalue()


# -- HTML -------------------------------------------------------------------

_HTML_USABLE_MM = 297 - 2 * 15  # the A4 landscape page the CSS asks for, less its margins
_HTML_CSS = """\
@page { size: A4 landscape; margin: 15mm }
@page landscape { size: 297mm 210mm; mso-page-orientation: landscape; margin: 15mm }
div.landscape { page: landscape }
body { font-family: Arial, sans-serif; font-size: 10pt }
table { border-collapse: collapse; margin-bottom: 12pt }
thead { display: table-header-group }
tr { page-break-inside: avoid; break-inside: avoid }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 12pt; padding: 6pt 0 }"""


def _text(text: str) -> str:
    """Input text as HTML: formula-guarded, then escaped (a line break in a heading kept as <br>)."""
    return html.escape(formula_guard(text)).replace("\n", "<br>")


# LibreOffice's own HTML attributes (language 2057 = en-GB; then the format, as in the workbook)
_SDNUM = {"money": "2057;0;#,##0;(#,##0);-", "percent": "2057;0;0.0%;(0.0%);-"}


def _figure(value: float | str | None, kind: str) -> tuple[str, str]:
    """(text, attributes) of a figure cell.

    ``sdval``/``sdnum`` (attributes LibreOffice writes and reads; browsers,
    Word and screen readers pass over them) make Calc's HTML import take the
    figure shown, ``(1,234)`` as -1234, as a number rather than text.
    """
    shown = cell_text(value, kind)
    number = value if isinstance(value, int | float) and shown not in ("", "n/a") else None
    if number is None or kind not in _SDNUM:
        return html.escape(shown), ""
    figure = (round(number, 3) if kind == "percent" else round(number)) or 0  # "-" is 0, never -0
    return html.escape(shown), f' sdval="{figure}" sdnum="{_SDNUM[kind]}"'


def html_text(tables: Sequence[Table], title: str, story: str = "") -> str:
    """A standalone, accessible page whose tables keep their look when pasted into Word or Outlook.

    Structure for screen readers (WCAG 2.2 AA): ``lang``, one ``main``
    landmark, one ``h1``, each table named by its ``caption`` with ``th
    scope="col"`` headings and each line's name a ``th scope="row"``. The
    look is inline (Word and Outlook drop a ``<style>`` block on paste):
    borders, right-aligned figures, column widths as in the Word file (line
    names on one or two lines, figures never wrapped); rows never split
    across a printed page. Text from the inputs is formula-guarded as in
    the CSV, so LibreOffice Calc's HTML import gives no live formula.
    """
    cell = f"border:{_BORDER};padding:2pt 3pt;font-size:9pt;"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_LANGUAGE}">',
        '<head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{_HTML_CSS}\n</style>",
        "</head>",
        '<body style="font-family:Arial,sans-serif;font-size:10pt">',
        "<main>",
        # Word opening the file reads a named page (mso-page-orientation) rather than @page's "landscape" keyword
        '<div class="landscape">',
        f'<h1 style="font-family:Arial,sans-serif;font-size:14pt">{_text(title)}</h1>',
    ]
    if story:
        parts.append(f"<p>{_text(story)}</p>")
    for table in tables:
        widths = column_widths_mm(table, _HTML_USABLE_MM)
        single_words = {  # a RAG column: "Amber" must not break into "Amb" and "er"
            c for c, kind in enumerate(table.kinds)
            if kind == "text" and c and all(" " not in str(row.values[c - 1] or "") for row in table.rows)
        }
        share = min(sum(widths) / _HTML_USABLE_MM, 1.0)
        parts.append(
            f'<table width="{share:.0%}" style="border-collapse:collapse;width:{share:.0%};'
            'font-family:Arial,sans-serif;font-size:9pt">'
        )
        parts.append(f'<caption style="text-align:left;font-weight:bold;font-size:12pt">{_text(table.title)}</caption>')
        # widths twice: LibreOffice Writer reads the HTML attribute, Word and browsers the CSS
        shares = [f"{w / sum(widths):.1%}" for w in widths]
        head = "".join(
            f'<th scope="col" width="{w}" style="{cell}width:{w};background:#{_HEADER_FILL};'
            f'text-align:{"left" if k == "text" else "right"};vertical-align:bottom">{_text(c)}</th>'
            for c, k, w in zip(table.columns, table.kinds, shares, strict=True)
        )
        parts.append(f'<thead><tr style="page-break-inside:avoid">{head}</tr></thead>')
        parts.append("<tbody>")
        for row in table.rows:
            bold = row.kind in ("subtotal", "total", "heading")
            fill = f"background:#{_SUBTOTAL_FILL};" if row.kind == "subtotal" else ""
            rule = "border-top:2px solid #000;" if row.kind == "total" else ""
            style = f"{cell}{fill}{rule}font-weight:{'bold' if bold else 'normal'};"
            cells = [f'<th scope="row" style="{style}text-align:left;vertical-align:top">{_text(row.label)}</th>']
            for c, (value, kind) in enumerate(zip(row.values, table.kinds[1:], strict=True), start=1):
                if kind == "text":
                    wrap = "white-space:nowrap;" if c in single_words else ""
                    cells.append(f'<td style="{style}{wrap}vertical-align:top">{_text(cell_text(value, kind))}</td>')
                else:
                    text, attributes = _figure(value, kind)
                    cells.append(
                        f'<td{attributes} style="{style}text-align:right;white-space:nowrap;vertical-align:top">'
                        f"{text}</td>"
                    )
            # a group's heading stays with its first line rather than end a page alone
            keep = "page-break-after:avoid;break-after:avoid;" if row.kind == "heading" else ""
            parts.append(f'<tr style="page-break-inside:avoid;{keep}">' + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    parts += ["</div>", "</main>", "</body></html>"]
    return "\n".join(parts) + "\n"


# -- Word -------------------------------------------------------------------


def docx_bytes(
    tables: Sequence[Table], title: str, document_date: _dt.datetime | None = None, story: str = ""
) -> bytes:
    """A landscape A4 Word document: the title, the narrative, one styled table per section.

    Same bytes for the same figures. For readers and screen readers: the
    document's title and language (British English, in the core properties
    and as every run's default ``w:lang``) are set; each table's header row
    repeats on every page and no row splits across pages; RAG is a word.
    """
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
    _set_language(doc, _LANGUAGE)
    doc.add_heading(title, level=1)
    if story:
        doc.add_paragraph(story)
    for table in tables:
        doc.add_heading(table.title, level=2)
        grid = doc.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        grid.autofit = False
        for cell, text, kind in zip(grid.rows[0].cells, table.columns, table.kinds, strict=True):
            _docx_cell(cell, text, bold=True, right=kind != "text", fill=_HEADER_FILL)
        _keep_row_whole(grid.rows[0])
        _repeat_header(grid.rows[0])
        for cell in grid.rows[0].cells:  # the header row never ends a page
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
        for i, row in enumerate(table.rows):
            added = grid.add_row()
            _keep_row_whole(added)
            # a short table prints whole, a long one never leaves its last rows (the totals) alone on a page
            keep = i < len(table.rows) - 1 and (len(table.rows) <= _WHOLE_TABLE_ROWS or i >= len(table.rows) - 4)
            cells = added.cells
            bold = row.kind in ("subtotal", "total", "heading")
            fill = _SUBTOTAL_FILL if row.kind == "subtotal" else None
            _docx_cell(cells[0], row.label, bold=bold, right=False, fill=fill)
            for cell, text, kind in zip(cells[1:], _cells(table, row.values), table.kinds[1:], strict=True):
                _docx_cell(cell, text, bold=bold, right=kind != "text", fill=fill)
            if keep:
                for cell in cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
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
    props.language = _LANGUAGE
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


_DOCX_TEXT_WIDTH_MM = 297 - 2 * 15  # landscape A4 less the margins
_FIGURE_MM = 18.5  # "(12,345)" or a heading word like "Forecast" in 8 pt bold, with the cell's padding
_FIGURE_NARROW_MM = 16.5  # "(12,345)" in 8 pt with a little padding: when the figures would overrun the page
_LABEL_MM = (40.0, 52.0)  # the first column: line names wrap at two lines, not five
_TEXT_MIN_MM = 14.0  # "Amber", "one-off", "Comment" on one line
_TABLE_PT = 8
_WHOLE_TABLE_ROWS = 20  # a Word table this short is kept on one page (its rows keep with the next)
_CELL_PADDING_MM = 4.5  # Word's default cell margins (1.9 mm each side) and a little for the renderers' rounding


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
    if sum(widths) > usable_mm:  # many figure columns (the earmark set aside, not needed and drawn): share the page
        widths[0] = _LABEL_MM[0]
        figures = [c for c in range(1, len(widths)) if table.kinds[c] != "text"]
        room = usable_mm - sum(w for c, w in enumerate(widths) if c not in figures)
        for c in figures:  # at most _FIGURE_NARROW_MM, leaving the comments some room
            widths[c] = min(_FIGURE_NARROW_MM, room / len(figures))
    # no word splits: every column at least as wide as its longest word (headings bold) in Arial's widths;
    # the figure columns stay alike, as wide as the one needing most
    need = [_word_mm(table, c) for c in range(len(widths))]
    figure = max([need[c] for c, kind in enumerate(table.kinds) if c and kind != "text"], default=0.0)
    widths = [max(w, figure if c and kind != "text" else need[c]) for c, (w, kind) in enumerate(
        zip(widths, table.kinds, strict=True))]
    others = [c for c in range(1, len(widths)) if table.kinds[c] == "text"]
    spare = usable_mm - sum(widths)
    if others and spare > 0:
        weights = [min(longest(c), 80) for c in others]
        for c, weight in zip(others, weights, strict=True):
            widths[c] += spare * weight / sum(weights)
    return widths


def _word_mm(table: Table, c: int) -> float:
    """The width a column needs so that its longest word (or figure) prints whole, with the cell's padding."""
    texts = [row.label for row in table.rows] if c == 0 else [
        cell_text(row.values[c - 1], table.kinds[c]) for row in table.rows
    ]
    longest = max(
        [text_points(w, _TABLE_PT, bold=True) for w in table.columns[c].split()]
        + [text_points(w, _TABLE_PT, bold=True) for t in texts for w in t.split()],
        default=0.0,
    )
    return longest * 25.4 / 72 + _CELL_PADDING_MM


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


def _keep_row_whole(row: object) -> None:
    """Word moves a row that does not fit to the next page whole, instead of splitting it."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # type: ignore[attr-defined]


def _set_language(doc: object, language: str) -> None:
    """Every run's default language (the styles' ``w:docDefaults``), so spelling and screen readers use it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))  # type: ignore[attr-defined]
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    properties.append(lang)


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
