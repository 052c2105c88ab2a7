"""What a published appendix may also hold, checked as the cabinet workbook is (issue 13, audit).

The risk build's printed faults, the history workbook's charts placed by
``Sheet.chart`` (alt text and page breaks from the one helper), and the
batch summary's words: each written after an independent check of every
shipped build converted to PDF found it.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from forecast.engine import run
from forecast.engine.risk import run_risk
from forecast.inputs import load_inputs
from forecast.report.analyses import Analyses
from forecast.report.batch_summary import BUILT, BatchItem, batch_summary_bytes
from forecast.report.layout import Layout
from forecast.report.workbook import build_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"
MONTHLY = sorted((ROOT / "inputs" / "monthly").glob("*.xlsx"))


LONE_ZEROS = ("0", "General", "(0)")  # what a cell holding 0 must not print on a published page


def _zero_shows(fmt: str) -> str:
    """What a number format prints for exactly 0: its third section, or its first when it has fewer.

    Colours, conditions and locales in brackets (``[Red]``, ``[>=0.05]``, ``[$-809]``) print nothing;
    quoted text and ``\\x`` print as written, ``_x`` as a space, ``*x`` (a fill) as nothing; a run of
    digit placeholders prints 0 as its ``0``s (``#,##0`` → ``0``, ``#,##0.0`` → ``0.0``, ``#`` → nothing).
    """
    sections = [""]
    for piece in re.findall(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|.', fmt):
        if piece == ";":
            sections.append("")
        else:
            sections[-1] += piece
    shown = sections[2] if len(sections) >= 3 else sections[0]
    if re.fullmatch(r"(\[[^\]]*\])*general", shown, flags=re.I):
        return "General"
    out = []
    for piece in re.findall(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|[0#?,]+(?:\.[0#?]*)?|\.[0#?]+|.', shown):
        if piece.startswith('"'):
            out.append(piece[1:-1])
        elif piece.startswith("\\"):
            out.append(piece[1:])
        elif piece.startswith("_"):
            out.append(" ")
        elif piece.startswith(("*", "[")):
            continue
        elif re.fullmatch(r"[0#?,]*(?:\.[0#?]*)?", piece) and piece not in ("", ","):
            whole, _, decimals = piece.partition(".")
            digits = whole.replace(",", "").replace("#", "").replace("?", " ")
            places = decimals.replace("#", "").replace("?", " ")
            out.append(digits + ("." + places if "." in piece else ""))
        else:
            out.append(piece)
    return "".join(out)


def test_zero_shows_is_worked_by_hand() -> None:
    assert _zero_shows("General") == "General"
    assert _zero_shows("#,##0;(#,##0);-") == "-"
    assert _zero_shows('General;-General;"0.0"') == "0.0"
    assert _zero_shows("#,##0") == "0"
    assert _zero_shows("#,##0.0") == "0.0"
    assert _zero_shows("(#,##0)") == "(0)"
    assert _zero_shows('#,##0.00_);(#,##0.00);"–"') == "–"
    assert _zero_shows('"a;b";0') == "a;b"  # a ";" inside quotes does not start a section


def test_zero_shows_reads_through_a_red_section() -> None:
    # the pattern once removed only brackets preceded by a backslash, so "[Red]0" stayed "[Red]0"
    # and a format printing a lone 0 in red passed the check below as if it printed something else
    assert _zero_shows("[Red]0") == "0"
    assert _zero_shows("#,##0;[Red](#,##0);[Red]0") == "0"
    assert _zero_shows("[Blue]#,##0;[Red]-#,##0;[Red]General") == "General"
    assert _zero_shows('[>=0.05]#,##0.0;[<=-0.05]-#,##0.0;[Red]"-"') == "-"
    assert _zero_shows("#,##0;[Red](#,##0);[Red]0") in LONE_ZEROS
    assert _zero_shows("[Red]#,##0") in LONE_ZEROS
    assert _zero_shows('#,##0;[Red](#,##0);[Red]"-"') not in LONE_ZEROS


@pytest.fixture(scope="module")
def risk_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    loaded = load_inputs(EXAMPLE)
    path = tmp_path_factory.mktemp("risk") / "risk.xlsx"
    build_workbook(run(loaded), path, Layout(), analyses=Analyses(risk=run_risk(loaded, 200, seed=1)))
    return path


def test_no_cell_of_the_risk_sheet_prints_a_lone_0(risk_book: Path) -> None:
    # the example's Risks sheet sets external residential growth to 0, 0, 0: a value set, printed "0.0"
    sheet = openpyxl.load_workbook(risk_book)["Risk"]
    zeros = [c for row in sheet.iter_rows() for c in row if c.value == 0 and not isinstance(c.value, bool)]
    assert zeros, "the example's growth range is set to 0"
    printed = {c.coordinate: _zero_shows(c.number_format) for c in zeros}
    assert all(shown not in LONE_ZEROS for shown in printed.values()), printed


def test_the_risk_histogram_labels_lie_level_and_its_axis_prints_a_dash_at_zero(risk_book: Path) -> None:
    with zipfile.ZipFile(risk_book) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    histogram = next(c for c in charts if "net variance over 200 draws" in c)
    assert 'rot="-2700000"' not in histogram  # no slanted labels: LibreOffice prints them as digit scraps
    assert 'formatCode="#,##0;(#,##0);-"' in histogram
    assert "lower edge of each band" in histogram


def test_the_history_workbook_prints_each_chart_whole_with_alt_text(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "history.xlsx"
    assert run_cli("history", *MONTHLY, "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        # each sheet's drawing: the rows each chart covers, and the sheet's page breaks
        for sheet in ("Charts", "Accuracy"):
            index = openpyxl.load_workbook(out).sheetnames.index(sheet) + 1
            xml = z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")
            breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"', xml)]
            rels = z.read(f"xl/worksheets/_rels/sheet{index}.xml.rels").decode("utf-8")
            drawing = "xl/drawings/" + re.search(r'Target="../drawings/([^"]+)"', rels).group(1)
            anchors = re.findall(
                r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?"
                r"<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>",
                z.read(drawing).decode("utf-8"), re.S,
            )
            assert anchors and breaks, sheet
            for first, last in anchors:  # a break (the row that starts a page, 0-based) never inside a chart
                assert not any(int(first) < b <= int(last) for b in breaks), (sheet, first, last, breaks)
            frames = re.findall(r'<xdr:cNvPr [^>]*descr="([^"]+)"', z.read(drawing).decode("utf-8"))
            assert len(frames) == len(anchors) and all("chart" in d.lower() for d in frames)
        assert len([n for n in names if n.startswith("xl/charts/chart")]) >= 3


def test_the_batch_summary_says_none_failed_in_words() -> None:
    item = BatchItem(input="a.xlsx", output="a-forecast.xlsx", status=BUILT, authority="A", financial_year=2025,
                     period=6, units="£000", net_variance=1.0, years=(2025,), gaps=(1.0,))
    book = openpyxl.load_workbook(io.BytesIO(batch_summary_bytes([item], _dt.datetime(2025, 10, 1))))
    note = book.worksheets[0]["A2"].value
    assert note.startswith("1 built, none failed.") and not re.search(r"(^|\s)0(\s|$)", note)


def test_a_capacity_table_longer_than_a_page_breaks_between_team_blocks_each_headed_by_its_years() -> None:
    from forecast.report.sheets.mtfp import _capacity_breaks

    # worked by hand: the capacity starts at row 44, its blocks of 8 rows (years + open cases, needed, in post,
    # short, spare, cost to close, surplus at cost) a row apart, at 51 … 78; 40 rows a page: 44 … 85 is 42
    # rows, so the last block would start a page alone: the one before it goes with it (issue 21: no capacity
    # block alone on a page); 50 rows a page hold all four
    assert _capacity_breaks(44, [51, 60, 69, 78], 40) == [69]
    assert _capacity_breaks(44, [51, 60, 69, 78], 50) == []
    # 26 a page: 44 … 68 (two blocks) fits, 44 … 76 (33 rows) does not: 69 starts a page; 69 … 94 (26 rows,
    # three blocks) fits, 69 … 103 does not: 96 starts a page with the last two
    assert _capacity_breaks(44, [51, 60, 69, 78, 87, 96, 105], 26) == [69, 96]
    assert _capacity_breaks(44, [], 30) == []
    # the capacity's own first block is never moved: 44 … 58 (one block) fits in 16, its second block is alone
    assert _capacity_breaks(44, [51, 60], 16) == [60]


@pytest.mark.slow
def test_enfields_capacity_blocks_each_carry_their_years_and_its_third_team_starts_a_page(tmp_path: Path) -> None:
    # Enfield's four Referral and Assessment teams do not fit on the capacity's page: LibreOffice printed the
    # last three rows of the fourth team alone on a page, without the years they belong to; then the fourth
    # team's block alone (issue 21): the third starts the page with it
    path = tmp_path / "enfield.xlsx"
    build_workbook(run(load_inputs(ROOT / "inputs" / "enfield-2018-19-q2.xlsx")), path, Layout())
    sheet = openpyxl.load_workbook(path)["MTFP"]
    years = ["2018/19", "2019/20", "2020/21", "2021/22"]
    blocks = [c.row for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("R&A Team ")]
    assert len(blocks) == 4
    for row in blocks:
        assert [sheet.cell(row, 2 + t).value for t in range(4)] == years
    with zipfile.ZipFile(path) as z:
        index = openpyxl.load_workbook(path).sheetnames.index("MTFP") + 1
        xml = z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")
    breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"', xml)]  # the 1-based row after each break
    assert blocks[2] - 1 in breaks and not any(blocks[0] <= b < blocks[2] - 1 for b in breaks)
