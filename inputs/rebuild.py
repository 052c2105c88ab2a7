"""Rebuild every shipped example workbook in this folder from its code.

    python inputs/rebuild.py

Each ``inputs/NAME.xlsx`` is exactly what ``forecast init --example NAME
inputs/NAME.xlsx --force`` writes; the rows live in ``forecast/inputs/examples/``.
An example whose module does not exist yet is skipped with a note.
``inputs/monthly/`` holds one authority's year of workbooks, each rolled from
the one before (``forecast.monthly.rolled_example``). ``inputs/demand/``
holds the demand model's real prediction (copied from ``tests/fixtures/demand/``)
and the demand example with its Demand sheet, written by ``forecast demand``.
``inputs/children-list.csv`` is the main example's children list as a placements system exports it
(``forecast build inputs/example.xlsx --children inputs/children-list.csv``; issue 26).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from forecast.inputs.examples import EXAMPLES, children_list
from forecast.files import write_bytes
from forecast.monthly.rolled_example import monthly_example
from forecast.inputs.template import write_template

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "tests" / "fixtures" / "demand" / "prediction-3y.xlsx"
DEMAND_EXAMPLE = "harrowfield-2022-23-m6"  # forecast.inputs.examples.demand_example


def main() -> int:
    for name, module in sorted(EXAMPLES.items()):
        if importlib.util.find_spec(module) is None:
            print(f"skipped {name}: {module} is not written yet")
            continue
        target = HERE / f"{name}.xlsx"
        write_template(target, example=name)
        print(f"wrote {target.relative_to(HERE.parent)}")
    target = HERE / "children-list.csv"
    write_bytes(target, children_list.csv_text().encode("utf-8"))
    print(f"wrote {target.relative_to(HERE.parent)}")
    (HERE / "monthly").mkdir(exist_ok=True)
    for name, data in monthly_example().items():
        target = HERE / "monthly" / name
        write_bytes(target, data)
        print(f"wrote {target.relative_to(HERE.parent)}")
    demand()
    return 0


def demand() -> None:
    """inputs/demand/: the prediction, and the demand example run through `forecast demand` (issue 22)."""
    from forecast.inputs.demand_workbook import write_demand

    folder = HERE / "demand"
    folder.mkdir(exist_ok=True)
    prediction = folder / "prediction.xlsx"
    write_bytes(prediction, FIXTURE.read_bytes())
    print(f"wrote {prediction.relative_to(HERE.parent)}")
    report = write_demand(prediction, HERE / f"{DEMAND_EXAMPLE}.xlsx", folder / f"{DEMAND_EXAMPLE}-demand.xlsx",
                          force=True)
    print(f"wrote {report.path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    sys.exit(main())
