"""hipcli assess walked through in a real pseudo-terminal: prompts wrapped between words, the holds timed by
hipcli (a stopwatch for the side plank, a countdown for the stance), and the standing leg named."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal: pip install -e '.[test]'")
pytest.importorskip("pyte", reason="pyte reads the screen: pip install -e '.[test]'")

from .terminal import Terminal  # noqa: E402


def test_assess_times_the_holds_and_names_the_standing_leg(tmp_path: Path) -> None:
    term = Terminal("assess", env={"HIPCLI_DATA": str(tmp_path / "data"), "HIPCLI_CLOCK_SPEED": "20"}, columns=80, rows=40)
    screen = term.wait_for("Enter starts the clock")
    joined = " ".join(screen.split())
    assert "Lift the hips until the body is one straight line from head to feet; free arm across the chest." in joined
    assert "Start a clock" not in joined
    term.press("enter")  # start
    term.wait_for("held; Enter when you stop")
    term.pump(0.6)  # about 12 s on the session clock
    term.press("enter")  # stop
    screen = term.wait_for("left side, seconds held (Enter keeps")
    kept = int(screen.split("(Enter keeps ")[1].split(")")[0])
    assert 8 <= kept <= 30
    term.press("enter")
    term.wait_for("right side: Enter starts the clock")
    term.press("4", "5", "enter")  # timed on their own watch: typed
    term.wait_for("right side, seconds held (Enter keeps 45)")
    term.press("enter")
    term.wait_for("left side, reps (Enter to skip)")
    term.press("2", "2", "enter")
    term.wait_for("right side, reps (Enter to skip)")
    term.press("2", "4", "enter")
    term.wait_for("Enter starts 30 s standing on your left leg")
    term.press("enter")
    term.wait_for("standing on your left leg: did the right hip drop? yes/no")  # after the count ran out by itself
    term.press("n", "o", "enter")
    term.wait_for("Enter starts 30 s standing on your right leg")
    term.press("s", "enter")
    term.wait_for("pain 0-10 (Enter to skip)")
    term.press("enter")
    assert term.finish() == 0
    assert "Suggested level" in term.text or "Assessment" in term.text
    db = sqlite3.connect(tmp_path / "data" / "journal.sqlite3")
    try:
        stored = db.execute("SELECT test, side, value FROM assessment_results ORDER BY test, side").fetchall()
    finally:
        db.close()
    assert ("side-plank", "left", float(kept)) in stored and ("side-plank", "right", 45.0) in stored
    assert ("single-leg-stance", "left", 0.0) in stored and not any(row[:2] == ("single-leg-stance", "right") for row in stored)


def test_an_assessment_dated_before_the_last_compares_with_the_one_before_it(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("assess", "--side-plank", "40,40", "--date", "2026-11-01")[0] == 0
    assert cli("assess", "--side-plank", "60,60", "--date", "2026-12-01")[0] == 0
    code, out, err = cli("assess", "--side-plank", "50,50", "--date", "2026-11-15", "--format", "json")
    data = json.loads(out)["data"]
    assert data["last_date"].startswith("2026-11-01")
    assert data["since_last"][0] == "Side-plank hold, left: 40 -> 50 s (+10)"
    code, out, err = cli("assess", "--side-plank", "50,50", "--date", "2026-10-01", "--format", "json")
    assert json.loads(out)["data"]["since_last"] == [] and json.loads(out)["data"]["last_date"] is None
