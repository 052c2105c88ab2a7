"""The command line used carelessly: each case once ended in 'This is a bug in forecast', a wrong exit code
or a silent surprise (found by probing every command with odd options, paths and environments).

Exit codes: 2 for a bad option value (click's own rule), 1 for a problem with a file or the system,
never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from factory import minimal_sheets, with_cell, write_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"


def _refused(result: Result, code: int, *texts: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "bug in forecast" not in result.output, result.output
    for text in texts:
        assert text in result.output, result.output


def test_a_negative_seed_is_a_usage_error(run_cli: Callable[..., Result]) -> None:
    for command in ("summary", "build"):
        _refused(run_cli(command, EXAMPLE, "--risk", 5, "--seed", -1), 2, "--seed")


def test_summary_shows_one_scenario_and_says_how_to_compare_several(run_cli: Callable[..., Result]) -> None:
    result = run_cli("summary", EXAMPLE, "--scenario", "High demand", "--scenario", "Agency halved")
    _refused(result, 2, "summary shows one scenario", "forecast build INPUTS --scenario 'High demand'")


@pytest.mark.slow
@pytest.mark.parametrize("address", ["notaurl", "tcp://", "http://h:1", "tcp://h:abc"])
def test_a_malformed_dask_address_is_named(
    tmp_path: Path, run_cli: Callable[..., Result], address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused from the address alone, before any Client exists: a half-built Client closed itself later from the
    garbage collector and once hung a test 300 s on its event loop's lock."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

    made: list[object] = []

    def client(*args: object, **kwargs: object) -> None:
        made.append(args)
        raise ValueError("no port")  # what dask's own parsing said, after it had started an event loop

    monkeypatch.setattr(distributed, "Client", client)
    result = run_cli("batch", EXAMPLE, "-o", tmp_path / "out", "--dask", address)
    _refused(result, 1, f"--dask {address!r} is not a scheduler address", "tcp://scheduler:8786")
    assert made == []


def test_dask_options_that_cannot_work_are_usage_errors(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    _refused(run_cli("batch", EXAMPLE, "-o", tmp_path, "--dask", ""), 2, "give the scheduler's address")
    _refused(run_cli("batch", EXAMPLE, "-o", tmp_path, "--dask", "tcp://h:1", "--jobs", 2), 2,
             "with --dask the cluster's workers do the work")


@pytest.mark.parametrize("name", ["", "out/.xlsx"])  # "out/" is click's: a folder, exit 2
def test_an_output_without_a_file_name_is_named(
    tmp_path: Path, run_cli: Callable[..., Result], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)  # "" is the current folder: make it a scratch one
    _refused(run_cli("build", EXAMPLE, "-o", name), 1, "give the workbook a file name, e.g. -o report.xlsx")
    _refused(run_cli("compare", EXAMPLE, EXAMPLE, "-o", name), 1, "give the workbook a file name")


def test_init_wants_an_xlsx_name_like_build(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    _refused(run_cli("init", tmp_path / "x.csv"), 1, "use a name ending in .xlsx, e.g. ", "x.xlsx")
    assert not (tmp_path / "x.csv").exists()
    assert "e.g. -o" not in run_cli("init", tmp_path / "x.csv").output  # init takes a PATH argument, not -o


@pytest.mark.slow
def test_a_full_disk_on_stdout_is_the_systems_message_not_a_bug() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system: nothing to write to that is always full")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "forecast", "summary", str(EXAMPLE)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "the system refused a read or write" in done.stderr and "No space left on device" in done.stderr
    assert "bug" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_file_name_in_latin1_bytes_builds_compares_and_batches(tmp_path: Path, run_cli) -> None:
    """A name saved on Windows in Latin-1 is not UTF-8: shown as 'caf�.xlsx', never a crash."""
    name = tmp_path / os.fsdecode(b"caf\xe9.xlsx")
    try:
        name.write_bytes(EXAMPLE.read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    _refused(run_cli("build", name, "-o", tmp_path / "b.xlsx"), 0)
    _refused(run_cli("compare", name, name, "-o", tmp_path / "c.xlsx"), 0, "caf\ufffd.xlsx (Northfield")
    _refused(run_cli("batch", name, "-o", tmp_path / "batch"), 0)
    import openpyxl

    assumptions = openpyxl.load_workbook(tmp_path / "b.xlsx")["Assumptions"]
    assert "caf\ufffd.xlsx" in [c.value for row in assumptions.iter_rows() for c in row]


def test_an_out_of_range_source_date_epoch_says_so(tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300800")  # 1 January 10000
    _refused(run_cli("build", EXAMPLE, "-o", tmp_path / "x.xlsx"), 1,
             "is outside the dates a workbook can hold (years 1970 to 9999)")


def test_actuals_at_period_0_are_refused_with_their_cell(tmp_path: Path, run_cli) -> None:
    """inputs.md: actual to date is 0 at period 0; kept, it was added on top of a whole year's forecast."""
    sheets = with_cell(minimal_sheets(), "Settings", 2, "value", 0)  # period
    assert sheets["Settings"][2]["setting"] == "period"
    result = run_cli("validate", write_workbook(tmp_path / "p0.xlsx", sheets))
    _refused(result, 1, "Budget!C2: is ", "but period is 0 (budget setting, no months of actuals)")


def test_compare_tells_apart_two_files_of_the_same_name(tmp_path: Path, run_cli) -> None:
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        write_workbook(tmp_path / folder / "m4.xlsx", minimal_sheets())
    result = run_cli("compare", tmp_path / "north" / "m4.xlsx", tmp_path / "south" / "m4.xlsx")
    _refused(result, 0, f"A: {tmp_path / 'north' / 'm4.xlsx'} (", f"B: {tmp_path / 'south' / 'm4.xlsx'} (")


def test_an_output_workbook_fed_back_in_is_one_clear_error(tmp_path: Path, run_cli) -> None:
    built = tmp_path / "built.xlsx"
    assert run_cli("build", EXAMPLE, "-o", built).exit_code == 0
    result = run_cli("validate", built)
    _refused(result, 1, "this is a workbook forecast wrote", "give the inputs it was built from")
    assert "1 error(s)" in result.output  # not the hundred its Placements and Staffing sheets would give


def test_a_forecast_below_the_money_already_spent_is_a_warning(tmp_path: Path, run_cli) -> None:
    """Method 'budget' with the budget cut to 0 while 90 is spent: outturn 0 < 90 can only be a slip."""
    sheets = with_cell(minimal_sheets(), "Budget", 2, "budget", 0)
    sheets["Budget"][2]["method"] = "budget"
    result = run_cli("validate", write_workbook(tmp_path / "spent.xlsx", sheets))
    _refused(result, 0, "warning Budget: line 'Other': forecast outturn 0 is below the 90 (£000) already spent")


def test_scenarios_and_risk_asked_for_are_written_whatever_the_layout_lists(tmp_path: Path, run_cli) -> None:
    """The run asked for them: a layout's sheets list cannot make the work vanish (docs/outputs.md)."""
    import openpyxl

    layout = tmp_path / "only-mtfp.toml"
    layout.write_text('sheets = ["MTFP"]\n', encoding="utf-8")
    out = tmp_path / "x.xlsx"
    result = run_cli("build", EXAMPLE, "-o", out, "--layout", layout, "--all-scenarios", "--risk", 50)
    _refused(result, 0)
    assert "leave out" not in result.output
    names = openpyxl.load_workbook(out).sheetnames
    assert "Scenarios" in names and "Risk" in names and "Placements" not in names


def test_batch_says_how_to_give_a_folder_and_a_pattern_that_matched_nothing(tmp_path: Path, run_cli) -> None:
    (tmp_path / "region").mkdir()
    result = run_cli("batch", tmp_path / "region", tmp_path / "nomatch*.xlsx", "-o", tmp_path / "out")
    _refused(result, 1, f"is a folder, not a workbook: give the path of an .xlsx file (every one in it: "
             f"{tmp_path / 'region' / '*.xlsx'})", "nomatch*.xlsx: no file matches this pattern")
