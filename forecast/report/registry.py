"""The output workbook's sheets: one ordered declaration that everything else reads.

The workbook writes the sheets in this order; a layout's ``sheets`` list is
checked against it; the contents and the docs list it. Each entry names the
module in ``forecast.report.sheets`` that writes the sheet; the module takes
its ``NAME`` from here (``NAME = sheet_name(__name__)``) and exposes
``wanted(results, analyses)`` (does the sheet have anything to show?) and
``write(ctx)``. Adding a sheet is one module and one entry here.

Pure declarations: importing this module imports no sheet writer, so the
layout reader can use it without a cycle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, cast
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.engine.results import Results
    from forecast.report.analyses import Analyses
    from forecast.report.context import Context

PACKAGE = "forecast.report.sheets"


@frozen
class SheetSpec:
    name: str  # the sheet's tab name
    module: str  # its writer: a module of forecast.report.sheets
    about: str  # one line on what it shows (the contents)
    always: bool = False  # written whatever the layout's sheets list says
    asked: bool = False  # written whenever the build asks for it (--scenario, --risk), whatever the layout says


class SheetWriter(Protocol):
    NAME: str

    def wanted(self, results: Results, analyses: Analyses) -> bool: ...

    def write(self, ctx: Context) -> None: ...


# Written in this order: Cover, Contents and Notes first (revision 2). Checks is
# written after every sheet it refers to; the Revenue Summary refers to it
# through the defined name MasterCheck.
SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "Cover", "cover",
        "what this workbook is: the authority, the position, the report, who prepared it, the source and the units",
        always=True,
    ),
    SheetSpec("Contents", "contents", "a link to every sheet with one line on what it shows", always=True),
    SheetSpec(
        "Notes", "notes", "what to know before relying on the figures: the scenario shown, warnings about the inputs",
        always=True,
    ),
    SheetSpec(
        "Revenue Summary", "revenue_summary",
        "budget, actual to date, forecast outturn and variance by line, with subtotals and the service total",
        always=True,
    ),
    SheetSpec("Variance Analysis", "variance_analysis", "the net variance explained step by step, and the narrative"),
    SheetSpec("Placements", "placements", "children and weekly costs by placement type, and the volume, mix and price bridge"),
    SheetSpec("Staffing", "staffing", "establishment, staff in post, agency cover, vacancies, caseloads and recruitment"),
    SheetSpec("Investments", "investments", "investments' cost and saving by year, funding, NPV, IRR and payback"),
    SheetSpec("Savings", "savings", "approved savings by year and RAG: delivered and at risk"),
    SheetSpec(
        "MTFP", "mtfp",
        "the medium-term financial plan: budget, forecast, each year's gap and its change, reserves and capacity",
    ),
    SheetSpec(
        "Improvement Plan", "improvement_plan",
        "the improvement plan: each section's RAG, every action's status, RAG and due date, its money and measure",
    ),
    SheetSpec("History", "history", "each History measure's months, its trend with its likely range, and the projection"),
    SheetSpec("Demand", "demand", "what the Demand drives, and each type's Demand against its History and today"),
    SheetSpec("Benchmark", "benchmark", "the authority against its statistical neighbours on the DfE's published figures"),
    SheetSpec("Scenarios", "scenarios", "each scenario's gap by year beside Base", asked=True),
    SheetSpec("Risk", "risk", "the risk run: P10, P50 and P90 of the net variance and each year's gap", asked=True),
    SheetSpec("Checks", "checks", "every identity the figures must hold, as live formulas", always=True),
    SheetSpec("Assumptions", "assumptions", "settings used, the input file and its fingerprint, and every warning"),
)
BY_NAME = {s.name: s for s in SHEETS}
_BY_MODULE = {f"{PACKAGE}.{s.module}": s for s in SHEETS}


def names() -> tuple[str, ...]:
    return tuple(s.name for s in SHEETS)


def always() -> tuple[str, ...]:
    return tuple(s.name for s in SHEETS if s.always)


def asked() -> tuple[str, ...]:
    return tuple(s.name for s in SHEETS if s.asked)


def optional() -> tuple[str, ...]:
    return tuple(s.name for s in SHEETS if not s.always)


def sheet_name(module: str) -> str:
    """The tab name of the sheet written by ``module`` (a sheet module passes its ``__name__``)."""
    return _BY_MODULE[module].name


def writer(spec: SheetSpec) -> SheetWriter:
    """The module that writes ``spec``'s sheet (imported on first use)."""
    return cast(SheetWriter, importlib.import_module(f"{PACKAGE}.{spec.module}"))
