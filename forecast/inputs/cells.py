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


MAX_MAGNITUDE = 1e12  # no budget (even in £), cost, count or multiplier comes near; beyond is a pasted code or a slip


class Bad:
    """A cell that could not be converted (the problem is already recorded)."""


BAD = Bad()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A raw value as a message quotes it: text in quotes, numbers plain."""
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    return repr(value)


def as_text(value: object) -> str:
    """Text of a cell whatever its type (2020.0 → '2020')."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime) and value.time() == _dt.time(0):
        return value.date().isoformat()
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    return str(value).strip()


def to_number(value: object) -> float | None:
    """A number from a numeric cell or from text such as ``1,234``, ``£12.50``, ``(300)``, ``5%``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", "").replace("£", "").replace(" ", "")
    sign = 1.0
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1.0, text[1:-1]
    scale = 1.0
    if text.endswith("%"):
        scale, text = 0.01, text[:-1]
    if not _NUMBER_TEXT.match(text):
        return None
    return sign * float(text) * scale


def convert(value: object, column: Column) -> tuple[object, str | None, str]:
    """``(typed value | None when blank | BAD, problem message | None, severity)``."""
    if isinstance(value, CellError):
        return BAD, value.describe(), "error"
    if is_blank(value):
        return None, None, "error"
    kind = column.kind
    if kind == TEXT:
        return as_text(value), None, "error"
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
        return BAD, f"{column.name} must be {what}, got {shown(value)}", "error"
    huge = too_large(column.name, number)
    if huge:
        return BAD, huge, "error"
    if column.kind == RATE and not -1 <= number <= 1:
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


def _year(value: object, column: Column) -> tuple[object, str | None, str]:
    year = parse_fy(value) if isinstance(value, str) else None
    if year is not None:
        return year, None, "error"
    hint = ""
    number = to_number(value)
    if number is not None and number.is_integer() and 1900 < number < 2200:
        hint = f" (write {fy_label(int(number))} for the year starting April {int(number)})"
    return BAD, f"{column.name} must be a financial year like 2025/26, got {shown(value)}{hint}", "error"


def _date(value: object, column: Column) -> tuple[object, str | None, str]:
    if isinstance(value, _dt.datetime):
        return value.date(), None, "error"
    if isinstance(value, _dt.date):
        return value, None, "error"
    if isinstance(value, str):
        text = value.strip()
        try:
            return _dt.date.fromisoformat(text[:10]), None, "error"
        except ValueError:
            pass
    return (
        BAD,
        f"{column.name} must be a date (an Excel date, or text like 2025-11-01), got {shown(value)}",
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
        return (
            as_text(value),
            f"{column.name} {shown(value)} is not one of the usual types ({allowed}): kept as written",
            "warning",
        )
    return BAD, f"{column.name} must be one of {allowed}; got {shown(value)}", "error"
