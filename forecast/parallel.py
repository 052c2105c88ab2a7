"""Build many input workbooks at once: in parallel processes, or on a Dask cluster.

One output workbook per input, named as ``forecast build`` names it
(``<stem>-forecast.xlsx``), plus a one-row-per-input summary. A file that
cannot be built is reported with its message and never stops the others.

Work functions are top-level and take plain, picklable arguments, so they
run the same under the ``spawn`` start method (Windows, macOS), under
``fork`` (Linux) and on Dask workers.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from forecast._version import __version__
from forecast.errors import ForecastError, UsageError
from forecast.report.batch_summary import BUILT, FAILED, BatchItem
from forecast.files import same_file
from forecast.records import frozen, mutable

SUMMARY_NAME = "batch-summary.xlsx"
DASK_CONNECT_TIMEOUT = "10s"  # how long to keep trying a scheduler that does not answer


@frozen
class BatchJob:
    """One input file and where its workbook goes."""

    input: str  # the path as the user gave it
    output: str
    layout: str | None = None  # a layout name or .toml path, as for `forecast build --layout`
    scenarios: tuple[str, ...] = ()  # as `forecast build --scenario`: the first is shown


@mutable
class BatchRun:
    """Every item in the order the inputs were given, and the summary workbook's path."""

    items: list[BatchItem] = field(default_factory=list)
    summary: str = ""
    workers: str = ""  # e.g. "2 processes", "Dask at tcp://…"
    seconds: float = 0.0

    @property
    def failed(self) -> list[BatchItem]:
        return [i for i in self.items if not i.ok]

    def headline(self) -> str:
        built = len(self.items) - len(self.failed)
        where = (
            f"summary: {self.summary}" if self.summary
            else f"nothing built, so {SUMMARY_NAME} was not written (any earlier one is as it was)"
        )
        return (
            f"Built {built} of {len(self.items)} workbook{'s' if len(self.items) != 1 else ''} "
            f"({self.workers}, {self.seconds:.1f} s); {where}"
        )


Progress = Callable[[BatchItem], None]


def default_workers() -> int:
    """The CPUs this process may use (a container's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare(
    inputs: Sequence[str | Path], out_dir: str | Path, layout: str | None = None, scenarios: tuple[str, ...] = ()
) -> list[BatchJob]:
    """Check the output folder (creating it when its parent exists) and plan one job per input."""
    from forecast.files import check_workbook_target
    from forecast.report.tables import prepare_folder  # the same folder rule as `forecast tables -o DIR`

    folder = prepare_folder(out_dir)
    check_workbook_target(folder / SUMMARY_NAME, inputs)
    return [replace(job, layout=layout, scenarios=scenarios) for job in plan(inputs, folder)]


def execute(
    jobs: Sequence[BatchJob],
    out_dir: str | Path,
    workers: int | None = None,
    dask_address: str | None = None,
    progress: Progress | None = None,
) -> BatchRun:
    """Build every job (processes, or Dask when an address is given) and write the summary workbook."""
    started = time.perf_counter()
    if dask_address:
        items = run_batch_dask(jobs, dask_address, progress)
        how = f"Dask at {dask_address}"
    else:
        count = min(workers or default_workers(), max(1, len(jobs)))
        items = run_batch(jobs, count, progress)
        how = f"{count} process{'es' if count != 1 else ''}"
    if not any(item.ok for item in items):  # a summary saying "0 built" must not replace the last real one
        return BatchRun(items, "", how, time.perf_counter() - started)
    summary = Path(out_dir) / SUMMARY_NAME
    from forecast.files import write_bytes
    from forecast.report.batch_summary import batch_summary_bytes

    dates = [i.document_date for i in items if i.document_date is not None]
    write_bytes(summary, batch_summary_bytes(items, max(dates, default=_dt.datetime(2000, 1, 1))))
    return BatchRun(items, str(summary), how, time.perf_counter() - started)


def plan(inputs: Sequence[str | Path], out_dir: str | Path) -> list[BatchJob]:
    """One job per distinct input, each with its own output name.

    Inputs with the same file name in different folders (``north/m4.xlsx``,
    ``south/m4.xlsx``) get ``-2``, ``-3`` … in argument order, so no output
    overwrites another.
    """
    jobs: list[BatchJob] = []
    seen_inputs: set[str] = set()
    taken: set[str] = {SUMMARY_NAME.casefold()}
    # an input that sits in the output folder keeps its name: no output may replace it
    taken |= {Path(given).name.casefold() for given in inputs if same_file(Path(given).parent, Path(out_dir))}
    for given in inputs:
        key = os.path.normcase(os.path.abspath(given))
        if key in seen_inputs:
            continue
        seen_inputs.add(key)
        stem = Path(given).stem
        name, n = f"{stem}-forecast.xlsx", 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}-forecast.xlsx"
        taken.add(name.casefold())
        jobs.append(BatchJob(str(given), str(Path(out_dir) / name)))
    return jobs


def run_batch(
    jobs: Sequence[BatchJob], workers: int = 1, progress: Progress | None = None, start_method: str | None = None
) -> list[BatchItem]:
    """Build every job; ``workers`` > 1 uses that many processes. Items come back in job order."""
    done: dict[int, BatchItem] = {}

    def finish(index: int, item: BatchItem) -> None:
        done[index] = item
        if progress is not None:
            progress(item)

    if workers <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs):
            finish(i, build_one(job))
    else:
        import multiprocessing

        _warm_imports()  # forked workers inherit the loaded modules instead of importing them each
        context = multiprocessing.get_context(start_method) if start_method else None
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(jobs)), mp_context=context, initializer=_worker_signals,
            initargs=(os.getpid(),),
        )
        try:
            pending: dict[Future[BatchItem], int] = {pool.submit(_build_in_worker, job): i
                                                     for i, job in enumerate(jobs)}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    i = pending.pop(future)
                    finish(i, _result(future, jobs[i]))
        except BaseException:  # Ctrl-C or SIGTERM: the workers end too (they remove their temporary files)
            _stop_workers(pool)
            raise
        pool.shutdown()
    return [done[i] for i in range(len(jobs))]


_building = False  # in a worker: whether a build is under way (SIGTERM then unwinds it; otherwise exits)


def _worker_signals(parent: int | None = None) -> None:
    """In each worker: SIGTERM and Ctrl-C stop the build under way cleanly, then end the process.

    Ctrl-C reaches every process of the terminal's group, so the parent's own handling is enough for
    it; the worker ignores it, and ends when the parent sends SIGTERM. Should the parent die without
    a word (``kill -9``), the worker gets SIGTERM too (``_end_with``), instead of waiting for ever on
    the pipe the parent no longer writes.
    """
    import signal

    def terminate(signum: int, frame: object) -> None:
        if _building:
            raise KeyboardInterrupt  # write_bytes removes its temporary file, then _build_in_worker exits
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        _end_with(parent)


def _end_with(parent: int) -> None:
    """Have this process get SIGTERM when ``parent`` dies, however it dies.

    Linux, when ``parent`` started this worker itself (fork, spawn): the parent-death signal
    (``prctl(PR_SET_PDEATHSIG)``), and a parent already gone before it was set is seen by
    ``os.getppid()``. Elsewhere, or through a fork server: a daemon thread that checks every half
    second that ``parent`` still runs.
    """
    import signal

    if os.getppid() == parent and _set_parent_death_signal(signal.SIGTERM):
        if os.getppid() != parent:  # it died before the signal was asked for
            os.kill(os.getpid(), signal.SIGTERM)
        return
    import threading

    def running() -> bool:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True

    def watch() -> None:
        while running():
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="forecast-parent-watch", daemon=True).start()


def _set_parent_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return int(libc.prctl(pr_set_pdeathsig, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _build_in_worker(job: BatchJob) -> BatchItem:
    """``build_one`` in a worker process: a SIGTERM mid-build cleans up and ends the process."""
    global _building
    _building = True
    try:
        return build_one(job)
    except KeyboardInterrupt:
        os._exit(128 + 15)
    finally:
        _building = False


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Send every worker SIGTERM, wait for each to clean up and end (then kill any that does not)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1)


def run_batch_dask(jobs: Sequence[BatchJob], address: str, progress: Progress | None = None) -> list[BatchItem]:
    """Build every job on the Dask cluster whose scheduler is at ``address``.

    Workers get each input's bytes and send the workbook's bytes back, so they
    need forecast installed (the same version) but not access to your files;
    outputs are written here, atomically.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError(
            "dask", "{dask} needs dask.distributed: pip install 'forecast[dask]' (or pip install 'dask[distributed]')",
            dask=None,
        ) from None

    items: dict[int, BatchItem] = {}
    try:
        # a malformed address is refused before a Client exists: a half-built Client closes itself later, from
        # the garbage collector, and that close can wait on its event loop's lock (a test once hung 300 s there)
        _check_dask_address(address)
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ForecastError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - dask's address parsing: ValueError "notaurl", AssertionError "tcp://h:abc"
        raise UsageError(
            "dask", f"{{dask=}} is not a scheduler address ({exc}); give one like tcp://scheduler:8786",
            dask=repr(address),
        ) from None
    with client:
        futures = {}
        for i, job in enumerate(jobs):
            try:
                data = Path(job.input).read_bytes()
            except OSError as exc:
                items[i] = BatchItem(job.input, job.output, FAILED, _os_message(job.input, exc))
                if progress is not None:
                    progress(items[i])
                continue
            future = client.submit(
                build_bytes, Path(job.input).name, data, job, __version__, pure=False, key=f"forecast-build-{i}"
            )
            futures[future] = i
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            i = futures[future]
            item = _collect(future, jobs[i])
            items[i] = item
            if progress is not None:
                progress(item)
    return [items[i] for i in range(len(jobs))]


def _check_dask_address(address: str) -> None:
    """Raise ValueError unless ``address`` parses as a scheduler's address (scheme, host and port)."""
    from distributed.comm.addressing import get_address_host_port, parse_address

    if parse_address(address)[0] != "inproc":  # an in-process scheduler's address has no host or port
        get_address_host_port(address)


# ---------------------------------------------------------------------------
# The work (runs in a worker process or on a Dask worker)


def build_one(job: BatchJob) -> BatchItem:
    """Build one input into its workbook; never raises (a failure is an item with its message)."""
    started = time.perf_counter()
    try:
        item = _build(job.input, job.output, job)
    except ForecastError as exc:
        item = BatchItem(job.input, job.output, FAILED, str(exc))
    except Exception as exc:  # a bug must not lose the other files' work
        item = BatchItem(job.input, job.output, FAILED, f"unexpected error ({type(exc).__name__}: {exc})")
    return replace(item, seconds=time.perf_counter() - started)


def build_bytes(name: str, data: bytes, job: BatchJob, version: str) -> tuple[BatchItem, bytes | None]:
    """``build_one`` for a remote worker: the input arrives as bytes and the workbook goes back as bytes."""
    if version != __version__:
        message = f"the Dask worker runs forecast {__version__}, this machine {version}: install the same version"
        return BatchItem(job.input, job.output, FAILED, message), None
    with tempfile.TemporaryDirectory(prefix="forecast-batch-") as tmp:
        source = Path(tmp) / (Path(name).name or "inputs.xlsx")
        source.write_bytes(data)
        target = Path(tmp) / "out" / Path(job.output).name
        target.parent.mkdir()
        item = build_one(replace(job, input=str(source), output=str(target)))
        item = replace(item, input=job.input, output=job.output, message=item.message.replace(str(source), job.input))
        return item, target.read_bytes() if item.ok else None


def _warm_imports() -> None:
    """Load what a build imports lazily (about 0.3 s), once in the parent, before workers fork."""
    import defusedxml.ElementTree  # noqa: F401
    import numpy_financial  # noqa: F401
    import python_calamine  # noqa: F401

    import forecast.engine  # noqa: F401
    import forecast.engine.scenarios  # noqa: F401
    import forecast.inputs.changes  # noqa: F401
    import forecast.inputs.safe  # noqa: F401
    import forecast.inputs.validate  # noqa: F401
    import forecast.pipeline  # noqa: F401
    import forecast.report.workbook  # noqa: F401
    from forecast.report import registry

    # the sheet writers load on first use: load them here too, so no worker imports anything mid-build
    # (a SIGTERM landing inside an import's lock printed "Exception ignored ... KeyboardInterrupt")
    for spec in registry.SHEETS:
        registry.writer(spec)


def _build(input_path: str, output_path: str, job: BatchJob) -> BatchItem:
    # exactly `forecast build INPUT -o OUTPUT --layout L --scenario S...`: the library's build
    from forecast.pipeline import build
    from forecast.report.benchmark_report import batch_row
    from forecast.report.workbook import document_date

    report = build(input_path, output_path, layout=job.layout, scenarios=job.scenarios)
    results = report.results
    s = results.settings
    warnings = len(results.warnings)
    return BatchItem(
        input=job.input,
        output=job.output,
        status=BUILT,
        message=f"{warnings} warning{'s' if warnings != 1 else ''}" if warnings else "",
        authority=s.authority,
        financial_year=s.financial_year,
        period=s.period,
        units=s.units,
        net_variance=results.totals.net_variance,
        years=tuple(results.years),
        gaps=tuple(y.gap for y in results.mtfp),
        reserves_closing=results.mtfp[-1].reserves_closing if results.mtfp else None,
        reserves_run_out=results.reserves_run_out,
        reserves_run_out_if_gaps_met=results.reserves_run_out_if_gaps_met,
        document_date=document_date(results),
        scenario=results.scenario,
        benchmark=batch_row(results),  # issue 23
    )


# ---------------------------------------------------------------------------
# Collecting results


def _result(future: Future[BatchItem], job: BatchJob) -> BatchItem:
    try:
        return future.result()
    except Exception as exc:  # the worker process died (out of memory, killed)
        return BatchItem(job.input, job.output, FAILED, f"the worker building it stopped ({type(exc).__name__}: {exc})")


def _collect(future: Any, job: BatchJob) -> BatchItem:
    item: BatchItem
    data: bytes | None
    try:
        item, data = future.result()
    except Exception as exc:
        return BatchItem(job.input, job.output, FAILED, f"the Dask worker failed ({type(exc).__name__}: {exc})")
    if data is not None:
        from forecast.files import write_bytes

        try:
            write_bytes(Path(job.output), data)
        except ForecastError as exc:
            return replace(item, status=FAILED, message=str(exc))
    return item


def _os_message(path: str, exc: OSError) -> str:
    return f"{path}: cannot read the file ({exc.strerror or exc})"
