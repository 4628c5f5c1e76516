"""Programmes: schedule, progression, deloads, files and calendars."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from tests.budget import examples

from hipcli.catalogue import load_catalogue
from hipcli.errors import PlanError
from hipcli.planfile import load_document, saved
from hipcli.formats import render
from hipcli.formats.toml import write as to_toml
from hipcli.models import BAND_LEVELS, GOALS, LEVELS, Catalogue
from hipcli.plans import WEEKDAYS, Programme, ProgrammeRequest
from hipcli.ladder import eligible, protocol
from hipcli.planner import BLOCKS, VOLUME, plan_seconds
from hipcli.progression import (
    DEFAULT_DAYS,
    build_programme,
    schedule,
    session_plan,
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
    previous: dict[tuple[str, str], tuple[str, int]] = {}
    strength_dates = []
    for week in programme.weeks:
        for session in week.sessions:
            if session.session != "strength":
                continue
            title = session.title.replace(" (deload)", "")
            for block in session.blocks:
                if BLOCKS[block.key].warmup_dose:
                    continue  # activation at a warm-up dose neither progresses nor deloads
                for item in block.exercises:
                    key = (title, catalogue.by_slug[item.slug].family_name)
                    slug, sets = previous.get(key, (item.slug, 0))
                    if week.deload:
                        assert item.sets <= max(1, sets - 1) or sets == 0, "a deload has less volume"
                        continue
                    # Sets never fall on one card; a new card (the band lower, a variant) restarts in its own range.
                    assert item.sets >= sets or item.slug != slug, f"{key}: sets fell in week {week.number}"
                    previous[key] = (item.slug, item.sets)
        for session in week.sessions:
            plan = session_plan(programme, session)
            if session.session == "strength":
                strength_dates.append(session.date)
                assert plan_seconds(plan) <= plan.request.minutes * 60
                assert sum(item.sets for item in plan.items()) <= VOLUME[request.level]["sets"]
            for block in session.blocks:
                for item in block.exercises:
                    exercise = catalogue.by_slug[item.slug]
                    assert eligible(exercise, request), "never above the level, kit or avoid flags"
                    assert item.effort, "every exercise carries an effort target"
                    warm = BLOCKS[block.key].warmup_dose and exercise.warmup_dose is not None
                    dose = exercise.warmup_dose if warm else exercise.prescription[request.level]
                    published = protocol(exercise) if session.session == "strength" and not warm else None
                    if published is not None:
                        assert (item.sets, item.amount) in published.doses or week.deload
                        continue
                    low, high = dose.amount
                    if session.session == "strength" and not warm:
                        assert low <= item.amount[0] == item.amount[1] <= high
                        assert 1 <= item.sets <= dose.sets[1]
                        if week.number == 1:
                            assert item.amount[0] == low and item.sets <= dose.sets[0], "week 1 starts at the bottom"
                    else:
                        assert item.amount == dose.amount and item.sets <= dose.sets[1], "warm-ups do not progress"
                    if item.band and dose.band:
                        assert BAND_LEVELS.index(item.band) >= BAND_LEVELS.index(dose.band), "bands only go up"
    for first, second in zip(strength_dates, strength_dates[1:]):
        assert (second - first).days >= 2, "48 hours between strength sessions"


# No shrinking: a programme is quick to build but slow to shrink, and the unshrunk example reads well enough.
@settings(max_examples=examples(120), deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
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
    assert {"sets", "band", "variant", "tempo"} & set(steps)
    for week in programme.weeks:
        for change in week.changes:
            if change.step in ("reps", "sets", "tempo", "position", "band", "variant") and not (
                change.slug and protocol(bundled.by_slug[change.slug])
            ):
                assert "(R1" in change.detail, change.detail
    order = {"reps": 0, "sets": 1, "tempo": 2, "position": 3, "band": 4, "variant": 5}
    by_slug: dict[str, list[int]] = {}
    for week in programme.weeks:
        for change in week.changes:
            if change.step in order and change.slug:
                by_slug.setdefault(f"{change.session}/{change.slug}", []).append(order[change.step])
    for slug, seen in by_slug.items():
        # The band lower, a heavier band or a new variant restarts the climb; within a stretch, steps only move up.
        segment: list[int] = []
        for step in seen:
            if segment and segment[-1] >= 3:
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
    code, out, _ = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "6", "--week", "3", "--explain")
    assert code == 0 and "Week 3" in out and "(R12" in out
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
    # A dose outside the prescription is kept, with a warning naming its place.
    warnings: list[str] = []
    load_document(path, bundled, warnings=warnings)
    (problem,) = warnings
    assert "week 1, session 1" in problem and "sets: 7 is outside" in problem and problem.startswith(f"{path}: line ")
    path.write_text(text.replace("sets = 2", 'sets = "many"', 1))
    with pytest.raises(PlanFileError):
        load_document(path, bundled)


def test_plan_markdown_still_works_for_plans(bundled: Catalogue) -> None:
    from hipcli.plans import PlanRequest
    from hipcli.planner import build_plan

    assert render(saved(build_plan(bundled, PlanRequest(level="beginner", goal="running"))), "md").startswith("# ")


def test_programme_files_validate_against_their_schema(cli, bundled: Catalogue) -> None:
    import json

    import jsonschema

    from hipcli.formats.json import write as to_json

    code, out, _ = cli("schema", "programme")
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=2), today=TODAY)
    jsonschema.validate(json.loads(to_json(saved(programme, created=TODAY))), json.loads(out))
