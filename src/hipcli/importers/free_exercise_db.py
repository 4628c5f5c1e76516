"""free-exercise-db (yuhonas/free-exercise-db; its data under the Unlicense) to a hipcli catalogue add-on.

free-exercise-db describes each exercise by name, free-text instructions and
a coarse muscle vocabulary, and gives no doses. hipcli needs more: a movement
pattern, hip muscles by name, a position, a dose per level. So the converter

- checks every record against the dataset's own vocabulary (an unknown muscle
  or equipment value, a missing field, an escape sequence or markup in a name
  is an error: nothing is written);
- names the movement from the exercise's name (and, for stretches, what is
  stretched), and maps the muscles by what that movement is: the dataset
  codes hip-flexor drills as "quadriceps", so a leg raise or a knee drive
  trains psoas, iliacus and rectus femoris here; abduction work trains
  gluteus medius and minimus; a squat or lunge also trains gluteus maximus;
- gives every level a default dose from R7 (R6 for stretch holds) by
  category, marked ``default = true`` because no source gives one;
- keeps the dataset's id in each card's source and its pictures as links,
  and says in each card's notes what was inferred.

Exercises hipcli cannot plan with (barbells, machines, cables, upper-body
work, movements outside its patterns) are left out and counted by reason.
Apart from reading its input (a file or a URL), this module is pure.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import HipcliError
from ..text import one_line
from .free_exercise_db_map import (
    CATEGORIES,
    CORE,
    CUE_WORDS,
    EQUIPMENT,
    EQUIPMENT_REASON,
    FORCES,
    GUIDE,
    HIP_FLEXORS,
    HIP_MUSCLES,
    HIP_PATTERNS,
    LEVELS,
    MECHANICS,
    MISTAKE_WORDS,
    MOVEMENTS,
    MUSCLES,
    STRETCHES,
    STRETCH_GUIDE,
    default_dose,
    goals_for,
    muscles_for,
)

UPSTREAM = "https://github.com/yuhonas/free-exercise-db"
# Pictures are served from the upstream repository's exercises/ folder.
# The whole dataset is about 1 MB; anything far beyond is not it.
MAX_BYTES = 16 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30

Scope = Literal["hips", "all"]


class ImportProblem(HipcliError):
    """The input is not a free-exercise-db file hipcli can convert."""


@dataclass(frozen=True)
class Record:
    """One checked free-exercise-db entry."""

    id: str
    name: str
    force: str | None
    level: str
    mechanic: str | None
    equipment: str | None
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    instructions: tuple[str, ...]
    category: str
    images: tuple[str, ...]


@dataclass
class Conversion:
    """What an import produced: cards and references as plain data, and what was left out."""

    cards: list[dict[str, Any]] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    total: int = 0


# --- reading ---------------------------------------------------------------------


def is_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source))


def read_source(source: str) -> bytes:
    """The bytes of a local file or of an http(s) URL, or one sentence saying why not."""
    if not is_url(source):
        from ..reading import read_bytes

        return read_bytes(Path(source), ImportProblem, noun="free-exercise-db file", limit=MAX_BYTES)
    return _download(source)


def _download(url: str) -> bytes:
    import urllib.error
    import urllib.request

    shown = one_line(url)
    if not url.lower().startswith(("https://", "http://")):
        raise ImportProblem(f"{shown}: only http:// and https:// links can be downloaded; save the file and give its path")
    request = urllib.request.Request(url, headers={"User-Agent": "hipcli (free-exercise-db import)"})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ImportProblem(f"{shown}: the server answered {error.code} {one_line(str(error.reason))}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        text = getattr(reason, "strerror", None) or str(reason)
        raise ImportProblem(
            f"{shown}: cannot download ({one_line(text)}); check the link and that you are online, "
            f"or download dist/exercises.json yourself and give its path"
        ) from None
    except (TimeoutError, OSError) as error:
        raise ImportProblem(
            f"{shown}: cannot download ({one_line(str(error) or type(error).__name__)}); "
            f"check that you are online, or give the path of a saved copy"
        ) from None
    if len(data) > MAX_BYTES:
        raise ImportProblem(f"{shown}: is larger than {MAX_BYTES // 1_000_000} MB; not a free-exercise-db file")
    return data


def parse(label: str, raw: bytes) -> list[Record]:
    """Check the whole file against free-exercise-db's format: every problem, one line each."""
    from ..reading import decode

    shown = one_line(label)
    text = decode(Path(label), raw, ImportProblem)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"{shown}: line {error.lineno}, column {error.colno}: not JSON ({error.msg}); "
            f"give free-exercise-db's dist/exercises.json"
        ) from None
    except RecursionError:
        raise ImportProblem(f"{shown}: arrays or objects are nested too deeply to read") from None
    if not isinstance(data, list):
        raise ImportProblem(
            f"{shown}: expected a list of exercises (free-exercise-db's dist/exercises.json), "
            f"found {_kind(data)}"
        )
    if not data:
        raise ImportProblem(f"{shown}: the list of exercises is empty")
    records: list[Record] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data):
        found, issues = _record(entry, index)
        where = _entry_label(entry, index)
        problems += [f"{shown}: {where}: {issue}" for issue in issues]
        if found is not None:
            if found.id in seen:
                problems.append(f"{shown}: {where}: id: also used by entry #{seen[found.id] + 1}; ids must be unique")
            seen.setdefault(found.id, index)
            records.append(found)
    if problems:
        raise ImportProblem(problems[0] if len(problems) == 1 else f"{shown}: {len(problems)} problems", problems)
    return records


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "null"
    return "a number"


def _entry_label(entry: Any, index: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return f"entry '{one_line(entry['id'][:60])}'"
    return f"entry #{index + 1}"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKUP = re.compile(r"[\[\]<>{}`\\]")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
_IMAGE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.(jpg|jpeg|png|gif|webp)$")


def _text(value: Any, key: str, issues: list[str], *, plain: bool = False, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        issues.append(f"{key}: must be text, not {_kind(value)}")
        return None
    if not value.strip():
        issues.append(f"{key}: must not be empty")
        return None
    control = _CONTROL.search(value)
    if control:
        issues.append(f"{key}: holds a control character ({one_line(control.group())}); names and steps are plain text")
        return None
    if plain and _MARKUP.search(value):
        issues.append(f"{key}: '{one_line(value[:60])}' looks like markup ({_MARKUP.search(value).group()}); names are plain words")
        return None
    return " ".join(value.split())


def _choice(value: Any, key: str, allowed: Any, issues: list[str], *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in allowed:
        shown = f"'{one_line(value[:40])}'" if isinstance(value, str) else _kind(value)
        issues.append(f"{key}: {shown} is not a free-exercise-db value ({', '.join(allowed)})")
        return None
    return value


def _record(entry: Any, index: int) -> tuple[Record | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [f"must be an object with the exercise's fields, not {_kind(entry)}"]
    issues: list[str] = []
    required = ("id", "name", "level", "primaryMuscles", "secondaryMuscles", "instructions", "category")
    for key in required:
        if key not in entry:
            issues.append(f"{key}: is required")
    unknown = sorted(set(entry) - {*required, "force", "mechanic", "equipment", "images"})
    if unknown:
        issues.append(f"{one_line(unknown[0][:40])}: not a free-exercise-db field")
    if issues:
        return None, issues
    ident = _text(entry["id"], "id", issues)
    if ident is not None and not _ID.match(entry["id"]):
        issues.append(f"id: '{one_line(entry['id'][:60])}' must be letters, digits, '_' and '-'")
    name = _text(entry["name"], "name", issues, plain=True)
    level = _choice(entry["level"], "level", LEVELS, issues)
    force = _choice(entry.get("force"), "force", FORCES, issues, optional=True)
    mechanic = _choice(entry.get("mechanic"), "mechanic", MECHANICS, issues, optional=True)
    equipment = _choice(entry.get("equipment"), "equipment", EQUIPMENT, issues, optional=True)
    category = _choice(entry["category"], "category", CATEGORIES, issues)
    muscles: dict[str, tuple[str, ...]] = {}
    for key in ("primaryMuscles", "secondaryMuscles"):
        value = entry[key]
        if not isinstance(value, list):
            issues.append(f"{key}: must be a list of muscle names, not {_kind(value)}")
            continue
        muscles[key] = tuple(
            item for position, item in enumerate(value)
            if _choice(item, f"{key}[{position}]", MUSCLES, issues) is not None
        )
    if "primaryMuscles" in muscles and not entry["primaryMuscles"]:
        issues.append("primaryMuscles: needs at least one muscle")
    steps: list[str] = []
    if not isinstance(entry["instructions"], list):
        issues.append(f"instructions: must be a list of sentences, not {_kind(entry['instructions'])}")
    else:
        for position, item in enumerate(entry["instructions"]):
            if isinstance(item, str) and not item.strip():
                continue  # the dataset has a few blank lines between steps
            text = _text(item, f"instructions[{position}]", issues)
            if text is not None:
                steps.append(text)
    images: list[str] = []
    value = entry.get("images", [])
    if not isinstance(value, list):
        issues.append(f"images: must be a list of picture paths, not {_kind(value)}")
    else:
        for position, item in enumerate(value):
            if not isinstance(item, str) or not _IMAGE.match(item) or ".." in item:
                shown = f"'{one_line(item[:60])}'" if isinstance(item, str) else _kind(item)
                issues.append(f"images[{position}]: {shown} is not a relative picture path such as 'Clam/0.jpg'")
            else:
                images.append(item)
    if issues:
        return None, issues
    return Record(
        id=str(ident), name=str(name), force=force, level=str(level), mechanic=mechanic, equipment=equipment,
        primary=muscles["primaryMuscles"], secondary=muscles["secondaryMuscles"], instructions=tuple(steps),
        category=str(category), images=tuple(images),
    ), []


# --- what the movement is (the keyword tables are in free_exercise_db_map.py) -------------


def _movement(record: Record) -> tuple[str | None, tuple[str, ...] | None]:
    """The hipcli pattern, and for stretches the muscles it stretches (None: the dataset's)."""
    name = record.name.lower()
    if record.category == "stretching":
        for regex, pattern, muscles in STRETCHES:
            if re.search(regex, name):
                return pattern, muscles
        return None, None
    for regex, pattern in MOVEMENTS:
        if re.search(regex, name):
            return pattern, None
    return None, None


def _text_of(record: Record) -> str:
    return " ".join((record.name, *record.instructions)).lower()


def _position(record: Record) -> str:
    """From the name, else from the first step (where the set-up is described)."""
    name = record.name.lower()
    first = record.instructions[0].lower()
    for where in (name, first):
        for regex, position in (
            (r"hanging|hang from|parallel bars|pull-?up bar", "hanging"),
            (r"side bridge|side plank|side.?lying|(lie|lay) on your side|on your side", "side-lying"),
            (r"\bplank|push-?up position|prone|face ?down|on your stomach", "prone"),
            (r"all fours|hands and knees|quadruped", "quadruped"),
            (r"half.?kneeling|on one knee|kneel on one", "half-kneeling"),
            (r"kneel", "kneeling"),
            (r"supine|on your back|(lie|lay|lying|laying) (down|flat|on)", "supine"),
            (r"seated|\bsit (on|down on|upright|tall|with)|sitting on|sit on the floor", "seated"),
            (r"\bstand", "standing"),
        ):
            if re.search(regex, where):
                return position
    return "standing"


def _laterality(record: Record, pattern: str) -> str:
    text = _text_of(record)
    if re.search(r"alternat", text) or pattern == "locomotion" and re.search(r"skip|bound|carioca", text):
        return "alternating"
    if re.search(
        r"single.?leg|one.?leg|one.?arm|single.?arm|each (leg|side)|other (leg|side)|opposite (leg|side)|"
        r"switch (legs|sides)|one side|one knee|one foot",
        text,
    ):
        return "one-side"
    return "both"


def _unit(record: Record, category: str, pattern: str) -> str:
    if record.force == "static" or (category == "mobility" and record.force is None):
        return "seconds"
    if re.search(r"\bwalk\b|monster walk|shuffle|carioca", record.name.lower()):
        return "steps"
    return "reps"


def _loads(record: Record, pattern: str, position: str) -> list[str]:
    text = _text_of(record)
    loads = []
    if pattern in ("squat", "lunge", "knee-extension", "knee-flexion", "locomotion") or re.search(r"jump|hop|kneel", text):
        loads.append("knee")
    if pattern == "hinge" or position == "hanging" or (
        pattern == "hip-flexion" and position in ("supine", "hanging")
    ) or re.search(r"hyperextension|good morning|leg raise", text):
        loads.append("lower-back")
    if position in ("prone", "quadruped", "hanging") or pattern in ("anti-extension", "anti-lateral-flexion") or re.search(
        r"push-?up|plank|mountain climber", text
    ):
        loads.append("wrist-shoulder")
    return loads


def _hip_positions(record: Record, pattern: str, position: str) -> list[str]:
    text = _text_of(record)
    found = []
    # Conservative: a movement that may pass 90 degrees of flexion is listed,
    # so a hip-replacement precaution leaves it out (see the card's notes).
    if pattern in ("squat", "lunge", "hinge") or re.search(
        r"knees? (in )?to(wards)? (your |the )?chest|child|pistol|deep|90 degrees|tuck|pike|pull-in|groiner", text
    ) or (pattern == "hip-flexion" and position in ("supine", "hanging", "seated")):
        found.append("flexion-past-90")
    if re.search(r"cross(es|ing)? (over|the opposite)|across (the|your) body|crossover|curtsy|figure.?(four|4)", text):
        found.append("adduction-past-midline")
    if re.search(r"internal(ly)? rotat|windmill", text):
        found.append("internal-rotation")
    if position == "supine":
        found.append("long-supine")
    return found


# --- converting -----------------------------------------------------------------------


def slug_for(ident: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-") or "exercise"
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug


def reference_key(ident: str) -> str:
    return f"free-exercise-db.{ident}"


def convert(
    records: list[Record],
    *,
    scope: Scope = "hips",
    taken: set[str] | None = None,
) -> Conversion:
    """Cards for the records hipcli can plan with; ``taken`` holds names already used (normalised).

    A card whose slug or name is taken (by the bundled catalogue, say) gets
    a "-fedb" slug and "(free-exercise-db)" after its name, so the two can
    be used side by side.
    """
    from ..catalogue import normalise

    used = set(taken or ())
    result = Conversion(total=len(records))
    for record in records:
        card, reason = _card(record, scope)
        if card is None:
            result.skipped[str(reason)] += 1
            continue
        if card["slug"] in used or normalise(card["name"]) in used:
            card["slug"] = slug_for(card["slug"][:55]) + "-fedb"
            card["name"] = f"{card['name']} (free-exercise-db)"
            card["notes"].append("Renamed: another card already uses this exercise's name.")
        if card["slug"] in used or normalise(card["name"]) in used:
            result.skipped["its name is already taken"] += 1
            continue
        used |= {card["slug"], normalise(card["name"])}
        result.cards.append(card)
        result.references[reference_key(record.id)] = (
            f"free-exercise-db ({UPSTREAM}, data under the Unlicense), exercise '{record.id}': "
            f"name, muscles, equipment, level, category and instructions. Its pictures are of unknown "
            f"origin and are neither shown nor linked."
        )
    return result


def _card(record: Record, scope: Scope) -> tuple[dict[str, Any] | None, str | None]:
    category = CATEGORIES[record.category]
    if category is None:
        return None, "cardio (hipcli plans no conditioning work)"
    equipment = EQUIPMENT[record.equipment] if record.equipment is not None else ()
    if equipment is None:
        return None, EQUIPMENT_REASON + f": {record.equipment}"
    steps = _steps(record)
    if steps is None:
        return None, "fewer than two instructions"
    pattern, stretched = _movement(record)
    if pattern is None:
        return None, "a movement outside hipcli's patterns (upper body, crunches, calves and the like)"
    notes: list[str] = []
    primary = _prime_movers(record, category, pattern, stretched, notes)
    if not primary:
        return None, "no muscle in hipcli's vocabulary"
    secondary = [m for m in muscles_for(record.secondary) if m not in primary]
    _note_untracked(record, notes)
    trains_hips = bool(set(primary) & HIP_MUSCLES) or pattern in HIP_PATTERNS
    if scope == "hips" and not trains_hips:
        return None, "not hip work (use --all to keep it)"

    position = _position(record)
    equipment, band_kind = _kit(record, equipment, position, notes)
    category = _core_or(category, primary)
    cues, mistakes = _cues_and_mistakes(steps, category, pattern, notes)
    notes.insert(
        0,
        f"Imported from free-exercise-db (exercise '{record.id}'). Movement ({pattern}), position, sides, "
        f"goals, loads and hip positions are inferred from its name and steps: check them before relying on --avoid.",
    )
    card: dict[str, Any] = {
        "slug": slug_for(record.id),
        "name": record.name,
        "summary": _summary(record, category, primary),
        "category": category,
        "pattern": pattern,
        "primary": primary,
        "secondary": secondary,
        "equipment": list(equipment),
    }
    if band_kind:
        card["band"] = {"placement": _band_placement(steps)}
    card |= _card_body(record, category, pattern, primary, position, steps, uses_band=band_kind is not None)
    card |= {"cues": cues, "mistakes": mistakes}
    card |= _card_tail(record, card, notes)
    return card, None


def _steps(record: Record) -> list[str] | None:
    """The record's steps, a lone instruction split into its sentences; None below two."""
    if len(record.instructions) >= 2:
        return list(record.instructions)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(record.instructions)) if s]
    return sentences if len(sentences) >= 2 else None


def _prime_movers(
    record: Record, category: str, pattern: str, stretched: tuple[str, ...] | None, notes: list[str]
) -> list[str]:
    """The card's primary muscles, corrected where the dataset's coding disagrees with the movement."""
    primary = muscles_for(record.primary) if stretched is None else list(stretched)
    if stretched is not None and stretched != tuple(muscles_for(record.primary)):
        notes.append(
            f"Muscles inferred from what the stretch is: free-exercise-db codes it "
            f"{', '.join(record.primary)}."
        )
    loaded = category != "mobility"
    if pattern == "hip-flexion":
        primary = _hip_flexion_movers(record, primary, loaded, notes)
    if pattern == "hip-abduction" and loaded and "gluteus-maximus" in primary:
        primary = [m for m in primary if m != "gluteus-maximus"]
        primary += [m for m in ("gluteus-medius", "gluteus-minimus") if m not in primary]
        notes.append("free-exercise-db codes this as glutes; sideways lifting is gluteus medius and minimus work.")
    if pattern in ("squat", "lunge") and "gluteus-maximus" not in primary:
        primary.append("gluteus-maximus")
        notes.append("Gluteus maximus counted as a prime mover: squats and lunges extend the hip.")
    return primary


def _hip_flexion_movers(record: Record, primary: list[str], loaded: bool, notes: list[str]) -> list[str]:
    """Hip-flexor work names the hip flexors first, whatever muscles the dataset codes it with."""
    if "quadriceps" in record.primary:
        primary = [m for m in primary if m != "quadriceps"]
        notes.append("free-exercise-db codes hip-flexor work as quadriceps; this card names the hip flexors that lift the thigh.")
    if loaded and not set(primary) & set(HIP_FLEXORS):
        notes.append("Hip flexors added: the movement lifts the thigh, whatever free-exercise-db lists.")
    if loaded:
        primary = [*HIP_FLEXORS, *[m for m in primary if m not in HIP_FLEXORS]]
    return primary


def _note_untracked(record: Record, notes: list[str]) -> None:
    dropped = sorted({m for m in (*record.primary, *record.secondary) if not MUSCLES[m]})
    if dropped:
        notes.append(f"Left out muscles hipcli does not track: {', '.join(dropped)}.")


def _core_or(category: str, primary: list[str]) -> str:
    """Strength work whose prime movers are trunk muscles (with at most glutes and hamstrings) is core work."""
    if category == "strength" and set(primary) <= CORE | {"gluteus-maximus", "hamstrings"} and set(primary) & CORE:
        return "core"
    return category


def _band_placement(steps: list[str]) -> str:
    placement = next((s for s in steps if re.search(r"\bband", s, re.I)), "As the steps describe.")
    return placement[:297] + "..." if len(placement) > 300 else placement


def _kit(
    record: Record, equipment: tuple[str, ...], position: str, notes: list[str]
) -> tuple[tuple[str, ...], str | None]:
    """The equipment with the band's kind and the set-up's kit inferred, and the band kind if any."""
    band_kind = None
    if equipment == ("band",):
        loop = re.search(r"around (both |your |the )*(ankles?|knees?|thighs?|legs?|feet|foot)", _text_of(record))
        band_kind = "mini-band" if loop else "long-band"
        equipment = (band_kind,)
        notes.append(f"Band type inferred from the steps: {band_kind.replace('-', ' ')}.")
    # "body only" in the dataset still hangs from bars or lies on benches: the kit is in the set-up.
    setup = " ".join((record.name, record.instructions[0])).lower()
    for regex, kit in (
        (r"hanging|hang from|pull-?up bar|chin-?up bar|parallel bars", "pull-up-bar"),
        (r"\bbench\b|\bbox\b", "box-or-bench"),
        (r"\bchair\b|\bwall\b", "wall-or-chair"),
    ):
        if re.search(regex, setup) and kit not in equipment and (kit != "pull-up-bar" or position == "hanging"):
            equipment = (*equipment, kit)
            notes.append(f"Kit inferred from the set-up: {kit.replace('-', ' ')}.")
    return equipment, band_kind


def _cues_and_mistakes(steps: list[str], category: str, pattern: str, notes: list[str]) -> tuple[list[str], list[str]]:
    """Up to two cues and two mistakes from the steps' sentences, else hipcli's guidance for the movement."""
    sentences = [sentence for step in steps for sentence in re.split(r"(?<=[.!?])\s+", step)]
    cue_lines = [sentence for sentence in sentences if CUE_WORDS.search(sentence)]
    mistake_lines = [sentence for sentence in sentences if MISTAKE_WORDS.search(sentence)]
    guide_cue, guide_mistake = STRETCH_GUIDE if category == "mobility" else GUIDE.get(pattern, GUIDE["hip-rotation"])
    cues = [re.sub(r"^(tip|note|caution):\s*", "", line, flags=re.I) for line in cue_lines[:2]] or [guide_cue]
    mistakes = [re.sub(r"^(tip|note|caution):\s*", "", line, flags=re.I) for line in mistake_lines[:2]] or [guide_mistake]
    if not cue_lines or not mistake_lines:
        notes.append("Cues or mistakes are hipcli's general guidance for this movement: free-exercise-db gives none.")
    return cues, mistakes


def _summary(record: Record, category: str, primary: list[str]) -> str:
    groups = ", ".join(m.replace("-", " ") for m in primary)
    kit = record.equipment or "no equipment"
    return (
        f"{record.name}, from free-exercise-db: a {record.level} {record.category} exercise "
        f"({kit}) that {'stretches' if category == 'mobility' else 'trains'} the {groups}."
    )


def _card_body(
    record: Record, category: str, pattern: str, primary: list[str], position: str, steps: list[str], *, uses_band: bool
) -> dict[str, Any]:
    """The card's fields from position to steps, in the order the file writes them."""
    laterality = _laterality(record, pattern)
    unit = _unit(record, category, pattern)
    level = LEVELS[record.level]
    levels = ("beginner", "intermediate", "advanced")[("beginner", "intermediate", "advanced").index(level):]
    return {
        "position": position,
        "laterality": laterality,
        "unit": unit,
        "per_side": laterality != "both",
        "level": level,
        "prescription": {lv: default_dose(lv, category, unit, uses_band) for lv in levels},
        "steps": steps,
    }


def _card_tail(record: Record, card: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The card's fields from breathing to notes, in the order the file writes them, from the fields before."""
    category, pattern, position = card["category"], card["pattern"], card["position"]
    mobility = category == "mobility"
    stretch_source = "R6" if card["unit"] == "seconds" and mobility else "R7"
    return {
        "breathing": (
            "Breathe slowly and let each breath out ease you into the stretch; never hold your breath (R23)."
            if mobility
            else "Breathe out on the effort and keep breathing; never hold your breath (R23)."
        ),
        "safety": ["Stop if it hurts: effort is expected, pain is not (R22)."],
        "loads": _loads(record, pattern, position),
        "hip_positions": _hip_positions(record, pattern, position),
        "goals": goals_for(card["primary"], pattern, category),
        "sessions": ["mobility"] if mobility else ["strength"],
        "sources": [reference_key(record.id), stretch_source, "R22", "R23"],
        "notes": notes,
        # No "images": the dataset's pictures are of unknown origin, so hipcli neither
        # copies nor links them; a card can be given hipcli's own figure instead.
    }


def left_out(conversion: Conversion) -> list[str]:
    """What was left out and why, most first, with the kinds of equipment gathered in one line."""
    kit = Counter({reason.split(": ", 1)[1]: count for reason, count in conversion.skipped.items() if reason.startswith(EQUIPMENT_REASON)})
    reasons = Counter({reason: count for reason, count in conversion.skipped.items() if not reason.startswith(EQUIPMENT_REASON)})
    if kit:
        reasons[EQUIPMENT_REASON + " (" + ", ".join(f"{name} {count}" for name, count in kit.most_common()) + ")"] = sum(kit.values())
    return [f"{count} {reason}" for reason, count in reasons.most_common()]


def document(conversion: Conversion) -> dict[str, Any]:
    """The add-on catalogue file's data: references and cards."""
    return {"format": 1, "references": conversion.references, "exercises": conversion.cards}


def to_toml(conversion: Conversion, *, source: str, scope: Scope, version: str) -> str:
    import tomli_w

    kept = len(conversion.cards)
    skipped = "; ".join(left_out(conversion))
    header = (
        f"# Imported by hipcli {version} from free-exercise-db ({one_line(source)}), --{scope}:\n"
        f"# {kept} of {conversion.total} exercises kept.\n"
        + (f"# Left out: {skipped}.\n" if skipped else "")
        + "# Every dose is a default from R7 (R6 for stretches), not from a source: check them.\n"
        "# Use beside the bundled catalogue: hipcli plan --with THIS-FILE ...\n\n"
    )
    return header + tomli_w.dumps(document(conversion))
