"""Northfield Borough Council, Children's Social Care, Month 6 2025/26 (£000).

A fictional authority with every sheet filled, used by the README's main
job and the tests. Magnitudes follow the public figures in
``shared/domain.md``: weekly unit costs near one large authority's 2022/23
rates uplifted for three years, social worker salaries of £36–45k with a
3.2% pay award, agency workers about 40% dearer than employees, a placements
budget that overspends by about 14%, caseloads around 20 against a target
of 16–18.

The story: more children in external residential and independent fostering
placements than the budget assumed; an agency-heavy Child Protection
service; an Ofsted improvement plan partly met from an earmark; a
recruitment drive that replaces agency workers from November; an in-house
children's home as an invest-to-save proposal that is not yet funded.

Revision 2 drivers: two years of History for external residential and
independent fostering placements and Child Protection cases, whose trends
set those rows' growth; turnover covered by agency in the social work
teams; eight frontline posts costed from their Staffing row; the
children's home moving six children out of external residential; reserves
tracked from a £2.5m opening balance; cash limits carried forward with a
2% uplift after the last one given.
"""

from __future__ import annotations

import datetime as dt

from forecast.inputs.examples import _pipeline_rows, children_list
from forecast.inputs.examples._actions_rows import plan_sheets
from forecast.inputs.examples._rows import columns, table

LAC = "Looked after children placements"
LEAVING = "Care leavers and supported accommodation"
SGO = "Special guardianship and adoption allowances"
SOCIAL_WORK = "Social work teams"
LEGAL = "Legal and court costs"
SECTION_17 = "Family support payments (section 17)"
HUBS = "Family hubs"
YOUTH = "Youth justice service"
IMPROVEMENT = "Ofsted improvement plan"
MANAGEMENT = "Management and business support"

CARE = "Children looked after"
SAFEGUARDING = "Safeguarding and social work"
EARLY_HELP = "Early help"
SUPPORT = "Management and improvement"


def sheets() -> dict[str, list[dict[str, object]]]:
    """Every sheet of the example, as rows of header → value."""
    return {
        "Settings": _settings(),
        "Budget": _budget(),
        "Placements": _placements(),
        "Staffing": _staffing(),
        "Recruitment": _recruitment() + _pipeline_rows.rows(),  # rev 3 pipeline kinds (staffing helper)
        "Investments": _investments(),
        "Savings": _savings(),
        "History": _history(),
        "Children": children_list.rows(),  # issue 26: the care leavers line is forecast from its list
        "Scenarios": _scenarios(),
        "Risks": _risks(),
        **plan_sheets("example", _history()),  # issue 24: a short improvement plan, its measures added to History
    }


def _settings() -> list[dict[str, object]]:
    return table(
        columns("Settings"),
        ("authority", "Northfield Borough Council", "A fictional authority"),
        ("service", "Children's Social Care", None),
        ("financial_year", "2025/26", None),
        ("period", 6, "Month 6: actuals to the end of September 2025"),
        ("mtfp_years", 5, "2025/26 to 2029/30"),
        ("units", "£000", None),
        ("placement_inflation", 0.05, "Residential prices have risen 5–6% a year"),
        ("pay_award", 0.032, "2025/26 pay award, assumed to continue"),
        ("general_inflation", 0.02, None),
        ("budget_uplift", 0.02, "Cash limits carried forward rise 2% a year"),
        ("reserves_opening", 2500, "Children's services reserve available to the service"),
        ("trend_months", 24, None),
        ("backfill_months", 3, "A leaver's post is covered by agency for about a quarter"),
        ("on_cost_rate", 0.30, "Employer NI (15% from April 2025) and pension"),
        ("hours_per_week", 37, None),
        ("discount_rate", 0.035, "HM Treasury Green Book"),
        ("report_title", "Children's Social Care budget monitoring: Month 6 2025/26", None),
        ("prepared_by", "Finance Business Partner, Children's Services", None),
    )


def _budget() -> list[dict[str, object]]:
    return table(
        columns("Budget", "budget 2026/27", "budget 2027/28", "budget 2028/29", "budget 2029/30"),
        (LAC, CARE, 12000, 6690, None, None, 1450, 500, None,
         "More children in external residential and agency fostering than the budget assumed", 12600, 13100,
         13600, 14100),
        (LEAVING, CARE, 1050, 560, "placements", None, 40, None, None,
         "Higher supported accommodation prices", None, None),
        (SGO, CARE, 2300, 1210, "run_rate", None, 110, None, "yes",
         "Eight more special guardianship orders than planned", None, None),
        (SOCIAL_WORK, SAFEGUARDING, 5900, 3050, None, None, 300, None, None,
         "Agency social workers covering vacancies in Child Protection", 6100, 6250, 6400, 6550),
        (LEGAL, SAFEGUARDING, 1200, 690, None, 1450, 200, None, None,
         "Two complex care proceedings with expert assessments", None, None),
        (SECTION_17, SAFEGUARDING, 650, 390, "run_rate", None, 120, None, "no",
         "More families helped under section 17 than budgeted", None, None),
        (HUBS, EARLY_HELP, 3100, 1480, "budget", None, 0, None, None, None, None, None),
        (YOUTH, EARLY_HELP, 850, 410, None, None, 0, None, None, None, None, None),
        (IMPROVEMENT, SUPPORT, 500, 640, "manual", 1250, 700, 400, "no",
         "Practice improvement programme after the 2024 inspection; £400k earmarked", None, None),
        (MANAGEMENT, SUPPORT, 2400, 1170, None, None, -20, None, None, None, None, None),
    )


def _placements() -> list[dict[str, object]]:
    return table(
        columns("Placements"),
        (LAC, "in-house fostering", 95, 485, 100, 470, -0.02),
        (LAC, "independent fostering agency", 70, 1010, 62, 985, "trend"),
        (LAC, "kinship care", 45, 340, 48, 335, 0.02),
        (LAC, "in-house residential", 6, 4350, 6, 4300, 0),
        (LAC, "external residential", 18, 5750, 14, 5450, "trend"),
        (LAC, "secure", 1, 4150, 0.5, 4100, 0),
        (LAC, "placed with parents", 12, 125, 12, 125, 0),
        (LAC, "parent and child", 2, 3250, 1, 3100, 0),
        (LAC, "adoption", 6, 160, 6, 160, 0),
        # forecast from the Children list: children and weekly cost blank (the list gives them); one new
        # supported accommodation placement every two months; the solo residential placement was not budgeted
        (LEAVING, "supported accommodation", None, None, 25, 620, 0.05, None, 0.5),
        (LEAVING, "other", None, None, 10, 290, 0),
        (LEAVING, "external residential", None, None, 0, 11500, 0),
    )


def _staffing() -> list[dict[str, object]]:
    return table(
        columns("Staffing"),
        (SOCIAL_WORK, "Assessment", "Social Worker", 24, 17, 6, 41000, 48, None, 520, 18, 0.02, 0.15),
        (SOCIAL_WORK, "Assessment", "Team Manager", 4, 4, 0, 50500, None, None, None, None),
        (SOCIAL_WORK, "Assessment", "ASYE Social Worker", 12, 8, 0, 33000, None, None, None, None),
        (SOCIAL_WORK, "Child Protection", "Social Worker", 30, 21, 7, 41500, 47.5, None, 600, 18, "trend", 0.18),
        (SOCIAL_WORK, "Child Protection", "Advanced Practitioner", 6, 5, 1, 46000, None, 0.4, None, None),
        (SOCIAL_WORK, "Children in Care", "Social Worker", 22, 18, 3, 40500, 46, None, 400, 16, 0.0, 0.12),
        (SOCIAL_WORK, "Children in Care", "Team Manager", 3, 3, 0, 50500, None, None, None, None),
        (SOCIAL_WORK, "Leaving Care", "Personal Adviser", 14, 12, 1, 33500, None, 0.35, 290, 20),
    )


def _recruitment() -> list[dict[str, object]]:
    return table(
        columns("Recruitment"),
        ("Child Protection", "Social Worker", 3, dt.date(2025, 11, 3), "yes", 6000),
        ("Assessment", "Social Worker", 2, dt.date(2026, 1, 5), "yes", 9000),
        ("Children in Care", "Social Worker", 1, dt.date(2025, 12, 1), "yes", 0),
        ("Assessment", "ASYE Social Worker", 4, dt.date(2026, 9, 1), "no", 12000),
    )


def _investments() -> list[dict[str, object]]:
    return table(
        columns("Investments"),
        ("Recruitment and retention package", SOCIAL_WORK, "one-off", 600, "2025/26", None, "reserves", 0, None,
         None),
        ("Additional frontline social workers", SOCIAL_WORK, "ongoing", None, "2026/27", None, "base", 0, None,
         None, "Child Protection", "Social Worker", 8, "no"),
        ("In-house children's home", LAC, "one-off", 1200, "2026/27", None, "unfunded", 0, "2027/28", None,
         None, None, None, None, "external residential", "in-house residential", 6),
    )


def _savings() -> list[dict[str, object]]:
    return table(
        columns("Savings"),
        ("Family hubs restructure", HUBS, "2025/26", 200, "delivered", "yes"),
        ("Step down from residential to fostering", LAC, "2026/27", 400, "amber", "yes"),
        ("Reduce agency social workers", SOCIAL_WORK, "2026/27", 350, "green", "yes"),
        ("Legal costs review", LEGAL, "2026/27", 100, "red", "yes"),
        ("Transport contract retender", MANAGEMENT, "2027/28", 75, "green", "no"),
    )


def _history() -> list[dict[str, object]]:
    """October 2023 to September 2025: two placement types and Child Protection's open cases.

    Each series grows steadily with a small repeating wobble (so the trend
    has a spread), e.g. external residential from about 14 to 18 children.
    """
    wobble = (0.0, 0.02, -0.015, 0.01, -0.02, 0.015)
    series = (
        ("external residential", 14.0, 0.13),
        ("independent fostering agency", 62.0, 0.06),
        ("Child Protection", 540.0, 0.05),
    )
    rows = []
    for measure, start, growth in series:
        for m in range(24):
            month = dt.date(2023 + (9 + m) // 12, (9 + m) % 12 + 1, 1)
            value = start * (1 + growth) ** (m / 12) * (1 + wobble[m % len(wobble)])
            rows.append((month, measure, round(value, 1 if start < 100 else 0)))
    return table(columns("History"), *rows)


def _scenarios() -> list[dict[str, object]]:
    return table(
        columns("Scenarios"),
        ("High demand", "Placements", "*", "children", "scale", 1.1),
        ("High demand", "Placements", "*", "growth", "add", 0.02),
        ("Agency halved", "Staffing", "*", "fte_agency", "scale", 0.5),
        ("Higher inflation", "Settings", "placement_inflation", "value", "set", 0.08),
        ("Higher inflation", "Settings", "pay_award", "value", "set", 0.05),
    )


def _risks() -> list[dict[str, object]]:
    return table(
        columns("Risks"),
        ("Placements", "*", "children", "scale", 0.95, 1.0, 1.15, "triangular"),
        ("Placements", "external residential", "weekly_cost", "scale", 0.95, 1.0, 1.2, "pert"),
        ("Placements", "external residential", "growth", "set", None, None, None, "trend"),
        ("Staffing", "*", "fte_agency", "scale", 0.6, 1.0, 1.2, "uniform"),
        ("Savings", "*", "amount", "scale", 0.5, 0.8, 1.0, "triangular"),
    )
