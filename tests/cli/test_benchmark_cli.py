"""``forecast benchmark INPUTS [--json]`` (issue 23, calculations §10) checked against the DfE's published files.

The expected figures are computed here, independently of ``forecast``, from the raw extracts in
``data-raw/dfe/`` (the files the shipped tables are made from) with the csv module: the neighbours from the
statistical neighbour model, each indicator's 2025 figure for the authority, its neighbours, its region and
England, the workforce file's joint rows ("940 / 941") read as the figure of each code named. The authority's
own figures are worked by hand from the Staffing rows below.
"""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import openpyxl
import pytest

from factory import Sheets, minimal_sheets, write_workbook
from forecast.inputs.sheets.settings import SETTING_NAMES

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data-raw" / "dfe"
LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0"
MARKS = {"c", "x", "z", "u", "low"}
YEAR = "2025"
CHILD_POPULATION = 174_804  # Staffordshire's children aged 0-17 beside the DfE's 2025 rate (its population_estimate)


def _rows(name: str) -> list[dict[str, str]]:
    with open(RAW / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _published(text: str) -> float | None:
    return None if text.strip() in MARKS else float(text)


def _by_code(rows: list[dict[str, str]], column: str) -> dict[str, str]:
    """2025 local authority figures by DfE code; a joint row ("940 / 941") gives each code named its figure."""
    out: dict[str, str] = {}
    for r in rows:
        if r["time_period"] == YEAR and r["geographic_level"] == "Local authority":
            for code in r["old_la_code"].split("/"):
                out[code.strip()] = r[column]
    return out


def _level(rows: list[dict[str, str]], column: str, level: str, region: str = "") -> float | None:
    for r in rows:
        if r["time_period"] == YEAR and r["geographic_level"] == level and (not region or r["region_name"] == region):
            return _published(r[column])
    raise AssertionError(f"no {level} row {region}")


def expected(la_code: str) -> dict[str, object]:
    """§10 for ``la_code`` straight from the DfE's files."""
    model = {r["old_la_code"]: r for r in _rows("sn_model_2025_wide.csv")}
    me = model[la_code]
    neighbours = [me[f"SN_{k}"] for k in range(1, 11)]
    region = me["region_name"]
    files = {
        "cla_per_10k": ("cla_number_and_rate_per_10k_children.csv", "rate_per_10000"),
        "agency_rate": ("csww_indicators_2017_to_2025.csv", "agency_rate_fte"),
        "vacancy_rate": ("csww_indicators_2017_to_2025.csv", "vacancy_rate_fte"),
        "turnover_rate": ("csww_indicators_2017_to_2025.csv", "turnover_rate_fte"),
        "caseload": ("csww_indicators_2017_to_2025.csv", "caseload_fte"),
    }
    indicators = {}
    for key, (name, column) in files.items():
        rows = _rows(name)
        if name.startswith("cla"):
            rows = [r for r in rows if r["population_type"] == "Children looked after on 31 March each year"]
        figures = _by_code(rows, column)
        value = _published(figures[la_code])
        others = [v for v in (_published(figures[c]) for c in neighbours if c in figures) if v is not None]
        indicators[key] = {
            "year": int(YEAR), "value": value,
            "mark": None if value is not None else figures[la_code].strip(),
            "sn_mean": sum(others) / len(others), "sn_min": min(others), "sn_max": max(others),
            "rank": None if value is None else 1 + sum(1 for v in others if v > value),
            "england": _level(rows, column, "National"),
            "region": _level(rows, column, "Regional", region),  # London boroughs: London, not Inner/Outer
        }
    return {"neighbours": neighbours, "indicators": indicators}


def staffing_sheets(la_code: object, roles: str | None = "Social Worker; Senior Social Worker") -> Sheets:
    """minimal_sheets with la_code, three Staffing rows (the manager's not counted) and, when Settings has the
    setting, child_population."""
    sheets = copy.deepcopy(minimal_sheets())
    sheets["Settings"].append({"setting": "la_code", "value": la_code})
    if roles is not None:
        sheets["Settings"].append({"setting": "benchmark_roles", "value": roles})
    if "child_population" in SETTING_NAMES:
        sheets["Settings"].append({"setting": "child_population", "value": CHILD_POPULATION})
    base = {"line": "Social workers", "team": "Assessment", "salary": 40000, "agency_premium": 0.4}
    sheets["Staffing"] = [
        {**base, "role": "Social Worker", "fte_budget": 10, "fte_permanent": 8, "fte_agency": 1, "turnover": 0.15,
         "cases": 150},
        {**base, "role": "Senior Social Worker", "fte_budget": 5, "fte_permanent": 5, "fte_agency": 0,
         "turnover": 0.10, "cases": 60},
        {**base, "role": "Team Manager", "fte_budget": 2, "fte_permanent": 1, "fte_agency": 1, "turnover": 0.5},
    ]
    sheets["Recruitment"] = []
    return sheets


# The own figures of staffing_sheets, by hand (the Team Manager row is not among benchmark_roles):
# agency = Σ agency / Σ (permanent + agency) = 1 / (8 + 1 + 5 + 0) = 1/14
# vacancy = Σ max(budget − permanent, 0) / Σ budget = (2 + 0) / (10 + 5) = 2/15
# turnover = Σ turnover × permanent / Σ permanent = (0.15 × 8 + 0.10 × 5) / 13 = 1.7/13
# caseload = Σ cases / Σ (permanent + agency) over rows with cases = (150 + 60) / (9 + 5) = 15
# children looked after: 20 + 2 children (minimal_sheets' Placements) per 10,000 of 174,804
OWN = {"agency_rate": 100 / 14, "vacancy_rate": 200 / 15, "turnover_rate": 170 / 13, "caseload": 15.0,
       "cla_per_10k": 22 / CHILD_POPULATION * 10_000 if "child_population" in SETTING_NAMES else None}


def _json(run_cli, path: Path) -> dict:
    result = run_cli("benchmark", path, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("la_code", ["860", "940", "314"])  # Staffordshire; two joint workforce rows
def test_benchmark_json_matches_the_dfe_files(tmp_path: Path, run_cli, la_code: str) -> None:
    want = expected(la_code)
    path = write_workbook(tmp_path / "inputs.xlsx", staffing_sheets(la_code))
    got = _json(run_cli, path)
    assert got["la_code"] == la_code
    assert [n["la_code"] for n in got["neighbours"]] == want["neighbours"]
    by_id = {i["id"]: i for i in got["indicators"]}
    assert list(by_id)[:5] == ["cla_per_10k", "agency_rate", "vacancy_rate", "turnover_rate", "caseload"]
    for key, figures in want["indicators"].items():
        for name, value in figures.items():
            if isinstance(value, float):
                assert by_id[key][name] == pytest.approx(value, rel=1e-12), (key, name)
            else:
                assert by_id[key][name] == value, (key, name)
        assert set(by_id[key]) == {"id", "indicator", "year", "value", "own", "sn_mean", "sn_min", "sn_max", "rank",
                                   "region", "england", "source", "mark"}
    for key, own in OWN.items():
        assert by_id[key]["own"] == (None if own is None else pytest.approx(own, rel=1e-12)), key


def test_staffordshire_by_hand(tmp_path: Path, run_cli) -> None:
    """Staffordshire (860), 2025, its figures read off the published rows: rate 75 per 10,000 (1,306 children
    of 174,804), agency 8.8%, vacancy 19.9%, turnover 8.4%, caseload 18.4; England 67, 13, 14.2, 11.8, 15.2."""
    got = _json(run_cli, write_workbook(tmp_path / "s.xlsx", staffing_sheets("E10000028")))
    by_id = {i["id"]: i for i in got["indicators"]}
    assert got["la_name"] == "Staffordshire" and got["la_code"] == "860"
    assert [by_id[k]["value"] for k in ("cla_per_10k", "agency_rate", "vacancy_rate", "turnover_rate", "caseload")] \
        == [75, 8.8, 19.9, 8.4, 18.4]
    assert [by_id[k]["england"] for k in ("cla_per_10k", "agency_rate", "vacancy_rate", "turnover_rate",
                                          "caseload")] == [67, 13, 14.2, 11.8, 15.2]


def test_text_table_names_the_sources_and_the_licence(tmp_path: Path, run_cli) -> None:
    result = run_cli("benchmark", write_workbook(tmp_path / "s.xlsx", staffing_sheets(860)))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Staffordshire (860, E10000028), West Midlands")
    assert LICENCE in result.output and "csww_indicators_2017_to_2025.csv" in result.output


def test_without_la_code_benchmark_is_one_clear_error(make_workbook, run_cli) -> None:
    result = run_cli("benchmark", make_workbook())
    assert result.exit_code == 1
    assert "la_code is blank" in result.output and "Traceback" not in result.output


def test_an_unknown_la_code_is_an_error_at_its_cell_naming_the_nearest(tmp_path: Path, run_cli) -> None:
    sheets = staffing_sheets("Staffordshir")
    path = write_workbook(tmp_path / "bad.xlsx", sheets)
    row = 2 + next(i for i, r in enumerate(sheets["Settings"]) if r["setting"] == "la_code")
    result = run_cli("validate", path)
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "la_code" in x and x.startswith("error"))
    assert f"Settings!B{row}" in line
    assert "Staffordshire (860, E10000028)" in line
    # a code of the right shape that names no authority (Cumbria, abolished in 2023) is an error too
    result = run_cli("validate", write_workbook(tmp_path / "cumbria.xlsx", staffing_sheets("909")))
    assert result.exit_code == 1 and "la_code '909' is not the DfE three-digit or ONS code" in result.output


def test_a_benchmark_role_no_staffing_row_has_is_warned_at_its_cell(tmp_path: Path, run_cli) -> None:
    sheets = staffing_sheets("860", roles="Social Worker; Practice Educator")
    row = 2 + next(i for i, r in enumerate(sheets["Settings"]) if r["setting"] == "benchmark_roles")
    result = run_cli("validate", write_workbook(tmp_path / "roles.xlsx", sheets))
    assert result.exit_code == 0, result.output
    warned = [x for x in result.output.splitlines() if x.startswith("warning") and "benchmark_roles" in x]
    assert len(warned) == 1 and f"Settings!B{row}" in warned[0] and "'Practice Educator'" in warned[0]
    assert "Social Worker" not in warned[0].split("(Staffing roles")[0].replace("'Practice Educator'", "")
    # `forecast benchmark` itself says so too (its own figures leave the role out), not only validate
    result = run_cli("benchmark", write_workbook(tmp_path / "roles.xlsx", sheets))
    assert result.exit_code == 0, result.output
    warned = [x for x in result.output.splitlines() if x.startswith("warning") and "benchmark_roles" in x]
    assert len(warned) == 1 and f"Settings!B{row}" in warned[0] and "'Practice Educator'" in warned[0]


def test_every_role_counts_when_benchmark_roles_is_blank(tmp_path: Path, run_cli) -> None:
    got = _json(run_cli, write_workbook(tmp_path / "all.xlsx", staffing_sheets("860", roles=None)))
    by_id = {i["id"]: i for i in got["indicators"]}
    # with the Team Manager: agency (1 + 0 + 1) / (9 + 5 + 2) = 2/16; vacancy (2 + 0 + 1) / 17 = 3/17;
    # turnover (1.2 + 0.5 + 0.5 × 1) / 14 = 2.2/14; caseload unchanged (the manager has no cases): 210 / 14
    assert by_id["agency_rate"]["own"] == pytest.approx(12.5)
    assert by_id["vacancy_rate"]["own"] == pytest.approx(300 / 17)
    assert by_id["turnover_rate"]["own"] == pytest.approx(220 / 14)
    assert by_id["caseload"]["own"] == pytest.approx(15.0)


@pytest.mark.slow
def test_the_benchmark_sheet(tmp_path: Path, run_cli) -> None:
    """Blackpool's neighbour Sunderland has no published agency rate ('low'): 'not published (low)', never 0;
    the neighbours' formulas carry the published figures' mean, min, max and rank; the licence line."""
    path = write_workbook(tmp_path / "bp.xlsx", staffing_sheets("890"))
    out = tmp_path / "bp-out.xlsx"
    result = run_cli("build", path, "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, data_only=True)
    assert book.sheetnames.index("Benchmark") == book.sheetnames.index("MTFP") + 1
    sheet = book["Benchmark"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    texts = [v for row in cells for v in row if isinstance(v, str)]
    assert LICENCE in texts
    sunderland = next(row for row in cells if row[0] == "Sunderland" and row[1] == "394")
    assert sunderland[3] == "not published (low)"
    header = next(row for row in cells if row[0] == "Indicator")
    assert header == ["Indicator", "Blackpool published", "Blackpool now (inputs)", "Neighbours' mean",
                      "Neighbours' min", "Neighbours' max", "Rank (1 = highest)", "Of", "North West", "England",
                      "Year", "Source"]
    agency = next(row for row in cells if str(row[0]).startswith("Agency"))
    # Blackpool 7.4%; its neighbours with a figure: 3.2, 25.6, 28.5, 2.9, 14.5, 15.7, 8.5, 6.3, 15.9 (Sunderland low)
    others = [3.2, 25.6, 28.5, 2.9, 14.5, 15.7, 8.5, 6.3, 15.9]
    assert agency[10] == "2025" and agency[1] == pytest.approx(0.074)
    assert agency[3] == pytest.approx(sum(others) / 9 / 100)
    assert (agency[4], agency[5]) == (pytest.approx(0.029), pytest.approx(0.285))
    assert (agency[6], agency[7]) == (7, 10)  # 25.6, 28.5, 14.5, 15.7, 8.5, 15.9 are higher: rank 7 of 10
    assert agency[2] == pytest.approx(1 / 14)
    assert (agency[8], agency[9]) == (pytest.approx(0.166), pytest.approx(0.13))  # North West 16.6%, England 13%
    formulas = openpyxl.load_workbook(out)["Benchmark"]
    row = next(r for r in formulas.iter_rows() if str(r[0].value).startswith("Agency"))
    assert str(row[3].value).startswith("=AVERAGE(") and str(row[6].value).startswith("=1+SUMPRODUCT(")
    import zipfile

    with zipfile.ZipFile(out) as z:
        drawings = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        text = "".join(z.read(n).decode() for n in drawings)
        alt = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    assert "Children looked after per 10,000, 2025: Blackpool and its neighbours" in text
    assert "Bar chart of children looked after per 10,000 children on 31 March 2025: Blackpool 184" in alt


def test_no_benchmark_sheet_without_la_code(make_workbook, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert run_cli("build", make_workbook(), "-o", out).exit_code == 0
    assert "Benchmark" not in openpyxl.load_workbook(out).sheetnames


def test_init_offers_the_settings_with_their_notes(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "template.xlsx"
    assert run_cli("init", path).exit_code == 0
    rows = {r[0]: r for r in openpyxl.load_workbook(path)["Settings"].iter_rows(values_only=True)}
    assert "la_code" in rows and "benchmark_roles" in rows
    notes = " ".join(str(v) for v in rows["la_code"] + rows["benchmark_roles"] if v)
    assert "DfE three-digit code" in notes and "separated by ';'" in notes


def test_batch_summary_has_each_authority_side_by_side(tmp_path: Path, run_cli) -> None:
    a = write_workbook(tmp_path / "staffordshire.xlsx", staffing_sheets("860"))
    b = write_workbook(tmp_path / "blackpool.xlsx", staffing_sheets("890"))
    c = write_workbook(tmp_path / "none.xlsx", minimal_sheets())
    result = run_cli("batch", a, b, c, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "out" / "batch-summary.xlsx")
    assert book.sheetnames == ["Batch summary", "Benchmarks"]
    rows = [[c.value for c in row] for row in book["Benchmarks"].iter_rows()]
    names = [row[1] for row in rows if row[2] in ("860", "890")]
    assert names == ["Staffordshire", "Blackpool"]
    staffordshire = next(row for row in rows if row[2] == "860")
    assert staffordshire[4] == 75  # children looked after per 10,000, 2025
    assert staffordshire[7] == pytest.approx(0.088) and staffordshire[8] == pytest.approx(1 / 14)
    assert any(row[0] == LICENCE for row in rows)
