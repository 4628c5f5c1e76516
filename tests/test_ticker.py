"""The ticker on a real pseudo-terminal: keys, deadlines, resizes, and the terminal put back."""

from __future__ import annotations

import os
import signal
import termios
import time

import pytest

from hipcli.errors import Terminated
from hipcli.ticker import Resize, Ticker, key_names
from hipcli.trainer import Key, Tick

pytestmark = pytest.mark.terminal


def test_bytes_become_key_names() -> None:
    assert key_names(b"q\r \t\x7f") == ["q", "enter", "space", "tab", "backspace"]
    assert key_names(b"\x1b[A\x1b[B\x1bOC\x1b[D") == ["up", "down", "right", "left"]
    assert key_names(b"\x1b") == ["escape"]
    assert key_names(b"\x1b[15~x") == ["x"]  # F5 means nothing; the key after it still counts
    assert key_names("é".encode()) == ["é"]
    assert key_names(b"\x01\x02") == []


@pytest.fixture
def pty():  # type: ignore[no-untyped-def]
    controller, terminal = os.openpty()
    yield controller, terminal
    os.close(controller)
    os.close(terminal)


def test_a_key_wakes_the_wait_before_its_deadline(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    with Ticker(terminal) as ticker:
        os.write(controller, b"p")
        events = ticker.wait(time.monotonic() + 30)
    assert [type(e) for e in events] == [Key, Tick] and events[0].name == "p"  # type: ignore[union-attr]


def test_a_deadline_wakes_the_wait_with_a_tick(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    with Ticker(terminal) as ticker:
        deadline = time.monotonic() + 0.05
        events = ticker.wait(deadline)
    assert len(events) == 1 and isinstance(events[0], Tick) and events[0].now >= deadline


def test_a_resize_signal_wakes_the_wait(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    with Ticker(terminal) as ticker:
        os.kill(os.getpid(), signal.SIGWINCH)
        events = ticker.wait(None)
    assert any(isinstance(e, Resize) for e in events)


def test_cbreak_mode_is_undone_on_the_way_out_even_after_an_error(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    before = termios.tcgetattr(terminal)
    with pytest.raises(RuntimeError):
        with Ticker(terminal):
            inside = termios.tcgetattr(terminal)
            assert not inside[3] & termios.ICANON and not inside[3] & termios.ECHO
            raise RuntimeError("boom")
    assert termios.tcgetattr(terminal) == before


def test_keys_typed_before_the_session_started_are_kept(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    attrs = termios.tcgetattr(terminal)
    attrs[3] &= ~termios.ICANON  # as if typed ahead unechoed, so the bytes are already readable
    termios.tcsetattr(terminal, termios.TCSANOW, attrs)
    os.write(controller, b"m")
    time.sleep(0.05)
    with Ticker(terminal) as ticker:
        events = ticker.wait(time.monotonic() + 5)
    assert Key("m", events[0].now) in events


def test_a_closed_terminal_ends_the_wait_instead_of_spinning(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    with Ticker(terminal) as ticker:
        reader, writer = os.pipe()
        os.close(writer)
        ticker.fd = reader  # a pipe whose writer is gone reads as end of file
        with pytest.raises(EOFError):
            ticker.wait(None)
        ticker.fd = terminal
        os.close(reader)


def test_ctrl_c_ends_the_wait_as_keyboard_interrupt(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    with Ticker(terminal) as ticker:
        os.kill(os.getpid(), signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            ticker.wait(None)


def test_a_kill_ends_the_wait_with_its_exit_status_and_handlers_come_back(pty) -> None:  # type: ignore[no-untyped-def]
    controller, terminal = pty
    before = signal.getsignal(signal.SIGTERM)
    with Ticker(terminal) as ticker:
        os.kill(os.getpid(), signal.SIGTERM)
        with pytest.raises(Terminated) as stopped:
            ticker.wait(time.monotonic() + 30)
    assert stopped.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before
