"""A real pseudo-terminal: Ctrl-Z and 'fg' in train, and COLUMNS values no terminal has.

Slow-ish (real shells and sessions), so kept apart from the fast suite.
"""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path

import pytest

pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal: pip install -e '.[test]'")
pytest.importorskip("pyte", reason="pyte reads the screen: pip install -e '.[test]'")

from hipcli.journal import Journal  # noqa: E402

from .terminal import HIPCLI, Terminal, tiny_session  # noqa: E402


def read_until(term: Terminal, needle: bytes, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while needle not in term.raw:
        if time.monotonic() > end:
            raise AssertionError(f"never saw {needle!r}; the end of the output: {term.raw[-400:]!r}")
        term.pump(0.1)


def test_ctrl_z_gives_the_shell_its_terminal_back_and_fg_carries_on(tmp_path: Path) -> None:
    """Stopped: the normal screen, the cursor, echo and line editing; after 'fg': redrawn, single keys again."""
    plan, catalogue = tiny_session(tmp_path)
    command = " ".join([*HIPCLI, "train", str(plan), "--catalogue", str(catalogue)])
    # set -m: job control, as in an interactive shell; the stopped job's status is 128 + SIGTSTP.
    script = f"set -m; {command}; echo stopped=$?; stty -a > {tmp_path}/stopped; fg; echo status=$?"
    term = Terminal(argv=["/bin/bash", "-c", script], env={"HIPCLI_DATA": str(tmp_path / "data")})
    term.wait_for("GET SET")
    term.child.sendcontrol("z")
    read_until(term, b"stopped=")
    stop = term.raw.index(b"stopped=")
    before = term.raw[:stop]
    assert b"stopped=148" in term.raw
    # The last screen codes before the shell's prompt leave the alternate screen and show the cursor.
    assert before.rindex(b"\x1b[?1049l") > before.rindex(b"\x1b[?1049h")
    assert before.rindex(b"\x1b[?25h") > before.rindex(b"\x1b[?25l")
    stty = (tmp_path / "stopped").read_text()
    for flag in ("icanon", "echo"):
        assert re.search(rf"(?<![-\w]){flag}\b", stty), f"{flag} not restored while stopped: {stty}"
    # fg: the screen is set up and drawn again, and a single key press (no line to finish) moves on.
    term.wait_for("GET SET")
    after = term.raw[stop:]
    assert b"\x1b[?1049h" in after and b"\x1b[?25l" in after
    term.press("enter")
    term.wait_for("HOLD")
    term.child.sendintr()
    term.finish()
    assert b"status=130" in term.raw and b"Traceback" not in term.raw


def test_a_countdown_stopped_with_ctrl_z_waits_paused_after_fg(tmp_path: Path) -> None:
    """Stopped for longer than the 30 s change-over had left (on an 8x clock): after 'fg' it has not run out."""
    plan, catalogue = tiny_session(tmp_path)
    command = " ".join([*HIPCLI, "train", str(plan), "--catalogue", str(catalogue)])
    script = f"set -m; {command}; echo stopped=$?; sleep 5; fg; echo status=$?"
    env = {"HIPCLI_DATA": str(tmp_path / "data"), "HIPCLI_CLOCK_SPEED": "8"}
    term = Terminal(argv=["/bin/bash", "-c", script], env=env)
    term.wait_for("GET SET")
    term.child.sendcontrol("z")
    read_until(term, b"stopped=")
    stop = len(term.raw)
    read_until(term, b"\x1b[?1049h", timeout=30)  # 'fg' after 5 s: 40 s of the 8x session clock
    screen = term.wait_for("GET SET", "(paused)")
    assert "HOLD" not in screen and b"HOLD" not in term.raw[stop:]
    term.press("space")  # go on: the rest of the change-over runs, then the hold, then the question
    term.wait_for("HOW DID IT GO?", "set 1 of 1   left side", timeout=30)
    term.child.sendintr()
    term.finish()
    assert b"status=130" in term.raw and b"Traceback" not in term.raw


@pytest.mark.parametrize("columns", ["0", "5", "-1", "wide"])
def test_nonsense_columns_are_treated_as_unknown_and_the_pager_never_hangs(tmp_path: Path, columns: str) -> None:
    data = tmp_path / "data"
    env = {"HIPCLI_DATA": str(data), "PAGER": "less", "COLUMNS": columns, "LINES": columns}
    with Journal.open(data / "journal.sqlite3") as log:
        for day in range(1, 29):
            when = datetime.datetime(2024, 2, day, 12)
            log.add_session({"started": when, "finished": when, "source_kind": "single", "title": "Side plank"},
                            [{"slug": "side-plank", "set_number": 1, "side": side, "unit": "seconds", "done": 30}
                             for side in ("left", "right")])
    term = Terminal("log", "history", "-n", "40", env=env, columns=90, rows=20)
    deadline = time.monotonic() + 15
    while term.child.isalive() and time.monotonic() < deadline:
        term.pump(0.2)
        if b":" in term.raw[-40:] or b"(END)" in term.raw:
            term.child.send("q")  # less is showing a page: leave it, as a person would
    assert term.finish(timeout=10) == 0
    screen = term.text
    # Drawn at the terminal's own width: whole rows, the exercise name and the dose never cut to 5 columns.
    assert "Side plank" in screen and "L30 R30 seconds" in screen
