"""The ``forecast`` command line: parse options, call the library, print, map errors.

Nothing here computes a figure. Heavy modules are imported inside the
commands that need them so ``forecast --help`` and ``summary`` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from forecast import __version__
from forecast.errors import ForecastError


class _Group(click.Group):
    """Turns library errors into one message and exit code 1 (traceback only with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ForecastError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:
            # whoever read our output stopped (`forecast summary x | head`): click exits 1 quietly, as cat would
            raise
        except OSError as exc:
            # the system refused a read or write our own checks did not foresee (stdout on a full disk, a
            # network share gone): the system's words, not a bug report
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f" ({exc.filename})" if exc.filename else ""
            raise click.ClickException(f"the system refused a read or write{where}: {exc.strerror or exc}") from None
        except Exception as exc:  # a bug: still one message, never a bare traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            command = ctx.invoked_subcommand or "COMMAND"
            raise click.ClickException(
                f"unexpected error ({type(exc).__name__}: {exc}). This is a bug in forecast: run it again as "
                f"'forecast --debug {command} ...' and report the traceback."
            ) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="forecast")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Forecast and plan children's social care budgets from one Excel workbook.

    \b
    Start with:
      forecast init my-inputs.xlsx        # a blank, annotated input workbook
      forecast validate my-inputs.xlsx    # every problem, with its cell
      forecast build my-inputs.xlsx       # the output workbook in outputs/
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _example_names() -> list[str]:
    from forecast.examples import EXAMPLES

    return sorted(EXAMPLES)


@cli.command()
@click.argument("path", default="inputs.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--example", "example", metavar="NAME", help="Write a filled example instead of the blank template.")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: Path, example: str | None, force: bool) -> None:
    """Write the annotated input template (or a filled example) to PATH.

    \b
    Examples:
      forecast init inputs.xlsx
      forecast init --example blackpool-2019-20-m4 bp.xlsx
    """
    from forecast.report.template import write_template

    if example is not None and example not in _example_names():
        raise click.BadParameter(
            f"unknown example {example!r}; choose one of: {', '.join(_example_names())}",
            param_hint="--example",
        )
    from forecast.files import check_workbook_target

    check_workbook_target(path, option="")  # an .xlsx with a name, as build's -o
    if path.exists() and not force:
        raise ForecastError(f"{path} already exists: use --force to overwrite it")
    write_template(path, example=example)
    what = f"example '{example}'" if example else "blank input template"
    click.echo(f"Wrote {what} to {path}")


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
def validate(inputs: Path) -> None:
    """Check INPUTS and list every error and warning with its Sheet!Cell.

    Exit code 0 when the workbook can be built (warnings allowed), 1 otherwise.

    \b
    Example:
      forecast validate inputs/example.xlsx
    """
    from forecast.inputs import check_inputs

    loaded, problems = check_inputs(inputs)
    errors = [str(p) for p in problems if p.severity == "error"]
    warnings = [str(p) for p in problems if p.severity != "error"]
    if loaded is not None and not errors:
        # what only the model can see (a recruit already in post, more agency replaced than there is)
        from forecast.engine import run

        warnings += [w for w in run(loaded).warnings if w not in warnings]
    for text in errors:
        click.echo(f"error   {text}", err=True)
    for text in warnings:
        click.echo(f"warning {text}", err=True)
    if errors:
        click.echo(
            f"{inputs}: {len(errors)} error(s), {len(warnings)} warning(s): fix the errors and run again",
            err=True,
        )
        sys.exit(1)
    click.echo(f"{inputs}: OK ({len(warnings)} warning(s))")


def _risk_options(command: Any) -> Any:
    """``--risk DRAWS --seed N``, shared by build and summary."""
    command = click.option(
        "--seed", type=click.IntRange(min=0), default=None, metavar="N",
        help="Seed for --risk (default 1): the same seed gives the same figures.",
    )(command)
    return click.option(
        "--risk", "risk_draws", type=click.IntRange(1, 1_000_000), default=None, metavar="DRAWS",
        help="Also run a Monte Carlo risk run of DRAWS draws over the ranges on the Risks sheet.",
    )(command)


def _seed(risk_draws: int | None, seed: int | None) -> int:
    if seed is not None and risk_draws is None:
        raise click.UsageError("--seed only applies to a risk run: add --risk DRAWS")
    return 1 if seed is None else seed


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (unrounded, in the workbook's units).")
@click.option(
    "--scenario", "scenarios", metavar="NAME", multiple=True,
    help="Show scenario NAME from the Scenarios sheet (default Base; one only).",
)
@_risk_options
def summary(inputs: Path, as_json: bool, scenarios: tuple[str, ...], risk_draws: int | None, seed: int | None) -> None:
    """Print the headline figures of INPUTS: service variance, lines, placements, staffing, MTFP.

    \b
    Examples:
      forecast summary inputs/blackpool-2019-20-m4.xlsx
      forecast summary inputs/enfield-2018-19-q2.xlsx --json
      forecast summary inputs/example.xlsx --scenario "High demand"
      forecast summary inputs/example.xlsx --risk 10000 --seed 1 --json
    """
    from forecast.engine.scenarios import run_scenarios
    from forecast.inputs import load_inputs
    from forecast.report.summary import summary_dict, summary_text

    if len(scenarios) > 1:
        raise click.UsageError(
            "summary shows one scenario; to compare several, build them: forecast build INPUTS "
            + " ".join(f"--scenario {name!r}" for name in scenarios)
        )
    scenario = scenarios[0] if scenarios else "Base"
    seed = _seed(risk_draws, seed)
    loaded = load_inputs(inputs)
    (results,) = run_scenarios(loaded, [scenario])
    risk = None
    if risk_draws is not None:
        risk = _run_risk(loaded, risk_draws, seed, results.scenario)
    if as_json:
        import json

        data = summary_dict(results)
        if risk is not None:
            from forecast.report.risk_summary import risk_dict

            data["risk"] = risk_dict(risk)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(summary_text(results), nl=False)
        if risk is not None:
            from forecast.report.risk_summary import risk_text

            click.echo(risk_text(risk, results.settings.units), nl=False)


@cli.command()
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Also write the comparison as a workbook to this path.",
)
def compare(a: Path, b: Path, output: Path | None) -> None:
    """Compare two input files, A then B: what changed line by line and in each year's gap.

    Lines that explain most of the change in net variance come first.

    \b
    Examples:
      forecast compare month4.xlsx month5.xlsx
      forecast compare option-a.xlsx option-b.xlsx -o outputs/a-vs-b.xlsx
    """
    from forecast.engine import run
    from forecast.engine.compare import compare as compare_results
    from forecast.inputs import load_inputs
    from forecast.report.compare_text import compare_text

    if output is not None:
        from forecast.files import check_workbook_target

        check_workbook_target(output, [a, b])  # before any work: never replace an input with the comparison
    results_a = run(load_inputs(a))
    results_b = run(load_inputs(b))
    from forecast.names import display_name

    labels = (a.name, b.name) if a.name != b.name else (str(a), str(b))  # north/m4.xlsx vs south/m4.xlsx
    result = compare_results(results_a, results_b, *(display_name(label) for label in labels))
    if output is not None:  # written before anything is printed, so a closed pipe cannot lose it
        from forecast.files import write_bytes
        from forecast.report.compare_workbook import compare_workbook_bytes
        from forecast.report.workbook import document_date

        write_bytes(output, compare_workbook_bytes(result, document_date(results_b)))
    click.echo(compare_text(result), nl=False)
    if output is not None:
        click.echo(f"Wrote {output}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
    show_default=True,
    help="Folder for the workbooks and batch-summary.xlsx (created when missing, if its parent folder exists).",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Worker processes to build with (default: the number of CPUs; not with --dask).",
)
@click.option(
    "--dask", "dask_address", metavar="SCHEDULER_ADDRESS", default=None,
    help="Build on an existing Dask cluster instead of local processes (needs forecast[dask]).",
)
def batch(paths: tuple[Path, ...], out_dir: Path, jobs: int | None, dask_address: str | None) -> None:
    """Build many input files in parallel: one workbook each plus batch-summary.xlsx.

    A file that fails is reported with its message and the others still
    build; the exit code is 1 when any failed.

    \b
    Examples:
      forecast batch inputs/*.xlsx -o outputs/region --jobs 4
      forecast batch north/*.xlsx south/*.xlsx --dask tcp://scheduler:8786
    """
    from forecast.batch import execute, prepare

    if dask_address is not None:
        if not dask_address.strip():
            raise click.BadParameter("give the scheduler's address, e.g. tcp://scheduler:8786", param_hint="--dask")
        if jobs is not None:
            raise click.UsageError("--jobs sets local processes; with --dask the cluster's workers do the work")
    planned = prepare(list(paths), out_dir)
    if sys.stderr.isatty():  # a bar on a terminal; nothing but the result when piped or in CI
        with click.progressbar(length=len(planned), label="Building", file=sys.stderr, show_pos=True) as bar:
            report = execute(planned, out_dir, jobs, dask_address, progress=lambda _item: bar.update(1))
    else:
        report = execute(planned, out_dir, jobs, dask_address)
    for item in report.failed:
        place = "" if item.message.startswith(item.input) else f"{item.input}: "
        click.echo(f"failed  {place}{item.message}", err=True)
    click.echo(report.headline())
    if report.failed:
        total = len(report.items)
        raise click.ClickException(f"{len(report.failed)} of {total} input file{'s' if total != 1 else ''} failed")


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Where to write the workbook (default: outputs/<stem>-forecast.xlsx).",
)
@click.option(
    "--layout", metavar="TOML", default=None,
    help="Layout template: a .toml file or a name in templates/ (default: appendix-7a).",
)
@click.option(
    "--scenario", "scenarios", metavar="NAME", multiple=True,
    help="Build scenario NAME (repeatable: the first is shown, all are compared with Base on a Scenarios sheet).",
)
@click.option("--all-scenarios", is_flag=True, help="Compare every scenario on the Scenarios sheet with Base.")
@_risk_options
def build(
    inputs: Path,
    output: Path | None,
    layout: str | None,
    scenarios: tuple[str, ...],
    all_scenarios: bool,
    risk_draws: int | None,
    seed: int | None,
) -> None:
    """Build the output workbook from INPUTS and print the headline figures.

    Sheets: Revenue Summary (Appendix 7(a)), Variance Analysis, Placements,
    Staffing, Investments, Savings, MTFP, Checks and Assumptions. Totals,
    variances and checks are live formulas with their values cached.

    \b
    Examples:
      forecast build inputs/example.xlsx
      forecast build inputs/blackpool-2019-20-m4.xlsx -o outputs/bp.xlsx
      forecast build inputs/example.xlsx --layout quarterly-monitoring
      forecast build inputs/example.xlsx --all-scenarios --risk 10000 --seed 1
    """
    from forecast.engine.scenarios import run_scenarios
    from forecast.inputs.changes import choose_scenarios
    from forecast.inputs import load_inputs
    from forecast.report.analyses import Analyses
    from forecast.files import check_workbook_target
    from forecast.report.headline import headline_text
    from forecast.report.layout import load_layout
    from forecast.report.workbook import build_workbook, default_output

    seed = _seed(risk_draws, seed)
    target = output if output is not None else default_output(inputs)
    check_workbook_target(target, [inputs])  # before any work: never replace the inputs with the report
    chosen = load_layout(layout)
    loaded = load_inputs(inputs)
    shown, compared = choose_scenarios(loaded, scenarios, all_scenarios)
    if all_scenarios and len(compared) == 1:
        click.echo("Note: the Scenarios sheet names no scenarios, so there is nothing to compare with Base", err=True)
    runs = run_scenarios(loaded, compared)
    results = runs[compared.index(shown)]
    risk = None
    if risk_draws is not None:
        risk = _run_risk(loaded, risk_draws, seed, shown)
    report = build_workbook(
        results, target, chosen, input_name=loaded.source_name or inputs.name, input_sha256=loaded.source_sha256,
        analyses=Analyses(runs if len(runs) > 1 else (), loaded.scenarios, risk),
    )
    click.echo(headline_text(results))
    if risk is not None:
        from forecast.report.risk_summary import risk_text

        click.echo(risk_text(risk, results.settings.units), nl=False)
    click.echo(f"Wrote {report.path} ({len(report.sheets)} sheets)")


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@click.option(
    "--format", "formats", default="md,csv,html,docx", show_default=True, metavar="LIST",
    help="Comma-separated formats to write: md, csv, html, docx.",
)
@click.option(
    "-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder for the tables (default: outputs/<stem>-tables/).",
)
@click.option("--layout", metavar="TOML", default=None, help="Layout template for headings and sign convention.")
def tables(inputs: Path, formats: str, out_dir: Path | None, layout: str | None) -> None:
    """Write paste-ready tables (Revenue Summary, Variance Analysis, MTFP, Investments) and the narrative.

    \b
    Examples:
      forecast tables inputs/blackpool-2019-20-m4.xlsx
      forecast tables inputs/example.xlsx --format html,docx -o report-tables
    """
    from forecast.engine import run
    from forecast.inputs import load_inputs
    from forecast.report.layout import load_layout
    from forecast.report.tables import parse_formats, prepare_folder, write_tables
    from forecast.report.workbook import default_output, document_date

    try:
        chosen_formats = parse_formats(formats)
    except ForecastError as exc:  # a bad option value is a usage error (exit 2), as click's own are
        raise click.BadParameter(str(exc), param_hint="--format") from None
    chosen = load_layout(layout)
    results = run(load_inputs(inputs))
    folder = prepare_folder(out_dir if out_dir is not None else default_output(inputs, tables=True))
    written = write_tables(results, folder, chosen_formats, chosen, document_date(results))
    for path in written:
        click.echo(f"Wrote {path}")


def _run_risk(inputs: Any, draws: int, seed: int, scenario: str) -> Any:
    """The risk run, with a progress bar on a terminal when it takes more than one engine run."""
    from forecast.engine.risk import chunks, run_risk

    if not (sys.stderr.isatty() and chunks(draws) > 1):
        return run_risk(inputs, draws, seed, scenario=scenario)
    with click.progressbar(length=draws, label="Risk draws", file=sys.stderr, show_pos=True) as bar:
        done = 0

        def step(total: int) -> None:
            nonlocal done
            bar.update(total - done)
            done = total

        return run_risk(inputs, draws, seed, scenario=scenario, progress=step)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="forecast")


if __name__ == "__main__":
    main()
