"""The README's pasted output is what hipcli prints today.

A fenced block right after a ``<!-- real output -->`` line is a transcript:
each ``$ command`` line is run with bash in a fresh folder (the config, log and
cache kept inside it, 80 columns, output piped), and the lines after it must
be exactly what the command printed (standard error too, when the README
shows a ``hipcli:`` message line; otherwise a warning that depends on
today's date, say, is not compared). A line ``...``
ends the comparison for that command: the README shows the start only.
``<!-- real output: COMMAND -->`` marks a block of output alone, for COMMAND.

After a change to the output, ``python tests/test_readme.py --update`` pastes
the new output into the README (up to each ``...``); read the diff.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parents[1] / "README.md"
MARKER = re.compile(r"^<!-- real output(?:: (?P<command>.+?))? -->$")


@dataclass
class Step:
    command: str
    expected: list[str]  # the shown lines
    cut: bool  # the README shows only the start ("...")
    first: int  # index in README lines of the first expected line
    block: int  # which marked block


def steps(lines: list[str]) -> list[Step]:
    found: list[Step] = []
    block = 0
    for number, line in enumerate(lines):
        match = MARKER.match(line)
        if not match:
            continue
        block += 1
        assert lines[number + 1].startswith("```"), f"README line {number + 2}: a marker needs a fenced block after it"
        end = next(i for i in range(number + 2, len(lines)) if lines[i].startswith("```"))
        body = list(range(number + 2, end))
        if match.group("command"):
            groups = [(match.group("command"), body)]
        else:
            groups = []
            for index in body:
                if lines[index].startswith("$ "):
                    groups.append((lines[index][2:], []))
                else:
                    assert groups, f"README line {index + 1}: output before any '$ ' command"
                    groups[-1][1].append(index)
        for command, indexes in groups:
            shown = [lines[i] for i in indexes]
            cut = "..." in shown
            if cut:
                indexes = indexes[: shown.index("...")]
                shown = shown[: shown.index("...")]
            found.append(Step(command, shown, cut, indexes[0] if indexes else -1, block))
    return found


def run_blocks(all_steps: list[Step]) -> dict[int, list[str]]:
    """Each block's commands in one fresh folder, in order; the output of each step, as lines."""
    outputs: dict[int, list[str]] = {}
    folders: dict[int, Path] = {}
    scratch = Path(tempfile.mkdtemp(prefix="hipcli-readme-"))
    cache = scratch / "cache"
    for index, step in enumerate(all_steps):
        folder = folders.setdefault(step.block, scratch / f"block{step.block}")
        folder.mkdir(exist_ok=True)
        # A new user's home: the config and the log land where they would (~/.config, ~/.local/share).
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("HIPCLI_", "XDG_", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PAGER", "LESS"))
        }
        env.update(
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            HOME=str(folder),
            COLUMNS="80",
            HIPCLI_CACHE_DIR=str(cache),
            LANG="C.UTF-8",
        )
        with_errors = any(line.startswith("hipcli: ") for line in step.expected)
        result = subprocess.run(
            ["bash", "-c", f"{{ {step.command}\n}} 2>&1" if with_errors else step.command],
            cwd=folder, env=env, capture_output=True, text=True, timeout=120,
        )
        outputs[index] = [line.rstrip() for line in result.stdout.rstrip("\n").split("\n")] if result.stdout else []
    return outputs


LINES = README.read_text(encoding="utf-8").split("\n")
STEPS = steps(LINES)


@pytest.fixture(scope="module")
def outputs() -> dict[int, list[str]]:
    return run_blocks(STEPS)


def test_the_readme_marks_its_main_examples() -> None:
    commands = [step.command for step in STEPS]
    assert "hipcli plan --level beginner --goal running" in commands  # the first thing a new user sees
    assert any(command.startswith("hipcli show ") for command in commands)
    assert any(command.startswith("hipcli program ") for command in commands)


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[f"{s.block}:{s.command[:50]}" for s in STEPS])
def test_pasted_output_is_real(outputs: dict[int, list[str]], index: int) -> None:
    step = STEPS[index]
    got = outputs[index]
    if step.cut:
        got = got[: len(step.expected)]
    assert [line.rstrip() for line in step.expected] == got, (
        f"README line {step.first + 1}: the output of '{step.command}' changed; "
        "run 'python tests/test_readme.py --update' and read the diff"
    )


def update() -> None:
    outputs = run_blocks(STEPS)
    lines = list(LINES)
    # From the bottom up, so earlier line numbers stay valid.
    for index in sorted(range(len(STEPS)), key=lambda i: STEPS[i].first, reverse=True):
        step = STEPS[index]
        got = outputs[index]
        if step.cut:
            got = got[: max(len(step.expected), 1)]
        if step.first < 0:
            raise SystemExit(f"'{step.command}' shows no output in the README; add a line by hand first")
        lines[step.first : step.first + len(step.expected)] = got
    README.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        raise SystemExit("usage: python tests/test_readme.py --update")
