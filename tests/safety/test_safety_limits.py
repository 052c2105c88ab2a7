"""Time and memory bounds of refusing hostile files, measured in a fresh process.

quality.md: a 300 MiB zip-bomb entry and a billion-laughs sharedStrings are
refused in under 2 s each with peak memory under 200 MiB. Each hostile file
is built here; then ``forecast build FILE -o out.xlsx`` runs in a subprocess
that reports its own wall time and peak resident memory: the whole process,
interpreter and native libraries included, so an upper bound on what the
refusal costs that also sees what tracemalloc cannot (calamine's Rust
allocations). On Linux that is ``VmHWM`` from /proc, because ``ru_maxrss``
of a child started by a big pytest process keeps the parent's size across
exec; elsewhere ``ru_maxrss``, a looser upper bound.

The same bound holds for files inside every size limit that are still built
to exhaust memory: a huge XML part the reader never needs, and a worksheet
with more cells than any authority's inputs.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from factory import minimal_sheets, rewrite_parts, write_workbook
from forecast.inputs.safe import MiB
from test_safety_catalogue import billion_laughs, zip_bomb

resource = pytest.importorskip("resource", reason="peak memory is read with resource.getrusage (POSIX only)")

SECONDS = 2.0
PEAK_BYTES = 200 * MiB

_MEASURE = r"""
import json, resource, sys, time
from forecast.cli import cli


def peak_bytes():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


started = time.process_time()  # CPU seconds: the work done, whatever else the shared machine is doing
try:
    cli.main(sys.argv[1:], prog_name="forecast")
    code = 0
except SystemExit as exc:
    code = exc.code
seconds = time.process_time() - started
print(json.dumps({"code": code, "seconds": seconds, "peak": peak_bytes()}), file=sys.stderr)
"""


def measure(*args: object) -> tuple[dict, str]:
    """Run the forecast CLI in a fresh interpreter: ({code, seconds, peak bytes}, everything it printed)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *[str(a) for a in args]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = done.stderr.strip().splitlines()
    assert lines, done.stdout
    return json.loads(lines[-1]), done.stdout + "\n".join(lines[:-1])


def _refused_within_bounds(tmp_path: Path, bad: Path, *expected: str) -> dict:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the previous workbook")
    stats, printed = measure("build", bad, "-o", out)
    print(f"{bad.name}: {stats['seconds']:.2f} s, peak {stats['peak'] / MiB:.0f} MiB")
    assert stats["code"] == 1, printed
    assert "Traceback" not in printed
    for text in expected:
        assert text in printed, printed
    assert stats["seconds"] < SECONDS
    assert stats["peak"] < PEAK_BYTES
    assert out.read_bytes() == b"the previous workbook"
    return stats


@pytest.mark.slow
def test_a_300_mib_zip_bomb_is_refused_in_under_2_s_and_200_mib(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path, unpacked_mib=300)
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 300 * MiB
    _refused_within_bounds(tmp_path, bomb, "would unpack to 300 MiB", "possible zip bomb")


@pytest.mark.slow
def test_billion_laughs_in_shared_strings_is_refused_in_under_2_s_and_200_mib(tmp_path: Path) -> None:
    _refused_within_bounds(tmp_path, billion_laughs(tmp_path), "xl/sharedStrings.xml", "declares a DOCTYPE")


def _with_part(path: Path, name: str, chunk: bytes, total: int, level: int = 1) -> Path:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        with archive.open(name, "w", force_zip64=True) as part:
            for _ in range(total // len(chunk)):
                part.write(chunk)
    return path


@pytest.mark.slow
def test_a_huge_part_the_reader_never_uses_is_not_unpacked(tmp_path: Path) -> None:
    """150 MiB of custom XML in a 4 MiB file passes every zip limit (40:1), yet must cost no memory."""
    rng = random.Random(7)
    chunk = b"".join(rng.choice([b"<a/>" * 8, b"<b/>" * 8]) for _ in range(25_000))
    path = _with_part(write_workbook(tmp_path / "padded.xlsx", minimal_sheets()), "customXml/item1.xml", chunk,
                      150 * MiB)
    assert path.stat().st_size < 20 * MiB
    stats, printed = measure("validate", path)
    print(f"padded.xlsx: {stats['seconds']:.2f} s, peak {stats['peak'] / MiB:.0f} MiB")
    assert stats["code"] == 0, printed
    assert stats["seconds"] < SECONDS
    assert stats["peak"] < PEAK_BYTES


@pytest.mark.slow
def test_a_worksheet_with_over_a_million_cells_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """1.1 million cells (30 MiB of XML at 54:1) pass every zip limit; reading them would take GBs."""
    path = write_workbook(tmp_path / "wide.xlsx", minimal_sheets())
    rows = b"".join(b'<row r="%d">' % r + b"<c><v>7</v></c>" * 10 + b"</row>" for r in range(6, 110_006))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"].replace(
        b"</sheetData>", rows + b"</sheetData>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    stats = _refused_within_bounds(tmp_path, path, "Budget", "over the limit of 1,000,000 cells", "delete")
    assert stats["code"] == 1


def test_without_defusedxml_nothing_is_read(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    out = tmp_path / "out.xlsx"
    assert run_cli("build", good, "-o", out).exit_code == 0
    before = out.read_bytes()
    monkeypatch.setitem(sys.modules, "defusedxml", None)  # import defusedxml → ImportError
    monkeypatch.setitem(sys.modules, "defusedxml.ElementTree", None)
    result = run_cli("build", good, "-o", out)
    assert result.exit_code == 1
    assert "defusedxml is not installed" in result.output and "pip install" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == before


def test_an_inactive_defusedxml_is_noticed(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as PlainET

    import defusedxml.ElementTree

    good = write_workbook(tmp_path / "good.xlsx", minimal_sheets())
    monkeypatch.setattr(defusedxml.ElementTree, "fromstring", PlainET.fromstring)  # expands entities
    result = run_cli("validate", good)
    assert result.exit_code == 1
    assert "defusedxml is installed but not active" in result.output
    assert "pip install --force-reinstall defusedxml" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_one_value_far_from_the_data_is_refused_before_calamine_allocates_its_area(tmp_path: Path) -> None:
    """Calamine holds the rectangle a sheet's values span: a lone value in XFD20000 would ask it for 10 GB."""
    path = write_workbook(tmp_path / "far.xlsx", minimal_sheets())
    far = b'<row r="20000"><c r="XFD20000"><v>1</v></c></row></sheetData>'
    rewrite_parts(path, lambda name, data: data.replace(b"</sheetData>", far) if name.endswith("sheet2.xml") else data)
    _refused_within_bounds(
        tmp_path, path, "Budget: its values span A1:XFD20000, 327,680,000 cells, over the limit of 1,000,000",
        "clear any value far from the data",
    )


def test_a_styled_empty_cell_far_away_is_not_a_value(tmp_path: Path, run_cli) -> None:
    path = write_workbook(tmp_path / "styled.xlsx", minimal_sheets())
    far = b'<row r="20000"><c r="XFD20000" s="0"/></row></sheetData>'
    rewrite_parts(path, lambda name, data: data.replace(b"</sheetData>", far) if name.endswith("sheet2.xml") else data)
    result = run_cli("validate", path)
    assert result.exit_code == 0, result.output


def test_a_doctype_in_a_part_the_reader_skips_is_still_refused(tmp_path: Path, run_cli) -> None:
    path = write_workbook(tmp_path / "drawing.xlsx", minimal_sheets())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/drawings/drawing1.xml", b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "b">]><d>&a;</d>')
    result = run_cli("validate", path)
    assert result.exit_code == 1
    assert "'xl/drawings/drawing1.xml' declares a DOCTYPE" in result.output
