"""The log against the real operating system: a read-only mount, a tiny full disk, bytes that are not UTF-8.

Real subprocesses and real mounts (tmpfs needs root and mount(8); skipped with
the reason otherwise). Kept apart so the fast suite stays fast.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

HIPCLI = [sys.executable, "-m", "hipcli"]


def run(*args: str | bytes, data: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "HIPCLI_DATA": str(data), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("HIPCLI_DEBUG", None)
    return subprocess.run([*HIPCLI, *args], env=env, capture_output=True, timeout=120, cwd=cwd)


def one_line(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hipcli: "), err
    return lines[0]


@pytest.fixture
def mount(tmp_path: Path):
    """Mount a tmpfs of the given size; unmounted after the test."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    mounted: list[Path] = []

    def make(size: str = "4m") -> Path:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: Path) -> None:
    result = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {result.stderr.decode().strip()}")


def test_a_log_on_a_read_only_mount_can_be_read_and_backed_up_and_writes_say_why_not(mount, tmp_path: Path) -> None:
    disk = mount()
    data = disk / "data"
    for done in ("30", "40"):
        assert run("log", "add", "side-plank", "--done", done, data=data).returncode == 0
    remount_read_only(disk)
    history = run("log", "history", "-f", "csv", data=data)
    assert history.returncode == 0, history.stderr
    assert history.stdout.decode().count("side-plank") == 4  # two sessions, both sides
    backup = tmp_path / "backup.sqlite3"
    result = run("log", "backup", str(backup), data=data)
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT count(*) FROM sets").fetchone()[0] == 4
    copy.close()
    result = run("log", "add", "side-plank", "--done", "20", data=data)
    assert result.returncode == 1 and "read-only file system" in one_line(result)
    assert run("log", "progress", data=data).returncode == 0


def test_a_log_with_its_wal_on_a_read_only_mount_shows_what_the_wal_holds(mount, tmp_path: Path) -> None:
    """A crash left -wal and -shm beside the log, then the disk was mounted read-only."""
    source = tmp_path / "live"
    assert run("log", "add", "side-plank", "--done", "30", data=source).returncode == 0
    disk = mount()
    (disk / "data").mkdir()
    writer = sqlite3.connect(source / "journal.sqlite3", isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE sessions SET title = 'only in the wal'")
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(f"{source / 'journal.sqlite3'}{suffix}", f"{disk / 'data' / 'journal.sqlite3'}{suffix}")
    writer.close()
    remount_read_only(disk)
    result = run("log", "history", "-f", "json", data=disk / "data")
    assert result.returncode == 0, result.stderr
    assert b"only in the wal" in result.stdout


def fill(disk: Path, leave: int) -> None:
    handle = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(handle, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(handle)
    os.truncate(disk / "filler", os.path.getsize(disk / "filler") - leave)


@pytest.mark.parametrize("leave", [4 * 1024, 12 * 1024, 40 * 1024])
def test_a_first_add_on_a_tiny_full_disk_leaves_no_half_made_log(mount, leave: int) -> None:
    disk = mount("1m")
    fill(disk, leave)
    data = disk / "data"
    result = run("log", "add", "side-plank", "--done", "30", data=data)
    assert result.returncode == 1 and "disk is full" in one_line(result)
    history = run("log", "history", data=data)
    assert history.returncode == 0, history.stderr
    assert b"No sessions logged yet" in history.stdout
    (disk / "filler").unlink()
    result = run("log", "add", "side-plank", "--done", "30", data=data)
    assert result.returncode == 0, result.stderr


def test_text_that_is_not_utf8_is_stored_with_a_replacement_character(tmp_path: Path) -> None:
    """A Latin-1 terminal sends 'café' as b'caf\\xe9': the session is recorded, the byte shown as U+FFFD."""
    data = tmp_path / "data"
    result = run("log", "add", "side-plank", "--done", "30", "--notes", b"caf\xe9 \xff\xfe ok", data=data)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(data / "journal.sqlite3")
    assert db.execute("SELECT notes FROM sessions").fetchone()[0] == "caf\ufffd \ufffd\ufffd ok"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    result = run("log", "history", data=data)
    assert result.returncode == 0 and b"Side plank" in result.stdout


def test_a_plan_file_whose_name_is_not_utf8_can_be_logged_and_a_programme_named_so_is_refused_in_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = os.fsencode(tmp_path)
    plan = folder + b"/plan-\xe9.toml"
    made = run("plan", "--level", "beginner", "--goal", "running", "--out", plan, data=data)
    assert made.returncode == 0, made.stderr
    result = run("log", "session", plan, data=data)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(data / "journal.sqlite3")
    assert db.execute("SELECT source FROM sessions").fetchone()[0].endswith("plan-\ufffd.toml")
    db.close()
    programme = folder + b"/programme-\xe9.toml"
    made = run("program", "--level", "beginner", "--goal", "running", "--weeks", "2", "--out", programme, data=data)
    if made.returncode != 0:
        pytest.skip(f"no programme command here: {made.stderr.decode(errors='replace')}")
    result = run("log", "follow", programme, data=data)
    assert result.returncode == 1 and "not UTF-8" in one_line(result)


def test_a_full_stdout_after_the_commit_says_the_session_was_saved_so_a_retry_does_not_log_it_twice(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "HIPCLI_DATA": str(data)}
    env.pop("HIPCLI_DEBUG", None)
    with open("/dev/full", "w") as full:
        result = subprocess.run([*HIPCLI, "log", "add", "side-plank", "--done", "30"], env=env, stdout=full,
                                stderr=subprocess.PIPE, timeout=60)
    assert result.returncode == 0, result.stderr
    assert b"session 1 was saved" in result.stderr and b"do not record it again" in result.stderr
    db = sqlite3.connect(data / "journal.sqlite3")
    assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    db.close()


def test_log_backup_dash_writes_the_backup_to_standard_output(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("log", "add", "side-plank", "--done", "30", data=data).returncode == 0
    result = run("log", "backup", "-", data=data, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "-").exists(), "'-' is standard output, not a file named '-'"
    copy = tmp_path / "from-stdout.sqlite3"
    copy.write_bytes(result.stdout)
    db = sqlite3.connect(copy)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == 2
    db.close()
    # And it restores like any backup.
    other = tmp_path / "other"
    assert run("log", "restore", str(copy), data=other).returncode == 0


def test_train_on_a_read_only_log_says_so_before_the_first_set(mount, tmp_path: Path) -> None:
    """In a real terminal: refused in one line before the session screen opens, not after a set is trained."""
    pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal")
    pytest.importorskip("pyte", reason="pyte reads the screen")
    from tests.terminal import Terminal, tiny_session

    disk = mount()
    data = disk / "data"
    assert run("log", "add", "side-plank", "--done", "30", data=data).returncode == 0
    remount_read_only(disk)
    plan, catalogue = tiny_session(tmp_path)
    env = {"HIPCLI_DATA": str(data), "HIPCLI_DEBUG": ""}
    term = Terminal("train", str(plan), "--catalogue", str(catalogue), env=env)
    assert term.finish() == 1
    err = term.raw.decode("utf-8", "replace")
    assert "read-only file system" in err and "the session was not started" in err, err
    assert "\x1b[?1049h" not in err and "Traceback" not in err  # the session screen never opened
