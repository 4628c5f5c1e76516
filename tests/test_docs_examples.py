"""Every command in the README and docs/ runs, in order, and its pasted output is what hipcli prints today.

Each page (README.md and every docs/*.md) is run as a new user would run it,
top to bottom, in a fresh folder that is both the home and the working
folder: no config, no log, no cache, nothing from the network, 80 columns,
output piped. The folder holds links to the clone's ``tests/`` and ``data/``,
because the manual is read from the root of a clone (the README installs
from one), so ``tests/data/free-exercise-db/exercises.json`` is there.

In a fenced block, a line ``$ command`` is run with bash; the lines after
it, up to the next ``$``, are what it must print (standard error too, when
they show a ``hipcli:`` line; otherwise the command must also exit 0, and a
warning that depends on today's date, say, is not compared). A ``...`` line
ends the comparison: the page shows the start only. The page's folder is
shown as ``~``. Before a fence:

- ``<!-- real output: COMMAND -->``: the block is COMMAND's output alone
  (``<!-- real output -->`` alone says the block is a transcript, as any is);
- ``<!-- not run: REASON -->``: the ``$`` lines are shown, not run (a benchmark,
  a full-screen session); the reason is required;
- ``<!-- ci: install -->`` and ``<!-- ci: test -->``: .ci/run runs those.

A ```` ```python ```` block runs with this Python in the page's folder and must exit 0.

After a change to the output, ``python tests/test_docs_examples.py --update``
pastes the new output into the pages (up to each ``...``); read the diff.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = re.compile(r"^<!-- (?P<kind>real output|not run|ci)(?:: (?P<text>.*?))? -->$")
FENCE = re.compile(r"^```(?P<lang>[a-z]*)\s*$")


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)  # the shown lines
    lines: list[int] = field(default_factory=list)  # their indexes in the page
    after: int = 0  # index of the line the output goes after (for an empty one)
    cut: bool = False  # the page shows only the start ("...")
    python: bool = False  # a python block, run as a script
    line: int = 0  # 1-based line of the command, for messages


@dataclass
class Page:
    path: Path
    text: list[str]
    steps: list[Step]
    not_run: list[tuple[int, str]]  # (line, reason)
    unrun: list[int]  # lines of commands in a block that neither runs nor says why

    @property
    def name(self) -> str:
        return str(self.path.relative_to(ROOT))


def parse(path: Path) -> Page:
    text = path.read_text(encoding="utf-8").split("\n")
    page = Page(path, text, [], [], [])
    number = 0
    while number < len(text):
        fence = FENCE.match(text[number])
        if not fence:
            number += 1
            continue
        end = next((i for i in range(number + 1, len(text)) if text[i].startswith("```")), None)
        assert end is not None, f"{page.name} line {number + 1}: a fenced block that never closes"
        body = list(range(number + 1, end))
        marker = MARKER.match(text[number - 1]) if number else None
        lang = fence.group("lang")
        if marker and marker.group("kind") == "real output" and marker.group("text"):
            page.steps.append(_step(marker.group("text"), body, text, number, number))
        elif marker and marker.group("kind") == "not run":
            reason = (marker.group("text") or "").strip()
            assert reason, f"{page.name} line {number}: 'not run' needs a reason"
            page.not_run.append((number + 1, reason))
        elif marker and marker.group("kind") == "ci":
            pass
        elif lang == "python":
            page.steps.append(Step("\n".join(text[i] for i in body), python=True, line=number + 2, after=end - 1))
        elif lang in ("", "sh", "console", "bash", "text"):
            groups: list[tuple[int, list[int]]] = []
            for index in body:
                if text[index].startswith("$ "):
                    groups.append((index, []))
                elif groups:
                    groups[-1][1].append(index)
                elif text[index].startswith("hipcli "):
                    page.unrun.append(index + 1)
            for start, indexes in groups:
                page.steps.append(_step(text[start][2:], indexes, text, start, start + 1))
        number = end + 1
    return page


def _step(command: str, indexes: list[int], text: list[str], after: int, line: int) -> Step:
    shown = [text[i] for i in indexes]
    cut = "..." in shown
    if cut:
        indexes = indexes[: shown.index("...")]
        shown = shown[: shown.index("...")]
    return Step(command, shown, indexes, indexes[-1] if indexes else after, cut, line=line)


def environment(folder: Path) -> dict[str, str]:
    """A new user's environment: the config, log and cache land where they would (~/.config, ~/.local/share, ~/.cache)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HIPCLI_", "XDG_", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PAGER", "LESS"))
    }
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", HOME=str(folder), COLUMNS="80", LANG="C.UTF-8")
    return env


@dataclass
class Ran:
    output: list[str]
    status: int  # 0 when the status is not checked (the page shows an error)
    errors: str


def run_page(page: Page) -> list[Ran]:
    """The page's commands, in order, in one fresh folder."""
    folder = Path(tempfile.mkdtemp(prefix=f"hipcli-docs-{page.path.stem}-"))
    for part in ("tests", "data"):
        (folder / part).symlink_to(ROOT / part)
    env = environment(folder)
    results = []
    for step in page.steps:
        with_errors = any(line.startswith("hipcli: ") for line in step.expected)
        if step.python:
            argv = [sys.executable, "-c", step.command]
        else:
            argv = ["bash", "-c", f"{{ {step.command}\n}} 2>&1" if with_errors else step.command]
        result = subprocess.run(argv, cwd=folder, env=env, capture_output=True, text=True, timeout=300)
        out = result.stdout.replace(str(folder), "~")
        lines = [line.rstrip() for line in out.rstrip("\n").split("\n")] if out else []
        results.append(Ran(lines, 0 if with_errors else result.returncode, result.stderr.replace(str(folder), "~")))
    return results


PARSED = [parse(path) for path in PAGES]


def problems(page: Page, results: list[Ran]) -> list[str]:
    found = []
    for step, ran in zip(page.steps, results):
        if "Traceback (most recent call last)" in ran.errors + "\n".join(ran.output):
            found.append(f"{page.name} line {step.line}: '{step.command[:60]}' printed a traceback")
        if ran.status:
            found.append(f"{page.name} line {step.line}: '{step.command[:60]}' failed (exit {ran.status}):\n" + "\n".join([*ran.output[-5:], *ran.errors.splitlines()[-5:]]))
            continue
        if step.python:
            continue
        got = ran.output[: len(step.expected)] if step.cut else ran.output
        if step.expected and got != [line.rstrip() for line in step.expected]:
            found.append(f"{page.name} line {step.line}: the output of '{step.command}' changed")
    return found


@pytest.mark.slow  # real processes, a page at a time
@pytest.mark.parametrize("page", PARSED, ids=[page.name for page in PARSED])
def test_every_command_on_the_page_runs_in_order_and_prints_what_it_shows(page: Page) -> None:
    if not page.steps:
        pytest.skip(f"{page.name} has no commands")
    found = problems(page, run_page(page))
    assert not found, "\n".join(found) + "\nrun 'python tests/test_docs_examples.py --update' and read the diff"


@pytest.mark.parametrize("page", PARSED, ids=[page.name for page in PARSED])
def test_a_block_of_commands_is_run_or_says_why_not(page: Page) -> None:
    assert not page.unrun, f"{page.name} lines {page.unrun}: write commands as '$ hipcli ...' so they run, or mark the block <!-- not run: why -->"


def test_no_output_file_name_is_written_twice() -> None:
    """A reader who runs every page in one folder never meets 'already exists' (no --force needed)."""
    seen: dict[str, str] = {}
    clashes = []
    for page in PARSED:
        for step in page.steps:
            if step.python or "--force" in step.command or any("already exists" in line for line in step.expected):
                continue  # replacing on purpose, or showing the refusal
            for name in re.findall(r"(?:--out|-o)[ =](\S+)", step.command):
                if name == "-" or name.startswith("/dev/"):
                    continue
                where = f"{page.name} line {step.line}"
                if name in seen:
                    clashes.append(f"{name}: {seen[name]} and {where}")
                seen.setdefault(name, where)
    assert not clashes, "written twice: " + "; ".join(clashes)


def test_the_readme_links_every_page_of_the_manual_and_every_link_resolves() -> None:
    readme = PAGES[0].read_text(encoding="utf-8")
    for page in PAGES[1:]:
        assert f"docs/{page.name.removeprefix('docs/')}" in readme, f"README does not link {page.name}"
    for page in PARSED:
        for target in re.findall(r"\]\(([^)#:]+\.(?:md|png|svg))(?:#[^)]*)?\)", "\n".join(page.text)):
            assert (page.path.parent / target).exists(), f"{page.name}: link to {target}, which does not exist"


def test_the_readme_shows_the_first_thing_a_new_user_runs() -> None:
    commands = [step.command for step in PARSED[0].steps]
    assert "hipcli plan --level beginner --goal running" in commands
    assert any(command.startswith("hipcli program ") for command in commands)
    assert any(command.startswith("hipcli train ") for command in commands)
    assert len(PARSED[0].text) <= 320, "the README is a front page: the manual goes in docs/"


def test_every_command_names_its_page_of_the_manual_and_the_page_exists(cli) -> None:  # type: ignore[no-untyped-def]
    from tests.test_docs import command_paths

    for path in [(), *command_paths()]:
        code, out, err = cli(*path, "--help")
        assert code == 0, err
        found = re.search(r"Manual: (\S+)", " ".join(out.split()[-8:]))
        assert found, f"'hipcli {' '.join(path)} --help' names no page of the manual"
        page = found.group(1).rstrip(".")
        assert Path(page).exists(), f"'hipcli {' '.join(path)} --help' names {page}, which does not exist"
        assert path == () or page.endswith(".md"), f"'hipcli {' '.join(path)}' points to the whole manual, not its page"


def update() -> None:
    for page in PARSED:
        if not page.steps:
            continue
        results = run_page(page)
        lines = list(page.text)
        # From the bottom up, so earlier line numbers stay valid.
        for step, ran in sorted(zip(page.steps, results), key=lambda pair: pair[0].after, reverse=True):
            if step.python or not (step.expected or step.cut) or ran.status:
                continue  # a command shown without output stays so; a failure is reported below
            got = ran.output[: max(len(step.expected), 1)] if step.cut else ran.output
            if step.lines:
                lines[step.lines[0] : step.lines[-1] + 1] = got
            else:
                lines[step.after + 1 : step.after + 1] = got
        page.path.write_text("\n".join(lines), encoding="utf-8")
        for step, ran in zip(page.steps, results):
            if ran.status:
                print(f"{page.name} line {step.line}: '{step.command[:60]}' failed (exit {ran.status}): {ran.errors.strip()}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        raise SystemExit("usage: python tests/test_docs_examples.py --update")
