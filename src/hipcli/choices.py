"""Forgiving matching for every closed list a person types a word from.

One matcher serves every option with a fixed set of answers (level, goal,
session, muscle, kit, avoid, category, formats, config keys), so each of them
accepts the same slips and answers a miss the same way:

- case, spaces and underscores do not matter (``Beginner``, ``warm up``,
  ``hip_health``), nor do hyphens (``warm-up`` is ``warmup``);
- a plural or singular of a choice is that choice (``glute``, ``knees``);
- words people use for a choice are that choice where the meaning is clear
  (``run`` is ``running``, ``chair`` is ``wall-or-chair``); where it is not
  (``band``: a mini band or a long one?), the answer names the candidates;
- a unique beginning of at least three letters is the choice (``beg``);
- anything else gets a did-you-mean from the closest choices, and the list,
  with no choice named twice.

Pure: no typer, no printing. ``ChoiceError`` is a usage error (exit 2).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .errors import RequestError


class ChoiceError(RequestError):
    """A typed word is none of the choices; the message suggests the closest."""


class Vocabulary(NamedTuple):
    noun: str  # "a goal": how the error names one choice
    choices: tuple[str, ...]
    words: dict[str, tuple[str, ...]]  # what people type -> the choice(s) it can mean


def _compact(word: str) -> str:
    return re.sub(r"[\s_\-]+", "", word.strip().lower())


def _words(pairs: dict[str, str | tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {_compact(word): (meaning,) if isinstance(meaning, str) else meaning for word, meaning in pairs.items()}


def _vocabularies() -> dict[str, Vocabulary]:
    from .models import (
        AVOID_FLAGS,
        EQUIPMENT,
        GOALS,
        LEVELS,
        MUSCLE_GROUPS,
        MUSCLES,
        SESSION_TYPES,
    )

    bands = ("mini-band", "long-band")
    return {
        "level": Vocabulary(
            "a level",
            LEVELS,
            _words({"novice": "beginner", "new": "beginner", "starter": "beginner", "intermediary": "intermediate",
                    "mid": "intermediate", "medium": "intermediate", "expert": "advanced", "experienced": "advanced"}),
        ),
        "goal": Vocabulary(
            "a goal",
            GOALS,
            _words({"run": "running", "runner": "running", "jog": "running", "jogging": "running",
                    "sprinting": "sprint", "sprinter": "sprint", "speed": "sprint", "glute": "glutes",
                    "bum": "glutes", "butt": "glutes", "health": "hip-health", "hips": "hip-health",
                    "hip": "hip-health", "office": "desk", "sitting": "desk", "work": "desk"}),
        ),
        "session": Vocabulary(
            "a session type",
            SESSION_TYPES,
            _words({"warm": "warmup", "ramp": "warmup", "strengthening": "strength", "main": "strength",
                    "stretch": "mobility", "stretching": "mobility", "cooldown": "mobility", "cool-down": "mobility",
                    "break": "mobility"}),
        ),
        "muscle": Vocabulary(
            "a muscle or group",
            (*MUSCLE_GROUPS, *MUSCLES),
            _words({"psoas": "psoas-major", "iliopsoas": ("psoas-major", "iliacus"), "hip-flexor": "hip-flexors",
                    "flexors": "hip-flexors", "abductors": "hip-abductors", "abductor": "hip-abductors",
                    "glute": "glutes", "gluteals": "glutes", "bum": "glutes", "glute-max": "gluteus-maximus",
                    "glute-med": "gluteus-medius", "glute-min": "gluteus-minimus", "tfl": "tensor-fasciae-latae",
                    "adductor": "adductors", "groin": "adductors", "inner-thigh": "adductors",
                    "hamstring": "hamstrings", "hammies": "hamstrings", "quads": "quadriceps", "quad": "quadriceps",
                    "calf": "calves", "abs": "rectus-abdominis", "oblique": "obliques", "tva": "transversus-abdominis",
                    "lower-back": "erector-spinae", "ql": "quadratus-lumborum", "rotators": "hip-rotators",
                    "extensors": "hip-extensors", "piriformis": "deep-hip-rotators", "trunk": "core"}),
        ),
        "equipment": Vocabulary(
            "equipment hipcli knows",
            EQUIPMENT,
            _words({"band": bands, "bands": bands, "resistance-band": bands, "loop": "mini-band",
                    "loop-band": "mini-band", "mini-loop": "mini-band", "hip-circle": "mini-band",
                    "booty-band": "mini-band", "theraband": "long-band", "tube": "long-band",
                    "tubing": "long-band", "kb": "kettlebell", "chair": "wall-or-chair", "wall": "wall-or-chair",
                    "bench": "box-or-bench", "box": "box-or-bench", "stairs": "step", "stair": "step",
                    "bar": "pull-up-bar", "pullup-bar": "pull-up-bar", "chin-up-bar": "pull-up-bar"}),
        ),
        "avoid": Vocabulary(
            "a load or precaution",
            AVOID_FLAGS,
            _words({"knees": "knee", "back": "lower-back", "low-back": "lower-back", "lumbar": "lower-back",
                    "wrist": "wrist-shoulder", "wrists": "wrist-shoulder", "shoulder": "wrist-shoulder",
                    "shoulders": "wrist-shoulder", "hip-replaced": "hip-replacement", "thr": "hip-replacement",
                    "pregnant": "pregnancy", "impingement": "fai"}),
        ),
        "category": Vocabulary(
            "a category",
            ("activation", "strength", "mobility", "core", "power"),
            _words({"plyometric": "power", "plyo": "power", "stretch": "mobility", "activate": "activation"}),
        ),
    }


_CACHE: dict[str, Vocabulary] = {}


def vocabulary(kind: str) -> Vocabulary:
    if not _CACHE:
        _CACHE.update(_vocabularies())
    return _CACHE[kind]


def choices(kind: str) -> tuple[str, ...]:
    return vocabulary(kind).choices


def listing(names: Sequence[str], last: str = "or") -> str:
    """'a, b or c': each name once, in the order given."""
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def meanings(value: str, options: Sequence[str], words: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """Every choice ``value`` can mean: one when the meaning is clear, several when not, none when lost."""
    key = _compact(value)
    if not key:
        return ()
    words = words or {}
    by_key = {_compact(option): option for option in options}
    for candidate in (key, key + "s", key.removesuffix("s"), key.removesuffix("es")):
        if candidate in by_key:
            return (by_key[candidate],)
    for candidate in (key, key.removesuffix("s")):
        if candidate in words:
            return words[candidate]
    if len(key) >= 3:
        starts = [option for compact, option in by_key.items() if compact.startswith(key)]
        starts += [meaning for word, found in words.items() if word.startswith(key) for meaning in found]
        starts = list(dict.fromkeys(starts))
        if starts:
            return tuple(starts)
    return ()


def match_in(value: str, options: Sequence[str], noun: str, words: dict[str, tuple[str, ...]] | None = None) -> str:
    """The one option ``value`` means, or ``ChoiceError`` with a did-you-mean."""
    found = meanings(value, options, words)
    if len(found) == 1:
        return found[0]
    from .text import one_line

    shown = one_line(value)
    if found:
        raise ChoiceError(f"'{shown}' could be {listing(found)}; say which")
    import difflib  # only a miss pays for the suggestions

    key = _compact(value)
    pool = {_compact(option): (option,) for option in options}
    pool.update((word, meaning) for word, meaning in (words or {}).items() if word not in pool)
    close = difflib.get_close_matches(key, list(pool), n=3, cutoff=0.6) if key else []
    # Only the best few: a distant second guess is noise next to a clear first.
    score = {word: difflib.SequenceMatcher(None, key, word).ratio() for word in close}
    close = [word for word in close if score[word] >= max(score.values()) - 0.05]
    guesses = list(dict.fromkeys(meaning for word in close for meaning in pool[word]))
    if guesses:
        rest = [option for option in options if option not in guesses]
        # A long list after a good guess buries it; short ones help.
        others = f" (the others: {listing(rest, 'and')})" if 0 < len(rest) <= 8 else ""
        raise ChoiceError(f"'{shown}' is not {noun}; did you mean {listing(guesses)}?{others}")
    raise ChoiceError(f"'{shown}' is not {noun}; choose from {listing(options)}")


def match(kind: str, value: str) -> str:
    """The choice of a known kind ('level', 'goal', ...) that ``value`` means."""
    known = vocabulary(kind)
    return match_in(value, known.choices, known.noun, known.words)


def match_list(kind: str, value: str) -> list[str]:
    """'mini band, chair' -> ['mini-band', 'wall-or-chair']: each item matched, order kept, repeats dropped.

    An item that is no choice as a whole but whose words each are one
    ('mini-band wall-or-chair', typed as separate words) counts as those.
    """
    found: list[str] = []
    for item in (item for item in value.split(",") if item.strip()):
        try:
            found.append(match(kind, item))
        except ChoiceError:
            words = item.split()
            if len(words) < 2:
                raise
            try:
                found += [match(kind, word) for word in words]
            except ChoiceError:
                raise ChoiceError(match_error(kind, item)) from None
    return list(dict.fromkeys(found))


def match_error(kind: str, value: str) -> str:
    try:
        match(kind, value)
    except ChoiceError as error:
        return error.message
    return ""
