"""The pose validator: refuses figures no person could take or the card forbids.

Each problem is ``(field, message)``, the field a path inside the figure table
(``positions[1].right.hip``), so the catalogue checks can name file, card and
field the way they do for every other problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .body import (
    BAND_REACH,
    BODY_ANGLES,
    HEAD_R,
    JOINTS,
    SIDES,
    PoseError,
    Scene,
    anchor_point,
    contact_points,
    dist,
    gap,
    part_segments,
    place,
    surface,
)

# Joint ranges a healthy adult can reach, in degrees, a little wider than the
# average active range (AAOS norms as tabled by Norkin & White, "Measurement of
# Joint Motion"): kneeling sits the ankle in full plantarflexion and a deep
# squat the knee near full flexion, so those ends allow for it.
RANGES: dict[str, tuple[float, float]] = {
    "hip": (-30, 135),
    "hip_abd": (-35, 50),
    "hip_rot": (-50, 45),
    "knee": (-5, 155),
    "ankle": (-90, 40),
    "shoulder": (-60, 180),
    "shoulder_abd": (-40, 180),
    "elbow": (0, 150),
    "spine": (-30, 70),
    "bend": (-35, 35),
    "twist": (-50, 50),
    "pitch": (-180, 180),
    "lean": (-180, 180),
    "yaw": (-180, 180),
}
NAMES = {
    "hip": "hip flexion", "hip_abd": "hip abduction", "hip_rot": "hip internal rotation", "knee": "knee flexion",
    "ankle": "ankle dorsiflexion", "shoulder": "shoulder flexion", "shoulder_abd": "shoulder abduction",
    "elbow": "elbow flexion", "spine": "spine flexion", "bend": "side bend", "twist": "trunk rotation", "pitch": "pitch", "lean": "lean",
    "yaw": "yaw",
}
TOLERANCE = 0.05  # metres: a drawn limb may press into a mat or hover over it this much


def problems(spec: Any, hip_positions: tuple[str, ...] = (), equipment: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Every problem with a figure description, as ``(field, message)``; empty when it is sound.

    ``hip_positions`` are the card's tags (a pose may not go where the card
    says it does not); ``equipment`` tells a long band from a mini-band.
    """
    try:
        scene = place(spec)
    except PoseError as error:
        return [(error.field, error.message)]
    found = list(_names(spec, scene))
    if found:
        return found  # later checks would only repeat the unknown name
    for index, pose in enumerate(scene.poses):
        found += _ranges(index, pose.angles, spec)
        found += _hip_tags(index, pose.angles, hip_positions)
    if not found:
        found += _contacts(scene)
        found += _bands(scene, BAND_REACH["long" if "long-band" in equipment else "mini"])
    return found


def _names(spec: Any, scene: Scene) -> Iterator[tuple[str, str]]:
    first = scene.poses[0]
    ids = {prop.id for prop in scene.props}
    seen: set[str] = set()
    for index, prop in enumerate(scene.props):
        if prop.id in seen and prop.kind != "band":
            yield f"props[{index}].id", f"'{prop.id}' names an earlier prop too; give each its own id"
        seen.add(prop.id)
    for field in ("work", "moves"):
        for index, name in enumerate(getattr(spec, field)):
            if part_segments(first, name) is None and anchor_point(first, name) is None:
                yield f"{field}[{index}]", f"'{name}' is not a body part (such as 'right.thigh' or 'pelvis')"
    for index, prop in enumerate(spec.props):
        if prop.at and anchor_point(first, prop.at) is None:
            yield f"props[{index}].at", f"'{prop.at}' is not a body part to place the {prop.kind} by"
        if prop.kind in ("band", "ball") and len(prop.ends) != 2:
            yield f"props[{index}].ends", f"a {prop.kind} needs two ends, such as ['left.knee', 'right.knee']"
        for end in prop.ends:
            if end not in ids and anchor_point(first, end) is None:
                yield f"props[{index}].ends", f"'{end}' is neither a body part nor the id of a prop"
    for index, pose in enumerate(spec.positions):
        for support in scene.poses[index].on:
            try:
                part, _ = surface(scene.props, support)
            except KeyError:
                yield f"positions[{index}].on", f"'{support}' rests on no prop with that id ({', '.join(sorted(ids)) or 'none'})"
                continue
            if contact_points(first, part) is None:
                yield f"positions[{index}].on", f"'{part}' is not a body part that can rest on something"


def _field(index: int, name: str) -> str:
    return f"positions[{index}].{name}"


def _ranges(index: int, angles: dict[str, float], spec: Any) -> Iterator[tuple[str, str]]:
    for name in (*BODY_ANGLES, *(f"{side}.{joint}" for side in SIDES for joint in JOINTS)):
        low, high = RANGES[name.split(".")[-1]]
        value = angles[name]
        if not low <= value <= high:
            what = NAMES[name.split(".")[-1]]
            yield _field(index, name), (
                f"{what} of {value:g} degrees is outside what a person can do ({low:g} to {high:g})"
            )


def _hip_tags(index: int, angles: dict[str, float], tags: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for side in SIDES:
        if angles[f"{side}.hip"] > 90 and "flexion-past-90" not in tags:
            yield _field(index, f"{side}.hip"), (
                f"flexes the hip to {angles[f'{side}.hip']:g} degrees, past 90, but the card's hip_positions "
                f"has no 'flexion-past-90'"
            )
        if angles[f"{side}.hip_abd"] < 0 and "adduction-past-midline" not in tags:
            yield _field(index, f"{side}.hip_abd"), (
                f"takes the leg {-angles[f'{side}.hip_abd']:g} degrees across the midline, but the card's "
                f"hip_positions has no 'adduction-past-midline'"
            )
        if angles[f"{side}.hip_rot"] > 0 and "internal-rotation" not in tags:
            yield _field(index, f"{side}.hip_rot"), (
                f"turns the hip {angles[f'{side}.hip_rot']:g} degrees inward, but the card's hip_positions "
                f"has no 'internal-rotation'"
            )


def _contacts(scene: Scene) -> Iterator[tuple[str, str]]:
    solid = [prop for prop in scene.props if prop.kind in ("bench", "box", "step", "chair")]
    for index, pose in enumerate(scene.poses):
        resting = {surface(scene.props, s)[0] for s in pose.on}
        for position, support in enumerate(pose.on[1:], 1):
            part, prop = surface(scene.props, support)
            height = gap(pose, part, prop)
            what = "the floor" if prop is None else f"the {prop.id}"
            if height > TOLERANCE:
                yield f"positions[{index}].on[{position}]", (
                    f"'{part}' should rest on {what} but floats {height * 100:.0f} cm above it"
                )
            elif height < -TOLERANCE:
                yield f"positions[{index}].on[{position}]", f"'{part}' sinks {-height * 100:.0f} cm into {what}"
        for segment in pose.segments:
            radius = pose.radius(segment)
            for point in pose.samples(segment):
                if point[1] - radius * 0.5 < -TOLERANCE:
                    yield f"positions[{index}]", (
                        f"the {segment.replace('.', ' ').replace('-', ' ')} goes {-(point[1] - radius * 0.5) * 100:.0f} cm "
                        f"through the floor"
                    )
                    break
            else:
                hit = next((prop for prop in solid for point in pose.samples(segment) if prop.inside(point, 0.0)), None)
                if hit is not None and segment.split(".")[-1] not in resting:
                    yield f"positions[{index}]", (
                        f"the {segment.replace('.', ' ').replace('-', ' ')} passes through the {hit.id}"
                    )
        for wall in (prop for prop in scene.props if prop.kind == "wall"):
            yield from _through_wall(index, pose, wall)
        head = pose.points["head"]
        if head[1] - HEAD_R * 0.5 < -TOLERANCE:
            yield f"positions[{index}]", "the head goes through the floor"


def _through_wall(index: int, pose: Any, wall: Any) -> Iterator[tuple[str, str]]:
    """A wall is a plane: the body stays on the side its pelvis is on."""
    axis = 0 if wall.size[0] == 0 else 2
    side = 1.0 if pose.points["pelvis"][axis] >= wall.centre[axis] else -1.0
    for segment in pose.segments:
        radius = pose.radius(segment)
        depth = max((side * (wall.centre[axis] - p[axis]) + radius * 0.5 for p in pose.samples(segment)), default=0.0)
        if depth > TOLERANCE:
            yield f"positions[{index}]", (
                f"the {segment.replace('.', ' ').replace('-', ' ')} goes {depth * 100:.0f} cm through the {wall.id}"
            )


def _bands(scene: Scene, default_reach: float) -> Iterator[tuple[str, str]]:
    from .svg import band_end

    for number, prop in enumerate(scene.props):
        if prop.kind != "band":
            continue
        reach = prop.spec.reach or default_reach
        for index, pose in enumerate(scene.poses):
            a, b = (band_end(scene, pose, end) for end in prop.spec.ends)
            if a is None or b is None:
                continue
            length = dist(a, b)
            if length > reach:
                yield f"props[{number}].ends", (
                    f"in position '{pose.label}' the ends are {length * 100:.0f} cm apart; the band reaches "
                    f"{reach * 100:.0f} cm (set 'reach' for a longer band)"
                )
