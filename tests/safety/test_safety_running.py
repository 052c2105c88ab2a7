"""Every run ends cleanly (quality.md revision 2): all files or none, SIGTERM as Ctrl-C, no temporary file left.

The SIGTERM tests run the real ``forecast`` in a subprocess, as ``timeout``,
CI and systemd would stop it, and look at the processes and the folder
afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from processes import alive, start_batch
from factory import minimal_sheets, with_cell, write_workbook


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))






@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from Linux's /proc")
def test_sigterm_to_a_running_batch_ends_its_workers_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    process, workers = start_batch(tmp_path, 16, subprocess.PIPE)  # 16 workbooks: seconds of work
    out = tmp_path / "out"
    assert workers, "the batch never started its workers"
    time.sleep(0.3)  # into the builds and their writes
    process.send_signal(signal.SIGTERM)
    try:
        # a caller reading the pipe gets its end: no worker holds it open
        stdout, stderr = process.communicate(timeout=20)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [pid for pid in workers if alive(pid)]
    finally:  # a failing run must not leave its processes behind
        for pid in [process.pid, *workers]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(5)
    assert left == []
    assert process.returncode != 0
    assert b"Traceback" not in stderr, stderr.decode()
    assert _temporaries(out) == []
    assert not (out / "batch-summary.xlsx").exists()  # stopped before the end: no summary of half a batch


def test_sigterm_mid_write_removes_the_temporary_file_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forecast import files

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the old report")
    previous = signal.getsignal(signal.SIGTERM)
    files.sigterm_as_interrupt()
    real_fsync = os.fsync

    def fsync_then_sigterm(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)  # as `timeout` would, with the temporary file half-way

    monkeypatch.setattr(files.os, "fsync", fsync_then_sigterm)
    try:
        with pytest.raises(KeyboardInterrupt):
            files.write_bytes(target, b"the new report")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert target.read_bytes() == b"the old report"
    assert _temporaries(tmp_path) == []


def test_a_later_run_removes_only_orphaned_temporary_files_of_its_own(tmp_path: Path, run_cli) -> None:
    from forecast import files

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)  # a process that has ended: its temporary file is an orphan
    orphan = tmp_path / f".m4-forecast.xlsx.forecast-{files._HOST}-{dead}-k3j2.tmp"
    busy = tmp_path / f".m4-forecast.xlsx.forecast-{files._HOST}-{os.getppid()}-a8b1.tmp"  # a running process
    elsewhere = tmp_path / f".m4-forecast.xlsx.forecast-{'0000' if files._HOST != '0000' else '0001'}-{dead}-z.tmp"
    not_ours = tmp_path / ".m4-forecast.xlsx.x1y2z3.tmp"
    for path in (orphan, busy, elsewhere, not_ours):
        path.write_bytes(b"partial")
    source = write_workbook(tmp_path / "m4.xlsx", minimal_sheets())
    result = run_cli("build", source, "-o", tmp_path / "m4-forecast.xlsx")
    assert result.exit_code == 0, result.output
    assert _temporaries(tmp_path) == sorted(p.name for p in (busy, elsewhere, not_ours))
    old = time.time() - files.STALE_SECONDS - 60  # from another machine, and older than a day
    os.utime(elsewhere, (old, old))
    assert files.remove_stale_temporaries(tmp_path) == [elsewhere]


# -- tables: all files or none -------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_tables_failing_in_one_format_leave_the_folder_as_it_was(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    out = tmp_path / "tables"
    assert run_cli("tables", source, "-o", out).exit_code == 0
    before = _snapshot(out)
    changed = write_workbook(tmp_path / "in.xlsx", with_cell(minimal_sheets(), "Budget", 0, "budget", 2000))
    from forecast.report import tables

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("a bug in the Word writer")

    monkeypatch.setattr(tables, "docx_bytes", broken)
    result = run_cli("tables", changed, "-o", out)
    assert result.exit_code == 1 and "a bug in the Word writer" in result.output
    assert _snapshot(out) == before


def test_tables_failing_to_write_part_way_put_back_what_they_replaced(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    out = tmp_path / "tables"
    assert run_cli("tables", source, "-o", out, "--format", "md,csv").exit_code == 0
    before = _snapshot(out)
    write_workbook(tmp_path / "in.xlsx", with_cell(minimal_sheets(), "Budget", 0, "budget", 2000))
    from forecast import files

    real = files._write_temporary
    calls = []

    def disk_fills(target: Path, data: bytes, made: list[Path]) -> Path:
        calls.append(Path(target).name)
        if len(calls) == 3:  # the third file: the disk is full
            raise files.OutputError(f"{target}: could not write (the disk is full); any earlier file is unchanged")
        return real(target, data, made)

    monkeypatch.setattr(files, "_write_temporary", disk_fills)
    result = run_cli("tables", source, "-o", out, "--format", "md,csv")
    assert result.exit_code == 1 and "the disk is full" in result.output
    assert _snapshot(out) == before
    assert _temporaries(out) == []


def test_a_word_manual_line_break_in_a_comment_reaches_every_table(tmp_path: Path, run_cli) -> None:
    source = write_workbook(tmp_path / "in.xlsx", with_cell(minimal_sheets(), "Budget", 0, "comment", "a\x0bb"))
    out = tmp_path / "tables"
    assert run_cli("validate", source).exit_code == 0
    result = run_cli("tables", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 8  # md, html, docx, narrative and four CSVs
    import zipfile

    texts = [p.read_bytes() for p in out.iterdir() if p.suffix != ".docx"]
    texts.append(zipfile.ZipFile(out / "tables.docx").read("word/document.xml"))
    assert not any(b"\x0b" in text or b"_x000B_" in text for text in texts)


# -- batch: nothing built keeps the last summary ----------------------------------------------------


@pytest.mark.parametrize("bad", ["broken", "folder"])
def test_a_batch_in_which_nothing_built_keeps_the_last_summary(tmp_path: Path, run_cli, bad: str) -> None:
    out = tmp_path / "out"
    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    assert run_cli("batch", good, "-o", out, "--jobs", "1").exit_code == 0
    before = (out / "batch-summary.xlsx").read_bytes()
    if bad == "folder":
        failing = tmp_path / "inputs"
        failing.mkdir()
    else:
        failing = tmp_path / "broken.xlsx"
        failing.write_bytes(b"not a workbook")
    result = run_cli("batch", failing, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert "nothing built, so batch-summary.xlsx was not written (any earlier one is as it was)" in result.output
    assert (out / "batch-summary.xlsx").read_bytes() == before


# -- printing ---------------------------------------------------------------------------------------------

_ESCAPES = "\x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\x1b]8;;http://x\x1b\\"


def _controls(text: str) -> list[str]:
    return sorted({c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})


def test_nothing_printed_by_any_command_carries_a_control_character(tmp_path: Path, run_cli) -> None:
    sheets = with_cell(minimal_sheets(), "Settings", 0, "value", f"Evil{_ESCAPES} Council")
    sheets = with_cell(sheets, "Budget", 0, "comment", _ESCAPES)
    sheets["Budget"][2]["line"] = f"Other{_ESCAPES}"
    a = write_workbook(tmp_path / "a.xlsx", sheets)
    b = write_workbook(tmp_path / "b.xlsx", with_cell(sheets, "Budget", 2, "budget", 300))
    runs = [
        run_cli("validate", a), run_cli("build", a, "-o", tmp_path / "a-out.xlsx"), run_cli("summary", a),
        run_cli("summary", a, "--json"), run_cli("compare", a, b), run_cli("tables", a, "-o", tmp_path / "t"),
        run_cli("validate", tmp_path / f"missing{_ESCAPES}.xlsx"),  # an error message quoting the path
    ]
    for result in runs:
        assert result.exit_code in (0, 1)
        assert _controls(result.output) == [], result.output
    assert "Evil" in runs[2].output


def test_terminal_text_strips_escape_sequences_whole_and_keeps_line_breaks() -> None:
    from forecast.names import terminal_text

    assert terminal_text(f"a{_ESCAPES}b\n\tc\r\n") == "ab\n\tc\n"


def test_compare_of_two_files_with_one_name_shows_their_folders(tmp_path: Path, run_cli) -> None:
    (tmp_path / "north").mkdir()
    (tmp_path / "south").mkdir()
    a = write_workbook(tmp_path / "north" / "m4.xlsx", minimal_sheets())
    b = write_workbook(tmp_path / "south" / "m4.xlsx", with_cell(minimal_sheets(), "Budget", 2, "budget", 300))
    result = run_cli("compare", a, b)
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "north" / "m4.xlsx") in result.output
    assert str(tmp_path / "south" / "m4.xlsx") in result.output


def test_a_direction_override_never_reorders_a_printed_or_written_line(tmp_path: Path, run_cli) -> None:
    """U+202E in a line name would show 'Other 1,234' as 'Other 432,1' wherever the rest of the line follows it:
    on the terminal, in a CSV or Markdown row. Overrides, embeddings and isolates are removed as text is read,
    and from everything printed (a sheet's name is not cell text)."""
    from forecast.names import clean_text, terminal_text

    sheets = with_cell(minimal_sheets(), "Budget", 2, "line", "Oth\u202eer\u2066")
    sheets["Notes\u202e"] = [{"a": 1}]
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    bidi = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")
    for args in (("validate", path), ("summary", path), ("summary", path, "--json"),
                 ("tables", path, "--format", "md,csv", "-o", tmp_path / "t")):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
        assert not any(c in result.output for c in bidi), args
    texts = {written.name: written.read_text(encoding="utf-8") for written in (tmp_path / "t").iterdir()}
    assert "Other" in texts["revenue-summary.csv"] and "Other" in texts["tables.md"]
    assert not [name for name, text in texts.items() if any(c in text for c in bidi)]
    assert clean_text("a\u202eb\u2067c\u200fd") == "abc\u200fd"  # a right-to-left mark is not an override: kept
    assert terminal_text("Notes\u202e") == "Notes"
