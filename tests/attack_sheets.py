"""Inputs an attacker or a careless user would write (quality.md revision 3), built in code.

``wildcard_sheets``: line names that a SUMIF criterion reads as wildcards (``*``, ``?``, ``~``) beside the
names they would match, and a name over a criterion's 255-character limit. ``reference_names``: texts
XlsxWriter would read as a cell reference if given as a chart title, series name or category.
"""

from __future__ import annotations

from factory import Sheets, minimal_sheets

LONG_NAME = "Long line " + "x" * 290  # 300 characters: over the 255 a SUMIF criterion takes

# Each would be a live reference in a chart: a sheet's cell, an external workbook on a network share.
REFERENCE_NAMES = (
    "Assumptions!B4",
    "'\\\\evil.example\\share\\[x.xlsx]Sheet1'!A1",
    "Sheet1!$A$1",
)


def wildcard_sheets() -> Sheets:
    """``Agency staff*`` beside ``Agency staff (legacy)``, ``Placements?`` beside ``Placements (old)``, ``~x``, a long name.

    Under SUMIF, ``Agency staff*`` would also sum ``Agency staff (legacy)``'s rows (the issue's 832 for 520).
    """
    sheets = minimal_sheets()
    renamed = {"Placements": "Placements?", "Social workers": "Agency staff*", "Other": "~x"}
    for sheet in ("Budget", "Placements", "Staffing"):
        for row in sheets[sheet]:
            row["line"] = renamed.get(str(row["line"]), row["line"])
    sheets["Budget"] += [
        {"line": "Agency staff (legacy)", "budget": 300, "actual_to_date": 170},
        {"line": "Placementsx", "budget": 400, "actual_to_date": 250},
        {"line": LONG_NAME, "budget": 100, "actual_to_date": 40},
    ]
    staff = sheets["Staffing"][0]
    sheets["Staffing"].append(
        dict(staff, line="Agency staff (legacy)", team="Legacy", fte_budget=5, fte_permanent=2, fte_agency=2)
    )
    sheets["Placements"].append(dict(sheets["Placements"][0], line="Placementsx", children=7, weekly_cost=500))
    return sheets


def reference_sheets(period: int = 6) -> Sheets:
    """Lines, a team, a placement type, a scenario, a saving and a History measure named like cell references."""
    import datetime as dt

    from plan_sheets import monthly, plan_sheets

    sheets = plan_sheets()
    evil, sheet_ref, assumptions = REFERENCE_NAMES[1], REFERENCE_NAMES[2], REFERENCE_NAMES[0]
    renamed = {"Placements": evil, "Social workers": sheet_ref, "Other": assumptions}
    for rows in sheets.values():
        for row in rows:
            if "line" in row:
                row["line"] = renamed.get(str(row["line"]), row["line"])
    sheets["Settings"][2]["value"] = period
    sheets["Budget"][0]["actual_to_date"] = 480 * period / 6 * 1.5  # material: a large overspend on the evil line
    sheets["Scenarios"][0]["scenario"] = "Scenarios!A1"
    sheets["Savings"][0]["name"] = "Savings!$B$2"
    sheets["History"] += monthly(assumptions, dt.date(2023, 10, 1), 24, start=40, growth=0.05)
    return sheets


def many_lines_sheets(count: int, name_length: int = 20, trends: int = 8) -> Sheets:
    """``count`` more Budget lines, every one earmarked and overspent, half of them giving no 2026/27 cash
    limit (carried forward), and ``trends`` placement types whose growth follows a History trend.

    Each name is ``name_length`` characters or more. What made the narrative list every line: 80,114
    characters in one sentence at 10,000 lines, past the 32,767 a cell holds.
    """
    import datetime as dt

    from plan_sheets import monthly, plan_sheets

    sheets = plan_sheets()
    for i in range(count):
        name = f"Line {i:05d} " + "n" * max(0, name_length - 11)
        # a manual forecast of 108: an overspend of 8, of which the earmark covers 5 (rev 3 §1 draws only that)
        row: dict[str, object] = {"line": name, "budget": 100, "actual_to_date": 60, "forecast": 108, "earmarked": 5}
        if i % 2:
            row["budget 2026/27"] = 102
        sheets["Budget"].append(row)
    first = dt.date(2023, 10, 1)
    for k in range(trends):
        kind = f"trend type {k} " + "t" * max(0, name_length - 13)
        sheets["Placements"].append(
            {"line": "Placements", "placement_type": kind, "children": 2, "weekly_cost": 900, "growth": "trend"}
        )
        sheets["History"] += monthly(kind, first, 24, start=10 + k, growth=0.02 * k)
    return sheets
