"""Random command lines: every outcome is a success or a clean error, never a crash."""

from __future__ import annotations

import json

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.budget import examples
from typer.testing import CliRunner

from hipcli.cli import app

from .conftest import no_traceback

JUNK = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "-", "--", "0", "-1", "99999", "1e3", "none", "[bold]x[/bold]", "\x1b[31m", "é", "a,b,,c"]),
)

pytestmark = pytest.mark.slow


def value(options: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(options), JUNK)


LEVEL = value(["beginner", "intermediate", "advanced"])
GOAL = value(["running", "sprint", "glutes", "hip-health", "desk"])
KIT = value(["none", "mini-band", "mini-band,long-band", "step,box-or-bench,kettlebell", "pull-up-bar,wall-or-chair"])
AVOID = value(["knee", "lower-back", "wrist-shoulder", "knee,lower-back"])
NUMBER = value(["5", "15", "30", "60", "240"])
NAME = value(["banded-psoas-march", "banded hip march", "side-plank", "Curtsy Lunge", "glute bridge"])


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["plan", "program", "list", "show", "alternatives", "goals", "validate", "schema"]))
    args = [command]
    if command in ("show", "alternatives"):
        args.append(draw(NAME))
    if command == "schema":
        args.append(draw(value(["plan", "catalogue"])))
    options = {
        "plan": {"--level": LEVEL, "--goal": GOAL, "--session": value(["warmup", "strength", "mobility"]),
                 "--equipment": KIT, "--minutes": NUMBER, "--avoid": AVOID, "--seed": NUMBER, "--format": value(["table", "json", "toml", "md"])},
        "program": {"--level": LEVEL, "--goal": GOAL, "--weeks": value(["1", "3", "6"]), "--days": value(["mon,thu", "mon,tue,wed", "sat,sun"]),
                    "--start": value(["2026-12-07", "2027-01-01"]), "--equipment": KIT, "--minutes": NUMBER, "--week": value(["1", "2"])},
        "list": {"--muscle": value(["hip-flexors", "gluteus-medius", "adductors", "core"]), "--equipment": KIT, "--level": LEVEL,
                 "--goal": GOAL, "--search": JUNK, "--category": value(["strength", "mobility", "power"])},
        "show": {"--level": LEVEL, "--format": value(["table", "json"])},
        "alternatives": {"--level": LEVEL, "--equipment": KIT, "--avoid": AVOID},
        "goals": {"--format": value(["table", "json"])},
        "validate": {"--format": value(["table", "json"])},
        "schema": {},
    }[command]
    for option in draw(st.lists(st.sampled_from(sorted(options) or ["--help"]), unique=True, max_size=6)):
        if option in options:
            args += [option, draw(options[option])]
    if command in ("plan", "program") and draw(st.booleans()):
        args += ["--level", draw(LEVEL), "--goal", draw(GOAL)]
    return args


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=command_lines())
def test_random_command_lines_succeed_or_fail_cleanly(args: list[str]) -> None:
    result = CliRunner().invoke(app, args, prog_name="hipcli")
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code)
    assert no_traceback(result.stdout + result.stderr), args
    assert "\x1b" not in result.stderr, "escape sequences are shown, never sent"
    if result.exit_code:
        assert result.stderr.strip(), args
        lines = result.stderr.splitlines()
        assert any(line.startswith(("Error", "hipcli:")) for line in lines) or _json_error(lines[-1]), args


def _json_error(line: str) -> bool:
    """With --format json an error is one JSON envelope on stderr."""
    try:
        return json.loads(line)["kind"] == "error"
    except (ValueError, KeyError, TypeError):
        return False
