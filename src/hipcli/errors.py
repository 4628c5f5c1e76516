"""Errors a person can act on.

Every message is a finished sentence naming the file, the entry and the field
where there is one. The command line prints it and exits; the core never does.
"""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    """Every way hipcli ends, by name (as httpie's ``ExitStatus``); a stop signal N ends as 128 + N."""

    OK = 0
    ERROR = 1  # the user's input or a file: one line says what to fix
    USAGE = 2  # a wrong option or argument
    SIGNAL_BASE = 128  # a stop signal N ends as 128 + N (SIGHUP 129, SIGTERM 143)
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT
    PIPE_CLOSED = 141  # the reader of standard output left (128 + SIGPIPE), quietly


# Said once, whichever part of hipcli the Ctrl-C reached.
INTERRUPTED = "hipcli: interrupted"


class HipcliError(Exception):
    """Base class: a problem with the user's input, not a bug in hipcli."""

    exit_code: int = ExitStatus.ERROR

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Each problem is one line; a file with several mistakes lists them all.
        self.problems = problems or [message]


class CatalogueError(HipcliError):
    """A catalogue file is missing, unreadable or invalid."""


class PlanFileError(HipcliError):
    """A saved plan or programme file is missing, unreadable or invalid."""


class ConfigError(HipcliError):
    """The user's config file is unreadable or holds a value hipcli does not know."""


class NotFound(HipcliError):
    """A name matches no exercise; the message suggests the closest ones."""


class PlanError(HipcliError):
    """No sensible plan fits the request; the message says what to change."""


class RequestError(HipcliError):
    """An option value is not allowed (exit status 2, like any usage error)."""

    exit_code = ExitStatus.USAGE


class WriteError(HipcliError):
    """An output file cannot be written, or exists and --force was not given."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary files), then exit 128 + the signal.

    A BaseException, like KeyboardInterrupt, so ``except Exception`` cannot swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# The stop signals this process has received, first one first. A Ctrl-C can land inside code that turns it into
# something else entirely: pydantic-core, building a validator, reports it as a SchemaError whose text merely
# mentions KeyboardInterrupt, with nothing behind it to find. Whatever comes out after a signal arrived ends as it.
RECEIVED: list[int] = []


def ctrl_c(signum: int, frame: object) -> None:
    """The SIGINT handler of the command line: Python's own (raise KeyboardInterrupt), noting that it came."""
    RECEIVED.append(signum)
    raise KeyboardInterrupt


def stop_status(error: BaseException) -> int | None:
    """The exit status for a Ctrl-C or stop signal found in ``error`` or behind it, else None.

    Python wraps some exceptions on their way out: one raised in ``__set_name__``
    while a class is built comes out as a RuntimeError, and that is exactly
    where a Ctrl-C lands while pydantic's models are being imported. A signal
    must end as a signal however it is dressed, so the whole chain is searched.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, KeyboardInterrupt):
            return ExitStatus.INTERRUPTED
        if isinstance(current, Terminated):
            return ExitStatus.SIGNAL_BASE + current.signum
        pending += [current.__cause__, current.__context__]
    if RECEIVED:
        import signal

        first = RECEIVED[0]
        return ExitStatus.INTERRUPTED if first == signal.SIGINT else ExitStatus.SIGNAL_BASE + first
    return None


def bug_line(error: BaseException) -> str:
    """One line for a failure hipcli did not foresee: what happened, and how to get the details for a report."""
    first = (str(error).strip().splitlines() or [""])[0]
    what = f"{type(error).__name__}: {first}" if first else type(error).__name__
    return f"hipcli: internal error ({what}); this is a bug in hipcli. Run again with HIPCLI_DEBUG=1 for the details."


class JournalError(HipcliError):
    """The training log cannot be read or written, or a value for it is out of range."""
