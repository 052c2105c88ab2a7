"""Reading and checking the input workbook.

``check_inputs(path)`` lists every problem (never raises for a bad workbook);
``load_inputs(path)`` returns the typed ``Inputs`` or raises ``InputError``
with every error; ``inputs_from_sheets`` does the same for a workbook given
as Python data (tests, examples).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from forecast.errors import InputError, Problem
from forecast.inputs.model import Inputs

if TYPE_CHECKING:
    from forecast.inputs.reader import RawSheet
    from forecast.inputs.rows import WorkbookRows

__all__ = ["check_inputs", "load_inputs", "load_inputs_and_rows", "inputs_from_sheets", "sheets_from_rows"]


def check_inputs(path: Path | str) -> tuple[Inputs | None, list[Problem]]:
    """Every error and warning in the workbook at ``path``, and its Inputs when usable."""
    inputs, problems, _raw = _check(path)
    return inputs, problems


def _check(
    path: Path | str, every_sheet: bool = False, check_results: bool = True
) -> tuple[Inputs | None, list[Problem], list[RawSheet]]:
    from forecast.inputs.reader import WorkbookReader
    from forecast.inputs.safe import open_safely
    from forecast.inputs.registry import sheet_for
    from forecast.inputs.validate import validate_sheets

    try:
        book = open_safely(path)
        reader = WorkbookReader(book)
        # Unknown sheets are only named in a warning, never read (unless the caller copies them).
        raw = [reader.read(name) if every_sheet or sheet_for(name) else _unread(name) for name in reader.sheet_names]
    except InputError as exc:
        return None, list(exc.problems), []
    inputs, problems = validate_sheets(raw, book.name, book.sha256, check_results)
    if inputs is not None:  # loaded inputs keep their file: the library refuses to write over it (issue 20)
        from dataclasses import replace

        inputs = replace(inputs, source_path=str(Path(path).resolve()), results_checked=check_results)
    return inputs, problems, raw


def load_inputs(path: Path | str, check_results: bool = True) -> Inputs:
    """The validated Inputs of the workbook at ``path``; raise InputError listing every error.

    ``check_results=False`` (a build): what each scenario and risk range makes is checked later, only for
    those the build runs (``Inputs.results_checked``).
    """
    inputs, problems, _raw = _check(path, check_results=check_results)
    return _usable(path, inputs, problems)


def load_inputs_and_rows(path: Path | str) -> tuple[Inputs, WorkbookRows]:
    """The validated Inputs of the workbook at ``path`` and every value of it as written (for copying it)."""
    from forecast.inputs.rows import workbook_rows

    inputs, problems, raw = _check(path, every_sheet=True)
    return _usable(path, inputs, problems), workbook_rows(raw)


def _usable(path: Path | str, inputs: Inputs | None, problems: list[Problem]) -> Inputs:
    if inputs is None:
        # A problem with the file itself already names it: "x.xlsx: x.xlsx: is empty" reads as a glitch.
        names_file = all(not p.cell and p.sheet == str(path) for p in problems)
        raise InputError(problems, path="" if names_file else str(path))
    return inputs


def inputs_from_sheets(sheets: dict[str, list[dict[str, object]]], source_name: str = "") -> Inputs:
    """Inputs from ``{sheet: [{header: value}]}`` as if each sheet started at A1; raise InputError."""
    from forecast.inputs.validate import validate_sheets

    inputs, problems = validate_sheets(sheets_from_rows(sheets), source_name)
    if inputs is None:
        raise InputError(problems, path=source_name)
    return inputs


def sheets_from_rows(sheets: dict[str, list[dict[str, object]]]) -> list[RawSheet]:
    """``{sheet: [{header: value}]}`` → raw sheets with a header row 1 (headers in first-seen order)."""
    from forecast.inputs.reader import RawSheet

    raw: list[RawSheet] = []
    for name, rows in sheets.items():
        headers: list[str] = []
        for row in rows:
            headers += [h for h in row if h not in headers]
        header_row: list[object] = list(headers)
        grid = [header_row] + [[row.get(h) for h in headers] for row in rows]
        raw.append(RawSheet.from_rows(name, grid))
    return raw


def _unread(name: str) -> RawSheet:
    from forecast.inputs.reader import RawSheet

    return RawSheet(name)
