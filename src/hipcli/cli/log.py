"""The training log's commands: record sessions, see history and progress, back it up (``hipcli log ...``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal, Optional

import typer

from .options import path_argument, CatalogueOption, FormatOption, WithOption, choice, parse_equipment, parse_when, shown, usage
from .shell import Terminal, command, envelope, json_document, load
from .shell import group as command_group

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from ..journal import Journal
    from ..models import Catalogue

app = command_group("log", "The training log: record sessions, see history and progress, back it up.")

HistoryFormat = Literal["table", "json", "csv", "strong", "hevy"]
ExportFormat = Literal["csv", "json", "strong", "hevy"]


def _open(*, create: bool = True) -> Journal:
    from ..journal import Journal

    return Journal.open(create=create)


def _open_reading() -> Journal:
    """The log for a command that only reads it; without one, an empty log in memory, so no file is created."""
    from ..journal import Journal, exists

    return Journal.open() if exists() else Journal.open(":memory:")


def _day(value: Optional[str], option: str) -> Optional[datetime.date]:
    return None if value is None else parse_when(value, option).date()


def _saved(term: Terminal, text: str, what: str) -> None:
    """Print the confirmation of something the log has already committed.

    If standard output fails now (a full disk, /dev/full, a closed pipe), the
    change is saved all the same: say so on stderr and exit 0, so a script
    that retries failed commands does not record the same session twice.
    """
    from ..output import BrokenPipe, OutputError

    try:
        term.stdout.write(text)
        term.stdout.flush()
    except OutputError as error:
        term.say(f"{what} was saved in the log; only its confirmation could not be printed ({error.message}); do not record it again")
    except BrokenPipe:
        pass  # the reader went away; what it asked for is done


def _saved_json(term: Terminal, kind: str, data: Any, what: str) -> None:
    from ..output import ascii_only

    _saved(term, json_document(envelope(kind, data), ascii_only=ascii_only()), what)


def _scale(value: Optional[int], option: str) -> Optional[int]:
    if value is not None and not 0 <= value <= 10:
        raise usage(option, f"{value} is out of range; use 0 (none) to 10 (worst)")
    return value


EffortOption = Annotated[
    Optional[int],
    typer.Option("--effort", help="How hard the sets felt, OMNI-RES 0-10 (R8: aim for about 5).", show_default=False),
]
PainOption = Annotated[
    Optional[int],
    typer.Option("--pain", help="Pain during the sets, 0-10 (0-3 safe, 4-5 acceptable, above 5 too much; CS3).", show_default=False),
]
DateOption = Annotated[
    Optional[str], typer.Option("--date", help="When: YYYY-MM-DD[THH:MM], today or yesterday (default: now).", show_default=False)
]
NotesOption = Annotated[Optional[str], typer.Option("--notes", help="A note for the session.", show_default=False)]


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
        raise _journal_error(
            f"the programme has no {which + ' ' if which else ''}session on {day.isoformat()} "
            f"(latest before it: {recent}); use --date"
        )
    found.sort(key=lambda pair: pair[0].session != "strength")
    return found[0]


def _journal_error(message: str) -> Exception:
    from ..errors import JournalError

    return JournalError(message)


def _resolver(catalogue: Catalogue) -> Callable[[str], str]:
    from ..catalogue import find_exercise

    return lambda name: find_exercise(catalogue, name).slug


@command(app, "session")
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
    notes: NotesOption = None,
    output: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")] = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Record a session done from a plan or programme: as prescribed, except what you type.

    Example: hipcli log session plan.toml --change lateral-band-walk:3=8,pain=3
    """
    from ..planfile import load_document
    from ..logbook import apply_changes, apply_everywhere, parse_change, sets_from_plan
    from ..models import PlanFile
    from ..progression import session_plan

    _scale(effort, "--effort")
    _scale(pain, "--pain")
    when = parse_when(date)
    cat = load(term, catalogue, with_)
    # Checked once with the catalogue's chart before the log is opened, and again below with the plan's own.
    default_colours = dict(cat.charts[cat.default_chart].colours)
    changes = [parse_change(text, default_colours) for text in change or []]
    with _open() as log:
        source_path = file
        if source_path is None:
            followed = log.followed()
            if followed is None:
                term.warn(list(log.unreadable.values()))
                raise _journal_error(
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
        from ..journal import remember_added

        remember_added(log, session_id)
    summary = {
        "session": session_id, "date": when.isoformat(), "title": title, "sets": len(done),
        "exercises": len({item.slug for item in done}), "changed": changed,
        "skipped": sum(1 for item in done if item.done is None),
    }
    if output == "json":
        _saved_json(term, "log-session", summary, f"session {session_id}")
        return
    _saved(
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


@command(app, "add")
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
    notes: NotesOption = None,
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

    _scale(effort, "--effort")
    _scale(pain, "--pain")
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
    with _open() as log:
        session_id = log.add_session(head, rows)
        from ..journal import remember_added

        remember_added(log, session_id)
    shown_done = ",".join(str(amount) for amount in amounts)
    _saved(term, f"Logged session {session_id}, {visible(card.name)}: {len(amounts)} sets ({shown_done} {card.unit}) on {when.date().isoformat()}.\n",
           f"session {session_id}")


@command(app, "morning")
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
    _scale(pain, "--pain")
    if session_id is not None and date is not None:
        raise usage("--date", "give --session or --date, not both")
    day = _day(date, "--date")
    with _open(create=False) as log:
        if session_id is not None:
            target = log.session(session_id)
        elif day is not None:
            that_day = log.sessions(since=day, until=day)
            if not that_day:
                raise _journal_error(f"no session logged on {day.isoformat()}; 'hipcli log history' lists them")
            target = that_day[-1]
        else:
            target = log.last_session()
        if target is None:
            raise _journal_error("the log has no session yet")
        log.set_morning_pain(target.id, pain)
    _saved(term, f"Morning pain {pain}/10 noted for session {target.id} ({target.started.date().isoformat()}).\n",
           f"morning pain for session {target.id}")


def _slug_filter(
    cat: Catalogue, exercise: Optional[list[str]], family: Optional[str], muscle: Optional[str]
) -> Optional[set[str]]:
    from ..catalogue import find_exercise, muscle_names

    chosen: Optional[set[str]] = None
    if exercise:
        chosen = {find_exercise(cat, name).slug for name in exercise}
    if family is not None:
        families = {card.family_name for card in cat.exercises}
        if family not in families:
            raise usage("--family", f"'{shown(family)}' is not a family; e.g. {', '.join(sorted(families)[:4])}")
        members = {card.slug for card in cat.exercises if card.family_name == family}
        chosen = members if chosen is None else chosen & members
    if muscle is not None:
        if muscle not in muscle_names():
            raise usage("--muscle", f"'{shown(muscle)}' is not a muscle or group")
        members = {card.slug for card in cat.exercises if card.trains(muscle, secondary=False)}
        chosen = members if chosen is None else chosen & members
    return chosen


HISTORY_HEADERS = ("no.", "date", "exercise", "done", "band", "effort", "pain")


def _history_rows(sessions: list[Any], sets: list[Any], cat: Catalogue) -> list[tuple[str, ...]]:
    """The history table's cells, a row per exercise of a session (HISTORY_HEADERS), text escaped."""
    from ..text import visible

    table: list[tuple[str, ...]] = []
    by_session: dict[int, list[Any]] = {}
    for logged in sets:
        by_session.setdefault(logged.session_id, []).append(logged)
    for logged_session in sessions:
        rows = by_session.get(logged_session.id, [])
        groups: dict[tuple[int, str], list[Any]] = {}
        for logged in rows:
            groups.setdefault((logged.position, logged.slug), []).append(logged)
        first = True
        for (_position, slug), group in groups.items():
            card = cat.by_slug.get(slug)
            name = visible(card.name if card else slug)
            parts = []
            for logged in group:
                amount = "skipped" if logged.done is None else str(logged.done)
                parts.append(f"{logged.side[0].upper()}{amount}" if logged.side else amount)
            target = group[0]
            wanted = ""
            if target.target_high is not None:
                low, high = target.target_low, target.target_high
                wanted = f" (aim {low}–{high})" if low != high else f" (aim {high})"
            bands = sorted({visible(g.band) for g in group if g.band})
            efforts = [g.effort for g in group if g.effort is not None]
            pains = [g.pain for g in group if g.pain is not None]
            table.append((
                str(logged_session.id) if first else "",
                logged_session.started.strftime("%Y-%m-%d %H:%M") if first else "",
                name,
                f"{' '.join(parts)} {target.unit}{wanted}",
                ", ".join(bands) or "-",
                str(max(efforts)) if efforts else "-",
                str(max(pains)) if pains else "-",
            ))
            first = False
        if not rows:
            table.append((str(logged_session.id), logged_session.started.strftime("%Y-%m-%d %H:%M"),
                          visible(logged_session.title or "-"), "no sets", "", "", ""))
    return table


def _history_view(rows: list[tuple[str, ...]], width: int) -> Any:
    """The history table's columns and cells (views.TableView), for rich or the plain layout."""
    from ..views import Column, TableView

    # From 60 columns, the fixed-width columns never wrap (so rich need not measure
    # them: half the time of a long history) and the date stays on one line. Names,
    # doses and bands always fold, never cut.
    fixed = {"no_wrap": True} if width >= 60 else {"overflow": "fold"}
    columns = [Column(heading, **fixed) if heading in ("no.", "date", "effort", "pain") else Column(heading, overflow="fold")  # type: ignore[arg-type]
               for heading in HISTORY_HEADERS]
    return TableView(title=None, columns=tuple(columns), rows=tuple(rows))


def _history_table(rows: list[tuple[str, ...]], width: int = 80) -> Any:
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for column in _history_view([], width).columns:
        # The session's number (first) is what --session, 'log edit' and 'log delete' take.
        table.add_column(column.header, justify="right" if column.header == "no." else "left",
                         no_wrap=column.no_wrap, overflow=column.overflow)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    return table


@command(app, "history")
def history(
    term: Terminal,
    exercise: Annotated[Optional[list[str]], typer.Option("--exercise", "-e", help="Only this exercise (repeat for more).", show_default=False)] = None,
    family: Annotated[Optional[str], typer.Option("--family", help="Only this exercise family, e.g. psoas-march.", show_default=False)] = None,
    muscle: Annotated[Optional[str], typer.Option("--muscle", help="Only work for this muscle or group, e.g. hip-flexors.", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="From this date, YYYY-MM-DD.", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Up to this date, YYYY-MM-DD.", show_default=False)] = None,
    last: Annotated[
        Optional[int], typer.Option("--last", "-n", min=1, help="The latest N sessions (default 10 in a table; all with --since or another format).", show_default=False)
    ] = None,
    output: Annotated[
        HistoryFormat,
        typer.Option("--format", "-f", help="table, json, csv, or strong or hevy (those apps' CSV exports); every one but table re-imports with 'hipcli log import'."),
    ] = "table",
    out: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to this file instead of the screen.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")] = False,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Show past sessions and sets, filtered by exercise, family, muscle and date; export them.

    Example: hipcli log history --muscle hip-flexors --since 2025-01-01 --format csv --out log.csv
    """
    start, end = _day(since, "--since"), _day(until, "--until")
    filtered = bool(exercise) or family is not None or muscle is not None
    # An unfiltered export needs no catalogue: only the table shows exercise names.
    # The Strong and Hevy files name each exercise as the catalogue does.
    cat = load(term, catalogue, with_) if filtered or (output == "table" and out is None) or output in ("strong", "hevy") else None
    slugs = _slug_filter(cat, exercise, family, muscle) if cat is not None else None
    if last is None and start is None and end is None and output == "table":
        last = 10
    if output == "table" and out is None:
        _show_history(term, cat, slugs, start, end, last)
        return
    _export_history(term, cat, output, out, force, slugs, start, end, last)


def _show_history(
    term: Terminal, cat: Any, slugs: Optional[set[str]], start: Optional[datetime.date], end: Optional[datetime.date], last: Optional[int]
) -> None:
    """The latest sessions (or those that match) as a table."""
    with _open_reading() as log:
        if slugs is None:
            sessions = log.sessions(since=start, until=end, limit=last)
            sets = log.sets(session_ids=[s.id for s in sessions]) if last is not None else log.sets(since=start, until=end)
        else:
            sets = log.sets(slugs=slugs, since=start, until=end)
            ids = list(dict.fromkeys(s.session_id for s in sets))
            if last is not None:
                keep = set(ids[-last:])
                sets = [s for s in sets if s.session_id in keep]
                ids = ids[-last:]
            wanted = set(ids)
            sessions = [s for s in log.sessions(since=start, until=end) if s.id in wanted] if ids else []
    term.warn(list(log.unreadable.values()))
    if not sessions:
        term.stdout.write("No sessions logged" + (" that match." if slugs is not None or start or end else " yet.") + "\n")
        return
    rows = _history_rows(sessions, sets, cat)
    if term.plain and term.unicode:
        from .plain import loose_table

        # The layout rich would draw, without importing rich (cli/plain.py; tests/test_plain.py compares them).
        lines = loose_table(_history_view(rows, term.width), term.width, right=(0,))
        if lines is not None:
            term.out("".join(line + "\n" for line in lines))
            return
    term.print(_history_table(rows, term.width))


def _export_history(
    term: Terminal, cat: Any, output: str, out: Optional[str], force: bool, slugs: Optional[set[str]],
    start: Optional[datetime.date], end: Optional[datetime.date], last: Optional[int],
) -> None:
    """The sessions as CSV or JSON, to standard output or a file, written in pieces as they are made."""
    from ..logbook import csv_chunks, export_json

    # The log stays open while the rows are written: they come from its cursor one at a
    # time (Journal.export_rows), flat rows straight from SQL, so years of sets stay quick.
    with _open_reading() as log:
        if slugs is None:
            sessions = log.sessions(since=start, until=end, limit=last)
            rows: Iterable[tuple[Any, ...]] = (
                log.export_rows(session_ids=[s.id for s in sessions]) if last is not None else log.export_rows(since=start, until=end)
            )
        else:
            sessions = []
            rows = log.export_rows(slugs=slugs, since=start, until=end)
            if last is not None:
                rows = list(rows)
                keep = set(list(dict.fromkeys(row[0] for row in rows))[-last:])
                rows = [row for row in rows if row[0] in keep]
        term.warn(list(log.unreadable.values()))
        if output in ("strong", "hevy"):
            term.write_out(_app_export(output, list(rows), cat), out, force)
            return
        if output == "csv":
            chunks = csv_chunks(rows, sessions)
        else:
            rows = list(rows)
            with_sets = {row[0] for row in rows}
            empty = [session for session in sessions if session.uid not in with_sets]
            chunks = iter([json_document(envelope("log-history", export_json(rows, empty)))])
        if out is None or out == "-":
            for chunk in chunks:
                term.document(chunk)
            return
        from ..files import write_chunks

        write_chunks(out, chunks, force=force)
    term.say(f"wrote {out}")


def _app_export(output: str, rows: list[Any], cat: Any) -> str:
    """The rows of ``Journal.export_rows`` as a Strong or Hevy CSV export (formats/strong.py, formats/hevy.py)."""
    from ..importers.workouts import export_sets

    if output == "strong":
        from ..formats import strong as writer
    else:
        from ..formats import hevy as writer  # type: ignore[no-redef]
    return writer.write(export_sets(rows, cat))


@command(app, "export")
def export_log(
    term: Terminal,
    output: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="strong or hevy (those apps' CSV exports, which they and 'hipcli log import' read), csv or json (hipcli's own)."),
    ],
    out: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to this file instead of standard output.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")] = False,
    since: Annotated[Optional[str], typer.Option("--since", help="From this date, YYYY-MM-DD.", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Up to this date, YYYY-MM-DD.", show_default=False)] = None,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Export the whole log (or a date range) to take it to Strong or Hevy, or to keep it.

    Example: hipcli log export --format strong --out strong.csv
    """
    history.function(term, since=since, until=until, output=output, out=out, force=force, catalogue=catalogue, with_=with_)


@command(app, "import")
def import_log(
    term: Terminal,
    file: Annotated[
        Path,
        typer.Argument(
            parser=path_argument,
            help="A Strong or Hevy CSV export, a Garmin strength activity (.fit), or a CSV or JSON file from "
            "'hipcli log history --format csv|json'.",
            show_default=False,
        ),
    ],
    map_file: Annotated[
        Optional[Path],
        typer.Option("--map", help='A TOML file of your exercise names to cards: "Hip Thrust (Barbell)" = "banded-hip-thrust" (or "other").', show_default=False),
    ] = None,
    plan_file: Annotated[
        Optional[Path],
        typer.Option("--plan", help="For a .fit activity: the plan or programme file its workout came from (default: the programme you follow).", show_default=False),
    ] = None,
    week: Annotated[Optional[int], typer.Option("--week", min=1, max=52, help="With --plan PROGRAMME: the week of the session (default: by the activity's date).", show_default=False)] = None,
    day: Annotated[Optional[int], typer.Option("--day", min=1, max=7, help="With --plan PROGRAMME: the week's session, from 1.", show_default=False)] = None,
    weight_unit: Annotated[
        str, typer.Option("--weight-unit", **choice(("kg", "lb"), "a unit"), help="For Strong exports that do not say: the unit of their weights.")
    ] = "kg",
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Add sessions from Strong, Hevy, a Garmin watch or a hipcli export; a re-import adds nothing.

    Example: hipcli log import strong.csv --map my-names.toml
    """
    from ..catalogue import read_bytes
    from ..errors import JournalError
    from ..importers import foreign

    raw = read_bytes(file, JournalError, noun="log export")
    cat = load(term, catalogue, with_)
    kind = foreign.detect(raw)
    if kind is None and foreign.is_hipcli_export(raw):
        if map_file is not None or plan_file is not None:
            raise usage("--map" if map_file is not None else "--plan", "applies to Strong, Hevy and FIT files, not a hipcli export")
        from ..catalogue import decode
        from ..logbook import read_export

        # Bands as the chart in use names them: a 'green' cell is the level green stands for.
        rows = read_export(file, decode(file, raw, JournalError), set(cat.by_slug), dict(cat.charts[cat.default_chart].colours))
        with _open() as log:
            sessions, sets = log.import_sessions(rows)
        if output == "json":
            _saved_json(term, "log-import", {"source": "hipcli", "added_sessions": sessions, "added_sets": sets}, "the import")
            return
        _saved(term, f"Imported {sessions} new sessions and {sets} new sets from {shown(str(file))}; the rest were already in the log.\n",
               "the import")
        return
    if kind != "fit" and (plan_file is not None or week is not None or day is not None):
        raise usage("--plan" if plan_file is not None else "--week", "applies to a Garmin activity (.fit) only")
    if (week is None) != (day is None):
        raise usage("--week" if day is None else "--day", "--week and --day go together")
    plan = source = None
    source_kind, programme_week = "plan", None
    notes: list[str] = []
    if kind == "fit":
        plan, source, source_kind, programme_week = _fit_plan(term, file, raw, cat, plan_file, week, day, notes)
    _kind, sessions_, report = foreign.read_file(
        file, catalogue=cat, mapping_file=map_file, plan=plan, plan_source=source, source_kind=source_kind,
        week=programme_week, weight_unit=weight_unit, raw=raw,
    )
    with _open() as log:
        foreign.save(log, sessions_, report)
    if output == "json":
        _saved_json(term, "log-import", {**report.data(), "notes": notes}, "the import")
        return
    from ..text import visible

    _saved(term, "".join(visible(line) + "\n" for line in [*report.lines(), *notes]), "the import")


def _fit_plan(
    term: Terminal, file: Path, raw: bytes, cat: Any, plan_file: Optional[Path], week: Optional[int], day: Optional[int],
    notes: list[str],
) -> tuple[Any, Optional[str], str, Optional[int]]:
    """The plan a watch activity followed: --plan, else the followed programme's session on its date, else none."""
    from ..errors import HipcliError
    from ..importers import fit
    from ..planfile import load_document

    path = plan_file
    if path is None:
        from ..journal import Journal, exists

        if not exists():
            return None, None, "import", None
        with Journal.open(create=False) as log:
            followed = log.followed()
        if followed is None:
            return None, None, "import", None
        path = Path(followed.path)
    activity = fit.read_activity(file, raw)
    try:
        document = load_document(path, cat)
        plan, kind, number = fit.plan_for(file, document, activity.started.date(), week=week, number=day)
        if plan_file is None:
            # A followed programme is only a guess: an activity that is not its session is matched by names.
            fit.activity_sessions(file, activity, catalogue=cat, plan=plan)
    except HipcliError as error:
        if plan_file is not None:
            raise
        notes.append(f"Not matched to the programme you follow ({error.message}); matched by exercise names instead.")
        return None, None, "import", None
    return plan, str(path), kind, number


@command(app, "where")
def where(term: Terminal) -> None:
    """Print where the training log lives (set HIPCLI_DATA to move it).

    Example: hipcli log where
    """
    from ..journal import default_path

    term.stdout.write(f"{default_path()}\n")


@command(app, "backup")
def backup(
    term: Terminal,
    file: Annotated[str, typer.Argument(help="The backup file to write ('-': standard output, e.g. to pipe into gzip).", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Copy the whole log to one file, safely, even while another hipcli writes to it.

    Example: hipcli log backup ~/hipcli-log-2025-03.sqlite3
    """
    if file == "-":
        # '-' is standard output, as for every --out: the backup's bytes, for a pipe or a redirect.
        if term.stdout_isatty:
            raise usage("FILE", "'-' writes the backup's binary bytes to standard output; redirect it (> FILE) or pipe it")
        with _open(create=False) as log:
            data = log.snapshot()
            sessions, sets, assessments = log.counts()
        _write_binary(term, data)
        term.say(f"wrote the backup to standard output ({sessions} sessions, {sets} sets, {assessments} assessments)")
        return
    with _open(create=False) as log:
        log.backup(file, force=force)
        sessions, sets, assessments = log.counts()
    term.say(f"wrote {file} ({sessions} sessions, {sets} sets, {assessments} assessments)")


def _write_binary(term: Terminal, data: bytes) -> None:
    """Bytes to standard output: straight to its descriptor (all of it, or an error), else to its binary buffer."""
    import errno
    import os

    from ..output import BrokenPipe, OutputError

    term.stdout.flush()
    try:
        descriptor: Optional[int] = term.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # a test runner's stream has no descriptor
        descriptor = None
    try:
        if descriptor is None:
            term.stdout.buffer.write(data)
            term.stdout.buffer.flush()
            return
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    except OSError as error:
        if error.errno in (errno.EPIPE, errno.ECONNRESET):
            raise BrokenPipe() from None
        raise OutputError(f"cannot write the backup to standard output: {error.strerror}; the log is unchanged") from None


@command(app, "restore")
def restore(
    term: Terminal,
    file: Annotated[Path, typer.Argument(parser=path_argument, help="A backup made by 'hipcli log backup'.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace a log that already holds sessions.")] = False,
) -> None:
    """Replace the log with a backup (the backup is checked first; a bad one changes nothing).

    Example: hipcli log restore ~/hipcli-log-2025-03.sqlite3 --force
    """
    from ..journal import DamagedLog, restore_damaged

    try:
        log = _open()
    except DamagedLog as error:
        # What restore is for: a log that no longer opens. The damaged file is kept, renamed, never deleted.
        if not force:
            raise _journal_error(f"{error.message.partition(' Restore')[0]} Add --force to keep it beside the log, renamed, and restore the backup") from None
        aside, (sessions, sets, assessments) = restore_damaged(file)
        term.say(f"kept the damaged log as {shown(str(aside))}")
        _saved(term, f"Restored {sessions} sessions, {sets} sets and {assessments} assessments from {shown(str(file))}.\n", "the restore")
        return
    with log:
        if sum(log.counts()) and not force:
            sessions, sets, _ = log.counts()
            raise _journal_error(
                f"{log.path}: holds {sessions} sessions and {sets} sets; add --force to replace them with the backup"
            )
        sessions, sets, assessments = log.restore(file)
    _saved(term, f"Restored {sessions} sessions, {sets} sets and {assessments} assessments from {shown(str(file))}.\n", "the restore")


@command(app, "follow")
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
    with _open() as log:
        if stop:
            term.stdout.write("Stopped following the programme.\n" if log.unfollow() else "No programme was followed.\n")
            return
        if file is None:
            followed = log.followed()
            term.warn(list(log.unreadable.values()))
            if followed is None:
                term.stdout.write("No programme followed; pick one with 'hipcli log follow FILE'.\n")
            else:
                term.stdout.write(f"Following {shown(followed.path)} since {followed.since.isoformat()}.\n")
            return
        from ..planfile import load_document

        document = load_document(file, load(term, catalogue, with_), kind="programme")
        first = min(s.date for w in document.weeks for s in w.sessions)
        followed = log.follow(file, first)
    term.stdout.write(f"Following {shown(followed.path)} (starts {first.isoformat()}).\n")


SPARKS = "▁▂▃▄▅▆▇█"


def _spark(values: list[Optional[float]], top: Optional[float] = None) -> str:
    """One character per week: a block as high as the value, a dot for a week with nothing logged."""
    present = [v for v in values if v is not None]
    peak = top if top is not None else (max(present) if present else 0)
    out = []
    for value in values:
        if value is None:
            out.append("·")
        elif peak <= 0:
            out.append(SPARKS[0])
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int(round(value / peak * (len(SPARKS) - 1))))])
    return "".join(out)


class _Grid:
    """A table of the progress page as it is filled: its headings and rows (a views.TableView when done)."""

    def __init__(self, *headings: str) -> None:
        self.headings = headings
        self.rows: list[tuple[str, ...]] = []

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)


def _progress_parts(data: dict[str, Any], cat: Catalogue) -> list[Any]:
    """The progress page, top to bottom: lines of text as (text, bold) and tables (``_Grid``)."""
    from ..text import visible

    table = _Grid

    import datetime

    weeks = data["weeks"]
    # The last mark is this week: the chart runs to its Sunday, or to today while the week is still on.
    end = min(datetime.date.fromisoformat(weeks[-1]) + datetime.timedelta(days=6), datetime.date.today())
    parts: list[Any] = [(f"Progress over {len(weeks)} weeks, {weeks[0]} to {end.isoformat()} (one mark a week; · = nothing logged)\n", False)]
    parts.append(("Step reached per family (a higher mark is a harder step on your ladder: R13, R14)", True))
    families = table("family", "step by week", "now; next")
    for family, info in data["families"].items():
        now = info["now"]
        card = cat.by_slug.get(now["slug"])
        name = visible(card.name if card else now["slug"])
        if now["rung"]:
            reached = f"{name}, {now['dose']}; next: {visible(now['next'])}"
        else:
            reached = f"{name}, below the ladder's first dose; next: {visible(now['next'])}"
        families.add_row(visible(family), _spark(info["rung_by_week"], top=now["of"]), reached)
    parts.append(families if data["families"] else ("  nothing logged in these weeks", False))
    sets_info = data["weekly_sets"]
    parts.append((f"\nWeekly sets per group against {sets_info['target']} a week ({sets_info['target_source']})", True))
    groups = table("group", "sets by week", "this week", "")
    for group, values in sets_info["groups"].items():
        last = values[-1]
        filled = min(10, round(10 * last / sets_info["target"])) if sets_info["target"] else 0
        mark = "on target" if last >= sets_info["target"] else f"{sets_info['target'] - last} short"
        groups.add_row(group, _spark([float(v) for v in values], top=max(max(values), sets_info["target"])),
                       f"{last} / {sets_info['target']}", "█" * filled + "░" * (10 - filled) + f" {mark}")
    parts.append(groups)
    adherence = data["adherence"]
    parts.append(("\nAdherence: done against planned", True))
    rows = table("", "by week", "this week", "all weeks")
    planned_known = any(a["planned_sessions"] is not None for a in adherence)
    if planned_known:
        # Strength sessions against the strength sessions planned, only in weeks that planned any (trends.py).
        ratios = [
            min(1.0, a["strength_sessions"] / a["planned_sessions"]) if a["planned_sessions"] else None for a in adherence
        ]
        total = data["adherence_total"]
        last = adherence[-1]
        this_week = (f"{last['strength_sessions']} of {last['planned_sessions']}" if last["planned_sessions"]
                     else "none planned")
        overall = (f"{total['done']} of {total['planned']} ({total['percent']}%)"
                   + (f", {total['extra']} extra" if total["extra"] else "")
                   if total["planned"] else "no strength sessions planned in these weeks")
        rows.add_row("strength sessions (programme)", _spark(ratios, top=1.0), this_week, overall)
    set_ratios = [(a["sets_done"] / a["sets_planned"]) if a["sets_planned"] else None for a in adherence]
    done_sets = sum(a["sets_done"] for a in adherence)
    planned_sets = sum(a["sets_planned"] for a in adherence)
    rows.add_row("sets (logged sessions)", _spark(set_ratios, top=1.0),
                 f"{adherence[-1]['sets_done']} of {adherence[-1]['sets_planned']}",
                 f"{done_sets} of {planned_sets} ({round(100 * done_sets / planned_sets) if planned_sets else 0}%)")
    if not planned_known:
        rows.add_row("sessions", _spark([float(a["sessions"]) for a in adherence]), str(adherence[-1]["sessions"]),
                     f"{sum(a['sessions'] for a in adherence)} (follow a programme to compare with its plan)")
    parts.append(rows)
    parts.append(("\nPain, highest each week (0-3 safe, 4-5 acceptable, above 5 too much: CS3)", True))
    pain = table("", "by week", "last logged")
    for key, label in (("max", "during sets"), ("morning_max", "next morning")):
        values = [p[key] for p in data["pain"]]
        logged = [v for v in values if v is not None]
        pain.add_row(label, _spark([None if v is None else float(v) for v in values], top=10.0),
                     f"{logged[-1]}/10" if logged else "not logged")
    parts.append(pain)
    return parts


def _progress_view(parts: list[Any]) -> Any:
    """The progress page for rich: each table without a box or edges, headings bold."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    shown: list[Any] = []
    for part in parts:
        if isinstance(part, _Grid):
            grid = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
            for heading in part.headings:
                grid.add_column(heading, overflow="fold")
            for row in part.rows:
                grid.add_row(*row)
            shown.append(grid)
        else:
            text, bold = part
            shown.append(Text(text, style="bold" if bold else ""))
    return Group(*shown)


# Block elements, one cell wide as rich measures them: the charts' marks.
_MARKS = str.maketrans("", "", "".join(SPARKS) + "█░")


def _progress_plain(parts: list[Any], width: int) -> Optional[str]:
    """The progress page as rich draws it plain, without importing rich; None when rich must lay it out."""
    from ..views import Column, TableView
    from .plain import loose_table, measurable, wrap

    lines: list[str] = []
    for part in parts:
        if isinstance(part, _Grid):
            view = TableView(title=None, columns=tuple(Column(heading, overflow="fold") for heading in part.headings),
                             rows=tuple(part.rows))
            laid = loose_table(view, width, marks=_MARKS)
            if laid is None:
                return None
            lines.extend(laid)
        else:
            text = part[0]
            if not measurable(text.translate(_MARKS)):
                return None
            lines.extend(piece.rstrip() for piece in wrap(text, width))
    return "".join(line + "\n" for line in lines)


@command(app, "progress")
def progress(
    term: Terminal,
    weeks: Annotated[int, typer.Option("--weeks", "-n", min=1, max=260, help="How many weeks back, this week included.")] = 12,
    level: Annotated[
        Optional[str],
        typer.Option("--level", "-l", **choice("level"), help="Your level: the ladders and the weekly set target follow it (default: your config, else beginner).", show_default=False),
    ] = None,
    equipment: Annotated[
        Optional[str], typer.Option("--equipment", help="Your kit, as for 'hipcli plan' (default: your config, else mini-band,wall-or-chair).", show_default=False)
    ] = None,
    output: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="table (charts) or json.")] = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Charts of the rung reached per family, weekly sets per muscle group, adherence and the pain trend.

    Example: hipcli log progress --weeks 8 --level intermediate
    """
    import datetime

    from ..logbook import Person
    from ..trends import calendar_weeks, progress as progress_data

    week_list = calendar_weeks(datetime.date.today(), weeks)
    first = week_list[0]
    cat = load(term, catalogue, with_)
    from ..config import BUILT_IN

    # Your defaults, as every command that plans takes them (config.py); progress needs no goal.
    level = level or term.defaults.get("level") or "beginner"
    kit = parse_equipment(equipment) if equipment is not None else term.defaults.get("equipment", BUILT_IN["equipment"])
    person = Person(level, tuple(kit), ())
    with _open_reading() as log:
        sessions = log.sessions(since=first)
        sets = log.sets(since=first)
        followed = log.followed()
    term.warn(list(log.unreadable.values()))
    planned = None
    if followed is not None:
        planned = _planned_sessions(term, Path(followed.path), cat, set(week_list))
    data = progress_data(cat, sessions, sets, person, week_list, planned)
    if output == "json":
        term.json("log-progress", data)
        return
    parts = _progress_parts(data, cat)
    if term.plain and term.unicode:
        # The layout rich would draw, without importing rich (cli/plain.py; tests/test_plain_history.py compares them).
        text = _progress_plain(parts, term.width)
        if text is not None:
            term.out(text)
            return
    term.print(_progress_view(parts))


def _planned_sessions(term: Terminal, path: Path, cat: Catalogue, weeks: set[datetime.date]) -> Optional[dict[datetime.date, int]]:
    """Strength sessions the followed programme plans per week, or None when its file cannot be read."""
    from ..errors import HipcliError
    from ..logbook import planned_sessions
    from ..planfile import load_document

    try:
        document = load_document(path, cat, kind="programme")
    except HipcliError as error:
        term.say(f"{error.message} (adherence shown without the programme)")
        return None
    return planned_sessions(document, weeks)


# --- corrections: delete, edit, undo ------------------------------------------------------


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
        raise _journal_error(f"session {session_id}: no set matches; 'hipcli log history' shows its sets")
    return found


@command(app, "delete")
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
    from ..journal import delete_logged_session, delete_logged_set

    with _open(create=False) as log:
        if exercise is None and number is None and side is None:
            said = [delete_logged_session(log, session_id)]
        else:
            cat = load(term, catalogue, with_) if exercise is not None else None
            said = [delete_logged_set(log, logged.id) for logged in _sets_of(log, session_id, exercise, number, side, cat)]
    from ..text import visible

    _saved(term, "".join(f"{visible(line[:1].upper() + line[1:])}.\n" for line in said) + "'hipcli log undo' puts it back.\n",
           "the deletion")


@command(app, "edit")
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
    notes: NotesOption = None,
    morning_pain: Annotated[Optional[int], typer.Option("--morning-pain", help="Next-morning pain, 0-10.", show_default=False)] = None,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Correct a logged session (date, notes, next-morning pain) or its sets (done, effort, pain, band); 'hipcli log undo' reverts it.

    Example: hipcli log edit 12 --exercise side-plank --set 2 --side left --done 25 --pain 3
    """
    from ..journal import edit_logged_session, edit_logged_set
    from ..text import visible
    from ..values import band_level

    _scale(effort, "--effort")
    _scale(pain, "--pain")
    _scale(morning_pain, "--morning-pain")
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
    with _open(create=False) as log:
        if session_changes:
            said.append(edit_logged_session(log, session_id, **session_changes))
        if set_changes:
            cat = load(term, catalogue, with_) if exercise is not None else None
            for logged in _sets_of(log, session_id, exercise, number, side, cat):
                said.append(edit_logged_set(log, logged.id, **set_changes))
    _saved(term, "".join(f"{visible(line[:1].upper() + line[1:])}.\n" for line in said)
           + f"'hipcli log undo' reverts {'it' if len(said) == 1 else 'them one at a time'}.\n", "the correction")


@command(app, "undo")
def undo(
    term: Terminal,
    listing: Annotated[bool, typer.Option("--list", help="List the changes that can be undone, newest first.")] = False,
) -> None:
    """Take back the last change to the log: a session logged by mistake, a deletion or an edit.

    Example: hipcli log undo
    """
    from ..journal import changes, exists, undo_last
    from ..text import visible

    if not exists():
        raise _journal_error("no training log yet, so nothing to undo")
    with _open(create=False) as log:
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
