"""The figures at the command line: show --format svg, and the braille drawing on a wide enough terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomli_w

from tests.terminal import Terminal

HIPCLI = [sys.executable, "-m", "hipcli"]
BRAILLE = {chr(c) for c in range(0x2801, 0x2900)}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HIPCLI, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_show_format_svg_writes_the_figure_to_standard_output() -> None:
    result = run("show", "glute", "bridge", "--format", "svg")
    assert result.returncode == 0, result.stderr
    svg = result.stdout.strip()
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "Glute bridge, start position" in svg and "Glute bridge, end position" in svg


def test_show_format_svg_out_writes_a_file_and_keeps_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "bridge.svg"
    first = run("show", "glute-bridge", "--format", "svg", "--out", str(target))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "" and f"wrote {target}" in first.stderr
    written = target.read_text()
    assert written.startswith("<svg ")
    target.write_text("mine")
    again = run("show", "glute-bridge", "--format", "svg", "--out", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    assert target.read_text() == "mine"
    forced = run("show", "glute-bridge", "--format", "svg", "--out", str(target), "--force")
    assert forced.returncode == 0 and target.read_text() == written


def test_out_without_svg_is_a_usage_error() -> None:
    result = run("show", "glute-bridge", "--out", "x.svg")
    assert result.returncode == 2
    assert "--format svg" in result.stderr and "Traceback" not in result.stderr


def test_a_card_without_a_figure_says_so(tmp_path: Path) -> None:
    from tests.conftest import small_catalogue

    path = tmp_path / "cards.toml"
    path.write_text(tomli_w.dumps(small_catalogue()))
    slug = small_catalogue()["exercises"][0]["slug"]
    result = run("show", slug, "--format", "svg", "--catalogue", str(path))
    assert result.returncode == 1
    assert f"'{slug}' has no figure" in result.stderr and "Traceback" not in result.stderr


def test_a_wide_terminal_shows_the_positions_in_braille() -> None:
    screen = Terminal("show", "banded-psoas-march", columns=100, rows=60, env={"PAGER": "cat", "LANG": "C.UTF-8"})
    status = screen.finish()
    text = screen.raw.decode("utf-8", "replace")
    assert status == 0
    assert BRAILLE & set(text)
    assert "Banded psoas march" in text


def test_a_narrow_terminal_and_a_pipe_show_the_card_as_before() -> None:
    narrow = Terminal("show", "banded-psoas-march", columns=50, rows=60, env={"PAGER": "cat", "LANG": "C.UTF-8"})
    assert narrow.finish() == 0
    assert not BRAILLE & set(narrow.raw.decode("utf-8", "replace"))
    piped = run("show", "banded-psoas-march")
    assert piped.returncode == 0 and "Banded psoas march" in piped.stdout
    assert not BRAILLE & set(piped.stdout)


def test_a_users_card_draws_its_own_figure(tmp_path: Path) -> None:
    from tests.conftest import small_catalogue

    data = small_catalogue()
    card = data["exercises"][0]
    card["hip_positions"] = []
    card["figure"] = {
        "work": ["right.thigh"], "moves": ["right.knee"],
        "positions": [{"label": "start", "like": "standing"}, {"label": "end", "right": {"hip": 80, "knee": 90}, "on": ["left.foot"]}],
    }
    path = tmp_path / "cards.toml"
    path.write_text(tomli_w.dumps(data))
    result = run("show", card["slug"], "--format", "svg", "--catalogue", str(path))
    assert result.returncode == 0, result.stderr
    assert f"{card['name']}, end position" in result.stdout
    card["figure"]["positions"][1]["right"]["hip"] = 120  # past 90 on a card that says it never goes there
    path.write_text(tomli_w.dumps(data))
    refused = run("validate", str(path))
    assert refused.returncode == 1
    assert "figure.positions[1].right.hip: flexes the hip to 120 degrees" in refused.stdout + refused.stderr
