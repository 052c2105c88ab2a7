"""NPV and IRR of a handful of yearly flows (calculations.md §4), in plain Python.

§4 names numpy-financial's ``npv`` and ``irr``; these give the same figures
without importing numpy (about a third of a build's time as a process, for
five numbers). ``npv`` is numpy-financial's sum with the first flow
undiscounted. ``irr`` follows numpy-financial's rule exactly: the IRR is
1/x − 1 for the real positive roots x of Σ flow_t · x^t (x = 1/(1 + rate)),
and of several the one nearest zero; none when there is no such root. The
roots are found by isolating them between the roots of the derivatives
(where the polynomial is monotonic) and bisecting to the last bit, so a
root numpy finds is found here too; tests/engine/test_appraisal.py checks
both against numpy-financial on thousands of random flows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["irr", "npv"]


def npv(rate: float, flows: Sequence[float]) -> float:
    """Σ flow_t / (1 + rate)^t, t = 0 for the first flow (numpy_financial.npv); NaN at a rate of −100%."""
    if 1 + rate == 0:
        return math.nan
    return math.fsum(f / (1 + rate) ** t for t, f in enumerate(flows))


def irr(flows: Sequence[float]) -> float | None:
    """The rate nearest zero at which ``npv`` is 0 (numpy_financial.irr's rule); None when there is none."""
    coefficients = [float(f) for f in flows]  # coefficients[t] multiplies x^t
    while coefficients and coefficients[-1] == 0:
        coefficients.pop()
    rates = [1 / x - 1 for x in _positive_roots(coefficients)]
    return min(rates, key=abs) if rates else None


def _value(c: Sequence[float], x: float) -> float:
    total = 0.0
    for a in reversed(c):  # Horner
        total = total * x + a
    return total


def _positive_roots(c: list[float]) -> list[float]:
    """The real roots x > 0 of Σ c_t x^t, ascending (a root of even multiplicity, which no sign change
    marks, is found only where the polynomial is exactly 0 at a turning point)."""
    if len(c) < 2:
        return []
    top = max(abs(a) for a in c[:-1]) / abs(c[-1])
    bound = 1.0 + top  # Cauchy: every root has |x| < 1 + max |c_t / c_n|
    turning = _positive_roots([t * a for t, a in enumerate(c)][1:])
    edges = [0.0, *(x for x in turning if x < bound), bound]
    roots: list[float] = []
    for low, high in zip(edges, edges[1:], strict=False):
        f_low, f_high = _value(c, low), _value(c, high)
        if f_high == 0 and high < bound:
            roots.append(high)
        elif f_low * f_high < 0:
            roots.append(_bisect(c, low, high, f_low))
    return [x for x in roots if x > 0]


def _bisect(c: Sequence[float], low: float, high: float, f_low: float) -> float:
    """The root in (low, high), where the polynomial changes sign and is monotonic, to the last bit."""
    while True:
        middle = (low + high) / 2
        if middle in (low, high):
            return middle
        f_middle = _value(c, middle)
        if f_middle == 0:
            return middle
        if (f_middle < 0) == (f_low < 0):
            low, f_low = middle, f_middle
        else:
            high = middle
