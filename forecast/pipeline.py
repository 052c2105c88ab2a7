"""One input workbook built into its output workbook: the steps ``forecast.build`` and the batch runner share.

``forecast.api`` re-exports ``build`` and ``BuildReport``; ``forecast.parallel``
calls ``build`` here in each worker, so the batch runner never imports the
library module that calls it (the layers point one way: README Design).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Union

from forecast.errors import ForecastError, Problem, UsageError
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.engine.results import Results
    from forecast.engine.risk import RiskResult
    from forecast.inputs.model import Inputs
    from forecast.report.layout import Layout

InputsLike = Union["Inputs", str, "os.PathLike[str]"]
ChildrenLike = Union[str, "os.PathLike[str]", None]  # issue 26: a children list CSV (--children FILE)
LayoutLike = Union["Layout", str, "os.PathLike[str]", None]
Progress = Callable[[int], None]


@frozen
class BuildReport:
    """What ``build`` wrote and the figures it shows."""

    path: Path
    sheets: tuple[str, ...]
    results: Results  # the scenario the workbook shows
    scenarios: tuple[Results, ...] = ()  # every scenario compared (Base first) when more than Base
    risk: RiskResult | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)  # what to tell the user about the run (nothing to compare)

    @property
    def headline(self) -> str:
        """The headline figures as ``forecast build`` prints them."""
        from forecast.report.headline import headline_text

        return headline_text(self.results)


def build(
    inputs: InputsLike,
    output: str | os.PathLike[str] | None = None,
    *,
    layout: LayoutLike = None,
    scenarios: Sequence[str] = (),
    all_scenarios: bool = False,
    risk: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    children: ChildrenLike = None,
) -> BuildReport:
    """Write the output workbook for ``inputs`` and return what was written.

    ``output``: the ``.xlsx`` to write (default ``outputs/<stem>-forecast.xlsx``,
    creating ``outputs/``); never one of the inputs. ``layout``: a ``Layout``,
    a ``.toml`` path or a name in ``templates/`` (default ``appendix-7a``).
    ``scenarios``: the first is shown, all are compared with Base on the
    Scenarios sheet; ``all_scenarios`` compares every one. ``risk``: draws of
    a Monte Carlo run over the Risks sheet, seeded by ``seed`` (default 1).
    ``children``: a CSV of the children list (the Children sheet's columns) to forecast from.
    """
    from forecast.files import check_workbook_target
    from forecast.inputs.changes import choose_scenarios
    from forecast.engine.scenarios import run_scenarios
    from forecast.report.analyses import Analyses
    from forecast.report.workbook import build_workbook, default_output

    if seed is not None and risk is None:
        raise seed_without_risk()
    if risk is not None:
        check_draws(risk, seed)
    source = source_path(inputs)
    if output is not None:
        target = Path(output)
    elif source is not None:
        target = default_output(source)
    else:
        raise ForecastError("inputs built in code have no file name to name the workbook after: give output=PATH")
    check_workbook_target(target, input_files(inputs))  # before any work, loaded inputs too
    chosen = layout_of(layout)
    loaded = inputs_of(inputs, children)
    shown, compared = choose_scenarios(loaded, scenarios, all_scenarios)
    notes: list[str] = []
    if all_scenarios and len(compared) == 1:
        notes.append("the Scenarios sheet names no scenarios, so there is nothing to compare with Base")
    runs = run_scenarios(loaded, compared)
    results = runs[compared.index(shown)]
    risk_result = None
    if risk is not None:
        from forecast.engine.risk import run_risk as _run_risk

        risk_result = _run_risk(loaded, risk, 1 if seed is None else seed, scenario=shown, progress=progress)
    written = build_workbook(
        results,
        target,
        chosen,
        input_name=loaded.source_name or (source.name if source is not None else ""),
        input_sha256=loaded.source_sha256,
        analyses=Analyses(runs if len(runs) > 1 else (), loaded.scenarios, risk_result),
    )
    return BuildReport(
        path=written.path,
        sheets=written.sheets,
        results=results,
        scenarios=runs if len(runs) > 1 else (),
        risk=risk_result,
        notes=tuple(notes),
    )


# ---------------------------------------------------------------------------
# Helpers (the library uses them too)


def inputs_of(inputs: InputsLike, children: ChildrenLike = None) -> Inputs:
    from forecast.inputs.model import Inputs

    if isinstance(inputs, Inputs):
        loaded = inputs
    elif isinstance(inputs, (str, os.PathLike)):
        from forecast.inputs import load_inputs

        loaded = load_inputs(Path(inputs), check_results=False)  # the scenarios and ranges run are checked
    else:
        raise TypeError(f"expected a path to an input workbook or forecast Inputs, got {type(inputs).__name__}")
    if children is None:
        return loaded
    with_list, problems = with_children(loaded, children)
    errors = [p for p in problems if p.severity == "error"]
    if errors or with_list is None:
        from forecast.errors import InputError

        raise InputError(errors or problems)
    return with_list


def with_children(inputs: Inputs, children: str | os.PathLike[str]) -> tuple[Inputs | None, list[Problem]]:
    """The inputs with the children list read from a CSV (issue 26), and every problem reading it.

    The CSV is the list: it replaces the workbook's Children rows, if any, with a warning (the sheet
    holds last month's list; the month's export is the file). Warnings reading the file travel with
    the inputs (Assumptions lists them).
    """
    from dataclasses import replace

    from forecast.inputs.children_csv import read_children_csv
    from forecast.names import display_name

    rows, problems = read_children_csv(Path(children))
    if inputs.children:
        problems.append(Problem(display_name(Path(children).name), "", (
            f"replaces the workbook's Children sheet ({len(inputs.children)} rows): the list is forecast from "
            "this file only"), "warning"))
    if any(p.severity == "error" for p in problems):
        return None, problems
    warned = tuple(p for p in problems if p.severity != "error")
    return replace(inputs, children=tuple(rows), warnings=inputs.warnings + warned), problems


def source_path(inputs: InputsLike) -> Path | None:
    return Path(inputs) if isinstance(inputs, (str, os.PathLike)) else None


def input_files(inputs: InputsLike) -> list[Path]:
    """The file ``inputs`` name or were loaded from: an output must never replace it (issue 20)."""
    path = source_path(inputs)
    if path is not None:
        return [path]
    loaded = getattr(inputs, "source_path", "")
    return [Path(loaded)] if loaded else []


def layout_of(layout: LayoutLike) -> Layout:
    from forecast.report.layout import Layout, load_layout

    if isinstance(layout, Layout):
        return layout
    return load_layout(None if layout is None else os.fspath(layout))


def seed_without_risk() -> UsageError:
    return UsageError("seed", "{seed} only applies to a risk run: add {risk=}", wrong_call=True, seed=None, risk="DRAWS")


def check_draws(draws: int, seed: int | None) -> None:
    from forecast.engine.risk import MAX_DRAWS

    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise UsageError("risk", f"{{risk}} draws must be a whole number from 1 to {MAX_DRAWS:,}, got {draws!r}",
                         wrong_call=True, risk=None)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise UsageError("seed", f"{{seed}} must be a whole number of 0 or more, got {seed!r}", wrong_call=True,
                         seed=None)
