"""`forecast demand PREDICTION INPUTS`: the copy's Demand rows are whole months' means split by today's children.

The expected rows are computed here straight from the prediction's cells with openpyxl (not through
forecast's reader): each day's children per category (age bands summed, NOT_IN_CARE dropped), each whole
calendar month's mean of its days, shared over the Placements types of that category by today's children.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from demand_support import inputs_sheets
from factory import write_workbook
from forecast.inputs import check_inputs, load_inputs

FIXTURE = Path(__file__).parents[1] / "fixtures" / "demand" / "prediction-3y.xlsx"


def expected_means(path: Path) -> dict[tuple[dt.date, str], float]:
    """(first day of a whole month, category) → the mean of its days, from the cells."""
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    pairs = [ast.literal_eval(h) if h else None for h in rows[0]]
    days: dict[dt.date, dict[str, float]] = {}
    for row in rows[1:]:
        if row[0] is None:
            continue
        day = row[0].date() if isinstance(row[0], dt.datetime) else row[0]
        sums: dict[str, float] = defaultdict(float)
        for pair, value in zip(pairs[1:], row[1:], strict=True):
            if pair[1] != "NOT_IN_CARE":
                sums[pair[1]] += float(value)
        days[day] = sums
    by_month: dict[dt.date, list[dt.date]] = defaultdict(list)
    for day in days:
        by_month[day.replace(day=1)].append(day)
    means = {}
    for month, in_it in by_month.items():
        following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if len(in_it) != (following - month).days:
            continue  # partial
        for category in days[in_it[0]]:
            means[(month, category)] = sum(days[d][category] for d in in_it) / len(in_it)
    return means


@pytest.mark.slow
def test_demand_writes_whole_months_split_by_todays_children(run_cli, tmp_path: Path) -> None:
    inputs = write_workbook(tmp_path / "council.xlsx", inputs_sheets())
    before = hashlib.sha256(inputs.read_bytes()).hexdigest()
    result = run_cli("demand", str(FIXTURE), str(inputs))
    assert result.exit_code == 0, result.output
    out = tmp_path / "council-demand.xlsx"
    assert hashlib.sha256(inputs.read_bytes()).hexdigest() == before  # never written over
    assert "Apr 2022 to Mar 2025" in result.output and "Mar 2022" in result.output  # the partial month said
    assert "FOSTERING" in result.output and "in-house fostering" in result.output

    means = expected_means(FIXTURE)
    # Today's children by type over all lines: in-house fostering 20 + 4, IFA 12 (FOSTERING 36);
    # external residential 2 (RESIDENTIAL); supported accommodation 3 (SUPPORTED). OTHER has no type.
    shares = {"in-house fostering": ("FOSTERING", 24 / 36), "independent fostering agency": ("FOSTERING", 12 / 36),
              "external residential": ("RESIDENTIAL", 1.0), "supported accommodation": ("SUPPORTED", 1.0)}
    written = load_inputs(out)  # the copy validates
    got = {(d.month, d.placement_type): d.children for d in written.demand}
    months = sorted({m for m, _c in means})
    assert months[0] == dt.date(2022, 4, 1) and months[-1] == dt.date(2025, 3, 1) and len(months) == 36
    assert len(got) == 36 * 4
    for month in months:
        for kind, (category, share) in shares.items():
            assert got[(month, kind)] == pytest.approx(share * means[(month, category)], rel=1e-12, abs=1e-12)
    assert dt.date(2022, 3, 1) not in {m for m, _k in got}  # no partial month
    # OTHER has expected children and no type: warned with its number.
    assert "OTHER has" in result.output and "expected children a month" in result.output
    # Every other sheet as written.
    assert [b.line for b in written.budget] == ["Placements", "Social workers", "Other", "Care leavers"]
    assert written.placements[4].demand_category == "SUPPORTED"
    assert written.settings.financial_year == 2022
    _inputs, problems = check_inputs(out)
    assert not [p for p in problems if p.severity == "error"]
