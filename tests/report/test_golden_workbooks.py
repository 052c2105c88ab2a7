"""Whole-workbook golden files: every part of every shipped example's workbook, compared as canonical XML text.

Each golden workbook is stored as text under ``tests/golden/<case>/``: one file a
part, canonical XML one element a line (tests/golden/rebuild.py), so ``git diff``
shows what changed. A change anywhere in the output (a style, a print setting, a
chart, a sheet the Revenue Summary golden cells never look at) fails here with a
unified diff of the first part that differs. When the change is meant:
``python tests/golden/rebuild.py``, review ``git diff tests/golden``, commit.
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
import zipfile
from pathlib import Path

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
FIX = "if the change is meant: python tests/golden/rebuild.py, then review git diff tests/golden"


def _differences(want: dict[str, str], got: dict[str, str]) -> list[str]:
    """The parts that differ, in order, each with ``got`` and ``want`` as they stand."""
    return [name for name in sorted(set(want) | set(got)) if want.get(name) != got.get(name)]


def _diff(name: str, want: dict[str, str], got: dict[str, str], lines: int = 40) -> str:
    diff = difflib.unified_diff(
        want.get(name, "").splitlines(), got.get(name, "").splitlines(),
        f"golden/{name}" if name in want else "(no golden part)", f"built/{name}" if name in got else "(not built)",
        n=2, lineterm="",
    )
    shown = list(diff)
    more = f"\n… {len(shown) - lines} more diff lines" if len(shown) > lines else ""
    return "\n".join(shown[:lines]) + more


@pytest.mark.parametrize("case", [c[0] for c in REBUILD.CASES])
def test_the_built_workbook_matches_its_golden_text_part_by_part(case: str, tmp_path: Path) -> None:
    assert (GOLDEN / case).is_dir(), f"no golden folder tests/golden/{case}: run python tests/golden/rebuild.py"
    want = REBUILD.golden_parts(case)
    got = REBUILD.canonical_parts(REBUILD.build_case(case, tmp_path))
    differing = _differences(want, got)
    assert not differing, (
        f"{len(differing)} part(s) of {case} differ from tests/golden/{case} ({FIX}): {', '.join(differing)}\n"
        + _diff(differing[0], want, got)
    )


def test_the_canonical_text_ignores_attribute_order_and_quoting_but_not_text() -> None:
    text = REBUILD.canonical_text
    assert text("<a y='2' x=\"1\"><b/></a>") == text('<a x="1" y="2"><b></b></a>') == '<a x="1" y="2">\n  <b></b>\n</a>\n'
    # worked by hand: a cell is three lines, its value on one; a line break inside text is written &#10;
    assert text('<c r="B4"><v>12.5</v></c>') == '<c r="B4">\n  <v>12.5</v>\n</c>\n'
    assert text("<t>a\nb</t>") == "<t>a&#10;b</t>\n"
    assert text("<t> a</t>") != text("<t>a</t>")
    assert text("<t>a</t>") != text("<t>\na</t>")
    # a ">" inside an attribute (a number format's condition) does not end the tag
    assert text('<numFmt formatCode="[&gt;=1000]#,##0" numFmtId="164"/>') == (
        '<numFmt formatCode="[>=1000]#,##0" numFmtId="164"></numFmt>\n'
    )


def test_a_changed_part_is_caught_and_its_diff_shows_the_changed_line(tmp_path: Path) -> None:
    """The comparison is not vacuous: one changed attribute in one sheet is one differing part, shown."""
    case = REBUILD.CASES[1][0]
    built = REBUILD.build_case(case, tmp_path)
    changed = tmp_path / "changed.xlsx"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(changed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<pageSetup " in data
                data = data.replace(b"<pageSetup ", b'<pageSetup scale="99" ', 1)
            dst.writestr(item, data)
    want, got = REBUILD.canonical_parts(built), REBUILD.canonical_parts(changed)
    assert _differences(want, got) == ["xl/worksheets/sheet1.xml"]
    diff = _diff("xl/worksheets/sheet1.xml", want, got)
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert len(added) == len(removed) == 1 and 'scale="99"' in added[0] and "<pageSetup " in removed[0]
