"""The pager: long output on a terminal goes through PAGER (less by default, LESS=FRX), never when piped.

These run hipcli on a real pseudo-terminal (pexpect), as a person types it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.terminal

pexpect = pytest.importorskip("pexpect", reason="pexpect (a test extra) drives a real terminal")

RECORDER = """\
import os, sys
data = sys.stdin.buffer.read()
with open(sys.argv[1], "wb") as out:
    out.write(("LESS=" + os.environ.get("LESS", "<unset>") + "\\n").encode() + data)
"""


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A pager that records what it was given (and LESS) to a file."""
    script = tmp_path / "pager.py"
    script.write_text(RECORDER)
    record = tmp_path / "paged.txt"
    return f"{sys.executable} {script} {record}", record


def run_on_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> str:
    child = pexpect.spawn(sys.executable, ["-m", "hipcli", *args], env=env, dimensions=(rows, 80), timeout=60)
    output = child.read().decode("utf-8", "replace")
    child.close()
    assert child.exitstatus == 0, output
    return output


def terminal_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PAGER", "HIPCLI_PAGER", "LESS", "COLUMNS", "LINES")}
    env.update(TERM="xterm", **extra)
    return env


def test_long_output_on_a_terminal_goes_through_the_pager_with_less_frx(recorder) -> None:
    pager, record = recorder
    output = run_on_terminal(["list"], terminal_env(PAGER=pager))
    paged = record.read_text()
    assert paged.startswith("LESS=FRX\n")
    assert "banded-psoas-march" in paged and "banded-psoas-march" not in output


def test_the_users_less_setting_is_kept(recorder) -> None:
    pager, record = recorder
    run_on_terminal(["list"], terminal_env(PAGER=pager, LESS="-S"))
    assert record.read_text().startswith("LESS=-S\n")


def test_hipcli_pager_wins_over_pager(recorder) -> None:
    pager, record = recorder
    run_on_terminal(["list"], terminal_env(PAGER="false", HIPCLI_PAGER=pager))
    assert record.exists()


@pytest.mark.parametrize("args", [["list", "--no-pager"], ["--no-pager", "list"]])
def test_no_pager_prints_straight_to_the_terminal(recorder, args: list[str]) -> None:
    pager, record = recorder
    output = run_on_terminal(args, terminal_env(PAGER=pager))
    assert not record.exists() and "banded-psoas-march" in output


@pytest.mark.parametrize("value", ["", "cat"])
def test_an_empty_or_cat_pager_means_none(recorder, value: str) -> None:
    output = run_on_terminal(["list"], terminal_env(PAGER=value))
    assert "banded-psoas-march" in output


def test_short_output_is_not_paged(recorder) -> None:
    pager, record = recorder
    output = run_on_terminal(["goals"], terminal_env(PAGER=pager), rows=200)
    assert not record.exists() and "running" in output


def test_piped_output_is_never_paged(recorder) -> None:
    pager, record = recorder
    result = subprocess.run(
        [sys.executable, "-m", "hipcli", "list"], capture_output=True, text=True, env=terminal_env(PAGER=pager)
    )
    assert result.returncode == 0 and "banded-psoas-march" in result.stdout and not record.exists()


def test_a_missing_pager_falls_back_to_printing() -> None:
    output = run_on_terminal(["list"], terminal_env(PAGER="no-such-pager-anywhere"))
    assert "banded-psoas-march" in output


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed (.ci/run installs it)")
def test_real_less_shows_the_list_and_quits_on_q() -> None:
    child = pexpect.spawn(sys.executable, ["-m", "hipcli", "list"], env=terminal_env(), dimensions=(24, 80), timeout=60)
    child.expect("exercises")
    child.expect("\r\n:")  # less's prompt on the last line: it waits for a key
    assert child.isalive()
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_no_pager_without_a_keyboard(recorder) -> None:
    """Output on a terminal but input from elsewhere (a harness, a pipe): print, never wait for keys."""
    import pty

    pager, record = recorder
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "hipcli", "list"], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
        env=terminal_env(PAGER=pager),
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    assert process.wait() == 0
    os.close(leader)
    assert b"banded-psoas-march" in out and not record.exists()
