"""The planner's rule tables, each with the code of the rule behind it: data only.

The codes (R1-R26, CS1-CS7, S000-S004) are the catalogue's ``[references]``
and docs/rules.md lists every rule with its source; [C] marks a convention.
``planner.py`` reads these tables; nothing here decides anything.
"""

from __future__ import annotations

from .models import Exercise, Model, model
from .pain import GROIN_PAIN_LIMIT, GROIN_PAUSE, PAIN_LIMIT, SAFE_PAIN

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
    """A block of a session: what it is for, its source, and the cards that may fill it."""
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
    first: frozenset[str] = frozenset()  # movement patterns chosen before any other that fits (the Nordic for sprint)
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
    # Hinge or hamstring work: sprinting loads the hamstrings hardest; the Nordic
    # curl (Petersen 2011, CS2) is preferred where the kit allows. Printed with the extensors.
    "posterior": BlockSpec(
        "Hip extensors and glutes",
        "Hinge or hamstring work: the back of the thigh brakes the leg at top speed; a Nordic curl where the kit allows.",
        "R5, R18, CS2",
        session="strength",
        patterns=frozenset({"hinge", "knee-flexion"}),
        groups=frozenset({"hip-extensors"}),
        categories=STRENGTH_KINDS,
        first=frozenset({"knee-flexion"}),
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
PRINTED_AS = {"mobilise": "activate", "bridge": "extensors", "rotators": "hip-abductors", "posterior": "extensors"}


# --- goals: the planes each must cover -------------------------------------------------------

# The planes a session for each goal must cover, most important first (issue
# rules from R17-R21). Each plane is filled from the block of the same name.
PLANES: dict[str, dict[str, tuple[str, ...]]] = {
    "strength": {
        "running": ("hip-flexors", "hip-abductors", "adductors", "extensors"),  # R17, S004
        "sprint": ("hip-flexors", "adductors", "posterior"),  # R18; hinge or hamstring work (CS2)
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
    "posterior": "hinge or hamstring work",
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
        "sprint": ("activation", "extensors", "hip-abductors", "core", "adductors"),
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
MAX_HIP_FLEXION = 2  # per session: more marches add little and crowd out other planes
KNEE_DOMINANT = frozenset({"squat", "lunge", "single-leg-stability"})
HIP_DOMINANT = frozenset({"hinge", "hip-extension", "knee-flexion"})



# R8 and COACHING.md section 4: OMNI-RES (valid for bands, Colado 2012) and
# reps in reserve (Zourdos 2016; guesses are closest with 0-5 left, Hackett
# 2017). TheraBand Academy: moderate, OMNI 5, for strength work; higher levels
# work closer to failure [C].
STRENGTH_EFFORT = {
    "beginner": ("5", "3-4"),
    "intermediate": ("6-7", "2-3"),
    "advanced": ("7-8", "1-2"),
}



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
    f"rung, and {SAFE_PAIN + 1}-{PAIN_LIMIT} holds it; Copenhagen work steps down a level above {GROIN_PAIN_LIMIT}/10 "
    f"(ASP) and pauses at {GROIN_PAUSE} or more until a clinician has seen you. If pain keeps coming back, see a "
    "physiotherapist.",
)


PRECAUTION_NOTES = {
    "hip-replacement": "hip replacement: cards that take the hip past 90 degrees of flexion, across the midline or "
    "into internal rotation are left out (posterior-approach precautions; after an anterior approach, avoid extreme "
    "extension with external rotation instead)",
    "fai": "hip impingement (FAI): cards that take the hip past 90 degrees of flexion or into internal rotation are "
    "left out (practice-based: Griffin 2016; Kolber 2015)",
    "pregnancy": "pregnancy: cards with long lying on the back are left out, as older ACOG guidance advised after the "
    "first trimester; train only after a clinician has cleared you (ACOG 2020)",
}


# No one exercise takes more than this share of a strength session's budget
# once every plane has its sets: time is shared across the goal's planes [C].
MAX_SHARE = 0.35
# Adductor work that is not the Copenhagen (which follows the ASP's one set
# per side) gets at least this many sets at intermediate and advanced level:
# R7's 2-4 sets per exercise, so the adductors get a dose that matters [C].
ADDUCTOR_MIN_SETS = {"beginner": 1, "intermediate": 2, "advanced": 2}
# Cards a precaution rules out for a reason other than hip position
# (COACHING.md section 7; ACOG 2020 advises against activities with a high
# risk of falling or of a blow to the abdomen in pregnancy).
PRECAUTION_CARDS: dict[str, dict[str, str]] = {
    "pregnancy": {
        "kettlebell-hip-thrust": "the bell rests on the abdomen",
        "skater-bound": "a fall risk (ACOG 2020)",
        "goblet-curtsy-lunge": "a fall risk with a bell held at the chest (ACOG 2020)",
    },
}
