"""Looking at running processes from Linux's /proc: a batch's workers, and whether they still run."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from pathlib import Path

from factory import minimal_sheets, write_workbook


def children(pid: int) -> set[int]:
    """The processes ``pid`` started (Linux: /proc/PID/task/*/children)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(n) for n in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def start_batch(folder: Path, files: int, output: int) -> tuple[subprocess.Popen[bytes], set[int]]:
    """``forecast batch --jobs 2`` started on ``files`` workbooks of 40 lines (enough that each build takes a
    while) in ``folder``, its output to ``output`` (``subprocess.PIPE`` or ``DEVNULL``); it comes back with the
    workers it started. When none shows within 30 s the batch is killed and the set is empty."""
    sheets = minimal_sheets()
    for i in range(40):
        sheets["Budget"].append({"line": f"Line {i}", "budget": 100 + i, "actual_to_date": 40})
    inputs = [write_workbook(folder / f"authority-{n}.xlsx", sheets) for n in range(files)]
    out = folder / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "forecast", "batch", *map(str, inputs), "-o", str(out), "--jobs", "2"],
        stdout=output, stderr=output,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers |= children(process.pid)
        time.sleep(0.02)
    if not workers:
        process.kill()
        process.communicate()
    return process, workers
