"""Restoring the training log from a backup: every part of the backup is checked before the log changes.

A backup is read into memory and checked there: hipcli's mark, its schema
number, exactly hipcli's own tables, columns, constraints and indexes for that
number, and every value in every row. Its rows are then copied into a freshly
made log of the current schema. ``Journal.restore`` and ``restore_damaged``
(in ``journal.py``) put that fresh copy in place; this module never touches
the live log.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from pathlib import Path
from typing import Any

from .errors import JournalError
from .logvalues import OTHER, brief, parse_time
from .migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

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
            return f"{brief(value)} is not a band level ({', '.join(BAND_LEVELS)})"
    else:
        ok = isinstance(value, str) and len(value) <= 1024 * 1024
        if ok and kind == "time":
            try:
                parse_time(value)
            except JournalError:
                return f"{brief(value)} is not a date and time"
        elif ok and kind == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return f"{brief(value)} is not a date"
    return None if ok else f"{brief(value)} is not {'a whole number' if kind == 'int' else 'a number' if kind == 'real' else 'text'}"


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


def checked_copy(origin: Path, page_size: int) -> sqlite3.Connection:
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
            raise JournalError(f"{origin}: the backup is damaged ({brief(problems)}); {unchanged}")
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
            what = f"a {kind} '{brief(name)[1:-1]}'" + (f" on {table}" if kind in ("trigger", "index") else "")
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


def _looks_ours(path: Path) -> bool:
    """Whether ``path`` is a SQLite file marked as a hipcli log, read from its header without opening it."""
    try:
        with open(path, "rb") as stream:
            header = stream.read(100)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and int.from_bytes(header[68:72], "big") == APPLICATION_ID
