"""Eastbrook Borough Council, Children's Social Care 2025/26 (£000): one year of quarterly monitoring.

A fictional, smaller authority whose forecast a finance business partner
updates each quarter. ``sheets()`` is the Month 3 workbook; each later
workbook is the one before rolled on with ``forecast roll --to P`` and then
refreshed with ``refresh(P)``: the actuals to date, the children and their
weekly costs, the staff in post and cases, and the manual forecast, as the
month-end routine asks. ``forecast.monthly.rolled_example`` does the rolling; the
shipped files are ``inputs/monthly/eastbrook-2025-26-m{3,6,9,12}.xlsx``.

The story: in June three more children are in external residential care than
the budget assumed and agency social workers fill the Assessment vacancies,
so the Month 3 forecast is a large overspend. Over the year two children step
down to fostering, three social workers recruited in October replace
agency staff, legal costs settle below the early run rate and the
improvement plan spends less than first feared: the forecast comes down
and converges on the outturn.
"""

from __future__ import annotations

import datetime as dt

from forecast.inputs.examples._rows import columns, table

NAME = "eastbrook-2025-26"
PERIODS = (3, 6, 9, 12)

LAC = "Looked after children placements"
SOCIAL_WORK = "Social work teams"
LEGAL = "Legal and court costs"
SECTION_17 = "Family support payments (section 17)"
IMPROVEMENT = "Ofsted improvement plan"
MANAGEMENT = "Management and business support"

CARE = "Children looked after"
SAFEGUARDING = "Safeguarding and social work"
SUPPORT = "Management and improvement"

RESIDENTIAL = "external residential"
IFA = "independent fostering agency"
FOSTERING = "in-house fostering"

# sheet → row key (the sheet's Scenarios key: line, placement_type, team) → column → new value; None deletes the row
Refresh = dict[str, dict[str, dict[str, object] | None]]


def sheets() -> dict[str, list[dict[str, object]]]:
    """The Month 3 workbook, as rows of header → value."""
    return {
        "Settings": table(
            columns("Settings"),
            ("authority", "Eastbrook Borough Council", "A fictional authority"),
            ("service", "Children's Social Care", None),
            ("financial_year", "2025/26", None),
            ("period", 3, "Months of actuals"),
            ("mtfp_years", 3, "2025/26 to 2027/28"),
            ("units", "£000", None),
            ("report_title", "Children's Social Care budget monitoring: Month 3 2025/26", None),
            ("prepared_by", "Finance Business Partner, Children's Services", None),
        ),
        "Budget": table(
            columns("Budget", "budget 2026/27", "budget 2027/28"),
            (LAC, CARE, 8000, 2150, "placements", None, None, 0, None,
             "Three more children in external residential than the budget assumed", 8400, 8800),
            (SOCIAL_WORK, SAFEGUARDING, 4150, 1130, "staffing", None, None, 0, None,
             "Agency social workers cover Assessment vacancies until October's recruits start", 4300, 4420),
            (LEGAL, SAFEGUARDING, 1200, 345, "run_rate", None, None, 0, None,
             "Three contested care proceedings in the first quarter", 1230, 1260),
            (SECTION_17, SAFEGUARDING, 400, 95, "run_rate", None, None, 0, None, None, 410, 420),
            (IMPROVEMENT, SUPPORT, 500, 120, "manual", 700, None, 150, None,
             "Improvement plan after the 2025 inspection; £150k earmarked", 300, 0),
            (MANAGEMENT, SUPPORT, 1500, 375, "budget", None, None, 0, None, None, 1530, 1560),
        ),
        "Placements": table(
            columns("Placements"),
            (LAC, RESIDENTIAL, 15, 5200, 12, 5000, 0.02),
            (LAC, IFA, 40, 950, 42, 950, 0.0),
            (LAC, FOSTERING, 110, 450, 115, 440, 0.01),
        ),
        "Staffing": table(
            columns("Staffing"),
            (SOCIAL_WORK, "Assessment", "Social Worker", 40, 32, 6, 42000, 55, None, 720, 18),
            (SOCIAL_WORK, "Child Protection", "Social Worker", 35, 31, 3, 43000, 58, None, 560, 16),
        ),
        "Recruitment": table(
            columns("Recruitment"),
            ("Assessment", "Social Worker", 3, dt.date(2025, 10, 1), "yes", 4500),
        ),
        "Savings": table(
            columns("Savings"),
            ("Step down from residential to fostering", LAC, "2026/27", 300, "amber", "yes"),
        ),
        "History": _history(),
    }


def _history() -> list[dict[str, object]]:
    """June 2024 to May 2025: children by placement type and open cases by team, a month each."""
    counts = {
        RESIDENTIAL: (11, 11, 12, 12, 12, 13, 13, 12, 13, 13, 13, 14),
        IFA: (44, 44, 43, 43, 42, 42, 42, 41, 41, 41, 40, 40),
        FOSTERING: (108, 108, 109, 109, 110, 110, 111, 110, 111, 111, 110, 110),
        "Assessment": (650, 660, 665, 670, 680, 690, 700, 695, 705, 710, 715, 720),
        "Child Protection": (520, 525, 530, 530, 540, 545, 550, 548, 552, 555, 558, 560),
    }
    months = [dt.date(2024 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(6, 18)]
    rows = [(month, measure, values[i]) for measure, values in counts.items() for i, month in enumerate(months)]
    return table(columns("History"), *rows)


def refresh(period: int) -> Refresh:
    """What the finance business partner updates after rolling on to ``period`` (6, 9 or 12)."""
    return _REFRESH[period]


_REFRESH: dict[int, Refresh] = {
    6: {
        "Budget": {
            LAC: {"actual_to_date": 4190, "comment": "Residential prices up 1% at the contract review"},
            SOCIAL_WORK: {"actual_to_date": 2270},
            LEGAL: {"actual_to_date": 640},
            SECTION_17: {"actual_to_date": 195},
            IMPROVEMENT: {"actual_to_date": 280, "forecast": 640},
            MANAGEMENT: {"actual_to_date": 750},
        },
        "Placements": {
            RESIDENTIAL: {"children": 15, "weekly_cost": 5250},
            IFA: {"children": 40},
            FOSTERING: {"children": 112},
        },
        "Staffing": {
            "Assessment": {"fte_permanent": 32, "fte_agency": 6, "cases": 735},
            "Child Protection": {"fte_permanent": 31, "fte_agency": 3, "cases": 570},
        },
    },
    9: {
        "Budget": {
            LAC: {"actual_to_date": 6350, "comment": "Two children stepped down from residential to fostering"},
            SOCIAL_WORK: {"actual_to_date": 3380,
                          "comment": "Three social workers started in October, replacing agency staff"},
            LEGAL: {"actual_to_date": 920},
            SECTION_17: {"actual_to_date": 292},
            IMPROVEMENT: {"actual_to_date": 430, "forecast": 600},
            MANAGEMENT: {"actual_to_date": 1125},
        },
        "Placements": {
            RESIDENTIAL: {"children": 13, "weekly_cost": 5250},
            IFA: {"children": 39},
            FOSTERING: {"children": 114},
        },
        "Staffing": {
            "Assessment": {"fte_permanent": 35, "fte_agency": 3, "cases": 725},
            "Child Protection": {"fte_permanent": 31, "fte_agency": 3, "cases": 565},
        },
        "Recruitment": {"Assessment": None},  # in post since October: now counted in fte_permanent
    },
    12: {
        "Budget": {
            LAC: {"actual_to_date": 8390},
            SOCIAL_WORK: {"actual_to_date": 4450},
            LEGAL: {"actual_to_date": 1225},
            SECTION_17: {"actual_to_date": 388},
            IMPROVEMENT: {"actual_to_date": 590, "forecast": 590},
            MANAGEMENT: {"actual_to_date": 1500},
        },
        "Placements": {
            RESIDENTIAL: {"children": 13},
            IFA: {"children": 38},
            FOSTERING: {"children": 115},
        },
        "Staffing": {
            "Assessment": {"fte_permanent": 35, "fte_agency": 3, "cases": 710},
            "Child Protection": {"fte_permanent": 32, "fte_agency": 2, "cases": 550},
        },
    },
}
