"""Scale benchmark: synthetic catalogues of 1,000 and 10,000 exercises, and a 52-week programme.

    python bench/scale.py              # 5 warm runs per case
    python bench/scale.py --runs 9

The synthetic catalogues are copies of the bundled one (slugs, names and
aliases numbered, variant links kept within each copy), written to a
temporary folder. Each is planned once cold (parsing and checking the TOML,
then writing the cache) and then several times warm (from the cache). The
10,000-card file is also read cold in this process, in parts, against
tomllib's parse of the same file alone: the whole cold read must take at
most 0.4 times as long.
Peak memory is measured in fresh processes: the peak resident set of a real
``hipcli`` doing the cold read of the 10,000-card file (empty cache folder),
and of a bare Python parsing the same file with tomllib, each divided by the
file's size on disk.
The targets are checked at the end; the exit status is 1 if one is missed.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parents[1]
HIPCLI = [shutil.which("hipcli") or "hipcli"] if shutil.which("hipcli") else [sys.executable, "-m", "hipcli"]
PLAN = ["plan", "--level", "beginner", "--goal", "running"]


def synthetic(count: int, folder: Path) -> Path:
    """A catalogue of ``count`` exercises made of numbered copies of the bundled cards."""
    data = tomllib.loads((ROOT / "data" / "exercises.toml").read_text(encoding="utf-8"))
    cards = data["exercises"]
    out = []
    for copy_number in range(-(-count // len(cards))):
        suffix = f"-{copy_number}" if copy_number else ""
        label = f" ({copy_number})" if copy_number else ""
        for card in cards:
            if len(out) == count:
                break
            new = copy.deepcopy(card)
            new["slug"] = card["slug"] + suffix
            new["name"] = card["name"] + label
            new["aliases"] = [alias + label for alias in card.get("aliases", [])]
            for key in ("easier", "harder"):
                if key in new:
                    new[key] = [slug + suffix for slug in new[key]]
            if "family" in new:
                new["family"] = card["family"] + suffix  # each copy is a ladder of its own
            out.append(new)
    # The last copy may stop part-way through a family's ladder, which validation refuses (a family is
    # one linked chain): a card of a family cut short stands alone, unlinked, in a family of its own.
    slugs = {card["slug"] for card in out}
    whole = {card.get("family") for card in out}
    for card in out:
        links = [slug for key in ("easier", "harder") for slug in card.get(key, [])]
        if any(slug not in slugs for slug in links):
            whole.discard(card.get("family"))
    for card in out:
        if card.get("family") not in whole:
            card["family"] = card["slug"]
            for key in ("easier", "harder"):
                card.pop(key, None)
    data["exercises"] = out
    path = folder / f"catalogue-{count}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def timed(args: list[str], env: dict[str, str], *, tty: bool = False) -> float:
    """Seconds for one run; with ``tty``, its output goes to a pseudo-terminal (tables drawn as for a person)."""
    if tty:
        import pty

        leader, follower = pty.openpty()
        start = time.perf_counter()
        process = subprocess.Popen([*HIPCLI, *args], stdout=follower, stderr=follower, env=env)
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
        if code != 0:
            raise SystemExit(f"bench: hipcli {' '.join(args)} failed on a terminal")
        return elapsed
    start = time.perf_counter()
    result = subprocess.run([*HIPCLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"bench: hipcli {' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed


# Run by a fresh, small Python: Linux starts a child's peak resident set at that of
# the process it was spawned from (the benchmark, holding catalogues by now), so the
# command is spawned from this launcher instead, and its own peak is reported.
_LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
errors = process.stderr.read()
_, status, usage = os.wait4(process.pid, 0)
process.returncode = os.waitstatus_to_exitcode(status)
if process.returncode:
    sys.exit(errors.decode(errors="replace").strip() or "failed")
# Linux counts ru_maxrss in KiB, macOS in bytes.
print(usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024)
"""


def peak_memory(args: list[str], env: dict[str, str]) -> int:
    """The peak resident set (bytes) of one fresh process running ``args``."""
    result = subprocess.run([sys.executable, "-c", _LAUNCHER, *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed: {result.stderr.strip()}")
    return int(result.stdout)


def cold_memory(path: Path, folder: Path, env: dict[str, str]) -> dict[str, int]:
    """Peak resident memory of a cold read of ``path`` by hipcli, then of a warm one, and of tomllib parsing it alone."""
    cold_env = {**env, "HIPCLI_CACHE_DIR": str(folder / "cold-memory")}
    parse = "import sys, tomllib, pathlib; tomllib.loads(pathlib.Path(sys.argv[1]).read_text(encoding='utf-8'))"
    show = [*HIPCLI, "show", "side-plank", "--catalogue", str(path)]
    return {
        "hipcli cold read": peak_memory(show, cold_env),
        "hipcli warm read (no limit)": peak_memory(show, cold_env),  # from the entry the cold read wrote
        "tomllib parse alone": peak_memory([sys.executable, "-c", parse, str(path)], env),
    }


def cold_read(path: Path, folder: Path, rounds: int) -> dict[str, float]:
    """The parts of a cold read of ``path`` in this process, against tomllib's parse alone.

    Medians of ``rounds`` alternating runs, each cold read with an empty cache
    folder, the garbage collector paused for both as hipcli pauses it.
    """
    import gc

    from hipcli import cache, catalogue

    text = path.read_text(encoding="utf-8")
    raw = path.read_bytes()
    catalogue.load_catalogue(path, use_cache=False)  # imports (pydantic and all) paid once, not measured
    parts: dict[str, list[float]] = {}

    def clock(name: str, step):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = step()
        parts.setdefault(name, []).append(time.perf_counter() - start)
        return result

    for round_number in range(rounds):
        os.environ["HIPCLI_CACHE_DIR"] = str(folder / f"cold-{round_number}")
        gc.disable()
        try:
            clock("tomllib parse alone", lambda: tomllib.loads(text))
            clock("whole cold read", lambda: catalogue.load_catalogue(path))
            os.environ["HIPCLI_CACHE_DIR"] = str(folder / f"parts-{round_number}")
            clock("  digest of the bytes", lambda: cache.blake2b(raw, digest_size=20).hexdigest())
            checked, _ = clock("  parse, validate, check (parts)", lambda: catalogue._read(path, raw))
            clock("  cache write", lambda: cache.write(path, raw, checked, sorted(catalogue.name_index(checked))))
        finally:
            gc.enable()
    return {name: statistics.median(times) for name, times in parts.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="hipcli-scale-"))
    # As on a fresh machine: no training log and no config file of the person running the benchmark.
    env = {**os.environ, "HIPCLI_CACHE_DIR": str(folder / "cache"), "HIPCLI_DATA": str(folder / "no-log"),
           "HIPCLI_CONFIG": str(folder / "no-config.toml")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure an installed hipcli, bytecode cached
    try:
        bundled_name = f"bundled ({len(tomllib.loads((ROOT / 'data' / 'exercises.toml').read_text(encoding='utf-8'))['exercises'])})"
        cases = {bundled_name: None, "1,000": synthetic(1000, folder), "10,000": synthetic(10000, folder)}
        results: dict[str, tuple[float, float]] = {}
        for name, path in cases.items():
            extra = ["--catalogue", str(path)] if path else []
            cold = timed(PLAN + extra, env)
            warm = statistics.median(timed(PLAN + extra, env) for _ in range(args.runs))
            results[name] = (cold, warm)
        programme = ["program", "--level", "advanced", "--goal", "sprint", "--weeks", "52", "--equipment",
                     "mini-band,long-band,step,box-or-bench,kettlebell,pull-up-bar,wall-or-chair"]
        exports = {}
        for ext in ("toml", "json", "md", "ics"):
            out = folder / f"year.{ext}"
            exports[ext] = statistics.median(
                timed(programme + ["--out", str(out), "--force"], env) for _ in range(max(3, args.runs // 2))
            )
        big = ["--catalogue", str(cases["10,000"])]
        load = statistics.median(timed(["show", "side-plank", *big], env) for _ in range(args.runs))
        listed = statistics.median(timed(["list", *big], env) for _ in range(args.runs))
        listed_tty = statistics.median(timed(["--no-pager", "list", *big], env, tty=True) for _ in range(args.runs))
        parts = cold_read(cases["10,000"], folder, max(3, args.runs // 2))
        size = cases["10,000"].stat().st_size
        memory = cold_memory(cases["10,000"], folder, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"plan --level beginner --goal running, {args.runs} warm runs each, {os.cpu_count()} CPUs")
    print(f"{'catalogue':14} {'cold':>9} {'warm (median)':>14}")
    for name, (cold, warm) in results.items():
        print(f"{name:14} {cold:8.2f}s {warm:13.3f}s")
    print()
    for ext, seconds in exports.items():
        print(f"52-week programme to .{ext:5} {seconds:.3f}s")
    print()
    print(f"10,000 cards, warm: load (show one card) {load:.2f}s, list piped {listed:.2f}s, list on a terminal {listed_tty:.2f}s")
    print()
    print("10,000-card catalogue, read cold in one process (median):")
    for name, seconds in parts.items():
        print(f"{name:32} {seconds:6.2f}s")
    print()
    print(f"10,000-card catalogue ({size / 2**20:.1f} MiB on disk), peak resident memory of a fresh process:")
    for name, used in memory.items():
        print(f"{name:32} {used / 2**20:6.0f} MiB  {used / size:5.2f}x the file")
    print()
    bundled = results[bundled_name][1]
    checks = [
        ("10,000 cold read / tomllib parse", parts["whole cold read"] / parts["tomllib parse alone"], 0.4, "x"),
        ("10,000 cold read peak / file size", memory["hipcli cold read"] / size, 5.0, "x"),
        ("1,000 warm / bundled warm", results["1,000"][1] / bundled, 2.0, "x"),
        ("10,000 warm", results["10,000"][1], 1.0, "s"),
        ("list of 10,000 piped / warm load", listed / load, 2.0, "x"),
        ("list of 10,000 on a terminal / warm load", listed_tty / load, 2.0, "x"),
        *[(f"52-week export to .{ext}", seconds, 1.0, "s") for ext, seconds in exports.items()],
    ]
    missed = 0
    for label, value, limit, unit in checks:
        ok = value <= limit
        missed += not ok
        print(f"{label:32} {value:6.2f}{unit}  limit {limit:.2f}{unit}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
