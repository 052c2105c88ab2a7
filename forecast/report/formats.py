"""Cell formats for the output workbook, built once per workbook from the theme and the layout.

Every sheet asks for a named style (``f["money"]``, ``f[weighted("money", "_total")]``);
the names, fixed properties and colours are declared in ``theme.py``; the
layout supplies number formats and RAG colours. All sheets print the same way.
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from forecast import theme
from forecast.report.layout import Layout
from forecast.theme import StyleName

# Kept for the writers that style text outside a workbook's Formats (template, tables)
FONT = theme.FONT
HEADER_FILL = theme.HEADER_FILL
SUBTOTAL_FILL = theme.SUBTOTAL_FILL
NOTE_COLOUR = theme.NOTE_COLOUR


class Formats:
    """Named cell styles, created on first use and shared across sheets."""

    def __init__(self, workbook: Workbook, layout: Layout) -> None:
        self._workbook = workbook
        self._layout = layout
        self._cache: dict[str, Format] = {}
        self._styles = styles(layout)

    def __getitem__(self, name: StyleName) -> Format:
        if name not in self._cache:
            if name not in self._styles:
                raise KeyError(f"no cell style {name!r}")
            self._cache[name] = self._workbook.add_format({**theme.BASE_PROPERTIES, **self._styles[name]})
        return self._cache[name]

    def named(self, name: str) -> Format:
        """The style ``name`` held in data or built from parts (a number style and a row weight), checked."""
        return self[theme.style_name(name)]

    def rag(self, rag: str) -> Format:
        """The fill for a RAG value (green/amber/red/delivered); plain text for anything else."""
        key = f"rag_{rag.lower()}"
        return self[theme.style_name(key)] if key in self._styles else self["text_center"]


def styles(layout: Layout) -> dict[str, dict[str, Any]]:
    """Every named style's XlsxWriter properties for this layout (the theme's fixed styles, numbers, RAG)."""
    out: dict[str, dict[str, Any]] = dict(theme.FIXED_STYLES)
    out["rate_left"] = {"num_format": layout.formats["rate"], "align": "left"}
    out["chart_data"] = {"font_color": theme.NOTE_COLOUR, "num_format": layout.formats["money"]}
    out["chart_header"] = {"font_color": theme.NOTE_COLOUR, "italic": True, "bottom": 1, "text_wrap": True}
    for name, key in theme.NUMBER_FORMATS.items():
        for suffix, weight in theme.WEIGHTS.items():
            out[name + suffix] = {"num_format": dash_below_half(layout.formats[key]), **weight}
    for suffix, weight in theme.WEIGHTS.items():  # counts that are whole (children, cases) shown whole
        out["count_whole" + suffix] = {"num_format": dash_below_half(whole(layout.formats["count"])), **weight}
    for rag, colour in layout.rag_colours.items():
        out[f"rag_{rag}"] = {"bg_color": colour, "align": "center"}
    return out


def check_styles(layout: Layout) -> list[str]:
    """Every problem with the styles this layout makes: unknown names or properties, bad colours."""
    made = styles(layout)
    problems = [f"style {n!r} is made but not declared in theme.StyleName" for n in made if n not in theme.STYLE_NAMES]
    problems += [f"style {n!r} is declared in theme.StyleName but never made" for n in theme.STYLE_NAMES - set(made)]
    for name, properties in made.items():
        problems += theme.check_properties(name, {**theme.BASE_PROPERTIES, **properties})
    return problems


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
