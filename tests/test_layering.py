"""The house's layering, derived from the source itself: no import circles, and a core that never reaches up.

Every module under src/hipcli is found by walking the package, so a new
module is covered without editing this file (as sqlite-utils' test_docs.py
derives its list of commands).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import hipcli

PACKAGE = Path(hipcli.__file__).parent
# The command line, and the two modules that draw with rich for it (STYLE.md).
SHELL = ("hipcli.cli", "hipcli.__main__", "hipcli.render", "hipcli.live")


def module_names() -> dict[str, Path]:
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every hipcli module ``name`` imports, at the top, inside functions or for type checking alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target, *(f"{target}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found.update(candidate for candidate in candidates if candidate in known and candidate != name)
    return found


def graph() -> dict[str, set[str]]:
    known = module_names()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def core_modules() -> list[str]:
    return [name for name in module_names() if not name.startswith(SHELL)]


def test_no_module_imports_in_a_circle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_core_module_imports_the_command_line() -> None:
    edges = graph()
    upward = {name: sorted(target for target in edges[name] if target.startswith(SHELL)) for name in core_modules()}
    assert {name: targets for name, targets in upward.items() if targets} == {}


def test_command_modules_import_only_downward() -> None:
    """A command group's module imports the shell and the options, never another command module."""
    edges = graph()
    # history.py is the planning commands' one shared read of the log: plan, program and train plan alike.
    floor = {"hipcli.cli.shell", "hipcli.cli.options", "hipcli.cli.pager", "hipcli.cli.history", "hipcli.cli.plain"}
    groups = [name for name in edges if name.startswith("hipcli.cli.") and name not in floor]
    assert groups, "no command modules found"
    for name in groups:
        assert not {target for target in edges[name] if target.startswith("hipcli.cli")} - floor, name
    assert not {target for target in edges["hipcli.cli.options"] if target.startswith("hipcli.cli")}
    assert not {target for target in edges["hipcli.cli.plain"] if target.startswith("hipcli.cli")}
    assert not {target for target in edges["hipcli.cli.shell"] if target.startswith("hipcli.cli")} - {"hipcli.cli.pager"}
    assert not {target for target in edges["hipcli.cli.history"] if target.startswith("hipcli.cli")} - {"hipcli.cli.shell"}


def test_every_core_module_loads_without_typer_rich_or_click() -> None:
    modules = core_modules()
    assert {"hipcli.planner", "hipcli.config", "hipcli.text", "hipcli.wording", "hipcli.logbook"} <= set(modules)
    script = "import sys, json\n" + "".join(f"import {name}\n" for name in modules) + "print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert not {"typer", "rich", "click"} & loaded
    assert not {name for name in loaded if name.startswith("hipcli.cli")}


def test_the_command_map_names_where_every_command_lives() -> None:
    """cli.MODULES (what a run imports for a command) agrees with what each module registers."""
    import importlib

    from hipcli import cli

    registered: dict[str, str] = {}
    for key in {*cli.MODULES.values()}:
        module = importlib.import_module(f"hipcli.cli.{key}")
        holder = getattr(module, "commands", None)
        for info in holder.registered_commands if holder is not None else ():
            registered[info.name] = key
        if key == "log":
            registered["log"] = key
        if key == "imports":
            registered["import"] = key
    assert registered == cli.MODULES
    app = cli.app
    assert {info.name for info in app.registered_commands} | {info.name for info in app.registered_groups} == set(cli.MODULES)
    log_modules = {name for name in module_names() if name.startswith("hipcli.cli.log_")}
    assert log_modules == {f"hipcli.cli.{part}" for part in set(cli.LOG_MODULES.values()) - {"log"}}
    # And the log group's own map, from what each of its modules registers.
    in_log: dict[str, str] = {}
    for part in set(cli.LOG_MODULES.values()):
        module = importlib.import_module(f"hipcli.cli.{part}")
        holder = module.commands if part != "log" else None
        for info in holder.registered_commands if holder is not None else ():
            in_log[info.name] = part
    group = next(info.typer_instance for info in app.registered_groups if info.name == "log")
    for info in group.registered_commands:
        in_log.setdefault(info.name, "log")
    assert in_log == cli.LOG_MODULES


def run_and_list_command_modules(*words: str, home: Path) -> tuple[str, set[str]]:
    """Run hipcli in a real process; what it printed, and which command modules it imported."""
    script = (
        "import sys\nfrom hipcli.cli import run\nstatus = run(sys.argv[1:])\nsys.stdout.flush()\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('hipcli.cli.'))), file=sys.stderr)\n"
    )
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "HIPCLI_DATA": str(home / "data"), "HIPCLI_CONFIG": str(home / "none.toml")}
    result = subprocess.run([sys.executable, "-c", script, *words], capture_output=True, text=True, env=env, timeout=60)
    return result.stdout, set(result.stderr.split())


def test_a_run_imports_only_its_own_command_module(tmp_path: Path) -> None:
    out, loaded = run_and_list_command_modules("plan", "--level", "beginner", "--goal", "running", home=tmp_path)
    assert "Strength session" in out
    shared = {"hipcli.cli.shell", "hipcli.cli.options", "hipcli.cli.history", "hipcli.cli.plain", "hipcli.cli.pager"}
    assert loaded - shared == {"hipcli.cli.plan"}
    out, loaded = run_and_list_command_modules("log", "where", home=tmp_path)
    assert loaded - shared == {"hipcli.cli.log", "hipcli.cli.log_files"}, loaded
    out, loaded = run_and_list_command_modules("log", "history", home=tmp_path)
    assert loaded - shared == {"hipcli.cli.log"} and "No sessions" in out, (loaded, out)
    out, loaded = run_and_list_command_modules("log", home=tmp_path)  # the group's help lists every command
    assert "undo" in out and "progress" in out and "hipcli.cli.log_corrections" in loaded
    # The list of commands, and a misspelt one, still know every command.
    out, loaded = run_and_list_command_modules("--help", home=tmp_path)
    assert "alternatives" in out and "new-card" in out and "hipcli.cli.train" in loaded
