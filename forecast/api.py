"""The library: every job the command line does, as a function a Python program or notebook can call.

``forecast.cli`` is a thin layer over this module: each command parses its
options, calls one function here and prints what it returns. Everything is
re-exported from the package, so ``import forecast`` is enough::

    import forecast
    inputs = forecast.load("inputs/example.xlsx")
    results = forecast.run(inputs, scenario="High demand")
    report = forecast.build("inputs/example.xlsx", output="outputs/x.xlsx")
    data = forecast.summary("inputs/example.xlsx")          # the `summary --json` structure
    frames = forecast.frames(results)                       # pandas DataFrames (needs pandas)

Functions that take inputs accept a path to an input workbook or ``Inputs``
already loaded. Problems raise ``forecast.ForecastError`` subclasses whose
message names the file or ``Sheet!Cell`` (``InputError`` carries every
problem in ``.problems``); nothing is printed.

Heavy modules (openpyxl, xlsxwriter, numpy, pandas) are imported inside the
functions that need them, so ``import forecast`` stays quick.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forecast.errors import ForecastError, UsageError
from forecast.pipeline import (
    BuildReport,
    ChildrenLike,
    InputsLike,
    LayoutLike,
    Progress,
    build,
    check_draws,
    seed_without_risk,
    input_files,
    inputs_of,
    layout_of,
    source_path,
)
from forecast.records import frozen

if TYPE_CHECKING:
    from forecast.engine.benchmark import BenchmarkResult
    from forecast.engine.compare import Comparison
    from forecast.engine.history import History
    from forecast.monthly.roll import RollReport
    from forecast.inputs.demand_workbook import DemandReport
    from forecast.parallel import BatchRun
    from forecast.report.summary_types import Summary
    from forecast.engine.results import Results
    from forecast.engine.risk import RiskResult
    from forecast.inputs.model import Inputs, PlacementRow


__all__ = [
    "BuildReport",
    "Validation",
    "batch",
    "benchmark",
    "build",
    "compare",
    "demand",
    "history",
    "init",
    "load",
    "roll",
    "run",
    "run_risk",
    "summary",
    "summary_text",
    "tables",
    "validate",
]


@frozen
class Validation:
    """Every problem in an input workbook (``validate``): usable when there are no errors."""

    path: Path
    inputs: Inputs | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    # issue 26: one line per kind of children-list problem with its count ("error      2 × repeated row")
    list_summary: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.inputs is not None and not self.errors


# ---------------------------------------------------------------------------
# Reading and running


def load(path: str | os.PathLike[str]) -> Inputs:
    """The validated inputs of the workbook at ``path``; raises InputError listing every problem with its cell."""
    from forecast.inputs import load_inputs

    return load_inputs(Path(path))


def validate(path: str | os.PathLike[str], *, children: str | os.PathLike[str] | None = None) -> Validation:
    """Every error and warning in the workbook at ``path``, each naming its ``Sheet!Cell``; never raises for a bad file.

    When the workbook has no errors the model runs too, so the warnings only
    the model can see (a recruit already in post, more agency replaced than
    there is) are listed as well. ``children``: a CSV of the children list
    (issue 26), checked with the workbook; its problems (and the Children
    sheet's) are also counted by kind in ``list_summary``.
    """
    from forecast.engine.children_lines import apply, needed, summary_lines
    from forecast.inputs import check_inputs
    from forecast.pipeline import with_children

    path = Path(path)
    loaded, problems = check_inputs(path)
    if children is not None:
        if loaded is not None:
            with_list, found = with_children(loaded, children)
            problems += [p for p in found if p not in problems]
            loaded = with_list
        else:
            from forecast.inputs.children_csv import read_children_csv

            problems += read_children_csv(Path(children))[1]
    errors = [str(p) for p in problems if p.severity == "error"]
    warnings = [str(p) for p in problems if p.severity != "error"]
    list_summary: list[str] = []
    if loaded is not None and not errors and needed(loaded):
        listed = apply(loaded)
        named = loaded.settings.child_ids != "hide"
        list_summary = summary_lines(listed.problems) if loaded.children else []
        errors += [str(p.problem(named)) for p in listed.problems if p.severity == "error"]
        warnings += [str(p.problem(named)) for p in listed.problems if p.severity != "error"]
    if loaded is not None and not errors:
        from forecast.engine import run as run_engine

        anonymous = {str(p.problem(False)) for p in apply(loaded).problems} if needed(loaded) else set()
        from forecast.inputs.sheets.budget import comment_warnings

        ran = run_engine(loaded)
        warnings += [w for w in ran.warnings if w not in warnings and w not in anonymous]
        warnings += comment_warnings(ran.lines, loaded.settings.units)  # issue 21: a red or amber line says why
    from forecast.inputs.validate import one_warning_per_cause

    warnings = one_warning_per_cause(warnings)  # one per cause, with a count (issue 20)
    return Validation(path, loaded if not errors else None, tuple(errors), tuple(warnings), tuple(list_summary))


def run(inputs: InputsLike, scenario: str = "Base", *, children: ChildrenLike = None) -> Results:
    """The engine's figures for one scenario (``Base``: the inputs as they are), unrounded, in the inputs' units.

    ``children``: a CSV of the children list to forecast from (issue 26).
    """
    from forecast.engine.scenarios import run_scenarios

    (results,) = run_scenarios(inputs_of(inputs, children), [scenario])
    return results


def run_risk(
    inputs: InputsLike, draws: int, seed: int = 1, scenario: str = "Base", progress: Progress | None = None
) -> RiskResult:
    """A Monte Carlo run of ``draws`` draws over the Risks sheet's ranges on top of ``scenario`` (seeded).

    ``progress(done)`` is called after each block of draws when the run takes several.
    """
    from forecast.engine.risk import run_risk as _run_risk
    from forecast.inputs.changes import resolve_scenario_name

    loaded = inputs_of(inputs)
    check_draws(draws, seed)
    return _run_risk(loaded, draws, seed, scenario=resolve_scenario_name(loaded, scenario), progress=progress)


# ---------------------------------------------------------------------------
# Writing


def summary(
    inputs: InputsLike,
    *,
    scenario: str = "Base",
    risk: int | None = None,
    seed: int | None = None,
    children: ChildrenLike = None,
) -> Summary:
    """The headline figures as the ``forecast summary --json`` structure (unrounded, ``None`` for no value).

    With ``risk`` draws the dict also has a ``risk`` key (mean, P10, P50, P90).
    """
    from forecast.report.summary import summary_dict

    results, risk_result = _summary_runs(inputs, scenario, risk, seed, children=children)
    data = summary_dict(results)
    if risk_result is not None:
        from forecast.report.risk_summary import risk_dict

        data["risk"] = risk_dict(risk_result)
    return data


def summary_text(
    inputs: InputsLike,
    *,
    scenario: str = "Base",
    risk: int | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    children: ChildrenLike = None,
) -> str:
    """The headline figures as ``forecast summary`` prints them on a terminal."""
    from forecast.report.summary import summary_text as _summary_text

    results, risk_result = _summary_runs(inputs, scenario, risk, seed, progress, children)
    text = _summary_text(results)
    if risk_result is not None:
        from forecast.report.risk_summary import risk_text

        text += risk_text(risk_result, results.settings.units)
    return text


def benchmark(inputs: InputsLike) -> BenchmarkResult:
    """The authority against its ten statistical neighbours on the DfE's published figures (calculations §10),
    with its own figures today from ``inputs``; needs Settings ``la_code``.

    ``forecast.engine.benchmark.render_text`` words it as ``forecast benchmark`` prints it and
    ``.as_json()`` gives ``forecast benchmark --json`` (the ``benchmark`` of ``summary --json``).
    """
    return _benchmark_run(inputs)[0]


def _benchmark_run(inputs: InputsLike) -> tuple[BenchmarkResult, tuple[str, ...]]:
    """``benchmark(inputs)`` and the run's warnings about the benchmark settings (``forecast benchmark``
    prints them: a ``benchmark_roles`` role no Staffing row has counts nothing in the own figures)."""
    results = run(inputs)
    if results.benchmark is None:
        raise ForecastError(
            "Settings: la_code is blank, so there is nothing to benchmark: add a row 'la_code' with the "
            "authority's DfE three-digit code (e.g. 890) or ONS code (e.g. E06000009)"
        )
    return results.benchmark, tuple(w for w in results.warnings if "benchmark_roles" in w)


def compare(a: InputsLike, b: InputsLike, output: str | os.PathLike[str] | None = None) -> Comparison:
    """What changed from ``a`` to ``b`` line by line and in each plan year, the lines explaining most first.

    ``output`` also writes the comparison as a workbook (never over ``a`` or ``b``).
    """
    from forecast.engine.compare import compare as _compare
    from forecast.names import display_name

    paths = [*input_files(a), *input_files(b)]  # loaded inputs keep their file too
    if output is not None:
        from forecast.files import check_workbook_target

        check_workbook_target(Path(output), paths)  # before any work: never replace an input
    results_a, results_b = run(a), run(b)
    labels = [_label(x, default) for x, default in ((a, "A"), (b, "B"))]
    if labels[0] == labels[1]:  # north/m4.xlsx vs south/m4.xlsx
        labels = [str(source_path(x) or label) for x, label in zip((a, b), labels, strict=True)]
    result = _compare(results_a, results_b, *(display_name(label) for label in labels))
    if output is not None:
        from forecast.files import write_bytes
        from forecast.report.compare_workbook import compare_workbook_bytes
        from forecast.report.workbook import document_date

        write_bytes(Path(output), compare_workbook_bytes(result, document_date(results_b)))
    return result


def tables(
    inputs: InputsLike,
    output_dir: str | os.PathLike[str] | None = None,
    *,
    formats: Iterable[str] | str = ("md", "csv", "html", "docx"),
    layout: LayoutLike = None,
    children: ChildrenLike = None,
) -> list[Path]:
    """Write the paste-ready tables and ``narrative.txt`` into ``output_dir``; returns the files written.

    ``output_dir`` defaults to ``outputs/<stem>-tables/``; ``formats`` is any of
    ``md``, ``csv``, ``html``, ``docx`` (a list, or text such as ``"md,csv"``).
    """
    from forecast.report.tables import parse_formats, prepare_folder, write_tables
    from forecast.report.workbook import default_output, document_date

    chosen_formats = parse_formats(formats if isinstance(formats, str) else ",".join(formats))
    chosen = layout_of(layout)
    results = run(inputs, children=children)
    if output_dir is None:
        source = source_path(inputs)
        if source is None:
            raise ForecastError("inputs built in code have no file name to name the folder after: give output_dir")
        output_dir = default_output(source, tables=True)
    folder = prepare_folder(Path(output_dir))
    return write_tables(results, folder, chosen_formats, chosen, document_date(results))


def init(path: str | os.PathLike[str] = "inputs.xlsx", *, example: str | None = None, force: bool = False) -> Path:
    """Write the annotated input template (or the filled ``example``) to ``path``; refuses to overwrite unless ``force``."""
    from forecast.inputs.examples import EXAMPLES
    from forecast.files import check_workbook_target
    from forecast.inputs.template import write_template

    if example is not None and example not in EXAMPLES:
        raise UsageError(
            "example", f"unknown example {example!r}; choose one of: {', '.join(sorted(EXAMPLES))}", wrong_call=True
        )
    target = Path(path)
    check_workbook_target(target, named=False)  # an .xlsx with a name, as build's output
    if target.exists() and not force:
        raise UsageError("force", f"{target} already exists: use {{force=}} to overwrite it", force=True)
    write_template(target, example=example)
    return target


def batch(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str] = "outputs",
    *,
    jobs: int | None = None,
    dask: str | None = None,
    layout: str | os.PathLike[str] | None = None,
    scenarios: Sequence[str] = (),
    progress: Callable[[Any], None] | None = None,
) -> BatchRun:
    """Build many input files in parallel, one workbook each plus ``batch-summary.xlsx``.

    A file that fails is reported in its item and the others still build.
    ``layout`` and ``scenarios`` are as for ``build`` and apply to every file.
    ``jobs`` local processes (default: the CPUs), or ``dask`` the address of a
    Dask scheduler. ``paths`` may be one path (a string is a path, never a list of characters).
    """
    from forecast.parallel import execute, prepare

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if isinstance(scenarios, str):  # one scenario's name, not its letters
        scenarios = (scenarios,)

    if dask is not None and jobs is not None:
        raise UsageError("jobs", "{jobs} sets local processes; with {dask} the cluster's workers do the work",
                         wrong_call=True, jobs=None, dask=None)
    if dask is not None and not dask.strip():
        raise UsageError("dask", "{dask}: give the scheduler's address, e.g. tcp://scheduler:8786", wrong_call=True,
                         dask=None)
    layout_name = None if layout is None else os.fspath(layout)
    layout_of(layout_name)  # a bad layout is one error before any work, not one per file
    planned = prepare([Path(p) for p in paths], Path(output_dir), layout=layout_name, scenarios=tuple(scenarios))
    return execute(planned, Path(output_dir), jobs, dask, progress=progress)


def roll(
    inputs: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    to: int | None = None,
    force: bool = False,
) -> RollReport:
    """Write next period's input workbook from ``inputs`` (the month-end routine's first step).

    Within the year the period moves on (to ``to``, default the next month),
    each line's net variance becomes its previous variance and the cells to
    refresh are marked; a Month 12 workbook rolls into the next financial
    year. ``output`` defaults to ``<stem>-m<PERIOD>.xlsx`` beside ``inputs``
    and is replaced only with ``force``. See docs/monthly.md.
    """
    from forecast.monthly.roll import roll as _roll

    return _roll(Path(inputs), None if output is None else Path(output), to, force)


def demand(
    prediction: str | os.PathLike[str],
    inputs: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
) -> DemandReport:
    """Write a copy of ``inputs`` whose Demand sheet holds a demand model's prediction (calculations §9).

    ``prediction``: the Children's Services Demand Model's ``predict --export`` workbook (or the same
    frame saved as CSV). Every whole calendar month's mean of its days (age bands summed, NOT_IN_CARE
    dropped) is shared over the Placements types of each ``demand_category`` by today's children.
    ``output`` defaults to ``<stem>-demand.xlsx`` beside ``inputs``, never ``inputs`` itself, and is
    replaced only with ``force``; every other sheet is copied as written. See docs/demand.md.
    """
    from forecast.inputs.demand_workbook import write_demand

    return write_demand(Path(prediction), Path(inputs), None if output is None else Path(output), force,
                        today=today_placements)


def today_placements(inputs: Inputs) -> Sequence[PlacementRow]:
    """The Placements rows with today's children as the engine counts them: on a line forecast from the
    Children list (calculations §12) its placements active at the period's end; else as written."""
    if not inputs.children:
        return inputs.placements
    from forecast.engine.children_lines import apply

    return apply(inputs).placements


def history(files: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str] | None = None) -> History:
    """How one authority's forecast moved over a year, from its input workbooks for each period (any order).

    With a Month 12 workbook among them, each earlier forecast's error against
    that outturn. ``output`` also writes the history workbook (never over an
    input). ``forecast.report.history_text.history_dict`` gives the
    ``history --json`` structure.
    """
    from forecast.monthly.history import history_of_files, write_history

    paths = [Path(f) for f in files]
    if output is not None:
        from forecast.files import check_workbook_target

        check_workbook_target(Path(output), paths)  # before any work: never replace an input with the history
    result, runs = history_of_files(paths)
    if output is not None:
        write_history(result, runs[-1], Path(output))
    return result


# ---------------------------------------------------------------------------
# Helpers


def _label(inputs: InputsLike, default: str) -> str:
    source = source_path(inputs)
    if source is not None:
        return source.name
    return getattr(inputs, "source_name", "") or default


def _summary_runs(
    inputs: InputsLike,
    scenario: str,
    risk: int | None,
    seed: int | None,
    progress: Progress | None = None,
    children: ChildrenLike = None,
) -> tuple[Results, RiskResult | None]:
    if seed is not None and risk is None:
        raise seed_without_risk()
    loaded = inputs_of(inputs, children)
    results = run(loaded, scenario)
    risk_result = None
    if risk is not None:
        risk_result = run_risk(loaded, risk, 1 if seed is None else seed, results.scenario, progress)
    return results, risk_result
