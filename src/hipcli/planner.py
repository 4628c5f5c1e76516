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
from collections.abc import Callable
from dataclasses import dataclass

from . import wording as fmt
from .pain import GROIN_PAIN_LIMIT, PAIN_LIMIT, SAFE_PAIN
from .errors import PlanError, RequestError
from .ladder import dose_seconds, eligible, protocol
from .models import (
    LEVELS,
    LOAD_FLAGS,
    PRECAUTION_POSITIONS,
    BandLegend,
    Block,
    Catalogue,
    Exercise,
    Model,
    Plan,
    PlanItem,
    PlanRequest,
    Prescription,
    model,
)

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


@model(kw_only=False)
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
    positions: frozenset[str] = frozenset()  # any of these body positions (empty: any)

    def admits(self, exercise: Exercise) -> bool:
        if self.session not in exercise.sessions:
            return False
        if self.positions and exercise.position not in self.positions:
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
    # A bridge or hip thrust: the glutes goal's main lift (R19). Printed with the extensors.
    "bridge": BlockSpec(
        "Hip extensors and glutes",
        "A bridge or hip thrust: the glutes' main lift, first while you are fresh.",
        "R5, R19",
        session="strength",
        patterns=frozenset({"hip-extension"}),
        groups=frozenset({"glutes"}),
        categories=STRENGTH_KINDS,
        positions=frozenset({"supine"}),
    ),
    # Work for the rotators (the transverse plane); printed with the abductors.
    "rotators": BlockSpec(
        "Hip abductors",
        "Strengthen gluteus medius and minimus, which hold the pelvis level on one leg.",
        "R19, R20",
        session="strength",
        patterns=frozenset({"hip-rotation"}),
        groups=frozenset({"glutes", "hip-rotators"}),
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
        # The hip flexors shorten with sitting; stretching them restores hip extension (R21, Winters 2004).
        prefer=frozenset({"hip-extension"}),
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
# Specs printed under another block's heading: "activate" and "mobilise" are
# one RAMP block; a bridge is extensor work; rotator work sits with the abductors.
PRINTED_AS = {"mobilise": "activate", "bridge": "extensors", "rotators": "hip-abductors"}


def block_admits(key: str, exercise: Exercise) -> bool:
    """Whether an exercise serves a printed block (which may join two specs)."""
    return any(spec.admits(exercise) for name, spec in BLOCKS.items() if PRINTED_AS.get(name, name) == key)


# --- goals: the planes each must cover -------------------------------------------------------

# The planes a session for each goal must cover, most important first (issue
# rules from R17-R21). Each plane is filled from the block of the same name.
PLANES: dict[str, dict[str, tuple[str, ...]]] = {
    "strength": {
        "running": ("hip-flexors", "hip-abductors", "adductors", "extensors"),  # R17, S004
        "sprint": ("hip-flexors", "adductors", "extensors"),  # R18
        "glutes": ("bridge", "hip-abductors"),  # R19
        "hip-health": ("hip-flexors", "extensors", "hip-abductors", "adductors", "core"),  # R20
        "desk": ("hip-flexors", "extensors", "cooldown"),  # R21: hip flexors, glutes and a stretch
    },
    "warmup": {
        goal: ("raise", "activate", "potentiate") if goal in ("running", "sprint") else ("raise", "activate")
        for goal in ("running", "sprint", "glutes", "hip-health", "desk")
    },
    "mobility": {
        goal: ("stretch",) for goal in ("running", "sprint", "glutes", "hip-health", "desk")
    },
}
PLANE_NAMES = {
    "hip-flexors": "hip flexors",
    "hip-abductors": "hip abductors",
    "adductors": "adductors",
    "extensors": "hip extensors and glutes",
    "bridge": "a bridge or hip-thrust lift",
    "rotators": "hip rotators",
    "core": "core",
    "cooldown": "a stretch",
    "raise": "raise",
    "activate": "activation",
    "potentiate": "potentiation",
    "stretch": "a static stretch",
}
# What else a session holds when time and volume allow, in order; only cards
# that serve the goal (goal fit is a rule for these).
EXTRAS: dict[str, dict[str, tuple[str, ...]]] = {
    "strength": {
        "running": ("activation", "core", "hip-abductors", "extensors", "hip-flexors"),
        "sprint": ("activation", "hip-abductors", "core", "extensors", "adductors"),
        "glutes": ("activation", "extensors", "hip-abductors", "core", "extensors", "adductors"),
        "hip-health": ("rotators", "activation", "hip-abductors", "extensors", "hip-flexors"),
        "desk": ("activation", "core", "hip-abductors"),
    },
    "warmup": {
        goal: ("mobilise", "activate", "potentiate", "mobilise")
        for goal in ("running", "sprint", "glutes", "hip-health", "desk")
    },
    "mobility": {
        goal: ("dynamic", "stretch", "dynamic", "stretch", "stretch")
        for goal in ("running", "sprint", "glutes", "hip-health", "desk")
    },
}
# Kept for readers of the old layout: every slot in order.
RECIPES = {
    session: {goal: PLANES[session][goal] + EXTRAS[session][goal] for goal in PLANES[session]} for session in PLANES
}
MAX_HIP_FLEXION = 2  # per session: more marches add little and crowd out other planes
KNEE_DOMINANT = frozenset({"squat", "lunge", "single-leg-stability"})
HIP_DOMINANT = frozenset({"hinge", "hip-extension", "knee-flexion"})


def covers(plane: str, exercise: Exercise) -> bool:
    """Whether a card, done at its strength dose, covers a goal's plane."""
    return BLOCKS[plane].admits(exercise)


def planes_covered(catalogue: Catalogue, plan: Plan) -> set[str]:
    """The planes a plan covers with full-dose work (activation at a warm-up dose does not count)."""
    covered = set()
    goal_planes = PLANES[plan.request.session][plan.request.goal]
    for block in plan.blocks:
        if block.key == "activation" and plan.request.session == "strength":
            continue
        for item in block.exercises:
            exercise = catalogue.get(item.slug)
            if exercise is None:
                continue
            covered |= {plane for plane in goal_planes if covers(plane, exercise)}
    return covered


# --- doses, effort and time ---------------------------------------------------------------


def item_seconds(item: PlanItem) -> int:
    return dose_seconds(item.unit, item.amount[1], item.per_side, item.sets, item.rest, item.tempo)


def block_seconds(block: Block) -> int:
    return sum(item_seconds(item) for item in block.exercises)


def plan_seconds(plan: Plan) -> int:
    return sum(block_seconds(block) for block in plan.blocks)


def share_minutes(seconds: list[int]) -> tuple[int, list[int]]:
    """Whole minutes for the total (rounded up) and for each part, adding up to the total.

    Each part gets its minutes rounded down, and the minutes left go to the
    parts with the largest remainders, so no part is off by a whole minute.
    """
    total = -(-sum(seconds) // 60)
    parts = [value // 60 for value in seconds]
    left = total - sum(parts)
    order = sorted(range(len(seconds)), key=lambda index: (-(seconds[index] % 60), index))
    for index in order[:left]:
        parts[index] += 1
    return total, parts


def timed_blocks(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], int, int]:
    """Blocks with their estimated times filled in, and the total in seconds and minutes."""
    filled = []
    for block in blocks:
        items = tuple(dataclasses.replace(item, time_seconds=item_seconds(item)) for item in block.exercises)
        filled.append(dataclasses.replace(block, exercises=items, time_seconds=sum(item_seconds(i) for i in items)))
    total, minutes = share_minutes([block.time_seconds or 0 for block in filled])
    blocks_out = tuple(dataclasses.replace(block, time_minutes=m) for block, m in zip(filled, minutes))
    return blocks_out, sum(block.time_seconds or 0 for block in blocks_out), total


def with_times(plan: Plan) -> Plan:
    """The plan with the estimated time (R11) of every exercise and block, and the total."""
    blocks, seconds, minutes = timed_blocks(plan.blocks)
    return dataclasses.replace(plan, blocks=blocks, time_seconds=seconds, time_minutes=minutes)


def dose_for(exercise: Exercise, level: str, *, warmup: bool) -> Prescription:
    if warmup and exercise.warmup_dose is not None:
        return exercise.warmup_dose
    return exercise.prescription[level]


def key_cue(exercise: Exercise) -> str:
    """The first cue short enough to read mid-set; else the shortest."""
    return next((cue for cue in exercise.cues if len(cue) <= 80), min(exercise.cues, key=len))


# R8 and COACHING.md section 4: OMNI-RES (valid for bands, Colado 2012) and
# reps in reserve (Zourdos 2016; guesses are closest with 0-5 left, Hackett
# 2017). TheraBand Academy: moderate, OMNI 5, for strength work; higher levels
# work closer to failure [C].
STRENGTH_EFFORT = {
    "beginner": ("5", "3-4"),
    "intermediate": ("6-7", "2-3"),
    "advanced": ("7-8", "1-2"),
}


def effort_for(exercise: Exercise, level: str, *, warmup: bool) -> str:
    """How hard a set should feel, on a scale the person can use mid-set."""
    if exercise.is_static_stretch:
        return "a mild stretch, about 3/10; never painful (R6)"
    if exercise.category == "power":
        return "fast and crisp; stop before speed or form fades (R4)"
    if warmup:
        return f"easy, {'OMNI-RES ' if exercise.uses_band else ''}3-4/10; no burn, just wake the muscles up (R4, R8)"
    if exercise.category == "mobility":
        return "easy, 3-4/10; smooth, through a comfortable range (R6)"
    omni, reserve = STRENGTH_EFFORT[level]
    # OMNI-RES is validated for bands; for bodyweight work the same 0-10 reading, with reps in reserve.
    scale = "OMNI-RES " if exercise.uses_band else ""
    published = protocol(exercise)
    if published is not None and published.per_week:
        return f"{scale}{omni}/10: brake the fall as long as you can; stop when you no longer can (R8)"
    if exercise.unit == "seconds":
        text = f"{scale}{omni}/10: end each hold able to hold 5-10 s more (R8)"
    else:
        unit = "steps" if exercise.unit == "steps" else "reps"
        text = f"{scale}{omni}/10: stop with {reserve} {unit} in reserve (R8)"
    if published is not None and not published.per_week:
        text += "; groin pain at most 3/10 (ASP)"
    return text


def make_item(
    exercise: Exercise, dose: Prescription, sets: int, why: str | None = None, *, level: str = "beginner",
    warmup: bool = False, amount: tuple[int, int] | None = None,
) -> PlanItem:
    return PlanItem(
        slug=exercise.slug,
        name=exercise.name,
        sets=sets,
        **{exercise.unit: amount or dose.amount},
        per_side=exercise.per_side,
        rest=dose.rest,
        tempo=dose.tempo,
        band=dose.band,
        cue=key_cue(exercise),
        effort=effort_for(exercise, level, warmup=warmup),
        why=why,
    )


# The pain-monitoring model (COACHING.md section 3): Silbernagel 2007 trained
# through pain kept within these bounds without harm; the 0-3 / 4-5 / >5
# reading and the next-day rule are the usual clinical use of it.
# The numbers are the log's own (pain.py, which adapt.py applies), so what a plan tells the person and what
# 'hipcli log' does with their scores cannot drift apart.
PAIN_RULE = (
    f"Pain during a set, 0-10: 0-{SAFE_PAIN} is fine; {SAFE_PAIN + 1}-{PAIN_LIMIT} is the most to accept, so ease "
    f"the dose; above {PAIN_LIMIT}, stop that exercise today (pain-monitoring model, Silbernagel 2007; CS3).",
    f"Next morning: if pain is above {SAFE_PAIN}/10 and worse than during the session, do less next time (fewer "
    "reps, a lighter band or an easier variant); if it has settled, repeat the dose or add a little (CS3).",
    f"With a log (hipcli log), pain above {PAIN_LIMIT} in a set or a worse next morning steps that exercise back a "
    f"rung, and {SAFE_PAIN + 1}-{PAIN_LIMIT} holds it; Copenhagen work steps back above {GROIN_PAIN_LIMIT}/10 (ASP). "
    "If pain keeps coming back, see a physiotherapist.",
)


# --- choosing ---------------------------------------------------------------------


@dataclass(eq=False)
class _Slot:
    block: str
    exercise: Exercise
    dose: Prescription
    sets: int
    warmup: bool
    on_goal: bool
    amount: tuple[int, int] | None = None  # a published starting dose that replaces the card's range
    fixed: bool = False  # a published dose: its sets do not grow

    @property
    def low_sets(self) -> int:
        return self.sets if self.fixed else self.dose.sets[0]

    @property
    def high_sets(self) -> int:
        return self.sets if self.fixed else self.dose.sets[1]

    def seconds_at(self, sets: int) -> int:
        dose, exercise = self.dose, self.exercise
        high = (self.amount or dose.amount)[1]
        return dose_seconds(exercise.unit, high, exercise.per_side, sets, dose.rest, dose.tempo)

    @property
    def seconds(self) -> int:
        return self.seconds_at(self.sets)


def _seconds(slots: list[_Slot]) -> int:
    return sum(slot.seconds for slot in slots)


def normalise_request(request: PlanRequest) -> PlanRequest:
    """Fill in the session's default time budget when none was given."""
    if request.minutes:
        return request
    return dataclasses.replace(request, minutes=DEFAULT_MINUTES[request.session])


class _Session:
    """What the session holds so far, and the hard rules on what may join it."""

    def __init__(self, exclude: frozenset[str]) -> None:
        self.slots: list[_Slot] = []
        self.exclude = exclude

    def conflict(self, exercise: Exercise) -> str | None:
        if exercise.slug in self.exclude or exercise.family_name in self.exclude:
            return "in the same day's other session"
        for slot in self.slots:
            other = slot.exercise
            if other.slug == exercise.slug:
                return "already in the session"
            if other.family_name == exercise.family_name:
                return f"same family as {other.slug}"
            if exercise.slug in other.easier or exercise.slug in other.harder or other.slug in exercise.harder or other.slug in exercise.easier:
                return f"an easier or harder version of {other.slug}"
        if exercise.pattern == "hip-flexion" and sum(s.exercise.pattern == "hip-flexion" for s in self.slots) >= MAX_HIP_FLEXION:
            return "a third hip-flexion exercise"
        return None

    def covered(self, planes: tuple[str, ...]) -> set[str]:
        return {
            plane for plane in planes for slot in self.slots if not slot.warmup and covers(plane, slot.exercise)
        }


def _rank_key(
    spec: BlockSpec,
    exercise: Exercise,
    request: PlanRequest,
    session: _Session,
    missing: set[str],
    possible: set[str],
    contrast: frozenset[str],
    lead: frozenset[str],
    jitter: float,
) -> tuple[float, ...]:
    """Lower is better: contrast with the other session, planes covered, challenge, a sourced dose, variety, then chance."""
    # The same card as the other session is the worst match; another card of its family is next.
    in_contrast = 2 if exercise.slug in contrast else 1 if exercise.family_name in contrast else 0
    planes = -sum(covers(plane, exercise) for plane in missing)
    leads = 0 if not lead or exercise.pattern in lead else 1
    strength = spec.session == "strength" and not spec.warmup_dose
    # R7: an advanced person gets harder variants before easier cards with more reps.
    below = LEVELS.index(request.level) - LEVELS.index(exercise.level) if strength else 0
    loaded = strength and "kettlebell" in request.equipment and request.level != "beginner" and "kettlebell" in exercise.equipment
    if loaded and below > 0:
        below -= 1  # a kettlebell makes a card a level harder: the owned bell loads the work (R7, R12)
    soft = 0.0
    if exercise.pattern in spec.prefer:
        soft -= 2
    if possible.intersection(exercise.harder):
        soft += 1  # a regression: its harder variant also fits this person
    if exercise.pattern in {slot.exercise.pattern for slot in session.slots}:
        soft += 1  # variety: a different movement where one serves the block as well
    if loaded:
        soft -= 1.5
    # Curated cards first where both fit: an imported card's dose is a rule's default, not a source's.
    default = float(exercise.dose_is_default)
    return (float(in_contrast), float(planes), float(leads), float(below), default, soft + jitter)


def build_plan(
    catalogue: Catalogue,
    request: PlanRequest,
    *,
    exclude: frozenset[str] = frozenset(),
    contrast: frozenset[str] = frozenset(),
    lead: frozenset[str] = frozenset(),
    fill: float = 1.0,
) -> Plan:
    """Build one session, or raise ``PlanError`` saying what to change.

    ``exclude``: slugs and families that must not appear (the same day's other
    session). ``contrast``: families to use only when nothing else serves (the
    other session of an A/B pair). ``lead``: movement patterns preferred for
    the main lift (a hinge against the other session's squat). ``fill``: the
    share of the budget that extra movements and sets may fill (a programme
    leaves room for its later rungs); the goal's planes may use all of it.
    """
    request = normalise_request(request)
    if request.session not in PLANES or request.goal not in PLANES[request.session]:
        raise RequestError(f"unknown session '{request.session}' or goal '{request.goal}'")
    planes = PLANES[request.session][request.goal]
    extras = EXTRAS[request.session][request.goal]
    budget = request.minutes * 60
    limits = VOLUME[request.level] if request.session == "strength" else WARMUP_VOLUME
    candidates = [exercise for exercise in catalogue.exercises if eligible(exercise, request)]
    possible = {exercise.slug for exercise in candidates}
    rng = None
    if request.seed:
        import random

        rng = random.Random(f"{request.seed}")
    session = _Session(exclude)
    notes: list[str] = []

    def ranked(block: str, pool: list[Exercise], missing: set[str]) -> list[Exercise]:
        spec = BLOCKS[block]
        scored = []
        for exercise in pool:
            if not spec.admits(exercise) or session.conflict(exercise):
                continue
            jitter = rng.uniform(0, 2.5) if rng else 0.0
            scored.append((_rank_key(spec, exercise, request, session, missing, possible, contrast, lead, jitter), exercise.slug, exercise))
        scored.sort(key=lambda entry: (entry[0], entry[1]))
        return [exercise for _, _, exercise in scored]

    def slot_for(block: str, exercise: Exercise, sets: int | None, on_goal: bool) -> _Slot:
        warmup = BLOCKS[block].warmup_dose
        dose = dose_for(exercise, request.level, warmup=warmup)
        published = protocol(exercise) if not warmup and request.session == "strength" else None
        if published is not None:
            first_sets, amount = published.doses[0]
            return _Slot(block, exercise, dose, first_sets, warmup, on_goal, amount=amount, fixed=True)
        return _Slot(block, exercise, dose, sets if sets is not None else dose.sets[0], warmup, on_goal)

    def fits(trial: list[_Slot], share: float = 1.0) -> bool:
        return (
            _seconds(trial) <= budget * share
            and len(trial) <= limits["exercises"]
            and sum(slot.sets for slot in trial) <= limits["sets"]
        )

    on_goal = [exercise for exercise in candidates if request.goal in exercise.goals]
    off_goal = [exercise for exercise in candidates if request.goal not in exercise.goals]

    # 1. Every plane the goal names, at one set each if need be: coverage first.
    left_out: list[tuple[str, int]] = []
    for plane in planes:
        missing = set(planes) - session.covered(planes)
        if plane not in missing:
            continue
        placed = False
        for pool, goal_fit in ((on_goal, True), (off_goal, False)):
            options = ranked(plane, pool, missing)
            for exercise in options:
                slot = slot_for(plane, exercise, 1, goal_fit)
                if fits(session.slots + [slot]):
                    session.slots.append(slot)
                    placed = True
                    if not goal_fit:
                        notes.append(
                            f"{exercise.name} does not list the {request.goal} goal: nothing that does fits the "
                            f"{PLANE_NAMES[plane]} with your level, kit and time, so it stands in."
                        )
                    break
            if placed:
                break
        if not placed:
            shortest = [slot_for(plane, e, 1, True) for e in ranked(plane, candidates, missing)]
            if not shortest:
                precautions = [flag for flag in request.avoid if flag in PRECAUTION_POSITIONS]
                if request.session == "strength" and plane in ("hip-flexors", "hip-abductors") and not precautions:
                    raise PlanError(_no_exercise_message(plane, request))
                why = f" and the {', '.join(precautions)} precautions" if precautions else " and avoid flags"
                notes.append(f"Left out {PLANE_NAMES[plane]}: no card for it fits your level, kit{why}.")
                continue
            need = min(slot.seconds for slot in shortest)
            left_out.append((plane, need))
    # A session that covers fewer than half its goal's planes is no session for that goal.
    if len(session.covered(planes)) < -(-len(planes) // 2) and left_out:
        needed = _seconds(session.slots) + sum(need for _, need in left_out)
        raise PlanError(_too_short_message(request, needed))

    # 2. Then the cards' own lowest set counts, a set at a time round the
    # session, so a short session has two sets of everything before three of some.
    _grow(session.slots, fits, lambda slot: slot.low_sets)

    # 3. Then more movements that serve the goal, while time and volume allow.
    for block in extras:
        missing = set(planes) - session.covered(planes)
        for exercise in ranked(block, on_goal, missing):
            slot = slot_for(block, exercise, None, True)
            if fits(session.slots + [slot], fill):
                session.slots.append(slot)
                break

    # 4. Then more sets, most important exercise first.
    _grow(session.slots, lambda slots: fits(slots, fill), lambda slot: slot.high_sets)

    slack = budget - _seconds(session.slots)
    for plane, need in left_out:
        more = -(-max(0, need - slack) // 60)
        notes.append(
            f"Left out {PLANE_NAMES[plane]}: it needs about {more} more minute{'s' if more != 1 else ''} "
            f"(--minutes {request.minutes + more})."
        )
    for slot in session.slots:
        if slot.sets < slot.low_sets:
            notes.append(
                f"{slot.exercise.name}: {slot.sets} set{'s' if slot.sets != 1 else ''}, below the card's "
                f"{slot.low_sets}: short on time, more movements with fewer sets cover more."
            )

    blocks = []
    for block in BLOCK_ORDER:
        members = [slot for slot in session.slots if PRINTED_AS.get(slot.block, slot.block) == block]
        if not members:
            continue
        spec = BLOCKS[block]
        items = tuple(
            make_item(
                slot.exercise, slot.dose, slot.sets, _why(slot, request), level=request.level, warmup=slot.warmup,
                amount=slot.amount,
            )
            for slot in members
        )
        blocks.append(Block(key=block, title=spec.title, purpose=spec.purpose, exercises=items))
    chosen = [slot.exercise for slot in session.slots]
    return with_times(
        Plan(
            request=request,
            blocks=tuple(blocks),
            bands=band_legend(catalogue) if any(exercise.uses_band for exercise in chosen) else None,
            safety=safety_notes(catalogue, request, chosen),
            pain=PAIN_RULE,
            notes=tuple(notes),
        )
    )


def _grow(slots: list[_Slot], fits: Callable[[list[_Slot]], bool], ceiling: Callable[[_Slot], int]) -> None:
    """Add sets one at a time round the session, most important first, while they fit."""
    grew = True
    while grew:
        grew = False
        for slot in slots:
            if slot.sets >= ceiling(slot):
                continue
            slot.sets += 1
            if fits(slots):
                grew = True
            else:
                slot.sets -= 1


def _why(slot: _Slot, request: PlanRequest) -> str:
    """One line: block and rule, what it trains, why it suits the person, where the dose comes from."""
    spec, exercise = BLOCKS[slot.block], slot.exercise
    goal = (
        f"; serves {request.goal} ({GOAL_INFO[request.goal][2]})"
        if slot.on_goal
        else f"; off-goal: nothing serving {request.goal} fits this block"
    )
    published = protocol(exercise) if slot.fixed else None
    if published is not None:
        dose_name = f"starting dose of the {published.name} ({published.source})"
    else:
        dose_name = ("warm-up dose" if slot.warmup else f"{request.level} dose") + f" from {slot.dose.source}"
        if slot.dose.default:
            dose_name += " (a default: no source gives a dose for this card)"
    return (
        f"{spec.title} block ({spec.source}); trains {fmt.labels(exercise.primary)}; "
        f"{exercise.level_span}, fits {request.level} (R1){goal}; {dose_name}"
    )


def band_legend(catalogue: Catalogue) -> BandLegend:
    chart = catalogue.charts[catalogue.default_chart]
    return BandLegend(chart=chart.name, colours=dict(chart.colours))


def _no_exercise_message(block: str, request: PlanRequest) -> str:
    kit = ",".join(request.equipment) or "none"
    avoid = f" and --avoid {','.join(request.avoid)}" if request.avoid else ""
    more = next((name for name in ("mini-band", "long-band", "box-or-bench", "step") if name not in request.equipment), None)
    add = f"add kit (for example --equipment {','.join((*request.equipment, more))}) or " if more else ""
    return (
        f"no {BLOCKS[block].title.lower()} exercise fits {_a(request.level)} {request.level} {request.session} session "
        f"with --equipment {kit}{avoid}; {add}avoid less"
    )


def _too_short_message(request: PlanRequest, needed: int) -> str:
    """Say how many minutes the goal's planes need at their shortest."""
    minutes = max(request.minutes + 1, -(-needed // 60))
    names = ", ".join(PLANE_NAMES[plane] for plane in PLANES[request.session][request.goal])
    shorter = " or --session warmup for a short warm-up" if request.session == "strength" else ""
    return (
        f"{request.minutes} minutes is too short for {_a(request.level)} {request.level} {request.session} session: "
        f"its {names} need at least {minutes} minutes at one set each; use --minutes {minutes} or more{shorter}"
    )


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


PRECAUTION_NOTES = {
    "hip-replacement": "hip replacement: cards that take the hip past 90 degrees of flexion, across the midline or "
    "into internal rotation are left out (posterior-approach precautions; after an anterior approach, avoid extreme "
    "extension with external rotation instead)",
    "fai": "hip impingement (FAI): cards that take the hip past 90 degrees of flexion or into internal rotation are "
    "left out (practice-based: Griffin 2016; Kolber 2015)",
    "pregnancy": "pregnancy: cards with long lying on the back are left out, as older ACOG guidance advised after the "
    "first trimester; train only after a clinician has cleared you (ACOG 2020)",
}


def safety_notes(catalogue: Catalogue, request: PlanRequest, exercises: list[Exercise]) -> tuple[str, ...]:
    notes = [
        "Stop at once on sharp, stabbing or catching pain, or pain that builds from set to set; the ache of effort "
        "is expected, and the pain rule on this plan says how much is acceptable (R22).",
        "Stop and get medical help for chest pain, dizziness or faintness, unusual breathlessness or an "
        "irregular heartbeat (R22).",
        "With a hip, back or knee injury, see a physiotherapist or doctor before starting (S001, R24).",
        "Breathe out on the effort and never hold your breath (R23).",
    ]
    if any(exercise.uses_band for exercise in exercises):
        notes.append("Check each band for nicks and tears before use, and anchor long bands to something solid (R25).")
    loads = [flag for flag in request.avoid if flag in LOAD_FLAGS]
    if loads:
        notes.append(
            f"You asked to avoid {', '.join(fmt.label(flag) for flag in loads)} load: exercises with that flag "
            "are left out. The flags follow R24 and are partly convention, so stop anything that still hurts."
        )
    precautions = [PRECAUTION_NOTES[flag] for flag in request.avoid if flag in PRECAUTION_NOTES]
    if precautions:
        notes.append(
            "Your surgeon's or clinician's limits come first; hipcli's are general (CS7). "
            + "; ".join(text[0].upper() + text[1:] for text in precautions)
            + "."
        )
    return tuple(notes)


def alternatives(
    catalogue: Catalogue, exercise: Exercise, request: PlanRequest, *, limit: int = 4
) -> list[tuple[Exercise, str]]:
    """Up to ``limit`` substitutes serving the same purpose, best first, with the reason."""
    options = []
    for other in catalogue.exercises:
        if other.slug == exercise.slug or not eligible(other, request):
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
