"""The benchmark script still runs (benchmarks are not tests: this checks it works, never its timings).

``python benchmarks/run.py --quick`` takes each measurement once, without
warm-up runs, at sizes ×2 and ×3 with a batch of 2, so a change to the CLI or
the template writer that breaks the benchmark fails here instead of on the
next full run. Without
LibreOffice its row says it was skipped, except under CI=true, where the
script (and so this test) fails, as the recalculation test does.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# the start of each row's measurement, in the order the script prints them
ROWS = (
    "build ×1 vs floor",
    "`forecast build inputs/example.xlsx` as a process vs the import floor",
    "LibreOffice headless recalculating the ×1 workbook vs build ×1",
    "build ×2 vs ×1: time",
    "build ×3 vs ×1: time",
    "build ×2 vs ×1: peak RSS",
    "build ×3 vs ×1: peak RSS",
    "build ×2 vs ×1: tracemalloc peak",
    "build ×3 vs ×1: tracemalloc peak",
    "summary ×1 vs build ×1",
    "summary ×3 vs ×1: time",
    "build ×1 --risk 10,000 --seed 1 vs build ×1",
    "build ×1 with growth from History trends --risk 10,000 --seed 1",
    "the demand example (its Demand sheet drives this year and later) --risk 10,000 --seed 1",
    "batch of 2 ×1 authorities: --jobs 1 vs --jobs 2",
    "control, in the batch of 2's turns: 2 plain-Python processes",
    "batch of 2: its 2-worker speed-up as a share of the control's",
)


@pytest.mark.slow
def test_quick_benchmark_prints_and_writes_every_ratio(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick",
         "--work", str(tmp_path / "work"), "--results", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    assert table[0].startswith("| measurement | medians | ratio | target | met |")
    rows = table[1:]
    assert [next((r for r in ROWS if row.startswith(f"| {r}")), row) for row in rows] == list(ROWS)
    for row in rows:
        ratio = row.split(" | ")[2]
        assert re.fullmatch(r"\d+\.\d\d×", ratio) or "skipped: soffice not found" in row, row
    written = results.read_text(encoding="utf-8")
    assert "os.cpu_count() = " in written and "Command: `python benchmarks/run.py --quick" in written
    assert all(row in written for row in rows)
