"""Recording training in the log: a session from a plan, one exercise, the next morning's pain, the programme followed.

Part of the ``hipcli log`` group (``cli/__init__.py`` puts its commands on the group).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal, Optional

import typer

from .options import (
    CatalogueOption, DateOption, EffortOption, PainOption, SessionNotesOption, WithOption, check_scale, parse_day,
    parse_when, path_argument, shown, usage,
)
from .shell import Terminal, command, load, log_error, open_log, saved, saved_json, top_level

if TYPE_CHECKING:
    import datetime

    from ..models import Catalogue


commands = top_level()


def _programme_session(document: Any, day: datetime.date, which: Optional[str]) -> tuple[Any, int]:
    """The programme's session on ``day`` (strength first when several) and its week number."""
    found = [
        (session, week.number)
        for week in document.weeks
        for session in week.sessions
        if session.date == day and (which is None or session.session == which)
    ]
    if not found:
        dates = sorted({s.date for w in document.weeks for s in w.sessions if s.date <= day})[-3:]
        recent = ", ".join(d.isoformat() for d in dates) or "none yet"
        raise log_error(
            f"the programme has no {which + ' ' if which else ''}session on {day.isoformat()} "
            f"(latest before it: {recent}); use --date"
        )
    found.sort(key=lambda pair: pair[0].session != "strength")
    return found[0]


def _resolver(catalogue: Catalogue) -> Callable[[str], str]:
    from ..catalogue import find_exercise

    return lambda name: find_exercise(catalogue, name).slug


@command(commands, "session")
def session(
    term: Terminal,
    file: Annotated[
        Optional[Path],
        typer.Argument(parser=path_argument, help="A saved plan or programme file (default: the programme you follow).", show_default=False),
    ] = None,
    change: Annotated[
        Optional[list[str]],
        typer.Option(
            "--change", "-c",
            help="What differed from the plan: EXERCISE[:SET][:SIDE]=DONE[,effort=N][,pain=N][,band=LEVEL], or =skip. Repeat it.",
            show_default=False,
        ),
    ] = None,
    date: DateOption = None,
    which: Annotated[
        Optional[str], typer.Option("--session", help="For a programme day with several sessions: strength, warmup or mobility.", show_default=False)
    ] = None,
    effort: EffortOption = None,
    pain: PainOption = None,
    notes: SessionNotesOption = None,
    output: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")] = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Record a session done from a plan or programme: as prescribed, except what you type.

    Example: hipcli log session plan.toml --change lateral-band-walk:3=8,pain=3
    """
    from ..planfile import load_document
    from ..logbook import apply_changes, apply_everywhere, parse_change, sets_from_plan
    from ..plans import PlanFile
    from ..progression import session_plan

    check_scale(effort, "--effort")
    check_scale(pain, "--pain")
    when = parse_when(date)
    cat = load(term, catalogue, with_)
    # Checked once with the catalogue's chart before the log is opened, and again below with the plan's own.
    default_colours = dict(cat.charts[cat.default_chart].colours)
    changes = [parse_change(text, default_colours) for text in change or []]
    with open_log() as log:
        source_path = file
        if source_path is None:
            followed = log.followed()
            if followed is None:
                term.warn(list(log.unreadable.values()))
                raise log_error(
                    "name a plan or programme file, or follow a programme first with 'hipcli log follow FILE'"
                )
            source_path = Path(followed.path)
        document = load_document(source_path, cat)
        if isinstance(document, PlanFile):
            plan, kind, week = document.plan, "plan", None
            title = f"{plan.request.session} plan ({plan.request.level}, {plan.request.goal})"
        else:
            chosen, week = _programme_session(document, when.date(), which)
            plan, kind = session_plan(document.programme, chosen), "programme"
            title = f"{chosen.title} (week {week})"
        if plan.bands is not None:
            # 'band=green' means the level green stands for on the chart the plan was made with.
            changes = [parse_change(text, dict(plan.bands.colours)) for text in change or []]
        planned = sets_from_plan(plan.items(), cat)
        changed_sets = apply_changes(planned, changes, _resolver(cat))
        changed = sum(1 for before, after in zip(planned, changed_sets) if before != after)
        done = apply_everywhere(changed_sets, effort=effort, pain=pain)
        head = {
            "started": when, "source_kind": kind, "source": str(source_path.resolve()),
            "week": week, "title": title, "notes": notes, "planned_sets": len(planned), "finished": when,
        }
        session_id = log.add_session(head, [item.fields() for item in done])
        from ..corrections import remember_added

        remember_added(log, session_id)
    summary = {
        "session": session_id, "date": when.isoformat(), "title": title, "sets": len(done),
        "exercises": len({item.slug for item in done}), "changed": changed,
        "skipped": sum(1 for item in done if item.done is None),
    }
    if output == "json":
        saved_json(term, "log-session", summary, f"session {session_id}")
        return
    saved(
        term,
        f"Logged session {session_id} on {when.date().isoformat()}: {title}\n"
        f"{_count(summary['sets'], 'set')} of {_count(summary['exercises'], 'exercise')}; "
        f"{changed} differed from the plan, {summary['skipped']} skipped.\n"
        f"{_morning_hint(when.date(), session_id)}\n"
        "A mistake? 'hipcli log undo' takes this session out again.\n",
        f"session {session_id}",
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _morning_hint(day: datetime.date, session_id: int) -> str:
    """The next-morning check, worded for when the session was: ahead for today, already past for an earlier day."""
    import datetime

    today = datetime.date.today()
    if day >= today:
        return "Tomorrow morning, note how it feels: hipcli log morning --pain N (CS3)."
    after = day + datetime.timedelta(days=1)
    return (f"How did it feel the morning after ({after.isoformat()})? "
            f"hipcli log morning --date {day.isoformat()} --pain N (CS3).")


@command(commands, "add")
def add(
    term: Terminal,
    exercise: Annotated[str, typer.Argument(help="The exercise: slug, name or alias.", show_default=False)],
    done: Annotated[
        str, typer.Option("--done", "-d", help="What each set reached, comma-separated: 10,10,8 (reps, seconds or steps, the card's unit).", show_default=False)
    ],
    side: Annotated[
        Optional[str], typer.Option("--side", help="left or right for one side only (default: both sides of one-sided work).", show_default=False)
    ] = None,
    band: Annotated[Optional[str], typer.Option("--band", help="The band level used (extra-light ... extra-heavy).", show_default=False)] = None,
    effort: EffortOption = None,
    pain: PainOption = None,
    date: DateOption = None,
    notes: SessionNotesOption = None,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Record one exercise done outside any plan.

    Example: hipcli log add side-plank --done 30,25 --pain 1
    """
    from ..catalogue import find_exercise
    from ..errors import RequestError
    from ..text import visible
    from ..values import band_level, whole_number

    check_scale(effort, "--effort")
    check_scale(pain, "--pain")
    if side is not None and side not in ("left", "right"):
        raise usage("--side", f"'{shown(side)}' is not a side; use left or right")
    parts = done.split(",")
    if len(parts) > 10:
        raise usage("--done", "at most 10 sets")
    try:
        # ASCII digits only: '3²' passes str.isdigit and then fails int().
        amounts = [whole_number(part, "--done", high=10000) for part in parts]
    except RequestError:
        raise usage("--done", f"'{shown(done)}' must be whole numbers from 0 to 10000 separated by commas, e.g. 10,10,8") from None
    when = parse_when(date)
    cat = load(term, catalogue, with_)
    card = find_exercise(cat, exercise)
    if band is not None:
        # A colour means the level it stands for on the card's chart ('green' -> medium); anything else is exit 2.
        band = band_level(band, "--band", dict(cat.chart_for(card).colours))
    sides: tuple[Optional[str], ...] = (side,) if side else (("left", "right") if card.per_side else (None,))
    placement = card.band.placement if card.band is not None and band else None
    rows = [
        {"position": 0, "slug": card.slug, "set_number": number, "side": which, "unit": card.unit, "done": int(amount),
         "band": band, "placement": placement, "effort": effort, "pain": pain}
        for number, amount in enumerate(amounts, start=1)
        for which in sides
    ]
    head = {"started": when, "finished": when, "source_kind": "single", "title": card.name,
            "notes": notes, "planned_sets": len(rows)}
    with open_log() as log:
        session_id = log.add_session(head, rows)
        from ..corrections import remember_added

        remember_added(log, session_id)
    shown_done = ",".join(str(amount) for amount in amounts)
    saved(term, f"Logged session {session_id}, {visible(card.name)}: {len(amounts)} sets ({shown_done} {card.unit}) on {when.date().isoformat()}.\n",
           f"session {session_id}")


@command(commands, "morning")
def morning(
    term: Terminal,
    pain: Annotated[int, typer.Option("--pain", help="Pain or stiffness this morning, 0-10.", show_default=False)],
    session_id: Annotated[
        Optional[int],
        typer.Option("--session", help="The session's number, as 'hipcli log history' shows it (default: the latest).", show_default=False),
    ] = None,
    date: Annotated[
        Optional[str],
        typer.Option("--date", help="The day the session was done, YYYY-MM-DD or yesterday (its latest session that day).", show_default=False),
    ] = None,
) -> None:
    """Record how the trained area feels the morning after: worse than during the session means step back.

    Example: hipcli log morning --pain 2 --date yesterday
    """
    check_scale(pain, "--pain")
    if session_id is not None and date is not None:
        raise usage("--date", "give --session or --date, not both")
    day = parse_day(date, "--date")
    with open_log(create=False) as log:
        if session_id is not None:
            target = log.session(session_id)
        elif day is not None:
            that_day = log.sessions(since=day, until=day)
            if not that_day:
                raise log_error(f"no session logged on {day.isoformat()}; 'hipcli log history' lists them")
            target = that_day[-1]
        else:
            target = log.last_session()
        if target is None:
            raise log_error("the log has no session yet")
        log.set_morning_pain(target.id, pain)
    saved(term, f"Morning pain {pain}/10 noted for session {target.id} ({target.started.date().isoformat()}).\n",
           f"morning pain for session {target.id}")


@command(commands, "follow")
def follow(
    term: Terminal,
    file: Annotated[Optional[Path], typer.Argument(parser=path_argument, help="A programme file saved with 'hipcli program --out'.", show_default=False)] = None,
    stop: Annotated[bool, typer.Option("--stop", help="Stop following a programme.")] = False,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Follow a programme: 'hipcli log session' and 'hipcli train' then use its session for the day.

    Example: hipcli log follow running-6-weeks.toml
    """
    from ..journal import exists

    nothing = "No programme was followed.\n" if stop else "No programme followed; pick one with 'hipcli log follow FILE'.\n"
    if (stop or file is None) and not exists():
        term.stdout.write(nothing)  # a question, answered without making a log file
        return
    document = None
    if file is not None and not stop:
        from ..planfile import load_document

        # Read before the log is opened: a file that is not a programme leaves no new log behind.
        document = load_document(file, load(term, catalogue, with_), kind="programme")
    with open_log() as log:
        if stop:
            term.stdout.write("Stopped following the programme.\n" if log.unfollow() else nothing)
            return
        if file is None or document is None:
            followed = log.followed()
            term.warn(list(log.unreadable.values()))
            if followed is None:
                term.stdout.write(nothing)
            else:
                term.stdout.write(f"Following {shown(followed.path)} since {followed.since.isoformat()}.\n")
            return
        first = min(s.date for w in document.weeks for s in w.sessions)
        followed = log.follow(file, first)
    term.stdout.write(f"Following {shown(followed.path)} (starts {first.isoformat()}).\n")
