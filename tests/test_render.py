"""What a person sees: golden renderings at a fixed width, and colour only on a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CATALOGUE = str(HERE / "bad_inputs" / "catalogue.toml")
GOLDEN = HERE / "golden"


@pytest.mark.parametrize(
    "name, args",
    [
        ("list.txt", ["list", "--catalogue", CATALOGUE]),
        ("view-plan.txt", ["view", str(HERE / "bad_inputs" / "plan.toml"), "--catalogue", CATALOGUE]),
    ],
)
def test_golden_rendering_at_80_columns_without_colour(cli, name: str, args: list[str]) -> None:
    """Tables are checked once, whole; other tests check cell text only."""
    code, out, _ = cli(*args, env={"COLUMNS": "80"})
    assert code == 0
    assert out == (GOLDEN / name).read_text(encoding="utf-8")


def on_terminal(args: list[str], **env: str) -> bytes:
    """Run hipcli with its output on a pseudo-terminal, as when a person types it."""
    import pty

    leader, follower = pty.openpty()
    environment = {**os.environ, "COLUMNS": "100", **env}
    process = subprocess.Popen([sys.executable, "-m", "hipcli", *args], stdout=follower, stderr=follower, env=environment)
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
    process.wait()
    os.close(leader)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_colour_on_a_terminal_and_plain_with_no_color() -> None:
    coloured = on_terminal(["show", "side-plank"])
    assert b"\x1b[" in coloured and b"Side plank" in coloured
    plain = on_terminal(["show", "side-plank"], NO_COLOR="1")
    assert b"\x1b[" not in plain and b"Side plank" in plain


def test_the_printable_shortcut_never_skips_a_character_that_needs_escaping() -> None:
    """has_control answers "no" for printable text without its regex: every escaped character must be unprintable."""
    import re

    from hipcli import text as formatting

    escaped = re.compile(formatting._PATTERNS["visible"])
    slipped = [hex(code) for code in range(0x110000) if escaped.match(chr(code)) and chr(code).isprintable()]
    assert slipped == []
    assert formatting.has_control("a\u202eb") and formatting.has_control("\x1b[2J") and not formatting.has_control("Banded clamshell")
