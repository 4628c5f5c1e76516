"""The ``hipcli`` command and ``python -m hipcli``: the command line inside one last guard.

The guard is here, not in cli.py, because importing cli.py imports typer,
which takes a good part of start-up: a Ctrl-C in those first milliseconds
must exit 130 like any other, not print a traceback.
"""

from __future__ import annotations

import signal
import sys


def main() -> None:
    try:
        from .cli import run

        status = run()
    except KeyboardInterrupt:
        status = 130
        _say("hipcli: interrupted\n")
    except BaseException as error:  # noqa: B036 - SIGTERM or a broken pipe outside run()'s own guard
        # Both are loaded by the time either can be raised, so these imports cost nothing.
        from .errors import Terminated
        from .output import BrokenPipe

        if isinstance(error, Terminated):
            status = 128 + error.signum
        elif isinstance(error, BrokenPipe):
            status = 141
        else:
            raise
    # Nothing is left to clean up: a signal now must not interrupt Python's own exit.
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    sys.exit(status)


def _say(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except BaseException:  # noqa: B036 - stderr itself may be gone
        pass


if __name__ == "__main__":
    main()
