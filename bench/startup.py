"""Start-up benchmark: whole processes, medians and ratios in one run.

    python bench/startup.py            # 25 rounds, output piped (as in scripts)
    python bench/startup.py --tty      # output to a pseudo-terminal (as typed)
    python bench/startup.py --rounds 50

Every round runs each command once, in a shuffled order, so a slow moment on
the machine hits every command alike; the medians are then compared with the
floors: a bare interpreter, `import typer`, and `import typer, rich.table,
pydantic`. The catalogue cache and Python's bytecode cache are warmed
first, as they are after the first run; hipcli runs as on a fresh machine,
with no training log and no config file.
The targets are checked at the end; the exit status is 1 if one is missed.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PYTHON = sys.executable
HIPCLI = [PYTHON, "-m", "hipcli"] if not shutil.which("hipcli") else [shutil.which("hipcli") or "hipcli"]


def completion(words: str) -> tuple[list[str], dict[str, str]]:
    """What a bash Tab press runs: hipcli with the completion variables set."""
    return list(HIPCLI), {
        "_HIPCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }


COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "python -c pass": ([PYTHON, "-c", "pass"], {}),
    "import typer": ([PYTHON, "-c", "import typer"], {}),
    "import typer, rich.table, pydantic": ([PYTHON, "-c", "import typer, rich.table, pydantic"], {}),
    "bare typer+rich app printing a table": ([PYTHON, os.path.join(os.path.dirname(__file__), "baseline.py"), "table"], {}),
    "hipcli --version": ([*HIPCLI, "--version"], {}),
    "hipcli --help": ([*HIPCLI, "--help"], {}),
    "hipcli show banded-psoas-march": ([*HIPCLI, "show", "banded-psoas-march"], {}),
    "hipcli plan --level beginner --goal running": ([*HIPCLI, "plan", "--level", "beginner", "--goal", "running"], {}),
    # NO_COLOR asks for plain text on a terminal too: no rich, as in a pipe (the same command piped).
    "hipcli plan ... with NO_COLOR": (
        [*HIPCLI, "plan", "--level", "beginner", "--goal", "running"],
        {"NO_COLOR": "1"},
    ),
    "hipcli program ... --weeks 6": (
        [*HIPCLI, "program", "--level", "beginner", "--goal", "running", "--weeks", "6"],
        {},
    ),
    "completion: hipcli show banded-": completion("hipcli show banded-"),
}

# (command, floor, most allowed ratio)
TARGETS: list[tuple[str, str, float | str]] = [
    ("hipcli --version", "import typer", 1.3),
    ("hipcli --help", "import typer", 2.0),
    ("hipcli show banded-psoas-march", "import typer, rich.table, pydantic", 1.3),
    ("hipcli plan --level beginner --goal running", "import typer, rich.table, pydantic", 1.3),
    # Issue 22: in a pipe plan prints plain text without rich, so it should beat the bare app; on a terminal, nearly match it.
    ("hipcli plan --level beginner --goal running", "bare typer+rich app printing a table", "0.95 piped, 1.1 on a terminal"),
    ("hipcli plan ... with NO_COLOR", "bare typer+rich app printing a table", 0.95),
    ("completion: hipcli show banded-", "import typer", 1.5),
]


def run(argv: list[str], extra: dict[str, str], env: dict[str, str], tty: bool) -> float:
    environment = {**env, **extra}
    if tty:
        # A pseudo-terminal, so hipcli prints rich tables and help as it does for a person.
        leader, follower = pty.openpty()
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=follower, stderr=follower, env=environment)
        os.close(follower)
        while True:
            try:
                if not os.read(leader, 65536):
                    break
            except OSError:
                break
        code = process.wait()
        elapsed = time.perf_counter() - start
        os.close(leader)
    else:
        start = time.perf_counter()
        code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment).returncode
        elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"bench: {' '.join(argv)} exited {code}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--tty", action="store_true", help="print to a pseudo-terminal instead of a pipe")
    args = parser.parse_args()

    cache = tempfile.mkdtemp(prefix="hipcli-bench-")
    # As on a fresh machine: no training log and no config file of the person running the benchmark
    # (a log makes plan read and adapt to it; bench/journal.py measures that).
    env = {**os.environ, "HIPCLI_CACHE_DIR": cache, "COLUMNS": "100",
           "HIPCLI_DATA": os.path.join(cache, "no-log"), "HIPCLI_CONFIG": os.path.join(cache, "no-config.toml")}
    env.pop("NO_COLOR", None)
    # Measure what an installed hipcli does: with its bytecode cached (pip
    # compiles a wheel's modules; an editable install writes __pycache__ on
    # first use), not recompiling every module on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for argv, extra in COMMANDS.values():  # warm the cache and the file system
        run(argv, extra, env, args.tty)

    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    order = list(COMMANDS)
    rng = random.Random(0)
    for _ in range(args.rounds):
        rng.shuffle(order)
        for name in order:
            argv, extra = COMMANDS[name]
            times[name].append(run(argv, extra, env, args.tty))
    shutil.rmtree(cache, ignore_errors=True)

    medians = {name: statistics.median(values) for name, values in times.items()}
    mode = "pseudo-terminal" if args.tty else "pipe"
    print(f"{args.rounds} rounds, output to a {mode}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'command':48} {'median':>9} {'vs pass':>8}")
    for name, median in medians.items():
        print(f"{name:48} {median * 1000:7.1f} ms {median / medians['python -c pass']:7.2f}x")
    print()
    print(f"{'target':64} {'ratio':>6} {'limit':>6}")
    missed = 0
    for name, floor, limit in TARGETS:
        if isinstance(limit, str):
            limit = 1.1 if args.tty else 0.95
        ratio = medians[name] / medians[floor]
        ok = ratio <= limit
        missed += not ok
        print(f"{name + ' / ' + floor:64} {ratio:6.2f} {limit:6.2f}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
