"""The planner: rules that turn a request and a catalogue into a session.

``build_plan(catalogue, request) -> Plan``. No I/O and no printing. Every rule
and its source is listed in docs/rules.md, where rules marked [C] are
convention, not evidence; ``--explain`` names the block and rules behind each
choice.

How a session is built:

1. The session type and goal give an ordered list of *slots*, most important
   first (``RECIPES``). A strength session always has a hip-flexor and a
   hip-abductor slot; the rest are filled as time and volume allow.
2. For each slot the best-scoring exercise that fits the person is chosen:
   their level, their kit, nothing they asked to avoid, never one already in
   the session, and always one that serves the block's purpose.
3. Each exercise starts at the bottom of its level's set range; if the
   session still fits the time budget and the level's volume bounds, sets go
   up towards the top of the range, most important exercise first.
4. Blocks are printed in a fixed, sound order (``BLOCK_ORDER``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import formatting as fmt
from .errors import PlanError, RequestError
from .ladder import dose_seconds, eligible
from .models import (
    LEVELS,
    BandLegend,
    Block,
    Catalogue,
    Exercise,
    Model,
    Plan,
    PlanItem,
    PlanRequest,
    Prescription,
)

if TYPE_CHECKING:
    import random

# --- goals, defaults and bounds ------------------------------------------------------


GOAL_INFO: dict[str, tuple[str, str, str]] = {
    # goal: (emphasis, why, sources)
    "running": (
        "hip abductors and rotators, single-leg control, hip-flexor marches",
        "Runners with iliotibial band syndrome had weaker abductors and improved with hip strengthening, and high "
        "eccentric abduction strength went with less knee pain in new runners (observational). A self-directed "
        "programme did not reduce marathon injuries, so hipcli makes no prevention claim.",
        "R17",
    ),
    "sprint": (
        "hip-flexor strength, adductor strength and fast potentiation drills",
        "Eight weeks of hip-flexor training improved sprint and shuttle times in active adults, and the "
        "Copenhagen adduction programme went with fewer groin problems in footballers.",
        "R18",
    ),
    "glutes": (
        "bridges and hip thrusts, split squats, single-leg hinges, side-lying abduction",
        "EMG studies rank side-lying abduction, single-leg bridges and quadruped hip extension among the "
        "exercises that work the glutes hardest relative to the tensor fasciae latae.",
        "R19",
    ),
    "hip-health": (
        "every plane of the hip: flexion, extension, abduction, adduction and rotation, plus the trunk",
        "A balanced programme trains all the muscles around the hip, adductors included, two to three days a week.",
        "R20",
    ),
    "desk": (
        "short sessions: hip-flexor strength and stretching, glutes, and standing breaks",
        "Breaking up long sitting helps, and stretching the hip flexors lets the hip extend further; the claims that "
        "marches fix pelvic tilt are not verified.",
        "R21",
    ),
}

DEFAULT_MINUTES = {"strength": 30, "warmup": 8, "mobility": 10}

# Upper bounds on a session's working sets and exercises, by level [C]: R7's
# 2-4 sets per exercise over 4-8 exercises, the range hip programmes use (R14).
VOLUME = {
    "beginner": {"sets": 14, "exercises": 6},
    "intermediate": {"sets": 20, "exercises": 8},
    "advanced": {"sets": 26, "exercises": 9},
}
WARMUP_VOLUME = {"sets": 8, "exercises": 6}


# --- blocks ---------------------------------------------------------------------


@dataclass(eq=False, repr=False)  # immutable, with eq and repr from Model
class BlockSpec(Model):
    title: str
    purpose: str
    source: str
    session: str  # the session type a card must list to serve in this block
    patterns: frozenset[str] = frozenset()  # any of these movement patterns (empty: any)
    groups: frozenset[str] = frozenset()  # a prime mover from one of these groups (empty: any)
    categories: frozenset[str] = frozenset()  # any of these categories (empty: any)
    phase: str | None = None  # RAMP warm-up phase
    static: bool | None = None  # True: static stretches only; False: no static stretches
    warmup_dose: bool = False  # use the card's warm-up dose, not the level's prescription
    prefer: frozenset[str] = frozenset()  # movement patterns that suit the block best

    def admits(self, exercise: Exercise) -> bool:
        if self.session not in exercise.sessions:
            return False
        if self.patterns and exercise.pattern not in self.patterns:
            return False
        if self.groups and not any(exercise.trains(group, secondary=False) for group in self.groups):
            return False
        if self.categories and exercise.category not in self.categories:
            return False
        if self.phase is not None and exercise.warmup_phase != self.phase:
            return False
        if self.static is not None and exercise.is_static_stretch != self.static:
            return False
        return not (self.warmup_dose and exercise.warmup_dose is None)


STRENGTH_KINDS = frozenset({"strength", "activation", "core"})

BLOCKS: dict[str, BlockSpec] = {
    "activation": BlockSpec(
        "Activation",
        "Wake up the glutes and hip muscles with light band work before loading them.",
        "R4, R9",
        session="warmup",
        groups=frozenset({"glutes", "hip-abductors", "hip-flexors"}),
        phase="activate",
        warmup_dose=True,
    ),
    "extensors": BlockSpec(
        "Hip extensors and glutes",
        "Multi-joint hip extension, squat and lunge work first, while you are fresh.",
        "R5, R19",
        session="strength",
        patterns=frozenset({"hip-extension", "hinge", "squat", "lunge", "knee-flexion"}),
        groups=frozenset({"glutes", "hip-extensors"}),
        categories=STRENGTH_KINDS,
    ),
    "hip-flexors": BlockSpec(
        "Hip flexors",
        "Strengthen the muscles that lift the thigh: psoas, iliacus, rectus femoris and friends.",
        "R5, R17, R18",
        session="strength",
        patterns=frozenset({"hip-flexion"}),
        groups=frozenset({"hip-flexors"}),
        categories=STRENGTH_KINDS,
    ),
    "hip-abductors": BlockSpec(
        "Hip abductors",
        "Strengthen gluteus medius and minimus, which hold the pelvis level on one leg.",
        "R5, R17, R19",
        session="strength",
        patterns=frozenset({"hip-abduction", "hip-rotation", "single-leg-stability"}),
        groups=frozenset({"hip-abductors"}),
        categories=STRENGTH_KINDS,
    ),
    "adductors": BlockSpec(
        "Adductors",
        "Strengthen the inner thigh, so the hip is strong in every direction.",
        "R18, R20",
        session="strength",
        patterns=frozenset({"hip-adduction"}),
        groups=frozenset({"adductors"}),
        categories=STRENGTH_KINDS,
    ),
    "core": BlockSpec(
        "Core and stability",
        "Trunk control against arching, twisting and side-bending; last, so a tired trunk does not limit the hip work.",
        "R5, R24",
        session="strength",
        groups=frozenset({"core"}),
        categories=frozenset({"core"}),
    ),
    "cooldown": BlockSpec(
        "Cool-down stretch",
        "A static stretch for muscles that shorten with sitting, after the work is done.",
        "R6, R21",
        session="mobility",
        categories=frozenset({"mobility"}),
        static=True,
    ),
    "raise": BlockSpec(
        "Raise",
        "Easy movement to raise heart rate and body temperature.",
        "R4",
        session="warmup",
        phase="raise",
        prefer=frozenset({"locomotion"}),
        warmup_dose=True,
    ),
    "activate": BlockSpec(
        "Activate and mobilise",
        "Switch on the hip muscles with bands and take the hips through their range.",
        "R4",
        session="warmup",
        phase="activate",
        warmup_dose=True,
    ),
    "mobilise": BlockSpec(
        "Activate and mobilise",
        "Switch on the hip muscles with bands and take the hips through their range.",
        "R4, R6",
        session="warmup",
        phase="mobilise",
        static=False,
        warmup_dose=True,
    ),
    "potentiate": BlockSpec(
        "Potentiate",
        "Faster, goal-specific drills to get ready for the run, the sprint or the session ahead.",
        "R4, R18",
        session="warmup",
        phase="potentiate",
        warmup_dose=True,
    ),
    "dynamic": BlockSpec(
        "Dynamic mobility",
        "Move the hips through their full range under control.",
        "R4, R6",
        session="mobility",
        categories=frozenset({"mobility"}),
        static=False,
    ),
    "stretch": BlockSpec(
        "Stretches",
        "Hold static stretches for the hip flexors and glutes: 20-30 s, repeated.",
        "R6, R21",
        session="mobility",
        categories=frozenset({"mobility"}),
        static=True,
    ),
}

# Where a block's exercises go in the printed session (R4, R5, R6).
BLOCK_ORDER = (
    "raise",
    "activate",
    "mobilise",
    "potentiate",
    "activation",
    "extensors",
    "hip-flexors",
    "hip-abductors",
    "adductors",
    "core",
    "dynamic",
    "stretch",
    "cooldown",
)
# "activate" and "mobilise" print as one RAMP block.
PRINTED_AS = {"mobilise": "activate"}


def block_admits(key: str, exercise: Exercise) -> bool:
    """Whether an exercise serves a printed block (which may join two specs)."""
    return any(spec.admits(exercise) for name, spec in BLOCKS.items() if PRINTED_AS.get(name, name) == key)

REQUIRED = {"strength": ("hip-flexors", "hip-abductors"), "warmup": ("raise", "activate"), "mobility": ("stretch",)}

# Slots in priority order per session type and goal; a block named twice gets
# a second exercise when time allows.
RECIPES: dict[str, dict[str, tuple[str, ...]]] = {
    "strength": {
        "running": ("hip-flexors", "hip-abductors", "activation", "extensors", "core", "hip-abductors",
                    "adductors", "hip-flexors", "extensors", "core"),
        "sprint": ("hip-flexors", "hip-abductors", "activation", "adductors", "extensors", "hip-flexors",
                   "core", "adductors", "extensors"),
        "glutes": ("hip-flexors", "hip-abductors", "extensors", "activation", "extensors", "hip-abductors",
                   "core", "extensors", "adductors"),
        "hip-health": ("hip-flexors", "hip-abductors", "activation", "extensors", "adductors", "core",
                       "hip-abductors", "hip-flexors", "extensors"),
        "desk": ("hip-flexors", "hip-abductors", "cooldown", "extensors", "activation", "core",
                 "hip-flexors", "hip-abductors"),
    },
    "warmup": {
        goal: ("raise", "activate", "mobilise", "potentiate", "activate", "mobilise", "potentiate")
        for goal in ("running", "sprint", "glutes", "hip-health", "desk")
    },
    "mobility": {
        goal: ("stretch", "dynamic", "stretch", "dynamic", "stretch", "stretch")
        for goal in ("running", "sprint", "glutes", "hip-health", "desk")
    },
}


# --- doses and time ---------------------------------------------------------------


def item_seconds(item: PlanItem) -> int:
    return dose_seconds(item.unit, item.amount[1], item.per_side, item.sets, item.rest, item.tempo)


def block_seconds(block: Block) -> int:
    return sum(item_seconds(item) for item in block.exercises)


def plan_seconds(plan: Plan) -> int:
    return sum(block_seconds(block) for block in plan.blocks)


def dose_for(exercise: Exercise, level: str, *, warmup: bool) -> Prescription:
    if warmup and exercise.warmup_dose is not None:
        return exercise.warmup_dose
    return exercise.prescription[level]


def key_cue(exercise: Exercise) -> str:
    """The first cue short enough to read mid-set; else the shortest."""
    return next((cue for cue in exercise.cues if len(cue) <= 80), min(exercise.cues, key=len))


def make_item(exercise: Exercise, dose: Prescription, sets: int, why: str | None = None) -> PlanItem:
    return PlanItem(
        slug=exercise.slug,
        name=exercise.name,
        sets=sets,
        **{exercise.unit: dose.amount},
        per_side=exercise.per_side,
        rest=dose.rest,
        tempo=dose.tempo,
        band=dose.band,
        cue=key_cue(exercise),
        why=why,
    )


# --- choosing ---------------------------------------------------------------------


def _score(spec: BlockSpec, exercise: Exercise, request: PlanRequest, chosen: _Chosen, jitter: float) -> float:
    score = 2.0 if exercise.pattern in spec.prefer else 0.0
    if request.goal in exercise.goals:
        score += 3
    # The closer the card's level is to the person's, the better the challenge.
    score -= 1.5 * (LEVELS.index(request.level) - LEVELS.index(exercise.level))
    if any(source.startswith("S") and source[1:].isdigit() for source in exercise.sources):
        score += 0.5  # the articles the catalogue starts from: fully described cards
    if exercise.slug in chosen.linked or chosen.slugs.intersection(exercise.easier, exercise.harder):
        score -= 4  # an easier or harder version of something already in the session
    if exercise.pattern in chosen.patterns:
        score -= 1  # variety: a different movement where one serves the block as well
    if chosen.possible.intersection(exercise.harder):
        score -= 1  # a regression: its harder variant also fits this person
    return score + jitter


class _Chosen:
    """What the session holds so far (and what the person could do), as sets, so scoring is quick."""

    def __init__(self, chosen: list[Exercise], possible: set[str]) -> None:
        self.possible = possible
        self.slugs = {exercise.slug for exercise in chosen}
        self.linked = {slug for exercise in chosen for slug in (*exercise.easier, *exercise.harder)}
        self.patterns = {exercise.pattern for exercise in chosen}


def _ranked(
    spec: BlockSpec,
    admitted: list[Exercise],
    request: PlanRequest,
    chosen: list[Exercise],
    rng: random.Random | None,
    possible: set[str],
) -> list[Exercise]:
    """The block's candidates (those it admits), best first."""
    so_far = _Chosen(chosen, possible)
    fitting = [exercise for exercise in admitted if exercise.slug not in so_far.slugs]
    # A seed of 0 means "the best plan"; any other seed shuffles near-equal choices.
    scored = [
        (_score(spec, exercise, request, so_far, rng.uniform(0, 2.5) if rng else 0.0), exercise.slug, exercise)
        for exercise in fitting
    ]
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    return [exercise for _, _, exercise in scored]


def _why(block: str, exercise: Exercise, request: PlanRequest, dose: Prescription, warmup: bool) -> str:
    """One line: block and rule, what it trains, why it suits the person, where the dose comes from."""
    spec = BLOCKS[block]
    goal = (
        f"; serves {request.goal} ({GOAL_INFO[request.goal][2]})" if request.goal in exercise.goals else ""
    )
    dose_name = "warm-up dose" if warmup else f"{request.level} dose"
    return (
        f"{spec.title} block ({spec.source}); trains {fmt.labels(exercise.primary)}; "
        f"{exercise.level} and up, fits {request.level} (R1){goal}; {dose_name} from {dose.source}"
    )


@dataclass(eq=False)
class _Slot:
    block: str
    exercise: Exercise
    dose: Prescription
    sets: int
    warmup: bool

    @property
    def seconds(self) -> int:
        dose, exercise = self.dose, self.exercise
        return dose_seconds(exercise.unit, dose.amount[1], exercise.per_side, self.sets, dose.rest, dose.tempo)


def _seconds(slots: list[_Slot]) -> int:
    return sum(slot.seconds for slot in slots)


def normalise_request(request: PlanRequest) -> PlanRequest:
    """Fill in the session's default time budget when none was given."""
    if request.minutes:
        return request
    return dataclasses.replace(request, minutes=DEFAULT_MINUTES[request.session])


def build_plan(catalogue: Catalogue, request: PlanRequest) -> Plan:
    """Build one session, or raise ``PlanError`` saying what to change."""
    request = normalise_request(request)
    if request.session not in RECIPES or request.goal not in RECIPES[request.session]:
        raise RequestError(f"unknown session '{request.session}' or goal '{request.goal}'")
    recipe = RECIPES[request.session][request.goal]
    required = REQUIRED[request.session]
    budget = request.minutes * 60
    limits = VOLUME[request.level] if request.session == "strength" else WARMUP_VOLUME
    candidates = [exercise for exercise in catalogue.exercises if eligible(exercise, request)]
    possible = {exercise.slug for exercise in candidates}
    if request.seed:
        import random

        rng: random.Random | None = random.Random(f"{request.seed}")
    else:
        rng = None

    admitted = {
        block: [exercise for exercise in candidates if BLOCKS[block].admits(exercise)] for block in dict.fromkeys(recipe)
    }
    # Leave room for the required blocks still to come at their shortest.
    shortest = {block: _shortest(block, admitted[block], request) for block in required}
    slots: list[_Slot] = []
    for block in recipe:
        spec = BLOCKS[block]
        is_required = block in required and not any(slot.block == block for slot in slots)
        later = required[required.index(block) + 1 :] if is_required else ()
        reserve = sum(shortest[name] for name in later)
        ranked = _ranked(spec, admitted[block], request, [slot.exercise for slot in slots], rng, possible)
        if not ranked:
            if is_required:
                raise PlanError(_no_exercise_message(block, request))
            continue
        # The best candidate that still fits the time and volume left.
        for exercise in ranked:
            trial = slots + [_lowest(block, exercise, request)]
            if (
                _seconds(trial) + reserve <= budget
                and len(trial) <= limits["exercises"]
                and sum(slot.sets for slot in trial) <= limits["sets"]
            ):
                slots = trial
                break
        else:
            if is_required:
                raise PlanError(_too_short_message(request, sum(shortest.values())))

    # More sets, most important exercise first, while time and volume allow.
    grew = True
    while grew:
        grew = False
        for slot in slots:
            if slot.sets >= slot.dose.sets[1]:
                continue
            slot.sets += 1
            if _seconds(slots) <= budget and sum(s.sets for s in slots) <= limits["sets"]:
                grew = True
            else:
                slot.sets -= 1

    blocks = []
    for block in BLOCK_ORDER:
        members = [slot for slot in slots if PRINTED_AS.get(slot.block, slot.block) == block]
        if not members:
            continue
        spec = BLOCKS[block]
        items = tuple(
            make_item(slot.exercise, slot.dose, slot.sets, _why(slot.block, slot.exercise, request, slot.dose, slot.warmup))
            for slot in members
        )
        blocks.append(Block(key=block, title=spec.title, purpose=spec.purpose, exercises=items))
    chosen = [slot.exercise for slot in slots]
    return Plan(
        request=request,
        blocks=tuple(blocks),
        bands=band_legend(catalogue) if any(exercise.uses_band for exercise in chosen) else None,
        safety=safety_notes(catalogue, request, chosen),
    )


def band_legend(catalogue: Catalogue) -> BandLegend:
    chart = catalogue.charts[catalogue.default_chart]
    return BandLegend(chart=chart.name, colours=dict(chart.colours))


def _no_exercise_message(block: str, request: PlanRequest) -> str:
    kit = ",".join(request.equipment) or "none"
    avoid = f" and --avoid {','.join(request.avoid)}" if request.avoid else ""
    return (
        f"no {BLOCKS[block].title.lower()} exercise fits {_a(request.level)} {request.level} {request.session} session "
        f"with --equipment {kit}{avoid}; add kit (for example --equipment {kit if kit != 'none' else ''}"
        f"{',' if kit != 'none' else ''}mini-band) or avoid less"
    )


def _shortest(block: str, admitted: list[Exercise], request: PlanRequest) -> int:
    """Seconds the block's quickest exercise takes at its lowest dose."""
    return min((_lowest(block, exercise, request).seconds for exercise in admitted), default=0)


def _lowest(block: str, exercise: Exercise, request: PlanRequest) -> _Slot:
    """The exercise in this block at the bottom of its set range."""
    warmup = BLOCKS[block].warmup_dose
    dose = dose_for(exercise, request.level, warmup=warmup)
    return _Slot(block, exercise, dose, dose.sets[0], warmup)


def _too_short_message(request: PlanRequest, needed: int) -> str:
    """Say how many minutes the required blocks need at their shortest."""
    minutes = -(-needed // 60)
    names = " and ".join(BLOCKS[block].title.lower() for block in REQUIRED[request.session])
    shorter = " or --session warmup for a short warm-up" if request.session == "strength" else ""
    return (
        f"{request.minutes} minutes is too short for {_a(request.level)} {request.level} {request.session} session: "
        f"its {names} need at least {minutes} minutes at the lowest dose; use --minutes {minutes} or more{shorter}"
    )


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def safety_notes(catalogue: Catalogue, request: PlanRequest, exercises: list[Exercise]) -> tuple[str, ...]:
    notes = [
        "Stop any exercise that causes pain; discomfort from effort is expected, pain is not (R22).",
        "Stop and get medical help for chest pain, dizziness or faintness, unusual breathlessness or an "
        "irregular heartbeat (R22).",
        "With a hip, back or knee injury, see a physiotherapist or doctor before starting (S001, R24).",
        "Breathe out on the effort and never hold your breath (R23).",
    ]
    if any(exercise.uses_band for exercise in exercises):
        notes.append("Check each band for nicks and tears before use, and anchor long bands to something solid (R25).")
    if request.avoid:
        notes.append(
            f"You asked to avoid {', '.join(fmt.label(flag) for flag in request.avoid)} load: exercises with that flag "
            "are left out. The flags follow R24 and are partly convention, so stop anything that still hurts."
        )
    return tuple(notes)


def alternatives(
    catalogue: Catalogue, exercise: Exercise, request: PlanRequest, *, limit: int = 4
) -> list[tuple[Exercise, str]]:
    """Up to ``limit`` substitutes serving the same purpose, best first, with the reason."""
    options = []
    for other in catalogue.exercises:
        if other.slug == exercise.slug:
            continue
        if not (
            other.suits(request.level)
            and set(other.equipment) <= set(request.equipment)
            and not set(other.loads) & set(request.avoid)
        ):
            continue
        shared_groups = set(other.groups()) & set(exercise.groups())
        same_pattern = other.pattern == exercise.pattern
        if not (same_pattern or shared_groups):
            continue
        muscles_a, muscles_b = set(exercise.primary), set(other.primary)
        overlap = len(muscles_a & muscles_b) / len(muscles_a | muscles_b)
        score = 4 * same_pattern + 3 * overlap + len(shared_groups)
        score += 1 if other.category == exercise.category else 0
        score += 1 if set(other.sessions) & set(exercise.sessions) else 0
        linked = other.slug in exercise.easier or other.slug in exercise.harder
        score += 1.5 if linked else 0
        score -= 0.5 * abs(LEVELS.index(other.level) - LEVELS.index(exercise.level))
        reasons = []
        if same_pattern:
            reasons.append(f"same pattern ({fmt.label(other.pattern)})")
        if shared_groups:
            reasons.append(f"trains the {fmt.labels(sorted(shared_groups))}")
        if other.slug in exercise.easier:
            reasons.append("an easier variant")
        if other.slug in exercise.harder:
            reasons.append("a harder variant")
        options.append((score, other.slug, other, "; ".join(reasons)))
    options.sort(key=lambda entry: (-entry[0], entry[1]))
    return [(other, reason) for _, _, other, reason in options[:limit]]
