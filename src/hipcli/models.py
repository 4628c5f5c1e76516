"""The catalogue's data model: exercise cards, doses, band charts and figure specs.

What a person asks for and what the planner builds from these (requests,
plans, programmes) is in ``plans.py``.

The models are frozen standard-library dataclasses rather than pydantic
``BaseModel`` subclasses. Importing pydantic's model machinery costs more than
the whole start-up budget of ``hipcli show`` (see ``bench/startup.py``), so
pydantic is only imported where untrusted input is validated
(``validation.py``). It reads the constraints below from the ``Annotated``
metadata (``Ge``, ``Le``, ``MinLen``, ``MaxLen``, ``Pattern``) and the
class-level ``__pydantic_config__``, which forbids unknown keys everywhere.
"""

from functools import cached_property
from typing import Annotated, ClassVar, Literal, get_args

from .records import CONFIG, Ge, Le, MaxLen, MinLen, Model, Pattern, model

# --- closed vocabularies -----------------------------------------------------

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = get_args(Level)

Category = Literal["activation", "strength", "mobility", "core", "power"]

MovementPattern = Literal[
    "hip-flexion",
    "hip-extension",
    "hip-abduction",
    "hip-adduction",
    "hip-rotation",
    "squat",
    "lunge",
    "hinge",
    "single-leg-stability",
    "anti-rotation",
    "anti-extension",
    "anti-lateral-flexion",
    "knee-extension",
    "knee-flexion",
    "locomotion",
]

Muscle = Literal[
    "psoas-major",
    "iliacus",
    "rectus-femoris",
    "sartorius",
    "pectineus",
    "tensor-fasciae-latae",
    "gluteus-maximus",
    "gluteus-medius",
    "gluteus-minimus",
    "deep-hip-rotators",
    "adductors",
    "hamstrings",
    "quadriceps",
    "calves",
    "rectus-abdominis",
    "obliques",
    "transversus-abdominis",
    "erector-spinae",
    "quadratus-lumborum",
]
MUSCLES: tuple[str, ...] = get_args(Muscle)

# Groups are derived from muscles, never stored on a card, so a card cannot
# claim "hip flexors" without naming which one does the work.
MUSCLE_GROUPS: dict[str, frozenset[str]] = {
    # Tensor fasciae latae also flexes the hip, but hipcli counts it with the
    # abductors, where the sources put it; otherwise banded side-steps would
    # list as hip-flexor work.
    "hip-flexors": frozenset({"psoas-major", "iliacus", "rectus-femoris", "sartorius", "pectineus"}),
    "hip-abductors": frozenset({"gluteus-medius", "gluteus-minimus", "tensor-fasciae-latae"}),
    "glutes": frozenset({"gluteus-maximus", "gluteus-medius", "gluteus-minimus"}),
    "hip-extensors": frozenset({"gluteus-maximus", "hamstrings"}),
    "hip-rotators": frozenset({"deep-hip-rotators", "gluteus-maximus"}),
    # Pectineus also adducts, but hipcli counts it where the sources put it:
    # with the hip flexors. Otherwise every psoas march would list as adductor work.
    "adductors": frozenset({"adductors"}),
    "core": frozenset(
        {"rectus-abdominis", "obliques", "transversus-abdominis", "erector-spinae", "quadratus-lumborum"}
    ),
}

Equipment = Literal[
    "mini-band",
    "long-band",
    "kettlebell",
    "step",
    "box-or-bench",
    "pull-up-bar",
    "wall-or-chair",
]
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
BANDS: frozenset[str] = frozenset({"mini-band", "long-band"})

Position = Literal[
    "standing", "supine", "side-lying", "prone", "quadruped", "kneeling", "half-kneeling", "seated", "hanging"
]
Laterality = Literal["both", "alternating", "one-side"]
Unit = Literal["reps", "seconds", "steps"]
UNITS: tuple[str, ...] = get_args(Unit)
LoadFlag = Literal["knee", "lower-back", "wrist-shoulder"]
# Hip positions a card puts the joint in, so precautions (a hip replacement,
# FAI, pregnancy) can leave out the cards that use them (COACHING.md section 7).
HipPosition = Literal["flexion-past-90", "adduction-past-midline", "internal-rotation", "long-supine"]
LOAD_FLAGS: tuple[str, ...] = get_args(LoadFlag)
# What a person can ask to avoid: the loads above, and hips that need care.
# A precaution leaves out every card that uses one of its hip positions.
PRECAUTION_POSITIONS: dict[str, frozenset[str]] = {
    # Posterior approach: no flexion past 90, no adduction across the midline,
    # no internal rotation (COACHING.md section 7).
    "hip-replacement": frozenset({"flexion-past-90", "adduction-past-midline", "internal-rotation"}),
    # FAI is motion-related: cap depth and keep out of flexion with internal
    # rotation (Griffin 2016; Kolber 2015; practice-based).
    "fai": frozenset({"flexion-past-90", "internal-rotation"}),
    # After the first trimester, replace long supine work (ACOG; secondary).
    "pregnancy": frozenset({"long-supine"}),
}
AvoidFlag = Literal["knee", "lower-back", "wrist-shoulder", "hip-replacement", "fai", "pregnancy"]
AVOID_FLAGS: tuple[str, ...] = get_args(AvoidFlag)
Goal = Literal["running", "sprint", "glutes", "hip-health", "desk"]
GOALS: tuple[str, ...] = get_args(Goal)
SessionType = Literal["warmup", "strength", "mobility"]
SESSION_TYPES: tuple[str, ...] = get_args(SessionType)
WarmupPhase = Literal["raise", "activate", "mobilise", "potentiate"]
BandLevel = Literal["extra-light", "light", "medium", "heavy", "extra-heavy"]
BAND_LEVELS: tuple[str, ...] = get_args(BandLevel)

# --- constrained scalars -------------------------------------------------------

# Bidi overrides and isolates (U+202A-E, U+2066-9, U+200E/F, U+061C) reorder
# what a reader sees, so text may hold neither them nor control characters.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
NO_CONTROL = f"^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI}]*$"
Text = Annotated[str, MinLen(1), Pattern(NO_CONTROL, "free of control characters and bidi overrides")]
Line = Annotated[
    str, MinLen(1), MaxLen(300), Pattern(f"^[^\\x00-\\x1f\\x7f-\\x9f{BIDI}]*$", "one line of plain text, without bidi overrides")
]
Slug = Annotated[
    str, MaxLen(60), Pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$", "kebab-case (lowercase words joined by hyphens)")
]
RefKey = Annotated[str, Pattern(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "a reference key such as 'S001' or 'R7'")]
Tempo = Annotated[
    str, Pattern(r"^[0-9]-[0-9]-[0-9]$", "lift-pause-lower seconds such as '2-1-2'")
]
Count = Annotated[int, Ge(1), Le(10)]  # sets
Amount = Annotated[int, Ge(1), Le(600)]  # reps, seconds or steps
RestSeconds = Annotated[int, Ge(0), Le(300)]
Range = tuple[Amount, Amount]
SetsRange = tuple[Count, Count]
# A picture of the exercise on the web; https only, so a shared file cannot
# point a handout at a script or a local file.
ImageLink = Annotated[
    str, MaxLen(300), Pattern(r"^https://[^\s\"'<>\\`\x00-\x1f\x7f-\x9f]+$", "an https:// link with no spaces, quotes or control characters")
]


def as_range(value: int | tuple[int, int] | list[int]) -> tuple[int, int]:
    if isinstance(value, int):
        return (value, value)
    return (value[0], value[1])


def check_range(name: str, value: tuple[int, int]) -> None:
    if value[0] > value[1]:
        raise ValueError(f"{name}: the low end {value[0]} is above the high end {value[1]}")


def units_as_ranges(record: object) -> None:
    """A dose's reps, seconds or steps, whichever it gives, stored as a checked range: a single number in a
    file means a fixed dose (a card's prescription and a plan's exercise alike)."""
    for unit in UNITS:
        value = getattr(record, unit)
        if value is not None:
            object.__setattr__(record, unit, as_range(value))
            check_range(unit, getattr(record, unit))


# --- the catalogue -------------------------------------------------------------


@model
class Prescription(Model):
    """A dose: sets and reps, seconds or steps (ranges), rest, tempo and band.

    Exactly one of ``reps``, ``seconds`` and ``steps`` is set, and it must be
    the exercise's unit; the catalogue checks that against the card.
    """

    __pydantic_config__: ClassVar = CONFIG

    sets: SetsRange | Count
    reps: Range | Amount | None = None
    seconds: Range | Amount | None = None
    steps: Range | Amount | None = None
    rest: RestSeconds
    tempo: Tempo | None = None
    band: BandLevel | None = None
    source: RefKey
    note: Line | None = None
    # True when no source gives a dose for this exercise and hipcli chose one
    # by rule (an imported card's R7 dose by category); plans say so.
    default: bool = False

    def __post_init__(self) -> None:
        # A single number in a file means a fixed dose: store it as a range.
        object.__setattr__(self, "sets", as_range(self.sets))
        check_range("sets", self.sets)
        units_as_ranges(self)

    @property
    def unit(self) -> str | None:
        given = [unit for unit in UNITS if getattr(self, unit) is not None]
        return given[0] if len(given) == 1 else None

    @property
    def amount(self) -> tuple[int, int]:
        """The reps, seconds or steps range, whichever unit this dose uses."""
        return self.reps or self.seconds or self.steps or (0, 0)


@model
class BandSetup(Model):
    """Where the band sits and which colour chart its resistance levels use."""

    __pydantic_config__: ClassVar = CONFIG

    placement: Line
    chart: RefKey | None = None  # None: the catalogue's default chart


# --- figures ---------------------------------------------------------------
# A card's picture is described, not drawn: joint angles for each key position,
# the view and the props. ``hipcli.figures`` places, checks and draws it; the
# meaning of each key is in docs/catalogue.md ("Figures").

FigureView = Literal["side", "front", "back", "top"]
PropKind = Literal["bench", "box", "step", "chair", "wall", "kettlebell", "ball", "band", "post", "bar"]
Angle = Annotated[float, Ge(-360), Le(360)]
Metres = Annotated[float, Ge(-5), Le(5)]
PartName = Annotated[str, MaxLen(40), Pattern(r"^[a-z][a-z0-9.@_-]*$", "a body part such as 'right.knee'")]


@model
class Joints(Model):
    """One side's joint angles in degrees (docs/catalogue.md gives the signs)."""

    __pydantic_config__: ClassVar = CONFIG

    hip: Angle | None = None
    hip_abd: Angle | None = None
    hip_rot: Angle | None = None
    knee: Angle | None = None
    ankle: Angle | None = None
    shoulder: Angle | None = None
    shoulder_abd: Angle | None = None
    elbow: Angle | None = None


@model
class PoseSpec(Model):
    """One key position: a named posture or an earlier position, with changes."""

    __pydantic_config__: ClassVar = CONFIG

    label: Annotated[str, MinLen(1), MaxLen(30), Pattern(r"^[a-z][a-z0-9 -]*$", "a short label such as 'start'")]
    like: Annotated[str, MaxLen(30)] | None = None
    pitch: Angle | None = None
    lean: Angle | None = None
    yaw: Angle | None = None
    spine: Angle | None = None
    bend: Angle | None = None
    twist: Angle | None = None
    both: Joints | None = None
    left: Joints | None = None
    right: Joints | None = None
    on: tuple[PartName, ...] | None = None
    # Moves the whole body (metres forward, to the right) from where its first support puts it: a bound or a step.
    dx: Metres | None = None
    dz: Metres | None = None
    says: Line | None = None


@model
class PropSpec(Model):
    """Something in the picture besides the person: placed from the first position."""

    __pydantic_config__: ClassVar = CONFIG

    kind: PropKind
    id: Annotated[str, MaxLen(30), Pattern(r"^[a-z][a-z0-9-]*$", "a short name such as 'post'")] | None = None
    at: PartName | None = None
    ends: tuple[PartName, ...] = ()
    dx: Metres = 0.0
    dz: Metres = 0.0
    height: Annotated[float, Ge(0), Le(3)] | None = None
    length: Annotated[float, Ge(0), Le(3)] | None = None
    width: Annotated[float, Ge(0), Le(3)] | None = None
    reach: Annotated[float, Ge(0), Le(5)] | None = None


@model
class FigureSpec(Model):
    """A card's figure: its view, key positions (start and end at least) and props."""

    __pydantic_config__: ClassVar = CONFIG

    view: FigureView = "side"
    positions: Annotated[tuple[PoseSpec, ...], MinLen(2), MaxLen(6)]
    props: tuple[PropSpec, ...] = ()
    work: tuple[PartName, ...] = ()
    moves: tuple[PartName, ...] = ()


@model
class Exercise(Model):
    """An exercise card: what it trains, how it is done, and its dose for each level, with sources."""
    __pydantic_config__: ClassVar = CONFIG

    slug: Slug
    name: Line
    aliases: tuple[Line, ...] = ()
    summary: Text
    category: Category
    pattern: MovementPattern
    primary: Annotated[tuple[Muscle, ...], MinLen(1)]
    secondary: tuple[Muscle, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    band: BandSetup | None = None
    position: Position
    laterality: Laterality
    unit: Unit
    per_side: bool
    level: Level
    # The highest level the card suits; None: every level from `level` up. A
    # beginner card that is no real challenge at advanced level stops earlier.
    top_level: Level | None = None
    prescription: dict[Level, Prescription]
    warmup_dose: Prescription | None = None
    warmup_phase: WarmupPhase | None = None
    steps: Annotated[tuple[Text, ...], MinLen(2)]
    cues: Annotated[tuple[Text, ...], MinLen(1)]
    mistakes: Annotated[tuple[Text, ...], MinLen(1)]
    breathing: Text
    safety: tuple[Text, ...] = ()
    easier: tuple[Slug, ...] = ()
    harder: tuple[Slug, ...] = ()
    loads: tuple[LoadFlag, ...] = ()
    # Cards that are the same exercise, or the same movement at another step,
    # share a family; a card without one is a family of its own.
    family: Slug | None = None
    hip_positions: tuple[HipPosition, ...] = ()
    goals: Annotated[tuple[Goal, ...], MinLen(1)]
    sessions: Annotated[tuple[SessionType, ...], MinLen(1)]
    sources: Annotated[tuple[RefKey, ...], MinLen(1)]
    notes: tuple[Text, ...] = ()
    images: tuple[ImageLink, ...] = ()
    # Drawn by hipcli from this description; None: the bundled data/figures.toml, if it has the card.
    figure: FigureSpec | None = None

    @property
    def dose_is_default(self) -> bool:
        """Whether hipcli chose this card's doses by rule because no source gives one."""
        return any(dose.default for dose in self.prescription.values())

    @property
    def family_name(self) -> str:
        """The family this card belongs to: its own slug when it names none."""
        return self.family or self.slug

    def levels(self) -> tuple[Level, ...]:
        """The levels this exercise suits: from its lowest level to its top level."""
        top = LEVELS.index(self.top_level) if self.top_level else len(LEVELS) - 1
        return LEVELS[LEVELS.index(self.level) : top + 1]

    def suits(self, level: str) -> bool:
        return level in self.levels()

    @property
    def level_span(self) -> str:
        """'beginner and up', 'beginner to intermediate' or 'advanced only', for people to read."""
        levels = self.levels()
        if len(levels) == 1:
            return f"{levels[0]} only"
        return f"{levels[0]} to {levels[-1]}" if self.top_level else f"{levels[0]} and up"

    def groups(self, *, secondary: bool = False) -> tuple[str, ...]:
        """The muscle groups this exercise trains as a prime mover (or at all)."""
        muscles = set(self.primary) | (set(self.secondary) if secondary else set())
        return tuple(group for group, members in MUSCLE_GROUPS.items() if muscles & members)

    def trains(self, muscle_or_group: str, *, secondary: bool = True) -> bool:
        muscles = set(self.primary) | (set(self.secondary) if secondary else set())
        members = MUSCLE_GROUPS.get(muscle_or_group, frozenset({muscle_or_group}))
        return bool(muscles & members)

    @property
    def uses_band(self) -> bool:
        return bool(BANDS.intersection(self.equipment))

    @property
    def is_static_stretch(self) -> bool:
        return self.category == "mobility" and self.unit == "seconds"


@model
class BandChart(Model):
    """A maker's colour for each band resistance level."""

    __pydantic_config__: ClassVar = CONFIG

    name: Line
    source: RefKey
    colours: dict[BandLevel, Line]
    note: Text | None = None


@model
class Catalogue(Model):
    """A whole catalogue file: band charts, references and exercise cards.

    Not slotted, so the lookup index below can be cached on the instance.
    """

    __pydantic_config__: ClassVar = CONFIG

    format: Literal[1]
    default_chart: RefKey
    charts: dict[RefKey, BandChart]
    references: dict[RefKey, Text]
    exercises: tuple[Exercise, ...]

    @cached_property
    def by_slug(self) -> dict[str, Exercise]:
        return {exercise.slug: exercise for exercise in self.exercises}

    def get(self, slug: str) -> Exercise | None:
        return self.by_slug.get(slug)

    def chart_for(self, exercise: Exercise) -> BandChart:
        return self.charts[(exercise.band and exercise.band.chart) or self.default_chart]
