"""The text of a new card for ``hipcli new-card``: every key with what it may hold."""

from __future__ import annotations

from typing import Any


def card_template(slug: str = "my-exercise") -> str:
    """A file of extra cards holding one blank card: it passes ``validate`` once every "" is filled.

    The allowed values in its comments come from the models, so they stay true.
    """
    from typing import get_args

    from .models import (
        EQUIPMENT,
        GOALS,
        LEVELS,
        MUSCLES,
        SESSION_TYPES,
        Category,
        Laterality,
        MovementPattern,
        Position,
    )

    def one_of(values: Any) -> str:
        return ", ".join(values)

    doses = "\n".join(
        f"""
[exercises.prescription.{level}]
sets = {sets}
reps = {reps}
rest = 60
tempo = "2-1-2"
source = "R7"      # R7's {level} dose; cite your own source here if it gives one
default = true     # remove when the dose comes from a source, not from R7's default"""
        for level, sets, reps in (
            ("beginner", 2, "[8, 12]"), ("intermediate", 3, "[10, 15]"), ("advanced", "[3, 4]", "[12, 15]")
        )
    )
    return f"""# A file of your own exercise cards, used beside the bundled catalogue:
#   hipcli validate THIS-FILE
#   hipcli plan --level beginner --goal running --with THIS-FILE
# Fill in every "" and check the choices; docs/catalogue.md explains each key.
# Copy the [[exercises]] table (with its prescriptions) for more cards.
format = 1

[references]
# Cite a source for every fact: add it here, then name its key in `sources`.
# The bundled catalogue's keys (R1-R26, S000-S004 and others) can be cited as they are.
my-source = ""

[[exercises]]
slug = "{slug}"  # lowercase words joined by hyphens, used by no other card
name = ""
summary = ""
category = "strength"      # {one_of(get_args(Category))}
pattern = "hip-abduction"  # {one_of(get_args(MovementPattern))}
primary = ["gluteus-medius"]  # prime movers: {one_of(MUSCLES)}
secondary = []
equipment = []             # [] for bodyweight, or any of: {one_of(EQUIPMENT)}
# With a band in equipment, add: band = {{ placement = "" }} and a band level in each dose.
position = "standing"      # {one_of(get_args(Position))}
laterality = "one-side"    # {one_of(get_args(Laterality))}
unit = "reps"              # reps, seconds (a hold: no tempo in the doses) or steps
per_side = true            # true unless laterality is "both"
level = "beginner"         # the easiest level it suits ({one_of(LEVELS)}); a dose for it and every level above
steps = ["", ""]           # at least two, in order
cues = [""]
mistakes = [""]
breathing = ""
safety = []
loads = []                 # what --avoid should leave it out for: knee, lower-back, wrist-shoulder
hip_positions = []         # flexion-past-90, adduction-past-midline, internal-rotation, long-supine
goals = ["hip-health"]     # {one_of(GOALS)}
sessions = ["strength"]    # {one_of(SESSION_TYPES)} (warmup also needs warmup_dose and warmup_phase)
sources = ["my-source", "R7"]
notes = []
{doses}
# Optional: hipcli's drawing of the exercise (docs/catalogue.md "Figures").
# [exercises.figure]
# view = "side"                  # side, front or top
# work = ["right.thigh"]         # highlighted
# moves = ["right.knee"]         # the arrow follows it
# positions = [
#     {{ label = "start", like = "standing" }},
#     {{ label = "end", right = {{ hip = 80, knee = 90 }}, on = ["left.foot"] }},
# ]
"""
