"""Plan files: TOML, JSON and Markdown out; TOML and JSON back in, checked.

A saved plan stands on its own: it carries the request that made it, every
block and exercise with its full dose, the band colours and the safety
notes, so it still reads the same when the catalogue changes. When a file is
read back it is checked against the catalogue: a typo, a wrong type, an
unknown exercise or a dose outside the exercise's prescription for the
plan's level each get one message naming the line and key.

Writes are atomic: a temporary file in the same folder, then a rename, so an
interrupted write leaves the old file whole.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from . import __version__
from . import formatting as fmt
from .errors import PlanFileError, WriteError
from .models import Catalogue, Plan, PlanFile, Prescription, to_data
from .planner import BLOCKS, PRINTED_AS, block_seconds, plan_seconds

FORMATS = ("toml", "json", "md")

# Blocks whose exercises take the card's warm-up dose rather than the level's prescription.
WARMUP_DOSE_BLOCKS = frozenset(PRINTED_AS.get(key, key) for key, spec in BLOCKS.items() if spec.warmup_dose)

TOML_HEADER = (
    "# A hipcli plan. Edit doses within the exercise's prescription for your level;\n"
    "# 'hipcli view FILE' checks the file and shows it.\n"
)


def plan_file(plan: Plan, *, created: datetime.date | None = None) -> PlanFile:
    return PlanFile(
        hipcli=__version__,
        created=created or datetime.date.today(),
        request=plan.request,
        blocks=plan.blocks,
        bands=plan.bands,
        safety=plan.safety,
    )


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
    return TOML_HEADER + _fold_arrays(tomli_w.dumps(_toml_data(document)))


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


def render(document: Any, to: str) -> str:
    if to == "toml":
        return to_toml(document)
    if to == "json":
        return to_json(document)
    if to == "md":
        return to_markdown(document)
    raise ValueError(f"unknown format {to}")


def format_for(path: str, given: str | None) -> str:
    """The format named by --format, else by the file's extension, else TOML."""
    if given:
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"toml": "toml", "json": "json", "md": "md", "markdown": "md", "ics": "ics"}.get(suffix, "toml")


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Write a whole file atomically; never replace an existing file unless ``force``."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise WriteError(f"{target}: is a folder; name a file to write")
    if not folder.is_dir():
        raise WriteError(f"{target}: the folder {folder} does not exist")
    if target.exists() and not force:
        raise WriteError(f"{target}: already exists; add --force to replace it")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"{target}: cannot write in {folder}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            # Keep the old file's permissions when replacing it.
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise WriteError(f"{target}: cannot write: {error.strerror}") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- reading ------------------------------------------------------------------------------


def read_document(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """Parse a TOML or JSON plan or programme file into plain data."""
    from .catalogue import read_toml

    file = Path(path)
    if file.suffix.lower() == ".json":
        try:
            text = file.read_text(encoding="utf-8")
        except IsADirectoryError:
            raise PlanFileError(f"{file}: is a folder, not a file") from None
        except FileNotFoundError:
            raise PlanFileError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise PlanFileError(f"{file}: not UTF-8 text; save the file as UTF-8") from None
        except OSError as error:
            raise PlanFileError(f"{file}: cannot read: {error.strerror}") from None
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


def _header_lines(text: str, header: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if line.strip() == header]


class _Where:
    """Names a place in a plan file: line, block and exercise, and the key."""

    def __init__(self, file: Path, data: dict[str, Any], text: str, prefix: tuple[Any, ...] = ()) -> None:
        self.file = file
        self.data = data
        self.prefix = prefix
        self.block_lines = _header_lines(text, "[[blocks]]") if not prefix else []
        self.item_lines = _header_lines(text, "[[blocks.exercises]]") if not prefix else []

    def _raw_blocks(self) -> list[Any]:
        node: Any = self.data
        for part in self.prefix:
            node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else {}
        blocks = node.get("blocks") if isinstance(node, dict) else None
        return blocks if isinstance(blocks, list) else []

    def __call__(self, path: tuple[Any, ...]) -> str:
        from .validation import dotted

        rest = path
        label = ""
        if len(path) >= 2 and path[0] == "blocks" and isinstance(path[1], int):
            blocks = self._raw_blocks()
            block = blocks[path[1]] if path[1] < len(blocks) else None
            key = block.get("key") if isinstance(block, dict) else None
            label = f"block {path[1] + 1}" + (f" ({fmt.one_line(key)})" if isinstance(key, str) else "")
            rest = path[2:]
            line = None
            if len(path) >= 4 and path[2] == "exercises" and isinstance(path[3], int) and isinstance(block, dict):
                items = block.get("exercises") if isinstance(block.get("exercises"), list) else []
                item = items[path[3]] if path[3] < len(items) else None
                slug = item.get("slug") if isinstance(item, dict) else None
                label += f", exercise {path[3] + 1}" + (f" ({fmt.one_line(slug)})" if isinstance(slug, str) else "")
                rest = path[4:]
                earlier = sum(
                    len(b.get("exercises")) if isinstance(b, dict) and isinstance(b.get("exercises"), list) else 0
                    for b in blocks[: path[1]]
                )
                index = earlier + path[3]
                line = self.item_lines[index] if index < len(self.item_lines) else None
            elif path[1] < len(self.block_lines):
                line = self.block_lines[path[1]]
            if line:
                label = f"line {line}, {label}"
        parts = [str(self.file)]
        if self.prefix:
            parts.append(dotted(self.prefix))
        if label:
            parts.append(label)
        if rest:
            parts.append(dotted(rest))
        return ": ".join(parts) + ": "


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and 0 <= part < len(node)


def load_plan_file(path: str | os.PathLike[str], catalogue: Catalogue) -> PlanFile:
    """Read a saved plan, checking it against the schema and the catalogue."""
    file = Path(path)
    data, text = read_document(file)
    if data.get("kind") == "programme":
        raise PlanFileError(f"{file}: is a programme file; 'hipcli view' and 'hipcli export' read it as one")
    document = validate_plan_data(file, data, text, PlanFile)
    problems = check_plan(document.plan, catalogue, _Where(file, data, text))
    if problems:
        raise PlanFileError(problems[0] if len(problems) == 1 else f"{file}: {len(problems)} problems", problems)
    return _with_minutes(document)


def _with_minutes(document: Any) -> Any:
    from .planner import DEFAULT_MINUTES  # noqa: PLC0415 (kept beside its one use)

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
    "FORMATS",
    "check_plan",
    "format_for",
    "load_plan_file",
    "plan_file",
    "read_document",
    "render",
    "to_json",
    "to_markdown",
    "to_toml",
    "write_text",
]
