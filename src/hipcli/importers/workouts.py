"""What the Strong, Hevy and FIT importers share: sets from another app, turned into sessions for the log.

An importer reads its file into ``ForeignSet`` rows (one per set, in file
order) and ``to_sessions`` does the rest the same way for every app:

- exercise names become catalogue cards through the same forgiving lookup as
  ``hipcli show`` (``catalogue.find_exercise``), after the person's own mapping
  file (``--map``); a name that matches no card is kept as other work, under
  the slug ``other:NAME``, never dropped, and the report lists it to map;
- RPE becomes the log's effort (0-10), by the conversion below;
- each session gets a uid made from what identifies it in the file (its start
  and title), and each set a key (exercise position, slug, set number), so
  importing the same file again adds nothing (``Journal.import_sessions``
  skips what it already holds).

Pure: no printing, no typer or rich, no database. Errors are ``JournalError``
sentences naming the file, the row and the field.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import JournalError

# Unmatched exercise names are logged under this prefix: "other:Bench Press (Barbell)".
OTHER = "other:"
# Longer names are not exercise names but something pasted by mistake (or an attack on the terminal).
MAX_NAME = 200
# Weight units the apps write; a load on other work is kept as text such as "60 kg".
WEIGHT_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}


# --- RPE and the log's effort -------------------------------------------------------
#
# Strong and Hevy record RPE on the reps-in-reserve scale: RPE 10 = 0 reps in
# reserve, 9 = 1 in reserve, and so on (Zourdos et al. 2016, JSCR; COACHING.md
# section 4). The log's effort is the 0-10 reading hipcli's plans prescribe,
# where the planner pairs OMNI-RES 5 with 3-4 reps in reserve, 6-7 with 2-3 and
# 7-8 with 1-2 (planner.STRENGTH_EFFORT, R8). A straight line through those
# pairs, anchored at 0 in reserve = 10, gives effort = 10 - RIR x 10/7. That
# line is hipcli's convention, not a published equivalence. It maps every RPE
# from 3 to 10 in half steps onto a whole effort; the export writes each
# effort as an RPE that reads back to the same effort (a whole one when one does).

RPE_CONVERSION = "effort = 10 - (10 - RPE) x 10/7 (RPE 10 = 0 reps in reserve, Zourdos 2016; the planner's OMNI-RES/RIR pairs, convention)"


def effort_from_rpe(rpe: float) -> int:
    reserve = 10 - rpe
    return max(0, min(10, round(10 - reserve * 10 / 7)))


def _inverse() -> dict[int, float]:
    # Each effort's RPEs (half steps from 3 to 10); a whole RPE when there is one, as the apps'
    # users mostly log whole numbers, so RPE 9 -> effort 9 -> RPE 9 too.
    found: dict[int, list[float]] = {}
    for half in range(6, 21):
        found.setdefault(effort_from_rpe(half / 2), []).append(half / 2)
    return {effort: next((r for r in rpes if r == int(r)), rpes[0]) for effort, rpes in found.items()}


_RPE_OF = _inverse()


def rpe_from_effort(effort: int) -> float:
    return _RPE_OF[max(0, min(10, effort))]


# --- what an importer reads ----------------------------------------------------------


@dataclass
class ForeignSet:
    """One set as another app wrote it (already checked; units as written)."""

    row: str  # where it came from, for messages: "row 12", "set message 4"
    started: datetime.datetime
    title: str
    exercise: str
    set_number: int | None  # as the app numbered it; None to number in order
    kind: str = "normal"  # normal | warmup | failure | dropset
    reps: int | None = None
    seconds: int | None = None
    weight: float | None = None
    weight_unit: str | None = None
    distance: float | None = None
    rpe: float | None = None
    notes: str | None = None
    finished: datetime.datetime | None = None
    session_notes: str | None = None
    side: str | None = None


@dataclass
class Report:
    """What an import did, for the one-paragraph summary the command prints."""

    source: str  # "Strong", "Hevy", "Garmin FIT"
    sessions: int = 0
    sets: int = 0
    matched: dict[str, str] = field(default_factory=dict)  # name in the file -> slug
    unmatched: dict[str, int] = field(default_factory=dict)  # name -> how many sets
    kept_other: dict[str, int] = field(default_factory=dict)  # mapped to "other" by the --map file
    warmups: int = 0
    weights_not_kept: int = 0
    distances_not_kept: int = 0
    with_rpe: int = 0
    added_sessions: int = 0
    added_sets: int = 0
    plan: str | None = None  # the plan or programme a watch activity was matched to
    skipped: int = 0  # sets of the plan the watch never recorded
    added: int = 0  # sets the watch recorded beyond the plan

    def lines(self) -> list[str]:
        """The summary, one fact a line (names as in the file; the caller escapes them for the screen)."""
        out = [
            f"Read {_sets(self.sets)} in {self.sessions} session{'s' * (self.sessions != 1)} from the {self.source} file: "
            f"added {self.added_sessions} new session{'s' * (self.added_sessions != 1)} and {_sets(self.added_sets, 'new')}; "
            "the rest were already in the log."
        ]
        named = len(self.matched) + len(self.unmatched) + len(self.kept_other)
        out.append(f"Exercises: {len(self.matched)} of {named} names matched a card, {len(self.unmatched)} did not.")
        if self.kept_other:
            names = ", ".join(f"'{name}' ({_sets(count)})" for name, count in sorted(self.kept_other.items()))
            out.append(f"Kept as other work, as the --map file says: {names}.")
        if self.unmatched:
            names = ", ".join(f"'{name}' ({_sets(count)})" for name, count in sorted(self.unmatched.items()))
            out.append(f"Kept as other work (add them to a --map file to match a card): {names}.")
        if self.plan is not None:
            out.append(f"Matched to the plan {self.plan}: {_sets(self.skipped)} skipped, {_sets(self.added)} added.")
        if self.warmups:
            out.append(f"Left out {_sets(self.warmups, 'warm-up')}: the log holds working sets.")
        if self.weights_not_kept:
            out.append(f"{_sets(self.weights_not_kept)} of matched cards had a weight the log does not keep (it logs bands, reps and effort).")
        if self.distances_not_kept:
            out.append(f"{_sets(self.distances_not_kept)} had a distance the log does not keep.")
        if self.with_rpe:
            out.append(f"RPE read as effort on {_sets(self.with_rpe)}: {RPE_CONVERSION}.")
        return out

    def data(self) -> dict[str, Any]:
        return {
            "source": self.source, "sessions": self.sessions, "sets": self.sets,
            "added_sessions": self.added_sessions, "added_sets": self.added_sets,
            "matched": dict(sorted(self.matched.items())), "unmatched": dict(sorted(self.unmatched.items())),
            "kept_as_other": dict(sorted(self.kept_other.items())),
            "warmups_left_out": self.warmups, "weights_not_kept": self.weights_not_kept,
            "distances_not_kept": self.distances_not_kept, "plan": self.plan, "skipped": self.skipped, "added": self.added, "with_rpe": self.with_rpe, "rpe_conversion": RPE_CONVERSION,
        }


def _sets(count: int, kind: str = "") -> str:
    return f"{count} {kind + ' ' if kind else ''}set{'s' * (count != 1)}"


# --- reading CSV ----------------------------------------------------------------------


def shown(file: Path | str) -> str:
    from ..text import one_line

    return one_line(str(file))


def csv_rows(file: Path, text: str) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The header (lower-cased, trimmed) and the rows with their line numbers.

    Strong writes ';' in some versions and locales and ',' in others, so the
    separator is whichever the header line uses more of.
    """
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)

    def rows() -> Iterable[tuple[int, list[str]]]:
        try:
            for row in reader:
                if row and any(cell.strip() for cell in row):
                    yield reader.line_num, row
        except csv.Error as error:
            raise JournalError(f"{shown(file)}: line {reader.line_num}: not readable CSV ({error})") from None

    found = rows()
    header = next(iter(found), None)
    if header is None:
        raise JournalError(f"{shown(file)}: the file has no header line")
    return [cell.strip().lower() for cell in header[1]], found


def clean_name(file: Path, row: str, column: str, value: str) -> str:
    """An exercise or workout name, refused when it holds control or bidi characters or is far too long."""
    from ..text import has_control, one_line

    text = value.strip()
    if len(text) > MAX_NAME:
        raise JournalError(f"{shown(file)}: {row}: {column}: is {len(text)} characters long; a name is at most {MAX_NAME}")
    if has_control(text):
        raise JournalError(f"{shown(file)}: {row}: {column}: '{one_line(text)}' holds control characters; the log was left unchanged")
    return text


def number(file: Path, row: str, column: str, value: str | None, *, whole: bool = False) -> float | None:
    """A number as the apps write it ('' for none; '60,5' in comma-decimal locales)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        amount = float(text.replace(",", "."))
    except ValueError:
        raise JournalError(f"{shown(file)}: {row}: {column}: '{shown(text)}' is not a number") from None
    if amount != amount or amount in (float("inf"), float("-inf")) or amount < 0 or amount > 1_000_000:
        raise JournalError(f"{shown(file)}: {row}: {column}: '{shown(text)}' is not a sensible amount")
    if whole and amount != int(amount):
        raise JournalError(f"{shown(file)}: {row}: {column}: '{shown(text)}' is not a whole number")
    return amount


def check_rpe(file: Path, row: str, value: str | None) -> float | None:
    rpe = number(file, row, "RPE", value)
    if rpe is not None and not 1 <= rpe <= 10:
        raise JournalError(f"{shown(file)}: {row}: RPE: {rpe:g} is outside 1-10")
    return rpe


# --- hipcli's own notes in a foreign file ----------------------------------------------
#
# Strong and Hevy have no place for a side, a band or pain, so hipcli's export
# writes them into the set's notes as "[hipcli side=left; band=medium; pain=2]"
# (values percent-quoted), and the import reads them back: a round trip keeps
# every set whole. Notes a person typed stay as they were around the tag.

TAG = re.compile(r"\[hipcli ([^\]]*)\]")


def write_tag(values: dict[str, Any]) -> str:
    parts = [f"{key}={urllib.parse.quote(str(value), safe=' -')}" for key, value in values.items() if value is not None]
    return f"[hipcli {'; '.join(parts)}]" if parts else ""


def read_tag(text: str | None) -> tuple[dict[str, str], str | None]:
    """(tag values, the notes without the tag)."""
    if not text:
        return {}, None
    found = TAG.search(text)
    if found is None:
        return {}, text
    values = {}
    for part in found[1].split(";"):
        key, _, value = part.strip().partition("=")
        if key:
            values[key] = urllib.parse.unquote(value)
    rest = (text[: found.start()] + text[found.end() :]).strip()
    return values, rest or None


# --- names to cards ------------------------------------------------------------------------


def load_mapping(path: Path, catalogue: Any) -> dict[str, str]:
    """A --map file: TOML, one line per name, ``"Hip Thrust (Barbell)" = "banded-hip-thrust"``.

    A name may also map to "other" to keep it as other work without the
    import asking about it again. Each card is checked against the catalogue.
    """
    from ..catalogue import find_exercise
    from ..reading import read_toml
    from ..errors import HipcliError

    data, _ = read_toml(path, JournalError)
    table = data.get("names", data)
    if not isinstance(table, dict):
        raise JournalError(f"{shown(path)}: [names]: must be a table of \"name in the app\" = \"card\"")
    mapping: dict[str, str] = {}
    for name, card in table.items():
        if not isinstance(card, str):
            raise JournalError(f"{shown(path)}: '{shown(name)}': must be a card's name or slug (text), or \"other\"")
        if card.strip().lower() == "other":
            mapping[_key(name)] = OTHER
            continue
        try:
            mapping[_key(name)] = find_exercise(catalogue, card).slug
        except HipcliError as error:
            raise JournalError(f"{shown(path)}: '{shown(name)}': {error}") from None
    return mapping


def _key(name: str) -> str:
    from ..catalogue import normalise

    return normalise(name)


class Matcher:
    """Exercise names to slugs: the mapping file first, then the catalogue's forgiving lookup; cached per name."""

    def __init__(self, catalogue: Any, mapping: dict[str, str] | None = None) -> None:
        from ..catalogue import name_index

        self.catalogue = catalogue
        self.mapping = mapping or {}
        self.index = name_index(catalogue)
        self.seen: dict[str, str | None] = {}

    def __call__(self, name: str) -> str | None:
        if name in self.seen:
            return self.seen[name]
        key = _key(name)
        slug = self.mapping.get(key)
        if slug is None:
            slug = self.index.get(key)
        if slug is None:
            from ..catalogue import holding_words

            # Only a name whose every word one card alone holds: "Clamshell" is the
            # banded clamshell, but "Hip Thrust (Barbell)" matches no card, and is
            # better asked about than guessed (a barbell is not a band).
            named, aliased = holding_words(self.catalogue, key)
            slug = named[0] if len(named) == 1 and not aliased else None
        self.seen[name] = slug
        return slug


# --- sets to sessions -------------------------------------------------------------------------


def session_uid(source: str, started: datetime.datetime, title: str) -> str:
    """Stable across imports of the same workout: its app, start and title."""
    digest = hashlib.sha256(f"{source}\x00{started.isoformat()}\x00{title}".encode()).hexdigest()
    return f"{source}-{digest[:24]}"


_Key = tuple[datetime.datetime, str]


class _Numbering:
    """Positions and set numbers within each session, as the sets arrive in file order."""

    def __init__(self) -> None:
        # Per session: the exercise last seen and its position, and the set numbers used per position.
        self.last: dict[_Key, tuple[str, int]] = {}
        self.used: dict[tuple[datetime.datetime, str, int], set[int]] = {}
        self.positions: dict[_Key, int] = {}  # the last position given out per session

    def position(self, key: _Key, exercise: str, new_block: bool) -> int:
        """The same exercise straight after itself stays in its position, unless tagged as a new block."""
        previous = self.last.get(key)
        if previous is not None and previous[0] == exercise and not new_block:
            position = previous[1]
        else:
            position = self.positions[key] = self.positions.get(key, -1) + 1
        self.last[key] = (exercise, position)
        return position

    def number(self, key: _Key, position: int, side: str | None, wanted: int | None) -> int:
        numbers = self.used.setdefault((key[0], key[1], position), set())
        # A set number seen twice for the same exercise and side (Strong restarts the
        # count around supersets) is renumbered after the last, never merged away.
        code = 0 if side is None else 1 if side == "left" else 2
        marker = (wanted or 0) * 4 + code
        if wanted is None or marker in numbers:
            wanted = 1 + max((m // 4 for m in numbers if m % 4 == code), default=0)
            marker = wanted * 4 + code
        numbers.add(marker)
        return wanted


def to_sessions(
    sets: Iterable[ForeignSet], *, source: str, catalogue: Any, mapping: dict[str, str] | None = None,
) -> tuple[list[tuple[dict[str, Any], list[dict[str, Any]]]], Report]:
    """Group sets into sessions (by start time and title) for ``Journal.import_sessions``."""
    report = Report(source={"strong": "Strong", "hevy": "Hevy", "fit": "Garmin FIT"}.get(source, source))
    match = Matcher(catalogue, mapping)
    now = datetime.datetime.now() + datetime.timedelta(minutes=1)
    sessions: dict[_Key, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    numbering = _Numbering()
    for item in sets:
        _check_date(item, now)
        key = (item.started, item.title)
        entry = sessions.get(key)
        if entry is None:
            entry = sessions[key] = (_session_head(item, source), [])
        if item.kind == "warmup":
            report.warmups += 1
            continue
        entry[1].append(_set_row(item, key, match(item.exercise), numbering, catalogue, report))
        report.sets += 1
    report.sessions = len(sessions)
    return list(sessions.values()), report


def _check_date(item: ForeignSet, now: datetime.datetime) -> None:
    from ..logvalues import EARLIEST

    if item.started > now:
        raise JournalError(f"{item.row}: date {item.started.isoformat()}: is in the future; the log only holds what was done")
    if item.started.date() < EARLIEST:
        raise JournalError(f"{item.row}: date {item.started.isoformat()}: is before {EARLIEST.year}; check the year")


def _session_head(item: ForeignSet, source: str) -> dict[str, Any]:
    """The session a set opens; a [hipcli session=...] tag in its notes keeps the uid it was exported with."""
    tags, notes = read_tag(item.session_notes)
    finished = item.finished if item.finished is not None and item.finished >= item.started else None
    return {
        "uid": tags.get("session") or session_uid(source, item.started, item.title),
        "started": item.started, "finished": finished, "source_kind": "import", "source": None,
        "title": item.title or None, "notes": notes,
    }


def _set_row(
    item: ForeignSet, key: _Key, matched: str | None, numbering: _Numbering, catalogue: Any, report: Report
) -> dict[str, Any]:
    """One working set as the log's row, with the hipcli tag in its notes taking precedence over the app's columns."""
    set_tags, _set_notes = read_tag(item.notes)
    slug = _slug(item.exercise, matched, report)
    position = numbering.position(key, item.exercise, set_tags.get("block") == "new")
    side = set_tags.get("side") or item.side
    wanted = item.set_number if item.set_number is not None and item.set_number >= 1 else None
    if set_tags.get("set", "").isdigit() and int(set_tags["set"]) >= 1:
        wanted = int(set_tags["set"])
    number_ = numbering.number(key, position, side, wanted)
    unit = _unit(item, set_tags, slug, catalogue)
    done = item.seconds if unit == "seconds" else item.reps
    if set_tags.get("skipped") == "yes":
        done = None
    effort = _effort(item, report)
    band, placement = _band_and_placement(item, set_tags, slug, report)
    pain = int(set_tags["pain"]) if set_tags.get("pain", "").isdigit() and int(set_tags["pain"]) <= 10 else None
    return {
        "position": position, "slug": slug, "set_number": number_, "side": side if side in ("left", "right") else None,
        "unit": unit, "done": None if done is None else min(int(done), 10000), "band": band,
        "placement": placement, "effort": effort, "pain": pain,
    }


def _slug(exercise: str, matched: str | None, report: Report) -> str:
    """The card's slug, or other work under the app's own name; the report counts which."""
    if matched == OTHER:  # the --map file says: other work, and stop asking
        report.kept_other[exercise] = report.kept_other.get(exercise, 0) + 1
        return OTHER + exercise
    if matched is None:
        report.unmatched[exercise] = report.unmatched.get(exercise, 0) + 1
        return OTHER + exercise
    report.matched[exercise] = matched
    return matched


def _unit(item: ForeignSet, set_tags: dict[str, str], slug: str, catalogue: Any) -> str:
    # Strong writes Reps 0 beside the Seconds of a timed set; Hevy leaves reps empty.
    unit = "seconds" if item.seconds and not item.reps else "reps"
    if set_tags.get("unit") in ("reps", "seconds", "steps"):
        return set_tags["unit"]
    if unit == "reps" and not slug.startswith(OTHER) and catalogue.by_slug[slug].unit == "steps":
        return "steps"
    return unit


def _effort(item: ForeignSet, report: Report) -> int | None:
    if item.rpe is not None:
        report.with_rpe += 1
        return effort_from_rpe(item.rpe)
    if item.kind == "failure":
        return 10  # a set to failure leaves no reps in reserve: RPE 10
    return None


def _band_and_placement(
    item: ForeignSet, set_tags: dict[str, str], slug: str, report: Report
) -> tuple[str | None, str | None]:
    """The band from the tag (checked), or other work's load from the weight column; weights on a card are not kept."""
    from ..models import BAND_LEVELS
    from ..text import has_control

    band = set_tags.get("band") or None
    # A tag is text anyone can type: a card's band must be a level the ladder knows.
    if band is not None and not slug.startswith(OTHER) and band not in BAND_LEVELS:
        raise JournalError(f"{item.row}: notes: band '{shown(band)}' is not a band level ({', '.join(BAND_LEVELS)})")
    placement = set_tags.get("placement") or None
    if any(value is not None and has_control(value) for value in (band, placement)):
        raise JournalError(f"{item.row}: notes: the [hipcli ...] tag holds control characters")
    if item.weight:
        if slug.startswith(OTHER) and band is None:
            band = f"{item.weight:g} {item.weight_unit or 'kg'}"
        elif band is None:
            report.weights_not_kept += 1
    if item.distance:
        report.distances_not_kept += 1
    return band, placement


# --- writing Strong and Hevy files ------------------------------------------------------------


@dataclass
class ExportSet:
    """One logged set, with its session, as the Strong and Hevy writers need it."""

    uid: str
    started: datetime.datetime
    finished: datetime.datetime | None
    title: str | None
    session_notes: str | None
    exercise: str  # the card's name, or the other work's own name
    position: int
    set_number: int
    side: str | None
    unit: str
    done: int | None
    band: str | None
    placement: str | None
    effort: int | None
    pain: int | None


def export_sets(rows: Sequence[tuple[Any, ...]], catalogue: Any | None) -> list[ExportSet]:
    """``Journal.export_rows`` rows (logcsv.CSV_FIELDS order) as ExportSet."""
    from ..logcsv import CSV_FIELDS

    index = {name: n for n, name in enumerate(CSV_FIELDS)}
    out = []
    for row in rows:
        def get(name: str) -> Any:
            return row[index[name]]

        slug = get("slug")
        if slug.startswith(OTHER):
            name = slug[len(OTHER):]
        elif catalogue is not None and slug in catalogue.by_slug:
            name = catalogue.by_slug[slug].name
        else:
            name = slug
        started = get("started")
        finished = get("finished")
        out.append(ExportSet(
            uid=get("session_uid"),
            started=datetime.datetime.fromisoformat(started) if isinstance(started, str) else started,
            finished=(datetime.datetime.fromisoformat(finished) if isinstance(finished, str) else finished) if finished else None,
            title=get("title"), session_notes=get("notes"), exercise=name, position=get("position") or 0,
            set_number=get("set_number"), side=get("side"), unit=get("unit"), done=get("done"), band=get("band"),
            placement=get("placement"), effort=get("effort"), pain=get("pain"),
        ))
    return out


def load_of(band: str | None) -> tuple[float | None, str | None]:
    """'60 kg' (other work's load) -> (60.0, 'kg'); a band level is not a load."""
    if not band:
        return None, None
    amount, _, unit = band.partition(" ")
    if unit in WEIGHT_UNITS:
        try:
            return float(amount), WEIGHT_UNITS[unit]
        except ValueError:
            return None, None
    return None, None


def set_tag(item: ExportSet, new_block: bool = False) -> str:
    """The set's hipcli-only facts, for the notes column.

    ``new_block``: the same exercise again, right after itself, as a separate
    entry of the session; the apps would read the two as one.
    """
    weight, _ = load_of(item.band)
    return write_tag({
        "block": "new" if new_block else None,
        # Hevy numbers sets in file order; the left and right of one set share a number in the log.
        "set": item.set_number if item.side else None, "side": item.side,
        "unit": item.unit if item.unit == "steps" or (item.unit == "seconds" and not item.done) else None,
        "band": item.band if weight is None else None, "placement": item.placement, "pain": item.pain,
        "skipped": "yes" if item.done is None else None,
    })


def duration_text(started: datetime.datetime, finished: datetime.datetime | None) -> str:
    """'1h 5m', as Strong writes a workout's length."""
    if finished is None or finished < started:
        return ""
    minutes = int((finished - started).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def new_blocks(sets: Sequence[ExportSet]) -> list[bool]:
    """For each set: whether it starts a second entry of the exercise just before it (see ``set_tag``)."""
    marks = []
    previous: ExportSet | None = None
    for item in sets:
        marks.append(previous is not None and previous.uid == item.uid and previous.exercise == item.exercise
                     and previous.position != item.position)
        previous = item
    return marks


def csv_pieces(header: Sequence[str], rows_of: Callable[[Sequence[ExportSet]], Iterable[Sequence[Any]]],
               pieces: Iterable[Sequence[ExportSet]], **dialect: Any) -> Iterator[str]:
    """An app's CSV export (formats/strong.py, formats/hevy.py) for sets that come in pieces of whole sessions
    (``logexport.whole_sessions``): the header, then the rows ``rows_of`` makes of each piece as it comes, so
    years of log are written in flat memory.

    Text from the log (titles, notes, names) shows control characters as escapes, as hipcli's own CSV export
    does: the file is printed as often as it is imported.
    """
    from ..text import visible

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", **dialect)
    writer.writerow(header)
    for sets in pieces:
        writer.writerows(rows_of(sets))
        yield visible(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()  # the header alone: no piece at all
