"""forecast: children's social care budget forecasting for English councils.

The library's functions (``forecast.api``) are available from the package
itself: ``forecast.load``, ``run``, ``run_risk``, ``build``, ``summary``,
``summary_text``, ``compare``, ``tables``, ``validate``, ``init``, ``batch``,
``roll``, ``history``,
``frames`` (pandas DataFrames of a run's figures), and the errors they raise.
They are imported on first use, so ``import forecast`` and ``forecast --help``
stay quick.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = (
    "BuildReport", "Validation", "batch", "build", "compare", "history", "init", "load", "roll", "run", "run_risk",
    "summary", "summary_text", "tables", "validate",
)
_ERRORS = ("ForecastError", "InputError", "OutputError")

__all__ = ["__version__", *_API, *_ERRORS, "frames"]


def __getattr__(name: str) -> Any:
    # import_module, not a from-import: only a caller's first use loads the library
    if name in _API:
        return getattr(importlib.import_module("forecast.api"), name)
    if name in _ERRORS:
        return getattr(importlib.import_module("forecast.errors"), name)
    if name == "frames":
        return importlib.import_module("forecast.dataframes").frames
    raise AttributeError(f"module 'forecast' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
