"""A long CSV export streams from the log's cursor: a reader that stops early ends it quietly (real pipes)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest

from hipcli.journal import Journal


@pytest.fixture
def long_log(tmp_path):  # type: ignore[no-untyped-def]
    """Two years of daily sessions, six sets each: more rows than one piece of the CSV export, or a pipe's buffer."""
    today = datetime.date.today()
    sessions = []
    for back in range(1, 731):
        when = datetime.datetime.combine(today - datetime.timedelta(days=back), datetime.time(7, 0))
        sets = [{"slug": "banded-clamshell", "position": 0, "set_number": number, "side": side, "unit": "reps",
                 "done": 10 + number, "effort": 5, "pain": 1} for number in (1, 2, 3) for side in ("left", "right")]
        sessions.append(({"uid": f"s-{back}", "started": when, "finished": when, "source_kind": "single",
                          "title": "=not a formula" if back % 97 == 0 else "daily"}, sets))
    with Journal.open(tmp_path / "journal.sqlite3") as log:
        log.import_sessions(sessions)
    return {**os.environ, "HIPCLI_DATA": str(tmp_path), "NO_COLOR": "1"}


@pytest.mark.parametrize("output", ["csv", "json"])
def test_a_reader_that_stops_early_ends_the_export_quietly(long_log, output: str) -> None:  # type: ignore[no-untyped-def]
    command = f"{sys.executable} -m hipcli log history --format {output} | head -c 100 > /dev/null; echo status=${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], env=long_log, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() in ("status=0", "status=141"), result
    assert result.stderr == "", result.stderr


def test_the_whole_export_reads_back_every_set(long_log, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    out = tmp_path / "all.csv"
    subprocess.run([sys.executable, "-m", "hipcli", "log", "history", "--format", "csv", "--out", str(out)],
                   env=long_log, check=True, capture_output=True, timeout=120)
    rows = list(csv.DictReader(out.open(newline="")))
    assert len(rows) == 730 * 6
    assert [row["started"] for row in rows] == sorted(row["started"] for row in rows)
    assert {row["title"] for row in rows} == {"daily", "'=not a formula"}
