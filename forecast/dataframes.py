"""pandas DataFrames of a run's figures, for analysts in notebooks (``forecast.frames``).

The only module that imports pandas: the command line never loads it. Each
frame is tidy (one row per line, row, investment, saving, plan year …);
money columns carry the workbook's units in their names (``budget (£000)``),
unit costs ``(£)``, rates are fractions. Figures are the engine's, unrounded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from forecast.fy import fy_label

if TYPE_CHECKING:
    import pandas as pd

    from forecast.engine.results import Results

# How a column is shown: "money" in the workbook's units, "pounds" a unit cost in £, else as it is.
MONEY, POUNDS, PLAIN, YEAR = "money", "pounds", "plain", "year"

_LINES = (
    ("line", PLAIN), ("group", PLAIN), ("method", PLAIN), ("budget", MONEY), ("actual_to_date", MONEY),
    ("outturn", MONEY), ("variance", MONEY), ("earmarked", MONEY), ("net_variance", MONEY),
    ("variance_pct", PLAIN), ("previous_variance", MONEY), ("movement", MONEY), ("rag", PLAIN), ("comment", PLAIN),
    ("earmark_drawn", MONEY), ("earmark_unused", MONEY), ("ongoing_variance", MONEY), ("one_off_variance", MONEY),
)
_GROUPS = (
    ("group", PLAIN), ("budget", MONEY), ("actual_to_date", MONEY), ("outturn", MONEY), ("variance", MONEY),
    ("earmarked", MONEY), ("net_variance", MONEY), ("variance_pct", PLAIN), ("previous_variance", MONEY),
    ("movement", MONEY), ("earmark_drawn", MONEY), ("earmark_unused", MONEY),
)
_PLACEMENTS = (
    ("line", PLAIN), ("placement_type", PLAIN), ("children", PLAIN), ("weekly_cost", POUNDS),
    ("budget_children", PLAIN), ("budget_weekly_cost", POUNDS), ("growth", PLAIN),
    ("full_year_forecast", MONEY), ("full_year_budget", MONEY), ("remaining_cost", MONEY),
)
_STAFFING = (
    ("line", PLAIN), ("team", PLAIN), ("role", PLAIN), ("fte_budget", PLAIN), ("fte_permanent", PLAIN),
    ("fte_agency", PLAIN), ("vacant", PLAIN), ("salary", POUNDS), ("employee_cost_per_fte", POUNDS),
    ("agency_cost_per_fte", POUNDS), ("budget_basis", MONEY), ("full_year_forecast", MONEY),
    ("vacancy_saving", MONEY), ("agency_premium", MONEY), ("cases", PLAIN), ("target_caseload", PLAIN),
    ("caseload", PLAIN), ("fte_needed", PLAIN), ("capacity_gap", PLAIN), ("cost_to_close", MONEY),
    ("turnover", PLAIN),
)
_INVESTMENTS = (
    ("name", PLAIN), ("line", PLAIN), ("kind", PLAIN), ("funding", PLAIN), ("amount", MONEY), ("npv", MONEY),
    ("irr", PLAIN), ("payback_year", YEAR), ("posts_fte", PLAIN), ("team", PLAIN), ("role", PLAIN),
    ("from_type", PLAIN), ("to_type", PLAIN), ("children_moved", PLAIN),
)
_SAVINGS = (
    ("name", PLAIN), ("line", PLAIN), ("year", YEAR), ("amount", MONEY), ("rag", PLAIN), ("recurring", PLAIN),
    ("weight", PLAIN),
)
_TRENDS = (
    ("measure", PLAIN), ("months", PLAIN), ("first_month", PLAIN), ("last_month", PLAIN), ("latest", PLAIN),
    ("growth", PLAIN), ("growth_se", PLAIN), ("growth_p10", PLAIN), ("growth_p90", PLAIN), ("change", PLAIN),
)
_CAPACITY = (
    ("year", YEAR), ("team", PLAIN), ("role", PLAIN), ("cases", PLAIN), ("fte_needed", PLAIN),
    ("fte_in_post", PLAIN), ("gap_fte", PLAIN), ("cost_to_close", MONEY),
)
# MTFP fields that are not money in units
_MTFP_NOT_MONEY = {"year": YEAR, "carried_forward": PLAIN, "cla": PLAIN, "rate_per_10k": PLAIN}


def frames(results: Results) -> dict[str, pd.DataFrame]:
    """One DataFrame per table of the run, keyed by name.

    Always: ``lines``, ``groups``, ``mtfp`` (one row per plan year),
    ``investments`` and ``investment_years`` (cost, saving and funded cost by
    plan year), ``savings`` and ``saving_years``; when the inputs have them:
    ``placements``, ``staffing``, ``capacity`` (by plan year) and ``trends``.
    """
    import pandas as pd

    units = results.settings.units
    years = results.years
    out: dict[str, pd.DataFrame] = {
        "lines": _frame(results.lines, _LINES, units),
        "groups": _frame(results.groups, _GROUPS, units),
        "mtfp": _mtfp(results, units),
        "investments": _frame(results.investments, _INVESTMENTS, units),
        "investment_years": pd.DataFrame(
            [
                {"name": i.name, "year": fy_label(year), _head("cost", MONEY, units): i.cost[t],
                 _head("saving", MONEY, units): i.saving[t], _head("funded", MONEY, units): i.funded[t]}
                for i in results.investments
                for t, year in enumerate(years)
            ],
            columns=["name", "year", *(_head(c, MONEY, units) for c in ("cost", "saving", "funded"))],
        ),
        "savings": _frame(results.savings.items, _SAVINGS, units),
        "saving_years": pd.DataFrame(
            [
                {"name": s.name, "year": fy_label(year), _head("planned", MONEY, units): s.planned[t],
                 _head("delivered", MONEY, units): s.delivered[t], _head("at_risk", MONEY, units): s.at_risk[t]}
                for s in results.savings.items
                for t, year in enumerate(years)
            ],
            columns=["name", "year", *(_head(c, MONEY, units) for c in ("planned", "delivered", "at_risk"))],
        ),
    }
    if results.placements is not None:
        out["placements"] = _frame(results.placements.rows, _PLACEMENTS, units)
    if results.staffing is not None:
        out["staffing"] = _frame(results.staffing.rows, _STAFFING, units)
        capacity = getattr(results.staffing, "capacity", ())
        if capacity:
            out["capacity"] = _frame(capacity, _CAPACITY, units)
    trends = getattr(results, "trends", ())
    if trends:
        out["trends"] = _frame(trends, _TRENDS, units)
    return out


def _head(name: str, kind: str, units: str) -> str:
    if kind == MONEY:
        return f"{name} ({units})"
    if kind == POUNDS:
        return f"{name} (£)"
    return name


def _value(value: Any, kind: str) -> Any:
    if kind == YEAR and isinstance(value, int):
        return fy_label(value)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return value


def _frame(records: Iterable[Any], columns: Sequence[tuple[str, str]], units: str) -> pd.DataFrame:
    import pandas as pd

    records = list(records)
    present = [(name, kind) for name, kind in columns if not records or hasattr(records[0], name)]
    rows = [{_head(name, kind, units): _value(getattr(r, name), kind) for name, kind in present} for r in records]
    return pd.DataFrame(rows, columns=[_head(name, kind, units) for name, kind in present])


def _mtfp(results: Results, units: str) -> pd.DataFrame:
    import pandas as pd

    if not results.mtfp:
        return pd.DataFrame()
    names = [f.name for f in dataclasses.fields(results.mtfp[0])]
    columns = [(name, _MTFP_NOT_MONEY.get(name, MONEY)) for name in names]
    frame = _frame(results.mtfp, columns, units)
    return frame.set_index("year")
