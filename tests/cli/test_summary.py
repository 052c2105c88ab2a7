"""``forecast summary``: the JSON structure of outputs.md and the terminal table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from forecast.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [ROOT / "inputs" / "blackpool-2019-20-m4.xlsx", ROOT / "inputs" / "enfield-2018-19-q2.xlsx"]

NUMBER = (int, float)
MAYBE_NUMBER = (int, float, type(None))
LINE_KEYS = {
    "line": str, "group": str, "method": str, "budget": NUMBER, "actual_to_date": NUMBER, "outturn": NUMBER,
    "variance": NUMBER, "earmarked": NUMBER, "net_variance": NUMBER, "variance_pct": MAYBE_NUMBER,
    "previous_variance": MAYBE_NUMBER, "movement": MAYBE_NUMBER, "rag": str,
    # rev 3 (outputs.md's key table): never null, except the ongoing split of placements and staffing lines
    "earmark_drawn": NUMBER, "earmark_unused": NUMBER, "ongoing_variance": MAYBE_NUMBER,
    "one_off_variance": MAYBE_NUMBER,
}  # fmt: skip
TOTAL_KEYS = ("budget", "actual_to_date", "outturn", "variance", "earmarked", "net_variance", "earmark_drawn",
              "earmark_unused")
BRIDGE_KEYS = ("full_year_forecast", "full_year_budget", "volume", "mix", "price")
STAFFING_KEYS = (
    "full_year_forecast", "budget_basis", "vacancy_saving", "agency_premium", "agency_share", "capacity_gap_fte",
    "permanent_vacancies", "turnover_cover",
)  # fmt: skip
CAPACITY_KEYS = {
    "year": str, "team": str, "role": str, "cases": NUMBER, "fte_needed": NUMBER, "fte_in_post": NUMBER,
    "gap_fte": NUMBER, "cost_to_close": NUMBER, "capacity_only": bool,
}  # fmt: skip
MTFP_KEYS = (
    "base_budget", "base_growth", "service_forecast", "investment_costs", "investment_savings", "savings_delivered",
    "total_forecast", "funding", "gap", "savings_at_risk",
)  # fmt: skip
MTFP_MAYBE_KEYS = ("gap_change", "reserves_opening", "reserves_drawn", "reserves_closing", "reserves_if_gaps_met",
                   "cla", "rate_per_10k")
TREND_KEYS = {
    "measure": str, "months": int, "first_month": str, "last_month": str, "latest": NUMBER,
    "growth": MAYBE_NUMBER, "growth_se": MAYBE_NUMBER, "growth_p10": MAYBE_NUMBER, "growth_p90": MAYBE_NUMBER,
    "change": MAYBE_NUMBER,
}  # fmt: skip


def _summary(path: Path, *args: str):
    result = CliRunner().invoke(cli, ["summary", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _by_year(mapping, years):
    assert list(mapping) == years
    assert all(isinstance(v, NUMBER) for v in mapping.values())


@pytest.mark.parametrize("path", [*EXAMPLES, ROOT / "inputs" / "example.xlsx"], ids=lambda p: p.stem)
def test_json_has_every_key_with_its_type(path):
    d = json.loads(_summary(path, "--json"))
    assert list(d)[:6] == ["authority", "service", "financial_year", "period", "units", "scenario"]
    assert {"lines", "totals", "placements", "staffing", "investments", "savings", "mtfp", "trends", "warnings"} <= set(d)
    assert isinstance(d["authority"], str) and isinstance(d["service"], str)
    assert d["financial_year"][4] == "/" and isinstance(d["period"], int)
    assert d["units"] in ("£000", "£") and d["scenario"] == "Base"
    years = [m["year"] for m in d["mtfp"]]
    assert years[0] == d["financial_year"]
    for line in d["lines"]:
        assert set(line) == set(LINE_KEYS)
        for key, kind in LINE_KEYS.items():
            assert isinstance(line[key], kind), (key, line[key])
    assert set(d["totals"]) == set(TOTAL_KEYS)
    assert all(isinstance(d["totals"][k], NUMBER) for k in TOTAL_KEYS)
    placements = d["placements"]
    assert set(placements) == {*BRIDGE_KEYS, "lines", "high_cost", "aged_out"}  # rev 3 §12: null without a list
    assert (placements["high_cost"] is None) == (placements["aged_out"] is None)
    for bridge in [placements, *placements["lines"].values()]:
        assert all(isinstance(bridge[k], NUMBER) for k in BRIDGE_KEYS)
    assert set(d["staffing"]) == {*STAFFING_KEYS, "capacity"}
    assert all(isinstance(d["staffing"][k], MAYBE_NUMBER) for k in STAFFING_KEYS)
    assert d["staffing"]["capacity"]  # every example has caseloads
    for row in d["staffing"]["capacity"]:
        assert set(row) == set(CAPACITY_KEYS) and row["year"] in years
        assert all(isinstance(row[k], kind) for k, kind in CAPACITY_KEYS.items())
    for item in d["investments"]:
        assert set(item) == {"name", "kind", "funding", "npv", "irr", "payback_year", "posts_fte", "posts", "cost",
                             "saving"}
        # rev 3 §4: the posts on each team, null without posts
        assert (item["posts"] is None) == (item["posts_fte"] is None)
        assert item["posts"] is None or sum(p["fte"] for p in item["posts"]) == pytest.approx(item["posts_fte"])
        assert isinstance(item["npv"], MAYBE_NUMBER) and isinstance(item["irr"], MAYBE_NUMBER)
        assert isinstance(item["posts_fte"], MAYBE_NUMBER)
        assert item["payback_year"] is None or item["payback_year"] in years
        _by_year(item["cost"], years)
        _by_year(item["saving"], years)
    assert set(d["savings"]) == {"planned", "delivered", "at_risk"}
    for values in d["savings"].values():
        _by_year(values, years)
    for t, row in enumerate(d["mtfp"]):
        assert set(row) == {"year", *MTFP_KEYS, *MTFP_MAYBE_KEYS}
        assert all(isinstance(row[k], NUMBER) for k in MTFP_KEYS)
        assert all(isinstance(row[k], MAYBE_NUMBER) for k in MTFP_MAYBE_KEYS)
        assert (row["gap_change"] is None) == (t == 0)
    for trend in d["trends"]:
        assert set(trend) == set(TREND_KEYS)
        assert all(isinstance(trend[k], kind) for k, kind in TREND_KEYS.items())
    assert isinstance(d["warnings"], list) and all(isinstance(w, str) for w in d["warnings"])
    assert d["reserves_run_out_if_gaps_met"] is None or d["reserves_run_out_if_gaps_met"] in years
    for line in d["lines"]:
        modelled = line["method"] in ("placements", "staffing")
        assert (line["ongoing_variance"] is None) == modelled
        assert line["earmark_drawn"] + line["earmark_unused"] == pytest.approx(line["earmarked"])


def test_example_json_holds_trends_capacity_and_reserves_and_never_says_cumulative():
    raw = _summary(ROOT / "inputs" / "example.xlsx", "--json")
    assert "cumulative" not in raw.lower()
    d = json.loads(raw)
    # issue 24: the improvement plan's two measures have 12 months each (October 2024 to September 2025)
    assert {t["measure"]: t["months"] for t in d["trends"]} == {
        "external residential": 24, "independent fostering agency": 24, "Child Protection": 24,
        "Child Protection caseload": 12, "Assessments within 45 days (%)": 12,
    }
    assert all(t["last_month"] == "2025-09" for t in d["trends"])
    first = d["mtfp"][0]
    # reserves: opening 2,500 less Σ earmarked (500 + 400, both lines overspend by more) and the 600 funded from
    # reserves
    assert first["reserves_opening"] == 2500
    assert first["reserves_drawn"] == pytest.approx(500 + 400 + 600)
    assert first["reserves_closing"] == pytest.approx(2500 - 1500)
    assert d["mtfp"][1]["reserves_opening"] == pytest.approx(1000)
    # rev 3: if the 2025/26 gap were met from reserves too, 1,000 − gap_0 (> 1,000) is below 0: they run out at once
    assert first["gap"] > 1000
    assert first["reserves_if_gaps_met"] == pytest.approx(1000 - first["gap"])
    assert d["reserves_run_out_if_gaps_met"] == "2025/26"
    posts = next(i for i in d["investments"] if i["name"] == "Additional frontline social workers")
    assert posts["posts_fte"] == 8
    years = {c["year"] for c in d["staffing"]["capacity"]}
    assert years == {m["year"] for m in d["mtfp"]}


def test_json_numbers_are_unrounded_and_missing_values_null():
    d = json.loads(_summary(EXAMPLES[0], "--json"))
    lac = d["lines"][0]
    assert lac["outturn"] != round(lac["outturn"])  # not rounded to £k
    held = next(x for x in d["lines"] if x["line"] == "Safeguarding and quality assurance")
    assert held["earmarked"] == 0.0
    assert d["investments"] == []


def test_text_shows_the_headline_figures():
    text = _summary(EXAMPLES[0])
    assert text.startswith("Blackpool Council — Children's Social Care, Month 4 2019/20 (£000; scenario Base)")
    assert "Net variance (overspend)   8,989" in text
    for label in ("Lines (largest net variance first)", "Placements", "Staffing", "Caseloads", "MTFP"):
        assert label in text
    assert "(42)" in text  # negatives in brackets


def test_summary_of_a_missing_file_is_one_clear_error():
    result = CliRunner().invoke(cli, ["summary", "no-such-file.xlsx"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
