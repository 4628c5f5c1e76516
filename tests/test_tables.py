"""Tables never cut a value a person acts on (the dose, the band), at any width; long cues wrap instead."""

from __future__ import annotations

import pytest

from hipcli import wording as fmt
from hipcli.plans import PlanRequest
from hipcli.planner import build_plan

REQUESTS = [
    ("beginner", "running", "strength", "mini-band,wall-or-chair"),
    ("intermediate", "sprint", "strength", "mini-band,long-band,kettlebell,step,box-or-bench"),
    ("advanced", "glutes", "strength", "mini-band,long-band,kettlebell,box-or-bench,pull-up-bar"),
    ("beginner", "running", "warmup", "mini-band"),
]


@pytest.mark.parametrize("columns, widest", [("60", 60), ("80", 80), ("120", 120), ("0", 80), ("100000", 240), ("abc", 80)])
@pytest.mark.parametrize("level, goal, session, kit", REQUESTS)
def test_dose_and_band_are_whole_at_any_width(cli, bundled, columns, widest, level, goal, session, kit) -> None:
    request = PlanRequest(level=level, goal=goal, session=session, equipment=tuple(kit.split(",")))
    plan = build_plan(bundled, request)
    code, out, err = cli("plan", "-l", level, "-g", goal, "-s", session, "-e", kit, env={"COLUMNS": columns})
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= widest
    words = out.split()
    for item in plan.items():
        dose = fmt.dose(item.sets, item.unit, item.amount, item.per_side)
        assert any(dose in line for line in lines), (columns, dose)
        # A band wraps only between its words ('extra-light' / '(yellow)'), never inside one.
        for word in fmt.band(item.band, plan.bands).split():
            assert word in words, (columns, item.slug, word)


def test_narrow_screens_put_the_cue_under_the_name(cli) -> None:
    code, out, _ = cli("plan", "-l", "beginner", "-g", "running", env={"COLUMNS": "60"})
    assert code == 0 and "exercise and cue" in out and "Cue: " in out
    code, out, _ = cli("plan", "-l", "beginner", "-g", "running", env={"COLUMNS": "100"})
    assert "exercise and cue" not in out and " cue" in out.splitlines()[11] + out


def test_no_ellipsis_ever_replaces_text(cli) -> None:
    for columns in ("60", "80"):
        for args in (["plan", "-l", "beginner", "-g", "running"], ["list"], ["show", "banded-psoas-march"]):
            code, out, _ = cli(*args, env={"COLUMNS": columns})
            assert code == 0 and "…" not in out, (columns, args)
