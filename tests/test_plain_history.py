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
