"""Shared fixtures: the bundled catalogue, a small catalogue file, a CLI runner."""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w

# Every hipcli process the tests start shows a bug as a traceback, which the
# "no traceback" checks catch; users get one line instead (test_unforeseen.py).
os.environ.setdefault("HIPCLI_DEBUG", "1")

# Property tests: 'fast' by default (tests/budget.py sizes each test's examples),
# 'thorough' (HYPOTHESIS_PROFILE=thorough) for the full budgets written in the tests.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("fast", deadline=None)
_hypothesis_settings.register_profile("thorough", deadline=None, max_examples=200)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

from hipcli.catalogue import load_catalogue  # noqa: E402
from hipcli.models import Catalogue


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own cache and data folders and no catalogue override or colour settings."""
    monkeypatch.setenv("HIPCLI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # Never the real training log: each test starts with none.
    monkeypatch.setenv("HIPCLI_DATA", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("HIPCLI_CATALOGUE", raising=False)
    monkeypatch.delenv("HIPCLI_WITH", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    # No test reads the developer's own defaults: a config file in a fresh folder, no HIPCLI_* settings.
    monkeypatch.setenv("HIPCLI_CONFIG", str(tmp_path_factory.mktemp("config") / "config.toml"))
    for name in ("LEVEL", "GOAL", "EQUIPMENT", "AVOID", "DAYS", "MINUTES", "BAND_CHART", "BAND_COLOURS", "NO_CONFIG"):
        monkeypatch.delenv("HIPCLI_" + name, raising=False)
    # Terminal tests see hipcli's output directly; the pager tests set PAGER themselves.
    monkeypatch.setenv("PAGER", "cat")
    monkeypatch.delenv("HIPCLI_PAGER", raising=False)


@pytest.fixture(scope="session")
def bundled() -> Catalogue:
    return load_catalogue(use_cache=False)


def _dose(**changes: Any) -> dict[str, Any]:
    dose = {"sets": [2, 3], "reps": [8, 12], "rest": 45, "tempo": "2-1-2", "source": "R7"}
    dose.update(changes)
    return dose


def small_catalogue() -> dict[str, Any]:
    """Three linked cards: enough to exercise every check, small enough to read."""
    return {
        "format": 1,
        "default_chart": "brand",
        "charts": {
            "brand": {
                "name": "Test brand",
                "source": "R26",
                "colours": {
                    "extra-light": "yellow",
                    "light": "red",
                    "medium": "green",
                    "heavy": "blue",
                    "extra-heavy": "black",
                },
            }
        },
        "references": {"R7": "Sets and reps by level.", "R26": "Band colours.", "S001": "A seed article."},
        "exercises": [
            {
                "slug": "easy-march",
                "name": "Easy march",
                "aliases": ["slow march"],
                "summary": "A bodyweight march.",
                "category": "activation",
                "pattern": "hip-flexion",
                "primary": ["psoas-major", "iliacus"],
                "position": "standing",
                "laterality": "alternating",
                "unit": "reps",
                "per_side": True,
                "level": "beginner",
                "prescription": {level: _dose() for level in ("beginner", "intermediate", "advanced")},
                "steps": ["Stand tall.", "Lift one knee, then the other."],
                "cues": ["Tall trunk."],
                "mistakes": ["Leaning back: stand taller."],
                "breathing": "Breathe out as the knee rises.",
                "harder": ["band-march"],
                "goals": ["running"],
                "sessions": ["strength"],
                "sources": ["S001"],
            },
            {
                "slug": "band-march",
                "name": "Band march",
                "summary": "A march against a mini band.",
                "category": "strength",
                "pattern": "hip-flexion",
                "primary": ["psoas-major", "rectus-femoris"],
                "secondary": ["gluteus-medius"],
                "equipment": ["mini-band"],
                "band": {"placement": "Around both feet"},
                "position": "standing",
                "laterality": "alternating",
                "unit": "reps",
                "per_side": True,
                "level": "intermediate",
                "prescription": {
                    "intermediate": _dose(band="light"),
                    "advanced": _dose(sets=[3, 4], band="medium"),
                },
                "steps": ["Band round the feet.", "March."],
                "cues": ["Slow."],
                "mistakes": ["Jerking: slow down."],
                "breathing": "Out on the lift.",
                "safety": ["Stop if it hurts."],
                "easier": ["easy-march"],
                "goals": ["running", "sprint"],
                "sessions": ["strength"],
                "sources": ["S001", "R7"],
            },
            {
                "slug": "side-hold",
                "name": "Side hold",
                "summary": "A side plank.",
                "category": "core",
                "pattern": "anti-lateral-flexion",
                "primary": ["obliques"],
                "position": "side-lying",
                "laterality": "one-side",
                "unit": "seconds",
                "per_side": True,
                "level": "beginner",
                "prescription": {
                    level: {"sets": 2, "seconds": [20, 30], "rest": 30, "source": "R7"}
                    for level in ("beginner", "intermediate", "advanced")
                },
                "steps": ["Lie on your side.", "Lift the hips."],
                "cues": ["Straight line."],
                "mistakes": ["Sagging: lift."],
                "breathing": "Keep breathing.",
                "loads": ["wrist-shoulder"],
                "goals": ["hip-health"],
                "sessions": ["strength"],
                "sources": ["R7"],
            },
        ],
    }


@pytest.fixture
def catalogue_data() -> dict[str, Any]:
    return copy.deepcopy(small_catalogue())


@pytest.fixture
def write_catalogue(tmp_path: Path):
    """Write catalogue data (a dict, or raw text/bytes) to a file and return its path."""

    def write(data: dict[str, Any] | str | bytes, name: str = "catalogue.toml") -> Path:
        path = tmp_path / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(tomli_w.dumps(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli():
    """Run hipcli in-process; returns (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from hipcli.cli import app

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        result = runner.invoke(app, list(args), env=env, prog_name="hipcli")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return run


def plan_requests():
    """Any plan request a person could make through the options."""
    from hypothesis import strategies as st

    from hipcli.models import EQUIPMENT, GOALS, LEVELS, LOAD_FLAGS, SESSION_TYPES
    from hipcli.plans import PlanRequest

    return st.builds(
        PlanRequest,
        level=st.sampled_from(LEVELS),
        goal=st.sampled_from(GOALS),
        session=st.sampled_from(SESSION_TYPES),
        equipment=st.lists(st.sampled_from(EQUIPMENT), unique=True).map(tuple),
        minutes=st.one_of(st.none(), st.integers(1, 120)),
        avoid=st.lists(st.sampled_from(LOAD_FLAGS), unique=True).map(tuple),
        seed=st.integers(0, 50),
    )


def no_traceback(text: str) -> bool:
    # A bug now ends in one "internal error" line instead of a traceback: still a bug.
    return "Traceback" not in text and 'File "' not in text and "internal error" not in text


sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
