"""Independent recalculation: LibreOffice recomputes every formula and must agree with the cached values.

LibreOffice does not recalculate an .xlsx on load by default; a throw-away
user profile whose registrymodifications.xcu sets
/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode = 0 ("always")
makes it. All workbooks are converted in one soffice run, so this takes
seconds. With CI=true a missing soffice fails instead of skipping.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import openpyxl
import pytest

from attack_sheets import wildcard_sheets
from factory import Sheets, minimal_sheets
from plan_sheets import plan_sheets
from demand_support import sheets as demand_sheets
from forecast.report.layout import Layout, load_layout, parse_layout
from forecast.report.recalc import find_soffice, recalc_command

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 1e-6
# (input, layout or None, extra build options): every shipped example, and the flipped-sign and cabinet
# layouts; the example also runs every scenario and a risk run, so the Scenarios and Risk sheets are checked too.
BUILDS = [
    ("example", None, ("--all-scenarios", "--risk", "2000", "--seed", "1")),
    ("blackpool-2019-20-m4", None, ()),
    ("enfield-2018-19-q2", None, ()),
    ("blackpool-2019-20-m4", "quarterly-monitoring", ()),
    ("enfield-2018-19-q2", "mtfp-cabinet", ()),
]


def _edge_cases() -> dict[str, tuple[Sheets, Layout]]:
    """Small inputs at the edges: budget setting, £ units, a zero budget, one plan year, a sparse flipped layout,
    and one using every plan-years driver of revision 2."""
    budget_setting = minimal_sheets()
    budget_setting["Settings"][2]["value"] = 0
    for line in budget_setting["Budget"]:
        line["actual_to_date"] = 0
    pounds = minimal_sheets()
    pounds["Settings"].append({"setting": "units", "value": "£"})
    for line in pounds["Budget"]:
        line["budget"], line["actual_to_date"] = line["budget"] * 1000, line["actual_to_date"] * 1000
    pounds["Investments"][0]["amount"] = 100_000
    pounds["Savings"][0]["amount"] = 50_000
    zero_budget = minimal_sheets()
    zero_budget["Budget"].append({"line": "New team", "budget": 0, "actual_to_date": 40, "previous_variance": 10})
    zero_budget["Budget"][0]["group"] = "Children looked after"
    one_year = minimal_sheets()
    one_year["Settings"].append({"setting": "mtfp_years", "value": 1})
    one_year["Savings"][0]["year"] = "2025/26"
    sparse = parse_layout(
        {"columns": ["line", "outturn", "net_variance", "movement"], "sign_convention": "overspend-negative"}, "sparse"
    )
    # rev 3 (issue 19): an earmark larger than its overspend (90 of 150 drawn), one on an underspend (none
    # drawn), reserves if the gaps were met, and children looked after per 10,000
    earmarks = minimal_sheets()
    earmarks["Budget"] += [
        {"line": "Ofsted", "budget": 1000, "actual_to_date": 400, "method": "manual", "forecast": 1090,
         "earmarked": 150, "recurring": 0.4},
        {"line": "Legal", "budget": 500, "actual_to_date": 200, "method": "manual", "forecast": 450, "earmarked": 30},
    ]  # fmt: skip
    earmarks["Settings"] += [{"setting": "reserves_opening", "value": 300},
                             {"setting": "child_population", "value": 30000},
                             {"setting": "child_population_growth", "value": 0.01}]  # fmt: skip
    no_set_aside = parse_layout({"columns": ["line", "budget", "outturn", "earmark_drawn", "net_variance"]}, "drawn")
    return {
        "earmarks": (earmarks, Layout()),
        "earmarks-flipped": (earmarks, load_layout("quarterly-monitoring")),
        "earmarks-drawn-only": (earmarks, no_set_aside),
        "budget-setting": (budget_setting, Layout()),
        "pounds": (pounds, Layout()),
        "zero-budget": (zero_budget, load_layout("quarterly-monitoring")),
        "one-year": (one_year, Layout()),
        "sparse-flipped": (minimal_sheets(), sparse),
        # every plan-years driver: History trends, reserves, carried cash limits, posts, a move, turnover
        "plan-years": (plan_sheets(), Layout()),
        # lines named `Agency staff*`, `Placements?`, `~x` and 300 characters: SUMIF read them as wildcards
        "wildcard-names": (wildcard_sheets(), Layout()),
        # issue 22: Demand drives the rest of the year (F_i and the cost to come on its children) and later years
        "demand-in-year": (demand_sheets(), Layout()),
    }


def _soffice() -> str:
    found = find_soffice()
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("soffice not found: CI must install LibreOffice (libreoffice-calc-nogui)")
        pytest.skip("soffice not found: install LibreOffice to run the recalculation check")
    return found


# a workbook whose cached value is deliberately wrong, converted in the same LibreOffice run as the builds
WRONG = "check-wrong-cache.xlsx"


@pytest.fixture(scope="module")
def recalc_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """file name → (workbook as built, as LibreOffice recalculated and saved it): every workbook in one run."""
    soffice = _soffice()
    from click.testing import CliRunner

    from forecast.cli import cli

    work = tmp_path_factory.mktemp("recalc")
    built = []
    for name, layout, extra in BUILDS:
        out = work / f"{name}-{layout or 'default'}.xlsx"
        args = ["build", str(ROOT / "inputs" / f"{name}.xlsx"), "-o", str(out), *extra]
        if layout:
            args += ["--layout", layout]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        built.append(out)
    history = work / "history-monthly.xlsx"  # forecast history's workbook: totals, movements, errors, MAPE
    monthly = sorted(str(p) for p in (ROOT / "inputs" / "monthly").glob("*.xlsx"))
    result = CliRunner().invoke(cli, ["history", *monthly, "-o", str(history)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    built.append(history)
    from forecast.engine import run as run_engine
    from forecast.inputs import inputs_from_sheets
    from forecast.report.workbook import build_workbook

    for name, (sheets, layout) in _edge_cases().items():
        out = work / f"edge-{name}.xlsx"
        build_workbook(run_engine(inputs_from_sheets(sheets, name)), out, layout)
        built.append(out)
    import xlsxwriter

    wrong = work / WRONG
    book = xlsxwriter.Workbook(str(wrong))
    book.add_worksheet().write_formula(0, 0, "=1+1", None, 5)  # cached 5, LibreOffice makes it 2
    book.close()
    built.append(wrong)
    converted = work / "converted"
    run = _recalculate(soffice, built, converted, work / "profile")
    pairs = {path.name: (path, converted / path.name) for path in built}
    missing = [str(after) for _, after in pairs.values() if not after.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {run.stdout} {run.stderr}"
    return pairs


@pytest.fixture(scope="module")
def recalculated(recalc_run: dict[str, tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    return [pair for name, pair in recalc_run.items() if name != WRONG]


def _recalculate(soffice: str, files: list[Path], out: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    """Open ``files`` in LibreOffice with recalculation forced and save them as .xlsx in ``out`` (one run)."""
    out.mkdir()
    command = recalc_command(soffice, files, out, profile)
    return subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)


def _agree(cached: object, again: object) -> bool:
    if isinstance(cached, bool) or isinstance(again, bool):
        return cached is again
    if isinstance(cached, (int, float)) and isinstance(again, (int, float)):
        return abs(cached - again) <= TOLERANCE * max(1.0, abs(cached))
    return cached == again


def _cells(path: Path, data_only: bool) -> dict[tuple[str, str], object]:
    """(sheet, coordinate) → value of every cell that holds one: each workbook read once, as a stream (openpyxl's
    read-only mode, its dimensions reset so every row is read whatever the file says its size is)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    found = {}
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    found[sheet.title, cell.coordinate] = cell.value
    book.close()
    return found


@pytest.mark.slow
def test_libreoffice_recalculation_agrees_with_every_cached_value(recalculated: list[tuple[Path, Path]]) -> None:
    problems = []
    counted = 0
    for before, after in recalculated:
        cached, again = _cells(before, data_only=True), _cells(after, data_only=True)
        for (sheet, coordinate), formula in _cells(before, data_only=False).items():
            if not (isinstance(formula, str) and formula.startswith("=")):
                continue
            counted += 1
            old, new = cached.get((sheet, coordinate)), again.get((sheet, coordinate))
            if not _agree(old, new):
                problems.append(f"{before.name} {sheet}!{coordinate} {formula}: {old!r} vs {new!r}")
    assert counted > 1000
    assert problems == []


@pytest.mark.slow
def test_the_check_catches_a_wrong_cached_value(recalc_run: dict[str, tuple[Path, Path]]) -> None:
    """The comparison is real: LibreOffice does recalculate (a deliberately wrong cache is caught)."""
    before, after = recalc_run[WRONG]
    assert openpyxl.load_workbook(before, data_only=True).active["A1"].value == 5
    assert openpyxl.load_workbook(after, data_only=True).active["A1"].value == 2
    assert not _agree(5, 2)
