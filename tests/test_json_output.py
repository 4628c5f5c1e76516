"""Machine output: every command's JSON in one envelope, errors as JSON too, in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import no_traceback

COMMANDS = [
    ("show", "side-plank"),
    ("list", "--muscle", "hip-flexors"),
    ("validate",),
    ("goals",),
    ("alternatives", "banded-psoas-march", "--equipment", "none"),
    ("plan", "--level", "beginner", "--goal", "running"),
    ("program", "--level", "beginner", "--goal", "running", "--weeks", "2", "--start", "2026-12-07"),
]


def hipcli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hipcli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_every_command_wraps_its_json_in_one_envelope(cli, args: tuple[str, ...]) -> None:
    code, out, _ = cli(*args, "--format", "json")
    envelope = json.loads(out)
    assert code == 0 and set(envelope) == {"kind", "format", "hipcli", "data"}
    assert envelope["format"] == 1 and envelope["kind"] and envelope["data"] is not None


def test_plan_and_programme_json_carry_the_computed_durations(cli) -> None:
    code, out, _ = cli("plan", "--level", "beginner", "--goal", "running", "--format", "json")
    plan = json.loads(out)["data"]
    assert code == 0 and plan["time_minutes"] * 60 >= plan["time_seconds"] > 0
    assert sum(block["time_seconds"] for block in plan["blocks"]) == plan["time_seconds"]
    assert all(item["time_seconds"] > 0 for block in plan["blocks"] for item in block["exercises"])
    code, out, _ = cli(*COMMANDS[-1], "--format", "json")
    weeks = json.loads(out)["data"]["weeks"]
    assert all(session["time_minutes"] > 0 for week in weeks for session in week["sessions"])


def test_a_saved_envelope_reads_back_as_a_plan(cli, tmp_path: Path) -> None:
    code, out, _ = cli("plan", "--level", "beginner", "--goal", "running", "--format", "json")
    path = tmp_path / "plan.json"
    path.write_text(out, encoding="utf-8")
    code, out, err = cli("view", str(path))
    assert code == 0 and "Activation" in out, err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("show", "no-such-card"), 1),
        (("plan", "--level", "beginnr", "--goal", "running"), 2),  # rejected before the command runs
        (("plan", "--level", "beginner", "--goal", "running", "--equipment", "rope"), 2),
        (("plan", "--level", "beginner", "--goal", "running", "--minutes", "2"), 1),
        (("view", "/no/such/plan.toml"), 1),
    ],
)
def test_with_format_json_errors_are_json_on_stderr(args: tuple[str, ...], code: int) -> None:
    result = hipcli(*args, "--format", "json")
    assert result.returncode == code and result.stdout == "" and no_traceback(result.stderr)
    error = json.loads(result.stderr)
    assert error["kind"] == "error" and error["format"] == 1
    assert error["data"]["exit_code"] == code and error["data"]["message"] and error["data"]["problems"]


def test_without_json_errors_stay_one_plain_line() -> None:
    result = hipcli("show", "no-such-card")
    assert result.returncode == 1 and result.stderr.startswith("hipcli: ") and len(result.stderr.splitlines()) == 1
