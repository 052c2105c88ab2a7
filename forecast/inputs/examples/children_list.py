"""A fictional children list for the main example's care leavers line (inputs.md Children sheet, §12).

Northfield Borough Council, 2025/26 at Month 6 (E = 30 September 2025): 42 placements on the line
``Care leavers and supported accommodation``, every case §12 handles:

- a placement ending in December (NB-1007, planned end 19 December 2025);
- a child turning 18 in January with no after_18 (NB-1012, born 14 January 2008: costed to 13 January);
- a £12,600-a-week solo residential placement (NB-1040), listed by name as high cost;
- after_18 rows: care leavers in supported accommodation and Staying Put carers (type ``other``),
  and one birthday handover (NB-1031: the 17-year-old's placement ends the day before the
  birthday, a Staying Put row carries on from it);
- a provider paid three weeks behind the period (Northgate Housing Support, paid to 9 September);
- a placement starting after E (NB-1039, from 20 October 2025) and two that ended in the summer;
- a night rate (NB-1033, £95 a night: £665 a week);
- unaccompanied asylum-seeking children (``uasc`` yes).

Entrants are a Placements column, not a list column: the example's Placements row for
``supported accommodation`` on this line should give ``entrants`` 0.5 (one new placement every two
months), and the line needs a Placements row for ``external residential`` (budget_children 0,
budget_weekly_cost 11,500) for NB-1040's type.

Every ID, date and provider is invented. This module belongs with the other examples (another
helper is moving ``forecast/examples/`` to ``forecast/inputs/examples/``: move it with them).
"""

from __future__ import annotations

import datetime as dt

LINE = "Care leavers and supported accommodation"
SA, OTHER, RESI = "supported accommodation", "other", "external residential"

# The Children sheet's columns in the template's order (forecast.inputs.children_csv.CHILDREN).
COLUMNS = ("child", "line", "placement_type", "weekly_cost", "rate", "rate_unit", "start", "planned_end",
           "date_of_birth", "after_18", "paid_to", "provider", "uasc")

_D = dt.date
_NORTHGATE_PAID_TO = _D(2025, 9, 9)  # the ledger is three weeks behind with this provider's invoices

# child, type, weekly_cost, start, planned_end, date_of_birth, after_18, provider, uasc
_ROWS: tuple[tuple[object, ...], ...] = (
    ("NB-1001", SA, 690, _D(2024, 9, 2), None, _D(2008, 11, 21), "no", "Northgate Housing Support", "no"),
    ("NB-1002", SA, 720, _D(2024, 5, 13), None, _D(2008, 6, 30), "no", "Northgate Housing Support", "yes"),
    ("NB-1003", SA, 640, _D(2025, 1, 6), None, _D(2009, 3, 2), "no", "Northgate Housing Support", "no"),
    ("NB-1004", SA, 905, _D(2025, 2, 17), None, _D(2008, 10, 5), "no", "Riverside Young People's Homes", "no"),
    ("NB-1005", SA, 610, _D(2024, 11, 4), None, _D(2007, 4, 19), "yes", "Riverside Young People's Homes", "no"),
    ("NB-1006", SA, 585, _D(2023, 10, 9), None, _D(2006, 12, 1), "yes", "Northfield Council Foyer", "no"),
    ("NB-1007", SA, 760, _D(2025, 3, 3), _D(2025, 12, 19), _D(2008, 9, 12), "no", "Riverside Young People's Homes",
     "no"),
    ("NB-1008", SA, 655, _D(2024, 7, 22), None, _D(2008, 5, 8), "no", "Northgate Housing Support", "yes"),
    ("NB-1009", SA, 700, _D(2025, 4, 14), None, _D(2009, 7, 25), "no", "Northgate Housing Support", "yes"),
    ("NB-1010", SA, 630, _D(2024, 2, 5), None, _D(2006, 8, 14), "yes", "Northfield Council Foyer", "no"),
    ("NB-1011", SA, 680, _D(2025, 5, 19), None, _D(2008, 12, 3), "no", "Kestrel Supported Living", "no"),
    ("NB-1012", SA, 840, _D(2024, 8, 12), None, _D(2008, 1, 14), "no", "Kestrel Supported Living", "no"),
    ("NB-1013", SA, 615, _D(2024, 3, 25), None, _D(2007, 2, 27), "yes", "Kestrel Supported Living", "yes"),
    ("NB-1014", SA, 670, _D(2025, 6, 2), None, _D(2009, 1, 30), "no", "Northgate Housing Support", "no"),
    ("NB-1015", SA, 560, _D(2023, 6, 19), None, _D(2005, 11, 11), "yes", "Northfield Council Foyer", "no"),
    ("NB-1016", SA, 735, _D(2024, 12, 9), _D(2026, 6, 30), _D(2009, 4, 17), "no", "Riverside Young People's Homes",
     "no"),
    ("NB-1017", SA, 690, _D(2025, 7, 7), None, _D(2009, 9, 1), "no", "Kestrel Supported Living", "yes"),
    ("NB-1018", SA, 600, _D(2024, 10, 21), None, _D(2007, 3, 5), "yes", "Kestrel Supported Living", "no"),
    ("NB-1019", SA, 710, _D(2025, 8, 18), None, _D(2009, 2, 10), "no", "Northgate Housing Support", "no"),
    ("NB-1020", SA, 650, _D(2024, 1, 15), None, _D(2006, 5, 23), "yes", "Northfield Council Foyer", "no"),
    ("NB-1021", SA, 780, _D(2025, 2, 3), _D(2026, 2, 27), _D(2008, 7, 7), "no", "Riverside Young People's Homes",
     "no"),
    ("NB-1022", SA, 640, _D(2024, 6, 10), None, _D(2008, 2, 29), "no", "Northgate Housing Support", "yes"),
    ("NB-1023", SA, 595, _D(2025, 3, 31), None, _D(2007, 9, 18), "yes", "Kestrel Supported Living", "no"),
    ("NB-1024", SA, 725, _D(2025, 4, 28), None, _D(2008, 8, 26), "no", "Kestrel Supported Living", "no"),
    ("NB-1025", SA, 665, _D(2024, 9, 30), None, _D(2008, 4, 4), "no", "Northgate Housing Support", "no"),
    ("NB-1026", SA, 620, _D(2025, 1, 20), None, _D(2007, 1, 9), "yes", "Northfield Council Foyer", "no"),
    ("NB-1027", SA, 690, _D(2024, 4, 8), _D(2025, 6, 27), _D(2007, 6, 28), "no", "Kestrel Supported Living",
     "no"),  # ended at 18 in June
    ("NB-1028", SA, 745, _D(2024, 11, 18), _D(2025, 8, 15), _D(2008, 3, 21), "no", "Riverside Young People's Homes",
     "no"),  # moved on in August
    # Staying Put with former foster carers (after 18), and one handover at the 18th birthday
    ("NB-1029", OTHER, 310, _D(2024, 7, 1), None, _D(2006, 7, 1), "yes", "Staying Put carers", "no"),
    ("NB-1030", OTHER, 295, _D(2025, 2, 14), None, _D(2007, 2, 14), "yes", "Staying Put carers", "no"),
    ("NB-1031", SA, 705, _D(2024, 10, 7), None, _D(2007, 8, 22), "no", "Kestrel Supported Living", "no"),
    ("NB-1031", OTHER, 300, _D(2025, 8, 22), None, _D(2007, 8, 22), "yes", "Staying Put carers", "no"),
    ("NB-1032", OTHER, 305, _D(2023, 12, 4), None, _D(2005, 12, 4), "yes", "Staying Put carers", "no"),
    ("NB-1034", OTHER, 290, _D(2025, 5, 9), None, _D(2007, 5, 9), "yes", "Staying Put carers", "no"),
    ("NB-1035", OTHER, 315, _D(2024, 3, 18), None, _D(2006, 3, 18), "yes", "Staying Put carers", "no"),
    ("NB-1036", OTHER, 300, _D(2025, 6, 23), None, _D(2007, 6, 23), "yes", "Staying Put carers", "no"),
    ("NB-1037", OTHER, 285, _D(2024, 12, 30), None, _D(2006, 12, 30), "yes", "Staying Put carers", "no"),
    ("NB-1038", OTHER, 310, _D(2025, 9, 15), None, _D(2007, 9, 15), "yes", "Staying Put carers", "no"),
    # a planned move after the period's end
    ("NB-1039", SA, 715, _D(2025, 10, 20), None, _D(2009, 5, 14), "no", "Riverside Young People's Homes", "no"),
    # the solo residential placement, from September
    ("NB-1040", RESI, 12600, _D(2025, 9, 1), None, _D(2008, 11, 3), "no", "Hollybank Solo Residential", "no"),
    ("NB-1041", SA, 670, _D(2025, 7, 21), None, _D(2009, 6, 6), "no", "Northgate Housing Support", "yes"),
)
# the night rate: emergency supported lodgings at £95 a night (£665 a week)
_NIGHT_RATE = ("NB-1033", SA, 95, "night", _D(2025, 8, 4), _D(2026, 1, 30), _D(2008, 10, 29), "no",
               "Harbour Lodgings (emergency)", "no")


def rows() -> list[dict[str, object]]:
    """The list as header → value rows in ``COLUMNS`` order (the Children sheet or a CSV), blanks as None."""
    out: list[dict[str, object]] = []
    for child, kind, weekly, start, end, born, after_18, provider, uasc in _ROWS:
        paid_to = _NORTHGATE_PAID_TO if provider == "Northgate Housing Support" else None
        out.append(dict(zip(COLUMNS, (child, LINE, kind, weekly, None, None, start, end, born, after_18, paid_to,
                                      provider, uasc), strict=True)))
    child, kind, rate, unit, start, end, born, after_18, provider, uasc = _NIGHT_RATE
    out.insert(32, dict(zip(COLUMNS, (child, LINE, kind, None, rate, unit, start, end, born, after_18, None,
                                      provider, uasc), strict=True)))
    return out


def csv_text() -> str:
    """The same list as a CSV file's text (ISO dates), as ``--children FILE`` reads it."""
    lines = [",".join(COLUMNS)]
    for row in rows():
        lines.append(",".join("" if v is None else v.isoformat() if isinstance(v, dt.date) else str(v)
                              for v in row.values()))
    return "\r\n".join(lines) + "\r\n"
