"""outputs.md rev 3: staffing.capacity[].capacity_only and investments[].posts in the JSON summary."""

from __future__ import annotations

import pytest

from forecast.engine import run
from forecast.inputs import inputs_from_sheets
from forecast.inputs.examples import example_sheets
from forecast.report.summary import summary_dict


def test_enfield_json_has_capacity_only_rows_and_its_posts_across_four_teams():
    d = summary_dict(run(inputs_from_sheets(example_sheets("enfield-2018-19-q2"))))
    capacity = d["staffing"]["capacity"]
    assert capacity and all(row["capacity_only"] is True for row in capacity)  # the R&A line is manual
    one_off, posts = d["investments"]
    assert one_off["posts"] is None
    assert posts["posts"] == [
        {"team": "R&A Team 1", "role": "Social Worker", "fte": 3},
        {"team": "R&A Team 2", "role": "Social Worker", "fte": 4},
        {"team": "R&A Team 3", "role": "Social Worker", "fte": 5},
        {"team": "R&A Team 4", "role": "Social Worker", "fte": 6},
    ]
    # 2019/20 (t = 1): Team 4 needs 216 / 18 = 12; 6 in post now (the 5 November recruits replace 5 agency)
    # and its 6 posts: 12 in post, no gap
    team4 = next(r for r in capacity if r["team"] == "R&A Team 4" and r["year"] == "2019/20")
    assert team4["fte_in_post"] == pytest.approx(6 + 6) and team4["gap_fte"] == pytest.approx(216 / 18 - 12)
    # capacity-only rows cost nothing: no staffing money at all in Enfield
    assert d["staffing"]["full_year_forecast"] == 0 and d["staffing"]["budget_basis"] == 0


def test_the_main_example_json_costs_its_rows_and_has_one_post_row():
    d = summary_dict(run(inputs_from_sheets(example_sheets("example"))))
    assert not any(row["capacity_only"] for row in d["staffing"]["capacity"])
    posts = next(i for i in d["investments"] if i["posts_fte"] is not None)
    assert posts["posts"] == [{"team": "Child Protection", "role": "Social Worker", "fte": 8}]


def test_pipeline_words_say_each_kind():
    import datetime as dt

    from forecast.engine.results import RecruitResult
    from forecast.report.sheets.staffing import pipeline_words

    def words(fte, role, kind, to_role="", day=dt.date(2026, 3, 1)):
        return pipeline_words(RecruitResult("Assessment", role, fte, day, False, False, (), (), (), kind, to_role))

    assert words(2, "ASYE", "progress", "Social Worker") == "2 ASYE become Social Workers, 1 Mar 2026"
    assert words(1, "ASYE", "progress", "Social Worker") == "1 ASYE becomes a Social Worker, 1 Mar 2026"
    assert words(3, "Social Worker", "join", day=dt.date(2025, 11, 3)) == "3 Social Workers join, 3 Nov 2025"
    assert words(1, "Social Worker", "leave", day=dt.date(2026, 2, 1)) == (
        "1 Social Worker leaves, out of post from 1 Feb 2026")
    assert words(2, "Social Worker", "agency_join") == "2 agency Social Workers start, 1 Mar 2026"
    assert words(2.5, "Personal Advisers", "agency_leave") == "2.5 FTE agency Personal Advisers leave, 1 Mar 2026"


def test_the_staffing_sheet_marks_capacity_only_rows_and_leaves_their_money_blank(tmp_path):
    import openpyxl

    from forecast.report.workbook import build_workbook

    path = tmp_path / "enfield.xlsx"
    build_workbook(run(inputs_from_sheets(example_sheets("enfield-2018-19-q2"))), path)
    sheet = openpyxl.load_workbook(path)["Staffing"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Line")
    money = header.index("Budget basis\n£000")
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], str) and r[0].endswith("(capacity only)")]
    assert len(rows) == 6  # Enfield's six Referral and Assessment rows
    assert all(r[money] is None and r[money + 1] is None for r in rows)
