"""A real pseudo-terminal running hipcli, with a terminal emulator reading what reaches it.

pexpect gives the process a real pty (cbreak mode, SIGWINCH, Ctrl-C as a
signal); pyte replays every byte written to it, so a test asserts on what a
person would see, and ``raw`` keeps every escape sequence for the rest.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
import pyte

HIPCLI = [sys.executable, "-m", "hipcli"]
KEYS = {"enter": "\r", "space": " ", "tab": "\t", "backspace": "\x7f", "up": "\x1b[A", "down": "\x1b[B"}


# Screens that stay until a key is pressed: safe to wait for them to finish drawing.
WAITING_SCREENS = frozenset({"HOW DID IT GO?", "CORRECT A RECORDED SET"})


class Terminal:
    def __init__(
        self, *args: str, env: dict[str, str] | None = None, columns: int = 80, rows: int = 30,
        argv: list[str] | None = None,
    ) -> None:
        """Run ``hipcli ARGS``, or any ``argv``, in a terminal of this size."""
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "TERM": "xterm-256color",
            "HOME": os.environ.get("HOME", "/tmp"),
            "HIPCLI_CACHE_DIR": os.environ["HIPCLI_CACHE_DIR"],
            "PYTHONPATH": os.pathsep.join(sys.path),
        }
        environment.update(env or {})
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        command = argv or [*HIPCLI, *args]
        self.child = pexpect.spawn(command[0], command[1:], env=environment, dimensions=(rows, columns), timeout=20)

    def pump(self, seconds: float = 0.05) -> None:
        """Read whatever the process wrote, for up to ``seconds``."""
        end = time.monotonic() + seconds
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=max(0.0, end - time.monotonic()))
            except (pexpect.TIMEOUT, pexpect.EOF):
                return
            self.raw += data
            self.stream.feed(data)
            if time.monotonic() >= end:
                return

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, *needles: str, timeout: float = 20.0) -> str:
        """Read until the screen shows every one of ``needles`` at once; fail with the screen if it never does.

        A screen that waits for a key (the record form, the correction form) must also still show them a
        moment later: a frame larger than the pty's buffer arrives in pieces, and a half-drawn frame can
        pair the new header with the old form, so keys sent then would reach the screen before it."""
        end = time.monotonic() + timeout
        settle = any(needle in WAITING_SCREENS for needle in needles)
        while True:
            if all(needle in self.text for needle in needles):
                if not settle:
                    break
                self.pump(0.25)
                if all(needle in self.text for needle in needles):
                    break
                continue
            if time.monotonic() > end or not self.child.isalive():
                self.pump(0.2)
                if all(needle in self.text for needle in needles):
                    break
                raise AssertionError(f"never saw {needles!r}; the screen:\n{self.text}")
            self.pump(0.1)
        return self.text

    def press(self, *names: str) -> None:
        for name in names:
            self.child.send(KEYS.get(name, name))
            self.pump(0.05)

    def resize(self, columns: int, rows: int) -> None:
        self.screen.resize(rows, columns)
        self.child.setwinsize(rows, columns)

    def finish(self, timeout: float = 20.0) -> int:
        """Read to the end and return the exit status (128 + signal when killed)."""
        end = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < end:
            self.pump(0.1)
        self.pump(0.1)
        self.child.close()
        if self.child.signalstatus is not None:
            return 128 + self.child.signalstatus
        status: Any = self.child.exitstatus
        return int(status)


def tiny_session(folder: Path) -> tuple[Path, Path]:
    """A catalogue and a saved plan with 2-3 second holds and 2-second rests: a whole session in seconds."""
    import tomli_w

    from .conftest import small_catalogue

    catalogue = small_catalogue()
    cards = {card["slug"]: card for card in catalogue["exercises"]}
    cards["side-hold"]["prescription"]["intermediate"] = {"sets": 1, "seconds": [2, 3], "rest": 2, "source": "R7"}
    cards["band-march"]["prescription"]["intermediate"] = {
        "sets": 2, "reps": [2, 3], "rest": 2, "tempo": "1-0-1", "band": "light", "source": "R7"
    }
    (folder / "catalogue.toml").write_text(tomli_w.dumps(catalogue), encoding="utf-8")
    plan = {
        "format": 1,
        "kind": "plan",
        "hipcli": "test",
        "created": "2026-11-30",
        "request": {"level": "intermediate", "goal": "running", "session": "strength", "minutes": 5},
        "blocks": [
            {
                "key": "core",
                "title": "Core",
                "purpose": "Trunk control.",
                "exercises": [
                    {"slug": "side-hold", "name": "Side hold", "sets": 1, "seconds": [2, 3], "per_side": True,
                     "rest": 2, "cue": "Straight line."},
                    {"slug": "band-march", "name": "Band march", "sets": 2, "reps": [2, 3], "per_side": True,
                     "rest": 2, "tempo": "1-0-1", "band": "light", "cue": "Slow."},
                ],
            }
        ],
        "bands": {
            "chart": "Test brand",
            "colours": {"extra-light": "yellow", "light": "red", "medium": "green", "heavy": "blue",
                        "extra-heavy": "black"},
        },
    }
    (folder / "plan.toml").write_text(tomli_w.dumps(plan), encoding="utf-8")
    return folder / "plan.toml", folder / "catalogue.toml"
