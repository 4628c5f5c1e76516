"""Editing a saved plan: ``hipcli edit`` swaps, adds or removes an exercise, or changes a dose."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .options import CatalogueOption, DocumentArgument, WithOption, choice
from .shell import Terminal, command, load, top_level

commands = top_level()

ACTIONS = ("swap", "add", "remove", "set")


def _amount(value: Optional[str], option: str) -> Optional[tuple[int, int]]:
    """'10' -> (10, 10); '8-12' -> (8, 12)."""
    if value is None:
        return None
    low, _, high = value.replace("–", "-").partition("-")
    try:
        amount = (int(low), int(high or low))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a number or a range such as 8-12", param_hint=option) from None
    if not 1 <= amount[0] <= amount[1] <= 600:
        raise typer.BadParameter(f"'{value}' must be from 1 to 600, low then high", param_hint=option)
    return amount


def _two_names(words: list[str]) -> tuple[str, str]:
    """'old name with new name' (or 'for', 'by', '->'); two bare words are two names."""
    for separator in ("with", "for", "by", "->", "to"):
        if separator in words[1:-1]:
            index = words.index(separator, 1)
            return " ".join(words[:index]), " ".join(words[index + 1 :])
    if len(words) == 2:
        return words[0], words[1]
    raise typer.BadParameter("say which exercise to swap for which: OLD with NEW", param_hint="NAME...")


@command(commands, "edit")
def edit(
    term: Terminal,
    path: DocumentArgument,
    action: Annotated[
        str,
        typer.Argument(**{**choice(ACTIONS, "an edit"), "metavar": "ACTION"}, help="swap, add, remove or set.", show_default=False),
    ],
    names: Annotated[
        list[str],
        typer.Argument(metavar="NAME...", help="The exercise (swap: OLD with NEW). Several words need no quotes.", show_default=False),
    ],
    sets: Annotated[Optional[int], typer.Option("--sets", metavar="N", min=1, max=10, help="set: the number of sets.")] = None,
    reps: Annotated[
        Optional[str],
        typer.Option("--reps", metavar="N|LOW-HIGH", help="set: reps, seconds or steps (the card's unit), e.g. 10 or 8-12."),
    ] = None,
    rest: Annotated[Optional[int], typer.Option("--rest", metavar="SECONDS", min=0, max=300, help="set: rest between sets.")] = None,
    band: Annotated[
        Optional[str], typer.Option("--band", metavar="BAND", help="set: a band level (light, medium, ...) or its colour (green).")
    ] = None,
    why: Annotated[Optional[str], typer.Option("--why", metavar="TEXT", help="set: why, written into the file beside the change.")] = None,
    block: Annotated[Optional[str], typer.Option("--block", metavar="KEY", help="add: the block to add to (default: the one it fits).")] = None,
    out: Annotated[
        Optional[str], typer.Option("--out", "-o", metavar="FILE", help="Write the edited plan here instead of over PATH.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")] = False,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Change a saved plan: swap, add, remove or re-dose an exercise.

    A dose outside the card's prescription is allowed with a warning, and
    marked in the file (the item's override key) so the next reader sees it.

    Example: hipcli edit plan.toml set banded psoas march --sets 3 --band green --why "post-op week 6"
    """
    from .. import planedit
    from ..planfile import load_document
    from ..files import write_text
    from ..formats import format_for, render

    from ..values import one_line_text

    if why is not None:
        # The reason is written into the plan on one line: a line break, ESC or a bidi override would give a
        # file that view, export, edit and train then refuse. Checked before the file is read, so it stays as it was.
        why = one_line_text(why, "--why")
    cards = load(term, catalogue, with_)
    warnings: list[str] = []
    document = load_document(path, cards, kind="plan", warnings=warnings)
    name = " ".join(names)
    if action != "set" and any(value is not None for value in (sets, reps, rest, band, why)):
        raise typer.BadParameter("--sets, --reps, --rest, --band and --why go with 'set'", param_hint="ACTION")
    if action == "swap":
        old, new = _two_names(names)
        edited = planedit.swap(document, cards, old, new)
        done = f"swapped {old} for {new}"
    elif action == "add":
        edited = planedit.add(document, cards, name, block)
        done = f"added {name}"
    elif action == "remove":
        edited = planedit.remove(document, cards, name)
        done = f"removed {name}"
    else:
        edited, outside = planedit.set_dose(
            document, cards, name, sets=sets, amount=_amount(reps, "--reps"), rest=rest, band=band, reason=why
        )
        done = f"changed {name}"
        term.warn([f"{name}: {phrase}; marked in the file" for phrase in outside])
    target = out or str(path)
    # Editing PATH in place is what was asked for; --out elsewhere follows the usual no-replace rule.
    write_text(target, render(edited, format_for(target, None)), force=force or out is None)
    term.say(f"{target}: {done}")
