"""Programme dates say what happens: the first date shown is the first session, today counts, the past is flagged."""

from __future__ import annotations

import datetime
import json

from hipcli.plans import ProgrammeRequest
from hipcli.progression import build_programme

MONDAY = datetime.date(2026, 11, 30)


def first_session(programme) -> datetime.date:
    return min(session.date for session in programme.weeks[0].sessions)


def test_today_counts_when_it_is_a_training_day(bundled) -> None:
    request = ProgrammeRequest(level="beginner", goal="glutes", weeks=1, days=("mon", "thu"))
    programme = build_programme(bundled, request, today=MONDAY)
    assert programme.request.start == MONDAY == first_session(programme)


def test_without_a_start_the_next_training_day_is_first(bundled) -> None:
    request = ProgrammeRequest(level="beginner", goal="glutes", weeks=1, days=("mon", "thu"))
    programme = build_programme(bundled, request, today=MONDAY + datetime.timedelta(days=1))
    assert first_session(programme) == datetime.date(2026, 12, 3)
    assert not any("not a training day" in note for note in programme.notes)


def test_a_start_on_a_rest_day_says_when_the_first_session_is(bundled) -> None:
    wednesday = datetime.date(2026, 12, 2)
    request = ProgrammeRequest(level="beginner", goal="glutes", weeks=1, days=("mon", "thu"), start=wednesday)
    programme = build_programme(bundled, request, today=MONDAY)
    assert first_session(programme) == datetime.date(2026, 12, 3)
    assert "Wed 02 Dec is not a training day, so the first session is on Thu 03 Dec." in programme.notes


def test_the_first_date_shown_is_the_first_session(cli) -> None:
    code, out, _ = cli("program", "-l", "beginner", "-g", "glutes", "-n", "1", "-d", "mon,thu", "--start", "2030-01-02")
    assert code == 0
    # 2030-01-02 is a Wednesday: the header names Thursday's session, and a note says why.
    assert "First session Thu 03 Jan 2030." in " ".join(out.split())
    assert "Wed 02 Jan is not a training day, so the first session is on Thu 03 Jan." in " ".join(out.split())


def test_a_start_in_the_past_gets_a_warning(cli) -> None:
    code, out, err = cli("program", "-l", "beginner", "-g", "glutes", "-n", "1", "--start", "2020-01-06", "-f", "json")
    assert code == 0 and json.loads(out)["data"]
    assert err.startswith("hipcli: warning: --start 2020-01-06 is in the past")


def test_a_start_today_or_later_gets_no_warning(cli) -> None:
    today = datetime.date.today().isoformat()
    code, _, err = cli("program", "-l", "beginner", "-g", "glutes", "-n", "1", "--start", today, "-f", "json")
    assert code == 0 and "warning" not in err
