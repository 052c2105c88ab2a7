"""The Settings for benchmarks (calculations.md §10, issue 23): ``la_code`` and ``benchmark_roles``.

The Settings sheet module lists ``COLUMNS`` among its settings and asks ``la_code_problem`` about a code as
it reads it; the validator calls ``role_warnings`` once the Staffing rows are known. Kept here so the
Settings module carries only a hook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forecast.inputs.cells import as_text, is_blank, shown
from forecast.inputs.tables import listing, text_key
from forecast.schema import TEXT, Column, header_key

if TYPE_CHECKING:
    from forecast.inputs.plan import Plan

COLUMNS: tuple[Column, ...] = (
    Column(
        "la_code",
        TEXT,
        "The authority's DfE three-digit code (e.g. 890) or ONS code (e.g. E06000009): compares it with its "
        "ten statistical neighbours on the DfE's published figures (Benchmark sheet, forecast benchmark). "
        "Blank: no benchmarks.",
    ),
    Column(
        "benchmark_roles",
        TEXT,
        "Staffing roles counted as social workers in the benchmarks' own figures (agency, vacancy and turnover "
        "rates, caseload), separated by ';', e.g. Social Worker; Senior Social Worker. Blank: every Staffing row.",
    ),
)


def la_code_problem(value: str) -> tuple[str, str | None]:
    """(the code as kept, the problem or None): an unknown code's problem names the nearest authorities."""
    from forecast.inputs.benchmark_tables import load_tables, normalise_code  # only a workbook with la_code

    tables = load_tables()
    code = normalise_code(value)
    if tables.find(code) is not None:
        return code, None
    nearest = tables.nearest(code)
    hint = f"; nearest: {'; '.join(nearest)}" if nearest else ""
    return code, (f"la_code {shown(value)} is not the DfE three-digit or ONS code of an English children's "
                  f"services authority{hint} (the DfE's statistical neighbour model, 2025, lists 153)")


def roles(text: str | None) -> tuple[str, ...]:
    """The roles of a ``benchmark_roles`` value, trimmed, blanks dropped."""
    return tuple(part.strip() for part in (text or "").split(";") if part.strip())


def role_warnings(plan: Plan) -> None:
    """Warn, at the benchmark_roles cell, each role no Staffing row has (it counts nothing); once, however
    often it is called (the validator reaches its changes stage once per changes sheet)."""
    table = plan.tables.get("Settings")
    if table is None or "value" not in table.columns:
        return
    for row in table.rows:
        if header_key(as_text(row.raw("setting"))) != header_key("benchmark_roles"):
            continue
        raw = row.raw("value")
        if is_blank(raw):
            return
        known = {text_key(role) for _, role in plan.staff.values()}
        spelt = sorted({role for _, role in plan.staff.values()})
        for role in roles(as_text(raw)):
            if text_key(role) not in known:
                where = f"Staffing roles: {listing(spelt)}" if spelt else "there are no Staffing rows"
                message = (f"benchmark_roles names role {shown(role)}, which no Staffing row has: it counts nothing "
                           f"in the benchmarks' own figures ({where})")
                if not any(p.message == message and p.cell == row.cell("value") for p in plan.problems.items):
                    row.warning("value", message)
        return
