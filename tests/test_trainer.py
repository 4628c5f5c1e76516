"""The guided session's state machine, driven by a fake clock and scripted keys."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.budget import examples

from hipcli import trainer
from hipcli.drills import Drill, _effort_scale, _pain_limit, drills_from_plan, estimate_seconds, script_lines
from hipcli.trainer import Bell, Key, Record, State, Stopped, Tick, run_script, start, step


def march(**changes: object) -> Drill:
    values: dict[str, object] = dict(
        slug="easy-march", name="Easy march", unit="reps", low=8, high=10, sets=2, per_side=True,
        sides=(None,), rest=30, tempo="1-0-2", cue="Tall trunk.", steps=("Stand.", "March."),
        mistakes=("Leaning back.",),
    )
    values.update(changes)
    return Drill(**values)  # type: ignore[arg-type]


def plank(**changes: object) -> Drill:
    values: dict[str, object] = dict(
        slug="side-plank", name="Side plank", unit="seconds", low=20, high=30, sets=2, per_side=True,
        sides=("left", "right"), rest=45, cue="Straight line.",
    )
    values.update(changes)
    return Drill(**values)  # type: ignore[arg-type]


def keys(state: State, *names: str, at: float | None = None) -> State:
    for name in names:
        state = step(state, Key(name, state.now if at is None else at))
    return state


def records(effects: list[object]) -> list[trainer.SetRecord]:
    return [effect.set for effect in effects if isinstance(effect, Record)]


def test_a_reps_exercise_walks_setup_sets_records_and_rests() -> None:
    state = start((march(),), 100.0)
    assert state.stage.kind == "setup" and state.counter == 30
    state = step(state, Tick(130.0))
    assert state.stage.kind == "work" and state.stage.set == 1 and state.ends is None
    state = keys(state, "enter")
    assert state.stage.kind == "record" and state.draft is not None and state.draft.amount == 10
    state = keys(state, "enter")
    assert [r.done for r in records(list(state.effects))] == [10]
    assert state.stage.kind == "rest" and state.counter == 30
    state = step(state, Tick(state.now + 30))
    assert state.stage.kind == "work" and state.stage.set == 2
    state = keys(state, "enter", "enter")
    assert state.finished and not state.quit
    assert sorted(state.recorded) == [(0, 1, None), (0, 2, None)]


def test_one_sided_holds_get_ready_then_switch_sides() -> None:
    state = start((plank(sets=1),), 0.0)
    kinds = [(s.kind, s.side) for s in state.stages]
    assert kinds == [
        ("setup", 0), ("ready", 0), ("work", 0), ("record", 0), ("switch", 1), ("work", 1), ("record", 1), ("done", 0)
    ]
    state = step(state, Tick(30.0))
    assert state.stage.kind == "ready" and state.counter == 5
    state = step(state, Tick(35.0))
    assert state.stage.kind == "work" and state.side == "left" and state.counter == 30
    state = step(state, Tick(65.0))
    assert state.stage.kind == "record" and state.draft is not None and state.draft.amount == 30
    state = keys(state, "enter")
    assert state.stage.kind == "switch" and state.side == "right"
    state = step(state, Tick(state.now + 5))
    state = step(state, Tick(state.now + 30))
    state = keys(state, "enter")
    assert state.finished
    assert [(r.side, r.done) for r in state.recorded.values()] == [("left", 30), ("right", 30)]


def test_the_bell_rings_at_three_two_one_and_at_the_end() -> None:
    state = start((march(),), 0.0)
    rings = []
    for t in range(1, 31):
        state = step(state, Tick(float(t)))
        rings.append(sum(isinstance(e, Bell) for e in state.effects))
    assert [t + 1 for t, n in enumerate(rings) if n] == [27, 28, 29, 30]
    assert max(rings) == 1


def test_a_silenced_bell_stays_silent_and_m_brings_it_back() -> None:
    state = start((march(),), 0.0, bell=False)
    state, effects = run_script(state, [Tick(float(t)) for t in range(1, 29)])
    assert not any(isinstance(e, Bell) for e in effects)
    state = keys(state, "m")
    state = step(state, Tick(29.0))
    assert state.bell and Bell() in state.effects


def test_a_late_tick_rings_once_not_once_per_missed_mark() -> None:
    state = start((march(),), 0.0)
    state = step(state, Tick(29.5))
    assert state.effects == (Bell(),)


def test_stages_chain_on_scheduled_ends_so_late_ticks_never_drift() -> None:
    state = start((plank(sets=1),), 0.0)
    # One tick long after setup (30 s), get-ready (5 s) and the hold (30 s) all ran out.
    state = step(state, Tick(66.7))
    assert state.stage.kind == "record"
    assert state.stage_started == 65.0


def test_countdowns_over_ten_minutes_with_jittery_ticks_end_on_time() -> None:
    import random

    rng = random.Random(7)
    state = start((plank(sets=10, rest=25, low=30),), 1000.0, ready_seconds=3)
    t = 1000.0
    chained = 0
    counted = 0.0
    while not state.finished:
        if state.stage.kind == "record":
            state = keys(state, "enter")
            continue
        # Ticks arrive up to 80 ms late, as on a busy machine.
        t = (state.next_wake() or t) + rng.uniform(0.0, 0.08)
        before = state
        state = step(state, Tick(t))
        if state.index != before.index:
            assert before.ends is not None
            # The next stage starts when the last one was due to end, not when the tick came.
            assert state.stage_started == before.ends
            counted += before.ends - before.stage_started
            chained += 1
    assert counted >= 600 and chained > 40


def test_pause_freezes_the_countdown_and_resume_moves_the_deadline() -> None:
    state = start((march(),), 0.0)
    state = step(state, Tick(10.0))
    state = keys(state, "p")
    assert state.paused and state.next_wake() is None
    state = step(state, Tick(500.0))
    assert state.stage.kind == "setup" and state.counter == 20
    state = keys(state, "space")
    assert not state.paused and state.ends == pytest.approx(520.0)
    assert state.elapsed == pytest.approx(10.0)
    state = step(state, Tick(520.0))
    assert state.stage.kind == "work"


def test_a_stop_with_ctrl_z_pauses_the_countdown_where_it_stopped() -> None:
    state = start((march(),), 0.0)
    state = step(state, Tick(10.0))
    # Stopped at 12 s into the 30 s change-over, carried on ('fg') ten minutes later.
    state = step(state, Stopped(12.0, 612.0))
    assert state.paused and state.stage.kind == "setup" and state.counter == 18
    assert state.elapsed == pytest.approx(12.0)
    state = step(state, Tick(700.0))
    assert state.stage.kind == "setup" and state.counter == 18  # still waiting for the person
    state = keys(state, "space", at=701.0)
    assert not state.paused and state.ends == pytest.approx(719.0)
    state = step(state, Tick(719.0))
    assert state.stage.kind == "work"


def test_a_countdown_due_before_the_stop_ends_as_it_would_have() -> None:
    state = start((march(),), 0.0)
    state = step(state, Stopped(31.0, 90.0))  # the change-over ran out at 30 s, before the stop
    assert state.stage.kind == "work"
    assert not state.paused  # reps wait for Enter: no countdown to hold


def test_a_stop_while_paused_or_waiting_for_a_key_changes_nothing_else() -> None:
    state = keys(step(start((march(),), 0.0), Tick(5.0)), "p")
    stopped = step(state, Stopped(6.0, 60.0))
    assert stopped.paused and stopped.paused_at == state.paused_at and stopped.counter == 25


def test_done_early_records_the_seconds_held() -> None:
    state = start((plank(sets=1),), 0.0)
    state = step(state, Tick(35.0))
    state = step(state, Tick(47.6))
    state = keys(state, "d")
    assert state.stage.kind == "record" and state.draft is not None and state.draft.amount == 12
    state = keys(state, "enter")
    (record,) = records(list(state.effects))
    assert record.done == 12 and record.skipped_early and record.side == "left"


def test_typing_the_reps_effort_and_pain_records_them() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "enter", "enter")  # skip the setup, finish the set
    state = keys(state, "8", "tab", "7", "tab", "2", "enter")
    (record,) = records(list(state.effects))
    assert (record.done, record.effort, record.pain) == (8, 7, 2)
    assert (record.target_low, record.target_high, record.tempo) == (8, 10, "1-0-2")


def test_record_keys_adjust_and_clamp() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "enter", "enter")
    state = keys(state, "up", "up", "-")
    assert state.draft is not None and state.draft.amount == 11
    state = keys(state, "1", "2", "backspace")
    assert state.draft.amount == 1
    state = keys(state, "backspace")
    assert state.draft.amount == 10  # back to the target
    state = keys(state, "e", "9", "9")
    assert state.draft.effort == 9  # 99 is off the 0-10 scale: the last digit starts again
    state = keys(state, "left", "down")
    assert state.draft.focus == "amount" and state.draft.amount == 9


def test_pain_above_five_warns_with_the_source_and_waits_on_that_exercise() -> None:
    state = start((march(), plank()), 0.0)
    state = keys(state, "enter", "enter", "tab", "tab", "6", "enter")
    assert state.alert is not None and "6/10" in state.alert.text() and "CS3" in state.alert.text()
    assert state.stage.drill == 0 and state.stage.set == 1  # still the march's set 1: nothing counted on
    state = step(state, Tick(state.now + 600))
    assert state.stage.kind == "record" and state.alert is not None
    state = keys(state, "n")
    assert state.stage.kind == "setup" and state.drill is not None and state.drill.slug == "side-plank"


def test_pain_on_an_exercises_last_set_warns_on_that_exercise_not_the_next() -> None:
    state = start((march(sets=1), plank()), 0.0)
    state = keys(state, "enter", "enter", "tab", "tab", "7", "enter")
    assert state.alert is not None and state.drill is not None and state.drill.slug == "easy-march"
    state = keys(state, "n")  # stops the march, which hurt; the plank is not skipped
    assert state.stage.kind == "setup" and state.drill is not None and state.drill.slug == "side-plank"


def test_pain_above_the_limit_on_the_left_side_stops_the_right_side_starting_by_itself() -> None:
    state = start((plank(sets=1),), 0.0, setup_seconds=0, ready_seconds=0)
    state = step(state, Tick(30.0))
    assert state.stage.kind == "record" and state.side == "left"
    state = keys(state, "tab", "tab", "6", "enter")
    assert state.alert is not None and state.alert.side == "left" and "left side" in state.alert.text()
    state = step(state, Tick(state.now + 300))
    assert state.stage.kind == "record" and state.side == "left"  # the right side never started
    state = keys(state, "enter")  # carry on, by choice
    assert state.stage.kind == "work" and state.side == "right"


def test_groin_cards_use_their_own_limit_in_the_warning() -> None:
    groin = plank(slug="copenhagen-short-lever", name="Short-lever Copenhagen", pain_limit=3, pain_source="ASP; Harøy 2019")
    state = start((groin,), 0.0, setup_seconds=0, ready_seconds=0)
    state = step(state, Tick(30.0))
    state = keys(state, "tab", "tab", "4", "enter")
    assert state.alert is not None and "above the 3/10" in state.alert.text() and "ASP" in state.alert.text()
    state = keys(state, "enter")
    state = step(state, Tick(state.now + 30))
    state = keys(state, "tab", "tab", "3", "enter")
    assert state.alert is None and state.stage.kind == "rest"


def test_skip_in_work_moves_on_without_recording() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "s", "s")
    assert state.stage.kind == "rest" and not state.effects and not state.recorded


def test_skipping_a_countdown_starts_the_next_stage_now() -> None:
    state = start((plank(),), 0.0)
    state = step(state, Tick(12.0))
    state = keys(state, "s")
    assert state.stage.kind == "ready" and state.ends == pytest.approx(17.0)


def test_back_from_a_rest_redoes_the_set_and_replaces_its_record() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "enter", "enter", "enter")
    assert state.stage.kind == "rest" and len(state.recorded) == 1
    state = keys(state, "b")
    assert state.stage.kind == "work" and state.stage.set == 1
    state = keys(state, "enter", "7", "enter")
    (record,) = records(list(state.effects))
    assert record.key == (0, 1, None) and record.done == 7
    assert len(state.recorded) == 1 and state.recorded[(0, 1, None)].done == 7


def test_back_in_a_hold_restarts_it_from_its_get_ready() -> None:
    state = start((plank(),), 0.0)
    state = step(state, Tick(40.0))
    assert state.stage.kind == "work"
    state = keys(state, "b")
    assert state.stage.kind == "ready" and state.ends == pytest.approx(45.0)


def test_back_at_the_start_stays_at_the_start() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "b")
    assert state.index == 0 and state.stage.kind == "setup"


def test_next_goes_to_the_next_exercise_setup() -> None:
    state = start((march(), plank()), 0.0)
    state = keys(state, "enter", "n")
    assert state.stage.kind == "setup" and state.drill is not None and state.drill.slug == "side-plank"


def test_quit_asks_first_and_any_other_key_carries_on() -> None:
    state = start((march(),), 0.0)
    state = step(state, Tick(5.0))
    state = keys(state, "q")
    assert state.confirm_quit and state.paused
    state = step(state, Tick(65.0))
    state = keys(state, "x")
    assert not state.confirm_quit and not state.paused and not state.finished
    assert state.counter == 25  # the minute spent on the question did not count


def test_quit_confirmed_keeps_what_was_recorded() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "enter", "enter", "enter")
    state = keys(state, "q", "y")
    assert state.finished and state.quit and len(state.recorded) == 1


def test_quit_while_paused_stays_paused_if_cancelled() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "p", "q", "x")
    assert state.paused and not state.confirm_quit


def test_detail_pace_and_bell_toggle() -> None:
    state = start((march(),), 0.0)
    state = keys(state, "i", "t", "m")
    assert state.detail and state.pace and not state.bell
    state = keys(state, "i", "t", "m")
    assert not state.detail and not state.pace and state.bell


def test_pace_follows_the_tempo() -> None:
    state = start((march(tempo="2-1-2"),), 0.0, pace=True)
    state = keys(state, "enter")
    assert state.pace_now() == (1, "lift", 2)
    state = step(state, Tick(2.5))
    assert state.pace_now() == (1, "pause", 1)
    state = step(state, Tick(5.2))
    assert state.pace_now() == (2, "lift", 2)
    assert state.next_wake() == pytest.approx(6.0)


def test_next_wake_is_the_next_whole_second_of_the_countdown() -> None:
    state = start((march(),), 0.0)
    state = step(state, Tick(3.25))
    assert state.counter == 27
    assert state.next_wake() == pytest.approx(4.0)


def test_upcoming_names_the_rest_then_the_next_set_and_then_the_next_exercise() -> None:
    state = start((march(), plank()), 0.0)
    state = keys(state, "enter")
    assert state.upcoming() == "rest 30 s, then set 2 of 2"
    state = keys(state, "enter", "enter", "enter")
    assert state.stage.kind == "work" and state.stage.set == 2
    assert state.upcoming() == "Side plank, 2 \u00d7 20\u201330 s per side"


def test_the_plan_becomes_drills_with_the_cards_sides_and_colours(bundled) -> None:  # type: ignore[no-untyped-def]
    from hipcli.plans import PlanRequest
    from hipcli.planner import build_plan, plan_seconds

    plan = build_plan(bundled, PlanRequest(level="beginner", goal="running"))
    drills = drills_from_plan(plan, bundled)
    assert [d.slug for d in drills] == [item.slug for item in plan.items()]
    for drill in drills:
        card = bundled.get(drill.slug)
        assert card is not None
        assert (len(drill.sides) == 2) == (card.laterality == "one-side" and drill.per_side)
        if drill.band:
            assert drill.band_colour == plan.bands.colours[drill.band]
        assert drill.steps == card.steps and drill.mistakes == card.mistakes
    assert estimate_seconds(drills) == plan_seconds(plan)


KEYS = st.sampled_from(
    ["enter", "space", "p", "s", "b", "n", "d", "q", "y", "x", "m", "i", "t", "tab", "left", "up", "down", "3", "backspace"]
)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.floats(0, 40, allow_nan=False), KEYS | st.none()), max_size=60))
def test_any_script_of_keys_and_ticks_keeps_the_machine_sound(script: list[tuple[float, str | None]]) -> None:
    state = start((march(), plank(sets=2, rest=0)), 0.0, ready_seconds=3)
    t = 0.0
    for gap, name in script:
        t += gap
        before = state
        state = step(state, Key(name, t) if name else Tick(t))
        assert 0 <= state.index < len(state.stages)
        assert state.elapsed <= t + 1e-6
        assert state.finished == (state.stage.kind == "done" or state.quit)
        if before.finished:
            assert state.index == before.index and not state.effects
        for effect in state.effects:
            if isinstance(effect, Record):
                assert effect.set.key in state.recorded
        if state.stage.kind == "record":
            assert state.draft is not None
        if state.ends is not None and not state.paused and not state.finished:
            assert state.ends > state.now - 1e-9 or state.stage.kind == "record"


def test_the_setup_count_takes_the_time_given() -> None:
    state = start((march(),), 0.0, setup_seconds=12)
    assert state.stage.kind == "setup" and state.counter == 12
    assert start((march(),), 0.0, setup_seconds=0).stage.kind == "work"


def test_hands_free_holds_record_themselves_and_run_into_the_other_side() -> None:
    state = start((plank(sets=2, rest=10),), 0.0, setup_seconds=5, ready_seconds=3, hands_free=True)
    # setup 5 + ready 3 + 30 + switch 3 + 30 + rest 10 + ready 3 + 30 + switch 3 + 30 = 147 s, no key pressed
    before, _ = run_script(state, [Tick(float(t)) for t in range(0, 147)])
    assert not before.finished and before.stage.kind == "work" and before.side == "right"
    state, effects = run_script(state, [Tick(float(t)) for t in range(0, 148)])
    assert state.finished and not state.quit
    assert [(r.set, r.side, r.done) for r in records(effects)] == [
        (1, "left", 30), (1, "right", 30), (2, "left", 30), (2, "right", 30)
    ]


def test_hands_free_timing_has_no_drift() -> None:
    state = start((plank(sets=1),), 0.0, setup_seconds=5, ready_seconds=3, hands_free=True)
    state = step(state, Tick(5.0 + 3 + 30 + 3 + 30 + 0.5))
    assert state.finished and len(state.recorded) == 2


def test_a_hands_free_set_can_be_corrected_afterwards_with_c() -> None:
    state = start((plank(sets=1),), 0.0, setup_seconds=0, ready_seconds=5, hands_free=True)
    state = step(state, Tick(36.0))
    assert state.stage.kind == "switch" and state.recorded[(0, 1, "left")].done == 30
    state = keys(state, "c")
    assert state.correcting == (0, 1, "left") and state.paused
    state = keys(state, "backspace", "backspace", "2", "4", "tab", "tab", "2", "enter")
    assert state.correcting is None and not state.paused
    assert state.recorded[(0, 1, "left")].done == 24 and state.recorded[(0, 1, "left")].pain == 2
    assert [e.set.done for e in state.effects if isinstance(e, Record)] == [24]
    assert state.stage.kind == "switch"  # the count carries on where it was


def test_a_correction_that_reports_too_much_pain_holds_the_session() -> None:
    state = start((plank(sets=1),), 0.0, setup_seconds=0, ready_seconds=5, hands_free=True)
    state = step(state, Tick(36.0))
    state = keys(state, "c", "tab", "tab", "8", "enter")
    assert state.alert is not None and state.paused
    state = step(state, Tick(400.0))
    assert state.stage.kind == "switch"  # held, not counted on
    state = keys(state, "n")
    assert state.finished


def test_resume_starts_at_the_first_set_not_recorded_and_keeps_the_rest() -> None:
    drills = (march(), plank())
    first = start(drills, 0.0)
    first = keys(first, "enter", "enter", "enter")  # march set 1 recorded
    done = dict(first.recorded)
    again = start(drills, 100.0, done=done)
    assert again.stage.kind == "work" and again.stage.drill == 0 and again.stage.set == 2
    assert again.recorded == done
    done[(0, 2, None)] = dataclasses.replace(done[(0, 1, None)], set=2)
    third = start(drills, 0.0, done=done)
    assert third.stage.kind == "setup" and third.stage.drill == 1
    done[(1, 1, "left")] = dataclasses.replace(done[(0, 1, None)], order=1, side="left")
    fourth = start(drills, 0.0, done=done)
    assert fourth.stage.kind == "switch" and fourth.side == "right"


def test_every_card_is_rated_on_the_scale_that_fits_it() -> None:
    from hipcli.catalogue import load_catalogue
    from hipcli.plans import PlanRequest
    from hipcli.planner import build_plan

    catalogue = load_catalogue()
    plan = build_plan(catalogue, PlanRequest(level="beginner", goal="running", session="warmup"))
    drills = {d.slug: d for d in drills_from_plan(plan, catalogue)}
    assert "jog-in-place" in drills and drills["jog-in-place"].effort_scale is None
    stretches = [card for card in catalogue.exercises if card.is_static_stretch]
    assert stretches and all(_effort_scale(card) is None for card in stretches)
    banded = [card for card in catalogue.exercises if card.uses_band and card.category == "strength"]
    assert banded and all(_effort_scale(card) == "OMNI-RES" for card in banded)
    groin = [card for card in catalogue.exercises if card.slug.startswith("copenhagen")]
    assert groin and all(_pain_limit(card)[0] == 3 for card in groin)
    assert _pain_limit(banded[0])[0] == 5


def test_one_exercise_is_one_exercise() -> None:
    assert "1 exercise," in script_lines((march(),), "x")[0]
