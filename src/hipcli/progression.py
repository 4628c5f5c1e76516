"""Programmes: weeks of the planner's sessions, with progression, deloads and dates.

``build_programme(catalogue, request) -> Programme``. No I/O, no printing.

- Schedule (R2): the level's default training days, or ``days``; strength
  sessions are at least 48 hours apart (a listed day that follows a strength
  day gets a mobility session instead); at most three strength sessions a
  week, the most that 48-hour spacing allows week after week. Runners and
  sprinters also get a short RAMP warm-up before each run (by default on
  their strength days, to pair with a run); desk workers get mobility breaks
  on the other weekdays.
- Week 1 starts every exercise at the bottom of its ranges (R14).
- Each following week every strength exercise takes one step of the ladder
  (R12, R13, R16): reps climb to the top of the range; then a set is added;
  then the band goes one level heavier and reps restart at the bottom; then
  the harder variant from the card's links replaces the exercise, never above
  the person's level. A step that would break the time budget or the level's
  volume bounds is held.
- A deload week (R15) every few weeks when the programme is long enough:
  the same exercises with one set fewer and reps at the bottom of the range.
  Progression resumes afterwards from where it was.
- Warm-up doses (activation, warm-ups) and mobility sessions stay as they are.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from . import formatting as fmt
from .errors import RequestError
from .models import (
    BAND_LEVELS,
    WEEKDAYS,
    Block,
    Catalogue,
    Change,
    Exercise,
    Plan,
    PlanItem,
    PlanRequest,
    Prescription,
    Programme,
    ProgrammeRequest,
    ProgrammeSession,
    ProgrammeWeek,
)
from .planner import (
    BLOCKS,
    VOLUME,
    band_legend,
    build_plan,
    eligible,
    key_cue,
    normalise_request,
    plan_seconds,
)

# R2: 2 / 3 / 3-4 sessions a week; advanced gets three, the most that 48-hour
# spacing allows in a repeating week.
DEFAULT_DAYS = {
    "beginner": ("mon", "thu"),
    "intermediate": ("mon", "wed", "fri"),
    "advanced": ("mon", "wed", "fri"),
}
MAX_STRENGTH_DAYS = 3
# R15: a deload every 4-6 weeks, 3:1 suggested, optional for beginners. [C]
DELOAD_EVERY = {"beginner": 5, "intermediate": 4, "advanced": 4}
WARMUP_GOALS = frozenset({"running", "sprint"})
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")

STEP_RULES = {
    "start": "week 1 starts at the bottom of every range (R14)",
    "reps": "{unit} climb towards the top of the range (R12)",
    "sets": "{unit} are at the top, so a set is added (R12, R14)",
    "band": "sets and {unit} are at the top, so the band goes one level heavier and {unit} restart at the bottom (R12, R13)",
    "variant": "{done}, so the harder variant replaces the exercise (R16)",
    "deload": "deload week: one set fewer and reps at the bottom of the range, same exercises (R15)",
    "hold": "no step this week",
}


def _too_close(day: str, others: list[str]) -> bool:
    """Fewer than 48 hours apart in a repeating week (Sunday is next to Monday)."""
    index = WEEKDAYS.index(day)
    return any(min((index - WEEKDAYS.index(o)) % 7, (WEEKDAYS.index(o) - index) % 7) < 2 for o in others)


@dataclass(frozen=True)
class Schedule:
    strength: tuple[str, ...]
    warmup: tuple[str, ...]
    mobility: tuple[str, ...]
    notes: tuple[str, ...]


def schedule(request: ProgrammeRequest) -> Schedule:
    days = request.days or DEFAULT_DAYS[request.level]
    strength: list[str] = []
    moved: list[str] = []
    notes: list[str] = []
    for day in days:
        if len(strength) >= MAX_STRENGTH_DAYS:
            moved.append(day)
            notes.append(f"{day}: a mobility break, not strength: three strength sessions a week is the most 48-hour spacing allows (R2).")
        elif _too_close(day, strength):
            moved.append(day)
            notes.append(f"{day}: a mobility break, not strength: it is within 48 hours of another strength day (R2).")
        else:
            strength.append(day)
    if request.warmup_days is not None:
        warmup = request.warmup_days
    else:
        warmup = tuple(strength) if request.goal in WARMUP_GOALS else ()
    if request.mobility_days is not None:
        mobility = tuple(sorted(set(request.mobility_days) | set(moved), key=WEEKDAYS.index))
    elif request.goal == "desk":
        mobility = tuple(day for day in WEEKDAYS if (day in WORKDAYS and day not in strength) or day in moved)
    else:
        mobility = tuple(moved)
    return Schedule(tuple(strength), tuple(warmup), mobility, tuple(notes))


def first_day(request: ProgrammeRequest, plan: Schedule, today: datetime.date) -> datetime.date:
    """The start date: as given, or the next training day after today."""
    if request.start is not None:
        return request.start
    days = set(plan.strength) | set(plan.warmup) | set(plan.mobility)
    for offset in range(1, 8):
        date = today + datetime.timedelta(days=offset)
        if WEEKDAYS[date.weekday()] in days:
            return date
    return today + datetime.timedelta(days=1)


def is_deload(request: ProgrammeRequest, week: int) -> bool:
    every = DELOAD_EVERY[request.level]
    # Only where the programme is long enough to train on after it.
    return week % every == 0 and week < request.weeks


# --- progression ---------------------------------------------------------------------


@dataclass
class _Track:
    """One exercise's progress through the weeks."""

    block: str
    exercise: Exercise
    dose: Prescription
    sets: int
    amount: int
    band: str | None
    fixed: bool  # warm-up doses do not progress
    banded_up: bool = False
    why: str | None = None

    def item(self, *, deload: bool = False) -> PlanItem:
        sets = max(1, self.sets - 1) if deload and not self.fixed else self.sets
        amount = self.dose.amount[0] if deload and not self.fixed else self.amount
        return PlanItem(
            slug=self.exercise.slug,
            name=self.exercise.name,
            sets=sets,
            **{self.exercise.unit: (amount, amount)},
            per_side=self.exercise.per_side,
            rest=self.dose.rest,
            tempo=self.dose.tempo,
            band=self.band,
            cue=key_cue(self.exercise),
            why=self.why,
        )


@dataclass
class _Template:
    title: str
    session: str
    request: PlanRequest
    blocks: list[tuple[Block, list[_Track]]]

    def tracks(self) -> list[_Track]:
        return [track for _, tracks in self.blocks for track in tracks]

    def plan(self, *, deload: bool = False) -> Plan:
        blocks = tuple(
            dataclasses.replace(block, exercises=tuple(track.item(deload=deload) for track in tracks))
            for block, tracks in self.blocks
        )
        return Plan(request=self.request, blocks=blocks)


def _template(title: str, plan: Plan, catalogue: Catalogue) -> _Template:
    blocks = []
    for block in plan.blocks:
        tracks = []
        for item in block.exercises:
            exercise = catalogue.by_slug[item.slug]
            warm = BLOCKS[block.key].warmup_dose and exercise.warmup_dose is not None
            dose = exercise.warmup_dose if warm else exercise.prescription[plan.request.level]
            # Only strength work progresses; warm-ups and mobility breaks stay as planned.
            fixed = plan.request.session != "strength" or warm
            tracks.append(
                _Track(
                    block=block.key,
                    exercise=exercise,
                    dose=dose,
                    sets=dose.sets[0],
                    amount=dose.amount[0],
                    band=dose.band,
                    fixed=bool(fixed),
                    why=item.why,
                )
            )
        blocks.append((block, tracks))
    return _Template(title=title, session=plan.request.session, request=plan.request, blocks=blocks)


def _step_size(unit: str, low: int, high: int) -> int:
    if unit == "seconds":
        return 5
    return 1 if high - low <= 3 else 2


def _harder(track: _Track, template: _Template, catalogue: Catalogue, request: PlanRequest) -> Exercise | None:
    used = {other.exercise.slug for other in template.tracks()}
    for slug in track.exercise.harder:
        variant = catalogue.get(slug)
        if (
            variant is not None
            and slug not in used
            and eligible(variant, request)
            and BLOCKS[track.block].admits(variant)
            and variant.prescription[request.level].sets[1] >= track.sets
        ):
            return variant
    return None


def _advance(track: _Track, template: _Template, catalogue: Catalogue) -> tuple[str, str] | None:
    """Take one step; return (step, detail), or None when there is no step to take."""
    low, high = track.dose.amount
    unit = track.exercise.unit
    if track.amount < high:
        before = track.amount
        track.amount = min(high, track.amount + _step_size(unit, low, high))
        return "reps", f"{unit} {before} -> {track.amount}: " + STEP_RULES["reps"].format(unit=unit)
    if track.sets < track.dose.sets[1]:
        track.sets += 1
        return "sets", f"sets {track.sets - 1} -> {track.sets}: " + STEP_RULES["sets"].format(unit=unit)
    if track.exercise.uses_band and not track.banded_up and track.band and track.band != BAND_LEVELS[-1]:
        before = track.band
        track.band = BAND_LEVELS[BAND_LEVELS.index(track.band) + 1]
        track.amount = low
        track.banded_up = True
        return "band", f"band {before} -> {track.band}, {unit} back to {low}: " + STEP_RULES["band"].format(unit=unit)
    variant = _harder(track, template, catalogue, template.request)
    if variant is not None:
        done = "the band step is done" if track.banded_up else f"sets and {unit} are at the top"
        before = track.exercise
        dose = variant.prescription[template.request.level]
        track.exercise = variant
        track.dose = dose
        track.sets = max(track.sets, dose.sets[0])
        track.amount = dose.amount[0]
        track.band = dose.band
        track.banded_up = False
        track.why = f"harder variant of {before.slug} (R16); " + (track.why or "")
        shown = fmt.amount(variant.unit, (track.amount, track.amount), variant.per_side)
        return "variant", f"{before.slug} -> {variant.slug} at {track.sets} x {shown}: " + STEP_RULES["variant"].format(done=done)
    return None


def _fits(template: _Template) -> bool:
    plan = template.plan()
    limits = VOLUME[template.request.level]
    sets = sum(item.sets for item in plan.items())
    return plan_seconds(plan) <= (template.request.minutes or 0) * 60 and sets <= limits["sets"]


def _progress(template: _Template, catalogue: Catalogue) -> list[Change]:
    changes = []
    for track in template.tracks():
        if track.fixed:
            continue
        saved = dataclasses.replace(track)
        taken = _advance(track, template, catalogue)
        if taken is None:
            continue
        step, detail = taken
        if not _fits(template):
            for field in dataclasses.fields(track):
                setattr(track, field.name, getattr(saved, field.name))
            changes.append(
                Change(
                    session=template.title,
                    slug=track.exercise.slug,
                    step="hold",
                    detail=f"held: the next step ({detail}) would break the time budget or volume bounds",
                )
            )
            continue
        changes.append(Change(session=template.title, slug=track.exercise.slug, step=step, detail=detail))
    return changes


# --- building ----------------------------------------------------------------------------


def build_programme(
    catalogue: Catalogue, request: ProgrammeRequest, *, today: datetime.date | None = None
) -> Programme:
    """Build a programme, or raise ``PlanError`` / ``RequestError`` saying what to change."""
    if not 1 <= request.weeks <= 52:
        raise RequestError("--weeks must be from 1 to 52")
    plan = schedule(request)
    if not plan.strength:
        raise RequestError("no strength day left after spacing; name at least one day with --days")
    start = first_day(request, plan, today or datetime.date.today())

    def session_request(session: str, seed: int) -> PlanRequest:
        return PlanRequest(
            level=request.level,
            goal=request.goal,
            session=session,  # type: ignore[arg-type]
            equipment=request.equipment,
            minutes=request.minutes if session == "strength" else None,
            avoid=request.avoid,
            seed=seed,
        )

    strength = [_template("Strength A", build_plan(catalogue, session_request("strength", request.seed)), catalogue)]
    if request.level != "beginner" and len(plan.strength) >= 2:
        second = build_plan(catalogue, session_request("strength", request.seed + 1))
        if [i.slug for i in second.items()] != [t.exercise.slug for t in strength[0].tracks()]:
            strength.append(_template("Strength B", second, catalogue))
    else:
        strength[0].title = "Strength"
    warmup = (
        _template("Warm-up", build_plan(catalogue, session_request("warmup", request.seed)), catalogue)
        if plan.warmup
        else None
    )
    mobility = (
        _template("Mobility", build_plan(catalogue, session_request("mobility", request.seed)), catalogue)
        if plan.mobility
        else None
    )

    weeks = []
    for number in range(1, request.weeks + 1):
        deload = is_deload(request, number)
        changes: list[Change] = []
        if number == 1:
            changes += [
                Change(session=template.title, slug=None, step="start", detail=STEP_RULES["start"])
                for template in strength
            ]
        elif deload:
            changes += [
                Change(session=template.title, slug=None, step="deload", detail=STEP_RULES["deload"])
                for template in strength
            ]
        else:
            for template in strength:
                changes += _progress(template, catalogue)
        sessions = []
        week_start = start + datetime.timedelta(days=7 * (number - 1))
        strength_index = 0
        for offset in range(7):
            date = week_start + datetime.timedelta(days=offset)
            day = WEEKDAYS[date.weekday()]
            if day in plan.warmup and warmup is not None:
                sessions.append(_session(date, warmup, deload=False))
            if day in plan.strength:
                template = strength[strength_index % len(strength)]
                strength_index += 1
                sessions.append(_session(date, template, deload=deload))
            if day in plan.mobility and mobility is not None:
                sessions.append(_session(date, mobility, deload=False))
        weeks.append(ProgrammeWeek(number=number, deload=deload, sessions=tuple(sessions), changes=tuple(changes)))

    uses_band = any(
        catalogue.by_slug[item.slug].uses_band
        for week in weeks
        for session in week.sessions
        for block in session.blocks
        for item in block.exercises
    )
    return Programme(
        request=request if request.start else dataclasses.replace(request, start=start),
        weeks=tuple(weeks),
        bands=band_legend(catalogue) if uses_band else None,
        notes=plan.notes,
        safety=_safety(catalogue, strength),
    )


def _session(date: datetime.date, template: _Template, *, deload: bool) -> ProgrammeSession:
    plan = template.plan(deload=deload)
    title = template.title + (" (deload)" if deload and template.session == "strength" else "")
    return ProgrammeSession(date=date, title=title, session=template.session, blocks=plan.blocks)  # type: ignore[arg-type]


def _safety(catalogue: Catalogue, strength: list[_Template]) -> tuple[str, ...]:
    from .planner import safety_notes

    exercises = [track.exercise for template in strength for track in template.tracks()]
    notes = list(safety_notes(catalogue, strength[0].request, exercises))
    notes.append(
        "Take a step only when the current dose feels clean and pain-free; if a week feels too hard, repeat the "
        "previous week's dose (R16)."
    )
    return tuple(notes)


# --- summaries -------------------------------------------------------------------------------


def week_sets(week: ProgrammeWeek) -> int:
    """Working sets in the week's strength sessions: the volume that progression raises."""
    return sum(
        item.sets for session in week.sessions if session.session == "strength" for block in session.blocks
        for item in block.exercises
    )


def session_plan(programme: Programme, session: ProgrammeSession) -> Plan:
    """A session as a plan, to render or check it like one."""
    request = programme.request
    return Plan(
        request=normalise_request(
            PlanRequest(
                level=request.level,
                goal=request.goal,
                session=session.session,
                equipment=request.equipment,
                minutes=request.minutes if session.session == "strength" else None,
                avoid=request.avoid,
                seed=request.seed,
            )
        ),
        blocks=session.blocks,
        bands=programme.bands,
    )


def progress_summary(week: ProgrammeWeek) -> str:
    if week.deload:
        return "deload"
    counts: dict[str, int] = {}
    for change in week.changes:
        if change.step != "hold":
            counts[change.step] = counts.get(change.step, 0) + 1
    if "start" in counts:
        return "start: bottom of every range"
    if not counts:
        return "hold"
    names = {"reps": "reps", "sets": "+1 set", "band": "heavier band", "variant": "harder variant"}
    return ", ".join(f"{names[step]} x{count}" for step, count in counts.items())


__all__ = ["build_programme", "progress_summary", "schedule", "session_plan", "week_sets"]
