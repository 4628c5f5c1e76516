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
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .errors import JournalError
from .models import Model, model
from .paths import DATA_ENV, data_dir  # noqa: F401 - journal.data_dir is where the log lives
from .paths import log_path as default_path

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


def local(value: datetime.datetime) -> datetime.datetime:
    """A time as the log keeps it: local wall-clock time without a zone.

    A time given with a zone (2020-01-01T10:00+14:00) is the same moment in
    local time, not the same digits with the zone dropped.
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone().replace(tzinfo=None)
    return value.replace(tzinfo=None)


def _stamp(value: datetime.datetime) -> str:
    # isoformat, not strftime: glibc's %Y writes the year 1 as "1", which no parser reads back.
    return local(value).replace(microsecond=0).isoformat(timespec="seconds")


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
    moment = local(value) if isinstance(value, datetime.datetime) else datetime.datetime.combine(value, datetime.time())
    if moment > _now() + datetime.timedelta(minutes=1):
        raise JournalError(f"{what} {value.isoformat()}: is in the future; the log only holds what was done")
    if moment.date() < EARLIEST:
        raise JournalError(f"{what} {value.isoformat()}: is before {EARLIEST.year}; check the year")


def _check_scale(name: str, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10):
        raise JournalError(f"{name} {_brief(value)}: must be a whole number from 0 to 10")


# The largest count any integer column holds: far above any real dose, far below SQLite's 64-bit limit.
MAX_COUNT = 1_000_000


def _brief(value: Any) -> str:
    """A value for a message: never a 5,000-digit number or a 100 KiB string in full."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value).bit_length() > 64:
        return "(a number far too large)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_count(name: str, value: Any, low: int = 0) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_COUNT):
        raise JournalError(f"{name} {_brief(value)}: must be a whole number from {low} to {MAX_COUNT:,}")


def _check_id(session_id: Any) -> None:
    """A session number SQLite can look up; anything else (2**70, -1, '3') is no session of this log."""
    if isinstance(session_id, bool) or not isinstance(session_id, int) or not 0 < session_id < 2**63:
        raise JournalError(f"session {_brief(session_id)}: no such session in the log")


def _text(value: Any, name: str) -> str | None:
    """Text to store: bytes that were not UTF-8 become U+FFFD (SQLite cannot take a lone surrogate), sizes bounded."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise JournalError(f"{name} {_brief(value)}: must be text")
    from .values import MAX_TEXT, clean_text

    value = clean_text(value)
    if len(value) > MAX_TEXT // 4 and len(value.encode("utf-8")) > MAX_TEXT:
        raise JournalError(f"{name}: is larger than {MAX_TEXT // 1024} KiB; the log keeps short text only")
    return value


# Work a Strong, Hevy or FIT import matched to no card is logged as "other:NAME"; its band column holds what
# the app said (a weight, "60 kg"), never read as a band level, since no ladder or chart has such a slug.
OTHER = "other:"


def _check_band(name: str, value: Any, slug: Any = None) -> None:
    from .models import BAND_LEVELS

    if isinstance(slug, str) and slug.startswith(OTHER):
        if value is not None and not isinstance(value, str):
            raise JournalError(f"{name} {_brief(value)}: must be text")
        return
    if value is not None and value not in BAND_LEVELS:
        # A colour or a typo stored here once made every later 'log progress' fail.
        raise JournalError(f"{name} {_brief(value)}: must be a band level ({', '.join(BAND_LEVELS)})")


def _check_set(side: str | None, unit: str, set_number: int, done: int | None, effort: int | None, pain: int | None,
               band: str | None = None, target_band: str | None = None, slug: str | None = None) -> None:
    if side is not None and side not in SIDES:
        raise JournalError(f"side {_brief(side)}: must be left, right or none")
    if unit not in UNITS:
        raise JournalError(f"unit {_brief(unit)}: must be one of {', '.join(UNITS)}")
    if isinstance(set_number, int) and not isinstance(set_number, bool) and set_number < 1:
        raise JournalError(f"set {set_number}: set numbers start at 1")
    _check_count("set", set_number, 1)
    if done is not None and (isinstance(done, bool) or not isinstance(done, int) or not 0 <= done <= 10000):
        raise JournalError(f"done {_brief(done)}: must be a count from 0 to 10,000")
    _check_scale("effort", effort)
    _check_scale("pain", pain)
    _check_band("band", band, slug)
    _check_band("target band", target_band, slug)


def _session(row: sqlite3.Row) -> LoggedSession:
    try:
        started = _parse(row["started"])
    except (JournalError, TypeError):
        # A log restored before restores were checked may hold anything here; say which session.
        raise JournalError(_unreadable_start(row["id"], row["started"])) from None
    try:
        finished = _parse(row["finished"])
    except (JournalError, TypeError):
        finished = None  # an unreadable end time: the session still counts from its start
    return LoggedSession(
        id=row["id"], uid=str(row["uid"]), started=started, finished=finished,
        source_kind=row["source_kind"], source=row["source"], week=row["week"], title=row["title"],
        notes=row["notes"], planned_sets=row["planned_sets"], morning_pain=row["morning_pain"],
    )


# Shown in place of an exercise the log lost (a NULL slug in a log restored before restores were checked).
MISSING_SLUG = "(missing exercise)"


_SET_FIELDS = ("id", "session_id", "started", "position", "slug", "set_number", "side", "unit", "target_sets",
               "target_low", "target_high", "tempo", "target_band", "done", "band", "placement", "effort", "pain")


def _unreadable_start(session_id: Any, value: Any) -> str:
    return (
        f"session {session_id} has a start time hipcli cannot read ({_brief(value)}), so it is left out; "
        f"correct it with 'hipcli log edit {session_id} --date YYYY-MM-DD' or remove it with 'hipcli log delete {session_id}'"
    )


def _sets(rows: list[tuple[Any, ...]], skipped: dict[str, str] | None = None) -> list[LoggedSet]:
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
            try:
                started = starts[text] = _parse(text)  # type: ignore[assignment]
            except (JournalError, TypeError):
                if skipped is None:
                    raise JournalError(_unreadable_start(values[1], text)) from None
                skipped[f"session {values[1]}"] = _unreadable_start(values[1], text)
                continue
        values[2] = started
        if values[4] is None:
            values[4] = MISSING_SLUG
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


def exists(path: str | os.PathLike[str] | None = None) -> bool:
    """Whether something is in the log's place: a log with content, or anything that is not a regular file.

    A folder or a FIFO where the log should be counts, so that reading
    commands open it and say what is wrong instead of "no sessions yet".
    """
    target = Path(path) if path is not None else default_path()
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return os.path.lexists(target)  # a dangling symlink: opening it says so
    except OSError:
        return True  # an unreadable folder on the way: opening says what is wrong
    import stat

    return not stat.S_ISREG(info.st_mode) or info.st_size > 0


class DamagedLog(JournalError):
    """The log's file cannot be read as a SQLite database: only ``restore_damaged`` can put a log back there."""


class Journal:
    """An open training log. Use ``Journal.open()``; close it, or use it as a context manager."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db
        # Why this log cannot be written (a read-only file system...); None when it can.
        self.write_refusal: str | None = None
        # Sessions this process is recording: the id it was given -> (uid, the session's columns).
        # A write finds its session by uid, so a restore meanwhile never files sets under another session.
        self._active: dict[int, tuple[str, dict[str, Any]]] = {}
        self._recording_lock: int | None = None
        self._created = False  # this process made the file (and may remove it if the schema cannot be made)
        # Rows a reading left out because no hipcli could have written them (a start time nobody can read, from
        # a log restored before restores were checked): one sentence each, naming the row and how to mend it.
        self.unreadable: dict[str, str] = {}

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
        in_memory = str(target) == ":memory:"
        if exists and not in_memory:
            reason = _read_only_reason(target)
            if reason is not None:
                return cls._open_read_only(target, reason)
        try:
            db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            if exists:
                return cls._open_read_only(target, f"it cannot be opened for writing ({error})")
            raise JournalError(f"{target}: cannot open the training log: {error}") from None
        db.row_factory = sqlite3.Row
        journal = cls(target, db)
        journal._created = not exists and not in_memory
        try:
            journal._prepare()
        except JournalError as error:
            db.close()
            if journal._created and "disk is full" in error.message and not _holds_tables(target):
                # The schema is made in one transaction; when even that fails, leave no empty log behind
                # (every later read would try to set it up again and say the disk is full).
                _remove_log_files(target)
            if exists and ("read-only" in error.message or "unable to open" in error.message):
                return cls._open_read_only(target, "it cannot be written here")
            raise
        except BaseException:
            db.close()
            raise
        return journal

    @classmethod
    def _open_read_only(cls, target: Path, reason: str) -> Journal:
        """Open an existing log for reading only: reading and backing up work; every write names ``reason``.

        ``mode=ro`` reads a WAL log whose -shm SQLite may not create; where even
        that fails (a read-only mount without the -shm file), ``immutable=1``
        reads the file as it is, which is what a read-only mount holds anyway.
        """
        uri = target.absolute().as_uri()
        db: sqlite3.Connection | None = None
        failure: sqlite3.Error | None = None
        for query in ("mode=ro", "immutable=1"):
            candidate: sqlite3.Connection | None = None
            try:
                candidate = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                            isolation_level=None, check_same_thread=False)
                candidate.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as error:
                if candidate is not None:
                    candidate.close()
                if "not a database" in str(error) or "malformed" in str(error):
                    raise DamagedLog(f"{target}: is damaged or not a SQLite database ({error}); it was left unchanged") from None
                failure = error
                continue
            db = candidate
            break
        if db is None:
            raise JournalError(f"{target}: cannot read the training log ({failure}); {reason}") from None
        db.row_factory = sqlite3.Row
        journal = cls(target, db)
        journal.write_refusal = reason
        try:
            journal._check_identity(*journal._identity())
            if journal._identity()[1] < SCHEMA_VERSION:
                # An older (or empty) log read where it cannot be migrated: migrate a copy in memory.
                journal._to_memory()
        except BaseException:
            journal.db.close()
            raise
        return journal

    def _to_memory(self) -> None:
        """Read from a migrated copy in memory from now on (writes stay refused by ``write_refusal``)."""
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        with self._errors():
            self.db.backup(copy)
        self.db.close()
        copy.row_factory = sqlite3.Row
        copy.execute("PRAGMA foreign_keys = ON")
        self.db = copy
        self._migrate()

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
        app, version, objects = self._identity()
        if version < SCHEMA_VERSION:
            try:
                self._migrate()
            except JournalError as error:
                if objects or self._created or "disk is full" not in error.message:
                    raise
                # A log left with no tables by an older hipcli on a full disk: it holds nothing, so
                # reads see an empty log; any write says why it cannot be saved.
                self.write_refusal = "the disk is full, so the log could not be set up"
                self._to_memory()

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
        with self._write() as db:
            # Read again under the write lock: another process may have just migrated it.
            app, version, objects = self._identity()
            self._check_identity(app, version, objects)
            for number, (_name, step) in enumerate(MIGRATIONS, start=1):
                if number > version:
                    step(db)
                    db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self._release_recording()
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
            if "full" in text or ("disk I/O error" in text and _disk_nearly_full(self.path)):
                # A full tmpfs shows as an I/O error when SQLite grows its -shm file.
                raise JournalError(f"{self.path}: the disk is full; the last change was not saved, the log is intact") from None
            if "locked" in text or "busy" in text:
                raise JournalError(f"{self.path}: another hipcli kept the log busy for too long; try again") from None
            if "readonly" in text or "read-only" in text:
                reason = _read_only_reason(self.path) if str(self.path) != ":memory:" else None
                raise JournalError(
                    f"{self.path}: the log is read-only here ({reason or 'SQLite cannot write to it'}); nothing was changed"
                ) from None
            raise JournalError(f"{self.path}: the training log cannot be used: {text}") from None
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError) as error:
            # A value of a type SQLite cannot bind: the value is wrong, not the log.
            raise JournalError(f"a value could not be stored ({error}); nothing was changed in {self.path}") from None
        except sqlite3.DatabaseError as error:
            raise DamagedLog(
                f"{self.path}: is damaged or not a SQLite database ({error}); it was left unchanged. "
                "Restore a backup with 'hipcli log restore FILE --force' (the damaged file is kept beside it)"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it."""
        if self.write_refusal is not None:
            raise JournalError(f"{self.path}: cannot save to the training log: {self.write_refusal}; nothing was changed")
        with self._write() as db:
            yield db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
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
            raise JournalError(f"session source {_brief(source_kind)}: must be one of {', '.join(SOURCES)}")
        _check_count("week", week, 1)
        _check_count("planned sets", planned_sets)
        head = {"uid": uid or _new_uid(), "started": _stamp(when), "source_kind": source_kind,
                "source": _text(source, "source"), "week": week, "title": _text(title, "title"),
                "notes": _text(notes, "notes"), "planned_sets": planned_sets}
        with self.transaction() as db:
            session_id = self._insert_head(db, head)
        self._active[session_id] = (head["uid"], head)
        self._hold_recording()
        return session_id

    @staticmethod
    def _insert_head(db: sqlite3.Connection, head: dict[str, Any]) -> int:
        cursor = db.execute(
            "INSERT INTO sessions (uid, started, source_kind, source, week, title, notes, planned_sets) "
            "VALUES (:uid, :started, :source_kind, :source, :week, :title, :notes, :planned_sets)",
            head,
        )
        return int(cursor.lastrowid)

    def _row_of(self, db: sqlite3.Connection, session_id: int) -> int:
        """The row that now holds ``session_id``, found by its uid when this process started it.

        A restore (or anything else) may replace the log while a session is
        recorded: the row number then belongs to another session, or to none.
        A session this process started is found by its uid; when it is gone, it
        is recorded again under the same uid, so its later sets are kept and
        never land in an unrelated session.
        """
        known = self._active.get(session_id)
        if known is None:
            _check_id(session_id)
            found = db.execute(
                "SELECT uid, started, source_kind, source, week, title, notes, planned_sets FROM sessions WHERE id = ?",
                (session_id,),
            ).fetchone()
            if found is None:
                raise JournalError(f"session {session_id}: no such session in the log")
            # A session taken up again (train --resume): from now on it too is found by its uid.
            head = dict(zip(("uid", "started", "source_kind", "source", "week", "title", "notes", "planned_sets"), found))
            self._active[session_id] = (head["uid"], head)
            return session_id
        uid, head = known
        row = db.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
        if row is not None:
            return int(row[0])
        return self._insert_head(db, head)

    def _hold_recording(self) -> None:
        """Hold a shared lock on the log's folder while a session is recorded, so 'log restore' can refuse."""
        if self._recording_lock is not None or str(self.path) == ":memory:":
            return
        try:
            import fcntl
        except ImportError:  # Windows: the uid check in _row_of still keeps sets in their own session
            return
        try:
            descriptor = os.open(self.path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return
        self._recording_lock = descriptor

    def _release_recording(self) -> None:
        if self._recording_lock is not None:
            try:
                os.close(self._recording_lock)  # closing the descriptor drops the flock
            finally:
                self._recording_lock = None

    def _refuse_while_recording(self) -> int | None:
        """An exclusive lock on the log's folder for a restore; ``JournalError`` while a session is recorded."""
        if str(self.path) == ":memory:":
            return None
        try:
            import fcntl
        except ImportError:
            return None
        try:
            descriptor = os.open(self.path.parent, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise JournalError(
                f"{self.path}: a session is being recorded right now ('hipcli train' or 'hipcli log'); "
                "restore when it has finished; the log was left unchanged"
            ) from None
        except OSError:
            os.close(descriptor)
            return None
        return descriptor

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
        _check_set(side, unit, set_number, done, effort, pain, band, target_band, slug)
        _check_count("position", position)
        for name, value in (("target sets", target_sets), ("target low", target_low), ("target high", target_high)):
            _check_count(name, value)
        slug, tempo, placement = _text(slug, "exercise"), _text(tempo, "tempo"), _text(placement, "placement")
        with self.transaction() as db:
            row = self._row_of(db, session_id)
            cursor = db.execute(
                "INSERT INTO sets (session_id, position, slug, set_number, side, unit, target_sets, target_low, "
                "target_high, tempo, target_band, done, band, placement, effort, pain) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (session_id, position, slug, set_number, side) DO UPDATE SET "
                "unit = excluded.unit, target_sets = excluded.target_sets, target_low = excluded.target_low, "
                "target_high = excluded.target_high, tempo = excluded.tempo, target_band = excluded.target_band, "
                "done = excluded.done, band = excluded.band, placement = excluded.placement, "
                "effort = excluded.effort, pain = excluded.pain RETURNING id",
                (row, position, slug, set_number, side or "", unit, target_sets, target_low, target_high,
                 tempo, target_band, done, band, placement, effort, pain),
            )
            set_id = int(cursor.fetchone()[0])
        self._hold_recording()
        return set_id

    def finish_session(
        self, session_id: int, *, finished: datetime.datetime | None = None, notes: str | None = None
    ) -> None:
        """Mark a session finished (now by default), adding notes if given."""
        notes = _text(notes, "notes")
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET finished = ?, notes = coalesce(?, notes) WHERE id = ?",
                (_stamp(finished or _now()), notes, self._row_of(db, session_id)),
            )
        self._active.pop(session_id, None)
        if not self._active:
            self._release_recording()

    def set_morning_pain(self, session_id: int, pain: int) -> None:
        """Record how the trained area felt the next morning (0-10)."""
        _check_id(session_id)
        _check_scale("pain", pain)
        with self.transaction() as db:
            if db.execute("UPDATE sessions SET morning_pain = ? WHERE id = ?", (pain, session_id)).rowcount == 0:
                raise JournalError(f"session {session_id}: no such session in the log")

    def delete_session(self, session_id: int) -> None:
        _check_id(session_id)
        with self.transaction() as db:
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 0:
                raise JournalError(f"session {session_id}: no such session in the log")

    # --- reading ---------------------------------------------------------------

    def session(self, session_id: int) -> LoggedSession:
        _check_id(session_id)
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
            # SQLite's LIMIT is a 64-bit integer: a larger one (-n 99999999999999999999) means "all of them".
            sql += f" LIMIT {max(0, min(int(limit), 2**63 - 1))}"
        with self._errors():
            rows = self.db.execute(sql, args).fetchall()
        found = []
        for row in reversed(rows):
            try:
                found.append(_session(row))
            except JournalError as error:
                self.unreadable[f"session {row['id']}"] = error.message
        return found

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
        return _sets(rows, self.unreadable)

    def export_rows(self, *, session_ids: Iterable[int] | None = None, slugs: Iterable[str] | None = None,
                    since: datetime.date | None = None, until: datetime.date | None = None) -> Iterator[tuple[Any, ...]]:
        """One flat row per set, its session's columns first (logbook.CSV_FIELDS order), for CSV and JSON exports.

        Rows come from the cursor as SQLite makes them, one at a time, as
        plain tuples: no model is built and nothing is held, so an export of
        five years of sets writes in flat memory. The log must stay open
        while the rows are read.
        """
        where, args = _date_filter("sessions.started", since, until)
        clauses = [where[len("WHERE "):]] if where else []
        for column, values in (("sets.session_id", session_ids), ("sets.slug", slugs)):
            if values is not None:
                wanted = sorted(set(values))
                if not wanted:
                    return
                clauses.append(f"{column} IN ({', '.join('?' * len(wanted))})")
                args.extend(wanted)
        # CROSS JOIN keeps sessions as the outer loop: read through the start-time index, so
        # SQLite sorts only the sets of each session, not every set of the log at once.
        sql = (
            "SELECT sessions.uid, sessions.started, sessions.finished, sessions.source_kind, sessions.source, "
            "sessions.week, sessions.title, sessions.notes, sessions.planned_sets, sessions.morning_pain, "
            "sets.position, sets.slug, sets.set_number, nullif(sets.side, ''), sets.unit, "
            "sets.target_sets, sets.target_low, sets.target_high, sets.tempo, sets.target_band, sets.done, sets.band, "
            "sets.placement, sets.effort, sets.pain FROM sessions CROSS JOIN sets ON sets.session_id = sessions.id "
            + ("WHERE " + " AND ".join(clauses) if clauses else "")
            + " ORDER BY sessions.started, sessions.id, sets.position, sets.set_number, sets.side"
        )
        with self._errors():
            cursor = self.db.cursor()
            cursor.row_factory = None  # plain tuples, and the connection's own factory is left alone
            # A for loop, not ``yield from``: a reader that stops early (a closed pipe) must not have the
            # cursor closed for it after the log is, which raises from inside the generator's clean-up.
            for row in cursor.execute(sql, args):
                yield row

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
            f"WHERE sets.done IS NOT NULL AND sets.side != 'right' AND date(sessions.started) IS NOT NULL {clause} "
            "GROUP BY week, sets.slug ORDER BY week"
        )
        with self._errors():
            return [(row[0], row[1], int(row[2])) for row in self.db.execute(sql, args)]

    # --- the followed programme ------------------------------------------------

    def follow(self, path: str | os.PathLike[str], since: datetime.date | None = None) -> Followed:
        """Follow a programme file from ``since`` (today by default); replaces any earlier one."""
        start = since or datetime.date.today()
        text = str(Path(path).expanduser().resolve())
        if any("\ud800" <= char <= "\udfff" for char in text):
            # Stored with U+FFFD the name would point nowhere; the file must be found again every day.
            raise JournalError(f"{text.encode('utf-8', 'replace').decode()}: the file name is not UTF-8 text; rename the file to follow it")
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
        if row is None:
            return None
        try:
            since = datetime.date.fromisoformat(row[1])
        except (TypeError, ValueError):
            # Held by a log restored before restores were checked: read as no programme followed, and say why.
            self.unreadable["followed"] = (
                f"the followed programme's start date ({_brief(row[1])}) cannot be read, so no programme is followed; "
                "follow it again with 'hipcli log follow FILE'"
            )
            return None
        return Followed(path=str(row[0]), since=since)

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
        rows = []
        for result in results:
            if isinstance(result.value, bool) or not isinstance(result.value, (int, float)) or not abs(result.value) < 1e9:
                raise JournalError(f"{_text(result.test, 'test')} {_brief(result.value)}: must be a finite number")
            rows.append((_text(result.test, "test"), result.side or "", result.value))
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO assessments (uid, taken, level, notes) VALUES (?, ?, ?, ?)",
                (uid or _new_uid(), _stamp(when), _text(level, "level"), _text(notes, "notes")),
            )
            assessment_id = int(cursor.lastrowid)
            db.executemany(
                "INSERT INTO assessment_results (assessment_id, test, side, value) VALUES (?, ?, ?, ?)",
                [(assessment_id, *row) for row in rows],
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
                finished = head.get("finished")
                if finished is not None and local(finished) < local(started):
                    raise JournalError(f"session {_brief(head['uid'])}: finished {finished.isoformat()} is before it started")
                uid = _text(head["uid"], "session uid")
                if not uid:
                    raise JournalError("a session has no uid")
                _check_count("week", head.get("week"), 1)
                _check_count("planned sets", head.get("planned_sets"))
                _check_scale("morning pain", head.get("morning_pain"))
                source_kind = head.get("source_kind") or "import"
                if source_kind not in SOURCES:
                    raise JournalError(f"session source {_brief(source_kind)}: must be one of {', '.join(SOURCES)}")
                existing = db.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
                if existing is None:
                    cursor = db.execute(
                        "INSERT INTO sessions (uid, started, finished, source_kind, source, week, title, notes, "
                        "planned_sets, morning_pain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (uid, _stamp(started), _stamp(finished) if finished else None,
                         source_kind, _text(head.get("source"), "source"), head.get("week"),
                         _text(head.get("title"), "title"), _text(head.get("notes"), "notes"),
                         head.get("planned_sets"), head.get("morning_pain")),
                    )
                    session_id = int(cursor.lastrowid)
                    added_sessions += 1
                else:
                    session_id = int(existing[0])
                for row in rows:
                    _check_set(row.get("side"), row["unit"], row["set_number"], row.get("done"),
                               row.get("effort"), row.get("pain"), row.get("band"), row.get("target_band"), row.get("slug"))
                    for name in ("position", "target_sets", "target_low", "target_high"):
                        _check_count(name.replace("_", " "), row.get(name))
                    if not isinstance(row.get("slug"), str) or not row["slug"]:
                        raise JournalError(f"exercise {_brief(row.get('slug'))}: must be an exercise's name")
                    row = {**row, **{name: _text(row.get(name), name) for name in ("slug", "tempo", "placement")}}
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
        """Replace the log's contents with a backup, after checking the whole backup; a bad one changes nothing.

        The backup is read into memory and checked there: hipcli's mark, its
        schema number, and exactly hipcli's own tables, columns, constraints
        and indexes for that number (no trigger, no view, nothing rebuilt
        without its CHECK or UNIQUE). Its rows are then copied into a freshly
        made log of the current schema, each value checked on the way, and
        only that fresh log is copied over the live one, in one write
        transaction: the log is either all old or all restored.

        Returns the (sessions, sets, assessments) counts now in the log.
        """
        if self.write_refusal is not None:
            raise JournalError(f"{self.path}: cannot restore into the training log: {self.write_refusal}; nothing was changed")
        with self._errors():
            page_size = int(self.db.execute("PRAGMA page_size").fetchone()[0])
        fresh = _checked_copy(Path(source), page_size)
        try:
            # This journal's own session (if any) is no reason to refuse: its writes follow its uid.
            self._release_recording()
            lock = self._refuse_while_recording()
            try:
                with self._errors():
                    # The backup API copies every page under one write lock and commits once.
                    fresh.backup(self.db)
            finally:
                if lock is not None:
                    os.close(lock)
        finally:
            fresh.close()
        return self.counts()


# What each column of hipcli's tables may hold, checked while a backup is copied into a fresh log:
# SQLite's columns take any type, and a CHECK says nothing about a date that cannot be read.
# "!" marks NOT NULL. The undo table is not copied: its JSON rows would be written back by 'log undo'
# unchecked, and changes made before the backup are not changes to the restored log; it starts empty.
_COLUMNS: dict[str, dict[str, str]] = {
    "sessions": {"id": "int!", "uid": "text!", "started": "time!", "finished": "time", "source_kind": "text!",
                 "source": "text", "week": "int", "title": "text", "notes": "text", "planned_sets": "int",
                 "morning_pain": "int"},
    "sets": {"id": "int!", "session_id": "int!", "position": "int!", "slug": "text!", "set_number": "int!",
             "side": "text!", "unit": "text!", "target_sets": "int", "target_low": "int", "target_high": "int",
             "tempo": "text", "target_band": "band", "done": "int", "band": "band", "placement": "text",
             "effort": "int", "pain": "int"},
    "assessments": {"id": "int!", "uid": "text!", "taken": "time!", "level": "text", "notes": "text"},
    "assessment_results": {"assessment_id": "int!", "test": "text!", "side": "text!", "value": "real!"},
    "followed": {"id": "int!", "path": "text!", "since": "date!"},
}
_SCHEMAS: dict[int, dict[str, tuple[str, str, str]]] = {}


def _schema(version: int) -> dict[str, tuple[str, str, str]]:
    """hipcli's own schema objects after ``version`` migrations: name -> (type, table, SQL with spaces folded)."""
    if version not in _SCHEMAS:
        db = sqlite3.connect(":memory:")
        try:
            for _name, step in MIGRATIONS[:version]:
                step(db)
            _SCHEMAS[version] = _objects(db, "main")
        finally:
            db.close()
    return _SCHEMAS[version]


def _objects(db: sqlite3.Connection, schema: str) -> dict[str, tuple[str, str, str]]:
    rows = db.execute(f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master").fetchall()
    return {name: (kind, table, " ".join((sql or "").split())) for kind, name, table, sql in rows}


def _value_problem(kind: str, value: Any) -> str | None:
    """Why ``value`` cannot be in a column of this kind; None when it can."""
    from .models import BAND_LEVELS

    required = kind.endswith("!")
    kind = kind.rstrip("!")
    if value is None:
        return "is missing" if required else None
    if kind == "int":
        ok = isinstance(value, int) and abs(value) < 2**53
    elif kind == "real":
        ok = isinstance(value, (int, float)) and value == value and abs(value) < 1e12
    elif kind == "band":
        ok = value in BAND_LEVELS
        if not ok:
            return f"{_brief(value)} is not a band level ({', '.join(BAND_LEVELS)})"
    else:
        ok = isinstance(value, str) and len(value) <= 1024 * 1024
        if ok and kind == "time":
            try:
                _parse(value)
            except JournalError:
                return f"{_brief(value)} is not a date and time"
        elif ok and kind == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return f"{_brief(value)} is not a date"
    return None if ok else f"{_brief(value)} is not {'a whole number' if kind == 'int' else 'a number' if kind == 'real' else 'text'}"


def _open_backup(origin: Path) -> sqlite3.Connection:
    """The backup, opened read-only (checking it must not change it, not even its journal mode)."""
    uri = origin.absolute().as_uri()
    failure: sqlite3.Error | None = None
    for query in ("mode=ro", "immutable=1"):  # immutable: a backup on a read-only disk with no -shm
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(f"{uri}?{query}", uri=True, isolation_level=None)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.Error as error:
            if db is not None:
                db.close()
            failure = error
            if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
                break
    raise JournalError(f"{origin}: the backup cannot be read ({failure}); the log was left unchanged")


def _checked_copy(origin: Path, page_size: int) -> sqlite3.Connection:
    """A new in-memory log of the current schema holding the backup's rows, every one checked; else ``JournalError``."""
    unchanged = "the log was left unchanged"
    try:
        info = os.stat(origin)
    except FileNotFoundError:
        raise JournalError(f"{origin}: no such backup file") from None
    except OSError as error:
        raise JournalError(f"{origin}: cannot read the backup: {error.strerror}; {unchanged}") from None
    import stat

    if not stat.S_ISREG(info.st_mode):
        raise JournalError(f"{origin}: is not a regular file, so it is not a backup; {unchanged}")
    if not _looks_ours(origin):
        raise JournalError(f"{origin}: is not a hipcli training log; {unchanged}")
    copy = sqlite3.connect(":memory:", isolation_level=None)
    try:
        backup = _open_backup(origin)
        try:
            # One private copy: what is checked is exactly what is restored, even if the file changes meanwhile.
            backup.backup(copy)
        except sqlite3.Error as error:
            raise JournalError(f"{origin}: the backup is damaged ({error}); {unchanged}") from None
        finally:
            backup.close()
        try:
            problems = copy.execute("PRAGMA integrity_check").fetchone()[0]
            app = copy.execute("PRAGMA application_id").fetchone()[0]
            version = copy.execute("PRAGMA user_version").fetchone()[0]
            found = _objects(copy, "main")
            broken = copy.execute("PRAGMA foreign_key_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise JournalError(f"{origin}: the backup is damaged ({error}); {unchanged}") from None
        if problems != "ok":
            raise JournalError(f"{origin}: the backup is damaged ({_brief(problems)}); {unchanged}")
        if app != APPLICATION_ID:
            raise JournalError(f"{origin}: is not a hipcli training log; {unchanged}")
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{origin}: was written by a newer hipcli (schema {version}, this one knows {SCHEMA_VERSION}); "
                f"upgrade hipcli to restore it; {unchanged}"
            )
        if version < 1:
            raise JournalError(f"{origin}: holds no hipcli tables (schema {version}); {unchanged}")
        _compare_schema(origin, version, found)
        if broken is not None:
            raise JournalError(f"{origin}: table {broken[0]}, row {broken[1]}: refers to a row that is not there; {unchanged}")
        return _fresh_log(origin, copy, page_size)
    finally:
        copy.close()


def _compare_schema(origin: Path, version: int, found: dict[str, tuple[str, str, str]]) -> None:
    unchanged = "the log was left unchanged"
    expected = _schema(version)
    for name, (kind, table, _sql) in sorted(found.items()):
        if name not in expected:
            what = f"a {kind} '{_brief(name)[1:-1]}'" + (f" on {table}" if kind in ("trigger", "index") else "")
            raise JournalError(
                f"{origin}: holds {what} that hipcli's logs never have, so it is refused; {unchanged}"
            )
    for name, (kind, _table, sql) in sorted(expected.items()):
        if name not in found:
            raise JournalError(f"{origin}: has no {kind} '{name}' (a hipcli log of schema {version} has one); {unchanged}")
        if found[name][0] != kind or found[name][2] != sql:
            raise JournalError(
                f"{origin}: the {kind} '{name}' is not hipcli's own (its columns or constraints differ); {unchanged}"
            )


def _fresh_log(origin: Path, copy: sqlite3.Connection, page_size: int) -> sqlite3.Connection:
    """A log of the current schema, in memory, with the checked rows of ``copy`` (which has hipcli's schema of some version)."""
    unchanged = "the log was left unchanged"
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        # The same page size as the live log: the backup API cannot copy into a WAL file of another page size.
        fresh.execute(f"PRAGMA page_size = {int(page_size)}")
        fresh.execute("PRAGMA foreign_keys = ON")
        fresh.execute("BEGIN")
        for _name, step in MIGRATIONS:
            step(fresh)
        fresh.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        present = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, kinds in _COLUMNS.items():
            if table not in present:
                continue  # an older schema: the table came later, and starts empty
            have = {row[1] for row in copy.execute(f"PRAGMA table_info({table})")}
            columns = [name for name in kinds if name in have]
            names = ", ".join(columns)
            insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
            for number, row in enumerate(copy.execute(f"SELECT {names} FROM {table} ORDER BY rowid"), start=1):
                other = table == "sets" and str(row[columns.index("slug")] or "").startswith(OTHER)
                for column, value in zip(columns, row):
                    kind = "text" if other and kinds[column] == "band" else kinds[column]
                    problem = _value_problem(kind, value)
                    if problem is not None:
                        raise JournalError(f"{origin}: table {table}, row {number}: {column}: {problem}; {unchanged}")
                try:
                    fresh.execute(insert, row)
                except sqlite3.IntegrityError as error:
                    raise JournalError(
                        f"{origin}: table {table}, row {number}: breaks a rule of hipcli's log ({error}); {unchanged}"
                    ) from None
        fresh.execute("COMMIT")
    except BaseException:
        fresh.close()
        raise
    return fresh


def restore_damaged(source: str | os.PathLike[str], path: str | os.PathLike[str] | None = None) -> tuple[Path, tuple[int, int, int]]:
    """Put a checked backup where a damaged log is, keeping the damaged file (and its -wal, -shm) beside it, renamed.

    For a log that cannot be opened at all, so ``Journal.restore`` cannot
    run. The backup is checked exactly as there, before anything is renamed;
    nothing is deleted. Returns the damaged file's new name and the counts now in the log.
    """
    target = Path(path) if path is not None else default_path()
    fresh = _checked_copy(Path(source), 4096)
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = target.with_name(f"{target.name}.damaged-{stamp}")
    temporary = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    try:
        disk = sqlite3.connect(temporary)
        try:
            fresh.backup(disk)
        finally:
            disk.close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.lexists(f"{target}{suffix}"):
                os.replace(f"{target}{suffix}", f"{aside}{suffix}")
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        with suppress(OSError):
            os.unlink(temporary)
        raise JournalError(f"{target}: the backup could not be put in place ({error}); nothing was deleted") from None
    finally:
        fresh.close()
    with Journal.open(target) as log:
        return aside, log.counts()


def _read_only_reason(target: Path) -> str | None:
    """Why the log at ``target`` cannot be written, in words; None when it can."""
    try:
        flags = os.statvfs(target).f_flag
    except (OSError, AttributeError):
        flags = 0
    if flags & getattr(os, "ST_RDONLY", 1):
        return "it is on a read-only file system"
    if not os.access(target, os.W_OK):
        return "the file is read-only"
    folder = target.parent
    # WAL needs its -wal and -shm files beside the log.
    if not os.access(folder, os.W_OK | os.X_OK) and not (
        os.access(f"{target}-wal", os.W_OK) and os.access(f"{target}-shm", os.W_OK)
    ):
        return f"its folder {folder} is not writable"
    return None


def _disk_nearly_full(target: Path) -> bool:
    try:
        info = os.statvfs(target.parent)
    except (OSError, AttributeError):
        return False
    return info.f_bavail * info.f_frsize < 256 * 1024


def _holds_tables(target: Path) -> bool:
    """Whether the file at ``target`` may hold anything: read from its first page, not through SQLite.

    SQLite itself cannot open it on a full disk (it must grow the -shm file
    first). The schema lives on page 1: no cells there and no frames in the
    -wal means nothing was ever committed. Anything unclear counts as holding data.
    """
    try:
        wal = os.path.getsize(f"{target}-wal") if os.path.exists(f"{target}-wal") else 0
        with open(target, "rb") as stream:
            head = stream.read(108)
    except OSError:
        return True
    if wal > 32:  # a WAL header is 32 bytes; more means frames, maybe committed ones
        return True
    if not head:
        return False
    if len(head) < 108 or head[:16] != b"SQLite format 3\x00":
        return True
    return int.from_bytes(head[103:105], "big") > 0


def _remove_log_files(target: Path) -> None:
    for name in (str(target), f"{target}-wal", f"{target}-shm", f"{target}-journal"):
        try:
            os.unlink(name)
        except OSError:
            pass


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
    if isinstance(row_id, bool) or not isinstance(row_id, int) or not 0 < row_id < 2**63:
        raise JournalError(f"{noun} {_brief(row_id)}: no such {noun} in the log")  # SQLite cannot even look it up
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
                   changes.get("effort", row["effort"]), changes.get("pain", row["pain"]), changes.get("band"), slug=row["slug"])
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
    for name in ("title", "notes"):
        if name in changes:
            changes[name] = _text(changes[name], name)
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
