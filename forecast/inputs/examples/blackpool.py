"""Blackpool Council, Children's Social Care, Month 4 2019/20 (£000).

A reconstruction of the position in the Scrutiny report of 9 January 2020
(Appendix 7(a), "as reported to the Executive in October 2019"): a forecast
overspend of £8,989k made of

* £8,195k on Looked After Children placements (more children and an
  adverse shift in placement mix) less the £3,570k earmarked at budget
  setting = £4,625k, and
* £4,364k for the Ofsted Improvement Plan;

with 31 permanent qualified vacancies and agency staff at 22% of those in
post. Individual line budgets, placement rows and staff rows are
illustrative; the totals are the report's. How the figures are reached:

* LAC: 577 children now against 518 in the budget. Full-year cost now
  ΣF = 28,484.9 and on the budget's assumptions ΣB = 23,752.6. The line's
  budget 20,183 is ΣB less the 3,570 earmarked (rounded), and the actual to
  date 9,388.1 is chosen so that 9,388.1 + ΣF × 8/12 − 20,183 = 8,195.0.
* Social work teams: establishment 200 FTE, 132 permanent, 37 agency, 31
  vacant (37 / 169 = 21.9% agency). The budget 8,775 carries a vacancy
  factor; spend to date 2,915.4914 (£2,915,491.40) makes the line land on
  its budget to the penny, so the Revenue Summary shows "-", not "(0)".
  Agency social workers cost £34.09 an hour, a multiple of 7p, so that at
  37 hours and 365 / 7 weeks a year the line's forecast comes to whole pence
  and can balance exactly.
* The other lines net to zero (+42 adoption allowances, −42 legal costs).
* Ofsted Improvement Plan (revision 3, partly ongoing): the report says the
  £4,364k holds "ongoing interventions which were put in place immediately
  following the review" and "a new staffing structure for the longer term"
  that came out of an evaluation "in the early part of the current financial
  year". The interventions are taken as what the line has overspent to
  date, and the structure as the rest of the year's overspend, which
  continues: rest of year 5,114 − 1,690 = 3,424 spent against 750 × 8/12 =
  500 budgeted = 2,924 over; 2,924 / 4,364 = 0.670, typed as recurring 0.67
  (2,923.9 ongoing, 1,440.1 one-off). The net variance is still 8,989: the
  share changes only the later years.
"""

from __future__ import annotations

import datetime as dt

from forecast.inputs.examples._rows import columns, table
from forecast.inputs.examples._benchmark_rows import benchmark_rows

LAC = "Looked After Children placements"
STAFF = "Children's social work teams"
IMPROVEMENT = "Ofsted Improvement Plan"
LOOKED_AFTER = "Looked After Children"
SOCIAL_WORK = "Social Work and Safeguarding"
FAMILIES = "Supporting and Strengthening Families"


def sheets() -> dict[str, list[dict[str, object]]]:
    return {
        "Settings": table(
            columns("Settings"),
            ("authority", "Blackpool Council", None),
            ("service", "Children's Social Care", None),
            ("financial_year", "2019/20", None),
            ("period", 4, "Month 4: actuals to the end of July 2019"),
            ("mtfp_years", 5, None),
            ("units", "£000", None),
            ("placement_inflation", 0.05, None),
            ("pay_award", 0.02, "2019/20 NJC pay award"),
            ("on_cost_rate", 0.30, None),
            *benchmark_rows("blackpool"),  # issue 23: la_code and child_population
            ("report_title", "Illustrative reconstruction of the Month 4 2019/20 Appendix 7(a)", None),
            ("prepared_by", "Finance Business Partner, Children's Services", None),
        ),
        "Budget": table(
            columns("Budget", "budget 2020/21", "budget 2021/22", "budget 2022/23", "budget 2023/24"),
            (LAC, LOOKED_AFTER, 20183, 9388.1, "placements", None, 4310, 3570, "no",
             "More children in care and an adverse change in placement mix; £3,570k earmarked at budget setting",
             24500, 25200, 25900, 26600),
            ("Leaving care and supported lodgings", LOOKED_AFTER, 2400, 800, "run_rate", None, 0, None, "no", None,
             None, None, None, None),
            ("Adoption and special guardianship allowances", LOOKED_AFTER, 1910, 640, "manual", 1952, 0, None, "no",
             "Two more special guardianship orders than planned", None, None, None, None),
            (STAFF, SOCIAL_WORK, 8775, 2915.4914, "staffing", None, 0, None, "no",
             "31 permanent qualified vacancies; agency 22% of staff in post", None, None, None, None),
            ("Safeguarding and quality assurance", SOCIAL_WORK, 1350, 450, "budget", None, 0, None, "no", None,
             None, None, None, None),
            ("Legal and court costs", SOCIAL_WORK, 1100, 330, "manual", 1058, 0, None, "no",
             "Fewer care proceedings issued than budgeted", None, None, None, None),
            (IMPROVEMENT, "Improvement", 750, 1690, "manual", 5114, 4364, None, 0.67,
             "Interventions after the December 2018 Ofsted report and the new staffing structure",
             None, None, None, None),
            ("Management and business support", "Management and Support", 2150, 716, "budget", None, 0, None, "no",
             None, None, None, None, None),
        ),  # fmt: skip
        "Placements": table(
            columns("Placements"),
            (LAC, "in-house fostering", 175, 430, 170, 425, 0.0),
            (LAC, "independent fostering agency", 165, 905, 140, 895, 0.02),
            (LAC, "kinship care", 95, 310, 85, 300, 0.03),
            (LAC, "in-house residential", 14, 3650, 14, 3500, 0.0),
            (LAC, "external residential", 42, 4450, 34, 4350, 0.03),
            (LAC, "supported accommodation", 38, 680, 32, 640, 0.02),
            (LAC, "placed with parents", 42, 160, 40, 160, 0.0),
            (LAC, "parent and child", 5, 3100, 3, 2900, 0.0),
            (LAC, "secure", 1, 6200, 0, 6000, 0.0),
        ),
        "Staffing": table(
            columns("Staffing"),
            (STAFF, FAMILIES, "Social Worker", 60, 38, 12, 36000, 34.09, None, None, None),
            (STAFF, FAMILIES, "Team Manager", 6, 3, 1, 46000, None, 0.4, None, None),
            (STAFF, FAMILIES, "Service Manager", 2, 0, 1, 58000, None, 0.4, None, None),
            (STAFF, FAMILIES, "Head of Service", 1, 0, 0, 72000, None, None, None, None),
            (STAFF, "Children in Care", "Social Worker", 40, 28, 8, 36000, 34.09, None, None, None),
            (STAFF, "Assessment", "Social Worker", 45, 30, 9, 36000, 34.09, None, 780, 18),
            (STAFF, "Assessment", "Team Manager", 5, 3, 1, 46000, None, 0.4, None, None),
            (STAFF, "Child Protection", "Social Worker", 41, 30, 5, 36000, 34.09, None, None, None),
        ),
        "Recruitment": table(
            columns("Recruitment"),
            (FAMILIES, "Service Manager", 1, dt.date(2019, 10, 1), "yes", None),
            (FAMILIES, "Service Manager", 1, dt.date(2019, 11, 1), "no", None),
        ),
        "Savings": table(
            columns("Savings"),
            ("Edge of care: fewer external residential placements", LAC, "2020/21", 600, "amber", "yes"),
            ("Reduce agency social workers", STAFF, "2020/21", 400, "green", "yes"),
            ("Business support review", "Management and business support", "2019/20", 150, "delivered", "yes"),
        ),
        # Illustrative, not in the report: the same question the other shipped examples answer, so one
        # `forecast batch inputs/*.xlsx --scenario "High demand"` runs across them all
        "Scenarios": table(
            columns("Scenarios"),
            ("High demand", "Placements", "*", "children", "scale", 1.1),
        ),
    }
