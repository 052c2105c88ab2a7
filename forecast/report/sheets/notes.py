"""Notes: what a reader must know before relying on the figures, numbered.

Written when there is something to say: the scenario shown when it is not
Base, checks that fail, and every warning the inputs or the model raised
(the same warnings the Assumptions sheet lists for the finance team).
"""

from __future__ import annotations

from forecast.engine.results import Results
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import Sheet

NAME = sheet_name(__name__)
_HEADER_ROW = 3


def notes(results: Results) -> list[str]:
    """The notes, in the order they print."""
    out = []
    if results.scenario != "Base":
        out.append(f"The figures are the scenario '{results.scenario}', not the Base forecast.")
    if not results.all_checks_ok:
        out.append("Some checks fail: a figure was changed by hand or does not add up. See the Checks sheet.")
    return out + list(results.warnings)


def wanted(results: Results, analyses: Analyses) -> bool:
    return bool(notes(results))


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    s = ctx.results.settings
    ctx.title_block(sh, f"Notes – {s.service}", "Read these before relying on the figures.")
    sh.text(_HEADER_ROW + 1, 0, "Note", f["header"])
    sh.text(_HEADER_ROW + 1, 1, "What to know", f["header"])
    items = notes(ctx.results)
    for i, text in enumerate(items, start=1):
        sh.text(_HEADER_ROW + 1 + i, 0, str(i), f["text"])
        sh.text(_HEADER_ROW + 1 + i, 1, text, f["text_wrap"])
    sh.table(_HEADER_ROW + 1, _HEADER_ROW + 1 + len(items))
    sh.set_width(0, 8)
    sh.set_width(1, 110)
    sh.fit_columns()
    sh.freeze(_HEADER_ROW + 2, 0)
    ctx.page_setup(sh, (_HEADER_ROW + 1, _HEADER_ROW + 1), f"{s.authority}: {NAME}")
