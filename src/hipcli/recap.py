"""The end of a guided session: what was done against the plan, exercise by exercise.

Computed from the trainer's final state; ``live.py`` draws it, and the log's
rules take the exercises with a set recorded as the ones to decide on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .trainer import State


@dataclass(frozen=True)
class ExerciseRecap:
    """One exercise at the end of a session: what was asked, what was done, how it felt."""

    name: str
    slug: str
    unit: str
    dose: str  # as planned: '2 × 8–10 per side'
    planned: int  # sets the plan asked for, each side counted
    recorded: int
    done: tuple[int, ...]  # per recorded set, in order
    low: int
    effort: int | None  # the hardest set
    pain: int | None  # the worst set
    pain_limit: int
    pain_source: str
    too_much: tuple[str, ...]  # 'set 2 left' for each set above the pain limit

    @property
    def short(self) -> int:
        """Sets recorded below the bottom of the range."""
        return sum(1 for amount in self.done if amount < self.low)


@dataclass(frozen=True)
class Recap:
    """The end of a training session: each exercise done against the plan, and the time taken."""
    exercises: tuple[ExerciseRecap, ...]
    elapsed: float
    estimate: int
    quit: bool

    @property
    def planned(self) -> int:
        return sum(item.planned for item in self.exercises)

    @property
    def recorded(self) -> int:
        return sum(item.recorded for item in self.exercises)

    @property
    def slugs(self) -> tuple[str, ...]:
        """The exercises with a set recorded: what the log's rules have something new to decide on."""
        return tuple(item.slug for item in self.exercises if item.recorded)


def recap(state: State) -> Recap:
    """What the session came to, exercise by exercise, for the screen after it."""
    items = []
    for order, drill in enumerate(state.drills):
        sets = [state.recorded[key] for key in sorted(
            (k for k in state.recorded if k[0] == order), key=lambda k: (k[1], drill.sides.index(k[2]) if k[2] in drill.sides else 0)
        )]
        efforts = [s.effort for s in sets if s.effort is not None]
        pains = [s.pain for s in sets if s.pain is not None]
        items.append(
            ExerciseRecap(
                name=drill.name,
                slug=drill.slug,
                unit=drill.unit,
                dose=drill.dose,
                planned=drill.sets * len(drill.sides),
                recorded=len(sets),
                done=tuple(s.done for s in sets),
                low=drill.low,
                effort=max(efforts) if efforts else None,
                pain=max(pains) if pains else None,
                pain_limit=drill.pain_limit,
                pain_source=drill.pain_source,
                too_much=tuple(
                    f"set {s.set}" + (f" {s.side}" if s.side else "")
                    for s in sets if s.pain is not None and s.pain > drill.pain_limit
                ),
            )
        )
    return Recap(exercises=tuple(items), elapsed=state.elapsed, estimate=state.estimate, quit=state.quit)
