"""Command groups that live outside ``cli.py``.

Each module registers its commands on ``hipcli.cli.app`` with ``cli._command``
when ``cli.py`` imports it (at the end of that module), and, like ``cli.py``,
imports anything heavier than typer inside the command that needs it.
"""
