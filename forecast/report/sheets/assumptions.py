"""Assumptions: the settings used, where the figures came from, and every warning raised."""

from __future__ import annotations

import dataclasses

from forecast.engine.results import Results
from forecast.fy import fy_label
from forecast.report.analyses import Analyses
from forecast.report.registry import sheet_name
from forecast.report.context import Context
from forecast.report.grid import Sheet

NAME = sheet_name(__name__)
_TEXT_WIDTH = 90
_TOP = 5
_RATES = frozenset(
    {
        "placement_inflation",
        "pay_award",
        "general_inflation",
        "budget_uplift",
        "on_cost_rate",
        "discount_rate",
        "rag_weight_green",
        "rag_weight_amber",
        "rag_weight_red",
        "variance_amber",
        "variance_red",
        "child_population_growth",  # issue 19
    }
)
# Each setting in words a member would follow; a setting not named here shows its name with spaces.
SETTING_LABELS = {
    "authority": "Authority",
    "financial_year": "Financial year",
    "period": "Months of actuals (April = 1)",
    "service": "Service",
    "mtfp_years": "Years in the plan",
    "units": "Units",
    "weeks_per_year": "Weeks in a year",
    "placement_inflation": "Placement cost inflation a year",
    "pay_award": "Pay award a year",
    "general_inflation": "General inflation a year",
    "on_cost_rate": "Employer on-costs (NI and pension) on salary",
    "hours_per_week": "Agency hours a week",
    "discount_rate": "Discount rate for investment NPV",
    "rag_weight_green": "Share of a green saving expected to be delivered",
    "rag_weight_amber": "Share of an amber saving expected to be delivered",
    "rag_weight_red": "Share of a red saving expected to be delivered",
    "variance_amber": "Amber when the net variance is at least this share of budget",
    "variance_red": "Red when the net variance is at least this share of budget",
    "rag_underspend": "How an underspending line is rated (green, or by its size)",  # issue 19
    "child_population": "Child population (residents aged 0-17)",
    "child_population_growth": "Child population change a year",
    "report_title": "Report title",
    "prepared_by": "Prepared by",
}


def wanted(results: Results, analyses: Analyses) -> bool:
    return True


def setting_label(name: str) -> str:
    return SETTING_LABELS.get(name, name.replace("_", " ").capitalize())


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    info = ctx.info
    ctx.title_block(sh, f"Assumptions and sources – {s.service}", "The settings behind every figure, and where they came from.")

    row = _TOP
    sh.text(row, 0, "About this workbook", f["header"])
    sh.text(row, 1, "", f["header"])
    about = (
        ("Input file", info.input_name),
        ("Input file SHA-256", info.input_sha256 or "(not read from a file)"),
        ("forecast version", info.version),
        ("Scenario", r.scenario),
        ("Layout", info.layout),
        info.dated,
        ("Sign convention", ctx.layout.sign_convention.replace("-", " ")),
        ("Units", ctx.units),
        # none raised: said here, not as a table of one row alone on the last printed page (issue 21)
        *((("Warnings", "None raised."),) if not r.warnings else ()),
    )
    for label, value in about:
        row += 1
        sh.text(row, 0, label, f["text"])
        sh.text(row, 1, value, f["text_wrap"])
    sh.table(_TOP, row)

    row += 2
    settings_top = row
    sh.text(row, 0, "Setting", f["header"])
    sh.text(row, 1, "Value used", f["header"])
    for field in dataclasses.fields(s):
        row += 1
        value = getattr(s, field.name)
        sh.text(row, 0, setting_label(field.name), f["text"])
        if field.name == "financial_year":
            sh.text(row, 1, fy_label(value), f["text"])
        elif isinstance(value, str):
            sh.text(row, 1, value, f["text"])
        elif isinstance(value, bool):  # a yes/no setting (demand_in_year), as typed
            sh.text(row, 1, "yes" if value else "no", f["text"])
        elif value is None:  # an optional setting left blank (reserves_opening: not tracked)
            sh.text(row, 1, "not given", f["text"])
        elif field.name in _RATES:
            sh.number(row, 1, float(value), f["rate_left"])
        elif field.name == "weeks_per_year":
            sh.number(row, 1, float(value), f["weeks"])
        else:
            sh.number(row, 1, float(value), f["plain_number"])
    settings_end = row
    # a few warnings print with the settings' last rows, never alone on a page
    tail = settings_end + 1 if not 0 < len(r.warnings) <= 3 else max(settings_top + 1, settings_end - 9)
    sh.table(settings_top, tail - 1)

    if r.warnings:
        row += 2
        warnings_top = row
        sh.text(row, 0, "Warnings", f["header"])
        sh.text(row, 1, "", f["header"])
        for i, warning in enumerate(r.warnings, start=1):
            row += 1
            sh.text(row, 0, f"Warning {i}", f["text"])
            sh.text(row, 1, warning, f["text_wrap"], fit=False)
        sh.table(warnings_top, row)
        if len(r.warnings) <= 3:
            sh.keep_together(tail, row)
    sh.min_width(0, 34)
    sh.min_width(1, _TEXT_WIDTH)
    sh.cap_width(1, _TEXT_WIDTH)
    sh.fit_columns(minimum=12)
    # three tables, no one header row: the title stays in view; each table is kept on one page where it fits
    sh.freeze(4, 0)
    ctx.page_setup(sh, None, f"{s.authority}: {NAME}")
