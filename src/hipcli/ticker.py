"""The guided session's clock and keyboard: one ``select`` call that wakes on a key or a deadline.

The loop asks the state machine when it next changes (``State.next_wake``) and
sleeps in ``select`` until then or until a key arrives, so waiting costs no
CPU and there is no polling interval to tune. Deadlines are absolute
``time.monotonic`` values, so a late wake-up delays one redraw and never
shifts the ones after it. The terminal is put in cbreak mode (keys arrive
one by one, unechoed; Ctrl-C still sends SIGINT) and put back on the way out,
whatever way out that is. A window resize (SIGWINCH) wakes the same
``select`` through a self-pipe, so the screen can be redrawn at once.

``HIPCLI_CLOCK_SPEED`` (a number, 1 by default) makes the session's clock run
that many times faster than the wall clock: terminal tests walk a whole
session of 30-second holds in a second or two, through the same code.
"""

from __future__ import annotations

import os
import select
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType, TracebackType
from typing import Any

from .trainer import Key, Stopped, Tick

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
SPEED_ENV = "HIPCLI_CLOCK_SPEED"
MAX_SPEED = 1000.0
_NAMED = {
    b"\r": "enter",
    b"\n": "enter",
    b" ": "space",
    b"\t": "tab",
    b"\x7f": "backspace",
    b"\x08": "backspace",
}
_ESCAPES = {
    b"[A": "up",
    b"[B": "down",
    b"[C": "right",
    b"[D": "left",
    b"OA": "up",
    b"OB": "down",
    b"OC": "right",
    b"OD": "left",
}


def clock_speed() -> float:
    """How many times faster than the wall clock the session runs (``HIPCLI_CLOCK_SPEED``); 1 when unset or unusable."""
    try:
        speed = float(os.environ.get(SPEED_ENV, "1"))
    except ValueError:
        return 1.0
    return speed if 0 < speed <= MAX_SPEED else 1.0


def session_clock(speed: float | None = None) -> Callable[[], float]:
    """A monotonic clock running ``speed`` times as fast from now on; ``time.monotonic`` itself at speed 1."""
    speed = clock_speed() if speed is None else speed
    if speed == 1.0:
        return time.monotonic
    origin = time.monotonic()
    return lambda: origin + (time.monotonic() - origin) * speed


@dataclass(frozen=True)
class Resize:
    """The terminal changed size: redraw."""

    now: float


def key_names(data: bytes) -> list[str]:
    """Bytes read from a terminal in cbreak mode, as key names the state machine knows."""
    names: list[str] = []
    i = 0
    while i < len(data):
        byte = data[i : i + 1]
        if byte == b"\x1b":
            sequence = data[i + 1 : i + 3]
            if sequence in _ESCAPES:
                names.append(_ESCAPES[sequence])
                i += 3
                continue
            if sequence[:1] in (b"[", b"O"):
                # An escape sequence hipcli has no use for (a function key): skip it whole.
                j = i + 2
                while j < len(data) and not (0x40 <= data[j] <= 0x7E):
                    j += 1
                i = j + 1
                continue
            names.append("escape")
            i += 1
            continue
        if byte in _NAMED:
            names.append(_NAMED[byte])
            i += 1
            continue
        if data[i] < 0x20:
            i += 1  # other control keys mean nothing here
            continue
        # One character, which may take several bytes in UTF-8.
        length = 1
        if data[i] >= 0xC0:
            length = 2 if data[i] < 0xE0 else 3 if data[i] < 0xF0 else 4
        names.append(data[i : i + length].decode("utf-8", errors="replace"))
        i += length
    return names


class Ticker:
    """Keys and deadlines from one terminal, as events on a queue.

    ``wait(deadline)`` blocks until a key, a resize or the deadline, then
    returns the events queued: keys and resizes in order, then one ``Tick``
    with the time of waking.
    """

    def __init__(self, fd: int, *, clock: Callable[[], float] | None = None, speed: float | None = None) -> None:
        self.fd = fd
        self.speed = clock_speed() if speed is None else speed
        # Given a clock, its speed is the caller's business; else the session clock at the set speed.
        self.clock = clock or session_clock(self.speed)
        if clock is not None and speed is None:
            self.speed = 1.0
        self.queue: deque[Key | Tick | Stopped | Resize] = deque()
        self._saved: list[Any] | None = None
        self._pipe: tuple[int, int] | None = None
        self._old_wakeup = -1
        self._old_handlers: dict[int, Any] = {}
        self._stopped: list[int] = []

    def __enter__(self) -> Ticker:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        # TCSANOW, not the default TCSAFLUSH: keys typed while hipcli started are kept.
        tty.setcbreak(self.fd, termios.TCSANOW)
        reader, writer = os.pipe()
        os.set_blocking(reader, False)
        os.set_blocking(writer, False)
        self._pipe = (reader, writer)
        # Ctrl-C, kill and hang-up only set a flag here, and the wake-up pipe ends the select at once; the
        # loop then stops at a known point. An exception raised from inside the handler could land in a
        # finaliser that runs mid-redraw, where Python prints it as "ignored" and the session carries on.
        for number in STOP_SIGNALS:
            self._old_handlers[number] = signal.signal(number, self._stop)
        self._old_handlers[signal.SIGWINCH] = signal.signal(signal.SIGWINCH, _ignore)
        # Ctrl-Z: stop at a known point with the terminal put back (see _suspend); a shell without
        # job control ignores SIGTSTP, and then so does hipcli.
        if signal.getsignal(signal.SIGTSTP) == signal.SIG_DFL:
            self._old_handlers[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, self._suspend_asked)
        self._old_wakeup = signal.set_wakeup_fd(writer)
        return self

    # Set by on_suspend: what puts the screen back before a stop, and sets it up again after 'fg'.
    _leave: Callable[[], None] | None = None
    _enter: Callable[[], None] | None = None
    _suspend_pending = False

    def on_suspend(self, leave: Callable[[], None], enter: Callable[[], None]) -> None:
        """Run ``leave`` before Ctrl-Z stops the process (the normal screen, the cursor shown) and ``enter`` after."""
        self._leave, self._enter = leave, enter

    def _suspend_asked(self, number: int, frame: FrameType | None) -> None:
        self._suspend_pending = True

    def _suspend(self) -> None:
        """Put the terminal back as it was, stop for real, and on SIGCONT set it up again and ask for a redraw.

        Done from the loop, not the signal handler, so a stop never lands in
        the middle of a redraw. The shell gets the prompt in its own mode
        (echo, line editing); after 'fg' keys arrive one by one again.
        """
        import termios
        import tty

        self._suspend_pending = False
        if self._saved is not None:
            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            except termios.error:
                pass
        if self._leave is not None:
            self._leave()
        handler = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        stopped_at = self.clock()
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT ('fg' or 'bg')
        finally:
            signal.signal(signal.SIGTSTP, handler)
        try:
            tty.setcbreak(self.fd, termios.TCSANOW)
        except termios.error:
            pass
        if self._enter is not None:
            self._enter()
        now = self.clock()
        self.queue.append(Stopped(stopped_at, now))  # the session waits, paused where it stopped (trainer.step)
        self.queue.append(Resize(now))

    def _stop(self, number: int, frame: FrameType | None) -> None:
        self._stopped.append(number)

    def _check_stopped(self) -> None:
        if self._suspend_pending and not self._stopped:
            self._suspend()
        if not self._stopped:
            return
        number = self._stopped[0]
        if number == signal.SIGINT:
            raise KeyboardInterrupt
        from .errors import Terminated

        raise Terminated(number)  # the command line exits with 128 + its number, as for any command

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        import termios

        if self._saved is not None:
            try:
                termios.tcsetattr(self.fd, termios.TCSAFLUSH, self._saved)
            except termios.error:
                pass  # the terminal went away (hang-up): nothing left to restore
        signal.set_wakeup_fd(self._old_wakeup)
        for number, handler in self._old_handlers.items():
            signal.signal(number, handler)
        if self._pipe is not None:
            for fd in self._pipe:
                os.close(fd)

    def wait(self, deadline: float | None) -> list[Key | Tick | Stopped | Resize]:
        assert self._pipe is not None
        self._check_stopped()
        reader = self._pipe[0]
        timeout = None if deadline is None else max(0.0, deadline - self.clock()) / self.speed
        ready, _, _ = select.select([self.fd, reader], [], [], timeout)
        now = self.clock()
        if reader in ready:
            signals = _drain(reader)
            if signal.SIGWINCH in signals:
                self.queue.append(Resize(now))
        self._check_stopped()
        if self.fd in ready:
            try:
                data = os.read(self.fd, 1024)
            except OSError:
                data = b""  # EIO: the terminal hung up
            if not data:
                # The terminal closed under us: nobody is left to answer, so stop asking.
                raise EOFError("the terminal closed")
            self.queue.extend(Key(name, now) for name in key_names(data))
        self.queue.append(Tick(now))
        events = list(self.queue)
        self.queue.clear()
        return events


def _ignore(number: int, frame: FrameType | None) -> None:
    """SIGWINCH needs a Python handler for the wake-up pipe to hear it; the pipe does the work."""


def _drain(fd: int) -> set[int]:
    signals: set[int] = set()
    while True:
        try:
            chunk = os.read(fd, 64)
        except BlockingIOError:
            return signals
        if not chunk:
            return signals
        signals.update(chunk)


__all__ = ["Resize", "Ticker", "clock_speed", "key_names", "session_clock"]
