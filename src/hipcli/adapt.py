"""The next rung for each exercise family, decided from what the log says was done; pure.

The history comes in as data (``logrows.LoggedSession`` and ``LoggedSet``
rows, turned into ``Outcome``s by ``history``); this module never opens the
log. The rules, in the order they are checked, so safety wins over progress
(docs/rules.md, "The training log", lists each with its source):

1. Pain, from every recorded set however it was entered (a plan, a
   programme, ``log add``, an import) and from the next morning:
   - Copenhagen family (the Adductor Strengthening Programme): pain of 6/10
     or more pauses the family and advises a clinician (Thorborg 2017: 6+ on
     the squeeze is clearly impaired function); above 3/10 steps down a
     *level* of the ASP, to the easier lever at the same reps (Harøy 2019);
   - everything else: above 5/10 in a set, or a next morning above 3/10 and
     worse than the session, steps back a rung (COACHING.md section 3).
2. A layoff steps back in proportion to the gap: more than 14 days one rung,
   more than 28 two, one more for each further 14; the Copenhagen and Nordic
   families one rung further, as their schedules start low [C].
3. Over-reaching: effort 9-10 with a set short of its range steps back a
   rung (RIR 0-1 and missed reps: the load is too heavy, Zourdos 2016; R16).
4. A set short of the range, effort above the level's target, or pain in the
   4-5 band: hold (R8, R16; COACHING.md section 3).
5. Two sessions in a row past the top of the range by 2 or more, effort at or
   under target, *and* the rung held for two weeks (one for the Nordic,
   Petersen 2011): the next rung (R12's 2-for-2, R14's two-week steps).
   At the top of the ladder: a harder card of the level from another family
   when one fits, else the next level as a command to type (R16, R1).
6. Anything else: hold, saying what is still needed.

Only comparable work moves a rung: outcomes of strength sessions (or of
single exercises logged at a strength dose). A warm-up's light sets count for
pain, never for progress.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence

from .ladder import (
    COPENHAGEN,
    KETTLEBELL_STEP_KG,
    NORDIC,
    Ladder,
    Rung,
    build_ladder,
    eligible,
    is_top,
    level_up,
    next_rung,
    previous_rung,
    protocol,
    rung_for,
)
from .models import LEVELS, Catalogue
from .plans import Plan, PlanItem
from .records import Model, model  # frozen records without dataclass's exec at import (records.py)
from .pain import GROIN_PAIN_LIMIT, GROIN_PAUSE, PAIN_LIMIT, SAFE_PAIN  # the printed rule's numbers too (pain.py)

RESUME_DAYS = 7  # up to a week off: carry on where you were
LAYOFF_DAYS = 14  # each full 14 days off beyond the first 14 costs a rung [C]
R12_MARGIN = 2  # "beats the rep target by 2 or more" (COACHING.md section 6)
OVERREACH_EFFORT = 9  # RPE 9-10 = 0-1 reps in reserve (Zourdos 2016)
LOW_EFFORT = 4  # OMNI-RES "low" is about 3.6 (Colado 2020): the top felt easy
HISTORY_WEEKS = 26  # how far back the rules look: a long layoff still knows the rung it left
RECENT_WEEKS = 8  # read in full; older sets only for the families not done since (cli/history.py)
REPLAY = 40  # the latest comparable sessions of a family the rules replay
# The top of the planner's effort target per level (rules.STRENGTH_EFFORT, R8).
EFFORT_TARGET = {"beginner": 5, "intermediate": 7, "advanced": 8}
# The isometric stand-in while Copenhagen loading is paused: kept under 3/10 pain (CS1, CS5).
SQUEEZE = "adductor-ball-squeeze"


@model
class Outcome(Model):
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
    kind: str | None = "strength"  # the session type: strength, warmup, mobility; None: not known
    targeted: bool = True  # False: logged without a target (log add), so it says nothing about a range

    def shown(self) -> str:
        reached = ", ".join("skipped" if d is None else str(d) for d in self.done)
        aim = f" (aim {self.low}-{self.high})" if self.low != self.high else f" (aim {self.high})"
        extra = "".join(
            f", {name} {value}" for name, value in (("effort", self.effort), ("pain", self.pain), ("next morning", self.morning_pain))
            if value is not None
        )
        return f"{self.date.isoformat()}: {reached} {self.unit}{aim if self.targeted else ''}{extra}"

    @property
    def comparable(self) -> bool:
        """Whether this work can move a strength rung: a strength session's, or a targeted single exercise."""
        return self.targeted and self.kind in ("strength", None)

    @property
    def worst_pain(self) -> int:
        return max(self.pain or 0, self.morning_pain or 0)


def session_kind(session: object) -> str | None:
    """A logged session's type from what the log stores: its title names the plan's or programme's session."""
    title = (getattr(session, "title", None) or "").lower()
    if getattr(session, "source_kind", None) not in ("plan", "programme", "options"):
        return None
    for kind, words in (("warmup", ("warm-up", "warmup")), ("mobility", ("mobility",)), ("strength", ("strength",))):
        if any(title.startswith(word) or f" {word}" in title[:24] for word in words):
            return kind
    return None


def history(sessions: Iterable[object], sets: Iterable[object]) -> list[Outcome]:
    """The outcomes the rules read, from the log's sessions and sets: the CLI's one call (``journal.Journal``
    ``sessions(since=...)`` and ``sets(since=...)`` with ``since=history_window(today)``)."""
    listed = list(sessions)
    morning = {s.id: s.morning_pain for s in listed}  # type: ignore[attr-defined]
    kinds = {s.id: session_kind(s) for s in listed}  # type: ignore[attr-defined]
    return outcomes(sets, morning, kinds)


def outcomes(
    sets: Iterable[object], morning: Mapping[int, int | None], kinds: Mapping[int, str | None] | None = None,
) -> list[Outcome]:
    """Group logged sets into one outcome per (session, exercise).

    ``morning`` maps a session id to its next-morning pain; ``kinds`` to its
    type (strength by default). Sets logged without a target still count for
    pain.
    """
    grouped: dict[tuple[int, int, str], list[object]] = {}
    for row in sets:
        key = (row.session_id, row.position, row.slug)  # type: ignore[attr-defined]
        grouped.setdefault(key, []).append(row)
    result = [_outcome(session_id, slug, rows, morning, kinds) for (session_id, _p, slug), rows in grouped.items()]
    result.sort(key=lambda outcome: (outcome.date, outcome.session_id))
    return result


def _outcome(
    session_id: int, slug: str, rows: list[object], morning: Mapping[int, int | None],
    kinds: Mapping[int, str | None] | None,
) -> Outcome:
    first = rows[0]
    per_set: dict[int, int | None] = {}
    for row in rows:
        number, done = row.set_number, row.done  # type: ignore[attr-defined]
        old = per_set.get(number, done)
        per_set[number] = None if old is None or done is None else min(old, done)
    efforts = [row.effort for row in rows if row.effort is not None]  # type: ignore[attr-defined]
    pains = [row.pain for row in rows if row.pain is not None]  # type: ignore[attr-defined]
    high = first.target_high  # type: ignore[attr-defined]
    targeted = high is not None
    return Outcome(
        session_id=session_id, date=first.started.date(), slug=slug,  # type: ignore[attr-defined]
        sets=first.target_sets or len(per_set),  # type: ignore[attr-defined]
        low=(first.target_low or high) if targeted else 0, high=high if targeted else 0,  # type: ignore[attr-defined]
        unit=first.unit, band=first.band or first.target_band,  # type: ignore[attr-defined]
        tempo=first.tempo, done=tuple(per_set[n] for n in sorted(per_set)),  # type: ignore[attr-defined]
        effort=max(efforts) if efforts else None, pain=max(pains) if pains else None,
        morning_pain=morning.get(session_id), kind=kinds.get(session_id) if kinds is not None else "strength",
        targeted=targeted,
    )


@model
class Decision(Model):
    """What the log decides for one family's next session: the rung, the action and the rule behind it."""
    family: str
    action: str  # advance | hold | back | resume | pause
    rung: Rung  # the rung to do next (for a pause: the rung it was on)
    was: Rung  # the rung last done
    rule: str  # the rule's code or section
    detail: str  # why, with the logged numbers

    def text(self) -> str:
        verb = {"advance": "next rung", "hold": "hold", "back": "step back", "resume": "resume",
                "pause": "pause"}[self.action]
        move = f" -> {self.rung.key}" if self.rung != self.was else ""
        return f"{self.family}: {verb} ({self.was.key}{move}); {self.detail} [{self.rule}]"


def _reason_to_drop(before: Outcome, after: Outcome, everything: Sequence[Outcome], limit: int) -> bool:
    """Whether the log gives a reason for a lower dose after ``before``: pain, over-reaching or a layoff."""
    missed = any(d is None or d < before.low for d in before.done)
    if (before.pain or 0) > limit or (before.effort or 0) >= OVERREACH_EFFORT and missed:
        return True
    if (before.morning_pain or 0) > SAFE_PAIN and (before.morning_pain or 0) > (before.pain or 0):
        return True
    if (after.date - before.date).days > LAYOFF_DAYS:
        return True
    between = (o for o in everything if before.date <= o.date <= after.date and o is not before and o is not after)
    return any(o.worst_pain > limit for o in between)


def _rungs(
    ladder: Ladder, mine: Sequence[Outcome], everything: Sequence[Outcome] = (), limit: int = PAIN_LIMIT,
) -> list[Rung | None]:
    """The rung of each outcome, replayed oldest first.

    A dose the log cannot tell apart (the same sets and reps with a heavier
    bell) is read as the nearest rung at or above the one before. A lower dose
    with no reason in the log (no pain, no over-reaching, no layoff: a plan
    edited by hand, a light day) is no evidence about the rung: it is None,
    so only comparable work moves a rung.
    """
    out: list[Rung | None] = []
    running: Rung | None = None
    previous: Outcome | None = None
    by_dose: dict[str, list[Rung]] = {}
    for rung in ladder.rungs:
        by_dose.setdefault(rung.dose_key, []).append(rung)
    found: dict[tuple, Rung | None] = {}  # a log repeats the same doses: look each up once
    for outcome in mine:
        key = (outcome.slug, outcome.sets, outcome.low, outcome.high, outcome.band, outcome.tempo)
        if key not in found:
            found[key] = rung_for(ladder, outcome.slug, outcome.sets, (outcome.low, outcome.high), outcome.band, outcome.tempo)
        dose = found[key]
        if dose is not None:
            same = by_dose.get(dose.dose_key, [dose])
            if running is not None and len(same) > 1:
                above = [rung for rung in same if rung.index >= running.index]
                dose = above[0] if above else same[-1]
            if running is not None and previous is not None and dose.index < running.index and not _reason_to_drop(
                previous, outcome, everything, limit
            ):
                out.append(None)
                continue
            running, previous = dose, outcome
        out.append(dose)
    return out


def _above_top(outcome: Outcome) -> bool:
    done = outcome.done
    return (
        bool(done) and all(d is not None and d >= outcome.high for d in done)
        and done[-1] is not None and done[-1] >= outcome.high + R12_MARGIN
    )


def layoff_steps(gap_days: int, *, published: bool) -> int:
    """Rungs to step back after ``gap_days`` without the family: none up to 14 days, then one per 14 days
    begun (15-28: one, 29-42: two, ...); one more on the Copenhagen and Nordic schedules [C]."""
    if gap_days <= LAYOFF_DAYS:
        return 0
    return (gap_days - 1) // LAYOFF_DAYS + (1 if published else 0)


@model(kw_only=False)
class _Case(Model):
    """What one family's rules read: its ladder, its logged outcomes and the person."""

    ladder: Ladder
    family: str
    all: Sequence[Outcome]  # every outcome of the family, any kind: pain counts from all of them
    mine: Sequence[Outcome]  # the comparable ones: they place the rung
    was: Rung
    today: datetime.date
    level: str
    groin: bool
    nordic: bool

    def made(self, action: str, rung: Rung, rule: str, detail: str) -> Decision:
        return Decision(family=self.family, action=action, rung=rung, was=self.was, rule=rule, detail=detail)

    def down(self, steps: int) -> Rung:
        rung = self.was
        for _ in range(steps):
            rung = previous_rung(self.ladder, rung) or rung
        return rung


def _level_down(ladder: Ladder, was: Rung) -> Rung:
    """The ASP's step down a level: the easier lever at the same place in its schedule, or a rung down on the lowest."""
    own = [rung for rung in ladder.rungs if rung.slug == was.slug]
    lower = [rung for rung in ladder.rungs if rung.index < own[0].index]
    if not lower:
        return previous_rung(ladder, was) or was
    card = lower[-1].slug
    theirs = [rung for rung in lower if rung.slug == card]
    return theirs[min(was.index - own[0].index, len(theirs) - 1)]


def _pain_rule(case: _Case) -> Decision | None:
    latest = case.all[-1]
    pain, morning = latest.pain, latest.morning_pain
    worst = latest.worst_pain
    if case.groin and worst >= GROIN_PAUSE:
        return case.made(
            "pause", case.was, "CS1, CS5",
            f"groin pain {worst}/10 ({latest.shown()}): 6 or more means clearly impaired function (Thorborg 2017), so "
            "Copenhagen loading pauses; see a physiotherapist or doctor, and meanwhile squeeze a ball between the "
            "knees only as hard as stays under 3/10. Once cleared, log a pain-free set (hipcli log add "
            f"{latest.slug} --done N --pain 0) and the plan brings it back",
        )
    if case.groin and worst > GROIN_PAIN_LIMIT:
        rung = _level_down(case.ladder, case.was)
        where = "a level down" if rung.slug != case.was.slug else "a rung down (already the easiest level)"
        return case.made("back", rung, "CS1, CS3",
                         f"groin pain {worst}/10 ({latest.shown()}): above 3/10 the ASP steps {where} (Harøy 2019)")
    if pain is not None and pain > PAIN_LIMIT:
        rung = case.down(1)
        bottom = " (already the lowest rung: if pain comes back, see a physiotherapist)" if rung == case.was else ""
        return case.made("back", rung, "CS3", f"pain {pain}/10 in a set ({latest.shown()}); above 5/10 is too much{bottom}")
    if morning is not None and morning > SAFE_PAIN and morning > (pain or 0):
        return case.made("back", case.down(1), "CS3",
                         f"next-morning pain {morning}/10 was worse than during the session ({pain or 0}/10): "
                         f"not settled, so less load ({latest.shown()})")
    return None


def _layoff_rule(case: _Case) -> Decision | None:
    last = case.mine[-1]
    gap = (case.today - last.date).days
    if gap <= RESUME_DAYS:
        return None
    published = case.groin or case.nordic
    steps = layoff_steps(gap, published=published)
    if steps == 0:
        return case.made("resume", case.was, "convention (R14 steps)",
                         f"{gap} days since this family was last done ({last.shown()}): resume on that rung, no jump")
    rung = case.down(steps)
    schedule = "; the Copenhagen and Nordic schedules start low, so one more" if published else ""
    return case.made("back", rung, "convention (layoff)",
                     f"{gap} days off since {last.shown()}: {steps} rung{'s' if steps != 1 else ''} back "
                     f"(more than {LAYOFF_DAYS} days one rung, one more per {LAYOFF_DAYS} days{schedule})")


def _effort_rule(case: _Case) -> Decision | None:
    last = case.mine[-1]
    target = EFFORT_TARGET.get(case.level, EFFORT_TARGET["beginner"])
    missed = [d for d in last.done if d is None or d < last.low]
    if missed and last.effort is not None and last.effort >= OVERREACH_EFFORT:
        return case.made("back", case.down(1), "R8, R16",
                         f"effort {last.effort}/10 with {len(missed)} set(s) short of {last.low} ({last.shown()}): "
                         "the dose is too heavy, so a rung down")
    if missed:
        return case.made("hold", case.was, "R16",
                         f"{len(missed)} set(s) short of {last.low} on {last.shown()}: hold until the dose is done cleanly")
    if last.effort is not None and last.effort > target:
        return case.made("hold", case.was, "R8",
                         f"effort {last.effort}/10 is above the {case.level} target of {target} ({last.shown()}): hold")
    if last.pain is not None and last.pain > SAFE_PAIN:
        return case.made("hold", case.was, "CS3", f"pain {last.pain}/10 in a set is acceptable but not settled "
                         f"({last.shown()}): hold until it is {SAFE_PAIN}/10 or less")
    return None


def _since(case: _Case, rungs: Sequence[Rung | None]) -> datetime.date:
    """The first day of the run of sessions on the current rung."""
    start = case.mine[-1].date
    for outcome, rung in zip(reversed(case.mine), reversed(rungs)):
        if rung != case.was:
            break
        start = outcome.date
    return start


def _progress_rule(case: _Case, rungs: Sequence[Rung | None], max_seconds: int | None, avoid: Iterable[str]) -> Decision:
    last = case.mine[-1]
    target = EFFORT_TARGET.get(case.level, EFFORT_TARGET["beginner"])
    previous = case.mine[-2] if len(case.mine) >= 2 else None
    two_in_a_row = (
        previous is not None and rungs[-2] == case.was and _above_top(previous) and _above_top(last)
        and (previous.effort is None or previous.effort <= target)
    )
    if not two_in_a_row:
        if _above_top(last):
            return case.made("hold", case.was, "R12", f"one session past the top of the range ({last.shown()}); "
                             "R12 needs two in a row")
        return case.made("hold", case.was, "R12", f"the last set must pass the top of the range ({last.high}) by "
                         f"{R12_MARGIN} in two sessions in a row to move on ({last.shown()})")
    assert previous is not None
    since = _since(case, rungs)
    held = (case.today - since).days
    weeks = case.ladder.hold_weeks
    if held < 7 * weeks:
        source = "Petersen 2011 builds week by week" if case.nordic else "R14: a rung holds two weeks"
        return case.made("hold", case.was, "R14" if not case.nordic else "CS2",
                         f"past the top twice ({previous.shown()}; {last.shown()}), but this rung began on "
                         f"{since.isoformat()}, {held} days ago: {source}, so the next rung comes on "
                         f"{(since + datetime.timedelta(weeks=weeks)).isoformat()}")
    step = next_rung(case.ladder, case.was, max_seconds=max_seconds, avoid=avoid)
    if step is None:
        return _top(case, previous, last, held)
    return case.made("advance", step, "R12, R14",
                     f"two sessions in a row past the top of the range by {R12_MARGIN}+ with effort at or under {target}, "
                     f"on this rung for {held} days ({previous.shown()}; {last.shown()}): {step.detail}")


def _top(case: _Case, previous: Outcome, last: Outcome, held: int) -> Decision:
    easy = all(o.effort is not None and o.effort <= LOW_EFFORT for o in (previous, last))
    if easy and held >= 14:
        more = level_up(case.level) if not case.ladder.unlocks else "; ".join(case.ladder.unlocks)
        if case.level != LEVELS[-1]:
            more += "; or " + level_up(case.level)
        return case.made("hold", case.was, "R12, R16, R1",
                         f"top of the ladder at effort {last.effort}/10 for {held} days ({last.shown()}): this is too "
                         f"easy to build strength; next: {more}")
    return case.made("hold", case.was, "R12", f"two sessions above the top ({previous.shown()}; {last.shown()}) but "
                     f"this is the top of the ladder for you: {case.ladder.top_note()}")


def decide(
    ladder: Ladder, family: str, history: Sequence[Outcome], today: datetime.date, *, level: str,
    groin: bool = False, nordic: bool = False, max_seconds: int | None = None, avoid: Iterable[str] = (),
    current: Rung | None = None,
) -> Decision | None:
    """The next rung for one family from its logged outcomes (oldest first), or None without usable history.

    ``current``: the rung the plan has for the family, used when the log holds
    pain for it but no comparable work (a painful ``log add``).
    """
    slugs = set(ladder.slugs)
    everything = [outcome for outcome in history if outcome.slug in slugs]
    if not everything:
        return None
    # The rules read the latest sessions; a long run of them says no more than its end.
    mine = [outcome for outcome in everything if outcome.comparable][-REPLAY:]
    rungs = _rungs(ladder, mine, everything, GROIN_PAIN_LIMIT if groin else PAIN_LIMIT)
    placed = [(outcome, rung) for outcome, rung in zip(mine, rungs) if rung is not None]
    was = placed[-1][1] if placed else current
    if was is None:
        return None
    mine = [outcome for outcome, _ in placed]
    rungs = [rung for _, rung in placed]
    case = _Case(ladder, family, everything, mine, was, today, level, groin, nordic)
    painful = _pain_rule(case)
    if painful is not None or not mine:
        return painful
    return _layoff_rule(case) or _effort_rule(case) or _progress_rule(case, rungs, max_seconds, avoid)


def _harder_card(catalogue: Catalogue, ladder: Ladder, person: object) -> Rung | None:
    """A harder card of the person's level in another family, past the top of this ladder (R16)."""
    top = catalogue.by_slug[ladder.rungs[-1].slug]
    for slug in top.harder:
        other = catalogue.get(slug)
        if other is not None and other.family_name != top.family_name and eligible(other, person):  # type: ignore[arg-type]
            return build_ladder(catalogue, other, person).start(other.slug)  # type: ignore[arg-type]
    return None


def decisions(
    catalogue: Catalogue, slugs: Iterable[str], history: Sequence[Outcome], person: object, today: datetime.date,
    *, kettlebell_step_kg: int = KETTLEBELL_STEP_KG, budget: Mapping[str, int] | None = None,
) -> dict[str, Decision]:
    """A decision per family of the given cards (the family's key is ``Exercise.family_name``).

    ``budget`` maps a slug to the most seconds its next rung may take (so a
    plan keeps its time budget); ``kettlebell_step_kg`` sizes the heavier-bell
    rungs (the config key of that name).
    """
    found: dict[str, Decision] = {}
    for slug in slugs:
        card = catalogue.by_slug[slug]
        family = card.family_name
        # A card above this person's level or kit has no ladder for them: nothing to decide.
        if family in found or not eligible(card, person):  # type: ignore[arg-type]
            continue
        ladder = build_ladder(catalogue, card, person, kettlebell_step_kg=kettlebell_step_kg)  # type: ignore[arg-type]
        published = protocol(card)
        decision = decide(
            ladder, family, history, today, level=person.level,  # type: ignore[attr-defined]
            groin=published is COPENHAGEN, nordic=published is NORDIC, current=ladder.start(card.slug),
            max_seconds=(budget or {}).get(slug),
        )
        if decision is None:
            continue
        if decision.action == "hold" and decision.rule.startswith("R12") and is_top(ladder, decision.was):
            harder = _harder_card(catalogue, ladder, person)
            if harder is not None:
                decision = dataclasses.replace(
                    decision, action="advance", rung=harder, rule="R16",
                    detail=f"top of the {family} ladder; the harder card {harder.slug} fits your level and kit, "
                    f"so it takes over at its first rung ({decision.detail.split(': ')[0]})",
                )
        found[family] = decision
    return found


def apply(
    catalogue: Catalogue, plan: Plan, history: Sequence[Outcome], today: datetime.date,
    *, kettlebell_step_kg: int = KETTLEBELL_STEP_KG,
) -> tuple[Plan, list[Decision]]:
    """The plan with each strength exercise on the rung its log decides; warm-ups and mobility stay as planned.

    The plan keeps its time budget: a rung that would not fit is not taken
    (a time-neutral one is, if any), and sets are trimmed, longest first, if
    a logged rung still overruns. Returns the new plan (times recomputed)
    and the decisions taken, which are also added to the plan's notes (shown
    by --explain).
    """
    from .planner import BLOCKS, with_times

    if plan.request.session != "strength":
        return plan, []
    items = list(plan.items())
    spare = (plan.request.minutes or 0) * 60 - (plan.time_seconds or 0)
    budget = {item.slug: (item.time_seconds or 0) + max(0, spare) for item in items}
    made = decisions(catalogue, [item.slug for item in items], history, plan.request, today,
                     kettlebell_step_kg=kettlebell_step_kg, budget=budget)
    if not made:
        return plan, []
    used: list[Decision] = []
    changed: set[str] = set()
    blocks = []
    present = {item.slug for item in items}
    for block in plan.blocks:
        out: list[PlanItem] = []
        for item in block.exercises:
            card = catalogue.by_slug[item.slug]
            decision = made.get(card.family_name)
            # Activation work keeps its warm-up dose, as in programmes (progression._template).
            if decision is None or (BLOCKS[block.key].warmup_dose and card.warmup_dose is not None):
                out.append(item)
                continue
            used.append(decision)
            changed.add(card.name)
            replacement = _replace(catalogue, plan, item, decision, present)
            if replacement is not None:
                out.append(replacement)
        if out:
            blocks.append(dataclasses.replace(block, exercises=tuple(out)))
    notes = [note for note in plan.notes if not any(note.startswith(f"{name}:") for name in changed)]
    adapted = with_times(dataclasses.replace(plan, blocks=tuple(blocks)))
    adapted, trimmed = _keep_budget(adapted)
    notes += [f"From your log: {decision.text()}" for decision in used] + trimmed
    return with_times(dataclasses.replace(adapted, notes=tuple(notes))), used


def _replace(catalogue: Catalogue, plan: Plan, item: PlanItem, decision: Decision, present: set[str]) -> PlanItem | None:
    from .planner import effort_for, key_cue

    level = plan.request.level
    if decision.action == "pause":
        squeeze = catalogue.get(SQUEEZE)
        if squeeze is None or SQUEEZE in present or not eligible(squeeze, plan.request):
            return None
        dose = squeeze.prescription[level]
        return PlanItem(
            slug=squeeze.slug, name=squeeze.name, sets=dose.sets[0], **{squeeze.unit: dose.amount},
            per_side=squeeze.per_side, rest=dose.rest, tempo=dose.tempo, band=dose.band, cue=key_cue(squeeze),
            effort="squeeze only as hard as keeps groin pain under 3/10 (CS1, CS5)",
            why=f"Stands in for {item.name} while Copenhagen loading is paused (CS1, CS5). From your log: pause.",
        )
    rung = decision.rung
    target = catalogue.by_slug[rung.slug]
    effort = effort_for(target, level, warmup=False)
    if rung.load_kg:
        effort += f"; use {rung.bell_text()}"
    return PlanItem(
        slug=rung.slug, name=target.name, sets=rung.sets, **{rung.unit: rung.amount}, per_side=rung.per_side,
        rest=rung.rest, tempo=rung.tempo, band=rung.band, cue=key_cue(target), effort=effort,
        why=f"{item.why.rstrip('.') + '. ' if item.why else ''}From your log: {decision.action} ({decision.rule}).",
    )


def _keep_budget(plan: Plan) -> tuple[Plan, list[str]]:
    """Trim sets, from the exercise with the most, until the plan fits its minutes again."""
    from .planner import plan_seconds

    budget = (plan.request.minutes or 0) * 60
    notes: list[str] = []
    blocks = [list(block.exercises) for block in plan.blocks]
    while plan_seconds(dataclasses.replace(plan, blocks=_rebuilt(plan, blocks))) > budget:
        options = [(item.sets, b, i) for b, items in enumerate(blocks) for i, item in enumerate(items) if item.sets > 1]
        if not options:
            break
        _sets, b, i = max(options)
        item = blocks[b][i]
        blocks[b][i] = dataclasses.replace(item, sets=item.sets - 1)
    original = {item.slug: item.sets for item in plan.items()}
    for items in blocks:
        for item in items:
            if item.sets < original[item.slug]:
                notes.append(f"{item.name}: {item.sets} set{'s' if item.sets != 1 else ''}, not the rung's "
                             f"{original[item.slug]}: the rung's sets do not fit --minutes {plan.request.minutes} (R11)")
    return dataclasses.replace(plan, blocks=_rebuilt(plan, blocks)), notes


def _rebuilt(plan: Plan, blocks: list[list[PlanItem]]) -> tuple:
    return tuple(dataclasses.replace(block, exercises=tuple(items)) for block, items in zip(plan.blocks, blocks))


def history_window(today: datetime.date) -> datetime.date:
    """How far back the rules look: long enough that a long layoff still knows the rung it left (no fresh start)."""
    return today - datetime.timedelta(weeks=HISTORY_WEEKS)


def latest_results(assessments: Sequence[object]) -> dict[tuple[str, str | None], float] | None:
    """The latest assessment's results as ``assess`` reads them (``logrows.Assessment`` rows, oldest first)."""
    if not assessments:
        return None
    last = assessments[-1]
    return {(r.test, r.side): r.value for r in last.results}  # type: ignore[attr-defined]


def planned(
    catalogue: Catalogue, request: object, outcomes_: Sequence[Outcome] | None, today: datetime.date, *,
    screen: object = None, kettlebell_step_kg: int = KETTLEBELL_STEP_KG,
) -> tuple[Plan, list[Decision]]:
    """One session as `hipcli plan` and `hipcli train` give it: planned under the assessment's gates, then moved
    along each family's ladder by the log (no log: ``outcomes_`` None or empty)."""
    from .planner import build_plan

    plan = build_plan(catalogue, request, screen=screen)  # type: ignore[arg-type]
    if not outcomes_:
        return plan, []
    return apply(catalogue, plan, outcomes_, today, kettlebell_step_kg=kettlebell_step_kg)


def programme_start(
    catalogue: Catalogue, request: object, outcomes_: Sequence[Outcome] | None, today: datetime.date, *,
    screen: object = None, kettlebell_step_kg: int = KETTLEBELL_STEP_KG,
) -> tuple[dict[str, str], tuple[str, ...], object]:
    """Week 1 from the log: the rung key per exercise family (``build_programme(rungs=...)``), a note for each,
    and the screen to plan under: ``screen``, tightened to no adductor loading while the log pauses the Copenhagen."""
    if not outcomes_:
        return {}, (), screen
    slugs = list(dict.fromkeys(outcome.slug for outcome in outcomes_ if outcome.slug in catalogue.by_slug))
    made = decisions(catalogue, slugs, outcomes_, request, today, kettlebell_step_kg=kettlebell_step_kg)
    rungs = {family: d.rung.key for family, d in made.items() if d.action != "pause"}
    if any(d.action == "pause" for d in made.values()):
        from .assess import Screen

        base = screen if isinstance(screen, Screen) else Screen()
        screen = dataclasses.replace(base, no_adductor_loading=True)
    return rungs, tuple(f"From your log: {d.text()}" for d in made.values()), screen
