"""Whole-workbook golden files: every part of every shipped example's workbook, compared as parsed XML.

A change anywhere in the output (a style, a print setting, a chart, a sheet
the Revenue Summary golden cells never look at) fails here, naming the part
and the first difference. When the change is meant: ``python tests/golden/rebuild.py``,
review, commit the new files.
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
import zipfile
from pathlib import Path
from xml.etree.ElementTree import canonicalize

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _rebuild_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("golden_rebuild", GOLDEN / "rebuild.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["golden_rebuild"] = module
    spec.loader.exec_module(module)
    return module


REBUILD = _rebuild_module()


def _parts(path: Path) -> dict[str, str | bytes]:
    """Each zip part: canonical XML text (attribute order and quoting normalised), or the bytes of a non-XML part."""
    out: dict[str, str | bytes] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith((".xml", ".rels", ".vml")):
                text = canonicalize(data.decode("utf-8"))
                out[name] = text.replace("><", ">\n<")  # one element a line, so a diff points at it
            else:
                out[name] = data
    return out


def _first_difference(name: str, want: str | bytes, got: str | bytes) -> str:
    if isinstance(want, bytes) or isinstance(got, bytes):
        return f"{name}: the bytes differ"
    diff = difflib.unified_diff(want.splitlines(), got.splitlines(), "golden", "built", n=1, lineterm="")
    return f"{name}:\n" + "\n".join(list(diff)[:12])


@pytest.mark.parametrize("case", [c[0] for c in REBUILD.CASES])
def test_the_built_workbook_matches_its_golden_file_part_by_part(case: str, tmp_path: Path) -> None:
    golden = GOLDEN / case
    assert golden.exists(), f"no golden file {golden.name}: run python tests/golden/rebuild.py"
    built = REBUILD.build_case(case, tmp_path)
    want, got = _parts(golden), _parts(built)
    assert sorted(got) == sorted(want), "the workbook's parts changed: run python tests/golden/rebuild.py if meant"
    differences = [_first_difference(n, want[n], got[n]) for n in sorted(want) if want[n] != got[n]]
    assert not differences, (
        f"{len(differences)} part(s) of {case} differ from the golden file (if meant: python tests/golden/rebuild.py)\n"
        + "\n".join(differences[:3])
    )


def test_a_changed_part_is_caught(tmp_path: Path) -> None:
    """The comparison is not vacuous: one changed attribute in one sheet is a difference."""
    golden = GOLDEN / REBUILD.CASES[1][0]
    changed = tmp_path / "changed.xlsx"
    with zipfile.ZipFile(golden) as src, zipfile.ZipFile(changed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<pageSetup ', b'<pageSetup scale="99" ', 1)
            dst.writestr(item, data)
    want, got = _parts(golden), _parts(changed)
    assert [n for n in want if want[n] != got[n]] == ["xl/worksheets/sheet1.xml"]
