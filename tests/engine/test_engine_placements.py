"""calculations.md §2: full-year cost, budget basis, the volume / mix / price bridge, later years."""

from __future__ import annotations

import pytest
from engine_support import inputs, settings

from forecast.engine import run
from forecast.inputs.model import BudgetLine, PlacementRow

# 52 weeks, units £ (k = 1), period 6 so R = 0.5
FOSTERING = PlacementRow("LAC", "in-house fostering", 10.0, 100.0, 8.0, 90.0, growth=0.1)
RESIDENTIAL = PlacementRow("LAC", "external residential", 5.0, 1_000.0, 6.0, 1_000.0)


def _run(*rows: PlacementRow, **setting_overrides):
    return run(
        inputs(
            (BudgetLine("LAC", 300_000.0, "placements", actual_to_date=160_000.0),),
            placements=rows,
            settings=settings(**setting_overrides),
        )
    )


def test_full_year_budget_basis_and_remaining_cost_per_row():
    r = _run(FOSTERING, RESIDENTIAL)
    fostering, residential = r.placements.rows
    assert fostering.full_year_forecast == pytest.approx(10 * 100 * 52)  # 52,000
    assert fostering.full_year_budget == pytest.approx(8 * 90 * 52)  # 37,440
    assert residential.full_year_forecast == pytest.approx(5 * 1_000 * 52)  # 260,000
    assert fostering.remaining_cost == pytest.approx(52_000 * 0.5)


def test_totals_of_children_and_cost_still_to_come():
    p = _run(FOSTERING, RESIDENTIAL).placements
    assert (p.total.children, p.total.budget_children) == (15.0, 14.0)
    assert p.lines["LAC"].bridge.children == 15.0
    assert p.remaining_cost == pytest.approx((52_000 + 260_000) * 0.5)
    assert p.remaining_cost == pytest.approx(sum(x.remaining_cost for x in p.lines.values()))


def test_outturn_is_actual_plus_cost_still_to_come():
    r = _run(FOSTERING, RESIDENTIAL)
    # 160,000 + (52,000 + 260,000) × 6/12 = 316,000
    assert r.lines[0].outturn == pytest.approx(316_000.0)
    assert r.lines[0].variance == pytest.approx(16_000.0)


def test_volume_mix_price_by_hand():
    b = _run(FOSTERING, RESIDENTIAL).placements.total
    # b̄ = (8 × 90 + 6 × 1,000) / 14 = 480 a week
    assert b.volume == pytest.approx((15 - 14) * 480 * 52)  # 24,960
    assert b.mix == pytest.approx((10 * 90 + 5 * 1_000 - 15 * 480) * 52)  # −67,600
    assert b.price == pytest.approx((10 * (100 - 90) + 5 * 0) * 52)  # 5,200
    assert b.full_year_forecast - b.full_year_budget == pytest.approx(312_000 - 349_440)
    assert b.volume + b.mix + b.price == pytest.approx(b.full_year_forecast - b.full_year_budget, abs=1e-9)


def test_bridge_with_no_budgeted_children_is_all_volume():
    row = PlacementRow("LAC", "secure", 3.0, 200.0)  # budget_children 0
    b = _run(row).placements.total
    assert (b.volume, b.mix, b.price) == (pytest.approx(3 * 200 * 52), 0.0, 0.0)


def test_per_line_bridges_and_overall():
    other = PlacementRow("Leaving care", "supported accommodation", 4.0, 700.0, 4.0, 650.0)
    r = run(
        inputs(
            (
                BudgetLine("LAC", 300_000.0, "placements", actual_to_date=160_000.0),
                BudgetLine("Leaving care", 150_000.0, "placements", actual_to_date=70_000.0),
            ),
            placements=(FOSTERING, RESIDENTIAL, other),
        )
    )
    p = r.placements
    assert set(p.lines) == {"LAC", "Leaving care"}
    assert p.lines["Leaving care"].bridge.price == pytest.approx(4 * 50 * 52)
    assert p.total.full_year_forecast == pytest.approx(52_000 + 260_000 + 4 * 700 * 52)
    # "budget assumptions explain X of Y": X = ΣB, Y = the lines' budgets
    assert p.total.full_year_budget == pytest.approx(37_440 + 312_000 + 4 * 650 * 52)
    assert p.lines_budget == 450_000.0


def test_later_years_grow_children_and_inflate_prices():
    r = _run(FOSTERING, RESIDENTIAL, placement_inflation=0.05)
    fostering, residential = r.placements.rows
    # t = 1: 10 × 1.1 children × £100 × 1.05 × 52 = 60,060
    assert fostering.by_year[1] == pytest.approx(10 * 1.1 * 100 * 1.05 * 52)
    assert fostering.by_year[2] == pytest.approx(10 * 1.1**2 * 100 * 1.05**2 * 52)
    assert residential.by_year[1] == pytest.approx(5 * 1_000 * 1.05 * 52)
    line = r.placements.lines["LAC"]
    assert line.by_year[0] == pytest.approx(r.lines[0].outturn)
    assert line.by_year[1] == pytest.approx(60_060 + 273_000)
    assert r.mtfp[1].service_forecast == pytest.approx(60_060 + 273_000)


def test_units_thousands_divide_unit_costs():
    r = run(
        inputs(
            (BudgetLine("LAC", 300.0, "placements", actual_to_date=160.0),),
            placements=(FOSTERING, RESIDENTIAL),
            settings=settings(units="£000"),
        )
    )
    assert r.placements.total.full_year_forecast == pytest.approx(312.0)
    assert r.lines[0].outturn == pytest.approx(316.0)


def test_placements_line_without_rows_forecasts_its_actual_and_is_an_other_line():
    r = run(inputs((BudgetLine("LAC", 300.0, "placements", actual_to_date=160.0),)))
    assert r.placements is None
    assert r.lines[0].outturn == 160.0
    assert [i.key for i in r.variance_bridge] == ["other:LAC", "earmarked"]
