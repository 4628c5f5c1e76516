"""What the log commands compute, without the store or the screen: pure functions over plain data.

- the sets a plan prescribes, "done as prescribed", and the typed differences
  applied to them (``lateral-band-walk:3=8,pain=3``);
- reading a CSV or JSON export back for an import (the exports are written
  by ``logcsv.py`` and ``logjson.py``; the progress charts are counted in
  ``trends.py``).

The command line reads the log with ``journal`` and passes what it read in.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import HipcliError, JournalError
from .logcsv import INT_FIELDS, SESSION_FIELDS, SET_FIELDS, _restored  # the CSV export's columns (logcsv.py)
from .logvalues import SIDES, UNITS
from .models import Catalogue
from .plans import PlanItem
from .text import one_line
from .values import MAX_TEXT, band_level, whole_number


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


def parse_change(text: str, colours: dict[str, str] | None = None) -> Change:
    """Read one ``--change``; raise ``JournalError`` naming what is wrong (``RequestError`` for a band that is none).

    ``colours`` is the band chart in use (level -> colour), so 'band=green' means the level green stands for.
    """
    head, equals, rest = text.partition("=")
    if not equals or not head.strip() or not rest.strip():
        raise JournalError(f"--change '{text}': write EXERCISE[:SET][:SIDE]=DONE[,pain=N][,effort=N], e.g. lateral-band-walk:3=8,pain=3")
    parts = [part.strip() for part in head.split(":")]
    change = Change(text=text, name=parts[0])
    for part in parts[1:]:
        if part.isascii() and part.isdigit() and change.set_number is None:
            try:
                change.set_number = whole_number(part, "set", low=1, high=MAX_INT)
            except HipcliError as error:
                raise JournalError(f"--change '{text}': {error.message}") from None
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
            try:
                change.values[key] = whole_number(given, key, high=10_000 if key == "done" else 10)
            except HipcliError as error:
                raise JournalError(f"--change '{text}': {error.message.replace(': ', ' ', 1)}") from None
        elif key == "band":
            change.values[key] = band_level(given, f"--change '{text}': band", colours) if given.strip() else None
        elif key == "placement":
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


def _entry_error(file: Path, entry: str, name: str, problem: str) -> JournalError:
    return JournalError(f"{one_line(str(file))}: entry '{entry}': {name}: {problem}")


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return one_line(text if len(text) <= 40 else text[:37] + "...")


def _int(file: Path, entry: str, name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return whole_number(value, name, high=MAX_INT)
    except HipcliError as error:
        raise _entry_error(file, entry, name, error.message.partition(": ")[2]) from None


def _str(file: Path, entry: str, name: str, value: Any) -> str | None:
    """Text for a text column: a string (or nothing), within the size a log keeps, valid Unicode."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name in ("session_uid", "title", "notes"):
        value = str(value) if isinstance(value, float) or abs(value).bit_length() < 64 else value
    if not isinstance(value, str):
        raise _entry_error(file, entry, name, f"must be text, not {_kind(value)}")
    if len(value) > MAX_TEXT // 4 and len(value.encode("utf-8", "surrogatepass")) > MAX_TEXT:
        raise _entry_error(file, entry, name, f"is larger than {MAX_TEXT // 1024} KiB")
    for char in value:
        if "\ud800" <= char <= "\udfff":
            raise _entry_error(file, entry, name, f"holds U+{ord(char):04X}, half of a character (a lone surrogate), not text")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


# No count in a log comes near this; anything larger is a typing slip or a hostile file.
MAX_INT = 1_000_000


def _time(file: Path, entry: str, name: str, value: Any, required: bool) -> datetime.datetime | None:
    if value in (None, ""):
        if required:
            raise _entry_error(file, entry, name, "missing")
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise _entry_error(file, entry, name, f"{_shown(value)} is not a date and time like 2025-03-01T07:30:00")
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise _entry_error(file, entry, name, f"'{_shown(value)}' is not a date and time like 2025-03-01T07:30:00") from None
    from .logvalues import EARLIEST, local

    try:
        moment = local(moment)  # a time with a zone is the same moment in local time
    except (OverflowError, ValueError):
        raise _entry_error(file, entry, name, f"'{_shown(value)}' is out of range") from None
    if moment > datetime.datetime.now() + datetime.timedelta(minutes=1):
        raise _entry_error(file, entry, name, f"{value} is in the future")
    if moment.date() < EARLIEST:
        raise _entry_error(file, entry, name, f"{value} is before {EARLIEST.year}; check the year")
    return moment


def _band(file: Path, entry: str, name: str, value: Any, colours: dict[str, str] | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return band_level(value, name, colours)
    except HipcliError as error:
        raise _entry_error(file, entry, name, error.message.partition(": ")[2]) from None


def _csv_rows(file: Path, text: str) -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    """The rows of a CSV export; a broken quote or an oversized field is an error naming the row."""
    rows: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    # strict: an unterminated quote is an error, not the rest of the file swallowed into one title.
    reader = csv.DictReader(io.StringIO(text), strict=True)
    number = 1
    try:
        missing = [name for name in ("session_uid", "started", "slug") if name not in (reader.fieldnames or [])]
        if missing:
            raise JournalError(f"{one_line(str(file))}: not a hipcli log export (no {', '.join(missing)} column); export one with 'hipcli log history --format csv'")
        for row in reader:
            number += 1
            entry = f"row {number}"
            if None in row:
                raise _entry_error(file, entry, "row", f"has {len(row[None])} more cells than the header has columns")
            values = {name: _restored(value) for name, value in row.items()}
            head = {name: values.get(name) for name in SESSION_FIELDS}
            item = None if not values.get("slug") else {name: values.get(name) for name in SET_FIELDS}
            rows.append((entry, head, item))
    except csv.Error as error:
        raise JournalError(f"{one_line(str(file))}: row {number + 1}: not valid CSV ({error})") from None
    return rows


def _json_rows(file: Path, text: str) -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    """The (entry, session, set) rows of a JSON export: a list of sessions, or the --format json envelope."""
    shown = one_line(str(file))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise JournalError(f"{shown}: line {error.lineno}: not valid JSON ({error.msg})") from None
    except RecursionError:
        raise JournalError(f"{shown}: arrays or objects are nested too deeply to read") from None
    except ValueError as error:  # digits past Python's limit for int conversion
        raise JournalError(f"{shown}: holds a number too long to read ({str(error).partition(':')[0]})") from None
    if isinstance(data, dict) and data.get("kind") == "log-history":
        data = data.get("data")  # the --format json envelope
    if not isinstance(data, list):
        raise JournalError(f"{shown}: not a hipcli log export (a list of sessions, or the envelope of 'hipcli log history --format json')")
    rows: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    for number, session in enumerate(data, start=1):
        if not isinstance(session, dict):
            raise JournalError(f"{shown}: entry 'session {number}': must be an object")
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


def read_export(file: Path, text: str, known: set[str], colours: dict[str, str] | None = None) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Parse a CSV or JSON export back into (session, sets) for ``Journal.import_sessions``.

    Every row is checked (exercise in the catalogue, numbers in range, bands
    by level or by their colour on ``colours``, the band chart in use, no
    future dates) before anything is written; the first problem is raised,
    naming the file, the entry and the field.
    """
    stripped = text.lstrip("\ufeff").lstrip()
    rows = _json_rows(file, stripped) if stripped.startswith(("[", "{")) else _csv_rows(file, stripped)
    sessions: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for entry, raw_head, raw_set in rows:
        uid = (_str(file, entry, "session_uid", raw_head.get("session_uid")) or "").strip()
        if not uid:
            raise _entry_error(file, entry, "session_uid", "missing")
        if uid not in sessions:
            sessions[uid] = (_session_head(file, entry, uid, raw_head), [])
        if raw_set is not None:
            sessions[uid][1].append(_set_row(file, entry, raw_set, known, colours))
    return list(sessions.values())


def _session_head(file: Path, entry: str, uid: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A session's fields from the first row that names it, each checked."""
    head = {
        "uid": uid,
        "started": _time(file, entry, "started", raw.get("started"), True),
        "finished": _time(file, entry, "finished", raw.get("finished"), False),
        "source_kind": _str(file, entry, "source_kind", raw.get("source_kind")) or "import",
        "source": _str(file, entry, "source", raw.get("source")),
        "week": _int(file, entry, "week", raw.get("week")),
        "title": _str(file, entry, "title", raw.get("title")),
        "notes": _str(file, entry, "notes", raw.get("notes")),
        "planned_sets": _int(file, entry, "planned_sets", raw.get("planned_sets")),
        "morning_pain": _int(file, entry, "morning_pain", raw.get("morning_pain")),
    }
    if head["source_kind"] not in ("plan", "programme", "options", "single", "import"):
        raise _entry_error(file, entry, "source_kind", f"'{_shown(head['source_kind'])}' is not a session source")
    if head["week"] is not None and head["week"] < 1:
        raise _entry_error(file, entry, "week", "weeks are numbered from 1")
    if head["morning_pain"] is not None and head["morning_pain"] > 10:
        raise _entry_error(file, entry, "morning_pain", f"{head['morning_pain']} must be from 0 to 10")
    if head["finished"] is not None and head["finished"] < head["started"]:
        raise _entry_error(file, entry, "finished", f"{head['finished'].isoformat()} is before the session started ({head['started'].isoformat()})")
    return head


def _set_row(file: Path, entry: str, raw: dict[str, Any], known: set[str], colours: dict[str, str] | None) -> dict[str, Any]:
    """A set's fields, each read as its type, then checked against the catalogue and the log's ranges."""
    item: dict[str, Any] = {}
    # Unmatched work from another app ("other:NAME") keeps what that app said in its band column (a weight).
    other = str(raw.get("slug") or "").startswith("other:")
    for name in SET_FIELDS:
        value = raw.get(name)
        if name in INT_FIELDS:
            item[name] = _int(file, entry, name, value)
        elif name in ("band", "target_band") and not other:
            item[name] = _band(file, entry, name, value, colours)
        else:
            item[name] = _str(file, entry, name, value)
    _check_set(file, entry, item, known)
    item["position"] = item["position"] or 0
    return item


def _check_set(file: Path, entry: str, item: dict[str, Any], known: set[str]) -> None:
    # "other:NAME" is work a Strong, Hevy or FIT import matched to no card (importers/workouts.py).
    if item["slug"] not in known and not str(item["slug"] or "").startswith("other:"):
        raise _entry_error(file, entry, "slug", f"'{_shown(item['slug'])}' is not in the catalogue")
    if item["unit"] not in UNITS:
        raise _entry_error(file, entry, "unit", f"'{_shown(item['unit'])}' must be one of {', '.join(UNITS)}")
    if item["side"] is not None and item["side"] not in SIDES:
        raise _entry_error(file, entry, "side", f"'{_shown(item['side'])}' must be left, right or empty")
    if item["set_number"] is None or item["set_number"] < 1:
        raise _entry_error(file, entry, "set_number", "must be 1 or more")
    if item["done"] is not None and item["done"] > 10000:
        raise _entry_error(file, entry, "done", f"{item['done']} must be from 0 to 10,000")
    for name in ("effort", "pain"):
        if item[name] is not None and item[name] > 10:
            raise _entry_error(file, entry, name, f"{item[name]} must be from 0 to 10")
