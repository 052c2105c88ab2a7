"""Example input workbooks, defined as code.

Each example module exposes ``sheets() -> dict[str, list[dict[str, object]]]``:
sheet name → rows, each row a mapping of column header → cell value.
``forecast init --example NAME`` writes one; the shipped ``inputs/NAME.xlsx``
files are made that way (see ``inputs/README.md``).
"""

from __future__ import annotations

import importlib
from typing import Callable

EXAMPLES: dict[str, str] = {
    "example": "forecast.inputs.examples.example",
    "blackpool-2019-20-m4": "forecast.inputs.examples.blackpool",
    "enfield-2018-19-q2": "forecast.inputs.examples.enfield",
    "harrowfield-2022-23-m6": "forecast.inputs.examples.demand_example",  # issue 22: run through forecast demand
}


def example_sheets(name: str) -> dict[str, list[dict[str, object]]]:
    """The rows of example ``name`` (a key of ``EXAMPLES``)."""
    module = importlib.import_module(EXAMPLES[name])
    make: Callable[[], dict[str, list[dict[str, object]]]] = module.sheets
    return make()
