"""Write output files atomically: all of the new file, or the old file untouched.

The new content goes to a temporary file in the target's own folder (so the
final rename never crosses file systems), is flushed and fsynced, and then
``os.replace``-d over the target. Any failure on the way (disk full, a crash
in the writer, Ctrl-C) deletes the temporary file and leaves whatever was
there before. The renames and the folder sync run with SIGINT and SIGTERM
held, so a signal lands before them or after them, never between.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import platform
import re
import signal
import tempfile
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from forecast.errors import ForecastError, OutputError, OutputPathError


def lock_files(target: Path) -> list[Path]:
    """The lock files Excel and LibreOffice leave beside a file they have open."""
    name = target.name
    candidates = [f"~${name}", f".~lock.{name}#"]
    if len(name) > 2:
        candidates.append(f"~${name[2:]}")  # Excel shortens long names: Budget.xlsx → ~$dget.xlsx
    return [target.parent / c for c in dict.fromkeys(candidates)]


def check_target(target: Path) -> None:
    """Raise OutputError unless ``target`` can be written: folder exists and is writable, file not open."""
    folder = target.parent
    if not folder.exists():
        raise OutputPathError(f"{target}: the folder {folder} does not exist; create it or choose another {{output}} path")
    if not folder.is_dir():
        raise OutputError(f"{target}: {folder} is not a folder")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name such as {target / 'forecast.xlsx'}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(f"{target}: the folder {folder} is not writable; choose another {{output}} path")
    for lock in lock_files(target):
        if _exists(lock):
            app = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
            raise OutputError(
                f"{target} is open in {app} (lock file {lock.name} beside it): close it in Excel/LibreOffice first"
            )
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputPathError(f"{target}: the file is read-only; make it writable or choose another {{output}} path")


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name too long to exist (the lock file of a 255-character name) does not."""
    try:
        path.stat()
    except OSError:
        return False
    return True


def check_workbook_target(target: Path, inputs: Iterable[Path | str] = (), named: bool = True) -> None:
    """Refuse a workbook path that is not ``.xlsx`` or that is one of this run's input files.

    Called before any work, so a slip of the keyboard (``-o inputs.xlsx``)
    can never replace the inputs with the report. ``named``: the path is the
    ``output`` argument (shown in the message's example; False when it is the call's own path).
    """

    def example(path: object) -> str:  # the call's own path is shown as is; the output argument by its name
        return "{output=}" if named else str(path)

    stem = "" if target.name.startswith(".") and not target.suffix else target.stem  # ".xlsx" is no name
    if not stem:  # -o "", -o out/, -o out/.xlsx
        raise OutputPathError(f"{str(target)!r}: give the workbook a file name, e.g. {example('report.xlsx')}",
                              output="report.xlsx")
    if target.suffix.lower() != ".xlsx":
        what = f"named {target.suffix}" if target.suffix else "without the .xlsx extension"
        better = target.with_name(stem + ".xlsx")
        raise OutputPathError(
            f"{target}: the output is an Excel workbook and Excel will not open one {what}; "
            f"use a name ending in .xlsx, e.g. {example(better)}", output=better,
        )
    for source in inputs:
        if same_file(target, Path(source)):
            raise OutputPathError(
                f"{target}: is an input file of this command, and writing the output there would replace it; "
                "choose another {output} path"
            )


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links, case-insensitive file systems, relative paths)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist yet: compare the paths as written
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


@contextlib.contextmanager
def atomic_output(target: Path | str) -> Iterator[BinaryIO]:
    """Yield an in-memory binary file; on a clean exit its bytes replace ``target``, on any error nothing changes.

    Writers write to memory, never to the disk: a disk that fills can then only fail in ``write_bytes``,
    with a plain OSError. XlsxWriter writing straight into the temporary file left a half-written zip on
    a closed file, which printed "Exception ignored ... Traceback" when it was garbage-collected.
    """
    target = Path(target)
    check_target(target)  # a lock file or a missing folder is named before any work is done
    buffer = io.BytesIO()
    yield buffer
    write_bytes(target, buffer.getvalue())


def write_bytes(target: Path | str, data: bytes) -> None:
    """Atomically replace ``target`` with ``data``."""
    write_all([(target, data)])


def write_all(files: Iterable[tuple[Path | str, bytes]]) -> list[Path]:
    """Write several files, all or none, each atomically; returns their paths.

    Every target is checked before anything is written, so a lock file or a read-only file stops the
    run with the folder as it was. Every new content first goes to a temporary file (flushed and
    fsynced): a full disk or a signal there leaves every target as it was. Only then, with SIGINT and
    SIGTERM held (``signals_held``), are the temporary files renamed over their targets and the
    folders synced, so a signal lands before the first rename or after the last, never between:
    the folder is wholly old or wholly new. Should a rename still fail part-way, the files already
    replaced get their earlier content back (or go, when they are new).
    """
    planned = [(Path(target), data) for target, data in files]
    for target, _ in planned:
        check_target(target)
    for folder in dict.fromkeys(target.parent for target, _ in planned):
        remove_stale_temporaries(folder)
    made: list[Path] = []  # every temporary file made, listed as it is made: all go should anything fail
    temporaries: list[tuple[Path, Path]] = []  # (temporary, target)
    try:
        for target, data in planned:
            temporaries.append((_write_temporary(target, data, made), target))
        # what each target held, to put back should a later rename fail (a lone file needs none)
        several = len(temporaries) > 1
        before = [(t, t.read_bytes() if several and t.is_file() else None) for _, t in temporaries]
        with signals_held():
            _rename_all(temporaries, before)
    except BaseException:
        for tmp in made:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    return [target for target, _ in planned]


def _rename_all(temporaries: list[tuple[Path, Path]], before: list[tuple[Path, bytes | None]]) -> None:
    """Rename each temporary file over its target, then sync the folders; on a failure put back the old files."""
    done = 0
    try:
        for tmp, target in temporaries:
            os.replace(tmp, target)
            done += 1
    except OSError as exc:
        for target, old in reversed(before[:done]):
            with contextlib.suppress(OSError, ForecastError):
                if old is None:
                    target.unlink()
                else:
                    os.replace(_write_temporary(target, old, []), target)
        raise _output_error(temporaries[done][1], exc) from exc
    for folder in dict.fromkeys(target.parent for _, target in temporaries):
        _sync_folder(folder)
    _WRITTEN.extend(target for _, target in temporaries)


def _write_temporary(target: Path, data: bytes, made: list[Path]) -> Path:
    """``data`` in a new temporary file beside ``target``, flushed, fsynced and given the target's mode.

    The file is added to ``made`` in the same signal-held step that creates it, so an interrupted caller
    always knows every temporary file there is to remove.
    """
    try:
        with signals_held():
            fd, tmp_name = tempfile.mkstemp(prefix=temporary_prefix(target), suffix=".tmp", dir=target.parent)
            tmp = Path(tmp_name)
            made.append(tmp)
            fh = os.fdopen(fd, "wb")
    except OSError as exc:
        raise _output_error(target, exc) from exc
    try:
        with fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(target))
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _output_error(target, exc) from exc
        raise
    return tmp


_RANDOM_PART = 8  # characters tempfile.mkstemp puts between the prefix and the suffix
_NAME_MAX = 255  # bytes in a file name on the usual file systems (ext4, APFS, NTFS counts 255 UTF-16 units)


def temporary_prefix(target: Path) -> str:
    """``.<target name>.forecast-<host>-<pid>-``, the target's name cut so the whole temporary name fits.

    A target whose name is as long as the folder allows (255 bytes) still gets a temporary name that fits:
    the name's start is kept (whole characters), enough to recognise it, and the mark says whose it is.
    """
    mark = f".{_TEMP_MARK}-{_HOST}-{os.getpid()}-"
    try:
        limit = int(os.pathconf(target.parent, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows), or the system does not say
        limit = _NAME_MAX
    room = min(limit, _NAME_MAX) - len(mark.encode()) - 1 - _RANDOM_PART - len(".tmp")
    name = target.name.encode("utf-8", "surrogateescape")
    if len(name) > room:
        name = name[:room].decode("utf-8", "ignore").encode("utf-8", "surrogateescape")
    return "." + name.decode("utf-8", "surrogateescape") + mark


# Every file this process has replaced or created, in order: what an interrupted run says it wrote.
_WRITTEN: list[Path] = []


def written(since: int = 0) -> list[Path]:
    """The files this process has written (each wholly), from the ``since``-th on: ``written_count()`` before a run."""
    return _WRITTEN[since:]


def written_count() -> int:
    """How many files this process has written so far: the mark a command takes before it starts."""
    return len(_WRITTEN)


def interrupted_message(since: int = 0) -> str:
    """What to tell the user when Ctrl-C or SIGTERM stops a run: whether anything was written, and what."""
    done = written(since)
    if not done:
        return "Aborted: nothing written; any earlier output is unchanged."
    names = ", ".join(str(p) for p in done[:3]) + (f" and {len(done) - 3} more" if len(done) > 3 else "")
    return f"Aborted after writing {names} (each file whole); nothing else was written."


_HELD = (signal.SIGINT, signal.SIGTERM)
_held_depth = 0


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the block; one that arrives meanwhile acts when the block ends.

    The handlers are swapped for one that only notes the signal, so a KeyboardInterrupt can never be
    raised inside the block, even by a signal that arrived just before it and whose Python handler had
    not yet run. Outside the main thread (where handlers cannot be set) the block runs unprotected.
    """
    global _held_depth
    if _held_depth or threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def note(signum: int, frame: object) -> None:
        arrived.append(signum)

    previous: dict[int, Any] = {}
    _held_depth += 1
    try:
        for held in _HELD:
            previous[held] = signal.signal(held, note)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _held_depth -= 1
    for number in dict.fromkeys(arrived):
        handler = previous.get(number)
        if callable(handler):
            handler(number, None)
        elif handler == signal.SIG_DFL:
            os.kill(os.getpid(), number)


# Temporary files are named .<target>.forecast-<host>-<pid>-<random>.tmp: recognisably ours, and whose.
_TEMP_MARK = "forecast"
# the host name: platform.node(), as click imports platform anyway (socket.gethostname cost a build 3-4 ms: issue 25)
_HOST = format(zlib.crc32(platform.node().encode("utf-8", "replace")) & 0xFFFF, "04x")
_TEMP = re.compile(r"^\..+\." + _TEMP_MARK + r"-([0-9a-f]{4})-(\d+)-[^.]+\.tmp$")
STALE_SECONDS = 24 * 3600  # a temporary file from another machine (a shared folder) is stale after a day


def remove_stale_temporaries(folder: Path | str) -> list[Path]:
    """Remove the temporary files a killed run of forecast left in ``folder``; returns those removed.

    Only ours (the name says forecast, the host and the process), and only orphans: the process that
    made it is no longer running on this machine, or, from another machine, it is over a day old.
    A temporary file a concurrent run is still writing is never touched.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match:
            continue
        host, pid = match.group(1), int(match.group(2))
        try:
            age = time.time() - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        orphan = not _running(pid) if host == _HOST else age > STALE_SECONDS
        if orphan and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def sigterm_as_interrupt() -> None:
    """Handle SIGTERM (what ``timeout``, CI and systemd send) as Ctrl-C: the same clean-up runs.

    Python ends a process on SIGTERM without unwinding, so a temporary file would stay behind; raised
    as KeyboardInterrupt, every ``finally`` and ``except BaseException`` runs as for Ctrl-C.
    """
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError, AttributeError):  # not the main thread, or no SIGTERM (Windows)
        signal.signal(signal.SIGTERM, interrupt)


def write_text(target: Path | str, text: str) -> None:
    """Atomically replace ``target`` with UTF-8 ``text``."""
    write_bytes(target, text.encode("utf-8"))


def _output_error(target: Path, exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied"
    else:
        why = exc.strerror or str(exc)
    return OutputError(f"{target}: could not write ({why}); any earlier file is unchanged")


def _file_mode(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
