"""The typed cell keys the sheets record and refer to (``ctx.cells.put(key, …)``, ``ctx.cells.get(key)``).

They are declared in ``forecast.engine.figure_keys``, below the writers, so the
engine's identities name their terms by the same keys the Checks sheet writes
as formulas; this module is where the sheets import them from.
"""

from __future__ import annotations

from forecast.engine.figure_keys import (
    BRIDGE_FIGURES,
    INVESTMENT_BLOCKS,
    INVESTMENTS,
    MTFP,
    MTFP_GAP_CHANGES,
    MTFP_GAPS,
    OWNERS,
    PLACEMENT_LINES_FORECAST,
    PLACEMENTS,
    REVENUE_COLUMNS,
    REVENUE_SUMMARY,
    SAVING_BLOCKS,
    SAVINGS,
    STAFFING,
    STAFFING_LINES_RECRUITMENT,
    STAFFING_MONTHS_NET_EFFECT,
    STAFFING_PER_UNIT,
    STAFFING_ROW_FIGURES,
    STAFFING_TOTALS,
    VARIANCE_ANALYSIS,
    VARIANCE_TOTAL,
    CellKey,
    investments_year,
    mtfp,
    mtfp_rows,
    placements_all,
    placements_line,
    revenue_groups_sum,
    revenue_line,
    revenue_lines_sum,
    revenue_total,
    savings_year,
    staffing_row,
    staffing_total,
)

__all__ = [
    "BRIDGE_FIGURES", "INVESTMENT_BLOCKS", "INVESTMENTS", "MTFP", "MTFP_GAP_CHANGES", "MTFP_GAPS", "OWNERS",
    "PLACEMENT_LINES_FORECAST", "PLACEMENTS", "REVENUE_COLUMNS", "REVENUE_SUMMARY", "SAVING_BLOCKS", "SAVINGS",
    "STAFFING", "STAFFING_LINES_RECRUITMENT", "STAFFING_MONTHS_NET_EFFECT", "STAFFING_PER_UNIT",
    "STAFFING_ROW_FIGURES", "STAFFING_TOTALS", "VARIANCE_ANALYSIS", "VARIANCE_TOTAL", "CellKey",
    "investments_year", "mtfp", "mtfp_rows", "placements_all", "placements_line", "revenue_groups_sum",
    "revenue_line", "revenue_lines_sum", "revenue_total", "savings_year", "staffing_row", "staffing_total",
]
