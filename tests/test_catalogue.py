"""The catalogue: seed facts, schema, cross-card checks and error messages."""

from __future__ import annotations

import copy
import os
import string
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.budget import examples

from hipcli import cache
from hipcli.catalogue import (
    bundled_path,
    check_catalogue,
    filter_exercises,
    find_exercise,
    load_catalogue,
)
from hipcli.errors import CatalogueError, NotFound
from hipcli.models import GOALS, LEVELS, LOAD_FLAGS, MUSCLE_GROUPS, Catalogue

from .conftest import small_catalogue

SEED_SLUGS = [
    "mini-band-hip-flexor-march",
    "banded-psoas-march",
    "band-hip-lift",
    "resistance-band-leg-lift",
    "banded-lateral-steps",
    "side-plank",
    "hip-hikes",
    "kettlebell-unilateral-march",
    "curtsy-lunge",
]


# --- the bundled catalogue ---------------------------------------------------------


def test_bundled_catalogue_has_every_seed_exercise_and_forty_more(bundled: Catalogue) -> None:
    slugs = set(bundled.by_slug)
    assert set(SEED_SLUGS) <= slugs
    seed_variations = {
        "standing-hip-march",  # the psoas march without a band
        "half-range-march",
        "lying-psoas-march",
        "lying-banded-psoas-march",
        "elevated-feet-psoas-march",
        "hanging-psoas-march",
    }
    assert seed_variations <= slugs
    assert len(slugs - set(SEED_SLUGS) - seed_variations) >= 40


def seed_march_family() -> set[str]:
    """The psoas march and every variation S001 names, plus the mini-band march (the same exercise, S000)."""
    return {
        "banded-psoas-march",
        "mini-band-hip-flexor-march",
        "standing-hip-march",
        "half-range-march",
        "lying-psoas-march",
        "lying-banded-psoas-march",
        "elevated-feet-psoas-march",
        "hanging-psoas-march",
    }


def test_seed_variations_are_linked_as_easier_or_harder(bundled: Catalogue) -> None:
    march = bundled.by_slug["banded-psoas-march"]
    assert {"standing-hip-march", "half-range-march"} <= set(march.easier)
    assert "lying-banded-psoas-march" in march.harder  # the floor is the article's next step
    assert "lying-psoas-march" in bundled.by_slug["lying-banded-psoas-march"].easier
    assert "hanging-psoas-march" in bundled.by_slug["elevated-feet-psoas-march"].harder
    above, todo = set(), ["banded-psoas-march"]
    while todo:
        for slug in bundled.by_slug[todo.pop()].harder:
            above.add(slug)
            todo.append(slug)
    assert {"lying-banded-psoas-march", "elevated-feet-psoas-march", "hanging-psoas-march"} <= above
    family = {slug for slug, card in bundled.by_slug.items() if card.family == march.family}
    assert seed_march_family() <= family
    assert bundled.by_slug["hanging-psoas-march"].equipment == ("pull-up-bar", "mini-band") or set(
        bundled.by_slug["hanging-psoas-march"].equipment
    ) == {"pull-up-bar", "mini-band"}
    assert "box-or-bench" in bundled.by_slug["elevated-feet-psoas-march"].equipment
    assert bundled.by_slug["lying-psoas-march"].position == "supine"


def test_every_bundled_card_names_its_family_and_links_stay_inside_it(bundled: Catalogue) -> None:
    for card in bundled.exercises:
        assert card.family, f"{card.slug} names no family"
        for slug in card.harder:
            other = bundled.by_slug[slug]
            assert card.slug in other.easier, f"{card.slug} -> {slug} is one-way"
            assert other.family == card.family, f"{card.slug} -> {slug} leaves family {card.family}"
        for slug in card.easier:
            assert card.slug in bundled.by_slug[slug].harder, f"{slug} <- {card.slug} is one-way"


def test_the_two_standing_mini_band_marches_are_one_family_and_neither_is_harder(bundled: Catalogue) -> None:
    s000, s001 = bundled.by_slug["mini-band-hip-flexor-march"], bundled.by_slug["banded-psoas-march"]
    assert s000.family == s001.family
    assert s000.slug not in s001.harder + s001.easier and s001.slug not in s000.harder + s000.easier
    knee_drive = bundled.by_slug["anchored-banded-knee-drive"]
    assert knee_drive.family != s000.family and not knee_drive.easier


def test_hip_positions_mark_what_the_precautions_leave_out(bundled: Catalogue) -> None:
    """COACHING.md section 7: the positions a hip replacement, FAI or a pregnancy rules out."""
    for card in bundled.exercises:
        positions = set(card.hip_positions)
        if card.position == "supine" and "box-or-bench" not in card.equipment:
            assert "long-supine" in positions, card.slug
        if card.position != "supine" and "box-or-bench" not in card.equipment:
            assert "long-supine" not in positions, card.slug
        # An isometric squeeze holds the knees apart on a ball: the leg never crosses the midline.
        if card.pattern == "hip-adduction" and card.unit != "seconds":
            assert "adduction-past-midline" in positions, card.slug
        shallow = {"supported-curtsy-lunge"}  # sinks a third to half way by design
        loaded_hinge = card.pattern == "hinge" and card.category == "strength"
        if (card.pattern in ("squat", "lunge") or loaded_hinge) and card.slug not in shallow:
            assert "flexion-past-90" in positions, card.slug
    assert {"adduction-past-midline", "internal-rotation"} <= set(bundled.by_slug["curtsy-lunge"].hip_positions)
    assert "flexion-past-90" not in bundled.by_slug["half-range-march"].hip_positions


def test_mini_band_march_doses_match_seed_000(bundled: Catalogue) -> None:
    march = bundled.by_slug["mini-band-hip-flexor-march"]
    assert march.per_side and march.unit == "reps"
    assert march.prescription["beginner"].sets == (2, 3)
    assert march.prescription["beginner"].reps == (8, 10)
    for level in ("intermediate", "advanced"):
        assert march.prescription[level].sets == (3, 4)
        assert march.prescription[level].reps == (12, 15)
    assert {"psoas-major", "iliacus", "rectus-femoris", "sartorius"} <= set(march.primary)
    assert "below the balls" in march.band.placement.lower() or "balls of" in march.band.placement.lower()


def test_psoas_march_is_eight_to_ten_per_leg_alternating(bundled: Catalogue) -> None:
    march = bundled.by_slug["banded-psoas-march"]
    assert march.laterality == "alternating" and march.per_side
    assert all(dose.reps == (8, 10) for dose in march.prescription.values())
    assert march.level == "beginner"
    assert set(march.primary) == {"psoas-major", "iliacus", "rectus-femoris", "pectineus", "sartorius"}


def test_band_hip_lift_is_two_sets_of_twelve_to_fifteen_as_a_warm_up(bundled: Catalogue) -> None:
    lift = bundled.by_slug["band-hip-lift"]
    assert lift.warmup_dose is not None
    assert lift.warmup_dose.sets == (2, 2) and lift.warmup_dose.reps == (12, 15)
    assert lift.warmup_dose.source == "S002"
    assert "warmup" in lift.sessions
    assert "above the knees" in lift.band.placement.lower()
    assert lift.primary == ("gluteus-maximus",) or "gluteus-maximus" in lift.primary
    assert {"hamstrings", "quadriceps"} <= set(lift.secondary)


def test_lateral_steps_are_three_sets_of_ten_steps_each_way(bundled: Catalogue) -> None:
    steps = bundled.by_slug["banded-lateral-steps"]
    assert steps.unit == "steps" and steps.per_side
    for dose in steps.prescription.values():
        assert dose.sets == (3, 3) and dose.steps == (10, 10)


def test_seed_004_doses_and_uncertainty_are_recorded(bundled: Catalogue) -> None:
    plank = bundled.by_slug["side-plank"]
    assert plank.unit == "seconds" and plank.prescription["beginner"].seconds[1] == 30
    for slug in ("side-plank", "hip-hikes", "curtsy-lunge", "kettlebell-unilateral-march"):
        card = bundled.by_slug[slug]
        assert "S004" in card.sources
        assert card.notes, f"{slug} should say where seed 004 is uncertain"
    assert "knee" in bundled.by_slug["curtsy-lunge"].loads


def test_leg_lift_records_the_seed_contradiction_about_the_band(bundled: Catalogue) -> None:
    lift = bundled.by_slug["resistance-band-leg-lift"]
    assert "quadriceps" in lift.primary
    assert any("working" in note.lower() for note in lift.notes)


def test_one_chart_and_the_psoas_march_says_how_its_article_differs(bundled: Catalogue) -> None:
    theraband = bundled.charts[bundled.default_chart].colours
    assert theraband["light"] == "red" and theraband["medium"] == "green"  # TheraBand puts red below green
    march = bundled.by_slug["banded-psoas-march"]
    assert bundled.chart_for(march).colours == theraband
    # The article puts green below red: said in a note, never shown as a colour.
    assert any("green" in note and "red" in note for note in march.notes)


def test_every_goal_level_kit_and_avoid_flag_leaves_choice(bundled: Catalogue) -> None:
    for level in LEVELS:
        for goal in GOALS:
            for flag in LOAD_FLAGS:
                for kit in ([], ["mini-band"], ["mini-band", "long-band", "step", "box-or-bench"]):
                    usable = [
                        exercise
                        for exercise in filter_exercises(bundled, equipment=kit, level=level, goal=goal)
                        if flag not in exercise.loads
                    ]
                    assert len(usable) >= 4, (level, goal, flag, kit)
    assert len(filter_exercises(bundled, muscle="hip-flexors", equipment=["mini-band"])) >= 4


def test_every_card_cites_known_sources_and_has_full_instructions(bundled: Catalogue) -> None:
    for exercise in bundled.exercises:
        assert exercise.summary and len(exercise.steps) >= 2 and exercise.cues and exercise.mistakes
        assert set(exercise.sources) <= set(bundled.references)
        assert exercise.levels() == tuple(name for name in LEVELS if name in exercise.prescription)


def test_packaged_path_falls_back_to_the_checkout() -> None:
    assert bundled_path().is_file()
    assert bundled_path().name == "exercises.toml"


# --- lookups and filters -------------------------------------------------------------


@pytest.mark.parametrize("name", ["banded-psoas-march", "banded hip march", "Banded Hip March", "BANDED PSOAS MARCH"])
def test_find_accepts_slug_alias_or_name_in_any_case(bundled: Catalogue, name: str) -> None:
    assert find_exercise(bundled, name).slug == "banded-psoas-march"


def test_unknown_name_suggests_the_closest(bundled: Catalogue) -> None:
    with pytest.raises(NotFound, match="did you mean banded-psoas-march"):
        find_exercise(bundled, "banded psoas mrch")


def test_filters_combine(bundled: Catalogue) -> None:
    found = filter_exercises(bundled, muscle="hip-flexors", equipment=["mini-band"], level="beginner")
    assert found
    for exercise in found:
        assert exercise.trains("hip-flexors")
        assert set(exercise.equipment) <= {"mini-band"}
        assert exercise.level == "beginner"
    assert all(not exercise.equipment for exercise in filter_exercises(bundled, equipment=[]))
    assert all("march" in (e.name + e.summary + e.slug + " ".join(e.aliases)).lower() for e in filter_exercises(bundled, search="MARCH"))


def test_muscle_groups_are_derived_from_named_muscles() -> None:
    assert {"psoas-major", "iliacus", "rectus-femoris", "sartorius", "pectineus"} == set(MUSCLE_GROUPS["hip-flexors"])
    assert "tensor-fasciae-latae" in MUSCLE_GROUPS["hip-abductors"]


def test_hip_flexor_listing_holds_no_abduction_work(bundled: Catalogue) -> None:
    found = filter_exercises(bundled, muscle="hip-flexors")
    assert found and all(card.pattern != "hip-abduction" for card in found)
    steps = bundled.by_slug["banded-lateral-steps"]
    assert "tensor-fasciae-latae" in steps.secondary and "tensor-fasciae-latae" not in steps.primary


def test_seated_cards_list_the_chair_they_need(bundled: Catalogue) -> None:
    for card in bundled.exercises:
        text = " ".join(card.steps).lower()
        if card.position == "seated" and ("chair" in text or "bench" in text):
            assert {"wall-or-chair", "box-or-bench"} & set(card.equipment), card.slug


def seconds(tempo: str | None) -> int:
    return sum(int(part) for part in tempo.split("-")) if tempo else 0


def test_no_card_offers_advanced_people_a_beginner_exercise_with_more_reps(bundled: Catalogue) -> None:
    """R7: an advanced dose is a harder variant at 8-12, a heavier band, a load or a slower tempo, not just reps."""
    lazy = []
    for card in bundled.exercises:
        if "advanced" not in card.prescription or card.level == "advanced":
            continue
        if "strength" not in card.sessions or card.category == "mobility" or card.unit != "reps":
            continue
        advanced, first = card.prescription["advanced"], card.prescription[card.level]
        more = advanced.amount[1] > first.amount[1] or advanced.sets[1] > first.sets[1]
        harder = (
            not more
            or card.uses_band
            or "kettlebell" in card.equipment
            or seconds(advanced.tempo) > seconds(first.tempo)
            or card.category in ("core", "power")
        )
        if not harder:
            lazy.append(card.slug)
    assert not lazy, f"advanced doses that are only the easier exercise with more reps: {lazy}"


# --- errors ----------------------------------------------------------------------------


def problems_for(write_catalogue, data: Any) -> list[str]:
    path = write_catalogue(data)
    problems = check_catalogue(path)
    assert problems, "expected at least one problem"
    for problem in problems:
        assert problem.startswith(str(path)), problem
        assert "\n" not in problem
    return problems


def test_small_catalogue_is_valid(write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    assert check_catalogue(path) == []
    assert [e.slug for e in load_catalogue(path).exercises] == ["easy-march", "band-march", "side-hold"]


def test_malformed_toml_names_the_line(write_catalogue) -> None:
    (problem,) = problems_for(write_catalogue, 'format = 1\n[charts\nname = "x"\n')
    assert "line 2" in problem and "invalid TOML" in problem


def test_unknown_key_is_named_with_a_suggestion(write_catalogue, catalogue_data) -> None:
    dose = catalogue_data["exercises"][0]["prescription"]["beginner"]
    dose["stes"] = dose.pop("sets")
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "exercise 'easy-march'" in problem
    assert "prescription.beginner.stes: unknown key; did you mean 'sets'?" in problem


def test_wrong_type_names_exercise_and_field(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][1]["prescription"]["advanced"]["rest"] = "45"
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "exercise 'band-march'" in problem and "prescription.advanced.rest: must be a whole number" in problem


def test_every_problem_is_reported_not_only_the_first(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["level"] = "expert"
    catalogue_data["exercises"][1]["primary"] = ["psoas"]
    catalogue_data["exercises"][2]["harder"] = ["nowhere"]
    problems = problems_for(write_catalogue, catalogue_data)
    assert len(problems) == 3
    assert any("'easy-march'" in p and "level" in p for p in problems)
    assert any("'band-march'" in p and "primary[0]" in p for p in problems)
    assert any("'side-hold'" in p and "'nowhere' is not an exercise" in p for p in problems)


def test_duplicate_slug(write_catalogue, catalogue_data) -> None:
    twin = copy.deepcopy(catalogue_data["exercises"][2])
    catalogue_data["exercises"].append(twin)
    problems = problems_for(write_catalogue, catalogue_data)
    assert any("slug: 'side-hold' is already used by exercise 'side-hold'" in p for p in problems)


def test_dangling_link(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["harder"] = ["band-marhc"]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "harder: 'band-marhc' is not an exercise in this catalogue; did you mean 'band-march'?" in problem


def test_circular_link(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][1]["harder"] = ["easy-march"]
    catalogue_data["exercises"][0]["easier"] = ["band-march"]  # two-way, so the loop is the only problem
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "go round in a loop" in problem
    assert "easy-march -> band-march -> easy-march" in problem or "band-march -> easy-march -> band-march" in problem


def test_a_one_way_link_is_one_line_naming_file_card_and_field(write_catalogue, catalogue_data) -> None:
    del catalogue_data["exercises"][1]["easier"]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "exercise 'easy-march'" in problem and "harder: 'band-march' does not list 'easy-march' under easier" in problem
    catalogue_data["exercises"][1]["easier"] = ["easy-march"]
    catalogue_data["exercises"][2]["easier"] = ["easy-march"]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "exercise 'side-hold'" in problem and "easier: 'easy-march' does not list 'side-hold' under harder" in problem


def test_a_family_must_be_one_chain_of_links(write_catalogue, catalogue_data) -> None:
    for card in catalogue_data["exercises"]:
        card["family"] = "march"
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "exercise 'side-hold'" in problem and "family: no easier/harder chain joins this card to 'easy-march'" in problem
    catalogue_data["exercises"][2]["family"] = "side-hold"
    assert check_catalogue(write_catalogue(catalogue_data)) == []


def test_a_link_may_not_cross_families(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["family"] = "march"
    catalogue_data["exercises"][1]["family"] = "band-work"
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "'band-march' is in family 'band-work' and this card in 'march'" in problem


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such catalogue file" in check_catalogue(tmp_path / "nope.toml")[0]
    assert "is a folder" in check_catalogue(tmp_path)[0]
    with pytest.raises(CatalogueError, match="no such catalogue file"):
        load_catalogue(tmp_path / "nope.toml")


def test_empty_and_non_utf8_files(write_catalogue) -> None:
    assert "empty" in problems_for(write_catalogue, "")[0]
    (problem,) = problems_for(write_catalogue, b'format = 1\nname = "\xff"\n')
    assert "line 2" in problem and "UTF-8" in problem


def test_dose_must_use_the_cards_unit_and_level_range(write_catalogue, catalogue_data) -> None:
    card = catalogue_data["exercises"][2]
    card["prescription"]["beginner"] = {"sets": 2, "reps": 10, "rest": 30, "tempo": "2-1-2", "source": "R7"}
    del card["prescription"]["advanced"]
    problems = problems_for(write_catalogue, catalogue_data)
    assert any("prescription.beginner: gives reps, but the card counts seconds" in p for p in problems)
    assert any("prescription.beginner.tempo: a hold has no tempo" in p for p in problems)
    assert any("prescription.advanced: is required" in p for p in problems)


def test_band_cards_need_placement_and_band_levels(write_catalogue, catalogue_data) -> None:
    card = catalogue_data["exercises"][1]
    del card["band"]
    del card["prescription"]["advanced"]["band"]
    problems = problems_for(write_catalogue, catalogue_data)
    assert any("'band-march'" in p and p.endswith("band: is required: the equipment includes a band, so say where it sits") for p in problems)
    assert any("prescription.advanced.band: is required" in p for p in problems)


def test_range_low_above_high(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["prescription"]["beginner"]["reps"] = [12, 8]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "the low end 12 is above the high end 8" in problem


def test_unknown_reference(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["sources"] = ["S999"]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "sources: 'S999' is not in [references]" in problem


def test_names_must_find_one_card(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][1]["aliases"] = ["Easy March"]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "'Easy March' also names 'easy-march'" in problem


def test_control_characters_are_rejected(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["cues"] = ["\x1b[31mred\x1b[0m"]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "cues[0]: must be free of control characters" in problem


def test_deeply_nested_arrays_are_a_clean_error(write_catalogue) -> None:
    (problem,) = problems_for(write_catalogue, "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in problem or "invalid TOML" in problem or "unknown key" in problem


# --- the cache -------------------------------------------------------------------------------


def test_cache_gives_an_equal_catalogue_and_notices_edits(write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    first = load_catalogue(path)
    entry = next(cache.cache_dir().glob("catalogue-*.json"))
    assert load_catalogue(path) == first  # from the cache
    assert entry.read_bytes().startswith(b'{"format": 2')
    catalogue_data["exercises"][0]["name"] = "Easier march"
    path.write_text(tomli_w.dumps(catalogue_data))
    os.utime(path, ns=(1, 1))
    assert load_catalogue(path).by_slug["easy-march"].name == "Easier march"


def test_a_corrupt_cache_is_ignored(write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    load_catalogue(path)
    for entry in cache.cache_dir().glob("catalogue-*.json"):
        entry.write_text("{not json")
    assert load_catalogue(path).by_slug["side-hold"].name == "Side hold"


def test_bundled_catalogue_round_trips_through_the_cache(bundled: Catalogue) -> None:
    assert load_catalogue() == bundled  # writes the cache
    assert load_catalogue() == bundled  # reads it


# --- property: broken catalogues never escape as anything but a clean error ---------------

KEYS = st.sampled_from(
    ["slug", "name", "level", "unit", "per_side", "primary", "prescription", "harder", "easier", "sessions", "band", "sets"]
)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.text(string.printable, max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=5), st.integers(), max_size=2),
)


@st.composite
def broken_catalogues(draw: st.DrawFn) -> dict[str, Any]:
    data = small_catalogue()
    for _ in range(draw(st.integers(1, 4))):
        cards = data["exercises"] if isinstance(data["exercises"], list) else []
        cards = [card for card in cards if isinstance(card, dict)]
        if not cards:
            break
        card = draw(st.sampled_from(cards))
        action = draw(st.sampled_from(["delete", "replace", "add", "dose", "link", "duplicate", "top"]))
        key = draw(KEYS)
        if action == "delete":
            card.pop(key, None)
        elif action == "replace":
            value = draw(JUNK)
            if value is not None:
                card[key] = value
        elif action == "add":
            card[draw(st.text(string.ascii_lowercase, min_size=1, max_size=8))] = 1
        elif action == "dose":
            doses = card.get("prescription")
            if isinstance(doses, dict) and doses:
                dose = doses[sorted(doses)[0]]
                if isinstance(dose, dict):
                    value = draw(JUNK)
                    if value is not None:
                        dose[draw(st.sampled_from(["sets", "reps", "rest", "tempo", "band", "seconds"]))] = value
        elif action == "link":
            card[draw(st.sampled_from(["easier", "harder"]))] = [draw(st.sampled_from(["easy-march", "band-march", "side-hold", "x"]))]
        elif action == "duplicate":
            data["exercises"].append(copy.deepcopy(card))
        else:
            value = draw(JUNK)
            if value is not None:
                data[draw(st.sampled_from(["format", "default_chart", "charts", "references", "exercises"]))] = value
    return data


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=broken_catalogues())
def test_loader_never_crashes_on_broken_catalogues(write_catalogue, data: dict[str, Any]) -> None:
    path = write_catalogue(data)
    try:
        catalogue = load_catalogue(path, use_cache=False)
    except CatalogueError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.startswith(str(path)) and "\n" not in problem
    else:
        assert isinstance(catalogue, Catalogue)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_loader_never_crashes_on_random_text(write_catalogue, text: str) -> None:
    path = write_catalogue(text.encode("utf-8", "surrogatepass") if False else text.encode("utf-8", "replace"))
    with pytest.raises(CatalogueError):
        load_catalogue(path, use_cache=False)


# --- what full programmes need ----------------------------------------------------------


def test_every_bundled_card_is_complete(bundled: Catalogue) -> None:
    for card in bundled.exercises:
        assert len(card.steps) >= 2 and card.cues and card.mistakes and card.breathing, card.slug
        assert card.safety, f"{card.slug} has no safety note"
        assert card.family, card.slug
        assert card.levels() == tuple(level for level in LEVELS if level in card.prescription), card.slug
        for dose in card.prescription.values():
            assert dose.source in bundled.references and dose.note, card.slug


def test_the_copenhagen_family_has_its_three_published_levels_and_the_asp_start(bundled: Catalogue) -> None:
    """COACHING.md section 1: side-lying, short lever, long lever; one set per side of 3-5, building by reps."""
    levels = ["side-lying-adduction", "copenhagen-adduction-short", "copenhagen-adduction-long"]
    cards = [bundled.by_slug[slug] for slug in levels]
    assert len({card.family for card in cards}) == 1
    assert levels[1] in cards[0].harder and levels[2] in cards[1].harder
    for card in cards:
        for dose in card.prescription.values():
            assert dose.sets == (1, 1) and dose.reps == (3, 5) and dose.source == "ASP2022"
        assert any("unverified" in note for note in card.notes), card.slug
        assert any("3 on a 0-10 scale" in note for note in card.notes), card.slug


def test_the_nordic_curl_starts_at_petersens_first_week_and_notes_the_schedule(bundled: Catalogue) -> None:
    nordic = bundled.by_slug["nordic-hamstring-curl"]
    (dose,) = nordic.prescription.values()
    assert dose.sets == (2, 2) and dose.reps == (5, 5) and dose.source == "Petersen2011"
    text = " ".join(nordic.notes)
    assert "27 sessions over 10 weeks" in text and "once a week" in text and "unverified" in text


def test_loaded_families_go_past_the_heaviest_band(bundled: Catalogue) -> None:
    for family in ("squat", "hip-hinge", "bridge", "step-up", "curtsy-lunge"):
        cards = [card for card in bundled.exercises if card.family == family]
        assert any("kettlebell" in card.equipment for card in cards), family
    for slug in ("goblet-squat", "kettlebell-romanian-deadlift", "kettlebell-hip-thrust", "kettlebell-step-up"):
        card = bundled.by_slug[slug]
        assert card.easier and all(bundled.by_slug[easier].family == card.family for easier in card.easier)


def test_the_curtsy_lunge_has_an_easier_and_a_harder_step(bundled: Catalogue) -> None:
    curtsy = bundled.by_slug["curtsy-lunge"]
    assert curtsy.easier and curtsy.harder
    assert bundled.by_slug[curtsy.easier[0]].suits("beginner")
    assert bundled.by_slug[curtsy.harder[0]].level == "advanced"


def test_stretches_for_every_muscle_a_programme_loads(bundled: Catalogue) -> None:
    stretches = [card for card in bundled.exercises if card.is_static_stretch]
    for muscle in ("adductors", "hamstrings", "quadriceps", "psoas-major"):
        assert any(muscle in card.primary for card in stretches), muscle
    desk = [card for card in stretches if "desk" in card.goals and card.position == "standing"]
    assert any("psoas-major" in card.primary for card in desk)  # a standing hip-flexor stretch for desk breaks


def test_an_advanced_person_with_no_kit_gets_harder_variants_in_the_8_to_12_range(bundled: Catalogue) -> None:
    """R7: a harder variant at 8-12 before beginner cards with more reps, for every plane."""
    for group in ("hip-flexors", "hip-extensors", "hip-abductors", "adductors"):
        found = [
            card
            for card in filter_exercises(bundled, muscle=group, equipment=[], level="advanced", session="strength")
            if card.unit == "reps" and card.prescription["advanced"].reps[1] <= 12
        ]
        assert found, group


def test_easiest_first_puts_every_card_after_the_steps_below_it(bundled: Catalogue) -> None:
    from hipcli.catalogue import easiest_first

    for family in {card.family_name for card in bundled.exercises}:
        order = [card.slug for card in easiest_first(bundled, filter_exercises(bundled, family=family))]
        for position, slug in enumerate(order):
            assert set(bundled.by_slug[slug].easier) <= set(order[:position]), (family, order)


def test_a_family_may_not_borrow_the_slug_of_a_card_outside_it(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["family"] = "side-hold"
    catalogue_data["exercises"][1]["family"] = "side-hold"
    problems = problems_for(write_catalogue, catalogue_data)
    assert any("exercise 'easy-march'" in p and "family: 'side-hold' is also the slug of a card" in p for p in problems)


def test_a_hip_position_listed_twice_is_named(write_catalogue, catalogue_data) -> None:
    catalogue_data["exercises"][0]["hip_positions"] = ["long-supine", "long-supine"]
    (problem,) = problems_for(write_catalogue, catalogue_data)
    assert "hip_positions: lists long-supine more than once" in problem


def test_no_rest_is_longer_than_r9_allows(bundled: Catalogue) -> None:
    """R9: 30-60 s for activation and endurance, 60-90 s for strength."""
    for card in bundled.exercises:
        for level, dose in card.prescription.items():
            assert dose.rest <= 90, (card.slug, level, dose.rest)
