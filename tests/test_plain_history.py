"""'hipcli log history' drawn without rich reads exactly as rich draws it, and a piped history loads no rich."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys

from hipcli.cli import plain
from hipcli.cli.log import HISTORY_HEADERS, _history_table, _history_view
from tests.test_plain import rich_plain

WIDTHS = (12, 20, 31, 40, 45, 59, 60, 61, 72, 80, 100, 133, 200)
WORDS = ("Banded", "clamshell", "side-lying", "hip", "abduction", "L12", "R9", "reps", "(aim", "8–12)", "light",
         "medium,", "x" * 37, "supercalifragilistic-band-walk", "-", "10", "…", "×")


def rows(rng: random.Random, count: int) -> list[tuple[str, ...]]:
    made = []
    for number in range(count):
        first = number % 3 == 0
        made.append((
            str(rng.randint(1, 10 ** rng.randint(1, 6))) if first else "",
            f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 07:30" if first else "",
            " ".join(rng.choices(WORDS, k=rng.randint(1, 6))),
            " ".join(rng.choices(WORDS, k=rng.randint(1, 9))),
            ", ".join(rng.choices(WORDS, k=rng.randint(0, 3))) or "-",
            str(rng.randint(0, 10)) if rng.random() < 0.8 else "-",
            "" if rng.random() < 0.1 else str(rng.randint(0, 10)),
        ))
    return made


def test_history_tables_read_the_same_without_rich() -> None:
    rng = random.Random(22)
    compared = 0
    for count, width in itertools.product((0, 1, 2, 5, 30), WIDTHS):
        for _ in range(4):
            table = rows(rng, count)
            ours = plain.loose_table(_history_view(table, width), width, right=(0,))
            if ours is None:
                continue  # too narrow for a cell: rich draws it
            assert "".join(line + "\n" for line in ours) == rich_plain(_history_table(table, width), width), (width, table)
            compared += 1
    assert compared > 200


def test_text_rich_measures_differently_goes_to_rich() -> None:
    table = [("1", "2026-01-01 07:30", "\u6f22\u5b57 march", "8 reps", "-", "5", "1")]
    assert plain.loose_table(_history_view(table, 80), 80) is None
    assert len(HISTORY_HEADERS) == len(table[0])


def test_a_piped_history_loads_no_rich(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'hipcli log history' in a pipe prints its table, from a real log, without importing rich."""
    env = {**os.environ, "HIPCLI_DATA": str(tmp_path), "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    for done in ("8", "12"):
        subprocess.run([sys.executable, "-m", "hipcli", "log", "add", "banded-clamshell", "--done", done],
                       env=env, check=True, capture_output=True)
    script = (
        "import sys, json\n"
        "from hipcli.cli import main\n"
        "sys.argv = ['hipcli', 'log', 'history']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.startswith('rich'))))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].split() == list(HISTORY_HEADERS)
    assert len(lines) == 3 and "Banded clamshell" in result.stdout and "12" in lines[2]
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_progress_reads_the_same_without_rich(bundled, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The progress page of a real log of 10 weeks, laid out plain and by rich, at many widths."""
    import datetime

    from hipcli.cli.log_progress import _progress_parts, _progress_plain, _progress_view
    from hipcli.journal import Journal
    from hipcli.logbook import sets_from_plan
    from hipcli.plans import PlanRequest
    from hipcli.planner import build_plan
    from hipcli.trends import Person, calendar_weeks, progress

    plan = build_plan(bundled, PlanRequest(level="intermediate", goal="running", equipment=("mini-band", "wall-or-chair")))
    planned = sets_from_plan(plan.items(), bundled)
    rng = random.Random(5)
    today = datetime.date.today()
    sessions = []
    for back in range(1, 70, 3):
        when = datetime.datetime.combine(today - datetime.timedelta(days=back), datetime.time(7, 30))
        sets = [{**item.fields(), "done": rng.randint(0, 15), "effort": rng.randint(3, 8), "pain": rng.choice((0, 2, 6))}
                for item in planned]
        sessions.append(({"uid": f"p-{back}", "started": when, "finished": when, "source_kind": "plan", "title": "t",
                          "planned_sets": len(sets), "morning_pain": rng.choice((None, 1))}, sets))
    compared = 0
    with Journal.open(tmp_path / "journal.sqlite3") as log:
        log.import_sessions(sessions)
        for weeks in (1, 4, 12, 30):
            week_list = calendar_weeks(today, weeks)
            data = progress(bundled, log.sessions(since=week_list[0]), log.sets(since=week_list[0]),
                            Person("intermediate", ("mini-band",), ()), week_list, None)
            parts = _progress_parts(data, bundled)
            for width in WIDTHS:
                ours = _progress_plain(parts, width)
                if ours is None:
                    continue
                assert ours == rich_plain(_progress_view(parts), width), (weeks, width)
                compared += 1
    assert compared > 40


def test_history_on_a_terminal_reads_as_rich_draws_it_with_the_header_bold() -> None:
    import io
    import re

    from rich.console import Console

    def seen(text: str) -> list[str]:  # what a person sees: no escape codes, no trailing spaces
        return [re.sub(r"\x1b\[[0-9;]*m", "", line).rstrip() for line in text.splitlines()]

    rng = random.Random(7)
    for width in (40, 61, 80, 133):
        table = rows(rng, 25)
        ours = plain.loose_table(_history_view(table, width), width, right=(0,), bold_header=True)
        assert ours is not None
        console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="standard", highlight=False,
                          markup=False, emoji=False)
        console.print(_history_table(table, width))
        theirs = console.file.getvalue()  # type: ignore[attr-defined]
        assert seen("\n".join(ours)) == seen(theirs), width
        # The header's lines, and only those, are bold.
        header = [number for number, line in enumerate(theirs.splitlines()) if "\x1b[1m" in line]
        assert [number for number, line in enumerate(ours) if line.startswith(plain.BOLD)] == header


def test_a_long_history_on_a_real_terminal_is_quick_bold_and_escaped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two hundred sessions in a real pty: laid out without rich, the header bold, a hand-edited log's escape shown
    as text (the screen is not cleared)."""
    import datetime
    import sqlite3
    import time

    from hipcli.journal import Journal
    from tests.terminal import Terminal

    log_path = tmp_path / "journal.sqlite3"
    first = datetime.datetime.combine(datetime.date.today() - datetime.timedelta(days=400), datetime.time(7, 30))
    with Journal.open(log_path) as log:
        log.import_sessions([
            ({"uid": f"s{day}", "started": first + datetime.timedelta(days=day), "source_kind": "single", "title": "t"},
             [{"position": 0, "slug": "banded-clamshell", "set_number": 1, "side": None, "unit": "reps", "done": 10}])
            for day in range(200)
        ])
    db = sqlite3.connect(log_path)
    db.execute("UPDATE sets SET slug = 'other:evil\x1b[2Jname' WHERE id = (SELECT max(id) FROM sets)")
    db.commit()
    db.close()
    began = time.monotonic()
    terminal = Terminal("--no-pager", "log", "history", "-n", "200", env={"HIPCLI_DATA": str(tmp_path)}, columns=100, rows=40)
    assert terminal.finish() == 0
    assert time.monotonic() - began < 15
    raw = terminal.raw.decode()
    assert "\x1b[2J" not in raw and "evil\\x1b[2Jname" in raw
    assert raw.startswith("\x1b[1mno.  date") and raw.count("\x1b[1m") == 1  # the header bold, and nothing else
    assert raw.count("\n") == 201

