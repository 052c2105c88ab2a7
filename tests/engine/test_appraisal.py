"""NPV and IRR in plain Python equal numpy-financial's, which calculations.md §4 names."""

from __future__ import annotations

import math

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecast.engine.appraisal import irr, npv


def test_worked_by_hand() -> None:
    # -100 now, 110 in a year: 10% exactly; at 10% the NPV is -100 + 110 / 1.1 = 0
    assert irr([-100, 110]) == pytest.approx(0.10, abs=1e-12)
    assert npv(0.10, [-100, 110]) == pytest.approx(0.0, abs=1e-12)
    # -100 now, 0, then 121 two years on: (1 + r)^2 = 1.21, r = 10% (the root -2.1 is not a rate)
    assert irr([-100, 0, 121]) == pytest.approx(0.10, abs=1e-12)
    # first flow undiscounted: 50 + 55 / 1.1 = 100
    assert npv(0.10, [50, 55]) == pytest.approx(100.0, abs=1e-12)
    assert irr([100, 50]) is None  # one sign: no rate makes it 0
    assert irr([0, 0, -100, 110]) == pytest.approx(0.10, abs=1e-12)  # flows starting later: the same rate


@pytest.mark.parametrize("flows", [[-100, 39, 59, 55, 20], [-100, 0, 0, 74], [-100, 100, 0, -7], [-100, 100, 0, 7],
                                   [-5, 10.5, 1, -8, 1], [-600, 0, 0, 0, 0], [-1200, 483, 507, 532]])
def test_numpy_financials_own_examples(flows: list[float]) -> None:
    expected = float(npf.irr(flows))
    found = irr(flows)
    assert (found is None) == math.isnan(expected)
    if found is not None:
        assert found == pytest.approx(expected, rel=1e-9, abs=1e-12)


flow = st.floats(-5_000, 5_000, allow_nan=False).map(lambda x: round(x, 2))


@pytest.mark.slow
@settings(max_examples=500, deadline=None)  # ~2.5 ms an example, most of it numpy-financial's IRR: 500 random
# flows (hypothesis tries its edge values first) for a quarter of the 2,000's time (issue 25: the suite's time)
@given(st.lists(flow, min_size=2, max_size=10), st.floats(-0.5, 0.5))
def test_equal_to_numpy_financial(flows: list[float], rate: float) -> None:
    assert npv(rate, flows) == pytest.approx(float(npf.npv(rate, flows)), rel=1e-9, abs=1e-9)
    if not (any(f > 0 for f in flows) and any(f < 0 for f in flows)):
        return
    try:
        expected = float(npf.irr(flows))
    except Exception:  # numpy's solver gave up: the engine reports no IRR either way
        return
    found = irr(flows)
    if math.isnan(expected):
        # numpy drops a root it returns with any imaginary part; a touching (double) root can be one
        assert found is None or abs(npv(found, flows)) < 1e-6 * max(map(abs, flows))
    else:
        assert found is not None
        assert found == pytest.approx(expected, rel=1e-7, abs=1e-9)
