"""One sheet registry and typed cell keys: a typo or a change of sheet order is an error, never a constant."""

from __future__ import annotations

from pathlib import Path

import pytest

import forecast
from forecast.errors import OutputError
from forecast.report import keys, layout, registry
from forecast.report.context import CellMap

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "example.xlsx"


def test_every_sheet_module_takes_its_name_from_the_registry_and_can_be_written() -> None:
    for spec in registry.SHEETS:
        module = registry.writer(spec)
        assert module.NAME == spec.name
        assert callable(module.wanted) and callable(module.write)
        assert spec.about and not spec.about.endswith(".")


def test_layouts_take_their_sheet_lists_from_the_registry() -> None:
    assert layout.SHEET_ORDER == registry.names()
    assert set(layout.ALWAYS_SHEETS) | set(layout.OPTIONAL_SHEETS) == set(registry.names())
    with pytest.raises(layout.LayoutError, match="unknown sheet"):
        layout.parse_layout({"sheets": ["Revenue Summary", "Forecast"]}, "t.toml")


def test_a_key_with_a_typo_cannot_be_made() -> None:
    assert str(keys.revenue_total("budget")) == "rs.total.budget"
    with pytest.raises(ValueError, match="'budegt' is not one of"):
        keys.revenue_total("budegt")
    with pytest.raises(ValueError, match="MTFP row 'gapp'"):
        keys.mtfp(1, "gapp")
    with pytest.raises(ValueError, match="not a sheet of the registry"):
        keys.CellKey("Revenue summary", "rs.total.budget")


def test_the_cell_map_takes_only_typed_keys_and_each_sheet_records_only_its_own() -> None:
    cells = CellMap(("Revenue Summary", "MTFP"))
    cells.begin("MTFP")
    with pytest.raises(TypeError, match="made by forecast.report.keys"):
        cells.get("rs.total.budget")  # type: ignore[arg-type]
    with pytest.raises(OutputError, match="MTFP recorded rs.total.budget, a cell key of Revenue Summary"):
        cells.put_expr(keys.revenue_total("budget"), "'Revenue Summary'!B9")


def test_a_sheet_that_refers_to_one_written_later_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Move MTFP before the Revenue Summary: its live links would silently become constants; instead the build fails."""
    order = list(registry.SHEETS)
    mtfp = next(s for s in order if s.name == "MTFP")
    order.remove(mtfp)
    order.insert(0, mtfp)
    monkeypatch.setattr("forecast.report.workbook.SHEETS", tuple(order))
    with pytest.raises(OutputError, match="MTFP refers to rs.total.budget on Revenue Summary, which is written later"):
        forecast.build(EXAMPLE, output=tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_a_sheet_left_out_by_the_layout_gives_no_link_rather_than_an_error() -> None:
    cells = CellMap(("Revenue Summary", "MTFP"))
    cells.begin("Revenue Summary")
    cells.begin("MTFP")
    assert cells.get(keys.investments_year(0, "cost")) is None  # no Investments sheet in this workbook
