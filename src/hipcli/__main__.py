"""The ``hipcli`` command and ``python -m hipcli``: the command line inside one last guard.

The guard is here, not in the cli package, because importing it imports typer,
which takes a good part of start-up: a Ctrl-C in those first milliseconds
must exit 130 like any other, not print a traceback.
"""


import _signal  # the C module: signal.py would first import enum, a few milliseconds unguarded

# First of all, before any other import: a Ctrl-C that comes before main()'s
# guard is in place is only noted, and main() ends the run with it, quietly,
# as 130. Nothing has been written yet, so there is nothing to clean up.
_early: list[int] = []


def _note_early(signum: int, frame: object) -> None:
    _early.append(signum)


_signal.signal(_signal.SIGINT, _note_early)

import gc  # noqa: E402 - after the handler, on purpose

# Start-up makes tens of thousands of objects (typer's classes, the catalogue's
# cards) and frees few of them. With the default threshold of 700 the cyclic
# collector walks them again and again while they load: about 5 ms of a 90 ms
# `hipcli plan` (bench/startup.py). Collecting every 50,000 new objects instead
# still bounds the garbage a long run (train, a five-year export) can hold.
gc.set_threshold(50_000, 10, 10)

import os  # noqa: E402 - after the handler, on purpose
import signal  # noqa: E402
import sys  # noqa: E402


def _unraisable(hook_args: object) -> None:
    """A Ctrl-C that lands where Python cannot raise it (a finaliser, or code that pydantic-core runs while
    building a class) is printed as "Exception ignored ..." with a traceback, and the run goes on as if
    nothing was pressed. Raise it again a millisecond later instead, once out of the code that swallowed
    it: it arrives inside the guard, which ends the run quietly with 130."""
    if isinstance(getattr(hook_args, "exc_value", None), KeyboardInterrupt):
        signal.signal(signal.SIGALRM, _interrupt_again)
        signal.setitimer(signal.ITIMER_REAL, 0.001)
        return
    sys.__unraisablehook__(hook_args)  # type: ignore[arg-type]


def _interrupt_again(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    sys.unraisablehook = _unraisable
    try:
        # From here a Ctrl-C unwinds as KeyboardInterrupt, so files being written are removed.
        from .errors import ctrl_c

        signal.signal(signal.SIGINT, ctrl_c)
        if _early:
            raise KeyboardInterrupt
        from .cli import run

        status = run()
    except KeyboardInterrupt:
        status = 130
        _interrupted()
    except BaseException as error:  # noqa: B036 - SIGTERM, a broken pipe or a wrapped Ctrl-C outside run()'s own guard
        status = _outside_run(error)
    # Nothing is left to clean up: a signal now must not interrupt Python's own exit.
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE", "SIGALRM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    # Output is flushed (run() checked it), every file hipcli wrote is closed and
    # renamed into place, and hipcli registers no exit handlers: all that is
    # left is freeing each object of the catalogue one by one, which for a big
    # catalogue takes longer than planning did (bench/scale.py). The operating
    # system takes the whole process back at once instead.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: B036 - nothing left to report it to
            pass
    os._exit(status)


def _outside_run(error: BaseException) -> int:
    """The exit status for anything that escaped before or after run()'s guard; never a traceback unless asked."""
    import os

    from .errors import bug_line, stop_status

    if isinstance(error, SystemExit):
        raise error
    status = stop_status(error)
    if status is not None:
        if status == 130:
            _interrupted()
        return status
    from .output import BrokenPipe

    if isinstance(error, BrokenPipe):
        return 141
    if os.environ.get("HIPCLI_DEBUG"):
        raise error
    from .text import visible

    # stderr may not be guarded yet: escape here, the one way text is escaped.
    _say(visible(bug_line(error)).encode("ascii", "backslashreplace").decode("ascii") + "\n")
    return 1


def _interrupted() -> None:
    from .errors import INTERRUPTED

    _say(INTERRUPTED + "\n")


def _say(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except BaseException:  # noqa: B036 - stderr itself may be gone
        pass


if __name__ == "__main__":
    main()
