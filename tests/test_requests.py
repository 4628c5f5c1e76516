"""Library entry points check their own requests, with the command line's words (RequestError, never KeyError)."""

from __future__ import annotations

import datetime

import pytest

import hipcli
from hipcli.errors import RequestError
from hipcli.plans import PlanRequest, ProgrammeRequest


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"level": "expert"}, "--level: 'expert' is not one of beginner, intermediate, advanced"),
        ({"goal": "fly"}, "--goal: 'fly' is not one of"),
        ({"session": "nap"}, "--session: 'nap' is not one of warmup, strength, mobility"),
        ({"minutes": 100000}, "--minutes: 100000 is out of range; use a whole number from 1 to 240"),
        ({"minutes": 0}, "--minutes: 0 is out of range"),
        ({"minutes": "30"}, "--minutes: '30' is not a whole number"),
        ({"minutes": True}, "--minutes: True is not a whole number"),
        ({"seed": -1}, "--seed: -1 is out of range; use a whole number of 0 or more"),
        ({"equipment": ("rocket",)}, "--equipment: 'rocket' is not one of mini-band"),
        ({"equipment": "mini-band"}, "--equipment: 'mini-band' is not a list"),
        ({"avoid": ("everything",)}, "--avoid: 'everything' is not one of knee"),
    ],
)
def test_a_plan_request_refuses_what_the_options_refuse(fields: dict, message: str) -> None:
    with pytest.raises(RequestError) as raised:
        PlanRequest(**{"level": "beginner", "goal": "running", **fields})
    assert raised.value.message.startswith(message)
    assert raised.value.exit_code == 2


def test_a_sound_request_still_plans(bundled) -> None:
    plan = hipcli.build_plan(bundled, PlanRequest(level="beginner", goal="running", equipment=["mini-band"], minutes=20))
    assert plan.blocks


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"weeks": 0}, "--weeks: 0 is out of range; use a whole number from 1 to 52"),
        ({"weeks": 1000}, "--weeks: 1000 is out of range"),
        ({"days": ("monkey",)}, "--days: 'monkey' is not one of mon, tue"),
        ({"start": "2026-12-07"}, "--start: '2026-12-07' is not a date"),
        ({"start": datetime.date(9999, 12, 25)}, "--start: a 6-week programme from 9999-12-25 would run past"),
    ],
)
def test_a_programme_request_refuses_what_the_options_refuse(fields: dict, message: str) -> None:
    with pytest.raises(RequestError) as raised:
        ProgrammeRequest(**{"level": "beginner", "goal": "running", "weeks": 6, **fields})
    assert raised.value.message.startswith(message)


def test_the_command_line_says_the_same_for_a_late_start(cli) -> None:
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--start", "9999-12-25")
    assert code == 2 and "--start: a 6-week programme from 9999-12-25 would run past" in err


@pytest.mark.parametrize("days", ["monkey,thunder", "mo", "nonsense"])
def test_weekdays_are_whole_words(cli, days: str) -> None:
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--days", days)
    assert code == 2 and "is not a list of weekdays" in err
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--warmup-days", days)
    assert code == 2 and "is not a list of weekdays" in err


def test_weekdays_may_be_spelt_out(cli) -> None:
    code, out, _ = cli("program", "--level", "beginner", "--goal", "running", "--days", "Monday,THU", "--warmup-days", "none", "--format", "json")
    assert code == 0 and '"mon"' in out and '"thu"' in out
