"""Financial years: April to March, written ``2019/20``.

Internally a year is the int of its first calendar year (2019 for 2019/20).
"""

from __future__ import annotations

import datetime as _dt
import re

_FY = re.compile(r"^\s*(?:FY\s*)?(\d{4})\s*[/\-]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)


def parse_fy(text: object) -> int | None:
    """``'2019/20'``, ``'2019-20'``, ``'2019/2020'``, ``'FY2019/20'`` → 2019; else None."""
    if not isinstance(text, str):
        return None
    m = _FY.match(text)
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    end_full = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
    if len(end) == 2 and end_full < start:
        end_full += 100
    return start if end_full == start + 1 else None


def fy_label(start: int) -> str:
    """2019 → ``'2019/20'``."""
    return f"{start:04d}/{(start + 1) % 100:02d}"


def fy_of_date(day: _dt.date) -> int:
    """The financial year a date falls in (April starts the year)."""
    return day.year if day.month >= 4 else day.year - 1


def period_of_date(day: _dt.date) -> int:
    """The month number within its financial year: April = 1 … March = 12."""
    return (day.month - 4) % 12 + 1


def month_start(financial_year: int, period: int) -> _dt.date:
    """The first day of month ``period`` (April = 1 … March = 12) of a financial year."""
    calendar_month = (period + 2) % 12 + 1
    return _dt.date(financial_year + (1 if calendar_month < 4 else 0), calendar_month, 1)


def period_end(financial_year: int, period: int) -> _dt.date:
    """The last day of month ``period`` of a financial year; for period 0, the day before the year starts."""
    if period == 0:
        return _dt.date(financial_year, 3, 31)
    following = month_start(financial_year, period + 1) if period < 12 else _dt.date(financial_year + 1, 4, 1)
    return following - _dt.timedelta(days=1)


def period_label(period: int) -> str:
    """``Month 6``, or ``Budget setting`` for period 0."""
    return f"Month {period}" if period else "Budget setting"
