"""What the plan and list tables show, as plain strings: one source for both ways of drawing them.

``render.py`` lays these out with rich (on a terminal); ``cli/plain.py`` lays
them out as text, the same way, without importing rich (in a pipe). Every
value is escaped here, where it is placed. No rich, no printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import wording as fmt
from .text import visible

if TYPE_CHECKING:
    from .models import Block, Exercise, Plan


@dataclass(frozen=True)
class Column:
    """A table column as rich's ``add_column`` takes it (only the settings hipcli uses)."""

    header: str
    ratio: int | None = None
    min_width: int | None = None
    max_width: int | None = None
    no_wrap: bool = False
    overflow: str = "ellipsis"


@dataclass(frozen=True)
class TableView:
    title: str | None
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


def wrapped(text: str, width: int, first: str, rest: str) -> str:
    """``text`` filled to ``width`` (at least 30) with these indents; never broken inside a word or at a hyphen."""
    import textwrap

    return textwrap.fill(
        visible(text), width=max(width, 30), initial_indent=first, subsequent_indent=rest,
        break_long_words=False, break_on_hyphens=False,
    )


def bullets(items: Sequence[str], *, numbered: bool = False, width: int = 80) -> str:
    """A list with hanging indents: '- item' or '1. item', each wrapped under itself."""
    lines = []
    for number, item in enumerate(items, 1):
        marker = f"{number}. " if numbered else "- "
        lines.append(wrapped(item, width, marker, " " * len(marker)))
    return "\n".join(lines).rstrip()


def item_band(level: str | None, plan: Plan) -> str:
    return fmt.band(level, plan.bands) or "-"


def plan_header(plan: Plan, heading: str | None = None) -> tuple[str, ...]:
    """The title line, the time-kit-avoid line and the band colours line of a plan."""
    from .planner import plan_seconds  # here, so showing a card skips the planner

    request = plan.request
    session = {"warmup": "Warm-up", "strength": "Strength session", "mobility": "Mobility session"}[request.session]
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    avoid = fmt.labels(request.avoid) if request.avoid else "nothing"
    lines = [
        visible(heading or f"{session}: {request.level}, goal {request.goal}"),
        visible(f"About {fmt.duration(plan_seconds(plan))} (budget {request.minutes} min). Kit: {kit}. Avoiding: {avoid}. Seed {request.seed}."),
    ]
    if plan.bands:
        colours = ", ".join(f"{level} {colour}" for level, colour in plan.bands.colours.items())
        lines.append(visible(f"Band colours on the {plan.bands.chart} chart: {colours}."))
    return tuple(lines)


def block_table(block: Block, plan: Plan, width: int) -> TableView:
    """One block of a plan: exercise, dose, band and cue.

    The dose and the band are what a person acts on: never cut. The band
    wraps only between words ('extra-light' / '(yellow)'), so its column is at
    least its longest word. Cues and names wrap instead; on a narrow screen
    the cue goes under the name rather than into a sliver.
    """
    bands = [item_band(item.band, plan) for item in block.exercises]
    narrow = width < 72
    shortest = max(len(word) for band in bands for word in band.split())
    columns = [
        Column("exercise" + (" and cue" if narrow else ""), ratio=4, min_width=14, overflow="fold"),
        Column("dose", no_wrap=True),
        Column("band", ratio=None if narrow else 3, min_width=shortest, max_width=shortest if narrow else None, overflow="fold"),
    ]
    if not narrow:
        columns.append(Column("cue", ratio=6, overflow="fold"))
    rows = []
    for item, band in zip(block.exercises, bands):
        pace = f"rest {fmt.rest(item.rest)}" + (f", tempo {item.tempo}" if item.tempo else "")
        cue = item.cue + (f"\nEffort: {item.effort}" if item.effort else "")
        cells = [
            visible(item.name + (f"\nCue: {cue}" if narrow else "")),
            visible(fmt.dose(item.sets, item.unit, item.amount, item.per_side) + "\n" + pace + ("\nset by hand" if item.override else "")),
            visible(band),
        ]
        rows.append(tuple(cells + ([] if narrow else [visible(cue)])))
    return TableView(None, tuple(columns), tuple(rows))


def exercise_table(exercises: list[Exercise]) -> TableView:
    """The list of exercises: slug and name, level, kit and what each trains."""
    # Wide enough that a slug, which people copy into other commands, never breaks.
    widest = max((len(exercise.slug) for exercise in exercises), default=8)
    longest_name = max((len(exercise.name) for exercise in exercises), default=8)
    rows = tuple(
        (
            visible(exercise.slug) + "\n" + visible(exercise.name),
            visible(exercise.level),
            # One item a line: a list folded at a comma reads as a new item.
            visible("\n".join(fmt.label(item) for item in exercise.equipment) or "none"),
            visible(fmt.labels(exercise.groups()) or fmt.labels(exercise.primary)),
        )
        for exercise in exercises
    )

    def longest_word(column: int) -> int:
        # Cells wrap between words only: rich would fold "kettlebell" into "kettlebel" / "l" otherwise.
        return max((len(word) for row in rows for word in row[column].split()), default=4)

    columns = (
        Column("exercise", min_width=min(widest, 40), max_width=min(max(widest, longest_name), 40), overflow="fold"),
        Column("level", no_wrap=True),
        Column("kit", ratio=1, min_width=longest_word(2), overflow="fold"),
        Column("trains", ratio=2, min_width=longest_word(3), overflow="fold"),
    )
    return TableView(f"{len(exercises)} exercise{'s' if len(exercises) != 1 else ''}", columns, rows)
