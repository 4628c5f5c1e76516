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
from collections.abc import Callable
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
LOG_MODULES = {
    "session": "log_record", "add": "log_record", "morning": "log_record", "follow": "log_record",
    "history": "log", "export": "log",
    "import": "log_files", "where": "log_files", "backup": "log_files", "restore": "log_files",
    "progress": "log_progress",
    "delete": "log_corrections", "edit": "log_corrections", "undo": "log_corrections",
}
LOG_ORDER = ("session", "add", "morning", "history", "export", "import", "where", "backup", "restore", "follow",
             "progress", "delete", "edit", "undo")
# The order --help lists the modules' commands in is shell.Group.ORDER; this is only the order they are added.
_ORDER = ("plan", "train", "assess", "catalogue", "edit", "settings", "log", "imports")
_LOG_PARTS = ("log_record", "log_files", "log_progress", "log_corrections")
_added: set[str] = set()


def assemble(names: Optional[set[str]] = None, log_names: Optional[set[str]] = None) -> typer.Typer:
    """Add the commands of the modules holding ``names`` (all of them for None) to the app, each module once.

    For the log group, ``log_names`` narrows the log's own modules to those holding these commands.
    """
    wanted = set(_ORDER) if names is None else {MODULES[name] for name in names if name in MODULES}
    for key in (key for key in _ORDER if key in wanted and key not in _added):
        module = importlib.import_module(f".{key}", __name__)
        if key == "log":
            _app.add_typer(module.app, name="log")
        else:
            _app.registered_commands += module.commands.registered_commands
            if key == "imports":
                _app.add_typer(module.app, name="import")
        _added.add(key)
    if "log" in wanted:
        log_app = importlib.import_module(".log", __name__).app
        parts = set(_LOG_PARTS) if log_names is None else {LOG_MODULES[name] for name in log_names if name in LOG_MODULES}
        for part in (part for part in _LOG_PARTS if part in parts and part not in _added):
            log_app.registered_commands += importlib.import_module(f".{part}", __name__).commands.registered_commands
            _added.add(part)
        log_app.registered_commands.sort(
            key=lambda info: LOG_ORDER.index(info.name) if info.name in LOG_ORDER else len(LOG_ORDER)
        )
    # Each command's help ends with the path of its page in docs/ (shell.MANUAL).
    name_pages(_app)
    return _app


def app_for(words: list[str]) -> typer.Typer:
    """The app to run ``words`` with: only the module holding the command imported, only the command built."""
    commands = [spelling(word) for word in words if not word.startswith("-")]
    name = commands[0] if commands else None
    if name == "log" and len(commands) > 1 and commands[1] in LOG_MODULES:
        assemble({name}, {commands[1]})
    elif name in MODULES:
        assemble({name})
    elif not (name is None and "--version" in words):
        assemble()  # the list of commands, a misspelt name (did-you-mean needs them all), or completing a name
    return lean(words)


def lean(words: list[str]) -> typer.Typer:
    """The app with only the command being run, so start-up builds one command, not all of them.

    typer turns every registered command into a click command before it reads
    the arguments; for a dozen commands with many options that is a good part
    of start-up. ``hipcli --help`` and unknown names still get the whole app.
    """
    import copy

    name = next((word for word in words if not word.startswith("-")), None)
    if name is None and (not words or {"--help", "-h"} & set(words)):
        return listing()
    chosen = [info for info in _app.registered_commands if name is not None and info.name == name]
    groups = [info for info in _app.registered_groups if name is not None and info.name == name]
    if groups:
        # A command group (hipcli log ...): build only that group, and in it only the
        # command being run (all of it for help, or a name that needs matching).
        chosen_group = copy.copy(groups[0])
        rest = words[words.index(name) + 1 :]
        sub = next((word for word in rest if not word.startswith("-")), None)
        only = [info for info in chosen_group.typer_instance.registered_commands if sub is not None and info.name == sub]
        if only:
            chosen_group.typer_instance = copy.copy(chosen_group.typer_instance)
            chosen_group.typer_instance.registered_commands = only
        trimmed = copy.copy(_app)
        trimmed.registered_commands = []
        trimmed.registered_groups = [chosen_group]
        return trimmed
    if not chosen and not (name is None and "--version" in words):
        return _app
    trimmed = copy.copy(_app)
    trimmed.registered_commands = chosen
    trimmed.registered_groups = []  # a plain command (or --version) needs no group built
    return trimmed


def listing() -> typer.Typer:
    """The app as ``hipcli --help`` lists it: every command's name and summary, none of their options.

    The list needs only each command's first docstring line; building the
    options of all of them (typer reads every signature and type hint) took
    half the time of ``--help``. A group stands in without its commands.
    """
    import copy

    def summary_of(callback: Any) -> Callable[[], None]:
        def stand_in() -> None:
            raise AssertionError("only listed, never run")  # listing() is used for help alone

        stand_in.__doc__ = callback.__doc__
        return stand_in

    listed_app = copy.copy(_app)
    listed_app.registered_commands = []
    for info in _app.registered_commands:
        listed = copy.copy(info)
        listed.callback = summary_of(info.callback)
        listed_app.registered_commands.append(listed)
    listed_app.registered_groups = []
    for registered in _app.registered_groups:
        listed_group = copy.copy(registered)
        empty = copy.copy(registered.typer_instance)
        empty.registered_commands, empty.registered_groups = [], []
        listed_group.typer_instance = empty
        listed_app.registered_groups.append(listed_group)
    return listed_app


def run(argv: Optional[list[str]] = None) -> int:
    """Run one command and return its exit status (shell.run: the guard, the one error translator)."""
    return _run(argv, app_for)


def main() -> NoReturn:
    """The ``hipcli`` entry point when called from Python: run, then exit with the status."""
    raise SystemExit(run())


def __getattr__(name: str) -> Any:
    # ``from hipcli.cli import app``: the whole app, every command in it.
    if name == "app":
        return assemble()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MODULES", "Terminal", "app", "assemble", "main", "run"]
