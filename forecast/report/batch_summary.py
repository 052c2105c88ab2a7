"""``batch-summary.xlsx``: one row per input of ``forecast batch``, in the order the inputs were given.

When every built file shares its plan years and units, the gap columns
are headed by year and a total row adds them up (live ``SUM`` formulas with
the values cached); otherwise the columns are each plan's year 1, 2, … and
there is no total, because adding £000 to £, or 2019/20 to 2024/25, means
nothing.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence

from xlsxwriter.workbook import Workbook

from forecast.fy import fy_label
from forecast.report.benchmark_report import BenchmarkRow
from forecast.report.formats import Formats
from forecast.report.grid import Sheet, cell
from forecast.report.layout import Layout
from forecast.records import frozen

NAME = "Batch summary"
BENCHMARKS = "Benchmarks"  # issue 23: each authority's benchmark row, side by side
BUILT = "built"
FAILED = "failed"


@frozen
class BatchItem:
    """What happened to one input: its headline figures, or why it failed."""

    input: str
    output: str
    status: str  # BUILT or FAILED
    message: str = ""  # the error when failed; the number of warnings when built
    authority: str = ""
    financial_year: int | None = None
    period: int | None = None
    units: str = ""
    net_variance: float | None = None
    years: tuple[int, ...] = ()
    gaps: tuple[float, ...] = ()
    reserves_closing: float | None = None  # at the end of the plan; None when reserves are not tracked
    reserves_run_out: int | None = None  # the first year they fall below 0
    reserves_run_out_if_gaps_met: int | None = None  # issue 19: the same if each year's gap were met from them
    document_date: _dt.datetime | None = None  # the workbook's fixed creation date
    seconds: float = 0.0
    scenario: str = "Base"  # the scenario the workbook shows (batch --scenario)
    benchmark: BenchmarkRow | None = None  # issue 23: with Settings la_code, the authority against its neighbours

    @property
    def ok(self) -> bool:
        return self.status == BUILT


def totals(items: Sequence[BatchItem]) -> tuple[float, tuple[float, ...]]:
    """Net variance and each plan year's gap added up over the items that built.

    Meaningful only when they share units and plan years: the summary
    workbook checks that before it shows a total row.
    """
    built = [i for i in items if i.ok]
    width = min((len(i.gaps) for i in built), default=0)
    net = sum(i.net_variance or 0.0 for i in built)
    return net, tuple(sum(i.gaps[t] for i in built) for t in range(width))


def batch_summary_bytes(items: Sequence[BatchItem], generated_at: _dt.datetime) -> bytes:
    """The .xlsx file as bytes (the caller writes it atomically)."""
    buffer = io.BytesIO()
    workbook = Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    workbook.set_properties({"title": "forecast batch summary", "created": generated_at})
    f = Formats(workbook, Layout())
    sheet = Sheet(workbook, NAME)
    _write(sheet, f, items)
    if any(i.ok and i.benchmark is not None for i in items):
        from forecast.report.batch_benchmarks import write_benchmarks

        write_benchmarks(Sheet(workbook, BENCHMARKS), f, [(i.input, i.benchmark) for i in items
                                                          if i.ok and i.benchmark is not None])
    workbook.close()
    return buffer.getvalue()


def _write(sheet: Sheet, f: Formats, items: Sequence[BatchItem]) -> None:
    built = [i for i in items if i.ok]
    failed = len(items) - len(built)
    shown = sorted({i.scenario for i in built} - {"Base"})
    scenario = f" Scenario shown: {', '.join(shown)}." if shown else ""
    sheet.text(0, 0, "forecast batch: one row per input workbook", f["title"])
    sheet.text(
        1,
        0,
        f"{len(built)} built, {failed or 'none'} failed.{scenario} Net variance: positive = overspend; gap: positive = shortfall.",
        f["note"],
        fit=False,
    )
    shared = {(i.years, i.units) for i in built}
    common = len(shared) == 1
    width = max((len(i.gaps) for i in built), default=0)
    years = built[0].years if common else ()
    if common:
        units = built[0].units
        gap_heads = [f"Gap {fy_label(y)}\n{units}" for y in years]
        width = len(years)
        net_head = f"Net variance\n{units}"
    else:
        gap_heads = [f"Gap plan year {t + 1}" for t in range(width)]
        net_head = "Net variance"
    reserves = any(i.reserves_closing is not None for i in built)
    reserve_heads = (
        ["Reserves at the end of the plan", "Reserves run out in", "Reserves run out if the gaps were met, in"]
        if reserves else []
    )
    header = [
        "File",
        "Authority",
        "Financial year",
        "Period",
        "Units",
        net_head,
        *gap_heads,
        *reserve_heads,
        "Status",
        "Message",
        "Output",
    ]
    top = 3
    for c, text in enumerate(header):
        numeric = c == 5 or 6 <= c < 6 + width + len(reserve_heads)
        sheet.text(top, c, text, f["header_num" if numeric else "header"], fit=not numeric)
        if numeric:
            sheet.min_width(c, 12)
    status_col = 6 + width + len(reserve_heads)
    for n, item in enumerate(items):
        r = top + 1 + n
        sheet.text(r, 0, item.input, f["text"])
        sheet.text(r, 1, item.authority, f["text"])
        sheet.text(r, 2, fy_label(item.financial_year) if item.financial_year is not None else "", f["text"])
        sheet.number(r, 3, float(item.period) if item.period is not None else None, f["plain_number"])
        sheet.text(r, 4, item.units, f["text"])
        sheet.number(r, 5, item.net_variance, f["money"])
        for t in range(width):
            value = item.gaps[t] if item.ok and t < len(item.gaps) else None
            sheet.number(r, 6 + t, value, f["money"])
        if reserves:
            sheet.number(r, 6 + width, item.reserves_closing if item.ok else None, f["money"])
            if item.reserves_run_out is not None:
                sheet.text(r, 7 + width, fy_label(item.reserves_run_out), f["text_right"])
            if item.reserves_run_out_if_gaps_met is not None:
                sheet.text(r, 8 + width, fy_label(item.reserves_run_out_if_gaps_met), f["text_right"])
        sheet.text(r, status_col, item.status, f["check_ok" if item.ok else "check_bad"])
        sheet.text(r, status_col + 1, item.message, f["text_wrap"])
        sheet.text(r, status_col + 2, item.output if item.ok else "", f["text"])
    last = top + len(items)
    if common and built and len(items) > 1:
        r = last + 1
        sheet.text(r, 0, f"Total of {len(built)} built", f["text_total"])
        for c in range(1, 5):
            sheet.blank(r, c, f["text_total"])
        net, gaps = totals(items)
        for k, value in enumerate((net, *gaps[:width])):
            c = 5 + k
            sheet.formula(r, c, f"=SUM({cell(top + 1, c)}:{cell(last, c)})", value, f["money_total"])
    sheet.cap_width(0, 50)
    sheet.cap_width(status_col + 1, 70)
    sheet.freeze(top + 1, 1)
    sheet.fit_columns()
    sheet.page_setup((top, top), "forecast batch summary")
