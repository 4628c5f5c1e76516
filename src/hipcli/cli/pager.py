"""The pager, chosen as git chooses it, for output that would scroll off the terminal."""

from __future__ import annotations

import os
from typing import Any, Optional


def pager_command() -> Optional[str]:
    """The pager command: HIPCLI_PAGER, then PAGER, then less; None for no pager."""
    for name in ("HIPCLI_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return None if command in ("", "cat") else command
    return "less"


def show(text: str, stdout: Any) -> bool:
    """Pipe ``text`` into the pager and wait for it; False when there is no pager to run."""
    import shlex
    import shutil
    import signal
    import subprocess

    command = pager_command()
    if command is None:
        return False
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return False
    if shutil.which(program) is None:
        return False
    # As git does: quit if one screen, keep colour, leave the text on screen, unless the user says otherwise.
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    stdout.flush()
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    # Ctrl-C belongs to the pager (less uses it to stop a search); hipcli just waits for it to end.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(getattr(stdout, "encoding", None) or "utf-8", "replace"))
            process.stdin.close()
        except BrokenPipeError:  # the reader quit before the end: that is fine
            pass
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
