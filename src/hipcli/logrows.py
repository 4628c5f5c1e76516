"""The training log's rows as models, and the readers that build them from SQL rows.

``journal.py`` returns these; the core (``logbook.py``, ``adapt.py``,
``trends.py``) and the command line read them. A row no hipcli could have
written (a start time nobody can read, from a log restored before restores
were checked) is named in one sentence that says how to mend it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from .errors import JournalError
from .logvalues import brief, parse_time
from .records import Model, model

if TYPE_CHECKING:
    import sqlite3

# Model and model come from records, not models: reading the log needs none of the catalogue's models.


@model
class LoggedSession(Model):
    """One training session as logged."""

    id: int
    uid: str  # stable across export and import, so a re-import adds nothing
    started: datetime.datetime
    finished: datetime.datetime | None
    source_kind: str  # plan | programme | options | single | import
    source: str | None  # the plan or programme file, when there was one
    week: int | None  # the programme week
    title: str | None
    notes: str | None
    planned_sets: int | None  # how many sets the plan asked for (adherence)
    morning_pain: int | None  # pain 0-10 the next morning (COACHING.md section 3)


@model
class LoggedSet(Model):
    """One set (or one side of a set) as done, with the dose it aimed at."""

    id: int
    session_id: int
    started: datetime.datetime  # the session's start, for date filters and charts
    position: int  # the exercise's place in the session, from 0
    slug: str
    set_number: int
    side: str | None
    unit: str
    target_sets: int | None
    target_low: int | None
    target_high: int | None
    tempo: str | None
    target_band: str | None
    done: int | None  # None: the set was skipped
    band: str | None
    placement: str | None
    effort: int | None  # OMNI-RES 0-10 (COACHING.md section 4)
    pain: int | None  # 0-10 (COACHING.md section 3)

    @property
    def date(self) -> datetime.date:
        return self.started.date()


@model
class Followed(Model):
    """The programme file the person follows, and from when."""

    path: str
    since: datetime.date


@model
class AssessmentResult(Model):
    """One test result in a saved assessment (one side, or both)."""
    test: str
    side: str | None
    value: float


@model
class Assessment(Model):
    """A saved assessment: when it was taken, the level it suggested and its results."""
    id: int
    uid: str
    taken: datetime.datetime
    level: str | None  # the suggested level
    notes: str | None
    results: tuple[AssessmentResult, ...]

    def value(self, test: str, side: str | None = None) -> float | None:
        for result in self.results:
            if result.test == test and result.side == side:
                return result.value
        return None


def session_from_row(row: sqlite3.Row) -> LoggedSession:
    try:
        started = parse_time(row["started"])
    except (JournalError, TypeError):
        # A log restored before restores were checked may hold anything here; say which session.
        raise JournalError(_unreadable_start(row["id"], row["started"])) from None
    try:
        finished = parse_time(row["finished"])
    except (JournalError, TypeError):
        finished = None  # an unreadable end time: the session still counts from its start
    return LoggedSession(
        id=row["id"], uid=str(row["uid"]), started=started, finished=finished,
        source_kind=row["source_kind"], source=row["source"], week=row["week"], title=row["title"],
        notes=row["notes"], planned_sets=row["planned_sets"], morning_pain=row["morning_pain"],
    )


# Shown in place of an exercise the log lost (a NULL slug in a log restored before restores were checked).
MISSING_SLUG = "(missing exercise)"


_SET_FIELDS = ("id", "session_id", "started", "position", "slug", "set_number", "side", "unit", "target_sets",
               "target_low", "target_high", "tempo", "target_band", "done", "band", "placement", "effort", "pain")


def _unreadable_start(session_id: Any, value: Any) -> str:
    return (
        f"session {session_id} has a start time hipcli cannot read ({brief(value)}), so it is left out; "
        f"correct it with 'hipcli log edit {session_id} --date YYYY-MM-DD' or remove it with 'hipcli log delete {session_id}'"
    )


def sets_from_rows(rows: list[tuple[Any, ...]], skipped: dict[str, str] | None = None) -> list[LoggedSet]:
    """Rows to LoggedSet, filling each instance's fields directly.

    Building 50,000 sets is the hot loop of history and progress: the
    generated __init__ sets 18 fields one by one through Model.__setattr__,
    several times slower than one dict update. A session's start time is
    parsed once for all its sets.
    """
    starts: dict[str, datetime.datetime] = {}
    result = []
    new = object.__new__
    for row in rows:
        values = list(row)
        text = values[2]
        started = starts.get(text)
        if started is None:
            try:
                started = starts[text] = parse_time(text)  # type: ignore[assignment]
            except (JournalError, TypeError):
                if skipped is None:
                    raise JournalError(_unreadable_start(values[1], text)) from None
                skipped[f"session {values[1]}"] = _unreadable_start(values[1], text)
                continue
        values[2] = started
        if values[4] is None:
            values[4] = MISSING_SLUG
        values[6] = values[6] or None
        item = new(LoggedSet)
        item.__dict__.update(zip(_SET_FIELDS, values))
        result.append(item)
    return result


SET_COLUMNS = (
    "sets.id, sets.session_id, sessions.started, sets.position, sets.slug, sets.set_number, sets.side, sets.unit, "
    "sets.target_sets, sets.target_low, sets.target_high, sets.tempo, sets.target_band, sets.done, sets.band, "
    "sets.placement, sets.effort, sets.pain"
)
