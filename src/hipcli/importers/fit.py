"""A strength activity recorded by a Garmin watch (a .fit file) read back into a logged session.

A watch that ran a hipcli workout (``formats/fit.py``) writes an activity
file whose ``set`` messages (FIT profile message 225) say, for each set, its
start, duration, repetitions, exercise category and ``wkt_step_index``: the
workout step it was done under. Sets with ``set_type`` rest are the rests.
Given the plan the workout came from, each active set maps back through that
index to the plan's exercise, set and side, so the logged session carries the
plan's targets and the next plan progresses from what the watch recorded: a
step done fewer times than the plan asked leaves skipped sets, a step done
more often adds sets. Without a plan, steps are matched by their names (or,
failing that, by category) like a Strong or Hevy import.

The file is decoded with ``fitdecode``, an independent reader from Garmin's
SDK that writes the workouts, with CRC checks on: a truncated or damaged
file is refused in one line and nothing is logged.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import JournalError
from .workouts import ForeignSet, Report, shown, to_sessions

MISSING = "reading a FIT file needs fitdecode: pip install fitdecode (or pip install 'hipcli[garmin]')"


@dataclass
class ActivitySet:
    """One set from a Garmin activity file, as the watch recorded it."""
    message: int  # the set's place among the file's messages, for error lines
    started: datetime.datetime | None
    duration: float | None
    reps: int | None
    category: str | None
    step_index: int | None


@dataclass
class Activity:
    """A Garmin strength activity read from a FIT file: its times, its workout and its sets."""
    started: datetime.datetime  # local time, as the log keeps it
    finished: datetime.datetime | None
    serial: int | None
    workout_name: str | None
    steps: list[dict[str, Any]] = field(default_factory=list)
    sets: list[ActivitySet] = field(default_factory=list)


def _local(moment: Any) -> datetime.datetime | None:
    if not isinstance(moment, datetime.datetime):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone().replace(tzinfo=None, microsecond=0)


def _first(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return next((item for item in value if item is not None), None)
    return value


@dataclass
class _Reading:
    """What the messages read so far say; ``message`` counts data messages, for error lines."""

    kind: Any = None
    sport: Any = None
    sub_sport: Any = None
    serial: Any = None
    name: Any = None
    started: datetime.datetime | None = None
    finished: datetime.datetime | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    sets: list[ActivitySet] = field(default_factory=list)
    message: int = 0

    def take(self, file: Path, frame: str, values: dict[str, Any]) -> None:
        if frame == "file_id":
            self._file_id(file, values)
        elif frame in ("sport", "session"):
            self.sport = values.get("sport", self.sport)
            self.sub_sport = values.get("sub_sport", self.sub_sport)
            if frame == "session":
                self._session(values)
        elif frame == "workout":
            self.name = values.get("wkt_name")
        elif frame == "workout_step":
            self.steps.append(values)
        elif frame == "set" and values.get("set_type") == "active":
            self.sets.append(_active_set(self.message, values))

    def _file_id(self, file: Path, values: dict[str, Any]) -> None:
        self.kind, self.serial = values.get("type"), values.get("serial_number")
        if self.kind != "activity":
            raise JournalError(
                f"{shown(file)}: message {self.message}: is a FIT {self.kind or 'unknown'} file, not an activity; "
                "hipcli imports strength activities recorded by a watch"
            )

    def _session(self, values: dict[str, Any]) -> None:
        self.started = _local(values.get("start_time")) or self.started
        elapsed = values.get("total_elapsed_time")
        if self.started is not None and isinstance(elapsed, (int, float)):
            self.finished = self.started + datetime.timedelta(seconds=round(elapsed))


def _active_set(message: int, values: dict[str, Any]) -> ActivitySet:
    index = values.get("wkt_step_index")
    reps = values.get("repetitions")
    return ActivitySet(
        message=message, started=_local(values.get("start_time")),
        duration=values.get("duration") if isinstance(values.get("duration"), (int, float)) else None,
        reps=reps if isinstance(reps, int) else None,
        category=_first(values.get("category")) if isinstance(_first(values.get("category")), str) else None,
        step_index=index if isinstance(index, int) else None,
    )


def read_activity(file: Path, raw: bytes) -> Activity:
    """The activity's start, its workout steps (if the watch copied them) and its sets, or one line saying why not."""
    try:
        import fitdecode
    except ImportError:
        raise JournalError(MISSING) from None
    reading = _Reading()
    try:
        with fitdecode.FitReader(io.BytesIO(raw), check_crc=fitdecode.CrcCheck.RAISE,
                                 error_handling=fitdecode.ErrorHandling.RAISE) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                reading.message += 1
                reading.take(file, frame.name, {item.name: item.value for item in frame.fields})
    except fitdecode.FitError as error:
        raise _unreadable(file, error, reading.message + 1) from None
    return _activity(file, reading)


def _unreadable(file: Path, error: Exception, message: int) -> JournalError:
    """The one line for a file fitdecode cannot read; ``message`` is the one it stopped at."""
    import fitdecode

    if isinstance(error, fitdecode.FitCRCError):
        return JournalError(f"{shown(file)}: message {message}: the FIT file is damaged (its CRC check fails); nothing was logged")
    if isinstance(error, fitdecode.FitEOFError):
        return JournalError(f"{shown(file)}: message {message}: the FIT file ends too early (truncated); nothing was logged")
    if isinstance(error, fitdecode.FitHeaderError):
        return JournalError(f"{shown(file)}: not a readable FIT file ({shown(str(error))}); nothing was logged")
    return JournalError(f"{shown(file)}: message {message}: cannot be read ({shown(str(error))}); nothing was logged")


def _activity(file: Path, reading: _Reading) -> Activity:
    """The activity once every message is read, refused unless it is a named, timed strength activity with sets."""
    if reading.kind is None:
        raise JournalError(f"{shown(file)}: has no file_id message, so it is no FIT activity")
    from ..text import has_control

    name, sport, sub_sport, sets = reading.name, reading.sport, reading.sub_sport, reading.sets
    if isinstance(name, str) and (has_control(name) or len(name) > 200):
        raise JournalError(f"{shown(file)}: workout message: wkt_name '{shown(name[:60])}' holds control characters or is too long")
    if sport != "training" or sub_sport != "strength_training":
        what = " ".join(str(part) for part in (sub_sport if sub_sport not in (None, "generic") else "", sport or "unknown") if part)
        raise JournalError(f"{shown(file)}: is a {shown(what.replace('_', ' '))} activity; hipcli imports strength training only")
    if not sets:
        raise JournalError(f"{shown(file)}: the strength activity holds no sets")
    started = reading.started
    if started is None:
        started = next((s.started for s in sets if s.started is not None), None)
    if started is None:
        raise JournalError(f"{shown(file)}: the activity has no start time")
    serial = reading.serial
    return Activity(started=started, finished=reading.finished, serial=serial if isinstance(serial, int) else None,
                    workout_name=name if isinstance(name, str) else None, steps=reading.steps, sets=sets)


def _uid(activity: Activity) -> str:
    digest = hashlib.sha256(f"{activity.serial}\x00{activity.started.isoformat()}".encode()).hexdigest()
    return f"fit-{digest[:24]}"


def _name_of(step: dict[str, Any]) -> tuple[str | None, str | None]:
    """A workout step's exercise name and side, from 'Side plank (left)'."""
    name = step.get("wkt_step_name")
    if not isinstance(name, str) or not name.strip():
        return None, None
    for side in ("left", "right"):
        if name.endswith(f" ({side})"):
            return name[: -len(side) - 3], side
    return name, None


def activity_sessions(
    file: Path, activity: Activity, *, catalogue: Any, plan: Any = None, plan_source: str | None = None,
    source_kind: str = "plan", week: int | None = None, mapping: dict[str, str] | None = None,
) -> tuple[list[tuple[dict[str, Any], list[dict[str, Any]]]], Report]:
    """The activity as one session for ``Journal.import_sessions``, matched to ``plan`` when given."""
    if plan is None:
        return _unplanned(file, activity, catalogue, mapping)
    from ..formats.fit import workout_steps
    from ..text import has_control
    from ..logbook import sets_from_plan

    steps = workout_steps(plan, catalogue)
    wanted = [step.name for step in steps if step.kind == "exercise"]
    recorded = [_name_of(step)[0] for step in activity.steps if step.get("intensity") == "active"]
    if activity.steps:
        done_names = [step.get("wkt_step_name") for step in activity.steps if step.get("intensity") == "active"]
        if done_names != wanted:
            name = activity.workout_name or "another workout"
            shown_name = shown(name) if not has_control(name) else "another workout"
            raise JournalError(
                f"{shown(file)}: the watch followed '{shown_name}' ({len(recorded)} exercise steps), "
                f"not this plan ({len(wanted)}); import it with the plan it came from, or without one"
            )
    planned = sets_from_plan(plan.items(), catalogue)
    by_key = {(p.position, p.slug, p.set_number, p.side): p for p in planned}
    for item in planned:
        item.done = None  # not done until the watch says so
    extra: list[Any] = []
    counts: dict[int, int] = {}
    previous: int | None = None
    report = Report(source="Garmin FIT")
    for recorded_set in activity.sets:
        index = recorded_set.step_index
        if index is None or not 0 <= index < len(steps) or steps[index].kind != "exercise":
            # A set started outside the workout's steps: another set of the exercise just done.
            index = previous
        if index is None:
            raise JournalError(
                f"{shown(file)}: set message {recorded_set.message}: belongs to no step of the plan's workout"
            )
        previous = index
        step = steps[index]
        counts[index] = counts.get(index, 0) + 1
        number = counts[index]
        if step.unit == "seconds":
            done = round(recorded_set.duration) if recorded_set.duration is not None else step.amount
        else:
            done = recorded_set.reps if recorded_set.reps is not None else step.amount
        key = (step.position, step.slug, number, step.side)
        target = by_key.get(key)
        if target is None:
            from dataclasses import replace

            model = by_key[(step.position, step.slug, 1, step.side)]
            target = replace(model, set_number=number)
            by_key[key] = target
            extra.append(target)
        target.done = min(max(int(done), 0), 10000)
        report.matched[plan.items()[step.position].name] = step.slug
        report.sets += 1
    rows = [item.fields() for item in [*planned, *extra]]
    head = {
        "uid": _uid(activity), "started": activity.started, "finished": activity.finished, "source_kind": source_kind,
        "source": plan_source, "week": week, "title": activity.workout_name, "notes": None,
        "planned_sets": len(planned),
    }
    report.sessions = 1
    report.plan = plan_source or "given"
    report.skipped = sum(1 for item in planned if item.done is None)
    report.added = len(extra)
    return [(head, rows)], report


def _unplanned(
    file: Path, activity: Activity, catalogue: Any, mapping: dict[str, str] | None
) -> tuple[list[tuple[dict[str, Any], list[dict[str, Any]]]], Report]:
    from ..text import has_control

    foreign: list[ForeignSet] = []
    for recorded_set in activity.sets:
        name = side = None
        index = recorded_set.step_index
        if index is not None and 0 <= index < len(activity.steps):
            name, side = _name_of(activity.steps[index])
        if name is not None and has_control(name):
            raise JournalError(f"{shown(file)}: set message {recorded_set.message}: the step's name holds control characters")
        if name is None:
            name = (recorded_set.category or "unknown exercise").replace("_", " ")
        seconds = round(recorded_set.duration) if recorded_set.duration is not None else None
        foreign.append(ForeignSet(
            row=f"{shown(file)}: set message {recorded_set.message}", started=activity.started,
            title=activity.workout_name or "Strength", exercise=name, set_number=None,
            reps=recorded_set.reps, seconds=seconds if recorded_set.reps is None else None,
            finished=activity.finished, side=side,
        ))
    sessions, report = to_sessions(foreign, source="fit", catalogue=catalogue, mapping=mapping)
    for head, _rows in sessions:
        head["uid"] = _uid(activity)
    return sessions, report


def plan_for(file: Path, document: Any, day: datetime.date, *, week: int | None = None,
             number: int | None = None) -> tuple[Any, str, int | None]:
    """(plan, source kind, week) an activity followed: a plan file's plan, or a programme's session.

    A programme's session is ``week``/``number`` when given, else the one on
    the activity's date (a strength session first when there are several).
    """
    from ..plans import ProgrammeFile
    from ..progression import session_plan

    if not isinstance(document, ProgrammeFile):
        return document.plan, "plan", None
    if week is not None and number is not None:
        from ..formats.fit import programme_day

        return programme_day(document, week, number)[0], "programme", week
    found = [(session, w.number) for w in document.weeks for session in w.sessions if session.date == day]
    if not found:
        raise JournalError(
            f"{shown(file)}: the programme has no session on {day.isoformat()}, the activity's date; "
            "choose one with --week N --day N"
        )
    found.sort(key=lambda pair: pair[0].session != "strength")
    session, week_number = found[0]
    return session_plan(document.programme, session), "programme", week_number
