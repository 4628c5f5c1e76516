"""Correcting the log: delete or edit a session or its sets, and undo the last change.

Part of the ``hipcli log`` group (``cli/__init__.py`` puts its commands on the group).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .options import (
    CatalogueOption, EffortOption, PainOption, SessionNotesOption, WithOption, check_scale, choice, parse_when, usage,
)
from .shell import Terminal, command, load, log_error, open_log, saved, top_level

if TYPE_CHECKING:
    from ..journal import Journal
    from ..models import Catalogue


commands = top_level()


SessionArgument = Annotated[
    int, typer.Argument(metavar="SESSION", help="The session's number, as 'hipcli log history' shows it.", show_default=False)
]


def _sets_of(log: Journal, session_id: int, exercise: Optional[str], number: Optional[int], side: Optional[str],
             cat: Optional[Catalogue]) -> list[Any]:
    """The logged sets of a session that match --exercise, --set and --side; one line naming what is missing."""
    log.session(session_id)  # a clear error for an unknown session
    found = log.sets(session_ids=[session_id])
    if exercise is not None:
        slug = exercise
        if cat is not None and exercise not in {logged.slug for logged in found}:
            from ..catalogue import find_exercise

            slug = find_exercise(cat, exercise).slug
        found = [logged for logged in found if logged.slug == slug]
    if number is not None:
        found = [logged for logged in found if logged.set_number == number]
    if side is not None:
        found = [logged for logged in found if logged.side == side]
    if not found:
        raise log_error(f"session {session_id}: no set matches; 'hipcli log history' shows its sets")
    return found


@command(commands, "delete")
def delete(
    term: Terminal,
    session_id: SessionArgument,
    exercise: Annotated[Optional[str], typer.Option("--exercise", "-e", help="Only this exercise's sets.", show_default=False)] = None,
    number: Annotated[Optional[int], typer.Option("--set", min=1, help="Only this set number.", show_default=False)] = None,
    side: Annotated[Optional[str], typer.Option("--side", **choice(("left", "right"), "a side"), help="Only this side.", show_default=False)] = None,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Delete a logged session, or some of its sets; 'hipcli log undo' puts them back.

    Example: hipcli log delete 12
    """
    from ..corrections import delete_logged_session, delete_logged_set

    with open_log(create=False) as log:
        if exercise is None and number is None and side is None:
            said = [delete_logged_session(log, session_id)]
        else:
            cat = load(term, catalogue, with_) if exercise is not None else None
            said = [delete_logged_set(log, logged.id) for logged in _sets_of(log, session_id, exercise, number, side, cat)]
    from ..text import visible

    saved(term, "".join(f"{visible(line[:1].upper() + line[1:])}.\n" for line in said) + "'hipcli log undo' puts it back.\n",
           "the deletion")


@command(commands, "edit")
def edit(
    term: Terminal,
    session_id: SessionArgument,
    exercise: Annotated[Optional[str], typer.Option("--exercise", "-e", help="The exercise whose sets to change.", show_default=False)] = None,
    number: Annotated[Optional[int], typer.Option("--set", min=1, help="Only this set number (default: every set of the exercise).", show_default=False)] = None,
    side: Annotated[Optional[str], typer.Option("--side", **choice(("left", "right"), "a side"), help="Only this side.", show_default=False)] = None,
    done: Annotated[Optional[int], typer.Option("--done", "-d", min=0, max=10000, help="What the set reached (reps, seconds or steps).", show_default=False)] = None,
    effort: EffortOption = None,
    pain: PainOption = None,
    band: Annotated[Optional[str], typer.Option("--band", help="The band level used.", show_default=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Move the session to this day, YYYY-MM-DD[THH:MM].", show_default=False)] = None,
    notes: SessionNotesOption = None,
    morning_pain: Annotated[Optional[int], typer.Option("--morning-pain", help="Next-morning pain, 0-10.", show_default=False)] = None,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Correct a logged session (date, notes, next-morning pain) or its sets (done, effort, pain, band); 'hipcli log undo' reverts it.

    Example: hipcli log edit 12 --exercise side-plank --set 2 --side left --done 25 --pain 3
    """
    from ..corrections import edit_logged_session, edit_logged_set
    from ..text import visible
    from ..values import band_level

    check_scale(effort, "--effort")
    check_scale(pain, "--pain")
    check_scale(morning_pain, "--morning-pain")
    if band is not None:
        # As everywhere: a level, or its colour on the band chart ('green' -> medium); else exit 2.
        charts = load(term, catalogue, with_)
        band = band_level(band, "--band", dict(charts.charts[charts.default_chart].colours))
    set_changes = {name: value for name, value in (("done", done), ("effort", effort), ("pain", pain), ("band", band))
                   if value is not None}
    session_changes: dict[str, Any] = {name: value for name, value in (("notes", notes), ("morning_pain", morning_pain))
                                       if value is not None}
    if date is not None:
        session_changes["started"] = parse_when(date)
    if not set_changes and not session_changes:
        raise usage("edit", "say what to change: --done, --effort, --pain, --band for sets; --date, --notes, --morning-pain for the session")
    if set_changes and exercise is None and number is None and side is None:
        raise usage("--exercise", "name the exercise (and --set, --side) whose sets to change")
    said = []
    with open_log(create=False) as log:
        if session_changes:
            said.append(edit_logged_session(log, session_id, **session_changes))
        if set_changes:
            cat = load(term, catalogue, with_) if exercise is not None else None
            for logged in _sets_of(log, session_id, exercise, number, side, cat):
                said.append(edit_logged_set(log, logged.id, **set_changes))
    saved(term, "".join(f"{visible(line[:1].upper() + line[1:])}.\n" for line in said)
           + f"'hipcli log undo' reverts {'it' if len(said) == 1 else 'them one at a time'}.\n", "the correction")


@command(commands, "undo")
def undo(
    term: Terminal,
    listing: Annotated[bool, typer.Option("--list", help="List the changes that can be undone, newest first.")] = False,
) -> None:
    """Take back the last change to the log: a session logged by mistake, a deletion or an edit.

    Example: hipcli log undo
    """
    from ..corrections import changes, undo_last
    from ..journal import exists
    from ..text import visible

    if not exists():
        # The same answer as an empty log's: nothing is wrong, there is just nothing to take back (and no file made).
        term.stdout.write("Nothing to undo: there is no training log yet.\n")
        return
    with open_log(create=False) as log:
        if listing:
            found = changes(log)
            if not found:
                term.stdout.write("Nothing to undo.\n")
            for change in found:
                term.stdout.write(f"{change.made:%Y-%m-%d %H:%M}  {visible(change.what)}\n")
            return
        what = undo_last(log)
    if what is None:
        term.stdout.write("Nothing to undo.\n")
        return
    term.stdout.write(f"Undone: {visible(what)}.\n")
