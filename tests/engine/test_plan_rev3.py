"""Issue 19, calculations.md revision 3 §1, §6, §8, §9: each rule on a small case worked by hand.

Earmarks drawn only as far as the line overspends, underspends rated green,
partly ongoing lines, reserves if each year's gap were met from them, the
observed change of a short History, and children looked after per 10,000.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings as hsettings
from engine_support import inputs, settings
from strategies import authorities, revision2_authorities

from forecast.engine import run
from forecast.engine.cla import children_by_year
from forecast.inputs.model import BudgetLine, HistoryRow, PlacementRow
from forecast.report.summary import summary_dict

PROPERTIES = hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- §1 earmarks ---------------------------------------------------------------


def test_eastbrook_month_12_earmark_draws_only_what_the_line_overspends() -> None:
    # variance 1,090 − 1,000 = 90; 150 earmarked: drawn min(150, max(90, 0)) = 90, net 90 − 90 = 0, 60 unused
    r = run(inputs((BudgetLine("Ofsted", 1_000.0, "manual", forecast=1_090.0, earmarked=150.0),)))
    x = r.lines[0]
    assert (x.variance, x.earmarked, x.earmark_drawn, x.earmark_unused, x.net_variance) == (90.0, 150.0, 90.0, 60.0,
                                                                                            0.0)
    assert x.rag == "green"  # no false underspend of (60) rated red
    assert (r.totals.earmark_drawn, r.totals.earmark_unused) == (90.0, 60.0)
    # funding at t = 0 is Σ earmark_drawn (90), so the year-0 gap is Σ net variance = 0
    assert r.mtfp[0].funding == 90.0
    assert r.mtfp[0].gap == pytest.approx(0.0)
    # the bridge takes off the drawn amount: 90 − 90 = 0
    assert [b.amount for b in r.variance_bridge if b.key == "earmarked"] == [-90.0]


def test_an_earmark_on_an_underspending_line_is_not_drawn() -> None:
    # variance 950 − 1,000 = −50; 30 earmarked: drawn min(30, max(−50, 0)) = 0; net −50; 30 unused
    r = run(inputs((BudgetLine("Legal", 1_000.0, "manual", forecast=950.0, earmarked=30.0),)))
    x = r.lines[0]
    assert (x.earmark_drawn, x.earmark_unused, x.net_variance) == (0.0, 30.0, -50.0)
    assert x.rag == "green"  # an underspend of 5% is green (rag_underspend defaults to green)


def test_an_earmark_smaller_than_the_overspend_is_drawn_in_full() -> None:
    # variance 1,300 − 1,000 = 300; 100 earmarked: drawn 100, net 200, nothing unused
    r = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=1_300.0, earmarked=100.0),)))
    x = r.lines[0]
    assert (x.earmark_drawn, x.earmark_unused, x.net_variance) == (100.0, 0.0, 200.0)


@pytest.mark.slow
@PROPERTIES
@given(authorities())
def test_property_earmark_drawn_never_exceeds_the_earmark_and_covers_small_overspends(a) -> None:
    r = run(a)
    for x in r.lines:
        assert x.earmark_drawn <= x.earmarked
        assert x.earmark_drawn >= 0
        if x.earmarked >= x.variance > 0:
            assert x.net_variance >= 0
            assert x.net_variance == 0


# --- §1 RAG ---------------------------------------------------------------------


def test_an_underspend_is_green_unless_rag_underspend_is_size() -> None:
    # net −100 on 1,000 = −10%: red by size, green by default
    line = (BudgetLine("L", 1_000.0, "manual", forecast=900.0),)
    assert run(inputs(line)).lines[0].rag == "green"
    assert run(inputs(line, settings=settings(rag_underspend="size"))).lines[0].rag == "red"
    # an overspend of 10% is red either way
    over = (BudgetLine("L", 1_000.0, "manual", forecast=1_100.0),)
    assert run(inputs(over)).lines[0].rag == "red"


# --- §6 one-off and ongoing -------------------------------------------------------


def test_a_partly_ongoing_line_carries_its_share_into_later_years() -> None:
    # variance 1,400 − 1,000 = 400, recurring 0.25: ongoing 100, one-off 300.
    # Later years: (1,000 + 400 × 0.25) × 1.02^t = 1,100 × 1.02 = 1,122 (t = 1), 1,100 × 1.0404 = 1,144.44 (t = 2)
    r = run(inputs((BudgetLine("Ofsted", 1_000.0, "manual", forecast=1_400.0, recurring=0.25),),
                   settings=settings(general_inflation=0.02)))
    x = r.lines[0]
    assert (x.ongoing_variance, x.one_off_variance) == (100.0, 300.0)
    assert r.mtfp[1].service_forecast == pytest.approx(1_122.0)
    assert r.mtfp[2].service_forecast == pytest.approx(1_144.44)


def test_ongoing_is_the_gross_variance_and_yes_no_are_one_and_zero() -> None:
    # earmarked 150 does not touch later years: yes → (1,000 + 400) = 1,400; no → 1,000 (general inflation 0)
    s = settings(general_inflation=0.0)
    yes = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=1_400.0, earmarked=150.0, recurring=True),),
                     settings=s))
    no = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=1_400.0, earmarked=150.0),), settings=s))
    assert (yes.lines[0].ongoing_variance, yes.lines[0].one_off_variance) == (400.0, 0.0)
    assert (no.lines[0].ongoing_variance, no.lines[0].one_off_variance) == (0.0, 400.0)
    assert yes.mtfp[1].service_forecast == 1_400.0 and no.mtfp[1].service_forecast == 1_000.0


def test_placements_lines_have_no_ongoing_split_and_budget_lines_zero() -> None:
    r = run(inputs(
        (BudgetLine("LAC", 1_000.0, "placements", actual_to_date=500.0), BudgetLine("Held", 300.0, "budget")),
        placements=(PlacementRow("LAC", "in-house fostering", 2.0, 100.0),),
    ))
    lac, held = r.lines
    assert (lac.ongoing_variance, lac.one_off_variance) == (None, None)
    assert (held.ongoing_variance, held.one_off_variance) == (0.0, 0.0)
    line = summary_dict(r)["lines"][0]
    assert line["ongoing_variance"] is None and line["one_off_variance"] is None


# --- §6 reserves if the gaps were met ------------------------------------------------


def test_reserves_if_each_years_gap_were_met_from_them() -> None:
    # One manual line: budget 1,000, forecast 1,200 (variance 200, recurring), 50 earmarked; inflation 0.
    # Year 0: drawn 50, net 150 → gap 150. Years 1, 2: 1,200 − 1,000 = 200 each (the earmark is year 0's only).
    # Planned: 500 − 50 = 450, then 450, 450 (nothing else drawn).
    # If gaps met: 500 − 50 − 150 = 300; 300 − 0 − 200 = 100; 100 − 200 = −100 → run out in 2021/22.
    r = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=1_200.0, earmarked=50.0, recurring=True),),
                   settings=settings(general_inflation=0.0, reserves_opening=500.0)))
    assert [m.gap for m in r.mtfp] == pytest.approx([150.0, 200.0, 200.0])
    assert [m.reserves_closing for m in r.mtfp] == pytest.approx([450.0, 450.0, 450.0])
    assert [m.reserves_if_gaps_met for m in r.mtfp] == pytest.approx([300.0, 100.0, -100.0])
    assert r.reserves_run_out is None
    assert r.reserves_run_out_if_gaps_met == 2021
    out = summary_dict(r)
    assert out["reserves_run_out_if_gaps_met"] == "2021/22"
    assert [m["reserves_if_gaps_met"] for m in out["mtfp"]] == pytest.approx([300.0, 100.0, -100.0])


def test_a_surplus_is_not_added_back_to_reserves() -> None:
    # underspend: variance −100 each year (recurring), gaps −100; if gaps met: 500 − 0 − max(−100, 0) = 500 each year
    r = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=900.0, recurring=True),),
                   settings=settings(general_inflation=0.0, reserves_opening=500.0)))
    assert [m.reserves_if_gaps_met for m in r.mtfp] == pytest.approx([500.0, 500.0, 500.0])
    assert r.reserves_run_out_if_gaps_met is None


def test_no_reserves_opening_leaves_reserves_if_gaps_met_null() -> None:
    r = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=1_200.0),)))
    assert all(m.reserves_if_gaps_met is None for m in r.mtfp)
    out = summary_dict(r)
    assert out["reserves_run_out_if_gaps_met"] is None
    assert all(m["reserves_if_gaps_met"] is None for m in out["mtfp"])


@pytest.mark.slow
@PROPERTIES
@given(revision2_authorities())
def test_property_reserves_if_gaps_met_never_exceed_the_planned_balance(a) -> None:
    r = run(a)
    for m in r.mtfp:
        if m.reserves_closing is None:
            assert m.reserves_if_gaps_met is None
        else:
            assert m.reserves_if_gaps_met <= m.reserves_closing + 1e-9 * max(1.0, abs(m.reserves_closing))


# --- §9 children looked after and the rate per 10,000 ----------------------------------


def test_children_looked_after_and_the_rate_per_10000_by_plan_year() -> None:
    # Rows: 10 children growing 10% a year, 5 children flat. cla: 15; 11 + 5 = 16; 12.1 + 5 = 17.1.
    # Population 30,000 growing 1%: 30,000; 30,300; 30,603.
    # Rate: 15 / 30,000 × 10,000 = 5; 16 / 30,300 × 10,000 = 5.28053; 17.1 / 30,603 × 10,000 = 5.58769.
    rows = (
        PlacementRow("LAC", "in-house fostering", 10.0, 400.0, growth=0.1),
        PlacementRow("LAC", "external residential", 5.0, 4_000.0),
    )
    r = run(inputs((BudgetLine("LAC", 1_000.0, "placements"),), placements=rows,
                   settings=settings(child_population=30_000.0, child_population_growth=0.01)))
    assert [m.cla for m in r.mtfp] == pytest.approx([15.0, 16.0, 17.1])
    assert [m.rate_per_10k for m in r.mtfp] == pytest.approx([5.0, 16 / 30_300 * 10_000, 17.1 / 30_603 * 10_000])
    assert r.placements is not None
    fostering, residential = children_by_year(r.placements.rows, r.settings)
    assert fostering == pytest.approx((10.0, 11.0, 12.1)) and residential == pytest.approx((5.0, 5.0, 5.0))
    out = summary_dict(r)["mtfp"]
    assert out[0]["cla"] == 15.0 and out[0]["rate_per_10k"] == 5.0


def test_no_child_population_no_rate_and_no_placements_no_cla() -> None:
    rows = (PlacementRow("LAC", "in-house fostering", 10.0, 400.0),)
    r = run(inputs((BudgetLine("LAC", 1_000.0, "placements"),), placements=rows))
    assert [m.cla for m in r.mtfp] == [10.0, 10.0, 10.0]
    assert all(m.rate_per_10k is None for m in r.mtfp)
    plain = run(inputs((BudgetLine("L", 1_000.0, "manual", forecast=1_000.0),),
                       settings=settings(child_population=30_000.0)))
    assert all(m.cla is None and m.rate_per_10k is None for m in plain.mtfp)


# --- §8 observed change ---------------------------------------------------------------


def _history(measure: str, values: list[float], start: dt.date = dt.date(2019, 4, 1)) -> list[HistoryRow]:
    return [HistoryRow(dt.date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1),
                       measure, v) for m, v in enumerate(values)]


def test_a_short_history_reports_its_observed_change_and_no_trend() -> None:
    # Staffordshire's two months: 1,301 → 1,278: change 1,278 / 1,301 − 1 = −0.017679
    history = _history("children in care", [1_301.0, 1_278.0]) + _history("referrals", [0.0, 40.0, 44.0])
    r = run(inputs((BudgetLine("L", 1_000.0, "budget"),), history=tuple(history)))
    assert r.trends == ()
    by_name = {u.measure: u for u in r.untrended}
    assert by_name["children in care"].change == pytest.approx(1_278 / 1_301 - 1)
    assert by_name["referrals"].change is None  # first value 0
    trends = summary_dict(r)["trends"]
    assert [t["measure"] for t in trends] == ["children in care", "referrals"]
    assert trends[0]["growth"] is None and trends[0]["change"] == pytest.approx(-0.0176787)
    assert trends[1]["change"] is None


def test_an_unfitted_long_history_reports_the_months_its_change_is_read_from() -> None:
    # 30 months from Apr 2019 (m = 0..29); the 24-month window is m = 6..29 (Oct 2019 to Sep 2021), a 0 at m = 20
    # inside it, so no trend. m = 6 holds 120 and m = 29 holds 150: change 150 / 120 − 1 = 0.25, read over
    # 24 months from Oct 2019 (not the 30 months from Apr 2019, whose first value 100 would give 0.5)
    values = [100.0] * 30
    values[6], values[20], values[29] = 120.0, 0.0, 150.0
    r = run(inputs((BudgetLine("L", 1_000.0, "budget"),), history=tuple(_history("contacts", values))))
    (shown,) = r.untrended
    assert shown.change == pytest.approx(0.25)
    assert shown.months == 24 and shown.first_month == dt.date(2019, 10, 1)
    (entry,) = summary_dict(r)["trends"]
    assert entry["months"] == 24 and entry["first_month"] == "2019-10" and entry["last_month"] == "2021-09"


def test_a_fitted_trend_also_reports_its_change() -> None:
    # six months 100, 110, 121, 133.1, 146.41, 161.051 (10% a month): change 161.051 / 100 − 1 = 0.61051
    values = [100.0 * 1.1**m for m in range(6)]
    r = run(inputs((BudgetLine("L", 1_000.0, "budget"),), history=tuple(_history("contacts", values))))
    (trend,) = r.trends
    assert trend.change == pytest.approx(0.61051)
    assert trend.growth == pytest.approx(1.1**12 - 1)
    assert summary_dict(r)["trends"][0]["change"] == pytest.approx(0.61051)


# --- an input without the new columns -----------------------------------------------


@pytest.mark.slow
@PROPERTIES
@given(authorities())
def test_property_without_the_new_columns_only_the_earmark_cap_and_the_underspend_rag_change(a) -> None:
    """Revision 2's figures: net = variance − earmarked, RAG by size; revision 3 differs only where the cap binds."""
    r = run(a)
    size = run(dataclasses.replace(a, settings=dataclasses.replace(a.settings, rag_underspend="size")))
    for x, y in zip(r.lines, size.lines, strict=True):
        if x.earmarked <= max(x.variance, 0.0):  # the cap does not bind: revision 2's net variance
            assert x.net_variance == x.variance - x.earmarked
        if x.net_variance >= 0:  # not an underspend: the RAG is revision 2's, on size
            assert x.rag == y.rag
        else:
            assert x.rag == "green"
