"""Cell formats for the output workbook, built once per workbook from the layout.

Every sheet asks for a named style (``"money"``, ``"money_total"``, …); the
layout supplies number formats and RAG colours. Keeping the styles here means
all sheets print the same way.
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from forecast.report.layout import Layout

FONT = "Arial"
HEADER_FILL = "#D9E1F2"
SUBTOTAL_FILL = "#F2F2F2"
NOTE_COLOUR = "#595959"
LINK_COLOUR = "#0563C1"

# Number styles: which layout format each uses.
_NUMBERS = {
    "money": "money",
    "pct": "percent",
    "fte": "fte",
    "count": "count",
    "rate": "rate",
    "unit_cost": "unit_cost",
}
# Row weights: body, subtotal (bold, thin rule above), total (bold, rule above, double rule below).
_WEIGHTS: dict[str, dict[str, Any]] = {
    "": {},
    "_sub": {"bold": True, "top": 1, "bg_color": SUBTOTAL_FILL},
    "_total": {"bold": True, "top": 1, "bottom": 6},
}


class Formats:
    """Named cell styles, created on first use and shared across sheets."""

    def __init__(self, workbook: Workbook, layout: Layout) -> None:
        self._workbook = workbook
        self._layout = layout
        self._cache: dict[str, Format] = {}
        self._styles = self._define()

    def __getitem__(self, name: str) -> Format:
        if name not in self._cache:
            if name not in self._styles:
                raise KeyError(f"no cell style {name!r}")
            props = {"font_name": FONT, "font_size": 10, "valign": "top", **self._styles[name]}
            self._cache[name] = self._workbook.add_format(props)
        return self._cache[name]

    def rag(self, rag: str) -> Format:
        """The fill for a RAG value (green/amber/red/delivered); plain text for anything else."""
        key = f"rag_{rag.lower()}"
        return self[key] if key in self._styles else self["text_center"]

    def _define(self) -> dict[str, dict[str, Any]]:
        layout = self._layout
        styles: dict[str, dict[str, Any]] = {
            "title": {"bold": True, "font_size": 14},
            "subtitle": {"bold": True, "font_size": 11},
            "subtitle_plain": {"font_size": 11},
            "link": {"font_color": LINK_COLOUR, "underline": 1},
            "label": {"bold": True},
            "heading": {"bold": True, "font_size": 11, "bottom": 1},
            "note": {"italic": True, "font_color": NOTE_COLOUR},
            "note_wrap": {"italic": True, "font_color": NOTE_COLOUR, "text_wrap": True},
            "text": {},
            "text_wrap": {"text_wrap": True},
            "text_indent": {"indent": 1},
            "text_center": {"align": "center"},
            "text_right": {"align": "right"},
            "text_bold": {"bold": True},
            "text_sub": {"bold": True, "top": 1, "bg_color": SUBTOTAL_FILL},
            "text_total": {"bold": True, "top": 1, "bottom": 6},
            "narrative": {"text_wrap": True, "valign": "top", "font_size": 11},
            "header": {"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom", "bg_color": HEADER_FILL},
            "header_num": {
                "bold": True,
                "bottom": 1,
                "text_wrap": True,
                "valign": "bottom",
                "align": "right",
                "bg_color": HEADER_FILL,
            },
            "header_center": {
                "bold": True,
                "bottom": 1,
                "text_wrap": True,
                "valign": "bottom",
                "align": "center",
                "bg_color": HEADER_FILL,
            },
            "date": {"num_format": "d mmm yyyy", "align": "right"},
            "bool": {"align": "center", "bold": True},
            "bool_total": {"align": "center", "bold": True, "top": 1, "bottom": 6},
            "check_ok": {"font_color": "#006100", "bg_color": "#C6EFCE"},
            "check_bad": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
            "tolerance": {"num_format": "0.0E+00"},
            "difference": {"num_format": "#,##0.00;(#,##0.00);-"},
            "plain_number": {"num_format": "General", "align": "left"},
            "whole": {"num_format": "#,##0"},
            "weeks": {"num_format": "0.00", "align": "left"},
            "rate_left": {"num_format": layout.formats["rate"], "align": "left"},
            "chart_data": {"font_color": NOTE_COLOUR, "num_format": layout.formats["money"]},
            "chart_header": {"font_color": NOTE_COLOUR, "italic": True, "bottom": 1, "text_wrap": True},
        }
        for name, key in _NUMBERS.items():
            for suffix, weight in _WEIGHTS.items():
                styles[name + suffix] = {"num_format": dash_below_half(layout.formats[key]), **weight}
        for suffix, weight in _WEIGHTS.items():  # counts that are whole (children, cases) shown whole
            styles["count_whole" + suffix] = {"num_format": dash_below_half(whole(layout.formats["count"])), **weight}
        for rag, colour in layout.rag_colours.items():
            styles[f"rag_{rag}"] = {"bg_color": colour, "align": "center"}
        return styles


def _sections(fmt: str) -> list[str]:
    """A number format's ``;``-separated sections (a ``;`` inside quotes or brackets does not count)."""
    sections, part, quoted, bracket = [], "", False, False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        elif ch == "[" and not quoted:
            bracket = True
        elif ch == "]" and not quoted:
            bracket = False
        if ch == ";" and not quoted and not bracket:
            sections.append(part)
            part = ""
        else:
            part += ch
    return sections + [part]


def display_unit(section: str) -> float:
    """The smallest step a format section shows: 1 for ``#,##0``, 0.1 for ``0.0``, 0.001 for ``0.0%``, 1000 for ``#,##0,``."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    digits = re.search(r"[0#?][0#?,]*(\.[0#?]*)?,*", bare)
    if digits is None:
        return 1.0
    number = digits.group(0)
    decimals = len(digits.group(1) or ".") - 1
    thousands = len(number) - len(number.rstrip(","))
    return 10.0**-decimals * 1000.0**thousands / (100.0 if "%" in bare else 1.0)


def dash_below_half(fmt: str) -> str:
    """A positive;negative;zero format that also shows ``-`` for any value under half a display unit.

    ``#,##0;(#,##0);-`` becomes ``[>=0.5]#,##0;[<=-0.5](#,##0);-``: 0.3 and
    −0.2 print as ``-`` instead of ``0`` and ``(0)``, while the cell keeps its
    unrounded value. A format with one section, or its own conditions, is kept.
    """
    sections = _sections(fmt)
    if len(sections) not in (2, 3) or any(re.search(r"\[[<>=]", part) for part in sections):
        return fmt
    positive, negative = sections[0], sections[1]
    zero = sections[2] if len(sections) == 3 else '"-"'
    half = f"{0.5 * display_unit(positive):.10f}".rstrip("0").rstrip(".")
    return f"[>={half}]{positive};[<=-{half}]{negative};{zero}"


def whole(fmt: str) -> str:
    """The format without decimals: ``#,##0.0;(#,##0.0);-`` → ``#,##0;(#,##0);-`` (for whole counts)."""
    return re.sub(r"\.[0#?]+", "", fmt)
