"""No output says "cumulative": gaps are each against that year's whole budget and are never added up.

Every shipped example is built with every scenario (and a risk run), and its tables, summary (text and
JSON), narrative, a comparison and a batch summary are written; every file and every part inside the
.xlsx and .docx files is searched, as is everything printed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from forecast.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "inputs").glob("*.xlsx"))
WORD = "cumulative"


def _run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _texts(folder: Path) -> list[tuple[str, str]]:
    """(name, text) of every file under ``folder``, and of every part of each zip (xlsx, docx) among them."""
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as z:
                out += [(f"{path.name}:{n}", z.read(n).decode("utf-8", "replace")) for n in z.namelist()]
        else:
            out.append((path.name, path.read_text(encoding="utf-8")))
    return out


@pytest.mark.slow
def test_no_output_of_any_shipped_example_says_cumulative(tmp_path: Path) -> None:
    assert len(EXAMPLES) >= 3
    printed = []
    for source in EXAMPLES:
        stem = source.stem
        risk = ("--risk", 50, "--seed", 1) if stem == "example" else ()  # the one with a Risks sheet
        printed.append(_run("build", source, "-o", tmp_path / f"{stem}.xlsx", "--all-scenarios", *risk))
        printed.append(_run("tables", source, "--format", "md,csv,html,docx", "-o", tmp_path / f"{stem}-tables"))
        printed.append(_run("summary", source))
        printed.append(_run("summary", source, "--json"))
        printed.append(_run("compare", EXAMPLES[0], source, "-o", tmp_path / f"compare-{stem}.xlsx"))
    printed.append(_run("batch", *EXAMPLES, "-o", tmp_path / "batch", "--jobs", 1))
    texts = _texts(tmp_path) + [(f"printed {i}", text) for i, text in enumerate(printed)]
    assert len(texts) > 50  # every workbook part, table, summary and printout was read
    assert any("Change in gap from the year before" in text for _, text in texts)  # the reading is real
    said = sorted(name for name, text in texts if WORD in text.lower())
    assert said == []
