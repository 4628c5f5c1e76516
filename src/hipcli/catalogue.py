"""Find, read, validate and search exercise catalogues.

find -> read (tomllib) -> validate (pydantic, strict) -> check (links, units,
bands, references) -> Catalogue. A checked catalogue is cached as sealed JSON keyed
by the file's content (``cache.py``), so most runs skip the TOML parser and
pydantic altogether.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache
from .errors import CatalogueError, NotFound
from .text import one_line

if TYPE_CHECKING:
    from .models import Catalogue, Exercise, Prescription

# The models are imported inside the functions that use them, so a Tab press
# (which only needs the catalogue's path and the cached names) skips them.

_PACKAGED = Path(__file__).parent / "data" / "exercises.toml"
# An editable install has no packaged copy: read the checkout's file instead.
_CHECKOUT = Path(__file__).resolve().parents[2] / "data" / "exercises.toml"

ENV_VAR = "HIPCLI_CATALOGUE"


def bundled_path() -> Path:
    return _PACKAGED if _PACKAGED.is_file() else _CHECKOUT


def catalogue_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The file to read: the argument, else $HIPCLI_CATALOGUE, else the bundled one."""
    if path:
        return Path(path)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return bundled_path()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a catalogue is read.

    Reading one creates hundreds of thousands of objects and no reference
    cycles, so the collections that allocation sets off find nothing; pausing
    them halves the time to load a catalogue of ten thousand exercises.
    Afterwards the objects alive are frozen (``gc.freeze``): a catalogue lives
    until the command ends, and without this the first full collection after
    loading (during planning, say) walks every one of them again.
    """
    import gc

    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.freeze()
            gc.enable()


def load_catalogue(
    path: str | os.PathLike[str] | None = None,
    *,
    extra: Iterable[str | os.PathLike[str]] | None = None,
    use_cache: bool = True,
) -> Catalogue:
    """Read and check a catalogue, plus any files of extra cards, or raise ``CatalogueError``.

    ``path`` (else $HIPCLI_CATALOGUE, else the bundled file) is the base; the
    files in $HIPCLI_WITH and then ``extra`` add their cards beside it. A
    slug or name used in two files is an error naming both.
    """
    file = catalogue_path(path)
    raw = read_bytes(file, CatalogueError, noun="catalogue file")
    with _collector_paused():
        catalogue = _load(file, raw, use_cache)
        files = extra_paths(extra, exclude=file)
        if not files:
            return catalogue
        base = _Base(catalogue, file, raw)
        for addon in files:
            base = base.add(addon, read_bytes(addon, CatalogueError, noun="catalogue file"), use_cache)
        return base.catalogue


def _load(file: Path, raw: bytes, use_cache: bool) -> Catalogue:
    if use_cache:
        cached = cache.read(file, raw)
        if cached is not None:
            return cached
    catalogue, problems = _read(file, raw)
    if catalogue is None:
        raise CatalogueError(problems[0] if len(problems) == 1 else f"{file}: {len(problems)} problems", problems)
    if use_cache:
        cache.write(file, raw, catalogue, sorted(name_index(catalogue)))
    return catalogue


WITH_ENV_VAR = "HIPCLI_WITH"


def extra_paths(
    extra: Iterable[str | os.PathLike[str]] | None = None, *, exclude: Path | None = None
) -> list[Path]:
    """The files of extra cards: those in $HIPCLI_WITH (separated by ':'), then ``extra``; each once."""
    named = [part for part in os.environ.get(WITH_ENV_VAR, "").split(os.pathsep) if part.strip()]
    found: list[Path] = []
    seen: set[Path] = set()
    skip = _identity(exclude) if exclude is not None else None
    for item in [*named, *(extra or ())]:
        path = Path(item)
        key = _identity(path) or path
        if key in seen or (skip is not None and key == skip):
            continue
        seen.add(key)
        found.append(path)
    return found


def _identity(path: Path) -> Path | None:
    """The real path of an existing file, else None: a name the system refuses (too long, a
    loop of links) is not an error here; reading it says what is wrong, naming the file."""
    try:
        return path.resolve() if path.exists() else None
    except (OSError, RuntimeError):
        return None


class _Base:
    """A checked catalogue so far (the base file, then each file of extra cards), and where each part came from."""

    def __init__(self, catalogue: Catalogue, file: Path, raw: bytes) -> None:
        self.catalogue = catalogue
        self.chain = cache.digest(raw)  # what the cards so far were checked against
        self.card_file = {exercise.slug: file for exercise in catalogue.exercises}
        self.name_owner = {name: slug for name, slug in name_index(catalogue).items()}
        self.reference_file = {key: file for key in catalogue.references}
        self.chart_file = {key: file for key in catalogue.charts}

    def add(self, file: Path, raw: bytes, use_cache: bool) -> _Base:
        """This catalogue with a file of extra cards checked against it and added."""
        from .models import Catalogue

        key = raw + b"\0hipcli-beside\0" + self.chain.encode()
        addon = cache.read(file, key) if use_cache else None
        if addon is None:
            addon, problems = _read(file, raw, self)
            if addon is None:
                raise CatalogueError(
                    problems[0] if len(problems) == 1 else f"{one_line(str(file))}: {len(problems)} problems", problems
                )
            if use_cache:
                cache.write(file, key, addon, sorted(name_index(addon)))
        base = self.catalogue
        self.catalogue = Catalogue(
            format=base.format,
            default_chart=base.default_chart,
            charts={**addon.charts, **base.charts},
            references={**addon.references, **base.references},
            exercises=(*base.exercises, *addon.exercises),
        )
        self.chain = cache.digest(key)
        for exercise in addon.exercises:
            self.card_file[exercise.slug] = file
        for name, slug in name_index(addon).items():
            self.name_owner.setdefault(name, slug)
        for ref in addon.references:
            self.reference_file.setdefault(ref, file)
        for chart in addon.charts:
            self.chart_file.setdefault(chart, file)
        return self

    def clashes(self, file: Path, data: dict[str, Any], cards: list[tuple[int, Exercise]], label: Any) -> list[str]:
        """Slugs, names, references and charts that a file of extra cards shares with what came before."""
        problems = []
        for position, exercise in cards:
            where = f"{file}: {label(position)}"
            if exercise.slug in self.card_file:
                problems.append(
                    f"{where}: slug: '{exercise.slug}' is already a card in {self.card_file[exercise.slug]}; "
                    f"rename one of them"
                )
                continue
            for field, name in [("name", exercise.name)] + [("aliases", alias) for alias in exercise.aliases]:
                owner = self.name_owner.get(normalise(name))
                if owner is not None:
                    problems.append(
                        f"{where}: {field}: '{name}' already names '{owner}' in {self.card_file[owner]}; "
                        f"a name must find one card"
                    )
        for table, known, source in (
            ("references", self.reference_file, self.catalogue.references),
            ("charts", self.chart_file, self.catalogue.charts),
        ):
            mine = data.get(table)
            if not isinstance(mine, dict):
                continue
            for key, value in mine.items():
                if key in known and _plain(source[key]) != value:
                    problems.append(
                        f"{file}: {table}.{key}: differs from '{key}' in {known[key]}; give yours another key"
                    )
        return problems


def _plain(value: Any) -> Any:
    from .records import to_data

    return to_data(value)


def exercise_names(path: str | os.PathLike[str] | None = None) -> list[str]:
    """Every name a card answers to (normalised), cheaply: for shell completion."""
    file = catalogue_path(path)
    try:
        raw = read_bytes(file, CatalogueError, noun="catalogue file")
    except CatalogueError:
        return []
    found = cache.names(file, raw)
    if found is None:
        with _collector_paused():
            found = sorted(name_index(_load(file, raw, True)))
    return found


def check_catalogue(path: str | os.PathLike[str]) -> list[str]:
    """Every problem in a catalogue file, one line each; empty when it is sound."""
    return read_catalogue(path)[1]


def read_catalogue(
    path: str | os.PathLike[str],
    *,
    base: str | os.PathLike[str] | None = None,
    extra: Iterable[str | os.PathLike[str]] | None = None,
) -> tuple[Catalogue | None, list[str]]:
    """Read and check a file without the cache: the catalogue, or every problem.

    A file with no ``default_chart`` holds extra cards: it is checked beside
    the base catalogue (``base``, else the one hipcli uses, with ``extra``
    files), against its references and for clashing slugs and names.
    """
    file = Path(path)
    try:
        raw = read_bytes(file, CatalogueError, noun="catalogue file")
        data, text = read_toml(file, CatalogueError, raw)
    except CatalogueError as error:
        return None, error.problems
    if "default_chart" in data:
        return _validate(file, data, text)
    try:
        beside = catalogue_path(base)
        loaded = load_catalogue(beside, extra=[p for p in extra_paths(extra, exclude=file) if p != file])
    except CatalogueError as error:
        return None, error.problems
    return _validate(file, data, text, _Base(loaded, beside, read_bytes(beside, CatalogueError, noun="catalogue file")))


def needs_parsing(path: str | os.PathLike[str] | None = None) -> int:
    """The file's size when loading it will parse TOML (no fresh cache), else 0.

    Lets the command line decide to show a progress indicator for a big file.
    """
    file = catalogue_path(path)
    try:
        raw = read_bytes(file, CatalogueError, noun="catalogue file")
    except CatalogueError:
        return 0
    return 0 if cache.is_fresh(file, raw) else len(raw)


# A catalogue of ten thousand exercises is about 6 MB; anything far beyond is not one.
MAX_BYTES = 64 * 1024 * 1024


def read_bytes(file: Path, error: type[Exception], *, noun: str = "file", limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, or one sentence saying why they cannot be read.

    Opened without blocking and checked on the open descriptor, so a FIFO or a
    device is named for what it is instead of hanging the command, and a file
    swapped after a check is still caught.
    """
    from .files import special_kind

    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{one_line(str(file))}: no such {noun}") from None
    except IsADirectoryError:
        raise error(f"{one_line(str(file))}: is a folder, not a {noun}") from None
    except OSError as exc:
        raise error(f"{one_line(str(file))}: cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(descriptor)
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise error(f"{one_line(str(file))}: is {kind}, not a {noun}")
        if info.st_size > limit:
            raise error(
                f"{one_line(str(file))}: is {info.st_size / 1e6:.0f} MB; a {noun} is at most {limit // 1_000_000} MB"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        chunks = []
        while chunk := os.read(descriptor, max(info.st_size + 1, 65536)):
            chunks.append(chunk)
            if sum(map(len, chunks)) > limit:
                raise error(f"{one_line(str(file))}: is larger than {limit // 1_000_000} MB; not a {noun}")
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"{one_line(str(file))}: cannot read: {exc.strerror}") from None
    finally:
        os.close(descriptor)


BOM = b"\xef\xbb\xbf"


def decode(file: Path, raw: bytes, error: type[Exception]) -> str:
    """UTF-8 text (a leading byte-order mark is allowed and dropped), or one sentence."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{one_line(str(file))}: line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    if not text.strip():
        raise error(f"{one_line(str(file))}: the file is empty")
    return text


def read_text(file: Path, error: type[Exception], *, noun: str = "file") -> str:
    """A file's text, or one sentence saying why it cannot be read."""
    return decode(file, read_bytes(file, error, noun=noun), error)


def read_toml(file: Path, error: type[Exception], raw: bytes | None = None) -> tuple[dict[str, Any], str]:
    """Parse a TOML file (or its bytes, already read), turning every way it can fail into one sentence."""
    import tomllib

    text = decode(file, read_bytes(file, error) if raw is None else raw, error)
    if len(text) >= FAST_PARSE_FROM:
        parsed = _fast_parse(text)
        if parsed is not None:
            return parsed, text
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        where = f"line {found[1]}, column {found[2]}: " if found else ""
        raise error(f"{file}: {where}invalid TOML: {reason}") from None
    except RecursionError:
        raise error(f"{file}: arrays or tables are nested too deeply to read") from None


# Big files are parsed by rtoml (Rust), about seven times faster than tomllib
# (bench/scale.py). Small ones, and anything rtoml rejects, go to tomllib,
# whose messages name the line and column: a broken file reads the same
# either way, and tests/test_catalogue_speed.py checks the two agree.
FAST_PARSE_FROM = 256 * 1024


def _fast_parse(text: str) -> dict[str, Any] | None:
    try:
        import rtoml
    except ImportError:
        return None
    try:
        return rtoml.loads(text)
    except Exception:  # any refusal: tomllib decides, and says why
        return None


def _read(file: Path, raw: bytes, base: _Base | None = None) -> tuple[Catalogue | None, list[str]]:
    try:
        data, text = read_toml(file, CatalogueError, raw)
    except CatalogueError as error:
        return None, error.problems
    return _validate(file, data, text, base)


def _exercise_lines(text: str) -> list[int]:
    """The line of each ``[[exercises]]`` header, to point messages at a card.

    Only a file with a problem needs them: scanning a big file's lines takes
    longer than checking its cards, so callers ask only when they report one.
    """
    return [number for number, line in enumerate(text.splitlines(), 1) if line.strip() == "[[exercises]]"]


def _validate(
    file: Path, data: dict[str, Any], text: str, base: _Base | None = None
) -> tuple[Catalogue | None, list[str]]:
    """Check a whole file; with ``base``, a file of extra cards beside that catalogue."""
    from .models import Catalogue, Exercise
    from .validation import ValidationError, dotted, format_errors, validate

    if base is not None:
        # Extra cards share the base's band charts and references; the file
        # may add its own.
        data = {"default_chart": base.catalogue.default_chart, "charts": {}, "references": {}, **data}
    elif "default_chart" not in data and isinstance(data.get("exercises"), list):
        return None, [
            f"{file}: default_chart: is required in a catalogue read on its own; a file of extra cards "
            f"goes beside the bundled catalogue with --with (or {WITH_ENV_VAR})"
        ]

    if data.get("kind") in ("plan", "programme") and "exercises" not in data:
        shown = one_line(str(file))
        return None, [f"{shown}: is a hipcli {data['kind']} file, not a catalogue; check it with 'hipcli view {shown}'"]
    version = data.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        from . import __version__

        return None, [f"{file}: format: this catalogue is format {version}; hipcli {__version__} reads format 1"]
    found_lines: list[list[int]] = []
    raw_exercises = data.get("exercises") if isinstance(data.get("exercises"), list) else []

    def label(index: int) -> str:
        raw = raw_exercises[index] if index < len(raw_exercises) else None
        slug = raw.get("slug") if isinstance(raw, dict) else None
        name = f"exercise '{one_line(slug)}'" if isinstance(slug, str) else f"exercise #{index + 1}"
        if not found_lines:
            found_lines.append(_exercise_lines(text))
        lines = found_lines[0]
        return f"{name} (line {lines[index]})" if index < len(lines) else name

    def where(path: tuple[Any, ...]) -> str:
        if len(path) >= 2 and path[0] == "exercises" and isinstance(path[1], int):
            rest = dotted(path[2:])
            return f"{file}: {label(path[1])}: {rest}: " if rest else f"{file}: {label(path[1])}: "
        return f"{file}: {dotted(path)}: " if path else f"{file}: "

    try:
        catalogue = validate(Catalogue, data)
    except ValidationError as exc:
        catalogue = None
        problems = [where(path) + message for path, message in format_errors(exc, Catalogue)]
    except RecursionError:
        return None, [f"{file}: arrays or tables are nested too deeply to read"]
    else:
        problems = []

    if catalogue is not None:
        header = _Header(
            references=set(catalogue.references),
            charts={name: (set(chart.colours), chart.source) for name, chart in catalogue.charts.items()},
            default_chart=catalogue.default_chart,
        )
        cards = list(enumerate(catalogue.exercises))
        known: set[str] = set()
    else:
        # Some part is broken: still check the sound cards, so one run reports all.
        header = _Header.from_raw(data)
        cards = []
        if raw_exercises:
            for position, raw in enumerate(raw_exercises):
                try:
                    cards.append((position, validate(Exercise, raw)))
                except (ValidationError, RecursionError):
                    pass
        known = {
            raw.get("slug") for raw in raw_exercises if isinstance(raw, dict) and isinstance(raw.get("slug"), str)
        }
    if base is not None:
        header.references |= set(base.catalogue.references)
        header.charts = {
            **{name: (set(chart.colours), chart.source) for name, chart in base.catalogue.charts.items()},
            **header.charts,
        }
        known |= set(base.card_file)
        problems += base.clashes(file, data, cards, label)
    problems += _cross_check(file, cards, header, known, label)
    problems += [f"{file}: {message}" for message in header.problems()]
    # Values quoted from the file may hold line breaks; a problem is one line.
    return (catalogue if not problems else None), [one_line(problem) for problem in problems]


class _Header:
    """What cards refer to: references, band charts and the default chart."""

    def __init__(self, references: set[str], charts: dict[str, tuple[set[str], Any]], default_chart: Any) -> None:
        self.references = references
        self.charts = charts
        self.default_chart = default_chart

    @classmethod
    def from_raw(cls, data: dict[str, Any]) -> _Header:
        references = data.get("references")
        charts = data.get("charts")
        return cls(
            references=set(references) if isinstance(references, dict) else set(),
            charts={
                name: (set(colours) if isinstance(colours := chart.get("colours"), dict) else set(), chart.get("source"))
                for name, chart in (charts.items() if isinstance(charts, dict) else ())
                if isinstance(chart, dict)
            },
            default_chart=data.get("default_chart"),
        )

    def problems(self) -> Iterable[str]:
        from .models import BAND_LEVELS

        # Wrong types here are already reported by the schema check.
        if isinstance(self.default_chart, str) and self.default_chart not in self.charts:
            yield f"default_chart: '{self.default_chart}' is not a chart in [charts]"
        for name, (colours, source) in self.charts.items():
            missing = [level for level in BAND_LEVELS if level not in colours]
            if missing:
                yield f"charts.{name}.colours: no colour for {', '.join(missing)}"
            if isinstance(source, str) and source not in self.references:
                yield f"charts.{name}.source: '{source}' is not in [references]"


def _cross_check(
    file: Path, cards: list[tuple[int, Exercise]], header: _Header, known_slugs: set[Any], label: Any
) -> list[str]:
    """The checks a schema cannot express: they relate fields or cards."""
    problems: list[str] = []
    position_of = {id(exercise): position for position, exercise in cards}

    def at(exercise: Exercise, field: str, message: str) -> str:
        return f"{file}: {label(position_of[id(exercise)])}: {field}: {message}"

    slugs: dict[str, Exercise] = {}
    for _, exercise in cards:
        if exercise.slug in slugs:
            first = label(position_of[id(slugs[exercise.slug])])
            problems.append(at(exercise, "slug", f"'{exercise.slug}' is already used by {first}"))
        else:
            slugs[exercise.slug] = exercise
    all_slugs = set(slugs) | {slug for slug in known_slugs if isinstance(slug, str)}

    names = {slug: slug for slug in slugs}
    for _, exercise in cards:
        for field, name in [("name", exercise.name)] + [("aliases", alias) for alias in exercise.aliases]:
            owner = names.setdefault(normalise(name), exercise.slug)
            if owner != exercise.slug:
                problems.append(at(exercise, field, f"'{name}' also names '{owner}'; a name must find one card"))

    for _, exercise in cards:
        problems += [at(exercise, field, message) for field, message in _card_problems(exercise, header)]
        for field in ("easier", "harder"):
            for slug in getattr(exercise, field):
                if slug == exercise.slug:
                    problems.append(at(exercise, field, "an exercise cannot link to itself"))
                elif slug not in all_slugs:
                    import difflib

                    close = difflib.get_close_matches(slug, sorted(all_slugs - {exercise.slug}), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(at(exercise, field, f"'{slug}' is not an exercise in this catalogue{hint}"))

    problems += [at(exercise, field, message) for exercise, field, message in _family_problems(cards, slugs)]

    loop = _find_loop([exercise for _, exercise in cards])
    if loop:
        problems.append(
            at(slugs[loop[0]], "harder", "the easier/harder links go round in a loop: " + " -> ".join(loop))
        )
    return problems


_OPPOSITE = {"easier": "harder", "harder": "easier"}


def _family_problems(
    cards: list[tuple[int, Exercise]], slugs: dict[str, Exercise]
) -> Iterator[tuple[Exercise, str, str]]:
    """Links that go one way or leave a family, and families split in pieces.

    A progression ladder is read from both ends: the planner steps a card
    down to its easier variant and the ladder steps it up to its harder one,
    so a link written on one card only would make the two directions
    disagree. A family is one movement's ladder, so its cards must be joined
    by links, and a link must stay inside it (a card with no family is
    not held to that, so catalogues written before families still load).
    """
    crossing: set[frozenset[str]] = set()
    for _, exercise in cards:
        for field, opposite in _OPPOSITE.items():
            for slug in getattr(exercise, field):
                other = slugs.get(slug)
                if other is None or other is exercise:
                    continue  # reported as a dangling link or a self-link
                returned = getattr(other, opposite)
                # A misspelt return link is already reported (dangling or a self-link).
                if exercise.slug not in returned and all(back in slugs and back != slug for back in returned):
                    yield exercise, field, (
                        f"'{slug}' does not list '{exercise.slug}' under {opposite}; "
                        f"links go both ways, so add it there too"
                    )
                pair = frozenset((exercise.slug, slug))
                if exercise.family and other.family and exercise.family != other.family and pair not in crossing:
                    crossing.add(pair)
                    yield exercise, field, (
                        f"'{slug}' is in family '{other.family}' and this card in '{exercise.family}'; "
                        f"linked cards are steps of one movement, so give them one family"
                    )

    members: dict[str, list[Exercise]] = {}
    for _, exercise in cards:
        if exercise.family:
            members.setdefault(exercise.family, []).append(exercise)
            # A card with no family is the family named by its slug; sharing that
            # name would join two ladders no link joins.
            owner = slugs.get(exercise.family)
            if owner is not None and owner.family != exercise.family:
                yield exercise, "family", (
                    f"'{exercise.family}' is also the slug of a card outside this family; give that card "
                    f"family = '{exercise.family}' and link it, or name the family another way"
                )
        repeated = sorted({name for name in exercise.hip_positions if exercise.hip_positions.count(name) > 1})
        if repeated:
            yield exercise, "hip_positions", f"lists {', '.join(repeated)} more than once"
    for family, group in members.items():
        inside = {exercise.slug: exercise for exercise in group}
        reached = {group[0].slug}
        todo = [group[0]]
        while todo:
            current = todo.pop()
            for slug in (*current.easier, *current.harder):
                if slug in inside and slug not in reached:
                    reached.add(slug)
                    todo.append(inside[slug])
            # A link written only on the other card still joins the two.
            for slug, exercise in inside.items():
                if slug not in reached and current.slug in (*exercise.easier, *exercise.harder):
                    reached.add(slug)
                    todo.append(exercise)
        apart = [exercise for exercise in group if exercise.slug not in reached]
        if apart:
            yield apart[0], "family", (
                f"no easier/harder chain joins this card to '{group[0].slug}', also in family '{family}'; "
                f"a family is one movement's ladder, so link its steps"
            )


def _card_problems(exercise: Exercise, header: _Header) -> Iterable[tuple[str, str]]:
    from .models import BANDS, UNITS

    from .models import LEVELS

    levels = exercise.levels()
    if exercise.top_level and LEVELS.index(exercise.top_level) < LEVELS.index(exercise.level):
        yield "top_level", f"'{exercise.top_level}' is below the card's level ({exercise.level})"
        return
    for level in levels:
        if level not in exercise.prescription:
            span = f"from {exercise.level} to {levels[-1]}" if exercise.top_level else f"from {exercise.level} up"
            yield f"prescription.{level}", f"is required: the card suits every level {span}, so {level} too"
    for level in exercise.prescription:
        if LEVELS.index(level) < LEVELS.index(exercise.level):
            yield f"prescription.{level}", f"is below the card's level ({exercise.level}); lower 'level' or remove it"
        elif level not in levels:
            yield f"prescription.{level}", (
                f"is above the card's top level ({exercise.top_level}); raise 'top_level' or remove it"
            )
    doses: list[tuple[str, Prescription]] = [(f"prescription.{lv}", p) for lv, p in exercise.prescription.items()]
    if exercise.warmup_dose is not None:
        doses.append(("warmup_dose", exercise.warmup_dose))
    for field, dose in doses:
        given = [unit for unit in UNITS if getattr(dose, unit) is not None]
        if given != [exercise.unit]:
            found = " and ".join(given) if given else "no reps, seconds or steps"
            yield field, f"gives {found}, but the card counts {exercise.unit}"
        if exercise.unit == "seconds" and dose.tempo is not None:
            yield f"{field}.tempo", "a hold has no tempo; remove it"
        if exercise.unit != "seconds" and dose.tempo is None:
            yield f"{field}.tempo", f"is required for {exercise.unit}, for example '2-1-2'"
        if exercise.uses_band and dose.band is None:
            yield f"{field}.band", "is required: the exercise uses a band"
        if not exercise.uses_band and dose.band is not None:
            yield f"{field}.band", "is set, but the exercise's equipment has no band"
        if dose.source not in header.references:
            yield f"{field}.source", f"'{dose.source}' is not in [references]"
    if exercise.uses_band and exercise.band is None:
        yield "band", "is required: the equipment includes a band, so say where it sits"
    if not exercise.uses_band and exercise.band is not None:
        yield "band", "is set, but the equipment has no mini-band or long-band"
    if exercise.band and exercise.band.chart and exercise.band.chart not in header.charts:
        yield "band.chart", f"'{exercise.band.chart}' is not a chart in [charts]"
    elif exercise.band and exercise.band.chart and exercise.band.chart != header.default_chart:
        # A plan names one chart for all its bands; a card on another chart would
        # show one colour for a level on its card and another in every plan.
        yield "band.chart", (
            f"'{exercise.band.chart}' is not the default chart ('{header.default_chart}'); every card uses "
            f"the one chart plans show, so say in a note how the card's source orders its colours"
        )
    wants_warmup = "warmup" in exercise.sessions
    if wants_warmup and exercise.warmup_dose is None:
        yield "warmup_dose", "is required: the card is used in warm-ups"
    if wants_warmup and exercise.warmup_phase is None:
        yield "warmup_phase", "is required: the card is used in warm-ups (raise, activate, mobilise or potentiate)"
    if not wants_warmup and (exercise.warmup_dose or exercise.warmup_phase):
        yield "sessions", "has no 'warmup', but the card gives a warm-up dose or phase"
    if exercise.laterality != "both" and not exercise.per_side:
        yield "per_side", f"must be true: the exercise works {exercise.laterality.replace('-', ' ')}"
    shared = set(exercise.primary) & set(exercise.secondary)
    if shared:
        yield "secondary", f"repeats primary muscles: {', '.join(sorted(shared))}"
    for source in exercise.sources:
        if source not in header.references:
            yield "sources", f"'{source}' is not in [references]"
    if set(exercise.equipment) & BANDS == BANDS:
        yield "equipment", "lists both band types; pick the one the exercise needs"


def _find_loop(exercises: list[Exercise]) -> list[str] | None:
    """A cycle in "is easier than", which would make progression go round forever."""
    harder: dict[str, set[str]] = {exercise.slug: set() for exercise in exercises}
    for exercise in exercises:
        # A card naming itself is reported on its own; it is not a loop to trace.
        harder[exercise.slug].update(slug for slug in exercise.harder if slug in harder and slug != exercise.slug)
        for slug in exercise.easier:
            if slug in harder and slug != exercise.slug:
                harder[slug].add(exercise.slug)
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for start in sorted(harder):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(harder[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child) :] + [child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(sorted(harder[child]))))
                path.append(child)
    return None


# --- lookups ---------------------------------------------------------------------


def normalise(name: str) -> str:
    """'Banded Hip March' and 'banded-hip-march' are the same name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def find_exercise(catalogue: Catalogue, name: str) -> Exercise:
    """An exercise by slug, name or alias in any case, or ``NotFound`` with suggestions.

    When the exact name misses, cards whose slug or name hold every typed word
    come first: 'psoas' suggests the psoas marches before anything that merely
    looks alike. If only one card holds them all, that card is meant.
    """
    key = normalise(name)
    index = name_index(catalogue)
    if key in index:
        return catalogue.by_slug[index[key]]
    named, aliased = holding_words(catalogue, key)
    if len(named) == 1 and not aliased:
        return catalogue.by_slug[named[0]]
    import difflib  # only a mistyped name pays for the suggestions

    close = difflib.get_close_matches(key, list(index), n=8, cutoff=0.5)
    # Several aliases can point at one card; suggest each card once.
    ranked = list(dict.fromkeys([*named, *aliased, *(index[match] for match in close)]))
    shown = ranked[:5] if named or aliased else ranked[:3]
    search = key.replace("-", " ")
    search = search if " " not in search else f"'{search}'"
    more = f" ({len(named) + len(aliased) - len(shown)} more: hipcli list --search {search})" if len(named) + len(aliased) > len(shown) else ""
    hint = f"; did you mean {', '.join(shown)}?{more}" if shown else "; 'hipcli list' shows them all"
    raise NotFound(f"no exercise called '{name}'{hint}")


def holding_words(catalogue: Catalogue, key: str) -> tuple[list[str], list[str]]:
    """Slugs of cards whose slug or name holds every word of ``key``, then those where only an alias does."""
    words = [word for word in key.split("-") if word]
    if not words:
        return [], []
    named: list[str] = []
    aliased: list[str] = []
    for exercise in catalogue.exercises:
        if all(word in normalise(exercise.slug) or word in normalise(exercise.name) for word in words):
            named.append(exercise.slug)
        elif any(all(word in normalise(alias) for word in words) for alias in exercise.aliases):
            aliased.append(exercise.slug)

    def closeness(slug: str) -> tuple[int, int]:
        # Whole words before parts of words ('glute' before 'gluteus'), then the shortest name.
        parts = slug.split("-")
        return (sum(word not in parts for word in words), len(slug))

    return sorted(named, key=closeness), sorted(aliased, key=closeness)


def name_index(catalogue: Catalogue) -> dict[str, str]:
    """Every way to name a card (slug, name, aliases), normalised, to its slug."""
    index: dict[str, str] = {}
    for exercise in catalogue.exercises:
        for name in (exercise.slug, exercise.name, *exercise.aliases):
            index.setdefault(normalise(name), exercise.slug)
    return index


def muscle_names() -> list[str]:
    from .models import MUSCLE_GROUPS, MUSCLES

    return list(MUSCLE_GROUPS) + list(MUSCLES)


def filter_exercises(
    catalogue: Catalogue,
    *,
    muscle: str | None = None,
    equipment: Iterable[str] | None = None,
    level: str | None = None,
    category: str | None = None,
    goal: str | None = None,
    session: str | None = None,
    search: str | None = None,
    family: str | None = None,
) -> list[Exercise]:
    """Exercises matching every filter given.

    ``muscle`` (a muscle or a group) matches prime movers only: a march that
    steadies the pelvis with gluteus medius is not abductor training.
    ``equipment`` is what a person owns: an exercise matches when it needs
    nothing else.
    """
    owned = None if equipment is None else set(equipment)
    needle = search.lower() if search else None
    found = []
    for exercise in catalogue.exercises:
        if muscle and not exercise.trains(muscle, secondary=False):
            continue
        if owned is not None and not set(exercise.equipment) <= owned:
            continue
        if level and not exercise.suits(level):
            continue
        if category and exercise.category != category:
            continue
        if goal and goal not in exercise.goals:
            continue
        if session and session not in exercise.sessions:
            continue
        if family and exercise.family_name != normalise(family):
            continue
        if needle and not any(
            needle in text.lower() for text in (exercise.slug, exercise.name, exercise.summary, *exercise.aliases)
        ):
            continue
        found.append(exercise)
    return found


def easiest_first(catalogue: Catalogue, cards: list[Exercise]) -> list[Exercise]:
    """Cards ordered up their ladders: each after every card it is harder than.

    The links cannot loop (``validate`` refuses a loop), so the depth of a
    card, the longest chain of easier steps below it, is well defined.
    """
    from .models import LEVELS

    depth: dict[str, int] = {}

    def below(card: Exercise) -> int:
        if card.slug not in depth:
            easier = [catalogue.by_slug[slug] for slug in card.easier if slug in catalogue.by_slug]
            depth[card.slug] = 1 + max((below(other) for other in easier), default=-1)
        return depth[card.slug]

    return sorted(cards, key=lambda card: (below(card), LEVELS.index(card.level)))


__all__ = [
    "easiest_first",
    "bundled_path",
    "catalogue_path",
    "check_catalogue",
    "read_catalogue",
    "filter_exercises",
    "find_exercise",
    "load_catalogue",
    "muscle_names",
    "normalise",
]


def card_template(slug: str = "my-exercise") -> str:
    """A file of extra cards holding one blank card: it passes ``validate`` once every "" is filled.

    The allowed values in its comments come from the models, so they stay true.
    """
    from typing import get_args

    from .models import (
        EQUIPMENT,
        GOALS,
        LEVELS,
        MUSCLES,
        SESSION_TYPES,
        Category,
        Laterality,
        MovementPattern,
        Position,
    )

    def one_of(values: Any) -> str:
        return ", ".join(values)

    doses = "\n".join(
        f"""
[exercises.prescription.{level}]
sets = {sets}
reps = {reps}
rest = 60
tempo = "2-1-2"
source = "R7"      # R7's {level} dose; cite your own source here if it gives one
default = true     # remove when the dose comes from a source, not from R7's default"""
        for level, sets, reps in (
            ("beginner", 2, "[8, 12]"), ("intermediate", 3, "[10, 15]"), ("advanced", "[3, 4]", "[12, 15]")
        )
    )
    return f"""# A file of your own exercise cards, used beside the bundled catalogue:
#   hipcli validate THIS-FILE
#   hipcli plan --level beginner --goal running --with THIS-FILE
# Fill in every "" and check the choices; docs/catalogue.md explains each key.
# Copy the [[exercises]] table (with its prescriptions) for more cards.
format = 1

[references]
# Cite a source for every fact: add it here, then name its key in `sources`.
# The bundled catalogue's keys (R1-R26, S000-S004 and others) can be cited as they are.
my-source = ""

[[exercises]]
slug = "{slug}"  # lowercase words joined by hyphens, used by no other card
name = ""
summary = ""
category = "strength"      # {one_of(get_args(Category))}
pattern = "hip-abduction"  # {one_of(get_args(MovementPattern))}
primary = ["gluteus-medius"]  # prime movers: {one_of(MUSCLES)}
secondary = []
equipment = []             # [] for bodyweight, or any of: {one_of(EQUIPMENT)}
# With a band in equipment, add: band = {{ placement = "" }} and a band level in each dose.
position = "standing"      # {one_of(get_args(Position))}
laterality = "one-side"    # {one_of(get_args(Laterality))}
unit = "reps"              # reps, seconds (a hold: no tempo in the doses) or steps
per_side = true            # true unless laterality is "both"
level = "beginner"         # the easiest level it suits ({one_of(LEVELS)}); a dose for it and every level above
steps = ["", ""]           # at least two, in order
cues = [""]
mistakes = [""]
breathing = ""
safety = []
loads = []                 # what --avoid should leave it out for: knee, lower-back, wrist-shoulder
hip_positions = []         # flexion-past-90, adduction-past-midline, internal-rotation, long-supine
goals = ["hip-health"]     # {one_of(GOALS)}
sessions = ["strength"]    # {one_of(SESSION_TYPES)} (warmup also needs warmup_dose and warmup_phase)
sources = ["my-source", "R7"]
notes = []
{doses}
"""
