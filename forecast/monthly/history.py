"""``forecast history`` as a job: read and run each workbook, take their history, write its workbook.

The figures are ``forecast.engine.history``'s (pure); this module does the reading and writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from forecast.engine.history import History, history
from forecast.engine.results import Results


def history_of_files(paths: Sequence[Path]) -> tuple[History, list[Results]]:
    """Read and run each workbook (each must validate), then their history; the runs too, latest last."""
    from forecast.engine import run
    from forecast.errors import ForecastError, InputError
    from forecast.inputs import load_inputs

    runs, failed = [], []
    for path in paths:  # every file's problems in one run, not the first file's only
        try:
            runs.append((str(path), run(load_inputs(path))))
        except InputError as exc:
            failed.append(str(exc))
    if failed:
        raise ForecastError("\n".join(failed))
    result = history(runs)
    return result, sorted((r for _, r in runs), key=lambda r: r.settings.period)


def write_history(h: History, latest: Results, target: Path) -> None:
    """The history workbook, written atomically to ``target``."""
    from forecast.files import write_bytes
    from forecast.report.history_workbook import history_workbook_bytes
    from forecast.report.workbook import document_date

    write_bytes(target, history_workbook_bytes(h, document_date(latest)))
