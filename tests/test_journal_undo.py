"""Correcting the training log: delete and edit sessions and sets, and take each change back with undo.

Against a real SQLite file, reopened between steps, as separate commands would.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from hipcli import corrections, journal
from hipcli.errors import JournalError
from hipcli.journal import Journal


def logged(path: Path) -> tuple[int, int]:
    with Journal.open(path) as log:
        session = log.start_session(started=datetime.datetime(2026, 12, 1, 7, 0), source_kind="options", title="Strength")
        first = log.record_set(session, slug="side-plank", set_number=1, unit="seconds", done=30, side="left", pain=2)
        log.record_set(session, slug="side-plank", set_number=1, unit="seconds", done=28, side="right")
        return session, first


def test_a_deleted_session_comes_back_whole_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    session, _ = logged(path)
    with Journal.open(path) as log:
        what = corrections.delete_logged_session(log, session)
    assert "deleted session 1 (2026-12-01, Strength) with 2 sets" == what
    with Journal.open(path) as log:
        assert log.sessions() == [] and log.sets() == []
        assert corrections.undo_last(log) == what
    with Journal.open(path) as log:
        assert [s.id for s in log.sessions()] == [session]
        assert [(s.side, s.done, s.pain) for s in log.sets()] == [("left", 30, 2), ("right", 28, None)]
        assert corrections.undo_last(log) is None  # nothing left to undo


def test_an_edited_set_can_be_put_back(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    _, first = logged(path)
    with Journal.open(path) as log:
        what = corrections.edit_logged_set(log, first, done=20, pain=6)
        assert "done 30 -> 20" in what and "pain 2 -> 6" in what
        assert [(s.done, s.pain) for s in log.sets()][0] == (20, 6)
        with pytest.raises(JournalError, match="pain"):
            corrections.edit_logged_set(log, first, pain=11)
        with pytest.raises(JournalError, match="slug cannot be changed"):
            corrections.edit_logged_set(log, first, slug="x")
        corrections.undo_last(log)
        assert [(s.done, s.pain) for s in log.sets()][0] == (30, 2)


def test_a_deleted_set_and_an_edited_session_undo_in_reverse_order(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    session, first = logged(path)
    with Journal.open(path) as log:
        corrections.delete_logged_set(log, first)
        corrections.edit_logged_session(log, session, started=datetime.date(2026, 11, 28), morning_pain=4)
        assert log.session(session).started.date() == datetime.date(2026, 11, 28)
        assert [c.what.split(" ")[0] for c in corrections.changes(log)] == ["changed", "deleted"]
        corrections.undo_last(log)
        assert log.session(session).started == datetime.datetime(2026, 12, 1, 7, 0)
        assert log.session(session).morning_pain is None
        assert len(log.sets()) == 1
        corrections.undo_last(log)
        assert len(log.sets()) == 2


def test_an_added_session_can_be_undone(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    session, _ = logged(path)
    with Journal.open(path) as log:
        corrections.remember_added(log, session)
        assert corrections.undo_last(log) == "added session 1 (2026-12-01, Strength)"
        assert log.sessions() == []


def test_unknown_rows_are_named(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    logged(path)
    with Journal.open(path) as log:
        with pytest.raises(JournalError, match="session 9: no such session"):
            corrections.delete_logged_session(log, 9)
        with pytest.raises(JournalError, match="set 99: no such set"):
            corrections.delete_logged_set(log, 99)


def test_only_the_last_fifty_changes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    _, first = logged(path)
    with Journal.open(path) as log:
        for done in range(60):
            corrections.edit_logged_set(log, first, done=done)
        assert len(corrections.changes(log)) == corrections.UNDO_KEPT


def test_an_interrupted_session_is_found_for_the_same_plan_and_day_and_reopened(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    with Journal.open(path) as log:
        started = datetime.datetime(2026, 12, 4, 7, 0)
        session = log.start_session(started=started, source_kind="plan", source="plan.toml", title="Strength")
        log.record_set(session, slug="side-plank", set_number=1, unit="seconds", done=30, side="left")
        log.finish_session(session, notes=journal.STOPPED_EARLY)
        kwargs = dict(source_kind="plan", source="plan.toml", title="Strength", week=None)
        assert journal.interrupted_session(log, on=datetime.date(2026, 12, 4), **kwargs).id == session
        assert journal.interrupted_session(log, on=datetime.date(2026, 12, 5), **kwargs) is None
        assert journal.interrupted_session(log, on=datetime.date(2026, 12, 4), **{**kwargs, "source": "other.toml"}) is None
        journal.reopen_session(log, session)
        assert log.session(session).finished is None and log.session(session).notes is None
        log.finish_session(session)
        assert journal.interrupted_session(log, on=datetime.date(2026, 12, 4), **kwargs) is None
