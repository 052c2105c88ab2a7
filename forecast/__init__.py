"""forecast: children's social care budget forecasting for English councils.

The library's functions (``forecast.api``) are available from the package
itself: ``forecast.load``, ``run``, ``run_risk``, ``build``, ``summary``,
``summary_text``, ``compare``, ``tables``, ``validate``, ``init``, ``batch``,
``roll``, ``history``, ``benchmark``, ``demand``,
``frames`` (pandas DataFrames of a run's figures), the types they return
(``Results``, ``BuildReport``, ``RollReport``, ``DemandReport``, ``BatchRun``, ``Comparison``,
``History``, ``Validation``, ``RiskResult``, ``Summary``, ``Inputs``, ``BenchmarkResult``) and the
errors they raise. They are imported on first use, so ``import forecast`` and
``forecast --help`` stay quick; type checkers see them through the
``TYPE_CHECKING`` imports below (the package ships ``py.typed``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from forecast._version import __version__

if TYPE_CHECKING:  # what a type checker sees; at run time __getattr__ imports each on first use
    from forecast.api import (
        Validation,
        batch,
        benchmark,
        build,
        compare,
        demand,
        history,
        init,
        load,
        roll,
        run,
        run_risk,
        summary,
        summary_text,
        tables,
        validate,
    )
    from forecast.dataframes import frames
    from forecast.engine.benchmark import BenchmarkResult
    from forecast.engine.compare import Comparison
    from forecast.engine.history import History
    from forecast.engine.results import Results
    from forecast.engine.risk import RiskResult
    from forecast.errors import ForecastError, InputError, OutputError, UsageError
    from forecast.inputs.demand_workbook import DemandReport
    from forecast.inputs.model import Inputs
    from forecast.monthly.roll import RollReport
    from forecast.parallel import BatchRun
    from forecast.pipeline import BuildReport
    from forecast.report.summary_types import Summary

_API = (
    "Validation", "batch", "benchmark", "build", "compare", "demand", "history", "init", "load", "roll", "run", "run_risk",
    "summary", "summary_text", "tables", "validate",
)
_ERRORS = ("ForecastError", "InputError", "OutputError", "UsageError")
_TYPES = {  # result type → the module that defines it
    "BuildReport": "forecast.pipeline",
    "Results": "forecast.engine.results",
    "RollReport": "forecast.monthly.roll",
    "DemandReport": "forecast.inputs.demand_workbook",
    "BatchRun": "forecast.parallel",
    "Comparison": "forecast.engine.compare",
    "History": "forecast.engine.history",
    "RiskResult": "forecast.engine.risk",
    "Summary": "forecast.report.summary_types",
    "Inputs": "forecast.inputs.model",
    "BenchmarkResult": "forecast.engine.benchmark",
}

# spelt out (not built from the tuples above) so linters and type checkers read it; a test keeps them equal
__all__ = [
    "__version__",
    # functions
    "load", "validate", "run", "run_risk", "build", "summary", "summary_text", "compare", "tables", "init",
    "batch", "roll", "history", "benchmark", "demand", "frames",
    # what they return
    "Results", "BuildReport", "RollReport", "DemandReport", "BatchRun", "Comparison", "History", "Validation",
    "RiskResult", "Summary", "Inputs", "BenchmarkResult",
    # what they raise
    "ForecastError", "InputError", "OutputError", "UsageError",
]


def __getattr__(name: str) -> Any:
    # import_module, not a from-import: only a caller's first use loads the library
    if name in _API:
        return getattr(importlib.import_module("forecast.api"), name)
    if name in _ERRORS:
        return getattr(importlib.import_module("forecast.errors"), name)
    if name in _TYPES:
        return getattr(importlib.import_module(_TYPES[name]), name)
    if name == "frames":
        return importlib.import_module("forecast.dataframes").frames
    raise AttributeError(f"module 'forecast' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
