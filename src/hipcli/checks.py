"""The meaning checks of a catalogue: what a schema cannot say.

``catalogue.py`` reads a file and validates its shape; these checks relate
fields and cards (doses against units, links both ways, families joined, no
loops) and check each card's figure is a pose a person can take. Each problem
is a finished line naming the file, the card (with its line) and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Imported here, not in each check: the checks run once per card (or per dose), and
# an import statement in a function costs a lookup each time (a tenth of a second
# over 10,000 cards). Only a file being checked imports this module.
from .models import BAND_LEVELS, BANDS, LEVELS, UNITS
from .text import normalise

if TYPE_CHECKING:
    from .models import Exercise, Prescription


class Header:
    """What cards refer to: references, band charts and the default chart."""

    def __init__(self, references: set[str], charts: dict[str, tuple[set[str], Any]], default_chart: Any) -> None:
        self.references = references
        self.charts = charts
        self.default_chart = default_chart

    @classmethod
    def from_raw(cls, data: dict[str, Any]) -> Header:
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
        # Wrong types here are already reported by the schema check.
        if isinstance(self.default_chart, str) and self.default_chart not in self.charts:
            yield f"default_chart: '{self.default_chart}' is not a chart in [charts]"
        for name, (colours, source) in self.charts.items():
            missing = [level for level in BAND_LEVELS if level not in colours]
            if missing:
                yield f"charts.{name}.colours: no colour for {', '.join(missing)}"
            if isinstance(source, str) and source not in self.references:
                yield f"charts.{name}.source: '{source}' is not in [references]"


def cross_check(
    file: Path, cards: list[tuple[int, Exercise]], header: Header, known_slugs: set[Any], label: Any
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
        problems += [at(exercise, field, message) for field, message in card_problems(exercise, header)]
        if exercise.figure is not None:
            problems += [at(exercise, f"figure.{field}", message) for field, message in figure_problems(exercise)]
        for field in ("easier", "harder"):
            for slug in getattr(exercise, field):
                if slug == exercise.slug:
                    problems.append(at(exercise, field, "an exercise cannot link to itself"))
                elif slug not in all_slugs:
                    import difflib

                    close = difflib.get_close_matches(slug, sorted(all_slugs - {exercise.slug}), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(at(exercise, field, f"'{slug}' is not an exercise in this catalogue{hint}"))

    problems += [at(exercise, field, message) for exercise, field, message in family_problems(cards, slugs)]

    loop = find_loop([exercise for _, exercise in cards])
    if loop:
        problems.append(
            at(slugs[loop[0]], "harder", "the easier/harder links go round in a loop: " + " -> ".join(loop))
        )
    return problems


OPPOSITE = {"easier": "harder", "harder": "easier"}


def family_problems(
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
    yield from _link_problems(cards, slugs)
    yield from _naming_problems(cards, slugs)
    members: dict[str, list[Exercise]] = {}
    for _, exercise in cards:
        if exercise.family:
            members.setdefault(exercise.family, []).append(exercise)
    for family, group in members.items():
        reached = _joined(group)
        apart = [exercise for exercise in group if exercise.slug not in reached]
        if apart:
            yield apart[0], "family", (
                f"no easier/harder chain joins this card to '{group[0].slug}', also in family '{family}'; "
                f"a family is one movement's ladder, so link its steps"
            )


def _link_problems(
    cards: list[tuple[int, Exercise]], slugs: dict[str, Exercise]
) -> Iterator[tuple[Exercise, str, str]]:
    """Easier/harder links written on one card only, and links that cross from one family to another."""
    crossing: set[frozenset[str]] = set()
    for _, exercise in cards:
        for field, opposite in OPPOSITE.items():
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


def _naming_problems(
    cards: list[tuple[int, Exercise]], slugs: dict[str, Exercise]
) -> Iterator[tuple[Exercise, str, str]]:
    """A family named like a card outside it, and hip positions listed twice, card by card."""
    for _, exercise in cards:
        if exercise.family:
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


def _joined(group: list[Exercise]) -> set[str]:
    """The slugs of a family that easier/harder links (written on either card) join to its first card."""
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
    return reached


def card_problems(exercise: Exercise, header: Header) -> Iterator[tuple[str, str]]:
    """One card's own consistency: levels and their doses, bands, warm-up use, muscles, sources."""
    if exercise.top_level and LEVELS.index(exercise.top_level) < LEVELS.index(exercise.level):
        yield "top_level", f"'{exercise.top_level}' is below the card's level ({exercise.level})"
        return
    yield from _level_problems(exercise)
    doses: list[tuple[str, Prescription]] = [(f"prescription.{lv}", p) for lv, p in exercise.prescription.items()]
    if exercise.warmup_dose is not None:
        doses.append(("warmup_dose", exercise.warmup_dose))
    for field, dose in doses:
        yield from _dose_problems(exercise, header, field, dose)
    yield from _band_problems(exercise, header)
    yield from _use_problems(exercise, header)


def _level_problems(exercise: Exercise) -> Iterator[tuple[str, str]]:
    levels = exercise.levels()
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


def _dose_problems(exercise: Exercise, header: Header, field: str, dose: Prescription) -> Iterator[tuple[str, str]]:
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


def _band_problems(exercise: Exercise, header: Header) -> Iterator[tuple[str, str]]:
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
    if set(exercise.equipment) & BANDS == BANDS:
        yield "equipment", "lists both band types; pick the one the exercise needs"


def _use_problems(exercise: Exercise, header: Header) -> Iterator[tuple[str, str]]:
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


def find_loop(exercises: list[Exercise]) -> list[str] | None:
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


# --- figures ---------------------------------------------------------------------


def figure_problems(exercise: Exercise, spec: Any = None) -> list[tuple[str, str]]:
    """The pose checks of a card's figure (its own, or ``spec``): impossible or forbidden positions."""
    from .figures.check import problems

    return problems(spec if spec is not None else exercise.figure, exercise.hip_positions, exercise.equipment)


def bundled_figure_problems(cards: Iterable[Exercise]) -> list[str]:
    """Problems in the bundled data/figures.toml: broken tables and impossible poses, for the cards given."""
    from .errors import CatalogueError
    from .figures import bundled_figures_path, bundled_raw
    from .text import one_line
    from .models import FigureSpec
    from .validation import ValidationError, dotted, format_errors, validate

    file = bundled_figures_path()
    try:
        data, text = bundled_raw()
    except CatalogueError as error:
        return list(error.problems)
    lines = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[") and not stripped.startswith("[["):
            lines.setdefault(stripped.strip("[]").strip().strip('"'), number)

    def where(slug: str, field: str) -> str:
        line = f" (line {lines[slug]})" if slug in lines else ""
        return f"{file}: figure '{one_line(slug)}'{line}: {field}: " if field else f"{file}: figure '{one_line(slug)}'{line}: "

    by_slug = {exercise.slug: exercise for exercise in cards}
    found: list[str] = []
    for slug, raw in data.items():
        exercise = by_slug.get(slug)
        if exercise is None:
            # A figure may arrive before its card (parallel branches); a card left
            # without its figure is what the tests catch.
            continue
        if exercise.figure is not None:
            continue  # the card's own figure wins, and is checked with the card
        try:
            spec = validate(FigureSpec, raw)
        except ValidationError as exc:
            found += [where(slug, dotted(path)) + message for path, message in format_errors(exc, FigureSpec)]
            continue
        found += [where(slug, field) + message for field, message in figure_problems(exercise, spec)]
    return [one_line(problem) for problem in found]
