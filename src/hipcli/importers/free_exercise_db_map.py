"""How free-exercise-db's words map onto hipcli's: its vocabulary, the keyword tables and the default doses.

Data and the small pure functions that read it; ``free_exercise_db.py``
reads and checks the file and builds the cards from these.
"""

from __future__ import annotations

import re
from typing import Any

# --- the dataset's vocabulary (README of free-exercise-db, schema.json) ---------------

FORCES = ("static", "pull", "push")
LEVELS = {"beginner": "beginner", "intermediate": "intermediate", "expert": "advanced"}
MECHANICS = ("isolation", "compound")
EQUIPMENT = {
    "body only": (),
    "kettlebells": ("kettlebell",),
    "bands": ("band",),  # mini or long: decided from where the instructions put it
    "barbell": None,
    "dumbbell": None,
    "cable": None,
    "machine": None,
    "medicine ball": None,
    "exercise ball": None,
    "foam roll": None,
    "e-z curl bar": None,
    "other": None,
}
MUSCLES = {
    "abdominals": ("rectus-abdominis",),
    "abductors": ("gluteus-medius", "gluteus-minimus"),
    "adductors": ("adductors",),
    "calves": ("calves",),
    "glutes": ("gluteus-maximus",),
    "hamstrings": ("hamstrings",),
    "lower back": ("erector-spinae",),
    "quadriceps": ("quadriceps",),
    "biceps": (),
    "chest": (),
    "forearms": (),
    "lats": (),
    "middle back": (),
    "neck": (),
    "shoulders": (),
    "traps": (),
    "triceps": (),
}
CATEGORIES = {
    "strength": "strength",
    "powerlifting": "strength",
    "strongman": "strength",
    "stretching": "mobility",
    "plyometrics": "power",
    "olympic weightlifting": "power",
    "cardio": None,
}

EQUIPMENT_REASON = "equipment hipcli does not plan with"
HIP_FLEXORS = ("psoas-major", "iliacus", "rectus-femoris")
HIP_MUSCLES = frozenset(
    {*HIP_FLEXORS, "sartorius", "pectineus", "tensor-fasciae-latae", "gluteus-maximus", "gluteus-medius",
     "gluteus-minimus", "deep-hip-rotators", "adductors"}
)
HIP_PATTERNS = frozenset({"hip-flexion", "hip-extension", "hip-abduction", "hip-adduction", "hip-rotation", "hinge"})
CORE = frozenset({"rectus-abdominis", "obliques", "transversus-abdominis", "erector-spinae", "quadratus-lumborum"})


# --- what the movement is: the keyword tables -------------------------------------------

# First match wins: the more specific movements come first. Each pattern is
# read from the exercise's name, which says what the movement is far more
# reliably than the dataset's muscle codes.
MOVEMENTS: tuple[tuple[str, str], ...] = (
    (r"glute.?ham raise|leg curl|hamstring curl|hamstring slides|prone manual hamstring", "knee-flexion"),
    (r"leg extension", "knee-extension"),
    (r"side bridge|side plank", "anti-lateral-flexion"),
    (r"pallof|wood ?chop|cable lift", "anti-rotation"),
    (r"\bplank\b|rollout|ab roller|fallout|dead bug|bird dog", "anti-extension"),
    (r"abduct|monster walk|band walk|lateral walk|\bclam|fire hydrant|side leg raise|side-lying leg|lateral leg raise", "hip-abduction"),
    (r"adduct|groiner|copenhagen", "hip-adduction"),
    (r"hip flexion|wind sprint|leg raise|knee raise|knee/hip raise|hip raise|knee-up|\bmarch|leg pull-in|leg tucks?\b|flutter|"
     r"mountain climber|hanging pike|step-up with knee raise", "hip-flexion"),
    (r"kickback|glute kick|hip extension|bridge|hip thrust|hip lift|butt lift|reverse hyper|leg lift", "hip-extension"),
    (r"deadlift|good morning|pull.?through|swing|hyperextension|back extension|\brdl\b|romanian|stiff.?leg", "hinge"),
    (r"lunge|split squat|step.?ups?\b|split jump|scissors? jump", "lunge"),
    (r"jump|squat|plie", "squat"),
    (r"bound|hop\b|hops\b|skip|leap|sprint|shuffle|carioca|butt kick|start technique|acceleration|quick step", "locomotion"),
)
# Stretches: named by what they stretch, which sets the movement and the muscles.
STRETCHES: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    (r"hip flexor|locust|rear leg raise|looking at ceiling", "hip-extension", (*HIP_FLEXORS,)),
    (r"quad", "hip-extension", ("rectus-femoris", "quadriceps")),
    (r"piriformis|ankle on the knee|knee across|lying crossover|it band|iliotibial", "hip-rotation", None),
    (r"hip circles|windmill", "hip-rotation", None),
    (r"front leg raise", "hip-flexion", None),
    (r"side leg raise", "hip-abduction", None),
    (r"groin|adductor|straddle|iron cross", "hip-abduction", None),
    (r"glute|knee to chest|knees to chest|hug knees", "hip-flexion", None),
    (r"hamstring|toe touch|inchworm|runner|leg grab|world's greatest|90/90", "hinge", None),
)

# When the dataset gives no cue or mistake in the steps, hipcli's general
# guidance for the movement stands in (and the card's notes say so).
GUIDE: dict[str, tuple[str, str]] = {
    "hip-flexion": ("Lift the thigh from the hip while the trunk stays still.",
                    "Leaning back or rounding the lower back to get the leg higher: lift only as high as the trunk stays still."),
    "hip-extension": ("Squeeze the glutes to move the leg; the lower back stays still.",
                      "Arching the lower back at the top: finish the movement with the glutes, not the spine."),
    "hip-abduction": ("Toes forward and pelvis level; the side of the hip does the work.",
                      "Rolling the pelvis or turning the toes up to lift higher: a smaller range with the hip stacked is better."),
    "hip-adduction": ("Squeeze the inner thighs and move slowly in both directions.",
                      "Letting the hips sag or twist: keep the body in one line."),
    "hip-rotation": ("Turn from the hip joint, slowly, within a range that feels easy.",
                     "Forcing the range or twisting the lower back instead of the hip."),
    "hinge": ("Push the hips back with a long, neutral spine.",
              "Rounding the lower back: hinge only as far as the spine stays long."),
    "squat": ("Knees track over the toes and the whole foot stays on the floor.",
              "Knees caving inwards or heels lifting: go only as deep as you control."),
    "lunge": ("Front knee over the middle of the foot; trunk tall.",
              "Letting the front knee cave inwards or the trunk fold forwards."),
    "locomotion": ("Land softly and quietly, knees over the toes.",
                   "Landing stiff-legged or with the knees caving in: slow down until landings are quiet."),
    "anti-extension": ("Brace the trunk so the lower back neither sags nor arches.",
                       "Letting the hips sag towards the floor: stop the set when the line breaks."),
    "anti-lateral-flexion": ("Body in one straight line from head to feet.",
                             "Letting the hips drop: stop the set when the line breaks."),
    "anti-rotation": ("Resist the pull: the trunk and hips stay square.",
                      "Turning the trunk towards the pull instead of bracing against it."),
    "knee-flexion": ("Move slowly and keep the hips still.", "Lifting the hips or swinging to finish the rep."),
    "knee-extension": ("Move slowly and keep the thigh still.", "Swinging the leg up instead of lifting it."),
}
STRETCH_GUIDE = (
    "Ease in until you feel a mild pull, never pain, and keep still.",
    "Bouncing or forcing the range: hold a gentle, steady stretch instead.",
)
CUE_WORDS = re.compile(r"\b(keep|make sure|maintain|squeeze|throughout|control(led)?)\b", re.I)
MISTAKE_WORDS = re.compile(r"\b(avoid|do not|don't|never|careful)\b", re.I)


def muscles_for(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        out += [muscle for muscle in MUSCLES[value] if muscle not in out]
    return out


def goals_for(primary: list[str], pattern: str, category: str) -> list[str]:
    goals: set[str] = set()
    chosen = set(primary)
    if chosen & set(HIP_FLEXORS):
        goals |= {"running", "sprint", "hip-health"} | ({"desk"} if category == "mobility" else set())
    if chosen & {"gluteus-medius", "gluteus-minimus"}:
        goals |= {"running", "glutes", "hip-health"}
    if "gluteus-maximus" in chosen:
        goals |= {"glutes", "running", "hip-health"}
    if "adductors" in chosen:
        goals |= {"sprint", "hip-health"}
    if chosen & CORE:
        goals |= {"running", "hip-health"}
    if chosen & {"hamstrings", "quadriceps"}:
        goals |= {"running", "sprint"}
    if category == "power":
        goals.add("sprint")
    if category == "mobility":
        goals |= {"hip-health", "desk"}
    goals = goals or {"hip-health"}
    return [goal for goal in ("running", "sprint", "glutes", "hip-health", "desk") if goal in goals]


# --- doses (R7 by category; R6 for stretch holds) -------------------------------------------

_REPS = {"beginner": ((2, 2), (8, 12)), "intermediate": ((3, 3), (10, 15)), "advanced": ((3, 4), (12, 15))}
_POWER = {"beginner": ((2, 2), (8, 12)), "intermediate": ((3, 3), (8, 12)), "advanced": ((3, 4), (8, 12))}
_STRETCH = {"beginner": ((2, 2), (20, 30)), "intermediate": ((3, 3), (20, 30)), "advanced": ((3, 4), (30, 30))}
_HOLD = {"beginner": ((2, 2), (20, 30)), "intermediate": ((3, 3), (30, 45)), "advanced": ((3, 4), (45, 60))}


def default_dose(level: str, category: str, unit: str, uses_band: bool) -> dict[str, Any]:
    if unit == "seconds" and category == "mobility":
        (sets, amount), source, rest = _STRETCH[level], "R6", 15
        note = "Default dose: R6's 20-30 s stretch holds, 2-4 times; free-exercise-db gives no dose."
    elif unit == "seconds":
        (sets, amount), source, rest = _HOLD[level], "R7", 45
        note = "Default dose: R7's sets for the level; the hold time is convention. free-exercise-db gives no dose."
    elif category == "power":
        (sets, amount), source, rest = _POWER[level], "R7", 90
        note = "Default dose: R7's sets for the level at the low 8-12 range, for a fast drill; free-exercise-db gives no dose."
    else:
        (sets, amount), source, rest = _REPS[level], "R7", 60 if category != "mobility" else 30
        note = f"Default dose: R7's {level} sets and reps with R9's rest; free-exercise-db gives no dose."
    dose: dict[str, Any] = {"sets": list(sets) if sets[0] != sets[1] else sets[0]}
    dose[unit] = list(amount) if amount[0] != amount[1] else amount[0]
    dose["rest"] = rest
    if unit != "seconds":
        dose["tempo"] = "1-0-1" if category == "power" or unit == "steps" else "2-1-2"
    if uses_band:
        dose["band"] = "light"
        note = note.rstrip(".") + "; the light band is a starting point, set by effort (R8)."
    dose["source"] = source
    dose["note"] = note
    dose["default"] = True
    return dose
