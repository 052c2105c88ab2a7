"""The children list as a CSV file (``--children FILE``): headers, dates, and every bad cell at its place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forecast.inputs.children_csv import read_children, read_children_csv
from forecast.inputs.reader import RawSheet
from forecast.inputs.tables import Problems

D = dt.date
HEADER = "child,line,placement_type,weekly_cost,rate,rate_unit,start,planned_end,date_of_birth,after_18,paid_to,provider,uasc"


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "children.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_headers_match_like_every_sheet_and_values_convert(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "Child, LINE ,Placement Type,Weekly Cost (£),Rate,Rate_Unit,Start,Planned End,Date of Birth,After 18,"
        "Paid To,Provider,UASC,Social worker\r\n"
        'C-001,LAC,External Residential,"£12,600",,,01/06/2024,,2009-01-15,No,,Hilltop Homes,yes,Sam\r\n'
        "C-002,LAC,in-house fostering,,60,Night,2025-05-01,31/12/2025,,,9/9/2025,,\r\n"
        ",,,,,,,,,,,,,\r\n"  # a blank row is skipped
    ))
    rows, problems = read_children_csv(path)
    assert [str(p) for p in problems] == [
        "children.csv!N1: column 'Social worker' is not one the tool reads: ignored (columns: child, line, "
        "placement_type, weekly_cost, rate, rate_unit, start, planned_end, date_of_birth, after_18, paid_to, "
        "provider, uasc)"]
    first, second = rows
    assert (first.child, first.placement_type, first.weekly_cost, first.start, first.date_of_birth) == (
        "C-001", "external residential", 12600.0, D(2024, 6, 1), D(2009, 1, 15))
    assert (first.after_18, first.uasc, first.provider, first.row, first.source) == (
        False, True, "Hilltop Homes", 2, "children.csv")
    assert (second.weekly_cost, second.rate, second.rate_unit) == (None, 60.0, "night")
    assert (second.planned_end, second.paid_to, second.row) == (D(2025, 12, 31), D(2025, 9, 9), 3)


def test_every_bad_cell_is_named_by_file_row_and_column_in_one_run(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\n" + "\n".join([
        "C1,LAC,in-house fostering,abc,,,2025-01-01,,,,,,",  # D2: not a number
        "C2,LAC,in-house fostering,500,,,10/25/2025,,,,,,",  # G3: month first
        "C3,LAC,in-house fostering,500,,,2025-01-01,,01/02/09,,,,",  # I4: two-digit year
        "C4,LAC,in-house fostering,500,,,2025-01-01,,,maybe,,,",  # J5: not yes/no
        ",LAC,in-house fostering,500,,,2025-01-01,,,,,,",  # A6: blank child
        "C6,LAC,in-house fostering,500,,,,,,,,,",  # G7: no start
        "C7,LAC,in-house fostering,500,,,31/02/2025,,,,,,",  # G8: no 31 February
        "C8,LAC,in-house fostering,500,,,1 March 2025,,,,,,",  # G9: not a form read
        "C9,LAC,in-house fostering,500,,,2025-01-01,,,,,,",  # fine
    ]))
    rows, problems = read_children_csv(path)
    assert [r.child for r in rows] == ["C9"]
    places = sorted((p.place, p.severity) for p in problems)
    assert places == sorted([
        ("children.csv!A6", "error"),
        ("children.csv!G3", "error"),
        ("children.csv!I4", "error"),
        ("children.csv!G8", "error"),
        ("children.csv!D2", "error"),
        ("children.csv!J5", "error"),
        ("children.csv!G7", "error"),
        ("children.csv!G9", "error"),
    ])
    text = {p.place: p.message for p in problems}
    assert "month first" in text["children.csv!G3"]
    assert "two-digit year" in text["children.csv!I4"]
    assert "weekly_cost must be a number" in text["children.csv!D2"]
    assert "start is required" in text["children.csv!G7"]


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "child,line,placement_type,weekly_cost\nC1,LAC,secure,7000\n")
    rows, problems = read_children_csv(path)
    assert rows == []
    assert [(p.place, p.message.split(":")[0]) for p in problems if p.severity == "error"] == [
        ("children.csv!E1", "column 'start' is missing")]


def test_a_weekly_cost_in_thousands_is_refused_at_its_header(tmp_path: Path) -> None:
    path = write(tmp_path, "child,line,placement_type,weekly_cost (£000),start\nC1,LAC,secure,7,2025-01-01\n")
    _, problems = read_children_csv(path)
    assert [p.place for p in problems if p.severity == "error"] == ["children.csv!D1"]


def test_windows_1252_and_semicolons(tmp_path: Path) -> None:
    path = write(tmp_path, "child;line;placement_type;weekly_cost;start;provider\r\n"
                           "C1;LAC;secure;£7,000;01/04/2025;Café Homes\r\n", encoding="cp1252")
    rows, problems = read_children_csv(path)
    assert [(r.weekly_cost, r.provider) for r in rows] == [(7000.0, "Café Homes")]
    assert [p.severity for p in problems] == ["warning"]  # read as Windows-1252


def test_an_unreadable_file(tmp_path: Path) -> None:
    rows, problems = read_children_csv(tmp_path / "nowhere.csv")
    assert rows == [] and problems[0].place == "nowhere.csv" and "cannot read" in problems[0].message
    rows, problems = read_children_csv(write(tmp_path, ""))
    assert rows == [] and "empty" in problems[0].message


def test_the_sheet_reads_real_dates() -> None:
    raw = RawSheet.from_rows("Children", [
        ["Child", "Line", "Placement type", "Weekly cost", "Start", "Date of birth", "after_18"],
        ["C1", "LAC", "secure", 7000, dt.datetime(2025, 4, 1), dt.datetime(2008, 2, 29), True],
    ])
    problems = Problems()
    (row,) = read_children(raw, problems)
    assert problems.items == []
    assert (row.start, row.date_of_birth, row.after_18, row.row, row.place) == (
        D(2025, 4, 1), D(2008, 2, 29), True, 2, "Children row 2")


def test_a_date_in_another_form_says_which_forms_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "child,line,placement_type,weekly_cost,start\nC1,LAC,secure,7000,1 March 2025\n"
                           "C2,LAC,secure,7000,2025-13-01\n")
    _, problems = read_children_csv(path)
    assert [str(p) for p in problems] == [
        "children.csv!E2: start must be a date, written yyyy-mm-dd or dd/mm/yyyy, got '1 March 2025'",
        "children.csv!E3: start must be a date (an Excel date, or text like 2025-11-01), got '2025-13-01'",
    ]


@pytest.mark.slow
def test_five_thousand_rows_read_and_costed_in_well_under_two_seconds(tmp_path: Path) -> None:
    import time

    from forecast.engine import children as ch
    from forecast.inputs.examples import children_list
    from children_support import BASIS, SETTINGS

    head, *rows = children_list.csv_text().strip().split("\r\n")
    lines = [head] + [r.replace("NB-", f"X{i}-") for i in range(120) for r in rows][:5000]
    path = write(tmp_path, "\r\n".join(lines))
    # the process's CPU time, not the clock: the suite runs on every core beside other work, and a neighbour's
    # load stretched the wall time of this 0.3 s of work past 2 s; a slow (quadratic) reader still fails
    start = time.process_time()
    children, problems = read_children_csv(path)
    result = ch.run(children, SETTINGS, BASIS)
    elapsed = time.process_time() - start
    assert len(children) == 5000 and problems == [] and result.errors == []
    assert elapsed < 1.5, f"5,000 rows read and costed in {elapsed:.2f} s of CPU"
