"""The ``forecast`` command line: parse options, call the library, print, map errors.

Nothing here computes a figure. Heavy modules are imported inside the
commands that need them so ``forecast --help`` and ``summary`` start fast.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from forecast._version import __version__
from forecast.errors import ForecastError, UsageError
from forecast.names import terminal_text

F = TypeVar("F", bound=Callable[..., Any])


def _echo(message: object = "", **kwargs: Any) -> None:
    """click.echo, with C0/C1 controls and terminal escape sequences taken out (input text is untrusted)."""
    click.echo(terminal_text(str(message)), **kwargs)


class _Error(click.ClickException):
    """click's one-line error (exit 1), its message made safe for a terminal like every other line."""

    def __init__(self, message: str) -> None:
        super().__init__(terminal_text(message))


# How the command line spells a library parameter (forecast.errors.UsageError names them as Python does)
_OPTIONS = {"output": "-o", "risk": "--risk", "seed": "--seed", "to": "--to", "force": "--force", "jobs": "--jobs",
            "dask": "--dask", "example": "--example"}


def _spelt(name: str, value: object | None) -> str:
    option = _OPTIONS.get(name, "--" + name.replace("_", "-"))
    return option if value is None or value is True else f"{option} {value}"


class _Command(click.Command):
    """A command whose library errors about an argument are said with the command's own options.

    The library checks its arguments once (``UsageError``, naming the parameter); the command line does not
    check them again, it only words the message: ``force=True`` becomes ``--force``.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            words = exc.worded(_spelt)
            if exc.wrong_call:
                raise click.UsageError(terminal_text(words), ctx) from None
            raise _Error(words) from None


class _Group(click.Group):
    """Turns library errors into one message and exit code 1 (traceback only with --debug)."""

    command_class = _Command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command's whole first sentence, wrapped: click's default cuts it at 45 characters with '...'."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from forecast.files import written_count

        mark = written_count()  # an interrupted run says what it wrote, not what earlier runs in this process did
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ForecastError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise _Error(str(exc)) from None
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (main): say truly whether anything was written
            from forecast.files import interrupted_message

            click.echo(interrupted_message(mark), err=True)
            raise click.exceptions.Exit(1) from None
        except BrokenPipeError:
            # whoever read our output stopped (`forecast summary x | head`): click exits 1 quietly, as cat would
            raise
        except OSError as exc:
            # the system refused a read or write our own checks did not foresee (stdout on a full disk, a
            # network share gone): the system's words, not a bug report
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f" ({exc.filename})" if exc.filename else ""
            raise _Error(f"the system refused a read or write{where}: {exc.strerror or exc}") from None
        except Exception as exc:  # a bug: still one message, never a bare traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            command = ctx.invoked_subcommand or "COMMAND"
            raise _Error(
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
    from forecast.inputs.examples import EXAMPLES

    return sorted(EXAMPLES)


def _layout_help(what: str) -> str:
    """The --layout help, naming the layouts shipped in templates/ (read from the folder, never typed here)."""
    from forecast.report.layout import layout_names

    names = ", ".join(layout_names()) or "none found"
    return f"{what}: a .toml file or a name in templates/ ({names}; default: appendix-7a)."


# ---------------------------------------------------------------------------
# Options used by several commands, declared once


def _output_file(help_text: str) -> Callable[[F], F]:
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help_text
    )


def _output_dir(help_text: str, default: Path | None = None) -> Callable[[F], F]:
    return click.option(
        "-o", "--output-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=default,
        show_default=default is not None, help=help_text,
    )


def _children_option(command: F) -> F:
    """``--children FILE``, shared by validate, build, summary and tables (issue 26)."""
    return click.option(
        "--children", "children", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
        help="The placements list as a CSV (the Children sheet's columns): its lines are forecast from it.",
    )(command)


def _layout_option(help_text: str) -> Callable[[F], F]:
    return click.option("--layout", metavar="TOML", default=None, help=help_text)


def _scenario_option(help_text: str) -> Callable[[F], F]:
    return click.option("--scenario", "scenarios", metavar="NAME", multiple=True, help=help_text)


def _risk_options(command: F) -> F:
    """``--risk DRAWS --seed N``, shared by build and summary."""
    command = click.option(
        "--seed", type=click.IntRange(min=0), default=None, metavar="N",
        help="Seed for --risk (default 1): the same seed gives the same figures.",
    )(command)
    return click.option(
        "--risk", "risk_draws", type=click.IntRange(1, 1_000_000), default=None, metavar="DRAWS",
        help="Also run a Monte Carlo risk run of DRAWS draws over the ranges on the Risks sheet.",
    )(command)


@contextlib.contextmanager
def _draws_bar(draws: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal for a risk run of several engine runs; None otherwise."""
    if draws is None or not sys.stderr.isatty():  # numpy stays unloaded for a build without a risk run
        yield None
        return
    from forecast.engine.risk import chunks

    if chunks(draws) <= 1:
        yield None
        return
    with click.progressbar(length=draws, label="Risk draws", file=sys.stderr, show_pos=True) as bar:
        done = 0

        def step(total: int) -> None:
            nonlocal done
            bar.update(total - done)
            done = total

        yield step


# ---------------------------------------------------------------------------
# Commands: parse options, call one forecast.api function, print


@cli.command()
@click.argument("path", default="inputs.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--example", "example", metavar="NAME",
    help=f"Write a filled example instead of the blank template: {', '.join(_example_names())}.",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: Path, example: str | None, force: bool) -> None:
    """Write the annotated input template (or a filled example) to PATH.

    \b
    Examples:
      forecast init inputs.xlsx
      forecast init --example blackpool-2019-20-m4 bp.xlsx
    """
    from forecast import api

    api.init(path, example=example, force=force)
    what = f"example '{example}'" if example else "blank input template"
    _echo(f"Wrote {what} to {path}")


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@_children_option
def validate(inputs: Path, children: Path | None) -> None:
    """Check INPUTS and list every error and warning with its Sheet!Cell.

    Exit code 0 when the workbook can be built (warnings allowed), 1 otherwise.

    \b
    Example:
      forecast validate inputs/example.xlsx
      forecast validate inputs/example.xlsx --children inputs/children-list.csv
    """
    from forecast import api

    report = api.validate(inputs, children=children)
    if report.list_summary:
        _echo("Children list problems by kind:", err=True)
        for text in report.list_summary:
            _echo(f"  {text}", err=True)
    for text in report.errors:
        _echo(f"error   {text}", err=True)
    for text in report.warnings:
        _echo(f"warning {text}", err=True)
    if report.errors:
        _echo(
            f"{inputs}: {len(report.errors)} error(s), {len(report.warnings)} warning(s): "
            "fix the errors and run again",
            err=True,
        )
        sys.exit(1)
    _echo(f"{inputs}: OK ({len(report.warnings)} warning(s))")


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (unrounded, in the workbook's units).")
@_scenario_option("Show scenario NAME from the Scenarios sheet (default Base; one only).")
@_risk_options
@_children_option
def summary(
    inputs: Path,
    as_json: bool,
    scenarios: tuple[str, ...],
    risk_draws: int | None,
    seed: int | None,
    children: Path | None,
) -> None:
    """Print the headline figures of INPUTS: service variance, lines, placements, staffing, MTFP.

    \b
    Examples:
      forecast summary inputs/blackpool-2019-20-m4.xlsx
      forecast summary inputs/enfield-2018-19-q2.xlsx --json
      forecast summary inputs/example.xlsx --scenario "High demand"
      forecast summary inputs/example.xlsx --risk 10000 --seed 1 --json
    """
    from forecast import api

    if len(scenarios) > 1:
        raise click.UsageError(
            "summary shows one scenario; to compare several, build them: forecast build INPUTS "
            + " ".join(f"--scenario {name!r}" for name in scenarios)
        )
    scenario = scenarios[0] if scenarios else "Base"
    if as_json:
        import json

        data = api.summary(inputs, scenario=scenario, risk=risk_draws, seed=seed, children=children)
        _echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    with _draws_bar(risk_draws) as progress:
        text = api.summary_text(inputs, scenario=scenario, risk=risk_draws, seed=seed, progress=progress,
                                children=children)
    _echo(text, nl=False)


@cli.command()
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@_output_file("Also write the comparison as a workbook to this path.")
def compare(a: Path, b: Path, output: Path | None) -> None:
    """Compare two input files, A then B: what changed line by line and in each year's gap.

    Lines that explain most of the change in net variance come first.

    \b
    Examples:
      forecast compare month4.xlsx month5.xlsx
      forecast compare option-a.xlsx option-b.xlsx -o outputs/a-vs-b.xlsx
    """
    from forecast import api
    from forecast.report.compare_text import compare_text

    result = api.compare(a, b, output)  # the workbook is written before anything is printed
    _echo(compare_text(result), nl=False)
    if output is not None:
        _echo(f"Wrote {output}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_dir(
    "Folder for the workbooks and batch-summary.xlsx (created when missing, if its parent folder exists).",
    default=Path("outputs"),
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Worker processes to build with (default: the number of CPUs; not with --dask).",
)
@click.option(
    "--dask", "dask_address", metavar="SCHEDULER_ADDRESS", default=None,
    help="Build on an existing Dask cluster instead of local processes (needs forecast[dask]).",
)
@_layout_option("Layout template for every workbook, as for build (default: appendix-7a).")
@_scenario_option("Build scenario NAME in every workbook, as for build (repeatable: the first is shown).")
def batch(
    paths: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    dask_address: str | None,
    layout: str | None,
    scenarios: tuple[str, ...],
) -> None:
    """Build many input files in parallel: one workbook each plus batch-summary.xlsx.

    A file that fails is reported with its message and the others still
    build; the exit code is 1 when any failed.

    \b
    Examples:
      forecast batch inputs/*.xlsx -o outputs/region --jobs 4
      forecast batch inputs/*.xlsx --layout mtfp-cabinet --scenario "High demand"
      forecast batch north/*.xlsx south/*.xlsx --dask tcp://scheduler:8786
    """
    from forecast import api

    options: dict[str, Any] = {"jobs": jobs, "dask": dask_address, "layout": layout, "scenarios": scenarios}
    if sys.stderr.isatty():  # a bar on a terminal; nothing but the result when piped or in CI
        with click.progressbar(length=len(paths), label="Building", file=sys.stderr, show_pos=True) as bar:
            report = api.batch(paths, out_dir, progress=lambda _item: bar.update(1), **options)
    else:
        report = api.batch(paths, out_dir, **options)
    for item in report.failed:
        place = "" if item.message.startswith(item.input) else f"{item.input}: "
        _echo(f"failed  {place}{item.message}", err=True)
    _echo(report.headline())
    if report.failed:
        total = len(report.items)
        raise _Error(f"{len(report.failed)} of {total} input file{'s' if total != 1 else ''} failed")


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@_output_file("Where to write the workbook (default: outputs/<stem>-forecast.xlsx).")
@_layout_option(_layout_help("Layout template"))
@_scenario_option("Build scenario NAME (repeatable: the first is shown, all are compared with Base on a Scenarios sheet).")
@click.option("--all-scenarios", is_flag=True, help="Compare every scenario on the Scenarios sheet with Base.")
@_risk_options
@_children_option
def build(
    inputs: Path,
    output: Path | None,
    layout: str | None,
    scenarios: tuple[str, ...],
    all_scenarios: bool,
    risk_draws: int | None,
    seed: int | None,
    children: Path | None,
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
    from forecast import api

    with _draws_bar(risk_draws) as progress:
        report = api.build(
            inputs, output, layout=layout, scenarios=scenarios, all_scenarios=all_scenarios,
            risk=risk_draws, seed=seed, progress=progress, children=children,
        )
    _echo(report.headline)
    if report.risk is not None:
        from forecast.report.risk_summary import risk_text

        _echo(risk_text(report.risk, report.results.settings.units), nl=False)
    _echo(f"Wrote {report.path} ({len(report.sheets)} sheets)")
    for note in report.notes:
        _echo(f"Note: {note}", err=True)


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@click.option(
    "--format", "formats", default="md,csv,html,docx", show_default=True, metavar="LIST",
    help="Comma-separated formats to write: md, csv, html, docx.",
)
@_output_dir("Folder for the tables (default: outputs/<stem>-tables/).")
@_layout_option(_layout_help("Layout for headings and sign convention"))
@_children_option
def tables(inputs: Path, formats: str, out_dir: Path | None, layout: str | None, children: Path | None) -> None:
    """Write paste-ready tables (Revenue Summary, Variance Analysis, MTFP, Investments) and the narrative.

    \b
    Examples:
      forecast tables inputs/blackpool-2019-20-m4.xlsx
      forecast tables inputs/example.xlsx --format html,docx -o report-tables
    """
    from forecast import api
    from forecast.report.tables import parse_formats

    try:
        parse_formats(formats)
    except ForecastError as exc:  # a bad option value is a usage error (exit 2), as click's own are
        raise click.BadParameter(str(exc), param_hint="--format") from None
    for path in api.tables(inputs, out_dir, formats=formats, layout=layout, children=children):
        _echo(f"Wrote {path}")


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@_output_file("Where to write the next workbook (default: <stem>-m<PERIOD>.xlsx beside INPUTS).")
@click.option(
    "--to", "to", type=click.IntRange(0, 12), default=None, metavar="PERIOD",
    help="The period to roll to (default: the next month; a Month 12 workbook rolls to the next year's 0).",
)
@click.option("--force", is_flag=True, help="Replace the output workbook if it exists.")
def roll(inputs: Path, output: Path | None, to: int | None, force: bool) -> None:
    """Write next period's input workbook from INPUTS, laid out as `forecast init` writes it.

    Within the year every value is copied and the period moves on; each line's previous_variance
    becomes its net variance now (unrounded) and actual_previous its actual now, so `validate` warns
    about any actual nobody refreshed; the cells to refresh are orange and say "to update"; History
    gains this month's children and cases; recruits in post by the end of the new period are listed.
    A Month 12 workbook rolls into the next financial year at period 0: budgets from the
    `budget YYYY/YY` column (else carried forward, with a warning), actuals, previous variances and
    manual forecasts cleared, the closed year's savings dropped (listed). INPUTS is never changed and
    an existing output is replaced only with --force. See docs/monthly.md.

    \b
    Examples:
      forecast roll month6.xlsx                  # writes month6-m7.xlsx
      forecast roll month6.xlsx --to 9 -o q3.xlsx
      forecast roll month12.xlsx                 # the next financial year, period 0
    """
    from forecast import api
    from forecast.fy import fy_label, period_label

    report = api.roll(inputs, output, to=to, force=force)
    for note in report.rolled.notes:
        _echo(f"warning {note}", err=True)
    rolled = report.rolled
    when = f"{period_label(rolled.period)} {fy_label(rolled.financial_year)}"
    _echo(f"Wrote {report.path}: {when}. Update the orange cells, then: forecast validate {report.path}")


@cli.command()
@click.argument("prediction", type=click.Path(path_type=Path))
@click.argument("inputs", type=click.Path(path_type=Path))
@_output_file("Where to write the copy with the Demand sheet (default: <stem>-demand.xlsx beside INPUTS).")
@click.option("--force", is_flag=True, help="Replace the output workbook if it exists.")
def demand(prediction: Path, inputs: Path, output: Path | None, force: bool) -> None:
    """Write a copy of INPUTS whose Demand sheet holds the demand model's PREDICTION.

    PREDICTION is the workbook the Children's Services Demand Model writes with `demand-model
    predict ... --export FILE.xlsx` (or the same frame saved as CSV): daily expected children per
    ('AGE_BAND', 'CATEGORY'). NOT_IN_CARE is dropped, age bands summed, and each whole calendar
    month's mean of its days (partial first and last months are left out, and said so) is shared
    over the Placements types of that demand_category by today's children. Every other sheet is
    copied as written; INPUTS is never changed and an existing output is replaced only with
    --force. Set demand_in_year to yes in Settings for the Demand to drive this year too.
    See docs/demand.md.

    \b
    Examples:
      forecast demand prediction.xlsx inputs.xlsx              # writes inputs-demand.xlsx
      forecast demand prediction.csv inputs.xlsx -o q3-demand.xlsx
    """
    from forecast import api

    report = api.demand(prediction, inputs, output, force=force)
    for problem in report.warnings:
        _echo(f"warning {problem}", err=True)
    for line in report.lines():
        _echo(line)
    _echo(f"Then: forecast validate {report.path}  and  forecast build {report.path}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_file("Also write the history workbook (tables, charts, accuracy) to this path.")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON (unrounded, in the files' units).")
def history(files: tuple[Path, ...], output: Path | None, as_json: bool) -> None:
    """How one authority's forecast moved over a year, from its input workbooks for each period.

    FILES are one authority's workbooks for one financial year in one unit, each a different period,
    in any order (else an error naming the files). Prints the total's budget, forecast outturn, net
    variance and movement by period; with a Month 12 workbook among them, each earlier forecast's
    error against that outturn and the mean absolute percentage error. -o also writes the workbook:
    every line by period, a chart of the forecast against the budget for the total and each material
    line, and the accuracy table and chart. See docs/monthly.md.

    \b
    Examples:
      forecast history inputs/monthly/*.xlsx
      forecast history m4.xlsx m5.xlsx m6.xlsx m12.xlsx -o outputs/history.xlsx
      forecast history inputs/monthly/*.xlsx --json
    """
    from forecast import api
    from forecast.report.history_text import history_dict, history_text

    result = api.history(files, output)
    for warning in result.warnings:
        _echo(f"warning {warning}", err=True)
    if as_json:
        import json

        _echo(json.dumps(history_dict(result), indent=2, ensure_ascii=False))
    else:
        _echo(history_text(result), nl=False)
    if output is not None:
        _echo(f"Wrote {output}", err=as_json)


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the benchmarks as JSON (rates in percent, as the DfE "
              "publishes them).")
def benchmark(inputs: Path, as_json: bool) -> None:
    """The authority in INPUTS against its ten statistical neighbours on the DfE's published figures.

    Needs Settings la_code (the DfE three-digit or ONS code). For children looked after per 10,000 and the
    social work workforce's agency, vacancy and turnover rates and caseload (and spending per child): the
    latest published year's figure, the authority's own figure now from INPUTS, the neighbours' mean, min
    and max, its rank (1 = highest), its region and England, with the sources and the licence line.

    \b
    Examples:
      forecast benchmark inputs/blackpool-2019-20-m4.xlsx
      forecast benchmark inputs/enfield-2018-19-q2.xlsx --json
    """
    from forecast import api
    from forecast.engine.benchmark import render_text

    result, warnings = api._benchmark_run(inputs)
    if as_json:
        import json

        _echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    for warning in warnings:  # not with --json: stdout stays one JSON document however it is captured
        _echo(f"warning {warning}", err=True)
    _echo(render_text(result), nl=False)


def main() -> None:
    """Console-script entry point."""
    from forecast.files import interrupted_message, sigterm_as_interrupt, written_count

    mark = written_count()
    try:
        sigterm_as_interrupt()  # SIGTERM (timeout, CI, systemd) cleans up as Ctrl-C does
        cli(prog_name="forecast")
    except KeyboardInterrupt:  # one landing before click's own handling starts (or after it ends)
        click.echo(interrupted_message(mark), err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
