"""Typed keys for the figures one sheet shows and a later sheet (or a check) refers to with a live formula.

A sheet records where it wrote a figure (``ctx.cells.put(key, …)``); a later
sheet asks for it (``ctx.cells.get(key)``) to write ``=Revenue Summary!D20``
instead of a constant. Keys are made only by the constructors below, each of
which checks its parts, so a typo fails when the workbook is built (and in the
tests), never silently turning a live formula into a constant. Each key
knows the sheet that owns it, so ``CellMap`` can also refuse a lookup of a
sheet that is written later (a change of sheet order).

The keys sit in the engine, below the writers, so the engine's identities
(``forecast.engine.identities``, the Checks sheet) name their terms by them:
the engine evaluates each identity from its terms and the Checks sheet writes
the same terms as a formula. ``forecast.report.keys`` re-exports them for the
sheets.
"""

from __future__ import annotations

from dataclasses import fields
from forecast.records import frozen

REVENUE_SUMMARY, PLACEMENTS, STAFFING, VARIANCE_ANALYSIS, INVESTMENTS, SAVINGS, MTFP = (
    "Revenue Summary", "Placements", "Staffing", "Variance Analysis", "Investments", "Savings", "MTFP",
)
# The sheets that own keys (each is a sheet of forecast.report.registry: tests/test_registry.py checks it)
OWNERS = frozenset({REVENUE_SUMMARY, PLACEMENTS, STAFFING, VARIANCE_ANALYSIS, INVESTMENTS, SAVINGS, MTFP})

# The figures each owner records (checked by the constructors)
REVENUE_COLUMNS = frozenset(
    {"budget", "actual_to_date", "outturn", "variance", "earmarked", "earmark_drawn", "earmark_unused",
     "net_variance", "variance_pct", "previous_variance", "movement"}
)
BRIDGE_FIGURES = frozenset({"full_year_forecast", "full_year_budget", "volume", "mix", "price"})
STAFFING_TOTALS = frozenset(
    {"fte_budget", "fte_permanent", "fte_agency", "vacant", "budget_basis", "full_year_forecast",
     "vacancy_saving", "agency_premium", "cases", "fte_needed", "capacity_gap", "cost_to_close",
     "turnover_cover", "permanent_vacancies"}
)
INVESTMENT_BLOCKS = frozenset({"cost", "saving", "funded", "base", "reserves", "gap_effect"})
STAFFING_ROW_FIGURES = frozenset({"target_caseload", "employee_cost_per_fte"})
SAVING_BLOCKS = frozenset({"planned", "delivered", "at_risk"})


def mtfp_rows() -> frozenset[str]:
    from forecast.engine.results import MtfpYear  # results names these keys in its checks: imported when used

    return frozenset(f.name for f in fields(MtfpYear))


@frozen
class CellKey:
    """Where a figure lives: the owning sheet and a name unique within the workbook."""

    sheet: str
    name: str

    def __post_init__(self) -> None:
        if self.sheet not in OWNERS:
            raise ValueError(f"cell key {self.name!r}: {self.sheet!r} is not a sheet of the registry")

    def __str__(self) -> str:
        return self.name


def _checked(what: str, value: str, allowed: frozenset[str]) -> str:
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(sorted(allowed))}")
    return value


def _year(t: int) -> int:
    if isinstance(t, bool) or not isinstance(t, int) or t < 0:
        raise ValueError(f"plan year index must be a whole number >= 0, got {t!r}")
    return t


# Revenue Summary (in the engine's sign: positive = overspend)
def revenue_total(column: str) -> CellKey:
    """The service total of a column."""
    return CellKey(REVENUE_SUMMARY, f"rs.total.{_checked('column', column, REVENUE_COLUMNS)}")


def revenue_lines_sum(column: str) -> CellKey:
    """A SUM over every line's cell of a column (the total's check)."""
    return CellKey(REVENUE_SUMMARY, f"rs.lines.{_checked('column', column, REVENUE_COLUMNS)}")


def revenue_groups_sum(column: str) -> CellKey:
    """A SUM over the groups' subtotals and ungrouped lines of a column."""
    return CellKey(REVENUE_SUMMARY, f"rs.groups.{_checked('column', column, REVENUE_COLUMNS)}")


def revenue_line(line: str, column: str) -> CellKey:
    """One Budget line's cell of a column."""
    return CellKey(REVENUE_SUMMARY, f"rs.line.{line}.{_checked('column', column, REVENUE_COLUMNS)}")


# Placements
def placements_line(line: str, figure: str) -> CellKey:
    return CellKey(PLACEMENTS, f"pl.line.{line}.{_checked('figure', figure, BRIDGE_FIGURES)}")


def placements_all(figure: str) -> CellKey:
    return CellKey(PLACEMENTS, f"pl.all.{_checked('figure', figure, BRIDGE_FIGURES)}")


PLACEMENT_LINES_FORECAST = CellKey(PLACEMENTS, "pl.lines.full_year_forecast")


# Staffing
def staffing_total(figure: str) -> CellKey:
    return CellKey(STAFFING, f"st.total.{_checked('figure', figure, STAFFING_TOTALS)}")


def staffing_row(i: int, figure: str) -> CellKey:
    """A figure of the i-th Staffing row (0-based, input order): for the MTFP's capacity by year."""
    return CellKey(STAFFING, f"st.row.{_year(i)}.{_checked('figure', figure, STAFFING_ROW_FIGURES)}")


STAFFING_PER_UNIT = CellKey(STAFFING, "st.per_unit")  # £ in one unit of the workbook
STAFFING_LINES_RECRUITMENT = CellKey(STAFFING, "st.lines.recruitment_effect")
STAFFING_MONTHS_NET_EFFECT = CellKey(STAFFING, "st.months.net_effect")

# Variance Analysis
VARIANCE_TOTAL = CellKey(VARIANCE_ANALYSIS, "va.total")


# Investments and Savings: the total of a block, by plan year
def investments_year(t: int, block: str) -> CellKey:
    return CellKey(INVESTMENTS, f"inv.{_year(t)}.{_checked('block', block, INVESTMENT_BLOCKS)}")


def savings_year(t: int, block: str) -> CellKey:
    return CellKey(SAVINGS, f"sv.{_year(t)}.{_checked('block', block, SAVING_BLOCKS)}")


# MTFP
def mtfp(t: int, row: str) -> CellKey:
    return CellKey(MTFP, f"mtfp.{_year(t)}.{_checked('MTFP row', row, mtfp_rows())}")


MTFP_GAPS = CellKey(MTFP, "mtfp.gaps")
MTFP_GAP_CHANGES = CellKey(MTFP, "mtfp.gap_changes")  # SUM of the change in gap, second year to the last
