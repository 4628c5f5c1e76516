"""What the log commands compute, without the store or the screen: pure functions over plain data.

- the sets a plan prescribes, "done as prescribed", and the typed differences
  applied to them (``lateral-band-walk:3=8,pain=3``);
- the rows of a CSV or JSON export, and reading them back for an import;
- the progress summaries: the rung reached per exercise family, weekly sets
  per muscle group against the level's target, adherence, the pain trend.

The command line reads the log with ``journal`` and passes what it read in.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import JournalError
from .journal import SIDES, UNITS, LoggedSession, LoggedSet
from .models import Catalogue, MUSCLE_GROUPS, PlanItem
from .text import visible

# The five groups the progress chart counts. hip-abductors and hip-extensors
# use models.MUSCLE_GROUPS, so a set counts where the catalogue says it works.
CHART_GROUPS = ("hip-flexors", "hip-abductors", "adductors", "hip-extensors", "core")

# Weekly hard sets per group that a plan at each level adds up to: R2's
# sessions a week times R7's sets per exercise, one exercise per group per
# session. A convention derived from those two rules, not a published target.
WEEKLY_SET_TARGET = {"beginner": 4, "intermediate": 9, "advanced": 12}
WEEKLY_SET_SOURCE = "R2 x R7 (sessions a week x sets per exercise; convention)"


@dataclass
class PlannedSet:
    """One set to record: the dose aimed at and what was done (the target, unless told otherwise)."""

    position: int
    slug: str
    set_number: int
    side: str | None
    unit: str
    target_sets: int | None
    target_low: int | None
    target_high: int | None
    tempo: str | None
    target_band: str | None
    done: int | None
    band: str | None = None
    placement: str | None = None
    effort: int | None = None
    pain: int | None = None

    def fields(self) -> dict[str, Any]:
        return dict(self.__dict__)


def sets_from_plan(items: Sequence[PlanItem], catalogue: Catalogue | None = None) -> list[PlannedSet]:
    """Every set of every exercise, each side of one-sided work apart, done at the top of its range.

    "As prescribed" is the top of the range: the plan's dose was completed.
    """
    planned: list[PlannedSet] = []
    for position, item in enumerate(items):
        low, high = item.amount
        placement = None
        if catalogue is not None and item.slug in catalogue.by_slug:
            card = catalogue.by_slug[item.slug]
            placement = card.band.placement if card.band is not None and item.band else None
        sides: tuple[str | None, ...] = SIDES if item.per_side else (None,)
        for number in range(1, item.sets + 1):
            for side in sides:
                planned.append(
                    PlannedSet(
                        position=position, slug=item.slug, set_number=number, side=side, unit=item.unit,
                        target_sets=item.sets, target_low=low, target_high=high, tempo=item.tempo,
                        target_band=item.band, done=high, band=item.band, placement=placement,
                    )
                )
    return planned


@dataclass
class Change:
    """A typed difference: ``EXERCISE[:SET][:SIDE]=DONE[,effort=N][,pain=N][,band=LEVEL]`` or ``=skip``."""

    text: str
    name: str
    set_number: int | None = None
    side: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def parse_change(text: str) -> Change:
    """Read one ``--change``; raise ``JournalError`` naming what is wrong."""
    head, equals, rest = text.partition("=")
    if not equals or not head.strip() or not rest.strip():
        raise JournalError(f"--change '{text}': write EXERCISE[:SET][:SIDE]=DONE[,pain=N][,effort=N], e.g. lateral-band-walk:3=8,pain=3")
    parts = [part.strip() for part in head.split(":")]
    change = Change(text=text, name=parts[0])
    for part in parts[1:]:
        if part.isdigit() and change.set_number is None:
            change.set_number = int(part)
            if change.set_number < 1:
                raise JournalError(f"--change '{text}': set numbers start at 1")
        elif part in SIDES and change.side is None:
            change.side = part
        else:
            raise JournalError(f"--change '{text}': '{part}' is neither a set number nor left/right")
    for number, value in enumerate(rest.split(",")):
        value = value.strip()
        key, has_key, given = value.partition("=")
        if not has_key:
            key, given = ("skip", "") if value == "skip" else ("done", value)
        key = key.strip()
        if key == "skip":
            change.values["done"] = None
            continue
        if key in ("done", "effort", "pain"):
            if not given.strip().isdigit():
                raise JournalError(f"--change '{text}': {key} '{given}' must be a whole number")
            amount = int(given)
            if key != "done" and amount > 10:
                raise JournalError(f"--change '{text}': {key} {amount} must be from 0 to 10")
            change.values[key] = amount
        elif key in ("band", "placement"):
            change.values[key] = given.strip() or None
        else:
            raise JournalError(f"--change '{text}': unknown field '{key}' (use done, effort, pain, band, placement or skip)")
    return change


def apply_changes(
    planned: list[PlannedSet], changes: Iterable[Change], resolve: Any
) -> list[PlannedSet]:
    """The planned sets with each change applied. ``resolve(name) -> slug`` (raising NotFound for unknown names).

    A change that matches no set in the plan is an error, never silently dropped.
    """
    result = [replace(item) for item in planned]
    for change in changes:
        slug = resolve(change.name)
        hits = [
            item for item in result
            if item.slug == slug
            and (change.set_number is None or item.set_number == change.set_number)
            and (change.side is None or item.side == change.side)
        ]
        if not hits:
            present = sorted({item.slug for item in result})
            if slug not in present:
                raise JournalError(f"--change '{change.text}': {slug} is not in this session ({', '.join(present)})")
            most = max(item.set_number for item in result if item.slug == slug)
            raise JournalError(f"--change '{change.text}': {slug} has sets 1 to {most} here")
        for item in hits:
            for key, value in change.values.items():
                setattr(item, key, value)
    return result


def apply_everywhere(planned: list[PlannedSet], *, effort: int | None, pain: int | None) -> list[PlannedSet]:
    """The session-wide effort and pain, where no change gave its own."""
    for item in planned:
        if effort is not None and item.effort is None:
            item.effort = effort
        if pain is not None and item.pain is None:
            item.pain = pain
    return planned


# --- export and import -----------------------------------------------------------

SESSION_FIELDS = ("session_uid", "started", "finished", "source_kind", "source", "week", "title", "notes",
                  "planned_sets", "morning_pain")
SET_FIELDS = ("position", "slug", "set_number", "side", "unit", "target_sets", "target_low", "target_high", "tempo",
              "target_band", "done", "band", "placement", "effort", "pain")
CSV_FIELDS = SESSION_FIELDS + SET_FIELDS
INT_FIELDS = {"week", "planned_sets", "morning_pain", "position", "set_number", "target_sets", "target_low",
              "target_high", "done", "effort", "pain"}


def _head_row(session: LoggedSession) -> tuple[Any, ...]:
    return (session.uid, session.started.isoformat(), session.finished.isoformat() if session.finished else None,
            session.source_kind, session.source, session.week, session.title, session.notes, session.planned_sets,
            session.morning_pain)


def csv_chunks(rows: Iterable[tuple[Any, ...]], sessions: Sequence[LoggedSession] = (), *, size: int = 2000) -> Iterator[str]:
    """The CSV export in pieces of ``size`` lines, so years of sets are written without holding the whole text.

    One line per set (``Journal.export_rows``: the session's columns, then the
    set's), read once, as it comes; then a line for each of ``sessions`` that
    had no set.

    Text from the log (titles, notes, file names) keeps line breaks, which
    CSV quotes, but shows other control characters as escapes: the export is
    printed as often as it is imported. Escaping a piece escapes only what is
    inside its values, since CSV's own commas, quotes and line ends are not
    control characters; one pass over a piece is many times quicker than one
    per value.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    seen: set[str] = set()

    def lines() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            seen.add(row[0])
            yield row
        yield from (_head_row(session) for session in sessions if session.uid not in seen)

    pending = lines()
    while True:
        piece = list(itertools.islice(pending, size))
        writer.writerows(piece)
        yield visible(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
        if len(piece) < size:
            return


def export_json(rows: Sequence[tuple[Any, ...]], empty: Sequence[LoggedSession] = ()) -> list[dict[str, Any]]:
    """Sessions, each with its sets: the data of ``--format json``, which ``read_export`` reads back."""
    sessions: dict[str, dict[str, Any]] = {}
    width = len(SESSION_FIELDS)
    for row in rows:
        session = sessions.get(row[0])
        if session is None:
            session = sessions[row[0]] = {**dict(zip(SESSION_FIELDS, row[:width])), "sets": []}
        session["sets"].append(dict(zip(SET_FIELDS, row[width:])))
    for head in empty:
        sessions[head.uid] = {**dict(zip(SESSION_FIELDS, _head_row(head))), "sets": []}
    return list(sessions.values())


def _entry_error(file: Path, entry: str, name: str, problem: str) -> JournalError:
    return JournalError(f"{file}: entry '{entry}': {name}: {problem}")


def _int(file: Path, entry: str, name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise _entry_error(file, entry, name, f"'{value}' is not a whole number")
    return int(value)


def _time(file: Path, entry: str, name: str, value: Any, required: bool) -> datetime.datetime | None:
    if value in (None, ""):
        if required:
            raise _entry_error(file, entry, name, "missing")
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise _entry_error(file, entry, name, f"'{value}' is not a date and time like 2025-03-01T07:30:00") from None
    from .journal import EARLIEST

    if moment.replace(tzinfo=None) > datetime.datetime.now() + datetime.timedelta(minutes=1):
        raise _entry_error(file, entry, name, f"{value} is in the future")
    if moment.date() < EARLIEST:
        raise _entry_error(file, entry, name, f"{value} is before {EARLIEST.year}; check the year")
    return moment.replace(tzinfo=None)


Row = tuple[str, dict[str, Any], "dict[str, Any] | None"]  # (entry named in messages, session columns, set columns)


def read_export(file: Path, text: str, known: set[str]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Parse a CSV or JSON export back into (session, sets) for ``Journal.import_sessions``.

    Every row is checked (exercise in the catalogue, numbers in range, no
    future dates) before anything is written; the first problem is raised.
    """
    stripped = text.lstrip("\ufeff").lstrip()
    rows = _json_rows(file, stripped) if stripped.startswith(("[", "{")) else _csv_rows(file, stripped)
    sessions: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for entry, raw_head, raw_set in rows:
        uid = str(raw_head.get("session_uid") or "").strip()
        if not uid:
            raise _entry_error(file, entry, "session_uid", "missing")
        if uid not in sessions:
            sessions[uid] = (_session_head(file, entry, uid, raw_head), [])
        if raw_set is not None:
            sessions[uid][1].append(_set_row(file, entry, raw_set, known))
    return list(sessions.values())


def _json_rows(file: Path, text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise JournalError(f"{file}: line {error.lineno}: not valid JSON ({error.msg})") from None
    if isinstance(data, dict) and data.get("kind") == "log-history":
        data = data.get("data")  # the --format json envelope
    if not isinstance(data, list):
        raise JournalError(f"{file}: not a hipcli log export (a list of sessions, or the envelope of 'hipcli log history --format json')")
    rows: list[Row] = []
    for number, session in enumerate(data, start=1):
        if not isinstance(session, dict):
            raise JournalError(f"{file}: entry 'session {number}': must be an object")
        head = {name: session.get(name) for name in SESSION_FIELDS}
        sets = session.get("sets") or []
        if not isinstance(sets, list):
            raise _entry_error(file, f"session {number}", "sets", "must be a list")
        if not sets:
            rows.append((f"session {number}", head, None))
        for index, item in enumerate(sets, start=1):
            if not isinstance(item, dict):
                raise _entry_error(file, f"session {number} set {index}", "set", "must be an object")
            rows.append((f"session {number} set {index}", head, item))
    return rows


def _csv_rows(file: Path, text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in ("session_uid", "started", "slug") if name not in (reader.fieldnames or [])]
    if missing:
        raise JournalError(f"{file}: not a hipcli log export (no {', '.join(missing)} column); export one with 'hipcli log history --format csv'")
    return [
        (f"row {number}", {name: row.get(name) for name in SESSION_FIELDS},
         None if not row.get("slug") else {name: row.get(name) for name in SET_FIELDS})
        for number, row in enumerate(reader, start=2)
    ]


def _session_head(file: Path, entry: str, uid: str, raw: dict[str, Any]) -> dict[str, Any]:
    head = {
        "uid": uid,
        "started": _time(file, entry, "started", raw.get("started"), True),
        "finished": _time(file, entry, "finished", raw.get("finished"), False),
        "source_kind": raw.get("source_kind") or "import",
        "source": raw.get("source") or None,
        "week": _int(file, entry, "week", raw.get("week")),
        "title": raw.get("title") or None,
        "notes": raw.get("notes") or None,
        "planned_sets": _int(file, entry, "planned_sets", raw.get("planned_sets")),
        "morning_pain": _int(file, entry, "morning_pain", raw.get("morning_pain")),
    }
    if head["source_kind"] not in ("plan", "programme", "options", "single", "import"):
        raise _entry_error(file, entry, "source_kind", f"'{head['source_kind']}' is not a session source")
    if head["morning_pain"] is not None and head["morning_pain"] > 10:
        raise _entry_error(file, entry, "morning_pain", f"{head['morning_pain']} must be from 0 to 10")
    return head


def _set_row(file: Path, entry: str, raw: dict[str, Any], known: set[str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        name: _int(file, entry, name, raw.get(name)) if name in INT_FIELDS else (raw.get(name) or None) for name in SET_FIELDS
    }
    if item["slug"] not in known:
        raise _entry_error(file, entry, "slug", f"'{item['slug']}' is not in the catalogue")
    if item["unit"] not in UNITS:
        raise _entry_error(file, entry, "unit", f"'{item['unit']}' must be one of {', '.join(UNITS)}")
    if item["side"] is not None and item["side"] not in SIDES:
        raise _entry_error(file, entry, "side", f"'{item['side']}' must be left, right or empty")
    if item["set_number"] is None or item["set_number"] < 1:
        raise _entry_error(file, entry, "set_number", "must be 1 or more")
    for name in ("effort", "pain"):
        if item[name] is not None and item[name] > 10:
            raise _entry_error(file, entry, name, f"{item[name]} must be from 0 to 10")
    item["position"] = item["position"] or 0
    return item


# --- progress ----------------------------------------------------------------------


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weekly_group_sets(
    weekly: Iterable[tuple[str, str, int]], catalogue: Catalogue
) -> dict[datetime.date, dict[str, int]]:
    """Sets per chart group per week (a set counts for each group its card's prime movers belong to)."""
    groups_of: dict[str, tuple[str, ...]] = {}
    for exercise in catalogue.exercises:
        muscles = set(exercise.primary)
        groups_of[exercise.slug] = tuple(g for g in CHART_GROUPS if muscles & MUSCLE_GROUPS[g])
    result: dict[datetime.date, dict[str, int]] = {}
    for week, slug, count in weekly:
        bucket = result.setdefault(datetime.date.fromisoformat(week), dict.fromkeys(CHART_GROUPS, 0))
        for group in groups_of.get(slug, ()):
            bucket[group] += count
    return result


@dataclass(frozen=True)
class WeekSummary:
    week: datetime.date
    sessions: int
    planned_sets: int
    done_sets: int
    pain_max: int | None
    pain_mean: float | None
    morning_pain_max: int | None


def weekly_summary(sessions: Sequence[LoggedSession], sets: Sequence[LoggedSet]) -> list[WeekSummary]:
    """Per week: sessions done, sets planned and done (adherence), and the pain trend."""
    sessions_by_week: dict[datetime.date, list[LoggedSession]] = {}
    for session in sessions:
        sessions_by_week.setdefault(week_start(session.started.date()), []).append(session)
    done: dict[datetime.date, int] = {}
    recorded: dict[datetime.date, int] = {}
    pains: dict[datetime.date, list[int]] = {}
    for logged in sets:
        week = week_start(logged.started.date())
        recorded[week] = recorded.get(week, 0) + 1
        if logged.done is not None:
            done[week] = done.get(week, 0) + 1
        if logged.pain is not None:
            pains.setdefault(week, []).append(logged.pain)
    summaries = []
    for week in sorted(sessions_by_week):
        in_week = sessions_by_week[week]
        planned = sum(s.planned_sets if s.planned_sets is not None else 0 for s in in_week)
        mornings = [s.morning_pain for s in in_week if s.morning_pain is not None]
        week_pains = pains.get(week, [])
        summaries.append(
            WeekSummary(
                week=week, sessions=len(in_week), planned_sets=planned or recorded.get(week, 0),
                done_sets=done.get(week, 0), pain_max=max(week_pains) if week_pains else None,
                pain_mean=round(sum(week_pains) / len(week_pains), 1) if week_pains else None,
                morning_pain_max=max(mornings) if mornings else None,
            )
        )
    return summaries


class Person:
    """What a ladder needs to know about the person (ladder.Person)."""

    def __init__(self, level: str, equipment: tuple[str, ...], avoid: tuple[str, ...]) -> None:
        self.level, self.equipment, self.avoid = level, equipment, avoid


def progress_data(
    cat: Catalogue, sessions: list[Any], sets: list[Any], weekly: list[tuple[str, str, int]], person: Person,
    weeks: list[datetime.date], planned_sessions: dict[datetime.date, int] | None,
) -> dict[str, Any]:
    """Everything the progress charts show, as data (also the --format json output)."""
    from .ladder import build_ladder, eligible, rung_for

    index = {week: n for n, week in enumerate(weeks)}
    ladders: dict[str, Any] = {}
    rungs: dict[str, list[int | None]] = {}
    latest: dict[str, Any] = {}
    seen: set[tuple[int, int, str]] = set()
    for logged in sets:
        card = cat.by_slug.get(logged.slug)
        week = week_start(logged.started.date())
        if card is None or week not in index or logged.done is None or logged.target_high is None:
            continue
        marker = (logged.session_id, logged.position, logged.slug)
        if marker in seen:
            continue
        seen.add(marker)
        family = card.family_name
        if family not in ladders:
            # Logged work above the level asked for is charted on a ladder at the card's own level.
            someone = person if card.suits(person.level) else Person(card.level, person.equipment, person.avoid)
            if not eligible(card, someone):
                someone = Person(someone.level, tuple(sorted(set(someone.equipment) | set(card.equipment))), ())
            ladders[family] = build_ladder(cat, card, someone)
        ladder = ladders[family]
        rung = rung_for(ladder, logged.slug, logged.target_sets or 1, (logged.target_low, logged.target_high),
                        logged.band or logged.target_band, logged.tempo)
        if rung is None:
            continue
        row = rungs.setdefault(family, [None] * len(weeks))
        position = index[week]
        row[position] = max(row[position] or 0, rung.index + 1)
        latest[family] = (rung, len(ladder.rungs), card)
    groups = weekly_group_sets(weekly, cat)
    target = WEEKLY_SET_TARGET.get(person.level, WEEKLY_SET_TARGET["beginner"])
    summaries = {s.week: s for s in weekly_summary(sessions, sets)}
    return {
        "weeks": [week.isoformat() for week in weeks],
        "families": {
            family: {
                "rung_by_week": values,
                "now": {"rung": latest[family][0].index + 1, "of": latest[family][1], "slug": latest[family][0].slug,
                        "sets": latest[family][0].sets, "amount": list(latest[family][0].amount),
                        "unit": latest[family][0].unit, "band": latest[family][0].band},
            }
            for family, values in sorted(rungs.items())
        },
        "weekly_sets": {
            "target": target, "target_source": WEEKLY_SET_SOURCE,
            "groups": {group: [groups.get(week, {}).get(group, 0) for week in weeks] for group in CHART_GROUPS},
        },
        "adherence": [
            {
                "week": week.isoformat(),
                "sessions": summaries[week].sessions if week in summaries else 0,
                "planned_sessions": planned_sessions.get(week) if planned_sessions is not None else None,
                "sets_done": summaries[week].done_sets if week in summaries else 0,
                "sets_planned": summaries[week].planned_sets if week in summaries else 0,
            }
            for week in weeks
        ],
        "pain": [
            {
                "week": week.isoformat(),
                "max": summaries[week].pain_max if week in summaries else None,
                "mean": summaries[week].pain_mean if week in summaries else None,
                "morning_max": summaries[week].morning_pain_max if week in summaries else None,
            }
            for week in weeks
        ],
    }


def planned_sessions(document: Any, weeks: Iterable[datetime.date]) -> dict[datetime.date, int]:
    """Strength sessions a programme plans in each of ``weeks`` (each week by its Monday)."""
    counts: dict[datetime.date, int] = dict.fromkeys(weeks, 0)
    for week in document.weeks:
        for planned in week.sessions:
            start = week_start(planned.date)
            if start in counts and planned.session == "strength":
                counts[start] += 1
    return counts
