"""forecast batch: many files in parallel, a summary workbook, failures reported without stopping the rest."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from factory import minimal_sheets, with_cell, write_workbook
from forecast.parallel import BatchJob, build_one, plan, run_batch


def _authorities(folder: Path, count: int = 3) -> list[Path]:
    """``count`` small authority files with different names and figures, in ``folder``."""
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        sheets = with_cell(minimal_sheets(), "Settings", 0, "value", f"Authority {i + 1}")
        sheets = with_cell(sheets, "Budget", 2, "actual_to_date", 90 + 10 * i)
        paths.append(write_workbook(folder / f"authority-{i + 1}.xlsx", sheets))
    return paths


def _rows(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).active
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


@pytest.mark.slow
def test_three_good_and_one_bad(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    good = _authorities(tmp_path / "in")
    bad = tmp_path / "in" / "broken.xlsx"
    bad.write_text("this is not a workbook", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", good[0], bad, good[1], good[2], "-o", out, "--jobs", 2)

    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "authority-1-forecast.xlsx",
        "authority-2-forecast.xlsx",
        "authority-3-forecast.xlsx",
        "batch-summary.xlsx",
    ]
    assert f"failed  {bad}: " in result.output and "not an Excel workbook" in result.output
    assert "Built 3 of 4 workbooks (2 processes" in result.output
    assert result.output.rstrip().endswith("Error: 1 of 4 input files failed")
    assert "Building" not in result.output  # no progress bar when not on a terminal

    rows = _rows(out / "batch-summary.xlsx")
    header = rows[3]
    assert header[:6] == ("File", "Authority", "Financial year", "Period", "Units", "Net variance\n£000")
    body = rows[4:8]
    assert [r[0] for r in body] == [str(good[0]), str(bad), str(good[1]), str(good[2])]
    assert [r[1] for r in body] == ["Authority 1", "", "Authority 2", "Authority 3"]
    status = header.index("Status")
    assert [r[status] for r in body] == ["built", "failed", "built", "built"]
    assert "not an Excel workbook" in str(body[1][status + 1])
    assert rows[8][0] == "Total of 3 built"


def test_every_file_good_exits_0_and_figures_match_summary(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    import json

    paths = _authorities(tmp_path / "in", 2)
    result = run_cli("batch", *paths, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.output
    assert "Built 2 of 2 workbooks (1 process" in result.output
    expected = json.loads(run_cli("summary", paths[1], "--json").output)
    row = _rows(tmp_path / "out" / "batch-summary.xlsx")[5]
    assert row[2:6] == ("2025/26", 6, "£000", pytest.approx(expected["totals"]["net_variance"]))
    assert list(row[6:11]) == pytest.approx([m["gap"] for m in expected["mtfp"]])


def test_output_names_never_collide(tmp_path: Path) -> None:
    jobs = plan(["north/m4.xlsx", "south/m4.xlsx", "north/m4.xlsx", "batch-summary.xlsx", "x/M4.xlsx"], tmp_path)
    assert [Path(j.output).name for j in jobs] == [
        "m4-forecast.xlsx",
        "m4-2-forecast.xlsx",
        "batch-summary-forecast.xlsx",
        "M4-3-forecast.xlsx",
    ]


def test_missing_output_parent_is_a_clear_error(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    paths = _authorities(tmp_path / "in", 1)
    result = run_cli("batch", *paths, "-o", tmp_path / "no" / "such")
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_a_worker_failure_never_raises(tmp_path: Path) -> None:
    item = build_one(BatchJob(str(tmp_path / "missing.xlsx"), str(tmp_path / "missing-forecast.xlsx")))
    assert not item.ok and "missing.xlsx" in item.message


@pytest.mark.slow
def test_spawned_workers_build_the_same_bytes(tmp_path: Path) -> None:
    """The work is spawn-safe (Windows and macOS start workers that way): same workbooks as in-process."""
    paths = _authorities(tmp_path / "in", 2)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    here = run_batch(plan(paths, tmp_path / "a"), workers=1)
    spawned = run_batch(plan(paths, tmp_path / "b"), workers=2, start_method="spawn")
    assert [i.status for i in spawned] == ["built", "built"]
    for x, y in zip(here, spawned, strict=True):
        assert Path(x.output).read_bytes() == Path(y.output).read_bytes()
        assert (x.net_variance, x.gaps) == (y.net_variance, y.gaps)


@pytest.mark.slow
def test_dask_cluster_builds_the_same_workbooks(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed: pip install dask[distributed]"
    )
    paths = _authorities(tmp_path / "in", 3)
    bad = tmp_path / "in" / "empty.xlsx"
    bad.write_bytes(b"")
    started = time.perf_counter()
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        result = run_cli("batch", *paths, bad, "-o", tmp_path / "dask", "--dask", cluster.scheduler_address)
    assert time.perf_counter() - started < 20
    assert result.exit_code == 1
    assert f"Built 3 of 4 workbooks (Dask at {cluster.scheduler_address}" in result.output
    assert f"failed  {bad}" in result.output
    local = run_cli("batch", *paths, "-o", tmp_path / "local", "--jobs", 1)
    assert local.exit_code == 0
    for p in paths:
        name = f"{p.stem}-forecast.xlsx"
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


@pytest.mark.slow
def test_unreachable_dask_scheduler_is_one_clear_message(
    tmp_path: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed", reason="dask.distributed is not installed: pip install dask[distributed]")
    monkeypatch.setattr("forecast.parallel.DASK_CONNECT_TIMEOUT", "1s")
    paths = _authorities(tmp_path / "in", 1)
    result = run_cli("batch", *paths, "-o", tmp_path / "out", "--dask", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_summary_shows_reserves_at_the_end_of_the_plan_and_when_they_run_out(tmp_path: Path) -> None:
    import datetime as dt
    import io

    import openpyxl

    from forecast.report.batch_summary import BUILT, BatchItem, batch_summary_bytes

    common = {"status": BUILT, "authority": "A", "financial_year": 2025, "period": 6, "units": "£000",
              "net_variance": 10.0, "years": (2025, 2026), "gaps": (10.0, 30.0)}
    items = [
        BatchItem("a.xlsx", "a-out.xlsx", reserves_closing=-40.0, reserves_run_out=2026, **common),
        BatchItem("b.xlsx", "b-out.xlsx", **common),  # reserves not tracked
    ]
    book = openpyxl.load_workbook(io.BytesIO(batch_summary_bytes(items, dt.datetime(2026, 1, 1))), data_only=True)
    sheet = book.active
    header = [c.value for c in sheet[4]]
    col = header.index("Reserves at the end of the plan")
    assert header[col + 1] == "Reserves run out in"
    assert [sheet.cell(5, col + 1).value, sheet.cell(5, col + 2).value] == [-40, "2026/27"]
    assert [sheet.cell(6, col + 1).value, sheet.cell(6, col + 2).value] == [None, None]
    assert not any("umulative" in str(h) for h in header)
