"""The programs that let a test look at an output as a reader does: LibreOffice, poppler, Chromium with axe-core.

None of them is a dependency of forecast. A test that needs one calls
``need()``: locally a missing program skips the test with its reason and the
install line; under ``CI=true`` it fails instead, because ``.ci/run``
installs every one of them.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 A and AA, 2.1 AA, 2.2 AA (the Public Sector Bodies Accessibility Regulations' level) and Deque's
# best practices. The 2.1 and 2.2 "A" tags have no rule of their own in axe-core 4.x beyond these.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
_INSTALL = {
    "soffice": "apt-get install libreoffice-calc-nogui libreoffice-writer-nogui",
    "pdftotext": "apt-get install poppler-utils",
    "chromium": "apt-get install chromium",
    "axe-core": "cd tests/js && npm ci",
}


def need(program: str) -> str:
    """The path of ``program`` ("soffice", "pdftotext", "chromium" or "axe-core"); skip, or fail under CI=true."""
    if program == "axe-core":
        found = str(AXE) if AXE.is_file() else None
    elif program == "soffice":
        found = shutil.which("soffice") or shutil.which("libreoffice")
    else:
        found = shutil.which(program)
    if found is None:
        reason = f"{program} not found: install it with `{_INSTALL[program]}` (.ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must run this test")
        pytest.skip(reason)
    return found


def soffice_convert(
    soffice: str, files: Sequence[Path], out_dir: Path, to: str, infilter: str | None = None, timeout: float = 300
) -> None:
    """Convert ``files`` in one LibreOffice run with a throw-away profile (the user's own is never touched)."""
    with tempfile.TemporaryDirectory(prefix="forecast-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore"]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", to, "--outdir", str(out_dir), *map(str, files)]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)


def pdf_pages(pdftotext: str, pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` in reading layout (pdftotext ends every page with a form feed)."""
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


class _DevTools:
    """Chromium's DevTools protocol over --remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4."""

    def __init__(self, process: subprocess.Popen[bytes], timeout: float) -> None:
        self.process = process
        self.deadline = time.monotonic() + timeout
        self.buffer = b""
        self.next_id = 0

    def call(self, method: str, params: dict[str, object] | None = None, session: str | None = None) -> dict:
        self.next_id += 1
        message: dict[str, object] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\0")
        self.process.stdin.flush()
        while True:
            while b"\0" not in self.buffer:
                left = self.deadline - time.monotonic()
                if left <= 0 or not select.select([self.process.stdout], [], [], left)[0]:
                    raise TimeoutError(f"Chromium did not answer {method}")
                chunk = os.read(self.process.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the pipe during {method}")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:  # events (no id) and other replies are passed over
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]


def axe_violations(chromium: str, axe_js: str, pages: Sequence[Path], timeout: float = 60) -> list[list[dict]]:
    """Open each of ``pages`` in one headless Chromium, run axe-core with AXE_TAGS on it, and return the
    violations of each, in order (one browser for all: starting Chromium is most of a page's cost).

    Chromium is driven over its DevTools pipe by this module alone, so the
    tests need no browser-driver package (and no browser download): npm
    brings only axe-core itself.
    """
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--remote-debugging-pipe",
    ]
    axe = Path(axe_js).read_text(encoding="utf-8")
    run = (f";axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(list(AXE_TAGS))}}}}})"
           ".then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
           "nodes: v.nodes.map(n => n.target.join(' '))}))))")
    found: list[list[dict]] = []
    with tempfile.TemporaryDirectory(prefix="forecast-chromium-") as profile:
        # the shell moves our pipes to the fds Chromium reads (3) and writes (4); its own output is dropped
        process = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null 2>&1', chromium, *flags,
             f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        try:
            tools = _DevTools(process, timeout * max(1, len(pages)))
            for page in pages:
                url = page.resolve().as_uri()
                target = tools.call("Target.createTarget", {"url": url})["targetId"]
                session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

                def evaluate(expression: str, session: str = session) -> object:
                    reply = tools.call(
                        "Runtime.evaluate",
                        {"expression": expression, "awaitPromise": True, "returnByValue": True},
                        session,
                    )
                    if "exceptionDetails" in reply:
                        raise RuntimeError(f"in the page: {reply['exceptionDetails']}")
                    return reply["result"].get("value")

                # the new tab starts on about:blank and then navigates: wait until our page has loaded, not that one
                while True:
                    try:
                        if evaluate("location.href + ' ' + document.readyState") == f"{url} complete":
                            break
                    except RuntimeError:  # the old document went away while we asked
                        pass
                    if time.monotonic() > tools.deadline:
                        raise TimeoutError(f"Chromium did not load {url}")
                    time.sleep(0.05)
                found.append(json.loads(str(evaluate(axe + run))))
                tools.call("Target.closeTarget", {"targetId": target})  # each page alone in the browser
            try:
                tools.call("Browser.close")
            except (RuntimeError, TimeoutError):
                pass
        finally:
            if process.stdin:
                process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout:
                process.stdout.close()
    return found
