"""What a person asks for and what hipcli builds: requests, plans, programmes and their files.

The cards they are built from, and the vocabularies and value types both
share, are in ``models.py``; like those, these are frozen dataclasses that
pydantic only reads when a saved file is checked (``validation.py``).
"""

import datetime
from functools import cache
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

from .models import (
    UNITS,
    Amount,
    AvoidFlag,
    BandLevel,
    Count,
    Equipment,
    Goal,
    Level,
    Line,
    Range,
    RestSeconds,
    SessionType,
    Slug,
    Tempo,
    Text,
    units_as_ranges,
)
from .records import CONFIG, Ge, Le, MinLen, Model, field_names, model


# --- requests check themselves ---------------------------------------------------

# The option each request field comes from, so a library caller and a command
# line user read the same message.
OPTIONS = {
    "level": "--level", "goal": "--goal", "session": "--session", "equipment": "--equipment", "minutes": "--minutes",
    "avoid": "--avoid", "seed": "--seed", "weeks": "--weeks", "days": "--days", "start": "--start",
    "warmup_days": "--warmup-days", "mobility_days": "--mobility-days",
}


def _problem(value: Any, hint: Any) -> str | None:
    """What is wrong with ``value`` for the annotation ``hint``, in words; None if nothing."""
    origin = get_origin(hint)
    if origin is Annotated:
        base, *marks = get_args(hint)
        found = _problem(value, base)
        if found is None and isinstance(value, int):
            return _range_problem(value, marks)
        return found
    if origin in (Union, UnionType):
        return _union_problem(value, hint)
    if origin is Literal:
        choices = get_args(hint)
        if value in choices and isinstance(value, str):
            return None
        return f"{_shown_value(value)} is not one of {', '.join(choices)}"
    if origin is tuple:
        if not isinstance(value, (tuple, list)):
            return f"{_shown_value(value)} is not a list"
        item = get_args(hint)[0]
        return next((problem for problem in (_problem(each, item) for each in value) if problem), None)
    if hint is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else f"{_shown_value(value)} is not a whole number"
    if hint is datetime.date:
        ok = isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
        return None if ok else f"{_shown_value(value)} is not a date"
    return None


def _range_problem(value: int, marks: list[Any]) -> str | None:
    """A whole number outside its annotation's Ge/Le bounds, in words."""
    low = next((mark.value for mark in marks if isinstance(mark, Ge)), None)
    high = next((mark.value for mark in marks if isinstance(mark, Le)), None)
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    span = f"from {low} to {high}" if low is not None and high is not None else f"of {low} or more" if low is not None else f"of {high} or less"
    return f"{value} is out of range; use a whole number {span}"


def _union_problem(value: Any, hint: Any) -> str | None:
    """None if any branch takes ``value``, else the first branch's problem."""
    if value is None and type(None) in get_args(hint):
        return None
    options = [arg for arg in get_args(hint) if arg is not type(None)]
    problems = [_problem(value, arg) for arg in options]
    return None if any(problem is None for problem in problems) else problems[0]


def _shown_value(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def _request_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = get_type_hints(cls, include_extras=True)
    return tuple((name, hints[name]) for name in field_names(cls))


def check_request(request: Any) -> None:
    """Raise ``RequestError`` if a request's field breaks its declared type or range.

    The library entry points build requests directly, without the command
    line's option parsing or pydantic, so the request checks itself: an
    unknown level is a clear error, not a KeyError deep in the planner.
    """
    from .errors import RequestError
    from .text import one_line

    for name, hint in _request_hints(type(request)):
        problem = _problem(getattr(request, name), hint)
        if problem is not None:
            raise RequestError(one_line(f"{OPTIONS.get(name, name)}: {problem}"))


# --- plans -----------------------------------------------------------------------

PLAN_FORMAT = 1


@model
class PlanRequest(Model):
    """What a person asked for. Every plan and plan file carries it."""

    __pydantic_config__: ClassVar = CONFIG

    level: Level
    goal: Goal
    session: SessionType = "strength"
    equipment: tuple[Equipment, ...] = ()
    minutes: Annotated[int, Ge(1), Le(240)] | None = None  # None: the session type's default
    avoid: tuple[AvoidFlag, ...] = ()
    seed: Annotated[int, Ge(0)] = 0

    def __post_init__(self) -> None:
        check_request(self)
        # Sorted and de-duplicated, so equal requests compare equal and
        # produce the same plan however the person typed them.
        object.__setattr__(self, "equipment", tuple(sorted(set(self.equipment))))
        object.__setattr__(self, "avoid", tuple(sorted(set(self.avoid))))


@model
class PlanItem(Model):
    """One exercise in a session, with everything needed to do it."""

    __pydantic_config__: ClassVar = CONFIG

    slug: Slug
    name: Line
    sets: Count
    reps: Range | Amount | None = None
    seconds: Range | Amount | None = None
    steps: Range | Amount | None = None
    per_side: bool
    rest: RestSeconds
    tempo: Tempo | None = None
    band: BandLevel | None = None
    cue: Text
    # How hard a set should feel (R8): OMNI-RES or reps in reserve.
    effort: Text | None = None
    why: Text | None = None
    # Set by hand outside the card's prescription: what differs, and why (planedit.py).
    override: Text | None = None
    # Estimated time (R11), filled in by the planner; recomputed when a file is read.
    time_seconds: Annotated[int, Ge(0)] | None = None

    def __post_init__(self) -> None:
        units_as_ranges(self)

    @property
    def unit(self) -> str:
        given = [unit for unit in UNITS if getattr(self, unit) is not None]
        return given[0] if given else "reps"

    @property
    def amount(self) -> tuple[int, int]:
        return getattr(self, self.unit) or (0, 0)


@model
class Block(Model):
    """A run of exercises with one purpose, such as the hip-flexor block."""

    __pydantic_config__: ClassVar = CONFIG

    key: Slug
    title: Line
    purpose: Text
    exercises: Annotated[tuple[PlanItem, ...], MinLen(1)]
    # Estimated time; block minutes add up to the plan's minutes.
    time_seconds: Annotated[int, Ge(0)] | None = None
    time_minutes: Annotated[int, Ge(0)] | None = None


@model
class BandLegend(Model):
    """The colour of each band level, so a plan file reads without the catalogue.

    Copied from the catalogue's default chart; edit it to match your own bands.
    """

    __pydantic_config__: ClassVar = CONFIG

    chart: Line
    colours: dict[BandLevel, Line]


@model
class Plan(Model):
    """A session: the request, its blocks in order, band colours and safety notes."""

    __pydantic_config__: ClassVar = CONFIG

    request: PlanRequest
    blocks: Annotated[tuple[Block, ...], MinLen(1)]
    bands: BandLegend | None = None
    safety: tuple[Text, ...] = ()
    pain: tuple[Text, ...] = ()  # the pain-monitoring rule (COACHING.md section 3)
    notes: tuple[Text, ...] = ()  # what the planner left out or bent, and why
    time_seconds: Annotated[int, Ge(0)] | None = None
    time_minutes: Annotated[int, Ge(0)] | None = None

    def items(self) -> list[PlanItem]:
        return [item for block in self.blocks for item in block.exercises]


@model
class PlanFile(Model):
    """A plan as saved: the plan plus what made it and when."""

    __pydantic_config__: ClassVar = CONFIG

    format: Literal[1] = PLAN_FORMAT
    kind: Literal["plan"] = "plan"
    hipcli: Line
    created: datetime.date
    request: PlanRequest
    blocks: Annotated[tuple[Block, ...], MinLen(1)]
    bands: BandLegend | None = None
    safety: tuple[Text, ...] = ()
    pain: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()
    time_seconds: Annotated[int, Ge(0)] | None = None
    time_minutes: Annotated[int, Ge(0)] | None = None

    @property
    def plan(self) -> Plan:
        return Plan(
            request=self.request, blocks=self.blocks, bands=self.bands, safety=self.safety, pain=self.pain,
            notes=self.notes, time_seconds=self.time_seconds, time_minutes=self.time_minutes,
        )


# --- programmes ----------------------------------------------------------------

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = get_args(Weekday)
Step = Literal[
    "start", "reps", "sets", "tempo", "position", "band", "variant", "deload", "hold", "top", "frequency", "note"
]


@model
class ProgrammeRequest(Model):
    """What a person asked for over several weeks."""

    __pydantic_config__: ClassVar = CONFIG

    level: Level
    goal: Goal
    weeks: Annotated[int, Ge(1), Le(52)]
    days: tuple[Weekday, ...] = ()  # training days; () means the level's default
    start: datetime.date | None = None  # None: the next training day
    equipment: tuple[Equipment, ...] = ()
    minutes: Annotated[int, Ge(1), Le(240)] | None = None
    avoid: tuple[AvoidFlag, ...] = ()
    seed: Annotated[int, Ge(0)] = 0
    warmup_days: tuple[Weekday, ...] | None = None  # None: the goal's default
    mobility_days: tuple[Weekday, ...] | None = None

    def __post_init__(self) -> None:
        check_request(self)
        # Only the days the weeks span must exist here; whether the last *session* leaves room for a
        # calendar event's end is checked on the built programme (progression.build_programme).
        if self.start is not None and self.start > datetime.date.max - datetime.timedelta(days=7 * (self.weeks - 1)):
            from .errors import RequestError

            raise RequestError(
                f"--start: a {self.weeks}-week programme from {self.start} would run past the last date a calendar "
                "can hold (9999-12-31); choose an earlier start"
            )
        object.__setattr__(self, "equipment", tuple(sorted(set(self.equipment))))
        object.__setattr__(self, "avoid", tuple(sorted(set(self.avoid))))
        for name in ("days", "warmup_days", "mobility_days"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(sorted(set(value), key=WEEKDAYS.index)))


@model
class Change(Model):
    """One step of progression, so a programme can say what changed and why."""

    __pydantic_config__: ClassVar = CONFIG

    session: Line
    slug: Slug | None = None  # None: the change applies to the whole session
    step: Step
    detail: Text


@model
class ProgrammeSession(Model):
    """One session on one date."""

    __pydantic_config__: ClassVar = CONFIG

    date: datetime.date
    title: Line
    session: SessionType
    blocks: Annotated[tuple[Block, ...], MinLen(1)]
    time_seconds: Annotated[int, Ge(0)] | None = None
    time_minutes: Annotated[int, Ge(0)] | None = None


@model
class ProgrammeWeek(Model):
    """One week of a programme: its number, whether it is a deload, and its sessions."""
    __pydantic_config__: ClassVar = CONFIG

    number: Annotated[int, Ge(1), Le(52)]
    deload: bool = False
    sessions: tuple[ProgrammeSession, ...]
    changes: tuple[Change, ...] = ()


@model
class Programme(Model):
    """Weeks of sessions, with progression, deloads and dates."""

    __pydantic_config__: ClassVar = CONFIG

    request: ProgrammeRequest
    weeks: Annotated[tuple[ProgrammeWeek, ...], MinLen(1)]
    bands: BandLegend | None = None
    notes: tuple[Text, ...] = ()  # how the schedule was made, where it differs from the request
    safety: tuple[Text, ...] = ()
    pain: tuple[Text, ...] = ()


@model
class ProgrammeFile(Model):
    """A programme as saved."""

    __pydantic_config__: ClassVar = CONFIG

    format: Literal[1] = PLAN_FORMAT
    kind: Literal["programme"] = "programme"
    hipcli: Line
    created: datetime.date
    request: ProgrammeRequest
    weeks: Annotated[tuple[ProgrammeWeek, ...], MinLen(1)]
    bands: BandLegend | None = None
    notes: tuple[Text, ...] = ()
    safety: tuple[Text, ...] = ()
    pain: tuple[Text, ...] = ()

    @property
    def programme(self) -> Programme:
        return Programme(
            request=self.request, weeks=self.weeks, bands=self.bands, notes=self.notes, safety=self.safety,
            pain=self.pain,
        )
