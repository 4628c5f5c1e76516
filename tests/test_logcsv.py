"""The CSV export SQLite writes (logcsv.sql_chunks) is byte for byte the reference writer's (csv_chunks over
Journal.export_rows), for any log: checked over generated logs in a real SQLite file, values written straight
into the tables as an old or hand-edited log could hold them; and through the real command."""

from __future__ import annotations

import csv
import datetime
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcli import logcsv
from hipcli.journal import Journal
from hipcli.logcsv import CSV_FIELDS, csv_chunks, sql_chunks
from tests.budget import examples

SESSION_COLUMNS = ("uid", "started", "finished", "source_kind", "source", "week", "title", "notes", "planned_sets",
                   "morning_pain")
SET_COLUMNS = ("position", "slug", "set_number", "side", "unit", "target_sets", "target_low", "target_high", "tempo",
               "target_band", "done", "band", "placement", "effort", "pain")
TODAY = datetime.date.today()

# Every character the export treats specially: CSV's own, formula starts, controls (C0, DEL, C1, bidi),
# line and paragraph separators, and non-ASCII text.
SPECIAL = list(",\"\n\r=+-@\t' ;") + ["\x00", "\x01", "\x1b", "\x1f", "\x7f", "\x85", "\u202e", "\u2028", "é", "€", "水"]
PLAIN = list("abz09-:")
tricky_text = st.text(st.sampled_from(PLAIN + SPECIAL), max_size=7)
plain_text = st.builds(str.__add__, st.sampled_from("abz09"), st.text(st.sampled_from(PLAIN), max_size=6))
# Text SQLite writes itself when it is a placement: quotes, commas, line breaks, formula starts, no control.
csv_text = st.text(st.sampled_from(PLAIN + list(",\"\n=+-@\t' ") + ["é", "水"]), max_size=7)
# What a column might hold in a log hipcli did not write: any type SQLite keeps.
odd_value = st.one_of(st.none(), tricky_text, st.integers(-3, 2**62), st.floats(allow_nan=False, width=32),
                      st.binary(max_size=3))


def column_value(kind: str, odd: bool) -> st.SearchStrategy[Any]:
    """A value for a column: what hipcli writes there, now and then (``odd``) anything at all."""
    usual = {
        "int": st.one_of(st.none(), st.integers(0, 10_000)),
        "text": st.one_of(st.none(), plain_text),
        "free": st.one_of(st.none(), tricky_text),  # titles, notes: people's words
        "placement": st.one_of(st.none(), csv_text, csv_text, csv_text, tricky_text),
    }[kind]
    return st.one_of(usual, odd_value) if odd else usual


SET_KINDS = {"position": "int", "slug": "text", "set_number": "int", "side": "side", "unit": "text",
             "target_sets": "int", "target_low": "int", "target_high": "int", "tempo": "text", "target_band": "text",
             "done": "int", "band": "text", "placement": "placement", "effort": "int", "pain": "int"}


@st.composite
def logs(draw: st.DrawFn) -> dict[str, Any]:
    """Sessions (some without sets, some sharing a start time), their sets, and the odd values among them."""
    odd = draw(st.integers(0, 3)) == 0  # a quarter of the logs hold values hipcli does not write
    sessions = []
    for number in range(draw(st.integers(0, 6))):
        started = datetime.datetime.combine(TODAY - datetime.timedelta(days=draw(st.integers(0, 20))), datetime.time(7))
        head = {
            "uid": draw(st.one_of(st.just(f"s{number}"), st.builds(f"s{number}".__add__, tricky_text))),
            "started": started.isoformat(),
            "finished": draw(st.one_of(st.none(), st.just(started.isoformat()), tricky_text)),
            "source_kind": draw(st.sampled_from(("plan", "single", "import"))),
            "source": draw(column_value("free", odd)), "week": draw(column_value("int", odd)),
            "title": draw(column_value("free", odd)), "notes": draw(column_value("free", odd)),
            "planned_sets": draw(column_value("int", odd)), "morning_pain": draw(column_value("int", odd)),
        }
        sets = []
        for index in range(draw(st.integers(0, 5))):
            row = {}
            for name, kind in SET_KINDS.items():
                if kind == "side":
                    row[name] = draw(st.sampled_from(("", "left", "right")) if not odd else st.one_of(st.sampled_from(("", "left")), odd_value))
                else:
                    row[name] = draw(column_value(kind, odd))
            # Keys the table needs: position and set number (shared now and then: two exercises in one place).
            row["position"] = row["position"] if row["position"] is not None else draw(st.integers(0, 2))
            row["set_number"] = row["set_number"] if row["set_number"] is not None else index + 1
            row["slug"] = row["slug"] if row["slug"] is not None else draw(st.sampled_from(("banded-clamshell", "side-plank")))
            row["unit"] = row["unit"] if row["unit"] is not None else "reps"
            sets.append(row)
        sessions.append((head, sets))
    return {"sessions": sessions, "odd": odd}


def write_log(path: Path, log: dict[str, Any]) -> None:
    """The log's rows written straight into hipcli's tables, its checks switched off, as any old file may hold them."""
    Journal.open(path).close()  # hipcli's schema
    db = sqlite3.connect(path)
    db.execute("PRAGMA ignore_check_constraints = ON")
    for head, sets in log["sessions"]:
        cursor = db.execute(f"INSERT OR IGNORE INTO sessions ({', '.join(SESSION_COLUMNS)}) VALUES ({', '.join('?' * 10)})",
                            [head[name] for name in SESSION_COLUMNS])
        if cursor.rowcount == 0:
            continue
        for row in sets:
            db.execute(f"INSERT OR IGNORE INTO sets (session_id, {', '.join(SET_COLUMNS)}) VALUES (?, {', '.join('?' * 15)})",
                       [cursor.lastrowid, *[row[name] for name in SET_COLUMNS]])
    db.commit()
    db.close()


def both(path: Path, *, since: datetime.date | None = None, until: datetime.date | None = None,
         last: int | None = None, size: int = 500) -> tuple[str, str]:
    """(reference export, SQLite's export) of the log at ``path``, filtered as 'log history' filters."""
    with Journal.open(path) as log:
        sessions = log.sessions(since=since, until=until, limit=last)
        ids = [s.id for s in sessions] if last is not None else None
        dates = {"since": since, "until": until} if ids is None else {}
        expected = "".join(csv_chunks(log.export_rows(session_ids=ids, **dates), sessions, size=size))
        got = "".join(sql_chunks(log, sessions, session_ids=ids, size=size, **dates))
    return expected, got


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(log=logs(), since=st.one_of(st.none(), st.integers(0, 20)), until=st.one_of(st.none(), st.integers(0, 20)),
       last=st.one_of(st.none(), st.integers(1, 4)), size=st.sampled_from((1, 2, 3, 500)))
def test_sqlite_writes_the_reference_bytes_for_any_log(tmp_path: Path, log: dict[str, Any], since: int | None,
                                                       until: int | None, last: int | None, size: int) -> None:
    path = tmp_path / f"log-{os.urandom(4).hex()}.sqlite3"
    write_log(path, log)
    expected, got = both(path, since=None if since is None else TODAY - datetime.timedelta(days=since),
                         until=None if until is None else TODAY - datetime.timedelta(days=until), last=last, size=size)
    assert got == expected
    assert got.startswith(",".join(CSV_FIELDS) + "\n")


def tricky_but_quick() -> dict[str, Any]:
    """Sessions whose own text needs everything (quotes, formula marks, escapes) and placements that need quotes
    and marks: SQLite writes these lines itself."""
    words = ["=SUM(A1)", "+1", "-2", "@x", "\tTab", "\rCR", "'q", 'say "hi", then\nrest', "caf\u00e9 \u202e\x1b[2J", "", "\x00nul"]
    placements = ["Mini-band around both thighs, just above the knees", '=A1, "quoted"', "-below", "'kept", "line\nbreak",
                  "", None, "plain"]
    sessions = []
    for number in range(30):
        started = datetime.datetime.combine(TODAY - datetime.timedelta(days=1 + number % 9), datetime.time(6, number))
        head = {"uid": f"q{number},{words[number % len(words)]}", "started": started.isoformat(), "finished": None,
                "source_kind": "single", "source": words[(number + 3) % len(words)], "week": number % 3 or None,
                "title": words[number % len(words)], "notes": words[(number + 5) % len(words)],
                "planned_sets": number, "morning_pain": number % 11}
        sets = [{"position": index % 2, "slug": ("banded-clamshell", "side-plank")[index % 2], "set_number": index + 1,
                 "side": ("", "left", "right")[index % 3], "unit": "reps", "target_sets": 3, "target_low": 8,
                 "target_high": 12, "tempo": "2-1-2", "target_band": "light", "done": 10 + index, "band": "medium",
                 "placement": placements[(number + index) % len(placements)], "effort": index % 10, "pain": None}
                for index in range(number % 5)]
        sessions.append((head, sets))
    return {"sessions": sessions, "odd": False}


@pytest.mark.parametrize("looked_up", [16, 0])
def test_sqlite_writes_tricky_sessions_and_placements_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, looked_up: int) -> None:
    # Placements that need quotes looked up from Python's cells (a few), or quoted by SQLite (many).
    monkeypatch.setattr(logcsv, "_LOOKED_UP", looked_up)
    path = tmp_path / "log.sqlite3"
    write_log(path, tricky_but_quick())
    with Journal.open(path) as log:
        sessions = log.sessions()
        expected = "".join(csv_chunks(log.export_rows(), sessions, size=7))

        def refused(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("the reference writer was asked to write this log")

        monkeypatch.setattr(logcsv, "csv_chunks", refused)
        got = "".join(sql_chunks(log, sessions, size=7))
    assert got == expected
    cells = [cell for row in csv.reader(io.StringIO(got)) for cell in row]
    assert "'=A1, \"quoted\"" in cells and "'-below" in cells and "line\nbreak" in cells


@pytest.mark.parametrize(("column", "value"), [
    ("done", 12.5), ("target_low", 1e20), ("position", "two"), ("slug", b"side-plank"), ("placement", b"x"),
    ("tempo", "2-\x001"), ("placement", "a\x00b"), ("band", "20,5 kg"), ("band", "-"), ("unit", "reps\x1b"),
    ("tempo", '1"2'), ("slug", "other:\u202eevil"), ("effort", -1), ("target_sets", 2**62),
])
def test_a_value_sqlite_cannot_write_exactly_sends_the_log_to_the_reference_writer(tmp_path: Path, column: str, value: Any) -> None:
    log = tricky_but_quick()
    log["sessions"][4][1][2][column] = value
    path = tmp_path / "log.sqlite3"
    write_log(path, log)
    expected, got = both(path, size=3)
    assert got == expected


def test_text_that_is_not_utf8_fails_as_the_reference_does(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    write_log(path, tricky_but_quick())
    db = sqlite3.connect(path)
    db.execute("UPDATE sets SET tempo = CAST(X'ff2d31' AS TEXT) WHERE id = 3")
    db.commit()
    db.close()
    from hipcli.errors import JournalError

    outcomes = []
    with Journal.open(path) as log:
        for chunks in (lambda: csv_chunks(log.export_rows(), log.sessions()), lambda: sql_chunks(log, log.sessions())):
            try:
                outcomes.append("".join(chunks()))
            except JournalError as error:
                outcomes.append(f"error: {error.message}")
    assert outcomes[0] == outcomes[1]


def hipcli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HIPCLI_DATA": str(data), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "hipcli", *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_command_writes_the_reference_bytes_and_log_import_reads_them_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    log = tricky_but_quick()
    # The export shows control characters as escapes, so text holding them does not come back as it was.
    kept = str.maketrans("", "", "\x00\x1b\r\u202e")
    for head, sets in log["sessions"]:
        for name in ("uid", "title", "notes"):
            head[name] = (head[name] or "").translate(kept) or None
        head["source"] = None
        for row in sets:
            row["placement"] = row["placement"] or None  # an empty cell reads back as none
    write_log(data / "journal.sqlite3", log)
    week_ago = (TODAY - datetime.timedelta(days=7)).isoformat()
    for number, (filters, reference) in enumerate((([], {}), (["--since", week_ago], {"since": TODAY - datetime.timedelta(days=7)}),
                                                   (["-n", "4"], {"last": 4}))):
        out = tmp_path / f"export{number}.csv"
        result = hipcli("log", "history", "--format", "csv", "--out", str(out), *filters, data=data)
        assert result.returncode == 0, result.stderr
        expected, _got = both(data / "journal.sqlite3", **reference)
        assert out.read_bytes() == expected.encode("utf-8")
        printed = hipcli("log", "history", "--format", "csv", *filters, data=data)
        assert printed.returncode == 0 and printed.stdout == expected, printed.stderr
    # Into a fresh log: every session and set comes back as it was.
    fresh = tmp_path / "fresh"
    result = hipcli("log", "import", str(tmp_path / "export0.csv"), data=fresh)
    assert result.returncode == 0, result.stderr
    with Journal.open(data / "journal.sqlite3") as before, Journal.open(fresh / "journal.sqlite3") as after:
        assert list(after.export_rows()) == list(before.export_rows())
        assert [(s.uid, s.title, s.notes) for s in after.sessions()] == [(s.uid, s.title, s.notes) for s in before.sessions()]
