"""Failures hipcli did not foresee still end in one line and the right exit status, in a real process.

A Ctrl-C can reach Python inside a hook that wraps it in another exception
(``__set_name__`` turns it into a RuntimeError; CI met this while pydantic was
being imported). The signal here is real and sent at a chosen moment: from
inside such a hook.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

PRELUDE = textwrap.dedent(
    """
    import os, signal, sys
    import hipcli.cli
    from hipcli.__main__ import main
    """
)


def run_python(body: str, **env: str) -> subprocess.CompletedProcess[str]:
    code = PRELUDE + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", code, "show", "side-plank"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


CTRL_C_IN_SET_NAME = """
class Trap:
    def __set_name__(self, owner, name):
        os.kill(os.getpid(), signal.SIGINT)  # Python raises KeyboardInterrupt right here

def lean(words):
    class Model:
        field = Trap()  # Python re-raises it as RuntimeError
    return lambda **kwargs: None

hipcli.cli.lean = lean
main()
"""


def test_a_ctrl_c_wrapped_by_python_still_exits_130_quietly() -> None:
    result = run_python(CTRL_C_IN_SET_NAME)
    assert result.returncode == 130, result.stderr
    assert result.stderr == "hipcli: interrupted\n"


def test_a_sigterm_wrapped_by_python_still_exits_143() -> None:
    result = run_python(CTRL_C_IN_SET_NAME.replace("SIGINT", "SIGTERM"))
    assert result.returncode == 143, result.stderr
    assert "Traceback" not in result.stderr


BUG = """
def lean(words):
    raise ValueError("a slip in hipcli\\x1b]52;c;aGk=\\x07")
hipcli.cli.lean = lean
main()
"""


def test_a_bug_is_one_escaped_line_and_exit_1() -> None:
    result = run_python(BUG, HIPCLI_DEBUG="")  # the suite sets it (conftest.py); a user has not
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "internal error (ValueError: a slip in hipcli" in lines[0] and "HIPCLI_DEBUG=1" in lines[0]
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_hipcli_debug_shows_the_traceback_for_a_report() -> None:
    result = run_python(BUG, HIPCLI_DEBUG="1")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "ValueError" in result.stderr


def test_a_failure_while_hipcli_loads_is_one_line_too() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["hipcli.cli"] = None  # importing it now fails, as a broken install would
        from hipcli.__main__ import main
        main()
        """
    )
    env = {**os.environ, "HIPCLI_DEBUG": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "internal error (ModuleNotFoundError" in result.stderr, result.stderr


# pydantic-core, building a validator when a real Ctrl-C lands, reports a SchemaError whose text only mentions
# KeyboardInterrupt: the interrupt itself is gone, nothing in the exception chain. Here the same happens on purpose.
CTRL_C_TURNED_INTO_ANOTHER_ERROR = """
def lean(words):
    try:
        os.kill(os.getpid(), signal.SIGINT)  # a real signal, through hipcli's own handler
    except KeyboardInterrupt:
        pass
    raise ValueError('Field "category": Error building "literal" validator: KeyboardInterrupt:')

hipcli.cli.lean = lean
main()
"""


def test_a_ctrl_c_turned_into_another_error_still_exits_130_quietly() -> None:
    for debug in ("", "1"):  # even where a bug would show its traceback
        result = run_python(CTRL_C_TURNED_INTO_ANOTHER_ERROR, HIPCLI_DEBUG=debug)
        assert result.returncode == 130, result.stderr
        assert result.stderr == "hipcli: interrupted\n"


def test_a_sigterm_turned_into_another_error_still_exits_143() -> None:
    body = CTRL_C_TURNED_INTO_ANOTHER_ERROR.replace("SIGINT", "SIGTERM").replace("except KeyboardInterrupt", "except BaseException")
    result = run_python(body)
    assert result.returncode == 143, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_signal_an_earlier_run_took_does_not_colour_the_next_one() -> None:
    """hipcli as a library: run() twice in one process; the first run's Ctrl-C is not the second run's."""
    code = textwrap.dedent(
        """
        import hipcli.cli
        from hipcli.errors import RECEIVED
        RECEIVED.append(2)  # as if the last run had been interrupted

        def lean(words):
            raise ValueError("a slip in hipcli")

        hipcli.cli.lean = lean
        print(hipcli.cli.run(["show", "side-plank"]))
        """
    )
    env = {**os.environ, "HIPCLI_DEBUG": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert result.stdout.strip().splitlines()[-1] == "1", (result.stdout, result.stderr)
    assert "internal error (ValueError: a slip in hipcli" in result.stderr and "interrupted" not in result.stderr
