"""The training log's schema: hipcli's mark on the file and the ordered list of migrations that build it.

Each migration is a small named step (after simonw/llm ``migrations.py``);
``PRAGMA user_version`` holds how many have run. ``journal.py`` runs them on
the live log; ``restore.py`` runs them to rebuild hipcli's own schema and
compare a backup's against it. Never reorder or edit a step: add one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# "HIPC" in ASCII: marks a SQLite file as a hipcli training log.
APPLICATION_ID = 0x48495043

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
