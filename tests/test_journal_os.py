"""The training log against the real operating system: two writers, SIGKILL, a full disk.

Slow-ish (real processes); kept apart from tests/test_journal.py so the fast suite stays fast.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hipcli.errors import JournalError
from hipcli.journal import Journal

WRITER = textwrap.dedent(
    """
    import sys
    from hipcli.journal import Journal
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Journal.open(path) as log:
        session = log.start_session(title=name)
        for number in range(1, count + 1):
            log.record_set(session, slug="side-plank", set_number=number, unit="seconds", done=number, pain=0)
            print(number, flush=True)
        if count:
            log.finish_session(session)
    """
)

pytestmark = pytest.mark.slow


def writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    """Both create the log at the same moment and record 150 sets each, interleaved."""
    path = tmp_path / "log.db"
    first, second = writer(path, "first", 150), writer(path, "second", 150)
    for process in (first, second):
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    with Journal.open(path) as log:
        sessions = log.sessions()
        assert sorted(s.title for s in sessions) == ["first", "second"]
        for session in sessions:
            done = [s.done for s in log.sets(session_ids=[session.id])]
            assert sorted(done) == list(range(1, 151))
    assert integrity(path) == "ok"


def test_a_process_killed_mid_session_keeps_every_set_it_recorded(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    process = writer(path, "killed", 100_000)
    assert process.stdout is not None
    confirmed = 0
    for line in process.stdout:
        confirmed = int(line)
        if confirmed >= 25:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # It went on recording until the kill landed: every set it confirmed is what counts.
    for line in process.stdout:
        confirmed = int(line)
    assert integrity(path) == "ok"
    with Journal.open(path) as log:
        [session] = log.sessions()
        assert session.finished is None  # the session never finished...
        done = [s.done for s in log.sets()]
        # ...but every set reported as recorded is there (and perhaps the one being written).
        assert done[:confirmed] == list(range(1, confirmed + 1))
        assert len(done) in (confirmed, confirmed + 1)
        # The log goes on working.
        log.record_set(session.id, slug="side-plank", set_number=len(done) + 1, unit="seconds", done=1)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB tmpfs, so the disk really fills up (needs root, as in CI)."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    folder = tmp_path / "disk"
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_refuses_the_set_and_keeps_the_log_intact(small_disk: Path) -> None:
    path = small_disk / "log.db"
    with Journal.open(path) as log:
        session = log.start_session(title="before")
        for number in range(1, 6):
            log.record_set(session, slug="side-plank", set_number=number, unit="seconds", done=30)
        # Fill what is left of the disk.
        filler = small_disk / "filler"
        handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(handle, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(handle)
        with pytest.raises(JournalError, match="disk is full|cannot be used"):
            for number in range(6, 10_000):
                log.record_set(session, slug="side-plank", set_number=number, unit="seconds", done=30,
                               placement="x" * 3000)
        filler.unlink()
        recorded = len(log.sets())
        assert recorded >= 5
    assert integrity(path) == "ok"
    with Journal.open(path) as log:
        assert len(log.sets()) == recorded
        assert [s.done for s in log.sets()][:5] == [30] * 5
