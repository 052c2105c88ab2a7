"""Open an input workbook safely, before any XML parser sees it.

An ``.xlsx`` file is a zip of XML parts. Everything here works on the raw
bytes and the zip's central directory, so a hostile or broken file is
refused with one clear message (naming the file and the fix) before it can
use much time or memory:

- not a file, a folder, empty, over 20 MiB;
- an old ``.xls`` or a password-protected ``.xlsx`` (OLE compound file);
- not a zip at all (a CSV or text file renamed ``.xlsx``), a corrupt or
  truncated zip, no ``xl/workbook.xml``;
- a zip bomb: over 1,000 entries, over 200 MiB unpacked, or an entry over
  100 KiB that compresses better than 100:1 (read from the central
  directory, nothing decompressed);
- a ``<!DOCTYPE``/``<!ENTITY`` in any XML part (entity expansion, external
  entities), found by a plain byte scan.

Only the parts the reader uses (workbook, relationships, shared strings,
styles, worksheets) are unpacked in full. Any other part (drawings, pivot
caches, custom XML, ...) is decompressed only as far as its first 64 KiB,
where XML allows a DOCTYPE, so a huge part nobody reads costs no memory.

The XML parts that pass are repacked uncompressed into a new in-memory zip
(``SafeWorkbook.xml_zip``) for python-calamine, so the Rust reader only ever
sees bytes that were decompressed within the declared sizes and scanned
here: no second zip reader can disagree about what the file holds.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import zipfile
from pathlib import Path

from forecast.errors import ForecastError, InputError, Problem
from forecast.names import display_name
from forecast.records import frozen

MiB = 1024 * 1024
MAX_FILE_BYTES = 20 * MiB
MAX_ENTRIES = 1000
MAX_UNPACKED_BYTES = 200 * MiB
RATIO_CHECK_MIN_BYTES = 100 * 1024
MAX_RATIO = 100

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_READ_PARTS = re.compile(
    r"^(?:\[Content_Types\]\.xml|_rels/\.rels|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels"
    r"|xl/sharedStrings\.xml|xl/styles\.xml|xl/worksheets/[^/]+\.xml)$",
    re.IGNORECASE,
)
_PROLOG_BYTES = 64 * 1024  # how much of an unread part is scanned for a DOCTYPE
_CHUNK = 1024 * 1024
_FIX_RESAVE = "open it in Excel and save it again as an Excel Workbook (.xlsx)"
_FIX_BOMB = (
    "if the workbook is genuine, open it in Excel, delete unused sheets, rows and pictures, and save it again"
)
_FIX_DTD = "ask whoever sent it to open it in Excel and save it again as an Excel Workbook (.xlsx)"


@frozen
class SafeWorkbook:
    """An input file that passed every check, with its XML parts unpacked."""

    name: str  # file name, for messages and Inputs.source_name
    sha256: str  # of the file's bytes
    parts: dict[str, bytes]  # XML part name → decompressed bytes

    def xml_zip(self) -> bytes:
        """The XML parts as a stored (uncompressed) zip, for python-calamine."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
            for name, data in self.parts.items():
                out.writestr(name, data)
        return buffer.getvalue()


def ensure_defusedxml() -> None:
    """Fail loudly unless defusedxml is importable and refuses entity declarations."""
    try:
        import defusedxml
        from defusedxml import ElementTree as SafeET
    except ImportError as exc:  # a broken install: the tool must not run without it
        raise ForecastError(
            f"defusedxml is not installed ({exc}): it protects the reader against hostile "
            "XML; reinstall forecast with `pip install -e .` or `pip install defusedxml`"
        ) from None
    probe = '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    try:
        SafeET.fromstring(probe)
    except defusedxml.DefusedXmlException:
        return
    except Exception:  # noqa: BLE001 - any refusal is fine, only acceptance is not
        return
    raise ForecastError(
        "defusedxml is installed but not active (it accepted an entity declaration): "
        "reinstall it with `pip install --force-reinstall defusedxml`"
    )


def open_safely(path: Path | str) -> SafeWorkbook:
    """Every check above, in order; raise InputError naming the file and the fix."""
    ensure_defusedxml()
    path = Path(path)
    data = _read_file(path)
    _check_magic(path, data)
    archive = _open_zip(path, data)
    with archive:
        infos = archive.infolist()
        _check_directory(path, infos)
        parts = _unpack_xml_parts(path, archive, infos)
    return SafeWorkbook(display_name(path.name), hashlib.sha256(data).hexdigest(), parts)


def _fail(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), "", message)])


def _read_file(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        if any(c in path.name for c in "*?["):  # a shell passes a pattern on as it is when nothing matches
            raise _fail(path, "no file matches this pattern: check the folder and the pattern") from None
        raise _fail(path, "file not found: check the path and the file name") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror}): check the path and permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(path, f"is a folder, not a workbook: give the path of an .xlsx file (every one in it: "
                          f"{path / '*.xlsx'})")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(path, "is not a regular file: give the path of an .xlsx file")
    if info.st_size == 0:
        raise _fail(path, f"is empty (0 bytes): {_FIX_RESAVE}, or run `forecast init` for a template")
    if info.st_size > MAX_FILE_BYTES:
        raise _fail(
            path,
            f"is {info.st_size / MiB:.1f} MiB, over the 20 MiB limit for an input workbook: "
            "remove pictures, pivot caches and unused sheets, then save it again",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(info.st_size + 1)  # not the limit: read() would reserve that much
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror}): check the file's permissions") from None
    if len(data) > info.st_size:
        raise _fail(path, "changed while it was being read: wait until it is saved, then run again")
    return data


def _check_magic(path: Path, data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        raise _fail(path, "old .xls or password-protected workbook: save it as .xlsx without a password")
    if data.startswith(_ZIP_MAGICS):
        return
    head = data[:4096]
    if _looks_like_text(head):
        kind = "a CSV file" if b"," in head or b";" in head or b"\t" in head else "a text file"
        raise _fail(
            path,
            f"is {kind} renamed .xlsx, not an Excel workbook: open it in Excel and "
            "save it as an Excel Workbook (.xlsx)",
        )
    raise _fail(path, f"is not an Excel .xlsx workbook (not a zip file): {_FIX_RESAVE}")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return head.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 text
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end
            return False
    return True


def _open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    # NotImplementedError: an entry asks for a zip version Python cannot read (or one flipped byte says so)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _fail(
            path,
            "is a corrupt or truncated workbook (its zip directory cannot be read): "
            "copy the file again or save it again from Excel",
        ) from None


def _check_directory(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _fail(
            path, f"holds {len(infos):,} parts, over the limit of {MAX_ENTRIES:,}: refused as unsafe; {_FIX_BOMB}"
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _fail(
            path,
            f"would unpack to {unpacked / MiB:,.0f} MiB, over the 200 MiB limit: refused as a possible zip bomb; "
            f"{_FIX_BOMB}",
        )
    names: set[str] = set()
    for info in infos:
        if info.file_size > RATIO_CHECK_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _fail(
                path,
                f"part {info.filename!r} compresses {info.file_size / max(info.compress_size, 1):,.0f}:1, "
                f"more than {MAX_RATIO}:1: refused as a possible zip bomb; {_FIX_BOMB}",
            )
        if info.flag_bits & 0x1:
            raise _fail(path, "is an encrypted zip: save it as .xlsx without a password")
        if info.filename in names:
            raise _fail(path, f"is corrupt: it holds two parts named {info.filename!r}")
        names.add(info.filename)
    if "xl/workbook.xml" not in names:
        raise _fail(
            path,
            "is a zip file but not an Excel workbook (no xl/workbook.xml): "
            "save it from Excel as an Excel Workbook (.xlsx); .xlsb and .ods are not read",
        )


def _unpack_xml_parts(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    parts: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir() or not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        used = _READ_PARTS.match(info.filename) is not None
        data = _read_part(path, archive, info, limit=None if used else _PROLOG_BYTES)
        if _has_dtd(data):
            raise _fail(
                path,
                f"part {info.filename!r} declares a DOCTYPE or XML entities, which Excel never "
                f"writes (entity expansion or external entity attack): refused as unsafe; {_FIX_DTD}",
            )
        if used:
            parts[info.filename] = data
    return parts


def _read_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int | None = None) -> bytes:
    """Decompress one part (or its first ``limit`` bytes), never beyond its declared size.

    zipfile stops at the declared size and checks the CRC when it reads to the end.
    """
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while (limit is None or total < limit) and (chunk := stream.read(_CHUNK)):
                total += len(chunk)
                if total > info.file_size:  # defensive: zipfile already bounds this
                    raise _fail(path, f"part {info.filename!r} is larger than its zip entry says: refused")
                chunks.append(chunk)
    except InputError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise _fail(
            path,
            f"is corrupt or truncated (part {info.filename!r}: {exc}): copy the file again or save it again from Excel",
        ) from None
    except Exception as exc:  # noqa: BLE001 - e.g. zlib.error: still a corrupt file
        raise _fail(path, f"is corrupt (part {info.filename!r}: {exc}): save it again from Excel") from None
    return b"".join(chunks)


def _has_dtd(data: bytes) -> bool:
    """A DOCTYPE anywhere (Excel writes UTF-8; UTF-16 parts are decoded first)."""
    if data.startswith(b"\xff\xfe") or data[:2] == b"<\x00":
        data = data.decode("utf-16-le", errors="replace").encode("utf-8", errors="replace")
    elif data.startswith(b"\xfe\xff") or data[:2] == b"\x00<":
        data = data.decode("utf-16-be", errors="replace").encode("utf-8", errors="replace")
    return _DTD.search(data) is not None
