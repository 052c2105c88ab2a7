"""Layout templates: the shipped ones load, the default equals appendix-7a.toml, bad keys are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from forecast.report.layout import Layout, LayoutError, load_layout, parse_layout

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "forecast" / "templates"


def test_default_layout_is_the_shipped_appendix_7a_template() -> None:
    shipped = load_layout(TEMPLATES / "appendix-7a.toml")
    default = Layout()
    for field in ("name", "title", "columns", "headings", "sign_convention", "units_label", "sheets", "open_at"):
        assert getattr(shipped, field) == getattr(default, field), field
    assert shipped.formats == default.formats
    assert shipped.rag_colours == default.rag_colours


@pytest.mark.parametrize("name", ["appendix-7a", "quarterly-monitoring", "mtfp-cabinet"])
def test_every_shipped_template_loads_by_name(name: str) -> None:
    layout = load_layout(name)
    assert layout.columns[0] == "line"
    assert "net_variance" in layout.columns


def test_quarterly_layout_flips_the_sign_and_mtfp_cabinet_opens_at_the_plan() -> None:
    quarterly = load_layout("quarterly-monitoring")
    assert quarterly.sign == -1
    # the previous figure is the last one reported (any earlier period), never called "last quarter"
    assert "quarter" not in quarterly.heading("previous_variance", units="£000").lower()
    cabinet = load_layout("mtfp-cabinet")
    assert cabinet.open_at == "MTFP"
    # its Revenue Summary is the in-year position, and is titled so
    assert cabinet.title.startswith("In-year position") and "medium-term financial plan" in cabinet.title


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": "red"}, "x.toml: colour: unknown key; choose from name, title, columns"),
        (
            {"columns": ["line", "budget", "net_variance", "Foo"]},
            "x.toml: columns[3] = 'Foo': unknown column; choose from line, group, method, budget",
        ),
        ({"columns": ["line", "budget", "budget", "net_variance"]}, "x.toml: columns[2] = 'budget': listed twice"),
        ({"columns": ["line", "budget"]}, "x.toml: columns: must include 'net_variance'"),
        ({"columns": ["budget", "line", "net_variance"]}, "x.toml: columns: 'line' must come first"),
        ({"sign_convention": "positive"}, "x.toml: sign_convention: 'positive': choose from overspend-positive"),
        ({"sheets": ["MTFP", "Charts"]}, "x.toml: sheets[1] = 'Charts': unknown sheet; choose from Variance Analysis"),
        ({"open_at": "Savings", "sheets": ["MTFP"]}, "x.toml: open_at: 'Savings': must be one of the sheets written"),
        ({"headings": {"budgt": "Budget"}}, "x.toml: headings.budgt: unknown column"),
        ({"headings": {"budget": 5}}, "x.toml: headings.budget: must be text, got 5"),
        ({"title": "{council} summary"}, "x.toml: title: {council} is not a placeholder"),
        ({"formats": {"money": ""}}, "x.toml: formats.money: must be an Excel number format"),
        ({"formats": {"pounds": "0"}}, "x.toml: formats.pounds: unknown format; choose from money"),
        ({"rag_colours": {"red": "red"}}, "x.toml: rag_colours.red: must be a colour written #RRGGBB, got 'red'"),
        ({"rag_colours": "red"}, "x.toml: rag_colours: must be a table"),
        (
            {"columns": ["line", "budget", "outturn", "net_variance"]},
            "x.toml: columns: shows 'budget', 'outturn' and 'net_variance' but not 'earmark_drawn'",
        ),
        (
            {"columns": ["line", "variance", "net_variance"]},
            "x.toml: columns: shows 'variance' and 'net_variance' but not 'earmark_drawn'",
        ),
        (
            # rev 3: a revision 2 layout's `earmarked` is the sum set aside, which does not add across any more
            {"columns": ["line", "variance", "earmarked", "net_variance"]},
            "x.toml: columns: shows 'variance' and 'net_variance' but not 'earmark_drawn': a row with an earmark "
            "would not add across ('earmarked' is the amount set aside",
        ),
    ],
)
def test_a_bad_template_is_an_error_naming_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(LayoutError) as caught:
        parse_layout(data, "x.toml")
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_missing_or_broken_template_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="layout template not found"):
        load_layout(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("columns = [", encoding="utf-8")
    with pytest.raises(LayoutError, match="broken.toml: not valid TOML"):
        load_layout(broken)


def test_build_with_a_bad_layout_exits_1_naming_the_key(tmp_path: Path, make_workbook, run_cli) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text('columns = ["line", "budget", "net_variance", "Foo"]\n', encoding="utf-8")
    result = run_cli("build", make_workbook(), "-o", tmp_path / "out.xlsx", "--layout", bad)
    assert result.exit_code == 1
    assert "columns[3] = 'Foo': unknown column; choose from" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize(
    "columns",
    [
        ["line", "budget", "outturn", "earmark_drawn", "net_variance"],  # adds across with the earmark drawn
        ["line", "budget", "net_variance", "rag"],  # nothing to add across
        ["line", "outturn", "net_variance"],
        ["line", "budget", "outturn", "variance", "earmarked", "earmark_unused", "earmark_drawn", "net_variance"],
    ],
)
def test_a_layout_whose_rows_add_across_is_accepted(columns: list[str]) -> None:
    assert parse_layout({"columns": columns}, "x.toml").columns == tuple(columns)


@pytest.mark.parametrize("name", ["appendix-7a", "quarterly-monitoring", "mtfp-cabinet"])
def test_every_shipped_layout_shows_the_earmark_beside_budget_outturn_and_net_variance(name: str) -> None:
    columns = load_layout(name).columns
    assert {"budget", "outturn", "earmarked", "earmark_unused", "earmark_drawn", "net_variance"} <= set(columns), columns
    assert columns.index("earmarked") < columns.index("earmark_unused") < columns.index("earmark_drawn")
    assert columns.index("earmark_drawn") < columns.index("net_variance")
