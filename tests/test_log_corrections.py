"""Correcting the log from the command line: numbered history, delete, edit, undo, the morning after by date,
and progress in plain words."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from hipcli.journal import Journal


@pytest.fixture
def plan_file(cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    code, _out, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(path))
    assert code == 0, err
    return path


def sessions() -> list:
    with Journal.open() as log:
        return log.sessions()


def test_a_mistaken_session_is_deleted_and_undone_with_its_number(cli, plan_file: Path) -> None:
    assert cli("log", "session", str(plan_file), "--date", "2026-11-29")[0] == 0
    code, out, err = cli("log", "session", str(plan_file), "--pain", "2")
    assert code == 0 and "A mistake? 'hipcli log undo'" in out
    code, out, _ = cli("log", "history")
    assert out.splitlines()[0].startswith("no.") and "\n  2  " in out  # the numbers --session takes
    code, out, err = cli("log", "delete", "2")
    assert code == 0 and out.startswith("Deleted session 2") and "'hipcli log undo' puts it back" in out
    assert [s.id for s in sessions()] == [1]
    code, out, err = cli("log", "undo")
    assert code == 0 and out.startswith("Undone: deleted session 2")
    assert [s.id for s in sessions()] == [1, 2]
    code, out, _ = cli("log", "undo", "--list")
    assert "added session 2" in out and "added session 1" in out
    assert cli("log", "undo")[0] == 0  # takes back the second 'log session'
    assert [s.id for s in sessions()] == [1]


def test_a_set_is_corrected_and_the_correction_undone(cli, plan_file: Path) -> None:
    assert cli("log", "session", str(plan_file), "--date", "2026-11-29")[0] == 0
    code, out, err = cli("log", "edit", "1", "--exercise", "band hip lift", "--set", "2", "--done", "9", "--pain", "3")
    assert code == 0, err
    assert "band-hip-lift set 2 of session 1): done 15 -> 9, pain None -> 3" in out
    with Journal.open() as log:
        changed = [s for s in log.sets() if s.slug == "band-hip-lift" and s.set_number == 2]
    assert [(s.done, s.pain) for s in changed] == [(9, 3)]
    assert cli("log", "undo")[0] == 0
    with Journal.open() as log:
        assert [(s.done, s.pain) for s in log.sets() if s.slug == "band-hip-lift" and s.set_number == 2] == [(15, None)]


def test_edit_and_delete_refuse_what_they_cannot_find_in_one_line(cli, plan_file: Path) -> None:
    assert cli("log", "session", str(plan_file))[0] == 0
    code, _, err = cli("log", "delete", "7")
    assert code == 1 and err.strip() == "hipcli: session 7: no such session in the log"
    code, _, err = cli("log", "edit", "1", "--exercise", "band hip lift", "--set", "9", "--done", "3")
    assert code == 1 and "session 1: no set matches" in err
    code, _, err = cli("log", "edit", "1", "--done", "3")
    assert code == 2 and "--exercise" in err
    code, _, err = cli("log", "edit", "1")
    assert code == 2 and "say what to change" in err
    assert "Traceback" not in err


def test_a_past_session_asks_about_its_own_morning_and_morning_takes_a_date(cli, plan_file: Path) -> None:
    code, out, _ = cli("log", "session", str(plan_file), "--date", "2026-11-29")
    assert "Tomorrow morning" not in out
    assert "How did it feel the morning after (2026-11-30)? hipcli log morning --date 2026-11-29 --pain N" in out
    assert cli("log", "session", str(plan_file))[0] == 0  # a later session: the latest by default
    code, out, err = cli("log", "morning", "--date", "2026-11-29", "--pain", "4")
    assert code == 0 and "session 1 (2026-11-29)" in out
    assert [s.morning_pain for s in sessions()] == [4, None]
    code, _, err = cli("log", "morning", "--date", "2026-11-20", "--pain", "4")
    assert code == 1 and "no session logged on 2026-11-20" in err
    code, out, _ = cli("log", "session", str(plan_file))
    assert "Tomorrow morning, note how it feels" in out


def test_progress_says_the_step_in_words_and_ends_the_header_today(cli, plan_file: Path) -> None:
    assert cli("log", "session", str(plan_file))[0] == 0
    code, out, err = cli("log", "progress", "--weeks", "2", env={"COLUMNS": "200"})
    assert code == 0, err
    assert "rung " not in out and "; next: " in out
    assert f"to {datetime.date.today().isoformat()}" in out.splitlines()[0]


def test_undo_with_no_log_or_nothing_logged_says_so_and_succeeds(cli, tmp_path: Path) -> None:
    # Nothing to take back is not an error, with a log or without one; and asking makes no log file.
    from hipcli.journal import exists

    for args in (("log", "undo"), ("log", "undo", "--list")):
        code, out, err = cli(*args)
        assert (code, out, err) == (0, "Nothing to undo: there is no training log yet.\n", "")
    assert not exists()
    assert cli("log", "add", "banded-clamshell", "--done", "10")[0] == 0
    assert cli("log", "undo")[0] == 0
    for args in (("log", "undo"), ("log", "undo", "--list")):
        assert cli(*args)[:2] == (0, "Nothing to undo.\n")
