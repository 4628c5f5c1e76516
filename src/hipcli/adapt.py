"""The next rung for each exercise family, decided from what the log says was done; pure.

The history comes in as data (``journal.LoggedSet`` rows and each session's
next-morning pain); this module never opens the log. The rules, in the order
they are checked, so safety wins over progress:

1. pain above the acceptable level in a set (above 5/10; above 3/10 for groin
   work on the Copenhagen ladder), or pain worse the next morning than during
   the session and above the 0-3 "safe" band: step back a rung (COACHING.md
   section 3; Harøy 2019 for the groin);
2. no session of the family for more than a week: resume on the rung last
   done, never jump (hipcli convention, after R14's steady steps);
3. a set short of the bottom of its range, effort above the level's target,
   or pain in the 4-5 "acceptable" band: hold (R8, R16; COACHING.md section 3,
   where only a settled response earns more);
4. two sessions in a row on the same rung, every set at the top of the range
   or above and the last set at least 2 past it, effort at or under target:
   the next rung (R12's 2-for-2);
5. anything else: hold, saying what is still needed.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .ladder import COPENHAGEN, Ladder, eligible, Rung, build_ladder, next_rung, previous_rung, protocol, rung_for
from .models import Catalogue, Plan, PlanItem
from .pain import GROIN_PAIN_LIMIT, PAIN_LIMIT, SAFE_PAIN  # the printed rule's numbers too (pain.py)

RESUME_DAYS = 7
R12_MARGIN = 2  # "beats the rep target by 2 or more" (COACHING.md section 6)
# The top of the planner's effort target per level (planner.STRENGTH_EFFORT, R8).
EFFORT_TARGET = {"beginner": 5, "intermediate": 7, "advanced": 8}


@dataclass(frozen=True)
class Outcome:
    """One exercise in one logged session, summarised for the rules."""

    session_id: int
    date: datetime.date
    slug: str
    sets: int
    low: int
    high: int
    unit: str
    band: str | None
    tempo: str | None
    done: tuple[int | None, ...]  # per set, the weaker side; None: skipped
    effort: int | None  # the hardest set
    pain: int | None  # the worst set
    morning_pain: int | None

    def shown(self) -> str:
        reached = ", ".join("skipped" if d is None else str(d) for d in self.done)
        aim = f"{self.low}-{self.high}" if self.low != self.high else str(self.high)
        extra = "".join(
            f", {name} {value}" for name, value in (("effort", self.effort), ("pain", self.pain), ("next morning", self.morning_pain))
            if value is not None
        )
        return f"{self.date.isoformat()}: {reached} {self.unit} (aim {aim}){extra}"


def outcomes(sets: Iterable[object], morning: Mapping[int, int | None]) -> list[Outcome]:
    """Group logged sets into one outcome per (session, exercise); ``morning`` maps session id to next-morning pain."""
    grouped: dict[tuple[int, int, str], list[object]] = {}
    for row in sets:
        if getattr(row, "target_high", None) is None:
            continue  # a single exercise logged without a target says nothing about a range
        key = (row.session_id, row.position, row.slug)  # type: ignore[attr-defined]
        grouped.setdefault(key, []).append(row)
    result = []
    for (session_id, _position, slug), rows in grouped.items():
        first = rows[0]
        per_set: dict[int, int | None] = {}
        for row in rows:
            number, done = row.set_number, row.done  # type: ignore[attr-defined]
            if number in per_set:
                old = per_set[number]
                per_set[number] = None if old is None or done is None else min(old, done)
            else:
                per_set[number] = done
        efforts = [row.effort for row in rows if row.effort is not None]  # type: ignore[attr-defined]
        pains = [row.pain for row in rows if row.pain is not None]  # type: ignore[attr-defined]
        result.append(
            Outcome(
                session_id=session_id, date=first.started.date(), slug=slug,  # type: ignore[attr-defined]
                sets=first.target_sets or len(per_set), low=first.target_low or first.target_high,  # type: ignore[attr-defined]
                high=first.target_high, unit=first.unit, band=first.band or first.target_band,  # type: ignore[attr-defined]
                tempo=first.tempo, done=tuple(per_set[n] for n in sorted(per_set)),  # type: ignore[attr-defined]
                effort=max(efforts) if efforts else None, pain=max(pains) if pains else None,
                morning_pain=morning.get(session_id),
            )
        )
    result.sort(key=lambda outcome: (outcome.date, outcome.session_id))
    return result


@dataclass(frozen=True)
class Decision:
    family: str
    action: str  # advance | hold | back | resume
    rung: Rung  # the rung to do next
    was: Rung  # the rung last done
    rule: str  # the rule's code or section
    detail: str  # why, with the logged numbers

    def text(self) -> str:
        verb = {"advance": "next rung", "hold": "hold", "back": "step back", "resume": "resume"}[self.action]
        move = f" -> {self.rung.key}" if self.rung != self.was else ""
        return f"{self.family}: {verb} ({self.was.key}{move}); {self.detail} [{self.rule}]"


def _rung(ladder: Ladder, outcome: Outcome) -> Rung | None:
    return rung_for(ladder, outcome.slug, outcome.sets, (outcome.low, outcome.high), outcome.band, outcome.tempo)


def _above_top(outcome: Outcome) -> bool:
    done = outcome.done
    return (
        bool(done) and all(d is not None and d >= outcome.high for d in done)
        and done[-1] is not None and done[-1] >= outcome.high + R12_MARGIN
    )


def decide(
    ladder: Ladder, family: str, history: Sequence[Outcome], today: datetime.date, *, level: str,
    groin: bool = False, max_seconds: int | None = None, avoid: Iterable[str] = (),
) -> Decision | None:
    """The next rung for one family from its logged outcomes (oldest first), or None without usable history."""
    mine = [outcome for outcome in history if outcome.slug in ladder.slugs]
    if not mine:
        return None
    last = mine[-1]
    was = _rung(ladder, last)
    if was is None:
        return None
    limit = GROIN_PAIN_LIMIT if groin else PAIN_LIMIT
    target = EFFORT_TARGET.get(level, EFFORT_TARGET["beginner"])

    def made(action: str, rung: Rung, rule: str, detail: str) -> Decision:
        return Decision(family=family, action=action, rung=rung, was=was, rule=rule, detail=detail)

    back = previous_rung(ladder, was) or was
    if last.pain is not None and last.pain > limit:
        where = "groin work steps down above 3/10 (ASP, Harøy 2019)" if groin else "above 5/10 is too much"
        return made("back", back, "CS3" if not groin else "CS1, CS3",
                    f"pain {last.pain}/10 in a set on {last.shown()}; {where}")
    if last.morning_pain is not None and last.morning_pain > SAFE_PAIN and last.morning_pain > (last.pain or 0):
        return made("back", back, "CS3",
                    f"next-morning pain {last.morning_pain}/10 was worse than during the session ({last.pain or 0}/10): "
                    f"not settled, so less load ({last.shown()})")
    gap = (today - last.date).days
    if gap > RESUME_DAYS:
        return made("resume", was, "convention (R14 steps)",
                    f"{gap} days since this family was last done ({last.shown()}): resume on that rung, no jump")
    missed = [d for d in last.done if d is None or d < last.low]
    if missed:
        return made("hold", was, "R16", f"{len(missed)} set(s) short of {last.low} on {last.shown()}: hold until the dose is done cleanly")
    if last.effort is not None and last.effort > target:
        return made("hold", was, "R8", f"effort {last.effort}/10 is above the {level} target of {target} ({last.shown()}): hold")
    if last.pain is not None and last.pain > SAFE_PAIN:
        return made("hold", was, "CS3", f"pain {last.pain}/10 in a set is acceptable but not settled ({last.shown()}): "
                    f"hold until it is {SAFE_PAIN}/10 or less")
    previous = mine[-2] if len(mine) >= 2 else None
    two_in_a_row = (
        previous is not None and _rung(ladder, previous) == was and _above_top(previous) and _above_top(last)
        and (previous.effort is None or previous.effort <= target)
    )
    if two_in_a_row:
        assert previous is not None
        step = next_rung(ladder, was, max_seconds=max_seconds, avoid=avoid)
        if step is None:
            return made("hold", was, "R12", f"two sessions above the top ({previous.shown()}; {last.shown()}) but this is "
                        f"the top of the ladder for you: {ladder.top_note()}")
        return made("advance", step, "R12",
                    f"two sessions in a row past the top of the range by {R12_MARGIN}+ with effort at or under {target} "
                    f"({previous.shown()}; {last.shown()}): {step.detail}")
    if _above_top(last):
        return made("hold", was, "R12", f"one session past the top of the range ({last.shown()}); R12 needs two in a row")
    return made("hold", was, "R12", f"the last set must pass the top of the range ({last.high}) by {R12_MARGIN} in two "
                f"sessions in a row to move on ({last.shown()})")


def decisions(
    catalogue: Catalogue, slugs: Iterable[str], history: Sequence[Outcome], person: object, today: datetime.date,
) -> dict[str, Decision]:
    """A decision per family of the given cards (the family's key is ``Exercise.family_name``)."""
    found: dict[str, Decision] = {}
    for slug in slugs:
        card = catalogue.by_slug[slug]
        family = card.family_name
        # A card above this person's level or kit has no ladder for them: nothing to decide.
        if family in found or not eligible(card, person):  # type: ignore[arg-type]
            continue
        ladder = build_ladder(catalogue, card, person)  # type: ignore[arg-type]
        decision = decide(ladder, family, history, today, level=person.level,  # type: ignore[attr-defined]
                          groin=protocol(card) is COPENHAGEN)
        if decision is not None:
            found[family] = decision
    return found


def apply(catalogue: Catalogue, plan: Plan, history: Sequence[Outcome], today: datetime.date) -> tuple[Plan, list[Decision]]:
    """The plan with each strength exercise on the rung its log decides; warm-ups and mobility stay as planned.

    Returns the new plan (times recomputed) and the decisions taken, which
    are also added to the plan's notes (shown by --explain).
    """
    from .planner import BLOCKS, effort_for, key_cue, with_times

    if plan.request.session != "strength":
        return plan, []
    made = decisions(catalogue, [item.slug for item in plan.items()], history, plan.request, today)
    if not made:
        return plan, []
    used: list[Decision] = []
    blocks = []
    for block in plan.blocks:
        items: list[PlanItem] = []
        for item in block.exercises:
            card = catalogue.by_slug[item.slug]
            decision = made.get(card.family_name)
            # Activation work keeps its warm-up dose, as in programmes (progression._template).
            if decision is None or (BLOCKS[block.key].warmup_dose and card.warmup_dose is not None):
                items.append(item)
                continue
            rung = decision.rung
            target = catalogue.by_slug[rung.slug]
            items.append(
                PlanItem(
                    slug=rung.slug, name=target.name, sets=rung.sets, **{rung.unit: rung.amount}, per_side=rung.per_side,
                    rest=rung.rest, tempo=rung.tempo, band=rung.band, cue=key_cue(target),
                    effort=effort_for(target, plan.request.level, warmup=False),
                    why=f"{item.why.rstrip('.') + '. ' if item.why else ''}From your log: {decision.action} ({decision.rule}).",
                )
            )
            used.append(decision)
        blocks.append(dataclasses.replace(block, exercises=tuple(items)))
    notes = tuple(f"From your log: {decision.text()}" for decision in used)
    adapted = dataclasses.replace(plan, blocks=tuple(blocks), notes=plan.notes + notes)
    return with_times(adapted), used


def history_window(today: datetime.date) -> datetime.date:
    """How far back the rules look: two sessions in a row and a missed week fit in eight weeks."""
    return today - datetime.timedelta(weeks=8)
