"""Progression ladders: the steps one exercise family climbs, rung by rung.

Pure: no I/O, no printing. The planner starts each exercise on a rung, the
programme climbs one rung every two weeks (R14), and the training log picks
the rung from what was done; all of them address a rung the same way.

A ladder belongs to one exercise family and one person (level, kit, avoided
loads and precautions). It climbs R13's order, repeated up the bands:

1. reps (or seconds, or steps) from the bottom of the card's range to the top;
2. sets, one at a time, to the top of the set range;
3. a slower tempo: a longer lowering and a pause (rep time stays within the
   0.5-8 s that Schoenfeld 2015 found equally effective, R10);
4. the band further down the limb: the family's next card with the band
   lower (Lewis 2018: knees, then ankles, then feet);
5. a heavier band, reps back to the bottom (TheraBand; R12), and steps 1-4 again;
6. the harder variant: the family's next card the person can do (R16).

Published protocols replace the generic steps for two exercises: the
Copenhagen adduction climbs the Adductor Strengthening Programme (one set,
3-5 reps per side building by reps to 12-15; COACHING.md section 1) and the
Nordic hamstring curl Petersen 2011 (2 x 5 once in week 1, then week by
week; COACHING.md section 2).

A rung is addressed by ``Rung.index`` (its position in this person's ladder:
store it, compare it) or by ``Rung.key`` (``slug:sets x low-high:band:tempo``,
stable when the ladder around it changes, for example after the person buys a
box).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from functools import cache
from typing import Protocol

from .models import BAND_LEVELS, LEVELS, PRECAUTION_POSITIONS, Catalogue, Exercise, Model, Prescription, model
from .rules import PRECAUTION_CARDS

TRANSITION_SECONDS = 30  # R11
MAX_REP_SECONDS = 8  # R10: rep durations up to about 8 s work as well as faster ones
HOLD_WEEKS = 2  # R14: two-week steps
# Kettlebells are commonly sold in 4 kg steps (8, 12, 16, 20, 24 kg): the
# default size of the "heavier bell" rung; the user may set another
# (config key ``kettlebell_step_kg``) [C].
KETTLEBELL_STEP_KG = 4
KETTLEBELL_STEPS = 3  # heavier bells on a ladder before it says what else would help [C]


class Person(Protocol):
    """What a ladder needs to know about the person: a PlanRequest or ProgrammeRequest."""

    level: str
    equipment: tuple[str, ...]
    avoid: tuple[str, ...]


# --- time (R11) ------------------------------------------------------------------------


@cache
def rep_seconds(tempo: str | None) -> int:
    """Seconds per rep or step from a 'lift-pause-lower' tempo (R10)."""
    if not tempo:
        return 3
    return max(1, sum(int(part) for part in tempo.split("-")))


def dose_seconds(unit: str, high: int, per_side: bool, sets: int, rest: int, tempo: str | None) -> int:
    """R11: sets x reps x sides x seconds per rep + rests between sets + one change-over."""
    sides = 2 if per_side else 1
    work = high * sides if unit == "seconds" else high * sides * rep_seconds(tempo)
    return sets * work + (sets - 1) * rest + TRANSITION_SECONDS


# --- who can do what -----------------------------------------------------------------------


def eligible(exercise: Exercise, person: Person) -> bool:
    """The hard rules: level, kit, avoided loads and the positions a precaution rules out."""
    if not exercise.suits(person.level):
        return False
    if not set(exercise.equipment) <= set(person.equipment):
        return False
    if set(exercise.loads) & set(person.avoid):
        return False
    if any(exercise.slug in PRECAUTION_CARDS.get(flag, {}) for flag in person.avoid):
        return False
    return not any(set(exercise.hip_positions) & PRECAUTION_POSITIONS.get(flag, frozenset()) for flag in person.avoid)


def why_not(exercise: Exercise, person: Person) -> str | None:
    """What keeps a card from this person, as the thing that would unlock it; None if nothing does."""
    if not exercise.suits(person.level):
        return f"the {exercise.level} level"
    missing = [kit for kit in exercise.equipment if kit not in person.equipment]
    if missing:
        return "kit: " + ", ".join(name.replace("-", " ") for name in missing)
    return None


# --- protocols -------------------------------------------------------------------------------


@model
class Published(Model):
    """A published dose schedule that replaces the generic steps for a card."""

    name: str
    source: str
    doses: tuple[tuple[int, tuple[int, int]], ...]  # (sets, (low, high)) per rung
    hold_weeks: int
    per_week: tuple[int, ...] = ()  # sessions a week in programme weeks 1, 2, ... (last repeats); () no cap
    note: str = ""

    def sessions_in_week(self, week: int) -> int | None:
        if not self.per_week:
            return None
        return self.per_week[min(week, len(self.per_week)) - 1]


COPENHAGEN = Published(
    name="Adductor Strengthening Programme",
    source="Haroy2019; CS1 (Harøy 2019; BJSM 2022, PMC9872240)",
    doses=((1, (3, 5)), (1, (6, 8)), (1, (9, 11)), (1, (12, 15))),
    hold_weeks=HOLD_WEEKS,
    note="one set per side, building by reps from 3-5 to 12-15; step down a level if pain passes 3/10",
)
NORDIC = Published(
    name="Petersen 2011 Nordic schedule",
    source="CS2 (Petersen 2011, AJSM 39:2296)",
    # Week 1: 2 x 5 once; week 2: 2 x 6 twice; week 3: 3 x 6-8; week 4: 3 x 8-10;
    # then 3 sets of 12/10/8, shown as 3 x 8-12.
    doses=((2, (5, 5)), (2, (6, 6)), (3, (6, 8)), (3, (8, 10)), (3, (8, 12))),
    hold_weeks=1,
    # Petersen 2011: weeks 1-10 build from one session to three a week; after the
    # 27 sessions, one a week keeps the gains.
    per_week=(1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 1),
    note="once in week 1, twice in week 2, three times a week in weeks 3-10, then once a week keeps it",
)


def protocol(exercise: Exercise) -> Published | None:
    """The published schedule a card follows, if any: the Copenhagen family (side-lying adduction is
    the ASP's level 1) and the Nordic curl."""
    if exercise.family_name == "copenhagen-adduction" or exercise.slug.startswith("copenhagen"):
        return COPENHAGEN
    if exercise.family_name == "nordic-curl" or exercise.slug.startswith("nordic"):
        return NORDIC
    return None


# --- rungs and ladders -------------------------------------------------------------------


@model
class Rung(Model):
    """One dose on a ladder."""

    index: int  # position in this person's ladder: store and compare it
    slug: str
    sets: int
    amount: tuple[int, int]  # reps, seconds or steps (a range only where a protocol gives one)
    unit: str
    per_side: bool
    rest: int
    tempo: str | None
    band: str | None
    step: str  # how this rung is reached from the one before: start, reps, sets, tempo, position, band, variant, load
    detail: str  # what changed, in words, with the rule's source
    load_kg: int = 0  # kg above the bell the person started the card with (kettlebell cards)

    @property
    def key(self) -> str:
        return rung_key(self.slug, self.sets, self.amount, self.band, self.tempo) + (f":+{self.load_kg}kg" if self.load_kg else "")

    @property
    def dose_key(self) -> str:
        """The key without the bell: what a log that does not record kilograms can match."""
        return rung_key(self.slug, self.sets, self.amount, self.band, self.tempo)

    @property
    def seconds(self) -> int:
        return dose_seconds(self.unit, self.amount[1], self.per_side, self.sets, self.rest, self.tempo)

    def load(self) -> tuple[int, int, int, int]:
        """Band, sets, amount and rep time as one comparable tuple (for matching a logged dose)."""
        band = BAND_LEVELS.index(self.band) if self.band else -1
        return (band, self.sets, self.amount[1], rep_seconds(self.tempo))

    def bell_text(self) -> str:
        """What to lift, for a heavier-bell rung ("" otherwise)."""
        return f"a kettlebell {self.load_kg} kg heavier than the one you started this card with" if self.load_kg else ""


def rung_key(slug: str, sets: int, amount: tuple[int, int], band: str | None, tempo: str | None) -> str:
    low, high = amount
    span = f"{low}" if low == high else f"{low}-{high}"
    return f"{slug}:{sets}x{span}:{band or '-'}:{tempo or '-'}"


@model
class Ladder(Model):
    """A family's rungs for one person, easiest first."""

    family: str
    level: str
    rungs: tuple[Rung, ...]
    unlocks: tuple[str, ...]  # what would open more rungs beyond the top: kit or the next level
    hold_weeks: int = HOLD_WEEKS
    protocols: dict[str, Published] = field(default_factory=dict)  # slug -> protocol

    def __len__(self) -> int:
        return len(self.rungs)

    def __getitem__(self, index: int) -> Rung:
        return self.rungs[index]

    def find(self, key: str) -> Rung | None:
        return next((rung for rung in self.rungs if rung.key == key), None)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rung.slug for rung in self.rungs))

    def start(self, slug: str) -> Rung:
        """The first rung of a card: where a programme starts it."""
        return next(rung for rung in self.rungs if rung.slug == slug)

    def top_note(self) -> str:
        """What the top of this ladder means for the person, and what would unlock more."""
        top = self.rungs[-1]
        what = f"{top.slug} at {top.sets} x {_span(top.amount)}" + (f", {top.band} band" if top.band else "")
        what += f", +{top.load_kg} kg bell" if top.load_kg else ""
        more = "; ".join(self.unlocks) if self.unlocks else level_up(self.level)
        return f"top of the {self.family} ladder for you ({what}); more would need {more}"


def level_up(level: str) -> str:
    """What would open harder work when a ladder tops out: the next level, said as the command that sets it."""
    if level == LEVELS[-1]:
        return ("heavier kit (a kettlebell, a heavier band) or a harder exercise from another family; "
                "see 'hipcli alternatives' (R16)")
    after = LEVELS[LEVELS.index(level) + 1]
    return f"the {after} level's cards: once this feels easy for two weeks, 'hipcli config level {after}' (R1, R16)"


def _span(amount: tuple[int, int]) -> str:
    return f"{amount[0]}" if amount[0] == amount[1] else f"{amount[0]}-{amount[1]}"


_PLACES = (("foot", 2), ("feet", 2), ("forefoot", 2), ("sole", 2), ("ankle", 1), ("shin", 1), ("knee", 0), ("thigh", 0))


def band_place(exercise: Exercise) -> int | None:
    """How far down the limb the band sits: 0 at the knees or thighs, 1 at the ankles, 2 at the feet."""
    if exercise.band is None:
        return None
    text = exercise.band.placement.lower()
    found = [rank for word, rank in _PLACES if word in text]
    return max(found) if found else None


def _slower(tempo: str | None, unit: str) -> str | None:
    """One second more pause and one more lowering, or None when that would pass 8 s a rep."""
    if unit == "seconds" or not tempo:
        return None
    lift, pause, lower = (int(part) for part in tempo.split("-"))
    if lift + pause + lower + 2 > MAX_REP_SECONDS or pause + 1 > 9 or lower + 1 > 9:
        return None
    return f"{lift}-{pause + 1}-{lower + 1}"


def _step_size(unit: str, low: int, high: int) -> int:
    if unit == "seconds":
        return 5
    return 1 if high - low <= 3 else 2


def chain(catalogue: Catalogue, exercise: Exercise, person: Person) -> list[Exercise]:
    """The family's cards this person can do, in the order the ladder climbs them.

    Up from ``exercise`` by its harder links, down by its easier links, each
    time to the nearest card of the same family that the person can do.
    Cards of the family that are neither easier nor harder (the same exercise
    on another card) are not steps.
    """
    family = exercise.family_name

    def linked(card: Exercise, direction: str) -> Exercise | None:
        seen: set[str] = set()
        frontier = list(getattr(card, direction))
        while frontier:
            options = []
            for slug in frontier:
                other = catalogue.get(slug)
                if other is None or slug in seen or other.family_name != family:
                    continue
                seen.add(slug)
                options.append(other)
            usable = [other for other in options if eligible(other, person)]
            if usable:
                # The nearest step: the easiest harder card, or the hardest easier one.
                usable.sort(key=lambda other: (LEVELS.index(other.level), other.slug))
                return usable[0] if direction == "harder" else usable[-1]
            frontier = [slug for other in options for slug in getattr(other, direction)]
        return None

    cards = [exercise]
    while (below := linked(cards[0], "easier")) is not None and below not in cards:
        cards.insert(0, below)
    while (above := linked(cards[-1], "harder")) is not None and above not in cards:
        cards.append(above)
    return cards


def _groups(cards: list[Exercise]) -> list[list[Exercise]]:
    """Consecutive banded cards that differ by where the band sits climb the bands together."""
    groups: list[list[Exercise]] = []
    for card in cards:
        last = groups[-1][-1] if groups else None
        place, before = band_place(card), band_place(last) if last else None
        if (
            last is not None
            and card.uses_band
            and last.uses_band
            and card.pattern == last.pattern
            and card.unit == last.unit
            and place is not None
            and before is not None
            and place > before
            and protocol(card) is None
        ):
            groups[-1].append(card)
        else:
            groups.append([card])
    return groups


def _rungs_for_stage(
    card: Exercise, dose: Prescription, band: str | None, entry_sets: int | None, first_step: str, first_detail: str
) -> list[dict]:
    """Reps, then sets, then tempo, on one card with one band."""
    unit = card.unit
    low, high = dose.amount
    sets = entry_sets if entry_sets is not None else dose.sets[0]
    sets = min(max(sets, dose.sets[0]), dose.sets[1])
    tempo = dose.tempo
    out = [dict(slug=card.slug, sets=sets, amount=(low, low), tempo=tempo, band=band, step=first_step, detail=first_detail)]
    amount = low
    while amount < high:
        before, amount = amount, min(high, amount + _step_size(unit, low, high))
        out.append(dict(out[-1], amount=(amount, amount), step="reps",
                        detail=f"{unit} {before} -> {amount}: {unit} climb towards the top of the range (R12, R13)"))
    while sets < dose.sets[1]:
        sets += 1
        out.append(dict(out[-1], sets=sets, step="sets",
                        detail=f"sets {sets - 1} -> {sets}: {unit} are at the top, so a set is added (R12, R14)"))
    slower = _slower(tempo, unit)
    if slower is not None:
        out.append(dict(out[-1], tempo=slower, step="tempo",
                        detail=f"tempo {tempo} -> {slower}: a slower lowering and a pause before more load (R13, R10)"))
    return out


def _protocol_rungs(card: Exercise, dose: Prescription, proto: Published, first_step: str, first_detail: str) -> list[dict]:
    out = []
    for number, (sets, amount) in enumerate(proto.doses):
        if number == 0:
            step, detail = first_step, first_detail
        else:
            step = "reps" if sets == out[-1]["sets"] else "sets"
            detail = (f"{out[-1]['sets']} x {_span(out[-1]['amount'])} -> {sets} x {_span(amount)}: "
                      f"the next step of the {proto.name} ({proto.source})")
        out.append(dict(slug=card.slug, sets=sets, amount=amount, tempo=dose.tempo, band=None, step=step, detail=detail))
    return out


def _bell_rungs(card: Exercise, dose: Prescription, sets: int, step_kg: int) -> list[dict]:
    """Heavier bells on a kettlebell card at the top of its ladder: each bell restarts the reps at the bottom
    (R12: ACSM adds 2-10% load once the target is beaten; a heavier bell is the kettlebell's load step [C])."""
    out: list[dict] = []
    low, high = dose.amount
    for number in range(1, KETTLEBELL_STEPS + 1):
        kg = number * step_kg
        amount = low
        out.append(dict(slug=card.slug, sets=sets, amount=(low, low), tempo=dose.tempo, band=None, load_kg=kg,
                        step="load", detail=f"a bell {kg} kg heavier than at the start, {card.unit} back to {low} "
                        f"(R12: more load once the range is beaten; {step_kg} kg bell steps [C])"))
        while amount < high:
            before, amount = amount, min(high, amount + _step_size(card.unit, low, high))
            out.append(dict(out[-1], amount=(amount, amount), step="reps",
                            detail=f"{card.unit} {before} -> {amount} with the +{kg} kg bell (R12, R13)"))
    return out


def _band_stages(
    group: list[Exercise], level: str, before: list[dict], exercise: Exercise, entry: tuple[str, str, int | None]
) -> list[dict]:
    """A group of cards that differ by band position, climbed band by band: every position on a band, then the next
    band (R13's order, Lewis 2018; TheraBand). ``entry`` is how the group is reached: step, detail and sets."""
    steps = list(before)
    start_bands = {card.slug: card.prescription[level].band for card in group}
    lowest = min((BAND_LEVELS.index(b) for b in start_bands.values() if b), default=None)
    bands: list[str | None] = list(BAND_LEVELS[lowest:]) if lowest is not None else [None]
    entered = False
    for band in bands:
        for card in group:
            own = start_bands[card.slug]
            if band is not None and own is not None and BAND_LEVELS.index(band) < BAND_LEVELS.index(own):
                continue
            if not entered:
                step, detail, sets = entry
                entered = True
            elif card.slug != steps[-1]["slug"] and band == steps[-1]["band"]:
                step = "position"
                detail = (f"{steps[-1]['slug']} -> {card.slug}: the band moves further down the limb, "
                          f"{card.unit} back to the bottom (R13; Lewis 2018)")
                sets = steps[-1]["sets"]
            else:
                step = "band"
                detail = (f"band {steps[-1]['band']} -> {band}"
                          + (f" on {card.slug}" if card.slug != steps[-1]["slug"] else "")
                          + f": {card.unit} back to the bottom (R12, R13; TheraBand)")
                sets = steps[-1]["sets"]
            if card.slug == exercise.slug and not any(values["slug"] == card.slug for values in steps):
                sets = None  # the card a plan starts on starts at the bottom of its own range
            steps += _rungs_for_stage(card, card.prescription[level], band, sets, step, detail)
    return steps[len(before):]


def build_ladder(
    catalogue: Catalogue, exercise: Exercise, person: Person, *, kettlebell_step_kg: int = KETTLEBELL_STEP_KG
) -> Ladder:
    """The ladder of ``exercise``'s family for this person, through ``exercise`` itself.

    A kettlebell card at the top of the ladder climbs on with heavier bells,
    ``kettlebell_step_kg`` kilograms at a time (the config key of that name).
    """
    level = person.level
    cards = chain(catalogue, exercise, person)
    steps: list[dict] = []
    protocols: dict[str, Published] = {}
    for number, group in enumerate(_groups(cards)):
        entry_step = "start" if number == 0 else "variant"
        # A harder variant keeps the sets already reached, within its own range.
        entry_sets = steps[-1]["sets"] if steps else None
        first = group[0]
        entry_detail = (
            "the bottom of the range (R14)"
            if number == 0
            else f"{steps[-1]['slug']} -> {first.slug}: the top is reached, so the harder variant takes over (R13, R16)"
        )
        proto = protocol(first)
        if proto is not None:
            protocols[first.slug] = proto
            steps += _protocol_rungs(first, first.prescription[level], proto, entry_step, entry_detail)
            continue
        steps += _band_stages(group, level, steps, exercise, (entry_step, entry_detail, entry_sets))
    top = cards[-1]
    if "kettlebell" in top.equipment and protocol(top) is None and steps:
        steps += _bell_rungs(top, top.prescription[level], steps[-1]["sets"], max(1, kettlebell_step_kg))
    # A step that changes nothing a person would notice is no step.
    rungs: list[Rung] = []
    for values in steps:
        card = catalogue.by_slug[values["slug"]]
        dose = card.prescription[level]
        rung = Rung(index=len(rungs), unit=card.unit, per_side=card.per_side, rest=dose.rest, **values)
        if rungs and rungs[-1].key == rung.key:
            continue
        rungs.append(rung)
    return Ladder(
        family=exercise.family_name,
        level=level,
        rungs=tuple(rungs),
        unlocks=_unlocks(catalogue, cards[-1], person) + (
            (f"a heavier bell than +{KETTLEBELL_STEPS * max(1, kettlebell_step_kg)} kg, or a harder exercise",)
            if "kettlebell" in top.equipment and protocol(top) is None else ()
        ),
        hold_weeks=min((p.hold_weeks for p in protocols.values()), default=HOLD_WEEKS),
        protocols=protocols,
    )


def _unlocks(catalogue: Catalogue, top: Exercise, person: Person) -> tuple[str, ...]:
    """The harder cards past the top, and what each needs: kit or the next level."""
    out = []
    for slug in top.harder:
        other = catalogue.get(slug)
        if other is None:
            continue
        reason = why_not(other, person)
        if reason is not None:
            out.append(f"{reason} for {slug}")
        elif other.family_name != top.family_name:
            out.append(f"a move to another exercise, {slug}")
    if not top.harder and top.uses_band:
        out.append("a band heavier than extra-heavy")
    return tuple(out)


# --- moving on a ladder ----------------------------------------------------------------------


def rung_for(ladder: Ladder, slug: str, sets: int, amount: tuple[int, int], band: str | None, tempo: str | None) -> Rung | None:
    """The rung a dose stands on: the exact rung, else the highest rung of that card it has reached."""
    key = rung_key(slug, sets, amount, band, tempo)
    exact = ladder.find(key)
    if exact is not None:
        return exact
    # A logged dose carries no kilograms: it reaches the rungs with the starting bell.
    own = [rung for rung in ladder.rungs if rung.slug == slug and not rung.load_kg]
    if not own:
        return None
    load = (BAND_LEVELS.index(band) if band else -1, sets, amount[1], rep_seconds(tempo))
    reached = [rung for rung in own if all(a <= b for a, b in zip(rung.load(), load))]
    return reached[-1] if reached else own[0]


def rung_for_item(ladder: Ladder, item: object) -> Rung | None:
    """The rung a plan item stands on (see ``rung_for``)."""
    return rung_for(
        ladder,
        item.slug,  # type: ignore[attr-defined]
        item.sets,  # type: ignore[attr-defined]
        item.amount,  # type: ignore[attr-defined]
        item.band,  # type: ignore[attr-defined]
        item.tempo,  # type: ignore[attr-defined]
    )


def next_rung(ladder: Ladder, rung: Rung, *, max_seconds: int | None = None, avoid: Iterable[str] = ()) -> Rung | None:
    """The next rung up, or None at the top.

    With ``max_seconds``, a rung that would take longer is passed over for the
    first later rung that takes no more time than the current one (a heavier
    band, the band further down, a harder variant): a time-neutral step.
    Rungs on the cards in ``avoid`` (slugs already in the session) are passed over.
    """
    blocked = set(avoid) - {rung.slug}
    later = [other for other in ladder.rungs[rung.index + 1 :] if other.slug not in blocked]
    if not later:
        return None
    if max_seconds is None or later[0].seconds <= max_seconds:
        return later[0]
    return next((other for other in later if other.seconds <= rung.seconds), None)


def previous_rung(ladder: Ladder, rung: Rung) -> Rung | None:
    """One rung down (a step back after a hard week or pain), or None at the bottom."""
    return ladder.rungs[rung.index - 1] if rung.index > 0 else None


def is_top(ladder: Ladder, rung: Rung) -> bool:
    return rung.index == len(ladder.rungs) - 1


def doses_on_ladder(catalogue: Catalogue, exercise: Exercise, person: Person) -> set[tuple[int, tuple[int, int]]]:
    """Every (sets, amount) a card takes on its ladder for this person: a plan file may hold any of them."""
    ladder = build_ladder(catalogue, exercise, person)
    return {(rung.sets, rung.amount) for rung in ladder.rungs if rung.slug == exercise.slug}


__all__ = [
    "COPENHAGEN",
    "HOLD_WEEKS",
    "KETTLEBELL_STEP_KG",
    "NORDIC",
    "Ladder",
    "Rung",
    "build_ladder",
    "chain",
    "dose_seconds",
    "doses_on_ladder",
    "eligible",
    "is_top",
    "level_up",
    "next_rung",
    "previous_rung",
    "protocol",
    "rep_seconds",
    "rung_for",
    "rung_for_item",
    "rung_key",
    "why_not",
]
