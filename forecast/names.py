"""The one name rule (``name_key``), and file names and input text as a workbook, a message or a terminal can
safely show.

On Linux a file name is bytes: one saved on Windows in Latin-1 (``caf\\xe9.xlsx``)
reaches Python as a string with a surrogate (``'caf\\udce9.xlsx'``) that no
UTF-8 writer, XlsxWriter's included, will take. Shown in a workbook such a
name gets the Unicode replacement character instead (``caf�.xlsx``); the file
itself is still found by its real name.
"""

from __future__ import annotations

import datetime as _dt
import re as _re
import unicodedata as _unicodedata
from functools import lru_cache as _lru_cache


# -- The one name rule -------------------------------------------------------------------------------

_SPACES = _re.compile(r"\s+")


@_lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """How two names are compared everywhere (inputs.md revision 3): the one name rule.

    Unicode NFKC (a full-width ``ＡＢＣ`` is ``ABC``, a ligature ``ﬁ`` is ``fi``), case folded
    (``Straße`` is ``strasse``), trimmed, and every run of whitespace (no-break and narrow
    spaces, tabs, line breaks included) counted as one space. Two names with the same key are one
    name: duplicates on a sheet, the same row to a scenario, the same line to compare.
    """
    folded = _unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", folded).strip()


def display_name(text: str) -> str:
    """``text`` with any undecodable bytes of a file name shown as '�', and control characters cleaned."""
    if text.isascii() and text.isprintable():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(text)


# -- Text from a workbook, made safe to show ---------------------------------------------------------

# Terminal escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC (… ESC \),
# and the two-byte ones (ESC and one character). Their C1 forms (0x9b, 0x9d, …) start the same way.
_ESCAPE = _re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_LINE_BREAKS = _re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL = _re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Direction overrides, embeddings and isolates: one in a name reorders what follows it on the line, so
# 'Legal\u202e 1,234' shows as 'Legal 432,1' on a terminal or in a CSV or Markdown line.
_BIDI = _re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Characters that show as nothing (or as a plain space) yet make two names differ.
_INVISIBLE = _re.compile(r"[\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                         r"\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")


def clean_text(text: str) -> str:
    """Text from an input cell as every output may show it: no control characters or escape sequences.

    A tab becomes a space; CR LF, CR, Word's manual line break (``\\x0b``, saved by Excel as
    ``_x000B_``), form feed and the Unicode line and paragraph separators become a line break
    ``\\n``; escape sequences go whole; every other C0 and C1 control character goes, and so do
    direction overrides and isolates (U+202A-U+202E, U+2066-U+2069), which would reorder what follows.
    """
    if text.isprintable():
        return text
    text = _ESCAPE.sub("", text)
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return _BIDI.sub("", _CONTROL.sub("", text))


def terminal_text(text: str) -> str:
    """``text`` as it may reach a terminal: escape sequences and C0/C1 controls gone, line breaks and tabs kept."""
    if text.isascii() and text.isprintable():
        return text
    text = _BIDI.sub("", _ESCAPE.sub("", text))
    return _re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text.replace("\r\n", "\n"))


def quoted(text: str, limit: int = 60) -> str:
    """``text`` in single quotes for a message, cut at ``limit`` characters, invisible characters shown.

    A zero-width space, a no-break space or a direction mark shows as ``\\u200b`` and so on, so two
    names that look the same on screen can be told apart; control characters show as ``\\x0b``.
    """
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    shown = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    shown = _re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group(0)):02x}", shown)
    return f"'{shown}'"


def shown(value: object) -> str:
    """A value as a message quotes it: text in quotes (``quoted``), numbers plain, dates as ISO, never a repr."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return f"the time {value.isoformat(timespec='minutes' if not value.second else 'seconds')}"
    if isinstance(value, _dt.timedelta):
        return f"the duration {value}"
    return quoted(str(value))
