"""The one escaping path for text hipcli did not write itself.

A card, a plan file, a file name or an option value may hold a control or a
bidi character; shown as itself it could drive the terminal (clear the
screen, set the clipboard, reorder what is read). Every such value goes
through here on its way out. The bottom floor: it imports nothing from
hipcli, so any module, models included, may use it.
"""

from __future__ import annotations

import re
from functools import cache

# Bidirectional controls reorder what a reader sees (U+202E shows "exe.txt"
# for "txt.exe"): shown as escapes like the C0 and C1 controls.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Lone surrogates stand for undecodable bytes in file names (0x9b would be a C1 CSI).
_PATTERNS = {
    "visible": f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\\ud800-\\udfff]",
    # One-line messages also escape the Unicode line and paragraph separators, which split a line for
    # str.splitlines, TOML and some terminals alike.
    "one_line": f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\\u2028\\u2029\\ud800-\\udfff]",
    # What JSON output must escape beyond what json.dumps does (C0): DEL, C1, bidi.
    "json": f"[\\x7f-\\x9f{BIDI_CONTROLS}]",
    # The same for pure ASCII text, whose patterns compile ten times faster.
    "ascii-visible": "[\\x00-\\x08\\x0b-\\x1f\\x7f]",
    "ascii-one_line": "[\\x00-\\x1f\\x7f]",
    "ascii-json": "[\\x7f]",
}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    # Compiled on first use: a class with Unicode ranges takes over a millisecond
    # to compile, and every command writes through here (bench/startup.py).
    return re.compile(_PATTERNS[name])


def _for(name: str, text: str) -> re.Pattern[str]:
    return _pattern(f"ascii-{name}" if text.isascii() else name)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Show control characters as escapes, so a shared file cannot drive the terminal.

    This is the one escaping path to the terminal: the command line applies it
    to everything it writes (``SafeStream``), rich output included.
    """
    return _for("visible", text).sub(_escape, text)


def one_line(text: str) -> str:
    """Like ``visible``, but line breaks and tabs are escaped too: for one-line messages."""
    return _for("one_line", text).sub(_escape, text)


def has_control(text: str) -> bool:
    """Whether text holds a control or bidi character that ``visible`` would escape."""
    # Printable text (no Cc, Cf, surrogates or separators: every character
    # ``visible`` escapes is outside it) is the common case; str.isprintable
    # answers it without the regex, once per rich segment.
    return not text.isprintable() and _for("visible", text).search(text) is not None


def json_text(text: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with DEL, C1 and bidi controls escaped too.

    Outside strings JSON is ASCII, so every such character is inside a string,
    where ``\\uXXXX`` means the same character to any JSON reader. The same
    holds for TOML that tomli-w wrote (it escapes C0 and DEL itself, and TOML
    allows no control character outside a string), so ``toml_text`` is this.
    """
    return _for("json", text).sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@cache
def _not_name() -> re.Pattern[str]:
    return re.compile(r"[^a-z0-9]+")


def normalise(name: str) -> str:
    """'Banded Hip March' and 'banded-hip-march' are the same name."""
    # Compiled once, on first use: a cold read of 10,000 cards normalises some 80,000 names,
    # and re.sub looks its pattern up in re's cache each time.
    return _not_name().sub("-", name.lower()).strip("-")


toml_text = json_text
