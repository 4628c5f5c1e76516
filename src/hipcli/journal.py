"""The training log: one SQLite file holding sessions, sets, assessments and the followed programme.

The store is the standard library's sqlite3. Every connection runs with foreign
keys on, WAL journalling and a busy timeout, so a second hipcli process waits
instead of failing or corrupting the file, and every write is its own
``BEGIN IMMEDIATE`` transaction: a set is on disk as soon as ``record_set``
returns, so a crash or a SIGKILL mid-session keeps what was done.

The schema grows by an ordered list of small named migrations (after simonw/llm
``migrations.py``); ``PRAGMA user_version`` holds how many have run and
``PRAGMA application_id`` marks the file as hipcli's, so a database made by
another program, or a damaged one, is reported in one line and never touched.

Like the planner this module never prints and never imports typer or rich; it
returns models and raises ``JournalError``.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import JournalError
from .models import Model, model
from .paths import DATA_ENV, data_dir  # noqa: F401 - journal.data_dir is where the log lives
from .paths import log_exists as exists, log_path as default_path

# "HIPC" in ASCII: marks a SQLite file as a hipcli training log.
APPLICATION_ID = 0x48495043
BUSY_TIMEOUT_MS = 10_000
SIDES = ("left", "right")
UNITS = ("reps", "seconds", "steps")
SOURCES = ("plan", "programme", "options", "single", "import")


# --- models --------------------------------------------------------------------


@model
class LoggedSession(Model):
    """One training session as logged."""

    id: int
    uid: str  # stable across export and import, so a re-import adds nothing
    started: datetime.datetime
    finished: datetime.datetime | None
    source_kind: str  # plan | programme | options | single | import
    source: str | None  # the plan or programme file, when there was one
    week: int | None  # the programme week
    title: str | None
    notes: str | None
    planned_sets: int | None  # how many sets the plan asked for (adherence)
    morning_pain: int | None  # pain 0-10 the next morning (COACHING.md section 3)


@model
class LoggedSet(Model):
    """One set (or one side of a set) as done, with the dose it aimed at."""

    id: int
    session_id: int
    started: datetime.datetime  # the session's start, for date filters and charts
    position: int  # the exercise's place in the session, from 0
    slug: str
    set_number: int
    side: str | None
    unit: str
    target_sets: int | None
    target_low: int | None
    target_high: int | None
    tempo: str | None
    target_band: str | None
    done: int | None  # None: the set was skipped
    band: str | None
    placement: str | None
    effort: int | None  # OMNI-RES 0-10 (COACHING.md section 4)
    pain: int | None  # 0-10 (COACHING.md section 3)

    @property
    def date(self) -> datetime.date:
        return self.started.date()


@model
class Followed(Model):
    """The programme file the person follows, and from when."""

    path: str
    since: datetime.date


@model
class AssessmentResult(Model):
    test: str
    side: str | None
    value: float


@model
class Assessment(Model):
    id: int
    uid: str
    taken: datetime.datetime
    level: str | None  # the suggested level
    notes: str | None
    results: tuple[AssessmentResult, ...]

    def value(self, test: str, side: str | None = None) -> float | None:
        for result in self.results:
            if result.test == test and result.side == side:
                return result.value
        return None


# --- migrations ----------------------------------------------------------------

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(step: Migration) -> Migration:
    """Append a schema step; steps run once each, in the order they are defined. Never reorder or edit one."""
    MIGRATIONS.append((step.__name__, step))
    return step


@migration
def m001_sessions_and_sets(db: sqlite3.Connection) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            started TEXT NOT NULL,
            finished TEXT,
            source_kind TEXT NOT NULL CHECK (source_kind IN ('plan', 'programme', 'options', 'single', 'import')),
            source TEXT,
            week INTEGER CHECK (week IS NULL OR week >= 1),
            title TEXT,
            notes TEXT,
            planned_sets INTEGER CHECK (planned_sets IS NULL OR planned_sets >= 0)
        )"""
    )
    db.execute("CREATE INDEX sessions_by_start ON sessions (started)")
    # side is '' rather than NULL for two-sided work, so the UNIQUE key below
    # matches a redone set (NULLs never compare equal in a UNIQUE constraint).
    db.execute(
        """CREATE TABLE sets (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            slug TEXT NOT NULL,
            set_number INTEGER NOT NULL CHECK (set_number >= 1),
            side TEXT NOT NULL DEFAULT '' CHECK (side IN ('', 'left', 'right')),
            unit TEXT NOT NULL CHECK (unit IN ('reps', 'seconds', 'steps')),
            target_sets INTEGER,
            target_low INTEGER,
            target_high INTEGER,
            tempo TEXT,
            target_band TEXT,
            done INTEGER CHECK (done IS NULL OR done BETWEEN 0 AND 10000),
            band TEXT,
            placement TEXT,
            effort INTEGER CHECK (effort IS NULL OR effort BETWEEN 0 AND 10),
            pain INTEGER CHECK (pain IS NULL OR pain BETWEEN 0 AND 10),
            UNIQUE (session_id, position, slug, set_number, side)
        )"""
    )
    db.execute("CREATE INDEX sets_by_slug ON sets (slug, session_id)")


@migration
def m002_next_morning_pain(db: sqlite3.Connection) -> None:
    # The 24-hour response matters more than pain during the session (COACHING.md section 3).
    db.execute("ALTER TABLE sessions ADD COLUMN morning_pain INTEGER CHECK (morning_pain BETWEEN 0 AND 10)")


@migration
def m003_assessments(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            taken TEXT NOT NULL,
            level TEXT,
            notes TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE assessment_results (
            assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
            test TEXT NOT NULL,
            side TEXT NOT NULL DEFAULT '' CHECK (side IN ('', 'left', 'right')),
            value REAL NOT NULL,
            PRIMARY KEY (assessment_id, test, side)
        )"""
    )


@migration
def m004_followed_programme(db: sqlite3.Connection) -> None:
    # One row at most: the programme followed now. Earlier ones are not kept,
    # because sessions already record the programme file they came from.
    db.execute(
        """CREATE TABLE followed (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            path TEXT NOT NULL,
            since TEXT NOT NULL
        )"""
    )


@migration
def m005_undo(db: sqlite3.Connection) -> None:
    # What a correction or a deletion replaced, so 'log undo' can put it back (a JSON document per change).
    db.execute(
        """CREATE TABLE undo (
            id INTEGER PRIMARY KEY,
            made TEXT NOT NULL,
            what TEXT NOT NULL,
            rows TEXT NOT NULL
        )"""
    )


SCHEMA_VERSION = len(MIGRATIONS)


# --- helpers -------------------------------------------------------------------


def _new_uid() -> str:
    """A random id that stays with a session through export and import (uuid4's 122 random bits, without
    importing uuid, which loads the platform module: a cost every log command paid)."""
    return os.urandom(16).hex()


def _now() -> datetime.datetime:
    return datetime.datetime.now().replace(microsecond=0)


def _stamp(value: datetime.datetime) -> str:
    # isoformat, not strftime: glibc's %Y writes the year 1 as "1", which no parser reads back.
    return value.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")


def _parse(value: str | None) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        # Written by an older hipcli with strftime ("1-01-01T12:00:00"): pad the year and read it.
        year, dash, rest = value.partition("-")
        if dash and year.isdigit() and len(year) < 4:
            return datetime.datetime.fromisoformat(year.zfill(4) + "-" + rest)
        raise JournalError(f"the log holds a time hipcli cannot read ({value!r}); 'hipcli log backup' keeps a copy") from None


# Dates before this are typing slips (0001 for 2001), not training.
EARLIEST = datetime.date(1900, 1, 1)


def check_when(value: datetime.datetime | datetime.date, what: str = "date") -> None:
    """A log is of what was done: nothing in it lies in the future, or before 1900."""
    moment = value if isinstance(value, datetime.datetime) else datetime.datetime.combine(value, datetime.time())
    if moment.replace(tzinfo=None) > _now() + datetime.timedelta(minutes=1):
        raise JournalError(f"{what} {value.isoformat()}: is in the future; the log only holds what was done")
    if moment.date() < EARLIEST:
        raise JournalError(f"{what} {value.isoformat()}: is before {EARLIEST.year}; check the year")


def _check_scale(name: str, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10):
        raise JournalError(f"{name} {value!r}: must be a whole number from 0 to 10")


def _check_set(side: str | None, unit: str, set_number: int, done: int | None, effort: int | None, pain: int | None) -> None:
    if side is not None and side not in SIDES:
        raise JournalError(f"side {side!r}: must be left, right or none")
    if unit not in UNITS:
        raise JournalError(f"unit {unit!r}: must be one of {', '.join(UNITS)}")
    if set_number < 1:
        raise JournalError(f"set {set_number}: set numbers start at 1")
    if done is not None and not 0 <= done <= 10000:
        raise JournalError(f"done {done}: must be a count from 0 up")
    _check_scale("effort", effort)
    _check_scale("pain", pain)


def _session(row: sqlite3.Row) -> LoggedSession:
    return LoggedSession(
        id=row["id"], uid=row["uid"], started=_parse(row["started"]), finished=_parse(row["finished"]),
        source_kind=row["source_kind"], source=row["source"], week=row["week"], title=row["title"],
        notes=row["notes"], planned_sets=row["planned_sets"], morning_pain=row["morning_pain"],
    )


_SET_FIELDS = ("id", "session_id", "started", "position", "slug", "set_number", "side", "unit", "target_sets",
               "target_low", "target_high", "tempo", "target_band", "done", "band", "placement", "effort", "pain")


def _sets(rows: list[tuple[Any, ...]]) -> list[LoggedSet]:
    """Rows to LoggedSet, filling each instance's fields directly.

    Building 50,000 sets is the hot loop of history and progress: the
    generated __init__ sets 18 fields one by one through Model.__setattr__,
    several times slower than one dict update. A session's start time is
    parsed once for all its sets.
    """
    starts: dict[str, datetime.datetime] = {}
    result = []
    new = object.__new__
    for row in rows:
        values = list(row)
        text = values[2]
        started = starts.get(text)
        if started is None:
            started = starts[text] = _parse(text)  # type: ignore[assignment]
        values[2] = started
        values[6] = values[6] or None
        item = new(LoggedSet)
        item.__dict__.update(zip(_SET_FIELDS, values))
        result.append(item)
    return result


SET_COLUMNS = (
    "sets.id, sets.session_id, sessions.started, sets.position, sets.slug, sets.set_number, sets.side, sets.unit, "
    "sets.target_sets, sets.target_low, sets.target_high, sets.tempo, sets.target_band, sets.done, sets.band, "
    "sets.placement, sets.effort, sets.pain"
)


class Journal:
    """An open training log. Use ``Journal.open()``; close it, or use it as a context manager."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    # --- opening --------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Journal:
        """Open the log at ``path`` (default: ``default_path()``), creating it when ``create``.

        A file that is not a SQLite database, or is one made by another
        program, raises ``JournalError`` and is left exactly as it was.
        """
        target = Path(path) if path is not None else default_path()
        try:
            folder, exists, regular = target.is_dir(), target.exists(), target.is_file()
        except OSError as error:  # a name too long for the system, a loop of links
            raise JournalError(f"{target}: cannot hold the training log: {error.strerror}") from None
        if folder:
            raise JournalError(f"{target}: is a folder, not a training log")
        if exists and not regular:
            raise JournalError(f"{target}: is not a regular file, so it cannot hold a training log")
        if not exists:
            if not create:
                raise JournalError(f"{target}: no training log yet; record a session with 'hipcli log' first")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise JournalError(f"{target}: cannot create the folder {target.parent}: {error.strerror}") from None
        try:
            db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise JournalError(f"{target}: cannot open the training log: {error}") from None
        db.row_factory = sqlite3.Row
        journal = cls(target, db)
        try:
            journal._prepare()
        except BaseException:
            db.close()
            raise
        return journal

    def _identity(self) -> tuple[int, int, int]:
        """(application_id, user_version, number of schema objects); reading them changes nothing."""
        with self._errors():
            app = self.db.execute("PRAGMA application_id").fetchone()[0]
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            objects = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        return app, version, objects

    def _check_identity(self, app: int, version: int, objects: int) -> None:
        if app == 0 and version == 0 and objects == 0:
            return  # new and empty: ours to set up
        if app != APPLICATION_ID:
            raise JournalError(
                f"{self.path}: is a SQLite database but not a hipcli training log; it was left unchanged "
                f"(set {DATA_ENV} to use another folder)"
            )
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{self.path}: was written by a newer hipcli (schema {version}, this one knows {SCHEMA_VERSION}); "
                "upgrade hipcli to read it"
            )

    def _prepare(self) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA foreign_keys = ON")
        # Check whose file this is before anything writes to it (WAL mode is written to the header).
        self._check_identity(*self._identity())
        with self._errors():
            self._use_wal()
        if self._identity()[1] < SCHEMA_VERSION:
            self._migrate()

    def _use_wal(self) -> None:
        """Switch the file to WAL mode, waiting out another process doing the same.

        SQLite answers "locked" at once, without its busy timeout, when two
        connections switch a new file's journal mode together (two hipcli
        processes creating the log at the same moment); so wait and retry here,
        for as long as the busy timeout would.
        """
        import time

        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

    def _migrate(self) -> None:
        with self.transaction() as db:
            # Read again under the write lock: another process may have just migrated it.
            app, version, objects = self._identity()
            self._check_identity(app, version, objects)
            for number, (_name, step) in enumerate(MIGRATIONS, start=1):
                if number > version:
                    step(db)
                    db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._identity()[1]

    # --- transactions and errors ----------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.IntegrityError as error:
            raise JournalError(f"{self.path}: refused a value the log cannot hold ({error}); nothing was changed") from None
        except sqlite3.OperationalError as error:
            text = str(error)
            if "full" in text:
                raise JournalError(f"{self.path}: the disk is full; the last change was not saved, the log is intact") from None
            if "locked" in text or "busy" in text:
                raise JournalError(f"{self.path}: another hipcli kept the log busy for too long; try again") from None
            if "readonly" in text or "read-only" in text:
                raise JournalError(f"{self.path}: the log is read-only here; nothing was changed") from None
            raise JournalError(f"{self.path}: the training log cannot be used: {text}") from None
        except sqlite3.DatabaseError as error:
            raise JournalError(
                f"{self.path}: is damaged or not a SQLite database ({error}); it was left unchanged. "
                "Restore a backup with 'hipcli log restore FILE'"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it."""
        with self._errors():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            else:
                self.db.execute("COMMIT")

    # --- sessions and sets ----------------------------------------------------

    def start_session(
        self,
        *,
        started: datetime.datetime | None = None,
        source_kind: str = "options",
        source: str | None = None,
        week: int | None = None,
        title: str | None = None,
        notes: str | None = None,
        planned_sets: int | None = None,
        uid: str | None = None,
    ) -> int:
        """Add a session row and return its id. ``source`` is the plan or programme file it came from."""
        when = started or _now()
        check_when(when, "session date")
        if source_kind not in SOURCES:
            raise JournalError(f"session source {source_kind!r}: must be one of {', '.join(SOURCES)}")
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO sessions (uid, started, source_kind, source, week, title, notes, planned_sets) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uid or _new_uid(), _stamp(when), source_kind, source, week, title, notes, planned_sets),
            )
            return int(cursor.lastrowid)

    def record_set(
        self,
        session_id: int,
        *,
        slug: str,
        set_number: int,
        unit: str,
        done: int | None,
        position: int = 0,
        side: str | None = None,
        target_sets: int | None = None,
        target_low: int | None = None,
        target_high: int | None = None,
        tempo: str | None = None,
        target_band: str | None = None,
        band: str | None = None,
        placement: str | None = None,
        effort: int | None = None,
        pain: int | None = None,
    ) -> int:
        """Save one set at once, in its own transaction; return its row id.

        Recording the same (session, position, slug, set, side) again replaces
        the earlier row: a guided session's "back" redoes a set.
        """
        _check_set(side, unit, set_number, done, effort, pain)
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise JournalError(f"session {session_id}: no such session in the log")
            cursor = db.execute(
                "INSERT INTO sets (session_id, position, slug, set_number, side, unit, target_sets, target_low, "
                "target_high, tempo, target_band, done, band, placement, effort, pain) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (session_id, position, slug, set_number, side) DO UPDATE SET "
                "unit = excluded.unit, target_sets = excluded.target_sets, target_low = excluded.target_low, "
                "target_high = excluded.target_high, tempo = excluded.tempo, target_band = excluded.target_band, "
                "done = excluded.done, band = excluded.band, placement = excluded.placement, "
                "effort = excluded.effort, pain = excluded.pain RETURNING id",
                (session_id, position, slug, set_number, side or "", unit, target_sets, target_low, target_high,
                 tempo, target_band, done, band, placement, effort, pain),
            )
            return int(cursor.fetchone()[0])

    def finish_session(
        self, session_id: int, *, finished: datetime.datetime | None = None, notes: str | None = None
    ) -> None:
        """Mark a session finished (now by default), adding notes if given."""
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE sessions SET finished = ?, notes = coalesce(?, notes) WHERE id = ?",
                (_stamp(finished or _now()), notes, session_id),
            )
            if cursor.rowcount == 0:
                raise JournalError(f"session {session_id}: no such session in the log")

    def set_morning_pain(self, session_id: int, pain: int) -> None:
        """Record how the trained area felt the next morning (0-10)."""
        _check_scale("pain", pain)
        with self.transaction() as db:
            if db.execute("UPDATE sessions SET morning_pain = ? WHERE id = ?", (pain, session_id)).rowcount == 0:
                raise JournalError(f"session {session_id}: no such session in the log")

    def delete_session(self, session_id: int) -> None:
        with self.transaction() as db:
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 0:
                raise JournalError(f"session {session_id}: no such session in the log")

    # --- reading ---------------------------------------------------------------

    def session(self, session_id: int) -> LoggedSession:
        with self._errors():
            row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise JournalError(f"session {session_id}: no such session in the log")
        return _session(row)

    def sessions(
        self,
        *,
        since: datetime.date | None = None,
        until: datetime.date | None = None,
        limit: int | None = None,
    ) -> list[LoggedSession]:
        """Sessions oldest first; ``limit`` keeps the most recent ones."""
        where, args = _date_filter("sessions.started", since, until)
        sql = f"SELECT * FROM sessions {where} ORDER BY started DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._errors():
            rows = self.db.execute(sql, args).fetchall()
        return [_session(row) for row in reversed(rows)]

    def last_session(self) -> LoggedSession | None:
        found = self.sessions(limit=1)
        return found[0] if found else None

    def sets(
        self,
        *,
        slugs: Iterable[str] | None = None,
        since: datetime.date | None = None,
        until: datetime.date | None = None,
        session_ids: Iterable[int] | None = None,
    ) -> list[LoggedSet]:
        """Sets in the order they were done, filtered by exercise, date range or session."""
        where, args = _date_filter("sessions.started", since, until)
        clauses = [where[len("WHERE "):]] if where else []
        if slugs is not None:
            wanted = sorted(set(slugs))
            if not wanted:
                return []
            clauses.append(f"sets.slug IN ({', '.join('?' * len(wanted))})")
            args.extend(wanted)
        if session_ids is not None:
            ids = sorted(set(session_ids))
            if not ids:
                return []
            clauses.append(f"sets.session_id IN ({', '.join('?' * len(ids))})")
            args.extend(ids)
        sql = (
            f"SELECT {SET_COLUMNS} FROM sets JOIN sessions ON sessions.id = sets.session_id "
            + ("WHERE " + " AND ".join(clauses) if clauses else "")
            + " ORDER BY sessions.started, sets.session_id, sets.position, sets.set_number, sets.side"
        )
        with self._errors():
            self.db.row_factory = None
            try:
                rows = self.db.execute(sql, args).fetchall()
            finally:
                self.db.row_factory = sqlite3.Row
        return _sets(rows)

    def export_rows(self, *, session_ids: Iterable[int] | None = None, slugs: Iterable[str] | None = None,
                    since: datetime.date | None = None, until: datetime.date | None = None) -> list[tuple[Any, ...]]:
        """One flat row per set with its session's columns first (EXPORT_COLUMNS), for CSV and JSON exports.

        Read straight from SQL, without building models: an export of years of sets stays quick.
        """
        where, args = _date_filter("sessions.started", since, until)
        clauses = [where[len("WHERE "):]] if where else []
        for column, values in (("sets.session_id", session_ids), ("sets.slug", slugs)):
            if values is not None:
                wanted = sorted(set(values))
                if not wanted:
                    return []
                clauses.append(f"{column} IN ({', '.join('?' * len(wanted))})")
                args.extend(wanted)
        # Session columns are fetched once per session, not once per set: half the objects to build.
        heads_sql = (
            "SELECT sessions.id, sessions.uid, sessions.started, sessions.finished, sessions.source_kind, sessions.source, "
            "sessions.week, sessions.title, sessions.notes, sessions.planned_sets, sessions.morning_pain FROM sessions "
            + ("WHERE id IN (SELECT DISTINCT sets.session_id FROM sets JOIN sessions ON sessions.id = sets.session_id "
               + ("WHERE " + " AND ".join(clauses) if clauses else "") + ")")
        )
        sets_sql = (
            "SELECT sets.session_id, sets.position, sets.slug, sets.set_number, nullif(sets.side, ''), sets.unit, "
            "sets.target_sets, sets.target_low, sets.target_high, sets.tempo, sets.target_band, sets.done, sets.band, "
            "sets.placement, sets.effort, sets.pain FROM sets JOIN sessions ON sessions.id = sets.session_id "
            + ("WHERE " + " AND ".join(clauses) if clauses else "")
            + " ORDER BY sessions.started, sets.session_id, sets.position, sets.set_number, sets.side"
        )
        with self._errors():
            self.db.row_factory = None
            try:
                heads = {row[0]: row[1:] for row in self.db.execute(heads_sql, args)}
                return [heads[row[0]] + row[1:] for row in self.db.execute(sets_sql, args)]
            finally:
                self.db.row_factory = sqlite3.Row

    def counts(self) -> tuple[int, int, int]:
        """How many sessions, sets and assessments the log holds."""
        with self._errors():
            row = self.db.execute(
                "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM sets), (SELECT count(*) FROM assessments)"
            ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def weekly_sets(self, *, since: datetime.date | None = None) -> list[tuple[str, str, int]]:
        """(week-start date, slug, sets done) per ISO week: the progress charts aggregate in SQL."""
        where, args = _date_filter("sessions.started", since, None)
        clause = ("AND " + where[len("WHERE "):]) if where else ""
        sql = (
            "SELECT date(sessions.started, '-' || ((strftime('%w', sessions.started) + 6) % 7) || ' days') AS week, "
            "sets.slug, count(*) FROM sets JOIN sessions ON sessions.id = sets.session_id "
            f"WHERE sets.done IS NOT NULL AND sets.side != 'right' {clause} GROUP BY week, sets.slug ORDER BY week"
        )
        with self._errors():
            return [(row[0], row[1], int(row[2])) for row in self.db.execute(sql, args)]

    # --- the followed programme ------------------------------------------------

    def follow(self, path: str | os.PathLike[str], since: datetime.date | None = None) -> Followed:
        """Follow a programme file from ``since`` (today by default); replaces any earlier one."""
        start = since or datetime.date.today()
        text = str(Path(path).expanduser().resolve())
        with self.transaction() as db:
            db.execute(
                "INSERT INTO followed (id, path, since) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET path = excluded.path, since = excluded.since",
                (text, start.isoformat()),
            )
        return Followed(path=text, since=start)

    def followed(self) -> Followed | None:
        with self._errors():
            row = self.db.execute("SELECT path, since FROM followed WHERE id = 1").fetchone()
        return None if row is None else Followed(path=row[0], since=datetime.date.fromisoformat(row[1]))

    def unfollow(self) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM followed").rowcount > 0

    # --- assessments -----------------------------------------------------------

    def add_assessment(
        self,
        results: Iterable[AssessmentResult],
        *,
        taken: datetime.datetime | None = None,
        level: str | None = None,
        notes: str | None = None,
        uid: str | None = None,
    ) -> int:
        when = taken or _now()
        check_when(when, "assessment date")
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO assessments (uid, taken, level, notes) VALUES (?, ?, ?, ?)",
                (uid or _new_uid(), _stamp(when), level, notes),
            )
            assessment_id = int(cursor.lastrowid)
            db.executemany(
                "INSERT INTO assessment_results (assessment_id, test, side, value) VALUES (?, ?, ?, ?)",
                [(assessment_id, r.test, r.side or "", r.value) for r in results],
            )
            return assessment_id

    def assessments(self) -> list[Assessment]:
        """Every assessment, oldest first."""
        with self._errors():
            heads = self.db.execute("SELECT * FROM assessments ORDER BY taken, id").fetchall()
            results: dict[int, list[AssessmentResult]] = {}
            for row in self.db.execute("SELECT assessment_id, test, side, value FROM assessment_results"):
                results.setdefault(row[0], []).append(AssessmentResult(test=row[1], side=row[2] or None, value=row[3]))
        return [
            Assessment(
                id=row["id"], uid=row["uid"], taken=_parse(row["taken"]), level=row["level"], notes=row["notes"],
                results=tuple(results.get(row["id"], ())),
            )
            for row in heads
        ]

    # --- bulk import, backup and restore ---------------------------------------

    def import_sessions(self, sessions: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]]) -> tuple[int, int]:
        """Add sessions (by ``uid``) and their sets in one transaction; ones already present are skipped.

        Each item is (session fields, list of set fields) with the column
        names of ``LoggedSession`` and ``LoggedSet``. Returns (sessions added,
        sets added). All or nothing: an error leaves the log as it was.
        """
        added_sessions = added_sets = 0
        with self.transaction() as db:
            for head, rows in sessions:
                started = head["started"]
                check_when(started, "session date")
                existing = db.execute("SELECT id FROM sessions WHERE uid = ?", (head["uid"],)).fetchone()
                if existing is None:
                    cursor = db.execute(
                        "INSERT INTO sessions (uid, started, finished, source_kind, source, week, title, notes, "
                        "planned_sets, morning_pain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (head["uid"], _stamp(started), _stamp(head["finished"]) if head.get("finished") else None,
                         head.get("source_kind") or "import", head.get("source"), head.get("week"),
                         head.get("title"), head.get("notes"), head.get("planned_sets"), head.get("morning_pain")),
                    )
                    session_id = int(cursor.lastrowid)
                    added_sessions += 1
                else:
                    session_id = int(existing[0])
                for row in rows:
                    _check_set(row.get("side"), row["unit"], row["set_number"], row.get("done"),
                               row.get("effort"), row.get("pain"))
                    cursor = db.execute(
                        # DO NOTHING on the set's key only: a CHECK failure (pain 12) still fails the import.
                        "INSERT INTO sets (session_id, position, slug, set_number, side, unit, "
                        "target_sets, target_low, target_high, tempo, target_band, done, band, placement, "
                        "effort, pain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (session_id, position, slug, set_number, side) DO NOTHING",
                        (session_id, row.get("position", 0), row["slug"], row["set_number"], row.get("side") or "",
                         row["unit"], row.get("target_sets"), row.get("target_low"), row.get("target_high"),
                         row.get("tempo"), row.get("target_band"), row.get("done"), row.get("band"),
                         row.get("placement"), row.get("effort"), row.get("pain")),
                    )
                    added_sets += cursor.rowcount
        return added_sessions, added_sets

    def add_session(self, head: dict[str, Any], sets: list[dict[str, Any]]) -> int:
        """Record a whole session typed in at once (one transaction: all its sets or none); return its id."""
        fields = {"uid": _new_uid(), **head}
        self.import_sessions([(fields, sets)])
        with self._errors():
            return int(self.db.execute("SELECT id FROM sessions WHERE uid = ?", (fields["uid"],)).fetchone()[0])

    def snapshot(self) -> bytes:
        """The whole log as the bytes of one self-contained SQLite file, consistent even while another process writes."""
        copy = sqlite3.connect(":memory:")
        try:
            with self._errors():
                self.db.backup(copy)
                data = bytearray(copy.serialize())
        finally:
            copy.close()
        # Header bytes 18-19 say "WAL" (2) after copying a WAL log; a backup is
        # one file with no -wal beside it, so mark it as a rollback-journal file (1).
        data[18] = data[19] = 1
        return bytes(data)

    def backup(self, target: str | os.PathLike[str], *, force: bool = False) -> Path:
        """Write a snapshot of the log to ``target`` through the one safe writer (atomic; no replace without force)."""
        from . import files

        return files.write_bytes(target, self.snapshot(), force=force, mode=0o600)

    def restore(self, source: str | os.PathLike[str]) -> tuple[int, int, int]:
        """Replace the log's contents with a backup, after checking the backup is a sound hipcli log.

        Returns the (sessions, sets, assessments) counts now in the log.
        """
        origin = Path(source)
        if not origin.is_file():
            raise JournalError(f"{origin}: no such backup file")
        if not _looks_ours(origin):
            raise JournalError(f"{origin}: is not a hipcli training log; the log was left unchanged")
        # Read-only: checking a backup must not change it (not even its journal mode).
        backup = sqlite3.connect(f"{origin.resolve().as_uri()}?mode=ro", uri=True)
        try:
            try:
                problems = backup.execute("PRAGMA integrity_check").fetchone()[0]
                version = backup.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.DatabaseError as error:
                raise JournalError(f"{origin}: the backup is damaged ({error}); the log was left unchanged") from None
            if problems != "ok":
                raise JournalError(f"{origin}: the backup is damaged ({problems}); the log was left unchanged")
            if version > SCHEMA_VERSION:
                raise JournalError(f"{origin}: was written by a newer hipcli; upgrade hipcli to restore it")
            with self._errors():
                # The backup API copies page by page under one write lock: the log
                # is either all old or all restored, never a mix.
                backup.backup(self.db)
        finally:
            backup.close()
        if self._identity()[1] < SCHEMA_VERSION:
            self._migrate()
        return self.counts()


def _looks_ours(path: Path) -> bool:
    """Whether ``path`` is a SQLite file marked as a hipcli log, read from its header without opening it."""
    try:
        with open(path, "rb") as stream:
            header = stream.read(100)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _date_filter(column: str, since: datetime.date | None, until: datetime.date | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if since is not None:
        clauses.append(f"{column} >= ?")
        args.append(since.isoformat())
    if until is not None:
        # Inclusive of the whole last day.
        clauses.append(f"{column} < ?")
        args.append((until + datetime.timedelta(days=1)).isoformat())
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), args


# --- corrections and undo --------------------------------------------------------
#
# Kept apart from the Journal class: each change saves the rows it is about to
# alter or remove in the undo table, in the same transaction, so the last
# changes can be taken back one at a time ('hipcli log undo').

UNDO_KEPT = 50  # changes remembered; older ones can no longer be undone
SESSION_FIELDS = ("id", "uid", "started", "finished", "source_kind", "source", "week", "title", "notes", "planned_sets",
                  "morning_pain")
SET_FIELDS = ("id", "session_id", "position", "slug", "set_number", "side", "unit", "target_sets", "target_low",
              "target_high", "tempo", "target_band", "done", "band", "placement", "effort", "pain")
EDITABLE_SET = ("done", "effort", "pain", "band")
EDITABLE_SESSION = ("started", "title", "notes", "morning_pain")


@model
class Change(Model):
    """One change that 'log undo' can take back."""

    id: int
    made: datetime.datetime
    what: str


def _fetch(db: sqlite3.Connection, table: str, fields: tuple[str, ...], where: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = db.execute(f"SELECT {', '.join(fields)} FROM {table} WHERE {where} ORDER BY id", args).fetchall()
    return [dict(zip(fields, row)) for row in rows]


def _remember(db: sqlite3.Connection, what: str, *, restore: dict[str, list[dict[str, Any]]] | None = None,
              remove: dict[str, list[int]] | None = None) -> None:
    import json

    document = {"restore": restore or {}, "remove": remove or {}}
    db.execute("INSERT INTO undo (made, what, rows) VALUES (?, ?, ?)", (_stamp(_now()), what, json.dumps(document)))
    db.execute(f"DELETE FROM undo WHERE id NOT IN (SELECT id FROM undo ORDER BY id DESC LIMIT {UNDO_KEPT})")


def _described(session: dict[str, Any]) -> str:
    title = f", {session['title']}" if session.get("title") else ""
    return f"session {session['id']} ({str(session['started'])[:10]}{title})"


def _one(journal: Journal, table: str, fields: tuple[str, ...], row_id: int, noun: str) -> dict[str, Any]:
    found = _fetch(journal.db, table, fields, "id = ?", (row_id,))
    if not found:
        raise JournalError(f"{noun} {row_id}: no such {noun} in the log")
    return found[0]


def delete_logged_session(journal: Journal, session_id: int) -> str:
    """Delete a session and its sets, keeping them for 'log undo'; return what was deleted, in words."""
    with journal.transaction() as db:
        session = _one(journal, "sessions", SESSION_FIELDS, session_id, "session")
        sets = _fetch(db, "sets", SET_FIELDS, "session_id = ?", (session_id,))
        what = f"deleted {_described(session)} with {len(sets)} set{'s' if len(sets) != 1 else ''}"
        _remember(db, what, restore={"sessions": [session], "sets": sets})
        db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    return what


def delete_logged_set(journal: Journal, set_id: int) -> str:
    """Delete one set (a row of 'log show'), keeping it for 'log undo'."""
    with journal.transaction() as db:
        row = _one(journal, "sets", SET_FIELDS, set_id, "set")
        side = f" {row['side']}" if row["side"] else ""
        what = f"deleted set {set_id} ({row['slug']} set {row['set_number']}{side} of session {row['session_id']})"
        _remember(db, what, restore={"sets": [row]})
        db.execute("DELETE FROM sets WHERE id = ?", (set_id,))
    return what


def edit_logged_set(journal: Journal, set_id: int, **changes: Any) -> str:
    """Change what a logged set says was done (``done``, ``effort``, ``pain``, ``band``); 'log undo' puts it back."""
    unknown = sorted(set(changes) - set(EDITABLE_SET))
    if unknown:
        raise JournalError(f"set {set_id}: {unknown[0]} cannot be changed; only {', '.join(EDITABLE_SET)}")
    with journal.transaction() as db:
        row = _one(journal, "sets", SET_FIELDS, set_id, "set")
        _check_set(row["side"] or None, row["unit"], row["set_number"], changes.get("done", row["done"]),
                   changes.get("effort", row["effort"]), changes.get("pain", row["pain"]))
        said = ", ".join(f"{name} {row[name]} -> {value}" for name, value in changes.items())
        side = f" {row['side']}" if row["side"] else ""
        what = f"changed set {set_id} ({row['slug']} set {row['set_number']}{side} of session {row['session_id']}): {said}"
        _remember(db, what, restore={"sets": [row]})
        if changes:
            db.execute(f"UPDATE sets SET {', '.join(f'{name} = ?' for name in changes)} WHERE id = ?",
                       (*changes.values(), set_id))
    return what


def edit_logged_session(journal: Journal, session_id: int, **changes: Any) -> str:
    """Change a session's date and time, title, notes or next-morning pain; 'log undo' puts it back."""
    unknown = sorted(set(changes) - set(EDITABLE_SESSION))
    if unknown:
        raise JournalError(f"session {session_id}: {unknown[0]} cannot be changed; only {', '.join(EDITABLE_SESSION)}")
    if "morning_pain" in changes and changes["morning_pain"] is not None:
        _check_scale("pain", changes["morning_pain"])
    if "started" in changes:
        check_when(changes["started"], "session date")
        changes["started"] = _stamp(changes["started"] if isinstance(changes["started"], datetime.datetime)
                                    else datetime.datetime.combine(changes["started"], datetime.time(12)))
    with journal.transaction() as db:
        row = _one(journal, "sessions", SESSION_FIELDS, session_id, "session")
        said = ", ".join(f"{name} {row[name]} -> {value}" for name, value in changes.items())
        what = f"changed {_described(row)}: {said}"
        _remember(db, what, restore={"sessions": [row]})
        if changes:
            db.execute(f"UPDATE sessions SET {', '.join(f'{name} = ?' for name in changes)} WHERE id = ?",
                       (*changes.values(), session_id))
    return what


def remember_added(journal: Journal, session_id: int) -> None:
    """Note a session just added (by 'log session' or 'train'), so 'log undo' can take it out again."""
    with journal.transaction() as db:
        session = _one(journal, "sessions", SESSION_FIELDS, session_id, "session")
        _remember(db, f"added {_described(session)}", remove={"sessions": [session_id]})


def changes(journal: Journal) -> list[Change]:
    """The changes 'log undo' can take back, newest first."""
    with journal._errors():
        rows = journal.db.execute("SELECT id, made, what FROM undo ORDER BY id DESC").fetchall()
    return [Change(id=row[0], made=_parse(row[1]), what=row[2]) for row in rows]  # type: ignore[arg-type]


def _upsert(db: sqlite3.Connection, table: str, fields: tuple[str, ...], row: dict[str, Any]) -> None:
    # An upsert, not INSERT OR REPLACE: replacing a session row would cascade and delete its sets.
    columns = [name for name in fields if name in row]
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name != "id")
    db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}",
        [row[name] for name in columns],
    )


def undo_last(journal: Journal) -> str | None:
    """Take back the last change (a deletion, an edit or an addition); what was undone, or None if nothing was left."""
    import json

    with journal.transaction() as db:
        row = db.execute("SELECT id, what, rows FROM undo ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        document = json.loads(row[2])
        for session_id in document["remove"].get("sessions", []):
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        for set_id in document["remove"].get("sets", []):
            db.execute("DELETE FROM sets WHERE id = ?", (set_id,))
        for session in document["restore"].get("sessions", []):
            _upsert(db, "sessions", SESSION_FIELDS, session)
        for logged in document["restore"].get("sets", []):
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (logged["session_id"],)).fetchone() is None:
                raise JournalError(
                    f"cannot undo '{row[1]}': its session {logged['session_id']} is no longer in the log; "
                    "undo the session's deletion first"
                )
            _upsert(db, "sets", SET_FIELDS, logged)
        db.execute("DELETE FROM undo WHERE id = ?", (row[0],))
    return str(row[1])


# --- resuming a guided session --------------------------------------------------------

STOPPED_EARLY = "stopped early"  # the note 'train' leaves on a session quit or interrupted


def interrupted_session(
    journal: Journal, *, source_kind: str, source: str | None, title: str | None, week: int | None,
    on: datetime.date,
) -> LoggedSession | None:
    """The latest session from the same plan begun on ``on`` and never finished, or stopped early; None if none."""
    with journal._errors():
        row = journal.db.execute(
            "SELECT * FROM sessions WHERE source_kind = ? AND source IS ? AND title IS ? AND week IS ? "
            "AND started >= ? AND started < ? AND (finished IS NULL OR notes = ?) ORDER BY started DESC, id DESC LIMIT 1",
            (source_kind, source, title, week, on.isoformat(), (on + datetime.timedelta(days=1)).isoformat(),
             STOPPED_EARLY),
        ).fetchone()
    return None if row is None else _session(row)


def reopen_session(journal: Journal, session_id: int) -> None:
    """Carry on a session stopped early: it is unfinished again until 'train' finishes it."""
    with journal.transaction() as db:
        cursor = db.execute(
            "UPDATE sessions SET finished = NULL, notes = CASE WHEN notes = ? THEN NULL ELSE notes END WHERE id = ?",
            (STOPPED_EARLY, session_id),
        )
        if cursor.rowcount == 0:
            raise JournalError(f"session {session_id}: no such session in the log")
