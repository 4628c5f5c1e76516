"""The models behave as frozen dataclasses although their methods are shared and __init__ is written on first use."""

from __future__ import annotations

import dataclasses

import pytest

from hipcli.models import Catalogue, Prescription
from hipcli.plans import PlanRequest
from hipcli.planner import BLOCKS, build_plan


def test_a_built_model_cannot_be_changed(bundled: Catalogue) -> None:
    card = bundled.exercises[0]
    request = PlanRequest(level="beginner", goal="running")
    for value, name in ((card, "name"), (request, "level"), (BLOCKS["activation"], "title"), (card, "something_new")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, name, "changed")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(value, name)


def test_keyword_only_defaults_normalising_and_replace_work_as_dataclasses_do() -> None:
    request = PlanRequest(level="beginner", goal="running", equipment=("wall-or-chair", "mini-band", "mini-band"))
    assert request.equipment == ("mini-band", "wall-or-chair")  # __post_init__ ran
    assert request.session == "strength" and request.seed == 0  # defaults
    with pytest.raises(TypeError):
        PlanRequest("beginner", "running")  # type: ignore[misc]  # keyword-only
    with pytest.raises(TypeError):
        PlanRequest(level="beginner")  # type: ignore[call-arg]  # goal is required
    changed = dataclasses.replace(request, level="advanced")
    assert changed.level == "advanced" and changed.equipment == request.equipment
    assert changed != request and dataclasses.replace(changed, level="beginner") == request
    assert hash(dataclasses.replace(changed, level="beginner")) == hash(request)


def test_equal_models_are_equal_whole_plans_included(bundled: Catalogue) -> None:
    request = PlanRequest(level="intermediate", goal="glutes")
    assert build_plan(bundled, request) == build_plan(bundled, request)
    assert repr(Prescription(sets=(2, 3), reps=(8, 12), rest=60, source="R8")).startswith("Prescription(sets=(2, 3), reps=(8, 12)")
