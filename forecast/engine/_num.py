"""Arithmetic helpers that work the same on a float and on a numpy array of draws.

The risk run puts arrays into numeric input fields and runs the engine once,
so engine code never branches on a numeric value with ``if``: it uses these
helpers, which pick element by element. numpy is imported only when an array
actually arrives, so a plain run does not pay for the import.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, cast

from forecast.inputs.model import is_array

__all__ = ["is_array"]


def _any_array(*values: object) -> bool:
    return any(is_array(v) for v in values)


def where(cond: Any, if_true: float, if_false: float) -> float:
    """``if_true`` where ``cond`` holds, else ``if_false`` (element-wise for arrays)."""
    if _any_array(cond, if_true, if_false):
        import numpy as np

        return cast(float, np.where(cond, if_true, if_false))
    return if_true if cond else if_false


def minimum(a: float, b: float) -> float:
    if _any_array(a, b):
        import numpy as np

        return cast(float, np.minimum(a, b))
    return a if a <= b else b


def maximum(a: float, b: float) -> float:
    if _any_array(a, b):
        import numpy as np

        return cast(float, np.maximum(a, b))
    return a if a >= b else b


def divide(num: float, den: float) -> float | None:
    """``num / den``; None when a scalar ``den`` is 0, NaN in those places of an array."""
    if _any_array(num, den):
        import numpy as np

        n = np.asarray(num, dtype=float)
        d = np.asarray(den, dtype=float)
        out = np.full(np.broadcast(n, d).shape, np.nan)
        np.divide(n, d, out=out, where=d != 0)
        return cast(float, out)
    if den == 0:
        return None
    return num / den


def divide_or(num: float, den: float, default: float) -> float:
    """``num / den``, or ``default`` where ``den`` is 0."""
    if _any_array(num, den, default):
        import numpy as np

        d = np.asarray(den, dtype=float)
        safe = np.where(d == 0, 1.0, d)
        return cast(float, np.where(d == 0, default, np.asarray(num, dtype=float) / safe))
    if den == 0:
        return default
    return num / den


def total(values: Iterable[float]) -> float:
    """Plain sum starting from 0.0 (works for arrays)."""
    return sum(values, 0.0)


def scalar_or_none(value: object) -> float | None:
    """A plain float for a finite scalar; None for arrays, None, NaN and infinity."""
    if value is None or is_array(value):
        return None
    number = float(cast(float, value))
    return number if math.isfinite(number) else None


def any_true(cond: Any) -> bool:
    """Whether a condition holds anywhere (for warnings about arrays of draws)."""
    if is_array(cond):
        import numpy as np

        return bool(np.any(cond))
    return bool(cond)
