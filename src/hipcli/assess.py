"""Self-tests: a short battery with published protocols and thresholds (CS5); pure.

Each test says how to do it, what its numbers mean and where that reading
comes from. hipcli suggests a training level from the results and flags a
left/right difference above the threshold studies used; both are advisory.
A self-test screens, it does not diagnose: pain or a positive test is a
reason to see a clinician, not a label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .models import LEVELS

# Parkinson et al. 2021 (JSSM 20:594): 15 of 18 studies flagged a left/right
# difference of 10-15%; the evidence for any cut-off is thin, so flags are advisory.
ASYMMETRY_LOW = 0.10
ASYMMETRY_HIGH = 0.15
ASYMMETRY_SOURCE = "Parkinson et al. 2021, JSSM 20:594: 15 of 18 studies flagged 10-15%, on thin evidence"


@dataclass(frozen=True)
class SelfTest:
    """One self-test hipcli can run: how it is done, scored and compared with its published cut-offs."""
    key: str
    name: str
    unit: str  # seconds | reps | yes-no | pain
    per_side: bool
    protocol: tuple[str, ...]
    reading: str  # what the numbers mean, with the source
    source: str
    optional: bool = False
    # How hipcli times it when it walks you through: "stopwatch" counts up until you stop it,
    # "countdown" counts ``seconds`` down; None: nothing to time.
    timer: str | None = None
    seconds: int = 0

    def question(self, side: str | None) -> str:
        """What to answer for one side, naming the leg that works (for the stance test, the one you stand on)."""
        if self.unit == "yes-no":
            other = {"left": "right", "right": "left"}.get(side or "", "other")
            return f"standing on your {side} leg: did the {other} hip drop? yes/no"
        label = {"seconds": "seconds held", "reps": "reps", "pain": "pain 0-10"}[self.unit]
        return f"{side} side, {label}" if side else label


BATTERY: tuple[SelfTest, ...] = (
    SelfTest(
        key="side-plank",
        name="Side-plank hold",
        unit="seconds",
        per_side=True,
        protocol=(
            "Lie on one side, elbow under the shoulder, legs straight with the top foot in front of the bottom one.",
            "Lift the hips until the body is one straight line from head to feet; free arm across the chest.",
            "Time the hold (hipcli counts it for you when it asks): stop when the hips drop or you can no longer "
            "hold the line. Rest, then the other side.",
        ),
        reading=(
            "Reported norms: about 54-55 s per side in adults (Anderson 2014) and about 103-104 s in athletes "
            "(Evans 2007); left and right should be about equal (McGill's ratios). McGill's own raw times: unverified."
        ),
        source="McGill et al. 1999, APMR 80:941; norms via matassessment.com (CS5)",
        timer="stopwatch",
    ),
    SelfTest(
        key="single-leg-bridge",
        name="Single-leg bridge to fatigue",
        unit="reps",
        per_side=True,
        protocol=(
            "Lie on your back with one heel on a box or step about 60 cm high, that knee slightly bent.",
            "Lift the other leg straight up. Push through the heel to lift the hips, touch them back to the floor: one rep.",
            "Count reps at a steady pace until you can no longer lift fully. Rest, then the other side.",
        ),
        reading="Reading bands: under 20 reps poor, about 25 average, over 30 good (healthhp.com.au); a weaker side came "
        "before hamstring injury in one cohort of 482 players (Freckleton et al. 2014).",
        source="Freckleton et al. 2014, BJSM 48:713; bands via healthhp.com.au (CS5)",
    ),
    SelfTest(
        key="single-leg-stance",
        name="Single-leg stance (Trendelenburg check)",
        unit="yes-no",
        per_side=True,
        protocol=(
            "Stand side-on to a mirror, hands on hips. Lift one foot and stand on the other leg for 30 seconds "
            "(hipcli counts them down when it asks).",
            "Watch the hip of the lifted leg: does it drop (more than about 2 cm) below the standing side?",
            "Answer yes if it drops (or you cannot stay up 30 s), no if the pelvis stays level. Then stand on the other leg.",
        ),
        reading="A drop of the pelvis on the lifted side is a positive test, pointing at weak hip abductors on the "
        "standing side; with lateral hip pain in the 30 s version it is specific (Sp 100%) but not sensitive (Sn 38%).",
        source="Trendelenburg test; Grimaldi's 30 s version via physiohub.io (CS5)",
        timer="countdown",
        seconds=30,
    ),
    SelfTest(
        key="squeeze-pain",
        name="5-second adductor squeeze pain (optional)",
        unit="pain",
        per_side=False,
        protocol=(
            "Lie on your back, knees bent, a ball or folded pillow between the knees.",
            "Squeeze as hard as you can for 5 seconds.",
            "Rate groin pain during the squeeze from 0 (none) to 10 (worst).",
        ),
        reading="Pain 0-2 is normal, 3-5 is moderate, 6 or more means clearly impaired function (Thorborg et al. 2017).",
        source="Thorborg et al. 2017, BJSM 51:594 (CS5)",
        optional=True,
    ),
)

BY_KEY = {test.key: test for test in BATTERY}
Results = Mapping[tuple[str, str | None], float]


@dataclass(frozen=True)
class Finding:
    """What one test's result says, and the level it points to, if any."""
    test: str
    level: str | None  # the level this result points to, or None when it says nothing about level
    text: str


@dataclass(frozen=True)
class Asymmetry:
    """A left/right difference in one test, and whether it passes the flag threshold."""
    test: str
    left: float
    right: float
    difference: float  # fraction of the larger side
    flagged: bool
    text: str


@dataclass(frozen=True)
class Report:
    """An assessment read as a whole: findings, asymmetries, the level they suggest, and advice."""
    findings: tuple[Finding, ...]
    asymmetries: tuple[Asymmetry, ...]
    level: str | None
    level_reason: str
    advice: tuple[str, ...]


# The level cut-offs below are hipcli's own mapping of published norms and
# reading bands onto its three levels, not published criteria [C].
MAPPING = "hipcli's own mapping to a level, not a published cut-off"


def _side_plank_level(seconds: float) -> tuple[str, str]:
    # Under half the adult norm -> beginner; at the adult norm -> advanced work is reasonable.
    if seconds < 27:
        return "beginner", f"{seconds:g} s is under half the adult norm of about 54 s (Anderson 2014; {MAPPING})"
    if seconds < 54:
        return "intermediate", f"{seconds:g} s is between half the adult norm and the norm of about 54 s ({MAPPING})"
    return "advanced", f"{seconds:g} s reaches the adult norm of about 54 s (athletes: about 104 s, Evans 2007; {MAPPING})"


def _bridge_level(reps: float) -> tuple[str, str]:
    if reps < 20:
        return "beginner", f"{reps:g} reps is under 20: the 'poor' band ({MAPPING})"
    if reps <= 30:
        return "intermediate", f"{reps:g} reps is in the 20-30 'average' band ({MAPPING})"
    return "advanced", f"{reps:g} reps is over 30: the 'good' band ({MAPPING})"


def asymmetry(test: str, left: float, right: float) -> Asymmetry:
    larger = max(left, right)
    difference = 0.0 if larger <= 0 else abs(left - right) / larger
    weaker = "left" if left < right else "right"
    flagged = difference > ASYMMETRY_LOW
    if not flagged:
        text = f"left {left:g}, right {right:g}: {difference:.0%} apart, within 10%"
    else:
        band = "above the 10-15%" if difference > ASYMMETRY_HIGH else "within the 10-15%"
        text = (
            f"left {left:g}, right {right:g}: the {weaker} side is {difference:.0%} lower, {band} that studies use "
            f"to flag a difference (advisory; {ASYMMETRY_SOURCE})"
        )
    return Asymmetry(test=test, left=left, right=right, difference=round(difference, 3), flagged=flagged, text=text)


def evaluate(results: Results) -> Report:
    """Read a battery's results: per-test findings, left/right flags and a suggested level (the lowest any test points to)."""
    findings: list[Finding] = []
    flags: list[Asymmetry] = []
    advice: list[str] = []
    for test in BATTERY:
        sides = ("left", "right") if test.per_side else (None,)
        values = {side: results.get((test.key, side)) for side in sides}
        given = {side: value for side, value in values.items() if value is not None}
        if not given:
            continue
        if test.key in ("side-plank", "single-leg-bridge"):
            rate = _side_plank_level if test.key == "side-plank" else _bridge_level
            weakest_side = min(given, key=lambda side: given[side])
            level, why = rate(given[weakest_side])
            findings.append(Finding(test.key, level, f"{test.name}: weaker side {weakest_side}, {why}"))
            if len(given) == 2:
                flags.append(asymmetry(test.key, given["left"], given["right"]))
        elif test.key == "single-leg-stance":
            dropped = [side for side, value in given.items() if value >= 1]
            if dropped:
                # The pelvis drops on the lifted side: the standing leg's abductors are the weak ones.
                findings.append(Finding(test.key, "beginner", f"{test.name}: the pelvis dropped when standing on the "
                                        f"{' and '.join(dropped)} leg (positive): start with abductor work at beginner level"))
                advice.append("A positive single-leg stance test with lateral hip pain is worth showing a physiotherapist.")
            else:
                findings.append(Finding(test.key, None, f"{test.name}: level pelvis on each leg tested (negative)"))
        elif test.key == "squeeze-pain":
            pain = given[None]
            if pain >= 6:
                findings.append(Finding(test.key, "beginner", f"squeeze pain {pain:g}/10: 6 or more means clearly impaired function"))
                advice.append("Groin pain of 6/10 or more on the squeeze: see a clinician before adductor loading such as the Copenhagen (Thorborg 2017).")
            elif pain >= 3:
                findings.append(Finding(test.key, None, f"squeeze pain {pain:g}/10: moderate; keep adductor work at pain 3/10 or less (Harøy 2019, Hölmich 1999)"))
            else:
                findings.append(Finding(test.key, None, f"squeeze pain {pain:g}/10: normal range (0-2)"))
    rated = [finding for finding in findings if finding.level is not None]
    if rated:
        lowest = min(rated, key=lambda finding: LEVELS.index(finding.level))
        level = lowest.level
        reason = (f"the lowest level any test points to ({lowest.text.split(':')[0]}); a suggestion, not a rule: "
                  f"the cut-offs are {MAPPING}")
    else:
        level, reason = None, "no test that points to a level was done"
    advice.append("A self-test screens; it does not diagnose. Stop any test that causes sharp pain (R22).")
    return Report(tuple(findings), tuple(flags), level, reason, tuple(advice))


@dataclass(frozen=True)
class Change:
    """How one test's result moved between two assessments."""
    test: str
    side: str | None
    before: float
    after: float
    text: str


def previous_before(assessments: Sequence[object], taken: object) -> object | None:
    """The latest assessment taken before ``taken`` (or in the same second), to compare with: never a later
    one, so an assessment dated earlier than the last compares with the one before it, forwards in time."""
    earlier = [item for item in assessments if item.taken <= taken]  # type: ignore[attr-defined]
    return max(earlier, key=lambda item: item.taken) if earlier else None  # type: ignore[attr-defined]


def compare(before: Results, after: Results) -> list[Change]:
    """What changed since the last assessment, test by test and side by side."""
    changes = []
    for test in BATTERY:
        for side in (("left", "right") if test.per_side else (None,)):
            old, new = before.get((test.key, side)), after.get((test.key, side))
            if old is None or new is None:
                continue
            where = f"{test.name}{', ' + side if side else ''}"
            if test.unit == "yes-no":
                words = {0: "level", 1: "dropped"}
                text = f"{where}: {words[int(old)]} -> {words[int(new)]}"
            else:
                delta = new - old
                unit = {"seconds": " s", "reps": " reps", "pain": "/10"}[test.unit]
                text = f"{where}: {old:g} -> {new:g}{unit} ({delta:+g})"
            changes.append(Change(test.key, side, old, new, text))
    return changes


def parse_value(test: SelfTest, text: str) -> float:
    """One typed result: seconds or reps (0-600), yes/no, or pain 0-10. Raises ValueError with a reason."""
    word = text.strip().lower()
    if test.unit == "yes-no":
        if word in ("y", "yes", "1", "drop", "dropped"):
            return 1.0
        if word in ("n", "no", "0", "level"):
            return 0.0
        raise ValueError(f"'{text}' must be yes (the pelvis dropped) or no")
    try:
        value = float(word)
    except ValueError:
        raise ValueError(f"'{text}' must be a number") from None
    top = 10 if test.unit == "pain" else 600
    if not 0 <= value <= top or value != value:
        raise ValueError(f"{text} must be from 0 to {top}")
    return value


def results_from(pairs: Sequence[tuple[str, str | None, float]]) -> dict[tuple[str, str | None], float]:
    return {(test, side): value for test, side, value in pairs}


# --- what an assessment means for the plan -------------------------------------------------------

# The squeeze pain at which Copenhagen loading waits for a clinician: 6+ is
# clearly impaired function (Thorborg 2017, CS5).
SQUEEZE_RED_FLAG = 6
SQUEEZE_CARD = "adductor-ball-squeeze"


@dataclass(frozen=True)
class Screen:
    """What the latest self-tests change in a plan; the planner reads it (``build_plan(..., screen=...)``).

    ``no_adductor_loading``: a red-flag squeeze: no Copenhagen or other
    adductor loading, only the isometric ball squeeze kept under 3/10 pain.
    ``abductor_level``: a positive single-leg stance caps abductor cards and
    doses at this level. ``level``: the suggested level, for a person who set none.
    """

    no_adductor_loading: bool = False
    abductor_level: str | None = None
    level: str | None = None
    notes: tuple[str, ...] = ()

    def allows(self, exercise: object) -> bool:
        """Whether a card may be planned at all under this screen."""
        if self.no_adductor_loading and exercise.trains("adductors", secondary=False):  # type: ignore[attr-defined]
            return exercise.slug == SQUEEZE_CARD  # type: ignore[attr-defined]
        if self.abductor_level is not None and _abductor_work(exercise):
            return exercise.suits(self.abductor_level)  # type: ignore[attr-defined]
        return True

    def level_for(self, exercise: object, level: str) -> str:
        """The level whose dose a card gets: capped for abductor work after a positive stance test."""
        if self.abductor_level is not None and _abductor_work(exercise):
            return min(level, self.abductor_level, key=LEVELS.index)
        return level


def _abductor_work(exercise: object) -> bool:
    return exercise.trains("hip-abductors", secondary=False) and exercise.pattern in (  # type: ignore[attr-defined]
        "hip-abduction", "hip-rotation", "single-leg-stability",
    )


def screen(results: Results | None) -> Screen:
    """The plan's gates from one assessment's results (``None`` or empty: no gates)."""
    if not results:
        return Screen()
    report = evaluate(results)
    notes: list[str] = []
    squeeze = results.get(("squeeze-pain", None))
    red_flag = squeeze is not None and squeeze >= SQUEEZE_RED_FLAG
    if red_flag:
        notes.append(
            f"Your last assessment had squeeze pain {squeeze:g}/10 (6 or more: clearly impaired function, Thorborg "
            "2017): no Copenhagen or other adductor loading until a clinician has seen you; an isometric ball "
            "squeeze kept under 3/10 pain stands in (Hölmich 1999, CS1)."
        )
    dropped = [side for side in ("left", "right") if (results.get(("single-leg-stance", side)) or 0) >= 1]
    if dropped:
        notes.append(
            f"Your last assessment had a positive single-leg stance test ({' and '.join(dropped)} leg): abductor "
            "work stays at beginner cards and doses until the pelvis stays level (CS5; hipcli's convention)."
        )
    return Screen(
        no_adductor_loading=red_flag,
        abductor_level="beginner" if dropped else None,
        level=report.level,
        notes=tuple(notes),
    )


def level_for(chosen: str | None, latest: Screen | None) -> tuple[str, str | None]:
    """The level to plan at: the person's own when they set one, else the assessment's suggestion, else beginner.

    Returns the level and a note saying where it came from (None for the person's own choice).
    """
    if chosen is not None:
        return chosen, None
    if latest is not None and latest.level is not None:
        return latest.level, (
            f"Level {latest.level}: suggested by your last assessment (hipcli's own mapping of the test norms, not a "
            "published cut-off); set your own with 'hipcli config level LEVEL'."
        )
    return "beginner", None
