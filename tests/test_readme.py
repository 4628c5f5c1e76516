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


# --- every command, in order -----------------------------------------------------------------
#
# A new user types the README's commands top to bottom on a fresh machine. Each is run in one fresh
# home (cwd and HOME the same new folder, nothing fetched: the free-exercise-db example reads the copy
# under tests/data, placed where the README's path points). A command must exit 0, unless the README
# shows a 'hipcli: ' line after it: then that line (its start: paths differ) must be what it printed.

REPO = README.parent
SKIPPED = ("pip install", "python ", "python3 ", "pytest")  # installing and benchmarks are not hipcli commands
# What the person types at a prompt, for the commands that ask (assess walks through its tests).
ANSWERS = {"hipcli assess": "40\n52\n22\n24\nno\nno\n\n"}


@dataclass
class Typed:
    command: str
    line: int  # README line, from 1
    says: str | None  # the 'hipcli: ...' line the README shows right after it (an error or a note), if any


def typed_commands(lines: list[str]) -> list[Typed]:
    found: list[Typed] = []
    inside, language, block = False, "", []
    for number, line in enumerate(lines):
        if line.startswith("```"):
            if not inside:
                inside, language, block = True, line[3:].strip(), []
                continue
            inside = False
            if language:
                continue
            transcript = any(text.startswith("$ ") for _, text in block)
            for position, (index, text) in enumerate(block):
                if transcript and not text.startswith("$ "):
                    continue
                command = text[2:] if transcript else text
                if not re.match(r"(hipcli|mkfifo)(\s|$)", command) or any(skip in command for skip in SKIPPED):
                    continue
                after = block[position + 1][1] if position + 1 < len(block) else ""
                said = after if transcript and after.startswith("hipcli: ") and not after.startswith("hipcli: warning") else None
                found.append(Typed(command, index + 1, said))
            continue
        if inside:
            block.append((number, line))
    return found


TYPED = typed_commands(LINES)


def test_the_readme_has_commands_to_run() -> None:
    assert len(TYPED) >= 60
    assert any(typed.command.startswith("hipcli import free-exercise-db") for typed in TYPED)


def test_every_readme_command_runs_in_order_on_a_fresh_home(tmp_path: Path) -> None:
    import shutil

    home = tmp_path / "home"
    (home / "tests" / "data").mkdir(parents=True)
    shutil.copytree(REPO / "tests" / "data" / "free-exercise-db", home / "tests" / "data" / "free-exercise-db")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HIPCLI_", "XDG_", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PAGER", "LESS"))
    }
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", HOME=str(home), COLUMNS="80",
               HIPCLI_CACHE_DIR=str(tmp_path / "cache"), LANG="C.UTF-8")
    problems = []
    for typed in TYPED:
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", typed.command], cwd=home, env=env, capture_output=True, text=True,
            timeout=120, input=ANSWERS.get(typed.command.split("#")[0].strip(), ""),
        )
        said = (result.stderr.strip().splitlines() or [""])[-1]
        if typed.says is None and result.returncode != 0:
            problems.append(f"README line {typed.line}: '{typed.command}' exited {result.returncode}: {said}")
        elif typed.says is not None and typed.says[:48] not in result.stderr:
            problems.append(f"README line {typed.line}: '{typed.command}' should say '{typed.says}', got: {said}")
        if "Traceback" in result.stderr:
            problems.append(f"README line {typed.line}: '{typed.command}' printed a traceback")
    assert not problems, "\n".join(problems)


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
