"""Rebuild the golden workbooks when a change to the output is meant.

    python tests/golden/rebuild.py

Builds every case in CASES with SOURCE_DATE_EPOCH fixed, so the workbooks hold
no clock time, and stores each as text: a folder per case (``tests/golden/<case>/``)
holding every part of the .xlsx as canonical XML, one element a line
(``canonical_text``). tests/report/test_golden_workbooks.py builds the same cases
and compares them with these files part by part. Review a change with
``git diff tests/golden`` (it shows the cells, styles and print settings that
moved) before committing it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree.ElementTree import canonicalize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: any fixed date; the workbooks' creation date
XML_PARTS = (".xml", ".rels", ".vml")

# (golden folder, input workbook under inputs/, layout name or None, build options)
CASES: tuple[tuple[str, str, str | None, dict[str, object]], ...] = (
    ("example", "example.xlsx", None, {"all_scenarios": True, "risk": 500, "seed": 1}),
    ("blackpool-2019-20-m4", "blackpool-2019-20-m4.xlsx", None, {}),
    ("enfield-2018-19-q2", "enfield-2018-19-q2.xlsx", None, {}),
    ("blackpool-quarterly-monitoring", "blackpool-2019-20-m4.xlsx", "quarterly-monitoring", {}),
    ("example-mtfp-cabinet", "example.xlsx", "mtfp-cabinet", {}),
)

_TOKEN = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')  # a tag, whose quoted attributes may hold ">" (C14N keeps it)


def canonical_text(xml: str) -> str:
    """One XML part as stable text: C14N 2.0 (attributes sorted, quoting and empty tags normalised),
    then one element a line, indented by depth, so a line diff points at the element that changed.

    An element holding only text stays on its line (``<c r="B4"><v>12.5</v></c>`` is three lines,
    ``<v>12.5</v>`` one). A line break inside text is written ``&#10;``, so no text can pass for
    layout: two parts differ in this text exactly when their canonical XML differs. The result is
    still well-formed XML.
    """
    tokens = [t for t in _TOKEN.split(canonicalize(xml)) if t]
    lines: list[str] = []
    depth = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("</"):
            depth -= 1
            lines.append("  " * depth + token)
        elif token.startswith("<?") or token.startswith("<!--"):
            lines.append("  " * depth + token)
        elif token.startswith("<"):
            # <a>text</a> and <a></a> stay on one line
            if i + 2 < len(tokens) and not tokens[i + 1].startswith("<") and tokens[i + 2].startswith("</"):
                lines.append("  " * depth + token + _text(tokens[i + 1]) + tokens[i + 2])
                i += 3
                continue
            if i + 1 < len(tokens) and tokens[i + 1].startswith("</"):
                lines.append("  " * depth + token + tokens[i + 1])
                i += 2
                continue
            lines.append("  " * depth + token)
            depth += 1
        else:  # text beside elements (mixed content, or whitespace between them)
            lines.append("  " * depth + _text(token))
        i += 1
    return "\n".join(lines) + "\n"


def _text(text: str) -> str:
    return text.replace("\n", "&#10;")


def canonical_parts(xlsx: Path) -> dict[str, str]:
    """Every part of a workbook as text: canonical XML, or a line with the SHA-256 of a part that is not XML."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(xlsx) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(XML_PARTS):
                out[name] = canonical_text(data.decode("utf-8"))
            else:
                out[name + ".sha256"] = f"{hashlib.sha256(data).hexdigest()}  {len(data)} bytes\n"
    return out


def golden_parts(case: str) -> dict[str, str]:
    """The stored text of golden case ``case``, keyed by part name as in ``canonical_parts``."""
    folder = HERE / case
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_case(case: str, folder: Path) -> Path:
    """Build golden case ``case`` as ``folder/<case>.xlsx`` (SOURCE_DATE_EPOCH set for the call)."""
    import forecast

    _, source, layout, options = next(c for c in CASES if c[0] == case)
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        report = forecast.build(
            ROOT / "inputs" / source, folder / f"{case}.xlsx", layout=layout, **options  # type: ignore[arg-type]
        )
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return report.path


def write_case(case: str) -> Path:
    """Build ``case`` and replace its golden folder with the workbook's parts as text."""
    target = HERE / case
    with tempfile.TemporaryDirectory() as tmp:
        parts = canonical_parts(build_case(case, Path(tmp)))
    if target.exists():
        shutil.rmtree(target)  # a part the workbook no longer has must not linger
    for name, text in parts.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return target


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for case in CASES:
        print("wrote", write_case(case[0]).relative_to(ROOT))
    sys.exit(0)
