"""Every command and group, found from the app itself, has help with a real example (as sqlite-utils' test_docs.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pexpect
import pytest
import typer

from hipcli.cli import app

HIPCLI = [sys.executable, "-m", "hipcli"]


def command_paths() -> list[tuple[str, ...]]:
    """Each command's words (('plan',), ('log', 'history'), ...), from the click app typer builds."""
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: typer.core.TyperGroup, prefix: tuple[str, ...]) -> None:
        context = typer._click.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is None or sub.hidden:
                continue
            path = (*prefix, name)
            found.append(path)
            if isinstance(sub, typer.core.TyperGroup):
                walk(sub, path)

    walk(root, ())
    return found


def group_paths() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    groups = []
    for path in command_paths():
        command = root
        for word in path:
            command = command.get_command(typer._click.Context(command), word)
        if isinstance(command, typer.core.TyperGroup):
            groups.append(path)
    return groups


def test_the_app_lists_every_command() -> None:
    paths = command_paths()
    assert ("plan",) in paths and ("log", "history") in paths and ("import", "free-exercise-db") in paths
    assert len(paths) > 25


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_has_help_and_an_example(cli, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(*path, "--help")
    assert code == 0, err
    body = out.split("Options:")[0]
    summary = [line for line in body.splitlines()[1:] if line.strip()]
    assert summary, f"'hipcli {' '.join(path)}' has no help text"
    if path not in group_paths():
        assert "Example: hipcli " + " ".join(path) in " ".join(out.split()), f"'hipcli {' '.join(path)}' has no example"


BARE = [(), *group_paths()]


@pytest.mark.parametrize("path", BARE, ids=lambda path: " ".join(("hipcli", *path)))
def test_a_bare_group_prints_its_help_in_a_pipe(path: tuple[str, ...]) -> None:
    result = subprocess.run([*HIPCLI, *path], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: hipcli {' '.join(path)}".rstrip())
    assert "\\x0a" not in result.stdout and "Commands:" in result.stdout and result.stdout.count("\n") > 5
    assert result.stderr == ""


@pytest.mark.terminal
@pytest.mark.parametrize("path", BARE, ids=lambda path: " ".join(("hipcli", *path)))
def test_a_bare_group_prints_its_help_on_a_terminal(path: tuple[str, ...]) -> None:
    child = pexpect.spawn(
        HIPCLI[0], [*HIPCLI[1:], *path], env={**os.environ, "COLUMNS": "80", "LINES": "200", "PAGER": "cat"},
        dimensions=(200, 80), encoding="utf-8", timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    screen = child.before.replace("\r\n", "\n")
    assert child.exitstatus == 0, screen
    assert screen.startswith(f"Usage: hipcli {' '.join(path)}".rstrip()), screen[:200]
    assert "\\x0a" not in screen and "Commands:" in screen
