"""The shipped examples' improvement plans (issue 24): the Actions rows and the History months their measures need.

- Enfield (``inputs/enfield-2018-19-q2.xlsx``, Quarter 2 2018/19): the seed's
  "Enfield Improvement Plan following Ofsted Focused Visit on 25th and 26th
  September 2018", Action / Lead / By when / Impact, as the seed gives it:
  its three sections, eight actions and leads word for word. "By when" is
  relative in the seed ("1 week", "Mid-October"); it is dated from Monday
  1 October 2018, the week after the visit: Immediate(ly) 1 Oct, 1 week
  8 Oct, 2 weeks and Mid-October 15 Oct, 2-3 weeks 22 Oct (the later end),
  Go live 5/11 5 Nov 2018. Statuses follow each action's "Update:" in the
  Cabinet report ("Action complete", "all in post", "signed off" →
  complete; "in place", "go live week of 5/11", "recruitment ongoing",
  "tabled for next board" → on track). The capacity action names the
  £1m 18-post investment and the caseload measure: "R&A caseload" in
  September 2018 = 33.25, the four teams' 798 open cases over 24 social
  workers in post or agency (31, 32, 34 and 36 each, the seed's "31-36"),
  against the Pan-London target of 18 by 31 March 2020 (the end of the first
  year of the ongoing funding: the seed gives no date). One month of
  History: no trend, so no projection; it is judged on met (not met).
- Northfield (``inputs/example.xlsx``, Month 6 2025/26): a short plan in
  three sections whose two measures have 12 months of History each, one on
  course (Child Protection caseload, falling 3% a month, target 18 by March
  2026) and one not (assessments within 45 days, rising slowly, target 90%).

Each example takes them through one line in its ``sheets()`` dict (and the
import): ``**plan_sheets("example", _history())`` gives its ``Actions`` sheet and
its ``History`` sheet with the plan's measures' months after its own (a later
key of a dict literal replaces the earlier ``History``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from forecast.inputs.examples._rows import columns, table
from forecast.inputs.sheets.actions import SCHEMA as ACTIONS

HEADERS = tuple(c.name for c in ACTIONS.columns)

# -- Enfield ----------------------------------------------------------------------------------------------------
ENFIELD_MASH = "Extending the remit of MASH and improving recording of rationale for decision making"
ENFIELD_PRACTICE = "Practice & Standards"
ENFIELD_LEADERSHIP = "Leadership"
ENFIELD_POSTS = "Referral and Assessment capacity: 18 frontline posts"  # the example's Investments row
ENFIELD_CASELOAD = "R&A caseload"
ED_DCFS = "Executive Director and Director Children and Family Services"

ENFIELD_ROWS: tuple[tuple[object, ...], ...] = (
    # section, action, lead, due, status, investment, measure, target, target_date, direction
    (ENFIELD_MASH, "All strategy meetings will take place in the MASH on new referrals.",
     "Executive Director & Director of Children and Family Services (DCFS)", dt.date(2018, 11, 5), "on track"),
    (ENFIELD_MASH, "All MASH staff will link the application of the thresholds to the cause for concern for the child.",
     "Head of Service (HoS) & MASH team manager", dt.date(2018, 10, 1), "complete"),
    (ENFIELD_PRACTICE, "Increase capacity in the assessment team and reduce caseloads.",
     "Executive Director & Director Children and Family Services", dt.date(2018, 10, 15), "on track",
     ENFIELD_POSTS, ENFIELD_CASELOAD, 18, dt.date(2020, 3, 31), "down"),
    (ENFIELD_PRACTICE, "Deliver bespoke child focused and experiential workshops for all staff.",
     "Head of Practice Improvement (HPI) & HoS", dt.date(2018, 10, 1), "on track"),
    (ENFIELD_PRACTICE, "Attach a practice leader to each team in the Assessment Team for a minimum period of 3 months.",
     ED_DCFS, dt.date(2018, 10, 22), "complete"),
    (ENFIELD_LEADERSHIP, "Fortnightly High-Risk Case Review Meeting with HOS & Head of Practice Improvement (HPI)",
     "HOS & HPI", dt.date(2018, 10, 8), "complete"),
    (ENFIELD_LEADERSHIP, "Refocus the audit tool to strengthen analysis and measure the impact of the intervention "
     "on the child's life.", "Operational Management Group", dt.date(2018, 10, 8), "complete"),
    (ENFIELD_LEADERSHIP, "Embed CHaT (Children's Services Analysis Tool), regularly review Annex A and drive "
     "improvement through the monthly practice & performance board.", ED_DCFS, dt.date(2018, 10, 15), "on track"),
)
ENFIELD_HISTORY: tuple[tuple[dt.date, str, float], ...] = ((dt.date(2018, 9, 1), ENFIELD_CASELOAD, 33.25),)

# -- Northfield (the main example) ------------------------------------------------------------------------------
LEADERSHIP = "1. Leadership and governance"
PRACTICE = "2. Quality of practice"
WORKFORCE = "3. Workforce"
CP_CASELOAD = "Child Protection caseload"
TIMELY = "Assessments within 45 days (%)"

EXAMPLE_ROWS: tuple[tuple[object, ...], ...] = (
    (LEADERSHIP, "Monthly improvement board chaired by the Chief Executive", "Chief Executive",
     dt.date(2025, 6, 30), "complete"),
    (LEADERSHIP, "Refresh the performance scorecard the board reviews", "Head of Performance",
     dt.date(2025, 9, 30), "on track"),  # due on the period's last day and not complete: overdue, red
    (PRACTICE, "Audit 40 case files a month against the practice standards", "Principal Social Worker",
     dt.date(2026, 3, 31), "at risk", None, TIMELY, 90, dt.date(2026, 3, 31), "up"),
    (PRACTICE, "Roll out the assessment timeliness tracker to every team", "Head of Safeguarding",
     dt.date(2025, 12, 15), "not started"),  # due within three months of the period's end: amber
    (WORKFORCE, "Recruit eight frontline social workers to Child Protection", "Director of Children's Services",
     dt.date(2026, 3, 31), "on track", "Additional frontline social workers", CP_CASELOAD, 18,
     dt.date(2026, 3, 31), "down"),
    (WORKFORCE, "Market supplement and career pathway for social workers", "Head of HR", dt.date(2025, 11, 30),
     "on track", "Recruitment and retention package"),
    (WORKFORCE, "Reduce agency social workers to 15% of the workforce", "Head of Safeguarding",
     dt.date(2026, 1, 31), "off track"),
)


def example_history() -> tuple[tuple[dt.date, str, float], ...]:
    """October 2024 to September 2025 for the two measures (rounded to one decimal, as a team would record them).

    Child Protection caseload: 26 falling 3% a month, 18.6 in September 2025,
    projected 15.5 by March 2026 (on course for 18). Assessments within 45
    days: 72% rising 0.2% a month, 73.6% in September, projected 74.5%
    (not on course for 90%).
    """
    rows = []
    for m in range(12):
        month = dt.date(2024 + (9 + m) // 12, (9 + m) % 12 + 1, 1)
        rows.append((month, CP_CASELOAD, round(26 * 0.97**m, 1)))
        rows.append((month, TIMELY, round(72 * 1.002**m, 1)))
    return tuple(rows)




def plan_sheets(example: str, history: Sequence[dict[str, object]] = ()) -> dict[str, list[dict[str, object]]]:
    """The ``Actions`` sheet of ``example`` ("enfield" or "example") and ``history``'s rows with its measures' months."""
    rows, months = (ENFIELD_ROWS, ENFIELD_HISTORY) if example == "enfield" else (EXAMPLE_ROWS, example_history())
    return {
        "History": [*history, *table(columns("History"), *months)],
        "Actions": table(columns("Actions"), *rows),
    }
