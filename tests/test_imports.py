"""The layering: the core never imports typer or rich, and start-up imports stay lean."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = ["hipcli", "hipcli.models", "hipcli.catalogue", "hipcli.planner", "hipcli.formatting", "hipcli.cache", "hipcli.errors"]


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
        "import hipcli.catalogue as c, hipcli.planner as p, hipcli.models as m\n"
        "cat = c.load_catalogue()\n"
        "p.build_plan(cat, m.PlanRequest(level='beginner', goal='running'))"
    )
    assert "pydantic" not in modules and "tomllib" not in modules


def test_cli_module_loads_no_catalogue_rich_or_pydantic_at_import() -> None:
    modules = loaded_after("import hipcli.cli")
    assert not {"rich", "pydantic", "hipcli.catalogue", "hipcli.planner", "hipcli.models"} & modules
