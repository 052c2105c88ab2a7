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
    }
)


def wanted(results: Results, analyses: Analyses) -> bool:
    return True


def write(ctx: Context) -> None:
    sh = Sheet(ctx.workbook, NAME)
    f = ctx.formats
    r = ctx.results
    s = r.settings
    info = ctx.info
    sh.text(0, 0, "Assumptions and sources", f["title"], fit=False)
    sh.text(1, 0, f"{s.authority}: {s.service}", f["subtitle"], fit=False)

    row = 3
    sh.text(row, 0, "About this workbook", f["header"])
    sh.text(row, 1, "", f["header"])
    about = (
        ("Input file", info.input_name),
        ("Input file SHA-256", info.input_sha256 or "(not read from a file)"),
        ("forecast version", info.version),
        ("Scenario", r.scenario),
        ("Layout", info.layout),
        ("Generated at", info.generated_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("Sign convention", ctx.layout.sign_convention.replace("-", " ")),
        ("Units", ctx.units),
    )
    for label, value in about:
        row += 1
        sh.text(row, 0, label, f["text"])
        sh.text(row, 1, value, f["text"])
    row += 1
    sh.text(
        row,
        1,
        "Generated at is the date of the figures (or SOURCE_DATE_EPOCH), so the same inputs give the same file.",
        f["note"],
        fit=False,
    )

    row += 2
    sh.text(row, 0, "Setting", f["header"])
    sh.text(row, 1, "Value used", f["header"])
    for field in dataclasses.fields(s):
        row += 1
        value = getattr(s, field.name)
        sh.text(row, 0, field.name, f["text"])
        if field.name == "financial_year":
            sh.text(row, 1, fy_label(value), f["text"])
        elif isinstance(value, str):
            sh.text(row, 1, value, f["text"])
        elif value is None:  # an optional setting left blank (reserves_opening: not tracked)
            sh.text(row, 1, "not given", f["text"])
        elif field.name in _RATES:
            sh.number(row, 1, float(value), f["rate_left"])
        elif field.name == "weeks_per_year":
            sh.number(row, 1, float(value), f["weeks"])
        else:
            sh.number(row, 1, float(value), f["plain_number"])

    row += 2
    sh.text(row, 0, "Warnings", f["header"])
    sh.text(row, 1, "", f["header"])
    if not r.warnings:
        sh.text(row + 1, 0, "None raised.", f["text"])
    for i, warning in enumerate(r.warnings, start=1):
        row += 1
        sh.text(row, 0, f"Warning {i}", f["text"])
        sh.text(row, 1, warning, f["text_wrap"], fit=False)
    sh.min_width(1, _TEXT_WIDTH)
    sh.cap_width(1, _TEXT_WIDTH)
    sh.fit_columns(minimum=12)
    # three tables, no one header row: the title stays in view and heads every printed page instead
    sh.freeze(2, 0)
    sh.page_setup((0, 1), f"{s.authority}: assumptions")
