"""The planner: rules that turn a request and a catalogue into a session.

``build_plan(catalogue, request) -> Plan``. No I/O and no printing. Every rule
and its source is listed in docs/rules.md, where rules marked [C] are
convention, not evidence; ``--explain`` names the block and rules behind each
choice.

How a session is built:

1. The session type and goal give an ordered list of *slots*, most important
   first (``rules.PLANES`` and ``rules.EXTRAS``). A strength session always has a hip-flexor and a
   hip-abductor slot; the rest are filled as time and volume allow.
2. For each slot the best-scoring exercise that fits the person is chosen:
   their level, their kit, nothing they asked to avoid, never one already in
   the session, and always one that serves the block's purpose.
3. Each exercise starts at the bottom of its level's set range; if the
   session still fits the time budget and the level's volume bounds, sets go
   up towards the top of the range, most important exercise first.
4. Blocks are printed in a fixed, sound order (``rules.BLOCK_ORDER``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING
from dataclasses import dataclass

from . import wording as fmt
from .errors import PlanError, RequestError
from .ladder import dose_seconds, eligible, protocol
from .models import LEVELS, LOAD_FLAGS, PRECAUTION_POSITIONS, Catalogue, Exercise, Prescription
from .plans import BandLegend, Block, Plan, PlanItem, PlanRequest
if TYPE_CHECKING:  # the assessment's gates are passed in; planning without one never imports assess
    from .assess import Screen
from .rules import (
    ADDUCTOR_MIN_SETS,
    BLOCK_ORDER,
    BLOCKS,
    DEFAULT_MINUTES,
    EXTRAS,
    GOAL_INFO,
    MAX_HIP_FLEXION,
    MAX_SHARE,
    PRECAUTION_CARDS,
    PAIN_RULE,
    PLANE_NAMES,
    PLANES,
    PRECAUTION_NOTES,
    PRINTED_AS,
    STRENGTH_EFFORT,
    VOLUME,
    WARMUP_VOLUME,
    BlockSpec,
)

def block_admits(key: str, exercise: Exercise) -> bool:
    """Whether an exercise serves a printed block (which may join two specs)."""
    return any(spec.admits(exercise) for name, spec in BLOCKS.items() if PRINTED_AS.get(name, name) == key)


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
    if published is not None:
        # The ASP's low reps are a start, not a near-failure set: clean, slow reps, pain-bounded (CS1).
        return "every rep slow and clean, hips in line; stop before form slips; groin pain at most 3/10 (ASP, CS1)"
    if exercise.unit == "seconds" and exercise.pattern == "hip-adduction":
        return "squeeze firmly, but only as hard as keeps groin pain at 3/10 or less (Hölmich 1999; CS1)"
    if exercise.unit == "seconds":
        text = f"{scale}{omni}/10: end each hold able to hold 5-10 s more (R8)"
    else:
        unit = "steps" if exercise.unit == "steps" else "reps"
        text = f"{scale}{omni}/10: stop with {reserve} {unit} in reserve (R8)"
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

# --- choosing ---------------------------------------------------------------------


@dataclass(eq=False)
class _Slot:
    """An exercise placed in a block while a plan is built, with its dose and sets so far."""
    block: str
    exercise: Exercise
    dose: Prescription
    sets: int
    warmup: bool
    on_goal: bool
    level: str  # the level whose dose the card gets (the person's, or a screen's cap)
    amount: tuple[int, int] | None = None  # a published starting dose that replaces the card's range
    fixed: bool = False  # a published dose: its sets do not grow
    floor: int = 1  # the fewest sets that make the dose matter (rules.ADDUCTOR_MIN_SETS)

    @property
    def low_sets(self) -> int:
        return self.sets if self.fixed else max(self.dose.sets[0], self.floor)

    @property
    def high_sets(self) -> int:
        return self.sets if self.fixed else max(self.dose.sets[1], self.floor)

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


def _below(exercise: Exercise, request: PlanRequest, possible: set[str], *, loaded: bool) -> int:
    """How far a strength card sits below the person's level (R7: advanced people get harder variants first)."""
    below = LEVELS.index(request.level) - LEVELS.index(exercise.level)
    if loaded and below > 0:
        below -= 1  # a kettlebell makes a card a level harder: the owned bell loads the work (R7, R12)
    if request.level == LEVELS[-1] and possible.intersection(exercise.harder):
        below += 1  # R7: advanced people get the harder variant they can do, not its regression
    return below


def _nudges(spec: BlockSpec, exercise: Exercise, session: _Session, possible: set[str], *, loaded: bool) -> float:
    """The small preferences among cards that fit equally well; lower is better."""
    soft = 0.0
    if exercise.pattern in spec.prefer:
        soft -= 2
    if possible.intersection(exercise.harder):
        soft += 1  # a regression: its harder variant also fits this person
    if exercise.pattern in {slot.exercise.pattern for slot in session.slots}:
        soft += 1  # variety: a different movement where one serves the block as well
    if loaded:
        soft -= 1.5
    if exercise.unit == "seconds" and exercise.pattern == "hip-adduction":
        soft += 3  # the isometric squeeze is a stand-in (precautions, a red flag), not the first choice
    return soft


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
    if in_contrast and protocol(exercise) is not None and protocol(exercise).per_week:  # type: ignore[union-attr]
        in_contrast = 0  # a weekly schedule (the Nordic) belongs in both sessions of a pair
    planes = -sum(covers(plane, exercise) for plane in missing)
    leads = 0 if not lead or exercise.pattern in lead else 1
    strength = spec.session == "strength" and not spec.warmup_dose
    loaded = strength and "kettlebell" in request.equipment and request.level != "beginner" and "kettlebell" in exercise.equipment
    below = _below(exercise, request, possible, loaded=loaded) if strength else 0
    soft = _nudges(spec, exercise, session, possible, loaded=loaded)
    # Curated cards first where both fit: an imported card's dose is a rule's default, not a source's.
    default = float(exercise.dose_is_default)
    first = 0.0 if not spec.first or exercise.pattern in spec.first else 1.0
    return (float(in_contrast), float(planes), first, float(leads), float(below), default, soft + jitter)


def build_plan(
    catalogue: Catalogue,
    request: PlanRequest,
    *,
    exclude: frozenset[str] = frozenset(),
    contrast: frozenset[str] = frozenset(),
    lead: frozenset[str] = frozenset(),
    fill: float = 1.0,
    screen: Screen | None = None,
) -> Plan:
    """Build one session, or raise ``PlanError`` saying what to change.

    ``exclude``: slugs and families that must not appear (the same day's other
    session). ``contrast``: families to use only when nothing else serves (the
    other session of an A/B pair). ``lead``: movement patterns preferred for
    the main lift (a hinge against the other session's squat). ``fill``: the
    share of the budget that extra movements and sets may fill (a programme
    leaves room for its later rungs); the goal's planes may use all of it.
    ``screen``: what the latest self-tests allow (``assess.screen``): a red-flag
    squeeze swaps adductor loading for an isometric squeeze, a positive
    single-leg stance caps abductor cards and doses.
    """
    request = normalise_request(request)
    if request.session not in PLANES or request.goal not in PLANES[request.session]:
        raise RequestError(f"unknown session '{request.session}' or goal '{request.goal}'")
    builder = _Builder(catalogue, request, exclude=exclude, contrast=contrast, lead=lead, screen=screen)
    left_out = builder.cover_planes()  # 1. every plane the goal names, at one set each if need be
    _grow(builder.session.slots, builder.fits, lambda slot: slot.low_sets)  # 2. the cards' lowest set counts
    builder.add_extras(fill)  # 3. more movements that serve the goal
    # 4. more sets, while no one exercise takes more than its share of the time
    _grow(builder.session.slots, lambda slots: builder.fits(slots, fill) and builder.shared(slots), lambda slot: slot.high_sets)
    builder.explain_shortfalls(left_out)
    return builder.plan()


class _Builder:
    """One session under construction: the person's candidates, the slots chosen so far and the notes."""

    def __init__(
        self, catalogue: Catalogue, request: PlanRequest, *, exclude: frozenset[str], contrast: frozenset[str],
        lead: frozenset[str], screen: Screen | None,
    ) -> None:
        self.catalogue, self.request, self.screen = catalogue, request, screen
        self.contrast, self.lead = contrast, lead
        self.planes = PLANES[request.session][request.goal]
        self.budget = (request.minutes or 0) * 60
        self.limits = VOLUME[request.level] if request.session == "strength" else WARMUP_VOLUME
        self.candidates = [e for e in catalogue.exercises if eligible(e, request) and (screen is None or screen.allows(e))]
        self.possible = {exercise.slug for exercise in self.candidates}
        self.on_goal = [exercise for exercise in self.candidates if request.goal in exercise.goals]
        self.off_goal = [exercise for exercise in self.candidates if request.goal not in exercise.goals]
        self.rng = None
        if request.seed:
            import random

            self.rng = random.Random(f"{request.seed}")
        self.session = _Session(exclude)
        self.notes: list[str] = list(screen.notes) if screen is not None else []

    def missing(self) -> set[str]:
        return set(self.planes) - self.session.covered(self.planes)

    def ranked(self, block: str, pool: list[Exercise], missing: set[str]) -> list[Exercise]:
        spec = BLOCKS[block]
        scored = []
        for exercise in pool:
            if not spec.admits(exercise) or self.session.conflict(exercise) or self.regression(spec, exercise):
                continue
            jitter = self.rng.uniform(0, 2.5) if self.rng else 0.0
            key = _rank_key(spec, exercise, self.request, self.session, missing, self.possible, self.contrast, self.lead, jitter)
            scored.append((key, exercise.slug, exercise))
        scored.sort(key=lambda entry: (entry[0], entry[1]))
        return [exercise for _, _, exercise in scored]

    def regression(self, spec: BlockSpec, exercise: Exercise) -> bool:
        """R7: for an advanced person, a strength card whose harder variant also serves the block is left for it."""
        if self.request.level != LEVELS[-1] or spec.session != "strength" or spec.warmup_dose:
            return False
        harder = (self.catalogue.get(slug) for slug in exercise.harder if slug in self.possible)
        return any(card is not None and spec.admits(card) and self.request.goal in card.goals for card in harder)

    def slot_for(self, block: str, exercise: Exercise, sets: int | None, on_goal: bool) -> _Slot:
        warmup = BLOCKS[block].warmup_dose
        level = self.screen.level_for(exercise, self.request.level) if self.screen is not None else self.request.level
        dose = dose_for(exercise, level, warmup=warmup)
        published = protocol(exercise) if not warmup and self.request.session == "strength" else None
        if published is not None:
            first_sets, amount = published.doses[0]
            return _Slot(block, exercise, dose, first_sets, warmup, on_goal, level, amount=amount, fixed=True)
        # Adductor work other than the Copenhagen gets a dose that matters at intermediate and up (rules.ADDUCTOR_MIN_SETS).
        floor = ADDUCTOR_MIN_SETS[level] if not warmup and exercise.trains("adductors", secondary=False) else 1
        return _Slot(block, exercise, dose, sets if sets is not None else max(dose.sets[0], floor), warmup, on_goal,
                     level, floor=floor)

    def shared(self, trial: list[_Slot]) -> bool:
        """No exercise grown past its share of the budget (rules.MAX_SHARE): time is shared across the planes."""
        if self.request.session != "strength":
            return True
        return all(slot.seconds <= self.budget * MAX_SHARE or slot.sets <= slot.low_sets for slot in trial)

    def fits(self, trial: list[_Slot], share: float = 1.0) -> bool:
        return (
            _seconds(trial) <= self.budget * share
            and len(trial) <= self.limits["exercises"]
            and sum(slot.sets for slot in trial) <= self.limits["sets"]
        )

    def place(self, plane: str) -> bool:
        """The best card for a plane at one set, on-goal first; False when none fits the time left."""
        for pool, goal_fit in ((self.on_goal, True), (self.off_goal, False)):
            for exercise in self.ranked(plane, pool, self.missing()):
                slot = self.slot_for(plane, exercise, 1, goal_fit)
                if not self.fits(self.session.slots + [slot]):
                    continue
                self.session.slots.append(slot)
                if not goal_fit:
                    self.notes.append(
                        f"{exercise.name} does not list the {self.request.goal} goal: nothing that does fits your "
                        f"level, kit and time for {PLANE_NAMES[plane]}, so it stands in."
                    )
                return True
        return False

    def cover_planes(self) -> list[tuple[str, int]]:
        """Coverage first; returns the planes left out for time, with the seconds each needs at its shortest."""
        request = self.request
        left_out: list[tuple[str, int]] = []
        for plane in self.planes:
            if plane not in self.missing() or self.place(plane):
                continue
            shortest = [self.slot_for(plane, e, 1, True) for e in self.ranked(plane, self.candidates, self.missing())]
            if shortest:
                left_out.append((plane, min(slot.seconds for slot in shortest)))
                continue
            precautions = [flag for flag in request.avoid if flag in PRECAUTION_POSITIONS]
            if request.session == "strength" and plane in ("hip-flexors", "hip-abductors") and not precautions:
                raise PlanError(_no_exercise_message(plane, request))
            why = f" and the {', '.join(precautions)} precautions" if precautions else " and avoid flags"
            self.notes.append(f"Left out {PLANE_NAMES[plane]}: no card for it fits your level, kit{why}.")
        # A session that covers fewer than half its goal's planes is no session for that goal.
        if len(self.session.covered(self.planes)) < -(-len(self.planes) // 2) and left_out:
            needed = _seconds(self.session.slots) + sum(need for _, need in left_out)
            raise PlanError(_too_short_message(request, needed))
        return left_out

    def add_extras(self, fill: float) -> None:
        # R7: an advanced person takes two sets of the harder card before the full sets of an easier one.
        fewest = 2 if self.request.level == LEVELS[-1] and self.request.session == "strength" else None
        for block in EXTRAS[self.request.session][self.request.goal]:
            for exercise in self.ranked(block, self.on_goal, self.missing()):
                slot = self.slot_for(block, exercise, None, True)
                while not self.fits(self.session.slots + [slot], fill) and fewest and not slot.fixed and slot.sets > fewest:
                    slot.sets -= 1
                if self.fits(self.session.slots + [slot], fill):
                    self.session.slots.append(slot)
                    break

    def explain_shortfalls(self, left_out: list[tuple[str, int]]) -> None:
        slack = self.budget - _seconds(self.session.slots)
        for plane, need in left_out:
            more = -(-max(0, need - slack) // 60)
            self.notes.append(
                f"Left out {PLANE_NAMES[plane]}: it needs about {more} more minute{'s' if more != 1 else ''} "
                f"(--minutes {self.request.minutes + more})."
            )
        for slot in self.session.slots:
            if slot.sets < slot.low_sets:
                self.notes.append(
                    f"{slot.exercise.name}: {slot.sets} set{'s' if slot.sets != 1 else ''}, below the card's "
                    f"{slot.low_sets}: short on time, more movements with fewer sets cover more."
                )

    def plan(self) -> Plan:
        request = self.request
        blocks = []
        for block in BLOCK_ORDER:
            members = [slot for slot in self.session.slots if PRINTED_AS.get(slot.block, slot.block) == block]
            if not members:
                continue
            spec = BLOCKS[block]
            items = tuple(
                make_item(
                    slot.exercise, slot.dose, slot.sets, _why(slot, request), level=slot.level, warmup=slot.warmup,
                    amount=slot.amount,
                )
                for slot in members
            )
            blocks.append(Block(key=block, title=spec.title, purpose=spec.purpose, exercises=items))
        chosen = [slot.exercise for slot in self.session.slots]
        return with_times(
            Plan(
                request=request,
                blocks=tuple(blocks),
                bands=band_legend(self.catalogue) if any(exercise.uses_band for exercise in chosen) else None,
                safety=safety_notes(self.catalogue, request, chosen),
                pain=PAIN_RULE,
                notes=tuple(self.notes),
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
        dose_name = ("warm-up dose" if slot.warmup else f"{slot.level} dose") + f" from {slot.dose.source}"
        if slot.level != request.level and not slot.warmup:
            dose_name += " (capped by your single-leg stance test, CS5)"
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
    precautions += [
        f"{flag}: {slug} is left out, as {why}" for flag in request.avoid for slug, why in PRECAUTION_CARDS.get(flag, {}).items()
        if slug in catalogue.by_slug
    ]
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
