"""Corrections to the training log: deleting and editing sessions and sets, and taking changes back.

Kept apart from the store: each change saves the rows it is about to alter or
remove in the undo table, in the same transaction, so the last changes can be
taken back one at a time ('hipcli log undo').
"""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any

from .errors import JournalError
from .journal import Journal
from .logvalues import brief, check_scale, check_set, check_when, current_time, parse_time, stored_text, time_stamp
from .models import Model, model

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
    db.execute("INSERT INTO undo (made, what, rows) VALUES (?, ?, ?)", (time_stamp(current_time()), what, json.dumps(document)))
    db.execute(f"DELETE FROM undo WHERE id NOT IN (SELECT id FROM undo ORDER BY id DESC LIMIT {UNDO_KEPT})")


def _described(session: dict[str, Any]) -> str:
    title = f", {session['title']}" if session.get("title") else ""
    return f"session {session['id']} ({str(session['started'])[:10]}{title})"


def _one(journal: Journal, table: str, fields: tuple[str, ...], row_id: int, noun: str) -> dict[str, Any]:
    if isinstance(row_id, bool) or not isinstance(row_id, int) or not 0 < row_id < 2**63:
        raise JournalError(f"{noun} {brief(row_id)}: no such {noun} in the log")  # SQLite cannot even look it up
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
        check_set(row["side"] or None, row["unit"], row["set_number"], changes.get("done", row["done"]),
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
        check_scale("pain", changes["morning_pain"])
    for name in ("title", "notes"):
        if name in changes:
            changes[name] = stored_text(changes[name], name)
    if "started" in changes:
        check_when(changes["started"], "session date")
        changes["started"] = time_stamp(changes["started"] if isinstance(changes["started"], datetime.datetime)
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
    return [Change(id=row[0], made=parse_time(row[1]), what=row[2]) for row in rows]  # type: ignore[arg-type]


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

