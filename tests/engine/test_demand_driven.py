"""A typed Demand sheet drives placements (calculations §9): in-year outturns and every plan year, by hand.

The workbook: 2025/26 at period 9 (Jan–Mar 2026 to come, R = 3/12), in £ with 52 weeks a year, placement
inflation 10%, general inflation 0, plan 2025/26–2028/29. Independent fostering agency (IFA) children are
on two lines (3 on LAC, 1 on Leaving care: shares 3/4 and 1/4); in-house fostering (4 on LAC) has no
Demand. IFA Demand: Jan 10, Feb 11, Mar 12 2026 (mean 11); every month of 2026/27 8 (whole, mean 8); only
April 2027 of 2027/28 (not whole); nothing for 2028/29.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from demand_support import IFA, INFL, W, sheets
from factory import write_workbook
from forecast.engine import run
from forecast.inputs import load_inputs

assert INFL == 0.10 and W == 52.0  # the arithmetic below is written with these


def load(tmp_path: Path, in_year: str = "yes"):  # type: ignore[no-untyped-def]
    return load_inputs(write_workbook(tmp_path / "d.xlsx", sheets(in_year)))


def test_typed_demand_gives_in_year_outturns_and_every_plan_year(tmp_path: Path) -> None:
    results = run(load(tmp_path))
    lines = {x.line: x for x in results.lines}
    # In year: IFA children 3/4 × 11 = 8.25 on LAC and 1/4 × 11 = 2.75 on Leaving care; in-house 4 (no Demand).
    lac_0 = 60_000 + 8.25 * 1000 * W * 0.25 + 4 * 500 * W * 0.25
    leaving_0 = 20_000 + 2.75 * 2000 * W * 0.25
    assert lines["LAC"].outturn == pytest.approx(lac_0, abs=1e-6)
    assert lines["Leaving care"].outturn == pytest.approx(leaving_0, abs=1e-6)
    # 2026/27 whole: IFA 3/4 × 8 = 6 and 1/4 × 8 = 2; in-house 4 × 1.05.
    lac_1 = 6 * 1000 * 1.1 * W + 4 * 1.05 * 500 * 1.1 * W
    leaving_1 = 2 * 2000 * 1.1 * W
    # 2027/28 not whole: the 2026/27 children grown by the row's growth (LAC IFA 10%, Leaving care 0).
    lac_2 = 6 * 1.1 * 1000 * 1.1**2 * W + 4 * 1.05**2 * 500 * 1.1**2 * W
    leaving_2 = 2 * 2000 * 1.1**2 * W
    # 2028/29 past the Demand: two years from 2026/27.
    lac_3 = 6 * 1.1**2 * 1000 * 1.1**3 * W + 4 * 1.05**3 * 500 * 1.1**3 * W
    leaving_3 = 2 * 2000 * 1.1**3 * W
    expected = [lac_0 + leaving_0 + 5000, lac_1 + leaving_1 + 5000, lac_2 + leaving_2 + 5000,
                lac_3 + leaving_3 + 5000]
    for year, want in zip(results.mtfp, expected, strict=True):
        assert year.service_forecast == pytest.approx(want, abs=1e-6)
    p = results.placements
    assert p is not None
    # The bridge uses the children the forecast used: ΣF on 8.25 IFA and 4 in-house on LAC.
    assert p.lines["LAC"].bridge.full_year_forecast == pytest.approx((8.25 * 1000 + 4 * 500) * W, abs=1e-6)
    assert p.lines["LAC"].bridge.children == pytest.approx(12.25)
    # Children by plan year: t = 0 today's (the rate per 10,000 counts them), later years as above.
    ifa_lac = p.rows[0]
    assert ifa_lac.children_by_year == pytest.approx((3, 6, 6.6, 7.26))
    assert ifa_lac.demand_driven and ifa_lac.demand_in_year and ifa_lac.demand_share == pytest.approx(0.75)
    assert not p.rows[1].demand_driven and p.rows[1].demand_share is None
    assert p.demand is not None and p.demand.in_year
    cla = [sum(r.children_by_year[t] for r in p.rows) for t in range(4)]
    assert cla == pytest.approx([8, 6 + 2 + 4 * 1.05, 6.6 + 2 + 4 * 1.05**2, 7.26 + 2 + 4 * 1.05**3])
    assert all(c.ok for c in results.checks)


def test_without_demand_in_year_this_year_stays_on_todays_children(tmp_path: Path) -> None:
    results = run(load(tmp_path, "no"))
    lines = {x.line: x for x in results.lines}
    assert lines["LAC"].outturn == pytest.approx(60_000 + (3 * 1000 + 4 * 500) * W * 0.25, abs=1e-6)
    assert lines["Leaving care"].outturn == pytest.approx(20_000 + 1 * 2000 * W * 0.25, abs=1e-6)
    # Later years are Demand-driven all the same.
    assert results.mtfp[1].service_forecast == pytest.approx(
        6 * 1000 * 1.1 * W + 4 * 1.05 * 500 * 1.1 * W + 2 * 2000 * 1.1 * W + 5000, abs=1e-6)
    assert results.placements is not None and results.placements.demand is not None
    assert not results.placements.demand.in_year


def test_a_scenario_scales_a_types_demand(tmp_path: Path) -> None:
    book = sheets()
    book["Scenarios"] = [{"scenario": "Model +10%", "sheet": "Demand", "row": IFA, "column": "children",
                          "op": "scale", "value": 1.1}]
    from forecast.engine.scenarios import run_scenarios

    inputs = load_inputs(write_workbook(tmp_path / "s.xlsx", book))
    base, high = run_scenarios(inputs, ["Base", "Model +10%"])
    # 2026/27 IFA: 6 → 6.6 on LAC (× 1000) and 2 → 2.2 on Leaving care (× 2000), at 1.1 inflation.
    assert high.mtfp[1].service_forecast - base.mtfp[1].service_forecast == pytest.approx(
        (0.6 * 1000 + 0.2 * 2000) * 1.1 * W, abs=1e-6)
    # In year: 8.25 → 9.075 and 2.75 → 3.025 for a quarter of the year.
    assert high.totals.outturn - base.totals.outturn == pytest.approx(
        (0.825 * 1000 + 0.275 * 2000) * W * 0.25, abs=1e-6)


def test_a_risk_row_ranges_a_types_demand(tmp_path: Path) -> None:
    book = sheets()
    book["Risks"] = [{"sheet": "Demand", "row": IFA, "column": "children", "op": "scale", "low": 0.9,
                      "likely": 1.0, "high": 1.2}]
    from forecast.engine.risk import run_risk

    risk = run_risk(load_inputs(write_workbook(tmp_path / "r.xlsx", book)), 200, 1)
    # Each draw scales every IFA Demand month by the same multiplier m in 0.9..1.2: the 2026/27 gap moves by
    # (m − 1) × the IFA cost of that year, (6 × 1000 + 2 × 2000) × 1.1 × 52, and by nothing else.
    ifa_1 = (6 * 1000 + 2 * 2000) * 1.1 * W
    base = run(load(tmp_path)).mtfp[1].gap
    moved = (risk.gap_draws[1] - base) / ifa_1
    assert moved.min() >= -0.1 - 1e-9 and moved.max() <= 0.2 + 1e-9 and moved.max() - moved.min() > 0.1


def test_the_json_block_and_sentence(tmp_path: Path) -> None:
    from forecast.report.demand_words import demand_json, demand_sentence

    results = run(load(tmp_path))
    block = demand_json(results)
    assert block is not None and block["in_year"] is True
    rows = {(r["line"], r["placement_type"]): r for r in block["rows"]}
    assert rows[("LAC", IFA)]["share"] == pytest.approx(0.75)
    assert rows[("Leaving care", IFA)]["share"] == pytest.approx(0.25)
    assert rows[("LAC", IFA)]["driven"] == ["2026/27", "2027/28", "2028/29"]
    assert rows[("LAC", IFA)]["children"]["2027/28"] == pytest.approx(6.6)
    assert len(block["rows"]) == 2  # in-house fostering has no Demand
    (ifa,) = block["types"]
    assert ifa["today"] == 4 and ifa["whole_years"] == ["2026/27"] and ifa["first_month"] == "2026-01"
    assert ifa["march"] == {"2025/26": 12, "2026/27": 8, "2027/28": None, "2028/29": None}
    # March 2026: 12, March 2027: 8; today 3 + 1 = 4.
    assert demand_sentence(results) == (
        "The Demand expects 12 children in independent fostering agency in March 2026, 8 in March 2027, "
        "against 4 today.")
    assert demand_json(run(load_inputs(write_workbook(tmp_path / "none.xlsx",
                                                      {k: v for k, v in sheets().items() if k != "Demand"})))) is None


def test_a_line_on_the_children_list_keeps_the_list_this_year_and_takes_the_demand_later() -> None:
    """With demand_in_year, a type on a list-driven line (§12) keeps the list for this year: the Demand
    drives only its typed rows this year and every row's later years (a row marked as Demand-driven this
    year while its outturn came from the list would be a wrong statement on the Placements sheet and JSON).

    2025/26 at Month 6, £000, W = 365/7, inflation 5%. In-house fostering: 3 children active on
    30 September 2025 on the list line A (£500, £510, £520 a week: mean £510) and 6 typed on B (£600), so
    shares 3/9 and 6/9. Demand: 9 a month for October 2025 to March 2026, 12 a month for 2026/27.
    """
    import datetime as dt

    from forecast.inputs import inputs_from_sheets

    months = [dt.date(2025 + (m < 4), m, 1) for m in (10, 11, 12, 1, 2, 3)]
    later = [dt.date(2026 + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    data: dict[str, list[dict[str, object]]] = {
        "Settings": [{"setting": "authority", "value": "T"}, {"setting": "financial_year", "value": "2025/26"},
                     {"setting": "period", "value": 6}, {"setting": "mtfp_years", "value": 2},
                     {"setting": "demand_in_year", "value": "yes"}],
        "Budget": [{"line": "A", "budget": 500, "actual_to_date": 200, "method": "placements"},
                   {"line": "B", "budget": 300, "actual_to_date": 150, "method": "placements"}],
        "Placements": [{"line": "A", "placement_type": "in-house fostering"},
                       {"line": "B", "placement_type": "in-house fostering", "children": 6, "weekly_cost": 600}],
        "Children": [{"child": f"C{i}", "line": "A", "placement_type": "in-house fostering",
                      "weekly_cost": 500 + 10 * i, "start": dt.date(2024, 1, 1)} for i in range(3)],
        "Demand": [{"month": m, "placement_type": "in-house fostering", "children": 9} for m in months]
        + [{"month": m, "placement_type": "in-house fostering", "children": 12} for m in later],
    }
    results = run(inputs_from_sheets(data))
    w = 365 / 7
    lines = {x.line: x for x in results.lines}
    # A: the list's 182 days from 1 October to 31 March at £1,530 a week for the three.
    assert lines["A"].outturn == pytest.approx(200 + 1530 / 7 * 182 / 1000, abs=1e-9)
    # B: 6/9 of the Demand's 9 = 6 children for the rest of the year.
    assert lines["B"].outturn == pytest.approx(150 + 6 * 600 * w * 0.5 / 1000, abs=1e-9)
    p = results.placements
    assert p is not None and p.demand is not None
    list_row, typed_row = p.rows
    assert not list_row.demand_in_year and list_row.demand_driven  # later years only
    assert list_row.forecast_children == 3
    assert p.lines["A"].bridge.full_year_forecast == pytest.approx(1530 * w / 1000, abs=1e-9)
    assert typed_row.demand_in_year and p.demand.in_year
    # 2026/27: 12 × 3/9 = 4 at £510 and 12 × 6/9 = 8 at £600, inflated 5%.
    assert results.mtfp[1].service_forecast == pytest.approx((4 * 510 + 8 * 600) * 1.05 * w / 1000, abs=1e-9)
