"""Reading the files a person hands hipcli: regular files only, of a sane size, UTF-8, TOML.

Every way a read can fail becomes one sentence naming the file (and the
line, for TOML), raised as the caller's error type. ``files.py`` is the
other half: writing safely.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .text import one_line


# A catalogue of ten thousand exercises is about 6 MB; anything far beyond is not one.
MAX_BYTES = 64 * 1024 * 1024


def read_bytes(file: Path, error: type[Exception], *, noun: str = "file", limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, or one sentence saying why they cannot be read.

    Opened without blocking and checked on the open descriptor, so a FIFO or a
    device is named for what it is instead of hanging the command, and a file
    swapped after a check is still caught.
    """
    from .files import special_kind

    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{one_line(str(file))}: no such {noun}") from None
    except IsADirectoryError:
        raise error(f"{one_line(str(file))}: is a folder, not a {noun}") from None
    except OSError as exc:
        raise error(f"{one_line(str(file))}: cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(descriptor)
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise error(f"{one_line(str(file))}: is {kind}, not a {noun}")
        if info.st_size > limit:
            raise error(
                f"{one_line(str(file))}: is {info.st_size / 1e6:.0f} MB; a {noun} is at most {limit // 1_000_000} MB"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        chunks = []
        while chunk := os.read(descriptor, max(info.st_size + 1, 65536)):
            chunks.append(chunk)
            if sum(map(len, chunks)) > limit:
                raise error(f"{one_line(str(file))}: is larger than {limit // 1_000_000} MB; not a {noun}")
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"{one_line(str(file))}: cannot read: {exc.strerror}") from None
    finally:
        os.close(descriptor)


BOM = b"\xef\xbb\xbf"


def decode(file: Path, raw: bytes, error: type[Exception]) -> str:
    """UTF-8 text (a leading byte-order mark is allowed and dropped), or one sentence."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{one_line(str(file))}: line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    if not text.strip():
        raise error(f"{one_line(str(file))}: the file is empty")
    return text


def read_text(file: Path, error: type[Exception], *, noun: str = "file") -> str:
    """A file's text, or one sentence saying why it cannot be read."""
    return decode(file, read_bytes(file, error, noun=noun), error)


def read_toml(file: Path, error: type[Exception], raw: bytes | None = None) -> tuple[dict[str, Any], str]:
    """Parse a TOML file (or its bytes, already read), turning every way it can fail into one sentence."""
    import tomllib

    text = decode(file, read_bytes(file, error) if raw is None else raw, error)
    if len(text) >= FAST_PARSE_FROM:
        parsed = _fast_parse(text)
        if parsed is not None:
            return parsed, text
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        where = f"line {found[1]}, column {found[2]}: " if found else ""
        raise error(f"{file}: {where}invalid TOML: {reason}") from None
    except RecursionError:
        raise error(f"{file}: arrays or tables are nested too deeply to read") from None


# Big files are parsed by rtoml (Rust), about seven times faster than tomllib
# (bench/scale.py). Small ones, and anything rtoml rejects, go to tomllib,
# whose messages name the line and column: a broken file reads the same
# either way, and tests/test_catalogue_speed.py checks the two agree.
FAST_PARSE_FROM = 256 * 1024


def _fast_parse(text: str) -> dict[str, Any] | None:
    try:
        import rtoml
    except ImportError:
        return None
    try:
        return rtoml.loads(text)
    except Exception:  # any refusal: tomllib decides, and says why
        return None
