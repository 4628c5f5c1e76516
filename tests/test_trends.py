"""`log progress` numbers against hand-counted data from a real SQLite log (trends.py)."""

from __future__ import annotations

import datetime

import pytest

from hipcli.journal import Journal
from hipcli.trends import adherence_totals, calendar_weeks, progress, week_start

MONDAY = week_start(datetime.date.today()) - datetime.timedelta(weeks=3)


class Person:
    level, equipment, avoid = "beginner", ("mini-band", "wall-or-chair"), ()


def add(log: Journal, day: datetime.date, title: str, rows: list[dict], *, kind: str = "programme", week: int | None = 1) -> int:
    when = datetime.datetime.combine(day, datetime.time(9, 0))
    return log.add_session({"started": when, "finished": when, "source_kind": kind, "title": title, "week": week,
                            "planned_sets": len(rows)}, rows)


def sets(slug: str, count: int, *, target: tuple[int, int] = (10, 12), done: int = 12, per_side: bool = False,
         unit: str = "reps", pain: int | None = None) -> list[dict]:
    sides = ("left", "right") if per_side else (None,)
    return [{"position": 0, "slug": slug, "set_number": n, "side": side, "unit": unit, "target_sets": count,
             "target_low": target[0], "target_high": target[1], "done": done, "pain": pain}
            for n in range(1, count + 1) for side in sides]


@pytest.fixture
def data(bundled, tmp_path):
    with Journal.open(tmp_path / "log.db") as log:
        # Week 1 (programme week 1): 2 strength sessions; week 3: one more, still labelled programme week 1.
        add(log, MONDAY, "Strength A (week 1)", sets("side-lying-hip-abduction", 2, per_side=True))
        add(log, MONDAY + datetime.timedelta(days=2), "Strength B (week 1)", sets("banded-clamshell", 3, per_side=True))
        add(log, MONDAY + datetime.timedelta(weeks=2), "Strength A (week 1)", sets("side-lying-hip-abduction", 2, per_side=True, pain=4))
        # Week 3 also: a warm-up and a mobility break, which are not strength sessions.
        add(log, MONDAY + datetime.timedelta(weeks=2, days=1), "Warm-up (week 1)", sets("jog-in-place", 1, target=(90, 90), done=14, unit="seconds"))
        add(log, MONDAY + datetime.timedelta(weeks=2, days=3), "Mobility (week 1)", sets("standing-quad-stretch", 2, target=(30, 30), done=30, unit="seconds", per_side=True))
        weeks = calendar_weeks(MONDAY + datetime.timedelta(weeks=3), 4)
        return progress(bundled, log.sessions(), log.sets(), Person(), weeks,
                        {weeks[0]: 2, weeks[1]: 2, weeks[2]: 2, weeks[3]: 0})


def test_weeks_are_calendar_weeks(data) -> None:
    assert data["weeks"] == [(MONDAY + datetime.timedelta(weeks=n)).isoformat() for n in range(4)]


def test_weekly_sets_land_in_the_calendar_week_they_were_done(data) -> None:
    abductors = data["weekly_sets"]["groups"]["hip-abductors"]
    # Week 1: 2 side-lying sets + 3 clamshell sets (a set on both sides counts once); week 3: 2 side-lying sets.
    assert abductors == [5, 0, 2, 0]


def test_adherence_counts_strength_sessions_against_the_plan(data) -> None:
    rows = data["adherence"]
    assert [row["strength_sessions"] for row in rows] == [2, 0, 1, 0]
    assert [row["sessions"] for row in rows] == [2, 0, 3, 0]
    total = data["adherence_total"]
    assert (total["done"], total["planned"], total["percent"]) == (3, 6, 50)
    assert adherence_totals([{"planned_sessions": 0, "strength_sessions": 6}])["percent"] is None  # never "6 of 0 (0%)"


def test_a_short_hold_charts_the_rung_it_reached_not_its_target(data) -> None:
    jog = data["families"]["jog-in-place"]
    assert jog["now"]["rung"] == 0 and jog["now"]["of"] == 7  # 14 s of a 60-90 s ladder is below its first rung
    assert jog["rung_by_week"][2] == jog["now"]["rung"]


def test_pain_by_week(data) -> None:
    assert [row["max"] for row in data["pain"]] == [None, None, 4, None]


def test_the_new_core_modules_import_neither_typer_nor_rich() -> None:
    import subprocess
    import sys

    code = ("import sys, hipcli.trends, hipcli.rules, hipcli.adapt, hipcli.assess; "
            "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
