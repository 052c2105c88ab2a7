"""Turn one cell's raw value into a typed value, or say what is wrong with it.

``convert`` returns ``(value, problem)``: ``problem`` is a message without the
place (the caller adds ``Sheet!Cell``) and a severity. Blank cells give
``(None, None)``; the caller applies defaults and required-ness.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from forecast.fy import fy_label, parse_fy
from forecast.inputs.reader import CellError
from forecast import names
from forecast.names import clean_text
from forecast.schema import (
    COUNT,
    DATE,
    ENUM,
    MONTH,
    NUMBER,
    RATE,
    TEXT,
    YEAR,
    YESNO,
    Column,
    choice_key,
    choice_keys,
)

_MONTH_TEXT = re.compile(r"^(\d{4})-(\d{1,2})$")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_CHOICE_ALIASES = {"£k": "£000", "£thousands": "£000", "thousands": "£000", "pounds": "£", "gbp": "£"}


MIN_MAGNITUDE = 1e-9  # nearer 0 than this is 0: no amount, count or rate is that small; 1/1e-320 overflows
MAX_MAGNITUDE = 1e12  # no budget (even in £), cost, count or multiplier comes near; beyond is a pasted code or a slip


MAX_TEXT = 32_767  # characters an Excel cell holds (counted as Excel does, in UTF-16 units: an emoji is two)
# A name or title (a line, team, placement type, scenario, report title …) is written inside longer text
# ("Assessment – Social Worker", the Cover's title), so it is kept far below a cell's limit: no real name
# comes near 1,000 characters, and a cell combining a few of them still fits.
MAX_NAME = 1_000


def text_too_long(column: Column, text: str) -> str | None:
    """The problem with text longer than its column may hold (as Excel counts characters), else None."""
    limit, what = (MAX_TEXT, "an Excel cell holds") if column.free_text else (
        MAX_NAME, "a name or title may have (it is written inside longer text, such as headings)")
    if len(text) <= limit // 2:
        return None  # no need to count: even all in two UTF-16 units each, it fits
    length = len(text.encode("utf-16-le")) // 2
    if length <= limit:
        return None
    return f"{column.name} is {length:,} characters long, over the {limit:,} characters {what}: shorten it"


class Bad:
    """A cell that could not be converted (the problem is already recorded)."""


BAD = Bad()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A raw cell value as a message quotes it (``names.shown``); an error cell as its Excel error."""
    if isinstance(value, CellError):
        return value.text or "a formula with no saved value"
    return names.shown(value)


def as_text(value: object) -> str:
    """Text of a cell whatever its type (2020.0 → '2020'), control characters cleaned (``clean_text``)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime) and value.time() == _dt.time(0):
        return value.date().isoformat()
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, CellError):
        return value.text
    return clean_text(str(value)).strip()


def to_number(value: object) -> float | None:
    """A number from a numeric cell or from text such as ``1,234``, ``£12.50``, ``(300)``, ``5%``; else None.

    Text is read only when it can mean one number: a comma only as a thousands separator (``1,234``,
    never ``1,5`` or ``12,00``), a space likewise (``1 234``). ``ambiguous_number`` says why other text
    that looks like a number is not read.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    # a no-break or narrow space as a space; Word's minus sign (U+2212) or en dash as a minus
    match = _MONEY_TEXT.match(value.translate(_TEXT_SIGNS))
    if not match:
        return None
    digits = re.sub(r"[, ]", "", match.group("digits"))
    if not _NUMBER_TEXT.match(digits) or _DOT_THOUSANDS.match(match.group("digits")):
        return None
    signs = [match.group(g) for g in ("sign", "sign2", "sign3") if match.group(g)]
    if len(signs) > 1 or (match.group("paren") and signs):
        return None  # -(500), (-500): which sign was meant?
    sign = -1.0 if match.group("paren") or signs == ["-"] else 1.0
    scale = 0.01 if match.group("percent") else 1.0
    return sign * float(digits) * scale


def ambiguous_number(value: object) -> str | None:
    """Why text that looks like a number is not read as one (``1,5``, ``12,00``, ``1.234,5``), else None."""
    if not isinstance(value, str) or to_number(value) is not None:
        return None
    text = value.strip()
    if not _LOOSE_NUMBER.match(text):
        return None
    if "," in text and "." in text and text.rfind(",") > text.rfind("."):
        return "a comma after a full stop reads as a decimal comma (1.234,5): write 1234.5"
    if "," in text:
        return "commas are read only as thousands separators (1,234): write a decimal point (1.5) or whole thousands"
    if _DOT_THOUSANDS.match(text.lstrip("+-(£ ").rstrip("%) ")):
        return (
            "a full stop before three digits may be a thousands separator (1.050 is 1,050 in much of Europe): "
            "write 1050, or 1.05 for the decimal"
        )
    if re.search(r"\d\s+\d", text):
        return "spaces inside a number are read only as thousands separators (1 234)"
    return None


# one number written as text: optional sign, £, brackets, %; digits grouped by , or space in threes
_GROUPED = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?"
_MONEY_TEXT = re.compile(
    r"^\s*(?P<sign>[+-])?\s*(?P<paren>\()?\s*(?P<sign2>[+-])?\s*£?\s*(?P<sign3>[+-])?\s*(?P<digits>" + _GROUPED + r")\s*"
    r"(?P<percent>%)?\s*(?(paren)\))\s*$"
)
_TEXT_SIGNS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-", "\u2013": "-"})
# 1.050 typed as text: a decimal to a UK reader, one thousand and fifty to much of Europe
_DOT_THOUSANDS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
_LOOSE_NUMBER = re.compile(r"^[\s+\-(£]*\d[\d., ]*[%)]*\s*$")


def convert(value: object, column: Column) -> tuple[object, str | None, str]:
    """``(typed value | None when blank | BAD, problem message | None, severity)``."""
    if isinstance(value, CellError):
        return BAD, value.describe(), "error"
    if is_blank(value):
        return None, None, "error"
    kind = column.kind
    if kind == TEXT:
        text = as_text(value)
        too_long = text_too_long(column, text)
        if too_long:
            return BAD, too_long, "error"
        return text, None, "error"
    if kind in (NUMBER, COUNT, RATE):
        return _number(value, column)
    if kind == YEAR:
        return _year(value, column)
    if kind == DATE:
        return _date(value, column)
    if kind == MONTH:
        return _month(value, column)
    if kind == YESNO:
        return _yes_no(value, column)
    if kind == ENUM:
        return _choice(value, column)
    raise ValueError(f"unknown column kind {kind!r}")  # a schema bug, not a user problem


def too_large(name: str, number: float) -> str | None:
    """The problem with a number beyond ``MAX_MAGNITUDE`` (the engine would overflow), else None."""
    if abs(number) <= MAX_MAGNITUDE:
        return None
    return (
        f"{name} is {number:.6g}, too large to be right (the limit is ±1,000,000,000,000): "
        "check the cell holds the amount you meant"
    )


def not_a_percentage(column: Column, value: object) -> str | None:
    """The problem with text like ``5%`` in a column that is not a rate (else None).

    ``5%`` reads as 0.05, which is right for a rate and a silent slip anywhere else: a budget of 0.05
    (£50 in a £000 workbook), or a count of 0.95 children.
    """
    if column.kind == RATE or not isinstance(value, str) or "%" not in value:
        return None
    return (
        f"{column.name} is not a rate, so {names.shown(value)} cannot be read as a percentage: "
        "type the figure itself"
    )


def _number(value: object, column: Column) -> tuple[object, str | None, str]:
    if column.words and isinstance(value, str):
        word = choice_keys(column.words).get(choice_key(value))
        if word is not None:
            return word, None, "error"
    number = to_number(value)
    floor = " >= 0" if column.kind == COUNT or column.minimum == 0 else ""
    if number is None:
        what = "a fraction (0.05 = 5%)" if column.kind == RATE else f"a number{floor}"
        if column.words:
            what += " or " + " or ".join(column.words)
        why = ambiguous_number(value)
        return BAD, f"{column.name} must be {what}, got {shown(value)}" + (f": {why}" if why else ""), "error"
    problem = too_large(column.name, number) or not_a_percentage(column, value)
    if problem:
        return BAD, problem, "error"
    if abs(number) < MIN_MAGNITUDE:
        number = 0.0  # a formula's rounding residue (1e-17) or a typed 1e-320: nothing, and no writer fails on it
    if column.kind == RATE and not -1 <= number <= 1 and (column.maximum is None or column.maximum > 1):
        return (
            BAD,
            f"{column.name} is a rate and must be a fraction between -1 and 1, got {number:.10g}: "
            f"did you mean {number / 100:.10g}?",
            "error",
        )
    if column.kind == COUNT and number < 0:
        return BAD, f"{column.name} must be a number >= 0, got {number:.10g}", "error"
    if column.positive and number <= 0:
        return BAD, f"{column.name} must be more than 0, got {number:.10g}", "error"
    if column.minimum is not None and number < column.minimum:
        return BAD, f"{column.name} must be at least {column.minimum:g}, got {number:.10g}", "error"
    if column.maximum is not None and number > column.maximum:
        return BAD, f"{column.name} must be at most {column.maximum:g}, got {number:.10g}", "error"
    if column.integer:
        if not number.is_integer():
            return BAD, f"{column.name} must be a whole number, got {number:.10g}", "error"
        return int(number), None, "error"
    return number, None, "error"


FIRST_YEAR, LAST_YEAR = 2000, 2099  # financial years 2000/01 to 2099/00: outside, a slip (0000/01, 9998/99)


def _year(value: object, column: Column) -> tuple[object, str | None, str]:
    year = parse_fy(value) if isinstance(value, str) else None
    if year is not None:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return BAD, (
                f"{column.name} {fy_label(year)} is outside the years forecast plans for "
                f"({fy_label(FIRST_YEAR)} to {fy_label(LAST_YEAR)}): check the year"
            ), "error"
        return year, None, "error"
    hint = ""
    number = to_number(value)
    if number is not None and number.is_integer() and FIRST_YEAR <= number <= LAST_YEAR:
        hint = f" (write {fy_label(int(number))} for the year starting April {int(number)})"
    return BAD, f"{column.name} must be a financial year like 2025/26, got {shown(value)}{hint}", "error"


_TIME_AFTER_DATE = re.compile(r"^(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_EXCEL_EPOCH = _dt.date(1899, 12, 30)  # Excel's day 0 (its serial numbers count days from here)


def _date(value: object, column: Column) -> tuple[object, str | None, str]:
    if isinstance(value, _dt.datetime):
        return value.date(), None, "error"
    if isinstance(value, _dt.date):
        return value, None, "error"
    if isinstance(value, str):
        text = value.strip()
        try:
            if _TIME_AFTER_DATE.match(text[10:]):  # a time after the date is ignored; other text is not a date
                return _dt.date.fromisoformat(text[:10]), None, "error"
        except ValueError:
            pass
    hint = ""
    number = to_number(value)
    if number is not None and 1 <= number < 2_958_466:  # Excel's dates run to 9999-12-31
        day = _EXCEL_EPOCH + _dt.timedelta(days=int(number))
        hint = f": {number:.10g} looks like the date {day.isoformat()} typed as a number; enter it as a date"
    return (
        BAD,
        f"{column.name} must be a date (an Excel date, or text like 2025-11-01), got {shown(value)}{hint}",
        "error",
    )


def _month(value: object, column: Column) -> tuple[object, str | None, str]:
    """The first of the month the cell names (a date in it, or ``2024-05``)."""
    if isinstance(value, str):
        match = _MONTH_TEXT.match(value.strip())
        if match and 1 <= int(match.group(2)) <= 12:
            return _dt.date(int(match.group(1)), int(match.group(2)), 1), None, "error"
    day, problem, severity = _date(value, column)
    if isinstance(day, _dt.date):
        return day.replace(day=1), None, "error"
    return BAD, f"{column.name} must be a month (an Excel date, or text like 2024-05), got {shown(value)}", "error"


def _yes_no(value: object, column: Column) -> tuple[object, str | None, str]:
    if isinstance(value, bool):
        return value, None, "error"
    key = as_text(value).lower()
    if key in _YES:
        return True, None, "error"
    if key in _NO:
        return False, None, "error"
    return BAD, f"{column.name} must be yes or no, got {shown(value)}", "error"


def _choice(value: object, column: Column) -> tuple[object, str | None, str]:
    key = choice_key(as_text(value))
    choice = choice_keys(column.choices).get(_CHOICE_ALIASES.get(key, key))
    if choice is not None:
        return choice, None, "error"
    allowed = ", ".join(column.choices)
    if not column.strict:
        too_long = text_too_long(column, as_text(value))
        if too_long:
            return BAD, too_long, "error"
        return (
            as_text(value),
            f"{column.name} {shown(value)} is not one of the usual types ({allowed}): kept as written",
            "warning",
        )
    return BAD, f"{column.name} must be one of {allowed}; got {shown(value)}", "error"
