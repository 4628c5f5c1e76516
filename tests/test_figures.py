"""Figures: every bundled card draws, the validator refuses impossible poses, drawings do not drift."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from hipcli.catalogue import find_exercise, read_catalogue
from hipcli.checks import bundled_figure_problems, figure_problems
from hipcli.figures import Figure, bundled_figures_path, figures_for, terminal_figure
from hipcli.models import Catalogue, FigureSpec
from hipcli.validation import validate

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "figures.json"


def _spec(raw: dict[str, Any]) -> FigureSpec:
    return validate(FigureSpec, raw)


def test_every_bundled_card_has_a_figure(bundled: Catalogue) -> None:
    """A card added without a figure fails here: data/figures.toml needs its pose description."""
    missing = [card.slug for card in bundled.exercises if not figures_for(card)]
    assert missing == []


def test_the_bundled_figures_pass_the_pose_checks(bundled: Catalogue) -> None:
    assert bundled_figure_problems(bundled.exercises) == []


def test_every_figure_is_one_clean_svg_with_alt_text(bundled: Catalogue) -> None:
    for card in bundled.exercises:
        figures = figures_for(card)
        assert [f.label for f in figures][:2] == ["start", "end"] or len(figures) >= 2
        for figure in figures:
            assert isinstance(figure, Figure)
            svg = figure.svg
            assert svg.startswith("<svg ") and svg.endswith("</svg>") and svg.count("<svg") == 1
            assert 'viewBox="' in svg
            assert "<?xml" not in svg and "<script" not in svg.lower() and "href" not in svg
            assert "<text" not in svg  # no fonts needed
            assert " id=" not in svg  # many figures share one HTML page
            assert card.name in figure.alt and figure.alt.endswith(".")
            assert figure.label in figure.alt


def test_the_working_limb_is_highlighted_and_the_movement_has_an_arrow(bundled: Catalogue) -> None:
    from hipcli.figures.svg import ARROW, WORK_FAR, WORK_NEAR

    start, end = figures_for(find_exercise(bundled, "banded-psoas-march"))
    assert WORK_NEAR in start.svg or WORK_FAR in start.svg
    assert ARROW in start.svg
    assert "#2f9e5a" in end.svg  # the band, drawn between the feet


def test_start_and_end_share_one_frame(bundled: Catalogue) -> None:
    """Both positions are drawn at one scale, so they line up side by side."""
    start, end = figures_for(find_exercise(bundled, "glute-bridge"))
    box = re.compile(r'viewBox="([^"]+)"')
    assert box.search(start.svg)[1] == box.search(end.svg)[1]  # type: ignore[index]


def test_figures_do_not_change_by_accident(bundled: Catalogue) -> None:
    """Snapshot: a digest per card. After a deliberate change run tools/figure_sheet.py --update-golden."""
    digests = {
        card.slug: hashlib.sha256("".join(f.svg for f in figures_for(card)).encode()).hexdigest()[:16]
        for card in bundled.exercises
    }
    golden = json.loads(GOLDEN.read_text())
    changed = sorted(slug for slug in digests if golden.get(slug) != digests[slug])
    assert changed == [], f"figures changed: {changed}; if on purpose, run tools/figure_sheet.py --update-golden"


def test_terminal_drawing_is_plain_braille_of_the_size_asked(bundled: Catalogue) -> None:
    card = find_exercise(bundled, "banded-squat")
    lines = terminal_figure(card, "end", 30, 12)
    assert len(lines) == 12
    assert all(len(line) <= 30 for line in lines)
    text = "".join(lines)
    assert "\x1b" not in text
    assert set(text) <= {" "} | {chr(c) for c in range(0x2800, 0x2900)}
    assert sum(ch != " " for ch in text) > 40  # a figure, not a blank box
    assert terminal_figure(card, "start", 30, 12) != lines
    assert terminal_figure(card, "no-such-position", 30, 12) == []


def test_a_card_without_a_description_has_no_figure(bundled: Catalogue) -> None:
    card = find_exercise(bundled, "glute-bridge")
    fake = copy.copy(card)
    object.__setattr__(fake, "slug", "not-bundled")
    assert figures_for(fake) == []
    assert terminal_figure(fake, "start", 30, 10) == []


def test_the_figures_file_ships_in_the_wheel() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '"data/figures.toml" = "hipcli/data/figures.toml"' in text
    assert bundled_figures_path().is_file()


# --- the validator: one impossible pose for each rule ------------------------------

MARCH = {
    "view": "side",
    "work": ["right.thigh"],
    "moves": ["right.knee"],
    "positions": [{"label": "start", "like": "standing"}, {"label": "end", "right": {"hip": 80, "knee": 90}, "on": ["left.foot"]}],
}


def _problems(change: Any, tags: tuple[str, ...] = ("flexion-past-90",), equipment: tuple[str, ...] = ()) -> list[str]:
    raw = copy.deepcopy(MARCH)
    change(raw)
    from hipcli.figures.check import problems

    return [f"{field}: {message}" for field, message in problems(_spec(raw), tags, equipment)]


def test_a_sound_pose_has_no_problems() -> None:
    assert _problems(lambda raw: None) == []


def test_a_joint_past_its_human_range_is_refused() -> None:
    found = _problems(lambda raw: raw["positions"][1]["right"].update(knee=175))
    assert found == ["positions[1].right.knee: knee flexion of 175 degrees is outside what a person can do (-5 to 155)"]


def test_a_body_part_through_the_floor_is_refused() -> None:
    # Standing on the left foot, the right leg reaches straight down past it.
    found = _problems(lambda raw: raw["positions"][1].update(right={"hip": 0, "knee": 0, "ankle": -80}))
    assert any("right foot goes" in line and "through the floor" in line for line in found), found


def test_a_body_part_through_a_bench_is_refused() -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["props"] = [{"kind": "box", "at": "right.knee", "dx": 0.15, "height": 0.6}]

    found = _problems(change)
    assert any("passes through the box" in line for line in found), found


def test_a_planted_foot_that_floats_is_refused() -> None:
    found = _problems(lambda raw: raw["positions"][1].update(on=["left.foot", "right.foot"]))
    assert any(line.startswith("positions[1].on[1]: 'right.foot' should rest on the floor but floats") for line in found)


def test_a_band_that_cannot_reach_its_anchors_is_refused() -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["props"] = [{"kind": "band", "ends": ["left.foot", "right.knee"]}]
        raw["positions"][1]["right"] = {"hip": 95, "knee": 20}

    found = _problems(change)
    assert any(line.startswith("props[0].ends: in position 'end' the ends are") and "the band reaches 75 cm" in line for line in found)
    # A long band reaches that far.
    assert not any("band reaches" in line for line in _problems(change, equipment=("long-band",)))


def test_a_pose_breaking_the_cards_hip_position_tags_is_refused() -> None:
    def deep(raw: dict[str, Any]) -> None:
        raw["positions"][1]["right"] = {"hip": 110, "knee": 90}

    assert _problems(deep) == []
    assert _problems(deep, tags=()) == [
        "positions[1].right.hip: flexes the hip to 110 degrees, past 90, but the card's hip_positions has no 'flexion-past-90'"
    ]
    across = _problems(lambda raw: raw["positions"][1]["right"].update(hip_abd=-15), tags=())
    assert any("across the midline" in line and "adduction-past-midline" in line for line in across)
    inward = _problems(lambda raw: raw["positions"][1]["right"].update(hip_rot=20), tags=())
    assert any("inward" in line and "internal-rotation" in line for line in inward)


def test_unknown_names_are_refused_with_the_field() -> None:
    found = _problems(lambda raw: raw.update(work=["right.tail"]))
    assert found == ["work[0]: 'right.tail' is not a body part (such as 'right.thigh' or 'pelvis')"]
    found = _problems(lambda raw: raw["positions"][1].update(like="floating"))
    assert found[0].startswith("positions[1].like: 'floating' is neither an earlier position's label nor a posture")


# --- a card's own figure, checked by validate -------------------------------------------


def _catalogue_with_figure(tmp_path: Path, figure: dict[str, Any], tags: list[str]) -> Path:
    from tests.conftest import small_catalogue

    data = small_catalogue()
    card = data["exercises"][0]
    card["figure"] = figure
    card["hip_positions"] = tags
    path = tmp_path / "cards.toml"
    path.write_text(tomli_w.dumps(data))
    return path


def test_a_cards_own_figure_is_checked_like_any_field(tmp_path: Path) -> None:
    bad = copy.deepcopy(MARCH)
    bad["positions"][1]["right"] = {"hip": 110, "knee": 90}
    path = _catalogue_with_figure(tmp_path, bad, [])
    catalogue, problems = read_catalogue(path)
    assert catalogue is None
    assert len(problems) == 1
    assert re.fullmatch(
        rf"{re.escape(str(path))}: exercise '[a-z-]+' \(line \d+\): figure\.positions\[1\]\.right\.hip: flexes the hip "
        r"to 110 degrees, past 90, but the card's hip_positions has no 'flexion-past-90'",
        problems[0],
    ), problems[0]


def test_a_cards_own_figure_wins_over_the_bundled_one(tmp_path: Path) -> None:
    path = _catalogue_with_figure(tmp_path, MARCH, [])
    catalogue, problems = read_catalogue(path)
    assert problems == [] and catalogue is not None
    card = catalogue.exercises[0]
    figures = figures_for(card)
    assert [f.label for f in figures] == ["start", "end"]


def test_validate_reports_pose_problems_from_the_command_line(tmp_path: Path) -> None:
    bad = copy.deepcopy(MARCH)
    bad["positions"][1]["right"] = {"hip": 100, "knee": 170}
    path = _catalogue_with_figure(tmp_path, bad, ["flexion-past-90"])
    run = subprocess.run([sys.executable, "-m", "hipcli", "validate", str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert "figure.positions[1].right.knee: knee flexion of 170 degrees is outside" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_the_bundled_figures_file_is_valid_toml_keyed_by_slug(bundled: Catalogue) -> None:
    data = tomllib.loads(bundled_figures_path().read_text())
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in data)
    # Every card's figure is there (a figure may also land before its card, from another branch).
    assert {card.slug for card in bundled.exercises} <= set(data)


def test_figure_problems_for_a_card_use_its_tags(bundled: Catalogue) -> None:
    card = find_exercise(bundled, "half-range-march")  # no flexion-past-90 tag
    raw = copy.deepcopy(MARCH)
    raw["positions"][1]["right"] = {"hip": 100, "knee": 90}
    assert any("flexion-past-90" in message for _, message in figure_problems(card, _spec(raw)))


@pytest.mark.parametrize("slug", ["banded-psoas-march", "side-plank", "pallof-press"])
def test_each_view_draws(bundled: Catalogue, slug: str) -> None:
    assert len(figures_for(find_exercise(bundled, slug))) >= 2


def test_the_figures_core_imports_neither_typer_nor_rich() -> None:
    """Drawing every kind of figure, in a fresh interpreter, loads no command-line library."""
    script = (
        "import sys, json\n"
        "import hipcli.checks, hipcli.template\n"
        "from hipcli.figures import figures_for, terminal_figure\n"
        "from hipcli.figures import body, check, describe, svg, terminal\n"
        "from hipcli.catalogue import load_catalogue, find_exercise\n"
        "card = find_exercise(load_catalogue(), 'banded-psoas-march')\n"
        "figures_for(card); terminal_figure(card, 'end', 30, 10)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    modules = set(json.loads(run.stdout.strip().splitlines()[-1]))
    assert not {"typer", "rich", "click"} & modules


def test_a_cards_own_figure_survives_the_cache(tmp_path: Path) -> None:
    """A catalogue is cached as JSON; the figure read back from the cache draws the same."""
    from hipcli.catalogue import load_catalogue

    path = _catalogue_with_figure(tmp_path, MARCH, [])
    first = load_catalogue(path)
    again = load_catalogue(path)  # from the cache this time
    assert first.exercises[0].figure == again.exercises[0].figure
    assert [f.svg for f in figures_for(again.exercises[0])] == [f.svg for f in figures_for(first.exercises[0])]


def test_the_new_card_templates_figure_example_is_a_sound_pose() -> None:
    from hipcli.figures.check import problems
    from hipcli.template import card_template

    text = card_template("x")
    block = text[text.index("# [exercises.figure]") :]
    lines = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    figure = tomllib.loads("\n".join(lines[1:]))
    assert problems(_spec(figure)) == []


def test_all_positions_side_by_side_in_one_svg_and_in_braille(bundled: Catalogue) -> None:
    from hipcli.figures import combined_svg, terminal_figures

    card = find_exercise(bundled, "glute-bridge")
    svg = combined_svg(card)
    assert svg is not None and svg.startswith("<svg ") and svg.count("<svg") == 3  # the whole and its two positions
    lines = terminal_figures(card, 70, 9)
    assert 3 <= len(lines) <= 9 and all(len(line) <= 70 for line in lines)
    assert lines[0].strip()  # no blank rows above a lying figure
    assert "start" in lines[-1] and "end" in lines[-1]
    assert terminal_figures(card, 12, 9) == []  # no room: nothing rather than a smudge


def test_two_props_with_one_id_are_refused() -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["props"] = [
            {"kind": "post", "at": "left.ankle", "dx": -0.5},
            {"kind": "post", "at": "left.ankle", "dx": 0.5},
            {"kind": "band", "ends": ["post", "right.ankle"]},
        ]

    assert "props[1].id: 'post' names an earlier prop too; give each its own id" in _problems(change, equipment=("long-band",))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hipcli.figures.check import RANGES  # noqa: E402

_JOINT = {name: st.floats(low - 20, high + 20, allow_nan=False) for name, (low, high) in RANGES.items()}


@settings(max_examples=60, deadline=None)
@given(
    body=st.fixed_dictionaries({"pitch": _JOINT["pitch"], "lean": _JOINT["lean"], "spine": _JOINT["spine"]}),
    right=st.fixed_dictionaries({name: _JOINT[name] for name in ("hip", "hip_abd", "hip_rot", "knee", "ankle", "shoulder", "elbow")}),
    posture=st.sampled_from(["standing", "supine", "hook-lying", "quadruped", "side-lying", "seated", "kneeling"]),
)
def test_any_pose_is_checked_and_drawn_without_crashing(body: dict[str, float], right: dict[str, float], posture: str) -> None:
    """Whatever the angles, the validator answers in words and the renderer still draws."""
    from hipcli.figures import scene_for
    from hipcli.figures.check import problems
    from hipcli.figures.svg import render
    from hipcli.figures.terminal import draw

    raw = {
        "work": ["right.leg"], "moves": ["right.ankle"],
        "props": [{"kind": "band", "ends": ["left.thigh", "right.thigh"]}, {"kind": "chair", "at": "pelvis", "dx": -0.3}],
        "positions": [{"label": "start", "like": posture}, {"label": "end", **body, "right": right}],
    }
    spec = _spec(raw)
    found = problems(spec)
    assert all(isinstance(field, str) and isinstance(message, str) and message for field, message in found)
    scene = scene_for(spec)
    for index in range(2):
        svg = render(scene, index, "a pose")
        assert svg.startswith("<svg ") and svg.endswith("</svg>") and "nan" not in svg
        assert len(draw(scene, index, 30, 10)) == 10


def test_the_quick_reading_of_bundled_figures_draws_what_the_validated_one_does(bundled: Catalogue) -> None:
    """show skips pydantic for the bundled file; both readings must give the same pictures."""
    from hipcli.figures import _trusted, bundled_raw, scene_for
    from hipcli.figures.svg import render

    data = bundled_raw()[0]
    for slug, raw in data.items():
        quick, checked = _trusted(raw), _spec(raw)
        assert quick is not None, slug
        for index in range(len(checked.positions)):
            assert render(scene_for(quick), index, "x") == render(scene_for(checked), index, "x"), slug
    assert _trusted({"positions": [{"label": "start", "elbows": 3}]}) is None  # an unknown key goes to the validator


def test_drawing_a_bundled_card_in_the_terminal_loads_no_pydantic() -> None:
    script = (
        "import sys, json\n"
        "from hipcli.catalogue import load_catalogue, find_exercise\n"
        "load_catalogue()\n"  # fills the cache, so the next read skips validation
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    script = (
        "import sys, json\n"
        "from hipcli.catalogue import load_catalogue, find_exercise\n"
        "from hipcli.figures import terminal_figures\n"
        "terminal_figures(find_exercise(load_catalogue(), 'glute-bridge'), 90, 12)\n"
        "print(json.dumps('pydantic' in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert run.stdout.strip() == "false"


def test_a_body_part_through_a_wall_is_refused_and_hands_rest_on_it() -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["props"] = [{"kind": "wall", "at": "pelvis", "dx": 0.55}]
        raw["positions"][0].update(both={"shoulder": 80}, on=["left.foot", "right.foot", "hands@wall"])
        raw["positions"][1].update(on=["left.foot", "hands@wall"])

    assert _problems(change) == []

    def kick(raw: dict[str, Any]) -> None:
        change(raw)
        raw["positions"][1]["right"] = {"hip": 60, "knee": 0}

    assert any("through the wall" in line for line in _problems(kick))


def test_a_ball_between_the_knees_is_drawn() -> None:
    from hipcli.figures import scene_for
    from hipcli.figures.check import problems
    from hipcli.figures.svg import BALL, render

    spec = _spec({
        "work": ["left.thigh", "right.thigh"], "moves": ["right.knee"],
        "props": [{"kind": "ball", "ends": ["left.knee", "right.knee"]}],
        "positions": [{"label": "start", "like": "hook-lying", "both": {"hip_abd": 6}}, {"label": "end", "both": {"hip_abd": 3}}],
    })
    assert problems(spec) == []
    assert BALL in render(scene_for(spec), 0, "x")


def test_a_broken_bundled_figure_is_reported_with_file_card_line_and_field(
    bundled: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hipcli.figures as figures

    raw = copy.deepcopy(MARCH)
    raw["positions"][1]["right"] = {"hip": 100, "knee": 170}
    text = "# figures\n\n[glute-bridge]\nview = 'side'\n\n[no-such-card]\nview = 'side'\n"
    monkeypatch.setattr(figures, "bundled_raw", lambda: ({"glute-bridge": raw, "no-such-card": MARCH}, text))
    found = bundled_figure_problems(bundled.exercises)
    shown = str(bundled_figures_path())
    assert f"{shown}: figure 'glute-bridge' (line 3): positions[1].right.knee: knee flexion of 170 degrees is outside what a person can do (-5 to 155)" in found
    assert not any("no-such-card" in line for line in found)  # a figure may land before its card


def test_dz_moves_a_whole_position_for_a_bound() -> None:
    from hipcli.figures import scene_for

    raw = copy.deepcopy(MARCH)
    still = scene_for(_spec(raw)).poses[1].points["pelvis"]
    raw["positions"][1]["dz"] = -0.9
    moved = scene_for(_spec(raw)).poses[1].points["pelvis"]
    assert moved[2] == pytest.approx(still[2] - 0.9) and moved[1] == pytest.approx(still[1])
