"""The declared theme: every style valid for XlsxWriter, names checked, colours in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xlsxwriter

from forecast import theme
from forecast.report.formats import Formats, check_styles
from forecast.report.layout import Layout, load_layout

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("layout", [None, *sorted(p.stem for p in (ROOT / "forecast" / "templates").glob("*.toml"))])
def test_every_style_of_every_shipped_layout_is_valid_for_xlsxwriter(layout: str | None) -> None:
    assert check_styles(load_layout(layout)) == []


def test_a_misspelt_property_or_a_bad_colour_is_caught() -> None:
    assert theme.check_properties("x", {"bgcolor": "#FFFFFF"}) == [
        "style 'x': 'bgcolor' is not an XlsxWriter format property"
    ]
    assert theme.check_properties("x", {"font_color": "red"}) == [
        "style 'x': font_color must be a colour written #RRGGBB, got 'red'"
    ]
    assert theme.check_properties("x", {"bold": True, "bg_color": "#C6EFCE", "num_format": "0.0%"}) == []


def test_style_names_made_from_parts_are_checked(tmp_path: Path) -> None:
    assert theme.weighted("money", "_total") == "money_total"
    assert theme.weighted("text", "") == "text"
    with pytest.raises(KeyError, match="no cell style 'money_bold'"):
        theme.weighted("money", "_bold")
    workbook = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    formats = Formats(workbook, Layout())
    assert formats.named("pct_sub") is formats["pct_sub"]
    with pytest.raises(KeyError, match="no cell style 'mony'"):
        formats.named("mony")
    workbook.close()


def test_no_colour_is_written_outside_the_theme_and_the_layouts() -> None:
    colour = re.compile(r"[\"']#[0-9A-Fa-f]{6}[\"']")
    allowed = {"theme.py", "layout.py"}
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "forecast").rglob("*.py")
        if path.name not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if colour.search(line)
    ]
    assert found == [], "declare colours in forecast/theme.py"
