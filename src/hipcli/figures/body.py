"""The pose model: joint angles -> a placed 3D skeleton and props.

The figure is a small rigid-segment body (metres, a person about 1.75 m
tall). Body axes: x to the front, y up, z to the right side. A pose gives the
whole body's orientation (``pitch``: head toward the front, 90 = face down;
``lean``: toward the left side, 90 = lying on the left side; ``yaw``: turning
left) and each joint's angle in degrees, in the signs a clinician uses:
flexion, abduction and internal rotation positive. Views project it
orthographically: ``side`` looks at the right side (the person faces right),
``front`` looks at the face, ``top`` looks down.

Nothing here draws or checks; ``svg.py``, ``terminal.py`` and ``check.py`` do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

SIDES = ("left", "right")
JOINTS = ("hip", "hip_abd", "hip_rot", "knee", "ankle", "shoulder", "shoulder_abd", "elbow")
BODY_ANGLES = ("pitch", "lean", "yaw", "spine", "bend", "twist")

# Segment lengths (metres) and drawn half-thicknesses: proportions of an adult
# drawn the same in every card, so figures side by side agree.
PELVIS_HALF = 0.09
SHOULDER_HALF = 0.18
TRUNK = 0.50
NECK = 0.08
HEAD_R = 0.105
THIGH = 0.44
SHIN = 0.43
UPPER_ARM = 0.29
FOREARM = 0.27
RADIUS = {
    "trunk": 0.11,
    "pelvis": 0.10,
    "shoulders": 0.06,
    "neck": 0.04,
    "thigh": 0.068,
    "shin": 0.05,
    "foot": 0.033,
    "upper-arm": 0.043,
    "forearm": 0.036,
}

# Where a band or prop attaches along a segment: a band "round the thighs" sits
# just above the knees, "round the shins" just above the ankles.
ALONG = {"thigh": ("hip", "knee", 0.8), "shin": ("knee", "ankle", 0.85), "upper-arm": ("shoulder", "elbow", 0.6)}

# --- small vector algebra ------------------------------------------------------


def _rot(axis: str, degrees: float) -> Mat:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == "x":
        return ((1, 0, 0), (0, c, -s), (0, s, c))
    if axis == "y":
        return ((c, 0, s), (0, 1, 0), (-s, 0, c))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mul(a: Mat, b: Mat) -> Mat:
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))  # type: ignore[return-value]


def _apply(m: Mat, v: Vec) -> Vec:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def lerp(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def dist(a: Vec, b: Vec) -> float:
    return math.dist(a, b)


# --- postures: named starting points a position changes ------------------------

_STAND = {"hip": 0.0, "hip_abd": 3.0, "hip_rot": 0.0, "knee": 2.0, "ankle": 0.0, "shoulder": 5.0, "shoulder_abd": 6.0, "elbow": 10.0}


def _posture(body: dict[str, float], joints: dict[str, float], on: tuple[str, ...], **sides: dict[str, float]) -> dict[str, Any]:
    angles = {name: 0.0 for name in BODY_ANGLES} | body
    for side in SIDES:
        for joint, value in (_STAND | joints | sides.get(side, {})).items():
            angles[f"{side}.{joint}"] = value
    return {"angles": angles, "on": on}


FEET = ("left.foot", "right.foot")
# Each posture is a plain, comfortable version of the position; the card's
# positions change only what the exercise moves.
POSTURES: dict[str, dict[str, Any]] = {
    "standing": _posture({}, {}, FEET),
    "supine": _posture({"pitch": -90}, {"ankle": -30, "shoulder": 10}, ("back", "left.heel", "right.heel")),
    "hook-lying": _posture(
        {"pitch": -90}, {"hip": 50, "knee": 100, "ankle": -40, "shoulder": 12, "elbow": 0}, ("back", "left.foot", "right.foot")
    ),
    "prone": _posture({"pitch": 90}, {"ankle": -60, "shoulder": 170, "elbow": 90}, ("pelvis", "left.toe", "right.toe")),
    # Arms are longer than thighs, so on all fours the back rises a little toward the head.
    "quadruped": _posture(
        {"pitch": 80}, {"hip": 80, "knee": 90, "ankle": -60, "shoulder": 80, "elbow": 0, "shoulder_abd": 0},
        ("left.knee", "right.knee", "left.hand", "right.hand", "left.toe", "right.toe"),
    ),
    "side-lying": _posture(
        {"lean": 90}, {"hip": 20, "knee": 30, "ankle": -20, "shoulder": 160, "elbow": 100, "hip_abd": 0},
        ("left.hip", "left.knee"),
        right={"shoulder": 10, "elbow": 20, "shoulder_abd": 0, "hip": 10, "knee": 10},
    ),
    "seated": _posture({}, {"hip": 90, "knee": 90, "shoulder": 5}, ("seat@chair", "left.foot", "right.foot")),
    "long-sitting": _posture({}, {"hip": 90, "knee": 0, "ankle": -10, "shoulder": 15}, ("seat", "left.heel", "right.heel")),
    "kneeling": _posture({}, {"hip": 0, "knee": 90, "ankle": -75}, ("left.knee", "right.knee", "left.toe", "right.toe")),
    "half-kneeling": _posture(
        {}, {"hip": 0, "knee": 90, "ankle": -75},
        ("left.knee", "left.toe", "right.foot"),
        right={"hip": 90, "knee": 90, "ankle": 0},
    ),
    "hanging": _posture({}, {"shoulder": 175, "shoulder_abd": 12, "elbow": 5, "ankle": -30}, ("hands@bar",)),
}

# --- the skeleton ----------------------------------------------------------------


@dataclass
class Skeleton:
    """One pose: named joint points and the segments between them (world metres)."""

    points: dict[str, Vec]
    segments: dict[str, tuple[str, str]]
    angles: dict[str, float]
    on: tuple[str, ...] = ()
    label: str = ""
    says: str | None = None
    posture: str = "standing"  # the named posture this position starts from, through any ``like`` chain

    def moved(self, offset: Vec) -> Skeleton:
        return Skeleton(
            {name: add(p, offset) for name, p in self.points.items()},
            self.segments, self.angles, self.on, self.label, self.says, self.posture,
        )

    def radius(self, segment: str) -> float:
        return RADIUS[segment.split(".")[-1]]

    def samples(self, segment: str, count: int = 6) -> list[Vec]:
        a, b = (self.points[name] for name in self.segments[segment])
        return [lerp(a, b, i / (count - 1)) for i in range(count)]


def build(angles: dict[str, float]) -> Skeleton:
    """The skeleton for a full set of angles, pelvis at the origin."""
    a = angles
    root = _mul(_mul(_rot("y", a["yaw"]), _rot("x", -a["lean"])), _rot("z", -a["pitch"]))
    chest = _mul(_mul(_mul(root, _rot("z", -a["spine"])), _rot("x", a["bend"])), _rot("y", a["twist"]))
    points: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}
    points["neck"] = _apply(chest, (0, TRUNK, 0))
    points["head"] = _apply(chest, (0.02, TRUNK + NECK + HEAD_R, 0))
    for side, sign in (("right", 1.0), ("left", -1.0)):
        hip = _apply(root, (0, 0, sign * PELVIS_HALF))
        thigh = _mul(_mul(_mul(root, _rot("z", a[f"{side}.hip"])), _rot("x", -sign * a[f"{side}.hip_abd"])),
                     _rot("y", sign * a[f"{side}.hip_rot"]))
        knee = add(hip, _apply(thigh, (0, -THIGH, 0)))
        shin = _mul(thigh, _rot("z", -a[f"{side}.knee"]))
        ankle = add(knee, _apply(shin, (0, -SHIN, 0)))
        foot = _mul(shin, _rot("z", a[f"{side}.ankle"]))
        shoulder = _apply(chest, (0, TRUNK - 0.03, sign * SHOULDER_HALF))
        arm = _mul(_mul(chest, _rot("z", a[f"{side}.shoulder"])), _rot("x", -sign * a[f"{side}.shoulder_abd"]))
        elbow = add(shoulder, _apply(arm, (0, -UPPER_ARM, 0)))
        forearm = _mul(arm, _rot("z", a[f"{side}.elbow"]))
        points.update({
            f"{side}.hip": hip,
            f"{side}.knee": knee,
            f"{side}.ankle": ankle,
            f"{side}.heel": add(ankle, _apply(foot, (-0.045, -0.06, 0))),
            f"{side}.toe": add(ankle, _apply(foot, (0.17, -0.065, 0))),
            f"{side}.shoulder": shoulder,
            f"{side}.elbow": elbow,
            f"{side}.hand": add(elbow, _apply(forearm, (0, -FOREARM, 0))),
        })
    segments = {"trunk": ("pelvis", "neck"), "pelvis": ("left.hip", "right.hip"), "shoulders": ("left.shoulder", "right.shoulder")}
    for side in SIDES:
        segments.update({
            f"{side}.thigh": (f"{side}.hip", f"{side}.knee"),
            f"{side}.shin": (f"{side}.knee", f"{side}.ankle"),
            f"{side}.foot": (f"{side}.heel", f"{side}.toe"),
            f"{side}.upper-arm": (f"{side}.shoulder", f"{side}.elbow"),
            f"{side}.forearm": (f"{side}.elbow", f"{side}.hand"),
        })
    return Skeleton(points, segments, dict(angles))


# --- names of parts ----------------------------------------------------------------

# Parts that are several segments, for highlighting and for resting on things.
GROUPS = {
    "leg": ("thigh", "shin", "foot"),
    "arm": ("upper-arm", "forearm"),
}
SINGLE = {"back": ("trunk",), "seat": ("pelvis",), "core": ("trunk", "pelvis")}


def part_segments(skeleton: Skeleton, name: str) -> tuple[str, ...] | None:
    """The segments a part name covers, or None when it names none."""
    if name in skeleton.segments:
        return (name,)
    if name in SINGLE:
        return SINGLE[name]
    side, _, rest = name.partition(".")
    if side in SIDES and rest in GROUPS:
        return tuple(f"{side}.{segment}" for segment in GROUPS[rest])
    if side == "both" and rest:
        found = [part_segments(skeleton, f"{s}.{rest}") for s in SIDES]
        return None if None in found else tuple(seg for group in found for seg in group or ())
    return None


def contact_points(skeleton: Skeleton, name: str) -> list[tuple[Vec, float]] | None:
    """The points (with their thickness) a part rests on something by, or None for an unknown part."""
    if name == "hands":
        return [(skeleton.points[f"{s}.hand"], 0.03) for s in SIDES]
    if name in ("shoulders", "upper-back"):
        # Lying on the shoulders is lying on the top of the trunk, not on the joints.
        return [(lerp(skeleton.points["pelvis"], skeleton.points["neck"], t), RADIUS["trunk"]) for t in (0.75, 0.9, 1.0)]
    if name == "feet":
        return [(skeleton.points[f"{s}.{end}"], RADIUS["foot"]) for s in SIDES for end in ("heel", "toe")]
    if name in skeleton.points:
        return [(skeleton.points[name], _point_radius(name))]
    segments = part_segments(skeleton, name)
    if segments is None:
        return None
    return [(p, skeleton.radius(seg)) for seg in segments for p in skeleton.samples(seg)]


def _point_radius(name: str) -> float:
    joint = name.split(".")[-1]
    return {"hand": 0.03, "knee": 0.055, "heel": RADIUS["foot"], "toe": RADIUS["foot"], "elbow": 0.04,
            "hip": 0.1, "pelvis": 0.1, "head": HEAD_R, "ankle": 0.045}.get(joint, 0.05)


def anchor_point(skeleton: Skeleton, name: str) -> Vec | None:
    """One point for a part: where a band or a kettlebell attaches to it."""
    if name in skeleton.points:
        return skeleton.points[name]
    side, _, rest = name.partition(".")
    if side in SIDES and rest in ALONG:
        start, end, t = ALONG[rest]
        return lerp(skeleton.points[f"{side}.{start}"], skeleton.points[f"{side}.{end}"], t)
    if side in SIDES and rest == "foot":
        return lerp(skeleton.points[f"{side}.heel"], skeleton.points[f"{side}.toe"], 0.65)
    if name == "hands":
        return lerp(skeleton.points["left.hand"], skeleton.points["right.hand"], 0.5)
    if name in ("chest", "shoulders"):
        return lerp(skeleton.points["left.shoulder"], skeleton.points["right.shoulder"], 0.5)
    if name in ("back", "seat"):
        return skeleton.points["pelvis"] if name == "seat" else lerp(skeleton.points["pelvis"], skeleton.points["neck"], 0.6)
    return None


# --- resolving a card's positions --------------------------------------------------


class PoseError(ValueError):
    """A position that cannot be built: names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def resolve(spec: Any) -> list[tuple[str, dict[str, float], tuple[str, ...], str | None, str]]:
    """Each position's label, full angles, supports, description and posture, ``like`` chains followed."""
    done: dict[str, tuple[dict[str, float], tuple[str, ...]]] = {}
    posture_of: dict[str, str] = {}
    out = []
    for index, pose in enumerate(spec.positions):
        where = f"positions[{index}]"
        base = pose.like or ("standing" if index == 0 else spec.positions[0].label)
        if base in done:
            angles, on = dict(done[base][0]), done[base][1]
            posture_of[pose.label] = posture_of[base]
        elif base in POSTURES:
            angles, on = dict(POSTURES[base]["angles"]), POSTURES[base]["on"]
            posture_of[pose.label] = base
        else:
            known = ", ".join(sorted(POSTURES))
            raise PoseError(f"{where}.like", f"'{base}' is neither an earlier position's label nor a posture ({known})")
        if pose.label in done:
            raise PoseError(f"{where}.label", f"'{pose.label}' is used by an earlier position")
        for name in BODY_ANGLES:
            value = getattr(pose, name)
            if value is not None:
                angles[name] = float(value)
        for group, sides in (("both", SIDES), ("left", ("left",)), ("right", ("right",))):
            joints = getattr(pose, group)
            if joints is None:
                continue
            for joint in JOINTS:
                value = getattr(joints, joint)
                if value is not None:
                    for side in sides:
                        angles[f"{side}.{joint}"] = float(value)
        if pose.on is not None:
            on = tuple(pose.on)
        done[pose.label] = (angles, on)
        out.append((pose.label, angles, on, pose.says, posture_of[pose.label]))
    return out


# --- props and placement ------------------------------------------------------------

BOX_SIZES = {"bench": (0.42, 0.9, 0.35), "box": (0.4, 0.45, 0.45), "step": (0.2, 0.35, 0.6), "chair": (0.45, 0.42, 0.45)}
BAND_REACH = {"mini": 0.75, "long": 2.2}


@dataclass
class Prop:
    """A prop placed in the world: a box's extent, a wall's plane, a post's anchor, a bar."""

    kind: str
    id: str
    index: int
    centre: Vec = (0.0, 0.0, 0.0)
    size: Vec = (0.0, 0.0, 0.0)  # x length, height, z width
    spec: Any = None

    def top(self) -> float:
        return self.size[1]

    def inside(self, p: Vec, margin: float) -> bool:
        """Whether a point (with ``margin`` of flesh around it) is inside this solid prop."""
        if self.kind not in BOX_SIZES:
            return False
        (cx, _, cz), (lx, h, wz) = self.centre, self.size
        # A bench is a top on legs: there is room underneath it for a leg.
        floor = h - 0.12 if self.kind == "bench" else -0.5
        return abs(p[0] - cx) < lx / 2 - 0.02 and abs(p[2] - cz) < wz / 2 - 0.02 and floor < p[1] - margin < h - 0.03


@dataclass
class Scene:
    """A card's positions, placed, with the props they share."""

    view: str
    poses: list[Skeleton]
    props: list[Prop] = field(default_factory=list)
    work: tuple[str, ...] = ()
    moves: tuple[str, ...] = ()
    spec: Any = None


def surface(props: list[Prop], support: str) -> tuple[str, Prop | None]:
    """The part named in a support, and the prop it rests on (None: the floor)."""
    part, _, on = support.partition("@")
    if not on:
        return part, None
    for prop in props:
        if prop.id == on:
            return part, prop
    raise KeyError(on)


def gap(skeleton: Skeleton, part: str, prop: Prop | None) -> float:
    """How far the part is above (positive) or into (negative) what it should rest on."""
    points = contact_points(skeleton, part)
    if points is None:
        raise KeyError(part)
    if prop is not None and prop.kind == "bar":
        return min(dist(p, prop.centre) for p, _ in points) - 0.03
    if prop is not None and prop.kind == "wall":
        axis = 0 if prop.spec.dz == 0 and prop.size[0] == 0 else 2
        return min(abs(p[axis] - prop.centre[axis]) - r for p, r in points)
    level = prop.top() if prop is not None else 0.0
    return min(p[1] - r for p, r in points) - level


def place(spec: Any) -> Scene:
    """Build every position and put it in the world: the first support of each rests on its surface.

    The first position's first support sits at the origin; later positions
    keep that support where it was, so a planted foot stays put between start
    and end. Props are placed from the first position and stay still, except a
    kettlebell or a ball, which move with the body part holding them.
    """
    resolved = resolve(spec)
    raw = [build(angles) for _, angles, _, _, _ in resolved]
    for skeleton, (label, _, on, says, posture) in zip(raw, resolved):
        skeleton.label, skeleton.on, skeleton.says, skeleton.posture = label, on, says, posture
    props = _props(spec, raw[0])
    poses: list[Skeleton] = []
    for index, (skeleton, pose) in enumerate(zip(raw, spec.positions)):
        placed = _settle(skeleton, props, poses[0] if poses else None, index)
        if pose.dx or pose.dz:
            placed = placed.moved((pose.dx or 0.0, 0.0, pose.dz or 0.0))
        poses.append(placed)
        if index == 0:
            props = _props(spec, poses[0])
    return Scene(spec.view, poses, props, tuple(spec.work), tuple(spec.moves), spec)


def _settle(skeleton: Skeleton, props: list[Prop], first: Skeleton | None, index: int) -> Skeleton:
    if not skeleton.on:
        return skeleton
    try:
        part, prop = surface(props, skeleton.on[0])
        points = contact_points(skeleton, part)
    except KeyError:
        return skeleton  # check.py reports the unknown name
    if points is None:
        return skeleton
    lowest = min(points, key=lambda item: item[0][1] - item[1])
    if first is not None and contact_points(first, part):
        target_xz = _centre([p for p, _ in contact_points(first, part) or []])
        here = _centre([p for p, _ in points])
        dx, dz = target_xz[0] - here[0], target_xz[2] - here[2]
    else:
        here = _centre([p for p, _ in points])
        dx, dz = -here[0], -here[2]
    if prop is not None and prop.kind == "bar":
        return skeleton.moved(sub(prop.centre, _centre([p for p, _ in points])))
    level = prop.top() if prop is not None else 0.0
    return skeleton.moved((dx, level - (lowest[0][1] - lowest[1]), dz))


def _centre(points: list[Vec]) -> Vec:
    n = max(len(points), 1)
    return (sum(p[0] for p in points) / n, sum(p[1] for p in points) / n, sum(p[2] for p in points) / n)


def _props(spec: Any, first: Skeleton) -> list[Prop]:
    props = []
    for index, item in enumerate(spec.props):
        base = anchor_point(first, item.at) if item.at else None
        base = base or (0.0, 0.0, 0.0)
        where = (base[0] + item.dx, 0.0, base[2] + item.dz)
        prop = Prop(item.kind, item.id or item.kind, index, spec=item)
        if item.kind in BOX_SIZES:
            height, length, width = BOX_SIZES[item.kind]
            prop.size = (item.length or length, item.height if item.height is not None else height, item.width or width)
            prop.centre = where
        elif item.kind == "bar":
            prop.centre = (where[0], item.height if item.height is not None else 2.25, where[2])
        elif item.kind == "post":
            prop.centre = (where[0], item.height if item.height is not None else 0.1, where[2])
        elif item.kind == "wall":
            # A wall across the view (dx given) or beside the person (dz given).
            prop.size = (0.0 if item.dz == 0 else 1.0, 2.2, 0.0)
            prop.centre = where
        props.append(prop)
    return props
