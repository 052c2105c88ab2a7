"""Read a demand model's prediction: expected children by day, age band and category (§9, `forecast demand`).

The Children's Services Demand Model (``cs-demand-model``, ``demand-model predict SOURCE ... --export
FILE.xlsx``) writes one sheet: the first column holds daily dates, every other column is headed
``('AGE_BAND', 'CATEGORY')`` and holds the expected children of that age band in that placement category
on that day. Users also save the same frame as CSV. ``read_prediction`` reads either into a
``Prediction``: NOT_IN_CARE dropped, the age bands summed per category, and each whole calendar month's
mean of its days (a partial first or last month is left out and listed).

What may vary between exports and is accepted: the order of the columns and of the age bands, which age
bands there are (any text), the header of the date column (blank, ``from``, ``date`` ...), the header
spelt with or without quotes, categories in any case, dates as Excel dates or as text (``2022-03-28``,
``2022-03-28 00:00:00``, or the UK ``28/03/2022`` Excel writes when it saves a CSV), values as numbers
or numeric text. A category the project does not know (a later model's) is kept, so the split warns that
no placement type takes it.

Everything that makes it not such a prediction is an ``InputError`` naming the cell: no date in the
first column, a header that is not an (age band, category) pair, a pair repeated, a value that is blank,
not a number or negative, a day repeated, out of order or missing (the model writes every day), and a
prediction with no whole calendar month.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from forecast.errors import InputError, Problem
from forecast.records import frozen

CATEGORIES = ("FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER")  # the model's categories a placement type may take
NOT_IN_CARE = "NOT_IN_CARE"
MAX_PROBLEMS = 20  # a wholly wrong file is named by its first problems, not thousands
MAX_CSV_BYTES = 20 * 1024 * 1024  # as an input workbook (safe.MAX_FILE_BYTES)
MAX_DAYS = 200_000  # as reader.MAX_ROWS: over 500 years of days
NEGATIVE_NOISE = 1e-9  # a value nearer 0 than this (float noise, e.g. -1e-17) is 0, as cells.MIN_MAGNITUDE

_PAIR = re.compile(r"""^\(\s*(['"]?)([^'"(),]*?)\1\s*,\s*(['"]?)([^'"(),]*?)\3\s*,?\s*\)$""")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: 00:00(?::00)?)?$")
_EXPECTED = "a demand model's prediction (first column daily dates, then one column per ('AGE_BAND', 'CATEGORY'))"


class PredictionError(InputError):
    """The prediction cannot be used: an InputError whose heading names the prediction, not the input workbook."""

    def _text(self) -> str:
        text = super()._text()
        return text.replace(" problems in the input workbook:", " problems in the demand model's prediction:", 1)


@frozen
class Prediction:
    """A prediction reduced to whole calendar months; every figure unrounded.

    ``months`` are first days of the whole months, in order; ``means[category][k]`` is that category's
    expected children in ``months[k]`` (age bands summed, mean of the month's days). ``partial_months``
    are the first days of the months left out because the prediction covers only some of their days
    (at most the first and the last). ``categories`` are those seen, NOT_IN_CARE excluded, in the
    order their first column appears.
    """

    source: str  # file name, for messages
    sheet: str  # the sheet read ("" for a CSV)
    first_day: _dt.date
    last_day: _dt.date
    months: tuple[_dt.date, ...]
    means: dict[str, tuple[float, ...]]
    partial_months: tuple[_dt.date, ...]
    categories: tuple[str, ...]
    age_bands: tuple[str, ...]
    ignored_sheets: tuple[str, ...] = ()  # other sheets of the workbook, not read

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def mean(self, category: str, month: _dt.date) -> float:
        """The category's mean for a whole month (``month`` any day in it); ValueError when not whole, KeyError for an unseen category."""
        index = self.months.index(month.replace(day=1))
        return self.means[category][index]


def read_prediction(path: Path | str) -> Prediction:
    """The prediction in the ``.xlsx`` or ``.csv`` file at ``path``; InputError naming the cell when it is not one."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path)
    from forecast.inputs.reader import WorkbookReader
    from forecast.inputs.safe import open_safely

    book = open_safely(path)
    reader = WorkbookReader(book)
    if not reader.sheet_names:
        raise PredictionError([Problem(book.name, "", f"has no sheets: it is not {_EXPECTED}")])
    name = reader.sheet_names[0]
    raw = reader.read(name)
    return prediction_from_rows(raw.rows, book.name, name, raw.address, tuple(reader.sheet_names[1:]))


def _read_csv(path: Path) -> Prediction:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise PredictionError([Problem(path.name, "", f"is {size / 1024 / 1024:.0f} MiB, over the 20 MiB a prediction may be")])
        data = path.read_bytes()
    except OSError as exc:
        raise PredictionError([Problem(path.name, "", f"cannot be read ({exc.strerror or exc})")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows; the header is ASCII anyway
    rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text))]
    return prediction_from_rows(rows, path.name, "", _csv_address)


def _csv_address(i: int, j: int) -> str:
    from forecast.inputs.reader import column_letters

    return f"{column_letters(j)}{i + 1}"


def prediction_from_rows(
    rows: Sequence[Sequence[object]],
    source: str,
    sheet: str,
    address: Callable[[int, int], str],
    ignored_sheets: tuple[str, ...] = (),
) -> Prediction:
    """The prediction in ``rows`` (header first); ``address(i, j)`` names the cell ``rows[i][j]`` in messages."""
    where = sheet or source
    problems: list[Problem] = []

    def problem(i: int, j: int, message: str) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(where, address(i, j), message))

    def fail() -> InputError:
        return PredictionError(problems, source)

    grid: list[list[object]] = [list(row) for row in rows]
    while grid and all(_blank(v) for v in grid[-1]):
        grid.pop()
    if not grid or len(grid) < 2:
        raise PredictionError([Problem(where, "", f"has no rows of dates: it is not {_EXPECTED}")], source)
    if len(grid) > MAX_DAYS:
        raise PredictionError([Problem(where, "", f"has more than {MAX_DAYS:,} rows: it is not a daily prediction")], source)
    width = max(len(row) for row in grid)
    header = grid[0] + [None] * (width - len(grid[0]))

    if _pair(header[0]) is not None:
        raise PredictionError([Problem(where, address(0, 0), f"{_quote(header[0])} heads the first column, which must "
                                  f"hold the dates: this is not {_EXPECTED}")], source)
    firsts = [(i, grid[i][0]) for i in range(1, len(grid)) if grid[i] and not _blank(grid[i][0])]
    if firsts and not any(_day(value) is not None for _i, value in firsts):
        i, value = firsts[0]
        raise PredictionError([Problem(where, address(i, 0), f"{_quote(value)} is not a date, nor is any cell below it: "
                                  f"the first column holds each day's date; this is not {_EXPECTED}")], source)

    # The header: one (age band, category) pair per column after the first.
    columns: list[tuple[int, str, str]] = []  # (column, age band, category)
    seen: dict[tuple[str, str], int] = {}
    for j in range(1, width):
        cell = header[j]
        if _blank(cell):
            if any(j < len(row) and not _blank(row[j]) for row in grid[1:]):
                problem(0, j, "has no header but its column has values: head it ('AGE_BAND', 'CATEGORY')")
            continue
        pair = _pair(cell)
        if pair is None:
            problem(0, j, f"{_quote(cell)} is not an ('AGE_BAND', 'CATEGORY') pair: this is not {_EXPECTED}")
            continue
        if pair in seen:
            problem(0, j, f"repeats ('{pair[0]}', '{pair[1]}') of {address(0, seen[pair])}: each pair once")
            continue
        seen[pair] = j
        columns.append((j, *pair))
    if not columns and not problems:
        problem(0, 1, f"no ('AGE_BAND', 'CATEGORY') columns: this is not {_EXPECTED}")
    if problems:
        raise fail()

    kept = [(j, age, category) for j, age, category in columns if category != NOT_IN_CARE]
    categories = tuple(dict.fromkeys(category for _j, _age, category in kept))
    age_bands = tuple(dict.fromkeys(age for _j, age, _category in columns))
    index = {category: k for k, category in enumerate(categories)}

    # The days: consecutive dates, each row's kept values summed per category.
    days: list[_dt.date] = []
    sums: list[list[float]] = []
    previous: tuple[_dt.date, int] | None = None
    for i in range(1, len(grid)):
        row = grid[i] + [None] * (width - len(grid[i]))
        if all(_blank(v) for v in row):
            continue
        day = _day(row[0])
        if day is None:
            if _blank(row[0]):
                problem(i, 0, "has no date but its row has values: the first column holds each day's date")
            else:
                problem(i, 0, f"{_quote(row[0])} is not a date: the first column holds each day's date")
            continue
        if previous is not None:
            before, before_row = previous
            if day == before:
                problem(i, 0, f"{day.isoformat()} repeats the day of {address(before_row, 0)}: each day once")
            elif day < before:
                problem(i, 0, f"{day.isoformat()} comes after {before.isoformat()} ({address(before_row, 0)}): days in order")
            elif day != before + _dt.timedelta(days=1):
                gap_first, gap_last = before + _dt.timedelta(days=1), day - _dt.timedelta(days=1)
                missing = gap_first.isoformat() if gap_first == gap_last else f"{gap_first.isoformat()} to {gap_last.isoformat()}"
                problem(i, 0, f"{day.isoformat()} follows {before.isoformat()} ({address(before_row, 0)}): "
                        f"{missing} missing; a prediction has every day")
        previous = (day, i) if previous is None or day > previous[0] else previous
        totals = [0.0] * len(categories)
        for j, _age, category in columns:
            value = _value(row[j])
            if isinstance(value, str):
                problem(i, j, value)
                continue
            if category != NOT_IN_CARE:
                totals[index[category]] += value
        days.append(day)
        sums.append(totals)
        if len(problems) >= MAX_PROBLEMS:
            break
    if not days and not problems:
        problem(1, 0, f"no dates in the first column: this is not {_EXPECTED}")
    if problems:
        raise fail()

    # Whole calendar months: every day of the month present (days are consecutive, so only the first and
    # last months can be partial).
    by_month: dict[_dt.date, list[int]] = {}
    for k, day in enumerate(days):
        by_month.setdefault(day.replace(day=1), []).append(k)
    months: list[_dt.date] = []
    partial: list[_dt.date] = []
    means: dict[str, list[float]] = {category: [] for category in categories}
    for month, ks in by_month.items():
        if len(ks) != _days_in_month(month):
            partial.append(month)
            continue
        months.append(month)
        for category, c in index.items():
            means[category].append(math.fsum(sums[k][c] for k in ks) / len(ks))
    if not months:
        raise PredictionError([Problem(where, "", f"covers {days[0].isoformat()} to {days[-1].isoformat()}, no whole "
                                  "calendar month: predict at least to the end of a month")], source)
    return Prediction(
        source=source,
        sheet=sheet,
        first_day=days[0],
        last_day=days[-1],
        months=tuple(months),
        means={category: tuple(values) for category, values in means.items()},
        partial_months=tuple(partial),
        categories=categories,
        age_bands=age_bands,
        ignored_sheets=ignored_sheets,
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _quote(value: object) -> str:
    from forecast.inputs.cells import shown

    return shown(value)


def _pair(value: object) -> tuple[str, str] | None:
    """``"('TEN_TO_SIXTEEN', 'FOSTERING')"`` → ('TEN_TO_SIXTEEN', 'FOSTERING'), category upper-cased; else None."""
    if not isinstance(value, str):
        return None
    match = _PAIR.match(value.strip())
    if not match:
        return None
    age, category = match.group(2).strip(), match.group(4).strip().upper().replace(" ", "_")
    if not age or not category:
        return None
    return age, category


def _day(value: object) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if match := _ISO_DAY.match(text):
            return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _UK_DAY.match(text):
            return _dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


def _value(value: object) -> float | str:
    """A cell's expected children, or the message saying why it is not one."""
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if _blank(value):
        return "is blank: a prediction gives every column a number of children every day"
    if number is None or not math.isfinite(number):
        return f"{_quote(value)} is not a number of children"
    if number < 0:
        if number > -NEGATIVE_NOISE:
            return 0.0
        return f"{number:g} children is negative: expected children are 0 or more"
    return number


def _days_in_month(month: _dt.date) -> int:
    following = _dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (following - month).days
