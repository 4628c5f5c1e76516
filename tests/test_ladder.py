"""Ladders: the rungs a family climbs, in R13's order, never above the person's level or kit."""

from __future__ import annotations

import pytest

from hipcli.ladder import (
    COPENHAGEN,
    NORDIC,
    build_ladder,
    eligible,
    is_top,
    next_rung,
    previous_rung,
    rung_for,
)
from hipcli.models import BAND_LEVELS, EQUIPMENT, LEVELS, Catalogue
from hipcli.plans import PlanRequest

EVERYTHING = tuple(EQUIPMENT)
ORDER = {"reps": 0, "sets": 1, "tempo": 2, "position": 3, "band": 4}


def person(level: str, kit: tuple[str, ...] = EVERYTHING, avoid: tuple[str, ...] = ()) -> PlanRequest:
    return PlanRequest(level=level, goal="hip-health", equipment=kit, avoid=avoid)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", LEVELS)
def test_every_rung_is_within_the_persons_level_and_kit(bundled: Catalogue, level: str) -> None:
    who = person(level, ("mini-band", "wall-or-chair"))
    for exercise in bundled.exercises:
        if not eligible(exercise, who):
            continue
        ladder = build_ladder(bundled, exercise, who)
        assert ladder.rungs[0].index == 0
        for number, rung in enumerate(ladder.rungs):
            assert rung.index == number, "indexes are positions, so they can be stored and compared"
            card = bundled.by_slug[rung.slug]
            assert eligible(card, who), f"{rung.key} is above {level} or needs kit the person lacks"
            assert ladder.find(rung.key) == rung, "a key finds its rung"
        assert len({rung.key for rung in ladder.rungs}) == len(ladder.rungs), "no rung twice"


def test_a_banded_card_climbs_reps_then_sets_then_tempo_then_band(bundled: Catalogue) -> None:
    """R13's order, repeated up the bands; reps go back to the bottom with each heavier band."""
    who = person("intermediate", ("mini-band",))
    ladder = build_ladder(bundled, bundled.by_slug["banded-psoas-march"], who)
    steps = [rung.step for rung in ladder.rungs]
    assert steps[0] == "start"
    # The card's own rungs: after them the ladder moves on to the family's harder variant.
    own = [rung for rung in ladder.rungs if rung.slug == "banded-psoas-march"]
    run: list[str] = []
    for rung in own[1:]:
        if rung.step == "band":
            assert [ORDER[s] for s in run] == sorted(ORDER[s] for s in run), f"out of order before a band step: {run}"
            run = []
        else:
            run.append(rung.step)
    bands = [rung.band for rung in own]
    assert bands == sorted(bands, key=BAND_LEVELS.index), "bands only go up"
    assert bands[-1] == BAND_LEVELS[-1]
    for before, after in zip(own, own[1:]):
        if after.step == "band":
            assert after.amount[0] == bundled.by_slug[after.slug].prescription["intermediate"].amount[0]
    assert any(rung.step == "tempo" for rung in ladder.rungs)


def test_lateral_walks_move_the_band_down_the_limb_before_a_heavier_band(bundled: Catalogue) -> None:
    ankles = bundled.by_slug["lateral-band-walk-ankles"]
    if ankles.family_name != bundled.by_slug["banded-lateral-steps"].family_name:
        pytest.skip("the lateral walks are not one family in this catalogue yet")
    ladder = build_ladder(bundled, bundled.by_slug["banded-lateral-steps"], person("advanced"))
    steps = [rung.step for rung in ladder.rungs]
    assert "position" in steps
    assert steps.index("position") < steps.index("band")


def test_next_and_previous_walk_the_ladder_and_stop_at_the_ends(bundled: Catalogue) -> None:
    ladder = build_ladder(bundled, bundled.by_slug["banded-psoas-march"], person("beginner"))
    first, last = ladder.rungs[0], ladder.rungs[-1]
    assert previous_rung(ladder, first) is None
    assert next_rung(ladder, last) is None and is_top(ladder, last)
    middle = ladder.rungs[3]
    assert next_rung(ladder, middle) == ladder.rungs[4]
    assert previous_rung(ladder, middle) == ladder.rungs[2]
    assert "more would need" in ladder.top_note()


def test_a_tight_time_budget_takes_a_time_neutral_rung(bundled: Catalogue) -> None:
    ladder = build_ladder(bundled, bundled.by_slug["banded-psoas-march"], person("beginner"))
    at_top_of_reps = next(rung for rung in ladder.rungs if rung.step == "tempo")
    before = ladder.rungs[at_top_of_reps.index - 1]
    taken = next_rung(ladder, before, max_seconds=before.seconds)
    assert taken is not None and taken.seconds <= before.seconds
    assert taken.step in ("band", "position", "variant")


def test_a_logged_dose_finds_the_rung_it_reached(bundled: Catalogue) -> None:
    ladder = build_ladder(bundled, bundled.by_slug["banded-psoas-march"], person("beginner"))
    rung = ladder.rungs[5]
    assert rung_for(ladder, rung.slug, rung.sets, rung.amount, rung.band, rung.tempo) == rung
    # One rep short of the next rung still stands on this one.
    found = rung_for(ladder, rung.slug, rung.sets, (rung.amount[0], rung.amount[1]), rung.band, rung.tempo)
    assert found == rung


def test_copenhagen_starts_with_one_set_of_three_to_five_and_builds_by_reps(bundled: Catalogue) -> None:
    ladder = build_ladder(bundled, bundled.by_slug["copenhagen-adduction-short"], person("intermediate"))
    start = ladder.start("copenhagen-adduction-short")
    assert (start.sets, start.amount) == COPENHAGEN.doses[0] == (1, (3, 5))
    own = [rung for rung in ladder.rungs if rung.slug == "copenhagen-adduction-short"]
    assert all(rung.sets == 1 for rung in own)
    assert [rung.amount[1] for rung in own] == sorted(rung.amount[1] for rung in own)
    assert own[-1].amount == (12, 15)


def test_nordic_follows_petersen_from_two_sets_of_five_once_a_week(bundled: Catalogue) -> None:
    ladder = build_ladder(bundled, bundled.by_slug["nordic-hamstring-curl"], person("advanced"))
    start = ladder.start("nordic-hamstring-curl")
    assert (start.sets, start.amount) == (2, (5, 5))
    assert NORDIC.sessions_in_week(1) == 1 and NORDIC.sessions_in_week(2) == 2 and NORDIC.sessions_in_week(9) == 3
    assert ladder.hold_weeks == 1


def test_precautions_leave_out_the_positions_they_rule_out(bundled: Catalogue) -> None:
    for exercise in bundled.exercises:
        if "flexion-past-90" in exercise.hip_positions:
            assert not eligible(exercise, person("advanced", avoid=("hip-replacement",)))
            assert not eligible(exercise, person("advanced", avoid=("fai",)))
        if "long-supine" in exercise.hip_positions:
            assert not eligible(exercise, person("advanced", avoid=("pregnancy",)))
