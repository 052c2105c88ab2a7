"""The reader undoes XML's escapes in formulas and number formats itself (``reader._unescape``), without html."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st

from forecast.inputs.reader import _unescape


@given(st.text())
def test_what_an_xml_writer_escapes_comes_back_as_written(text: str) -> None:
    written = escape(text, {'"': "&quot;", "'": "&apos;"}).encode("utf-8", "surrogatepass")
    assert _unescape(written) == text.encode("utf-8", "surrogatepass")


def test_character_references_and_what_is_no_escape() -> None:
    assert _unescape(b"&#163;#,##0;[Red]&quot;(&quot;&#x20AC;0&quot;)&quot;") == '£#,##0;[Red]"("€0")"'.encode()
    assert _unescape(b"a &amp;lt; b") == b"a &lt; b"  # one pass: an escaped ampersand stays an ampersand
    assert _unescape(b"&bogus; &#xD800; &#99999999;") == b"&bogus; &#xD800; &#99999999;"  # left as written
