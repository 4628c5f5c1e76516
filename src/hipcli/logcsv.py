"""The training log as CSV (``hipcli log history --format csv``): its columns, and the text of its rows.

Two writers make the same bytes:

- ``csv_chunks`` writes rows already read from the log with Python's csv
  module: every value a Python object, every row a call. It is the
  reference, and it writes any rows it is given (an export filtered by
  exercise, a log the other writer cannot write exactly).
- ``sql_chunks`` has SQLite write each line's text with one printf while it
  reads the row, so Python makes one string per set instead of 25 values:
  five years of sets export about twice as quickly (bench/journal.py).
  First it checks, in one read transaction with the writing, that printf's
  text is what the csv module would write: the set columns' texts once per
  distinct value (a log holds few), the numbers' types once per row. A log
  with a value printf would write otherwise (a real number, bytes, a NUL, a
  character ``text.visible`` escapes, a cell that would need quotes or a
  leading ' outside the placement column) goes to ``csv_chunks``. So the
  quick path decides speed only, never the bytes.

tests/test_logcsv.py holds the two to the same output over generated logs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .errors import JournalError
from .text import visible

if TYPE_CHECKING:
    import datetime

    from .journal import Journal
    from .logrows import LoggedSession

SESSION_FIELDS = ("session_uid", "started", "finished", "source_kind", "source", "week", "title", "notes",
                  "planned_sets", "morning_pain")
SET_FIELDS = ("position", "slug", "set_number", "side", "unit", "target_sets", "target_low", "target_high", "tempo",
              "target_band", "done", "band", "placement", "effort", "pain")
CSV_FIELDS = SESSION_FIELDS + SET_FIELDS
INT_FIELDS = {"week", "planned_sets", "morning_pain", "position", "set_number", "target_sets", "target_low",
              "target_high", "done", "effort", "pain"}


def _head_row(session: LoggedSession) -> tuple[Any, ...]:
    return (session.uid, session.started.isoformat(), session.finished.isoformat() if session.finished else None,
            session.source_kind, session.source, session.week, session.title, session.notes, session.planned_sets,
            session.morning_pain)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutral(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading ' before a formula start (and before a leading ',
    so that ``_restored`` can undo exactly what was added)."""
    if isinstance(value, str) and value.startswith((*_FORMULA_STARTS, "'")):
        return "'" + value
    return value


# How a cell that ``_neutral`` changes shows in csv.writer's text: its first character after a comma
# or a line end, inside quotes if it has any. A few searches of a piece's text (first for the rare
# character alone, then with what comes before it) are many times quicker than a call per value; a
# hit may be a false alarm (a comma or a line end inside quotes), never a miss.
_RISKY_STARTS = (*_FORMULA_STARTS, "'")


def _at_risk(text: str) -> bool:
    return any(start in text and any(before + start in text for before in (",", "\n", ',"', '\n"')) for start in _RISKY_STARTS)


def _restored(value: Any) -> Any:
    """The cell as it was before ``_neutral``: one leading ' removed."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def csv_chunks(rows: Iterable[tuple[Any, ...]], sessions: Sequence[LoggedSession] = (), *, size: int = 500) -> Iterator[str]:
    """The CSV export in pieces of ``size`` lines, so years of sets are written without holding the whole text
    (500 lines: a piece's rows and text take about a megabyte; larger pieces are no quicker).

    One line per set (``Journal.export_rows``: the session's columns, then the
    set's), read once, as it comes; then a line for each of ``sessions`` that
    had no set.

    Text from the log (titles, notes, file names) keeps line breaks, which
    CSV quotes, but shows other control characters as escapes: the export is
    printed as often as it is imported. Escaping a piece escapes only what is
    inside its values, since CSV's own commas, quotes and line ends are not
    control characters; one pass over a piece is many times quicker than one
    per value.

    Text cells that a spreadsheet would run as a formula start with a ' (``read_export`` removes it again).
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    seen: set[str] = set()

    def lines() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            seen.add(row[0])
            yield row
        yield from (_head_row(session) for session in sessions if session.uid not in seen)

    pending = lines()
    while True:
        piece = list(itertools.islice(pending, size))
        mark = buffer.tell()
        writer.writerows(piece)
        # From the line end before the piece (the header's), or one put in front of a piece at the start.
        if _at_risk(buffer.getvalue()[mark - 1:] if mark else "\n" + buffer.getvalue()):
            # Some cell may start like a formula: write this piece again, value by value.
            buffer.seek(mark)
            buffer.truncate()
            writer.writerows([_neutral(value) for value in row] for row in piece)
        yield visible(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
        if len(piece) < size:
            return


def _written(rows: Iterable[tuple[Any, ...]]) -> str:
    """Rows as ``csv_chunks`` writes them (every cell neutral, then escaped), without the header."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([_neutral(value) for value in row] for row in rows)
    return visible(buffer.getvalue())


# --- SQLite writes the lines ------------------------------------------------------------------
#
# SQLite is quick at one printf per row, and slow at anything it tests in every row (each test
# costs about as much again as reading the value: bench/journal.py). So the texts of the set
# columns, which repeat (a log of five years holds a dozen distinct ones), are checked once each,
# in Python, and the numbers' types once per row by the same query; then printf writes every
# line as it is. A session's own cells are written by Python, once per session.

_CODES = ", ".join(str(ord(start)) for start in _RISKY_STARTS)
_LOOKED_UP = 16


def _quoted_sql(value: str) -> str:
    """A text value as ``_neutral`` and csv.writer write it: a ' before a formula start; in quotes, its quotes
    doubled, if it holds a comma, a quote or a line break."""
    neutral = f"iif(unicode({value}) IN ({_CODES}), '''' || {value}, {value})"
    return f"iif(instr({value}, ',') OR instr({value}, '\"') OR instr({value}, char(10)), printf('\"%w\"', {neutral}), {neutral})"


# The side as stored: '' for both sides prints as the NULL export_rows makes of it (nullif would cost a call a row).
_SET_SQL = {name: f"sets.{name}" for name in SET_FIELDS}


def line_sql(placements: int | None) -> str:
    """SQL for one line: ``heads.head``, then the set's cells by printf.

    The placement is the one set cell that often needs quotes (a card's "Mini-band around both
    thighs, just above the knees"), the other texts must need nothing (``_plain``). With
    ``placements`` the placements that do are looked up in a CASE of that many (value, cell)
    pairs of parameters, written by Python; with None SQLite quotes them itself.
    """
    if placements is None:
        placement = _quoted_sql("sets.placement")
    elif placements:
        placement = f"CASE sets.placement {'WHEN ? THEN ? ' * placements}ELSE sets.placement END"
    else:
        placement = "sets.placement"
    cells = [placement if name == "placement" else _SET_SQL[name] for name in SET_FIELDS]
    return "printf('%s" + ",".join(["%s"] * len(SET_FIELDS)) + "\n', heads.head, " + ", ".join(cells) + ")"


def _placement_cells(placements: Iterable[str | None]) -> list[str]:
    """(value, cell) pairs, flat, for each placement whose cell is not the value itself (quoted, or marked)."""
    import csv
    import io

    pairs: list[str] = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for value in sorted({value for value in placements if value is not None}):
        writer.writerow([_neutral(value), ""])
        cell = buffer.getvalue()[:-2]  # less the empty cell's comma and the line end
        buffer.seek(0)
        buffer.truncate()
        if cell != value:
            pairs += [value, cell]
    return pairs


def _plain(value: Any, *, quoted: bool = False) -> bool:
    """Whether printf's text for a set's text cell is what csv.writer, ``_neutral`` and ``visible`` make of it.

    NULL and text only (not a number, not bytes); no NUL (printf stops there), nothing ``visible``
    escapes; and, unless SQLite quotes the cell itself (``quoted``), nothing csv.writer would quote
    nor a start ``_neutral`` would mark.
    """
    if value is None:
        return True
    if not isinstance(value, str) or "\x00" in value or _has_control(value):
        return False
    return quoted or not (value.startswith(_RISKY_STARTS) or "," in value or '"' in value or "\n" in value or "\r" in value)


def _sqlite_writes(kinds: Iterable[tuple[Any, ...]]) -> bool:
    """Whether SQLite's lines are exact for sets with these (slug, side, unit, tempo, target_band, band,
    placement, kind) (``Journal.export_kinds``)."""
    return all(
        kind == "integer" and all(_plain(value) for value in texts) and _plain(placement, quoted=True)
        for *texts, placement, kind in kinds
    )


_CONTROL_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])


def _has_control(text: str) -> bool:
    """Whether ``visible`` would change ``text`` (for ASCII, a count of bytes: five times quicker than the regex)."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _CONTROL_BYTES)) != len(data)
    from .text import has_control

    return has_control(text)


def _heads(rows: Iterable[tuple[Any, ...]]) -> list[tuple[int, str]]:
    """(id, the session's ten cells as csv_chunks writes them, each followed by a comma) per session row."""
    import csv
    import io

    buffer = io.StringIO()
    # The line end stays "\n" (csv.writer quotes a value holding one of its characters), then turns into the comma.
    writer = csv.writer(buffer, lineterminator="\n")
    heads = []
    for row in rows:
        # _neutral, inline: a call per value is a third of this loop's time.
        writer.writerow(["'" + value if value.__class__ is str and value.startswith(_RISKY_STARTS) else value for value in row[1:]])
        heads.append((row[0], buffer.getvalue()[:-1] + ","))
        buffer.seek(0)
        buffer.truncate()
    if _has_control("".join(text for _id, text in heads)):
        heads = [(key, visible(text)) for key, text in heads]
    return heads


def sql_chunks(
    log: Journal, sessions: Sequence[LoggedSession] = (), *, session_ids: Iterable[int] | None = None,
    since: datetime.date | None = None, until: datetime.date | None = None, size: int = 500,
) -> Iterator[str]:
    """The same text as ``csv_chunks(log.export_rows(...), sessions)``, written by SQLite where it can be.

    ``session_ids``, ``since`` and ``until`` choose the sets as ``Journal.export_rows`` does;
    ``sessions`` are the sessions of the export, those without a set written as their head alone,
    last. The log must stay open while the pieces are read. All of it is read in one transaction,
    so what was checked is what is written.
    """
    ids = None if session_ids is None else list(session_ids)
    with log.one_reading():
        try:
            kinds = log.export_kinds(session_ids=ids, since=since, until=until)
            quick = _sqlite_writes(kinds)
            heads = _heads(log.export_heads(session_ids=ids, since=since, until=until)) if quick else []
        except JournalError:
            quick = False  # a text that is not UTF-8: the reference writer fails on it, or writes it, as it always has
        if not quick:
            yield from csv_chunks(log.export_rows(session_ids=ids, since=since, until=until), sessions, size=size)
            return
        yield ",".join(CSV_FIELDS) + "\n"
        # A few placements that need quotes are looked up (quicker than SQLite testing every row); many are tested.
        pairs = _placement_cells(kind[6] for kind in kinds)
        line, arguments = (line_sql(len(pairs) // 2), pairs) if len(pairs) <= 2 * _LOOKED_UP else (line_sql(None), [])
        yield from log.export_batches(line, heads, line_args=arguments, size=size, session_ids=ids, since=since, until=until)
        if sessions:
            empty = log.sessions_without_sets(session_ids=ids, since=since, until=until)
            heads_only = [_head_row(session) for session in sessions if session.id in empty]
            if heads_only:
                yield _written(heads_only)
