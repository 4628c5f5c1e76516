"""Saved plans and programmes: the document a plan becomes, and reading it back, checked.

The output formats live in ``hipcli.formats``, one module per format; files
are written by ``files.py``, the one safe writer.

A saved file is checked in three steps, each naming the line and key of
every problem: its shape (size, kind, weeks count) before anything costly;
the schema (types, ranges, unknown keys); then consistency (weeks numbered
in order, a session in each week, dates in order and inside the calendar, a
start date) and the catalogue (known exercises, doses inside the
prescription for the plan's level).
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import os
from pathlib import Path
from typing import Any

from . import __version__
from . import wording as fmt
from .text import one_line
from .errors import PlanFileError, RequestError
from .models import Catalogue, Prescription
from .plans import Plan, PlanFile, Programme, ProgrammeFile
from .planner import BLOCKS, PRINTED_AS, with_times
from .progression import programme_with_times, session_plan

def saved(result: Plan | Programme, *, created: datetime.date | None = None) -> PlanFile | ProgrammeFile:
    """A plan or programme as a file: everything in it, plus the hipcli version and the date."""
    kind = PlanFile if isinstance(result, Plan) else ProgrammeFile
    fields = {item.name: getattr(result, item.name) for item in dataclasses.fields(result)}
    return kind(hipcli=__version__, created=created or datetime.date.today(), **fields)


# Blocks whose exercises take the card's warm-up dose rather than the level's prescription.
WARMUP_DOSE_BLOCKS = frozenset(PRINTED_AS.get(key, key) for key, spec in BLOCKS.items() if spec.warmup_dose)

# --- reading ------------------------------------------------------------------------------


# A 52-week programme of daily sessions is about 3 MB of TOML; far beyond is not a plan file.
MAX_BYTES = 16 * 1024 * 1024
MAX_WEEKS = 52
# Files hipcli writes but cannot read back: they are for people and calendars.
WRITE_ONLY = {".md": "Markdown", ".markdown": "Markdown", ".ics": "calendar", ".html": "HTML", ".htm": "HTML"}


def read_document(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """Parse a TOML or JSON plan or programme file into plain data."""
    from .reading import decode, read_bytes, read_toml

    file = Path(path)
    shown = one_line(str(file))
    suffix = file.suffix.lower()
    if suffix in WRITE_ONLY:
        raise PlanFileError(
            f"{shown}: {WRITE_ONLY[suffix]} files are for reading, and hipcli cannot read them back; "
            "view the .toml or .json file it was made from"
        )
    raw = read_bytes(file, PlanFileError, noun="plan file", limit=MAX_BYTES)
    if suffix == ".json":
        text = decode(file, raw, PlanFileError)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise PlanFileError(f"{file}: line {error.lineno}, column {error.colno}: invalid JSON: {error.msg}") from None
        except RecursionError:
            raise PlanFileError(f"{file}: arrays or objects are nested too deeply to read") from None
        if not isinstance(data, dict):
            raise PlanFileError(f"{file}: a plan file holds one JSON object")
        # 'hipcli plan --format json > plan.json' saves the command's envelope; its data is the plan.
        if set(data) == {"kind", "format", "hipcli", "data"} and data["kind"] in ("plan", "programme"):
            data = data["data"] if isinstance(data["data"], dict) else {}
        return data, ""
    return read_toml(file, PlanFileError, raw)


_NAMES = {"weeks": "week", "sessions": "session", "blocks": "block", "exercises": "exercise"}
_LABELS = {"sessions": ("date", "title"), "blocks": ("key",), "exercises": ("slug",)}


class _Where:
    """Names a place in a plan or programme file: its line, the entries around it, and the key.

    tomli-w writes arrays of tables depth first, so the n-th ``[[blocks.exercises]]``
    header in the text belongs to the n-th exercise met walking the data the same way.
    """

    def __init__(self, file: Path, data: dict[str, Any], text: str) -> None:
        self.file = file
        self.data = data
        self.text = text.split("\n")  # TOML ends lines with LF or CRLF only (not U+2028)
        self.lines: dict[tuple[Any, ...], int] = {}
        if text:
            headers: dict[str, list[int]] = {}
            for number, line in enumerate(text.split("\n"), 1):
                stripped = line.strip()
                if stripped.startswith("[[") and stripped.endswith("]]"):
                    headers.setdefault(stripped[2:-2].strip(), []).append(number)
            seen: dict[str, int] = {}
            for path, header in self._tables(data, (), ""):
                index = seen.get(header, 0)
                seen[header] = index + 1
                if index < len(headers.get(header, [])):
                    self.lines[path] = headers[header][index]

    def _tables(self, node: Any, path: tuple[Any, ...], header: str) -> list[tuple[tuple[Any, ...], str]]:
        found = []
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _NAMES and isinstance(value, list):
                    name = f"{header}.{key}" if header else key
                    for index, item in enumerate(value):
                        if isinstance(item, dict):
                            found.append((path + (key, index), name))
                            found += self._tables(item, path + (key, index), name)
        return found

    def _key_line(self, header: int, key: str) -> int:
        """The line of ``key = ...`` in the table whose header is on line ``header``, so errors point at the key."""
        import re

        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(header, len(self.text)):
            text = self.text[number].strip()
            if text.startswith("["):
                break
            if pattern.match(text):
                return number + 1
        return header

    def __call__(self, path: tuple[Any, ...]) -> str:
        from .validation import dotted

        node: Any = self.data
        labels = []
        line = None
        rest = path
        position = 0
        while position + 1 < len(path) and path[position] in _NAMES and isinstance(path[position + 1], int):
            key, index = path[position], path[position + 1]
            items = node.get(key) if isinstance(node, dict) else None
            node = items[index] if isinstance(items, list) and index < len(items) else None
            words = [
                str(node.get(field)) for field in _LABELS.get(key, ()) if isinstance(node, dict) and node.get(field)
            ]
            labels.append(f"{_NAMES[key]} {index + 1}" + (f" ({one_line(' '.join(words))})" if words else ""))
            line = self.lines.get(path[: position + 2], line)
            position += 2
            rest = path[position:]
        if line and rest and isinstance(rest[0], str):
            line = self._key_line(line, rest[0])
        parts = [str(self.file)]
        if labels:
            parts.append((f"line {line}, " if line else "") + ", ".join(labels))
        if rest:
            parts.append(dotted(rest))
        return ": ".join(parts) + ": "


def load_plan_file(path: str | os.PathLike[str], catalogue: Catalogue) -> PlanFile:
    """Read a saved plan, checking it against the schema and the catalogue."""
    document = load_document(path, catalogue, kind="plan")
    assert isinstance(document, PlanFile)
    return document


def load_document(
    path: str | os.PathLike[str], catalogue: Catalogue, *, kind: str | None = None, warnings: list[str] | None = None
) -> PlanFile | ProgrammeFile:
    """Read a saved plan or programme, checking it against the schema and the catalogue.

    A dose outside the card's prescription is not refused: it goes to ``warnings``.
    """
    file = Path(path)
    data, text = read_document(file)
    _check_shape(file, data)
    warnings = [] if warnings is None else warnings
    _bands_by_colour(data, catalogue)
    found = "programme" if data.get("kind") == "programme" else "plan"
    if kind is not None and found != kind:
        raise PlanFileError(f"{one_line(str(file))}: is a {found} file, not a {kind}")
    where = _Where(file, data, text)
    if found == "programme":
        programme = validate_plan_data(file, data, text, ProgrammeFile)
        _raise(file, check_programme(programme, where))
        problems = []
        for w, week in enumerate(programme.weeks):
            for n, session in enumerate(week.sessions):
                prefix = ("weeks", w, "sessions", n)
                plan = session_plan(programme.programme, session)
                problems += check_plan(
                    plan, catalogue, lambda place, p=prefix: where(p + place), deload=week.deload, warnings=warnings
                )
        _raise(file, problems)
        return programme_with_times(programme)
    document = validate_plan_data(file, data, text, PlanFile)
    _raise(file, check_plan(document.plan, catalogue, where, warnings=warnings))
    return with_times(_with_minutes(document))


def _check_shape(file: Path, data: dict[str, Any]) -> None:
    """What can be told before the schema is checked, so a huge or foreign file fails fast."""
    shown = one_line(str(file))
    if "exercises" in data and "kind" not in data:
        raise PlanFileError(f"{shown}: is an exercise catalogue, not a plan file; check it with 'hipcli validate {shown}'")
    weeks = data.get("weeks")
    if isinstance(weeks, list) and len(weeks) > MAX_WEEKS:
        raise PlanFileError(
            f"{shown}: weeks: {len(weeks)} weeks; a programme has at most {MAX_WEEKS}, so this file was not made by hipcli"
        )


# The last day a session may fall on: a calendar event ends the day after.
LAST_DATE = datetime.date.max - datetime.timedelta(days=1)


def check_programme(programme: ProgrammeFile, where: Any) -> list[str]:
    """What a schema cannot see in a programme: weeks in order, sessions present, dates in order and range."""
    problems: list[str] = []
    request = programme.request
    if request.start is None:
        problems.append(where(("request", "start")) + "is required in a saved programme: the date of its first session")
    if request.weeks != len(programme.weeks):
        problems.append(
            where(("request", "weeks"))
            + f"says {request.weeks} but the file has {len(programme.weeks)} [[weeks]]; make them agree"
        )
    previous: datetime.date | None = None
    for w, week in enumerate(programme.weeks):
        if week.number != w + 1:
            problems.append(where(("weeks", w, "number")) + f"is {week.number}; weeks are numbered 1, 2, 3... in order, so this one is {w + 1}")
        if not week.sessions:
            problems.append(where(("weeks", w, "sessions")) + "a week needs at least one session")
        for n, session in enumerate(week.sessions):
            place = ("weeks", w, "sessions", n, "date")
            if session.date > LAST_DATE:
                problems.append(where(place) + f"{session.date} is past the last date a calendar can hold")
            elif request.start is not None and session.date < request.start:
                problems.append(where(place) + f"{session.date} is before the programme's start ({request.start})")
            elif previous is not None and session.date < previous:
                problems.append(where(place) + f"{session.date} comes before the session above it ({previous}); keep sessions in date order")
            else:
                previous = session.date  # a wrong date is reported once, not again for the session after it
    return [one_line(problem) for problem in problems]


def _bands_by_colour(data: dict[str, Any], catalogue: Catalogue) -> None:
    """``band = "green"`` means the level that colour is on the file's chart (else the catalogue's), in place."""
    from .models import BAND_LEVELS

    legend = data.get("bands")
    chart = legend.get("colours") if isinstance(legend, dict) else None
    if not isinstance(chart, dict):
        chart = dict(catalogue.charts[catalogue.default_chart].colours)
    by_colour = {str(colour).lower(): level for level, colour in chart.items() if level in BAND_LEVELS}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            band = node.get("band")
            if "slug" in node and isinstance(band, str) and band not in BAND_LEVELS:
                node["band"] = by_colour.get(band.strip().lower(), band)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)


def _raise(file: Path, problems: list[str]) -> None:
    if problems:
        raise PlanFileError(problems[0] if len(problems) == 1 else f"{file}: {len(problems)} problems", problems)


def _with_minutes(document: Any) -> Any:
    from .planner import DEFAULT_MINUTES

    request = document.request
    if request.minutes:
        return document
    return dataclasses.replace(document, request=dataclasses.replace(request, minutes=DEFAULT_MINUTES[request.session]))


def validate_plan_data(file: Path, data: dict[str, Any], text: str, model: Any) -> Any:
    from .validation import ValidationError, format_errors, validate

    written = data.get("format")
    if written not in (None, 1) and isinstance(written, int) and not isinstance(written, bool):
        raise PlanFileError(
            f"{file}: format: this file is format {data['format']}; this hipcli ({__version__}) reads format 1"
        )
    try:
        return validate(model, data)
    except RequestError as exc:
        # A request that checks itself (plans.check_request) refused a value the schema let through:
        # name the key in the file rather than the command-line option.
        from .plans import OPTIONS

        message = exc.message
        for field, option in OPTIONS.items():
            if message.startswith(f"{option}: "):
                message = f"request.{field}: {message[len(option) + 2:]}"
        raise PlanFileError(f"{one_line(str(file))}: {message}") from None
    except ValidationError as exc:
        where = _Where(file, data, text)
        problems = [one_line(where(path) + message) for path, message in format_errors(exc, model)]
        raise PlanFileError(problems[0] if len(problems) == 1 else f"{file}: {len(problems)} problems", problems) from None
    except RecursionError:
        raise PlanFileError(f"{file}: arrays or tables are nested too deeply to read") from None


def check_plan(
    plan: Plan, catalogue: Catalogue, where: Any, *, deload: bool = False, warnings: list[str] | None = None
) -> list[str]:
    """Problems a schema cannot see: unknown exercises and doses outside the prescription.

    A dose inside the exercise's prescription for the plan's level (or its
    warm-up dose) is a deliberate change and is accepted. In a deload week
    fewer sets than the prescription's lowest are expected. With ``warnings``,
    a dose outside the prescription is a warning added there, not a problem:
    a clinician may set one on purpose (planedit.py marks it in the file).
    """
    problems: list[str] = []
    level = plan.request.level
    seen: set[str] = set()
    names = sorted(catalogue.by_slug)
    for b, block in enumerate(plan.blocks):
        for i, item in enumerate(block.exercises):
            place = ("blocks", b, "exercises", i)
            exercise = catalogue.get(item.slug)
            if exercise is None:
                close = difflib.get_close_matches(item.slug, names, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else "; 'hipcli list' shows the catalogue"
                problems.append(where(place + ("slug",)) + f"'{item.slug}' is not in the catalogue{hint}")
                continue
            if item.slug in seen:
                problems.append(where(place + ("slug",)) + f"'{item.slug}' is already in this session")
            seen.add(item.slug)
            if not exercise.suits(level):
                problems.append(
                    where(place + ("slug",))
                    + f"'{item.slug}' starts at {exercise.level}, above this plan's level ({level}); "
                    "choose an easier variant or change [request] level"
                )
                continue
            warm = block.key in WARMUP_DOSE_BLOCKS and exercise.warmup_dose is not None
            dose, named = (
                (exercise.warmup_dose, "warm-up dose") if warm else (exercise.prescription[level], f"{level} prescription")
            )
            if item.unit != exercise.unit or sum(getattr(item, unit) is not None for unit in ("reps", "seconds", "steps")) != 1:
                problems.append(
                    where(place) + f"the dose must be in {exercise.unit}, like the exercise's prescription"
                )
                continue
            if item.per_side != exercise.per_side:
                problems.append(
                    where(place + ("per_side",))
                    + f"must be {str(exercise.per_side).lower()} for {item.slug}, which is counted "
                    + ("per side" if exercise.per_side else "for both legs together")
                )
            outside = _dose_problems(
                item, dose, named, lambda key, place=place: where(place + (key,)), deload=deload, exercise=exercise, warm=warm
            )
            if warnings is None:
                problems += outside
            else:
                mark = (
                    "; marked in the file as set by hand"
                    if item.override
                    else "; kept as set by hand (mark why with: hipcli edit FILE set NAME --why TEXT)"
                )
                warnings += [one_line(problem.split("; use ")[0] + mark) for problem in outside]
            if exercise.uses_band and item.band is None:
                problems.append(where(place + ("band",)) + "is required: the exercise uses a band")
            if not exercise.uses_band and item.band is not None:
                problems.append(where(place + ("band",)) + f"{item.slug} uses no band; remove the key")
    return [one_line(problem) for problem in problems]


def _dose_problems(
    item: Any, dose: Prescription, named: str, where: Any, *, deload: bool, exercise: Any = None, warm: bool = False
) -> list[str]:
    from .ladder import protocol

    problems = []
    # Fewer sets than the card's lowest is a shorter session (or a deload): accepted.
    low_sets, high_sets = 1, dose.sets[1]
    low, high = dose.amount
    published = protocol(exercise) if exercise is not None and not warm else None
    if published is not None:
        # A published schedule (Copenhagen ASP, Nordic per Petersen) may go past the card's range.
        high_sets = max(high_sets, *(sets for sets, _ in published.doses))
        low = min(low, *(amount[0] for _, amount in published.doses))
        high = max(high, *(amount[1] for _, amount in published.doses))
    if not low_sets <= item.sets <= high_sets:
        allowed = f"{low_sets}" if low_sets == high_sets else f"{low_sets} to {high_sets}"
        problems.append(
            f"{where('sets')}{item.sets} is outside the {named} ({fmt.span(*dose.sets)}); "
            f"use {allowed} or change [request] level"
        )
    if item.amount[0] < low or item.amount[1] > high:
        problems.append(
            f"{where(item.unit)}{fmt.span(*item.amount)} is outside the {named} "
            f"({fmt.amount(item.unit, (low, high), item.per_side)}); use values from {low} to {high} "
            "or change [request] level"
        )
    return problems


__all__ = ["check_plan", "load_document", "load_plan_file", "read_document", "validate_plan_data"]
