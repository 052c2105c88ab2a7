"""quality.md revision 3, output side: what input text can do to the written workbooks, files and processes.

Each test names the attack or slip it stands for; the README's Safety table lists them.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from attack_sheets import LONG_NAME, wildcard_sheets
from processes import alive, start_batch
from factory import minimal_sheets, with_cell, write_workbook
from forecast.engine import run as run_engine
from forecast.inputs import inputs_from_sheets
from forecast.report.workbook import build_workbook

# Functions whose criterion argument reads *, ? and ~ as wildcards (and takes at most 255 characters).
_CRITERION = re.compile(r"\b(SUMIFS?|COUNTIFS?|AVERAGEIFS?|MATCH|VLOOKUP|HLOOKUP|XLOOKUP|XMATCH|SEARCH)\(", re.I)
_EXACT = re.compile(r"^=SUMPRODUCT\(--\((\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)=(\$?[A-Z]+\$?\d+)\),(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)\)$")


def _formulas(path: Path) -> list[tuple[str, str, str]]:
    book = openpyxl.load_workbook(path)
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]


def _cells(sheet: openpyxl.worksheet.worksheet.Worksheet, ref: str) -> list[object]:
    low_col, low_row, high_col, high_row = range_boundaries(ref.replace("$", ""))
    return [
        sheet.cell(r, c).value for r in range(low_row, high_row + 1) for c in range(low_col, high_col + 1)
    ]


def test_no_formula_takes_a_line_name_as_a_wildcard_criterion(tmp_path: Path) -> None:
    """Lines named ``Agency staff*``, ``Placements?``, ``~x`` and a 300-character name: no SUMIF/COUNTIF/MATCH
    anywhere, and each exact-match SUMPRODUCT, evaluated here from the cached cells, gives its cached value."""
    out = tmp_path / "wild.xlsx"
    results = run_engine(inputs_from_sheets(wildcard_sheets(), "wild"))
    build_workbook(results, out)
    formulas = _formulas(out)
    assert formulas
    assert [f for f in formulas if _CRITERION.search(f[2])] == []
    cached = openpyxl.load_workbook(out, data_only=True)
    exact = 0
    for title, coordinate, formula in formulas:
        match = _EXACT.match(formula)
        if not match:
            continue
        sheet = cached[title]
        names, key, values = match.groups()
        wanted = str(sheet[key.replace("$", "")].value).casefold()
        total = sum(
            float(v or 0)
            for n, v in zip(_cells(sheet, names), _cells(sheet, values), strict=True)
            if str(n).casefold() == wanted
        )
        assert abs(total - float(sheet[coordinate].value)) < 1e-9, (title, coordinate, formula)
        exact += 1
    assert exact >= 8  # Staffing and Placements by line, each line named above
    # the case of the issue: Agency staff*'s budget basis is its own row only (one row of 10 FTE at £40,000 with
    # on-costs), not the sum with Agency staff (legacy)'s row of 5 FTE that SUMIF's wildcard added in
    staffing = results.staffing.lines
    own, legacy = staffing["Agency staff*"].budget_basis, staffing["Agency staff (legacy)"].budget_basis
    assert legacy > 0
    sheet = cached["Staffing"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Agency staff*"
               and isinstance(sheet.cell(r, 3).value, (int, float)) and r > 10)
    assert sheet.cell(row, 3).value == own != own + legacy
    assert LONG_NAME in [line.line for line in results.lines]


# -- all-or-nothing under a signal at any instant (item 6) ------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def _restore(folder: Path, files: dict[str, bytes]) -> None:
    for path in folder.iterdir():
        if path.name not in files:
            path.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _forked_cli(args: list[str], log: Path) -> int:
    """Start ``forecast ARGS`` in a forked child (warm: forecast is already imported), its output into ``log``.

    The caller sets SIGTERM to its default first, so the child dies silently until ``main`` takes it over.
    """
    log.write_bytes(b"")  # here, not in the child: one killed before it opens the log says nothing, not the last run's
    pid = os.fork()
    if pid:
        return pid
    code = 99
    try:  # the child never returns into pytest: one SIGTERM can interrupt at most one of these blocks
        try:
            fd = os.open(log, os.O_WRONLY | os.O_APPEND)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.stdout = sys.stderr = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            from forecast.cli import main

            sys.argv = ["forecast", *args]
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - reported through the exit code
            code = 98
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            with contextlib.suppress(BaseException):
                sys.stdout.flush()
    finally:
        os._exit(code)


def _run_to_end(args: list[str], log: Path) -> float:
    started = time.monotonic()
    _pid, status = os.waitpid(_forked_cli(args, log), 0)
    assert os.waitstatus_to_exitcode(status) == 0, log.read_text()
    return time.monotonic() - started


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")
@pytest.mark.parametrize("command", ["tables", "build"])
def test_sigterm_at_any_instant_leaves_the_output_wholly_old_or_wholly_new_with_a_true_message(
    tmp_path: Path, command: str
) -> None:
    """50 SIGTERMs at random instants of a run (half of them in its last third, where it writes): each time the
    folder holds exactly the last run's files or exactly this run's, no temporary file, and the message is true:
    it says the output was written if and only if it was ("Aborted: nothing written" only when nothing was)."""
    old_input = write_workbook(tmp_path / "old.xlsx", minimal_sheets())
    new_input = write_workbook(tmp_path / "new.xlsx", with_cell(minimal_sheets(), "Budget", 0, "budget", 2000))
    out = tmp_path / "out"
    out.mkdir()
    target = out if command == "tables" else out / "forecast.xlsx"
    extra = ["--format", "md,csv,html"] if command == "tables" else []
    log = tmp_path / "log.txt"
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)  # what a fresh process has until main() sets its own
    try:
        _sigterm_trials(command, old_input, new_input, target, extra, log)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _sigterm_trials(command: str, old_input: Path, new_input: Path, target: Path, extra: list[str], log: Path) -> None:
    out = target if command == "tables" else target.parent
    _run_to_end([command, str(old_input), "-o", str(target), *extra], log)
    old = _snapshot(out)
    _run_to_end([command, str(new_input), "-o", str(target), *extra], log)
    new = _snapshot(out)
    assert old != new and set(old) == set(new)
    _restore(out, old)
    duration = _run_to_end([command, str(new_input), "-o", str(target), *extra], log)
    assert _snapshot(out) == new  # deterministic: a whole new run gives exactly these bytes
    draw = random.Random(f"issue-20-{command}")
    outcomes = {"old": 0, "new": 0}
    for i in range(50):
        _restore(out, old)
        delay = draw.uniform(0, duration) if i % 2 else draw.uniform(0.65 * duration, 1.05 * duration)
        pid = _forked_cli([command, str(new_input), "-o", str(target), *extra], log)
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        _pid, status = os.waitpid(pid, 0)
        said = log.read_text(encoding="utf-8")
        now = _snapshot(out)
        assert now in (old, new), f"SIGTERM after {delay:.3f}s left a mix of old and new files: {said}"
        state = "new" if now == new else "old"
        outcomes[state] += 1
        assert not [n for n in now if n.endswith(".tmp")]
        assert "Traceback" not in said, said
        claims_written = "Wrote " in said or "Aborted after writing" in said
        assert claims_written == (state == "new"), f"{state} output after {delay:.3f}s, yet it said: {said!r}"
        if "nothing written" in said:  # (click's own "Aborted!", before a command starts, claims nothing)
            assert state == "old", said
        assert os.waitstatus_to_exitcode(status) in (0, 1, -signal.SIGTERM), said
    assert outcomes["old"] and outcomes["new"]  # the instants fell both before and after the writes


# -- small slips (item 11) ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["r" * 240 + ".xlsx", "r" * 250 + ".xlsx", "é" * 125 + ".xlsx"])
def test_an_output_name_as_long_as_the_folder_allows_is_written(tmp_path: Path, name: str) -> None:
    """245 and 255 characters, and 255 bytes of two-byte characters: the temporary name is cut to fit too,
    and stays one the next run recognises (and removes once its process is gone)."""
    from forecast import files

    target = tmp_path / name
    assert len(name.encode()) <= 255
    files.write_bytes(target, b"old")
    files.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    temporary = files.temporary_prefix(target) + "abcdefgh" + ".tmp"  # mkstemp's 8 random characters
    assert len(temporary.encode()) <= 255
    assert files._TEMP.match(temporary)
    assert temporary.startswith("." + name[:100])  # recognisably this file's


def test_a_245_character_output_name_builds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from forecast.cli import cli

    source = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    out = tmp_path / ("Testshire children's social care forecast " * 6)[:240].replace("'", "")
    out = out.with_name(out.name + "x" * (240 - len(out.name)) + ".xlsx")
    assert len(out.name) == 245
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_batch_takes_one_path_as_a_string(tmp_path: Path) -> None:
    """``forecast.batch("a.xlsx")`` builds that file, not files named "a", ".", "x", … (and one scenario's name
    is a name, not its letters)."""
    import forecast

    source = write_workbook(tmp_path / "a.xlsx", minimal_sheets())
    run = forecast.batch(str(source), tmp_path / "out", jobs=1, scenarios="High demand")
    assert [item.ok for item in run.items] == [True]
    assert len(run.items) == 1
    run = forecast.batch(source, tmp_path / "out2", jobs=1)  # a Path alone, too
    assert len(run.items) == 1 and run.items[0].ok


# -- input text never a chart reference (item 8) ------------------------------------------------------


def _run(*args: object) -> str:
    from click.testing import CliRunner

    from forecast.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


_OWN_REFERENCE = re.compile(r"^(?:'(?:[^']|'')+'|[A-Za-z_][\w. ]*)!\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?$")


def _chart_references(path: Path) -> tuple[list[str], list[str], str]:
    """Every ``<c:f>`` reference in the workbook's charts, its parts that link outside it, and the charts' text."""
    import html
    import zipfile

    with zipfile.ZipFile(path) as book:
        parts = book.namelist()
        external = [p for p in parts if p.startswith("xl/externalLinks/")]
        external += [p for p in parts if p.endswith(".rels") and b'TargetMode="External"' in book.read(p)
                     and ("chart" in p or "drawing" in p or p == "xl/_rels/workbook.xml.rels")]
        charts = [book.read(p).decode("utf-8") for p in parts if re.match(r"xl/charts/chart\d+\.xml$", p)]
    references = [html.unescape(f) for xml in charts for f in re.findall(r"<c:f>(.*?)</c:f>", xml)]
    return references, external, html.unescape("".join(charts))


@pytest.mark.slow
def test_no_chart_takes_input_text_for_a_reference(tmp_path: Path) -> None:
    """Lines named ``'\\\\evil.example\\share\\[x.xlsx]Sheet1'!A1``, ``Sheet1!$A$1`` and ``Assumptions!B4``, a
    History measure ``Assumptions!B4``, a scenario ``Scenarios!A1`` and a saving ``Savings!$B$2``: every chart of
    the build (with every scenario and a risk run), the history workbook, compare and the batch summary refers only
    to cells of its own workbook, by absolute reference, never to one spelled by input text; the names are there as
    literal text. (The measure crashed ``build`` with a TypeError; the line was a link to a network share.)"""
    from attack_sheets import REFERENCE_NAMES, reference_sheets

    attacks = [*REFERENCE_NAMES, "Scenarios!A1", "Savings!$B$2"]
    m6 = write_workbook(tmp_path / "m6.xlsx", reference_sheets(6))
    m12 = write_workbook(tmp_path / "m12.xlsx", reference_sheets(12))
    built = {
        "build": tmp_path / "build.xlsx",
        "history": tmp_path / "history.xlsx",
        "compare": tmp_path / "compare.xlsx",
        "batch": tmp_path / "batch" / "batch-summary.xlsx",
    }
    _run("build", m6, "-o", built["build"], "--all-scenarios", "--risk", "200", "--seed", "1")
    _run("history", m6, m12, "-o", built["history"])
    _run("compare", m6, m12, "-o", built["compare"])
    _run("batch", m6, m12, "-o", built["batch"].parent, "--jobs", "1")
    counted = 0
    texts = {}
    for what, path in built.items():
        references, external, texts[what] = _chart_references(path)
        assert external == [], (what, external)
        for reference in references:
            counted += 1
            assert _OWN_REFERENCE.match(reference), (what, reference)
            assert not any(attack in reference for attack in attacks), (what, reference)
    assert counted > 20
    # the names are shown, as text: the history workbook's chart of the evil line, the History measure's chart
    assert REFERENCE_NAMES[1] in texts["history"]
    assert f"{REFERENCE_NAMES[0]}: actual, trend and projection" in texts["build"]



def test_a_demand_chart_titled_by_a_placement_type_writes_it_as_text(tmp_path: Path) -> None:
    """The Demand sheet titles each type's chart "<type>: children by month". A type named like a reference
    (``Assumptions!B4``, a network-share link) made XlsxWriter read the whole title as a reference: the link
    crashed ``build`` with a TypeError after ``validate`` said OK, and a sheet's cell would have been a live title."""
    from attack_sheets import REFERENCE_NAMES

    sheets = minimal_sheets()
    types = [REFERENCE_NAMES[0], REFERENCE_NAMES[1]]
    for row, name in zip(sheets["Placements"], types, strict=True):
        row["placement_type"] = name
    sheets["Demand"] = [{"month": f"2025-{m:02d}", "placement_type": t, "children": 10 + m}
                        for m in range(4, 13) for t in types]
    out = tmp_path / "demand.xlsx"
    _run("build", write_workbook(tmp_path / "in.xlsx", sheets), "-o", out)
    references, external, text = _chart_references(out)
    assert external == []
    assert references and all(_OWN_REFERENCE.match(r) for r in references), references
    assert not any(t in r for r in references for t in types), references
    for name in types:  # shown as the title's literal text
        assert f"{name}: children by month" in text


# -- batch workers end with their parent (item 9) -----------------------------------------------------






@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from Linux's /proc")
def test_batch_workers_end_when_the_parent_is_killed_with_sigkill(tmp_path: Path) -> None:
    """``kill -9`` on a running ``forecast batch``: no worker is left (they blocked on the parent's pipe for ever)."""
    import subprocess

    process, workers = start_batch(tmp_path, 6, subprocess.DEVNULL)
    try:
        assert workers, "the batch never started its workers"
        time.sleep(0.3)  # into the builds
        process.kill()  # SIGKILL: the parent runs no clean-up of its own
        process.wait(5)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [pid for pid in workers if alive(pid)]
    finally:
        for pid in workers:
            if alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
    assert left == []
    time.sleep(0.2)
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]  # a worker mid-write removed its own


def test_a_rename_failing_part_way_puts_back_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forecast import files

    a, b, c = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"
    a.write_bytes(b"old a")
    b.write_bytes(b"old b")
    real = os.replace
    renames: list[str] = []

    def fails_second(source: object, target: object) -> None:
        renames.append(Path(str(target)).name)
        if len(renames) == 2:
            raise OSError(5, "Input/output error")
        real(source, target)

    monkeypatch.setattr(files.os, "replace", fails_second)
    with pytest.raises(files.OutputError, match="b.md: could not write"):
        files.write_all([(a, b"new a"), (b, b"new b"), (c, b"new c")])
    assert (a.read_bytes(), b.read_bytes(), c.exists()) == (b"old a", b"old b", False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


# -- whatever validates builds, at any size; the narrative stays a paragraph (item 10) -----------------


@pytest.mark.slow
@pytest.mark.parametrize(("count", "name_length"), [(0, 20), (10, 20), (3000, 40), (3000, 1000)])
def test_the_narrative_stays_a_paragraph_whatever_the_size(count: int, name_length: int) -> None:
    """Thousands of earmarked lines, half with carried cash limits, ten History trends, names of 1,000
    characters: the paragraph stays under 3,000 characters and names at most the few material lines, then
    "The other N lines together …"; the plan sentences (MTFP sheet, summary) name at most five, then a count."""
    from attack_sheets import many_lines_sheets
    from forecast.engine.variance import MAX_MATERIAL_LINES
    from forecast.report.narrative import narrative
    from forecast.report.plan_words import NAMED, plan_sentences

    results = run_engine(inputs_from_sheets(many_lines_sheets(count, name_length), "many"))
    assert len(results.lines) == 3 + count
    text = narrative(results)
    assert len(text) < 3000, len(text)
    named = len(re.findall(r"\bLine \d{5}\b", text))
    assert named <= MAX_MATERIAL_LINES + NAMED
    sentences = plan_sentences(results)
    assert all(len(s) < 32_767 for s in sentences)
    if count >= 3000:
        assert f"The other {len(results.lines) - len(results.material_lines):,} lines together show" in text
        carried = next(s for s in sentences if s.startswith("Cash limits"))
        # 2026/27: every line except Placements and the 1,500 odd lines that give it: five named, then a count
        assert carried.count("Line ") == NAMED - 1 and f"and {1 + 1500 - NAMED:,} other lines" in carried
        assert "and 5 other trends" in text  # 2 trends of plan_sheets and 8 more: five named
    else:
        assert "The other" not in text  # a few lines: as before, "Other lines together"


@pytest.mark.slow
def test_a_4500_line_authority_that_validates_also_builds(tmp_path: Path) -> None:
    """It stopped ``build`` with "cannot write Variance Analysis!A6: text longer than Excel's 32,767-character
    cell limit" after ``validate`` said OK; now it builds, and the paragraph on the sheet is under 3,000."""
    from attack_sheets import many_lines_sheets

    source = write_workbook(tmp_path / "big.xlsx", many_lines_sheets(4500 - 3, 30))
    _run("validate", source)
    out = tmp_path / "big-out.xlsx"
    _run("build", source, "-o", out)
    book = openpyxl.load_workbook(out, read_only=True)
    sheet = book["Variance Analysis"]
    texts = [c for row in sheet.iter_rows(max_row=12, values_only=True) for c in row if isinstance(c, str)]
    paragraph = max(texts, key=len)
    assert paragraph.startswith("Children's Social Care is forecast to") and len(paragraph) < 3000
