"""The guided session on screen: rich renderables for a trainer state.

Like ``render.py``, functions here build renderables and never print; the
shell hands them to rich's ``Live`` in full-screen mode. Every string from the
catalogue or a plan file goes through ``render.lit`` (shown literally, control
characters escaped). Values a person acts on (the dose, the band and its
colour, the reps to confirm) wrap rather than being cut off, down to 60
columns.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.color import Color, ColorParseError
from rich.console import Console, Group, RenderableType
from rich.text import Text

from . import wording as fmt
from .render import lit
from .recap import Recap
from .drills import Drill
from .trainer import State

# A 3x5 block font for the countdown: big enough to read from a mat.
_FONT = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
}

STAGE_TITLES = {
    "setup": "GET SET",
    "ready": "GET READY",
    "switch": "SWITCH SIDES",
    "rest": "REST",
    "record": "HOW DID IT GO?",
    "done": "DONE",
}
STAGE_STYLES = {
    "setup": "bold cyan",
    "ready": "bold yellow",
    "switch": "bold yellow",
    "work": "bold green",
    "rest": "bold blue",
    "record": "bold magenta",
    "done": "bold",
}


def clock(seconds: float, *, always_minutes: bool = False) -> str:
    """'1:05' for 65 seconds, '45' under a minute (or '0:45', for elapsed time)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 or always_minutes else str(whole)


def big(text: str, style: str = "", scale: int = 1, *, centre: bool = False) -> Text:
    """The block font at ``scale``: each cell twice as wide as tall, as terminal cells are about 1:2."""
    rows = []
    for row in range(5):
        line = (" " * scale).join(
            "".join(cell * (2 * scale if scale > 1 else 1) for cell in _FONT[char][row]) for char in text if char in _FONT
        )
        rows.extend([line] * scale)
    return Text("\n".join(rows), style=style, justify="center" if centre else None)


def big_scale(text: str, width: int, rows: int) -> int:
    """The largest scale at which ``text`` fits ``rows`` rows and ``width`` columns; 0 if not even the smallest."""
    scale = 6
    while scale >= 1:
        if 5 * scale <= rows and _widest(big(text, scale=scale)) <= width:
            return scale
        scale -= 1
    return 0


def _widest(text: Text) -> int:
    return max((len(line) for line in text.plain.split("\n")), default=0)


def _swatch(colour: str | None) -> Text:
    """A block in the band's colour, when the colour's name is one the terminal knows."""
    if not colour:
        return Text()
    try:
        Color.parse(colour.lower())
    except ColorParseError:
        return Text()
    return Text(" \u2588\u2588", style=colour.lower())


def _keys(state: State, width: int) -> Text:
    kind = state.stage.kind
    if state.confirm_quit:
        pairs = [("y", "quit (what is done stays in the log)"), ("any other key", "carry on")]
    elif state.alert is not None:
        pairs = [("n", "stop this exercise"), ("Enter", "carry on anyway"), ("b", "redo the set"), ("q", "quit")]
    elif state.correcting is not None:
        pairs = [("Enter", "save the change"), ("0-9", "type"), ("+/-", "adjust"), ("Tab", "effort, pain"),
                 ("c", "leave it as it was")]
    elif kind == "record":
        pairs = [
            ("Enter", "save"),
            ("0-9", "type"),
            ("+/-", "adjust"),
            ("Tab", "effort, pain"),
            ("s", "don't record"),
            ("b", "redo the set"),
        ]
    else:
        go = {"work": "done" if (state.drill and not state.drill.timed) else "done early"}.get(kind, "start now")
        pairs = [
            ("Enter", go),
            ("Space", "resume" if state.paused else "pause"),
            ("s", "skip"),
            ("b", "back"),
            ("n", "next exercise"),
            ("i", "less" if state.detail else "more"),
        ]
        if state.drill and state.drill.tempo and not state.drill.timed:
            pairs.append(("t", "pace off" if state.pace else "pace"))
        if state.recorded:
            pairs.append(("c", "correct the last set"))
        pairs.append(("m", "bell on" if not state.bell else "mute"))
        pairs.append(("q", "quit"))
    # Packed into lines here, so a narrow screen breaks between keys, never inside "n next exercise".
    out = Text()
    used = 0
    for key, meaning in pairs:
        size = len(key) + 1 + len(meaning)
        if used and used + 2 + size > width:
            out.append("\n")
            used = 0
        elif used:
            out.append("  ")
            used += 2
        out.append(key, style="bold reverse")
        out.append(f" {meaning}")
        used += size
    return out


def _record(state: State) -> RenderableType:
    draft = state.draft
    drill = state.drills[state.correcting[0]] if state.correcting is not None else state.drill
    assert draft is not None and drill is not None
    unit = {"reps": "reps done", "seconds": "seconds held", "steps": "steps done"}[drill.unit]
    scale = f"0-10 {drill.effort_scale}, optional" if drill.effort_scale else "0-10, how hard it felt, optional"
    out = Text()
    fields = [
        ("amount", unit, draft.amount, f"target {fmt.span(drill.low, drill.high)}"),
        ("effort", "effort", draft.effort, scale),
        ("pain", "pain", draft.pain, f"0-10, {drill.pain_limit} at most ({drill.pain_source}), optional"),
    ]
    for name, label, value, hint in fields:
        focused = draft.focus == name
        out.append("\u25b6 " if focused else "  ", style="bold")
        out.append(f"{label}: ")
        out.append(f" {'-' if value is None else value} ", style="bold reverse" if focused else "bold")
        out.append(f"  ({hint})\n", style="dim")
    out.rstrip()
    return out


# What a short screen keeps, most needed first: what to do now (the stage,
# the countdown or the form, the dose and band, quitting), then where you are
# and the keys, then the cue, then the rest. Blank spacer lines go next to
# last; the drawing of the positions goes before anything else.
NOW, WHERE, CUE, MORE, SPARE, SPACE, FIGURE = range(7)

# A drawing is worth showing from this size; below it the screen is as it was.
FIGURE_MIN_WIDTH = 60
FIGURE_MIN_ROWS = 6  # five rows of braille and the "start / end" labels
FIGURE_MAX_ROWS = 10  # more would take the rows a big countdown reads from across a room

# The card's positions in braille at a width and height, by slug ([] for a card without a figure).
Drawer = Callable[[str, int, int], list[str]]


def screen(state: State, *, width: int = 80, height: int = 24, figure: Drawer | None = None) -> RenderableType:
    """Everything on one screen: the countdown, the exercise, its dose and band, what comes next.

    On a screen too short for all of it, the least needed lines are left out
    (``_fit``), so the dose, the band and the countdown are never the lines cut.
    With ``figure`` (the shell passes one on a colour, UTF-8 terminal), the
    exercise's start and end positions are drawn below the dose in the rows
    the rest leaves free, and left out first when there are none.
    """
    drill = state.drill
    parts: list[tuple[int, Text]] = []
    if drill is None:
        parts.append((NOW, Text("Session complete", style="bold")))
        parts.append((NOW, Text(f"{len(state.recorded)} sets recorded in {clock(state.elapsed, always_minutes=True)}")))
        return _fit(parts, width, height)

    _exercise_lines(parts, state, drill)
    drawing_at = len(parts)
    parts.append((SPACE, Text()))
    heading, style = _heading(state, drill)
    big_at = _stage_lines(parts, state, drill, heading, style, width, height)
    parts.append((SPACE, Text()))
    _closing_lines(parts, state, drill, width)
    # A countdown keeps room to double its digits before the drawing gets any: it is read from the mat.
    reserve = 5 if big_at is not None and height >= 18 and big_scale(clock(state.counter or 0), width, 10) >= 2 else 0
    drawn = figure is not None and _draw(parts, drawing_at, figure, drill.slug, width, height - reserve)
    if big_at is not None and state.counter is not None:
        if drawn:
            big_at += 2
        _scale_countdown(parts, big_at, clock(state.counter), style, width, height, keep_all=drawn)
    return _fit(parts, width, height)


def _exercise_lines(parts: list[tuple[int, Text]], state: State, drill: Drill) -> None:
    """The exercise and where it is in the session, its dose, effort and band, and the set and side."""
    stage = state.stage
    header = Text()
    header.append_text(lit(drill.name, "bold"))
    header.append(f"   exercise {stage.drill + 1} of {len(state.drills)}", style="dim")
    parts.append((WHERE, header))
    if drill.block:
        parts.append((SPARE, lit(drill.block, "dim")))

    dose = Text()
    dose.append_text(lit(drill.dose, "bold"))
    dose.append(f"   rest {fmt.rest(drill.rest)}")
    if drill.tempo and not drill.timed:
        dose.append(f"   tempo {drill.tempo}")
    parts.append((NOW, dose))
    if drill.effort:
        effort = Text("effort ", style="dim")
        effort.append_text(lit(drill.effort))
        parts.append((MORE, effort))
    if drill.band:
        band = Text("band ")
        band.append_text(lit(drill.band_text, "bold"))
        band.append_text(_swatch(drill.band_colour))
        if drill.placement:
            band.append("  ")
            band.append_text(lit(drill.placement, "dim"))
        parts.append((NOW, band))

    counters = Text()
    if stage.set:
        counters.append(f"set {stage.set} of {drill.sets}", style="bold")
        side = drill.sides[stage.side]
        if side:
            counters.append(f"   {side} side", style="bold")
    parts.append((NOW, counters))


def _heading(state: State, drill: Drill) -> tuple[Text, str]:
    """The stage's title (and what the wait is for), with the style the stage's lines share."""
    stage = state.stage
    title = STAGE_TITLES.get(stage.kind, "HOLD" if drill.timed else "GO")
    if state.paused and not state.confirm_quit and state.alert is None and state.correcting is None:
        title += "  (paused)"
    style = "bold" if state.paused else STAGE_STYLES.get(stage.kind, "bold")
    heading = Text(title, style=style)
    if stage.kind == "switch" and drill.sides[stage.side]:
        heading.append(f": {drill.sides[stage.side]} side next", style=style)
    purpose = _purpose(state)
    if purpose and state.alert is None and state.correcting is None:
        heading.append(f"  {purpose}", style="bold" if stage.kind == "setup" else "")
    return heading, style


def _stage_lines(
    parts: list[tuple[int, Text]], state: State, drill: Drill, heading: Text, style: str, width: int, height: int
) -> int | None:
    """What to do now: a pain warning, a set being corrected, or the heading and the count, form or target.

    Returns where the countdown is among ``parts``, if there is one, so it can grow later.
    """
    if state.alert is not None:
        # The warning replaces the form, on the screen of the exercise and side that hurt.
        parts.append((NOW, Text("STOP?", style="bold red")))
        parts.append((NOW, lit(state.alert.text(), "bold red")))
        return None
    if state.correcting is not None:
        _correcting_lines(parts, state)
        return None
    parts.append((NOW, heading))
    stage = state.stage
    if stage.kind == "record":
        parts.append((NOW, _record(state)))
        return None
    if state.counter is not None:
        number = clock(state.counter)
        parts.append((NOW, big(number, style) if height >= 18 and width >= 20 else Text(number, style=style)))
        return len(parts) - 1
    # Reps: the count is the person's; the clock only shows time in the set.
    parts.append((NOW, lit(drill.target(drill.sides[stage.side]), style)))
    parts.append((MORE, Text(f"{clock(state.in_stage, always_minutes=True)} in this set", style="dim")))
    pace = state.pace_now() if state.pace else None
    if pace is not None:
        rep, part, left = pace
        parts.append((NOW, Text(f"rep {rep}: {part.upper()} {left}", style="bold")))
    return None


def _correcting_lines(parts: list[tuple[int, Text]], state: State) -> None:
    assert state.correcting is not None
    number, set_number, side = state.correcting
    fixing = state.drills[number]
    parts.append((NOW, Text("CORRECT A RECORDED SET", style="bold magenta")))
    place = Text()
    place.append_text(lit(fixing.name, "bold"))
    place.append(f", set {set_number}" + (f", {side} side" if side else "") + "  (the clock is stopped)")
    parts.append((NOW, place))
    parts.append((NOW, _record(state)))


def _closing_lines(parts: list[tuple[int, Text]], state: State, drill: Drill, width: int) -> None:
    """The cue, what comes next, the time, a quit question, the keys, and the steps when asked for."""
    cue = Text("cue ", style="dim")
    cue.append_text(lit(drill.cue))
    parts.append((CUE, cue))
    upcoming = state.upcoming()
    if upcoming:
        following = Text("next ", style="dim")
        following.append_text(lit(upcoming))
        parts.append((MORE, following))
    timing = Text(f"elapsed {clock(state.elapsed, always_minutes=True)} of about {fmt.duration(state.estimate)}", style="dim")
    if not state.bell:
        timing.append("   bell muted", style="dim")
    parts.append((SPARE, timing))
    if state.confirm_quit:
        recorded = len(state.recorded)
        parts.append((NOW, Text(f"Quit? The {recorded} set{'s' if recorded != 1 else ''} recorded stay in the log.", "bold")))
    parts.append((NOW if state.confirm_quit else WHERE, _keys(state, width)))  # a question needs its answers
    if state.detail:
        # Asked for with "i": kept before the cue line, after what to do now.
        parts.append((SPACE, Text()))
        parts.append((WHERE, Text("How to do it", style="bold")))
        for number, text in enumerate(drill.steps, 1):
            parts.append((WHERE, lit(f"{number}. {text}")))
        if drill.mistakes:
            parts.append((CUE, Text("Common mistakes", style="bold")))
            for text in drill.mistakes:
                parts.append((CUE, lit(f"- {text}")))


def _draw(parts: list[tuple[int, Text]], at: int, figure: Drawer, slug: str, width: int, height: int) -> bool:
    """Put the positions' drawing at ``at`` if the rows every other line leaves free hold one; whether it went in.

    The drawing only takes rows nothing else needs, so a short screen loses
    it before a spacer, the cue or the elapsed time.
    """
    if width < FIGURE_MIN_WIDTH:
        return False
    free = height - sum(_rows(text, width) for _, text in parts) - 1  # a blank line parts it from the dose
    if free < FIGURE_MIN_ROWS:
        return False
    lines = figure(slug, min(width, 100) - 2, min(free, FIGURE_MAX_ROWS))
    if not lines:
        return False
    parts[at:at] = [(FIGURE, Text()), (FIGURE, Text("\n".join(lines), no_wrap=True, overflow="crop"))]
    return True


def _purpose(state: State) -> str:
    """What a count is for, so a person knows why they are waiting."""
    stage = state.stage
    drill = state.drill
    if drill is None:
        return ""
    if stage.kind == "setup":
        band = f"put the {drill.band} band on, " if drill.band else ""
        return f"{band}get into position (Enter starts now)"
    if stage.kind == "ready":
        return "get into position; the hold starts at 0"
    if stage.kind == "switch":
        return "the next hold starts at 0"
    if stage.kind == "work" and drill.timed and state.hands_free:
        return "hands-free: it records itself at 0"
    return ""


def _scale_countdown(
    parts: list[tuple[int, Text]], at: int, number: str, style: str, width: int, height: int, *, keep_all: bool = False
) -> None:
    """Grow the countdown into the rows the other needed lines leave free, centred, readable across a room.

    With a drawing on screen (``keep_all``) it grows only into rows no line
    uses, so nothing ranked above the drawing is pushed off for it.
    """
    if height < 18 or width < 20:
        return
    others = sum(
        _rows(text, width) for index, (rank, text) in enumerate(parts) if index != at and (keep_all or rank <= MORE)
    )
    scale = big_scale(number, width, height - others)
    if scale > 1:
        parts[at] = (NOW, big(number, style, scale, centre=True))
    else:
        parts[at] = (NOW, big(number, style, centre=width >= 60))


def _fit(parts: list[tuple[int, Text]], width: int, height: int) -> Group:
    """The parts in their order, leaving out the least needed until they fit ``height`` rows at ``width``."""
    rows = [_rows(text, width) for _, text in parts]
    keep = [True] * len(parts)
    total = sum(rows)
    for rank in range(FIGURE, NOW, -1):
        # Within a rank, drop from the bottom up: the lines nearer the top are read first.
        for index in range(len(parts) - 1, -1, -1):
            if total <= height:
                break
            if keep[index] and parts[index][0] == rank:
                keep[index] = False
                total -= rows[index]
    return Group(*(text for (_, text), kept in zip(parts, keep) if kept))


def _rows(text: Text, width: int) -> int:
    """How many screen rows a text takes, wrapped as rich wraps it."""
    return len(text.wrap(_measurer(), max(1, width)))


_scratch: Console | None = None


def _measurer() -> Console:
    """A console that only measures (no output): rich's own wrapping decides the row count."""
    global _scratch
    if _scratch is None:
        import io

        _scratch = Console(file=io.StringIO(), width=200, color_system=None)
    return _scratch


def summary(state: State, where: str | None) -> Text:
    """The line left on the normal screen after the session."""
    count = len(state.recorded)
    exercises = len({key[0] for key in state.recorded})
    text = "Stopped" if state.quit else "Session complete"
    text += (
        f": {count} set{'s' if count != 1 else ''} of {exercises} exercise{'s' if exercises != 1 else ''}"
        f" recorded in {clock(state.elapsed, always_minutes=True)} (estimate {fmt.duration(state.estimate)})."
    )
    if where:
        text += f" Log: {where}"
    return lit(text)


def recap_view(done: Recap, *, changes: tuple[str, ...] = (), next_session: str | None = None, where: str | None = None) -> RenderableType:
    """The end of a session: sets against plan, time, effort and pain, what changes next time and why.

    ``changes`` are the log's decisions as ``plan --explain`` words them (the
    shell asks ``adapt`` for them); ``next_session`` is the followed
    programme's next date, when there is one.
    """
    from rich.table import Table

    lines: list[RenderableType] = []
    head = "Stopped" if done.quit else "Session complete"
    count = done.recorded
    lines.append(
        Text(
            f"{head}: {count} of {done.planned} set{'s' if done.planned != 1 else ''} recorded in "
            f"{clock(done.elapsed, always_minutes=True)} (estimate {fmt.duration(done.estimate)}).",
            style="bold",
        )
    )
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for column in ("exercise", "sets", "done", "effort", "pain"):
        table.add_column(column, overflow="fold")
    for item in done.exercises:
        amounts = ", ".join(str(amount) for amount in item.done) or "-"
        unit = {"reps": "reps", "seconds": "s", "steps": "steps"}[item.unit]
        pain = "-" if item.pain is None else f"{item.pain}/10"
        if item.too_much:
            pain += f" above {item.pain_limit} ({', '.join(item.too_much)})"
        table.add_row(
            lit(item.name),
            f"{item.recorded} of {item.planned}",
            f"{amounts} {unit}" if item.done else "-",
            "-" if item.effort is None else f"{item.effort}/10",
            Text(pain, style="bold red" if item.too_much else ""),
        )
    lines.append(table)
    flagged = [item for item in done.exercises if item.too_much]
    for item in flagged:
        flag = Text(style="bold red")
        flag.append_text(lit(item.name))
        flag.append(
            f": pain above {item.pain_limit}/10 ({item.pain_source}) in {', '.join(item.too_much)}. "
            "If pain keeps coming back, see a health professional."
        )
        lines.append(flag)
    if changes:
        lines.append(Text("Next time, from your log (the rules plan --explain shows):", style="bold"))
        for change in changes:
            lines.append(lit(f"- {change}"))
    if next_session:
        lines.append(lit(f"Next session: {next_session}"))
    if done.recorded:
        lines.append(Text("Tomorrow morning, note how it feels: hipcli log morning --pain N (CS3)."))
    if where:
        lines.append(lit(f"Log: {where}", "dim"))
    return Group(*lines)


__all__ = ["Drawer", "big", "big_scale", "clock", "recap_view", "screen", "summary"]
