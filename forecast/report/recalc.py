"""Have LibreOffice recalculate built workbooks: the check that every cached value is what its formula gives.

LibreOffice recalculates an .xlsx on load only when its user profile says
so (Calc > Formula > "Recalculation on file load" = always), so the command
runs with a private profile holding just that setting: the user's own
profile is never touched, and two runs never share one. The tests
(``tests/test_recalc_libreoffice.py``) and the benchmark
(``benchmarks/run.py``) both use it; forecast itself never needs LibreOffice.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalc_command(soffice: str, files: Sequence[Path], out_dir: Path, profile: Path) -> list[str]:
    """The command that opens ``files``, recalculates every formula and saves them as .xlsx in ``out_dir``.

    Writes the recalculate-on-load profile into ``profile`` (created if missing) first.
    """
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    return [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
