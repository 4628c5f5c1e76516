"""Errors a person can act on.

Every message is a finished sentence naming the file, the entry and the field
where there is one. The command line prints it and exits; the core never does.
"""

from __future__ import annotations


class HipcliError(Exception):
    """Base class: a problem with the user's input, not a bug in hipcli."""

    exit_code = 1

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

    exit_code = 2


class WriteError(HipcliError):
    """An output file cannot be written, or exists and --force was not given."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary files), then exit 128 + the signal.

    A BaseException, like KeyboardInterrupt, so ``except Exception`` cannot swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class JournalError(HipcliError):
    """The training log cannot be read or written, or a value for it is out of range."""
