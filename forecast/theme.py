"""The output's fixed look, declared once: font, fills, chart colours and every named cell style.

The layout (``templates/*.toml``) supplies what councils change (number
formats, RAG fills); everything else is here. ``check_theme`` validates every
style's properties against XlsxWriter's Format (a misspelt property would
otherwise be ignored silently) and every colour as ``#RRGGBB``; a test runs it
with each shipped layout.

Style names are the ``StyleName`` literal type, so mypy --strict rejects a
misspelt name; names made from parts (a number style with a row weight) come
from ``weighted``, which checks them.
"""

from __future__ import annotations

import re
from typing import Any, Literal, cast, get_args

FONT = "Arial"
FONT_SIZE = 10

# Fills and text colours
HEADER_FILL = "#D9E1F2"
SUBTOTAL_FILL = "#F2F2F2"
NOTE_COLOUR = "#595959"
OK_TEXT, OK_FILL = "#006100", "#C6EFCE"
BAD_TEXT, BAD_FILL = "#9C0006", "#FFC7CE"

# The input template (forecast init, roll): what the user types into
INPUT_FILL = "#FFF2CC"  # light yellow: an input cell
INPUT_HEADER_FILL = "#DDEBF7"
REQUIRED_FILL = "#F8CBAD"  # a required setting still to fill in
INPUT_BORDER = "#BFBFBF"
TO_UPDATE_FILL = "#F4B183"  # orange: a figure forecast roll asks to refresh for the new period

# Charts: one palette for every sheet
CHART_PRIMARY = "#1F4E79"  # the figure a chart is about (gap, net variance, children now)
CHART_ADVERSE = "#C0504D"  # what makes things worse (an overspend step, the change in the gap)
CHART_FAVOURABLE = "#9BBB59"  # what makes things better
CHART_BASELINE = "#A6A6A6"  # the budget's assumptions, a comparison
CHART_GRIDLINE = "#D9D9D9"
LINK_COLOUR = "#0563C1"  # a link (the Contents sheet), as Office shows one

NumberStyle = Literal["money", "pct", "fte", "count", "rate", "unit_cost"]
Weight = Literal["", "_sub", "_total"]
StyleName = Literal[
    "title", "subtitle", "subtitle_plain", "link", "label", "heading", "note", "note_wrap", "text", "text_wrap",
    "text_indent", "text_center",
    "text_right", "text_bold", "text_sub", "text_total", "narrative", "header", "header_num", "header_center",
    "date", "bool", "bool_total", "check_ok", "check_bad", "tolerance", "difference", "plain_number", "whole",
    "weeks", "rate_left", "range_value", "chart_data", "chart_header", "month", "month_index", "growth", "coefficient",
    "coefficient_right",
    "money", "money_sub", "money_total", "pct", "pct_sub", "pct_total", "fte", "fte_sub", "fte_total",
    "count", "count_sub", "count_total", "count_whole", "count_whole_sub", "count_whole_total",
    "rate", "rate_sub", "rate_total", "unit_cost", "unit_cost_sub",
    "unit_cost_total",
    "rag_green", "rag_amber", "rag_red", "rag_delivered",
]
STYLE_NAMES: frozenset[str] = frozenset(get_args(StyleName))

# Which layout number format each number style uses
NUMBER_FORMATS: dict[str, str] = {
    "money": "money", "pct": "percent", "fte": "fte", "count": "count", "rate": "rate", "unit_cost": "unit_cost",
}
# Row weights: body, subtotal (bold, thin rule above, shaded), total (bold, rule above, double rule below)
WEIGHTS: dict[str, dict[str, Any]] = {
    "": {},
    "_sub": {"bold": True, "top": 1, "bg_color": SUBTOTAL_FILL},
    "_total": {"bold": True, "top": 1, "bottom": 6},
}
_HEADER = {"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom", "bg_color": HEADER_FILL}

# Styles that do not depend on the layout (the rest: number styles × weights, and RAG fills)
FIXED_STYLES: dict[str, dict[str, Any]] = {
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
    "text_sub": WEIGHTS["_sub"],
    "text_total": WEIGHTS["_total"],
    "narrative": {"text_wrap": True, "valign": "top", "font_size": 11},
    "header": _HEADER,
    "header_num": {**_HEADER, "align": "right"},
    "header_center": {**_HEADER, "align": "center"},
    "date": {"num_format": "d mmm yyyy", "align": "right"},
    "bool": {"align": "center", "bold": True},
    "bool_total": {"align": "center", "bold": True, "top": 1, "bottom": 6},
    "check_ok": {"font_color": OK_TEXT, "bg_color": OK_FILL},
    "check_bad": {"font_color": BAD_TEXT, "bg_color": BAD_FILL},
    "tolerance": {"num_format": "0.0E+00"},
    "difference": {"num_format": "#,##0.00;(#,##0.00);-"},
    "plain_number": {"num_format": "General", "align": "left"},
    "whole": {"num_format": "#,##0"},
    "weeks": {"num_format": "0.00", "align": "left"},
    # a Risks range's low, likely or high as typed (a factor, a rate, an amount): exactly 0 is a value set, so it
    # prints "0.0", never the lone "0" a reader takes for a figure under half a unit (outputs.md revision 2)
    "range_value": {"num_format": 'General;-General;"0.0"', "align": "left"},
    "month": {"num_format": "mmm yyyy", "align": "right"},  # a History month
    "month_index": {"num_format": '0;-0;"first"'},  # m, months since a trend's first month: 0 reads "first"
    "growth": {"num_format": "0.0%;(0.0%);0.0%"},  # a growth rate: 0.0% is a rate, not a blank
    "coefficient": {"num_format": "0.000000", "align": "left"},  # a trend's fitted a and b
    "coefficient_right": {"num_format": "0.0000"},  # the MTFP's pay index
}
BASE_PROPERTIES: dict[str, Any] = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top"}

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_COLOUR_PROPERTIES = {"font_color", "bg_color", "fg_color", "border_color", "top_color", "bottom_color",
                      "left_color", "right_color", "diag_color"}


def weighted(base: Literal["text"] | NumberStyle, weight: Weight | str) -> StyleName:
    """The style of ``base`` on a body (``""``), subtotal (``"_sub"``) or total (``"_total"``) row."""
    name = f"{base}{weight}"
    if weight not in WEIGHTS or name not in STYLE_NAMES:
        raise KeyError(f"no cell style {name!r}")
    return cast(StyleName, name)


def style_name(name: str) -> StyleName:
    """A style name held in data (a column table), checked."""
    if name not in STYLE_NAMES:
        raise KeyError(f"no cell style {name!r}")
    return cast(StyleName, name)


def check_properties(name: str, properties: dict[str, Any]) -> list[str]:
    """What is wrong with one style's XlsxWriter properties: unknown properties, colours not #RRGGBB."""
    from xlsxwriter.format import Format

    problems = []
    for key, value in properties.items():
        if not callable(getattr(Format, f"set_{key}", None)):
            problems.append(f"style {name!r}: {key!r} is not an XlsxWriter format property")
        if key in _COLOUR_PROPERTIES and not (isinstance(value, str) and _COLOUR.match(value)):
            problems.append(f"style {name!r}: {key} must be a colour written #RRGGBB, got {value!r}")
    return problems


def chart_colours() -> dict[str, str]:
    return {
        "primary": CHART_PRIMARY, "adverse": CHART_ADVERSE, "favourable": CHART_FAVOURABLE,
        "baseline": CHART_BASELINE, "gridline": CHART_GRIDLINE,
    }
