"""The training log: one SQLite file holding sessions, sets, assessments and the followed programme.

The store is the standard library's sqlite3. Every write is its own
``BEGIN IMMEDIATE`` transaction: a set is on disk as soon as ``record_set``
returns, so a crash or a SIGKILL mid-session keeps what was done.

Its neighbours each keep one job: ``logfile.py`` opens the file safely (WAL,
busy timeout, read-only fallbacks, hipcli's mark) and turns SQLite's errors
into sentences; ``migrations.py`` holds the ordered schema steps (after
simonw/llm ``migrations.py``); ``logvalues.py`` the checks every value passes;
``logrows.py`` the models a reading returns; ``restore.py`` checks a backup
before it replaces the log; ``corrections.py`` deletes, edits and undoes;
``logexport.py`` reads the flat rows the exports are written from.

Like the planner this module never prints and never imports typer or rich; it
returns models and raises ``JournalError``.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from .errors import JournalError
from .logvalues import (
    brief,
    check_count,
    check_id,
    check_scale,
    check_set,
    check_when,
    current_time,
    local,
    new_uid,
    parse_time,
    stored_text,
    time_stamp,
)
from .logexport import ExportReads, _date_filter
from .logfile import LogFile
from .logrows import (
    SET_COLUMNS,
    Assessment,
    AssessmentResult,
    Followed,
    LoggedSession,
    LoggedSet,
    session_from_row,
    sets_from_rows,
)
from .restore import checked_copy
from .paths import data_dir  # noqa: F401 - journal.data_dir is where the log lives
from .paths import log_path as default_path

SOURCES = ("plan", "programme", "options", "single", "import")


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


class Journal(ExportReads, LogFile):
    """An open training log. Use ``Journal.open()``; close it, or use it as a context manager.

    Opening, migrating, locking and error handling come from ``LogFile`` (logfile.py); this class
    reads and writes what the log holds.
    """

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
        when = started or current_time()
        check_when(when, "session date")
        if source_kind not in SOURCES:
            raise JournalError(f"session source {brief(source_kind)}: must be one of {', '.join(SOURCES)}")
        check_count("week", week, 1)
        check_count("planned sets", planned_sets)
        head = {"uid": uid or new_uid(), "started": time_stamp(when), "source_kind": source_kind,
                "source": stored_text(source, "source"), "week": week, "title": stored_text(title, "title"),
                "notes": stored_text(notes, "notes"), "planned_sets": planned_sets}
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
            check_id(session_id)
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
        check_set(side, unit, set_number, done, effort, pain, band, target_band, slug)
        check_count("position", position)
        for name, value in (("target sets", target_sets), ("target low", target_low), ("target high", target_high)):
            check_count(name, value)
        slug, tempo, placement = stored_text(slug, "exercise"), stored_text(tempo, "tempo"), stored_text(placement, "placement")
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
        notes = stored_text(notes, "notes")
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET finished = ?, notes = coalesce(?, notes) WHERE id = ?",
                (time_stamp(finished or current_time()), notes, self._row_of(db, session_id)),
            )
        self._active.pop(session_id, None)
        if not self._active:
            self._release_recording()

    def set_morning_pain(self, session_id: int, pain: int) -> None:
        """Record how the trained area felt the next morning (0-10)."""
        check_id(session_id)
        check_scale("pain", pain)
        with self.transaction() as db:
            if db.execute("UPDATE sessions SET morning_pain = ? WHERE id = ?", (pain, session_id)).rowcount == 0:
                raise JournalError(f"session {session_id}: no such session in the log")

    def delete_session(self, session_id: int) -> None:
        check_id(session_id)
        with self.transaction() as db:
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 0:
                raise JournalError(f"session {session_id}: no such session in the log")

    # --- reading ---------------------------------------------------------------

    def session(self, session_id: int) -> LoggedSession:
        check_id(session_id)
        with self._errors():
            row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise JournalError(f"session {session_id}: no such session in the log")
        return session_from_row(row)

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
                found.append(session_from_row(row))
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
        return sets_from_rows(rows, self.unreadable)

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
                f"the followed programme's start date ({brief(row[1])}) cannot be read, so no programme is followed; "
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
        when = taken or current_time()
        check_when(when, "assessment date")
        rows = []
        for result in results:
            if isinstance(result.value, bool) or not isinstance(result.value, (int, float)) or not abs(result.value) < 1e9:
                raise JournalError(f"{stored_text(result.test, 'test')} {brief(result.value)}: must be a finite number")
            rows.append((stored_text(result.test, "test"), result.side or "", result.value))
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO assessments (uid, taken, level, notes) VALUES (?, ?, ?, ?)",
                (uid or new_uid(), time_stamp(when), stored_text(level, "level"), stored_text(notes, "notes")),
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
                id=row["id"], uid=row["uid"], taken=parse_time(row["taken"]), level=row["level"], notes=row["notes"],
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
                    raise JournalError(f"session {brief(head['uid'])}: finished {finished.isoformat()} is before it started")
                uid = stored_text(head["uid"], "session uid")
                if not uid:
                    raise JournalError("a session has no uid")
                check_count("week", head.get("week"), 1)
                check_count("planned sets", head.get("planned_sets"))
                check_scale("morning pain", head.get("morning_pain"))
                source_kind = head.get("source_kind") or "import"
                if source_kind not in SOURCES:
                    raise JournalError(f"session source {brief(source_kind)}: must be one of {', '.join(SOURCES)}")
                existing = db.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
                if existing is None:
                    cursor = db.execute(
                        "INSERT INTO sessions (uid, started, finished, source_kind, source, week, title, notes, "
                        "planned_sets, morning_pain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (uid, time_stamp(started), time_stamp(finished) if finished else None,
                         source_kind, stored_text(head.get("source"), "source"), head.get("week"),
                         stored_text(head.get("title"), "title"), stored_text(head.get("notes"), "notes"),
                         head.get("planned_sets"), head.get("morning_pain")),
                    )
                    session_id = int(cursor.lastrowid)
                    added_sessions += 1
                else:
                    session_id = int(existing[0])
                for row in rows:
                    check_set(row.get("side"), row["unit"], row["set_number"], row.get("done"),
                               row.get("effort"), row.get("pain"), row.get("band"), row.get("target_band"), row.get("slug"))
                    for name in ("position", "target_sets", "target_low", "target_high"):
                        check_count(name.replace("_", " "), row.get(name))
                    if not isinstance(row.get("slug"), str) or not row["slug"]:
                        raise JournalError(f"exercise {brief(row.get('slug'))}: must be an exercise's name")
                    row = {**row, **{name: stored_text(row.get(name), name) for name in ("slug", "tempo", "placement")}}
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
        fields = {"uid": new_uid(), **head}
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
        fresh = checked_copy(Path(source), page_size)
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


def restore_damaged(source: str | os.PathLike[str], path: str | os.PathLike[str] | None = None) -> tuple[Path, tuple[int, int, int]]:
    """Put a checked backup where a damaged log is, keeping the damaged file (and its -wal, -shm) beside it, renamed.

    For a log that cannot be opened at all, so ``Journal.restore`` cannot
    run. The backup is checked exactly as there, before anything is renamed;
    nothing is deleted. Returns the damaged file's new name and the counts now in the log.
    """
    target = Path(path) if path is not None else default_path()
    fresh = checked_copy(Path(source), 4096)
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
    return None if row is None else session_from_row(row)


def reopen_session(journal: Journal, session_id: int) -> None:
    """Carry on a session stopped early: it is unfinished again until 'train' finishes it."""
    with journal.transaction() as db:
        cursor = db.execute(
            "UPDATE sessions SET finished = NULL, notes = CASE WHEN notes = ? THEN NULL ELSE notes END WHERE id = ?",
            (STOPPED_EARLY, session_id),
        )
        if cursor.rowcount == 0:
            raise JournalError(f"session {session_id}: no such session in the log")
