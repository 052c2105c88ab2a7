"""The output workbook with a Demand sheet in the inputs (issue 22): Placements marks what Demand drives and
reads this year's cost off the children the forecast used; a Demand sheet charts each type."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from demand_support import IFA, sheets
from factory import write_workbook
from forecast.api import build


def test_placements_marks_demand_and_the_demand_sheet_charts_it(tmp_path: Path) -> None:
    inputs = write_workbook(tmp_path / "d.xlsx", sheets())
    report = build(inputs, tmp_path / "out.xlsx")
    assert "Demand" in report.sheets
    book = openpyxl.load_workbook(report.path)
    placements = book["Placements"]
    header = [c.value for c in placements[6]]
    j_used = header.index("Children in this year's forecast (Demand)")
    j_drives = header.index("Demand drives")
    j_full = header.index("Full-year cost now\n£")
    ifa_row = 7  # the first row: LAC, independent fostering agency
    assert placements.cell(ifa_row, 2).value == IFA
    assert placements.cell(ifa_row, j_drives + 1).value == "the rest of 2025/26 and 2026/27 on"
    used = openpyxl.utils.get_column_letter(j_used + 1)
    assert placements.cell(ifa_row, j_full + 1).value.startswith(f"={used}{ifa_row}*")
    assert placements.cell(ifa_row + 1, j_drives + 1).value in (None, "")  # in-house fostering: no Demand
    values = openpyxl.load_workbook(report.path, data_only=True)["Placements"]
    assert values.cell(ifa_row, j_used + 1).value == 8.25  # 3/4 × the mean of 10, 11, 12
    assert values.cell(ifa_row, 3).value == 3  # children now stay today's
    demand = book["Demand"]
    assert demand["A1"].value.startswith("Demand")
    assert len(demand._charts) == 1
