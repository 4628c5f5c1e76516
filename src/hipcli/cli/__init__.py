"""The command line: parse options, call the core, render, print.

The parts import only downward: ``shell.py`` (the app, the one command
decorator and error translator, the Terminal each command is handed) and
``options.py`` (the shared options and their parsers) at the bottom; one
module per command group above them, none importing another; and this
module on top, putting the app together. Each module imports only typer at
module level, so building the app costs start-up next to nothing.
"""

from __future__ import annotations

from . import assess, catalogue, edit, imports, log, log_corrections, log_files, log_progress, log_record, plan, settings, train
from .shell import Terminal, app, main, run

# The commands at the top level (hipcli plan, hipcli show, ...), in the order --help lists them (shell.Group.ORDER).
for _module in (plan, train, assess, catalogue, edit, settings, imports):
    app.registered_commands += _module.commands.registered_commands
# The log group's commands are kept in several modules, one job each; --help lists them in the order a person
# uses them: record, look back, move the data, follow a programme, see progress, correct mistakes.
LOG_ORDER = ("session", "add", "morning", "history", "export", "import", "where", "backup", "restore", "follow",
             "progress", "delete", "edit", "undo")
for _module in (log_record, log_files, log_progress, log_corrections):
    log.app.registered_commands += _module.commands.registered_commands
log.app.registered_commands.sort(key=lambda info: LOG_ORDER.index(info.name) if info.name in LOG_ORDER else len(LOG_ORDER))
# The groups (hipcli log ..., hipcli import ...).
app.add_typer(log.app, name="log")
app.add_typer(imports.app, name="import")

__all__ = ["Terminal", "app", "main", "run"]
