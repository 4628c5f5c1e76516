"""Alt text: one sentence saying what a position looks like, from its angles."""

from __future__ import annotations

from .body import POSTURES, Scene, Skeleton

_REST = {
    "back": "the back", "seat": "the seat", "pelvis": "the hips", "hands": "both hands", "feet": "both feet",
    "shoulders": "the shoulders", "head": "the head",
}
_ON = {"floor": "on the floor", "chair": "on a chair", "bench": "on a bench", "box": "on a box", "step": "on a step",
       "bar": "from a bar", "wall": "against a wall"}
_VIEW = {"side": "from the side", "front": "from the front", "top": "from above"}


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
        words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        phrases.append(f"{words} {_ON.get(prop, 'on the ' + prop)}")
    return "; ".join(phrases)


def _joint_words(pose: Skeleton, sides: list[str]) -> list[str]:
    standing = POSTURES["standing"]["angles"]
    words = []
    for side in sides:
        a = pose.angles
        for joint, yes, no in (
            ("hip", "hip bent to {} degrees", "hip extended {} degrees behind the body"),
            ("hip_abd", "leg {} degrees out to the side", "leg {} degrees across the midline"),
            ("knee", "knee bent to {} degrees", ""),
            ("shoulder", "arm raised {} degrees", "arm {} degrees behind the body"),
        ):
            value = a[f"{side}.{joint}"]
            if abs(value - standing[f"{side}.{joint}"]) >= 15 and (value > 0 or no):
                words.append(f"{side} " + (yes if value > 0 else no).format(round(abs(value))))
    return words[:3]


def describe(name: str, scene: Scene, index: int) -> str:
    """``'<Name>, start position, seen from the side: <what it looks like>.'``"""
    pose = scene.poses[index]
    if pose.says:
        detail = pose.says.rstrip(".")
    else:
        sides = sorted({w.split(".")[0] for w in (*scene.work, *scene.moves) if w.split(".")[0] in ("left", "right")})
        parts = [_supports(pose)] if pose.on else []
        parts += _joint_words(pose, sides or ["left", "right"])
        detail = ", ".join(part for part in parts if part) or "the body at rest"
        detail = detail[0].upper() + detail[1:]
    return f"{name}, {pose.label} position, seen {_VIEW.get(scene.view, 'from the side')}: {detail}."
