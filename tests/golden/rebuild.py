"""Rebuild the golden workbooks when a change to the output is meant.

    python tests/golden/rebuild.py

Builds every case in CASES with SOURCE_DATE_EPOCH fixed, so the files hold no
clock time, and writes them here. tests/test_golden_workbooks.py builds the
same cases and compares them with these files part by part (parsed XML, not
bytes). Review the change with `git diff --stat tests/golden` and by opening
the workbooks before committing them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: any fixed date; the workbooks' creation date

# (golden file, input workbook under inputs/, layout name or None, build options)
CASES: tuple[tuple[str, str, str | None, dict[str, object]], ...] = (
    ("example.xlsx", "example.xlsx", None, {"all_scenarios": True, "risk": 500, "seed": 1}),
    ("blackpool-2019-20-m4.xlsx", "blackpool-2019-20-m4.xlsx", None, {}),
    ("enfield-2018-19-q2.xlsx", "enfield-2018-19-q2.xlsx", None, {}),
    ("blackpool-quarterly-monitoring.xlsx", "blackpool-2019-20-m4.xlsx", "quarterly-monitoring", {}),
    ("example-mtfp-cabinet.xlsx", "example.xlsx", "mtfp-cabinet", {}),
)


def build_case(name: str, folder: Path) -> Path:
    """Build golden case ``name`` into ``folder`` (SOURCE_DATE_EPOCH set for the call)."""
    import forecast

    _, source, layout, options = next(c for c in CASES if c[0] == name)
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        report = forecast.build(ROOT / "inputs" / source, folder / name, layout=layout, **options)  # type: ignore[arg-type]
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return report.path


if __name__ == "__main__":
    for case in CASES:
        print("wrote", build_case(case[0], HERE).relative_to(ROOT))
    sys.exit(0)
