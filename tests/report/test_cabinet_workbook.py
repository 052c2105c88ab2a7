"""Cabinet-ready and accessible workbooks (outputs.md revision 2, issue 13).

Every shipped example is built with every shipped layout, in-process, and
each workbook is checked as a published appendix must be: Cover and
Contents first, a link to every sheet, each sheet's title in A1, no merged
cells, alt text on every chart, the report's title and author in every page
header, working cells off the printed page, whole counts shown whole. The
"-" for values under half a unit is checked on the formats and, when
LibreOffice is installed, on the printed page.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from forecast.engine import run
from forecast.inputs import load_inputs
from forecast.inputs.model import Settings
from forecast.report.formats import dash_below_half, display_unit, whole
from forecast.report.grid import Sheet
from forecast.report.layout import load_layout
from forecast.report.workbook import build_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (ROOT / "inputs").glob("*.xlsx"))
LAYOUTS = sorted(p.stem for p in (ROOT / "forecast" / "templates").glob("*.toml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every shipped example × every shipped layout, built once for the module."""
    folder = tmp_path_factory.mktemp("cabinet")
    out = {}
    for example in EXAMPLES:
        loaded = load_inputs(ROOT / "inputs" / f"{example}.xlsx")
        results = run(loaded)
        for name in LAYOUTS:
            path = folder / f"{example}-{name}.xlsx"
            build_workbook(results, path, load_layout(name), input_name=f"{example}.xlsx")
            out[(example, name)] = path
    return out


@pytest.fixture(scope="module")
def opened(built: dict[tuple[str, str], Path]) -> Callable[[tuple[str, str]], openpyxl.Workbook]:
    """case → its workbook as openpyxl reads it, read once for the module: three tests look at each of the
    twelve, and only read (reading a workbook costs more than the checks on it)."""
    books: dict[tuple[str, str], openpyxl.Workbook] = {}

    def open_(case: tuple[str, str]) -> openpyxl.Workbook:
        if case not in books:
            books[case] = openpyxl.load_workbook(built[case])
        return books[case]

    return open_


@functools.cache
def _settings(example: str) -> Settings:
    """The example's settings as the engine sees them, worked out once per example."""
    return run(load_inputs(ROOT / "inputs" / f"{example}.xlsx")).settings


CASES = [(e, name) for e in EXAMPLES for name in LAYOUTS]


def test_every_example_and_layout_is_covered() -> None:
    assert len(EXAMPLES) >= 3 and set(LAYOUTS) >= {"appendix-7a", "quarterly-monitoring", "mtfp-cabinet"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_cover_and_contents_come_first_and_contents_links_every_sheet(opened, case) -> None:
    book = opened(case)
    assert book.sheetnames[:2] == ["Cover", "Contents"]
    contents = book["Contents"]
    targets = {c.hyperlink.location for row in contents.iter_rows() for c in row if c.hyperlink is not None}
    # every sheet, Contents included: its own title in A1 is the link to itself (the list below names the others)
    assert targets == {f"'{name}'!A1" for name in book.sheetnames}
    assert contents["A1"].hyperlink.location == "'Contents'!A1" and contents["A1"].value == "Contents"
    listed = [row[0].value for row in contents.iter_rows(min_row=5) if row[0].hyperlink is not None]
    assert listed == [name for name in book.sheetnames if name != "Contents"]
    # each link's cell shows the sheet's name and the next cell says what it shows
    for row in contents.iter_rows(min_row=5):
        if row[0].hyperlink is not None:
            assert row[0].value in book.sheetnames and len(str(row[1].value)) > 20


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_no_merged_cells_and_every_sheet_titled_in_a1(opened, case) -> None:
    book = opened(case)
    settings = _settings(case[0])
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, sheet.title
        title = sheet["A1"].value
        assert isinstance(title, str) and len(title) > 5 and title != settings.authority, sheet.title
        assert sheet["A1"].font.b, sheet.title


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_every_chart_has_alt_text_saying_what_it_shows(built, case) -> None:
    with zipfile.ZipFile(built[case]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        frames = []
        for name in z.namelist():
            if name.startswith("xl/drawings/drawing") and name.endswith(".xml"):
                frames += re.findall(r"<xdr:cNvPr [^>]*>", z.read(name).decode("utf-8"))
    assert charts and len(frames) == len(charts)
    for frame in frames:
        descr = re.search(r'descr="([^"]*)"', frame)
        assert descr is not None and "chart" in descr.group(1).lower() and len(descr.group(1)) > 40, frame


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_report_title_and_author_head_every_page_and_every_title_block(opened, case) -> None:
    settings = _settings(case[0])
    assert settings.report_title  # every shipped example names its report
    book = opened(case)
    for sheet in book.worksheets:
        header = sheet.oddHeader
        assert header.left.text == settings.report_title.replace("&", "&&"), sheet.title
        if settings.prepared_by:
            assert header.right.text == f"Prepared by {settings.prepared_by}", sheet.title
        assert "Page &P of &N" in (sheet.oddFooter.right.text or ""), sheet.title
        assert "Produced by forecast" not in str(sheet.oddFooter.left.text), sheet.title
        if sheet.title not in ("Cover", "Contents"):
            assert settings.report_title.rstrip(".") in str(sheet["A3"].value), sheet.title
    assert book["Cover"]["A1"].value == settings.report_title


def test_working_cells_and_the_master_check_are_outside_the_printed_rows(built) -> None:
    book = openpyxl.load_workbook(built[("blackpool-2019-20-m4", "appendix-7a")])

    with zipfile.ZipFile(built[("blackpool-2019-20-m4", "appendix-7a")]) as z:
        names = z.read("xl/workbook.xml").decode("utf-8")
    # whole-row print areas ('Placements'!$1:$46), which openpyxl does not read
    areas = dict(re.findall(r'_xlnm.Print_Area" localSheetId="\d+">\'?([^!\']+)\'?!\$1:\$(\d+)<', names))

    def last_printed(sheet) -> int:
        return int(areas[sheet.title])

    def row_of(sheet, text: str) -> int:
        return next(c.row for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(text))

    placements, staffing, summary = book["Placements"], book["Staffing"], book["Revenue Summary"]
    assert row_of(placements, "Weeks in a year") > last_printed(placements)
    assert row_of(placements, "£ in one £000") > last_printed(placements)
    assert row_of(staffing, "£ in one £000") > last_printed(staffing)
    assert row_of(summary, "All checks pass") > last_printed(summary)
    assert row_of(summary, "Total Children's Social Care") <= last_printed(summary)


def test_whole_counts_are_shown_whole_and_setting_names_are_words(built) -> None:
    book = openpyxl.load_workbook(built[("blackpool-2019-20-m4", "appendix-7a")])
    placements = book["Placements"]
    header = next(row for row in placements.iter_rows() if row[0].value == "Line")
    children = next(c.column for c in header if c.value == "Children now")
    first = placements.cell(header[0].row + 1, children)
    shown = re.sub(r"\[[^\]]*\]", "", first.number_format.split(";")[0])  # the format without its condition
    assert first.value == int(first.value) and shown == "#,##0"
    labels = [row[0] for row in book["Assumptions"].iter_rows(values_only=True)]
    assert "rag_weight_green" not in labels and "Share of a green saving expected to be delivered" in labels


def test_a_value_under_half_a_display_unit_gets_the_dash_section() -> None:
    # hand-worked: the smallest step each format shows, and half of it as the threshold
    assert display_unit("#,##0") == 1
    assert display_unit("#,##0.0") == pytest.approx(0.1)
    assert display_unit("0.0%") == pytest.approx(0.001)
    assert display_unit("#,##0,") == 1000
    assert dash_below_half("#,##0;(#,##0);-") == "[>=0.5]#,##0;[<=-0.5](#,##0);-"
    assert dash_below_half("0.0%;(0.0%);-") == "[>=0.0005]0.0%;[<=-0.0005](0.0%);-"
    assert dash_below_half("#,##0,;(#,##0,);-") == "[>=500]#,##0,;[<=-500](#,##0,);-"
    assert dash_below_half("0.0%") == "0.0%"  # one section: a rate, left alone
    assert whole("#,##0.0;(#,##0.0);-") == "#,##0;(#,##0);-"


def test_cached_values_stay_unrounded_under_the_dash_format(built) -> None:
    book = openpyxl.load_workbook(built[("blackpool-2019-20-m4", "appendix-7a")], data_only=True)
    summary = book["Revenue Summary"]
    small = [
        c for row in summary.iter_rows(min_row=7) for c in row
        if isinstance(c.value, float) and 0 < abs(c.value) < 0.5
    ]
    assert small, "Blackpool's staffing line lands within a penny of its budget"
    assert all(re.match(r"\[>=0\.0*5\]", c.number_format) for c in small), [c.number_format for c in small]


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is required under CI=true")
    return found


@pytest.mark.slow
def test_libreoffice_prints_a_dash_not_0_or_bracketed_0_under_half_a_unit(tmp_path: Path) -> None:
    soffice = _soffice()
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("needs LibreOffice (soffice) and poppler (pdftotext) to print the cells")
    path = tmp_path / "dash.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Dash")
    money = book.add_format({"num_format": dash_below_half("#,##0;(#,##0);-")})
    values = [0.3, -0.2, 0.49, 0.6, -0.6, 1234.4, -1234.6]
    for i, value in enumerate(values):
        sheet.write_string(i, 0, f"row{i}")
        sheet.write_number(i, 1, value, money)
    book.close()
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        capture_output=True, timeout=120, check=False,
    )
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "dash.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    shown = dict(re.findall(r"(row\d)\s+(\S+)", text))
    assert shown == {
        "row0": "-", "row1": "-", "row2": "-", "row3": "1", "row4": "(1)", "row5": "1,234", "row6": "(1,235)",
    }


def _plan_sheet(rows: int, chart_after: bool = False) -> tuple[Sheet, xlsxwriter.Workbook]:
    book = xlsxwriter.Workbook(os.devnull, {"in_memory": True})
    sheet = Sheet(book, "Plan")
    sheet.text(0, 0, "Title")
    sheet.text(2, 0, "Header")
    for r in range(3, 3 + rows):
        sheet.number(r, 0, float(r))
    sheet.table(2, 2 + rows)
    if chart_after:
        chart = book.add_chart({"type": "column"})
        chart.add_series({"values": ["Plan", 3, 0, 2 + rows, 0]})
        sheet.chart(4 + rows, 0, chart, "Column chart of the numbers above, one bar a row.", 480, 300)
    sheet.fit_columns()
    return sheet, book


def test_a_table_that_runs_onto_a_second_page_repeats_its_header_and_a_short_one_does_not() -> None:
    long_sheet, book = _plan_sheet(80)
    long_sheet.page_setup((2, 2), "Plan")
    assert long_sheet.ws.repeat_row_range
    short_sheet, book2 = _plan_sheet(10)
    short_sheet.page_setup((2, 2), "Plan")
    assert not short_sheet.ws.repeat_row_range
    book.close()
    book2.close()


def test_a_chart_is_never_printed_under_a_repeated_header_and_a_table_that_fits_starts_a_page() -> None:
    # 80 rows run onto a second page, where the chart would print: no header is repeated
    sheet, book = _plan_sheet(80, chart_after=True)
    sheet.page_setup((2, 2), "Plan")
    assert not sheet.ws.repeat_row_range
    # a 25-row table and a chart that do not fit on one page together: the chart starts the next page
    sheet2, book2 = _plan_sheet(25, chart_after=True)
    sheet2.page_setup((2, 2), "Plan")
    assert sheet2.ws.hbreaks == [4 + 25]
    book.close()
    book2.close()


def test_a_notes_sheet_comes_third_when_there_is_something_to_say(tmp_path: Path) -> None:
    import forecast

    plain = forecast.build(ROOT / "inputs" / "example.xlsx", tmp_path / "base.xlsx")
    assert "Notes" not in plain.sheets  # Base, every check TRUE, no warning: nothing to say
    shown = forecast.build(ROOT / "inputs" / "example.xlsx", tmp_path / "high.xlsx", scenarios=["High demand"])
    assert shown.sheets[:3] == ("Cover", "Contents", "Notes")
    rows = [r for r in openpyxl.load_workbook(shown.path)["Notes"].iter_rows(min_row=6, values_only=True) if r[0]]
    assert rows[0] == ("1", "The figures are the scenario 'High demand', not the Base forecast.")
    assert [r[0] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
