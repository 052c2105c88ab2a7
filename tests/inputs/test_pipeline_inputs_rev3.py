"""inputs.md rev 3: Recruitment `kind` and `to_role`, Investments posts across teams; every bad cell in one run."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from factory import minimal_sheets

from forecast.errors import InputError
from forecast.inputs import inputs_from_sheets


def _sheets():
    sheets = minimal_sheets()
    base = dict(sheets["Staffing"][0])
    sheets["Staffing"] += [
        {**base, "role": "ASYE", "salary": 33000, "fte_agency": 0},
        {**base, "team": "Duty", "fte_agency": 2},
    ]
    # every column named in the first row, so the letters are: team A, role B, fte C, start D, kind E, to_role F
    sheets["Recruitment"] = [
        {"team": "Assessment", "role": "Social Worker", "fte": 1, "start": dt.date(2025, 12, 1), "kind": None,
         "to_role": None},
    ]
    # Investments: name A, kind B, amount C, start_year D, funding E, team F, role G, fte H
    sheets["Investments"] = [
        {"name": "Edge of care", "kind": "one-off", "amount": 100, "start_year": "2025/26", "funding": "reserves",
         "team": None, "role": None, "fte": None},
    ]
    return sheets


def _recruit(sheets, **row):
    sheets["Recruitment"].append({"team": "Assessment", "role": "ASYE", "fte": 1, "start": dt.date(2026, 1, 1), **row})


def _posts(sheets, name, team, fte):
    sheets["Investments"].append({"name": name, "kind": "ongoing", "amount": None, "start_year": "2026/27",
                                  "funding": "base", "team": team, "role": "Social Worker", "fte": fte})


def test_every_kind_reads_and_progress_gets_the_canonical_to_role():
    sheets = _sheets()
    for kind in ("join", "leave", "agency_join", "agency_leave"):
        _recruit(sheets, kind=kind)
    _recruit(sheets, kind="progress", to_role="social worker")
    read = inputs_from_sheets(sheets).recruitment
    assert [r.kind for r in read] == ["join", "join", "leave", "agency_join", "agency_leave", "progress"]
    assert read[-1].to_role == "Social Worker"


def test_posts_across_teams_read_equal_and_counted():
    sheets = _sheets()
    _posts(sheets, "Equal", "assessment; Duty", 4)
    _posts(sheets, "Counted", "Assessment: 1; duty: 3", 4)
    equal, counted = inputs_from_sheets(sheets).investments[1:]
    assert equal.teams == (("Assessment", None), ("Duty", None))
    assert counted.teams == (("Assessment", 1.0), ("Duty", 3.0))
    assert counted.team == "Assessment: 1; Duty: 3"


def test_bad_pipeline_and_split_posts_are_each_an_error_at_its_cell_in_one_run():
    sheets = _sheets()
    _recruit(sheets, kind="hire")  # Recruitment row 3
    _recruit(sheets, kind="progress")  # row 4: no to_role
    _recruit(sheets, kind="progress", to_role="Manager")  # row 5: no such role in the team
    _posts(sheets, "Short", "Assessment: 1; Duty: 2", 4)  # Investments row 3: 1 + 2 ≠ 4
    _posts(sheets, "Some", "Assessment: 1; Duty", 4)  # row 4: counts on some teams only
    _posts(sheets, "Nowhere", "Assessment; Leaving Care", 4)  # row 5: no Social Worker row in Leaving Care
    with pytest.raises(InputError) as caught:
        inputs_from_sheets(sheets)
    text = str(caught.value)
    assert "Recruitment!E3: kind must be one of join, leave, agency_join, agency_leave, progress" in text
    assert "Recruitment!F4: to_role is blank" in text
    assert "Recruitment!F5: to_role 'Manager' is not a role of team 'Assessment'" in text
    assert "Investments!F3: the teams' FTE add up to 3, not fte 4" in text
    assert "Investments!F4: FTE are given for some teams and not others" in text
    assert "Investments!F5: team 'Leaving Care' has no Staffing row with role 'Social Worker'" in text


def test_to_role_on_another_kind_is_warned_and_ignored():
    sheets = _sheets()
    _recruit(sheets, kind="leave", to_role="Social Worker")
    read = inputs_from_sheets(sheets)
    assert read.recruitment[-1].to_role == ""
    assert any("Recruitment!F3" in str(w) and "to_role is ignored" in str(w) for w in read.warnings)


def test_staffing_rows_on_a_manual_line_read_and_the_blank_method_still_defaults_to_staffing():
    sheets = _sheets()
    budget = copy.deepcopy(sheets["Budget"])
    assert inputs_from_sheets(sheets).budget[1].method == "staffing"  # blank method, named by Staffing
    budget[1].update(method="manual", forecast=510)
    sheets["Budget"] = budget
    read = inputs_from_sheets(sheets)
    assert read.budget[1].method == "manual" and len(read.staffing) == 3
