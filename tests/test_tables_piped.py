"""The card tables of ``list`` and ``show WORD`` wrap between words only, piped and on a NO_COLOR terminal.

Real subprocesses: a pipe, and a pseudo-terminal of each width, so the width comes from where it does for a user.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from hipcli import wording as fmt

from .terminal import HIPCLI, Terminal

WIDTHS = (60, 80, 100)
COMMANDS = (["list"], ["show", "glute"], ["list", "--equipment", "kettlebell"])


def vocabulary(bundled) -> set[str]:  # type: ignore[no-untyped-def]
    """Every whole word a card table may print: slugs, names, levels, kit, what cards train, the headings."""
    words = {"exercise", "level", "kit", "kit,", "trains", "exercises"}
    for card in bundled.exercises:
        words.add(card.slug)
        words.update(card.name.split())
        words.add(card.level)
        for item in card.equipment or ("none",):
            words.update(fmt.label(item).split())
        words.update(word.rstrip(",") for word in (fmt.labels(card.groups()) or fmt.labels(card.primary)).split())
    return words


def table_words(text: str) -> list[str]:
    """The words in the table's rows (after the title and the rule under the headings), commas dropped."""
    lines = text.splitlines()
    rule = next(number for number, line in enumerate(lines) if set(line.strip()) <= set("─━═╭╮╰╯┬┴│ ") and "─" in line)
    body = [line for line in lines[rule - 1:] if not set(line.strip()) <= set("─╭╮╰╯┬┴├┤┼ ")]
    return [word.rstrip(",") for line in body for word in re.split(r"[\s│]+", line) if word]


def piped(args: list[str], columns: int) -> str:
    done = subprocess.run([*HIPCLI, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": str(columns)})
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    return done.stdout


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_piped_card_table_breaks_no_word_and_keeps_to_the_width(bundled, args: list[str], columns: int) -> None:
    text = piped(args, columns)
    assert max(len(line) for line in text.splitlines()) <= columns
    known = vocabulary(bundled)
    broken = [word for word in table_words(text) if word not in known]
    assert not broken, (columns, broken, text)
    if args == ["show", "glute"]:
        assert "kettlebell" in table_words(text) and "kettlebel" not in text.split()


def test_at_eighty_columns_every_column_is_there_and_at_sixty_the_level_is_under_the_name() -> None:
    wide = piped(["show", "glute"], 80)
    assert re.search(r"exercise +level +kit +trains", wide)
    assert re.search(r"kettlebell-hip-thrust +intermediate +kettlebell +glutes", wide)
    narrow = piped(["show", "glute"], 60)
    assert "level" not in narrow.split() and re.search(r"Kettlebell hip thrust +box or bench\b", narrow)
    lines = narrow.splitlines()
    row = next(number for number, line in enumerate(lines) if line.strip().startswith("kettlebell-hip-thrust"))
    assert lines[row + 2].split()[0] == "intermediate" and "kettlebell" in lines[row].split()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("columns", WIDTHS)
def test_on_a_no_color_terminal_the_table_breaks_no_word(bundled, columns: int) -> None:
    pytest.importorskip("pexpect")
    pytest.importorskip("pyte")
    term = Terminal("show", "glute", env={"NO_COLOR": "1", "PAGER": "cat", "HIPCLI_PAGER": "cat"}, columns=columns, rows=200)
    assert term.finish() == 0
    assert b"\x1b[1m" not in term.raw and b"\x1b[3" not in term.raw  # no colour or bold
    text = term.text
    assert max(len(line) for line in text.splitlines()) <= columns
    known = vocabulary(bundled)
    broken = [word for word in table_words(text) if word not in known]
    assert not broken and "kettlebell" in table_words(text), (columns, broken, text)
