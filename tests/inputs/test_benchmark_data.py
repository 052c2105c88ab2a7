"""The shipped DfE benchmark tables: the rebuild script makes exactly them, marks stay marks, joint rows split.

Expected values are read here straight from the committed extracts in data-raw/dfe/ (the DfE's own
cells), not from the shipped tables or the loader.
"""

from __future__ import annotations

import csv
import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from forecast.inputs.benchmark_tables import LICENCE, Published, load_tables

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data-raw" / "dfe"
SHIPPED = ROOT / "forecast" / "data" / "benchmark"
TABLES = ("neighbours.csv", "cla.csv", "workforce.csv", "spend.csv")


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_benchmark_data", ROOT / "data-raw" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def raw_rows(name: str) -> list[dict[str, str]]:
    with (RAW / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def shipped_rows(name: str) -> list[dict[str, str]]:
    lines = (SHIPPED / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_the_rebuild_script_makes_exactly_the_shipped_tables() -> None:
    built = build_script().build(RAW)
    assert sorted(built) == sorted(TABLES)
    for name, text in built.items():
        assert text == (SHIPPED / name).read_text(encoding="utf-8"), f"{name} differs: run data-raw/build.py"


def test_the_rebuild_script_writes_what_it_builds(tmp_path: Path) -> None:
    assert build_script().main(["--out", str(tmp_path)]) == 0
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes()


def test_a_cell_that_is_neither_a_number_nor_a_mark_stops_the_build(tmp_path: Path) -> None:
    """A new release with a stray symbol must not ship as a number or a blank."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "csww_indicators_2017_to_2025.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",7.4,9.1,11.8,16.8", ",7.4,[x],11.8,16.8", 1),
                    encoding="utf-8")
    script = build_script()
    with pytest.raises(script.BuildError, match=r"csww_indicators_2017_to_2025.csv row \d+ vacancy_rate_fte"):
        script.build(raw)


def test_each_table_names_its_source_publication_years_and_the_licence() -> None:
    for name in TABLES:
        head = [line for line in (SHIPPED / name).read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        keys = {line[2:].split(":")[0] for line in head}
        assert {"source_file", "publication", "years", "licence"} <= keys, name
        assert f"# licence: {LICENCE}" in head
        assert LICENCE == "Contains public sector information licensed under the Open Government Licence v3.0"
    assert "# years: 2021 to 2025" in (SHIPPED / "cla.csv").read_text(encoding="utf-8")
    assert "# years: 2017 to 2025" in (SHIPPED / "workforce.csv").read_text(encoding="utf-8")


def test_the_shipped_tables_are_small() -> None:
    assert sum((SHIPPED / name).stat().st_size for name in TABLES) < 300_000


def test_the_raw_extracts_say_where_they_come_from() -> None:
    readme = (RAW / "README.md").read_text(encoding="utf-8")
    for name in ("sn_model_2025_wide.csv", "cla_number_and_rate_per_10k_children.csv",
                 "csww_indicators_2017_to_2025.csv", "RO3_LA_Data_2024-25_data_by_LA.csv"):
        assert (RAW / name).exists() and name in readme
    assert "Open Government Licence v3.0" in readme


def test_suppression_marks_stay_marks_never_zero() -> None:
    """Sunderland's 2025 agency rate is 'low', Kensington and Chelsea's workforce 'x', City of London's rate 'c'."""
    raw = {(r["time_period"], r["old_la_code"]): r for r in raw_rows("csww_indicators_2017_to_2025.csv")}
    assert raw[("2025", "394")]["agency_rate_fte"] == "low"
    assert raw[("2025", "207")]["caseload_fte"] == "x"
    shipped = {(r["year"], r["code"]): r for r in shipped_rows("workforce.csv") if r["level"] == "la"}
    assert shipped[("2025", "394")]["agency_rate"] == "low"
    assert shipped[("2025", "207")]["caseload"] == "x"
    cla = {(r["year"], r["code"]): r for r in shipped_rows("cla.csv") if r["level"] == "la"}
    assert cla[("2025", "201")]["rate_per_10k"] == "c" and cla[("2025", "201")]["children"] == "c"
    tables = load_tables()
    assert tables.series["agency_rate"].get(2025, "la", "394") == Published(None, "low")
    assert tables.series["caseload"].get(2025, "la", "207") == Published(None, "x")
    assert tables.series["cla_per_10k"].get(2025, "la", "201") == Published(None, "c")
    assert tables.series["cla_per_10k"].get(2025, "la", "420") == Published(None, "z")  # Isles of Scilly
    # Every mark in the raw workforce file is a mark in the loaded tables: none became a number.
    for row in raw_rows("csww_indicators_2017_to_2025.csv"):
        if row["geographic_level"] != "Local authority":
            continue
        for column, series in (("agency_rate_fte", "agency_rate"), ("turnover_rate_fte", "turnover_rate")):
            if row[column] in ("c", "x", "z", "u", "low"):
                for code in row["old_la_code"].split(" / "):
                    got = tables.series[series].get(int(row["time_period"]), "la", code)
                    assert got == Published(None, row[column])


def test_joint_rows_count_for_each_code_named() -> None:
    raw = [r for r in raw_rows("csww_indicators_2017_to_2025.csv") if r["old_la_code"] == "940 / 941"]
    assert raw, "the 2025 workforce file has a joint row for North and West Northamptonshire"
    tables = load_tables()
    for row in raw:
        year = int(row["time_period"])
        for code in ("940", "941"):
            assert tables.series["vacancy_rate"].get(year, "la", code) == Published(float(row["vacancy_rate_fte"]))
            assert tables.series["caseload"].get(year, "la", code) == Published(float(row["caseload_fte"]))
            assert tables.series["vacancy_rate"].joint[(year, code)] == "940 / 941"
    names = {r["code"]: r["name"] for r in shipped_rows("workforce.csv") if r["year"] == "2025"}
    assert names["940"] == "North Northamptonshire" and names["941"] == "West Northamptonshire"
    assert names["314"] == "Kingston upon Thames" and names["318"] == "Richmond upon Thames"
    assert not any("/" in r["code"] for r in shipped_rows("workforce.csv"))


def test_codes_map_both_ways_with_names() -> None:
    tables = load_tables()
    cla = [r for r in raw_rows("cla_number_and_rate_per_10k_children.csv")
           if r["time_period"] == "2025" and r["geographic_level"] == "Local authority"]
    sn = {r["old_la_code"] for r in raw_rows("sn_model_2025_wide.csv")}
    assert len(tables.authorities) == len(sn) == 153
    for row in cla:
        if row["old_la_code"] not in sn:  # Cumbria and Northamptonshire, gone before 2025's grouping
            continue
        by_dfe, by_ons = tables.find(row["old_la_code"]), tables.find(row["new_la_code"])
        assert by_dfe is not None and by_dfe is by_ons
        assert by_dfe.la_name == row["la_name"] and row["new_la_code"] in by_dfe.ons_codes
    blackpool = tables.find("E06000009")
    assert blackpool is not None and (blackpool.la_code, blackpool.la_name) == ("890", "Blackpool")
    # Barnsley was recoded in 2024: the workforce file has the new code, the children looked after file the old.
    barnsley = tables.find("370")
    assert barnsley is not None and barnsley.ons_codes == ("E08000038", "E08000016")
    assert tables.find("E08000016") is barnsley and tables.find("e08000038") is barnsley


def test_statistical_neighbours_are_the_2025_grouping() -> None:
    raw = {r["old_la_code"]: r for r in raw_rows("sn_model_2025_wide.csv")}
    tables = load_tables()
    for code, row in raw.items():
        assert tables.authorities[code].neighbours == tuple(row[f"SN_{k}"] for k in range(1, 11))
    # Blackpool's, named by hand from the DfE file.
    names = [tables.authorities[c].la_name for c in tables.authorities["890"].neighbours]
    assert names == ["Hartlepool", "Middlesbrough", "Sunderland", "Liverpool", "South Tyneside",
                     "Redcar and Cleveland", "Rochdale", "Torbay", "Salford", "Stoke-on-Trent"]


def test_a_london_borough_is_in_the_london_region() -> None:
    """The DfE's files put Enfield in Outer London; its region for benchmarks is London (E12000007)."""
    enfield = load_tables().authorities["308"]
    assert (enfield.region_code, enfield.region_name) == ("E12000007", "London")


def test_spending_per_child_is_ro3_net_expenditure_over_children_aged_0_to_17() -> None:
    """Blackpool 2024-25: £85,832k over 28,923 children = £2,967.60; Birmingham made no return ([x])."""
    ro3 = {r["ONS Code"]: r for r in raw_rows("RO3_LA_Data_2024-25_data_by_LA.csv")}
    net = "TOTAL CHILDREN SOCIAL CARE - Net Current Expenditure (C7 = C3 - C6)"
    assert ro3["E06000009"][net] == "85832" and ro3["E08000025"][net] == "[x]"
    spend = load_tables().series["spend_per_child"]
    assert spend.get(2025, "la", "890") == Published(2967.60)  # 85,832,000 / 28,923 = 2,967.596
    assert spend.get(2025, "la", "330") == Published(None, "x")
    england = float(ro3["E92000001"][net]) * 1000 / 12_183_016
    assert spend.get(2025, "england", "E92000001") == Published(round(england, 2))
    assert spend.latest_year == 2025 and len([k for k in spend.figures if k[1] == "la"]) == 153
    assert "S251" in spend.source.table and "CIPFA" in spend.source.table
