"""The batch summary's Benchmarks sheet (issue 23): each authority's benchmark row, side by side.

A region's view of its authorities: for each input with Settings ``la_code``, every indicator's published
figure in its latest year, the authority's own figure now from its inputs and its rank among itself and its
ten statistical neighbours; England's figure on the last row. Rates are fractions shown as percentages; a
figure the DfE did not publish shows its mark ("not published (c)"), never 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine.benchmark import INDICATORS, NOTES
from forecast.inputs.benchmark_tables import LICENCE, MARKS
from forecast.report.benchmark_report import SHORT_NAMES, BenchmarkFigure, BenchmarkRow
from forecast.report.formats import Formats
from forecast.report.grid import Sheet



def _scale(indicator_id: str) -> float:
    return 0.01 if INDICATORS[indicator_id][1] == "%" else 1.0


def _style(indicator_id: str) -> str:
    return {"%": "rate", "per 10,000": "whole", "£": "unit_cost"}.get(INDICATORS[indicator_id][1], "fte")


def _columns(figure: BenchmarkFigure) -> tuple[str, ...]:
    """The columns one indicator takes: published, now (when the inputs can give it) and rank."""
    return ("published", "rank") if figure.id == "spend_per_child" else ("published", "now", "rank")


def _cell(sheet: Sheet, f: Formats, r: int, c: int, figure: BenchmarkFigure | None, what: str,
          marks: set[str]) -> None:
    if figure is None:
        sheet.blank(r, c, f["text"])
    elif what == "published":
        if figure.value is None:
            sheet.text(r, c, f"not published ({figure.mark})" if figure.mark else "not published", f["text_right"])
            marks.update([figure.mark] if figure.mark else [])
        else:
            sheet.number(r, c, figure.value * _scale(figure.id), f.named(_style(figure.id)))
    elif what == "now":
        if figure.own is None:
            sheet.text(r, c, "not given", f["text_right"])
        else:
            sheet.number(r, c, figure.own * _scale(figure.id), f.named(_style(figure.id)))
    elif figure.rank is None:
        sheet.text(r, c, "no figure", f["text_right"])
    else:
        sheet.text(r, c, f"{figure.rank} of {figure.ranked_of}", f["text_right"])


def write_benchmarks(sheet: Sheet, f: Formats, rows: Sequence[tuple[str, BenchmarkRow]]) -> None:
    """``rows``: (input file, its authority's benchmarks) for each built input with la_code."""
    sheet.text(0, 0, "forecast batch: each authority against its statistical neighbours", f["title"])
    sheet.text(1, 0, "The DfE's published figures, each in its latest year; now = the authority's own figure from "
               "its inputs; rank among itself and its ten statistical neighbours (1 = highest).", f["note"],
               fit=False)
    top = 3
    spec = rows[0][1].figures
    header = ["File", "Authority", "DfE code", "Region"]
    for figure in spec:
        for what in _columns(figure):
            label = {"published": f"{SHORT_NAMES[figure.id]}\n{figure.year}", "now": f"{SHORT_NAMES[figure.id]}\nnow",
                     "rank": f"{SHORT_NAMES[figure.id]}\nrank"}[what]
            header.append(label)
    for c, text in enumerate(header):
        numeric = c >= 4
        sheet.text(top, c, text, f["header_num" if numeric else "header"], fit=not numeric)
        if numeric:
            sheet.min_width(c, 11)
    marks: set[str] = set()
    for n, (name, row) in enumerate(rows):
        r = top + 1 + n
        sheet.text(r, 0, name, f["text"])
        sheet.text(r, 1, row.la_name, f["text"])
        sheet.text(r, 2, row.la_code, f["text_right"])
        sheet.text(r, 3, row.region_name, f["text"])
        c = 4
        by_id = {figure.id: figure for figure in row.figures}
        for wanted in spec:
            found = by_id.get(wanted.id)
            for what in _columns(wanted):
                _cell(sheet, f, r, c, found, what, marks)
                c += 1
    england = top + 1 + len(rows)
    sheet.text(england, 0, "England", f["text_total"])
    for c in range(1, 4):
        sheet.blank(england, c, f["text_total"])
    c = 4
    for figure in spec:
        for what in _columns(figure):
            if what == "published" and figure.england is not None:
                style = _style(figure.id)
                sheet.number(england, c, figure.england * _scale(figure.id),
                             f.named("count_whole_total" if style == "whole" else style + "_total"))
            else:
                sheet.blank(england, c, f["text_total"])
            c += 1
    notes = ["Now 'not given': the inputs cannot give the figure (no child_population, no Staffing rows; spending "
             "never); rank 'no figure': the authority's figure is not published."]
    notes += [f"The DfE's marks: {'; '.join(f'{m} = {MARKS[m]}' for m in sorted(marks))}."] if marks else []
    notes += [NOTES[figure.id] for figure in spec if figure.id in NOTES]
    notes.append("Sources: Department for Education, Children's services statistical neighbour benchmarking tool "
                 "(2025 model); Children looked after in England including adoptions; Children's social work "
                 "workforce; MHCLG revenue outturn RO3 (spending). docs/benchmark.md names every file.")
    notes.append(LICENCE)
    for n, note in enumerate(notes):
        sheet.text(england + 2 + n, 0, note, f["note"], fit=False)
    sheet.table(top, england)
    sheet.cap_width(0, 40)
    sheet.freeze(top + 1, 2)
    sheet.fit_columns()
    sheet.page_setup((top, top), "forecast batch summary: benchmarks")
