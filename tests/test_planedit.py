"""Editing a saved plan: a clinician's changes are kept, warned about and marked, never refused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .conftest import no_traceback


@pytest.fixture
def plan_file(cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    code, _, err = cli("plan", "-l", "beginner", "-g", "running", "-o", str(path))
    assert code == 0, err
    return path


def items(path: Path) -> list[dict]:
    data = tomllib.loads(path.read_text())
    return [item for block in data["blocks"] for item in block["exercises"]]


def first(path: Path) -> dict:
    return items(path)[0]


def test_a_dose_outside_the_prescription_is_kept_with_a_warning_and_marked(cli, plan_file: Path) -> None:
    name = first(plan_file)["slug"]
    code, _, err = cli("edit", str(plan_file), "set", name, "--sets", "6", "--why", "clinician: week 6 after surgery")
    assert code == 0, err
    assert "hipcli: warning: " in err and "sets 6 is above" in err
    item = first(plan_file)
    assert item["sets"] == 6 and "clinician: week 6 after surgery" in item["override"]
    code, out, err = cli("view", str(plan_file))
    assert code == 0 and "set by hand" in out
    assert err.startswith(f"hipcli: warning: {plan_file}: line ") and "marked in the file" in err


def test_a_hand_edit_outside_the_prescription_warns_at_the_key_line(cli, plan_file: Path) -> None:
    text = plan_file.read_text()
    sets_line = next(line for line in text.splitlines() if line.startswith("sets = "))
    plan_file.write_text(text.replace(sets_line, "sets = 9", 1))
    code, out, err = cli("view", str(plan_file))
    assert code == 0 and out and no_traceback(err)
    number = plan_file.read_text().splitlines().index("sets = 9") + 1
    assert err.startswith(f"hipcli: warning: {plan_file}: line {number}, block 1") and "sets: 9 is outside" in err


def test_a_band_colour_is_read_through_the_chart(cli, plan_file: Path, bundled) -> None:
    colours = bundled.charts[bundled.default_chart].colours
    text = plan_file.read_text()
    band_line = next(line for line in text.splitlines() if line.startswith("band = "))
    plan_file.write_text(text.replace(band_line, f'band = "{colours["medium"].title()}"', 1))
    code, out, err = cli("view", str(plan_file), "-f", "json")
    assert code == 0, err
    import json

    bands = [item.get("band") for block in json.loads(out)["data"]["blocks"] for item in block["exercises"]]
    assert "medium" in bands


def test_errors_point_at_the_key_not_the_header(cli, plan_file: Path) -> None:
    text = plan_file.read_text()
    rest_line = next(line for line in text.splitlines() if line.startswith("rest = "))
    plan_file.write_text(text.replace(rest_line, 'rest = "long"', 1))
    code, _, err = cli("view", str(plan_file))
    number = plan_file.read_text().splitlines().index('rest = "long"') + 1
    assert code == 1 and f": line {number}, " in err and "rest:" in err


def test_swap_add_and_remove(cli, plan_file: Path) -> None:
    old = first(plan_file)["slug"]
    code, _, err = cli("edit", str(plan_file), "swap", *old.split("-"), "with", "side", "plank")
    assert code == 0, err
    slugs = [item["slug"] for item in items(plan_file)]
    assert "side-plank" in slugs and old not in slugs and slugs.index("side-plank") == 0
    code, _, err = cli("edit", str(plan_file), "remove", "side-plank")
    assert code == 0 and "side-plank" not in [item["slug"] for item in items(plan_file)]
    code, _, err = cli("edit", str(plan_file), "add", "dead", "bug")
    assert code == 0, err
    assert "dead-bug" in [item["slug"] for item in items(plan_file)]
    assert cli("view", str(plan_file))[0] == 0


def test_adding_an_exercise_twice_is_refused(cli, plan_file: Path) -> None:
    code, _, err = cli("edit", str(plan_file), "add", first(plan_file)["slug"])
    assert code == 2 and "already in this plan" in err


def test_removing_what_is_not_there_names_what_is(cli, plan_file: Path) -> None:
    before = plan_file.read_text()
    code, _, err = cli("edit", str(plan_file), "remove", "nordic", "curl")
    assert code == 1 and "is not in this plan; it has" in err and plan_file.read_text() == before


def test_edit_to_another_file_never_replaces_without_force(cli, plan_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("keep\n")
    code, _, err = cli("edit", str(plan_file), "remove", first(plan_file)["slug"], "-o", str(other))
    assert code == 1 and other.read_text() == "keep\n"


def test_show_toml_prints_a_block_ready_to_paste(cli, plan_file: Path) -> None:
    code, block, _ = cli("show", "dead", "bug", "--format", "toml")
    assert code == 0 and block.splitlines()[1] == "[[blocks.exercises]]"
    plan_file.write_text(plan_file.read_text() + "\n" + block)
    code, out, err = cli("view", str(plan_file))
    assert code == 0, err
    assert "Dead bug" in out
