"""Build the output workbook from engine Results: sheets in the spec's order, written atomically.

The sheets and their order come from ``forecast.report.registry``; each is
written by its module in ``forecast.report.sheets``. A sheet with nothing to
show, or left out by the layout, is skipped.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from forecast._version import __version__
from forecast.engine.results import Results
from forecast.errors import OutputError
from forecast.report.analyses import Analyses
from forecast.files import atomic_output
from forecast.report.context import BuildInfo, CellMap, Context
from forecast.report.formats import Formats
from forecast.report.layout import Layout
from forecast.report.registry import SHEETS, SheetSpec, always, writer
from forecast.records import frozen

# Workbook options: text from the inputs must never turn into a formula, link or number.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}


@frozen
class BuildReport:
    """What ``build_workbook`` wrote."""

    path: Path
    sheets: tuple[str, ...]


def document_date(results: Results) -> _dt.datetime:
    """The workbook's fixed creation date: SOURCE_DATE_EPOCH when set, else the end of the reported month.

    Never the clock, so the same inputs always give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise OutputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970") from None
        try:
            return _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise OutputError(
                f"SOURCE_DATE_EPOCH={epoch!r} is outside the dates a workbook can hold (years 1970 to 9999)"
            ) from None
    s = results.settings
    if s.period == 0:
        return _dt.datetime(s.financial_year, 4, 1)
    month = (s.period + 2) % 12 + 1  # period 1 = April
    year = s.financial_year + (1 if month <= 3 else 0)
    next_month = _dt.datetime(year + (month == 12), month % 12 + 1, 1)
    return next_month - _dt.timedelta(days=1)


def default_output(inputs: Path | str, tables: bool = False) -> Path:
    """``outputs/<stem>-forecast.xlsx`` (or the ``outputs/<stem>-tables`` folder), creating ``outputs/``.

    Only the default folder is created: a folder named with ``-o`` must exist.
    """
    folder = Path("outputs")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the default output folder {folder.resolve()}: {exc.strerror}") from exc
    stem = Path(inputs).stem
    return folder / (f"{stem}-tables" if tables else f"{stem}-forecast.xlsx")


def sheets_for(results: Results, layout: Layout, analyses: Analyses | None = None) -> list[SheetSpec]:
    """The sheets that will be written for these results and this layout, in the registry's order."""
    analyses = analyses or Analyses()
    return [s for s in SHEETS if layout.includes(s.name) and writer(s).wanted(results, analyses)]


def write_workbook(
    results: Results, layout: Layout, info: BuildInfo, fh: BinaryIO, analyses: Analyses | None = None
) -> tuple[str, ...]:
    """Write the workbook into an open binary file; returns the sheet names written."""
    workbook = xlsxwriter.Workbook(fh, WORKBOOK_OPTIONS)
    s = results.settings
    workbook.set_properties(
        {
            "title": f"{s.service}: revenue summary and forecast",
            "subject": f"{s.authority} {s.service}",
            "author": s.prepared_by or "forecast",
            "company": s.authority,
            "comments": f"Built by forecast {info.version} from {info.input_name}",
            "created": info.generated_at,
        }
    )
    workbook.set_calc_mode("auto")
    analyses = analyses or Analyses()
    ctx = Context(
        workbook=workbook,
        formats=Formats(workbook, layout),
        layout=layout,
        results=results,
        info=info,
        analyses=analyses,
    )
    specs = sheets_for(results, layout, analyses)
    tabs = tab_order([s.name for s in specs], layout)
    by_name = {s.name: s for s in specs}
    # the Cover and Contents list the sheets in the order they print
    ctx.sheets = tuple((name, _about(by_name[name].about, results)) for name in tabs)
    ctx.cells = CellMap(tuple(s.name for s in specs))
    for spec in specs:  # written in the registry's order: a sheet's formulas refer only to sheets written before it
        ctx.cells.begin(spec.name)
        writer(spec).write(ctx)
    _reorder(workbook, tabs)
    names = tuple(tabs)
    active = layout.open_at if layout.open_at in names else names[0]
    workbook.get_worksheet_by_name(active).activate()
    workbook.close()
    return names


def _about(about: str, results: Results) -> str:
    """A sheet's line on the Cover and Contents; at Month 12 the outturn is no forecast (issue 21)."""
    if results.settings.period == 12:
        about = about.replace("forecast outturn", "outturn")
    return about[0].upper() + about[1:]


def tab_order(names: list[str], layout: Layout) -> list[str]:
    """The sheets in the order they print: the registry's, except that the sheet the layout opens at, when it is
    not one written whatever the layout (Cover, Contents, Notes, the Revenue Summary, Checks), comes first after
    Cover and Contents (issue 21: the ``mtfp-cabinet`` layout prints the MTFP first)."""
    first = layout.open_at
    if first not in names or first in always():
        return list(names)
    rest = [n for n in names if n != first]
    at = max((i + 1 for i, n in enumerate(rest) if n in ("Cover", "Contents")), default=0)
    return rest[:at] + [first] + rest[at:]


def _reorder(workbook: xlsxwriter.Workbook, tabs: list[str]) -> None:
    """Put the written worksheets in tab order; each sheet's index (its print area's and print titles' scope,
    and the active sheet) follows its new place."""
    sheets = {sheet.name: sheet for sheet in workbook.worksheets()}
    workbook.worksheets_objs[:] = [sheets[name] for name in tabs]
    for index, sheet in enumerate(workbook.worksheets_objs):
        sheet.index = index


def build_workbook(
    results: Results,
    path: Path | str,
    layout: Layout | None = None,
    input_name: str = "",
    input_sha256: str = "",
    analyses: Analyses | None = None,
) -> BuildReport:
    """Write the output workbook for ``results`` to ``path`` atomically.

    ``analyses``: the scenarios compared and the risk run, for the Scenarios and Risk sheets.
    """
    layout = layout or Layout()
    info = BuildInfo(
        input_name=input_name or "(inputs built in code)",
        input_sha256=input_sha256,
        version=__version__,
        generated_at=document_date(results),
        layout=layout.source,
        from_epoch=bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip()),
    )
    path = Path(path)
    with atomic_output(path) as fh:
        names = write_workbook(results, layout, info, fh, analyses)
    return BuildReport(path=path, sheets=names)
