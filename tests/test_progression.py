"""Programmes: schedule, progression, deloads, files and calendars."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipcli.catalogue import load_catalogue
from hipcli.errors import PlanError
from hipcli.export import load_document, saved
from hipcli.formats import render
from hipcli.formats.toml import write as to_toml
from hipcli.models import (
    BAND_LEVELS,
    GOALS,
    LEVELS,
    WEEKDAYS,
    Catalogue,
    Programme,
    ProgrammeRequest,
)
from hipcli.planner import BLOCKS, VOLUME, plan_seconds
from hipcli.progression import (
    DEFAULT_DAYS,
    build_programme,
    schedule,
    session_plan,
    week_sets,
)

TODAY = datetime.date(2026, 11, 21)  # a Saturday
KIT = ("mini-band", "long-band", "step", "wall-or-chair")

requests = st.builds(
    ProgrammeRequest,
    level=st.sampled_from(LEVELS),
    goal=st.sampled_from(GOALS),
    weeks=st.integers(1, 16),
    days=st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=5).map(tuple),
    start=st.one_of(st.none(), st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))),
    equipment=st.sampled_from([(), ("mini-band",), KIT]),
    minutes=st.one_of(st.none(), st.integers(20, 60)),
    seed=st.integers(0, 10),
)


def check_programme(catalogue: Catalogue, programme: Programme) -> None:
    request = programme.request
    assert len(programme.weeks) == request.weeks
    previous_sets = None
    strength_dates = []
    for week in programme.weeks:
        sets = week_sets(week)
        if week.deload:
            assert previous_sets is None or sets < previous_sets, "a deload has less volume"
        else:
            if previous_sets is not None:
                assert sets >= previous_sets, f"volume fell in week {week.number}"
            previous_sets = sets
        for session in week.sessions:
            plan = session_plan(programme, session)
            if session.session == "strength":
                strength_dates.append(session.date)
                assert plan_seconds(plan) <= plan.request.minutes * 60
                assert sum(item.sets for item in plan.items()) <= VOLUME[request.level]["sets"]
            for block in session.blocks:
                for item in block.exercises:
                    exercise = catalogue.by_slug[item.slug]
                    assert exercise.suits(request.level), "never above the level"
                    assert set(exercise.equipment) <= set(request.equipment)
                    warm = BLOCKS[block.key].warmup_dose and exercise.warmup_dose is not None
                    dose = exercise.warmup_dose if warm else exercise.prescription[request.level]
                    low, high = dose.amount
                    assert low <= item.amount[0] == item.amount[1] <= high
                    if week.deload and session.session == "strength" and not warm:
                        assert 1 <= item.sets <= dose.sets[1]
                    else:
                        assert dose.sets[0] <= item.sets <= dose.sets[1]
                    if week.number == 1:
                        assert item.amount[0] == low and item.sets == dose.sets[0], "week 1 starts at the bottom"
                    if item.band:
                        assert BAND_LEVELS.index(item.band) <= BAND_LEVELS.index(dose.band) + 1
    for first, second in zip(strength_dates, strength_dates[1:]):
        assert (second - first).days >= 2, "48 hours between strength sessions"


@settings(max_examples=120, deadline=None)
@given(request=requests)
def test_every_programme_keeps_the_rules(tmp_path_factory, request: ProgrammeRequest) -> None:
    catalogue = load_catalogue()
    try:
        programme = build_programme(catalogue, request, today=TODAY)
    except PlanError:
        return
    check_programme(catalogue, programme)
    assert build_programme(catalogue, request, today=TODAY) == programme
    document = saved(programme, created=TODAY)
    path = tmp_path_factory.mktemp("p") / "programme.toml"
    path.write_text(to_toml(document), encoding="utf-8")
    assert load_document(path, catalogue) == document


def test_defaults_follow_the_level(bundled: Catalogue) -> None:
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="glutes", weeks=2), today=TODAY)
    assert programme.request.start == datetime.date(2026, 11, 23)  # the next Monday
    days = [session.date.strftime("%a").lower() for session in programme.weeks[0].sessions]
    assert days == list(DEFAULT_DAYS["beginner"])
    intermediate = build_programme(bundled, ProgrammeRequest(level="intermediate", goal="glutes", weeks=1), today=TODAY)
    assert len([s for s in intermediate.weeks[0].sessions if s.session == "strength"]) == 3


def test_consecutive_days_become_mobility(bundled: Catalogue) -> None:
    request = ProgrammeRequest(level="intermediate", goal="hip-health", weeks=1, days=("mon", "tue", "wed"))
    plan = schedule(request)
    assert plan.strength == ("mon", "wed") and plan.mobility == ("tue",)
    programme = build_programme(bundled, request, today=TODAY)
    assert any(note.startswith("tue:") and "48 hours" in note for note in programme.notes)


def test_runners_get_warmups_with_their_strength_days(bundled: Catalogue) -> None:
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=1), today=TODAY)
    kinds = [(session.date.weekday(), session.session) for session in programme.weeks[0].sessions]
    assert kinds == [(0, "warmup"), (0, "strength"), (3, "warmup"), (3, "strength")]
    none = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=1, warmup_days=()), today=TODAY)
    assert all(session.session == "strength" for session in none.weeks[0].sessions)


def test_the_ladder_reps_then_sets_then_band_then_variant(bundled: Catalogue) -> None:
    programme = build_programme(
        bundled,
        ProgrammeRequest(level="intermediate", goal="running", weeks=12, equipment=tuple(KIT) + ("box-or-bench",), minutes=45),
        today=TODAY,
    )
    steps = [change.step for week in programme.weeks for change in week.changes]
    assert {"start", "reps", "deload"} <= set(steps)
    assert {"sets", "band", "variant"} & set(steps)
    for week in programme.weeks:
        for change in week.changes:
            if change.step in ("reps", "sets", "band", "variant"):
                assert "(R1" in change.detail, change.detail
    order = {"reps": 0, "sets": 1, "band": 2, "variant": 3}
    by_slug: dict[str, list[int]] = {}
    for week in programme.weeks:
        for change in week.changes:
            if change.step in order and change.slug:
                by_slug.setdefault(f"{change.session}/{change.slug}", []).append(order[change.step])
    for slug, seen in by_slug.items():
        # A heavier band or a new variant restarts the ladder; within a stretch, steps only move up.
        segment: list[int] = []
        for step in seen:
            if segment and segment[-1] >= 2:
                segment = []
            assert not segment or step >= segment[-1], (slug, seen)
            segment.append(step)


def test_deload_only_when_the_programme_is_long_enough(bundled: Catalogue) -> None:
    short = build_programme(bundled, ProgrammeRequest(level="intermediate", goal="sprint", weeks=4), today=TODAY)
    assert not any(week.deload for week in short.weeks)
    long = build_programme(bundled, ProgrammeRequest(level="intermediate", goal="sprint", weeks=9), today=TODAY)
    assert [week.number for week in long.weeks if week.deload] == [4, 8]


def test_calendar_has_one_event_per_session(bundled: Catalogue) -> None:
    import icalendar

    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=6), today=TODAY)
    document = saved(programme, created=TODAY)
    text = render(document, "ics")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    sessions = [session for week in programme.weeks for session in week.sessions]
    assert len(events) == len(sessions)
    for event, session in zip(events, sessions):
        assert event.decoded("dtstart") == session.date
        description = str(event.get("description"))
        for block in session.blocks:
            for item in block.exercises:
                assert item.name in description
    assert len({str(event.get("uid")) for event in events}) == len(events)


def test_programme_markdown_has_every_week(bundled: Catalogue) -> None:

    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="desk", weeks=3), today=TODAY)
    text = render(saved(programme, created=TODAY), "md")
    assert "## Overview" in text and all(f"## Week {n}" in text for n in (1, 2, 3))


def test_program_command(cli, tmp_path: Path) -> None:
    code, out, _ = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "6", "--start", "2026-12-07")
    assert code == 0 and "6-week programme: beginner, goal running" in out and "deload" in out
    code, out, _ = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "6", "--week", "2", "--explain")
    assert code == 0 and "Week 2" in out and "(R12)" in out
    path = tmp_path / "plan.ics"
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "6", "--out", str(path))
    assert code == 0 and path.read_text().startswith("BEGIN:VCALENDAR")
    toml_path = tmp_path / "programme.toml"
    cli("program", "--level", "advanced", "--goal", "sprint", "--weeks", "5", "--out", str(toml_path))
    code, out, _ = cli("view", str(toml_path), "--week", "5")
    assert code == 0 and "Week 5" in out
    code, out, _ = cli("export", str(toml_path), "--to", "ics")
    assert code == 0 and out.count("BEGIN:VEVENT") >= 15


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--days", "monday,funday"], "is not a list of weekdays"),
        (["--start", "7/12/2026"], "use YYYY-MM-DD"),
        (["--week", "9"], "choose --week 1 to 6"),
        (["--weeks", "60"], "--weeks"),
    ],
)
def test_program_usage_errors(cli, args: list[str], fragment: str) -> None:
    code, out, err = cli("program", "--level", "beginner", "--goal", "running", *args)
    assert code == 2 and fragment in err and not out


def test_a_hand_edited_programme_is_checked(tmp_path: Path, bundled: Catalogue) -> None:
    from hipcli.errors import PlanFileError

    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="glutes", weeks=2), today=TODAY)
    text = to_toml(saved(programme, created=TODAY))
    path = tmp_path / "p.toml"
    path.write_text(text.replace("sets = 2", "sets = 7", 1))
    with pytest.raises(PlanFileError) as caught:
        load_document(path, bundled)
    (problem,) = caught.value.problems
    assert "week 1, session 1" in problem and "sets: 7 is outside" in problem and problem.startswith(f"{path}: line ")


def test_plan_markdown_still_works_for_plans(bundled: Catalogue) -> None:
    from hipcli.models import PlanRequest
    from hipcli.planner import build_plan

    assert render(saved(build_plan(bundled, PlanRequest(level="beginner", goal="running"))), "md").startswith("# ")


def test_programme_files_validate_against_their_schema(cli, bundled: Catalogue) -> None:
    import json

    import jsonschema

    from hipcli.formats.json import write as to_json

    code, out, _ = cli("schema", "programme")
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=2), today=TODAY)
    jsonschema.validate(json.loads(to_json(saved(programme, created=TODAY))), json.loads(out))
