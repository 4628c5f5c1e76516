"""docs/rules.md states the numbers the code uses: each is read from the constant, never typed twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcli import adapt, assess, ladder, rules

DOC = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
TEXT = " ".join(DOC.split())  # one line, so a number is found across a line break


@pytest.mark.parametrize(
    "phrase",
    [
        f"pain of **{adapt.GROIN_PAUSE}/10 or more**",
        f"pain **above {adapt.GROIN_PAIN_LIMIT}/10**",
        f"pain **above {adapt.PAIN_LIMIT}/10** in a set",
        f"next morning **above {adapt.SAFE_PAIN}/10 and worse**",
        f"more than {adapt.LAYOFF_DAYS} days since the family was last done",
        f"past the first {adapt.LAYOFF_DAYS} (15-28 days: one, 29-42: two, ...)",
        f"{adapt.RESUME_DAYS + 1}-{adapt.LAYOFF_DAYS} days: resume on the same rung",
        f"effort **{adapt.OVERREACH_EFFORT}-10**",
        "effort above the level's target ({beginner} / {intermediate} / {advanced})".format(**adapt.EFFORT_TARGET),
        f"past the top of the range by {adapt.R12_MARGIN}+",
        "the rung held **two weeks** (the Nordic one week)",
        f"the last {adapt.RECENT_WEEKS} weeks in full, and back to {adapt.HISTORY_WEEKS} weeks the families not done since",
        f"default {ladder.KETTLEBELL_STEP_KG} kg, up to {ladder.KETTLEBELL_STEPS} steps",
        f"effort {adapt.LOW_EFFORT}/10 or less for two weeks",
        f"Squeeze pain **{assess.SQUEEZE_RED_FLAG}/10 or more**",
        f"no exercise grows past {round(rules.MAX_SHARE * 100)}% of the budget",
        f"at least {rules.ADDUCTOR_MIN_SETS['intermediate']} sets at intermediate and advanced level",
    ],
)
def test_the_document_states_the_constant(phrase: str) -> None:
    assert phrase in TEXT, phrase


def test_the_rules_hold_weeks_and_schedules_match_the_document() -> None:
    assert ladder.HOLD_WEEKS == 2 and "A rung holds two weeks" in TEXT
    assert ladder.NORDIC.hold_weeks == 1 and "The Nordic curl steps every week" in TEXT
    per_week = ladder.NORDIC.per_week
    assert per_week[:3] == (1, 2, 3) and per_week[-1] == 1
    weeks_at_three = [week for week, count in enumerate(per_week, start=1) if count == 3]
    assert f"three times a week in weeks {weeks_at_three[0]}-{weeks_at_three[-1]}" in TEXT
    assert "once in week 1, twice in week 2" in TEXT and "then once a week to keep the gains" in TEXT
    doses = ", ".join(f"{low}-{high}" for _, (low, high) in ladder.COPENHAGEN.doses)
    assert doses == "3-5, 6-8, 9-11, 12-15" and "3-5, 6-8, 9-11, then 12-15 reps" in TEXT


def test_pregnancy_cards_and_their_reasons_are_in_the_document() -> None:
    for slug in rules.PRECAUTION_CARDS["pregnancy"]:
        words = {"kettlebell-hip-thrust": "kettlebell hip thrust", "skater-bound": "skater bounds",
                 "goblet-curtsy-lunge": "goblet curtsy lunge"}[slug]
        assert words in TEXT, slug


def test_every_loop_rule_names_a_source_or_says_convention() -> None:
    section = DOC.split("## The training log")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| #") and "---" not in line]
    assert len(rows) >= 10
    for row in rows:
        source = row.rstrip(" |").rsplit("|", 1)[-1].strip()
        assert source, row
