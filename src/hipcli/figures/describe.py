"""Alt text: one sentence saying what a position looks like, from its angles."""

from __future__ import annotations

from .body import Scene, Skeleton

_REST = {
    "back": "the back", "seat": "the seat", "pelvis": "the hips", "hands": "both hands", "feet": "both feet",
    "shoulders": "the shoulders", "head": "the head",
}
_ON = {"floor": "on the floor", "chair": "on a chair", "bench": "on a bench", "box": "on a box", "step": "on a step",
       "bar": "on a bar", "wall": "against a wall"}
_PLURAL = {"foot": "feet", "heel": "heels", "toe": "toes", "knee": "knees", "hand": "hands"}
_VIEW = {"side": "from the side", "front": "from the front", "back": "from behind", "top": "from above"}


def _part(name: str) -> str:
    if name in _REST:
        return _REST[name]
    side, _, rest = name.partition(".")
    return f"the {side} {rest.replace('-', ' ')}" if rest else f"the {name}"


def _supports(pose: Skeleton) -> str:
    grouped: dict[str, list[str]] = {}
    for support in pose.on:
        part, _, prop = support.partition("@")
        grouped.setdefault(prop or "floor", []).append(_part(part))
    phrases = []
    for prop, parts in grouped.items():
        for side_part in sorted({p.split(" ", 2)[-1] for p in parts if p.startswith(("the left ", "the right "))}):
            pair = [f"the left {side_part}", f"the right {side_part}"]
            if all(p in parts for p in pair):
                parts = [f"both {_PLURAL.get(side_part, side_part + 's')}" if p == pair[0] else p for p in parts if p != pair[1]]
        words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        phrases.append(f"{words} {_ON.get(prop, 'on the ' + prop)}")
    return "; ".join(phrases)


def _posture(pose: Skeleton) -> str:
    """The position in words, from how the body is turned and what it rests on."""
    a = pose.angles
    parts = {support.partition("@")[0] for support in pose.on}
    props = {support.partition("@")[2] for support in pose.on}
    knees = {p for p in parts if p.endswith(".knee")}
    feet = {p for p in parts if p.split(".")[-1] in ("foot", "toe", "heel")}
    if "bar" in props:
        return "Hanging from a bar"
    if abs(a["lean"]) >= 45:
        return "Lying on the left side" if a["lean"] > 0 else "Lying on the right side"
    if a["pitch"] <= -45:
        return "On the back"
    if a["pitch"] >= 60:
        if knees and ({"left.hand", "right.hand", "hands"} & parts):
            return "On hands and knees"
        return "Bending forward" if feet and not knees else "Face down"
    if knees:
        return "Kneeling on one knee" if len(knees) == 1 and feet else "Kneeling"
    if "seat" in parts:
        return "Sitting"
    if a["left.knee"] > 70 and a["right.knee"] > 70 and feet and not ({"left.toe", "right.toe"} & parts):
        return "Squatting"
    sides = {p.split(".")[0] for p in feet}
    return "Standing on one leg" if len(sides) == 1 else "Standing"


def _joint_words(pose: Skeleton, before: dict[str, float], sides: list[str]) -> list[str]:
    """What changed from the position before, in the sides that work, biggest first."""
    words = []
    for side in sides:
        a = pose.angles
        for joint, yes, level, no in (
            ("hip", "{side} hip bent to {n} degrees", "{side} hip straight", "{side} hip {n} degrees behind the body"),
            ("hip_abd", "{side} leg {n} degrees out to the side", "{side} leg in line", "{side} leg {n} degrees across the midline"),
            ("knee", "{side} knee bent to {n} degrees", "{side} knee straight", "{side} knee straight"),
            ("shoulder", "{side} arm raised {n} degrees", "{side} arm by the side", "{side} arm {n} degrees behind the body"),
        ):
            value = a[f"{side}.{joint}"]
            change = abs(value - before[f"{side}.{joint}"])
            if change >= 15:
                phrase = yes if value > 5 else (level if value >= -5 else no)
                text = phrase.format(side=side, n=round(abs(value)))
                words.append((change, text))
    return [text for _, text in sorted(words, key=lambda item: -item[0])[:3]]


def describe(name: str, scene: Scene, index: int) -> str:
    """``'<Name>, start position, seen from the side: <what it looks like>.'``"""
    pose = scene.poses[index]
    if pose.says:
        detail = pose.says.rstrip(".")
    else:
        parts = [_posture(pose)]
        if pose.on:
            parts.append(_supports(pose))
        if index > 0:
            sides = sorted({w.split(".")[0] for w in (*scene.work, *scene.moves)} & {"left", "right"}) or ["left", "right"]
            parts += _joint_words(pose, scene.poses[index - 1].angles, sides)
        detail = ", ".join(parts)
    return f"{name}, {pose.label} position, seen {_VIEW.get(scene.view, 'from the side')}: {detail}."
