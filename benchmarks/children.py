"""5,000 rows of a children list built into the main example (issue 26): ``forecast build --children``.

    python benchmarks/children.py

Writes, in a temporary folder, the example workbook and a 5,000-row CSV (the example's 42 rows copied
with new IDs) and times ``forecast.build`` with ``children=`` five times against the example alone.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from forecast import api
from forecast.inputs.examples import children_list

ROWS = 5000


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        head, *rows = children_list.csv_text().strip().split("\r\n")
        lines = [head] + [r.replace("NB-", f"X{i}-") for i in range(ROWS // len(rows) + 1) for r in rows][:ROWS]
        listing = here / "list.csv"
        listing.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        book = api.init(here / "example.xlsx", example="example")
        with_list, plain = [], []
        for _ in range(5):
            start = time.perf_counter()
            api.build(book, here / "with-list.xlsx", children=listing)
            with_list.append(time.perf_counter() - start)
            start = time.perf_counter()
            api.build(book, here / "plain.xlsx")
            plain.append(time.perf_counter() - start)
    print(f"build with {ROWS:,} list rows: median {statistics.median(with_list):.2f} s "
          f"(min {min(with_list):.2f}, max {max(with_list):.2f}); the example with its 42 rows on the sheet: "
          f"median {statistics.median(plain):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
