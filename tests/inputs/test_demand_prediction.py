"""Reading a demand model's prediction (`forecast demand`, §9): whole-month means, variants, errors at their cell.

Small predictions are written here by hand (xlsx with openpyxl, CSV with csv) and their monthly means
worked in the test; the real fixture (tests/fixtures/demand, made by cs-demand-model 0.5.1) is summed
independently with openpyxl and ast.
"""

from __future__ import annotations

import ast
import calendar
import csv
import datetime as dt
import time
from pathlib import Path

import openpyxl
import pytest

from forecast.errors import InputError
from forecast.inputs.demand_prediction import read_prediction
from forecast.inputs.demand_split import PlacementRow, split_prediction

FIXTURES = Path(__file__).parents[1] / "fixtures" / "demand"
START = dt.date(2025, 1, 30)  # Jan 30, 31 partial; Feb (28 days) and Mar (31 days) whole; Apr 1, 2 partial
DAYS = 63


def small_rows() -> list[list[object]]:
    """Day d (0-based from 30 Jan 2025): ('A', 'FOSTERING') = d, ('B', 'FOSTERING') = 1,
    ('A', 'NOT_IN_CARE') = 100, ('A', 'RESIDENTIAL') = 2.5."""
    header: list[object] = [None, "('A', 'FOSTERING')", "('A', 'NOT_IN_CARE')", "('A', 'RESIDENTIAL')",
                            "('B', 'FOSTERING')"]
    rows: list[list[object]] = [header]
    for d in range(DAYS):
        day = dt.datetime.combine(START + dt.timedelta(days=d), dt.time())
        rows.append([day, float(d), 100.0, 2.5, 1])
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in rows:
            writer.writerow(["" if v is None else v.date().isoformat() if isinstance(v, dt.datetime) else v for v in row])
    return path


# Feb: d = 2..29 → mean of A = (2 + 29) / 2 = 15.5, plus B's 1 → 16.5; Mar: d = 30..60 → (30 + 60) / 2 + 1 = 46
FEB_FOSTERING = (2 + 29) / 2 + 1
MAR_FOSTERING = (30 + 60) / 2 + 1


@pytest.mark.parametrize("writer", [write_xlsx, write_csv])
def test_whole_months_means_partial_months_dropped(tmp_path: Path, writer) -> None:
    path = writer(tmp_path / ("p.xlsx" if writer is write_xlsx else "p.csv"), small_rows())
    p = read_prediction(path)
    assert p.first_day == dt.date(2025, 1, 30) and p.last_day == dt.date(2025, 4, 2) and p.days == 63
    assert p.months == (dt.date(2025, 2, 1), dt.date(2025, 3, 1))
    assert p.partial_months == (dt.date(2025, 1, 1), dt.date(2025, 4, 1))
    assert p.categories == ("FOSTERING", "RESIDENTIAL")  # NOT_IN_CARE dropped, header order
    assert p.age_bands == ("A", "B")
    assert p.means["FOSTERING"] == pytest.approx((FEB_FOSTERING, MAR_FOSTERING), abs=1e-12)
    assert p.means["RESIDENTIAL"] == pytest.approx((2.5, 2.5), abs=1e-12)
    assert p.mean("FOSTERING", dt.date(2025, 3, 17)) == pytest.approx(46.0)
    assert "NOT_IN_CARE" not in p.means


def test_what_an_export_may_vary_is_read_alike(tmp_path: Path) -> None:
    """Columns in another order, the date column headed, quotes of either kind or none, lower-case
    categories, UK text dates (Excel's CSV), numeric text, trailing blank rows, a byte-order mark."""
    rows = small_rows()
    order = [0, 4, 3, 2, 1]
    varied: list[list[object]] = [[row[j] for j in order] for row in rows]
    varied[0] = ["from", '("B", "fostering")', "(A, Residential)", "('A', 'NOT_IN_CARE')", "( 'A' , 'FOSTERING' )"]
    for row in varied[1:]:
        assert isinstance(row[0], dt.datetime)
        row[0] = row[0].strftime("%d/%m/%Y")
        row[1] = str(row[1])
    varied += [["", "", "", "", ""], []]
    path = tmp_path / "varied.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows(varied)
    p = read_prediction(path)
    assert p.months == (dt.date(2025, 2, 1), dt.date(2025, 3, 1))
    assert p.categories == ("FOSTERING", "RESIDENTIAL")
    assert p.means["FOSTERING"] == pytest.approx((FEB_FOSTERING, MAR_FOSTERING), abs=1e-12)
    assert p.means["RESIDENTIAL"] == pytest.approx((2.5, 2.5))


def test_an_unknown_category_is_kept_for_the_split_to_warn(tmp_path: Path) -> None:
    rows = small_rows()
    rows[0][3] = "('A', 'ADOPTION')"
    p = read_prediction(write_xlsx(tmp_path / "p.xlsx", rows))
    assert p.categories == ("FOSTERING", "ADOPTION")
    split = split_prediction(p, [PlacementRow("LAC", "in-house fostering", 5)])
    assert split.unmapped == {"ADOPTION": pytest.approx(2.5)}
    assert "ADOPTION has 2.5 expected children" in str(split.warnings[0])


def _error(tmp_path: Path, rows: list[list[object]], name: str = "bad.xlsx") -> str:
    path = (write_xlsx if name.endswith(".xlsx") else write_csv)(tmp_path / name, rows)
    with pytest.raises(InputError) as info:
        read_prediction(path)
    return str(info.value)


def test_a_header_that_is_not_a_pair_is_named(tmp_path: Path) -> None:
    rows = small_rows()
    rows[0][4] = "Total"
    assert "Sheet1!E1: 'Total' is not an ('AGE_BAND', 'CATEGORY') pair" in _error(tmp_path, rows)


def test_a_repeated_pair_is_named(tmp_path: Path) -> None:
    rows = small_rows()
    rows[0][4] = "('A', 'FOSTERING')"
    assert "Sheet1!E1: repeats ('A', 'FOSTERING') of B1" in _error(tmp_path, rows)


def test_no_date_column_is_named(tmp_path: Path) -> None:
    rows = [[row[j] for j in (1, 2, 3, 4)] for row in small_rows()]  # the date column left out
    text = _error(tmp_path, rows)
    assert "Sheet1!A1: '('A', 'FOSTERING')' heads the first column, which must hold the dates" in text
    rows[0][0] = None
    assert "Sheet1!A2: 0 is not a date, nor is any cell below it" in _error(tmp_path, rows)


def test_a_cell_that_is_not_a_date_is_named(tmp_path: Path) -> None:
    rows = small_rows()
    rows[3][0] = "next week"
    assert "Sheet1!A4: 'next week' is not a date" in _error(tmp_path, rows)


def test_negative_and_non_numeric_and_blank_values_are_named(tmp_path: Path) -> None:
    rows = small_rows()
    rows[5][2] = -3.0
    rows[6][3] = "n/a"
    rows[7][4] = None
    text = _error(tmp_path, rows)
    assert text.startswith("bad.xlsx: 3 problems in the demand model's prediction:")
    assert "Sheet1!C6: -3 children is negative" in text
    assert "Sheet1!D7: 'n/a' is not a number of children" in text
    assert "Sheet1!E8: is blank" in text


def test_float_noise_below_zero_is_zero(tmp_path: Path) -> None:
    rows = small_rows()
    rows[40][3] = -1e-15  # a day in March, RESIDENTIAL: 2.5 → about 0 on that day
    p = read_prediction(write_xlsx(tmp_path / "p.xlsx", rows))
    assert p.means["RESIDENTIAL"][1] == pytest.approx((2.5 * 30 + 0) / 31)


def test_a_repeated_day_is_named(tmp_path: Path) -> None:
    rows = small_rows()
    rows[4][0] = rows[3][0]
    assert "Sheet1!A5: 2025-02-01 repeats the day of A4" in _error(tmp_path, rows)


def test_a_missing_day_is_named_with_the_days_missing(tmp_path: Path) -> None:
    rows = small_rows()
    del rows[10:13]  # rows[k] is day k - 1 from 30 Jan: 8, 9 and 10 Feb; row A11 is then 11 Feb, A10 7 Feb
    assert "Sheet1!A11: 2025-02-11 follows 2025-02-07 (A10): 2025-02-08 to 2025-02-10 missing" in _error(tmp_path, rows)


def test_a_csv_names_its_cells_too(tmp_path: Path) -> None:
    rows = small_rows()
    rows[2][1] = "lots"
    assert "bad.csv!B3: 'lots' is not a number of children" in _error(tmp_path, rows, "bad.csv")


def test_no_whole_month_is_an_error(tmp_path: Path) -> None:
    rows = small_rows()[:20]  # 30 Jan to 17 Feb
    assert "no whole calendar month" in _error(tmp_path, rows)


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(InputError):
        read_prediction(path)


# The real fixture, summed independently: openpyxl's cells, ast for the headers, calendar for whole months.

def independent_means(path: Path) -> tuple[list[dt.date], dict[str, list[float]], list[dt.date]]:
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = [ast.literal_eval(h) if h else None for h in rows[0]]
    daily: dict[dt.date, dict[str, float]] = {}
    for row in rows[1:]:
        day = row[0].date()
        totals: dict[str, float] = {}
        for pair, value in zip(header[1:], row[1:], strict=True):
            if pair[1] != "NOT_IN_CARE":
                totals[pair[1]] = totals.get(pair[1], 0.0) + value
        daily[day] = totals
    months = sorted({d.replace(day=1) for d in daily})
    whole = [m for m in months if sum(1 for d in daily if d.replace(day=1) == m) == calendar.monthrange(m.year, m.month)[1]]
    partial = [m for m in months if m not in whole]
    means: dict[str, list[float]] = {}
    for m in whole:
        days = [d for d in daily if d.replace(day=1) == m]
        for category in daily[days[0]]:
            means.setdefault(category, []).append(sum(daily[d][category] for d in days) / len(days))
    return whole, means, partial


@pytest.mark.slow
def test_the_real_fixture_end_to_end() -> None:
    path = FIXTURES / "prediction-3y.xlsx"
    whole, means, partial = independent_means(path)
    p = read_prediction(path)
    assert list(p.months) == whole
    assert len(whole) == 36 and whole[0] == dt.date(2022, 4, 1) and whole[-1] == dt.date(2025, 3, 1)
    assert list(p.partial_months) == partial == [dt.date(2022, 3, 1)]
    assert set(p.categories) == set(means) == {"FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER"}
    for category, values in means.items():
        assert p.means[category] == pytest.approx(values, rel=1e-12, abs=1e-12)
    assert p.days == 1100 and p.first_day == dt.date(2022, 3, 28) and p.last_day == dt.date(2025, 3, 31)


def test_the_fixture_as_csv_reads_as_the_workbook() -> None:
    x = read_prediction(FIXTURES / "prediction-3y.xlsx")
    c = read_prediction(FIXTURES / "prediction-3y.csv")
    assert c.months == x.months and c.partial_months == x.partial_months and c.categories == x.categories
    for category in x.categories:
        assert c.means[category] == pytest.approx(x.means[category], rel=1e-12)


def test_read_and_split_of_three_years_daily_is_well_under_a_second() -> None:
    """Measured 2026-12-07 on the shared 2-core box: about 0.15 s (xlsx) and 0.05 s (CSV) for read + split."""
    placements = [PlacementRow("LAC", t, n) for t, n in (
        ("in-house fostering", 95), ("independent fostering agency", 60), ("kinship care", 45),
        ("external residential", 20), ("supported accommodation", 15), ("placed with parents", 5))]
    for name in ("prediction-3y.xlsx", "prediction-3y.csv"):
        start = time.process_time()  # CPU time: the machine is shared, its wall clock is not ours
        split = split_prediction(read_prediction(FIXTURES / name), placements)
        elapsed = time.process_time() - start
        assert len(split.rows) == 36 * 6
        assert elapsed < 1.0, f"{name}: read + split took {elapsed:.2f} s"
