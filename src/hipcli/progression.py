"""Programmes: weeks of the planner's sessions, with progression, deloads and dates.

``build_programme(catalogue, request) -> Programme``. No I/O, no printing.

- Schedule (R2): the level's default training days, or ``days``; strength
  sessions are at least 48 hours apart (a listed day that follows a strength
  day gets a mobility session instead); at most three strength sessions a
  week, the most that 48-hour spacing allows week after week. Runners and
  sprinters also get a short RAMP warm-up before each run (by default on
  their strength days, to pair with a run); desk workers get mobility breaks
  on the other weekdays.
- Two strength sessions for intermediate and advanced people, A and B, and
  B is a designed contrast: a hinge where A squats or lunges (or the other
  way round), and other abductor and adductor cards. They alternate across
  weeks, A B A then B A B, so each gets the same number of sessions.
- Week 1 starts every exercise on the first rung of its ladder (ladder.py):
  the bottom of its ranges, or a published start (Copenhagen, Nordic).
- A rung holds two weeks (R14; Nordic one, as Petersen 2011 builds weekly),
  then the exercise takes the next rung: reps, sets, tempo, the band further
  down, a heavier band, the harder variant (R13). When the next rung would
  break the time budget or the level's volume bounds, a time-neutral rung
  (a heavier band, the band lower, a harder variant) is taken instead. No
  week is silent: a second week on a rung, a step, a deload, or the top of
  the ladder with what would unlock more, each is written in the week's notes.
- Nordic curls follow Petersen 2011's frequency: once in week 1, twice in
  week 2, three times a week in weeks 3-10 (so the Nordic is in both A and
  B), then once a week to keep the gains.
- A deload week (R15) every few weeks when the programme is long enough:
  the same exercises with one set fewer and reps at the bottom of the range.
  Progression resumes afterwards from where it was.
- Warm-up doses (activation, warm-ups) and mobility sessions stay as they are,
  and a warm-up never repeats a family from the same day's strength session.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import wording as fmt
from .errors import RequestError
from .models import Catalogue, Exercise, Prescription
from .plans import (
    WEEKDAYS,
    Block,
    Change,
    Plan,
    PlanItem,
    PlanRequest,
    Programme,
    ProgrammeRequest,
    ProgrammeSession,
    ProgrammeWeek,
)
if TYPE_CHECKING:
    from .assess import Screen
from .rules import HIP_DOMINANT, KNEE_DOMINANT
from .ladder import KETTLEBELL_STEP_KG, Ladder, Rung, build_ladder, is_top, next_rung, protocol
from .planner import (
    BLOCKS,
    PAIN_RULE,
    VOLUME,
    band_legend,
    build_plan,
    effort_for,
    key_cue,
    normalise_request,
    plan_seconds,
    timed_blocks,
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
    "start": "week 1 starts every exercise on the first rung of its ladder (R14; ladder.py)",
    "deload": "deload week: one set fewer and reps at the bottom of the range, same exercises (R15)",
}
STEP_NAMES = {
    "reps": "reps",
    "sets": "+1 set",
    "tempo": "slower tempo",
    "position": "band lower",
    "band": "heavier band",
    "variant": "harder variant",
}


def _too_close(day: str, others: list[str]) -> bool:
    """Fewer than 48 hours apart in a repeating week (Sunday is next to Monday)."""
    index = WEEKDAYS.index(day)
    return any(min((index - WEEKDAYS.index(o)) % 7, (WEEKDAYS.index(o) - index) % 7) < 2 for o in others)


@dataclass(frozen=True)
class Schedule:
    """The days of a programme week for strength, warm-up and mobility sessions, with notes on days moved."""
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
    """The start date: as given, or the next training day from today on (today counts)."""
    if request.start is not None:
        return request.start
    days = set(plan.strength) | set(plan.warmup) | set(plan.mobility)
    for offset in range(7):
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
    """One exercise's place on its ladder through the weeks."""

    block: str
    exercise: Exercise
    dose: Prescription  # the warm-up or level dose the exercise was planned with
    item: PlanItem  # the planner's item: kept as it is while the track is fixed
    fixed: bool  # warm-up doses and mobility sessions do not progress
    why: str | None
    ladder: Ladder | None = None
    rung: Rung | None = None
    since: int = 1  # the week the current rung began
    cap: int | None = None  # fewer sets than the rung's, where the plan had to cut sets for time

    @property
    def slug(self) -> str:
        return self.rung.slug if self.rung else self.exercise.slug

    def current(self, *, deload: bool = False) -> PlanItem:
        if self.fixed or self.rung is None:
            return self.item
        rung = self.rung
        sets = rung.sets if self.cap is None else min(rung.sets, self.cap)
        amount = rung.amount
        if deload:
            sets = max(1, sets - 1)
            amount = (amount[0], amount[0])
        exercise = self.exercise
        return PlanItem(
            slug=rung.slug,
            name=exercise.name,
            sets=sets,
            **{rung.unit: amount},
            per_side=rung.per_side,
            rest=rung.rest,
            tempo=rung.tempo,
            band=rung.band,
            cue=key_cue(exercise),
            effort=(self.item.effort or "") + (f"; use {rung.bell_text()}" if rung.load_kg else "") or None,
            why=self.why,
        )


@dataclass
class _Template:
    """A session type's plan, kept while a programme is built, with the ladder each slot climbs."""
    title: str
    session: str
    request: PlanRequest
    blocks: list[tuple[Block, list[_Track]]]
    catalogue: Catalogue

    def tracks(self) -> list[_Track]:
        return [track for _, tracks in self.blocks for track in tracks]

    def plan(self, *, deload: bool = False, leave_out: frozenset[str] = frozenset()) -> Plan:
        blocks = []
        for block, tracks in self.blocks:
            items = tuple(track.current(deload=deload) for track in tracks if track.exercise.family_name not in leave_out)
            if items:
                blocks.append(dataclasses.replace(block, exercises=items))
        return Plan(request=self.request, blocks=tuple(blocks))

    def families(self) -> set[str]:
        return {track.exercise.family_name for track in self.tracks()} | {track.slug for track in self.tracks()}


def _template(
    title: str, plan: Plan, catalogue: Catalogue, rungs: Mapping[str, str] | None = None, *,
    kettlebell_step_kg: int = KETTLEBELL_STEP_KG,
) -> _Template:
    blocks = []
    request = plan.request
    for block in plan.blocks:
        tracks = []
        for item in block.exercises:
            exercise = catalogue.by_slug[item.slug]
            warm = BLOCKS[block.key].warmup_dose and exercise.warmup_dose is not None
            dose = exercise.warmup_dose if warm else exercise.prescription[request.level]
            # Only strength work progresses; warm-ups and mobility breaks stay as planned.
            fixed = bool(request.session != "strength" or warm)
            track = _Track(block=block.key, exercise=exercise, dose=dose, item=item, fixed=fixed, why=item.why)
            if not fixed:
                track.ladder = build_ladder(catalogue, exercise, request, kettlebell_step_kg=kettlebell_step_kg)
                track.rung = track.ladder.start(exercise.slug)
                # The training log's rung for this family (adapt.py), when there is one.
                logged = track.ladder.find(rungs[exercise.family_name]) if rungs and exercise.family_name in rungs else None
                if logged is not None:
                    track.rung = logged
                    if logged.slug != exercise.slug:
                        track.exercise = catalogue.by_slug[logged.slug]
                        track.item = dataclasses.replace(
                            item, effort=effort_for(track.exercise, request.level, warmup=False)
                        )
                if item.sets < track.rung.sets:
                    track.cap = item.sets
            tracks.append(track)
        blocks.append((block, tracks))
    return _Template(title=title, session=request.session, request=request, blocks=blocks, catalogue=catalogue)


def _fits(template: _Template) -> bool:
    plan = template.plan()
    limits = VOLUME[template.request.level]
    sets = sum(item.sets for item in plan.items())
    return plan_seconds(plan) <= (template.request.minutes or 0) * 60 and sets <= limits["sets"]


def _step(template: _Template, track: _Track, week: int) -> Change:
    """Move one track on its ladder if its rung has held long enough; say what happened either way."""
    assert track.ladder is not None and track.rung is not None
    ladder, rung = track.ladder, track.rung
    title = template.title

    def change(step: str, detail: str) -> Change:
        return Change(session=title, slug=track.slug, step=step, detail=detail)  # type: ignore[arg-type]

    held = week - track.since
    if held < ladder.hold_weeks:
        return change("hold", f"week {held + 1} of {ladder.hold_weeks} on this rung: a rung holds {ladder.hold_weeks} "
                      f"weeks{' (R14)' if ladder.hold_weeks == 2 else ' (Petersen 2011)'}")
    # A set cut for time comes back first, when there is time for it.
    if track.cap is not None:
        track.cap += 1
        if _fits(template):
            after = track.cap
            if track.cap >= rung.sets:
                track.cap = None
            track.since = week
            return change("sets", f"sets {after - 1} -> {after}: a set cut for time at the start comes back (R12, R14)")
        track.cap -= 1
    others = [other.slug for other in template.tracks() if other is not track]
    plan = template.plan()
    slack = (template.request.minutes or 0) * 60 - plan_seconds(plan)
    options = []
    taken = next_rung(ladder, rung, avoid=others)
    if taken is not None:
        options.append(taken)
    neutral = next_rung(ladder, rung, max_seconds=min(rung.seconds, rung.seconds + slack), avoid=others)
    if neutral is not None and neutral not in options:
        options.append(neutral)
    shown = track.current()
    for option in options:
        track.rung = option
        if track.current() == shown:
            track.rung = rung  # a set the time cap hides is no step the person would see
            continue
        if _fits(template):
            track.since = week
            if option.slug != track.exercise.slug:
                before = track.exercise
                track.exercise = template.catalogue.by_slug[option.slug]
                track.why = f"harder variant of {before.slug} (R16); " + (track.why or "")
                track.item = dataclasses.replace(
                    track.item, effort=effort_for(track.exercise, template.request.level, warmup=False)
                )
            neutral_note = " (time-neutral: the next rung would break the time budget)" if option is not taken else ""
            return change(option.step, option.detail + neutral_note)
        track.rung = rung
    if is_top(ladder, rung) or taken is None:
        return change("top", ladder.top_note())
    # The next rung exists but does not fit: the top of what this budget allows, and what would unlock more.
    track.rung = taken
    over = plan_seconds(template.plan()) - (template.request.minutes or 0) * 60
    track.rung = rung
    if over > 0:
        more = -(-over // 60)
        unlock = f"about {more} more minute{'s' if more != 1 else ''} a session (--minutes {(template.request.minutes or 0) + more})"
    else:
        unlock = f"fewer exercises: the {template.request.level} volume bound of {VOLUME[template.request.level]['sets']} sets is reached"
    return change(
        "top",
        f"top of what fits for you: the next rung ({taken.key}) and no time-neutral one fit; more would need {unlock}",
    )


def _progress(template: _Template, week: int) -> list[Change]:
    return [_step(template, track, week) for track in template.tracks() if not track.fixed]


# --- building ----------------------------------------------------------------------------


def _contrast_lead(plan: Plan, catalogue: Catalogue) -> frozenset[str]:
    """B's main lift: a hinge where A's is a squat or lunge, and the other way round."""
    for item in plan.items():
        exercise = catalogue.by_slug[item.slug]
        if exercise.pattern in KNEE_DOMINANT:
            return HIP_DOMINANT
        if exercise.pattern in HIP_DOMINANT and exercise.pattern != "hip-extension":
            return KNEE_DOMINANT
    return KNEE_DOMINANT | frozenset({"hinge"})


def build_programme(
    catalogue: Catalogue, request: ProgrammeRequest, *, today: datetime.date | None = None,
    rungs: Mapping[str, str] | None = None, screen: Screen | None = None,
    kettlebell_step_kg: int = KETTLEBELL_STEP_KG,
) -> Programme:
    """Build a programme, or raise ``PlanError`` / ``RequestError`` saying what to change.

    ``rungs`` maps an exercise family to the rung key week 1 starts on (from the training log, adapt.py);
    ``screen`` is what the latest self-tests allow (``assess.screen``), as for ``build_plan``;
    ``kettlebell_step_kg`` sizes the heavier-bell rungs (the setting of that name).
    """
    if not 1 <= request.weeks <= 52:
        raise RequestError("--weeks must be from 1 to 52")
    plan = schedule(request)
    if not plan.strength:
        raise RequestError("no strength day left after spacing; name at least one day with --days")
    start = first_day(request, plan, today or datetime.date.today())
    build = _Build(catalogue, request, plan, rungs, screen, kettlebell_step_kg)
    strength, notes = build.strength_sessions()
    warmup, mobility = build.side_sessions(strength)
    weeks = _Weeks(plan, strength, warmup, mobility, start, request.weeks)
    built = [weeks.week(number, is_deload(request, number)) for number in range(1, request.weeks + 1)]
    uses_band = any(catalogue.by_slug[item.slug].uses_band for week in built for session in week.sessions
                    for block in session.blocks for item in block.exercises)
    last = max((session.date for week in built for session in week.sessions), default=start)
    if last >= datetime.date.max:
        # An all-day event ends the day after its session, and 9999-12-31 has no day after it.
        raise RequestError(
            f"--start: a {request.weeks}-week programme from {start} has its last session on {last}, "
            "the last date a calendar can hold (9999-12-31); choose an earlier start"
        )
    first = min((session.date for session in built[0].sessions), default=start)
    if first != start:
        # The header shows the first session; say why it is not the day asked for.
        notes.append(f"{start:%a %d %b} is not a training day, so the first session is on {first:%a %d %b}.")
    return Programme(
        request=request if request.start else dataclasses.replace(request, start=start),
        weeks=tuple(built),
        bands=band_legend(catalogue) if uses_band else None,
        notes=tuple(plan.notes) + tuple(notes),
        safety=_safety(catalogue, strength),
        pain=PAIN_RULE,
    )


@dataclass
class _Build:
    """The programme's session templates, planned once and climbed week by week."""

    catalogue: Catalogue
    request: ProgrammeRequest
    plan: Schedule
    rungs: Mapping[str, str] | None
    screen: Screen | None
    kettlebell_step_kg: int

    def session_request(self, session: str) -> PlanRequest:
        request = self.request
        return PlanRequest(
            level=request.level, goal=request.goal, session=session,  # type: ignore[arg-type]
            equipment=request.equipment, minutes=request.minutes if session == "strength" else None,
            avoid=request.avoid, seed=request.seed,
        )

    def template(self, title: str, made: Plan) -> _Template:
        return _template(title, made, self.catalogue, self.rungs, kettlebell_step_kg=self.kettlebell_step_kg)

    def strength_sessions(self) -> tuple[list[_Template], list[str]]:
        """A, and B as its contrast for intermediate and advanced people; notes on why there is no B."""
        # Sessions are planned with room to climb: extras fill only part of the budget (HEADROOM).
        first = build_plan(self.catalogue, self.session_request("strength"), fill=HEADROOM, screen=self.screen)
        strength = [self.template("Strength A", first)]
        notes: list[str] = []
        if self.request.level != "beginner" and len(self.plan.strength) < 2:
            notes.append("One strength session only: A and B need two strength days at least 48 hours apart (--days).")
        elif self.request.level != "beginner":
            # Families on a weekly schedule (the Nordic) belong in both sessions, so the
            # schedule can reach three a week (Petersen 2011): the planner does not contrast them.
            second = build_plan(
                self.catalogue, self.session_request("strength"), contrast=frozenset(strength[0].families()),
                lead=_contrast_lead(first, self.catalogue), fill=HEADROOM, screen=self.screen,
            )
            if [i.slug for i in second.items()] != [i.slug for i in first.items()]:
                strength.append(self.template("Strength B", second))
            else:
                notes.append("One strength session only: with this kit and level no second session differs from the first.")
        if len(strength) == 1:
            strength[0].title = "Strength"
        return strength, notes

    def side_sessions(self, strength: list[_Template]) -> tuple[_Template | None, _Template | None]:
        """The warm-up and mobility templates, never repeating a family from the same day's strength work."""
        same_day = set(self.plan.strength)
        families = frozenset(family for t in strength for family in t.families())
        made = []
        for title, session, days in (("Warm-up", "warmup", self.plan.warmup), ("Mobility", "mobility", self.plan.mobility)):
            if not days:
                made.append(None)
                continue
            exclude = families if same_day & set(days) else frozenset()
            made.append(self.template(title, build_plan(self.catalogue, self.session_request(session), exclude=exclude,
                                                        screen=self.screen)))
        return made[0], made[1]


@dataclass
class _Weeks:
    """Lays the templates out on the calendar, week by week, stepping the strength work."""

    plan: Schedule
    strength: list[_Template]
    warmup: _Template | None
    mobility: _Template | None
    start: datetime.date
    weeks: int
    strength_count: int = 0  # across weeks, so A and B alternate: A B A, then B A B

    def changes(self, number: int, deload: bool) -> list[Change]:
        if deload:
            return [Change(session=t.title, slug=None, step="deload", detail=STEP_RULES["deload"]) for t in self.strength]
        if number > 1:
            return [change for t in self.strength for change in _progress(t, number)]
        changes = [Change(session=t.title, slug=None, step="start", detail=STEP_RULES["start"]) for t in self.strength]
        for t in self.strength:
            for track in t.tracks():
                published = protocol(track.exercise) if not track.fixed else None
                if published is not None and track.rung is not None:
                    changes.append(Change(
                        session=t.title, slug=track.slug, step="start",
                        detail=f"starts at {track.rung.sets} x {fmt.span(*track.rung.amount)}"
                        f"{' per side' if track.rung.per_side else ''}: the {published.name}'s first dose, "
                        f"{published.note} ({published.source})",
                    ))
        return changes

    def _calendar_ends(self, week_start: datetime.date, offset: int) -> None:
        """The calendar ends inside this week: fine unless a training day falls after its end."""
        later = {WEEKDAYS[(week_start.weekday() + rest) % 7] for rest in range(offset, 7)}
        if later & (set(self.plan.strength) | set(self.plan.warmup) | set(self.plan.mobility)):
            raise RequestError(
                f"--start: a {self.weeks}-week programme from {self.start} would have a session after "
                "9999-12-31, the last date a calendar can hold; choose an earlier start"
            )

    def week(self, number: int, deload: bool) -> ProgrammeWeek:
        changes = self.changes(number, deload and number > 1)
        sessions = []
        week_start = self.start + datetime.timedelta(days=7 * (number - 1))
        seen_in_week: dict[str, int] = {}
        for offset in range(7):
            if week_start > datetime.date.max - datetime.timedelta(days=offset):
                self._calendar_ends(week_start, offset)
                break
            date = week_start + datetime.timedelta(days=offset)
            day = WEEKDAYS[date.weekday()]
            if day in self.plan.warmup and self.warmup is not None:
                sessions.append(_session(date, self.warmup, deload=False))
            if day in self.plan.strength:
                t = self.strength[self.strength_count % len(self.strength)]
                self.strength_count += 1
                leave_out = _over_schedule(t, number, seen_in_week)
                sessions.append(_session(date, t, deload=deload, leave_out=frozenset(leave_out)))
                changes += [
                    Change(session=t.title, slug=slug, step="frequency",
                           detail=f"left out on {date:%a}: {allowed} session{'s' if allowed != 1 else ''} a week "
                           f"in week {number} ({NORDIC_NOTE})")
                    for _family, (slug, allowed) in sorted(leave_out.items())
                ]
            if day in self.plan.mobility and self.mobility is not None:
                sessions.append(_session(date, self.mobility, deload=False))
        return ProgrammeWeek(number=number, deload=deload, sessions=tuple(sessions), changes=tuple(changes))


def _over_schedule(template: _Template, number: int, seen_in_week: dict[str, int]) -> dict[str, tuple[str, int]]:
    """Families past their published sessions a week (the Nordic) in this session: family -> (slug, allowed)."""
    leave_out: dict[str, tuple[str, int]] = {}
    for track in template.tracks():
        published = protocol(track.exercise) if not track.fixed else None
        allowed = published.sessions_in_week(number) if published else None
        if allowed is None:
            continue
        family = track.exercise.family_name
        done = seen_in_week.get(family, 0)
        if done >= allowed:
            leave_out[family] = (track.slug, allowed)
        else:
            seen_in_week[family] = done + 1
    return leave_out



# Week 1 fills about three quarters of the budget, so later rungs (more reps
# and sets, slower tempo) have time to land [C].
HEADROOM = 0.75
NORDIC_NOTE = "Petersen 2011: once in week 1, twice in week 2, three times in weeks 3-10, then once a week; CS2"


def _session(
    date: datetime.date, template: _Template, *, deload: bool, leave_out: frozenset[str] = frozenset()
) -> ProgrammeSession:
    plan = template.plan(deload=deload, leave_out=leave_out)
    blocks, seconds, minutes = timed_blocks(plan.blocks)
    title = template.title + (" (deload)" if deload and template.session == "strength" else "")
    return ProgrammeSession(
        date=date, title=title, session=template.session, blocks=blocks,  # type: ignore[arg-type]
        time_seconds=seconds, time_minutes=minutes,
    )


def programme_with_times(document: Any) -> Any:
    """A programme (or its file) with every session's estimated times filled in."""
    weeks = []
    for week in document.weeks:
        sessions = []
        for session in week.sessions:
            blocks, seconds, minutes = timed_blocks(session.blocks)
            sessions.append(dataclasses.replace(session, blocks=blocks, time_seconds=seconds, time_minutes=minutes))
        weeks.append(dataclasses.replace(week, sessions=tuple(sessions)))
    return dataclasses.replace(document, weeks=tuple(weeks))


def _safety(catalogue: Catalogue, strength: list[_Template]) -> tuple[str, ...]:
    from .planner import safety_notes

    exercises = [track.exercise for template in strength for track in template.tracks()]
    notes = list(safety_notes(catalogue, strength[0].request, exercises))
    notes.append(
        "Take a step only when the current dose feels clean and within the pain rule; if a week feels too hard, "
        "repeat the previous week's dose (R16)."
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
        counts[change.step] = counts.get(change.step, 0) + 1
    if "start" in counts:
        return "start: first rung of every ladder"
    parts = [f"{STEP_NAMES[step]} x{count}" for step, count in counts.items() if step in STEP_NAMES]
    if counts.get("hold"):
        parts.append(f"2nd week on rung x{counts['hold']}")
    if counts.get("top"):
        parts.append(f"top of ladder x{counts['top']}")
    return ", ".join(parts) or "no change"


__all__ = ["build_programme", "programme_with_times", "progress_summary", "schedule", "session_plan", "week_sets"]
