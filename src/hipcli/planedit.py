"""Editing a saved plan: swap, add or remove an exercise, or change its dose.

A clinician adjusting a plan for one person is the point, not a loophole: a
dose outside the card's prescription is allowed, and the file says so in the
item's ``override`` key (what differs from the card, and why if given), so
whoever reads the plan later sees it was deliberate. Checking the file warns
about such doses instead of refusing them.

Pure: takes and returns models; the command line reads and writes the file.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from . import wording as fmt
from .text import one_line
from .errors import NotFound, RequestError

if TYPE_CHECKING:
    from .models import Catalogue, Exercise
    from .plans import PlanFile, PlanItem


def _find(document: PlanFile, catalogue: Catalogue, name: str) -> tuple[int, int]:
    """(block index, item index) of the exercise ``name`` names in the plan."""
    from .catalogue import normalise

    key = normalise(name)
    slug = None
    try:
        from .catalogue import find_exercise

        slug = find_exercise(catalogue, name).slug
    except NotFound:
        pass
    for b, block in enumerate(document.plan.blocks):
        for i, item in enumerate(block.exercises):
            if item.slug == slug or normalise(item.slug) == key or normalise(item.name) == key:
                return b, i
    in_plan = ", ".join(item.slug for block in document.plan.blocks for item in block.exercises)
    raise NotFound(f"'{one_line(name)}' is not in this plan; it has {in_plan}")


def fresh_item(catalogue: Catalogue, exercise: Exercise, level: str, block_key: str, why: str) -> PlanItem:
    """The item the planner would write for this card at this level in this block."""
    from .planfile import WARMUP_DOSE_BLOCKS
    from .planner import make_item

    warm = block_key in WARMUP_DOSE_BLOCKS and exercise.warmup_dose is not None
    if not warm and not exercise.suits(level):
        raise RequestError(
            f"'{exercise.slug}' starts at {exercise.level}, above this plan's level ({level}); choose an easier variant"
        )
    dose = exercise.warmup_dose if warm else exercise.prescription[level]
    assert dose is not None
    return make_item(exercise, dose, dose.sets[0], why, level=level, warmup=warm)


def _replace_items(document: PlanFile, block_index: int, items: list[PlanItem]) -> PlanFile:
    plan = document.plan
    blocks = list(plan.blocks)
    blocks[block_index] = dataclasses.replace(blocks[block_index], exercises=tuple(items))
    blocks = [block for block in blocks if block.exercises]
    fields = {field.name: getattr(document, field.name) for field in dataclasses.fields(document)}
    fields["blocks"] = tuple(blocks)
    return type(document)(**fields)


def swap(document: PlanFile, catalogue: Catalogue, old: str, new: str) -> PlanFile:
    """The plan with ``old`` replaced, in its place, by ``new`` at the card's dose for the plan's level."""
    from .catalogue import find_exercise

    b, i = _find(document, catalogue, old)
    exercise = find_exercise(catalogue, new)
    _not_twice(document, exercise.slug)
    block = document.plan.blocks[b]
    items = list(block.exercises)
    items[i] = fresh_item(catalogue, exercise, document.plan.request.level, block.key, f"swapped in by hand for {items[i].slug}")
    return _replace_items(document, b, items)


def add(document: PlanFile, catalogue: Catalogue, name: str, block_key: str | None = None) -> PlanFile:
    """The plan with ``name`` added at the end of the block it belongs to (or ``block_key``)."""
    from .catalogue import find_exercise
    from .planner import block_admits

    exercise = find_exercise(catalogue, name)
    _not_twice(document, exercise.slug)
    keys = [block.key for block in document.plan.blocks]
    if block_key is not None:
        if block_key not in keys:
            raise RequestError(f"--block: '{one_line(block_key)}' is not a block of this plan; it has {', '.join(keys)}")
        index = keys.index(block_key)
    else:
        fits = [index for index, key in enumerate(keys) if block_admits(key, exercise)]
        if not fits:
            raise RequestError(
                f"'{exercise.slug}' fits none of this plan's blocks by its pattern; name one with --block "
                f"({', '.join(keys)})"
            )
        index = fits[0]
    block = document.plan.blocks[index]
    item = fresh_item(catalogue, exercise, document.plan.request.level, block.key, "added by hand")
    return _replace_items(document, index, [*block.exercises, item])


def remove(document: PlanFile, catalogue: Catalogue, name: str) -> PlanFile:
    """The plan without ``name`` (a block left empty goes too)."""
    b, i = _find(document, catalogue, name)
    items = list(document.plan.blocks[b].exercises)
    del items[i]
    if not items and sum(len(block.exercises) for block in document.plan.blocks) == 1:
        raise RequestError("that is the plan's only exercise; a plan needs at least one")
    return _replace_items(document, b, items)


def _not_twice(document: PlanFile, slug: str) -> None:
    if any(item.slug == slug for block in document.plan.blocks for item in block.exercises):
        raise RequestError(f"'{slug}' is already in this plan")


def set_dose(
    document: PlanFile,
    catalogue: Catalogue,
    name: str,
    *,
    sets: int | None = None,
    amount: tuple[int, int] | None = None,
    rest: int | None = None,
    band: str | None = None,
    reason: str | None = None,
) -> tuple[PlanFile, list[str]]:
    """The plan with one exercise's dose changed, and what now differs from the card (marked in ``override``)."""
    from .plans import PlanItem

    b, i = _find(document, catalogue, name)
    block = document.plan.blocks[b]
    item = block.exercises[i]
    changes: dict[str, object] = {}
    if sets is not None:
        changes["sets"] = sets
    if amount is not None:
        changes[item.unit] = amount
    if rest is not None:
        changes["rest"] = rest
    if band is not None:
        changes["band"] = band_level(band, document)
    if not changes:
        raise RequestError("say what to change: --sets, --reps (or --seconds, --steps), --rest or --band")
    data = {field.name: getattr(item, field.name) for field in dataclasses.fields(item)}
    data.update(changes)
    edited = PlanItem(**data)
    outside = outside_prescription(edited, block.key, document.plan.request.level, catalogue)
    override = None
    if outside:
        override = "; ".join(outside) + (f"; {reason}" if reason else "; set by hand")
    edited = dataclasses.replace(edited, override=override)
    items = list(block.exercises)
    items[i] = edited
    return _replace_items(document, b, items), outside


def band_level(value: str, document: PlanFile | None = None, colours: dict[str, str] | None = None) -> str:
    """A band level from a level or a colour on the plan's chart ('green' -> 'medium')."""
    from .choices import match_in
    from .models import BAND_LEVELS

    chart = colours if colours is not None else (document.plan.bands.colours if document and document.plan.bands else {})
    by_colour = {colour.lower(): level for level, colour in chart.items()}
    if value.strip().lower() in by_colour:
        return by_colour[value.strip().lower()]
    try:
        return match_in(value, BAND_LEVELS, "a band level")
    except RequestError:
        known = ", ".join(f"{colour} ({level})" for level, colour in chart.items())
        raise RequestError(
            f"'{one_line(value)}' is not a band level ({', '.join(BAND_LEVELS)})" + (f" or a colour on the chart: {known}" if known else "")
        ) from None


def outside_prescription(item: PlanItem, block_key: str, level: str, catalogue: Catalogue) -> list[str]:
    """How an item's dose differs from its card's prescription for the level, one phrase each; [] if it fits."""
    from .planfile import WARMUP_DOSE_BLOCKS
    from .models import BAND_LEVELS

    exercise = catalogue.get(item.slug)
    if exercise is None:
        return []
    warm = block_key in WARMUP_DOSE_BLOCKS and exercise.warmup_dose is not None
    if not warm and level not in exercise.prescription:
        return []
    dose = exercise.warmup_dose if warm else exercise.prescription[level]
    assert dose is not None
    named = "warm-up dose" if warm else f"{level} prescription"
    found = []
    if item.sets > dose.sets[1]:
        found.append(f"sets {item.sets} is above the {named} ({fmt.span(*dose.sets)})")
    low, high = dose.amount
    if item.unit == exercise.unit and (item.amount[0] < low or item.amount[1] > high):
        found.append(f"{item.unit} {fmt.span(*item.amount)} is outside the {named} ({fmt.span(low, high)})")
    if item.rest < dose.rest:
        found.append(f"rest {item.rest} s is shorter than the {named} ({dose.rest} s)")
    if item.band and dose.band and BAND_LEVELS.index(item.band) > BAND_LEVELS.index(dose.band):
        found.append(f"band {item.band} is heavier than the {named} ({dose.band})")
    return found
