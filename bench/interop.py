"""Importing a year of Strong history: the target is under 3 seconds for about 15,000 sets.

    python bench/interop.py              # 5 rounds
    python bench/interop.py --rounds 10 --keep strong-year.csv

It writes a Strong export (the 2024 comma layout, with warm-up and rest-timer
rows as the app writes them) of a year of training: four sessions a week of
about 72 sets each, hip cards by their Strong names mixed with barbell lifts no
card matches. Each round imports it into a fresh log (parse, match names,
write in one transaction) and, when the command line can, runs the whole
`hipcli log import` process too. The median of each is printed; the exit
status is 1 if the import misses the target.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 3.0
NAMES = ["Glute Bridge", "Clamshell", "Side Plank", "Lateral Band Walk", "Dead Bug", "Bulgarian Split Squat",
         "Copenhagen Plank", "Fire Hydrant", "Squat (Barbell)", "Hip Thrust (Barbell)", "Deadlift (Barbell)",
         "Bench Press (Barbell)"]


def write_year(path: Path, seed: int = 7) -> int:
    """A year of Strong history; returns how many working sets it holds."""
    rng = random.Random(seed)
    day = datetime.datetime(2025, 1, 6, 18, 0)
    lines = ["Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"]
    working = 0
    for week in range(52):
        for offset in (0, 1, 3, 5):
            start = (day + datetime.timedelta(weeks=week, days=offset)).strftime("%Y-%m-%d %H:%M:%S")
            title = rng.choice(["Lower A", "Lower B", "Hips", "Core and hips"])
            for name in rng.sample(NAMES, 9):
                stamp = f"{start},{title},1h 10m,{name}"
                lines.append(f"{stamp},W,20,10,0,0,,,")
                for number in range(1, 9):
                    seconds = rng.randint(20, 60) if "Plank" in name else 0
                    reps = 0 if seconds else rng.randint(6, 15)
                    rpe = rng.choice(["", "7", "8", "8.5", "9"])
                    lines.append(f"{stamp},{number},{rng.choice([0, 20, 60, 100])},{reps},0,{seconds},,,{rpe}")
                    lines.append(f"{stamp},Rest Timer,0,0,0,90,,,")
                    working += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return working


def import_once(file: Path, folder: Path) -> tuple[float, int]:
    from hipcli.catalogue import load_catalogue
    from hipcli.importers import foreign
    from hipcli.journal import Journal

    catalogue = load_catalogue()
    begin = time.perf_counter()
    _kind, sessions, report = foreign.read_file(file, catalogue=catalogue)
    with Journal.open(folder / "log.db") as log:
        foreign.save(log, sessions, report)
    return time.perf_counter() - begin, report.added_sets


def command_once(file: Path, folder: Path) -> float | None:
    hipcli = [shutil.which("hipcli")] if shutil.which("hipcli") else [sys.executable, "-m", "hipcli"]
    env = {**os.environ, "HIPCLI_DATA": str(folder)}
    begin = time.perf_counter()
    result = subprocess.run([*hipcli, "log", "import", str(file)], capture_output=True, text=True, env=env)
    took = time.perf_counter() - begin
    return took if result.returncode == 0 and "Strong" in result.stdout else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="also save the generated Strong file here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        file = folder / "strong-year.csv"
        working = write_year(file)
        if args.keep:
            shutil.copy(file, args.keep)
        size = file.stat().st_size / 1e6
        core, whole = [], []
        for round_ in range(args.rounds):
            data = folder / f"core-{round_}"
            data.mkdir()
            took, added = import_once(file, data)
            assert added == working, (added, working)
            core.append(took)
            data = folder / f"cli-{round_}"
            data.mkdir()
            seconds = command_once(file, data)
            if seconds is not None:
                whole.append(seconds)
    print(f"Strong file: {working} working sets, {size:.1f} MB")
    print(f"import (parse, match, write one transaction): median {statistics.median(core):.2f} s over {len(core)} rounds")
    if whole:
        print(f"whole 'hipcli log import' process: median {statistics.median(whole):.2f} s over {len(whole)} rounds")
    else:
        print("whole 'hipcli log import' process: not timed (this hipcli's log import does not read Strong files)")
    worst = max(statistics.median(core), statistics.median(whole) if whole else 0)
    print(f"target: under {TARGET:.0f} s -> {'met' if worst < TARGET else 'MISSED'}")
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
