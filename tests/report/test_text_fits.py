"""Text fits its cell (issue 21): the width estimate, the line count, the row heights and the wrap of cut text.

The printed pages themselves are checked in test_reader_view.py (LibreOffice); these work the arithmetic
by hand with Arial's advance widths (thousandths of an em): a 556, W 944, l 222, space 278.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from forecast.fonts import cell_points, text_points, wrapped_lines
from forecast.report.grid import Sheet


def test_text_width_is_arials_advance_widths_at_the_font_size() -> None:
    assert text_points("Wall", 10) == pytest.approx((944 + 556 + 222 + 222) / 1000 * 10)  # 19.44 pt
    assert text_points("aa", 11, bold=True) == pytest.approx(2 * 0.556 * 11 * 1.09)


def test_a_columns_room_is_excels_pixels_less_padding() -> None:
    # width 10: 10 × 7 + 5 = 75 px = 56.25 pt, less 4 pt of padding, 93% of it
    assert cell_points(10) == pytest.approx((75 * 0.75 - 4) * 0.93)


def test_lines_break_between_words_and_a_long_word_breaks_inside() -> None:
    # "aaa aaa": 16.68 + 2.78 + 16.68 = 36.14 pt
    assert wrapped_lines("aaa aaa", 36.2) == 1
    assert wrapped_lines("aaa aaa", 36.0) == 2
    # "aaaaaa" is 33.36 pt: in 10 pt it takes four lines
    assert wrapped_lines("aaaaaa", 10.0) == 4
    assert wrapped_lines("", 10.0) == 1


def test_a_wrapped_row_is_as_tall_as_its_lines_and_cut_text_wraps(tmp_path: Path) -> None:
    path = tmp_path / "fits.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = Sheet(book, "Fits")
    wrap = book.add_format({"text_wrap": True, "font_size": 10, "font_name": "Arial"})
    plain = book.add_format({"font_size": 10, "font_name": "Arial"})
    sheet.set_width(0, 10)  # room 48.59 pt: "aaa aaa" fits a line, a third "aaa" does not
    sheet.text(0, 0, "aaa aaa aaa aaa aaa", wrap)  # lines: "aaa aaa" / "aaa aaa" / "aaa"
    sheet.text(1, 0, "Share of the year still to come", plain)  # 30 characters, about 140 pt: cut by B2
    sheet.number(1, 1, 0.5)
    sheet.text(2, 0, "Share of the year still to come", plain)  # nothing beside it: runs on, as it is
    sheet.text(3, 0, "Share of", plain)  # fits its own cell: left alone
    sheet.fit_columns()
    book.close()
    ws = openpyxl.load_workbook(path)["Fits"]
    assert ws.row_dimensions[1].height == pytest.approx(3 * 10 * 1.3 + 3)  # 42 pt
    assert ws["A2"].alignment.wrap_text and not ws["A3"].alignment.wrap_text and not ws["A4"].alignment.wrap_text
    assert not ws.merged_cells.ranges  # never merged: merged cells trip screen readers
    # "Share of the" is 54.48 pt > 48.59, "Share of" 37.8; "the year" 36.13; "still to" 25.56, "still to come"
    # 52.79: "Share of" / "the year" / "still to" / "come", 4 lines, 55 pt (XlsxWriter keeps whole pixels: 54.75)
    assert ws.row_dimensions[2].height == pytest.approx(4 * 10 * 1.3 + 3, abs=0.375)


@pytest.mark.slow
def test_word_table_columns_hold_their_longest_word(tmp_path: Path, run_cli) -> None:
    """'Fundin g', 'reserve s': every word of a Word table fits its column, headings in bold."""
    import docx
    from docx.shared import Mm

    from forecast.report.tables import _CELL_PADDING_MM, _TABLE_PT

    root = Path(__file__).resolve().parents[2]
    for example in ("example", "enfield-2018-19-q2"):
        result = run_cli("tables", root / "inputs" / f"{example}.xlsx", "--format", "docx", "-o", tmp_path / example)
        assert result.exit_code == 0, result.output
        for table in docx.Document(str(tmp_path / example / "tables.docx")).tables:
            for row in table.rows:
                for cell in row.cells:
                    for word in cell.text.split():
                        needed = Mm(text_points(word, _TABLE_PT, bold=True) * 25.4 / 72 + _CELL_PADDING_MM)
                        assert cell.width >= needed - Mm(0.01), (example, word, cell.width, needed)
