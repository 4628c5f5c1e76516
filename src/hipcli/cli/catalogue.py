"""Commands that read the exercise catalogue: show, list, alternatives, validate and sources."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer

from .options import (
    AvoidOption,
    CatalogueOption,
    EquipmentOption,
    ExerciseArgument,
    ForceOption,
    FormatOption,
    OutOption,
    WithOption,
    choice,
    joined,
    shown,
    parse_avoid,
    parse_equipment,
    path_argument,
)
from .shell import ExitStatus, Terminal, command, top_level, load

if TYPE_CHECKING:
    from ..models import Catalogue

commands = top_level()

# From this many rows a terminal's list is drawn without rich (cli/plain.py), which is many times faster.
BIG_LIST = 300


@command(commands, "show")
def show(
    term: Terminal,
    name: ExerciseArgument,
    level: Annotated[
        Optional[str], typer.Option("--level", "-l", **choice("level"), help="Show only this level's prescription.")
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            **choice(("table", "json", "toml", "svg"), "a format"),
            help="table for people, json for scripts, toml for a [[blocks.exercises]] entry to paste into a plan "
            "file, svg for hipcli's drawing of the start and end positions.",
        ),
    ] = "table",
    out: OutOption = None,
    force: ForceOption = False,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Show an exercise card: kit, doses, steps, cues and sources.

    A wide colour terminal also shows hipcli's drawing of the start and end
    positions; --format svg writes that drawing as an SVG picture.

    Example: hipcli show banded hip march --level beginner
    Example: hipcli show glute bridge --format svg --out bridge.svg
    """
    from ..catalogue import find_exercise
    from ..records import to_data

    if out is not None and output != "svg":
        raise typer.BadParameter("--out writes a figure; use it with --format svg", param_hint="'--out'")
    cards = load(term, catalogue, with_)
    wanted = joined(name)
    from ..errors import NotFound

    try:
        exercise = find_exercise(cards, wanted)
    except NotFound:
        # A word of a name that several cards share lists them, as the README promises ('hipcli show psoas').
        from ..catalogue import holding_words, normalise

        named, aliased = holding_words(cards, normalise(wanted))
        if output != "table" or len(named) + len(aliased) < 2:
            raise
        from ..render import exercise_list

        term.say(f"{len(named) + len(aliased)} cards have '{shown(wanted)}' in their name or aliases; 'hipcli show NAME' shows one")
        term.print(exercise_list([cards.by_slug[slug] for slug in [*named, *aliased]], plain=term.plain))
        return
    if output == "svg":
        _write_figure(term, exercise, out, force)
        return
    if output == "toml":
        term.document(_paste_block(exercise, cards, level or term.defaults.get("level") or exercise.level))
        return
    if output == "json":
        data = to_data(exercise)
        if level is not None:
            data["prescription"] = {level: data["prescription"][level]} if level in exercise.prescription else {}
        term.json("exercise", data)
        return
    if level is not None and level not in exercise.prescription:
        from ..errors import NotFound

        from ..models import LEVELS

        below = LEVELS.index(level) < LEVELS.index(exercise.level)
        steps = exercise.easier if below else exercise.harder
        hint = f"; try {', '.join(steps)}" if steps else ""
        raise NotFound(f"'{exercise.slug}' suits {exercise.level_span}; it has no {level} prescription{hint}")
    from ..render import exercise_card

    card = exercise_card(exercise, cards, plain=term.plain, level=level, width=term.width)
    drawing = _drawing(term, exercise)
    if drawing:
        from rich.console import Group
        from rich.text import Text

        card = Group(Text("\n".join(drawing) + "\n", no_wrap=True, overflow="crop"), card)
    term.print(card)


# The braille drawing needs this much room; a narrower or plain terminal shows the card as before.
DRAWING_MIN_WIDTH = 60
DRAWING_HEIGHT = 12


def _drawing(term: Terminal, exercise: Any) -> list[str]:
    """The card's positions side by side in braille, or [] when the terminal is plain, narrow or not UTF-8."""
    from ..output import ascii_only

    if term.plain or term.width < DRAWING_MIN_WIDTH or ascii_only():
        return []
    from ..figures import terminal_figures

    return terminal_figures(exercise, min(term.width, 100) - 2, DRAWING_HEIGHT)


def _write_figure(term: Terminal, exercise: Any, out: str | None, force: bool) -> None:
    """The card's figure as one SVG: to standard output, or written to --out."""
    from ..errors import NotFound
    from ..figures import combined_svg
    from ..text import one_line

    svg = combined_svg(exercise)
    if svg is None:
        raise NotFound(
            f"'{exercise.slug}' has no figure; describe its positions in a figure table "
            f"(docs/catalogue.md, 'Figures')"
        )
    if out is None or out == "-":
        term.stdout.write(svg + "\n")
        return
    from ..files import write_text

    written = write_text(out, svg + "\n", force=force)
    term.say(f"wrote {one_line(str(written))}")


def _paste_block(exercise: Any, cards: Catalogue, level: str) -> str:
    """The card at one level as a plan file's ``[[blocks.exercises]]`` entry, ready to paste."""
    import tomli_w

    from ..records import to_data
    from ..planedit import fresh_item

    if not exercise.suits(level):
        from ..errors import NotFound

        raise NotFound(f"'{exercise.slug}' suits {exercise.level_span}; it has no {level} prescription")
    item = to_data(fresh_item(cards, exercise, level, "", f"added by hand ({level} prescription)"))
    item.pop("time_seconds", None)
    for unit in ("sets", "reps", "seconds", "steps"):
        if isinstance(item.get(unit), list) and len(set(item[unit])) == 1:
            item[unit] = item[unit][0]
    import re

    # A range reads as [8, 10] on one line, as in saved plans.
    body = re.sub(
        r"\[\n((?:    \d+,\n)+)\]",
        lambda match: "[" + ", ".join(line.strip().rstrip(",") for line in match[1].splitlines()) + "]",
        tomli_w.dumps(item),
    )
    from ..text import one_line, toml_text

    name = one_line(exercise.name)
    return f"# {name}, {level} prescription: paste under a [[blocks]] entry of a plan file\n[[blocks.exercises]]\n{toml_text(body)}"




@command(commands, "list")
def list_exercises(
    term: Terminal,
    muscle: Annotated[
        Optional[str],
        typer.Option(
            "--muscle",
            **choice("muscle"),
            help="A prime mover: a muscle (psoas-major, gluteus-medius, ...) or a group (hip-flexors, hip-abductors, glutes, hip-extensors, hip-rotators, adductors, core).",
            show_default=False,
        ),
    ] = None,
    equipment: Annotated[
        Optional[str],
        typer.Option(
            "--equipment",
            "-e",
            metavar="KIT",
            help="What you own, comma-separated (mini-band,long-band,kettlebell,step,box-or-bench,pull-up-bar,wall-or-chair); 'none' for bodyweight only.",
            show_default=False,
        ),
    ] = None,
    level: Annotated[Optional[str], typer.Option("--level", "-l", **choice("level"), help="Only exercises that suit this level.")] = None,
    category: Annotated[Optional[str], typer.Option("--category", "-c", **choice("category"), help="Only this category.")] = None,
    goal: Annotated[Optional[str], typer.Option("--goal", "-g", **choice("goal"), help="Only exercises that serve this goal.")] = None,
    session: Annotated[Optional[str], typer.Option("--session", "-s", **choice("session"), help="Only exercises for this session type.")] = None,
    search: Annotated[
        Optional[str], typer.Option("--search", "-q", metavar="TEXT", help="Text to find in the name, aliases or summary.")
    ] = None,
    family: Annotated[
        Optional[str],
        typer.Option("--family", help="Only the cards of one movement's ladder, e.g. psoas-march or bridge.", show_default=False),
    ] = None,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """List exercises by muscle, kit, level, goal, family or text.

    Example: hipcli list --muscle hip-flexors --equipment mini-band
    """
    from ..catalogue import filter_exercises
    from ..errors import NotFound

    owned = parse_equipment(equipment)
    cards = load(term, catalogue, with_)
    if family is not None:
        import difflib

        from ..catalogue import normalise

        families = sorted({card.family_name for card in cards.exercises})
        if normalise(family) not in families:
            close = difflib.get_close_matches(normalise(family), families, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; 'hipcli show NAME' names a card's family"
            raise NotFound(f"no family called '{family}'{hint}")
    found = filter_exercises(
        cards,
        muscle=muscle,
        equipment=owned,
        level=level,
        category=category,
        goal=goal,
        session=session,
        search=search,
        family=family,
    )
    if family is not None:
        from ..catalogue import easiest_first

        found = easiest_first(cards, found)
    if output == "json":
        from ..records import to_data

        term.json("exercises", [to_data(exercise) for exercise in found])
        return
    if not found:
        given = [
            f"--{flag} {value}"
            for flag, value in (
                ("muscle", muscle),
                ("equipment", equipment),
                ("level", level),
                ("category", category),
                ("goal", goal),
                ("session", session),
                ("search", search),
                ("family", family),
            )
            if value is not None
        ]
        raise NotFound(f"no exercise matches {' '.join(given)}; drop a filter or widen --equipment")
    # rich takes about a millisecond a row to lay out a table: a long list is drawn by the plain layout,
    # in rich's boxes on a terminal (bench/scale.py), a short one on a terminal by rich itself.
    if term.unicode and (term.plain or len(found) >= BIG_LIST):
        from .plain import list_text

        text = list_text(found, width=term.width, boxes=not term.plain)
        if text is not None:
            term.out(text, raw=not term.plain)
            return
    from ..render import exercise_list

    term.print(exercise_list(found, plain=term.plain))


@command(commands, "validate")
def validate(
    term: Terminal,
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="[PATH]", parser=path_argument, help="The catalogue file to check (default: the one hipcli uses).", show_default=False),
    ] = None,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Check a catalogue file and list every problem in it.

    Example: hipcli validate my-exercises.toml
    """
    from ..catalogue import catalogue_path, read_catalogue

    file = catalogue_path(path or catalogue)
    # A file of extra cards (no default_chart) is checked beside the catalogue hipcli uses.
    cards, problems = read_catalogue(file, base=catalogue if path else None, extra=with_)
    if output == "json":
        count = len(cards.exercises) if cards else 0
        term.json("validation", {"file": str(file), "ok": not problems, "exercises": count, "problems": problems})
    elif cards is not None:
        term.stdout.write(f"{file}: OK, {len(cards.exercises)} exercises\n")
    else:
        from ..text import one_line

        for problem in problems:
            term.stdout.write(one_line(problem) + "\n")
        term.say(f"{file}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    if problems:
        raise typer.Exit(ExitStatus.ERROR)



@command(commands, "alternatives")
def alternatives(
    term: Terminal,
    name: ExerciseArgument,
    level: Annotated[
        Optional[str],
        typer.Option("--level", "-l", **choice("level"), help="Your level (default: the exercise's own level).", show_default=False),
    ] = None,
    equipment: EquipmentOption = None,
    avoid: AvoidOption = None,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Suggest up to four substitutes for an exercise.

    Example: hipcli alternatives banded-psoas-march --equipment none
    """
    from ..catalogue import find_exercise
    from ..errors import NotFound
    from ..plans import PlanRequest
    from ..planner import alternatives as find_alternatives

    cards = load(term, catalogue, with_)
    exercise = find_exercise(cards, joined(name))
    from ..config import resolve

    given = {"level": level or exercise.level, "goal": "hip-health", "avoid": parse_avoid(avoid) if avoid is not None else None,
             "equipment": parse_equipment(equipment) if equipment is not None else None}
    wanted = resolve(given, settings=term.defaults)
    request = PlanRequest(level=wanted["level"], goal="hip-health", equipment=wanted["equipment"], avoid=wanted["avoid"])
    equipment = ",".join(request.equipment) or "none"
    found = find_alternatives(cards, exercise, request)
    if output == "json":
        term.json("alternatives", [{"slug": other.slug, "name": other.name, "why": why} for other, why in found])
        return
    if not found:
        raise NotFound(
            f"nothing in the catalogue can stand in for '{exercise.slug}' at {request.level} level with "
            f"--equipment {equipment}; widen --equipment or --avoid less"
        )
    from ..render import alternatives_table

    term.print(alternatives_table(exercise, found, request, plain=term.plain))




@command(commands, "sources")
def sources(
    term: Terminal,
    codes: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="[CODE]...", help="Codes to look up, such as R22, S001, CS3 or Lewis2018 (default: all).", show_default=False),
    ] = None,
    output: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="table for people, json for scripts.")] = "table",
    catalogue: Annotated[
        Optional[Path],
        typer.Option("--catalogue", parser=path_argument, envvar="HIPCLI_CATALOGUE", help="Also list this catalogue's references.", show_default=False),
    ] = None,
) -> None:
    """Look up a code such as R22 or S001: citation and address.

    Example: hipcli sources R22
    """
    import dataclasses
    import textwrap

    from ..text import visible
    from ..sources import all_sources, find

    cards = load(term, catalogue)
    found = [find(code, cards) for code in codes] if codes else list(all_sources(cards).values())
    if output == "json":
        term.json("sources", [dataclasses.asdict(source) for source in found])
        return
    width = max(40, min(term.width, 100))
    lines: list[str] = []
    for source in found:
        lines.append(f"{source.code}  {source.title} [{source.evidence}]")
        body = [source.summary] if source.summary else []
        body += list(source.citations) + list(source.urls)
        for paragraph in body:
            # URLs are never broken: a person copies them whole.
            wrapped = textwrap.wrap(paragraph, width - 4, break_long_words=False, break_on_hyphens=False)
            lines += ["    " + line for line in wrapped]
        lines.append("")
    term.stdout.write("\n".join(visible(line) for line in lines).rstrip("\n") + "\n")

