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
from .reading import BOM, FAST_PARSE_FROM, _fast_parse, read_bytes, read_toml
from .text import normalise, one_line

if TYPE_CHECKING:
    from .models import Catalogue, Exercise

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
    # Held in a list that only _load reads from: a big file's bytes can then be let go of.
    held = [read_bytes(file, CatalogueError, noun="catalogue file")]
    with _collector_paused():
        catalogue, content_digest = _load(file, held, use_cache)
        files = extra_paths(extra, exclude=file)
        if not files:
            return catalogue
        base = _Base(catalogue, file, chain=content_digest)
        for addon in files:
            base = base.add(addon, read_bytes(addon, CatalogueError, noun="catalogue file"), use_cache)
        return base.catalogue


def _load(file: Path, held: list[bytes], use_cache: bool) -> tuple[Catalogue, str]:
    """The catalogue in ``held`` (a list holding the file's bytes), and the digest of those bytes.

    A big file read cold is cut into parts and ``held`` emptied, so the 37 MB
    of a 10,000-card file go part by part as the cards are made, instead of
    staying alive beside all of them (a fifth of the peak memory). When the
    parts path refuses the file, it is read again and checked whole.
    """
    content_digest = cache.digest(held[0])
    big = len(held[0]) >= FAST_PARSE_FROM
    if big:
        # The digest is known; the cache module's memory of it holds these bytes (or an
        # earlier read of them, on a terminal) and need not any more.
        cache.forget()
    if use_cache:
        if big and cache.is_fresh(file, b"", digested=content_digest):
            held.clear()  # reading the entry needs only the digest: the bytes go before it is parsed
        cached = cache.read(file, b"", digested=content_digest)
        if cached is not None:
            return cached, content_digest
        if not held:  # an entry that looked fresh but did not open (damaged, planted): read the file
            held.append(read_bytes(file, CatalogueError, noun="catalogue file"))
            content_digest = cache.digest(held[0])
            cache.forget()
    catalogue = None
    pieces = _cut(held[0]) if big else None
    if pieces is not None:
        held.clear()
        catalogue = _read_in_parts(file, pieces)
        if catalogue is None:
            held.append(read_bytes(file, CatalogueError, noun="catalogue file"))
            content_digest = cache.digest(held[0])
    if catalogue is None:
        catalogue, problems = _read(file, held[0], in_parts=False)
        if catalogue is None:
            raise CatalogueError(problems[0] if len(problems) == 1 else f"{file}: {len(problems)} problems", problems)
    if use_cache:
        cache.write(file, held[0] if held else b"", catalogue, sorted(name_index(catalogue)), digested=content_digest)
    return catalogue, content_digest


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

    def __init__(self, catalogue: Catalogue, file: Path, raw: bytes = b"", *, chain: str | None = None) -> None:
        self.catalogue = catalogue
        self.chain = chain or cache.digest(raw)  # what the cards so far were checked against
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
            found = sorted(name_index(_load(file, [raw], True)[0]))
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
    except CatalogueError as error:
        return None, error.problems
    if len(raw) >= FAST_PARSE_FROM and _identity(file) != _identity(bundled_path()):
        # A big catalogue that checks out is read in parts, in a fraction of the memory (bench/scale.py);
        # a file with any problem, or one of extra cards, is read whole below, for every problem and its line.
        whole = _read_in_parts(file, raw)
        if whole is not None:
            return whole, []
    try:
        data, text = read_toml(file, CatalogueError, raw)
    except CatalogueError as error:
        return None, error.problems
    if "default_chart" in data:
        catalogue, problems = _validate(file, data, text)
        if catalogue is not None and _identity(file) == _identity(bundled_path()):
            from .checks import bundled_figure_problems

            problems = bundled_figure_problems(catalogue.exercises)
        return (catalogue if not problems else None), problems
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


def _read(
    file: Path, raw: bytes, base: _Base | None = None, *, in_parts: bool = True
) -> tuple[Catalogue | None, list[str]]:
    if in_parts and base is None and len(raw) >= FAST_PARSE_FROM:
        catalogue = _read_in_parts(file, raw)
        if catalogue is not None:
            return catalogue, []
    try:
        data, text = read_toml(file, CatalogueError, raw)
    except CatalogueError as error:
        return None, error.problems
    return _validate(file, data, text, base)


# A line that opens a card, where a big file is cut into parts. Only a line holding
# exactly this header is a cut; ``_read_in_parts`` says why a cut inside a string is harmless.
# (Searched for from its line break: a pattern that starts with plain text is found by a fast
# scan, where '^' in MULTILINE mode is tried at every byte of the file.)
_CARD_HEADER = re.compile(rb"\n\[\[exercises\]\][ \t]*(?=\r?\n|\r?\Z)")
CARDS_PER_PART = 500


def _cut(raw: bytes) -> list[bytes] | None:
    """A file's bytes cut before every ``CARDS_PER_PART``-th card: the part before the cards, then
    the cards (each part starting with its header); None when no line opens a card."""
    starts = [found.start() + 1 for found in _CARD_HEADER.finditer(raw)]
    if _CARD_HEADER.match(b"\n" + raw[:64]):
        starts.insert(0, 0)  # the file opens with a card
    if not starts or raw.startswith(BOM):
        return None
    cuts = [0, *starts[::CARDS_PER_PART], len(raw)]
    return [raw[begin:end] for begin, end in zip(cuts, cuts[1:])]


def _read_in_parts(file: Path, source: bytes | list[bytes]) -> Catalogue | None:
    """A big, sound catalogue read a few hundred cards at a time; None for anything else.

    Parsing a whole 37 MB file at once holds every card three times over (the
    parser's tree, the parsed tables and the models): a cold read of 10,000
    cards peaked at fourteen times the file's size. Read part by part, only
    the models and one part's tables are alive at once.

    The file is cut before each ``[[exercises]]`` header line and every part
    parsed on its own. A cut inside a multi-line string or array would leave
    the part before it unterminated, so if every part parses, every cut was
    at a real header, and each part means what it means in the whole file.
    A table defined in two parts, or anything that does not parse, validate
    or pass the meaning checks, gives None: the whole file is then read at
    once by the usual path, which finds and words every problem as always.
    """
    from .checks import Header, cross_check
    from .models import Catalogue, Exercise
    from .validation import ValidationError, validate

    pieces = _cut(source) if isinstance(source, bytes) else source
    if pieces is None:
        return None
    pieces.reverse()  # taken from the end of the list, each let go of once parsed
    tables: dict[str, Any] = {}  # everything but the cards: format, charts, references
    exercises: list[Exercise] = []
    try:
        for number in range(len(pieces)):
            piece = pieces.pop()
            if not piece:
                continue
            text = piece.decode("utf-8")
            del piece
            part = _fast_parse(text)
            del text
            if part is None or ("exercises" in part) != (number > 0):
                return None
            cards = part.pop("exercises", [])
            if not isinstance(cards, list) or any(key in tables for key in part):
                return None
            tables.update(part)
            exercises.extend(validate(tuple[Exercise, ...], cards))
            del part, cards  # this part's tables go before the next part is parsed
        head = validate(Catalogue, {**tables, "exercises": []})
    except (UnicodeDecodeError, ValidationError, RecursionError):
        return None
    catalogue = Catalogue(
        format=head.format,
        default_chart=head.default_chart,
        charts=head.charts,
        references=head.references,
        exercises=tuple(exercises),
    )
    header = Header(
        references=set(catalogue.references),
        charts={name: (set(chart.colours), chart.source) for name, chart in catalogue.charts.items()},
        default_chart=catalogue.default_chart,
    )
    problems = cross_check(file, list(enumerate(catalogue.exercises)), header, set(), lambda index: f"#{index + 1}")
    if problems or any(True for _ in header.problems()):
        return None
    return catalogue


def _exercise_lines(text: str) -> list[int]:
    """The line of each ``[[exercises]]`` header, to point messages at a card.

    Only a file with a problem needs them: scanning a big file's lines takes
    longer than checking its cards, so callers ask only when they report one.
    """
    # TOML ends lines with LF or CRLF only; str.splitlines would also break at U+2028, U+0085 and
    # friends, which TOML allows inside strings, and push every later line number down.
    return [number for number, line in enumerate(text.split("\n"), 1) if line.strip() == "[[exercises]]"]


def _validate(
    file: Path, data: dict[str, Any], text: str, base: _Base | None = None
) -> tuple[Catalogue | None, list[str]]:
    """Check a whole file; with ``base``, a file of extra cards beside that catalogue."""
    from .checks import Header, cross_check
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
        header = Header(
            references=set(catalogue.references),
            charts={name: (set(chart.colours), chart.source) for name, chart in catalogue.charts.items()},
            default_chart=catalogue.default_chart,
        )
        cards = list(enumerate(catalogue.exercises))
        known: set[str] = set()
    else:
        # Some part is broken: still check the sound cards, so one run reports all.
        header = Header.from_raw(data)
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
    problems += cross_check(file, cards, header, known, label)
    problems += [f"{file}: {message}" for message in header.problems()]
    # Values quoted from the file may hold line breaks; a problem is one line.
    return (catalogue if not problems else None), [one_line(problem) for problem in problems]


# --- lookups ---------------------------------------------------------------------


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
    """A file of extra cards holding one blank card (written by ``template.py``)."""
    from .template import card_template as write

    return write(slug)
