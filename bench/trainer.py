"""The guided session's responsiveness, clock and frugality, measured.

    python bench/trainer.py                 # all three, a 120 s real clock run
    python bench/trainer.py --real 600      # the real clock run for the full ten minutes

1. Key to screen: ``hipcli train`` runs in a pseudo-terminal; a key ('+',
   one more second to record) is pressed 30 times and the time until the
   redrawn screen reaches the terminal is taken each time. Target: under 50 ms.
2. Drift over ten minutes:
   - accelerated: the state machine is driven through eleven minutes of
     countdowns (holds, get-ready counts, switches, rests) with every tick
     arriving 0-80 ms late at random, as on a very busy machine. Countdowns
     that follow one another must start exactly when the one before was due
     to end, so late ticks never add up; that drift is reported, and so is
     how much longer the whole session ran than its countdowns (the late
     wakes at the ends of holds, where the next stage waits for a key);
   - real: the loop ``hipcli train`` runs (the select-based ticker on a real
     pseudo-terminal, the real monotonic clock) for ``--real`` seconds of
     countdowns (default 120; ``--real 600`` for the full ten minutes), with
     each "how did it go?" answered the moment it shows; the drift is how
     much later the last countdown ended than the countdowns' total.
   Target: under 0.2 s.
3. CPU while waiting: ``hipcli train`` sits in a 30 s countdown, then
   paused; the process's CPU time (user + system, from /proc) is read before
   and after 10 s of each. Target: "near zero", taken here as under 1 % of
   one core.

The exit status is 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from hipcli.drills import Drill  # noqa: E402
from hipcli.trainer import Key, Tick, start, step  # noqa: E402


def session_files(folder: Path) -> tuple[Path, Path]:
    from tests.terminal import tiny_session

    return tiny_session(folder)


def spawn(folder: Path, *options: str):  # type: ignore[no-untyped-def]
    import pexpect

    plan, catalogue = session_files(folder)
    env = dict(os.environ, TERM="xterm-256color", HIPCLI_DATA=str(folder / "data"),
               HIPCLI_CACHE_DIR=str(folder / "cache"))
    child = pexpect.spawn(sys.executable, ["-m", "hipcli", "train", str(plan), "--catalogue", str(catalogue),
                                           *options], env=env, dimensions=(40, 100), timeout=30)
    child.delaybeforesend = None  # pexpect waits 50 ms before each send by default: not part of hipcli's time
    child.expect("GET SET")
    return child


def stop(child) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C, as a person would; say so if hipcli did not leave on it."""
    import pexpect

    child.sendcontrol("c")
    try:
        child.expect(pexpect.EOF, timeout=30)
    except pexpect.TIMEOUT:
        print("warning: hipcli train did not exit within 30 s of Ctrl-C; killed", file=sys.stderr)
        child.terminate(force=True)


def key_to_screen(folder: Path, rounds: int = 30) -> list[float]:
    """Seconds from a key press to the redrawn screen reaching the terminal.

    At the "how did it go?" question after a hold, '+' raises the seconds to
    record by one, so each press has a screen of its own to wait for (a
    redraw of the clock cannot be mistaken for it).
    """
    import re

    import pexpect

    child = spawn(folder, "--ready", "1")
    child.send("\r")  # start now
    child.expect("HOW DID IT GO")
    times = []
    for value in range(4, 4 + rounds):
        time.sleep(random.uniform(0.05, 0.2))
        try:
            child.read_nonblocking(1_000_000, timeout=0.01)
        except pexpect.TIMEOUT:
            pass
        before = time.perf_counter()
        child.send("+")
        child.expect(re.compile(rb"seconds held done: (?:\x1b\[[0-9;]*m)* %d " % value))
        times.append(time.perf_counter() - before)
    stop(child)
    return times


def countdown_drills() -> tuple[Drill, ...]:
    """Ten minutes and more of countdowns: side holds with get-ready counts, switches and rests."""
    hold = Drill(slug="side-hold", name="Side hold", unit="seconds", low=30, high=30, sets=8, per_side=True,
                 sides=("left", "right"), rest=10)
    return (hold,)


def accelerated(seed: int = 1) -> tuple[float, float, float]:
    """(countdown seconds simulated, drift across chained countdowns, session drift) with ticks 0-80 ms late.

    The person answers each "how did it go?" the moment it shows. The chained
    drift compares each countdown's start with the end its predecessor was
    scheduled for; the session drift is how much later the last countdown
    ended than the countdowns' total, which is the sum of the wake-up delays
    at the ends of holds (the person sees "stop" that much late).
    """
    rng = random.Random(seed)
    state = start(countdown_drills(), 0.0, ready_seconds=5)
    t = 0.0
    counted = 0.0
    chained = 0.0
    while not state.finished:
        if state.stage.kind == "record":
            state = step(state, Key("enter", state.now))
            continue
        t = (state.next_wake() or t) + rng.uniform(0.0, 0.08)
        before = state
        state = step(state, Tick(t))
        if state.index != before.index and before.ends is not None:
            counted += before.ends - before.stage_started
            if state.ends is not None and state.stage.kind != "record":
                chained = max(chained, abs(state.stage_started - before.ends))
            last = t
    return counted, chained, last - counted


def real(seconds: float) -> tuple[float, float, float]:
    """(countdown seconds run, session drift, worst late wake) on the real clock and a real pty."""
    from hipcli.ticker import Resize, Ticker

    sets = max(1, round(seconds / (2 * 30 + 2 * 5 + 10)))
    drill = Drill(slug="side-hold", name="Side hold", unit="seconds", low=30, high=30, sets=sets, per_side=True,
                  sides=("left", "right"), rest=10)
    controller, terminal = os.openpty()
    state = start((drill,), time.monotonic(), ready_seconds=5)
    begun = state.started
    counted = 0.0
    late = 0.0
    with Ticker(terminal) as ticker:
        while not state.finished:
            if state.stage.kind == "record":
                state = step(state, Key("enter", state.now))  # answered the moment it shows
                continue
            for event in ticker.wait(state.next_wake()):
                if isinstance(event, Resize):
                    continue
                before = state
                state = step(state, event)
                if state.index != before.index and before.ends is not None:
                    counted += before.ends - before.stage_started
                    late = max(late, event.now - before.ends)
                    seen = event.now
    os.close(controller)
    os.close(terminal)
    return counted, seen - (begun + counted), late


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def waiting_cpu(folder: Path, seconds: float = 10.0) -> tuple[float, float]:
    """CPU share of one core over ``seconds`` of a running countdown, then of a pause."""
    import pexpect

    child = spawn(folder)
    shares = []
    for key in ("", "p"):
        if key:
            child.send(key)
            child.expect("paused")
        before, wall = cpu_seconds(child.pid), time.monotonic()
        end = wall + seconds
        while time.monotonic() < end:  # keep reading, as a terminal does, so redraws never block
            try:
                child.read_nonblocking(1_000_000, timeout=0.5)
            except pexpect.TIMEOUT:
                pass
        shares.append((cpu_seconds(child.pid) - before) / (time.monotonic() - wall))
    stop(child)
    return shares[0], shares[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=float, default=120.0, help="seconds of countdowns on the real clock")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        times = key_to_screen(Path(scratch))
        median, worst = statistics.median(times) * 1000, max(times) * 1000
        ok &= worst < 50
        print(f"key to screen: median {median:.1f} ms, worst {worst:.1f} ms of {len(times)} presses (target < 50 ms)")

    simulated, chained, session = accelerated()
    ok &= chained < 0.2
    print(f"drift, accelerated: {chained * 1000:.3f} ms across chained countdowns over {simulated / 60:.1f} min, "
          f"ticks 0-80 ms late (target < 200 ms); the session as a whole ran {session * 1000:+.0f} ms long, "
          "the sum of the late wakes at the ends of holds")
    run, drift, late = real(args.real)
    ok &= abs(drift) < 0.2
    print(f"drift, real clock: {drift * 1000:+.1f} ms over the session after {run / 60:.1f} min of countdowns; "
          f"latest wake {late * 1000:.1f} ms after its deadline (target < 200 ms)")

    with tempfile.TemporaryDirectory() as scratch:
        counting, paused = waiting_cpu(Path(scratch))
    ok &= counting < 0.01 and paused < 0.01
    print(f"CPU while waiting: {counting * 100:.2f} % of a core in a countdown, {paused * 100:.2f} % paused "
          "(target < 1 %)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
