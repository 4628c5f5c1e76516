"""Reading the training log for its exports: flat rows in one order, for the CSV and JSON exports.

``Journal`` takes these methods from ``ExportReads``; the writers that turn
them into text are ``logcsv.py`` (CSV, written by SQLite where it can be),
``logjson.py`` (JSON) and ``formats/strong.py`` and ``formats/hevy.py``,
which take the rows in pieces of whole sessions (``whole_sessions``).
Nothing here prints or imports typer or rich.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import Callable


class ExportReads:
    """The export's reads, mixed into ``Journal`` (which gives ``db`` and ``_errors``)."""

    db: sqlite3.Connection
    if TYPE_CHECKING:
        _errors: Callable[[], AbstractContextManager[None]]

    def export_rows(self, *, session_ids: Iterable[int] | None = None, slugs: Iterable[str] | None = None,
                    since: datetime.date | None = None, until: datetime.date | None = None,
                    set_ids: Iterable[int] | None = None) -> Iterator[tuple[Any, ...]]:
        """One flat row per set, its session's columns first (logcsv.CSV_FIELDS order), for CSV and JSON exports.

        Rows come from the cursor as SQLite makes them, one at a time, as
        plain tuples: no model is built and nothing is held, so an export of
        five years of sets writes in flat memory. The log must stay open
        while the rows are read.
        """
        query = _export_query(session_ids, slugs, since, until, set_ids)
        if query is None:
            return
        joins, clauses, args = query
        sql = (
            "SELECT sessions.uid, sessions.started, sessions.finished, sessions.source_kind, sessions.source, "
            "sessions.week, sessions.title, sessions.notes, sessions.planned_sets, sessions.morning_pain, "
            "sets.position, sets.slug, sets.set_number, nullif(sets.side, ''), sets.unit, "
            "sets.target_sets, sets.target_low, sets.target_high, sets.tempo, sets.target_band, sets.done, sets.band, "
            f"sets.placement, sets.effort, sets.pain FROM sessions {joins} {clauses} {EXPORT_ORDER}"
        )
        with self._errors():
            cursor = self.db.cursor()
            cursor.row_factory = None  # plain tuples, and the connection's own factory is left alone
            # A for loop, not ``yield from``: a reader that stops early (a closed pipe) must not have the
            # cursor closed for it after the log is, which raises from inside the generator's clean-up.
            for row in cursor.execute(sql, args):
                yield row

    @contextmanager
    def one_reading(self) -> Iterator[None]:
        """One read transaction: every query inside sees the log as it was when the first one ran."""
        with self._errors():
            self.db.execute("BEGIN")
        try:
            yield
        finally:
            with suppress(sqlite3.Error):
                self.db.execute("COMMIT")

    def export_heads(self, *, session_ids: Iterable[int] | None = None, since: datetime.date | None = None,
                     until: datetime.date | None = None) -> list[tuple[Any, ...]]:
        """(id, then the session's columns of ``export_rows``) for each session those filters pick."""
        query = _export_query(session_ids, None, since, until, None)
        if query is None:
            return []
        _join, clauses, args = query
        sql = ("SELECT id, uid, started, finished, source_kind, source, week, title, notes, planned_sets, morning_pain "
               f"FROM sessions {clauses}")
        with self._errors():
            cursor = self.db.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, args).fetchall()

    def export_kinds(self, *, session_ids: Iterable[int] | None = None, since: datetime.date | None = None,
                     until: datetime.date | None = None) -> list[tuple[Any, ...]]:
        """Each distinct (slug, side, unit, tempo, target_band, band, placement, kind) of the sets of
        ``export_rows``, kind 'integer' where every number of the set is a whole number or NULL.

        A log holds few distinct texts in these columns; the CSV export checks them before it lets
        SQLite write the lines (logcsv.py). The number test: the largest is a whole number (so none
        is text or a blob), and so is the sum (so none is a real).
        """
        query = _export_query(session_ids, None, since, until, None)
        if query is None:
            return []
        join, clauses, args = query
        names = [f"sets.{name}" for name in
                 ("position", "set_number", "target_sets", "target_low", "target_high", "done", "effort", "pain")]

        def whole(numbers: list[str]) -> str:
            return f"typeof(max({', '.join(numbers)})) = 'integer' AND typeof({' + '.join(numbers)}) = 'integer'"

        # The test as it is first (a NULL makes it NULL, not false), then with each NULL read as 0.
        kind = f"iif({whole(names)}, 'integer', iif({whole([f'ifnull({name}, 0)' for name in names])}, 'integer', 'other'))"
        sql = (
            "SELECT DISTINCT sets.slug, sets.side, sets.unit, sets.tempo, sets.target_band, sets.band, "
            f"sets.placement, {kind} FROM sessions {join} {clauses}"
        )
        with self._errors():
            cursor = self.db.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, args).fetchall()

    def export_batches(self, line: str, heads: Iterable[tuple[int, str]], *, size: int, line_args: Iterable[Any] = (),
                       session_ids: Iterable[int] | None = None, since: datetime.date | None = None,
                       until: datetime.date | None = None) -> Iterator[str]:
        """The sets of ``export_rows`` (same filters, same order), each as the text ``line``: SQL over ``sets``
        and ``heads.head``, the text ``heads`` gives for its session (id, text), with ``line_args`` for its
        parameters. Joined ``size`` sets at a time.

        For the CSV export (logcsv.py), which has SQLite write each line: Python then makes one
        string per set instead of 25 values. The heads wait in a TEMP table (in memory, never in
        the log), looked up once per session as the sessions are read in order.
        """
        query = _export_query(session_ids, None, since, until, None)
        if query is None:
            return
        join, clauses, args = query
        sql = (f"SELECT {line} FROM sessions CROSS JOIN temp.hipcli_export_heads AS heads ON heads.id = sessions.id "
               f"{join} {clauses} {EXPORT_ORDER}")
        with self._errors():
            self.db.execute("DROP TABLE IF EXISTS temp.hipcli_export_heads")
            self.db.execute("CREATE TEMP TABLE hipcli_export_heads (id INTEGER PRIMARY KEY, head TEXT NOT NULL)")
            try:
                self.db.executemany("INSERT INTO temp.hipcli_export_heads (id, head) VALUES (?, ?)", heads)
                cursor = self.db.cursor()
                cursor.row_factory = None
                cursor.execute(sql, [*line_args, *args])
                while batch := cursor.fetchmany(size):
                    yield "".join([row[0] for row in batch])
                cursor.close()
            finally:
                with suppress(sqlite3.Error):
                    self.db.execute("DROP TABLE IF EXISTS temp.hipcli_export_heads")

    def sessions_without_sets(self, *, session_ids: Iterable[int] | None = None,
                              since: datetime.date | None = None, until: datetime.date | None = None) -> set[int]:
        """The ids of the sessions (of those the filters pick) that hold no set: an export shows their heads only."""
        query = _export_query(session_ids, None, since, until, None)
        if query is None:
            return set()
        _joins, clauses, args = query
        sql = (f"SELECT sessions.id FROM sessions {clauses} {'AND' if clauses else 'WHERE'} "
               "NOT EXISTS (SELECT 1 FROM sets WHERE sets.session_id = sessions.id)")
        with self._errors():
            return {int(row[0]) for row in self.db.execute(sql, args)}


def whole_sessions(rows: Iterable[tuple[Any, ...]], size: int = 500) -> Iterator[list[tuple[Any, ...]]]:
    """``export_rows`` rows in lists of whole sessions (a session's rows come together, its uid first), each list
    ending at the first session's end after ``size`` rows: for the writers that look along a session's sets."""
    piece: list[tuple[Any, ...]] = []
    for row in rows:
        if len(piece) >= size and row[0] != piece[-1][0]:
            yield piece
            piece = []
        piece.append(row)
    if piece:
        yield piece


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


# The export's order. CROSS JOIN keeps sessions as the outer loop, read through the start-time index,
# so SQLite sorts only the sets of each session. The slug last makes the order total (two exercises
# may share a place in a session), so every query over these rows lists them alike.
EXPORT_ORDER = "ORDER BY sessions.started, sessions.id, sets.position, sets.set_number, sets.side, sets.slug"


def _export_query(
    session_ids: Iterable[int] | None, slugs: Iterable[str] | None, since: datetime.date | None,
    until: datetime.date | None, set_ids: Iterable[int] | None,
) -> tuple[str, str, list[Any]] | None:
    """(join, WHERE clause, arguments) for the export's rows; None when a filter is an empty list.

    The clause names only ``sessions`` unless a set filter is given (the join is then part of it).
    """
    where, args = _date_filter("sessions.started", since, until)
    clauses = [where[len("WHERE "):]] if where else []
    for column, values in (("sessions.id", session_ids), ("sets.slug", slugs), ("sets.id", set_ids)):
        if values is not None:
            wanted = sorted(set(values))
            if not wanted:
                return None
            clauses.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            args.extend(wanted)
    # A few sets by id: let SQLite start from them (and sort what it found), not from every session.
    join = "JOIN" if set_ids is not None else "CROSS JOIN"
    return f"{join} sets ON sets.session_id = sessions.id", ("WHERE " + " AND ".join(clauses) if clauses else ""), args
