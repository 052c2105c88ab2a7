"""Benchmarks against statistical neighbours (calculations.md §10).

The expected figures are computed here from the DfE's raw cells (data-raw/dfe/), by a path that shares
nothing with the engine's, and Blackpool's children looked after are also worked by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from forecast.engine.benchmark import (
    INDICATORS,
    OwnFigures,
    WorkforceRow,
    benchmark,
    own_figures,
    rank_of,
    render_text,
    standout_sentence,
)
from forecast.inputs.benchmark_tables import LICENCE, UnknownAuthority, load_tables

RAW = Path(__file__).resolve().parents[2] / "data-raw" / "dfe"
COLUMN = {"cla_per_10k": "rate_per_10000", "agency_rate": "agency_rate_fte", "vacancy_rate": "vacancy_rate_fte",
          "turnover_rate": "turnover_rate_fte", "caseload": "caseload_fte"}
JSON_KEYS = ["id", "indicator", "year", "value", "own", "sn_mean", "sn_min", "sn_max", "rank", "region",
             "england", "source", "mark"]


def raw(name: str) -> list[dict[str, str]]:
    with (RAW / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_2025() -> dict[str, dict[str, str]]:
    """Indicator id → {code: cell} for 2025 from the raw files; joint rows give each code; 'ENG' and regions."""
    out: dict[str, dict[str, str]] = {k: {} for k in COLUMN}
    files = (("cla_number_and_rate_per_10k_children.csv", ["cla_per_10k"]),
             ("csww_indicators_2017_to_2025.csv", ["agency_rate", "vacancy_rate", "turnover_rate", "caseload"]))
    for name, ids in files:
        for row in raw(name):
            if row["time_period"] != "2025":
                continue
            if row["geographic_level"] == "National":
                codes = ["ENG"]
            elif row["geographic_level"] == "Regional":
                codes = [row["region_code"]]
            else:
                codes = row["old_la_code"].split(" / ")
            for i in ids:
                for code in codes:
                    out[i][code] = row[COLUMN[i]]
    return out


def number(cell: str | None) -> float | None:
    return float(cell) if cell not in (None, "c", "x", "z", "u", "low") else None  # type: ignore[arg-type]


@pytest.mark.parametrize("code,region", [("890", "E12000002"), ("308", "E12000007"), ("873", "E12000006")])
def test_each_figure_equals_the_dfe_files_worked_independently(code: str, region: str) -> None:
    """Blackpool, Enfield and Cambridgeshire: neighbours, value, mean, min, max, rank, region, England, year."""
    sn = {r["old_la_code"]: [r[f"SN_{k}"] for k in range(1, 11)] for r in raw("sn_model_2025_wide.csv")}[code]
    cells = raw_2025()
    result = benchmark(load_tables(), code)
    assert [n.la_code for n in result.neighbours] == sn
    assert [i.id for i in result.indicators] == [*COLUMN, "spend_per_child"]
    for ind in result.indicators[:5]:
        mine = number(cells[ind.id][code])
        theirs = [v for v in (number(cells[ind.id].get(c)) for c in sn) if v is not None]
        assert ind.year == 2025
        assert ind.value == mine
        assert ind.sn_mean == pytest.approx(sum(theirs) / len(theirs))
        assert (ind.sn_min, ind.sn_max) == (min(theirs), max(theirs))
        assert ind.rank == 1 + len([v for v in theirs if mine is not None and v > mine])
        assert ind.england == number(cells[ind.id]["ENG"])
        assert ind.region == number(cells[ind.id][region])
        assert "Department for Education" in ind.source and "2025" in ind.source


def test_spending_per_child_against_the_ro3_file() -> None:
    """Net current expenditure (£000) × 1000 / children aged 0-17, for Enfield and its neighbours."""
    net = "TOTAL CHILDREN SOCIAL CARE - Net Current Expenditure (C7 = C3 - C6)"
    ro3 = {r["ONS Code"]: r[net] for r in raw("RO3_LA_Data_2024-25_data_by_LA.csv")}
    people = {r["old_la_code"]: (r["new_la_code"], r["population_estimate"])
              for r in raw("cla_number_and_rate_per_10k_children.csv") if r["time_period"] == "2025"}
    sn = {r["old_la_code"]: [r[f"SN_{k}"] for k in range(1, 11)] for r in raw("sn_model_2025_wide.csv")}["308"]
    # Birmingham (330), an Enfield neighbour, made no return: left out.
    per_child = {c: float(ro3[people[c][0]]) * 1000 / float(people[c][1]) for c in ["308", *sn] if c != "330"}
    spend = benchmark(load_tables(), "308").indicators[5]
    assert spend.id == "spend_per_child" and spend.year == 2025 and spend.region is None and "S251" in spend.note
    assert spend.value == pytest.approx(per_child["308"], abs=0.005)  # 84,162,000 / 80,331 = 1,047.69
    theirs = [v for c, v in per_child.items() if c != "308"]
    assert spend.sn_count == 9 and spend.sn_max == pytest.approx(max(theirs), abs=0.005)
    assert spend.sn_mean == pytest.approx(sum(theirs) / 9, abs=0.005)


def test_blackpool_children_looked_after_by_hand() -> None:
    """2025: Blackpool 184 per 10,000; neighbours 157, 138, 90, 145, 97, 144, 102, 114, 88, 170; England 67."""
    cla = benchmark(load_tables(), "890").indicators[0]
    assert cla.id == "cla_per_10k" and cla.year == 2025 and cla.value == 184 and cla.mark is None
    assert (cla.sn_min, cla.sn_max) == (88, 170)
    assert cla.sn_mean == pytest.approx(1245 / 10)  # 157+138+90+145+97+144+102+114+88+170 = 1245
    assert (cla.rank, cla.ranked_of, cla.sn_count) == (1, 11, 10)
    assert (cla.region, cla.england) == (90, 67)  # North West, England


def test_a_suppressed_neighbour_is_left_out_and_a_suppressed_value_is_a_mark() -> None:
    tables = load_tables()
    agency = benchmark(tables, "890").indicators[1]  # Blackpool's neighbour Sunderland (394) is 'low' in 2025
    sunderland = [c for c in agency.comparisons if c.la_code == "394"][0]
    assert (sunderland.value, sunderland.mark) == (None, "low")
    assert (agency.sn_count, agency.ranked_of) == (9, 10)
    kc = {i.id: i for i in benchmark(tables, "207").indicators}  # Kensington and Chelsea: workforce 'x'
    for ind in ("agency_rate", "vacancy_rate", "turnover_rate", "caseload"):
        assert (kc[ind].value, kc[ind].mark, kc[ind].rank) == (None, "x", None)
        assert kc[ind].as_json()["value"] is None and kc[ind].as_json()["mark"] == "x"
    assert "not published (x)" in render_text(benchmark(tables, "207"))


def test_a_joint_row_counts_for_each_authority_and_ties_share_a_rank() -> None:
    """North Northamptonshire's neighbours include West Northamptonshire: one joint figure, the same rank."""
    tables = load_tables()
    north = {i.id: i for i in benchmark(tables, "940").indicators}
    west = [c for c in north["vacancy_rate"].comparisons if c.la_code == "941"][0]
    assert west.value == north["vacancy_rate"].value == 25.9 and north["vacancy_rate"].joint == "940 / 941"
    assert rank_of(170, [184, 170, 157]) == 2 and rank_of(184, [170, 184]) == 1
    assert rank_of(None, [1.0]) is None


def test_codes_in_either_form_and_an_unknown_code_names_the_nearest() -> None:
    tables = load_tables()
    for code in ("890", 890, 890.0, "890.0", " E06000009 ", "e06000009"):
        assert benchmark(tables, code).la_name == "Blackpool"
    with pytest.raises(UnknownAuthority) as error:
        benchmark(tables, "Blackpol")
    assert "Blackpool (890, E06000009)" in error.value.suggestions and "nearest: Blackpool" in str(error.value)
    with pytest.raises(UnknownAuthority):
        benchmark(tables, "999")


def test_own_figures_worked_by_hand() -> None:
    rows = [
        WorkforceRow("Social Worker", fte_budget=10, fte_permanent=7, fte_agency=2, turnover=0.2, cases=160),
        WorkforceRow("social  worker", fte_budget=5, fte_permanent=6, fte_agency=0, turnover=0.1),  # over establishment
        WorkforceRow("Team Manager", fte_budget=2, fte_permanent=1, fte_agency=1, turnover=0.5, cases=10),
    ]
    own = own_figures(rows, ["Social Worker", "ASYE"], cla=531, child_population=28923)
    assert own.agency_rate == pytest.approx(2 / 15 * 100)  # 2 agency / (7 + 2 + 6 + 0)
    assert own.vacancy_rate == pytest.approx(3 / 15 * 100)  # (max(10-7, 0) + max(5-6, 0)) / (10 + 5)
    assert own.turnover_rate == pytest.approx((0.2 * 7 + 0.1 * 6) / 13 * 100)  # = 2/13
    assert own.caseload == pytest.approx(160 / 9)  # only the first row has cases
    assert own.cla_per_10k == pytest.approx(531 / 28923 * 10_000)  # 183.6
    assert own.roles_missing == ("ASYE",)
    every = own_figures(rows)  # no benchmark_roles: every row
    assert every.agency_rate == pytest.approx(3 / 17 * 100)  # (2+0+1) / ((7+2)+(6+0)+(1+1))
    assert every.vacancy_rate == pytest.approx((3 + 0 + 1) / 17 * 100)  # budget 10+5+2
    assert every.caseload == pytest.approx(170 / 11)  # (160+10) / (9+2)
    empty = own_figures([], cla=10, child_population=None)
    assert empty == OwnFigures(roles_missing=())


def test_own_figures_sit_beside_the_published_ones_in_the_dfe_unit() -> None:
    own = own_figures([WorkforceRow("SW", 100, 90, 8, 0.12, 1600)], cla=531, child_population=28923)
    result = benchmark(load_tables(), "890", own)
    by_id = {i.id: i for i in result.indicators}
    assert by_id["agency_rate"].own == pytest.approx(8 / 98 * 100)  # percent, as the DfE's 7.4
    assert by_id["turnover_rate"].own == pytest.approx(12.0)
    assert by_id["cla_per_10k"].own == pytest.approx(183.591, abs=0.001)  # 5,310,000 / 28,923
    assert benchmark(load_tables(), "890", {"caseload": 16.0}).indicators[4].own == 16.0


def test_json_carries_the_revision_3_keys() -> None:
    out = benchmark(load_tables(), "308").as_json()
    assert list(out) == ["la_code", "la_name", "neighbours", "indicators"]
    assert out["la_code"] == "308" and out["la_name"] == "Enfield"
    indicators = out["indicators"]
    assert isinstance(indicators, list) and [i["id"] for i in indicators] == list(INDICATORS)
    for item in indicators:
        assert list(item) == JSON_KEYS and isinstance(item["year"], int)


def test_text_table_and_sentence() -> None:
    result = benchmark(load_tables(), "890")
    text = render_text(result)
    assert LICENCE in text and "Hartlepool" in text and "cla_number_and_rate_per_10k_children.csv" in text
    assert standout_sentence(result) == (
        "Children looked after on 31 March per 10,000 children: 184 in 2025, the highest of Blackpool and its "
        "10 statistical neighbours (neighbours 88 to 170; England 67).")
