"""The layering: the core never imports typer or rich, and start-up imports stay lean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.test_layering import core_modules

# Every module outside the command line, found by walking the package (tests/test_layering.py).
CORE = ["hipcli", *core_modules()]


def loaded_after(code: str) -> set[str]:
    """Modules loaded by a fresh interpreter after running ``code``."""
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_core_modules_import_neither_typer_nor_rich() -> None:
    modules = loaded_after("\n".join(f"import {name}" for name in CORE))
    assert not {"typer", "rich", "click"} & modules


def test_planning_from_a_cached_catalogue_never_loads_pydantic() -> None:
    loaded_after("import hipcli.catalogue as c\nc.load_catalogue()")  # fills the cache
    modules = loaded_after(
        "import hipcli.catalogue as c, hipcli.planner as p, hipcli.plans as m\n"
        "cat = c.load_catalogue()\n"
        "p.build_plan(cat, m.PlanRequest(level='beginner', goal='running'))"
    )
    assert "pydantic" not in modules and "tomllib" not in modules


def test_cli_module_loads_no_catalogue_rich_or_pydantic_at_import() -> None:
    modules = loaded_after("import hipcli.cli")
    assert not {"rich", "pydantic", "hipcli.catalogue", "hipcli.planner", "hipcli.models", "hipcli.plans"} & modules


def loaded_by_command(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """Modules a whole hipcli command loads, run as the entry point runs it."""
    script = (
        "import sys, json\n"
        "from hipcli.cli import main\n"
        f"sys.argv = ['hipcli', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_help_and_version_touch_neither_pydantic_nor_the_catalogue() -> None:
    for args in (["--version"], ["--help"], ["plan", "--help"]):
        modules = loaded_by_command(*args)
        assert not {"pydantic", "hipcli.catalogue", "hipcli.models", "hipcli.plans", "rich.console"} & modules, args


def test_showing_a_card_needs_no_planner_and_no_pydantic() -> None:
    loaded_by_command("show", "side-plank")  # fills the cache
    modules = loaded_by_command("show", "side-plank")
    assert "hipcli.catalogue" in modules
    assert not {"pydantic", "hipcli.planner", "hipcli.progression", "hipcli.planfile", "tomllib"} & modules


def test_planning_without_a_log_loads_none_of_the_log_machinery(tmp_path: Path) -> None:
    """Most people plan before they ever log: they should not pay for SQLite and the log's rules."""
    env = {"HIPCLI_DATA": str(tmp_path / "no-log-here")}
    modules = loaded_by_command("plan", "--level", "beginner", "--goal", "running", env=env)
    assert "hipcli.planner" in modules
    assert not {"sqlite3", "hipcli.journal", "hipcli.adapt", "platformdirs"} & modules
    assert not (tmp_path / "no-log-here").exists(), "looking for a log must not create its folder"


def test_every_dataclass_has_its_own_docstring() -> None:
    """Without one, dataclass() writes a docstring from the class's signature at import: for a class with no
    __init__ of its own that means parsing object's signature text with tokenize, several milliseconds of
    every start-up. It also becomes the JSON Schema's description."""
    import dataclasses
    import importlib
    import inspect
    import pkgutil

    import hipcli

    missing = []
    for info in pkgutil.walk_packages(hipcli.__path__, "hipcli."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and dataclasses.is_dataclass(value) and value.__module__ == info.name:
                if (value.__doc__ or "").startswith(f"{value.__name__}("):
                    missing.append(f"{info.name}.{name}")
    assert missing == []



def test_importing_the_package_imports_nothing_else() -> None:
    """hipcli/__init__.py runs before the command line's Ctrl-C guard: it loads no module, not even __future__."""
    assert loaded_after("import hipcli") - loaded_after("") == {"hipcli"}
