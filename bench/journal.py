"""Training-log benchmark: five years of daily sessions, then whole hipcli processes, compared as ratios in one run.

    python bench/journal.py              # 15 rounds
    python bench/journal.py --rounds 30

It writes a log of about 50,000 sets (a strength plan logged every day for
five years, with some differences, effort, pain and next-morning pain) into
a temporary HIPCLI_DATA, then times, round by round in a shuffled order:

- the baseline: `hipcli plan --level intermediate --goal running` with no log;
- history: the latest sessions, and one exercise over a year;
- progress: the charts over 12 weeks;
- planning from that log: `hipcli plan` (the log decides the rungs) and `hipcli program`;
- the whole five years exported to CSV, to a file: its time (target: under 2x plan
  start-up, issue 22) and the process's peak memory beside plan's (target: flat,
  so not growing with the log: under 1.5x plan's);
- the same as JSON: its time (no target) and its peak memory (flat, as the CSV's).

Each median is divided by the baseline's; the target is under 1.3 for every
query and for planning from the log. The exit status is 1 if one is missed.
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

PYTHON = sys.executable
HIPCLI = [shutil.which("hipcli") or "hipcli"] if shutil.which("hipcli") else [PYTHON, "-m", "hipcli"]
YEARS = 5
TARGET = 1.3


def fill(folder: Path) -> tuple[int, int, float]:
    """Five years of daily sessions from a real plan; returns (sessions, sets, seconds taken)."""
    from hipcli.catalogue import load_catalogue
    from hipcli.journal import Journal
    from hipcli.logbook import sets_from_plan
    from hipcli.plans import PlanRequest
    from hipcli.planner import build_plan

    catalogue = load_catalogue()
    plan = build_plan(catalogue, PlanRequest(level="intermediate", goal="running", equipment=("mini-band", "wall-or-chair")))
    planned = sets_from_plan(plan.items(), catalogue)
    rng = random.Random(11)
    today = datetime.date.today()
    first = today - datetime.timedelta(days=365 * YEARS)
    rows = []
    day = first
    while day < today:
        sets = []
        for item in planned:
            fields = item.fields()
            fields["done"] = max(0, (item.done or 0) + rng.choice((-2, -1, 0, 0, 0, 1, 2, 3)))
            fields["effort"] = rng.randint(3, 8)
            fields["pain"] = rng.choice((0, 0, 0, 1, 2, 3, 4))
            sets.append(fields)
        when = datetime.datetime.combine(day, datetime.time(7, 30))
        rows.append(({"uid": f"bench-{day.isoformat()}", "started": when, "finished": when, "source_kind": "plan",
                      "title": "bench", "planned_sets": len(sets), "morning_pain": rng.choice((None, 0, 1, 2))}, sets))
        day += datetime.timedelta(days=1)
    start = time.perf_counter()
    with Journal.open(folder / "journal.sqlite3") as log:
        log.import_sessions(rows)
        sessions, sets, _ = log.counts()
    return sessions, sets, time.perf_counter() - start


def run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.decode().strip()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        (root / "empty").mkdir()
        (root / "log").mkdir()
        sessions, sets, seconds = fill(root / "log")
        print(f"log: {sessions} sessions, {sets} sets over {YEARS} years, written in {seconds:.2f} s "
              f"({os.path.getsize(root / 'log' / 'journal.sqlite3') / 1e6:.1f} MB)")
        base = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "HIPCLI_CACHE_DIR": str(root / "cache")}
        base.pop("PYTHONDONTWRITEBYTECODE", None)  # measure an installed hipcli, bytecode cached
        no_log = {**base, "HIPCLI_DATA": str(root / "empty")}
        with_log = {**base, "HIPCLI_DATA": str(root / "log")}
        year_ago = (datetime.date.today() - datetime.timedelta(days=365)).isoformat()
        plan = ["plan", "--level", "intermediate", "--goal", "running"]
        commands = {
            "baseline: hipcli plan (no log)": ([*HIPCLI, *plan], no_log),
            "hipcli log history": ([*HIPCLI, "log", "history"], with_log),
            "hipcli log history -e banded-clamshell --since 1y": (
                [*HIPCLI, "log", "history", "-e", "banded-clamshell", "--since", year_ago, "-n", "20"], with_log),
            "hipcli log history --format csv (1y)": (
                [*HIPCLI, "log", "history", "--since", year_ago, "--format", "csv"], with_log),
            "hipcli log progress": ([*HIPCLI, "log", "progress"], with_log),
            "hipcli plan (from the log)": ([*HIPCLI, *plan], with_log),
            "hipcli log history --format csv --out (5y)": (
                [*HIPCLI, "log", "history", "--format", "csv", "--force", "--out", str(root / "all.csv")], with_log),
            "hipcli log history --format json --out (5y)": (
                [*HIPCLI, "log", "history", "--format", "json", "--force", "--out", str(root / "all.json")], with_log),
            "hipcli program --weeks 6 (no log)": ([*HIPCLI, "program", "--level", "intermediate", "--goal", "running", "--weeks", "6"], no_log),
            "hipcli program --weeks 6 (from the log)": (
                [*HIPCLI, "program", "--level", "intermediate", "--goal", "running", "--weeks", "6"], with_log),
        }
        for argv, env in commands.values():  # warm the catalogue and bytecode caches
            run(argv, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for _ in range(args.rounds):
            random.shuffle(names)
            for name in names:
                argv, env = commands[name]
                times[name].append(run(argv, env))
        memory = {
            name: peak_memory(*commands[name])
            for name in ("baseline: hipcli plan (no log)", "hipcli log history --format csv --out (5y)",
                         "hipcli log history --format json --out (5y)")
        }
    medians = {name: statistics.median(values) for name, values in times.items()}
    failed = False
    print(f"{'command':52} {'median':>9} {'ratio':>7}")
    for name, median in medians.items():
        # A programme from the log is compared with a programme without one; everything else with plan, no log.
        reference_name = "hipcli program --weeks 6 (no log)" if name.startswith("hipcli program") else "baseline: hipcli plan (no log)"
        ratio = median / medians[reference_name]
        mark = ""
        if "(5y)" in name:
            mark = "(a whole export: below)"
        elif "(no log)" not in name:
            ok = ratio < TARGET
            failed |= not ok
            mark = ("ok" if ok else f"over {TARGET}") + (" (vs program, no log)" if name.startswith("hipcli program") else "")
        print(f"{name:52} {median * 1000:7.0f} ms {ratio:6.2f}x {mark}")
    print()
    plan_peak, export_peak, json_peak = memory.values()
    print(f"peak memory: plan {plan_peak / 1024:.0f} MiB, five-year CSV export {export_peak / 1024:.0f} MiB, "
          f"JSON export {json_peak / 1024:.0f} MiB")
    export_ratio = medians["hipcli log history --format csv --out (5y)"] / medians["baseline: hipcli plan (no log)"]
    # The CSV export's time target is issue 22's; the JSON export (about three times the text) has none, but
    # both must stay flat in memory, not grow with the years of log.
    for label, value, limit in (("five-year CSV export / plan, time", export_ratio, 2.0),
                                ("five-year CSV export / plan, peak memory", export_peak / plan_peak, 1.5),
                                ("five-year JSON export / plan, peak memory", json_peak / plan_peak, 1.5)):
        ok = value <= limit
        failed |= not ok
        print(f"{label:52} {value:6.2f}x  limit {limit:.2f}x  {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


def peak_memory(argv: list[str], env: dict[str, str]) -> int:
    """The largest resident size, in KiB, of one run of ``argv`` (measured in a fresh wrapper process)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run([PYTHON, "-c", wrapper, *argv], env=env, capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


if __name__ == "__main__":
    sys.exit(main())
