"""Writing outputs: a failed build leaves the old file, an open file or missing folder is a clear error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import forecast.files as atomic
from forecast.errors import OutputError

ROOT = Path(__file__).resolve().parents[2]
BLACKPOOL = ROOT / "inputs" / "blackpool-2019-20-m4.xlsx"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_disk_full_mid_write_keeps_the_previous_output(tmp_path: Path, run_cli, monkeypatch) -> None:
    out = tmp_path / "bp.xlsx"
    out.write_bytes(b"the previous workbook")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    result = run_cli("build", BLACKPOOL, "-o", out)
    assert result.exit_code == 1
    assert f"{out}: could not write (the disk is full); any earlier file is unchanged" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == b"the previous workbook"
    assert _leftovers(tmp_path) == []


def test_a_crash_in_the_writer_keeps_the_previous_output(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "bp.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"), atomic.atomic_output(out) as fh:
        fh.write(b"half a workbook")
        raise RuntimeError("boom")
    assert out.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_successful_write_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    out.write_bytes(b"old")
    os.chmod(out, 0o640)
    atomic.write_text(out, "new")
    assert out.read_text() == "new"
    assert out.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("lock", "app"),
    [("~$bp.xlsx", "Excel"), (".~lock.bp.xlsx#", "LibreOffice")],
)
def test_a_file_open_in_excel_or_libreoffice_is_a_clear_error(tmp_path: Path, run_cli, lock: str, app: str) -> None:
    out = tmp_path / "bp.xlsx"
    out.write_bytes(b"open elsewhere")
    (tmp_path / lock).write_bytes(b"")
    result = run_cli("build", BLACKPOOL, "-o", out)
    assert result.exit_code == 1
    assert f"{out} is open in {app} (lock file {lock} beside it): close it in Excel/LibreOffice first" in result.output
    assert out.read_bytes() == b"open elsewhere"


def test_a_missing_output_folder_is_named(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "no-such-folder" / "bp.xlsx"
    result = run_cli("build", BLACKPOOL, "-o", out)
    assert result.exit_code == 1
    assert f"the folder {out.parent} does not exist" in result.output


def test_an_output_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        atomic.write_text(tmp_path, "x")
