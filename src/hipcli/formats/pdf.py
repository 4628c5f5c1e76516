"""The handout as a PDF, laid out by a real print engine.

hipcli does not lay out pages itself: the HTML handout already says how it
prints (paper size, margins, page numbers, no card split across pages), and a
browser engine honours all of it. Headless Chromium is used where it is
installed, because it is what most people print the HTML handout with, so the
PDF matches their printout; WeasyPrint (the optional ``pdf`` extra) is the
fallback for machines without a browser. Neither adds the browser's own
address and date to the pages.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import HipcliError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120  # seconds: a cold Chromium start on a busy machine takes several

NO_ENGINE = (
    "no PDF engine found: install Chromium (for example 'apt install chromium') or WeasyPrint "
    "('pip install hipcli[pdf]'), or write a .html handout and print it from a browser"
)


class PdfError(HipcliError):
    """No engine can print the handout, or the engine failed."""


def browser() -> str | None:
    """The Chromium to print with: HIPCLI_CHROMIUM if set, else the first on PATH."""
    named = os.environ.get("HIPCLI_CHROMIUM")
    if named:
        return shutil.which(named)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def _weasyprint() -> Any | None:
    try:
        import weasyprint
    except ImportError:  # the optional extra is not installed
        return None
    return weasyprint


def engine() -> str:
    """'chromium' or 'weasyprint', whichever will print; a one-line error when neither is there."""
    if browser() is not None:
        return "chromium"
    if _weasyprint() is not None:
        return "weasyprint"
    raise PdfError(NO_ENGINE)


def html_to_pdf(page: str) -> bytes:
    """One self-contained HTML page printed to PDF bytes."""
    path = browser()
    if path is not None:
        return _chromium(path, page)
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise PdfError(NO_ENGINE)
    # The page loads nothing (its CSP says so); a fetcher that refuses everything keeps WeasyPrint to that too.
    return weasyprint.HTML(string=page, url_fetcher=_refuse).write_pdf()


def _refuse(url: str, *_: Any, **__: Any) -> dict[str, Any]:
    raise ValueError(f"the handout loads nothing, not {url}")


def _chromium(path: str, page: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="hipcli-pdf-") as folder:
        source = Path(folder) / "handout.html"
        source.write_text(page, encoding="utf-8")
        target = Path(folder) / "handout.pdf"
        command = [
            path, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer", f"--print-to-pdf={target}", source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox
        # Its own process group, so a timeout or Ctrl-C ends the browser's helpers too, not only the first process.
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            _, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _end(process)
            raise PdfError(f"Chromium ({path}) did not print the handout within {TIMEOUT} s") from None
        except BaseException:
            _end(process)
            raise
        data = target.read_bytes() if target.exists() else b""
        if process.returncode != 0 or not data.startswith(b"%PDF"):
            from ..text import one_line

            lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
            said = f": {one_line(lines[-1])}" if lines else ""
            raise PdfError(f"Chromium ({path}) could not print the handout (exit {process.returncode}){said}")
        return data


def _end(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def write(document: Any, **options: Any) -> bytes:
    """The handout (``formats.html`` options: catalogue, explain, header, paper, detail, review) as PDF bytes."""
    from . import html

    return html_to_pdf(html.write(document, **options))
