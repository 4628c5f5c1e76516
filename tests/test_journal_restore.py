"""Restoring a backup: the whole backup is checked before one byte of the live log changes.

Every backup here is a real SQLite file, made by hipcli and then tampered with
the way a hostile or broken file would be: a trigger, a view, a table rebuilt
without its constraints, a missing table, a wrong schema number, values no
hipcli writes.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hipcli import journal, migrations
from hipcli.errors import JournalError
from hipcli.journal import Journal


def march(log: Journal, session: int, number: int = 1, **changes: object) -> int:
    values: dict = dict(slug="banded-psoas-march", set_number=number, side="left", unit="reps", done=10,
                        target_sets=2, target_low=8, target_high=10, tempo="1-0-2", target_band="light",
                        band="light", placement="feet", effort=5, pain=1)
    values.update(changes)
    return log.record_set(session, **values)


def make_backup(tmp_path: Path, name: str = "backup.db", sessions: int = 2) -> Path:
    with Journal.open(tmp_path / f"{name}.source") as log:
        for _ in range(sessions):
            session = log.start_session(title="backed up")
            march(log, session)
            march(log, session, 2)
            log.finish_session(session)
        return log.backup(tmp_path / name)


def tamper(path: Path, *statements: str) -> Path:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A live log with one session of three sets, which no refused restore may touch."""
    path = tmp_path / "live.sqlite3"
    with Journal.open(path) as log:
        session = log.start_session(title="today")
        for number in (1, 2, 3):
            march(log, session, number)
        log.finish_session(session)
    return path


def content(path: Path) -> tuple[tuple[int, int, int], str, list[tuple]]:
    """What a person would lose: the counts, the integrity check and every set's row."""
    with Journal.open(path) as log:
        counts = log.counts()
        rows = log.db.execute("SELECT session_id, slug, set_number, done FROM sets ORDER BY id").fetchall()
        check = log.db.execute("PRAGMA integrity_check").fetchone()[0]
    return counts, check, [tuple(row) for row in rows]


def refused(live: Path, backup: Path, message: str) -> None:
    before = content(live)
    with Journal.open(live) as log, pytest.raises(JournalError, match=message) as caught:
        log.restore(backup)
    assert "left unchanged" in caught.value.message or "no such backup" in caught.value.message
    assert "\n" not in caught.value.message
    assert str(backup) in caught.value.message, "the error names the backup, not the healthy log"
    assert content(live) == before
    # And the log still takes new sessions afterwards.
    with Journal.open(live) as log:
        march(log, log.start_session(), 1)
        assert log.counts()[0] == before[0][0] + 1


def test_a_sound_backup_replaces_the_log_and_keeps_it_in_wal_mode(tmp_path: Path, live: Path) -> None:
    backup = make_backup(tmp_path, sessions=2)
    with Journal.open(live) as log:
        assert log.restore(backup) == (2, 4, 0)
    with Journal.open(live) as log:
        assert log.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert log.schema_version == migrations.SCHEMA_VERSION
        assert [s.title for s in log.sessions()] == ["backed up", "backed up"]
        march(log, log.start_session(), 1)  # writable afterwards


def test_a_backup_with_a_trigger_is_refused(tmp_path: Path, live: Path) -> None:
    """The planted trigger once deleted every earlier session on the next 'log add'."""
    backup = tamper(make_backup(tmp_path), "CREATE TRIGGER wipe AFTER INSERT ON sessions BEGIN DELETE FROM sessions WHERE id < new.id; END")
    refused(live, backup, "trigger 'wipe'")


def test_a_backup_with_a_view_is_refused(tmp_path: Path, live: Path) -> None:
    backup = tamper(make_backup(tmp_path), "CREATE VIEW everything AS SELECT * FROM sets")
    refused(live, backup, "view 'everything'")


def test_a_table_rebuilt_without_its_constraints_is_refused(tmp_path: Path, live: Path) -> None:
    backup = tamper(
        make_backup(tmp_path),
        "PRAGMA foreign_keys = OFF",
        "CREATE TABLE loose AS SELECT * FROM sets",
        "DROP TABLE sets",
        "ALTER TABLE loose RENAME TO sets",
        "INSERT INTO sets (id, session_id, position, slug, set_number, side, unit, pain) VALUES (99, 1, 0, 'x', 1, '', 'furlongs', 99)",
    )
    refused(live, backup, "not hipcli's own|has no index")


def test_a_backup_missing_a_table_is_refused(tmp_path: Path, live: Path) -> None:
    backup = tamper(make_backup(tmp_path), "DROP TABLE followed")
    refused(live, backup, "has no table 'followed'")


def test_a_backup_with_a_schema_number_that_does_not_match_its_tables_is_refused(tmp_path: Path, live: Path) -> None:
    """An older schema number on newer tables: copying it in and migrating would fail half way."""
    backup = tamper(make_backup(tmp_path), "PRAGMA user_version = 2")
    refused(live, backup, "(table|index) '.*' (is not hipcli's own|that hipcli's logs never have)")


@pytest.mark.parametrize("version, message", [(0, "no hipcli tables"), (99, "newer hipcli")])
def test_a_backup_with_no_schema_or_a_newer_one_is_refused(tmp_path: Path, live: Path, version: int, message: str) -> None:
    backup = tamper(make_backup(tmp_path), f"PRAGMA user_version = {version}")
    refused(live, backup, message)


def test_a_backup_holding_values_hipcli_never_writes_is_refused(tmp_path: Path, live: Path) -> None:
    """Valid schema, bad values: a band colour, a date nobody can read, a followed programme from 'soon'."""
    for statement, message in (
        ("UPDATE sets SET band = 'green' WHERE id = 1", "band: 'green' is not a band level"),
        ("UPDATE sessions SET started = 'last tuesday' WHERE id = 1", "started: 'last tuesday' is not a date and time"),
        ("INSERT INTO followed (id, path, since) VALUES (1, 'p.toml', 'soon')", "since: 'soon' is not a date"),
        ("UPDATE sets SET target_low = 'lots' WHERE id = 1", "target_low: 'lots' is not a whole number"),
    ):
        refused(live, tamper(make_backup(tmp_path, name=f"b{hashlib.md5(statement.encode()).hexdigest()}.db"), statement), message)


def test_a_backup_with_bad_rows_hidden_behind_a_forged_schema_is_refused(tmp_path: Path, live: Path) -> None:
    """Rows that break a CHECK, written while the constraint was edited out of sqlite_master."""
    backup = make_backup(tmp_path)
    db = sqlite3.connect(backup)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'sets'").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'sets'", (sql.replace("pain BETWEEN 0 AND 10", "1"),))
    db.commit()
    db.close()
    db = sqlite3.connect(backup)
    db.execute("UPDATE sets SET pain = 99")
    db.commit()
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'sets'", (sql,))
    db.commit()
    db.close()
    # SQLite's integrity check sees the broken CHECK; the copy into a fresh schema would refuse it too.
    refused(live, backup, "CHECK constraint failed|table sets, row 1: breaks a rule")


def test_files_that_are_not_backups_are_refused(tmp_path: Path, live: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    refused(live, text, "not a hipcli training log")
    refused(live, tmp_path / "missing.db", "no such backup file")
    truncated = make_backup(tmp_path, name="cut.db")
    truncated.write_bytes(truncated.read_bytes()[:3000])
    refused(live, truncated, "damaged|cannot be read|has no")


def test_a_backup_from_an_older_hipcli_is_restored_and_migrated(tmp_path: Path, live: Path) -> None:
    """A real schema-2 log (made by the first two migrations, as hipcli of that time did) restores."""
    old = tmp_path / "old.db"
    db = sqlite3.connect(old)
    for _name, step in migrations.MIGRATIONS[:2]:
        step(db)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO sessions (uid, started, source_kind) VALUES ('u1', '2024-05-01T08:00:00', 'options')")
    db.execute("INSERT INTO sets (session_id, position, slug, set_number, unit, done) VALUES (1, 0, 'side-plank', 1, 'seconds', 30)")
    db.commit()
    db.close()
    with Journal.open(live) as log:
        assert log.restore(old) == (1, 1, 0)
        assert log.schema_version == migrations.SCHEMA_VERSION
        assert log.followed() is None and log.assessments() == []


def test_a_writer_keeps_its_session_by_uid_when_the_row_numbers_change_under_it(tmp_path: Path) -> None:
    """Row 1 is taken by another session meanwhile: later sets still go to the session that was started."""
    path = tmp_path / "log.db"
    trainer = Journal.open(path)
    try:
        session = trainer.start_session(title="being trained")
        march(trainer, session, 1)
        with Journal.open(path) as other:  # what a restore does, in effect: row 1 is now another session
            other.db.execute("DELETE FROM sessions")
            other.db.execute("INSERT INTO sessions (id, uid, started, source_kind, title) VALUES (1, 'old', '2024-01-01T08:00:00', 'options', 'unrelated')")
        march(trainer, session, 2)
        trainer.finish_session(session)
    finally:
        trainer.close()
    with Journal.open(path) as log:
        by_title = {s.title: s for s in log.sessions()}
        assert [s.set_number for s in log.sets(session_ids=[by_title["unrelated"].id])] == []
        assert [s.set_number for s in log.sets(session_ids=[by_title["being trained"].id])] == [2]
        assert by_title["being trained"].finished is not None


RECORDER = textwrap.dedent(
    """
    import sys, time
    from hipcli.journal import Journal
    with Journal.open(sys.argv[1]) as log:
        session = log.start_session(title="live")
        log.record_set(session, slug="side-plank", set_number=1, unit="seconds", done=20)
        print("recording", flush=True)
        sys.stdin.readline()
        log.record_set(session, slug="side-plank", set_number=2, unit="seconds", done=25)
        log.finish_session(session)
    """
)


def test_restore_is_refused_while_another_process_records_a_session(tmp_path: Path, live: Path) -> None:
    backup = make_backup(tmp_path)
    process = subprocess.Popen([sys.executable, "-c", RECORDER, str(live)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "recording"
        with Journal.open(live) as log, pytest.raises(JournalError, match="a session is being recorded"):
            log.restore(backup)
        _out, err = process.communicate("\n", timeout=30)
        assert process.returncode == 0, err
    finally:
        process.kill()
    with Journal.open(live) as log:
        live_session = [s for s in log.sessions() if s.title == "live"][0]
        assert [s.done for s in log.sets(session_ids=[live_session.id])] == [20, 25]
        assert log.restore(backup) == (2, 4, 0)  # once it has finished, the restore goes ahead


def test_a_damaged_log_is_restored_with_force_and_kept_beside_it(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The advice a damaged log gives ('hipcli log restore FILE --force') works, and deletes nothing."""
    backup = make_backup(tmp_path, sessions=1)
    log = journal.default_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    damage = b"SQLite format 3\x00" + bytes(range(256)) * 30
    log.write_bytes(damage)
    code, _out, err = cli("log", "history")
    assert code == 1 and "restore FILE --force" in err
    bad = tamper(make_backup(tmp_path, name="bad.db"), "CREATE VIEW v AS SELECT 1")
    code, _out, err = cli("log", "restore", str(bad), "--force")
    assert code == 1 and "view 'v'" in err and log.read_bytes() == damage
    code, _out, err = cli("log", "restore", str(backup))
    assert code == 1 and "add --force" in err.lower() and log.read_bytes() == damage
    code, out, err = cli("log", "restore", str(backup), "--force")
    assert code == 0, err
    assert "Restored 1 sessions, 2 sets" in out
    kept = list(log.parent.glob("journal.sqlite3.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damage
    with Journal.open() as restored:
        assert restored.counts() == (1, 2, 0)


def test_a_session_taken_up_again_is_also_followed_by_its_uid(tmp_path: Path) -> None:
    """train --resume writes to a session another process started: the first write pins it by uid."""
    path = tmp_path / "log.db"
    with Journal.open(path) as first:
        session = first.start_session(title="started yesterday")
    resumed = Journal.open(path)
    try:
        march(resumed, session, 1)
        with Journal.open(path) as other:
            other.db.execute("DELETE FROM sessions")
            other.db.execute("INSERT INTO sessions (id, uid, started, source_kind, title) VALUES (?, 'x', '2024-01-01T08:00:00', 'options', 'unrelated')", (session,))
        march(resumed, session, 2)
    finally:
        resumed.close()
    with Journal.open(path) as log:
        unrelated = [s for s in log.sessions() if s.title == "unrelated"][0]
        assert log.sets(session_ids=[unrelated.id]) == []
        assert [s.set_number for s in log.sets() if s.session_id != unrelated.id] == [2]


def test_a_restored_log_starts_with_an_empty_undo_list(tmp_path: Path, live: Path) -> None:
    """The backup's undo rows would be written back unchecked by 'log undo'; they are not copied."""
    backup = make_backup(tmp_path)
    tamper(backup, "INSERT INTO undo (made, what, rows) VALUES ('2024-01-01T00:00:00', 'planted', '{\"sessions\": [{\"id\": 1, \"pain\": 99}]}')")
    with Journal.open(live) as log:
        log.restore(backup)
        assert log.db.execute("SELECT count(*) FROM undo").fetchone()[0] == 0


def test_work_from_another_app_keeps_its_weight_in_the_band_column_through_backup_and_restore(tmp_path: Path, live: Path) -> None:
    """'other:NAME' rows (a Strong or Hevy set matched to no card) hold '60 kg' where a card's set holds a level."""
    with Journal.open(tmp_path / "source.db") as log:
        session = log.start_session(source_kind="import")
        log.record_set(session, slug="other:Hip Thrust (Barbell)", set_number=1, unit="reps", done=8, band="60 kg")
        with pytest.raises(JournalError, match="must be a band level"):
            log.record_set(session, slug="side-plank", set_number=1, unit="seconds", done=30, band="60 kg")
        backup = log.backup(tmp_path / "other.db")
    with Journal.open(live) as log:
        assert log.restore(backup) == (1, 1, 0)
        assert [s.band for s in log.sets()] == ["60 kg"]
