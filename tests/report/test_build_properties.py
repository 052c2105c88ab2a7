"""Hypothesis properties of the written workbook on any valid input (quality.md, "Properties").

- round trip: the figures in the workbook, read back, are the engine's (to
  the 16 significant digits XlsxWriter writes);
- determinism: building twice gives the same bytes.

Each example writes two workbooks and reads one with openpyxl (~0.1 s), so
fewer examples run here than in the engine's properties.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import authorities

from forecast.engine import run
from forecast.fy import fy_label
from forecast.report.workbook import build_workbook

WORKBOOKS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(cell: object, figure: float) -> bool:
    return isinstance(cell, (int, float)) and cell == pytest.approx(figure, rel=1e-15, abs=1e-9)


@pytest.mark.slow
@WORKBOOKS
@given(authorities())
def test_the_workbook_holds_the_engines_figures_and_the_same_bytes_every_time(inputs) -> None:
    results = run(inputs)
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.xlsx", Path(folder) / "b.xlsx"
        build_workbook(results, first, input_name="inputs.xlsx")
        build_workbook(results, second, input_name="inputs.xlsx")
        assert first.read_bytes() == second.read_bytes()
        book = openpyxl.load_workbook(first, data_only=True)  # the cached values any viewer shows

    def named(name: str) -> object:
        ((sheet, ref),) = book.defined_names[name].destinations
        return book[sheet][ref.replace("$", "")].value

    totals = results.totals
    for name, figure in (
        ("TotalBudget", totals.budget),
        ("TotalOutturn", totals.outturn),
        ("TotalEarmarked", totals.earmarked),
        ("TotalEarmarkDrawn", totals.earmark_drawn),
        ("NetVariance", totals.net_variance),
        *((f"Gap_{fy_label(y.year).replace('/', '_')}", y.gap) for y in results.mtfp),
    ):
        assert _same(named(name), figure), (name, named(name), figure)

    sheet = book["Revenue Summary"]
    rows = {row[0].value: row for row in sheet.iter_rows() if isinstance(row[0].value, str)}
    # at Month 12 the outturn is no forecast: its heading says "Outturn" (issue 21)
    header = [str(c.value or "").split("\n")[0] for c in rows["Service area"]]
    header = ["Forecast outturn" if text == ("Outturn" if results.settings.period == 12 else None) else text
              for text in header]
    names = ("Forecast outturn", "Variance", "Earmarked reserve set aside", "Earmark not needed (stays in reserves)",
             "Funded from earmarked reserve", "Net variance")
    column = {text: header.index(text) for text in names}
    budget = next(j for j, text in enumerate(header) if text.startswith("Budget"))
    for line in results.lines:
        row = rows[line.line]
        assert _same(row[budget].value, line.budget), line.line
        assert _same(row[column["Forecast outturn"]].value, line.outturn), line.line
        assert _same(row[column["Variance"]].value, line.variance), line.line
        # rev 3: set aside as entered, drawn only as far as the line overspends, the rest not needed
        assert _same(row[column["Earmarked reserve set aside"]].value, line.earmarked), line.line
        assert _same(row[column["Earmark not needed (stays in reserves)"]].value, line.earmark_unused), line.line
        assert _same(row[column["Funded from earmarked reserve"]].value, line.earmark_drawn), line.line
        assert _same(row[column["Net variance"]].value, line.net_variance), line.line
