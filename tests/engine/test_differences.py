"""Differences and totals the Scenarios sheet and the batch summary cache: computed once, outside the writers."""

from __future__ import annotations

import dataclasses

import pytest

from engine_support import small_authority
from forecast.report.batch_summary import BUILT, BatchItem, totals
from forecast.engine import run
from forecast.engine.compare import difference_from_base


def test_difference_from_base_is_scenario_minus_base() -> None:
    base_inputs = small_authority()
    base = run(base_inputs)
    # A scenario that adds 100 to one line's earmarked money cuts net variance and year-0 gap by exactly 100
    # (rev 3: on a line that overspends by more than its earmark: Ofsted improvement, 2,500 − 1,000 = 1,500).
    budget = list(base_inputs.budget)
    first = budget[2]
    budget[2] = dataclasses.replace(first, earmarked=first.earmarked + 100.0)
    other_inputs = dataclasses.replace(base_inputs, budget=tuple(budget))
    other = dataclasses.replace(run(other_inputs), scenario="More earmarked")
    d = difference_from_base(base, other)
    assert base.lines[2].variance >= first.earmarked + 100.0
    assert d.scenario == "More earmarked"
    assert d.net_variance == pytest.approx(-100.0)
    assert d.gaps[0] == pytest.approx(-100.0)
    assert d.gaps == tuple(o.gap - b.gap for o, b in zip(other.mtfp, base.mtfp, strict=True))


def test_difference_from_itself_is_zero() -> None:
    base = run(small_authority())
    d = difference_from_base(base, base)
    assert d.net_variance == 0 and set(d.gaps) == {0}


def _item(net: float | None, gaps: tuple[float, ...], status: str = BUILT) -> BatchItem:
    return BatchItem(input="x.xlsx", output="x-forecast.xlsx", status=status, net_variance=net, gaps=gaps)


def test_batch_totals_add_only_the_files_that_built() -> None:
    items = [_item(10.0, (10.0, 20.0)), _item(-2.5, (1.0, 2.0)), _item(None, (), status="FAILED")]
    # 10 + (-2.5) = 7.5; gaps (10 + 1, 20 + 2)
    assert totals(items) == (7.5, (11.0, 22.0))


def test_batch_totals_of_nothing() -> None:
    assert totals([]) == (0.0, ())
