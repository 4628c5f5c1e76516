"""Moving the training log's data: importing other apps' files, where the log lives, backing it up and restoring it.

Part of the ``hipcli log`` group (``cli/__init__.py`` puts its commands on the group).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .options import CatalogueOption, FormatOption, WithOption, choice, path_argument, shown, usage
from .shell import Terminal, command, load, log_error, open_log, saved, saved_json, top_level


commands = top_level()


@command(commands, "import")
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
    from ..reading import read_bytes
    from ..errors import JournalError
    from ..importers import foreign

    raw = read_bytes(file, JournalError, noun="log export")
    cat = load(term, catalogue, with_)
    kind = foreign.detect(raw)
    if kind is None and foreign.is_hipcli_export(raw):
        if map_file is not None or plan_file is not None:
            raise usage("--map" if map_file is not None else "--plan", "applies to Strong, Hevy and FIT files, not a hipcli export")
        from ..reading import decode
        from ..logbook import read_export

        # Bands as the chart in use names them: a 'green' cell is the level green stands for.
        rows = read_export(file, decode(file, raw, JournalError), set(cat.by_slug), dict(cat.charts[cat.default_chart].colours))
        with open_log() as log:
            sessions, sets = log.import_sessions(rows)
        if output == "json":
            saved_json(term, "log-import", {"source": "hipcli", "added_sessions": sessions, "added_sets": sets}, "the import")
            return
        saved(term, f"Imported {sessions} new sessions and {sets} new sets from {shown(str(file))}; the rest were already in the log.\n",
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
    with open_log() as log:
        foreign.save(log, sessions_, report)
    if output == "json":
        saved_json(term, "log-import", {**report.data(), "notes": notes}, "the import")
        return
    from ..text import visible

    saved(term, "".join(visible(line) + "\n" for line in [*report.lines(), *notes]), "the import")


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


@command(commands, "where")
def where(term: Terminal) -> None:
    """Print where the training log lives (set HIPCLI_DATA to move it).

    Example: hipcli log where
    """
    from ..journal import default_path

    term.stdout.write(f"{default_path()}\n")


@command(commands, "backup")
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
        with open_log(create=False) as log:
            data = log.snapshot()
            sessions, sets, assessments = log.counts()
        _write_binary(term, data)
        term.say(f"wrote the backup to standard output ({sessions} sessions, {sets} sets, {assessments} assessments)")
        return
    with open_log(create=False) as log:
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


@command(commands, "restore")
def restore(
    term: Terminal,
    file: Annotated[Path, typer.Argument(parser=path_argument, help="A backup made by 'hipcli log backup'.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace a log that already holds sessions.")] = False,
) -> None:
    """Replace the log with a backup (the backup is checked first; a bad one changes nothing).

    Example: hipcli log restore ~/hipcli-log-2025-03.sqlite3 --force
    """
    from ..journal import restore_damaged
    from ..logfile import DamagedLog

    try:
        log = open_log()
    except DamagedLog as error:
        # What restore is for: a log that no longer opens. The damaged file is kept, renamed, never deleted.
        if not force:
            raise log_error(f"{error.message.partition(' Restore')[0]} Add --force to keep it beside the log, renamed, and restore the backup") from None
        aside, (sessions, sets, assessments) = restore_damaged(file)
        term.say(f"kept the damaged log as {shown(str(aside))}")
        saved(term, f"Restored {sessions} sessions, {sets} sets and {assessments} assessments from {shown(str(file))}.\n", "the restore")
        return
    with log:
        if sum(log.counts()) and not force:
            sessions, sets, _ = log.counts()
            raise log_error(
                f"{log.path}: holds {sessions} sessions and {sets} sets; add --force to replace them with the backup"
            )
        sessions, sets, assessments = log.restore(file)
    saved(term, f"Restored {sessions} sessions, {sets} sets and {assessments} assessments from {shown(str(file))}.\n", "the restore")
