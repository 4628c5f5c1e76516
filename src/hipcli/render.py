"""Rich renderables for exercise cards, lists, plans and programmes.

Functions here build and return renderables; they never print or exit.
Every string that comes from a file goes through ``lit`` (a ``Text``, never
markup), so a catalogue entry named ``[bold]x[/bold]`` shows its brackets and
control characters are shown as escapes rather than sent to the terminal.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from . import views
from . import wording as fmt
from .text import has_control, visible
from .models import LEVELS, Catalogue, Exercise, Prescription
from .plans import Plan, Programme, ProgrammeWeek


def lit(value: object, style: str = "") -> Text:
    return Text(visible(str(value)), style=style)


class Look:
    """Box style and emphasis: rounded and coloured on a terminal, simple when plain."""

    def __init__(self, plain: bool) -> None:
        self.plain = plain
        self.box = box.SIMPLE if plain else box.ROUNDED
        self.heading = "" if plain else "bold cyan"
        self.title = "" if plain else "bold"
        self.dim = "" if plain else "dim"

    def table(self, *, title: str | None = None, expand: bool = True, **options: object) -> Table:
        # Expanded so that column ratios share the width (rich ignores them otherwise).
        return Table(
            title=lit(title, self.title) if title else None,
            title_justify="left",
            box=self.box,
            header_style=self.title,
            expand=expand,
            **options,  # type: ignore[arg-type]
        )


def _section(look: Look, title: str) -> Text:
    return Text(f"\n{title}", style=look.heading)


def _wrapped(text: str, width: int, first: str, rest: str) -> str:
    return views.wrapped(text, width, first, rest)


def _bullets(items: tuple[str, ...], *, numbered: bool = False, width: int = 80) -> Text:
    """A list with hanging indents, wrapped here rather than laid out as a rich grid, which is slower."""
    return Text(views.bullets(items, numbered=numbered, width=width))


def _facts(rows: list[tuple[str, str]], look: Look, width: int) -> Text:
    """Label-and-value lines, the value wrapping under itself."""
    column = max(len(label) for label, _ in rows) + 2
    out = Text()
    for label, value in rows:
        line = _wrapped(value, width, label.ljust(column), " " * column)
        start = len(out)
        out.append(line + "\n")
        if label:
            out.stylize(look.heading, start, start + len(label))
    out.rstrip()
    return out


def prescription_table(
    exercise: Exercise, catalogue: Catalogue, look: Look, level: str | None = None, width: int = 80
) -> Table:
    chart = catalogue.chart_for(exercise) if exercise.uses_band else None
    table = look.table(expand=False)
    rows: list[tuple[str, Prescription]] = [
        (name, exercise.prescription[name]) for name in LEVELS if name in exercise.prescription
    ]
    if level is not None:
        rows = [(name, dose) for name, dose in rows if name == level]
    elif exercise.warmup_dose is not None:
        rows.append(("warm-up", exercise.warmup_dose))
    bands = [fmt.band(dose.band, chart) for _, dose in rows] if chart else []
    # The dose and the band are never cut: rest and tempo go under the dose
    # (as in a plan), so the table fits 60 columns, and a band wraps only
    # between its words.
    table.add_column("level", no_wrap=True)
    table.add_column("sets × " + exercise.unit, no_wrap=True)
    if chart:
        table.add_column("band", min_width=max(len(word) for band in bands for word in band.split()))
    table.add_column("source", no_wrap=True)
    for index, (name, dose) in enumerate(rows):
        pace = f"rest {fmt.rest(dose.rest)}" + (f", tempo {dose.tempo}" if exercise.unit != "seconds" and dose.tempo else "")
        if width < 72:
            pace = pace.replace(", ", "\n")
        cells = [
            lit(name),
            lit(fmt.dose(dose.sets, exercise.unit, dose.amount, exercise.per_side) + "\n" + pace),
        ]
        if chart:
            cells.append(lit(bands[index]))
        cells.append(lit(dose.source))
        table.add_row(*cells)
    return table


def prescription_notes(exercise: Exercise, level: str | None = None) -> tuple[str, ...]:
    doses = [(name, dose) for name, dose in exercise.prescription.items() if level in (None, name)]
    if level is None and exercise.warmup_dose is not None:
        doses.append(("warm-up", exercise.warmup_dose))
    return tuple(f"{name}: {dose.note}" for name, dose in doses if dose.note)


def exercise_card(
    exercise: Exercise, catalogue: Catalogue, *, plain: bool, level: str | None = None, width: int = 80
) -> Group:
    look = Look(plain)
    parts: list[RenderableType] = []
    heading = Text()
    heading.append(visible(exercise.name), style=look.title)
    heading.append(f"  ({exercise.slug})", style=look.dim)
    parts.append(heading)
    if exercise.aliases:
        parts.append(lit("Also called: " + ", ".join(exercise.aliases), look.dim))
    parts.append(Text())
    parts.append(lit(exercise.summary))

    rows = [("Targets", f"primary: {fmt.labels(exercise.primary)}")]
    if exercise.secondary:
        rows.append(("", f"secondary: {fmt.labels(exercise.secondary)}"))
    rows.append(("Groups", fmt.labels(exercise.groups()) or "-"))
    rows.append(
        (
            "Type",
            f"{fmt.category(exercise.category)}; {fmt.label(exercise.pattern)}; "
            f"{fmt.label(exercise.position)}; {fmt.laterality(exercise.laterality)}",
        )
    )
    rows.append(("Kit", fmt.labels(exercise.equipment) if exercise.equipment else "none (bodyweight)"))
    if exercise.band:
        chart = catalogue.chart_for(exercise)
        rows.append(("Band", exercise.band.placement))
        rows.append(("Band chart", f"{chart.name}" + (f". {chart.note}" if chart.note else "")))
    rows.append(("Level", exercise.level_span))
    rows.append(("Family", exercise.family_name))
    positions = ", ".join(HIP_POSITION_LABELS.get(name, name) for name in exercise.hip_positions)
    rows.append(("Hip positions", positions or "none that hip precautions rule out"))
    rows.append(("Loads", fmt.labels(exercise.loads) if exercise.loads else "no knee, lower-back or wrist-shoulder flag"))
    rows.append(("Goals", fmt.labels(exercise.goals)))
    sessions = ", ".join(fmt.session(name) for name in exercise.sessions)
    if exercise.warmup_phase:
        sessions += f" (warm-up phase: {exercise.warmup_phase})"
    rows.append(("Sessions", sessions))
    parts.append(Text())
    parts.append(_facts(rows, look, width))

    parts.append(_section(look, f"Prescription ({exercise.unit}{', per side' if exercise.per_side else ''})"))
    parts.append(prescription_table(exercise, catalogue, look, level, width=width))
    notes = prescription_notes(exercise, level)
    if notes:
        parts.append(_bullets(notes, width=width))
    sections: list[tuple[str, tuple[str, ...], bool]] = [
        ("How to do it", exercise.steps, True),
        ("Cues", exercise.cues, False),
        ("Common mistakes", exercise.mistakes, False),
        ("Breathing", (exercise.breathing,), False),
        ("Safety", exercise.safety, False),
    ]
    for title, slugs in (("Easier variants", exercise.easier), ("Harder variants", exercise.harder)):
        named = tuple(f"{slug}: {catalogue.by_slug[slug].name if slug in catalogue.by_slug else ''}" for slug in slugs)
        sections.append((title, named, False))
    # The card's notes explain where its doses come from: shown as such, not as instructions.
    sections.append(("About the evidence", exercise.notes, False))
    sections.append(
        (
            "Sources ('hipcli sources CODE' for the full citation)",
            tuple(f"{key}: {catalogue.references.get(key, '')}" for key in exercise.sources),
            False,
        )
    )
    for title, items, numbered in sections:
        if not items:
            continue
        parts.append(_section(look, title))
        if title == "Breathing":
            parts.append(lit(_wrapped(items[0], width, "", "")))
        else:
            parts.append(_bullets(items, numbered=numbered, width=width))
    return Group(*parts)


def exercise_list(exercises: list[Exercise], *, plain: bool, width: int | None = None) -> RenderableType:
    """The cards as a table ``width`` columns wide, or as wide as the screen it is drawn on if None.

    ``views.exercise_table`` chooses the columns for the width, as
    ``cli/plain.py`` does for a pipe, so both read the same.
    """
    look = Look(plain)
    return _list_table(exercises, look, width) if width is not None else _ListAtScreenWidth(exercises, look)


def _list_table(exercises: list[Exercise], look: Look, width: int) -> Table:
    view = views.exercise_table(exercises, width)
    table = table_of(view, look)
    shared = "kit, trains" in (column.header for column in view.columns)
    for row in view.rows:
        # The slug bold; the name, and on a narrow screen the level under it, dim.
        slug, _, name = row[0].partition("\n")
        cell = Text(slug, style=look.title)
        cell.append(f"\n{name}", style=look.dim)
        rest = [Text(value) for value in row[1:]]
        if shared:
            # What the card trains, dim under the kit, so the two read apart in one column.
            kit, _, trains = row[1].rpartition("\n")  # kit one item a line, then the one line it trains
            rest = [Text(kit)]
            rest[0].append(f"\n{trains}", style=look.dim)
        table.add_row(cell, *rest)
    return table


class _ListAtScreenWidth:
    """The exercise list laid out when drawn: its columns depend on a width only the console knows then."""

    def __init__(self, exercises: list[Exercise], look: Look) -> None:
        self.exercises, self.look = exercises, look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _list_table(self.exercises, self.look, options.max_width)


def table_of(view: views.TableView, look: Look) -> Table:
    """A rich table with the view's title and columns, and no rows yet."""
    table = look.table(title=view.title)
    for column in view.columns:
        table.add_column(
            column.header, ratio=column.ratio, width=column.width, min_width=column.min_width, max_width=column.max_width,
            no_wrap=column.no_wrap, overflow=column.overflow,  # type: ignore[arg-type]
        )
    return table


# How the positions hip precautions rule out (COACHING.md section 7) read on a card.
HIP_POSITION_LABELS = {
    "flexion-past-90": "hip bent past 90 degrees",
    "adduction-past-midline": "leg across the midline",
    "internal-rotation": "hip turned in",
    "long-supine": "lying on the back for a while",
}


def plan_header(plan: Plan, look: Look, heading: str | None = None) -> Group:
    title, *rest = views.plan_header(plan, heading)
    lines = [Text(title, style=look.title), Text(rest[0])]
    lines += [Text(line, style=look.dim) for line in rest[1:]]
    return Group(*lines)


def plan_blocks(plan: Plan, look: Look, *, explain: bool = False, width: int = 80) -> list[RenderableType]:
    from .planner import (  # here, so showing a card skips the planner
        timed_blocks,
    )

    parts: list[RenderableType] = []
    # Block minutes shared out so they add up to the total in the header.
    blocks, _, _ = timed_blocks(plan.blocks)
    for number, block in enumerate(blocks, 1):
        # A table ends with a blank line already; only the first block needs one.
        heading = Text(f"{chr(10) if number == 1 else ''}{number}. ", style=look.heading)
        heading.append(visible(block.title), style=look.heading)
        heading.append(f" ({block.time_minutes} min)", style=look.heading)
        parts.append(heading)
        parts.append(lit(block.purpose, look.dim))
        view = views.block_table(block, plan, width)
        table = table_of(view, look)
        for row in view.rows:
            table.add_row(*(Text(value) for value in row))
        parts.append(table)
        if explain:
            parts.append(_bullets(tuple(f"{item.name}: {item.why or 'set by hand'}" for item in block.exercises)))
            parts.append(Text())
    return parts


def plan_view(plan: Plan, *, plain: bool, explain: bool = False, heading: str | None = None, width: int = 80) -> Group:
    look = Look(plain)
    parts: list[RenderableType] = [plan_header(plan, look, heading), *plan_blocks(plan, look, explain=explain, width=width)]
    if explain and plan.notes:
        parts.append(_section(look, "Left out or bent"))
        parts.append(_bullets(plan.notes, width=width))
    if plan.safety:
        parts.append(_section(look, "Safety"))
        parts.append(_bullets(plan.safety, width=width))
    if plan.pain:
        parts.append(_section(look, "Pain rule"))
        parts.append(_bullets(plan.pain, width=width))
    return Group(*parts)


def goals_table(info: dict[str, tuple[str, str, str]], *, plain: bool) -> Table:
    look = Look(plain)
    table = look.table(title="Goals")
    table.add_column("goal", no_wrap=True)
    table.add_column("emphasis", ratio=2)
    table.add_column("why", ratio=3)
    table.add_column("source", no_wrap=True)
    for goal, (emphasis, why, source) in info.items():
        table.add_row(lit(goal), lit(emphasis), lit(why), lit(source))
    return table


def alternatives_table(exercise: Exercise, found: list[tuple[Exercise, str]], request: object, *, plain: bool) -> Table:
    look = Look(plain)
    table = look.table(title=f"Instead of {exercise.name} ({exercise.slug})")
    table.add_column("#", justify="right")
    # The slug keeps its width (it is what a person types next); level and
    # kit share a column, so a long kit list cannot squeeze the reason down
    # to a letter a line on a narrow terminal.
    slug_width = min(30, max((len(other.slug) for other, _ in found), default=10))
    table.add_column("exercise", min_width=slug_width, max_width=max(slug_width, 22), overflow="fold")
    table.add_column("level, kit", min_width=12, max_width=14, overflow="fold")
    table.add_column("why it stands in", ratio=1, overflow="fold")
    for rank, (other, why) in enumerate(found, 1):
        name = Text(visible(other.name))
        name.append(f"\n{visible(other.slug)}", style=look.dim)
        level = Text(visible(other.level))
        level.append(f"\n{visible(fmt.labels(other.equipment) or 'no kit')}", style=look.dim)
        table.add_row(str(rank), name, level, lit(why))
    return table


def _first_session(programme: Programme) -> datetime.date:
    """The date of the first session, which is the date to show first (the start may be a rest day)."""
    return min((session.date for session in programme.weeks[0].sessions), default=programme.request.start)


def programme_view(
    programme: Programme, *, plain: bool, week: int | None = None, explain: bool = False, width: int = 80
) -> Group:
    """The week-by-week overview, then the full sessions of one week when asked."""
    from .planner import plan_seconds
    from .progression import progress_summary, session_plan, week_sets

    look = Look(plain)
    request = programme.request
    title = Text(f"{request.weeks}-week programme: {request.level}, goal {request.goal}", style=look.title)
    days: dict[str, set[str]] = {}
    for session in programme.weeks[0].sessions:
        days.setdefault(session.session, set()).add(f"{session.date:%a}")
    names = {"strength": "Strength", "warmup": "pre-run warm-ups", "mobility": "mobility breaks"}
    schedule = "; ".join(
        f"{names[kind]} on {', '.join(sorted(days[kind], key=WEEKDAY_ORDER.index))}" for kind in names if kind in days
    )
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    lines: list[RenderableType] = [
        title,
        lit(
            f"First session {_first_session(programme):%a %d %b %Y}. {schedule[0].upper() + schedule[1:]}. "
            f"Kit: {kit}. Avoiding: {fmt.labels(request.avoid) if request.avoid else 'nothing'}."
        ),
    ]
    if programme.bands:
        colours = ", ".join(f"{level} {colour}" for level, colour in programme.bands.colours.items())
        lines.append(lit(f"Band colours on the {programme.bands.chart} chart: {colours}.", look.dim))
    table = look.table()
    table.add_column("week", justify="right", no_wrap=True)
    table.add_column("dates", no_wrap=True)
    table.add_column("sessions", justify="right")
    table.add_column("sets", justify="right")
    table.add_column("min", justify="right")
    table.add_column("progress", ratio=1, overflow="fold")
    for entry in programme.weeks:
        minutes = sum(-(-plan_seconds(session_plan(programme, s)) // 60) for s in entry.sessions)
        table.add_row(
            str(entry.number),
            lit(_dates(entry)),
            str(len(entry.sessions)),
            str(week_sets(entry)),
            str(minutes),
            lit(progress_summary(entry)),
        )
    lines.append(table)
    if programme.notes:
        lines.append(_bullets(programme.notes))
    if week is not None:
        lines += programme_week(programme, week, look, explain=explain, width=width)
    elif explain:
        for entry in programme.weeks:
            # A second week on a rung is in the progress column already; the steps and tops are the news.
            shown = [c for c in entry.changes if c.step not in ("start", "deload", "hold")]
            if shown:
                lines.append(_section(look, f"Week {entry.number}"))
                lines.append(_bullets(tuple(f"{c.session}: {c.slug}: {c.detail}" for c in shown)))
    if programme.safety:
        lines.append(_section(look, "Safety"))
        lines.append(_bullets(programme.safety))
    if programme.pain:
        lines.append(_section(look, "Pain rule"))
        lines.append(_bullets(programme.pain))
    return Group(*lines)


WEEKDAY_ORDER = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _dates(week: ProgrammeWeek) -> str:
    if not week.sessions:
        return ""
    first, last = week.sessions[0].date, week.sessions[-1].date
    return f"{first:%d %b}" if first == last else f"{first:%d %b} - {last:%d %b}"


def programme_week(programme: Programme, number: int, look: Look, *, explain: bool, width: int = 80) -> list[RenderableType]:
    from .planner import plan_seconds
    from .progression import session_plan

    week = programme.weeks[number - 1]
    parts: list[RenderableType] = [_section(look, f"Week {number}" + (" (deload)" if week.deload else ""))]
    changes = [c for c in week.changes if c.step not in ("start",)]
    if changes:
        parts.append(_bullets(tuple(f"{c.session}: {c.slug + ': ' if c.slug else ''}{c.detail}" for c in changes)))
    for session in week.sessions:
        plan = session_plan(programme, session)
        heading = Text(f"\n{session.date:%a %d %b %Y}: ", style=look.title)
        heading.append(visible(session.title), style=look.title)
        heading.append(f" ({fmt.duration(plan_seconds(plan))})", style=look.title)
        parts.append(heading)
        parts += plan_blocks(plan, look, explain=explain, width=width)
    return parts


class SafeConsole(Console):
    """A console that shows control and bidi characters in data as escapes.

    Every renderable is turned into segments by ``render``; the text of each
    ordinary segment goes through ``text.visible``, the same escaping
    as plain output, while rich's own control segments (cursor moves for a
    spinner) pass. So no card, file or option can drive the terminal, even
    through a field a renderer forgot to escape.
    """

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and has_control(segment.text):
                yield Segment(visible(segment.text), segment.style)
            else:
                yield segment
