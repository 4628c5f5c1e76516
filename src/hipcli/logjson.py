"""The training log as JSON (``hipcli log history --format json``): sessions, each with its sets, written as they are read.

``json_items`` writes each session as the text ``json.dumps(..., indent=2)``
writes for it inside the command's envelope, one session at a time, so
five years of sets export in flat memory: the whole document built at once
and dumped by Python's pure-Python indenting encoder took a second and a
quarter of a gigabyte (bench/journal.py's log). The layout is the one
``read_export`` (logbook.py) reads back; tests/test_logjson.py holds it to
``json.dumps`` byte for byte over generated logs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from operator import add
from typing import TYPE_CHECKING, Any

from .logcsv import SESSION_FIELDS, SET_FIELDS, _head_row
from .text import json_text

if TYPE_CHECKING:
    from .logrows import LoggedSession


def _bytes_as_text(value: Any) -> str:
    """A value JSON has no type for: bytes (a hand-edited log's blob) as the CSV export shows them, b'...'."""
    if isinstance(value, bytes):
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# Python's C encoder writes a row's values in one call, each as json.dumps(value, ensure_ascii=False) would
# (floats by repr, NaN as NaN), between NULs: JSON never writes a NUL itself (it is \u0000 inside a string),
# so splitting there gives each value's text. The indenting encoder is pure Python, and five times slower.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=("\x00", ": "), default=_bytes_as_text).encode


def _values(values: Sequence[Any]) -> list[str]:
    return _ENCODE(values)[1:-1].split("\x00")


def _lines(names: Sequence[str], indent: str) -> list[str]:
    return [f'{indent}"{name}": ' for name in names]


def json_items(rows: Iterable[tuple[Any, ...]], sessions: Sequence[LoggedSession] = (), *, depth: int = 2,
               batch: int = 10) -> Iterator[str]:
    """The sessions of ``rows`` (``Journal.export_rows``: a session's sets together, its columns first), each a JSON
    object with its ``sets``, then each of ``sessions`` that had no set: as ``json.dumps(item, indent=2)`` writes
    the items of a list ``depth`` levels deep, with ``text.json_text``'s escapes.

    ``batch`` sessions a piece; the pieces joined are the list's items with the commas between them
    (``cli.shell.json_pieces`` puts them in the command's envelope).
    """
    outer = "  " * depth
    session_keys = _lines(SESSION_FIELDS, outer + "  ")
    set_keys = _lines(SET_FIELDS, outer + "      ")
    set_open, set_close = f"{outer}    {{\n", f"\n{outer}    }}"
    sets_open, sets_close = f",\n{outer}  \"sets\": [\n", f"\n{outer}  ]\n{outer}}}"
    width = len(SESSION_FIELDS)
    seen: set[str] = set()

    def head(values: Sequence[Any]) -> str:
        return outer + "{\n" + ",\n".join(map(add, session_keys, _values(values)))

    def one_set(row: Sequence[Any]) -> str:
        return set_open + ",\n".join(map(add, set_keys, _values(row[width:]))) + set_close

    def items() -> Iterator[str]:
        uid: Any = None
        sets: list[str] = []
        first: Sequence[Any] = ()
        for row in rows:
            if row[0] != uid or not sets:
                if sets:
                    yield head(first) + sets_open + ",\n".join(sets) + sets_close
                uid, first, sets = row[0], row, []
                seen.add(uid)
            sets.append(one_set(row))
        if sets:
            yield head(first) + sets_open + ",\n".join(sets) + sets_close
        for session in sessions:
            if session.uid not in seen:
                yield head(_head_row(session)) + f',\n{outer}  "sets": []\n{outer}}}'

    pending: list[str] = []
    comma = ""  # every piece after the first starts with the comma that ends the item before it
    for item in items():
        pending.append(item)
        if len(pending) == batch:
            yield json_text(comma + ",\n".join(pending))
            pending, comma = [], ",\n"
    if pending:
        yield json_text(comma + ",\n".join(pending))
