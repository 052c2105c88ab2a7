"""File names as text a workbook can hold.

On Linux a file name is bytes: one saved on Windows in Latin-1 (``caf\\xe9.xlsx``)
reaches Python as a string with a surrogate (``'caf\\udce9.xlsx'``) that no
UTF-8 writer, XlsxWriter's included, will take. Shown in a workbook such a
name gets the Unicode replacement character instead (``caf�.xlsx``); the file
itself is still found by its real name.
"""

from __future__ import annotations


def display_name(text: str) -> str:
    """``text`` with any undecodable bytes of a file name shown as '�'."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text
