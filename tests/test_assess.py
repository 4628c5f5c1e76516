"""Self-tests: published readings, advisory left/right flags, a suggested level, and the change on a re-test."""

from __future__ import annotations

import json

import pytest

from hipcli import assess
from hipcli.journal import Journal


def test_every_test_has_a_protocol_and_a_source() -> None:
    for test in assess.BATTERY:
        assert len(test.protocol) >= 2 and test.source and test.reading


@pytest.mark.parametrize(
    ("left", "right", "flagged", "words"),
    [(50, 52, False, "within 10%"), (44, 50, True, "within the 10-15%"), (40, 52, True, "above the 10-15%")],
)
def test_a_left_right_difference_is_flagged_above_ten_percent_and_labelled_advisory(left, right, flagged, words) -> None:
    result = assess.asymmetry("side-plank", left, right)
    assert result.flagged is flagged and words in result.text
    if flagged:
        assert "advisory" in result.text and "Parkinson" in result.text


@pytest.mark.parametrize(
    ("bridge", "level"), [(12, "beginner"), (19, "beginner"), (20, "intermediate"), (30, "intermediate"), (31, "advanced")]
)
def test_single_leg_bridge_bands_follow_the_published_reading(bridge: int, level: str) -> None:
    report = assess.evaluate({("single-leg-bridge", "left"): bridge, ("single-leg-bridge", "right"): bridge})
    assert report.level == level


def test_the_suggested_level_is_the_lowest_any_test_points_to() -> None:
    report = assess.evaluate({
        ("side-plank", "left"): 80, ("side-plank", "right"): 80,
        ("single-leg-bridge", "left"): 35, ("single-leg-bridge", "right"): 35,
        ("single-leg-stance", "left"): 0, ("single-leg-stance", "right"): 1,
    })
    assert report.level == "beginner"
    assert any("right leg (positive)" in finding.text for finding in report.findings)


def test_high_squeeze_pain_sends_to_a_clinician() -> None:
    report = assess.evaluate({("squeeze-pain", None): 7})
    assert any("see a clinician" in advice for advice in report.advice)


def test_a_retest_shows_the_change() -> None:
    changes = assess.compare({("side-plank", "left"): 40}, {("side-plank", "left"): 52, ("side-plank", "right"): 50})
    assert [change.text for change in changes] == ["Side-plank hold, left: 40 -> 52 s (+12)"]


def test_the_command_stores_results_and_compares_with_the_last_time(cli) -> None:
    code, out, err = cli("assess", "--side-plank", "40,52", "--single-leg-bridge", "22,24", "--single-leg-stance", "no,no")
    assert code == 0, err
    assert "FLAG Side-plank hold" in out and "Suggested level: intermediate" in out
    code, out, err = cli("assess", "--side-plank", "50,52", "--format", "json")
    data = json.loads(out)["data"]
    assert data["since_last"] == ["Side-plank hold, left: 40 -> 50 s (+10)", "Side-plank hold, right: 52 -> 52 s (+0)"]
    assert data["asymmetries"][0]["advisory"] is True
    with Journal.open() as log:
        assert len(log.assessments()) == 2


def test_the_command_walks_through_the_battery_when_no_result_is_given(cli) -> None:
    from typer.testing import CliRunner

    from hipcli.cli import app

    result = CliRunner().invoke(app, ["assess"], input="30\n31\n\n\nmaybe\nno\nno\n\n")
    assert result.exit_code == 0, result.output
    assert "must be yes (the pelvis dropped) or no" in result.output
    with Journal.open() as log:
        [taken] = log.assessments()
        assert taken.value("side-plank", "left") == 30 and taken.value("single-leg-stance", "right") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--side-plank", "40"], "give LEFT,RIGHT"), (["--squeeze-pain", "11"], "from 0 to 10"),
     (["--single-leg-stance", "no,perhaps"], "must be yes")],
)
def test_bad_results_get_one_line_and_store_nothing(cli, args: list[str], message: str) -> None:
    code, _out, err = cli("assess", *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    with Journal.open() as log:
        assert log.assessments() == []


def test_the_stance_question_names_the_leg_that_stands_and_the_hip_that_may_drop() -> None:
    from hipcli.assess import BY_KEY

    stance = BY_KEY["single-leg-stance"]
    assert stance.question("left") == "standing on your left leg: did the right hip drop? yes/no"
    assert BY_KEY["side-plank"].question("right") == "right side, seconds held"
    assert BY_KEY["side-plank"].timer == "stopwatch" and stance.timer == "countdown" and stance.seconds == 30
    assert not any("Start a clock" in step for test in BY_KEY.values() for step in test.protocol)


def test_an_earlier_dated_assessment_compares_with_the_one_before_it_not_a_later_one() -> None:
    import datetime
    from types import SimpleNamespace

    from hipcli.assess import previous_before

    first = SimpleNamespace(taken=datetime.datetime(2026, 11, 1))
    last = SimpleNamespace(taken=datetime.datetime(2026, 12, 1))
    assert previous_before([first, last], datetime.datetime(2026, 11, 20)) is first
    assert previous_before([first, last], datetime.datetime(2026, 10, 1)) is None
    assert previous_before([first, last], datetime.datetime(2026, 12, 4)) is last
