"""A small hand-worked improvement plan on the factory's minimal workbook (issue 24), for the wired tests.

Month 6 2025/26: E = 30 September 2025; the amber window ends 30 December 2025 (EDATE(E, 3)).
History: ``Caseload`` 24 × 0.98^m and ``Timeliness`` 60 × 1.01^m for m = 0 … 11 (October 2024 to
September 2025): exactly geometric, so the §8 fit gives b = ln 0.98 (ln 1.01) and ĝ = 0.98^12 − 1
(1.01^12 − 1); the window is the 12 months there are (a 12-month trend).
"""

from __future__ import annotations

import copy
import datetime as dt

from factory import minimal_sheets

COLUMNS = ("section", "action", "lead", "due", "status", "investment", "measure", "target", "target_date",
           "direction")
MONTHS = [dt.date(2024 + (9 + m) // 12, (9 + m) % 12 + 1, 1) for m in range(12)]  # Oct 2024 … Sep 2025

ACTIONS = (
    # 1: due on E and not complete: overdue, red
    ("1. Leadership", "Board meets monthly", "Chief Executive", dt.date(2025, 9, 30), "on track"),
    # 2: not started, due on the last day of the amber window (30 Dec): amber
    ("1. Leadership", "Refresh the scorecard", "Head of Performance", dt.date(2025, 12, 30), "not started"),
    # 3: on track, later: green; the caseload measure, lower is better
    ("2. Workforce", "Recruit social workers", "Director", dt.date(2026, 3, 31), "on track", "Edge of care",
     "Caseload", 18, dt.date(2026, 3, 31), "down"),
    # 4: not started, due a day after the amber window (31 Dec): green; section spelt otherwise (one name rule)
    ("2.  WORKFORCE", "Speed up assessments", None, dt.date(2025, 12, 31), "Not Started", None, "Timeliness", 80,
     dt.date(2026, 3, 31)),
    # 5: complete, due before E: green, not overdue
    ("2. Workforce", "Exit agency contracts", "Head of HR", dt.date(2025, 8, 31), "complete"),
    # 6: at risk: amber
    ("3. Practice", "Audit case files", "Principal Social Worker", dt.date(2026, 6, 30), "at risk"),
    # 7: off track: red; a measure not in History (warned, no latest)
    ("3. Practice", "Cut re-referrals", "Head of Safeguarding", dt.date(2026, 1, 31), "off track", None,
     "Referrals"),
)


def plan_sheets(actions: tuple[tuple[object, ...], ...] = ACTIONS) -> dict[str, list[dict[str, object]]]:
    sheets = copy.deepcopy(minimal_sheets())
    sheets["History"] = [
        {"month": month, "measure": measure, "value": start * rate**m}
        for measure, start, rate in (("Caseload", 24.0, 0.98), ("Timeliness", 60.0, 1.01))
        for m, month in enumerate(MONTHS)
    ]
    sheets["Actions"] = [dict(zip(COLUMNS, (*row, *([None] * (len(COLUMNS) - len(row)))), strict=True))
                         for row in actions]
    return sheets
