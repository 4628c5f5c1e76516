"""Calendars that update in place: stable UIDs, timed events with a reminder, band colours, no dangling pointers."""

from __future__ import annotations

import datetime
from pathlib import Path

import icalendar

from hipcli.planfile import saved
from hipcli.formats import render
from hipcli.models import Catalogue
from hipcli.plans import ProgrammeRequest
from hipcli.progression import build_programme

from .conftest import no_traceback

START = datetime.date(2026, 12, 7)
DAY = datetime.date(2026, 11, 30)


def events(bundled: Catalogue, **changes) -> dict[str, icalendar.Event]:
    request = ProgrammeRequest(**{"level": "beginner", "goal": "running", "weeks": 4, "start": START, **changes})
    text = render(saved(build_programme(bundled, request), created=DAY), "ics")
    return {str(event["uid"]): event for event in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def test_a_longer_programme_keeps_every_earlier_events_uid(bundled: Catalogue) -> None:
    four, six = events(bundled), events(bundled, weeks=6)
    assert set(four) < set(six)
    for uid, event in four.items():
        assert six[uid].decoded("dtstart") == event.decoded("dtstart")


def test_an_adjusted_programme_updates_the_same_events(bundled: Catalogue) -> None:
    before, after = events(bundled), events(bundled, minutes=20, equipment=("mini-band",))
    assert set(before) == set(after)


def test_uids_name_the_programme_week_and_place_not_the_date(bundled: Catalogue) -> None:
    found = events(bundled)
    for uid, event in found.items():
        assert uid.startswith("hipcli-running-w") and uid.endswith("@hipcli")
        assert f"{event.decoded('dtstart'):%Y%m%d}" not in uid
    moved = events(bundled, start=datetime.date(2027, 1, 5), days=("tue", "fri"), level="intermediate")
    assert set(moved) == set(found)


def test_time_gives_timed_events_with_a_reminder(bundled: Catalogue, cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    code, _, err = cli(
        "program", "--level", "beginner", "--goal", "running", "--weeks", "2", "--start", "2026-12-07",
        "--time", "07:00", "--duration", "40", "--reminder", "15", "--out", str(path),
    )
    assert code == 0, err
    found = list(icalendar.Calendar.from_ical(path.read_text(encoding="utf-8")).walk("VEVENT"))
    assert found
    by_day: dict[datetime.date, list[tuple[datetime.datetime, datetime.datetime]]] = {}
    for event in found:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert isinstance(start, datetime.datetime) and end - start == datetime.timedelta(minutes=40)
        by_day.setdefault(start.date(), []).append((start, end))
    for day, slots in by_day.items():
        slots.sort()
        assert slots[0][0].time() == datetime.time(7, 0)  # the day's first session at the time asked
        # The pre-run warm-up and the strength session one after the other, never overlapping.
        assert all(later[0] == earlier[1] for earlier, later in zip(slots, slots[1:]))
    assert any(len(slots) == 2 for slots in by_day.values())
    for event in found:
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1 and alarms[0].decoded("trigger") == -datetime.timedelta(minutes=15)


def test_without_duration_each_event_lasts_its_sessions_estimate(bundled: Catalogue) -> None:
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=1, start=START))
    text = render(saved(programme, created=DAY), "ics", time=datetime.time(18, 30))
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        minutes = (event.decoded("dtend") - event.decoded("dtstart")).seconds // 60
        assert 3 <= minutes <= 60


def test_band_colours_are_in_the_descriptions_and_no_text_points_at_a_file(bundled: Catalogue) -> None:
    found = events(bundled, equipment=("mini-band", "long-band"))
    descriptions = [str(event["description"]) for event in found.values()]
    assert any("band" in text and "(" in text for text in descriptions)
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=4, start=START, equipment=("mini-band", "long-band")))
    colours = programme.bands.colours
    for week in programme.weeks:
        for session in week.sessions:
            for block in session.blocks:
                for item in block.exercises:
                    if item.band:
                        assert any(f"{item.band} ({colours[item.band]}) band" in text for text in descriptions)
    assert not any("saved programme" in text or "hipcli view" in text for text in descriptions)


def test_calendar_options_on_other_formats_are_errors(cli, tmp_path: Path) -> None:
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--time", "07:00", "--out", str(tmp_path / "p.md"))
    assert code == 2 and "--time only apply to .ics" in err and no_traceback(err)
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--time", "7 am", "--out", str(tmp_path / "p.ics"))
    assert code == 2 and "not a time" in err
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--duration", "30", "--out", str(tmp_path / "p.ics"))
    assert code == 2 and "--duration needs --time" in err
