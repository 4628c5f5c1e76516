"""What a guided session runs through: a plan's exercises as drills, and the stages the trainer steps through.

Built once before the clock starts and never changed after: each drill carries
what the screen shows (dose, band, cue, steps, mistakes) and the pain limit of
its card; ``stages_for`` lays out setup, get-ready, work, record and rest for
every set; ``estimate_seconds`` is the planner's time estimate (R11); and
``script_lines`` is the same session as numbered steps for a screen that cannot
run a clock. ``trainer.py`` is the state machine that walks the stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from . import wording as fmt
from .pain import GROIN_PAIN_LIMIT, PAIN_LIMIT

if TYPE_CHECKING:
    from .models import Catalogue
    from .plans import Plan

# The pain limits the screen warns at are the ones the log's rules and the printed rule use (pain.py):
# above 5/10 in a set (CS3), above 3/10 for Copenhagen groin work (COACHING.md section 1; ASP, Harøy 2019).
PAIN_ACCEPTABLE = PAIN_LIMIT

StageKind = Literal["setup", "ready", "switch", "work", "record", "rest", "done"]


@dataclass(frozen=True)
class Drill:
    """One exercise as the trainer runs it, with everything the screen shows."""

    slug: str
    name: str
    unit: str  # reps, seconds or steps
    low: int
    high: int  # the target: the top of the range, as the time estimate assumes (R11)
    sets: int
    per_side: bool
    sides: tuple[str | None, ...]  # ("left", "right") for one side at a time, else (None,)
    rest: int
    tempo: str | None = None
    band: str | None = None
    band_colour: str | None = None
    placement: str | None = None
    cue: str = ""
    effort: str | None = None  # how hard a set should feel (R8), as the plan says
    steps: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    block: str = ""
    pain_limit: int = PAIN_ACCEPTABLE  # the most pain this card accepts in a set
    pain_source: str = "CS3"
    # OMNI-RES is a scale for resistance work (R8); a jog or a stretch is rated 0-10 without it.
    effort_scale: str | None = "OMNI-RES"

    @property
    def timed(self) -> bool:
        return self.unit == "seconds"

    @property
    def dose(self) -> str:
        """'2 × 8–10 per side', as plans print it."""
        return fmt.dose(self.sets, self.unit, (self.low, self.high), self.per_side)

    def target(self, side: str | None = None) -> str:
        """'12 reps per side', '10 steps each way', '30 s': the amount one work stage asks for."""
        text = fmt.amount(self.unit, (self.high, self.high), self.per_side and side is None and len(self.sides) == 1)
        if self.unit == "reps":
            text = text.replace(str(self.high), f"{self.high} reps", 1)
        return text

    @property
    def band_text(self) -> str:
        return fmt.band(self.band, None) + (f" ({self.band_colour})" if self.band and self.band_colour else "")


@dataclass(frozen=True)
class Stage:
    """One stage of a session: a setup, get-ready, switch, work, record or rest stage, or the end."""
    kind: StageKind
    drill: int = 0
    set: int = 0  # 1-based; 0 for setup and done
    side: int = 0  # index into the drill's sides


def _pain_limit(card: object) -> tuple[int, str]:
    """The card's pain limit and its source: 3/10 for the Copenhagen (groin) family, 5/10 otherwise."""
    from .ladder import COPENHAGEN, protocol

    if card is not None and protocol(card) is COPENHAGEN:  # type: ignore[arg-type]
        return GROIN_PAIN_LIMIT, "ASP; Harøy 2019"
    return PAIN_ACCEPTABLE, "CS3"


def _effort_scale(card: object) -> str | None:
    if card is None:
        return "OMNI-RES"
    if getattr(card, "is_static_stretch", False) or getattr(card, "category", "") == "mobility":
        return None
    return "OMNI-RES" if getattr(card, "uses_band", False) or getattr(card, "category", "") != "activation" else None


def drills_from_plan(plan: Plan, catalogue: Catalogue) -> tuple[Drill, ...]:
    """The plan's exercises in order, with the card's sides, steps, mistakes, band and pain limit."""
    drills = []
    legend = plan.bands.colours if plan.bands else {}
    for block in plan.blocks:
        for item in block.exercises:
            card = catalogue.get(item.slug)
            one_side = card is not None and card.laterality == "one-side" and item.per_side
            colour = None
            limit, source = _pain_limit(card)
            if item.band is not None:
                chart = catalogue.chart_for(card) if card is not None and card.uses_band else None
                colour = legend.get(item.band) or (chart.colours.get(item.band) if chart else None)
            drills.append(
                Drill(
                    slug=item.slug,
                    name=item.name,
                    unit=item.unit,
                    low=item.amount[0],
                    high=item.amount[1],
                    sets=item.sets,
                    per_side=item.per_side,
                    sides=("left", "right") if one_side else (None,),
                    rest=item.rest,
                    tempo=item.tempo,
                    band=item.band,
                    band_colour=colour,
                    placement=card.band.placement if card is not None and card.band and item.band else None,
                    cue=item.cue,
                    effort=item.effort,
                    steps=card.steps if card else (),
                    mistakes=card.mistakes if card else (),
                    block=block.title,
                    pain_limit=limit,
                    pain_source=source,
                    effort_scale=_effort_scale(card),
                )
            )
    return tuple(drills)


def resume_index(stages: tuple[Stage, ...], drills: tuple[Drill, ...], done: Mapping[tuple[int, int, str | None], object]) -> int:
    """Where an interrupted session picks up: the first set and side not in ``done``, at its get-ready
    count (or the exercise's change-over, for its first set); the end when everything is there."""
    for index, stage in enumerate(stages):
        if stage.kind != "work" or (stage.drill, stage.set, drills[stage.drill].sides[stage.side]) in done:
            continue
        entry = index
        while entry > 0 and stages[entry - 1].kind in ("ready", "switch", "setup") and stages[entry - 1].drill == stage.drill:
            entry -= 1
            if stages[entry].kind == "setup" or stage.set > 1 or stage.side > 0:
                break
        return entry
    return len(stages) - 1


def stages_for(drills: tuple[Drill, ...]) -> tuple[Stage, ...]:
    stages: list[Stage] = []
    for d, drill in enumerate(drills):
        stages.append(Stage("setup", d))
        for number in range(1, drill.sets + 1):
            for side in range(len(drill.sides)):
                if side > 0:
                    stages.append(Stage("switch", d, number, side))
                elif drill.timed:
                    stages.append(Stage("ready", d, number, side))
                stages.append(Stage("work", d, number, side))
                stages.append(Stage("record", d, number, side))
            if number < drill.sets and drill.rest > 0:
                stages.append(Stage("rest", d, number))
    stages.append(Stage("done", len(drills)))
    return tuple(stages)


def estimate_seconds(drills: tuple[Drill, ...]) -> int:
    """R11, as the planner estimates a plan: sets x amount x sides x rep time + rests + a change-over each."""
    from .planner import dose_seconds

    return sum(
        dose_seconds(drill.unit, drill.high, drill.per_side, drill.sets, drill.rest, drill.tempo) for drill in drills
    )


def rep_parts(tempo: str | None) -> tuple[tuple[str, int], ...]:
    """A lift-pause-lower tempo as named parts with their seconds, zero-length parts left out."""
    if not tempo:
        return ()
    names = ("lift", "pause", "lower")
    return tuple((name, int(seconds)) for name, seconds in zip(names, tempo.split("-")) if int(seconds) > 0)


def script_lines(drills: tuple[Drill, ...], source: str) -> list[str]:
    """The session as numbered steps without timing, for a screen that cannot run a clock."""
    count = f"{len(drills)} exercise{'s' if len(drills) != 1 else ''}"
    lines = [f"Session: {source}. {count}, about {fmt.duration(estimate_seconds(drills))} (R11)."]
    for number, drill in enumerate(drills, 1):
        lines.append("")
        head = f"{number}. {drill.name}: {drill.dose}, rest {fmt.rest(drill.rest)}"
        if drill.tempo and not drill.timed:
            head += f", tempo {drill.tempo}"
        if drill.band:
            head += f", band {drill.band_text}"
        lines.append(head)
        if drill.placement:
            lines.append(f"   band: {drill.placement}")
        lines.append(f"   cue: {drill.cue}")
        if drill.effort:
            lines.append(f"   effort: {drill.effort}")
        for set_number in range(1, drill.sets + 1):
            doing = []
            for side in drill.sides:
                doing.append(("hold " if drill.timed else "") + drill.target(side) + (f", {side} side" if side else ""))
            line = f"   set {set_number} of {drill.sets}: " + ", then switch sides: ".join(doing)
            if set_number < drill.sets and drill.rest:
                line += f"; rest {drill.rest} s"
            lines.append(line)
    return lines
