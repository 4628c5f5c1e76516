"""The command line: parse options, call the core, render, print.

The parts import only downward: ``shell.py`` (the app, the one command
decorator and error translator, the Terminal each command is handed) and
``options.py`` (the shared options and their parsers) at the bottom; one
module per command group above them, none importing another; and this
module on top, putting the app together.

A run imports only the module that holds the command being run
(``MODULES``): ``hipcli plan`` never loads the log's, the trainer's or the
importers' command modules. ``app`` (``from hipcli.cli import app``), help
and any name not in ``MODULES`` put the whole app together first.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn, Optional

from .shell import Terminal, name_pages, spelling
from .shell import app as _app
from .shell import run as _run

if TYPE_CHECKING:
    import typer

# Which module holds each command and group at the top level (hipcli plan, hipcli log ...).
# tests/test_layering.py checks this against the commands the modules register.
MODULES = {
    "plan": "plan", "program": "plan", "programme": "plan", "goals": "plan", "view": "plan", "export": "plan", "schema": "plan",
    "train": "train", "assess": "assess",
    "show": "catalogue", "list": "catalogue", "alternatives": "catalogue", "sources": "catalogue", "validate": "catalogue",
    "edit": "edit", "config": "settings", "new-card": "imports", "import": "imports", "log": "log",
}
# The log group's commands are kept in several modules, one job each; --help lists them in the order a person
# uses them: record, look back, move the data, follow a programme, see progress, correct mistakes.
LOG_MODULES = ("log_record", "log_files", "log_progress", "log_corrections")
LOG_ORDER = ("session", "add", "morning", "history", "export", "import", "where", "backup", "restore", "follow",
             "progress", "delete", "edit", "undo")
# The order --help lists the modules' commands in is shell.Group.ORDER; this is only the order they are added.
_ORDER = ("plan", "train", "assess", "catalogue", "edit", "settings", "log", "imports")
_added: set[str] = set()


def assemble(names: Optional[set[str]] = None) -> typer.Typer:
    """Add the commands of the modules holding ``names`` (all of them for None) to the app, each module once."""
    wanted = set(_ORDER) if names is None else {MODULES[name] for name in names if name in MODULES}
    for key in (key for key in _ORDER if key in wanted and key not in _added):
        module = importlib.import_module(f".{key}", __name__)
        if key == "log":
            log_app = module.app
            for part in LOG_MODULES:
                log_app.registered_commands += importlib.import_module(f".{part}", __name__).commands.registered_commands
            log_app.registered_commands.sort(
                key=lambda info: LOG_ORDER.index(info.name) if info.name in LOG_ORDER else len(LOG_ORDER)
            )
            _app.add_typer(log_app, name="log")
        else:
            _app.registered_commands += module.commands.registered_commands
            if key == "imports":
                _app.add_typer(module.app, name="import")
        _added.add(key)
    # Each command's help ends with the path of its page in docs/ (shell.MANUAL).
    name_pages(_app)
    return _app


def command_name(words: list[str]) -> Optional[str]:
    """The command a run names: its first word that is not an option, in either spelling."""
    if os.environ.get("_HIPCLI_COMPLETE"):
        # A Tab press: the words typed so far come in an environment variable.
        typed = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
        words = typed.split()[1:]
    name = next((word for word in words if not word.startswith("-")), None)
    return None if name is None else spelling(name)


def run(argv: Optional[list[str]] = None) -> int:
    """Run one command (shell.run), with only its own module imported where that is known."""
    words = list(sys.argv[1:] if argv is None else argv)
    name = command_name(words)
    if name in MODULES:
        assemble({name})
    elif not (name is None and "--version" in words):
        assemble()  # the list of commands, a misspelt name (did-you-mean needs them all), or completing a name
    return _run(argv)


def main() -> NoReturn:
    """The ``hipcli`` entry point when called from Python: run, then exit with the status."""
    raise SystemExit(run())


def __getattr__(name: str) -> Any:
    # ``from hipcli.cli import app``: the whole app, every command in it.
    if name == "app":
        return assemble()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MODULES", "Terminal", "app", "assemble", "main", "run"]
