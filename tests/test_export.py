"""Plan files: TOML, JSON and Markdown out, checked files back in (safe writes: test_files.py)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings

from tests.budget import examples

from hipcli.catalogue import load_catalogue
from hipcli.errors import PlanError, PlanFileError
from hipcli.planfile import load_plan_file, saved
from hipcli.formats.json import write as to_json
from hipcli.formats.markdown import write as to_markdown
from hipcli.formats.toml import write as to_toml
from hipcli.wording import dose
from hipcli.models import Catalogue
from hipcli.plans import PlanFile, PlanRequest
from hipcli.planner import build_plan

from .conftest import no_traceback, plan_requests

DAY = datetime.date(2026, 11, 21)

requests = plan_requests()


def plan_document(catalogue: Catalogue, request: PlanRequest) -> PlanFile:
    return saved(build_plan(catalogue, request), created=DAY)


@pytest.fixture
def document(bundled: Catalogue) -> PlanFile:
    return plan_document(bundled, PlanRequest(level="beginner", goal="running", equipment=("mini-band", "wall-or-chair")))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests)
def test_every_plan_survives_toml_and_json(tmp_path: Path, request: PlanRequest) -> None:
    catalogue = load_catalogue()
    try:
        document = plan_document(catalogue, request)
    except PlanError:
        return
    for name, text in (("p.toml", to_toml(document)), ("p.json", to_json(document))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert load_plan_file(path, catalogue) == document


def test_toml_reads_the_same_with_an_independent_parser(document: PlanFile) -> None:
    text = to_toml(document)
    assert tomlkit.parse(text).unwrap() == tomllib.loads(text)


def test_toml_is_laid_out_for_people(document: PlanFile) -> None:
    text = to_toml(document)
    assert text.startswith("# A hipcli plan.")
    data = tomllib.loads(text)
    assert data["format"] == 1 and data["hipcli"] and data["created"] == DAY
    assert data["request"] == {
        "level": "beginner", "goal": "running", "session": "strength",
        "equipment": ["mini-band", "wall-or-chair"], "minutes": 30, "avoid": [], "seed": 0,
    }
    assert text.count("[[blocks.exercises]]") == sum(len(block.exercises) for block in document.blocks)
    assert "reps = [12, 15]" in text or "reps = [8, 10]" in text  # short arrays stay on one line
    first = data["blocks"][0]["exercises"][0]
    assert {"slug", "name", "sets", "per_side", "rest", "cue"} <= set(first)


def test_plan_json_output_is_the_file_structure(cli) -> None:
    code, out, _ = cli("plan", "--level", "beginner", "--goal", "running", "--format", "json")
    envelope = json.loads(out)
    assert code == 0 and envelope["kind"] == "plan" and envelope["format"] == 1
    data = envelope["data"]
    assert data["format"] == 1 and data["kind"] == "plan" and data["blocks"]


def test_markdown_has_every_exercise_and_dose(document: PlanFile) -> None:
    text = to_markdown(document)
    assert text.startswith("# Strength session: beginner, goal running")
    for block in document.blocks:
        assert f"## {document.blocks.index(block) + 1}. {block.title}" in text
        for item in block.exercises:
            assert item.name in text and f"`{item.slug}`" in text
            assert dose(item.sets, item.unit, item.amount, item.per_side) in text
            assert item.cue in text
    assert "## Safety" in text and all(note in text for note in document.safety)


def test_schema_accepts_what_hipcli_writes(document: PlanFile, cli) -> None:
    import jsonschema

    code, out, _ = cli("schema", "plan")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "hipcli plan file"
    jsonschema.validate(json.loads(to_json(document)), schema)
    broken = json.loads(to_json(document))
    broken["blocks"][0]["exercises"][0]["stes"] = 2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    code, out, _ = cli("schema", "programme")
    assert code == 0 and json.loads(out)["title"] == "hipcli programme file"
    code, out, _ = cli("schema", "catalogue")
    jsonschema.validate(tomllib.loads(Path(load_catalogue.__globals__["bundled_path"]()).read_text()), json.loads(out))


# --- hand edits ------------------------------------------------------------------------------


def edited(tmp_path: Path, document: PlanFile, old: str, new: str) -> Path:
    text = to_toml(document)
    assert old in text
    path = tmp_path / "plan.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def flexor(document: PlanFile, bundled: Catalogue) -> dict[str, Any]:
    """The hip-flexor exercise of the plan, as the words a hand edit touches.

    Taken from the plan rather than named, so the tests hold whichever march
    the planner picks.
    """
    item = document.blocks[2].exercises[0]
    dose = bundled.by_slug[item.slug].prescription["beginner"]
    lo, hi = item.reps
    low_sets, high_sets = dose.sets
    return {
        "slug": item.slug,
        "name": item.name,
        "sets": item.sets,
        "lo": lo,
        "hi": hi,
        "head": f'slug = "{item.slug}"\nname = "{item.name}"\nsets = {item.sets}\nreps = [{lo}, {hi}]',
        "range": f"{dose.reps[0]}–{dose.reps[1]} per side",
        "set_range": str(low_sets) if low_sets == high_sets else f"{low_sets}–{high_sets}",
    }


def test_a_deliberate_change_inside_the_prescription_is_kept(tmp_path: Path, bundled: Catalogue, document: PlanFile) -> None:
    words = flexor(document, bundled)
    inside = words["lo"] + 1
    path = edited(tmp_path, document, words["head"], words["head"].replace(f"reps = [{words['lo']}, {words['hi']}]", f"reps = {inside}"))
    loaded = load_plan_file(path, bundled)
    march = next(item for item in loaded.blocks[2].exercises if item.slug == words["slug"])
    assert march.reps == (inside, inside)


@pytest.mark.parametrize(
    "edit, message",
    [
        (("sets =", "stes ="), "stes: unknown key; did you mean 'sets'?"),
        (("sets = {sets}", 'sets = "{sets}"'), 'sets: must be a whole number, not "{sets}"'),
        (('slug = "{slug}"', 'slug = "{slug}x"'), "is not in the catalogue; did you mean '{slug}'?"),
    ],
    ids=["misspelt-key", "quoted-number", "misspelt-slug"],
)
def test_each_mistake_in_a_hand_edited_file_is_named(tmp_path, bundled, document, edit, message) -> None:
    words = flexor(document, bundled)
    before, after = (text.format(**words) for text in edit)
    path = edited(tmp_path, document, words["head"], words["head"].replace(before, after, 1))
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(path, bundled)
    message = message.format(**words)
    assert any(message in problem for problem in caught.value.problems), caught.value.problems
    assert all(problem.startswith(str(path)) and "\n" not in problem for problem in caught.value.problems)


def test_an_unknown_level_in_a_hand_edited_file_is_named(tmp_path, bundled, document) -> None:
    path = edited(tmp_path, document, 'level = "beginner"', 'level = "expert"')
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(path, bundled)
    assert any('request.level: "expert" is not one of beginner, intermediate or advanced' in p for p in caught.value.problems)


def test_errors_name_the_line_of_the_exercise(tmp_path, bundled, document) -> None:
    words = flexor(document, bundled)
    path = edited(tmp_path, document, f'slug = "{words["slug"]}"', 'slug = "nope"')
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(path, bundled)
    (problem,) = caught.value.problems
    line = path.read_text().splitlines().index('slug = "nope"') + 1  # the key's own line, not the header's
    assert f"line {line}, block 3 (hip-flexors), exercise 1 (nope): slug:" in problem


@pytest.mark.parametrize(
    "edit, message",
    [
        (("reps = [{lo}, {hi}]", "reps = [{lo}, 30]"), "reps: {lo}–30 is outside the beginner prescription ({range})"),
        (("sets = {sets}", "sets = 9"), "sets: 9 is outside the beginner prescription ({set_range})"),
    ],
    ids=["reps-outside", "sets-outside"],
)
def test_a_dose_outside_the_prescription_is_a_warning_not_a_refusal(tmp_path, bundled, document, edit, message) -> None:
    from hipcli.planfile import load_document

    words = flexor(document, bundled)
    before, after = (text.format(**words) for text in edit)
    path = edited(tmp_path, document, words["head"], words["head"].replace(before, after, 1))
    warnings: list[str] = []
    load_document(path, bundled, warnings=warnings)
    assert any(message.format(**words) in warning for warning in warnings), warnings


def test_view_shows_a_saved_plan_exactly_as_plan_did(cli, tmp_path: Path) -> None:
    args = ["--level", "intermediate", "--goal", "glutes", "--equipment", "mini-band,long-band"]
    code, shown, _ = cli("plan", *args)
    path = tmp_path / "plan.toml"
    code, out, err = cli("plan", *args, "--out", str(path))
    assert code == 0 and not out and "wrote" in err
    code, viewed, _ = cli("view", str(path))
    assert code == 0 and viewed == shown


def test_export_round_trip_through_every_format(cli, tmp_path: Path) -> None:
    toml_path = tmp_path / "plan.toml"
    cli("plan", "--level", "beginner", "--goal", "desk", "--out", str(toml_path))
    code, _, _ = cli("export", str(toml_path), "--to", "json", "--out", str(tmp_path / "plan.json"))
    assert code == 0
    code, _, _ = cli("export", str(tmp_path / "plan.json"), "--to", "toml", "--out", str(tmp_path / "again.toml"))
    assert code == 0 and (tmp_path / "again.toml").read_text() == toml_path.read_text()
    code, out, _ = cli("export", str(toml_path), "--to", "md")
    assert code == 0 and out.startswith("# Strength session")


def test_out_dash_writes_to_standard_output(cli) -> None:
    code, out, _ = cli("plan", "--level", "beginner", "--goal", "running", "--out", "-", "--format", "toml")
    assert code == 0 and tomllib.loads(out)["kind"] == "plan"


def test_extension_picks_the_format(cli, tmp_path: Path) -> None:
    for name, check in (("p.json", json.loads), ("p.toml", tomllib.loads)):
        code, _, _ = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(tmp_path / name))
        assert code == 0 and check((tmp_path / name).read_text())
    cli("plan", "--level", "beginner", "--goal", "running", "--out", str(tmp_path / "p.md"))
    assert (tmp_path / "p.md").read_text().startswith("# Strength session")


def test_a_programme_is_not_a_plan(tmp_path: Path, bundled: Catalogue) -> None:
    path = tmp_path / "x.toml"
    path.write_text('format = 1\nkind = "programme"\n')
    with pytest.raises(PlanFileError, match="is a programme file"):
        load_plan_file(path, bundled)


def test_plan_dataclass_round_trip_keeps_dates(document: PlanFile) -> None:
    assert dataclasses.replace(document).created == DAY


def test_an_extension_hipcli_does_not_write_is_an_error_not_silent_toml(cli, tmp_path: Path) -> None:
    for name in ("plan.txt", "plan", "plan.yaml"):
        code, _, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(tmp_path / name))
        assert code == 2 and "is not a format hipcli writes" in err and ".toml" in err, name
        assert not (tmp_path / name).exists()
        assert no_traceback(err)


def test_format_and_out_extension_must_agree(cli, tmp_path: Path) -> None:
    code, _, err = cli("plan", "--level", "beginner", "--goal", "running", "--format", "md", "--out", str(tmp_path / "p.json"))
    assert code == 2 and "disagree" in err and not (tmp_path / "p.json").exists()
    code, _, err = cli("plan", "--level", "beginner", "--goal", "running", "--format", "md", "--out", str(tmp_path / "p.md"))
    assert code == 0 and (tmp_path / "p.md").read_text().startswith("# ")
