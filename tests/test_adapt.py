"""Progression from the log: the next rung follows from what was done (R12, R8, R16, COACHING.md 3), decided from plain data."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from hipcli.adapt import Outcome, decide
from hipcli.ladder import build_ladder
from hipcli.plans import PlanRequest

TODAY = datetime.date(2025, 6, 20)
PERSON = PlanRequest(level="beginner", goal="running", equipment=("mini-band", "wall-or-chair"))


@pytest.fixture
def ladder(bundled):
    return build_ladder(bundled, bundled.by_slug["banded-clamshell"], PERSON)


def outcome(rung, days_ago: int, done: tuple, *, effort=None, pain=None, morning=None, session=1) -> Outcome:
    return Outcome(
        session_id=session, date=TODAY - datetime.timedelta(days=days_ago), slug=rung.slug, sets=rung.sets,
        low=rung.amount[0], high=rung.amount[1], unit=rung.unit, band=rung.band, tempo=rung.tempo, done=done,
        effort=effort, pain=pain, morning_pain=morning,
    )


def first_two(ladder):
    rung = ladder.rungs[1]
    return rung, (rung.amount[1] + 2,) * rung.sets


def test_two_sessions_in_a_row_past_the_top_with_effort_on_target_take_the_next_rung(ladder) -> None:
    rung, above = first_two(ladder)
    history = [outcome(rung, 14, above, effort=5, session=1), outcome(rung, 2, above, effort=4, session=2)]
    decision = decide(ladder, "clamshell", history, TODAY, level="beginner")
    assert decision.action == "advance" and decision.rule == "R12, R14"
    assert decision.rung == ladder.rungs[2] and decision.was == rung
    assert str(rung.amount[1] + 2) in decision.detail  # the logged numbers are in the explanation


def test_one_session_past_the_top_holds(ladder) -> None:
    rung, above = first_two(ladder)
    at_top = (rung.amount[1],) * rung.sets
    decision = decide(ladder, "clamshell", [outcome(rung, 5, at_top), outcome(rung, 2, above)], TODAY, level="beginner")
    assert decision.action == "hold" and "needs two in a row" in decision.detail


def test_effort_above_target_holds(ladder) -> None:
    rung, above = first_two(ladder)
    history = [outcome(rung, 5, above, effort=5), outcome(rung, 2, above, effort=8, session=2)]
    decision = decide(ladder, "clamshell", history, TODAY, level="beginner")
    assert (decision.action, decision.rule) == ("hold", "R8") and "effort 8/10" in decision.detail


def test_missed_reps_hold(ladder) -> None:
    rung, above = first_two(ladder)
    short = (rung.amount[0] - 1,) * rung.sets
    decision = decide(ladder, "clamshell", [outcome(rung, 5, above), outcome(rung, 2, short, session=2)], TODAY, level="beginner")
    assert (decision.action, decision.rule) == ("hold", "R16") and decision.rung == rung


def test_pain_above_five_steps_back_even_after_good_sessions(ladder) -> None:
    rung, above = first_two(ladder)
    decision = decide(ladder, "clamshell", [outcome(rung, 5, above), outcome(rung, 2, above, pain=6, session=2)], TODAY, level="beginner")
    assert decision.action == "back" and decision.rung == ladder.rungs[0] and "pain 6/10" in decision.detail


def test_pain_worse_next_morning_steps_back(ladder) -> None:
    rung, above = first_two(ladder)
    decision = decide(ladder, "clamshell", [outcome(rung, 2, above, pain=1, morning=5)], TODAY, level="beginner")
    assert decision.action == "back" and "next-morning pain 5/10" in decision.detail


def test_settled_by_the_morning_is_no_reason_to_step_back(ladder) -> None:
    rung, above = first_two(ladder)
    decision = decide(ladder, "clamshell", [outcome(rung, 2, above, pain=4, morning=2)], TODAY, level="beginner")
    assert decision.action == "hold"


def test_a_missed_week_resumes_on_the_same_rung(ladder) -> None:
    rung, above = first_two(ladder)
    history = [outcome(rung, 15, above), outcome(rung, 12, above, session=2)]
    decision = decide(ladder, "clamshell", history, TODAY, level="beginner")
    assert decision.action == "resume" and decision.rung == rung and "12 days" in decision.detail


def test_groin_work_steps_back_above_three(bundled) -> None:
    card = bundled.by_slug["side-lying-adduction"]
    ladder = build_ladder(bundled, card, PERSON)
    rung = ladder.rungs[1]
    decision = decide(ladder, "copenhagen-adduction", [outcome(rung, 2, (rung.amount[1],) * rung.sets, pain=4)], TODAY,
                      level="beginner", groin=True)
    assert decision.action == "back" and "ASP" in decision.detail
    assert decision.rung == ladder.rungs[0]  # already the easiest level: a rung down


def test_no_history_for_the_family_decides_nothing(ladder) -> None:
    assert decide(ladder, "clamshell", [], TODAY, level="beginner") is None


def strength_items(out: str) -> list[tuple]:
    data = json.loads(out)["data"]
    return [(i["slug"], i["sets"], i.get("reps") or i.get("seconds") or i.get("steps"), i.get("tempo"), i.get("band"))
            for block in data["blocks"] for i in block["exercises"]]


def test_plan_follows_the_log_and_no_log_ignores_it(cli, tmp_path: Path) -> None:
    args = ("plan", "--level", "beginner", "--goal", "running", "--format", "json")
    code, without_log, _ = cli(*args)
    assert code == 0
    saved = tmp_path / "plan.toml"
    cli("plan", "--level", "beginner", "--goal", "running", "--out", str(saved))
    before = saved.read_bytes()
    # Every exercise done 2 past the top of its range, effort 3, twice in a row.
    import tomllib

    items = [i for b in tomllib.loads(saved.read_text())["blocks"] for i in b["exercises"]]
    changes = []
    for item in items:
        amount = item.get("reps") or item.get("seconds") or item.get("steps")
        top = amount[1] if isinstance(amount, list) else amount
        changes += ["--change", f"{item['slug']}={top + 2}"]
    for day in (15, 1):  # R14: the rung has held two weeks
        date = (datetime.date.today() - datetime.timedelta(days=day)).isoformat()
        assert cli("log", "session", str(saved), "--date", date, "--effort", "3", *changes)[0] == 0
    code, with_log, err = cli(*args)
    assert code == 0 and "follow your training log" in err
    assert strength_items(with_log) != strength_items(without_log)
    assert any("From your log:" in note and "[R12, R14]" in note for note in json.loads(with_log)["data"]["notes"])
    assert strength_items(cli(*args, "--no-log")[1]) == strength_items(without_log)
    assert saved.read_bytes() == before  # the log never rewrites a saved plan


def test_without_a_log_plan_is_unchanged_and_creates_no_log(cli) -> None:
    from hipcli.journal import default_path

    code, _out, err = cli("plan", "--level", "beginner", "--goal", "running")
    assert code == 0 and "training log" not in err
    assert not default_path().exists()


def test_pain_logged_with_log_add_counts(cli, tmp_path: Path) -> None:
    """Every recorded set counts for pain, however it was entered: a painful 'log add' steps the family back."""
    cli("log", "add", "banded-clamshell", "--done", "10", "--pain", "7")
    code, out, err = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "2", "--format", "json")
    assert code == 0
    notes = json.loads(out)["data"]["notes"]
    assert any("clamshell" in note and "pain 7/10" in note and "step back" in note for note in notes), notes


def test_program_week_one_steps_back_after_painful_sessions(cli, tmp_path: Path) -> None:
    saved = tmp_path / "plan.toml"
    cli("plan", "--level", "beginner", "--goal", "running", "--out", str(saved))
    date = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    assert cli("log", "session", str(saved), "--date", date, "--pain", "6")[0] == 0
    args = ("program", "--level", "beginner", "--goal", "running", "--weeks", "2", "--format", "json")
    code, with_log, err = cli(*args)
    assert code == 0 and "where your training log says" in err
    notes = json.loads(with_log)["data"]["notes"]
    assert any("step back" in note and "pain 6/10" in note for note in notes)
    assert json.loads(cli(*args, "--no-log")[1])["data"]["weeks"] != json.loads(with_log)["data"]["weeks"]


def test_decisions_treat_the_copenhagen_ladder_as_groin_work(bundled) -> None:
    """Pain 4/10 is acceptable for most work but steps groin work back (ASP: above 3/10)."""
    from hipcli.adapt import decisions

    ladder = build_ladder(bundled, bundled.by_slug["side-lying-adduction"], PERSON)
    rung = ladder.rungs[1]
    history = [outcome(rung, 2, (rung.amount[1],) * rung.sets, pain=4)]
    made = decisions(bundled, ["side-lying-adduction"], history, PERSON, TODAY)
    assert made["copenhagen-adduction"].action == "back"
    clam = build_ladder(bundled, bundled.by_slug["banded-clamshell"], PERSON).rungs[1]
    made = decisions(bundled, ["banded-clamshell"], [outcome(clam, 2, (clam.amount[1],) * clam.sets, pain=4)], PERSON, TODAY)
    assert made["clamshell"].action == "hold"


def test_pain_of_four_or_five_holds_even_after_two_clean_sessions(ladder) -> None:
    """4-5/10 is acceptable, not settled: no step up until it is 3 or less (COACHING.md section 3)."""
    rung, above = first_two(ladder)
    history = [outcome(rung, 5, above, effort=4), outcome(rung, 2, above, effort=4, pain=5, session=2)]
    decision = decide(ladder, "clamshell", history, TODAY, level="beginner")
    assert (decision.action, decision.rule) == ("hold", "CS3") and decision.rung == rung and "pain 5/10" in decision.detail
    settled = [outcome(rung, 15, above, effort=4), outcome(rung, 2, above, effort=4, pain=3, session=2)]
    assert decide(ladder, "clamshell", settled, TODAY, level="beginner").action == "advance"


def test_the_printed_pain_rule_states_the_limits_the_log_applies() -> None:
    """What a plan tells the person and what `hipcli log` does with their numbers must be the same rule."""
    from hipcli.adapt import GROIN_PAIN_LIMIT, PAIN_LIMIT, SAFE_PAIN
    from hipcli.planner import PAIN_RULE

    during, morning, log = PAIN_RULE
    assert f"0-{SAFE_PAIN} is fine" in during and f"above {PAIN_LIMIT}" in during
    assert f"above {SAFE_PAIN}/10 and worse than during the session" in morning
    assert f"above {PAIN_LIMIT} in a set" in log and f"above {GROIN_PAIN_LIMIT}/10" in log and "holds" in log
    from hipcli.adapt import GROIN_PAUSE

    assert f"pauses at {GROIN_PAUSE} or more" in log


@pytest.mark.parametrize(
    ("source_kind", "title", "kind"),
    [
        ("plan", "warmup plan (beginner, running)", "warmup"),
        ("plan", "strength plan (beginner, running)", "strength"),
        ("programme", "Warm-up (week 2)", "warmup"),
        ("programme", "Strength B (week 2)", "strength"),
        ("programme", "Mobility (week 1)", "mobility"),
        ("plan", "Warm-up: beginner, goal running", "warmup"),
        ("plan", "Strength session: advanced, goal sprint", "strength"),
        ("options", "a warmup plan for --level beginner --goal running", "warmup"),
        ("options", "a plan for --level beginner --goal running", None),  # strength, or typed in: comparable
        ("single", "Banded clamshell", None),
    ],
)
def test_the_session_type_is_read_from_what_each_command_stores(source_kind, title, kind) -> None:
    """Only strength work moves a rung: plan, programme, train and log add each title their sessions differently."""
    from types import SimpleNamespace

    from hipcli.adapt import session_kind

    assert session_kind(SimpleNamespace(source_kind=source_kind, title=title)) == kind
