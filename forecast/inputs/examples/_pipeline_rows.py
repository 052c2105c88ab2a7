"""The main example's workforce pipeline beyond its joiners (revision 3 §3): one row of each other kind.

Kept apart from ``example.py`` (owned with the children list) and added to its Recruitment sheet by a one-line
hook. Northfield, Month 6 2025/26: a Children in Care social worker leaves at the end of January (1 February
is the first day out of post); two agency social workers start in Child Protection on 1 December to cover
the caseload until the November recruits settle; Assessment's agency contract for two workers ends on
1 March 2026, the day two of its ASYE social workers complete their assessed year and become Social
Workers. Every row stays within its row's establishment (no over-establishment warning): Assessment's
Social Worker row has 17 + 6 = 23 in post, the January recruits replace 2 agency, the agency ends take 2
more and the 2 progressions bring it back to 23 of 24.
"""

from __future__ import annotations

import datetime as dt

from forecast.inputs.examples._rows import columns, table


def rows() -> list[dict[str, object]]:
    """Recruitment rows: team, role, fte, start, replaces_agency, one_off_cost, kind, to_role."""
    return table(
        columns("Recruitment"),
        ("Children in Care", "Social Worker", 1, dt.date(2026, 2, 1), None, None, "leave"),
        ("Child Protection", "Social Worker", 2, dt.date(2025, 12, 1), None, None, "agency_join"),
        ("Assessment", "Social Worker", 2, dt.date(2026, 3, 1), None, None, "agency_leave"),
        ("Assessment", "ASYE Social Worker", 2, dt.date(2026, 3, 1), None, None, "progress", "Social Worker"),
    )
