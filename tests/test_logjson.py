"""The JSON export written session by session (logjson.json_items in cli.shell.json_pieces) is byte for byte what
json.dumps writes for the whole document, for any log: generated logs in a real SQLite file, values written
straight into the tables as an old or hand-edited log could hold them; and through the real command, whose
memory stays flat over five years of sets."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcli.cli.shell import envelope, json_document, json_pieces
from hipcli.journal import Journal
from hipcli.logcsv import SESSION_FIELDS, SET_FIELDS, _head_row
from hipcli.logjson import json_items
from tests.budget import examples
from tests.test_logcsv import TODAY, logs, tricky_but_quick, write_log


def reference(rows: list[tuple[Any, ...]], sessions: list[Any]) -> str:
    """The whole document as json.dumps writes it: sessions grouped by uid, each with its sets, then the empty ones."""
    grouped: dict[str, dict[str, Any]] = {}
    width = len(SESSION_FIELDS)
    def shown(row: Any) -> tuple[Any, ...]:  # bytes (a hand-edited log's blob) as the CSV export writes them: b'...'
        return tuple(str(value) if isinstance(value, bytes) else value for value in row)

    for row in map(shown, rows):
        session = grouped.setdefault(row[0], {**dict(zip(SESSION_FIELDS, row[:width])), "sets": []})
        session["sets"].append(dict(zip(SET_FIELDS, row[width:])))
    for head in sessions:
        if head.uid not in grouped:
            grouped[head.uid] = {**dict(zip(SESSION_FIELDS, shown(_head_row(head)))), "sets": []}
    return json_document(envelope("log-history", list(grouped.values())))


def both(path: Path, *, since: datetime.date | None = None, until: datetime.date | None = None,
         last: int | None = None, batch: int = 50) -> tuple[str, str]:
    """(json.dumps of the whole document, the pieces joined) for the log at ``path``, filtered as 'log history' does."""
    with Journal.open(path) as log:
        sessions = log.sessions(since=since, until=until, limit=last)
        ids = [s.id for s in sessions] if last is not None else None
        dates = {"since": since, "until": until} if ids is None else {}
        expected = reference(list(log.export_rows(session_ids=ids, **dates)), sessions)
        got = "".join(json_pieces("log-history", json_items(log.export_rows(session_ids=ids, **dates), sessions, batch=batch)))
    return expected, got


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(log=logs(), since=st.one_of(st.none(), st.integers(0, 20)), until=st.one_of(st.none(), st.integers(0, 20)),
       last=st.one_of(st.none(), st.integers(1, 4)), batch=st.sampled_from((1, 2, 3, 50)))
def test_the_pieces_are_json_dumps_bytes_for_any_log(tmp_path: Path, log: dict[str, Any], since: int | None,
                                                     until: int | None, last: int | None, batch: int) -> None:
    path = tmp_path / f"log-{os.urandom(4).hex()}.sqlite3"
    write_log(path, log)
    expected, got = both(path, since=None if since is None else TODAY - datetime.timedelta(days=since),
                         until=None if until is None else TODAY - datetime.timedelta(days=until), last=last, batch=batch)
    assert got == expected


@pytest.mark.parametrize("batch", [1, 4, 50])
def test_tricky_text_and_numbers_come_out_as_json_dumps_writes_them(tmp_path: Path, batch: int) -> None:
    log = tricky_but_quick()
    # Numbers and text a hand-edited log may hold: reals (JSON's repr), a huge integer, every escape JSON and
    # json_text make (quotes, backslashes, C0, DEL, C1, bidi, line separators), and text beyond the BMP.
    log["sessions"][3][1][0].update(done=12.5, target_low=1e20, target_sets=2**62, tempo='a\\b"c\u2028\x7f\x85\u202e',
                                    band="\U0001f4aa", placement=b"\x00\xff")
    path = tmp_path / "log.sqlite3"
    write_log(path, log)
    expected, got = both(path, batch=batch)
    assert got == expected
    data = json.loads(got)["data"]
    assert len(data) == len(log["sessions"])
    assert any(s["done"] == 12.5 and s["target_sets"] == 2**62 for session in data for s in session["sets"])
    assert "\\u202e" in got and "\u202e" not in got  # bidi controls escaped, as every JSON hipcli writes
    assert any(s["placement"] == "b'\\x00\\xff'" for session in data for s in session["sets"])  # a blob, as the CSV shows it


def test_an_empty_log_and_sessions_without_sets(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    write_log(path, {"sessions": [], "odd": False})
    assert both(path)[1] == json_document(envelope("log-history", []))
    log = tricky_but_quick()
    for _head, sets in log["sessions"]:
        sets.clear()
    write_log(path := tmp_path / "empty-sessions.sqlite3", log)
    expected, got = both(path, batch=7)
    assert got == expected and all(session["sets"] == [] for session in json.loads(got)["data"])


@pytest.mark.slow
def test_five_years_export_as_json_in_flat_memory_through_the_command(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from journal import fill  # bench/journal.py's five years: 1,825 sessions, 51,100 sets

    (tmp_path / "log").mkdir()
    fill(tmp_path / "log")
    env = {**os.environ, "HIPCLI_DATA": str(tmp_path / "log"), "HIPCLI_CONFIG": str(tmp_path / "none.toml")}
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )

    def peak_kib(*options: str) -> int:
        command = [sys.executable, "-m", "hipcli", "log", "history", "--format", "json", *options]
        return int(subprocess.run([sys.executable, "-c", wrapper, *command], env=env, capture_output=True, text=True,
                                  check=True).stdout)

    year = (datetime.date.today() - datetime.timedelta(days=365)).isoformat()
    one_year = peak_kib("--since", year, "--out", str(tmp_path / "year.json"))
    five_years = peak_kib("--out", str(out := tmp_path / "all.json"))
    data = json.loads(out.read_text(encoding="utf-8"))["data"]
    assert len(data) == 1825 and sum(len(session["sets"]) for session in data) == 51_100
    # Flat: four more years of sets (18 MB more of JSON) add little to the peak. Built whole, one year peaked at
    # 67 MB and five at 247 MB; written in pieces, 23 MB and 24 MB.
    assert five_years - one_year < 8 * 1024, (one_year, five_years)
