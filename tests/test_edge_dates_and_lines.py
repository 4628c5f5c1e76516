"""Edge defects, each run through the installed command in a subprocess: the calendar's last day, whole numbers
in saved plans, and line numbers after a U+2028 in a card's text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import tomli_w

from .conftest import small_catalogue
from .terminal import tiny_session


def hipcli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hipcli", *args], capture_output=True, text=True, timeout=120, env=os.environ)


def test_a_programme_whose_last_session_fits_before_the_end_of_the_calendar_is_exported() -> None:
    done = hipcli("program", "--level", "beginner", "--goal", "running", "--start", "9999-12-25", "--weeks", "1",
                  "--format", "ics")
    assert done.returncode == 0, done.stderr
    assert "DTSTART;VALUE=DATE:99991230" in done.stdout and "99991231" in done.stdout  # its all-day end


def test_a_session_that_would_fall_after_the_last_calendar_day_is_refused_naming_it() -> None:
    done = hipcli("program", "--level", "beginner", "--goal", "running", "--start", "9999-12-20", "--weeks", "2",
                  "--days", "mon,fri", "--format", "ics")
    assert done.returncode == 2 and "last session on 9999-12-31" in done.stderr and "Traceback" not in done.stderr
    done = hipcli("program", "--level", "beginner", "--goal", "running", "--start", "9999-12-31", "--weeks", "1",
                  "--format", "ics")
    assert done.returncode == 2 and "after 9999-12-31" in done.stderr


def test_format_one_point_oh_is_refused_like_sets_two_point_oh(tmp_path: Path) -> None:
    plan, catalogue = tiny_session(tmp_path)
    text = plan.read_text(encoding="utf-8")
    assert "format = 1\n" in text
    plan.write_text(text.replace("format = 1\n", "format = 1.0\n"), encoding="utf-8")
    done = hipcli("view", str(plan), "--catalogue", str(catalogue))
    assert done.returncode == 1 and "format: must be a whole number" in done.stderr and str(plan) in done.stderr
    plan.write_text(text, encoding="utf-8")
    assert hipcli("view", str(plan), "--catalogue", str(catalogue)).returncode == 0


def test_a_catalogue_with_format_one_point_oh_is_refused_by_every_command_that_reads_it(tmp_path: Path) -> None:
    """Whole numbers everywhere: ``format = 1.0`` fails as ``sets = 2.0`` does, in one line naming file and field."""
    path = tmp_path / "catalogue.toml"
    text = tomli_w.dumps(small_catalogue())
    assert "format = 1\n" in text
    path.write_text(text.replace("format = 1\n", "format = 1.0\n"), encoding="utf-8")
    for args in (["validate", str(path)], ["list", "--catalogue", str(path)], ["show", "band-march", "--catalogue", str(path)],
                 ["plan", "--level", "beginner", "--goal", "running", "--catalogue", str(path)]):
        done = hipcli(*args)
        told = (done.stdout + done.stderr).strip()
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert f"{path}: format: must be a whole number, not 1.0" in told, (args, told)
        assert "Traceback" not in told and done.stdout.strip() in ("", f"{path}: format: must be a whole number, not 1.0")
    path.write_text(text, encoding="utf-8")
    assert hipcli("validate", str(path)).returncode == 0


def test_a_programme_file_and_the_config_file_take_whole_numbers_only(tmp_path: Path) -> None:
    programme = tmp_path / "programme.toml"
    made = hipcli("program", "--level", "beginner", "--goal", "running", "--weeks", "2", "--start", "2026-12-07",
                  "--out", str(programme))
    assert made.returncode == 0, made.stderr
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("format = 1\n", "format = 1.0\n", 1), encoding="utf-8")
    done = hipcli("view", str(programme))
    assert done.returncode == 1 and done.stderr.strip() == f"hipcli: {programme}: format: must be a whole number, not 1.0"
    assert "\nweeks = 2\n" in text and "\nsets = 1\n" in text
    for whole, fraction in (("weeks = 2", "weeks = 2.0"), ("sets = 1", "sets = 1.0")):
        programme.write_text(text.replace(f"\n{whole}\n", f"\n{fraction}\n", 1), encoding="utf-8")
        done = hipcli("view", str(programme))
        field = whole.split()[0]
        assert done.returncode == 1 and str(programme) in done.stderr, done.stderr
        assert f"{field}: must be a whole number, not {fraction.split()[-1]}" in done.stderr, done.stderr
    config = Path(os.environ["HIPCLI_CONFIG"])
    config.write_text("minutes = 30.0\n", encoding="utf-8")
    done = hipcli("plan", "--level", "beginner", "--goal", "running")
    assert done.returncode == 1 and done.stderr.strip() == (
        f"hipcli: {config}: minutes: '30.0' is not a whole number of minutes from 1 to 240"
    )


def test_a_line_separator_in_a_card_does_not_move_later_line_numbers(tmp_path: Path) -> None:
    catalogue = small_catalogue()
    catalogue["exercises"][0]["summary"] = "First line\u2028still the same TOML line."
    catalogue["exercises"][-1]["category"] = "nonsense"
    text = tomli_w.dumps(catalogue)
    assert "\u2028" in text  # written raw: TOML allows it inside a string
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    headers = [n for n, line in enumerate(text.split("\n"), 1) if line.strip() == "[[exercises]]"]
    done = hipcli("validate", str(path))
    assert done.returncode == 1
    assert f"(line {headers[-1]})" in done.stdout + done.stderr, (done.stdout, done.stderr)
