"""Cover: what the workbook is, for whom and from what, before any figure (GSS "Releasing statistics in spreadsheets").

The title in A1, then one row per fact (authority, position, report,
author, source file, units and sign convention), and a sentence on what the
workbook holds taken from the list of sheets being written.
"""

from __future__ import annotations

from collections.abc import Sequence

from forecast.engine.results import Results
from forecast.report.formats import Formats
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context, as_at
from forecast.report.grid import Sheet

NAME = sheet_name(__name__)
_TOP = 3


def wanted(results: Results, analyses: Analyses) -> bool:
    return True


def title(ctx: Context) -> str:
    """The workbook's title: the report's own (``Appendix 7(a)…``), else the service's monitoring report."""
    s = ctx.results.settings
    return s.report_title.strip() or f"{s.service}: budget monitoring and medium-term forecast"


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    sh.text(0, 0, title(ctx), f["title"], fit=False)
    sh.text(1, 0, f"{s.authority}, {s.service}, {as_at(r)}", f["subtitle"], fit=False)
    sheets = [name for name, _about in ctx.sheets if name not in (NAME, "Contents")]
    holds = (
        f"{ctx.layout.title.format(**ctx.placeholders())}. The sheets, each listed with a link on the Contents "
        f"sheet: {', '.join(sheets)}."
    )
    facts = (
        ("This workbook holds", holds),
        ("Authority", s.authority),
        ("Service", s.service),
        ("Position", as_at(r)[0].upper() + as_at(r)[1:]),
        ("Report", s.report_title.strip()),
        ("Prepared by", s.prepared_by.strip()),
        ("Source file", ctx.info.input_name),
        ("Scenario", r.scenario),
        ("Units", _units(ctx.units)),
        ("Sign convention", ctx.sign_note().split(". ", 1)[1]),
        ctx.info.dated,
        ("Made with", f"forecast {ctx.info.version}; every total and variance is a live formula"),
    )
    write_facts(sh, f, facts)
    ctx.page_setup(sh, None, f"{s.authority}: {NAME}")


def write_facts(sh: Sheet, f: Formats, facts: Sequence[tuple[str, str]]) -> None:
    """The "About" table under a cover's title and subtitle: one row per fact; a fact not given prints nothing
    (issue 21: no "(not given)" on a printed page). The history workbook's Cover uses it too."""
    shown = [fact for fact in facts if fact[1]]
    sh.text(_TOP, 0, "About", f["header"])
    sh.text(_TOP, 1, "", f["header"])
    for i, (label, value) in enumerate(shown, start=1):
        sh.text(_TOP + i, 0, label, f["label"])
        sh.text(_TOP + i, 1, value, f["text_wrap"])
    last = _TOP + len(shown)
    sh.table(_TOP, last)
    sh.set_width(0, 24)
    sh.set_width(1, 110)
    sh.fit_columns()
    sh.freeze(1, 0)


def _units(units: str) -> str:
    if units == "£000":
        return "£000: thousands of pounds (a figure of 1,234 is £1,234,000); weekly costs and salaries in £"
    if units == "£":
        return "£: pounds"
    return units
