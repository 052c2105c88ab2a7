"""`forecast tables`: each format written, figures as in the workbook, the Word file holds the tables."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BLACKPOOL = ROOT / "inputs" / "blackpool-2019-20-m4.xlsx"
ENFIELD = ROOT / "inputs" / "enfield-2018-19-q2.xlsx"


@pytest.fixture(scope="module")
def blackpool_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from forecast.cli import cli

    out = tmp_path_factory.mktemp("tables") / "bp"
    result = CliRunner().invoke(cli, ["tables", str(BLACKPOOL), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_every_format_and_the_narrative_are_written(blackpool_tables: Path) -> None:
    names = sorted(p.name for p in blackpool_tables.iterdir())
    assert names == [
        "mtfp.csv",
        "narrative.txt",
        "revenue-summary.csv",
        "tables.docx",
        "tables.html",
        "tables.md",
        "variance-analysis.csv",
    ]


def test_narrative_names_the_seed_figures(blackpool_tables: Path) -> None:
    text = (blackpool_tables / "narrative.txt").read_text(encoding="utf-8")
    assert text.startswith("Children's Social Care is forecast to overspend by £8,989k at Month 4 2019/20.")
    assert "£3,570k was earmarked" in text and "additional pressure of £4,625k" in text and "£4,364k" in text


def test_csv_figures_read_as_in_the_workbook(blackpool_tables: Path) -> None:
    with (blackpool_tables / "revenue-summary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Service area", "Budget 2019/20 £000", "Actual to date £000"]
    by_label = {row[0]: row for row in rows[1:]}
    total = by_label["Total Children's Social Care"]
    assert total[rows[0].index("Net variance £000")] == "8,989"
    legal = by_label["Legal and court costs"]
    assert legal[rows[0].index("Net variance £000")] == "(42)"
    assert legal[rows[0].index("Net variance % of budget")] == "(3.8%)"


def test_markdown_right_aligns_figures(blackpool_tables: Path) -> None:
    text = (blackpool_tables / "tables.md").read_text(encoding="utf-8")
    assert "|---|---:|---:|" in text
    assert "| **Total Children's Social Care** | **38,618** |" in text


def test_html_keeps_borders_and_right_aligned_figures_for_word_and_outlook(blackpool_tables: Path) -> None:
    text = (blackpool_tables / "tables.html").read_text(encoding="utf-8")
    assert text.count("<table") == 3
    assert "border:1px solid #808080" in text
    assert re.search(r'<td sdval="8989"[^>]*text-align:right;white-space:nowrap[^>]*>8,989</td>', text)
    # the Revenue Summary (with comments) spans the page and prints landscape; the MTFP (figures only) does not
    widths = re.findall(r'<table width="(\d+)%"', text)
    assert widths[0] == "100" and int(widths[2]) < 60
    assert "@page { size: A4 landscape" in text
    # no row splits across pages, and a group's heading row keeps with its first line
    assert "tr { page-break-inside: avoid" in text and text.count('<tr style="page-break-inside:avoid;') > 20
    assert re.search(r'<tr style="page-break-inside:avoid;page-break-after:avoid;break-after:avoid;">'
                     r'<th scope="row"[^>]*>Looked After Children</th>', text)


def test_html_is_structured_for_screen_readers_and_holds_the_narrative(blackpool_tables: Path) -> None:
    text = (blackpool_tables / "tables.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in text
    assert text.count("<main>") == 1 and text.count("<h1") == 1
    assert text.count("<caption") == text.count("<table") == 3
    assert "<p>Children&#x27;s Social Care is forecast to overspend by £8,989k" in text
    headers = re.findall(r"<th ([^>]*)>([^<]*)</th>", text)
    assert all('scope="col"' in attributes or 'scope="row"' in attributes for attributes, _ in headers)
    assert all(label.strip() for _, label in headers)  # no empty header cell (the MTFP's is its units)
    assert '<th scope="row"' in text and ">£000</th>" in text


def test_the_word_document_holds_one_styled_table_per_section(blackpool_tables: Path) -> None:
    import docx

    document = docx.Document(str(blackpool_tables / "tables.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == [
        "Revenue Summary – budget, actual and forecast for Children's Social Care",
        "Variance analysis: Children's Social Care",
        "Medium-term financial plan (£000)",
    ]
    assert len(document.tables) == 3
    summary, variance, mtfp = document.tables
    assert summary.style.name == "Table Grid"
    assert summary.rows[0].cells[0].text == "Service area"
    last = [c.text for c in summary.rows[-1].cells]
    assert last[0] == "Total Children's Social Care" and "8,989" in last
    assert variance.rows[-1].cells[0].text == "Net variance" and variance.rows[-1].cells[1].text == "8,989"
    assert mtfp.rows[0].cells[1].text == "2019/20"


def test_the_word_document_holds_the_narrative_keeps_rows_whole_and_says_its_language(blackpool_tables: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(blackpool_tables / "tables.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[1].startswith("Children's Social Care is forecast to overspend by £8,989k")
    assert document.core_properties.title.startswith("Blackpool Council: Children's Social Care")
    assert document.core_properties.language == "en-GB"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
        assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeats on every page
    rag = [row.cells[-2].text for row in document.tables[0].rows[1:]]
    assert {"Red", "Amber", "Green"} <= set(rag)  # RAG as words


def test_word_columns_fit_the_page_and_give_text_the_room(blackpool_tables: Path) -> None:
    """Without set widths Word splits twelve columns evenly: 'Safeguardin|g' and a comment five words tall."""
    import docx
    from docx.shared import Mm

    summary, variance, mtfp = docx.Document(str(blackpool_tables / "tables.docx")).tables
    usable = Mm(297 - 2 * 15)
    for table in (summary, variance, mtfp):
        widths = [cell.width for cell in table.rows[0].cells]
        assert sum(widths) <= usable + Mm(1)
        assert all(row.cells[c].width == widths[c] for row in table.rows for c in range(len(widths)))
    head = [c.text for c in summary.rows[0].cells]
    widths = dict(zip(head, (c.width for c in summary.rows[0].cells), strict=True))
    figures = [widths[h] for h in head if h not in ("Service area", "RAG", "Comment")]
    assert len(set(figures)) == 1  # every figure column alike
    # the page is filled, and what is left after the figures goes to the longest text: the comments
    assert sum(widths.values()) >= usable - Mm(1)
    assert widths["Comment"] > widths["RAG"] >= Mm(14)
    assert widths["Service area"] >= Mm(40) > figures[0]
    # a table with no other text is only as wide as it needs
    assert sum(c.width for c in mtfp.rows[0].cells) < usable * 0.6


@pytest.mark.slow
def test_investments_table_appears_when_there_are_investments(tmp_path: Path, run_cli) -> None:
    result = run_cli("tables", ENFIELD, "--format", "docx,csv", "-o", tmp_path / "en")
    assert result.exit_code == 0, result.output
    import docx

    assert len(docx.Document(str(tmp_path / "en" / "tables.docx")).tables) == 5  # and the improvement plan
    assert (tmp_path / "en" / "investments.csv").exists()
    assert not (tmp_path / "en" / "tables.md").exists()


@pytest.mark.slow
def test_the_same_figures_give_the_same_word_file(tmp_path: Path, run_cli) -> None:
    for name in ("a", "b"):
        assert run_cli("tables", BLACKPOOL, "--format", "docx", "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "a" / "tables.docx").read_bytes() == (tmp_path / "b" / "tables.docx").read_bytes()


def test_unknown_format_and_missing_parent_folder_are_clear_errors(tmp_path: Path, run_cli) -> None:
    result = run_cli("tables", BLACKPOOL, "--format", "md,pdf", "-o", tmp_path / "t")
    assert result.exit_code == 2  # a bad option value is a usage error, like click's own
    assert "Invalid value for --format: 'pdf' is not a format; choose from md, csv, html, docx" in result.output
    assert not (tmp_path / "t").exists()
    result = run_cli("tables", BLACKPOOL, "-o", tmp_path / "missing" / "t")
    assert result.exit_code == 1
    assert f"the folder {tmp_path / 'missing'} does not exist" in result.output


def test_csv_text_from_inputs_cannot_become_a_formula() -> None:
    from forecast.report.rows import Table, TableRow
    from forecast.report.tables import csv_text

    table = Table(
        "t", "T", ("Line", "Comment", "Amount"), (TableRow("=HYPERLINK(1)", ("+cmd", 5.0)),), ("text", "text", "money")
    )
    assert csv_text(table).splitlines()[1] == '"\'=HYPERLINK(1)","\'+cmd","5"'


def test_mtfp_table_shows_the_gap_its_change_base_growth_and_reserves(tmp_path: Path) -> None:
    """Rows as on the MTFP sheet: cash limits and which were carried, base growth, gap, change, reserves."""
    from plan_sheets import plan_sheets

    from forecast.engine import run
    from forecast.inputs import inputs_from_sheets
    from forecast.report.tables import write_tables

    results = run(inputs_from_sheets(plan_sheets(), "plan.xlsx"))
    write_tables(results, tmp_path, formats=("csv",))
    with (tmp_path / "mtfp.csv").open(encoding="utf-8", newline="") as fh:
        rows = {row[0]: row[1:] for row in csv.reader(fh)}
    assert rows["Cash limits carried forward"] == ["", "2 of 3 lines", "every line", "every line", "every line"]
    assert rows["Change in gap from the year before"][0] == ""  # no year before the first
    gaps = [y.gap for y in results.mtfp]
    assert rows["Change in gap from the year before"][1] == f"({abs(round(gaps[1] - gaps[0])):,})"
    # reserves open at 300 and the 100 one-off funded from reserves is drawn in 2025/26: 200 left
    assert rows["Reserves at the start of the year"][:2] == ["300", "200"]
    assert rows["Reserves at the end of the year"][0] == "200"
    assert "Base growth (investments funded from the base budget)" in rows
