"""The training log's file: opening it safely, making sure it is hipcli's, migrating it, and its locks.

Every connection runs with foreign keys on, WAL journalling and a busy timeout,
so a second hipcli process waits instead of failing or corrupting the file; a
log that cannot be written (a read-only disk, a full one) is opened for reading
and every write says why. ``PRAGMA application_id`` marks the file as
hipcli's, so a database made by another program, or a damaged one, is reported
in one line and never touched. SQLite's errors become one ``JournalError``
sentence here. ``Journal`` (journal.py) builds on ``LogFile`` with what the log
holds.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from .errors import JournalError
from .migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from .paths import DATA_ENV
from .paths import log_path as default_path

BUSY_TIMEOUT_MS = 10_000


class DamagedLog(JournalError):
    """The log's file cannot be read as a SQLite database: only ``restore_damaged`` can put a log back there."""


class LogFile:
    """An open SQLite training log: made safe to use, checked to be hipcli's, migrated to the current schema."""

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
    def open(cls, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Self:
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
                raise JournalError(f"{target}: no training log yet; record a session with 'hipcli log session' or 'hipcli train' first")
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
    def _open_read_only(cls, target: Path, reason: str) -> Self:
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

    def __enter__(self) -> Self:
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

    # --- the recording lock ---------------------------------------------------

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
