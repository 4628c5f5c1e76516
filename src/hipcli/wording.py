"""How doses, rests, bands and times read in words.

Shared by the terminal renderer and the Markdown and calendar exports, so a
dose reads the same everywhere. Plain strings only: no rich, no printing.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import BandChart, BandLegend

CATEGORY_LABELS: dict[str, str] = {
    "activation": "warm-up / activation",
    "strength": "strength",
    "mobility": "mobility",
    "core": "core / stability",
    "power": "power / speed drill",
}

LATERALITY_LABELS: dict[str, str] = {
    "both": "both legs together",
    "alternating": "alternating sides",
    "one-side": "one side at a time",
}

# Bidirectional controls reorder what a reader sees (U+202E shows "exe.txt"
# for "txt.exe"): shown as escapes like the C0 and C1 controls.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Lone surrogates stand for undecodable bytes in file names (0x9b would be a C1 CSI).
_PATTERNS = {
    "visible": f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\\ud800-\\udfff]",
    "one_line": f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\\ud800-\\udfff]",
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
    where ``\\uXXXX`` means the same character to any JSON reader.
    """
    return _for("json", text).sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}\u2013{high}"


def amount(unit: str, value: tuple[int, int], per_side: bool) -> str:
    """'8–10 per side', '30 s per side', '10 steps each way'."""
    text = span(*value)
    if unit == "seconds":
        text += " s"
    elif unit == "steps":
        text += " steps"
    if per_side:
        text += " each way" if unit == "steps" else " per side"
    return text


def dose(sets: tuple[int, int] | int, unit: str, value: tuple[int, int], per_side: bool) -> str:
    """'2–3 × 8–10 per side'."""
    count = span(*sets) if isinstance(sets, tuple) else str(sets)
    return f"{count} \u00d7 {amount(unit, value, per_side)}"


def rest(seconds: int) -> str:
    return "none" if seconds == 0 else f"{seconds} s"


def band(level: str | None, chart: BandChart | BandLegend | None) -> str:
    """'light (red)': the level, and its colour on the one chart cards and plans use.

    Every place that shows a band goes through here, so a level cannot read
    as one colour on a card and another in a plan or a file.
    """
    if level is None:
        return ""
    colour = chart.colours.get(level) if chart else None
    return f"{level} ({colour})" if colour else level


def duration(seconds: float) -> str:
    """Whole minutes, rounded up: an estimate should not promise less time than it takes."""
    minutes = int(-(-seconds // 60))
    return f"{minutes} min"


def label(word: str) -> str:
    """'psoas-major' -> 'psoas major'."""
    return word.replace("-", " ")


def labels(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(label(word) for word in words)


def category(value: str) -> str:
    return CATEGORY_LABELS.get(value, value)


def session(value: str) -> str:
    return {"warmup": "warm-up"}.get(value, value)


def laterality(value: str) -> str:
    return LATERALITY_LABELS.get(value, value)
