"""A plan or a programme day as a Garmin FIT workout file, so the watch leads the session and times the rests.

The file holds the messages of the FIT protocol's workout file type (Garmin
FIT SDK, Profile.xlsx and the "Workout file" page of the SDK's cookbook):
``file_id`` (type workout), one ``workout`` (sport training, sub-sport
strength training) and its ``workout_step`` messages. Each exercise becomes

- one active step per set, or two for one-sided work (left, then right),
  ending after its reps (duration type reps; steps of a band walk count as
  reps) or after its time (duration type time), at the top of the plan's range,
  which is what hipcli logs as "done as prescribed";
- a rest step of the plan's rest;
- a repeat step back to the first of these, for the exercise's number of sets.

Every step carries a FIT exercise category (hip raise, hip stability, lunge,
plank, core, squat, warm-up, ...) picked by the card's family in
``CATEGORIES`` below: a convention of hipcli's, made by reading Garmin's
exercise lists, not something Garmin publishes for these cards.

The bytes come from Garmin's own encoder (``garmin-fit-sdk``), never written
by hand; it is imported only when a FIT file is written. ``workout_steps`` is
pure and shared with the activity importer, which maps a watch's sets back to
these steps by their index.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from ..errors import RequestError

# The card's family -> FIT exercise category. Families not listed fall back on the card's category (FALLBACK).
CATEGORIES = {
    "psoas-march": "leg_raise", "banded-leg-lift": "leg_raise", "banded-knee-drive": "leg_raise",
    "seated-leg-lift": "leg_raise", "kettlebell-march": "carry", "march-and-skip-drill": "plyo",
    "skater-bound": "plyo", "lateral-band-walk": "hip_stability", "monster-walk": "hip_stability",
    "clamshell": "hip_stability", "side-lying-hip-abduction": "hip_stability", "fire-hydrant": "hip_stability",
    "seated-banded-abduction": "hip_stability", "standing-banded-abduction": "hip_stability",
    "seated-hip-external-rotation": "hip_stability", "hip-hike": "hip_stability",
    "quadruped-hip-extension": "hip_stability", "standing-kickback": "hip_stability",
    "standing-adduction": "hip_stability", "side-plank": "plank", "copenhagen-adduction": "plank",
    "curtsy-lunge": "lunge", "lateral-step-up": "lunge", "split-squat": "lunge", "step-up": "lunge",
    "lateral-lunge": "lunge", "walking-lunge-rotation": "lunge", "bridge": "hip_raise", "squat": "squat",
    "hip-hinge": "deadlift", "pull-through": "deadlift", "nordic-curl": "leg_curl",
    "terminal-knee-extension": "banded_exercises", "bird-dog": "core", "curl-up": "crunch", "dead-bug": "core",
    "pallof-press": "core", "front-leg-swing": "warm_up", "side-leg-swing": "warm_up", "ninety-ninety": "warm_up",
    "hip-flexor-stretch": "warm_up", "figure-four-stretch": "warm_up", "adductor-stretch": "warm_up",
    "hamstring-stretch": "warm_up", "quad-stretch": "warm_up", "jog-in-place": "cardio", "lateral-shuffle": "cardio",
}
# Cards whose family's category would mislead (the gentlest Copenhagen level is no plank).
BY_SLUG = {"side-lying-adduction": "hip_stability"}
FALLBACK = {"activation": "hip_stability", "strength": "total_body", "core": "core", "mobility": "warm_up",
            "power": "plyo"}
# Names are cut here (longer than any card name, so the activity import can read them back); a watch
# scrolls or shortens what it cannot show.
NAME_LENGTH = 64

MISSING = "writing a FIT file needs Garmin's FIT SDK: pip install garmin-fit-sdk (or pip install 'hipcli[garmin]')"


@dataclass(frozen=True)
class Step:
    """One workout step; exercise steps know which plan item, set and side they stand for."""

    kind: str  # exercise | rest | repeat
    name: str = ""
    position: int = 0  # the item's place in the plan, from 0
    slug: str = ""
    side: str | None = None
    unit: str = "reps"  # reps | seconds | steps
    amount: int = 0  # reps, steps or seconds of an exercise step; seconds of a rest
    category: str = ""
    notes: str = ""
    repeat_from: int = 0  # a repeat step: the step to go back to ...
    repeat_times: int = 0  # ... and how many rounds in all


def category_of(card: Any) -> str:
    if card is None:
        return "total_body"
    if card.slug in BY_SLUG:
        return BY_SLUG[card.slug]
    return CATEGORIES.get(card.family_name, FALLBACK.get(card.category, "total_body"))


def workout_steps(plan: Any, catalogue: Any = None) -> list[Step]:
    """The steps of ``plan`` in order (``catalogue`` picks each card's category)."""
    from ..text import one_line
    from ..wording import band as band_words

    steps: list[Step] = []
    for position, item in enumerate(plan.items()):
        card = catalogue.by_slug.get(item.slug) if catalogue is not None else None
        low, high = item.amount
        amount = f"{low}-{high}" if low != high else f"{high}"
        band = f", band {band_words(item.band, plan.bands)}" if item.band else ""
        tempo = f", tempo {item.tempo}" if item.tempo else ""
        notes = one_line(f"{amount} {item.unit}{' per side' if item.per_side else ''}{band}{tempo}. {item.cue}")
        first = len(steps)
        for side in ("left", "right") if item.per_side else (None,):
            # The side stays on a long name: the activity import reads it back from there.
            suffix = "" if side is None else f" ({side})"
            label = one_line(item.name)[: NAME_LENGTH - len(suffix)].rstrip() + suffix
            steps.append(Step(
                kind="exercise", name=label, position=position, slug=item.slug, side=side,
                unit=item.unit, amount=high, category=category_of(card), notes=notes[:200],
            ))
        if item.rest:
            steps.append(Step(kind="rest", name="Rest", amount=item.rest))
        if item.sets > 1:
            steps.append(Step(kind="repeat", repeat_from=first, repeat_times=item.sets))
    return steps


def _sdk() -> Any:
    try:
        import garmin_fit_sdk
    except ImportError:
        raise RequestError(MISSING) from None
    return garmin_fit_sdk


def encode(plan: Any, *, title: str, catalogue: Any = None, created: datetime.datetime | None = None) -> bytes:
    """The FIT workout file's bytes for ``plan``, named ``title`` on the watch."""
    sdk = _sdk()
    steps = workout_steps(plan, catalogue)
    when = (created or datetime.datetime.now(datetime.timezone.utc)).astimezone(datetime.timezone.utc)
    mesg = sdk.Profile["mesg_num"]
    encoder = sdk.Encoder()
    # A serial number from the content: the same plan written twice is the same workout to the watch.
    serial = int.from_bytes(hashlib.sha256(repr(steps).encode()).digest()[:4], "big") or 1
    encoder.write_mesg({
        "mesg_num": mesg["FILE_ID"], "type": "workout", "manufacturer": "development", "product": 0,
        "serial_number": serial, "time_created": when.replace(microsecond=0),
    })
    encoder.write_mesg({
        "mesg_num": mesg["WORKOUT"], "wkt_name": title[:NAME_LENGTH], "sport": "training",
        "sub_sport": "strength_training", "num_valid_steps": len(steps),
    })
    for index, step in enumerate(steps):
        fields: dict[str, Any] = {"mesg_num": mesg["WORKOUT_STEP"], "message_index": index}
        if step.kind == "exercise":
            fields.update(
                wkt_step_name=step.name, intensity="active", target_type="open", notes=step.notes,
                exercise_category=step.category,
                # Time steps are in milliseconds on the wire (the profile's scale 1000 for duration_time).
                **({"duration_type": "time", "duration_value": step.amount * 1000} if step.unit == "seconds"
                   else {"duration_type": "reps", "duration_value": step.amount}),
            )
        elif step.kind == "rest":
            fields.update(wkt_step_name=step.name, intensity="rest", target_type="open", duration_type="time",
                          duration_value=step.amount * 1000)
        else:
            fields.update(duration_type="repeat_until_steps_cmplt", duration_value=step.repeat_from,
                          target_type="open", target_value=step.repeat_times)
        encoder.write_mesg(fields)
    return encoder.close()


def plan_title(plan: Any) -> str:
    request = plan.request
    kind = {"warmup": "Warm-up", "strength": "Hip strength", "mobility": "Hip mobility"}[request.session]
    return f"{kind} {request.level}"


def programme_day(document: Any, week: int, day: int) -> tuple[Any, str]:
    """(plan, title) of a programme's session ``day`` (from 1, in date order) of week ``week``."""
    from ..progression import session_plan

    weeks = document.weeks
    if not 1 <= week <= len(weeks):
        raise RequestError(f"--week {week}: the programme has weeks 1 to {len(weeks)}")
    sessions = weeks[week - 1].sessions
    if not 1 <= day <= len(sessions):
        raise RequestError(f"--day {day}: week {week} has sessions 1 to {len(sessions)}")
    session = sessions[day - 1]
    return session_plan(document.programme, session), f"W{week}D{day} {session.title}"


def document_plan(document: Any, *, week: int | None = None, day: int | None = None) -> tuple[Any, str]:
    """(plan, title on the watch) for a plan file, or for a programme file's --week/--day."""
    from ..plans import ProgrammeFile

    if isinstance(document, ProgrammeFile):
        if week is None or day is None:
            raise RequestError("a programme holds many sessions: choose one with --week N --day N for the FIT workout")
        return programme_day(document, week, day)
    if week is not None or day is not None:
        raise RequestError("--week and --day choose a programme's session; this is a single plan")
    plan = document.plan if hasattr(document, "plan") else document
    return plan, plan_title(plan)
