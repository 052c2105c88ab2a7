"""How wide text prints: Arial's (and Liberation Sans') advance widths, a column's room, wrapped lines.

Shared by the output workbook's writers (row heights that fit wrapped text) and the input template
(its Read me and column widths), so it sits at the bottom with the theme and imports only it.
"""

from __future__ import annotations

import math
from itertools import repeat

from forecast.theme import FONT_SIZE

__all__ = ["LINE", "SAFE", "cell_points", "text_points", "wrapped_lines"]

# Advance widths of Arial (and of Liberation Sans, metric-compatible with it) in thousandths of an em
_ARIAL_WIDTHS = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10,
         278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
         722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
         556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
         278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584),
        strict=True,
    )
)
_ARIAL_WIDTHS.update({"£": 556, "–": 556, "—": 1000, "’": 222, "‘": 222, "“": 333, "”": 333, "…": 1000, "−": 584,
                      "×": 584, "Σ": 722, "≥": 549, "≤": 549, "€": 556})
_BOLD_WIDER = 1.09  # Arial Bold's letters are this much wider on average
LINE = 1.3  # a wrapped line's height in points per point of font size (Excel: 13 pt for 10 pt Arial)
SAFE = 0.93  # of a cell's width used in the estimate: LibreOffice and Excel break a little earlier than the metrics


def text_points(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """The printed width of ``text`` in points, in Arial at ``size`` (an unknown character as wide as "W")."""
    ems = sum(map(_ARIAL_WIDTHS.get, text, repeat(944))) / 1000  # each character's width, 944 ("W") if unknown
    return ems * size * (_BOLD_WIDER if bold else 1.0)


def cell_points(width: float) -> float:
    """The room for text in a column ``width`` characters wide: Excel's pixels (7 a character and 5) less padding."""
    return ((int(width * 7 + 0.5) + 5) * 0.75 - 4) * SAFE


def wrapped_lines(text: str, room: float, size: float = FONT_SIZE, bold: bool = False) -> int:
    """Lines ``text`` takes when word-wrapped in ``room`` points (a word longer than a line breaks inside it)."""
    lines, used = 1, 0.0
    space = text_points(" ", size, bold)
    for word in text.split():
        width = text_points(word, size, bold)
        if used and used + space + width <= room:
            used += space + width
            continue
        if used:
            lines += 1
        extra = max(math.ceil(width / room) - 1, 0) if room > 0 else 0
        lines += extra
        used = width - extra * room
    return lines
