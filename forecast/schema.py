"""The input workbook's contract as data: how a sheet is declared, its vocabularies, and how headers match.

Each input sheet declares its ``SheetSchema`` in its own module,
``forecast/inputs/sheets/<sheet>.py``, listed in order in
``forecast/inputs/registry.py``. Everything that reads or writes the input
workbook works from those declarations: the validator (types, required
columns, defaults, choices), the template (header order, notes, drop-downs,
formats) and the docs. They follow ``shared/spec/inputs.md``; change it first.

This module is the bottom of the input side: the column kinds, the
vocabularies (methods, placement types, kinds …), and the one place header,
unit and choice spellings are matched (``header_key``, ``header_unit``,
``choice_key``). Names (a line, a team) are matched by the one name rule,
``forecast.names.name_key``.

Column kinds:
- ``text``   any text (numbers are kept as their text)
- ``number`` any number (money may be negative)
- ``count``  a number >= 0 (may be fractional: an average, an FTE)
- ``rate``   a fraction between -1 and 1 (0.05 = 5%)
- ``year``   a financial year, ``2019/20`` (also ``2019-20``, ``2019/2020``, ``FY2019/20``)
- ``date``   an Excel date or ISO text ``2025-11-01``
- ``yesno``  ``yes`` or ``no``
- ``enum``   one of ``choices``
- ``month``  a calendar month: an Excel date (any day of it) or text ``2024-05`` (read as the 1st)

A numeric column may also accept some ``words`` (``growth`` takes ``trend``:
the rate then comes from the History sheet).
"""

from __future__ import annotations

import re
from functools import cache, cached_property, lru_cache

from forecast.fy import fy_label, parse_fy
from forecast.names import shown
from forecast.records import frozen

TEXT, NUMBER, COUNT, RATE, YEAR, DATE, YESNO, ENUM, MONTH = (
    "text",
    "number",
    "count",
    "rate",
    "year",
    "date",
    "yesno",
    "enum",
    "month",
)
NUMERIC_KINDS = (NUMBER, COUNT, RATE)
YES_NO = ("yes", "no")

# -- Vocabularies: the words the sheets' drop-downs offer ------------------------------------------

METHODS = ("placements", "staffing", "run_rate", "manual", "budget")
PLACEMENT_TYPES = (
    "in-house fostering",
    "independent fostering agency",
    "kinship care",
    "in-house residential",
    "external residential",
    "supported accommodation",
    "secure",
    "placed with parents",
    "parent and child",
    "adoption",
    "other",
)
INVESTMENT_KINDS = ("one-off", "ongoing")
FUNDING = ("reserves", "grant", "base", "unfunded")
FUNDED = ("reserves", "grant", "base")
RAGS = ("green", "amber", "red", "delivered")
SCENARIO_OPS = ("set", "scale", "add")
RISK_OPS = ("scale", "add")
CHILD_IDS = ("show", "hide")  # issue 26: Settings child_ids
DISTRIBUTIONS = ("triangular", "uniform", "pert", "trend")
TREND = "trend"  # the text a growth or case_growth cell may hold: take the rate from History (§8)
MONEY_UNITS = ("£000", "£")
DEMAND_CATEGORIES = ("FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER")  # a demand model's categories (§9)  # the Settings units

UNITS = "in the workbook's units (Settings units: £000 or £)"
POUNDS = "in £ (not thousands)"


@frozen
class Column:
    """One column of an input sheet (or one row of Settings)."""

    name: str
    kind: str
    note: str
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    strict: bool = True  # enum: other text is an error (False: a warning, the text is kept)
    units: str = ""
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False  # must be > 0
    integer: bool = False
    words: tuple[str, ...] = ()  # text a numeric column also accepts, e.g. ("trend",)
    free_text: bool = False  # prose (a comment) up to a whole cell; other text is a name or title, kept short

    def describe(self) -> str:
        """The note written on the template header: meaning, units, default, choices."""
        parts = [self.note]
        if self.units:
            parts.append(self.units[0].upper() + self.units[1:] + ".")
        if self.words:
            parts.append("Or: " + ", ".join(self.words) + ".")
        if self.choices:
            parts.append("One of: " + ", ".join(self.choices) + ("" if self.strict else " (or other text)") + ".")
        if self.required:
            parts.append("Required.")
        elif self.default not in (None, ""):
            parts.append(f"Default: {_show(self.default)}.")
        return " ".join(p for p in parts if p)


@frozen
class SheetSchema:
    """One input sheet: its columns in template order and its unique key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns unique together (blank key with values is an error)
    required: bool = False
    note: str = ""
    scenario_key: str = ""  # the column a Scenarios/Risks ``row`` names
    fixed: tuple[str, ...] = ()  # columns a scenario may not change: they say which rows exist and how they link
    roll: tuple[str, ...] = ()  # columns `forecast roll` fills, never typed by hand (the examples leave them out)
    settings: tuple[Column, ...] = ()  # a sheet of one row per setting (Settings): the settings, in order

    def column(self, name: str) -> Column:
        return self._by_name[name]

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def rate(name: str, note: str, default: float | None = None, **kw: object) -> Column:
    """A rate column: a fraction between -1 and 1."""
    return Column(name, RATE, note, default=default, units="a fraction: 0.05 = 5%", **kw)  # type: ignore[arg-type]


# ``Read me`` is the template's own instructions sheet: not data, never warned about.
README_SHEET = "Read me"

_TRAILING_UNIT = re.compile(
    r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|[£$€]\s*'?\s*(?:000s?|k|m|bn|thousands?|millions?)?|%)\s*$", re.IGNORECASE
)
# What a trailing unit says, looked for anywhere in it ("(in £m)", "(£ thousands)", "[GBP]"), first match wins.
_UNIT_PATTERNS = (
    ("", re.compile(r"[$€¥]|\b(?:eur|euros?|usd|dollars?)\b", re.IGNORECASE)),  # a foreign currency, as written
    ("£bn", re.compile(r"(?:£|\bgbp)\s*bn\b|\bbn\b|\bbillions?\b", re.IGNORECASE)),
    # £m, GBPm, £mn, £mil, x1,000,000
    ("£m", re.compile(r"(?:£|\bgbp)\s*(?:m|mn|mil|mill|millions?)\b|^\s*m\s*$|\bmillions?\b|\bmn\b|\bmil\b"
                      r"|[x×]\s*1,?000,?000\b", re.IGNORECASE)),
    # £000, £'000, £k, GBPk, GBP000, thousands, 000s, k, x1,000
    ("£000", re.compile(r"(?:£|\bgbp)\s*'?\s*000|(?:£|\bgbp)\s*k\b|\bthousands?\b|(?:^|\s)'?000s?\b|^\s*k\s*$"
                        r"|[x×]\s*1,?000\b", re.IGNORECASE)),
    ("%", re.compile(r"%|\bper\s*cent|\bpercent(?:age)?\b|\bpct\b", re.IGNORECASE)),
    ("£", re.compile(r"£|\bpounds?\b|\bgbp\b|\bsterling\b", re.IGNORECASE)),
)
_SPACING = re.compile(r"[\s_]+")
_CHOICE_SPACING = re.compile(r"[\s_\-]+")
_FUTURE_BUDGET = re.compile(r"^budget\s*(?:for\s*)?(.+)$", re.IGNORECASE)


def header_key(text: object) -> str:
    """Matching key of a header or sheet name: lower case, no spaces/underscores, no trailing unit."""
    return _header_key(str(text))


@lru_cache(maxsize=4096)  # the same few hundred headers and names are matched over and over (issue 25)
def _header_key(text: str) -> str:
    stripped = _TRAILING_UNIT.sub("", text.strip())
    return _SPACING.sub("", stripped.lower())


def header_unit(text: object) -> str | None:
    """The unit a header's trailing ``(…)``, ``£000``, ``%`` … states, normalised; None when it states none.

    ``£000``, ``£``, ``£m``, ``£bn`` and ``%`` come back as those (``(in £m)``, ``(£ thousands)``,
    ``[GBP]`` too); a foreign currency as written (``€``, ``USD``); a bracketed note that names no
    unit (``(FTE)``, ``(optional)``) as None.
    """
    match = _TRAILING_UNIT.search(str(text).strip())
    if not match:
        return None
    written = match.group(0).strip()
    inner = written[1:-1].strip() if written[:1] in "([" else written
    for unit, pattern in _UNIT_PATTERNS:
        if pattern.search(inner):
            return unit or inner
    return None


def choice_key(text: object) -> str:
    """Matching key of a drop-down choice: lower case, no spaces, underscores or hyphens."""
    return _CHOICE_SPACING.sub("", str(text).strip().lower()).replace("'", "")


@cache
def choice_keys(choices: tuple[str, ...]) -> dict[str, str]:
    """``choice_key`` → choice, for looking a typed value up in one step."""
    return {choice_key(c): c for c in choices}


def future_budget_year(header: object) -> int | None:
    """``budget 2026/27`` (or ``Budget 2026-27 (£000)``) → 2026; other headers → None."""
    stripped = _TRAILING_UNIT.sub("", str(header).strip())
    match = _FUTURE_BUDGET.match(stripped)
    if not match:
        return None
    return parse_fy(match.group(1).replace(" ", ""))


def future_budget_name(year: int) -> str:
    """The canonical name of a future-year budget column: ``budget 2026/27``."""
    return f"budget {fy_label(year)}"


def expected_unit(column: Column | None, workbook_units: str) -> tuple[str, str] | None:
    """``(the unit, in words)`` a number column is in; None for a column that is not a number.

    Money is in the workbook's units (Settings units), unit costs in £, rates are fractions (``%`` is
    fine: a cell formatted as 5% stores 0.05); counts and multipliers have no unit. ``None`` as the
    column means a ``budget YYYY/YY`` column, which is money.
    """
    if column is not None and column.kind not in NUMERIC_KINDS:
        return None
    if column is None or column.units == UNITS:
        return workbook_units, f"money in the workbook's units ({workbook_units}, Settings units)"
    if column.units == POUNDS:
        return "£", "a unit cost, always in £"
    if column.kind == RATE:
        return "%", "a rate (a fraction: 0.05 = 5%, or a cell formatted as %)"
    return "", "a count or multiplier, with no unit"


def unit_problem(
    written: str, name: str, unit: str, column: Column | None, workbook_units: str, thing: str = "column",
    rename: str = "",
) -> str | None:
    """The problem with ``written`` (a header, sheet or setting name) stating ``unit`` for ``column``, else None.

    A name that states another unit than its column's would have its figures read 1,000 times too
    small or large, with no word.
    """
    expected = expected_unit(column, workbook_units)
    if expected is None or unit == expected[0]:
        return None
    named = f"name the {thing} '{rename or name}'"
    fix = f"enter the figures in {expected[0]} and {named}" if expected[0] and expected[0] != "%" else (
        f"{named} and check its figures"
    )
    return (
        f"{shown(written)} says the figures are in {unit}, but {name} is {expected[1]}: {fix} "
        "(the figures would otherwise be read in the wrong unit)"
    )
