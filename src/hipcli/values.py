"""Values checked at the door: what a person types or a file holds, before it reaches the log or a plan.

Every check raises ``RequestError`` (a usage error, exit 2) with one line
naming where the value came from (``what``: an option such as ``--why``, or
``log.csv: row 4: done``). The core never prints; the command line decides
how the error reaches the person.

- Whole numbers are ASCII digits only: ``str.isdigit`` also passes
  superscripts ('²') and other scripts' digits, which ``int()`` then refuses,
  and a 25-digit number overflows SQLite's 64-bit integers.
- One-line text (``edit --why``) refuses line breaks, other control
  characters, DEL, ESC and bidi overrides: each would either break the file
  it is written into or make the text read differently from what it holds.
- Any text may arrive with bytes that are not UTF-8 (a Latin-1 terminal, a
  file name): Python hands them over as lone surrogates, which SQLite and
  every encoder refuse later, mid-session. ``clean_text`` turns them into
  U+FFFD once, here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import RequestError

# A count hipcli records (reps, seconds, steps, a set number, a session id) never has more digits than this.
MAX_DIGITS = 9
# The longest free text (notes) a single field may hold; a 128 KiB "note" is a pasted file, not a note.
MAX_TEXT = 128 * 1024

_DIGITS = re.compile(r"[0-9]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# C0 controls (tab included), DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")

_NAMES = {
    "\n": "a line break", "\r": "a carriage return", "\t": "a tab", "\x1b": "an escape character (ESC)",
    "\x7f": "a delete character (DEL)", "\u2028": "a line separator", "\u2029": "a paragraph separator",
}


def _shown(value: str, limit: int = 60) -> str:
    from .text import one_line

    return one_line(value if len(value) <= limit else value[:limit] + "...")


def _describe(char: str) -> str:
    if char in _NAMES:
        return _NAMES[char]
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "a byte that is not UTF-8"
    if code in (0x061C, 0x200E, 0x200F) or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"a bidi control (U+{code:04X})"
    return f"a control character (U+{code:04X})"


def clean_text(value: str) -> str:
    """Text safe to store: bytes that were not UTF-8 become U+FFFD, the rest is kept as it is.

    ``surrogateescape`` (how Python decodes argv and file names) maps each
    undecodable byte to U+DC80..U+DCFF; encoding back with it and decoding with
    "replace" recovers every valid UTF-8 sequence around them. Any other lone
    surrogate (JSON's "\\ud800") becomes U+FFFD directly.
    """
    if value.isascii() or _SURROGATE.search(value) is None:
        return value
    try:
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        pass
    return _SURROGATE.sub("\ufffd", value)


def one_line_text(value: str, what: str, *, limit: int = 500) -> str:
    """``value`` if it is one line of plain text (surrounding spaces removed); else ``RequestError``."""
    if not isinstance(value, str):
        raise RequestError(f"{what}: must be text")
    bad = _NOT_ONE_LINE.search(value)
    if bad is not None:
        raise RequestError(f"{what}: '{_shown(value)}' holds {_describe(bad.group())}; write it as one line of plain text")
    if len(value) > limit:
        raise RequestError(f"{what}: is {len(value)} characters long; keep it under {limit}")
    return value.strip()


def whole_number(value: Any, what: str, *, low: int = 0, high: int | None = None) -> int:
    """A whole number from an int or from ASCII digits, within [low, high]; else ``RequestError``.

    ``str.isdigit`` is not used: it passes '²', and ``int('²')`` then fails.
    """
    if isinstance(value, bool):
        raise RequestError(f"{what}: {str(value).lower()} is not a whole number")
    if isinstance(value, int):
        number = value
        if abs(number).bit_length() > 40:  # cheap, and never converts a 5,000-digit int to text
            raise RequestError(f"{what}: the number is far too large")
    elif isinstance(value, str):
        text = value.strip()
        if not _DIGITS.fullmatch(text):
            raise RequestError(f"{what}: '{_shown(text)}' is not a whole number (digits 0-9 only)")
        if len(text.lstrip("0")) > MAX_DIGITS:
            raise RequestError(f"{what}: {_shown(text, 20)} has more digits than any count hipcli keeps")
        number = int(text)
    else:
        raise RequestError(f"{what}: must be a whole number, not {_kind(value)}")
    if number < low or (high is not None and number > high):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise RequestError(f"{what}: {number} must be {span}")
    return number


def band_level(value: Any, what: str, colours: Mapping[str, str] | None = None) -> str:
    """A band level from its name ('medium') or its colour on the chart ('green' -> 'medium'); else ``RequestError``.

    ``colours`` is the chart in use, level -> colour (``catalogue.charts[catalogue.default_chart].colours``).
    """
    from .models import BAND_LEVELS

    if not isinstance(value, str):
        raise RequestError(f"{what}: must be a band level, not {_kind(value)}")
    text = value.strip().lower()
    if text in BAND_LEVELS:
        return text
    by_colour = {colour.strip().lower(): level for level, colour in (colours or {}).items()}
    if text in by_colour:
        return by_colour[text]
    known = ", ".join(f"{colour} ({level})" for level, colour in (colours or {}).items())
    raise RequestError(
        f"{what}: '{_shown(value)}' is not a band level ({', '.join(BAND_LEVELS)})"
        + (f" or a colour on the band chart: {known}" if known else "")
    )


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, float):
        return "a fraction"
    return type(value).__name__


__all__ = ["MAX_TEXT", "band_level", "clean_text", "one_line_text", "whole_number"]
