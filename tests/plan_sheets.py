"""An input that uses every plan-years driver of revision 2, for the workbook and words tests.

Hand-checkable on purpose: the History of in-house fostering and of the
Assessment team grows exactly 10% a year (value = 100 × 1.1^(m/12)), the
reserves open at 300 and the one-off reserves-funded investment draws 100 in
2025/26, and only the Placements line gives a 2026/27 cash limit.
"""

from __future__ import annotations

import datetime as dt

from factory import Sheets, minimal_sheets


def monthly(measure: str, first: dt.date, months: int, start: float = 100.0, growth: float = 0.10) -> list[dict]:
    """``months`` History rows from ``first``: start × (1 + growth)^(m/12)."""
    rows = []
    for m in range(months):
        year, month = first.year + (first.month - 1 + m) // 12, (first.month - 1 + m) % 12 + 1
        rows.append({"month": dt.date(year, month, 1), "measure": measure, "value": start * (1 + growth) ** (m / 12)})
    return rows


def plan_sheets() -> Sheets:
    sheets = minimal_sheets()
    sheets["Settings"] += [
        {"setting": "reserves_opening", "value": 300},
        {"setting": "backfill_months", "value": 3},
    ]
    sheets["Budget"][0]["budget 2026/27"] = 1100  # Placements gives next year; the others are carried forward
    sheets["Placements"][0]["growth"] = "trend"
    staff = sheets["Staffing"][0]
    staff.update({"cases": 200, "target_caseload": 15, "case_growth": "trend", "turnover": 0.1})
    sheets["Investments"] += [
        {"name": "Two more social workers", "kind": "ongoing", "start_year": "2026/27", "funding": "base",
         "line": "Social workers", "team": "Assessment", "role": "Social Worker", "fte": 2},
        {"name": "Move to fostering", "kind": "one-off", "amount": 20, "start_year": "2026/27", "funding": "grant",
         "line": "Placements", "from_type": "external residential", "to_type": "in-house fostering",
         "children": 1},
    ]
    first = dt.date(2023, 10, 1)  # 24 months to September 2025, the end of period 6 of 2025/26
    sheets["History"] = (
        monthly("in-house fostering", first, 24)
        + monthly("Assessment", first, 24)
        + monthly("Referrals", first, 24, start=50, growth=0.0)
    )
    return sheets
