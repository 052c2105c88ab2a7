"""A Scenarios or Risks input row in a member's words (issue 21): no input codes on a printed page.

``*`` is "every row", a column name such as ``fte_agency`` is "agency FTE", an operation such as ``scale``
is "multiply by", a distribution such as ``pert`` is "smooth, peaked at likely".
"""

from __future__ import annotations

_COLUMNS = {
    "fte_agency": "agency FTE",
    "fte_permanent": "permanent FTE",
    "fte_budget": "budgeted FTE",
    "weekly_cost": "weekly cost",
    "budget_children": "children in the budget",
    "budget_weekly_cost": "weekly cost in the budget",
    "actual_to_date": "actual to date",
    "agency_rate": "agency rate",
    "case_growth": "case growth",
    "placement_inflation": "placement inflation",
    "pay_award": "pay award",
}
_OPS = {"scale": "multiply by", "add": "add", "set": "set to"}
_DISTRIBUTIONS = {
    "triangular": "triangular",
    "uniform": "even between low and high",
    "pert": "smooth, peaked at likely",
}


def row_words(row: str, sheet: str = "") -> str:
    """``*`` → "every row"; a setting (a Settings row) by its label, ``pay_award`` → "Pay award a year"; any other
    named row as it was given."""
    if row.strip() == "*":
        return "every row"
    if sheet == "Settings":
        from forecast.report.sheets.assumptions import setting_label

        return setting_label(row.strip())
    return row


def column_words(column: str) -> str:
    """An input column's code in words: ``fte_agency`` → "agency FTE", ``budget 2026/27`` as it is."""
    return _COLUMNS.get(column, column.replace("_", " "))


def op_words(op: str) -> str:
    return _OPS.get(op, op)


def distribution_words(distribution: str) -> str:
    return _DISTRIBUTIONS.get(distribution or "triangular", distribution)
