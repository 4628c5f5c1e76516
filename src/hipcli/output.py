"""The one way out to the terminal: standard output and error, guarded.

``guard_streams()`` (called once by the command line, before anything is
printed) replaces ``sys.stdout`` and ``sys.stderr`` with ``GuardedStream``s:

- Every write is escaped with ``text.visible``: a control character or
  a bidi override from any source (catalogue, cache, plan file, file name,
  option value, typer's own messages) reaches the terminal as ``\\x1b`` or
  ``\\u202e``, never as itself. Rich output goes through ``.unescaped``
  instead, because rich's own colour codes must pass: render.SafeConsole
  escapes the text inside each segment, so data is escaped there too.
- An encoding that cannot hold a character (PYTHONIOENCODING=ascii, a
  Latin-1 terminal) gets a readable stand-in: '×' as 'x', '–' as '-', and
  anything else as a ``\\u`` escape, instead of a UnicodeEncodeError.
- A failed write or flush becomes an ``OutputError`` (a full disk, a closed
  descriptor: one line, exit 1) or a ``BrokenPipe`` (the reader left, as
  ``head`` does: a quiet exit), never "Exception ignored" or a traceback.

No rich, no typer: the core may import this module, though only the command
line installs it.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from typing import Any, TextIO

from .errors import HipcliError
from .text import visible

# Stand-ins for the few non-ASCII characters hipcli itself writes.
ASCII_STAND_INS = {
    "\u00d7": "x",  # 2 × 10
    "\u2013": "-",  # 8–12
    "\u2014": "--",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2022": "*",
    "\u00b7": "*",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u00b0": " deg",
    "\u00a0": " ",
    "\u2500": "-",
    "\u2502": "|",
    "\u2714": "v",
    "\u2713": "v",
    "\u2717": "x",
}
ERRORS = "hipcli-stand-in"


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    out = "".join(ASCII_STAND_INS.get(char, f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}") for char in chunk)
    return out, error.end


codecs.register_error(ERRORS, _stand_in)


class OutputError(HipcliError):
    """Standard output or error cannot be written: a full disk, a closed descriptor."""


class BrokenPipe(BaseException):
    """The reader of standard output went away (``hipcli list | head``): stop quietly.

    A BaseException, so no handler for ordinary errors mistakes it for one.
    """


class _Writer(io.TextIOBase):
    """Writes to a standard stream, turning OS failures into hipcli's own errors.

    On a real descriptor the bytes go straight to ``os.write`` in a loop:
    Python's buffered writer drops the rest of a large write the disk took
    only part of, with no error (a full disk then looked like success).
    """

    def __init__(self, stream: TextIO | None, name: str, escape: bool) -> None:
        self._stream = stream
        self.name = name
        self._escape = escape
        self._fd = _descriptor(stream)

    # What rich, typer and print look at.
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return ERRORS

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(errno.EBADF, "standard stream is closed")
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._escape:
            text = visible(text)
        if self._stream is None:
            if self.name == "standard error":
                return len(text)  # nowhere left to say anything; the exit status still tells
            self._failed(OSError(errno.EBADF, "Bad file descriptor"))
        try:
            if self._fd is None:
                self._stream.write(text)  # type: ignore[union-attr]
            else:
                _write_all(self._fd, text.encode(self.encoding, ERRORS))
        except (OSError, ValueError) as error:
            self._failed(error)
        return len(text)

    def write_bytes(self, data: bytes) -> int:
        """Bytes as they are (a PDF): never escaped, since they are not text for a terminal."""
        if self._stream is None:
            self._failed(OSError(errno.EBADF, "Bad file descriptor"))
        try:
            self._stream.flush()  # type: ignore[union-attr]
            if self._fd is None:
                getattr(self._stream, "buffer", self._stream).write(data)  # type: ignore[union-attr]
            else:
                _write_all(self._fd, data)
        except (OSError, ValueError) as error:
            self._failed(error)
        return len(data)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except (OSError, ValueError) as error:
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, OSError) and error.errno in (errno.EPIPE, errno.ECONNRESET):
            raise BrokenPipe() from None
        if isinstance(error, OSError) and error.errno == errno.ENOSPC:
            reason = "no space left on the device"
        elif isinstance(error, OSError) and error.errno == errno.EBADF or isinstance(error, ValueError):
            reason = "it is closed"
        else:
            reason = getattr(error, "strerror", None) or str(error)
        raise OutputError(f"cannot write to {self.name}: {reason}") from None


def _descriptor(stream: TextIO | None) -> int | None:
    """The descriptor under a real standard stream (not a test runner's stand-in), flushed."""
    if stream is None or stream not in (sys.__stdout__, sys.__stderr__):
        return None
    try:
        stream.flush()
        return stream.fileno()
    except (OSError, ValueError, AttributeError):
        return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            # A descriptor left non-blocking by another program: wait until it takes more.
            import select

            select.select([], [fd], [])
            continue
        view = view[written:]


class GuardedStream(_Writer):
    """``sys.stdout`` or ``sys.stderr``: escaped writes, plus ``.unescaped`` for rich."""

    def __init__(self, stream: TextIO | None, name: str) -> None:
        super().__init__(stream, name, escape=True)
        self.unescaped = _Writer(stream, name, escape=False)


def _tolerant(stream: TextIO | None) -> TextIO | None:
    """The stream, with stand-ins for characters its encoding cannot hold."""
    if stream is None:
        return None
    try:
        "\u00d7\u2013".encode(stream.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        try:
            stream.reconfigure(errors=ERRORS)  # type: ignore[attr-defined]
        except (AttributeError, ValueError, OSError):
            pass
    return stream


def guard_streams() -> None:
    """Install the guarded streams (once; calling again changes nothing)."""
    if not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(_tolerant(sys.stdout), "standard output")  # type: ignore[assignment]
    if not isinstance(sys.stderr, GuardedStream):
        sys.stderr = GuardedStream(_tolerant(sys.stderr), "standard error")  # type: ignore[assignment]


def ascii_only() -> bool:
    """Whether standard output cannot hold UTF-8 text (JSON is then written with \\u escapes)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return codecs.lookup(encoding).name != "utf-8"


def finish() -> int | None:
    """Flush both streams; an exit status if standard output failed, else None.

    Afterwards each failed descriptor points at /dev/null, so the flush
    Python does at exit finds nothing left to fail on.
    """
    status = None
    for name in ("stdout", "stderr"):
        stream: Any = getattr(sys, name)
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipe:
            status = status or 141
            _silence(name)
        except OutputError as error:
            if name == "stdout":
                _say(f"hipcli: {error.message}\n")
                status = 1
            _silence(name)
    return status


def _say(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OutputError, BrokenPipe):
        pass


def _silence(name: str) -> None:
    """Point the failed stream's descriptor at /dev/null and drop what is buffered."""
    real = getattr(sys, f"__{name}__")
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        if real is not None:
            os.dup2(null, real.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass
    setattr(sys, name, GuardedStream(None, "standard output" if name == "stdout" else "standard error"))


__all__ = ["BrokenPipe", "GuardedStream", "OutputError", "ascii_only", "finish", "guard_streams"]
