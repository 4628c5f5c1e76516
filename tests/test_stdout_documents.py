"""A document sent to standard output is byte for byte the file --out writes (issue 24).

Every command that can print a document (--format) and write it (--out) is
run as the installed command, with standard output a real pipe, once each
way, for every format it writes. Untrusted values are escaped where they are
placed into the document, so the bytes can pass unchanged: a hostile handout
name reaches neither the pipe nor the file as a control character.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

HIPCLI = [sys.executable, "-m", "hipcli"]
DATA = Path(__file__).parent / "data" / "free-exercise-db" / "exercises.json"
HOSTILE = "Sam\x1b]52;c;aGk=\x07 \u202eevil\x9b2J"
PLAN = ["plan", "--level", "beginner", "--goal", "running", "--no-log"]
PROGRAMME = ["program", "--level", "beginner", "--goal", "running", "--weeks", "3", "--start", "2030-01-07", "--no-log"]
HEADER = ["--name", HOSTILE, "--notes", "line one\nline two"]
# The calendar stamps each export with the time it was made; nothing else may differ.
STAMPS = re.compile(rb"^(DTSTAMP|SEQUENCE):[^\r\n]*", re.MULTILINE)


def run(args: list[str], cwd: Path) -> bytes:
    result = subprocess.run([*HIPCLI, *args], capture_output=True, cwd=cwd, timeout=120, env={**os.environ, "COLUMNS": "80"})
    assert result.returncode == 0, (args, result.stderr.decode())
    return result.stdout


def embedded(markdown: bytes, target: Path) -> bytes:
    """A Markdown file with its drawings put inline as on standard output.

    A file keeps its drawings as SVG files beside it (``out-figures/``); standard
    output, one stream, embeds the same bytes as data: addresses. Everything else
    must be identical, and every drawing the file names must be there.
    """
    import base64

    def inline(match: re.Match[bytes]) -> bytes:
        drawing = target.parent / match.group(1).decode()
        assert drawing.is_file(), f"{drawing} is named by the Markdown but was not written"
        return b"](data:image/svg+xml;base64," + base64.b64encode(drawing.read_bytes()) + b")"

    folder = re.escape(f"{target.stem}-figures/".encode())
    return re.sub(rb"\]\((" + folder + rb"[^)]+\.svg)\)", inline, markdown)


def same_both_ways(command: list[str], ext: str, tmp_path: Path, *, format_option: str = "--format") -> bytes:
    """The document printed and the document written, compared; returns the printed bytes."""
    printed = run([*command, format_option, ext], tmp_path) if ext != "json" else run([*command, format_option, ext, "--out", "-"], tmp_path)
    target = tmp_path / f"out.{ext}"
    target.unlink(missing_ok=True)
    run([*command, format_option, ext, "--out", str(target)], tmp_path)
    written = target.read_bytes()
    if ext == "md":
        written = embedded(written, target)
    if ext == "ics":
        printed, written = STAMPS.sub(rb"\1:-", printed), STAMPS.sub(rb"\1:-", written)
    assert printed == written, f"{' '.join(command)} --format {ext}: standard output differs from --out"
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", printed), "a raw control character"
    assert "\u202e".encode() not in printed and "\x9b".encode() not in printed, "a raw bidi or C1 control"
    return printed


@pytest.mark.parametrize("ext", ["toml", "md", "html", "json"])
def test_plan(tmp_path: Path, ext: str) -> None:
    same_both_ways([*PLAN, *(HEADER if ext in ("md", "html") else [])], ext, tmp_path)


@pytest.mark.parametrize("ext", ["toml", "md", "html", "json", "ics"])
def test_programme(tmp_path: Path, ext: str) -> None:
    printed = same_both_ways([*PROGRAMME, *(HEADER if ext in ("md", "html") else [])], ext, tmp_path)
    if ext == "ics":
        assert printed.startswith(b"BEGIN:VCALENDAR\r\n") and b"\\x0d" not in printed


@pytest.mark.parametrize("ext", ["toml", "md", "html", "json", "ics"])
def test_export_of_a_saved_programme(tmp_path: Path, ext: str) -> None:
    saved = tmp_path / "saved.toml"
    run([*PROGRAMME, "--out", str(saved)], tmp_path)
    same_both_ways(["export", str(saved), *(HEADER if ext in ("md", "html") else [])], ext, tmp_path, format_option="--to")


@pytest.mark.parametrize("ext", ["csv", "json"])
def test_log_history(tmp_path: Path, ext: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPCLI_DATA", str(tmp_path / "data"))
    run(["log", "add", "side-plank", "--done", "30,25", "--notes", HOSTILE, "--date", "2026-01-05"], tmp_path)
    run(["log", "add", "bird-dog", "--done", "8", "--notes", "two\nlines", "--date", "2026-01-06"], tmp_path)
    printed = same_both_ways(["log", "history"], ext, tmp_path)
    assert b"two\nlines" in printed or b"two\\nlines" in printed


def test_import_of_free_exercise_db(tmp_path: Path) -> None:
    printed = run(["import", "free-exercise-db", str(DATA)], tmp_path)
    run(["import", "free-exercise-db", str(DATA), "--out", str(tmp_path / "cards.toml")], tmp_path)
    assert printed == (tmp_path / "cards.toml").read_bytes()


def test_a_help_screen_arrives_as_text(tmp_path: Path) -> None:
    printed = run(["plan", "--help"], tmp_path)
    assert printed.startswith(b"Usage: hipcli plan") and b"\\x0a" not in printed and printed.count(b"\n") > 20
