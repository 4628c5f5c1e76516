"""The training log's store: schema, migrations, sets saved at once, refusals that change nothing."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

import pytest

from hipcli import journal, migrations
from hipcli.errors import JournalError, WriteError
from hipcli.journal import Journal
from hipcli.logrows import AssessmentResult, Followed


def march(log: Journal, session: int, number: int = 1, **changes: object) -> int:
    values: dict = dict(slug="banded-psoas-march", set_number=number, side="left", unit="reps", done=10,
                        target_sets=2, target_low=8, target_high=10, tempo="1-0-2", target_band="light",
                        band="light", placement="feet", effort=5, pain=1)
    values.update(changes)
    return log.record_set(session, **values)


def test_the_log_lives_in_hipcli_data_and_is_created_on_first_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPCLI_DATA", str(tmp_path / "sync"))
    assert journal.default_path() == tmp_path / "sync" / "journal.sqlite3"
    with Journal.open() as log:
        assert log.schema_version == migrations.SCHEMA_VERSION
    assert journal.exists()


def test_without_hipcli_data_the_platform_data_folder_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HIPCLI_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert journal.default_path() == tmp_path / "hipcli" / "journal.sqlite3"


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        assert log.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert log.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert log.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_a_recorded_set_is_visible_to_another_connection_at_once(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    with Journal.open(path) as log:
        session = log.start_session(source_kind="plan", source="plan.toml", title="Strength")
        march(log, session)
        # No finish, no close: a second reader already sees the set.
        other = sqlite3.connect(path)
        assert other.execute("SELECT slug, done, pain FROM sets").fetchall() == [("banded-psoas-march", 10, 1)]
        other.close()


def test_recording_the_same_set_again_replaces_it(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        session = log.start_session()
        first = march(log, session, done=10)
        again = march(log, session, done=7, pain=3)
        assert first == again
        [logged] = log.sets()
        assert (logged.done, logged.pain, logged.side) == (7, 3, "left")
        march(log, session, side="right")
        assert len(log.sets()) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pain": 11}, "pain 11: must be a whole number from 0 to 10"),
        ({"effort": -1}, "effort -1: must be a whole number from 0 to 10"),
        ({"side": "middle"}, "side 'middle': must be left, right or none"),
        ({"unit": "kg"}, "unit 'kg': must be one of reps, seconds, steps"),
        ({"set_number": 0}, "set 0: set numbers start at 1"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(tmp_path: Path, change: dict, message: str) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        session = log.start_session()
        march(log, session)
        with pytest.raises(JournalError, match=message):
            march(log, session, 2, **change)
        assert len(log.sets()) == 1


def test_a_session_in_the_future_is_refused(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        with pytest.raises(JournalError, match="is in the future"):
            log.start_session(started=datetime.datetime.now() + datetime.timedelta(days=1))
        assert log.counts() == (0, 0, 0)


def test_a_set_for_a_missing_session_is_refused(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        with pytest.raises(JournalError, match="session 42: no such session"):
            march(log, 42)


def test_history_filters_by_exercise_and_date(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        for day in (1, 8, 15):
            session = log.start_session(started=datetime.datetime(2025, 3, day, 7, 30))
            march(log, session)
            log.record_set(session, slug="side-plank", set_number=1, unit="seconds", done=30, position=1)
        assert len(log.sets()) == 6
        assert {s.slug for s in log.sets(slugs=["side-plank"])} == {"side-plank"}
        dates = [s.date.day for s in log.sets(since=datetime.date(2025, 3, 8), until=datetime.date(2025, 3, 8))]
        assert dates == [8, 8]
        assert [s.started.day for s in log.sessions(limit=2)] == [8, 15]


def test_weekly_sets_count_a_two_sided_set_once(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        session = log.start_session(started=datetime.datetime(2025, 3, 5, 7, 0))  # a Wednesday
        march(log, session, side="left")
        march(log, session, side="right")
        march(log, session, 2, side="left", done=None)  # skipped
        assert log.weekly_sets() == [("2025-03-03", "banded-psoas-march", 1)]


def test_deleting_a_session_deletes_its_sets(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        session = log.start_session()
        march(log, session)
        log.delete_session(session)
        assert log.counts() == (0, 0, 0)


def test_the_followed_programme_is_remembered(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        assert log.followed() is None
        log.follow(tmp_path / "a.toml", datetime.date(2025, 1, 6))
        log.follow(tmp_path / "b.toml", datetime.date(2025, 2, 3))
        assert log.followed() == Followed(path=str(tmp_path / "b.toml"), since=datetime.date(2025, 2, 3))
        assert log.unfollow() and log.followed() is None


def test_assessments_keep_results_per_side(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        log.add_assessment(
            [AssessmentResult(test="side-plank", side="left", value=40), AssessmentResult(test="side-plank", side="right", value=52)],
            taken=datetime.datetime(2025, 1, 1, 9, 0), level="beginner",
        )
        [taken] = log.assessments()
        assert taken.value("side-plank", "right") == 52 and taken.level == "beginner"


def test_import_skips_sessions_and_sets_already_there(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        head = {"uid": "abc", "started": datetime.datetime(2025, 1, 1, 8, 0), "source_kind": "import"}
        rows = [{"slug": "side-plank", "set_number": n, "unit": "seconds", "done": 30} for n in (1, 2)]
        assert log.import_sessions([(head, rows)]) == (1, 2)
        assert log.import_sessions([(head, rows)]) == (0, 0)
        assert log.counts() == (1, 2, 0)


def test_an_import_with_a_bad_row_adds_nothing(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        good = ({"uid": "a", "started": datetime.datetime(2025, 1, 1, 8, 0)}, [{"slug": "x", "set_number": 1, "unit": "reps", "done": 5}])
        bad = ({"uid": "b", "started": datetime.datetime(2025, 1, 2, 8, 0)}, [{"slug": "x", "set_number": 1, "unit": "reps", "done": 5, "pain": 12}])
        with pytest.raises(JournalError):
            log.import_sessions([good, bad])
        assert log.counts() == (0, 0, 0)


def test_backup_and_restore_bring_back_what_was_deleted(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        session = log.start_session()
        march(log, session)
        log.backup(tmp_path / "backup.db")
        with pytest.raises(WriteError, match="already exists"):
            log.backup(tmp_path / "backup.db")
        log.delete_session(session)
        assert log.restore(tmp_path / "backup.db") == (1, 1, 0)
        assert [s.slug for s in log.sets()] == ["banded-psoas-march"]
    # The backup is one file, usable on its own.
    assert not (tmp_path / "backup.db-wal").exists()


def test_restoring_a_file_that_is_not_a_hipcli_log_changes_nothing(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with Journal.open(tmp_path / "log.db") as log:
        march(log, log.start_session())
        with pytest.raises(JournalError, match="is not a hipcli training log"):
            log.restore(other)
        assert log.counts() == (1, 1, 0)


def test_a_database_of_another_program_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (text)")
    db.commit()
    db.close()
    before = other.read_bytes()
    with pytest.raises(JournalError, match="is a SQLite database but not a hipcli training log; it was left unchanged"):
        Journal.open(other)
    assert other.read_bytes() == before
    assert not Path(f"{other}-wal").exists()


def test_a_file_that_is_not_a_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    junk = tmp_path / "log.db"
    junk.write_bytes(b"this is my shopping list, not a database\n" * 200)
    before = junk.read_bytes()
    with pytest.raises(JournalError, match="is damaged or not a SQLite database"):
        Journal.open(junk)
    assert junk.read_bytes() == before


def test_a_log_from_a_newer_hipcli_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    Journal.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(JournalError, match="was written by a newer hipcli"):
        Journal.open(path)


def test_an_older_log_is_migrated_step_by_step_keeping_its_data(tmp_path: Path) -> None:
    """A log made by the first schema gains the later tables and keeps its sessions."""
    path = tmp_path / "log.db"
    db = sqlite3.connect(path, isolation_level=None)
    name, first = migrations.MIGRATIONS[0]
    assert name == "m001_sessions_and_sets"
    first(db)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sessions (uid, started, source_kind) VALUES ('old', '2024-05-01T08:00:00', 'options')")
    db.close()
    with Journal.open(path) as log:
        assert log.schema_version == migrations.SCHEMA_VERSION
        [old] = log.sessions()
        assert old.uid == "old" and old.morning_pain is None
        log.set_morning_pain(old.id, 2)
        assert log.session(old.id).morning_pain == 2


def test_migrations_have_unique_names_in_order() -> None:
    names = [name for name, _ in migrations.MIGRATIONS]
    assert names == sorted(names) and len(set(names)) == len(names)


def test_opening_with_create_false_does_not_make_a_file(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="no training log yet"):
        Journal.open(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()
