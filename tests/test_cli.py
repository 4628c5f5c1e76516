"""The command line: output, exit codes and messages a person sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hipcli import __version__

from .conftest import no_traceback

COMMANDS = ["show", "list", "validate", "plan", "goals", "alternatives", "view", "export", "schema"]


def test_version(cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"hipcli {__version__}"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "hipcli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"hipcli {__version__}"


def test_help_lists_every_command_with_a_description() -> None:
    import os

    result = subprocess.run(
        [sys.executable, "-m", "hipcli", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"}
    )
    code, out = result.returncode, result.stdout
    assert code == 0
    for command in COMMANDS:
        line = next(line for line in out.splitlines() if line.strip().startswith(command + " "))
        description = line.strip()[len(command) :].strip()
        assert description and not description.endswith("..."), line


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command: str) -> None:
    code, out, _ = cli(command, "--help")
    assert code == 0 and "Example: hipcli " + command in out


# --- show ------------------------------------------------------------------------------


def test_show_prints_the_whole_card(cli) -> None:
    code, out, err = cli("show", "banded-psoas-march")
    assert code == 0 and not err
    for heading in ("Targets", "Kit", "Band", "Prescription", "How to do it", "Cues", "Common mistakes",
                    "Breathing", "Safety", "Easier variants", "Harder variants", "Sources"):
        assert heading in out
    assert "8–10 per side" in out and "psoas major" in out and "standing-hip-march" in out


def test_show_finds_an_alias_in_any_case(cli) -> None:
    code, out, _ = cli("show", "Banded Hip March")
    assert code == 0 and "(banded-psoas-march)" in out


def test_show_unknown_name_suggests_and_exits_1(cli) -> None:
    code, out, err = cli("show", "banded psoas mrch")
    assert code == 1 and not out
    assert err.startswith("hipcli: no exercise called 'banded psoas mrch'; did you mean banded-psoas-march")
    assert err.count("\n") == 1


def test_show_one_level(cli) -> None:
    code, out, _ = cli("show", "mini-band-hip-flexor-march", "--level", "beginner")
    assert code == 0 and "2–3 × 8–10 per side" in out and "12–15" not in out.split("How to do it")[0].split("Prescription")[1]


def test_show_level_below_the_card_is_a_clear_error(cli) -> None:
    code, _, err = cli("show", "hanging-psoas-march", "--level", "beginner")
    assert code == 1 and "suits advanced only" in err


def test_show_json_is_the_card_as_data(cli) -> None:
    code, out, _ = cli("show", "band-hip-lift", "--format", "json")
    card = json.loads(out)["data"]
    assert code == 0 and card["slug"] == "band-hip-lift"
    assert card["warmup_dose"]["sets"] == [2, 2] and card["warmup_dose"]["reps"] == [12, 15]


# --- list ------------------------------------------------------------------------------


def test_list_filters_by_muscle_group_and_kit(cli) -> None:
    code, out, _ = cli("list", "--muscle", "hip-flexors", "--equipment", "mini-band", "--format", "json")
    found = json.loads(out)["data"]
    assert code == 0 and found
    assert {card["slug"] for card in found} >= {"banded-psoas-march", "mini-band-hip-flexor-march"}
    assert all(set(card.get("equipment", [])) <= {"mini-band"} for card in found)


def test_list_table_names_each_exercise(cli) -> None:
    code, out, _ = cli("list", "--muscle", "adductors", "--level", "beginner")
    assert code == 0 and "side-lying-adduction" in out and "copenhagen" not in out


def test_list_with_no_match_explains(cli) -> None:
    code, out, err = cli("list", "--muscle", "adductors", "--category", "power", "--level", "beginner")
    assert code == 1 and not out
    assert "no exercise matches --muscle adductors --level beginner --category power" in err


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["list", "--muscle", "biceps"], "'biceps' is not a muscle or group"),
        (["list", "--equipment", "dumbbell"], "'dumbbell' is not equipment hipcli knows"),
        (["list", "--level", "wizard"], "wizard"),
        (["plan", "--level", "beginner", "--goal", "swimming"], "swimming"),
        (["plan", "--level", "beginner", "--goal", "running", "--avoid", "elbow"], "'elbow' is not a load or precaution"),
        (["plan", "--level", "beginner", "--goal", "running", "--minutes", "0"], "--minutes"),
        (["show"], "missing argument"),
    ],
)
def test_usage_errors_exit_2(cli, args: list[str], fragment: str) -> None:
    code, out, err = cli(*args)
    assert code == 2 and fragment in err and no_traceback(err)


# --- validate and --catalogue ----------------------------------------------------------------


def test_validate_the_bundled_catalogue(cli) -> None:
    code, out, _ = cli("validate")
    assert code == 0 and "OK" in out and "exercises" in out


def test_validate_lists_every_problem(cli, write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["level"] = "expert"
    catalogue_data["exercises"][2]["harder"] = ["nowhere"]
    path = write_catalogue(catalogue_data)
    code, out, err = cli("validate", str(path))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith(str(path)) for line in lines)
    assert "2 problems" in err


def test_catalogue_option_and_variable(cli, write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    code, out, _ = cli("list", "--catalogue", str(path), "--format", "json")
    assert code == 0 and [card["slug"] for card in json.loads(out)["data"]] == ["easy-march", "band-march", "side-hold"]
    code, out, _ = cli("show", "slow march", env={"HIPCLI_CATALOGUE": str(path)})
    assert code == 0 and "Easy march" in out


def test_broken_catalogue_is_one_line_per_problem_and_no_traceback(cli, write_catalogue) -> None:
    path = write_catalogue('format = 1\n[[exercises]\nslug = "x"\n')
    code, out, err = cli("show", "x", "--catalogue", str(path))
    assert code == 1 and not out and no_traceback(err)
    assert err.startswith(f"hipcli: {path}: line 2") and err.count("\n") == 1


def test_missing_catalogue_file(cli, tmp_path: Path) -> None:
    code, _, err = cli("list", "--catalogue", str(tmp_path / "gone.toml"))
    assert code == 1 and "no such catalogue file" in err


def test_catalogue_text_is_printed_literally(cli, write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["name"] = "[bold]Easy[/bold] march"
    catalogue_data["exercises"][0]["cues"] = ["Keep [red]tall[/red]."]
    path = write_catalogue(catalogue_data)
    code, out, _ = cli("show", "easy-march", "--catalogue", str(path))
    assert code == 0 and "[bold]Easy[/bold] march" in out and "Keep [red]tall[/red]." in out
    code, out, _ = cli("list", "--catalogue", str(path), env={"COLUMNS": "200"})
    assert "[bold]Easy[/bold] march" in out


def test_plain_output_when_piped_has_no_escape_codes(cli) -> None:
    code, out, _ = cli("show", "side-plank")
    assert code == 0 and "\x1b[" not in out
    assert all(line == line.rstrip() for line in out.splitlines())


# --- plan ---------------------------------------------------------------------------------------


def test_plan_prints_blocks_doses_and_safety(cli) -> None:
    code, out, err = cli("plan", "--level", "beginner", "--goal", "running")
    assert code == 0 and not err
    assert "Strength session: beginner, goal running" in out
    for heading in ("Activation", "Hip flexors", "Hip abductors", "Safety"):
        assert heading in out
    assert "per side" in out and "rest" in out and "min" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_plan_json_has_the_request_and_blocks(cli) -> None:
    code, out, _ = cli("plan", "--level", "advanced", "--goal", "sprint", "--equipment", "none", "--format", "json")
    plan = json.loads(out)["data"]
    assert code == 0 and plan["request"]["level"] == "advanced" and plan["request"]["equipment"] == []
    assert [block["key"] for block in plan["blocks"]][:2] == ["activation", "extensors"] or plan["blocks"]


def test_plan_explain_says_why(cli) -> None:
    code, out, _ = cli("plan", "--level", "beginner", "--goal", "desk", "--explain")
    assert code == 0 and "block (R" in out and "trains" in out


def test_plan_that_cannot_fit_exits_1_with_advice(cli) -> None:
    code, out, err = cli("plan", "--level", "beginner", "--goal", "running", "--minutes", "2")
    assert code == 1 and not out and "use --minutes" in err and no_traceback(err)


def test_goals_lists_every_goal_with_sources(cli) -> None:
    code, out, _ = cli("goals", "--format", "json")
    goals = json.loads(out)["data"]
    assert code == 0 and {goal["goal"] for goal in goals} == {"running", "sprint", "glutes", "hip-health", "desk"}
    assert all(goal["sources"].startswith("R") and goal["why"] for goal in goals)


def test_alternatives_for_someone_without_a_band(cli) -> None:
    code, out, _ = cli("alternatives", "banded hip march", "--equipment", "none", "--format", "json")
    found = json.loads(out)["data"]
    assert code == 0 and 1 <= len(found) <= 4
    code, out, _ = cli("alternatives", "banded-psoas-march", "--equipment", "none")
    assert code == 0 and "Instead of Banded psoas march" in out


# --- shell completion ----------------------------------------------------------------------


def complete(words: str, cword: int) -> list[str]:
    import os

    env = {**os.environ, "_HIPCLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = subprocess.run([sys.executable, "-m", "hipcli"], capture_output=True, text=True, env=env)
    assert result.returncode == 0 and no_traceback(result.stderr)
    return result.stdout.split()


def test_completion_offers_slugs_and_aliases() -> None:
    found = complete("hipcli show banded-hip", 2)
    assert "banded-hip-march" in found  # an alias of banded-psoas-march
    assert "banded-hip-thrust" in found and all(name.startswith("banded-hip") for name in found)
    assert "banded-psoas-march" in complete("hipcli alternatives banded-ps", 2)


def test_completion_offers_goals_and_muscles() -> None:
    assert complete("hipcli plan --goal r", 3) == ["running"]
    assert "gluteus-medius" in complete("hipcli list --muscle glut", 3)


def test_show_names_the_family_the_level_range_and_the_hip_positions(cli) -> None:
    code, out, _ = cli("show", "curtsy-lunge", env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert code == 0
    assert "Family" in out and "curtsy-lunge" in out
    assert "hip bent past 90 degrees, leg across the midline, hip turned in" in out
    code, out, _ = cli("show", "bodyweight-clamshell", env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert "beginner only" in out and "none that hip precautions rule out" in out
    code, out, _ = cli("show", "bodyweight-clamshell", "--level", "advanced")
    assert code == 1


def test_list_by_family_shows_one_movements_ladder(cli) -> None:
    code, out, _ = cli("list", "--family", "copenhagen-adduction", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    cards = payload["data"] if isinstance(payload, dict) and "data" in payload else payload
    assert [card["slug"] for card in cards] == [
        "side-lying-adduction",
        "copenhagen-adduction-short",
        "copenhagen-adduction-long",
    ]
    code, _, err = cli("list", "--family", "bridg")
    assert code == 1 and "no family called 'bridg'; did you mean bridge" in err


def test_alternatives_keep_slugs_whole_and_reasons_readable_at_80_columns(cli) -> None:
    args = ["alternatives", "banded-good-morning", "--equipment", "kettlebell,box-or-bench,long-band", "--level", "advanced"]
    code, out, _ = cli(*args, env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert code == 0
    _, data, _ = cli(*args, "--format", "json")
    payload = json.loads(data)
    payload = payload.get("data", payload) if isinstance(payload, dict) else payload
    found = payload.get("alternatives", payload) if isinstance(payload, dict) else payload
    slugs = [entry["slug"] for entry in found]
    assert slugs
    for slug in slugs:
        assert slug in out, f"{slug} is folded across lines"
    assert "same pattern" in out  # the reason column keeps whole words
