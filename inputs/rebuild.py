"""Rebuild every shipped example workbook in this folder from its code.

    python inputs/rebuild.py

Each ``inputs/NAME.xlsx`` is exactly what ``forecast init --example NAME
inputs/NAME.xlsx --force`` writes; the rows live in ``forecast/examples/``.
An example whose module does not exist yet is skipped with a note.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from forecast.examples import EXAMPLES
from forecast.report.template import write_template

HERE = Path(__file__).resolve().parent


def main() -> int:
    for name, module in sorted(EXAMPLES.items()):
        if importlib.util.find_spec(module) is None:
            print(f"skipped {name}: {module} is not written yet")
            continue
        target = HERE / f"{name}.xlsx"
        write_template(target, example=name)
        print(f"wrote {target.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
