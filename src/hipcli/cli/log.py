"""The training log's commands: record sessions, see history and progress, back it up (``hipcli log ...``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal, Optional

import typer

from .options import path_argument, CatalogueOption, WithOption, choice, parse_equipment, parse_when, shown, usage
from .shell import Terminal, command, envelope, json_document, load
from .shell import group as command_group

if TYPE_CHECKING:
    import datetime

    from ..journal import Journal
    from ..models import Catalogue

app = command_group("log", "The training log: record sessions, see history and progress, back it up.")

HistoryFormat = Literal["table", "json", "csv"]


def _open(*, create: bool = True) -> Journal:
    from ..journal import Journal

    return Journal.open(create=create)


def _open_reading() -> Journal:
    """The log for a command that only reads it; without one, an empty log in memory, so no file is created."""
    from ..journal import Journal, exists

    return Journal.open() if exists() else Journal.open(":memory:")


def _day(value: Optional[str], option: str) -> Optional[datetime.date]:
    return None if value is None else parse_when(value, option).date()


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
    changes = [parse_change(text) for text in change or []]
    cat = load(term, catalogue, with_)
    with _open() as log:
        source_path = file
        if source_path is None:
            followed = log.followed()
            if followed is None:
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
        planned = sets_from_plan(plan.items(), cat)
        changed_sets = apply_changes(planned, changes, _resolver(cat))
        changed = sum(1 for before, after in zip(planned, changed_sets) if before != after)
        done = apply_everywhere(changed_sets, effort=effort, pain=pain)
        head = {
            "started": when, "source_kind": kind, "source": str(source_path.resolve()),
            "week": week, "title": title, "notes": notes, "planned_sets": len(planned), "finished": when,
        }
        session_id = log.add_session(head, [item.fields() for item in done])
    summary = {
        "session": session_id, "date": when.isoformat(), "title": title, "sets": len(done),
        "exercises": len({item.slug for item in done}), "changed": changed,
        "skipped": sum(1 for item in done if item.done is None),
    }
    if output == "json":
        term.json("log-session", summary)
        return
    term.stdout.write(
        f"Logged session {session_id} on {when.date().isoformat()}: {title}\n"
        f"{summary['sets']} sets of {summary['exercises']} exercises; {changed} differed from the plan, "
        f"{summary['skipped']} skipped.\n"
        "Tomorrow morning, note how it feels: hipcli log morning --pain N (CS3).\n"
    )


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
    from ..text import visible
    from ..models import BAND_LEVELS

    _scale(effort, "--effort")
    _scale(pain, "--pain")
    if side is not None and side not in ("left", "right"):
        raise usage("--side", f"'{shown(side)}' is not a side; use left or right")
    if band is not None and band not in BAND_LEVELS:
        raise usage("--band", f"'{shown(band)}' is not a band level; use {', '.join(BAND_LEVELS)}")
    amounts = [part.strip() for part in done.split(",")]
    if not amounts or not all(part.isdigit() and 0 <= int(part) <= 10000 for part in amounts):
        raise usage("--done", f"'{shown(done)}' must be whole numbers separated by commas, e.g. 10,10,8")
    if len(amounts) > 10:
        raise usage("--done", "at most 10 sets")
    when = parse_when(date)
    card = find_exercise(load(term, catalogue, with_), exercise)
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
    term.stdout.write(f"Logged session {session_id}, {visible(card.name)}: {len(amounts)} sets ({done} {card.unit}) on {when.date().isoformat()}.\n")


@command(app, "morning")
def morning(
    term: Terminal,
    pain: Annotated[int, typer.Option("--pain", help="Pain or stiffness this morning, 0-10.", show_default=False)],
    session_id: Annotated[Optional[int], typer.Option("--session", help="The session (default: the latest).", show_default=False)] = None,
) -> None:
    """Record how the trained area feels the morning after: worse than during the session means step back.

    Example: hipcli log morning --pain 2
    """
    _scale(pain, "--pain")
    with _open(create=False) as log:
        target = log.session(session_id) if session_id is not None else log.last_session()
        if target is None:
            raise _journal_error("the log has no session yet")
        log.set_morning_pain(target.id, pain)
    term.stdout.write(f"Morning pain {pain}/10 noted for session {target.id} ({target.started.date().isoformat()}).\n")


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


def _history_table(sessions: list[Any], sets: list[Any], cat: Catalogue, width: int = 80) -> Any:
    from rich.table import Table

    from ..text import visible

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    # From 60 columns, the fixed-width columns never wrap (so rich need not measure
    # them: half the time of a long history) and the date stays on one line. Names,
    # doses and bands always fold, never cut.
    fixed = {"no_wrap": True} if width >= 60 else {"overflow": "fold"}
    table.add_column("date", **fixed)
    for heading in ("exercise", "done", "band"):
        table.add_column(heading, overflow="fold")
    table.add_column("effort", **fixed)
    table.add_column("pain", **fixed)
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
            table.add_row(
                logged_session.started.strftime("%Y-%m-%d %H:%M") if first else "",
                name,
                f"{' '.join(parts)} {target.unit}{wanted}",
                ", ".join(bands) or "-",
                str(max(efforts)) if efforts else "-",
                str(max(pains)) if pains else "-",
            )
            first = False
        if not rows:
            table.add_row(logged_session.started.strftime("%Y-%m-%d %H:%M"), visible(logged_session.title or "-"), "no sets", "", "", "")
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
    output: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table, json or csv (csv and json re-import with 'hipcli log import').")] = "table",
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
    cat = load(term, catalogue, with_) if filtered or (output == "table" and out is None) else None
    slugs = _slug_filter(cat, exercise, family, muscle) if cat is not None else None
    if last is None and start is None and end is None and output == "table":
        last = 10
    if output == "table" and out is None:
        _show_history(term, cat, slugs, start, end, last)
        return
    _export_history(term, output, out, force, slugs, start, end, last)


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
    if not sessions:
        term.stdout.write("No sessions logged" + (" that match." if slugs is not None or start or end else " yet.") + "\n")
        return
    term.print(_history_table(sessions, sets, cat, term.width))


def _export_history(
    term: Terminal, output: str, out: Optional[str], force: bool, slugs: Optional[set[str]],
    start: Optional[datetime.date], end: Optional[datetime.date], last: Optional[int],
) -> None:
    """The sessions as CSV or JSON, to standard output or a file, written in pieces as they are made."""
    from ..logbook import csv_chunks, export_json

    with _open_reading() as log:
        # Exports read flat rows straight from SQL: years of sets stay quick.
        if slugs is None:
            sessions = log.sessions(since=start, until=end, limit=last)
            rows = log.export_rows(session_ids=[s.id for s in sessions]) if last is not None else log.export_rows(since=start, until=end)
        else:
            sessions = []
            rows = log.export_rows(slugs=slugs, since=start, until=end)
            if last is not None:
                keep = set(list(dict.fromkeys(row[0] for row in rows))[-last:])
                rows = [row for row in rows if row[0] in keep]
    if output == "csv":
        chunks = csv_chunks(rows, sessions)
    else:
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


@command(app, "import")
def import_log(
    term: Terminal,
    file: Annotated[Path, typer.Argument(parser=path_argument, help="A CSV or JSON file made by 'hipcli log history --format csv|json'.", show_default=False)],
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Add the sessions of an export to the log; sessions already there are skipped, so a re-import adds nothing.

    Example: hipcli log import log.csv
    """
    from ..catalogue import read_text
    from ..errors import JournalError
    from ..logbook import read_export

    text = read_text(file, JournalError, noun="log export")
    cat = load(term, catalogue, with_)
    rows = read_export(file, text, set(cat.by_slug))
    with _open() as log:
        sessions, sets = log.import_sessions(rows)
    term.stdout.write(f"Imported {sessions} new sessions and {sets} new sets from {shown(str(file))}; the rest were already in the log.\n")


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
    file: Annotated[str, typer.Argument(help="The backup file to write.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Copy the whole log to one file, safely, even while another hipcli writes to it.

    Example: hipcli log backup ~/hipcli-log-2025-03.sqlite3
    """
    with _open(create=False) as log:
        log.backup(file, force=force)
        sessions, sets, assessments = log.counts()
    term.say(f"wrote {file} ({sessions} sessions, {sets} sets, {assessments} assessments)")


@command(app, "restore")
def restore(
    term: Terminal,
    file: Annotated[Path, typer.Argument(parser=path_argument, help="A backup made by 'hipcli log backup'.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace a log that already holds sessions.")] = False,
) -> None:
    """Replace the log with a backup (the backup is checked first; a bad one changes nothing).

    Example: hipcli log restore ~/hipcli-log-2025-03.sqlite3 --force
    """
    with _open() as log:
        if sum(log.counts()) and not force:
            sessions, sets, _ = log.counts()
            raise _journal_error(
                f"{log.path}: holds {sessions} sessions and {sets} sets; add --force to replace them with the backup"
            )
        sessions, sets, assessments = log.restore(file)
    term.stdout.write(f"Restored {sessions} sessions, {sets} sets and {assessments} assessments from {shown(str(file))}.\n")


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


def _progress_view(data: dict[str, Any], cat: Catalogue) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from ..text import visible

    def table(*headings: str) -> Table:
        grid = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
        for heading in headings:
            grid.add_column(heading, overflow="fold")
        return grid

    weeks = data["weeks"]
    parts: list[Any] = [Text(f"Progress over {len(weeks)} weeks, {weeks[0]} to {weeks[-1]} (one mark a week; · = nothing logged)\n")]
    parts.append(Text("Rung reached per family (higher is harder on your ladder: R13, R14)", style="bold"))
    families = table("family", "rung by week", "now")
    for family, info in data["families"].items():
        now = info["now"]
        card = cat.by_slug.get(now["slug"])
        dose = f"{now['sets']} × {now['amount'][1]} {now['unit']}" + (f", {now['band']} band" if now["band"] else "")
        families.add_row(
            visible(family), _spark(info["rung_by_week"], top=now["of"]),
            f"rung {now['rung']} of {now['of']}: {visible(card.name if card else now['slug'])}, {dose}",
        )
    parts.append(families if data["families"] else Text("  nothing logged in these weeks"))
    sets_info = data["weekly_sets"]
    parts.append(Text(f"\nWeekly sets per group against {sets_info['target']} a week ({sets_info['target_source']})", style="bold"))
    groups = table("group", "sets by week", "this week", "")
    for group, values in sets_info["groups"].items():
        last = values[-1]
        filled = min(10, round(10 * last / sets_info["target"])) if sets_info["target"] else 0
        mark = "on target" if last >= sets_info["target"] else f"{sets_info['target'] - last} short"
        groups.add_row(group, _spark([float(v) for v in values], top=max(max(values), sets_info["target"])),
                       f"{last} / {sets_info['target']}", "█" * filled + "░" * (10 - filled) + f" {mark}")
    parts.append(groups)
    adherence = data["adherence"]
    parts.append(Text("\nAdherence: done against planned", style="bold"))
    rows = table("", "by week", "this week", "all weeks")
    planned_known = any(a["planned_sessions"] is not None for a in adherence)
    if planned_known:
        ratios = [
            (a["sessions"] / a["planned_sessions"]) if a["planned_sessions"] else None for a in adherence
        ]
        done = sum(a["sessions"] for a in adherence)
        planned = sum(a["planned_sessions"] or 0 for a in adherence)
        rows.add_row("sessions (programme)", _spark(ratios, top=1.0),
                     f"{adherence[-1]['sessions']} of {adherence[-1]['planned_sessions'] or 0}",
                     f"{done} of {planned} ({round(100 * done / planned) if planned else 0}%)")
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
    parts.append(Text("\nPain, highest each week (0-3 safe, 4-5 acceptable, above 5 too much: CS3)", style="bold"))
    pain = table("", "by week", "last logged")
    for key, label in (("max", "during sets"), ("morning_max", "next morning")):
        values = [p[key] for p in data["pain"]]
        logged = [v for v in values if v is not None]
        pain.add_row(label, _spark([None if v is None else float(v) for v in values], top=10.0),
                     f"{logged[-1]}/10" if logged else "not logged")
    parts.append(pain)
    return Group(*parts)


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

    from ..logbook import Person, progress_data, week_start

    today = datetime.date.today()
    first = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    week_list = [first + datetime.timedelta(weeks=n) for n in range(weeks)]
    cat = load(term, catalogue, with_)
    from ..config import BUILT_IN

    # Your defaults, as every command that plans takes them (config.py); progress needs no goal.
    level = level or term.defaults.get("level") or "beginner"
    kit = parse_equipment(equipment) if equipment is not None else term.defaults.get("equipment", BUILT_IN["equipment"])
    person = Person(level, tuple(kit), ())
    with _open_reading() as log:
        sessions = log.sessions(since=first)
        sets = log.sets(since=first)
        weekly = log.weekly_sets(since=first)
        followed = log.followed()
    planned = None
    if followed is not None:
        planned = _planned_sessions(term, Path(followed.path), cat, set(week_list))
    data = progress_data(cat, sessions, sets, weekly, person, week_list, planned)
    if output == "json":
        term.json("log-progress", data)
        return
    term.print(_progress_view(data, cat))


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
