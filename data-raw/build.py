"""Rebuild the benchmark tables the package ships (forecast/data/benchmark/*.csv) from the DfE files.

    python data-raw/build.py                 # from the extracts in data-raw/dfe/, into forecast/data/benchmark/
    python data-raw/build.py --raw DIR       # from a new DfE release saved in DIR under the same file names

The extracts in data-raw/dfe/ are the DfE's published CSVs cut to the columns (and, for children looked
after, the rows) used; the script reads columns by name, so the DfE's full files work as well. Every
published cell is copied as the DfE wrote it: a number stays its text, a suppression mark (c, x, z, u,
low) stays a mark, never 0. The workforce file's joint rows ("940 / 941") become one row per code named,
each keeping the joint code in `joint`. Standard library only, so CI and a council laptop can run it.
tests/test_benchmark_data.py checks that its output equals what ships.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data-raw" / "dfe"
OUT = ROOT / "forecast" / "data" / "benchmark"

LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0"
MARKS = ("c", "x", "z", "u", "low")
ENGLAND = "E92000001"
# The DfE splits London into Inner and Outer London in its tables; an authority's region is the English region.
LONDON = {"E13000001": "E12000007", "E13000002": "E12000007"}

SN_FILE = "sn_model_2025_wide.csv"
CLA_FILE = "cla_number_and_rate_per_10k_children.csv"
CSWW_FILE = "csww_indicators_2017_to_2025.csv"
RO3_FILE = "RO3_LA_Data_2024-25_data_by_LA.csv"
RO3_NET = "TOTAL CHILDREN SOCIAL CARE - Net Current Expenditure (C7 = C3 - C6)"
RO3_YEAR = 2025  # financial year 2024-25, ending 31 March 2025 (the children looked after year's 31 March)
CLA_ROWS = "Children looked after on 31 March each year"
LEVELS = {"National": "england", "Regional": "region", "Local authority": "la"}
WORKFORCE = ("agency_rate_fte", "vacancy_rate_fte", "turnover_rate_fte", "caseload_fte")

SOURCES = {
    "neighbours.csv": {
        "table": "Each authority's ten statistical neighbours, closest first, with its ONS codes and region",
        "source_file": f"{SN_FILE} (codes, names, neighbours); ONS and region codes from {CLA_FILE} "
                       f"and {CSWW_FILE}",
        "publication": "Department for Education, Children's services statistical neighbour benchmarking tool, "
                       "2025 model (Local Authority Interactive Tool)",
    },
    "cla.csv": {
        "table": "Children looked after on 31 March: number, children aged 0-17 and rate per 10,000 children",
        "source_file": CLA_FILE,
        "publication": "Department for Education, Children looked after in England including adoptions "
                       "(Explore Education Statistics)",
    },
    "workforce.csv": {
        "table": "Children's social work workforce, FTE-based: agency rate %, vacancy rate %, turnover rate % "
                 "and average caseload",
        "source_file": CSWW_FILE,
        "publication": "Department for Education, Children's social work workforce (Explore Education Statistics)",
    },
    "spend.csv": {
        "table": "Children's social care net current expenditure per child aged 0-17 (pounds), financial year "
                 "2024-25 (year 2025): RO3 total children's social care net current expenditure (pounds "
                 "thousand) over the children aged 0-17 of the children looked after file's 2025 rows "
                 "(ONS mid-2024 estimates). No regional figure is published. Councils classify spending "
                 "between RO3 lines differently (CIPFA's guidance is applied unevenly, the comparability "
                 "caveat the DfE gives for S251), and England's total includes MHCLG's estimates for "
                 "missing returns: compare with care",
        "source_file": f"{RO3_FILE} (an extract of RO3_LA_Data_2024-25_data_by_LA.ods); population from {CLA_FILE}",
        "publication": "Ministry of Housing, Communities and Local Government, Local authority revenue expenditure "
                       "and financing England: 2024 to 2025 individual local authority data - outturn (RO3)",
    },
}
VIA = "dfe-analytical-services/CSC_outcomes_and_enablers data-raw/, commit 2f5d11a (2026-04-27)"


class BuildError(ValueError):
    """A published file that does not look as this script expects: the message names file, row and column."""


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def published(value: str, where: str, mhclg: bool = False) -> str:
    """The cell as published: a number's text or a suppression mark; anything else stops the build.
    In MHCLG's RO3 (``mhclg``), "[x]" (no return) is the DfE's "x"."""
    text = value.strip()
    if mhclg and text == "[x]":
        return "x"
    if text in MARKS:
        return text
    try:
        float(text)
    except ValueError:
        raise BuildError(f"{where}: {value!r} is neither a number nor a DfE mark {MARKS}") from None
    return text


def split_joint(row: dict[str, str], where: str) -> list[tuple[str, str, str]]:
    """(code, ONS code, name) for each authority a row speaks for: joint rows name two or more."""
    codes = [c.strip() for c in row["old_la_code"].split("/")]
    ons = [c.strip() for c in row["new_la_code"].split("/")]
    names = [n.strip() for n in row["la_name"].split(" / ")]
    if not (len(codes) == len(ons) == len(names)):
        raise BuildError(f"{where}: joint row {row['old_la_code']!r} names {len(codes)} codes, {len(ons)} ONS "
                         f"codes and {len(names)} names")
    return list(zip(codes, ons, names, strict=True))


def header(name: str, years: str) -> str:
    meta = dict(SOURCES[name], years=years, via=VIA, licence=LICENCE)
    return "".join(f"# {key}: {text}\n" for key, text in meta.items())


def table(name: str, years: str, columns: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    out.write(header(name, years))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def geography(row: dict[str, str], where: str) -> tuple[str, str]:
    """(level, code) of a row that is not an authority's: England, or a region by its ONS code."""
    level = LEVELS.get(row["geographic_level"])
    if level is None:
        raise BuildError(f"{where}: geographic_level {row['geographic_level']!r} is not one of {list(LEVELS)}")
    return level, ENGLAND if level == "england" else row["region_code"]


def span(years: set[int]) -> str:
    return f"{min(years)} to {max(years)}" if len(years) > 1 else str(min(years))


def build_cla(raw: Path) -> tuple[str, dict[str, set[str]]]:
    rows: list[list[str]] = []
    years: set[int] = set()
    ons: dict[str, set[str]] = {}
    for i, row in enumerate(read(raw / CLA_FILE), start=2):
        if row["population_type"] != CLA_ROWS:
            continue
        where = f"{CLA_FILE} row {i}"
        year = int(row["time_period"])
        years.add(year)
        values = [published(row[c], f"{where} {c}") for c in ("children_count", "population_estimate",
                                                              "rate_per_10000")]
        level, code = geography(row, where)
        if level == "la":
            for code, ons_code, name in split_joint(row, where):
                ons.setdefault(code, set()).add(ons_code)
                rows.append([str(year), level, code, name, row["region_code"], *values])
        else:
            rows.append([str(year), level, code, row["region_name"] or "England", row["region_code"], *values])
    columns = ["year", "level", "code", "name", "region_code", "children", "population", "rate_per_10k"]
    return table("cla.csv", span(years), columns, rows), ons


def build_workforce(raw: Path) -> tuple[str, dict[str, set[str]]]:
    rows: list[list[str]] = []
    years: set[int] = set()
    ons: dict[str, set[str]] = {}
    for i, row in enumerate(read(raw / CSWW_FILE), start=2):
        where = f"{CSWW_FILE} row {i}"
        year = int(row["time_period"])
        years.add(year)
        values = [published(row[c], f"{where} {c}") for c in WORKFORCE]
        level, code = geography(row, where)
        if level == "la":
            named = split_joint(row, where)
            joint = row["old_la_code"].strip() if len(named) > 1 else ""
            for code, ons_code, name in named:
                ons.setdefault(code, set()).add(ons_code)
                rows.append([str(year), level, code, name, row["region_code"], joint, *values])
        else:
            rows.append([str(year), level, code, row["region_name"] or "England", row["region_code"], "", *values])
    columns = ["year", "level", "code", "name", "region_code", "joint", "agency_rate", "vacancy_rate",
               "turnover_rate", "caseload"]
    return table("workforce.csv", span(years), columns, rows), ons


def build_neighbours(raw: Path, cla: str, ons: dict[str, set[str]]) -> str:
    """The 2025 grouping; names and region from the latest children looked after year (the DfE's spelling)."""
    latest: dict[str, tuple[str, str, str]] = {}
    region_names: dict[str, str] = {}
    body = [line for line in cla.splitlines() if not line.startswith("#")]
    for row in csv.DictReader(body):
        if row["level"] == "la":
            if row["code"] not in latest or int(row["year"]) > int(latest[row["code"]][2]):
                latest[row["code"]] = (row["name"], row["region_code"], row["year"])
        elif row["level"] == "region" and row["code"] not in region_names:
            region_names[row["code"]] = row["name"]
    rows = []
    for i, row in enumerate(read(raw / SN_FILE), start=2):
        where = f"{SN_FILE} row {i}"
        code = row["old_la_code"].strip()
        neighbours = [row[f"SN_{k}"].strip() for k in range(1, 11)]
        if code not in latest:
            raise BuildError(f"{where}: authority {code} has no row in {CLA_FILE}")
        if len(set(neighbours)) != 10 or code in neighbours:
            raise BuildError(f"{where}: authority {code} does not have ten distinct neighbours")
        name, region, _ = latest[code]
        region = LONDON.get(region, region)
        # The most recently issued ONS code first (Barnsley and Sheffield were recoded in 2024), older ones after.
        codes = ";".join(sorted(ons.get(code, set()), reverse=True))
        rows.append([code, codes, name, region, region_names[region], *neighbours])
    known = {row[0] for row in rows}
    for row in rows:
        unknown = [n for n in row[5:] if n not in known]
        if unknown:
            raise BuildError(f"{SN_FILE}: authority {row[0]} names neighbours {unknown} that have no row")
    columns = ["la_code", "ons_codes", "la_name", "region_code", "region_name"] + [f"sn_{k}" for k in range(1, 11)]
    return table("neighbours.csv", "2025", columns, rows)


def build_spend(raw: Path, cla: str, ons: dict[str, set[str]], authorities: set[str]) -> str:
    """Net current expenditure per child for the authorities of the neighbour model and England."""
    by_ons = {code: dfe for dfe, codes in ons.items() if dfe in authorities for code in codes}
    population: dict[str, str] = {}
    names: dict[str, str] = {}
    body = [line for line in cla.splitlines() if not line.startswith("#")]
    for row in csv.DictReader(body):
        if int(row["year"]) == RO3_YEAR:
            population[row["code"]] = row["population"]
            names[row["code"]] = row["name"]
    rows: list[list[str]] = []
    for i, row in enumerate(read(raw / RO3_FILE), start=2):
        where = f"{RO3_FILE} row {i}"
        ons_code = row["ONS Code"].strip()
        level = "england" if ons_code == ENGLAND else "la"
        code = ENGLAND if level == "england" else by_ons.get(ons_code, "")
        if not code:
            continue  # a council that is not a children's services authority of the 2025 model
        net = published(row[RO3_NET], f"{where} {RO3_NET}", mhclg=True)
        people = population.get(code, "x")
        if net in MARKS or people in MARKS:
            per_child = net if net in MARKS else people
        else:
            per_child = f"{float(net) * 1000 / float(people):.2f}"
        rows.append([str(RO3_YEAR), level, code, names.get(code, row["Local authority"]), "", net, people,
                     per_child])
    missing = authorities - {r[2] for r in rows}
    if missing:
        raise BuildError(f"{RO3_FILE}: no row for authorities {sorted(missing)}")
    rows.sort(key=lambda r: (r[1] != "england", r[3]))
    columns = ["year", "level", "code", "name", "region_code", "net_expenditure_000", "population",
               "spend_per_child"]
    return table("spend.csv", "2025 (financial year 2024-25)", columns, rows)


def build(raw: Path = RAW) -> dict[str, str]:
    """File name → the text of each shipped table, built from the DfE files in ``raw``."""
    cla, ons = build_cla(raw)
    workforce, ons_workforce = build_workforce(raw)
    for code, codes in ons_workforce.items():
        ons.setdefault(code, set()).update(codes)
    neighbours = build_neighbours(raw, cla, ons)
    authorities = {line.split(",")[0] for line in neighbours.splitlines()[1:] if not line.startswith("#")}
    authorities.discard("la_code")
    spend = build_spend(raw, cla, ons, authorities)
    return {"neighbours.csv": neighbours, "cla.csv": cla, "workforce.csv": workforce, "spend.csv": spend}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=RAW, help="folder holding the DfE files (default data-raw/dfe)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write the tables to")
    args = parser.parse_args(argv)
    try:
        tables = build(args.raw)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {args.out / name} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
