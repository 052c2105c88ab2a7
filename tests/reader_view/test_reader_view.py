"""Look at the outputs as a reader does: printed pages, a screen reader's rules, a spreadsheet's import.

- Every shipped example built with every shipped layout, printed to PDF by
  LibreOffice and read page by page with poppler's ``pdftotext``: no page is
  blank, no value under half a unit prints as ``0`` or ``(0)``, the report
  title is on page 1.
- ``tables.html`` opened in headless Chromium and checked by axe-core
  (WCAG 2.2 AA and best practice): no violation.
- ``tables.html`` opened by LibreOffice Writer: page 1 holds the title.
(Calc's HTML import of ``tables.html`` is checked with the other injection
cases in ``test_safety_output.py``.)

- Every workbook a member may print (each example, monthly ones too, × layout,
  a risk build, history, compare, both rolls, the batch summary) read as word
  boxes (``tests/print_check.py``): no overprinted, cut or orphaned text.

All workbooks are printed by one session fixture (two soffice runs side by side, half the workbooks each). Locally a missing program skips with its reason;
under CI=true it fails (``.ci/run`` installs them all).
"""

from __future__ import annotations

import functools
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from forecast.cli import cli
from reader_tools import axe_violations, need, pdf_pages, soffice_convert

# LibreOffice prints every workbook (about 25-50 s on an idle 2-core machine): more than the
# suite's 300 s per test only on a machine busy with other work
pytestmark = pytest.mark.timeout(900)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (ROOT / "inputs").glob("*.xlsx")) + sorted(
    f"demand/{p.stem}" for p in (ROOT / "inputs" / "demand").glob("*-demand.xlsx"))  # issue 22: the Demand sheet
LAYOUTS = sorted(p.stem for p in (ROOT / "forecast" / "templates").glob("*.toml"))
# and the must-show build (every scenario and a risk run: the Scenarios and Risk sheets) with the default layout
RISK = "all-scenarios-risk"
BUILDS = [(example, layout) for example in EXAMPLES for layout in LAYOUTS] + [("example", RISK)]


def _run(*args: object) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def printed(read_alone: dict) -> dict[tuple[str, str], tuple[Path, list[str]]]:
    """(example, layout) → (built workbook, text of each printed page), from the soffice runs of read_alone."""
    pdftotext = need("pdftotext")
    found = {}
    for example, layout in BUILDS:
        book = read_alone[f"{example}--{'risk' if layout == RISK else layout}"][0]
        found[example, layout] = (book, pdf_pages(pdftotext, book.with_suffix(".pdf")))
    return found


def _ids(build: tuple[str, str]) -> str:
    return "--".join(build)


@pytest.mark.slow
@pytest.mark.parametrize("build", BUILDS, ids=_ids)
def test_no_printed_page_is_blank(printed: dict, build: tuple[str, str]) -> None:
    _, pages = printed[build]
    assert pages, "nothing printed"
    # what every page prints (the page header and footer, "Page n of m" with its numbers ignored) is not content
    def lines(text: str) -> set[str]:
        return {re.sub(r"\d+", "#", " ".join(line.split())) for line in text.splitlines() if line.strip()}

    running = set.intersection(*map(lines, pages)) if len(pages) > 1 else set()
    blank = [number for number, text in enumerate(pages, start=1) if not lines(text) - running]
    assert not blank, f"blank printed pages: {blank} of {len(pages)}"


# A figure cell printing nothing but 0 or (0): what a value under half a unit shows in "#,##0;(#,##0)". A cell's
# text stands alone on its line (two or more spaces, or the line's ends, either side), so "0.0%", "2019/20" or
# "Month 0 of" are not figures; nor is a line of numbers alone (a chart's axis, 0 20 40 ...). A whole 0 that
# means "none" still prints "-" in finance style.
_ZERO = re.compile(r"(?:^|\s{2})\(?0\)?(?=\s{2}|$)", re.MULTILINE)


@pytest.mark.slow
@pytest.mark.parametrize("build", BUILDS, ids=_ids)
def test_no_value_under_half_a_unit_prints_as_zero(printed: dict, build: tuple[str, str]) -> None:
    _, pages = printed[build]
    found = [
        (number, line.strip())
        for number, text in enumerate(pages, start=1)
        for line in text.splitlines()
        if re.search(r"[A-Za-z]", line) and ("(0)" in line or _ZERO.search(line))  # figures only: an axis
    ]
    assert not found, f"'0' or '(0)' printed (page, line): {found[:8]}"


@functools.cache
def _settings_title(example: str) -> str:
    """The example's Settings report_title, read once per example (each is printed with every layout)."""
    from forecast.inputs import load_inputs

    return load_inputs(ROOT / "inputs" / f"{example}.xlsx").settings.report_title.strip()


def _report_title(example: str, book: Path) -> str:
    """Settings report_title; when blank, the title in A1 of the first sheet."""
    title = _settings_title(example)
    if title:
        return title
    first = openpyxl.load_workbook(book, read_only=True).worksheets[0]
    return str(next(first.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True))[0])


@pytest.mark.slow
@pytest.mark.parametrize("build", BUILDS, ids=_ids)
def test_the_report_title_is_on_page_one(printed: dict, build: tuple[str, str]) -> None:
    book, pages = printed[build]
    title = " ".join(_report_title(build[0], book).split())
    assert title in " ".join(pages[0].split()), f"{title!r} not on page 1"


# -- tables.html ------------------------------------------------------------


@pytest.fixture(scope="module")
def tables_html(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """example → its tables.html."""
    folder = tmp_path_factory.mktemp("tables-html")
    pages = {}
    for example in EXAMPLES:
        out = folder / example.replace("/", "-")
        _run("tables", ROOT / "inputs" / f"{example}.xlsx", "--format", "html", "-o", out)
        pages[example] = out / "tables.html"
    return pages


_BAD_PAGE = (  # the faults the first tables.html had: a table without headings, landmark or caption
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>t</title></head><body>'
    "<h1>Tables</h1><table><tr><th></th><th>2019/20</th></tr><tr><td>Gap</td><td>1</td></tr></table>"
    "</body></html>"
)


@pytest.fixture(scope="module")
def axe_found(tables_html: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """example (and "bad", a page with the faults axe must see) → axe-core's violations, from one Chromium."""
    chromium, axe = need("chromium"), need("axe-core")
    bad = tmp_path_factory.mktemp("axe") / "bad.html"
    bad.write_text(_BAD_PAGE, encoding="utf-8")
    pages = {**tables_html, "bad": bad}
    return dict(zip(pages, axe_violations(chromium, axe, list(pages.values())), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_axe_finds_no_accessibility_violation_in_tables_html(axe_found: dict[str, list[dict]], example: str) -> None:
    violations = axe_found[example]
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][:3]}" for v in violations)


@pytest.mark.slow
def test_axe_would_see_a_table_without_headings_landmark_or_caption(axe_found: dict[str, list[dict]]) -> None:
    """The check can fail: the faults the first tables.html had are reported."""
    found = {v["id"] for v in axe_found["bad"]}
    assert {"empty-table-header", "region"} <= found


@pytest.mark.slow
def test_a_word_processor_opens_tables_html_on_the_title_not_a_blank_page(tables_html: dict[str, Path]) -> None:
    soffice, pdftotext = need("soffice"), need("pdftotext")
    page = tables_html["blackpool-2019-20-m4"]
    out = page.parent / "writer"
    soffice_convert(soffice, [page], out, "pdf:writer_pdf_Export", infilter="HTML (StarWriter)")
    pages = pdf_pages(pdftotext, out / "tables.pdf")
    assert pages[0].lstrip().startswith("Blackpool Council: Children's Social Care, as at Month 4 2019/20")
    assert all(text.strip() for text in pages)
    # the line names keep to two lines beside their figures: "Looked After Children placements" is not in four
    assert re.search(r"Looked After Children placements\s+20,183", pages[0]) or re.search(
        r"Looked After Children\s+20,183", pages[0]
    ), pages[0][:1500]


def test_a_missing_program_skips_with_its_reason_but_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader_tools

    monkeypatch.setattr(reader_tools.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="apt-get install poppler-utils"):
        need("pdftotext")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run this test"):
        need("chromium")


@pytest.mark.slow
def test_a_browser_prints_tables_html_landscape_with_rows_whole(tables_html: dict[str, Path], tmp_path: Path) -> None:
    """Chromium's print: A4 landscape, title first, no row split across pages, a group heading with its lines."""
    import subprocess

    chromium, pdftotext = need("chromium"), need("pdftotext")
    pdf = tmp_path / "printed.pdf"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", tables_html["blackpool-2019-20-m4"].as_uri()],
        check=True, capture_output=True, timeout=60,
    )
    info = subprocess.run([pdftotext.replace("pdftotext", "pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    pages = [" ".join(text.split()) for text in pdf_pages(pdftotext, pdf)]
    assert pages[0].startswith("Blackpool Council: Children's Social Care, as at Month 4 2019/20")

    def page_of(words: str) -> int:
        found = [n for n, text in enumerate(pages) if words in text]
        assert found, f"{words!r} printed on no page, or split across two"
        return found[0]

    # the first and last words of tall rows (a wrapped comment) print on one page; a heading with its first line
    assert page_of("More children in care") == page_of("at budget setting")
    assert page_of("Interventions after") == page_of("new staffing structure")
    page_of("Improvement Ofsted Improvement Plan")
    # the Revenue Summary runs onto page 2, under its header row again
    assert pages[1].startswith("Service area") or " Service area " in pages[1].split("Total Children's")[0]


# -- read alone: no overprinted, cut or orphaned text on any printed page (issue 21) ---------------------------


def _read_alone_books(folder: Path) -> dict[str, Path]:
    """Every workbook a member may print: each example (monthly ones too) × layout, a risk build, history,
    compare, a roll of each kind, the batch summary, and each example's Word tables; name → path."""
    examples = {p.stem: p for p in sorted((ROOT / "inputs").glob("*.xlsx"))} | {
        f"monthly/{p.stem}": p for p in sorted((ROOT / "inputs" / "monthly").glob("*.xlsx"))} | {
        f"demand/{p.stem}": p for p in sorted((ROOT / "inputs" / "demand").glob("*-demand.xlsx"))}
    books: dict[str, Path] = {}
    for name, example in examples.items():
        for layout in LAYOUTS:
            key = f"{name}--{layout}" if not name.startswith("monthly/") else f"{example.stem}--{layout}"
            books[key] = folder / f"{key.replace('/', '-')}.xlsx"
            _run("build", example, "--layout", layout, "-o", books[key])
    books["example--risk"] = folder / "example--risk.xlsx"
    _run("build", ROOT / "inputs" / "example.xlsx", "--all-scenarios", "--risk", 500, "--seed", 1,
         "-o", books["example--risk"])
    monthly = sorted((ROOT / "inputs" / "monthly").glob("*.xlsx"))
    books["history"] = folder / "history.xlsx"
    _run("history", *monthly, "-o", books["history"])
    books["compare"] = folder / "compare.xlsx"
    _run("compare", monthly[0], monthly[1], "-o", books["compare"])
    books["roll-in-year"] = folder / "roll-in-year.xlsx"
    _run("roll", ROOT / "inputs" / "example.xlsx", "-o", books["roll-in-year"])
    m12 = [m for m in monthly if m.stem.endswith("m12")][0]
    books["roll-year-end"] = folder / "roll-year-end.xlsx"
    _run("roll", m12, "-o", books["roll-year-end"])
    for example in sorted((ROOT / "inputs").glob("*.xlsx")):  # the Word tables, printed by Writer
        _run("tables", example, "--format", "docx", "-o", folder / example.stem)
        books[f"{example.stem}--tables"] = folder / f"{example.stem}--tables.docx"
        (folder / example.stem / "tables.docx").rename(books[f"{example.stem}--tables"])
    _run("batch", *sorted((ROOT / "inputs").glob("*.xlsx")), "-o", folder / "batch", "--jobs", 1)
    books["batch-summary"] = folder / "batch-summary.xlsx"
    (folder / "batch" / "batch-summary.xlsx").rename(books["batch-summary"])
    return books


def _faulty_book(path: Path) -> None:
    """A workbook with each fault the checks look for, so they are seen to fail: a wrapped paragraph in a
    row one line tall over the row below, a text cut by the filled cell beside it, a last row alone on page 2."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Faults")
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 12)
    sheet.write_string(0, 0, "Overprinting paragraph words wrapped in a short row", wrap)
    sheet.write_string(1, 0, "Underneath")
    sheet.write_string(3, 0, "Truncated explanation")
    sheet.write_number(3, 1, 42)
    for row in range(5, 60):
        sheet.write_string(row, 0, f"Row {row}")
    sheet.set_h_pagebreaks([59])
    sheet.set_header("&LFaults")
    sheet.set_footer("&RPage &P of &N")
    book.close()


@pytest.fixture(scope="session")
def read_alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list]]:
    """name → (workbook, its printed pages as word boxes); all printed by two soffice runs side by side."""
    from print_check import pdf_words

    soffice, pdftotext = need("soffice"), need("pdftotext")
    folder = tmp_path_factory.mktemp("read-alone")
    books = _read_alone_books(folder)
    books["faulty"] = folder / "faulty.xlsx"
    _faulty_book(books["faulty"])
    # two soffice runs side by side, each with its own profile, half the workbooks each: the fixture takes half
    # the time when the other core is free, and no more CPU than one run (measured: 47 s against 50 s)
    files = list(books.values())
    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(soffice_convert, soffice, half, folder, "pdf", None, 900)
                     for half in (files[0::2], files[1::2])]:
            done.result()
    return {name: (book, pdf_words(pdftotext, book.with_suffix(".pdf"))) for name, book in books.items()}


@pytest.mark.slow
def test_the_read_alone_checks_find_overprint_cut_and_orphan(read_alone: dict) -> None:
    from print_check import cut_words, orphan_pages, overprints, vocabulary

    book, pages = read_alone["faulty"]
    assert any({"Underneath"} & {a, b} for _, a, b in overprints(pages)), overprints(pages)
    assert any(word.startswith("expl") for _, word in cut_words(pages, vocabulary(book))), cut_words(pages, set())
    assert len(pages) > 1 and [number for number, _ in orphan_pages(pages)] == [len(pages)]  # "Row 59" alone


@pytest.mark.slow
def test_no_printed_page_overprints_cuts_or_orphans_text(read_alone: dict) -> None:
    """Every workbook a member may print, each page read as word boxes (tests/print_check.py)."""
    from print_check import cut_words, orphan_pages, overprints, vocabulary

    faults = []
    for name, (book, pages) in sorted(read_alone.items()):
        if name == "faulty":
            continue
        assert pages, f"{name}: nothing printed"
        faults += [f"{name} p{p}: {a!r} over {b!r}" for p, a, b in overprints(pages)]
        faults += [f"{name} p{p}: cut {word!r}" for p, word in cut_words(pages, vocabulary(book))]
        alone = orphan_pages(pages, one_flow=book.suffix == ".docx")
        faults += [f"{name} p{p}: alone on its page: {text!r}" for p, text in alone]
    assert not faults, f"{len(faults)} faults:\n" + "\n".join(faults[:40])


@pytest.mark.slow
def test_no_printed_page_shows_an_input_code_or_jargon(read_alone: dict) -> None:
    """Issue 21: `*`, `fte_agency`, `pert`, "Year-0", "YYYY/YY", SOURCE_DATE_EPOCH, "(not given in the inputs'
    Settings)", a bare "P10–P90": on no printed page of any workbook a member may print."""
    from print_check import Page, Word, jargon

    fake = [Page(1, 100, 100, tuple(Word(t, 0, 0, 1, 1) for t in "Staffing * fte_agency scale pert".split()))]
    assert {what for _, what, _ in jargon(fake)} >= {"a wildcard row code", "an input column code",
                                                    "a distribution code"}  # the check can fail
    # a rolled workbook is an input workbook for the finance team: its column headings are the input codes
    faults = [f"{name} p{p}: {what}: …{around}…" for name, (_, pages) in sorted(read_alone.items())
              if name != "faulty" and not name.startswith("roll-") for p, what, around in jargon(pages)]
    assert not faults, f"{len(faults)} found:\n" + "\n".join(faults[:40])


@pytest.mark.slow
def test_mtfp_cabinet_prints_the_mtfp_first_after_cover_and_contents(read_alone: dict) -> None:
    """Issue 21: the MTFP cabinet layout's page after Cover and Contents is the MTFP's (its title on it)."""
    for name, (book, pages) in read_alone.items():
        if not name.endswith("--mtfp-cabinet"):
            continue
        assert openpyxl.load_workbook(book, read_only=True).sheetnames[:3] == ["Cover", "Contents", "MTFP"], name
        texts = [" ".join(w.text for w in page.words) for page in pages]
        contents = max(i for i, t in enumerate(texts) if "select a name to go to it" in t)
        assert "Medium-term financial plan" in texts[contents + 1], (name, texts[contents + 1][:200])
