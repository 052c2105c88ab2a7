"""London Borough of Enfield, Children's Social Care, Quarter 2 2018/19 (£000).

A reconstruction of the Cabinet report of 14 November 2018: Ofsted found
Referral and Assessment caseloads too high (31–36 a social worker against
the Pan-London 15–21), and Cabinet agreed

* £600k one-off from reserves in 2018/19 for the action plan's temporary
  resources, and
* £1m ongoing from 2019/20, base-budget growth, for 18 frontline posts
  (≈ £55.6k each: a salary of £42,735 plus 30% on-costs is £55,555.50),
  entered across the four R&A teams' Social Worker rows (revision 3: posts
  across teams) as 3, 4, 5 and 6 FTE, in the order of their caseloads (the
  report leaves where the posts sit to be decided: the split is
  illustrative), so they close 18 FTE of the capacity gap from 2019/20,

while Children's Social Care was forecasting a £3.5m overspend at Quarter 2.
Both investments are funded, so they add nothing to the MTFP gap. The
staffing rows give caseloads of 31, 32, 34 and 36 against a target of 18;
the recruits are the report's "4 newly recruited experienced social
workers starting mid-October" and the permanent team starting on
1 November 2018 that releases the agency staff covering those posts.

Line budgets and placement rows are illustrative. The £3.5m is +2,850 on
placements (actual to date chosen so that outturn − budget = 2,850),
+300 on Referral and Assessment and +350 on leaving care. The report gives
Referral and Assessment's overspend, not its costing, so that line is
`manual` (forecast 2,336 = budget 2,036 + 300) and its Staffing rows are
capacity only (revision 3): they carry the caseloads, the recruits and the
posts without changing the line's money.
"""

from __future__ import annotations

import datetime as dt

from forecast.inputs.examples._actions_rows import plan_sheets
from forecast.inputs.examples._rows import columns, table
from forecast.inputs.examples._benchmark_rows import benchmark_rows

LAC = "Looked after children placements"
RA = "Referral and Assessment"


def sheets() -> dict[str, list[dict[str, object]]]:
    return {
        "Settings": table(
            columns("Settings"),
            ("authority", "London Borough of Enfield", None),
            ("service", "Children's Social Care", None),
            ("financial_year", "2018/19", None),
            ("period", 6, "Quarter 2: actuals to the end of September 2018"),
            ("mtfp_years", 4, None),
            ("units", "£000", None),
            ("pay_award", 0.02, None),
            ("on_cost_rate", 0.30, None),
            *benchmark_rows("enfield"),  # issue 23: la_code and child_population
            ("report_title", "Children's Social Care: Referral and Assessment investment", None),
        ),
        "Budget": table(
            columns("Budget"),
            (
                LAC,
                "Children in Care",
                15428,
                9220.5,
                "placements",
                None,
                2600,
                None,
                "no",
                "More children in independent fostering and external residential placements",
            ),
            (
                "Leaving care",
                "Children in Care",
                3100,
                1720,
                "manual",
                3450,
                300,
                None,
                "yes",
                "More care leavers in supported accommodation",
            ),
            (
                RA,
                "Referral and Assessment",
                2036,
                1214.5664,
                "manual",
                2336,
                300,
                None,
                "no",
                "Agency social workers covering posts until the permanent team starts on 1 November 2018",
            ),
            (
                "Safeguarding and child protection",
                "Other Children's Social Care",
                4200,
                2100,
                "budget",
                None,
                0,
                None,
                "no",
                None,
            ),
            ("Early help", "Other Children's Social Care", 2750, 1370, "manual", 2750, 0, None, "no", None),
            ("Management and support", "Other Children's Social Care", 1650, 820, "budget", None, 0, None, "no", None),
        ),
        "Placements": table(
            columns("Placements"),
            (LAC, "in-house fostering", 120, 450, 125, 445, 0.0),
            (LAC, "independent fostering agency", 105, 960, 92, 950, 0.02),
            (LAC, "kinship care", 40, 330, 40, 325, 0.02),
            (LAC, "external residential", 26, 4600, 20, 4450, 0.03),
            (LAC, "supported accommodation", 55, 750, 50, 720, 0.02),
            (LAC, "placed with parents", 12, 180, 12, 180, 0.0),
            (LAC, "parent and child", 3, 3300, 2, 3200, 0.0),
            (LAC, "secure", 1, 6500, 1, 6300, 0.0),
        ),
        "Staffing": table(
            columns("Staffing"),
            (RA, "R&A Team 1", "Social Worker", 7, 5, 1, 42735, 42, None, 186, 18),
            (RA, "R&A Team 2", "Social Worker", 7, 4, 2, 42735, 42, None, 192, 18),
            (RA, "R&A Team 3", "Social Worker", 7, 3, 3, 42735, 42, None, 204, 18),
            (RA, "R&A Team 4", "Social Worker", 6, 0, 6, 42735, 42, None, 216, 18),
            (RA, "R&A Management", "Team Manager", 4, 4, 0, 55000, None, None, None, None),
            (RA, "R&A Management", "Advanced Practitioner", 4, 2, 1, 48000, None, 0.4, None, None),
        ),
        "Recruitment": table(
            columns("Recruitment"),
            ("R&A Team 1", "Social Worker", 1, dt.date(2018, 10, 15), "no", None),
            ("R&A Team 2", "Social Worker", 1, dt.date(2018, 10, 15), "no", None),
            ("R&A Team 3", "Social Worker", 1, dt.date(2018, 10, 15), "no", None),
            ("R&A Management", "Advanced Practitioner", 1, dt.date(2018, 10, 15), "no", None),
            ("R&A Team 4", "Social Worker", 5, dt.date(2018, 11, 1), "yes", None),
        ),
        "Investments": table(
            columns("Investments"),
            (
                "Referral and Assessment action plan: temporary resources",
                RA,
                "one-off",
                600,
                "2018/19",
                None,
                "reserves",
                None,
                None,
                None,
            ),
            (
                "Referral and Assessment capacity: 18 frontline posts",
                RA,
                "ongoing",
                1000,
                "2019/20",
                None,
                "base",
                None,
                None,
                None,
                "R&A Team 1: 3; R&A Team 2: 4; R&A Team 3: 5; R&A Team 4: 6",
                "Social Worker",
                18,
                "no",
            ),
        ),
        # Illustrative, not in the report: 10% more children and open cases, the question the other shipped
        # examples answer too, so one `forecast batch inputs/*.xlsx --scenario "High demand"` runs across them all
        "Scenarios": table(
            columns("Scenarios"),
            ("High demand", "Placements", "*", "children", "scale", 1.1),
            ("High demand", "Staffing", "*", "cases", "scale", 1.1),
        ),
        **plan_sheets("enfield"),  # issue 24: the seed's improvement plan and its caseload measure
    }
