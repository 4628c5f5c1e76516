"""A real pseudo-terminal records every escape sequence that reaches it (pexpect).

Hostile text comes from every source hipcli reads: a catalogue, a cache entry
that somehow got past the seal, a plan file, a file name, option values and
shell completion. The only sequences allowed through are rich's own colours
(SGR: ESC [ ... m). Slow-ish: every case is a whole process on a terminal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import tomli_w

pexpect = pytest.importorskip("pexpect", reason="pexpect is in the test extras: pip install -e '.[test]'")

from hipcli import cache  # noqa: E402
from hipcli.catalogue import bundled_path, load_catalogue  # noqa: E402

from .conftest import small_catalogue  # noqa: E402

pytestmark = pytest.mark.terminal

# Clipboard write (OSC 52), window title, hyperlink, clear screen, a C1 CSI, a bidi override.
HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\x1b[2J\x9b31m\u202e"
SGR = re.compile(rb"\x1b\[[0-9;]*m")
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")


def on_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run hipcli on a fresh pseudo-terminal (100 x 40); its exit status and every byte it showed."""
    child = pexpect.spawn(
        sys.executable,
        ["-m", "hipcli", *args],
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", **(env or {})},
        dimensions=(40, 100),
        timeout=120,
    )
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else -(child.signalstatus or 0), child.before


def unsafe(shown: bytes) -> list[bytes]:
    """Everything that could drive the terminal, once rich's colour codes are taken out."""
    rest = SGR.sub(b"", shown)
    found = re.findall(rb"\x1b.{0,12}", rest, re.DOTALL)
    text = rest.decode("utf-8", "replace")
    found += [char.encode() for char in text if "\x80" <= char <= "\x9f" or char in BIDI or char in "\x07\x08"]
    return found


def assert_safe(shown: bytes) -> None:
    assert not unsafe(shown), unsafe(shown)[:5]


def sealed_with(path: Path, replace: dict[str, str]) -> None:
    """Rewrite this catalogue's cache entry with hostile text and seal it with the user's own key.

    This stands for a bug that lets data past the loader and the seal: the
    terminal must still receive none of it.
    """
    load_catalogue(path)
    content = path.read_bytes()
    entry = next(cache.cache_dir().glob("catalogue-*.json"))
    payload = entry.read_bytes().split(b"\n", 1)[1].decode()
    for old, new in replace.items():
        payload = payload.replace(json.dumps(old), json.dumps(new))
    data = json.loads(payload)
    key = (cache.cache_dir() / "key").read_bytes()
    cache._write_entry(path, "catalogue", key, cache.digest(content), data)
    assert cache.read(path, content) is not None


@pytest.fixture
def hostile_cache(tmp_path: Path) -> Path:
    """A copy of the bundled catalogue whose cache entry has hostile text in every kind of field."""
    path = tmp_path / "catalogue.toml"
    shutil.copyfile(bundled_path(), path)
    cards = load_catalogue(path).exercises
    hostile = {"glute-bridge": "glute-bridge" + HOSTILE}
    for card in cards:
        hostile.update({text: text + HOSTILE for text in (card.name, card.cues[0], card.steps[0], card.summary)})
    sealed_with(path, hostile)
    return path


def test_a_hostile_unit_and_slug_in_show_are_escaped(tmp_path: Path) -> None:
    """The two fields 'show' once printed raw."""
    path = tmp_path / "catalogue.toml"
    shutil.copyfile(bundled_path(), path)
    sealed_with(path, {"reps": "reps" + HOSTILE, "glute-bridge": "glute-bridge" + HOSTILE})
    code, shown = on_terminal("show", "floor bridge", "--catalogue", str(path))
    assert code == 0 and shown.count(b"\\x1b]52;c;ZXZpbA==") >= 2
    assert_safe(shown)


def test_the_terminal_shows_colour_but_nothing_hostile_for_a_plain_card() -> None:
    code, shown = on_terminal("show", "side-plank")
    assert code == 0 and b"Side plank" in shown
    assert SGR.search(shown), "colour reaches a terminal"
    assert_safe(shown)


@pytest.mark.parametrize(
    "args",
    [
        ("show", "floor bridge"),
        ("show", "floor bridge", "--format", "json"),
        ("list",),
        ("list", "--format", "json"),
        ("plan", "--level", "beginner", "--goal", "glutes", "--explain"),
        ("plan", "--level", "beginner", "--goal", "glutes", "--format", "json"),
        ("program", "--level", "beginner", "--goal", "glutes", "--weeks", "2", "--week", "1"),
        ("alternatives", "single-leg-glute-bridge", "--level", "advanced"),
    ],
    ids=lambda args: "-".join(args),
)
def test_hostile_text_that_got_into_the_catalogue_never_reaches_the_terminal(hostile_cache: Path, args) -> None:
    code, shown = on_terminal(*args, "--catalogue", str(hostile_cache))
    assert code in (0, 1), shown
    assert_safe(shown)
    # Shown as text, not lost (a narrow column may wrap it anywhere).
    assert b"\\x1b" in shown or b"\\u001b" in shown


def test_a_hostile_catalogue_file_is_refused_and_its_errors_are_escaped(tmp_path: Path) -> None:
    data = small_catalogue()
    data["exercises"][0]["name"] = "Easy" + HOSTILE
    data["exercises"][1]["summary"] = "Turn \u202eevil"
    path = tmp_path / "catalogue.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    code, shown = on_terminal("validate", str(path))
    assert code == 1 and b"bidi" in shown
    assert_safe(shown)
    code, shown = on_terminal("show", "easy-march", "--catalogue", str(path))
    assert code == 1
    assert_safe(shown)


def test_hostile_file_names_and_option_values_are_escaped(tmp_path: Path) -> None:
    name = tmp_path / f"plan{HOSTILE.replace('/', '_')}.toml"
    code, shown = on_terminal("plan", "--level", "beginner", "--goal", "running", "--out", str(name))
    assert code == 0 and name.exists() and b"wrote" in shown
    assert_safe(shown)
    for args in (
        ("plan", "--level", "expert" + HOSTILE, "--goal", "running"),
        ("plan", "--level", "beginner", "--goal", "running", "--equipment", HOSTILE),
        ("list", "--search", HOSTILE),
        ("show", HOSTILE),
        ("view", str(tmp_path / f"missing{HOSTILE}.toml")),
        ("program", "--level", "beginner", "--goal", "running", "--days", HOSTILE),
    ):
        code, shown = on_terminal(*args)
        assert code in (1, 2), (args, shown)
        assert_safe(shown)


def test_a_hostile_plan_file_is_refused_and_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    code, _ = on_terminal("plan", "--level", "beginner", "--goal", "running", "--out", str(path))
    assert code == 0
    text = path.read_text()
    path.write_text(text.replace('title = "', 'title = "' + HOSTILE.replace("\\", "\\\\").encode("unicode_escape").decode().replace("\\\\", "\\"), 1))
    code, shown = on_terminal("view", str(path))
    assert code == 1
    assert_safe(shown)


def test_completion_output_is_escaped(hostile_cache: Path) -> None:
    code, shown = on_terminal(
        env={
            "_HIPCLI_COMPLETE": "complete_bash",
            "COMP_WORDS": f"hipcli show --catalogue {hostile_cache} ",
            "COMP_CWORD": "4",
        }
    )
    assert code == 0
    assert_safe(shown)
