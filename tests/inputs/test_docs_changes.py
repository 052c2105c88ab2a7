"""Issue 20 item 3: every Scenarios and Risks table shown in docs/scenarios-risk-batch.md validates on the
shipped example, and each scenario runs."""

from __future__ import annotations

from pathlib import Path

import forecast
from forecast.inputs import inputs_from_sheets, load_inputs_and_rows

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scenarios-risk-batch.md"


def _tables(text: str) -> list[list[dict[str, object]]]:
    """Each markdown table of the page as rows of header → cell."""
    tables: list[list[dict[str, object]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("| ") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            headers = [c.strip() for c in lines[i].strip("|").split("|")]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("| "):
                cells = [c.strip() for c in lines[i].strip("|").split("|")]
                rows.append({h: _typed(c) for h, c in zip(headers, cells, strict=True)})
                i += 1
            tables.append(rows)
        else:
            i += 1
    return tables


def _typed(cell: str) -> object:
    try:
        return float(cell)
    except ValueError:
        return cell


def test_the_docs_scenarios_and_risks_validate_on_the_example() -> None:
    tables = _tables(DOC.read_text(encoding="utf-8"))
    scenarios = [t for t in tables if t and "scenario" in t[0] and "op" in t[0]]
    risks = [t for t in tables if t and "distribution" in t[0]]
    assert scenarios and risks  # the page still shows them
    _inputs, values = load_inputs_and_rows(ROOT / "inputs" / "example.xlsx")
    sheets = {name: list(rows) for name, rows in values.sheets.items()}
    sheets["Scenarios"] = [row for table in scenarios for row in table]
    sheets["Risks"] = [row for table in risks for row in table]
    inputs = inputs_from_sheets(sheets)  # raises with every problem, each at its cell
    for name in dict.fromkeys(str(r["scenario"]) for r in sheets["Scenarios"]):
        assert forecast.run(inputs, name).scenario == name
    later = forecast.run(inputs, "Later start")
    assert later.totals.net_variance is not None
