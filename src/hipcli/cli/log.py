"""The training log's group and its reading side: the history of sessions and sets, and exporting it (``hipcli log ...``).

The group's other commands live beside this module, one job each:
``log_record.py`` (session, add, morning, follow), ``log_files.py`` (import,
where, backup, restore), ``log_progress.py`` (progress) and
``log_corrections.py`` (delete, edit, undo); ``cli/__init__.py`` puts them on
this group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer

from .options import CatalogueOption, WithOption, shown, usage
from .options import parse_day as _day
from .shell import Terminal, command, json_pieces, load
from .shell import group as command_group
from .shell import open_log_reading as _open_reading

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable, Iterator

    from ..models import Catalogue


app = command_group("log", "The training log: record sessions, see history and progress, back it up.")


HistoryFormat = Literal["table", "json", "csv", "strong", "hevy"]
ExportFormat = Literal["csv", "json", "strong", "hevy"]


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
    if term.unicode:
        from .plain import loose_table

        # The layout rich would draw, without importing rich (cli/plain.py; tests/test_plain_history.py compares
        # them): rich takes about a millisecond a row, so 2,000 sessions on a terminal took 6 s. On a terminal
        # the header is bold, as rich draws it, and the text from the log is escaped before it is laid out, so
        # the columns measure what is shown and the bold is the only escape code written.
        if not term.plain:
            from ..text import visible

            rows = [tuple(visible(cell) for cell in row) for row in rows]
        lines = loose_table(_history_view(rows, term.width), term.width, right=(0,), bold_header=not term.plain)
        if lines is not None:
            term.out("".join(line + "\n" for line in lines), raw=not term.plain)
            return
    term.print(_history_table(rows, term.width))


def _export_history(
    term: Terminal, cat: Any, output: str, out: Optional[str], force: bool, slugs: Optional[set[str]],
    start: Optional[datetime.date], end: Optional[datetime.date], last: Optional[int],
) -> None:
    """The sessions as CSV, JSON, Strong or Hevy, to standard output or a file, written in pieces as they are made."""
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
            chunks = _app_export(output, rows, cat)
        elif output == "csv" and slugs is None:
            from ..logcsv import sql_chunks

            # SQLite writes the lines (logcsv.py): the same bytes as csv_chunks, several times quicker.
            ids = [s.id for s in sessions] if last is not None else None
            chunks = sql_chunks(log, sessions, session_ids=ids, since=None if ids is not None else start,
                                until=None if ids is not None else end)
        elif output == "csv":
            from ..logcsv import csv_chunks

            chunks = csv_chunks(rows, sessions)
        else:
            from ..logjson import json_items

            # Session by session as the rows come (logjson.py): the same text json.dumps writes, in flat memory.
            chunks = json_pieces("log-history", json_items(rows, sessions))
        if out is None or out == "-":
            for chunk in chunks:
                term.document(chunk)
            return
        from ..files import write_chunks

        write_chunks(out, chunks, force=force)
    term.say(f"wrote {out}")


def _app_export(output: str, rows: Iterable[Any], cat: Any) -> Iterator[str]:
    """The rows of ``Journal.export_rows`` as a Strong or Hevy CSV export (formats/strong.py, formats/hevy.py),
    written a few hundred sets at a time, each piece whole sessions."""
    from ..importers.workouts import export_sets
    from ..logexport import whole_sessions

    if output == "strong":
        from ..formats import strong as writer
    else:
        from ..formats import hevy as writer  # type: ignore[no-redef]
    return writer.write_pieces(export_sets(piece, cat) for piece in whole_sessions(rows))


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
