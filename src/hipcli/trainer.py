"""The guided session as a state machine: ``step(state, event) -> state``.

No clock and no terminal here. Every event carries the monotonic time it
happened at (``Tick(now)``, ``Key(name, now)``), and every deadline is an
absolute time computed from the time a stage was *scheduled* to start, never
from when a tick happened to arrive: late ticks then cannot add up to drift.
A stage that ends on time hands its end time to the next one as its start.

What the outside world must do is returned as data in ``state.effects``:
``Bell()`` for the terminal bell, ``Record(...)`` for a set to write to the
training log at once. The shell (``cli/train.py``) carries them out, the
ticker (``ticker.py``) turns the terminal into events, and ``live.py`` draws
the state; tests feed events from a list. The drills and their stages come
from ``drills.py``; what the session came to, from ``recap.py``.

A session is a list of stages built from a plan:

- ``setup``: a change-over countdown before each exercise (30 s by default,
  R11's transition; ``setup_seconds`` changes it), to fetch the band and get
  into position;
- ``ready``: a get-ready count before timed work;
- ``switch``: the same count between the two sides of one-sided work;
- ``work``: a hold with its countdown, or reps that run until confirmed;
- ``record``: confirm what was done, with one key (the default is the
  target), optionally with effort (OMNI-RES 0-10) and pain (0-10);
- ``rest``: the rest between sets, with its countdown;
- ``done``.

Two things sit on top of the stage list. A pain score above the card's limit
raises an ``Alert`` that holds the session on the exercise and side that hurt
until the person answers it: nothing counts on by itself past a warning.
A ``Correction`` reopens an already recorded set (hands-free holds record
themselves) so the keyboard can fix it afterwards.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .drills import Drill, Stage, estimate_seconds, rep_parts, resume_index, stages_for

CHANGEOVER_SECONDS = 30  # R11: the transition the time estimate allows per exercise (the default setup count)
GET_READY_SECONDS = 5  # convention: long enough to get into position
BELL_MARKS = (3, 2, 1, 0)  # seconds left when the bell rings: 3-2-1 and the end
MAX_AMOUNT = 600  # the catalogue's largest dose (models.Amount)

COUNTDOWNS = frozenset({"setup", "ready", "switch", "rest"})
Field = Literal["amount", "effort", "pain"]
FIELDS: tuple[Field, ...] = ("amount", "effort", "pain")


# --- events and effects ---------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """An event: the monotonic time now, as the ticker read it."""
    now: float


@dataclass(frozen=True)
class Key:
    """A key by name: one character, or enter, space, tab, backspace, up, down, left, right, escape."""

    name: str
    now: float


@dataclass(frozen=True)
class Stopped:
    """An event: the process was stopped (Ctrl-Z) at ``at`` and carried on ('fg') at ``now``."""

    at: float
    now: float


Event = Tick | Key | Stopped


@dataclass(frozen=True)
class Bell:
    """An effect: ring the terminal bell."""


@dataclass(frozen=True)
class SetRecord:
    """One set (or one side of a set) as done, ready for the training log."""

    order: int  # the exercise's place in the session, from 0
    slug: str
    name: str
    set: int
    side: str | None
    unit: str
    sets: int  # the sets the plan asked for
    target_low: int
    target_high: int
    done: int
    effort: int | None = None
    pain: int | None = None
    band: str | None = None
    placement: str | None = None
    tempo: str | None = None
    skipped_early: bool = False  # a hold ended before its time with "done"

    @property
    def key(self) -> tuple[int, int, str | None]:
        return (self.order, self.set, self.side)


@dataclass(frozen=True)
class Record:
    """Write this set now. The same ``key`` again (after 'back') replaces the earlier row."""

    set: SetRecord


Effect = Bell | Record


@dataclass(frozen=True)
class Alert:
    """Pain above a card's limit, held on the exercise and side it belongs to until answered."""

    key: tuple[int, int, str | None]  # the set that hurt
    name: str
    side: str | None
    pain: int
    limit: int
    source: str

    def text(self) -> str:
        where = f" on the {self.side} side" if self.side else ""
        return (
            f"Pain {self.pain}/10{where} is above the {self.limit}/10 {self.name} allows ({self.source}): "
            "stop this exercise and step back next time."
        )


# --- the state ----------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What the record stage will save: the amount, effort and pain as typed so far."""

    amount: int
    effort: int | None = None
    pain: int | None = None
    focus: Field = "amount"
    typed: str = ""  # digits typed into the focused field since it got focus
    default: int = 0  # the amount proposed: the target, or the seconds held
    held_early: bool = False


@dataclass(frozen=True)
class State:
    """The whole session at one moment: the drills, where the person is, and what is recorded."""
    drills: tuple[Drill, ...]
    stages: tuple[Stage, ...]
    index: int
    now: float
    started: float
    stage_started: float  # the scheduled start of the current stage (moved on by pauses)
    ends: float | None = None  # the deadline of a countdown or a hold
    marks: tuple[int, ...] = ()  # bell marks (seconds left) still to ring in this stage
    paused_at: float | None = None
    paused_total: float = 0.0
    bell: bool = True
    detail: bool = False
    pace: bool = False
    confirm_quit: bool = False
    paused_for_quit: bool = False
    draft: Draft | None = None
    recorded: Mapping[tuple[int, int, str | None], SetRecord] = field(default_factory=dict)
    ready_seconds: int = GET_READY_SECONDS
    setup_seconds: int = CHANGEOVER_SECONDS
    hands_free: bool = False  # a hold that runs its full time records itself as done
    alert: Alert | None = None
    correcting: tuple[int, int, str | None] | None = None  # a recorded set reopened with "c"
    estimate: int = 0
    finished: bool = False
    quit: bool = False
    effects: tuple[Effect, ...] = ()

    # -- what the screen asks ---------------------------------------------------

    @property
    def stage(self) -> Stage:
        return self.stages[self.index]

    @property
    def drill(self) -> Drill | None:
        stage = self.stage
        return self.drills[stage.drill] if stage.drill < len(self.drills) else None

    @property
    def side(self) -> str | None:
        drill = self.drill
        return drill.sides[self.stage.side] if drill else None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def clock(self) -> float:
        """The time the clock shows: frozen while paused."""
        return self.paused_at if self.paused_at is not None else self.now

    @property
    def elapsed(self) -> float:
        """Training time so far, pauses left out."""
        return max(0.0, self.clock - self.started - self.paused_total)

    @property
    def remaining(self) -> float | None:
        """Seconds left in a countdown or hold; None for untimed stages."""
        if self.ends is None:
            return None
        return max(0.0, self.ends - self.clock)

    @property
    def counter(self) -> int | None:
        """The whole seconds the big countdown shows: 3, 2, 1 then the stage ends."""
        left = self.remaining
        return None if left is None else math.ceil(left - 1e-9)

    @property
    def in_stage(self) -> float:
        """Seconds since the current stage began, pauses left out."""
        return max(0.0, self.clock - self.stage_started)

    def pace_now(self) -> tuple[int, str, int] | None:
        """For reps with a tempo: (rep number, 'lift'/'pause'/'lower', seconds left in that part)."""
        drill = self.drill
        parts = rep_parts(drill.tempo) if drill else ()
        if self.stage.kind != "work" or drill is None or drill.timed or not parts:
            return None
        cycle = sum(seconds for _, seconds in parts)
        t = self.in_stage
        rep, into = divmod(t, cycle)
        for name, seconds in parts:
            if into < seconds:
                return int(rep) + 1, name, math.ceil(seconds - into - 1e-9)
            into -= seconds
        return int(rep) + 1, parts[-1][0], 1

    def upcoming(self) -> str:
        """What comes after this stage, in a few words."""
        stage = self.stage
        drill = self.drill
        if drill is None:
            return ""
        later = [s for s in self.stages[self.index + 1 :] if s.kind in ("work", "setup", "done")]
        if not later:
            return ""
        after = later[0]
        if after.kind == "done":
            return "the end of the session"
        if after.kind == "setup":
            nxt = self.drills[after.drill]
            return f"{nxt.name}, {nxt.dose}"
        side = self.drills[after.drill].sides[after.side]
        text = f"set {after.set} of {drill.sets}" + (f", {side} side" if side else "")
        rest = next((s for s in self.stages[self.index + 1 :] if s.kind in ("rest", "work")), None)
        if rest is not None and rest.kind == "rest" and stage.kind != "rest":
            text = f"rest {drill.rest} s, then {text}"
        return text

    def next_wake(self) -> float | None:
        """When the screen or the machine next changes without a key: the ticker sleeps until then."""
        if self.finished or self.paused:
            return None
        # The elapsed clock turns over every whole second of training time.
        wake = self.now + (1.0 - (self.elapsed % 1.0))
        if self.ends is not None:
            left = self.ends - self.now
            # The big number changes when the time left reaches the next whole second down.
            wake = min(wake, self.ends - max(0, math.ceil(left - 1e-9) - 1))
        if self.pace:
            pace = self.pace_now()
            if pace is not None:
                drill = self.drill
                assert drill is not None
                cycle = sum(seconds for _, seconds in rep_parts(drill.tempo))
                into = self.in_stage % cycle
                bounds = [0]
                for _, seconds in rep_parts(drill.tempo):
                    bounds.append(bounds[-1] + seconds)
                to_next = min(b - into for b in bounds[1:] if b - into > 1e-9)
                wake = min(wake, self.now + to_next)
        return max(wake, self.now)


def start(
    drills: tuple[Drill, ...],
    now: float,
    *,
    bell: bool = True,
    pace: bool = False,
    ready_seconds: int = GET_READY_SECONDS,
    setup_seconds: int = CHANGEOVER_SECONDS,
    hands_free: bool = False,
    done: Mapping[tuple[int, int, str | None], SetRecord] | None = None,
) -> State:
    """A session at its first stage, the clock starting at ``now``.

    With ``done`` (the sets an interrupted run recorded, by ``SetRecord.key``),
    it resumes at the first set not yet recorded, and those sets count as done.
    """
    stages = stages_for(drills)
    state = State(
        drills=drills,
        stages=stages,
        index=0,
        now=now,
        started=now,
        stage_started=now,
        bell=bell,
        pace=pace,
        ready_seconds=ready_seconds,
        setup_seconds=setup_seconds,
        hands_free=hands_free,
        recorded=dict(done or {}),
        estimate=estimate_seconds(drills),
    )
    # Ticked at once, so a zero-second count (--setup 0, --ready 0) is passed straight through.
    return _tick(_enter(state, resume_index(stages, drills, done) if done else 0, now))


# --- transitions ----------------------------------------------------------------


def step(state: State, event: Event) -> State:
    """The state after one event, with what the shell must do in ``effects``."""
    if isinstance(event, Stopped):
        return _stopped(state, event)
    state = dataclasses.replace(state, effects=(), now=max(state.now, event.now))
    if state.finished:
        return state
    # Time passes first: a key pressed after a countdown ran out acts on the stage that followed it.
    state = _tick(state)
    if isinstance(event, Key) and not state.finished:
        state = _tick(_key(state, event.name))
    return state


def _stopped(state: State, event: Stopped) -> State:
    """While hipcli was stopped the person was not training: a countdown that was running waits, paused at
    the moment of the stop (Space or p goes on), instead of every countdown having run out after 'fg'."""
    state = _tick(dataclasses.replace(state, effects=(), now=max(state.now, event.at)))
    counting = not state.finished and not state.paused and state.ends is not None and state.alert is None
    if counting:
        state = dataclasses.replace(state, paused_at=state.now)
    return dataclasses.replace(state, now=max(state.now, event.now))


def _countdown_length(state: State, stage: Stage) -> int:
    drill = state.drills[stage.drill] if stage.drill < len(state.drills) else None
    if drill is None:
        return 0
    if stage.kind == "setup":
        return state.setup_seconds
    if stage.kind in ("ready", "switch"):
        return state.ready_seconds
    if stage.kind == "rest":
        return drill.rest
    if stage.kind == "work" and drill.timed:
        return drill.high
    return 0


def _enter(state: State, index: int, at: float) -> State:
    """Begin stage ``index`` at time ``at`` (its scheduled start, which may be in the past)."""
    stage = state.stages[index]
    state = dataclasses.replace(
        state, index=index, stage_started=at, ends=None, marks=(), draft=None, confirm_quit=False
    )
    if stage.kind == "done":
        return dataclasses.replace(state, finished=True)
    if stage.kind == "record":
        drill = state.drills[stage.drill]
        if state.hands_free and drill.timed and state.stages[index - 1].kind == "work":
            # The hold ran its full time with nobody at the keyboard: it is done as planned ("c" corrects it).
            return _save(dataclasses.replace(state, draft=_default_draft(state)), _default_draft(state), at)
        return dataclasses.replace(state, draft=_default_draft(state))
    length = _countdown_length(state, stage)
    if stage.kind in COUNTDOWNS or (stage.kind == "work" and length):
        marks = tuple(mark for mark in BELL_MARKS if mark < length)
        state = dataclasses.replace(state, ends=at + length, marks=marks)
    return state


def _default_draft(state: State) -> Draft:
    """The target: all the reps, or a hold that ran its full time ('done' early replaces it)."""
    drill = state.drill
    assert drill is not None
    return Draft(amount=drill.high, default=drill.high)


def _advance(state: State, at: float) -> State:
    return _enter(state, state.index + 1, at)


def _tick(state: State) -> State:
    """Ring the bell marks passed and end countdowns that ran out, chaining on their scheduled ends."""
    while not state.finished and not state.paused and state.ends is not None and state.alert is None:
        left = state.ends - state.now
        rung = [mark for mark in state.marks if left <= mark + 1e-9]
        if rung:
            bell = (Bell(),) if state.bell and Bell() not in state.effects[-1:] else ()
            state = dataclasses.replace(
                state, marks=tuple(m for m in state.marks if m not in rung), effects=state.effects + bell
            )
        if left > 1e-9:
            break
        state = _advance(state, state.ends)
    return state


def _key(state: State, name: str) -> State:
    if state.confirm_quit or (name in ("q", "escape") and state.correcting is None):
        return _quit_key(state, name)
    if name == "m":
        return dataclasses.replace(state, bell=not state.bell)
    if name in ("i", "?"):
        return dataclasses.replace(state, detail=not state.detail)
    if state.correcting is not None:
        return _correct_key(state, name)
    if state.alert is not None:
        return _alert_key(state, name)
    if name == "c" and state.stage.kind != "record" and state.recorded:
        # Reopen the last recorded set, the clock stopped meanwhile.
        key = max(state.recorded, key=lambda k: (k[0], k[1], state.drills[k[0]].sides.index(k[2])))
        done = state.recorded[key]
        draft = Draft(amount=done.done or 0, effort=done.effort, pain=done.pain, default=done.done or 0)
        paused = state if state.paused else dataclasses.replace(state, paused_at=state.now)
        return dataclasses.replace(paused, correcting=key, draft=draft)
    return _plain_key(state, name)


def _quit_key(state: State, name: str) -> State:
    if state.confirm_quit:
        if name in ("y", "Y", "q"):
            return dataclasses.replace(_resume(state) if state.paused_for_quit else state, finished=True, quit=True)
        state = dataclasses.replace(state, confirm_quit=False)
        return _resume(state) if state.paused_for_quit else state
    if name in ("q", "escape"):
        paused = not state.paused
        if paused:
            state = dataclasses.replace(state, paused_at=state.now)
        return dataclasses.replace(state, confirm_quit=True, paused_for_quit=paused)
    return state


def _alert_key(state: State, name: str) -> State:
    """n stops the exercise that hurt; Enter carries on anyway; b redoes the set. Nothing moves by itself."""
    alert = state.alert
    assert alert is not None
    cleared = dataclasses.replace(state, alert=None)
    if name == "n":
        if state.stage.drill == alert.key[0] and state.stage.kind != "done":
            return _next_exercise(_resume(cleared))
        return _resume(cleared)
    if name == "enter":
        if state.stage.kind == "record":
            return _advance(cleared, state.now)
        return _resume(cleared)
    if name == "b":
        return _back(_resume(cleared))
    return state


def _correct_key(state: State, name: str) -> State:
    """Editing a set already recorded: Enter saves it again; c, s or Escape leave it as it was."""
    key = state.correcting
    draft = state.draft
    assert key is not None and draft is not None
    if name in ("c", "s", "escape"):
        return _resume(dataclasses.replace(state, correcting=None, draft=None))
    if name == "enter":
        old = state.recorded[key]
        record = dataclasses.replace(old, done=draft.amount, effort=draft.effort, pain=draft.pain)
        recorded = dict(state.recorded)
        recorded[key] = record
        state = dataclasses.replace(
            state, correcting=None, draft=None, recorded=recorded, effects=(*state.effects, Record(record))
        )
        drill = state.drills[key[0]]
        if draft.pain is not None and draft.pain > drill.pain_limit:
            # Stays paused: the warning waits for an answer, as it does when typed at the set.
            return dataclasses.replace(state, alert=_alert_for(drill, key, draft.pain))
        return _resume(state)
    edited = _edit_draft(draft, name)
    return state if edited is None else dataclasses.replace(state, draft=edited)


def _plain_key(state: State, name: str) -> State:
    if name in ("p", "space") and not (state.stage.kind == "record" and name == "space"):
        return _resume(state) if state.paused else dataclasses.replace(state, paused_at=state.now)
    if name == "t":
        return dataclasses.replace(state, pace=not state.pace)
    if state.paused:
        # Moving on while paused would start a clock the person has stopped.
        state = _resume(state)
    kind = state.stage.kind
    if kind == "record":
        return _record_key(state, name)
    if name == "b":
        return _back(state)
    if name == "n":
        return _next_exercise(state)
    if name in ("enter", "d") and kind == "work" and state.drill and state.drill.timed:
        held = max(0, min(state.drill.high, int(state.in_stage)))
        moved = _advance(state, state.now)
        return dataclasses.replace(moved, draft=Draft(amount=held, default=held, held_early=True))
    if name in ("enter", "d", "s") and kind in COUNTDOWNS | {"work"}:
        if name == "s" and kind == "work":
            # Skip the set: move past its record stage without writing anything.
            return _advance(_advance(state, state.now), state.now)
        return _advance(state, state.now)
    return state


def _resume(state: State) -> State:
    if state.paused_at is None:
        return state
    shift = state.now - state.paused_at
    return dataclasses.replace(
        state,
        paused_at=None,
        paused_for_quit=False,
        paused_total=state.paused_total + shift,
        stage_started=state.stage_started + shift,
        ends=None if state.ends is None else state.ends + shift,
    )


def _entries(state: State) -> list[int]:
    """Where 'back' can land: each exercise's setup and the first stage of each set and side."""
    out = []
    for index, stage in enumerate(state.stages):
        if stage.kind in ("setup", "ready", "switch"):
            out.append(index)
        elif stage.kind == "work" and state.stages[index - 1].kind not in ("ready", "switch"):
            out.append(index)
    return out


def _back(state: State) -> State:
    earlier = [index for index in _entries(state) if index < state.index]
    if not earlier:
        return _enter(state, state.index, state.now)
    return _enter(state, earlier[-1], state.now)


def _next_exercise(state: State) -> State:
    later = [i for i, s in enumerate(state.stages) if i > state.index and s.kind in ("setup", "done")]
    return _enter(state, later[0], state.now)


def _record_key(state: State, name: str) -> State:
    draft = state.draft
    assert draft is not None
    drill = state.drill
    assert drill is not None
    if name == "enter":
        return _save(state, draft)
    # Leaving without writing: s skips this record, n the exercise, b goes back to redo the set.
    if name == "s":
        return _advance(state, state.now)
    if name == "n":
        return _next_exercise(state)
    if name == "b":
        return _back(state)
    edited = _edit_draft(draft, name)
    return state if edited is None else dataclasses.replace(state, draft=edited)


def _edit_draft(draft: Draft, name: str) -> Draft | None:
    """A key typed into the record form: move between fields, type digits, adjust; None if it means nothing."""
    if name in ("tab", "right", "e") or name == "left":
        order = FIELDS.index(draft.focus)
        if name == "e":
            focus: Field = "effort"
        elif name == "left":
            focus = FIELDS[(order - 1) % len(FIELDS)]
        else:
            focus = FIELDS[(order + 1) % len(FIELDS)]
        return dataclasses.replace(draft, focus=focus, typed="")
    top = MAX_AMOUNT if draft.focus == "amount" else 10
    current = getattr(draft, draft.focus)
    if name.isdigit() and len(name) == 1:
        typed = (draft.typed + name).lstrip("0") or "0"
        value = int(typed)
        if value > top:
            typed, value = name, int(name)
        return dataclasses.replace(draft, typed=typed, **{draft.focus: value})
    if name == "backspace":
        typed = draft.typed[:-1]
        empty = draft.default if draft.focus == "amount" else None
        value = int(typed) if typed else empty
        return dataclasses.replace(draft, typed=typed, **{draft.focus: value})
    if name in ("+", "up", "=", "-", "down"):
        delta = 1 if name in ("+", "up", "=") else -1
        value = max(0, min(top, (current or 0) + delta))
        return dataclasses.replace(draft, typed="", **{draft.focus: value})
    return None


def _alert_for(drill: Drill, key: tuple[int, int, str | None], pain: int) -> Alert:
    return Alert(key=key, name=drill.name, side=key[2], pain=pain, limit=drill.pain_limit, source=drill.pain_source)


def _save(state: State, draft: Draft, at: float | None = None) -> State:
    drill = state.drill
    assert drill is not None
    stage = state.stage
    record = SetRecord(
        order=stage.drill,
        slug=drill.slug,
        name=drill.name,
        set=stage.set,
        side=drill.sides[stage.side],
        unit=drill.unit,
        sets=drill.sets,
        target_low=drill.low,
        target_high=drill.high,
        done=draft.amount,
        effort=draft.effort,
        pain=draft.pain,
        band=drill.band,
        placement=drill.placement,
        tempo=drill.tempo,
        skipped_early=draft.held_early and draft.amount < drill.high,
    )
    recorded = dict(state.recorded)
    recorded[record.key] = record
    saved = dataclasses.replace(state, recorded=recorded, effects=(*state.effects, Record(record)))
    if draft.pain is not None and draft.pain > drill.pain_limit:
        # The warning stays on this exercise and side; the next stage waits for an answer.
        return dataclasses.replace(saved, draft=None, alert=_alert_for(drill, record.key, draft.pain))
    return _advance(saved, state.now if at is None else at)


def records_from_log(drills: tuple[Drill, ...], logged: object) -> dict[tuple[int, int, str | None], SetRecord]:
    """Sets an interrupted run wrote to the log (``logrows.LoggedSet`` rows), as ``start(done=...)`` takes them.

    A row counts only where it matches the plan's exercise at that place, so a
    plan changed since the interruption does not mark the wrong sets done.
    """
    done: dict[tuple[int, int, str | None], SetRecord] = {}
    for row in logged:  # type: ignore[attr-defined]
        position = row.position
        if position >= len(drills) or drills[position].slug != row.slug:
            continue
        drill = drills[position]
        side = row.side or None
        if side not in drill.sides or row.set_number > drill.sets or row.done is None:
            continue
        record = SetRecord(
            order=position, slug=drill.slug, name=drill.name, set=row.set_number, side=side, unit=drill.unit,
            sets=drill.sets, target_low=drill.low, target_high=drill.high, done=row.done, effort=row.effort,
            pain=row.pain, band=row.band, placement=row.placement, tempo=row.tempo,
        )
        done[record.key] = record
    return done


def run_script(state: State, events: list[Event]) -> tuple[State, list[Effect]]:
    """Feed events in order; the final state and every effect, for tests and the benchmark."""
    effects: list[Effect] = []
    for event in events:
        state = step(state, event)
        effects.extend(state.effects)
    return state, effects


__all__ = [
    "Alert",
    "Bell",
    "Draft",
    "Key",
    "Record",
    "SetRecord",
    "State",
    "Tick",
    "records_from_log",
    "run_script",
    "start",
    "step",
]
