"""Plan files: TOML, JSON and Markdown out; TOML and JSON back in, checked.

A saved plan stands on its own: it carries the request that made it, every
block and exercise with its full dose, the band colours and the safety
notes, so it still reads the same when the catalogue changes. When a file is
read back it is checked against the catalogue: a typo, a wrong type, an
unknown exercise or a dose outside the exercise's prescription for the
plan's level each get one message naming the line and key.

Files are written by ``files.py``, the one safe writer.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

from . import __version__
from . import formatting as fmt
from .errors import PlanFileError, WriteError
from .models import (
    Catalogue,
    Plan,
    PlanFile,
    Prescription,
    Programme,
    ProgrammeFile,
    to_data,
)
from .planner import BLOCKS, PRINTED_AS, block_seconds, plan_seconds
from .progression import progress_summary, session_plan, week_sets

# Blocks whose exercises take the card's warm-up dose rather than the level's prescription.
WARMUP_DOSE_BLOCKS = frozenset(PRINTED_AS.get(key, key) for key, spec in BLOCKS.items() if spec.warmup_dose)

TOML_HEADER = (
    "# A hipcli {kind}. Edit doses within the exercise's prescription for your level;\n"
    "# 'hipcli view FILE' checks the file and shows it.\n"
)


def saved(result: Plan | Programme, *, created: datetime.date | None = None) -> PlanFile | ProgrammeFile:
    """A plan or programme as a file: everything in it, plus the hipcli version and the date."""
    kind = PlanFile if isinstance(result, Plan) else ProgrammeFile
    fields = {item.name: getattr(result, item.name) for item in dataclasses.fields(result)}
    return kind(hipcli=__version__, created=created or datetime.date.today(), **fields)


# --- writing ---------------------------------------------------------------------------


def _compact(data: Any) -> Any:
    """[10, 10] -> 10: a fixed dose reads as a number in a file people edit."""
    if isinstance(data, dict):
        return {
            key: value[0]
            if key in ("sets", "reps", "seconds", "steps") and isinstance(value, list) and len(value) == 2 and value[0] == value[1]
            else _compact(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_compact(value) for value in data]
    return data


def _toml_data(document: Any) -> dict[str, Any]:
    data = _compact(to_data(document))
    data["created"] = document.created  # a TOML date, not a string
    return data


# tomli-w puts every array item on its own line; with multiline strings off,
# each item is exactly one line, so short arrays can be folded back safely.
_ARRAY = re.compile(r"^(?P<key>[^\n=]+ = )\[\n(?P<items>(?:    [^\n\[\]{}][^\n]*,\n)+)\]$", re.MULTILINE)


def _fold_arrays(text: str) -> str:
    def fold(match: re.Match[str]) -> str:
        items = [line.strip().rstrip(",") for line in match["items"].splitlines()]
        line = f"{match['key']}[{', '.join(items)}]"
        return line if len(line) <= 88 else match.group(0)

    return _ARRAY.sub(fold, text)


def to_toml(document: Any) -> str:
    import tomli_w

    # To a string first: tomli-w leaves a half-written file when dumping fails midway.
    header = TOML_HEADER.format(kind=document.kind)
    return header + _fold_arrays(tomli_w.dumps(_toml_data(document)))


def to_json(document: Any) -> str:
    return json.dumps(to_data(document), indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return fmt.one_line(text).replace("|", "\\|")


def plan_markdown(plan: Plan, *, level: int = 2) -> list[str]:
    """The blocks of one session as Markdown: a heading and a table per block."""
    hashes = "#" * level
    lines: list[str] = []
    for number, block in enumerate(plan.blocks, 1):
        lines += [f"{hashes} {number}. {_cell(block.title)} ({fmt.duration(block_seconds(block))})", "", _cell(block.purpose), ""]
        lines += ["| Exercise | Dose | Rest | Tempo | Band | Cue |", "|---|---|---|---|---|---|"]
        for item in block.exercises:
            band = ""
            if item.band:
                colour = plan.bands.colours.get(item.band) if plan.bands else None
                band = f"{item.band} ({colour})" if colour else item.band
            lines.append(
                "| "
                + " | ".join(
                    [
                        f"{_cell(item.name)} (`{item.slug}`)",
                        fmt.dose(item.sets, item.unit, item.amount, item.per_side),
                        fmt.rest(item.rest),
                        item.tempo or "-",
                        band or "-",
                        _cell(item.cue),
                    ]
                )
                + " |"
            )
        lines.append("")
    return lines


def plan_summary(plan: Plan) -> str:
    request = plan.request
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    avoid = fmt.labels(request.avoid) if request.avoid else "nothing"
    return (
        f"About {fmt.duration(plan_seconds(plan))} (budget {request.minutes} min). "
        f"Kit: {kit}. Avoiding: {avoid}. Seed {request.seed}."
    )


def session_title(plan: Plan) -> str:
    request = plan.request
    session = {"warmup": "Warm-up", "strength": "Strength session", "mobility": "Mobility session"}[request.session]
    return f"{session}: {request.level}, goal {request.goal}"


def safety_markdown(notes: tuple[str, ...], level: int = 2) -> list[str]:
    return [f"{'#' * level} Safety", "", *[f"- {_cell(note)}" for note in notes], ""]


def to_markdown(document: PlanFile) -> str:
    plan = document.plan
    lines = [f"# {session_title(plan)}", "", plan_summary(plan), f"Made by hipcli {document.hipcli} on {document.created}.", ""]
    if plan.bands:
        colours = ", ".join(f"{level} {colour}" for level, colour in plan.bands.colours.items())
        lines += [f"Band colours on the {_cell(plan.bands.chart)} chart: {_cell(colours)}.", ""]
    lines += plan_markdown(plan)
    lines += safety_markdown(plan.safety)
    return "\n".join(lines).rstrip("\n") + "\n"


def programme_title(document: ProgrammeFile) -> str:
    request = document.request
    return f"{request.weeks}-week programme: {request.level}, goal {request.goal}"


def session_minutes(document: ProgrammeFile, session: Any) -> int:
    return -(-plan_seconds(session_plan(document.programme, session)) // 60)


def programme_markdown(document: ProgrammeFile) -> str:
    programme = document.programme
    request = document.request
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    lines = [
        f"# {programme_title(document)}",
        "",
        f"Starts {request.start}. Kit: {kit}. Avoiding: {fmt.labels(request.avoid) if request.avoid else 'nothing'}. "
        f"Made by hipcli {document.hipcli} on {document.created}.",
        "",
    ]
    if programme.bands:
        colours = ", ".join(f"{level} {colour}" for level, colour in programme.bands.colours.items())
        lines += [f"Band colours on the {_cell(programme.bands.chart)} chart: {_cell(colours)}.", ""]
    lines += [f"- {_cell(note)}" for note in programme.notes] + ([""] if programme.notes else [])
    lines += ["## Overview", "", "| Week | Dates | Sessions | Sets | Minutes | Progress |", "|---|---|---|---|---|---|"]
    for week in programme.weeks:
        lines.append(
            f"| {week.number} | {week_dates(week)} | {len(week.sessions)} | {week_sets(week)} | "
            f"{sum(session_minutes(document, s) for s in week.sessions)} | {progress_summary(week)} |"
        )
    lines.append("")
    for week in programme.weeks:
        lines += [f"## Week {week.number}" + (" (deload)" if week.deload else ""), ""]
        listed = [change for change in week.changes if change.step not in ("start", "deload")]
        lines += [f"- {_cell(change.session)}: {_cell(change.slug or '')}: {_cell(change.detail)}" for change in listed]
        if listed:
            lines.append("")
        for session in week.sessions:
            lines += [f"### {session.date:%a %d %b %Y}: {_cell(session.title)} ({session_minutes(document, session)} min)", ""]
            lines += plan_markdown(session_plan(programme, session), level=4)
    lines += safety_markdown(programme.safety)
    return "\n".join(lines).rstrip("\n") + "\n"


def week_dates(week: Any) -> str:
    if not week.sessions:
        return ""
    first, last = week.sessions[0].date, week.sessions[-1].date
    return f"{first:%d %b}" if first == last else f"{first:%d %b} - {last:%d %b}"


# --- iCalendar (RFC 5545) --------------------------------------------------------------------


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def to_ics(document: ProgrammeFile) -> str:
    """One all-day event per session, with its exercises and doses in the description."""
    import hashlib

    programme = document.programme
    request = document.request
    key = hashlib.sha256(to_json(document.request).encode()).hexdigest()[:16]
    stamp = f"{document.created:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//hipcli//hipcli {document.hipcli}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text('hipcli: ' + programme_title(document))}",
    ]
    for week in programme.weeks:
        for number, session in enumerate(week.sessions, 1):
            plan = session_plan(programme, session)
            minutes = session_minutes(document, session)
            description = [f"Week {week.number}" + (" (deload)" if week.deload else "") + f", about {minutes} min."]
            for block in plan.blocks:
                description.append(f"{block.title}:")
                for item in block.exercises:
                    band = f", {item.band} band" if item.band else ""
                    description.append(
                        f"- {item.name}: {fmt.dose(item.sets, item.unit, item.amount, item.per_side)}, "
                        f"rest {fmt.rest(item.rest)}{band}. {item.cue}"
                    )
            description.append("Stop any exercise that hurts. Full details: hipcli view on the saved programme.")
            end = session.date + datetime.timedelta(days=1)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{key}-{session.date:%Y%m%d}-{number}@hipcli",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{end:%Y%m%d}",
                f"SUMMARY:{_ics_text(f'Hip {session.title.lower()} (week {week.number}, {request.level} {request.goal})')}",
                f"DESCRIPTION:{_ics_text(chr(10).join(fmt.one_line(line) for line in description))}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def render(document: Any, to: str) -> str:
    if to == "toml":
        return to_toml(document)
    if to == "json":
        return to_json(document)
    programme = isinstance(document, ProgrammeFile)
    if to == "md":
        return programme_markdown(document) if programme else to_markdown(document)
    if to == "ics":
        if not programme:
            raise WriteError("a calendar (.ics) needs a programme; use 'hipcli program ... --out plan.ics'")
        return to_ics(document)
    raise ValueError(f"unknown format {to}")



def format_for(path: str, given: str | None) -> str:
    """The format named by --format, else by the file's extension, else TOML."""
    if given:
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"toml": "toml", "json": "json", "md": "md", "markdown": "md", "ics": "ics"}.get(suffix, "toml")


# --- reading ------------------------------------------------------------------------------


def read_document(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """Parse a TOML or JSON plan or programme file into plain data."""
    from .catalogue import read_text, read_toml

    file = Path(path)
    if file.suffix.lower() == ".json":
        text = read_text(file, PlanFileError)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise PlanFileError(f"{file}: line {error.lineno}, column {error.colno}: invalid JSON: {error.msg}") from None
        except RecursionError:
            raise PlanFileError(f"{file}: arrays or objects are nested too deeply to read") from None
        if not isinstance(data, dict):
            raise PlanFileError(f"{file}: a plan file holds one JSON object")
        return data, ""
    return read_toml(file, PlanFileError)


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
        self.lines: dict[tuple[Any, ...], int] = {}
        if text:
            headers: dict[str, list[int]] = {}
            for number, line in enumerate(text.splitlines(), 1):
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
            labels.append(f"{_NAMES[key]} {index + 1}" + (f" ({fmt.one_line(' '.join(words))})" if words else ""))
            line = self.lines.get(path[: position + 2], line)
            position += 2
            rest = path[position:]
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
    path: str | os.PathLike[str], catalogue: Catalogue, *, kind: str | None = None
) -> PlanFile | ProgrammeFile:
    """Read a saved plan or programme, checking it against the schema and the catalogue."""
    file = Path(path)
    data, text = read_document(file)
    found = "programme" if data.get("kind") == "programme" else "plan"
    if kind is not None and found != kind:
        raise PlanFileError(f"{file}: is a {found} file, not a {kind}")
    where = _Where(file, data, text)
    if found == "programme":
        programme = validate_plan_data(file, data, text, ProgrammeFile)
        problems = []
        for w, week in enumerate(programme.weeks):
            for n, session in enumerate(week.sessions):
                prefix = ("weeks", w, "sessions", n)
                plan = session_plan(programme.programme, session)
                problems += check_plan(plan, catalogue, lambda place, p=prefix: where(p + place), deload=week.deload)
        _raise(file, problems)
        return programme
    document = validate_plan_data(file, data, text, PlanFile)
    _raise(file, check_plan(document.plan, catalogue, where))
    return _with_minutes(document)


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

    if data.get("format") not in (None, 1) and isinstance(data.get("format"), int):
        raise PlanFileError(
            f"{file}: format: this file is format {data['format']}; this hipcli ({__version__}) reads format 1"
        )
    try:
        return validate(model, data)
    except ValidationError as exc:
        where = _Where(file, data, text)
        problems = [fmt.one_line(where(path) + message) for path, message in format_errors(exc, model)]
        raise PlanFileError(problems[0] if len(problems) == 1 else f"{file}: {len(problems)} problems", problems) from None
    except RecursionError:
        raise PlanFileError(f"{file}: arrays or tables are nested too deeply to read") from None


def check_plan(plan: Plan, catalogue: Catalogue, where: Any, *, deload: bool = False) -> list[str]:
    """Problems a schema cannot see: unknown exercises and doses outside the prescription.

    A dose inside the exercise's prescription for the plan's level (or its
    warm-up dose) is a deliberate change and is accepted. In a deload week
    fewer sets than the prescription's lowest are expected.
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
            problems += _dose_problems(item, dose, named, where(place), deload=deload)
            if exercise.uses_band and item.band is None:
                problems.append(where(place + ("band",)) + "is required: the exercise uses a band")
            if not exercise.uses_band and item.band is not None:
                problems.append(where(place + ("band",)) + f"{item.slug} uses no band; remove the key")
    return [fmt.one_line(problem) for problem in problems]


def _dose_problems(item: Any, dose: Prescription, named: str, where: str, *, deload: bool) -> list[str]:
    problems = []
    low_sets = 1 if deload else dose.sets[0]
    high_sets = dose.sets[1]
    if not low_sets <= item.sets <= high_sets:
        allowed = f"{low_sets}" if low_sets == high_sets else f"{low_sets} to {high_sets}"
        problems.append(
            f"{where}sets: {item.sets} is outside the {named} ({fmt.span(low_sets, high_sets)}); "
            f"use {allowed} or change [request] level"
        )
    low, high = dose.amount
    if item.amount[0] < low or item.amount[1] > high:
        problems.append(
            f"{where}{item.unit}: {fmt.span(*item.amount)} is outside the {named} "
            f"({fmt.amount(item.unit, (low, high), item.per_side)}); use values from {low} to {high} "
            "or change [request] level"
        )
    return problems


__all__ = [
    "check_plan",
    "format_for",
    "load_plan_file",
    "saved",
    "read_document",
    "render",
    "to_json",
    "to_markdown",
    "to_toml",
]
