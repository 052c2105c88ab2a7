"""Cell formats for the output workbook, built once per workbook from the theme and the layout.

Every sheet asks for a named style (``f["money"]``, ``f[weighted("money", "_total")]``);
the names, fixed properties and colours are declared in ``theme.py``; the
layout supplies number formats and RAG colours. All sheets print the same way.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from forecast.report import theme
from forecast.report.layout import Layout
from forecast.report.theme import StyleName

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
            out[name + suffix] = {"num_format": layout.formats[key], **weight}
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
