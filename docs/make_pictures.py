"""Regenerate the README's picture of a printed page of the Blackpool appendix.

    python docs/make_pictures.py

Builds ``inputs/blackpool-2019-20-m4.xlsx`` with the default layout, has
LibreOffice print the workbook to PDF (as a finance team would before
sending the appendix to Cabinet), finds the Revenue Summary's page and
renders it with poppler's ``pdftoppm`` into ``docs/blackpool-revenue-summary.png``.
Needs LibreOffice (``soffice``) and poppler (``pdftoppm``, ``pdftotext``).
The picture is never edited by hand: rerun this after changing the workbook.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "inputs" / "blackpool-2019-20-m4.xlsx"
PICTURE = ROOT / "docs" / "blackpool-revenue-summary.png"
PAGE_TEXT = ("Revenue Summary – budget, actual and forecast", "Service area")  # the title and the table's heading
DPI = 100


def _need(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        sys.exit(f"make_pictures: {program} is not installed (LibreOffice gives soffice, poppler-utils pdftoppm)")
    return found


def _to_pdf(soffice: str, workbook: Path, folder: Path) -> Path:
    """LibreOffice's PDF of ``workbook``; retried, because a headless soffice now and then exits early."""
    pdf = folder / (workbook.stem + ".pdf")
    profile = (folder / "profile").as_uri()
    for _ in range(5):
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), str(workbook)],
            capture_output=True, timeout=300, check=False,
        )
        if pdf.exists():
            return pdf
    sys.exit(f"make_pictures: LibreOffice did not print {workbook.name}")


def _page_of(pdf: Path, texts: tuple[str, ...]) -> int:
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    for number, page in enumerate(pages.stdout.split("\f"), start=1):
        if all(text in page for text in texts):
            return number
    sys.exit(f"make_pictures: no page of {pdf.name} shows {texts!r}")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from forecast.engine import run
    from forecast.inputs import load_inputs
    from forecast.report.workbook import build_workbook

    soffice = _need("soffice")
    _need("pdftoppm")
    _need("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        loaded = load_inputs(SOURCE)
        workbook = folder / "blackpool-2019-20-m4-forecast.xlsx"
        build_workbook(run(loaded), workbook, input_name=SOURCE.name, input_sha256=loaded.source_sha256)
        pdf = _to_pdf(soffice, workbook, folder)
        page = _page_of(pdf, PAGE_TEXT)
        stem = folder / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
            check=True,
        )
        shutil.copyfile(stem.with_suffix(".png"), PICTURE)
    print(f"Wrote {PICTURE.relative_to(ROOT)} (page {page} of the printed workbook)")


if __name__ == "__main__":
    main()
