"""Fuzzing: mutated versions of a valid input never crash, hang or leave a partial output.

Hypothesis mutates the minimal valid workbook four ways: bytes flipped in
the file, zip entries dropped, XML parts truncated or garbled, and random
values (text, negative and huge numbers, NaN-like text, dates, booleans,
formulas as text) in every column of every sheet, several at once or one
at a time (so most mutants are valid and reach the engine and writers).
Each mutant goes through ``forecast validate`` and ``forecast build -o
--all-scenarios --risk 20`` via CliRunner, which must:

- exit 0 or 1, with no traceback and no "unexpected error" (the CLI's
  message for a bug: an exception the code did not expect), and build
  whatever validate accepts;
- finish within the example's deadline (no hang);
- leave the output either absent or a complete workbook, and no temporary
  file beside it.

80 examples run by default (about 3 s); set FORECAST_FUZZ_EXAMPLES to run
more of each kind while hunting (5,000 found nothing more after the fixes).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

from click.testing import CliRunner
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factory import Sheets, minimal_sheets, write_workbook
from forecast.cli import cli
from test_safety_output import write_text_exactly

# every test here runs validate, build, summary and tables on many mutants (seconds in all): slow
pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("FORECAST_FUZZ_EXAMPLES", "16"))  # per test: 80 in all
BUILD = ["build", "--all-scenarios", "--risk", "20", "--seed", "1"]  # every sheet and engine path
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=10),  # each example is well under a second; a hang fails here
    suppress_health_check=[HealthCheck.too_slow],
    database=None,  # a found failure is printed with the example to reproduce it
)


def _valid_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_workbook(Path(folder) / "valid.xlsx", minimal_sheets()).read_bytes()


VALID = _valid_bytes()
with zipfile.ZipFile(io.BytesIO(VALID)) as _archive:
    PARTS = {name: _archive.read(name) for name in _archive.namelist()}
PART_NAMES = sorted(PARTS)
COLUMNS = sorted({(sheet, column) for sheet, rows in minimal_sheets().items() for row in rows for column in row})


def control_characters(text: str) -> list[str]:
    """C0 and C1 control characters other than line break, tab and CR LF's CR (an escape sequence's ESC is one)."""
    return sorted({c for c in text.replace("\r\n", "\n") if (ord(c) < 32 and c not in "\n\t")
                   or 0x7F <= ord(c) <= 0x9F})


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def check_cli(data: bytes, build: list[str] = BUILD) -> str:
    """``validate`` and ``build -o`` on ``data``: exit 0/1, no traceback or bug, output complete or absent.

    Returns the outcome, e.g. "validate 1, build 1", for hypothesis's statistics.
    """
    codes = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "mutant.xlsx"
        source.write_bytes(data)
        out_dir = Path(folder) / "out"
        out_dir.mkdir()
        out = out_dir / "mutant-forecast.xlsx"
        runner = CliRunner()
        tables_dir = Path(folder) / "tables"
        commands = [["validate", str(source)], build + [str(source), "-o", str(out)],
                    ["summary", str(source), "--json"], ["tables", str(source), "-o", str(tables_dir)]]
        for args in commands:
            if args[0] in ("summary", "tables") and codes[0] != "validate 0":
                continue  # the property: whatever validate accepts, build, summary and tables succeed
            result = runner.invoke(cli, args)
            assert result.exit_code in (0, 1), (args[0], result.output, result.exception)
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            assert "Traceback" not in result.output
            assert "unexpected error" not in result.output, result.output
            assert control_characters(result.output) == [], (args[0], result.output)
            codes.append(f"{args[0]} {result.exit_code}")
            # what validate accepts must build, summarise and tabulate; the one refusal allowed is the command
            # line's own ask: `--risk` on a workbook whose mutation left the Risks sheet without a range
            asked_too_much = args[0] == "build" and "a risk run needs ranges" in result.output
            if codes[0] == "validate 0" and not asked_too_much:
                assert result.exit_code == 0, (args[0], result.output)
            if args[0] == "summary":
                assert "Infinity" not in result.output and "NaN" not in result.output
                json.loads(result.stdout)
        assert [p.name for p in out_dir.iterdir() if p.name != out.name] == []  # no temporary file left
        if tables_dir.exists():
            names = {p.name for p in tables_dir.iterdir()}  # every format (an investments CSV when there are any)
            assert {"tables.md", "tables.html", "tables.docx", "narrative.txt"} <= names
            assert len([n for n in names if n.endswith(".csv")]) >= 3
            for path in tables_dir.iterdir():
                if path.suffix in (".md", ".csv", ".html", ".txt"):
                    assert control_characters(path.read_text("utf-8")) == [], path.name
        if result.exit_code == 0:
            with zipfile.ZipFile(out) as workbook:
                assert workbook.testzip() is None and "xl/workbook.xml" in workbook.namelist()
        else:
            assert not out.exists()
    return ", ".join(codes)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(1, 255)), min_size=1, max_size=8))
def test_bytes_flipped_in_the_file(flips: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for position, mask in flips:
        data[position] ^= mask
    event(check_cli(bytes(data)))


@FUZZ
@given(st.sets(st.sampled_from(PART_NAMES), min_size=1, max_size=4))
def test_zip_entries_dropped(dropped: set[str]) -> None:
    event(check_cli(_zip({name: data for name, data in PARTS.items() if name not in dropped})))


@FUZZ
@given(
    st.sampled_from([n for n in PART_NAMES if n.endswith((".xml", ".rels"))]),
    st.floats(0.0, 1.0),
    st.lists(st.tuples(st.floats(0.0, 1.0), st.sampled_from([b"<", b">", b'"', b"&", b"/", b"\x00", b"9", b"A"])),
             max_size=4),
)
def test_xml_truncated_or_garbled(name: str, keep: float, garbles: list[tuple[float, bytes]]) -> None:
    xml = bytearray(PARTS[name][: int(len(PARTS[name]) * keep)])
    for where, byte in garbles:
        if xml:
            xml[int(where * (len(xml) - 1))] = byte[0]
    event(check_cli(_zip({**PARTS, name: bytes(xml)})))


CELL_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "NaN", "nan", "inf", "-inf", "Infinity", "#N/A", "#DIV/0!", "1e999", "-0", "1,2,3",
                     "(5)", "5%", "£-3", "2025/26", "2025-13-45", "FY1899/00", "yes", "*", "Base", "none"]),
    st.sampled_from(["=1/0", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1", "\t=2"]),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),  # XlsxWriter cannot store NaN or infinity
    st.floats(-2e12, 2e12),  # either side of the validator's ±1e12 limit
    st.sampled_from([-1.0, -0.0, 1e-300, 1e300, 1.7976931348623157e308, 5.0, 100.0, 0.05]),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.booleans(),
    st.none(),
)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(COLUMNS), st.integers(0, 3), CELL_VALUES), min_size=1, max_size=6))
def test_random_values_in_every_column(changes: list[tuple[tuple[str, str], int, object]]) -> None:
    sheets: Sheets = minimal_sheets()
    for (sheet, column), row, value in changes:
        rows = sheets[sheet]
        while len(rows) <= row:
            rows.append(dict(rows[-1]))  # a copy of the last row: a duplicate to be reported, or more data
        rows[row][column] = value
    with tempfile.TemporaryDirectory() as folder:
        data = write_text_exactly(Path(folder) / "values.xlsx", sheets).read_bytes()
    event(check_cli(data))


@FUZZ
@given(st.sampled_from(COLUMNS), st.integers(0, 2), CELL_VALUES)
def test_one_odd_value_in_any_column(column: tuple[str, str], row: int, value: object) -> None:
    """One change at a time, so most mutants are valid and reach the engine and the writers."""
    sheets: Sheets = minimal_sheets()
    rows = sheets[column[0]]
    rows[min(row, len(rows) - 1)][column[1]] = value
    with tempfile.TemporaryDirectory() as folder:
        data = write_text_exactly(Path(folder) / "one.xlsx", sheets).read_bytes()
    event(check_cli(data))


def test_the_unmutated_input_builds() -> None:
    assert check_cli(VALID) == "validate 0, build 0, summary 0, tables 0"


@pytest.mark.parametrize("example", sorted(p.name for p in (Path(__file__).parents[2] / "inputs").glob("*.xlsx")))
def test_every_shipped_example_validates_builds_summarises_and_tabulates(example: str) -> None:
    data = (Path(__file__).parents[2] / "inputs" / example).read_bytes()
    assert check_cli(data, ["build", "--all-scenarios"]) == "validate 0, build 0, summary 0, tables 0"


# Every C0 and C1 control character, and the escape sequences that set a terminal's title, links,
# clipboard or colours, or clear it.
CONTROLS = "".join(map(chr, [*range(0, 32), *range(127, 160)]))
ESCAPES = ["\x1b]0;title\x07", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1b[2J",
           "\x1b[31m", "\x9b31m", "\x1bP1$qm\x1b\\", "\x1bc"]
CONTROL_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(CONTROLS + "ab =+-@|*_[]()<>&'\"\u200b\u202e"), max_size=30),
    st.lists(st.sampled_from(ESCAPES + ["x", " ", "\x0b", "\r\n", "\t"]), max_size=6).map("".join),
)
# Numbers at every limit the validator draws: ±1e12, near 0, Excel's extremes, the rate bounds.
LIMIT_NUMBERS = st.sampled_from([
    1e12, -1e12, 999_999_999_999.0, 1e12 + 1, 1e-9, -1e-9, 1.1e-9, 1e-10, 1e-320, 5e-324, 2.2250738585072014e-308,
    9.99999999999999e307, 1.0, -1.0, 1.0000001, -0.9999999, 0.0, 12.0, 13.0, 10.0, 11.0, 45964.0, 2_958_466.0,
])
TEXT_COLUMNS = [c for c in COLUMNS if c[1] in ("line", "comment", "group", "team", "role", "name", "scenario",
                                               "placement_type", "value", "authority")] + [("Settings", "value")]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(TEXT_COLUMNS), st.integers(0, 2), CONTROL_TEXT), min_size=1, max_size=4))
def test_control_characters_and_escape_sequences_in_text(changes: list[tuple[tuple[str, str], int, str]]) -> None:
    sheets: Sheets = minimal_sheets()
    for (sheet, column), row, text in changes:
        rows = sheets[sheet]
        rows[min(row, len(rows) - 1)][column] = text
    with tempfile.TemporaryDirectory() as folder:
        data = write_text_exactly(Path(folder) / "text.xlsx", sheets).read_bytes()
    event(check_cli(data))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(COLUMNS), st.integers(0, 2), LIMIT_NUMBERS), min_size=1, max_size=3))
def test_numbers_at_every_limit(changes: list[tuple[tuple[str, str], int, float]]) -> None:
    sheets: Sheets = minimal_sheets()
    for (sheet, column), row, number in changes:
        rows = sheets[sheet]
        rows[min(row, len(rows) - 1)][column] = number
    with tempfile.TemporaryDirectory() as folder:
        data = write_text_exactly(Path(folder) / "limits.xlsx", sheets).read_bytes()
    event(check_cli(data))


def test_every_control_character_in_every_text_builds_clean() -> None:
    """The whole set at once, in the authority's name, a line, its group and comment and a placement type."""
    sheets: Sheets = minimal_sheets()
    noisy = "x" + CONTROLS + "".join(ESCAPES) + "y"
    sheets["Settings"][0]["value"] = "Testshire" + noisy
    sheets["Budget"][2].update({"line": "Other" + noisy, "group": "Group" + noisy, "comment": noisy})
    sheets["Placements"][1]["placement_type"] = "external residential" + noisy
    with tempfile.TemporaryDirectory() as folder:
        data = write_text_exactly(Path(folder) / "noisy.xlsx", sheets).read_bytes()
    assert check_cli(data) == "validate 0, build 0, summary 0, tables 0"
