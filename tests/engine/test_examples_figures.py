"""The seeds' figures, reproduced by the shipped examples (calculations.md worked checks, issue 4 must-show)."""

from __future__ import annotations

import copy

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from forecast.cli import cli
from forecast.engine import run
from forecast.inputs.examples import example_sheets
from forecast.inputs import inputs_from_sheets

ROOT = Path(__file__).resolve().parents[2]


def _json(name: str):
    result = CliRunner().invoke(cli, ["summary", str(ROOT / "inputs" / f"{name}.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _line(d, name):
    return next(x for x in d["lines"] if x["line"] == name)


def test_blackpool_month4_net_overspend_8989():
    d = _json("blackpool-2019-20-m4")
    assert d["units"] == "£000" and d["period"] == 4 and d["financial_year"] == "2019/20"
    assert d["totals"]["net_variance"] == pytest.approx(8_989, abs=1)
    lac = _line(d, "Looked After Children placements")
    assert lac["variance"] == pytest.approx(8_195, abs=1)
    assert lac["earmarked"] == 3_570
    assert lac["net_variance"] == pytest.approx(4_625, abs=1)
    assert _line(d, "Ofsted Improvement Plan")["net_variance"] == pytest.approx(4_364, abs=1)
    assert d["mtfp"][0]["gap"] == pytest.approx(8_989, abs=1)
    assert d["totals"]["earmarked"] == 3_570
    others = [x["net_variance"] for x in d["lines"] if x["line"] not in (lac["line"], "Ofsted Improvement Plan")]
    assert sum(others) == pytest.approx(0, abs=1)


def test_blackpool_staffing_31_vacancies_and_22_percent_agency():
    r = run(inputs_from_sheets(example_sheets("blackpool-2019-20-m4")))
    assert r.staffing.vacant == 31
    assert r.staffing.agency_share == pytest.approx(0.22, abs=0.005)
    bridge = {i.key: i.amount for i in r.variance_bridge}
    # the earmark was set against the gap between the budget and its own assumptions
    assert bridge["placements_budget_basis"] == pytest.approx(3_570, abs=1)
    assert sum(bridge.values()) == pytest.approx(r.totals.net_variance)


def test_blackpool_break_even_lines_are_exactly_zero():
    # A variance of −0.03 prints as "(0)" and "(0.0%)" on the Revenue Summary; exactly 0 prints "-".
    r = run(inputs_from_sheets(example_sheets("blackpool-2019-20-m4")))
    assert [x.line for x in r.lines if 0 < abs(x.variance) < 0.5] == []
    staff = next(x for x in r.lines if x.line == "Children's social work teams")
    assert staff.variance == 0.0 and staff.net_variance == 0.0


def test_blackpool_is_prepared_by_a_role_and_says_it_is_illustrative():
    s = run(inputs_from_sheets(example_sheets("blackpool-2019-20-m4"))).settings
    assert s.prepared_by == "Finance Business Partner, Children's Services"  # "Prepared by Finance Business …"
    assert s.report_title.startswith("Illustrative reconstruction")


def test_enfield_funded_investments_add_nothing_to_the_gap():
    d = _json("enfield-2018-19-q2")
    assert d["totals"]["net_variance"] == pytest.approx(3_500, abs=1)
    one_off, ongoing = d["investments"]
    assert (one_off["kind"], one_off["funding"], one_off["cost"]["2018/19"]) == ("one-off", "reserves", 600)
    assert (ongoing["kind"], ongoing["funding"]) == ("ongoing", "base")
    assert [ongoing["cost"][y] for y in ("2018/19", "2019/20", "2020/21")] == [0, 1_000, 1_000]
    # the investments' costs are met by their funding in every year: the one-off from reserves (funding),
    # the ongoing £1m as base growth that raises the cash limit (revision 2 §4), not as funding
    for row in d["mtfp"]:
        assert row["investment_costs"] == pytest.approx(row["funding"] + row["base_growth"])
    assert [row["base_growth"] for row in d["mtfp"]] == [0, 1_000, 1_000, 1_000]
    assert d["mtfp"][0]["gap"] == pytest.approx(d["totals"]["net_variance"])
    r = run(inputs_from_sheets(example_sheets("enfield-2018-19-q2")))
    assert all(v == 0 for i in r.investments for v in i.gap_effect)


def test_enfield_18_posts_at_about_55_6k_and_caseloads_31_to_36():
    r = run(inputs_from_sheets(example_sheets("enfield-2018-19-q2")))
    social_workers = [row for row in r.staffing.rows if row.cases is not None]
    assert sorted(row.caseload for row in social_workers) == [31, 32, 34, 36]
    assert {row.target_caseload for row in social_workers} == {18}
    assert social_workers[0].employee_cost_per_fte == pytest.approx(1_000_000 / 18, abs=1)  # ≈ £55.6k
    assert r.staffing.fte_needed == pytest.approx((186 + 192 + 204 + 216) / 18)


def test_enfield_18_posts_close_18_fte_of_the_capacity_gap_from_2019_20():
    sheets = example_sheets("enfield-2018-19-q2")
    with_posts = run(inputs_from_sheets(sheets))
    without = copy.deepcopy(sheets)
    for row in without["Investments"]:
        row.update(team=None, role=None, fte=None, replaces_agency=None)
    plain = run(inputs_from_sheets(without))

    def gap(r, year):
        return sum(c.gap_fte for c in r.staffing.capacity if c.year == year)

    posts = next(i for i in with_posts.investments if i.posts_fte is not None)
    assert (posts.posts_fte, posts.role) == (18, "Social Worker")
    # rev 3 §4: across the four teams, 3 + 4 + 5 + 6 = 18, each closing its own team's gap
    split = {team: fte for team, _role, fte in posts.posts}
    assert split == {"R&A Team 1": 3, "R&A Team 2": 4, "R&A Team 3": 5, "R&A Team 4": 6}
    for team, fte in split.items():
        mine = [c for r in (with_posts, plain) for c in r.staffing.capacity if c.team == team and c.year == 2019]
        assert mine[0].gap_fte == pytest.approx(mine[1].gap_fte - fte)
        assert mine[0].capacity_only  # the R&A line is manual: its Staffing rows are capacity only
    assert gap(with_posts, 2018) == pytest.approx(gap(plain, 2018))  # the posts start in 2019/20
    for year in (2019, 2020, 2021):
        assert gap(with_posts, year) == pytest.approx(gap(plain, year) - 18)
    # 2018/19: needed (186 + 192 + 204 + 216) / 18 = 44.33 against 6 + 6 + 6 + 6 = 24 in post: 20.33;
    # 2019/20 adds the three mid-October recruits (the five in November replace agency): 44.33 − 27 − 18
    assert gap(with_posts, 2018) == pytest.approx(798 / 18 - 24)
    assert gap(with_posts, 2019) == pytest.approx(798 / 18 - 27 - 18)
    # the £1m stays the investment's cost: the posts' cost is not added again
    assert posts.cost[1:] == (1_000, 1_000, 1_000)


def test_enfield_summary_text_shows_funding_and_fte_needed():
    result = CliRunner().invoke(cli, ["summary", str(ROOT / "inputs" / "enfield-2018-19-q2.xlsx")])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "FTE needed to bring caseloads to 18: 44.3" in text
    assert "funded from reserves, adds nothing to the gap" in text
    assert "funded from base, adds nothing to the gap" in text


@pytest.mark.parametrize("name", ["blackpool-2019-20-m4", "enfield-2018-19-q2"])
def test_example_checks_all_hold(name):
    r = run(inputs_from_sheets(example_sheets(name)))
    assert [c.key for c in r.checks if not c.ok] == []
    # issue 24: Enfield's improvement plan has the seed's one caseload figure, September 2018; §8 warns a measure
    # with too few months for a trend that no row asks a trend of
    expected = (("History!A2: History measure 'R&A caseload' has 1 month",) if name == "enfield-2018-19-q2" else ())
    assert tuple(w[:len(e)] for w, e in zip(r.warnings, expected, strict=False)) == expected
    assert len(r.warnings) == len(expected)
