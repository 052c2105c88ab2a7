"""The DfE tables the package ships for benchmarks (calculations.md §10), read from package data.

``load_tables()`` reads ``forecast/data/benchmark/*.csv`` (made by ``data-raw/build.py`` from the
DfE's published files, Open Government Licence v3.0) once per process. ``find_authority`` takes a
DfE three-digit code (890) or an ONS code (E06000009); ``UnknownAuthority`` names the nearest
authorities for the error message. A published cell is a ``Published``: a number, or no number and
the DfE's suppression mark, never 0.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Mapping
from importlib import resources
from forecast.records import frozen

LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0"
ENGLAND = "E92000001"
# The DfE's suppression marks (Explore Education Statistics symbols), in the words a reader sees.
MARKS = {
    "c": "confidential",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to 0 but is not 0",
}
# Shipped column → series id; the workforce columns are the DfE's FTE-based indicators.
COLUMNS = {
    "cla.csv": {"rate_per_10k": "cla_per_10k", "children": "cla_children", "population": "child_population"},
    "workforce.csv": {"agency_rate": "agency_rate", "vacancy_rate": "vacancy_rate",
                      "turnover_rate": "turnover_rate", "caseload": "caseload"},
    "spend.csv": {"spend_per_child": "spend_per_child", "net_expenditure_000": "net_expenditure_000"},
}
_DFE_CODE = re.compile(r"\d{3}")
_ONS_CODE = re.compile(r"E\d{8}")


@frozen
class Published:
    """One published figure: ``value`` a number, or None with the DfE's ``mark`` (c, x, z, u, low)."""

    value: float | None
    mark: str | None = None

    @property
    def words(self) -> str:
        """'not published (x: not available)' for a mark; '' for a number."""
        return f"not published ({self.mark}: {MARKS[self.mark]})" if self.mark else ""


@frozen
class Source:
    """Where a shipped table comes from, as its header lines say."""

    table: str
    source_file: str
    publication: str
    years: str
    via: str
    licence: str

    @property
    def citation(self) -> str:
        return f"{self.publication}, {self.years}; file {self.source_file}"


@frozen
class Authority:
    """A children's services authority of the 2025 statistical neighbour model."""

    la_code: str  # DfE three-digit code
    ons_codes: tuple[str, ...]  # the current ONS code first
    la_name: str
    region_code: str  # the English region (London for Inner and Outer London)
    region_name: str
    neighbours: tuple[str, ...]  # ten DfE codes, closest first

    @property
    def ons_code(self) -> str:
        return self.ons_codes[0]


@frozen
class Series:
    """One indicator's published figures: (year, level, code) → figure; level is la, region or england."""

    id: str
    source: Source
    figures: Mapping[tuple[int, str, str], Published]
    joint: Mapping[tuple[int, str], str]  # (year, la code) → the joint row it came from, e.g. "940 / 941"

    @property
    def latest_year(self) -> int:
        return max(year for year, _, _ in self.figures)

    def get(self, year: int, level: str, code: str) -> Published | None:
        """The figure, or None when the table has no row for it (an authority that did not exist then)."""
        return self.figures.get((year, level, code))


@frozen
class BenchmarkTables:
    authorities: Mapping[str, Authority]  # by DfE code, in the neighbour file's order
    neighbours_source: Source
    series: Mapping[str, Series]
    regions: Mapping[str, str]  # region code → name

    def find(self, code: object) -> Authority | None:
        """The authority a DfE or ONS code names (890, '890', 890.0, 'e06000009'), or None."""
        text = normalise_code(code)
        if text in self.authorities:
            return self.authorities[text]
        for authority in self.authorities.values():
            if text in authority.ons_codes:
                return authority
        return None

    def nearest(self, code: object, n: int = 3) -> list[str]:
        """Up to ``n`` authorities whose name or code is closest to ``code``: 'Blackpool (890, E06000009)'."""
        text = normalise_code(code).casefold()
        keys: dict[str, Authority] = {}
        for a in self.authorities.values():
            keys[a.la_name.casefold()] = a
            keys[a.la_code] = a
            for ons in a.ons_codes:
                keys[ons.casefold()] = a
        found: list[str] = []
        for key in difflib.get_close_matches(text, list(keys), n=n * 3, cutoff=0.5):
            label = f"{keys[key].la_name} ({keys[key].la_code}, {keys[key].ons_code})"
            if label not in found:
                found.append(label)
        return found[:n]


class UnknownAuthority(ValueError):
    """``la_code`` names no authority in the shipped tables; ``suggestions`` are the nearest ones."""

    def __init__(self, code: object, suggestions: list[str]) -> None:
        self.code = code
        self.suggestions = suggestions
        nearest = f"; nearest: {'; '.join(suggestions)}" if suggestions else ""
        super().__init__(f"la_code {normalise_code(code)!r} is not the DfE three-digit or ONS code of an English "
                         f"children's services authority{nearest}")


def normalise_code(code: object) -> str:
    """A code as typed or read from a cell: '890', 890 and 890.0 are '890'; ONS codes upper case."""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    text = str(code).strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if re.fullmatch(r"[eE]\d{8}", text):
        text = text.upper()
    return text


def is_code_shape(code: object) -> bool:
    """Whether ``code`` looks like a DfE (three digits) or ONS (E and eight digits) code at all."""
    text = normalise_code(code)
    return bool(_DFE_CODE.fullmatch(text) or _ONS_CODE.fullmatch(text))


def find_authority(tables: BenchmarkTables, code: object) -> Authority:
    """The authority ``code`` names; ``UnknownAuthority`` (with the nearest names) when none."""
    found = tables.find(code)
    if found is None:
        raise UnknownAuthority(code, tables.nearest(code))
    return found


def parse_published(text: str) -> Published:
    text = text.strip()
    if text in MARKS:
        return Published(None, text)
    return Published(float(text))


def parse_table(text: str) -> tuple[Source, list[dict[str, str]]]:
    """A shipped table's header lines ('# key: text') as its Source, and its rows."""
    meta: dict[str, str] = {}
    body = []
    for line in text.splitlines():
        if line.startswith("# "):
            key, _, value = line[2:].partition(": ")
            meta[key] = value
        else:
            body.append(line)
    source = Source(meta["table"], meta["source_file"], meta["publication"], meta["years"], meta["via"],
                    meta["licence"])
    return source, list(csv.DictReader(body))


def tables_from_text(texts: Mapping[str, str]) -> BenchmarkTables:
    """The tables from their CSV texts (file name → text), as ``data-raw/build.py`` writes them."""
    neighbours_source, rows = parse_table(texts["neighbours.csv"])
    authorities = {
        r["la_code"]: Authority(r["la_code"], tuple(r["ons_codes"].split(";")), r["la_name"], r["region_code"],
                                r["region_name"], tuple(r[f"sn_{k}"] for k in range(1, 11)))
        for r in rows
    }
    series: dict[str, Series] = {}
    regions: dict[str, str] = {}
    for name, columns in COLUMNS.items():
        source, table_rows = parse_table(texts[name])
        joint = {(int(r["year"]), r["code"]): r["joint"] for r in table_rows if r.get("joint")}
        for column, series_id in columns.items():
            figures = {(int(r["year"]), r["level"], r["code"]): parse_published(r[column]) for r in table_rows}
            series[series_id] = Series(series_id, source, figures, joint)
        regions.update({r["code"]: r["name"] for r in table_rows if r["level"] == "region"})
    return BenchmarkTables(authorities, neighbours_source, series, regions)


@functools.cache
def load_tables() -> BenchmarkTables:
    """The tables shipped in ``forecast/data/benchmark`` (read once per process)."""
    folder = resources.files("forecast") / "data" / "benchmark"
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in ("neighbours.csv", *COLUMNS)}
    return tables_from_text(texts)
