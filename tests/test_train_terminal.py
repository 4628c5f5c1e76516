"""hipcli train in a real pseudo-terminal: keys, countdowns, the bell, edges, and the log afterwards.

Slow (each test runs a real session of a few seconds), so kept apart from the fast suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal: pip install -e '.[test]'")
pytest.importorskip("pyte", reason="pyte reads the screen: pip install -e '.[test]'")

from .terminal import HIPCLI, Terminal, tiny_session  # noqa: E402


@pytest.fixture
def session(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    plan, catalogue = tiny_session(tmp_path)
    data = tmp_path / "data"
    return plan, catalogue, {"HIPCLI_DATA": str(data)}


# Countdowns run this many times faster (HIPCLI_CLOCK_SPEED) where the flow of the session, not
# real time, is under test; test_a_whole_session_runs_and_ends_with_a_summary keeps the real clock.
FAST = {"HIPCLI_CLOCK_SPEED": "3"}


def train(session: tuple[Path, Path, dict[str, str]], *options: str, **kwargs: object) -> Terminal:
    plan, catalogue, env = session
    extra = {**FAST, **env}
    extra.update(kwargs.pop("env", {}))  # type: ignore[arg-type]
    return Terminal("train", str(plan), "--catalogue", str(catalogue), "--ready", "1", *options, env=extra, **kwargs)  # type: ignore[arg-type]


def walk_whole_session(term: Terminal) -> None:
    """Do the tiny session as a person would: holds run out, reps are confirmed, one set typed in.

    Each wait names the stage and the set together, because the "next" line
    already mentions the set or exercise that follows.
    """
    term.wait_for("GET SET")
    term.press("enter")  # start now rather than wait for the 30 s change-over
    term.wait_for("HOLD", "set 1 of 1   left side")
    term.wait_for("HOW DID IT GO?", "set 1 of 1   left side")  # the 3 s hold ran out by itself
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 1 of 1   right side")  # the switch and the hold ran by themselves
    term.press("enter")
    screen = term.wait_for("GET SET", "exercise 2 of 2")
    assert "light (red)" in screen and "Around both feet" in screen
    term.press("enter")  # change-over done
    term.wait_for("Enter done ", "set 1 of 2")
    term.press("enter")  # set 1 done
    term.wait_for("HOW DID IT GO?", "set 1 of 2")
    term.press("2", "tab", "6", "tab", "1", "enter")
    term.wait_for("Enter done ", "set 2 of 2")  # after a 2 s rest that ran by itself
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 2 of 2")
    term.press("enter")


def test_a_whole_session_runs_and_ends_with_a_summary(session) -> None:  # type: ignore[no-untyped-def]
    """In real time: the one session that runs on the wall clock, as a person trains."""
    term = train(session, env={"HIPCLI_CLOCK_SPEED": "1"})
    walk_whole_session(term)
    assert term.finish() == 0
    assert b"Session complete: 4 of 4 sets recorded" in term.raw
    assert b"\x1b[?1049l" in term.raw  # left the full screen
    rows = logged(session)
    assert [row[:11] for row in rows] == [
        ("plan", 0, "side-hold", 1, "left", "seconds", 2, 3, 3, None, None),
        ("plan", 0, "side-hold", 1, "right", "seconds", 2, 3, 3, None, None),
        ("plan", 1, "band-march", 1, "", "reps", 2, 3, 2, 6, 1),
        ("plan", 1, "band-march", 2, "", "reps", 2, 3, 3, None, None),
    ]
    assert rows[2][11] == "light" and all(row[12] for row in rows)  # band kept; the session finished


def test_the_bell_rings_in_countdowns_and_no_bell_silences_it(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session)
    walk_whole_session(term)
    term.finish()
    assert term.raw.count(b"\a") >= 4
    quiet = train(session, "--no-bell")
    walk_whole_session(quiet)
    quiet.finish()
    assert b"\a" not in quiet.raw


def test_quit_asks_first_then_leaves_with_what_was_recorded(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session)
    term.wait_for("GET SET")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 1 of 1   left side")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 1 of 1   right side")
    term.press("q")
    screen = term.wait_for("Quit?")
    assert "The 1 set recorded stay" in screen
    term.press("x")  # carry on
    term.wait_for("Enter save")
    term.press("q", "y")
    assert term.finish() == 0
    assert b"Stopped: 1 of 4 sets recorded" in term.raw
    assert [row[2:5] for row in logged(session)] == [("side-hold", 1, "left")]


def test_ctrl_c_restores_the_terminal_and_exits_130(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan, catalogue, env = session
    command = " ".join([*HIPCLI, "train", str(plan), "--catalogue", str(catalogue)])
    # The shell survives the Ctrl-C (a trap, not an ignore, so hipcli still gets SIGINT) to report.
    script = f"trap true INT; stty -a > {tmp_path}/before; {command}; echo status=$?; stty -a > {tmp_path}/after"
    shell = Terminal(argv=["/bin/sh", "-c", script], env=env)
    shell.wait_for("GET SET")
    shell.child.sendintr()
    shell.finish()
    assert b"status=130" in shell.raw
    assert b"0 sets recorded are in the log" in shell.raw
    assert b"hipcli: interrupted" in shell.raw and b"Traceback" not in shell.raw
    before = (tmp_path / "before").read_text()
    after = (tmp_path / "after").read_text()
    for flag in ("icanon", "echo"):
        assert re.search(rf"(?<![-\w]){flag}\b", before)
        assert re.search(rf"(?<![-\w]){flag}\b", after), f"{flag} was not restored: {after}"


def test_a_crash_keeps_every_set_confirmed_before_it(session) -> None:  # type: ignore[no-untyped-def]
    import signal

    term = train(session)
    term.wait_for("GET SET")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 1 of 1   left side")
    term.press("5", "enter")  # a 5 s hold, typed over the 3 s the clock ran
    term.wait_for("HOW DID IT GO?", "set 1 of 1   right side")
    term.child.kill(signal.SIGKILL)  # no clean-up at all
    term.finish()
    rows = logged(session)
    assert [(row[2], row[4], row[8]) for row in rows] == [("side-hold", "left", 5)]


def test_a_kill_puts_the_terminal_back_and_keeps_the_sets(session) -> None:  # type: ignore[no-untyped-def]
    import signal

    term = train(session)
    term.wait_for("GET SET")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 1 of 1   left side")
    term.press("enter")
    term.wait_for("HOW DID IT GO?", "set 1 of 1   right side")
    term.child.kill(signal.SIGTERM)
    assert term.finish() == 128 + signal.SIGTERM
    assert b"\x1b[?1049l" in term.raw and b"Traceback" not in term.raw
    rows = logged(session)
    assert [(row[2], row[4]) for row in rows] == [("side-hold", "left")]
    assert rows[0][12]  # the session was closed as finished ("stopped early")


def test_sixty_columns_keep_the_dose_and_band_whole(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session, columns=60, rows=24)
    term.wait_for("GET SET")
    term.press("n")
    screen = term.wait_for("GET SET", "exercise 2 of 2")
    assert "2 × 2–3 per side" in screen and "light (red)" in screen
    assert all(len(line) <= 60 for line in screen.splitlines())
    term.press("q", "y")
    assert term.finish() == 0


def test_a_short_terminal_keeps_the_dose_band_and_keys_on_screen(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session, columns=50, rows=13)
    term.wait_for("GET SET")
    term.press("n")
    screen = term.wait_for("GET SET", "exercise 2 of 2")
    flat = " ".join(screen.split())
    assert "2 × 2–3 per side" in flat and "light (red)" in flat and "q quit" in flat, screen
    term.press("q")
    assert "y quit" in " ".join(term.wait_for("Quit?").split())
    term.press("y")
    assert term.finish() == 0


def test_a_resize_redraws_at_the_new_width(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session, columns=100, rows=30)
    term.wait_for("GET SET")
    term.press("i")
    term.wait_for("How to do it")
    term.resize(60, 30)
    term.pump(0.5)
    screen = term.wait_for("Lie on your side.")
    assert "GET SET" in screen
    assert all(len(line) <= 60 for line in screen.splitlines())
    term.press("q", "y")
    assert term.finish() == 0


def test_no_color_draws_without_colour(session) -> None:  # type: ignore[no-untyped-def]
    term = train(session, env={"NO_COLOR": "1"})
    term.wait_for("GET SET")
    term.press("q", "y")
    assert term.finish() == 0
    colours = re.findall(rb"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]+)m", term.raw)
    assert not colours


def test_markup_in_the_plan_file_shows_literally(session) -> None:  # type: ignore[no-untyped-def]
    plan, catalogue, env = session
    text = plan.read_text(encoding="utf-8").replace('title = "Core"', 'title = "Core [bold]x[/bold] [link=y]z"')
    plan.write_text(text, encoding="utf-8")
    term = train(session)
    screen = term.wait_for("GET SET")
    assert "Core [bold]x[/bold] [link=y]z" in screen
    term.press("q", "y")
    term.finish()


def test_not_a_terminal_prints_the_steps_and_never_waits(session) -> None:  # type: ignore[no-untyped-def]
    plan, catalogue, env = session
    result = subprocess.run(
        [*HIPCLI, "train", str(plan), "--catalogue", str(catalogue)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, **env},
    )
    assert result.returncode == 0
    assert "set 1 of 1: hold 3 s, left side, then switch sides: hold 3 s, right side" in result.stdout
    assert "not a terminal" in result.stderr and "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout


def test_not_a_terminal_from_a_pipe_never_waits(session) -> None:  # type: ignore[no-untyped-def]
    plan, catalogue, env = session
    result = subprocess.run(
        [*HIPCLI, "train", str(plan), "--catalogue", str(catalogue)],
        input="", capture_output=True, text=True, timeout=60, env={**__import__("os").environ, **env},
    )
    assert result.returncode == 0 and "Band march" in result.stdout


pytestmark = [pytest.mark.slow, pytest.mark.terminal]
if sys.platform == "win32":  # pragma: no cover
    pytestmark.append(pytest.mark.skip(reason="pseudo-terminals are POSIX"))


def logged(session) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Every set in the session's training log, read with plain sqlite3."""
    import sqlite3

    plan, catalogue, env = session
    db = sqlite3.connect(Path(env["HIPCLI_DATA"]) / "journal.sqlite3")
    try:
        return db.execute(
            "SELECT sessions.source_kind, sets.position, sets.slug, sets.set_number, sets.side, sets.unit, "
            "sets.target_low, sets.target_high, sets.done, sets.effort, sets.pain, sets.band, sessions.finished "
            "FROM sets JOIN sessions ON sessions.id = sets.session_id ORDER BY sets.id"
        ).fetchall()
    finally:
        db.close()


BRAILLE = re.compile("[\u2801-\u28ff]")


def bundled_session(tmp_path: Path, columns: int, rows: int, **env: str) -> Terminal:
    """A beginner plan from the bundled catalogue, whose cards all carry figures, on a fast clock."""
    environment = {"HIPCLI_DATA": str(tmp_path / "data"), "HIPCLI_CLOCK_SPEED": "8", **env}
    return Terminal("train", "--level", "beginner", "--goal", "running", "--setup", "16", env=environment,
                    columns=columns, rows=rows)


def test_a_roomy_terminal_draws_the_positions_and_a_small_one_gives_them_up(tmp_path: Path) -> None:
    term = bundled_session(tmp_path, 100, 35)
    screen = term.wait_for("GET SET", "exercise 1 of")
    lines = screen.splitlines()
    drawing = [number for number, line in enumerate(lines) if BRAILLE.search(line)]
    assert len(drawing) >= 4, screen
    assert lines[drawing[-1] + 1].split() == ["start", "end"]
    dose = next(number for number, line in enumerate(lines) if " × " in line)
    assert dose < drawing[0]
    term.wait_for("exercise 1 of", "set 1 of")  # the 16 s change-over ran out on the fast clock
    assert BRAILLE.search(term.text), term.text  # still drawn beside the work
    term.resize(60, 20)
    term.pump(1.0)
    screen = term.wait_for("exercise 1 of", "q quit")
    assert not BRAILLE.search(screen) and " × " in screen, screen
    term.press("q", "y")
    assert term.finish() == 0


@pytest.mark.parametrize(("columns", "rows", "env"), [(60, 20, {}), (100, 35, {"NO_COLOR": "1"})])
def test_a_small_or_plain_terminal_shows_no_drawing(tmp_path: Path, columns: int, rows: int, env: dict[str, str]) -> None:
    term = bundled_session(tmp_path, columns, rows, **env)
    screen = term.wait_for("GET SET", "q quit")
    assert " × " in screen and not BRAILLE.search(term.raw.decode(errors="replace")), screen
    term.press("q", "y")
    assert term.finish() == 0
