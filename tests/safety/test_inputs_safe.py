"""Hostile or broken files are refused before any XML parser sees them (quality.md, issue 7).

Each case runs ``forecast validate`` through CliRunner: exit code 1, one
readable message naming the file, no traceback.
"""

from __future__ import annotations

import re
import time
import tracemalloc
import zipfile

import pytest

from factory import minimal_sheets, rewrite_parts
from forecast.inputs import check_inputs
from forecast.inputs.safe import MiB, ensure_defusedxml


def _refused(run_cli, path, *expected):
    result = run_cli("validate", path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert path.name in result.output
    for text in expected:
        assert text in result.output, result.output
    return result


def test_missing_file(run_cli, tmp_path):
    _refused(run_cli, tmp_path / "nowhere.xlsx", "file not found")


def test_folder(run_cli, tmp_path):
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    _refused(run_cli, folder, "is a folder, not a workbook")


def test_empty_file(run_cli, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _refused(run_cli, path, "is empty (0 bytes)")


def test_csv_renamed(run_cli, tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_text("line,budget\nPlacements,1000\n", encoding="utf-8")
    _refused(run_cli, path, "is a CSV file renamed .xlsx", "save it as an Excel Workbook (.xlsx)")


def test_text_renamed(run_cli, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("just some notes\n", encoding="utf-8")
    _refused(run_cli, path, "is a text file renamed .xlsx")


def test_old_xls_or_password_protected(run_cli, tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1024))
    _refused(run_cli, path, "old .xls or password-protected workbook: save it as .xlsx without a password")


def test_truncated_file(run_cli, make_workbook):
    path = make_workbook(name="cut.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(run_cli, path, "corrupt or truncated")


def test_corrupt_part(run_cli, make_workbook):
    path = make_workbook(name="garbled.xlsx")
    data = bytearray(path.read_bytes())
    start = data.find(b"xl/worksheets/sheet2.xml") + 40  # inside that part's compressed bytes
    data[start : start + 64] = bytes(64)
    path.write_bytes(bytes(data))
    _refused(run_cli, path, "corrupt")


def test_zip_without_workbook_part(run_cli, tmp_path):
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    _refused(run_cli, path, "no xl/workbook.xml")


def test_file_over_20_mib(run_cli, tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(21 * MiB)  # sparse: nothing real is written
    _refused(run_cli, path, "over the 20 MiB limit")


def test_too_many_entries(run_cli, tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(1000):
            archive.writestr(f"xl/media/{i}.bin", b"")
    _refused(run_cli, path, "holds 1,001 parts, over the limit of 1,000")


def test_entry_compressing_better_than_100_to_1(run_cli, tmp_path):
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(2 * MiB))
    _refused(run_cli, path, "compresses", "more than 100:1: refused as a possible zip bomb")


@pytest.mark.slow
def test_zip_bomb_refused_fast_and_small(tmp_path, run_cli):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            zeros = bytes(MiB)
            for _ in range(300):
                part.write(zeros)
    assert path.stat().st_size < 2 * MiB
    tracemalloc.start()
    started = time.perf_counter()
    inputs, problems = check_inputs(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert inputs is None and "would unpack to 300 MiB, over the 200 MiB limit" in problems[0].message
    assert elapsed < 2.0
    assert peak < 200 * MiB
    _refused(run_cli, path, "zip bomb")


def _laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return ('<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(entities) + "]>").encode()


def test_billion_laughs_in_shared_strings(run_cli, make_workbook):
    path = make_workbook(name="laughs.xlsx")

    def bomb(name, data):
        if name != "xl/sharedStrings.xml":
            return data
        body = re.sub(rb"^<\?xml[^>]*\?>", b"", data.lstrip())
        return _laughs() + body.replace(b"<t>Placements</t>", b"<t>&lol9;</t>", 1)

    rewrite_parts(path, bomb)
    started = time.perf_counter()
    _refused(run_cli, path, "xl/sharedStrings.xml", "declares a DOCTYPE or XML entities")
    assert time.perf_counter() - started < 2.0


def test_external_entity_in_workbook_part(run_cli, make_workbook):
    path = make_workbook(name="xxe.xlsx")
    doctype = b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def inject(name, data):
        if name != "xl/workbook.xml":
            return data
        return data.replace(b"?>", b"?>" + doctype, 1)

    rewrite_parts(path, inject)
    _refused(run_cli, path, "xl/workbook.xml", "refused as unsafe")


def test_doctype_in_utf16_part_is_found(run_cli, make_workbook):
    path = make_workbook(name="utf16.xlsx")

    def to_utf16(name, data):
        if name != "xl/styles.xml":
            return data
        text = data.decode("utf-8").replace("?>", '?><!DOCTYPE s [<!ENTITY a "b">]>', 1)
        return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    rewrite_parts(path, to_utf16)
    _refused(run_cli, path, "declares a DOCTYPE")


def test_defusedxml_is_active():
    ensure_defusedxml()  # raises ForecastError when missing or inactive


def test_good_workbook_passes_every_check(make_workbook):
    inputs, problems = check_inputs(make_workbook(minimal_sheets()))
    assert inputs is not None and problems == []
