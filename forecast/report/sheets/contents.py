"""Contents: a link to every sheet of the workbook with one line on what it shows.

The list is ``Context.sheets``: the very list of sheets the workbook writes
(``forecast.report.workbook.sheets_for``), so it can never name a sheet that
is not there or miss one that is. Contents does not list itself among
them (a row pointing at the list you are reading helps no one); its title in
A1 is the link to its own A1 instead, so every sheet of the workbook,
Contents included, has a link here for a checker or a screen reader's list
of links. (LibreOffice's PDF export once crashed on a self-link; that was
the print area ending at a column, since fixed, and it prints this one.)
"""

from __future__ import annotations

from forecast.engine.results import Results
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import Sheet

NAME = sheet_name(__name__)
_HEADER_ROW = 3


def wanted(results: Results, analyses: Analyses) -> bool:
    return True


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    s = ctx.results.settings
    sh.link(0, 0, NAME, f["title"])  # the title, styled as one: the link to this sheet itself
    sh.text(1, 0, f"{s.authority}, {s.service}: the sheets of this workbook (select a name to go to it)",
            f["subtitle"], fit=False)
    sh.text(_HEADER_ROW, 0, "Sheet", f["header"])
    sh.text(_HEADER_ROW, 1, "What it shows", f["header"])
    listed = [(name, about) for name, about in ctx.sheets if name != NAME]
    for i, (name, about) in enumerate(listed, start=1):
        sh.link(_HEADER_ROW + i, 0, name, f["link"])
        sh.text(_HEADER_ROW + i, 1, about, f["text_wrap"])
    last = _HEADER_ROW + len(listed)
    sh.table(_HEADER_ROW, last)
    sh.min_width(0, 22)
    sh.set_width(1, 110)
    sh.fit_columns()
    sh.freeze(_HEADER_ROW + 1, 0)
    ctx.page_setup(sh, (_HEADER_ROW, _HEADER_ROW), f"{s.authority}: {NAME}")
