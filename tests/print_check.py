"""Read a printed PDF as word boxes and find what a reader alone would stumble on.

``pdftotext -bbox`` gives every printed word with its box (points, y down).
Three faults are looked for:

- **overprint**: two words on one page whose boxes overlap by more than a
  sliver (``_SLIVER`` points across, and over a third of the shorter word's
  height: neighbouring lines of one wrapped cell touch, they do not cover
  each other);
- **cut**: a word printed shorter than any word of the workbook's own text.
  The workbook's text (every string in its XML: cells, cached formula
  results, chart titles and labels, page headers) is the vocabulary. A
  printed word whose leading letters are not a word of the vocabulary but
  are the beginning of one (``resourc`` of ``resources``, ``com`` of
  ``come`` in ``com50.0%``) was cut at a cell's edge: LibreOffice clips a
  cell's text at the next filled cell and prints only what shows. A word
  wrapped at a hyphen prints both its parts, so the parts count as words.
  This cannot see a text clipped exactly between two words; the overprint
  check and a look at the pages cover those;
- **orphan page**: a page whose body (the page header and footer left out)
  is at most ``ORPHAN_LINES`` lines of text (a chart prints more): a table's last
  row or two, a heading or one small block alone on a page.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

_SLIVER = 0.6  # points of overlap across that count as overprint (rounding of neighbouring boxes is less)
_BAND = 32.0  # points at the top and bottom of a page: the page header and footer (at ~21 pt from the edge)
ORPHAN_LINES = 7  # a table's last rows, a heading, a capacity block (6 lines); the shortest whole page seen holds 11
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_XML_TEXT = re.compile(r">([^<>]+)<")
_LETTERS = re.compile(r"[A-Za-z][A-Za-z']*")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    width: float
    height: float
    words: tuple[Word, ...]

    def body(self) -> list[Word]:
        """The words between the page header and footer bands."""
        return [w for w in self.words if w.y0 > _BAND and w.y1 < self.height - _BAND]


def pdf_words(pdftotext: str, pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its words' boxes."""
    out = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    pages = []
    for number, match in enumerate(_PAGE.finditer(out), start=1):
        words = tuple(
            Word(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4]))
            for m in _WORD.finditer(match[3])
        )
        pages.append(Page(number, float(match[1]), float(match[2]), words))
    return pages


def overprints(pages: list[Page]) -> list[tuple[int, str, str]]:
    """(page, word, word) for each pair of words whose boxes cover each other."""
    found = []
    for page in pages:
        words = sorted(page.words, key=lambda w: w.y0)
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b.y0 >= a.y1:
                    break
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > _SLIVER and down > min(a.y1 - a.y0, b.y1 - b.y0) / 3:
                    found.append((page.number, a.text, b.text))
    return found


# what number formats print that no XML text holds: the months of dates ("Mar 2026", "Apr-25")
_FORMAT_WORDS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


def vocabulary(book: Path) -> set[str]:
    """Every word of a workbook's own text (lower case), and the parts of hyphenated or slashed words."""
    words: set[str] = set(_FORMAT_WORDS)
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.endswith(".xml") and name.startswith(("xl/", "word/")):
                text = html.unescape(" ".join(_XML_TEXT.findall(z.read(name).decode("utf-8", "replace"))))
                words.update(_letters(text))
    return words


def _letters(text: str) -> set[str]:
    found = set()
    for run in _LETTERS.findall(text):
        found.add(run.lower().rstrip("'"))
    return found


def cut_words(pages: list[Page], known: set[str]) -> list[tuple[int, str]]:
    """(page, word) for each printed word whose leading letters only begin a word of ``known``."""
    starts: set[str] = set()
    for word in known:
        starts.update(word[:n] for n in range(2, len(word)))
    found = []
    for page in pages:
        for word in page.words:
            lead = _LETTERS.match(word.text.lstrip("(\"'‘“£"))
            if lead is None:
                continue
            letters = lead[0].lower().rstrip("'")
            if len(letters) >= 2 and letters not in known and letters in starts:
                found.append((page.number, word.text))
    return found


def _lines(words: list[Word]) -> int:
    """Lines of text: words grouped by their vertical middle, 3 points apart."""
    middles = sorted((w.y0 + w.y1) / 2 for w in words)
    lines, last = 0, -1e9
    for y in middles:
        if y - last > 3:
            lines += 1
        last = y
    return lines


def _band(page: Page) -> str:
    """The page header and footer's words, numbers masked ("Page 3 of 9"): the same on every page of a sheet."""
    return re.sub(r"\d+", "#", " ".join(w.text for w in page.words if w.y0 <= _BAND or w.y1 >= page.height - _BAND))


def orphan_pages(pages: list[Page], one_flow: bool = False) -> list[tuple[int, str]]:
    """(page, its body text) for each continuation page holding at most ORPHAN_LINES lines of text.

    A continuation page has the page header and footer of the page before it
    (the output workbooks name the sheet in one of them); the first page of a
    sheet, however short, is whole. A page of a chart prints its axis labels
    and legend, more than two lines. ``one_flow``: every page after the first
    continues the one before (a Word document without a page header).
    """
    found = []
    for before, page in zip(pages, pages[1:], strict=False):
        band = _band(page)
        if not one_flow and (not band or band != _band(before)):
            continue
        body = page.body()
        if body and _lines(body) <= ORPHAN_LINES:
            found.append((page.number, " ".join(w.text for w in body)[:120]))
    return found


# -- words a member reads (issue 21): no input code or jargon on a printed page ----------------------------

# (what it is, pattern over a page's words joined by single spaces)
JARGON: tuple[tuple[str, str], ...] = (
    ("a wildcard row code", r"(?:^|\s)\*(?:\s|$)"),
    ("an input column code", r"\b(?:fte_agency|fte_permanent|fte_budget|weekly_cost|actual_to_date|prepared_by)\b"),
    ("a distribution code", r"\bpert\b"),
    ("Year-0", r"\bYear-0\b"),
    ("a template's placeholder", r"YYYY/YY"),
    ("an environment variable", r"SOURCE_DATE_EPOCH"),
    ("a fact not given", r"not given in the inputs"),
)


def jargon(pages: list[Page]) -> list[tuple[int, str, str]]:
    """(page, what, the words around it) for each code or piece of jargon printed; "P10–P90" counts unless the
    page says "likely range" (a member reads P10 to P90 as a likely range only when told)."""
    found = []
    for page in pages:
        text = " ".join(w.text for w in page.words)
        checks = list(JARGON)
        if "likely range" not in text:
            checks.append(("P10–P90 without 'likely range'", r"P10[–-]P90"))
        for what, pattern in checks:
            for hit in re.finditer(pattern, text):
                found.append((page.number, what, text[max(0, hit.start() - 40): hit.end() + 40]))
    return found
