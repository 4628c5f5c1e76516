"""hipcli train as a person on the floor lives it, in a real pseudo-terminal: pain warnings that stay on the
exercise and side that hurt, hands-free holds, resuming, the recap, and the clock.

The session clock runs fast (HIPCLI_CLOCK_SPEED) so whole sessions take seconds; one test keeps real time.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal: pip install -e '.[test]'")
pytest.importorskip("pyte", reason="pyte reads the screen: pip install -e '.[test]'")

from .terminal import Terminal, tiny_session  # noqa: E402

FAST = "8"  # the session clock runs eight times faster than the wall clock


@pytest.fixture
def session(tmp_path: Path) -> tuple[Path, Path, Path]:
    plan, catalogue = tiny_session(tmp_path)
    return plan, catalogue, tmp_path / "data"


def train(session: tuple[Path, Path, Path], *options: str, speed: str = FAST, setup: str | None = "120", **kwargs: object) -> Terminal:
    """The trainer in a real pty. A long set-up count (15 s at the fast clock) keeps each "GET SET"
    screen on view however loaded the machine is; tests press Enter to start early, as a person would."""
    plan, catalogue, data = session
    env = {"HIPCLI_DATA": str(data), "HIPCLI_CLOCK_SPEED": speed}
    if setup is not None and "--setup" not in options:
        options = ("--setup", setup, *options)
    return Terminal("train", str(plan), "--catalogue", str(catalogue), "--ready", "1", *options, env=env, **kwargs)  # type: ignore[arg-type]


def rows(session: tuple[Path, Path, Path]) -> list[tuple]:  # type: ignore[type-arg]
    db = sqlite3.connect(session[2] / "journal.sqlite3")
    try:
        return db.execute(
            "SELECT sets.session_id, sets.slug, sets.set_number, sets.side, sets.done, sets.pain, sessions.notes "
            "FROM sets JOIN sessions ON sessions.id = sets.session_id ORDER BY sets.id"
        ).fetchall()
    finally:
        db.close()


def test_pain_above_the_limit_on_the_left_side_holds_the_right_side_until_answered(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session)
    term.wait_for("GET SET", "Side hold")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "left side")  # the hold ran out by itself
    term.press("tab", "tab", "6", "enter")
    screen = term.wait_for("Pain 6/10 on the left side is above the 5/10 Side hold allows (CS3)")
    assert "n stop this exercise" in screen and "Side hold" in screen.split("\n")[0]
    time.sleep(1.5)  # 12 s on the session clock: longer than the switch count and the right-side hold
    term.pump(0.2)
    assert "right side" not in term.text.split("next")[0] and "Pain 6/10" in term.text
    term.press("n")  # stop the exercise that hurt
    term.wait_for("GET SET", "Band march", "exercise 2 of 2")
    term.press("q", "y")
    assert term.finish() == 0
    assert [(r[1], r[3], r[5]) for r in rows(session)] == [("side-hold", "left", 6)]


def test_pain_on_an_exercises_last_set_warns_there_and_n_does_not_skip_the_next_exercise(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session)
    term.wait_for("GET SET", "Side hold")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "left side")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "right side")  # the last set of the side hold
    term.press("tab", "tab", "7", "enter")
    screen = term.wait_for("Pain 7/10 on the right side")
    assert "Side hold" in screen and "exercise 1 of 2" in screen and "GET SET" not in screen
    term.press("n")
    term.wait_for("GET SET", "Band march", "exercise 2 of 2")  # the pain-free exercise is still there to do
    term.press("enter")
    term.wait_for("Enter done ", "set 1 of 2")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 1 of 2")
    term.press("enter")
    term.wait_for("Enter done ", "set 2 of 2")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 2 of 2")
    term.press("enter")
    assert term.finish() == 0
    assert [(r[1], r[2], r[3], r[5]) for r in rows(session)] == [
        ("side-hold", 1, "left", None), ("side-hold", 1, "right", 7), ("band-march", 1, "", None),
        ("band-march", 2, "", None),
    ]


def test_the_record_form_says_seconds_held_and_the_limit_of_the_card(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session)
    term.wait_for("GET SET")
    term.press("enter")
    screen = term.wait_for("HOW DID IT GO?", "left side")
    assert "seconds held:" in screen and "seconds held done" not in screen
    assert "5 at most (CS3)" in " ".join(screen.split())
    term.press("q", "y")
    term.finish()


def test_the_session_clock_can_run_fast_and_real_time_still_works(session) -> None:  # type: ignore[no-untyped-def]
    """The 30-second change-over counts itself out in about four seconds at speed 8, and in real time stays at 30."""
    fast = train(session, setup=None)
    fast.wait_for("GET SET")
    began = time.monotonic()
    fast.wait_for("HOLD", "left side", timeout=15)
    assert 2.0 < time.monotonic() - began < 8.0
    fast.press("q", "y")
    fast.finish()
    real = train(session, speed="1", setup=None)
    real.wait_for("GET SET")
    time.sleep(2.2)
    real.pump(0.2)
    assert "GET SET" in real.text and "elapsed 0:02 " in real.text  # still counting down the 30 s, at wall-clock pace
    real.press("q", "y")
    assert real.finish() == 0


def test_hands_free_holds_run_through_both_sides_and_the_keyboard_corrects_afterwards(session) -> None:  # type: ignore[no-untyped-def]
    # A long set-up count keeps the "GET SET" screens on view however loaded the machine is;
    # Enter starts the first exercise early, as a person would.
    term = train(session, "--hands-free", "--setup", "120")
    screen = term.wait_for("GET SET", "Side hold")
    assert "get into position" in screen
    term.press("enter")
    term.wait_for("HOLD", "left side")
    assert "records itself at 0" in " ".join(term.wait_for("HOLD", "left side").split())
    term.wait_for("SWITCH SIDES")  # the left hold recorded itself; nobody pressed a key
    term.wait_for("HOLD", "right side")
    term.wait_for("GET SET", "Band march")  # the right side recorded itself too
    term.press("c")  # the right side was really only 2 seconds
    term.wait_for("CORRECT A RECORDED SET", "Side hold, set 1, right side")
    term.press("backspace", "2", "enter")
    term.wait_for("GET SET", "Band march")
    term.press("q", "y")
    assert term.finish() == 0
    assert [(r[1], r[3], r[4]) for r in rows(session)] == [("side-hold", "left", 3), ("side-hold", "right", 2)]


def test_a_quit_session_resumes_where_it_stopped_and_keeps_what_was_recorded(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session, "--setup", "120")  # long enough that no screen this test waits for runs out
    term.wait_for("GET SET", "Side hold")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "left side")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "right side")
    term.press("enter")
    term.wait_for("GET SET", "Band march")
    term.press("q", "y")
    assert term.finish() == 0
    assert "Stopped: 2 of 4 sets recorded" in term.raw.decode()
    again = train(session, "--setup", "120")
    again.wait_for("stopped at 2 of 4 sets. Resume it? [Y/n]")
    again.press("y", "enter")
    again.wait_for("GET SET", "Band march", "exercise 2 of 2")  # not exercise 1 again
    again.press("enter")
    again.wait_for("Enter done ", "set 1 of 2")
    again.press("enter")
    again.wait_for("HOW DID IT GO?", "set 1 of 2")
    again.press("enter")
    again.wait_for("Enter done ", "set 2 of 2")
    again.press("enter")
    again.wait_for("HOW DID IT GO?", "set 2 of 2")
    again.press("enter")
    assert again.finish() == 0
    text = again.raw.decode()
    assert "Session complete: 4 of 4 sets recorded" in text  # the sets from before the break count too
    logged = rows(session)
    assert len({r[0] for r in logged}) == 1  # one session, carried on
    assert [(r[1], r[2], r[3]) for r in logged] == [
        ("side-hold", 1, "left"), ("side-hold", 1, "right"), ("band-march", 1, ""), ("band-march", 2, "")
    ]
    assert logged[-1][6] is None  # finished now, no longer "stopped early"
    fresh = train(session, "--restart")
    fresh.wait_for("GET SET", "Side hold", "exercise 1 of 2")  # a finished session is not offered again
    fresh.press("q", "y")
    fresh.finish()


def test_the_recap_counts_sets_against_the_plan_and_says_what_comes_next(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session, columns=100, rows=35)
    term.wait_for("GET SET")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "left side")
    term.press("tab", "4", "enter")
    term.wait_for("HOW DID IT GO?", "right side")
    term.press("enter")
    term.wait_for("GET SET", "Band march")
    term.press("n")  # the band march is left out
    assert term.finish() == 0
    text = " ".join(term.raw.decode(errors="replace").split())
    assert "Session complete: 2 of 4 sets recorded" in text
    assert "Tomorrow morning, note how it feels" in text


def test_training_a_followed_programme_ends_with_the_next_sessions_date(tmp_path: Path) -> None:
    import subprocess
    import sys

    data = tmp_path / "data"
    programme = tmp_path / "programme.toml"
    env = {"HIPCLI_DATA": str(data), "HIPCLI_CLOCK_SPEED": FAST}
    made = subprocess.run(
        [sys.executable, "-m", "hipcli", "program", "--level", "beginner", "--goal", "running", "--weeks", "2",
         "--start", "2026-12-07", "--days", "mon,thu", "--out", str(programme)],
        capture_output=True, text=True, timeout=120,
    )
    assert made.returncode == 0, made.stderr
    term = Terminal("train", str(programme), "--date", "2026-12-07", "--setup", "0", env=env, columns=100, rows=35)
    term.wait_for("exercise 1 of")
    term.press("q", "y")
    assert term.finish() == 0
    text = " ".join(term.raw.decode(errors="replace").split())
    assert "Stopped: 0 of" in text and "Next session: Thu 10 Dec 2026" in text
