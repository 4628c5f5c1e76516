"""How doses, rests, bands and times read in words.

Shared by the terminal renderer and the Markdown and calendar exports, so a
dose reads the same everywhere. Plain strings only: no rich, no printing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import BandChart
    from .plans import BandLegend

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
