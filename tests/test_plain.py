"""The plain layout (cli/plain.py) is rich's plain layout, character for character, without rich.

A pipe gets the plain text path; a terminal gets rich. Both must read the
same, so every plan here is laid out both ways and compared, at widths from
40 to 200 columns.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import subprocess
import sys

import pytest

from hipcli.cli import plain
from hipcli.plans import PlanRequest
from hipcli.planner import build_plan
from hipcli.render import SafeConsole, exercise_list, plan_view

WIDTHS = (40, 52, 60, 71, 72, 80, 97, 120, 200)


def rich_plain(renderable: object, width: int) -> str:
    stream = io.StringIO()
    console = SafeConsole(file=stream, width=width, no_color=True, force_terminal=False, highlight=False, markup=False, emoji=False)
    console.print(renderable)
    return "".join(line.rstrip() + "\n" for line in stream.getvalue().splitlines())


def plans(bundled):  # type: ignore[no-untyped-def]
    for level, goal, session, seed in itertools.product(
        ("beginner", "intermediate", "advanced"), ("running", "desk", "glutes"), ("strength", "warmup", "mobility"), (0, 7)
    ):
        yield build_plan(bundled, PlanRequest(level=level, goal=goal, session=session, seed=seed))
    yield build_plan(bundled, PlanRequest(level="beginner", goal="hip-health", equipment=(), minutes=12))
    yield build_plan(bundled, PlanRequest(level="advanced", goal="sprint", equipment=("long-band", "kettlebell", "step"), minutes=90))


def test_every_plan_reads_the_same_without_rich(bundled) -> None:  # type: ignore[no-untyped-def]
    compared = 0
    for plan in plans(bundled):
        for width, explain in itertools.product(WIDTHS, (False, True)):
            ours = plain.plan_text(plan, explain=explain, width=width)
            assert ours is not None
            assert ours == rich_plain(plan_view(plan, plain=True, explain=explain, width=width), width), (plan.request, width, explain)
            compared += 1
    assert compared > 500


def test_the_exercise_list_reads_the_same_without_rich(bundled) -> None:  # type: ignore[no-untyped-def]
    exercises = list(bundled.exercises)
    for width, count in itertools.product(WIDTHS, (1, 3, 17, len(exercises))):
        ours = plain.list_text(exercises[:count], width=width)
        assert ours == rich_plain(exercise_list(exercises[:count], plain=True), width), (width, count)


@pytest.mark.parametrize("text, width", [
    ("a " * 30, 7), ("supercalifragilistic word", 6), ("tabs\tand spaces   ", 5), ("x" * 50, 10), ("", 4),
    ("two\nlines here", 3), ("ends with spaces      ", 8), ("  leading spaces", 5),
])
def test_wrapping_matches_rich(text: str, width: int) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(width=200)
    for overflow in ("fold", "ellipsis"):
        expected = [line.plain for line in Text(text).wrap(console, width, overflow=overflow)]  # type: ignore[arg-type]
        if "\t" in text:
            assert not plain.measurable(text)  # tabs go to rich
            continue
        assert plain.wrap(text, width, overflow=overflow) == expected, (text, width, overflow)


def test_text_rich_measures_differently_goes_to_rich() -> None:
    assert plain.measurable("Banded psoas march: 2 \u00d7 8\u201312 per side \u2026")
    assert not plain.measurable("\u6f22\u5b57")  # two cells each
    assert not plain.measurable("e\u0301")  # a combining accent: no cell of its own


def test_plain_plan_output_loads_no_rich(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """'hipcli plan' in a pipe or with NO_COLOR prints its tables without importing rich at all."""
    script = (
        "import sys, json\n"
        "from hipcli.cli import main\n"
        "sys.argv = ['hipcli', 'plan', '--level', 'beginner', '--goal', 'running']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.startswith('rich'))))"
    )
    env = {**os.environ, "HIPCLI_DATA": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert "exercise" in result.stdout and "Safety" in result.stdout
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_a_long_list_on_a_terminal_reads_as_rich_draws_it(bundled) -> None:  # type: ignore[no-untyped-def]
    """Rounded boxes, bold slugs and dim names: the same characters as rich's table, colour codes aside."""
    import re

    codes = re.compile(r"\x1b\[[0-9;]*m")
    exercises = list(bundled.exercises)
    # (Narrower, the list is wider than the screen and rich, which crops it, draws it.)
    assert plain.list_text(exercises, width=60, boxes=True) is None
    for width in (80, 120, 200):
        stream = io.StringIO()
        console = SafeConsole(file=stream, width=width, force_terminal=True, highlight=False, markup=False, emoji=False)
        console.print(exercise_list(exercises, plain=False))
        theirs = [codes.sub("", line).rstrip() for line in stream.getvalue().splitlines()]
        ours = plain.list_text(exercises, width=width, boxes=True)
        assert ours is not None and "\x1b[1m" in ours
        assert [codes.sub("", line).rstrip() for line in ours.splitlines()] == theirs, width


def test_a_plan_on_a_terminal_reads_as_rich_draws_it(bundled) -> None:  # type: ignore[no-untyped-def]
    """Rounded boxes, bold and cyan headings: the same characters as rich's, colour codes aside."""
    import re

    codes = re.compile(r"\x1b\[[0-9;]*m")
    for plan in list(plans(bundled))[::5]:
        for width, explain in itertools.product((40, 60, 72, 80, 100, 160), (False, True)):
            stream = io.StringIO()
            console = SafeConsole(file=stream, width=width, force_terminal=True, highlight=False, markup=False, emoji=False)
            console.print(plan_view(plan, plain=False, explain=explain, width=width))
            theirs = [codes.sub("", line).rstrip() for line in stream.getvalue().splitlines()]
            ours = plain.plan_text(plan, explain=explain, width=width, styled=True)
            if ours is None:
                assert width < 72  # a table wider than a narrow screen: rich draws (and crops) it
                continue
            assert "\x1b[1;36m" in ours
            assert [codes.sub("", line).rstrip() for line in ours.splitlines()] == theirs, (plan.request, width, explain)
