"""Garmin FIT: workout files checked with an independent decoder, and activities read back into the log."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import fitdecode
import pytest

from hipcli.errors import JournalError
from hipcli.formats import fit
from hipcli.importers import foreign
from hipcli.journal import Journal
from hipcli.plans import PlanRequest
from hipcli.planner import build_plan

from . import fitfiles


@pytest.fixture(scope="module")
def plan(bundled):
    return build_plan(bundled, PlanRequest(level="intermediate", goal="running", equipment=("mini-band",)))


def _decoded(data: bytes) -> list[tuple[str, dict]]:
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        return [(frame.name, {f.name: f.value for f in frame.fields})
                for frame in reader if isinstance(frame, fitdecode.FitDataMessage)]


def _rounds(steps: list[fit.Step]) -> list[int]:
    """The exercise steps in the order a watch runs them, repeats unrolled."""
    order, done, index = [], {}, 0
    while index < len(steps):
        step = steps[index]
        if step.kind == "exercise":
            order.append(index)
        if step.kind == "repeat":
            done[index] = done.get(index, 1) + 1
            if done[index] <= step.repeat_times:
                index = step.repeat_from
                continue
        index += 1
    return order


def test_every_step_of_a_workout_file_decodes_to_the_plan(plan, bundled) -> None:
    data = fit.encode(plan, title="Hip strength", catalogue=bundled,
                      created=datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc))
    messages = _decoded(data)
    assert messages[0] == ("file_id", {"type": "workout", "manufacturer": "development", "product": 0,
                                        "serial_number": messages[0][1]["serial_number"],
                                        "time_created": datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)})
    name, workout = messages[1]
    assert name == "workout" and workout["wkt_name"] == "Hip strength"
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    decoded = [values for name, values in messages if name == "workout_step"]
    assert workout["num_valid_steps"] == len(decoded)
    items = plan.items()
    expected_exercise_steps = sum(2 if item.per_side else 1 for item in items)
    assert sum(1 for step in decoded if step.get("intensity") == "active") == expected_exercise_steps
    position = -1
    for index, step in enumerate(decoded):
        assert step["message_index"] == index
        if step.get("intensity") == "active":
            if step["wkt_step_name"].endswith("(right)"):
                item = items[position]
            else:
                position += 1
                item = items[position]
            low, high = item.amount
            assert step["wkt_step_name"].startswith(item.name[:30])
            assert step["exercise_category"] == fit.category_of(bundled.by_slug[item.slug])
            if item.unit == "seconds":
                assert (step["duration_type"], step["duration_time"]) == ("time", float(high))
            else:
                assert (step["duration_type"], step["duration_reps"]) == ("reps", high)
            assert f"{low}-{high}" in step["notes"] or str(high) in step["notes"]
        elif step.get("intensity") == "rest":
            assert (step["duration_type"], step["duration_time"]) == ("time", float(item.rest))
        else:
            # After the rest: go back to this exercise's first step, for all its sets.
            assert step["duration_type"] == "repeat_until_steps_cmplt"
            assert step["repeat_steps"] == item.sets
            assert decoded[step["duration_step"]]["wkt_step_name"].startswith(item.name[:30])


def test_a_programme_day_writes_the_same_way(bundled) -> None:
    from hipcli.plans import ProgrammeRequest
    from hipcli.progression import build_programme, session_plan

    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="glutes", weeks=2,
                                                          start=datetime.date(2026, 12, 7)))
    session = programme.weeks[1].sessions[0]
    day = session_plan(programme, session)
    decoded = [v for n, v in _decoded(fit.encode(day, title=session.title, catalogue=bundled)) if n == "workout_step"]
    assert [v.get("wkt_step_name") for v in decoded if v.get("intensity") == "active"] == \
        [s.name for s in fit.workout_steps(day, bundled) if s.kind == "exercise"]


def test_hostile_text_never_reaches_the_watch_raw(bundled, plan) -> None:
    steps = fit.workout_steps(plan, bundled)
    assert all(step.name.isprintable() and len(step.name) <= fit.NAME_LENGTH for step in steps)


# --- activities -------------------------------------------------------------------------------------


def _done_as_planned(steps: list[fit.Step]) -> list[dict]:
    return [{"step": i, "reps": None if steps[i].unit == "seconds" else steps[i].amount,
             "seconds": steps[i].amount if steps[i].unit == "seconds" else 40,
             "category": steps[i].category} for i in _rounds(steps)]


def _write(tmp_path: Path, data: bytes, name: str = "activity.fit") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_watch_activity_becomes_the_plans_session_with_a_skipped_and_an_added_set(tmp_path, plan, bundled) -> None:
    workout = fit.encode(plan, title="Hip strength", catalogue=bundled)
    steps = fit.workout_steps(plan, bundled)
    done = _done_as_planned(steps)
    reps_steps = [n for n, item in enumerate(done) if item["reps"] is not None]
    skipped = done.pop(reps_steps[-1])  # the last round of a reps exercise, never done
    extra_at = reps_steps[0]
    extra = dict(done[extra_at], reps=done[extra_at]["reps"] - 3)  # one more set, three reps short
    done.insert(extra_at + 1, extra)
    done[0] = dict(done[0], reps=done[0]["reps"] - 2)  # the first set came up two reps short
    activity = _write(tmp_path, fitfiles.activity(done, steps=fitfiles.steps_as_recorded(workout)))
    with Journal.open(tmp_path / "log.db") as log:
        kind, sessions, report = foreign.read_file(activity, catalogue=bundled, plan=plan, plan_source="plan.toml")
        foreign.save(log, sessions, report)
        (session,) = log.sessions()
        sets = log.sets()
    assert kind == "fit" and (report.skipped, report.added) == (1, 1)
    assert session.source_kind == "plan" and session.source == "plan.toml"
    assert session.started == fitfiles.START.astimezone().replace(tzinfo=None)
    planned = sum(item.sets * (2 if item.per_side else 1) for item in plan.items())
    assert session.planned_sets == planned and len(sets) == planned + 1
    first = steps[done[0]["step"]]
    logged_first = next(s for s in sets if s.slug == first.slug and s.set_number == 1 and s.side == first.side)
    assert logged_first.done == first.amount - 2
    assert logged_first.target_high == first.amount  # the plan's dose travels with the set
    missing = steps[skipped["step"]]
    item = plan.items()[missing.position]
    last = next(s for s in sets if s.slug == missing.slug and s.side == missing.side and s.set_number == item.sets)
    assert last.done is None
    extra_step = steps[extra["step"]]
    added = max((s for s in sets if s.slug == extra_step.slug and s.side == extra_step.side), key=lambda s: s.set_number)
    assert added.set_number == plan.items()[extra_step.position].sets + 1 and added.done == extra["reps"]


def test_importing_the_activity_again_adds_nothing(tmp_path, plan, bundled) -> None:
    workout = fit.encode(plan, title="Hip strength", catalogue=bundled)
    steps = fit.workout_steps(plan, bundled)
    activity = _write(tmp_path, fitfiles.activity(_done_as_planned(steps), steps=fitfiles.steps_as_recorded(workout)))
    with Journal.open(tmp_path / "log.db") as log:
        for _ in range(2):
            _kind, sessions, report = foreign.read_file(activity, catalogue=bundled, plan=plan)
            foreign.save(log, sessions, report)
        assert (report.added_sessions, report.added_sets) == (0, 0)
        assert log.counts()[0] == 1


def test_without_a_plan_steps_are_matched_by_name(tmp_path, plan, bundled) -> None:
    workout = fit.encode(plan, title="Hip strength", catalogue=bundled)
    steps = fit.workout_steps(plan, bundled)
    activity = _write(tmp_path, fitfiles.activity(_done_as_planned(steps), steps=fitfiles.steps_as_recorded(workout)))
    _kind, sessions, report = foreign.read_file(activity, catalogue=bundled)
    (head, rows) = sessions[0]
    assert not report.unmatched
    assert {row["slug"] for row in rows} == {item.slug for item in plan.items()}
    assert len(rows) == sum(item.sets * (2 if item.per_side else 1) for item in plan.items())


def test_an_activity_from_another_workout_is_not_matched_to_this_plan(tmp_path, plan, bundled) -> None:
    other = build_plan(bundled, PlanRequest(level="beginner", goal="desk", session="mobility"))
    workout = fit.encode(other, title="Mobility", catalogue=bundled)
    steps = fit.workout_steps(other, bundled)
    activity = _write(tmp_path, fitfiles.activity(_done_as_planned(steps), steps=fitfiles.steps_as_recorded(workout),
                                                  workout_name="Mobility"))
    with pytest.raises(JournalError) as caught:
        foreign.read_file(activity, catalogue=bundled, plan=plan)
    assert "activity.fit" in str(caught.value) and "'Mobility'" in str(caught.value)


def test_a_run_is_refused_in_one_line(tmp_path, bundled) -> None:
    activity = _write(tmp_path, fitfiles.activity([{"step": None, "reps": 10}], sport="running", sub_sport="trail"))
    with pytest.raises(JournalError) as caught:
        foreign.read_file(activity, catalogue=bundled)
    assert str(caught.value) == f"{activity}: is a trail running activity; hipcli imports strength training only"


def test_a_workout_file_is_not_an_activity(tmp_path, plan, bundled) -> None:
    workout = _write(tmp_path, fit.encode(plan, title="Hip strength", catalogue=bundled), "session.fit")
    with pytest.raises(JournalError) as caught:
        foreign.read_file(workout, catalogue=bundled)
    assert "session.fit: message 1: is a FIT workout file, not an activity" in str(caught.value)


@pytest.mark.parametrize("damage, words", [
    (lambda data: data[: len(data) // 2], "truncated"),
    (lambda data: data[:-2] + bytes([data[-2] ^ 0xFF, data[-1]]), "CRC"),
    (lambda data: data[:40] + bytes([data[40] ^ 0x55]) + data[41:], "CRC"),
    (lambda data: b"\x0e\x10" + data[2:8] + b".XYZ" + data[12:], "not a Strong or Hevy"),
])
def test_a_damaged_fit_file_is_refused_and_the_log_is_unchanged(tmp_path, bundled, damage, words) -> None:
    good = fitfiles.activity([{"step": None, "reps": 10, "category": "hip_raise"}] * 3)
    activity = _write(tmp_path, damage(good))
    with Journal.open(tmp_path / "log.db") as log:
        before = log.counts()
        with pytest.raises(JournalError) as caught:
            foreign.read_file(activity, catalogue=bundled)
        assert log.counts() == before
    message = str(caught.value)
    assert message.startswith(str(activity)) and words in message and "\n" not in message


def test_a_category_alone_is_kept_as_other_work(tmp_path, bundled) -> None:
    activity = _write(tmp_path, fitfiles.activity([{"step": None, "reps": 10, "category": "hip_raise"}] * 2))
    _kind, sessions, report = foreign.read_file(activity, catalogue=bundled)
    assert report.unmatched == {"hip raise": 2}
    assert [row["done"] for row in sessions[0][1]] == [10, 10]


def test_a_programme_activity_is_matched_to_the_session_on_its_date(tmp_path, bundled) -> None:
    from hipcli.plans import ProgrammeRequest
    from hipcli.importers.fit import plan_for
    from hipcli.planfile import saved
    from hipcli.progression import build_programme

    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=2,
                                                          start=datetime.date(2026, 11, 2)))
    document = saved(programme)
    week = programme.weeks[1]
    session = next(s for s in week.sessions if s.session == "strength")
    day = 1 + list(week.sessions).index(session)
    plan, title = fit.document_plan(document, week=2, day=day)
    assert title.startswith(f"W2D{day} ")
    found, kind, number = plan_for(tmp_path / "a.fit", document, session.date)
    assert (kind, number) == ("programme", 2) and found.blocks == plan.blocks
    with pytest.raises(JournalError) as caught:
        plan_for(tmp_path / "a.fit", document, datetime.date(2026, 1, 1))
    assert "no session on 2026-01-01" in str(caught.value)
    with pytest.raises(Exception) as caught:
        fit.document_plan(document, week=9, day=1)
    assert "--week 9: the programme has weeks 1 to 2" in str(caught.value)
    with pytest.raises(Exception) as caught:
        fit.document_plan(document)
    assert "--week N --day N" in str(caught.value)


def test_a_hostile_workout_name_in_an_activity_is_refused(tmp_path, bundled) -> None:
    data = fitfiles.activity([{"step": 0, "reps": 10}], steps=[{"wkt_step_name": "Glute bridge", "intensity": "active"}],
                             workout_name="Hip\x1b[31m red")
    activity = _write(tmp_path, data)
    with pytest.raises(JournalError) as caught:
        foreign.read_file(activity, catalogue=bundled)
    assert "wkt_name" in str(caught.value) and "\x1b" not in str(caught.value)


def test_an_activity_without_the_workout_steps_still_maps_by_step_index(tmp_path, plan, bundled) -> None:
    steps = fit.workout_steps(plan, bundled)
    activity = _write(tmp_path, fitfiles.activity(_done_as_planned(steps)))  # a watch that did not copy the steps
    _kind, sessions, report = foreign.read_file(activity, catalogue=bundled, plan=plan)
    rows = sessions[0][1]
    assert (report.skipped, report.added) == (0, 0)
    assert all(row["done"] is not None for row in rows)
    assert {row["slug"] for row in rows} == {item.slug for item in plan.items()}
