"""What the plan and list tables show, as plain strings: one source for both ways of drawing them.

``render.py`` lays these out with rich (on a terminal); ``cli/plain.py`` lays
them out as text, the same way, without importing rich (in a pipe). Every
value is escaped here, where it is placed. No rich, no printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import wording as fmt
from .records import Model, model
from .text import visible

if TYPE_CHECKING:
    from .models import Exercise
    from .plans import Block, Plan


# records.model, not a frozen dataclass: the same record, without writing six methods at every start-up.
@model(kw_only=False)
class Column(Model):
    """A table column as rich's ``add_column`` takes it (only the settings hipcli uses)."""

    header: str
    ratio: int | None = None
    width: int | None = None  # fixed, padding aside
    min_width: int | None = None
    max_width: int | None = None
    no_wrap: bool = False
    overflow: str = "ellipsis"


@model(kw_only=False)
class TableView(Model):
    """A table as plain strings: title, columns and rows, for rich and for plain text alike."""
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


def exercise_table(exercises: list[Exercise], width: int = 80) -> TableView:
    """The list of exercises ``width`` columns wide: slug and name, level, kit and what each trains.

    Cells wrap between words only: each column is given a fixed width of at
    least its longest word (a ratio column's min_width is ignored by rich when
    it shares out the width, so "kettlebell" folded into "kettleb" / "ell"),
    and the slug, which people copy into other commands, is never broken.
    Room left over goes to the kit until each item is on one line, then to
    what the card trains, then to the name, and the rest to what it trains.
    Where the words do not fit, the level moves under the name, then kit and
    what it trains share one column; on a screen narrower than even that, the
    columns are left to the table, which folds the words it must.
    """
    slugs = [visible(exercise.slug) for exercise in exercises]
    names = [visible(exercise.name) for exercise in exercises]
    levels = [visible(exercise.level) for exercise in exercises]
    # One item a line: a list folded at a comma reads as a new item.
    kits = [visible("\n".join(fmt.label(item) for item in exercise.equipment) or "none") for exercise in exercises]
    trains = [visible(fmt.labels(exercise.groups()) or fmt.labels(exercise.primary)) for exercise in exercises]
    title = f"{len(exercises)} exercise{'s' if len(exercises) != 1 else ''}"

    first = max(_longest_line(slugs), _longest_word(names), len("exercise"))
    level = max(_longest_line(levels), len("level"))
    kit = max(_longest_word(kits), len("kit"))
    goals = max(_longest_word(trains), len("trains"))
    wanted = {"kit": _longest_line(kits), "trains": _longest_line(trains),
              "kit, trains": max(_longest_line(kits), _longest_line(trains)), "exercise": max(_longest_line(names), first)}
    layouts: list[dict[str, int]] = [
        {"exercise": first, "level": level, "kit": kit, "trains": goals},
        {"exercise": max(first, level), "kit": kit, "trains": goals},
        {"exercise": max(first, level), "kit, trains": max(kit, goals, len("kit, trains"))},
    ]
    chosen: dict[str, int | None] = {name: None for name in layouts[-1]}
    for layout in layouts:
        # Plain or rounded boxes: an edge and a space each side, and " | " between columns.
        room = width - (3 * len(layout) + 1) - sum(layout.values())
        if room < 0:
            continue
        for name in ("kit", "trains", "kit, trains", "exercise"):
            if name in layout:
                grow = min(room, max(0, wanted[name] - layout[name]))
                layout[name] += grow
                room -= grow
        layout["kit, trains" if "kit, trains" in layout else "trains"] += room
        chosen = dict(layout)
        break

    columns = tuple(Column(name, width=size, no_wrap=name == "level", overflow="fold") for name, size in chosen.items())
    under = "level" not in chosen  # the level goes under the name
    shared = "kit, trains" in chosen
    rows = []
    for slug, name, level_, kit_, trains_ in zip(slugs, names, levels, kits, trains):
        row = [f"{slug}\n{name}" + (f"\n{level_}" if under else "")]
        if not under:
            row.append(level_)
        row += [f"{kit_}\n{trains_}"] if shared else [kit_, trains_]
        rows.append(tuple(row))
    return TableView(title, columns, tuple(rows))


def _longest_word(texts: list[str]) -> int:
    return max((len(word) for text in texts for word in text.split()), default=4)


def _longest_line(texts: list[str]) -> int:
    return max((len(line) for text in texts for line in text.split("\n")), default=4)
