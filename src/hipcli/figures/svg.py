"""A placed scene -> SVG text, in the style of a printed exercise handout.

Plain string building: the drawing is a few dozen rounded strokes, circles and
polygons, so an SVG library would add an import and save almost no code. The
output uses no fonts, no ids, no external references and no script, so many
figures can sit inline in one HTML page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .body import HEAD_R, Prop, Scene, Skeleton, Vec, anchor_point, lerp, part_segments


# XML's escaping, written out: xml.sax.saxutils imports urllib.request, which
# alone took a third of `hipcli show` on a terminal (bench/startup.py --tty).
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ATTRIBUTE = {**_TEXT, "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def escape(text: str) -> str:
    """Text for an element's content: &, < and > as entities."""
    return "".join(_TEXT.get(char, char) for char in text) if any(char in text for char in "&<>") else text


def quoteattr(text: str) -> str:
    """An attribute value with its quotes, as xml.sax.saxutils.quoteattr writes it."""
    text = "".join(_ATTRIBUTE.get(char, char) for char in text)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


SCALE = 100.0  # SVG units per metre
INK = "#2b3440"
OUTLINE = 1.6
FILL_NEAR = "#f4f6f9"
FILL_FAR = "#c5ccd6"
WORK_NEAR = "#ef7d22"
WORK_FAR = "#f5b57a"
GHOST = "#e2e6ec"
FLOOR = "#8a94a3"
FLOOR_FILL = "#eceff3"
PROP_FILL = "#d8cbb8"
BAND = "#2f9e5a"
ARROW = "#1f6fd1"
BELL = "#3b4450"
BALL = "#e8c547"


def project(view: str, p: Vec) -> tuple[float, float, float]:
    """Screen x, screen y (down) and depth (toward the viewer) of a world point."""
    if view == "front":
        return -p[2] * SCALE, -p[1] * SCALE, p[0]
    if view == "back":
        return p[2] * SCALE, -p[1] * SCALE, -p[0]
    if view == "top":
        return p[0] * SCALE, p[2] * SCALE, p[1]
    return p[0] * SCALE, -p[1] * SCALE, p[2]


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


# --- the body ------------------------------------------------------------------------

# Segments drawn together (outlines first, then fills) so joints show no seams.
_GROUPS = [
    ("left.leg", ("left.thigh", "left.shin", "left.foot")),
    ("left.arm", ("left.upper-arm", "left.forearm")),
    ("body", ("pelvis", "trunk", "shoulders")),
    ("right.leg", ("right.thigh", "right.shin", "right.foot")),
    ("right.arm", ("right.upper-arm", "right.forearm")),
]


def worked_segments(scene: Scene, skeleton: Skeleton) -> set[str]:
    found: set[str] = set()
    for name in scene.work:
        found.update(part_segments(skeleton, name) or ())
    return found


def _group_depth(view: str, skeleton: Skeleton, segments: tuple[str, ...]) -> float:
    depths = [project(view, skeleton.points[end])[2] for seg in segments for end in skeleton.segments[seg]]
    return sum(depths) / len(depths)


def body(scene: Scene, skeleton: Skeleton, *, ghost: bool = False) -> list[str]:
    view = scene.view
    worked = set() if ghost else worked_segments(scene, skeleton)
    head = project(view, skeleton.points["head"])
    groups = [(name, segs, _group_depth(view, skeleton, segs)) for name, segs in _GROUPS]
    groups.append(("head", (), head[2]))
    body_depth = next(depth for name, _, depth in groups if name == "body")
    out: list[str] = []
    for name, segments, depth in sorted(groups, key=lambda item: item[2]):
        far = depth < body_depth - (0.02 if view == "side" else 0.2)
        if name == "head":
            fill = GHOST if ghost else FILL_NEAR
            stroke = "none" if ghost else INK
            out.append(
                f'<circle cx="{_f(head[0])}" cy="{_f(head[1])}" r="{_f(HEAD_R * SCALE)}" fill="{fill}" '
                f'stroke="{stroke}" stroke-width="{OUTLINE}"/>'
            )
            continue
        lines = []
        for seg in segments:
            a, b = (project(view, skeleton.points[end]) for end in skeleton.segments[seg])
            lines.append((seg, a, b, skeleton.radius(seg) * SCALE))
        if not ghost:
            for _, a, b, r in lines:
                out.append(_stroke(a, b, INK, 2 * r + 2 * OUTLINE))
        for seg, a, b, r in lines:
            if ghost:
                colour = GHOST
            elif seg in worked:
                # The trunk is big: full colour there would drown the limb that moves.
                colour = WORK_FAR if far or name == "body" else WORK_NEAR
            else:
                colour = FILL_FAR if far else FILL_NEAR
            out.append(_stroke(a, b, colour, 2 * r))
        if name == "body" and "pelvis" in worked and "trunk" not in worked:
            # The hips and buttocks: the bottom of the trunk, which the pelvis segment hides from the side.
            a = project(view, skeleton.points["pelvis"])
            b = project(view, lerp(skeleton.points["pelvis"], skeleton.points["neck"], 0.3))
            out.append(_stroke(a, b, WORK_NEAR, 2 * skeleton.radius("trunk") * SCALE))
    return out


def _stroke(a: tuple[float, ...], b: tuple[float, ...], colour: str, width: float) -> str:
    return (
        f'<line x1="{_f(a[0])}" y1="{_f(a[1])}" x2="{_f(b[0])}" y2="{_f(b[1])}" stroke="{colour}" '
        f'stroke-width="{_f(width)}" stroke-linecap="round"/>'
    )


# --- props ------------------------------------------------------------------------------


def _box(view: str, prop: Prop) -> list[str]:
    (cx, _, cz), (lx, h, wz) = prop.centre, prop.size
    corners = [(cx - lx / 2, 0.0, cz - wz / 2), (cx + lx / 2, h, cz + wz / 2)]
    xs, ys = zip(*[project(view, c)[:2] for c in corners])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if prop.kind == "bench" and view != "top":
        # A top on two legs, as the validator sees it.
        slab = 12.0
        out = [
            f'<rect x="{_f(x)}" y="{_f(y0 + slab - 1)}" width="6" height="{_f(y1 - y0 - slab + 1)}" fill="{PROP_FILL}" '
            f'stroke="{INK}" stroke-width="{OUTLINE}"/>'
            for x in (x0 + 4, x1 - 10)
        ]
        out.append(
            f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(x1 - x0)}" height="{_f(slab)}" rx="2" fill="{PROP_FILL}" '
            f'stroke="{INK}" stroke-width="{OUTLINE}"/>'
        )
        return out
    out = [
        f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(x1 - x0)}" height="{_f(y1 - y0)}" rx="2" fill="{PROP_FILL}" '
        f'stroke="{INK}" stroke-width="{OUTLINE}"/>'
    ]
    if prop.kind == "chair" and view != "top":
        # The chair's back rises behind the seat: its edge from the side, its face from the front.
        left, width = (x0, 5.0) if view == "side" else (x0 + 3, x1 - x0 - 6)
        out.append(
            f'<rect x="{_f(left)}" y="{_f(y0 - 45)}" width="{_f(width)}" height="45" rx="2" fill="{PROP_FILL}" '
            f'stroke="{INK}" stroke-width="{OUTLINE}"/>'
        )
    return out


def props_behind(scene: Scene) -> list[str]:
    out: list[str] = []
    view = scene.view
    for prop in scene.props:
        if prop.kind in ("bench", "box", "step", "chair"):
            out += _box(view, prop)
        elif prop.kind == "post":
            x, y, _ = project(view, prop.centre)
            out.append(
                f'<rect x="{_f(x - 4)}" y="{_f(min(y - 20, -60))}" width="8" height="{_f(max(-y + 20, 60))}" '
                f'rx="2" fill="{PROP_FILL}" stroke="{INK}" stroke-width="{OUTLINE}"/>'
            )
        elif prop.kind == "bar" and view != "side":
            x, y, _ = project(view, prop.centre)
            out.append(_stroke((x - 45, y), (x + 45, y), INK, 5))
        elif prop.kind == "wall":
            out += _wall(view, prop)
    return out


def _wall(view: str, prop: Prop) -> list[str]:
    across = prop.size[0] == 0  # a plane of constant x
    if (view == "side" and not across) or view == "top":
        return []  # the wall is the paper itself
    x = project(view, prop.centre)[0]
    if view in ("front", "back") and across:
        return []
    side = -1 if x < 0 else 1
    hatch = "".join(f"M{_f(x)} {-y}l{_f(side * 6)} -6" for y in range(10, 220, 14))
    return [
        f'<path d="{hatch}" stroke="{FLOOR}" stroke-width="1.2" fill="none"/>',
        _stroke((x, 0), (x, -220), INK, 2),
    ]


def props_front(scene: Scene, skeleton: Skeleton) -> list[str]:
    out: list[str] = []
    for prop in scene.props:
        spec = prop.spec
        if prop.kind == "band":
            ends = [band_end(scene, skeleton, name) for name in spec.ends]
            if len(ends) == 2 and None not in ends:
                a, b = (project(scene.view, p) for p in ends)  # type: ignore[arg-type]
                out.append(_stroke(a, b, BAND, 3.6))
                for end in (a, b):
                    out.append(f'<circle cx="{_f(end[0])}" cy="{_f(end[1])}" r="3" fill="{BAND}"/>')
        elif prop.kind == "bar" and scene.view == "side":
            # Seen end on, the bar is a circle the hands close round.
            x, y, _ = project(scene.view, prop.centre)
            out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="5" fill="{PROP_FILL}" stroke="{INK}" stroke-width="{OUTLINE}"/>')
        elif prop.kind == "kettlebell" and spec.at:
            p = anchor_point(skeleton, spec.at)
            if p is not None and not spec.at.endswith(("hand", "hands")):
                # Resting on the body (across the hips): the bell sits on top, handle up.
                x, y, _ = project(scene.view, p)
                top = y - skeleton.radius("trunk") * SCALE
                out += [
                    f'<circle cx="{_f(x)}" cy="{_f(top - 10)}" r="10" fill="{BELL}"/>',
                    f'<circle cx="{_f(x)}" cy="{_f(top - 22)}" r="5" fill="none" stroke="{BELL}" stroke-width="3"/>',
                ]
            elif p is not None:
                x, y, _ = project(scene.view, p)
                out += [
                    f'<circle cx="{_f(x)}" cy="{_f(y + 4)}" r="5" fill="none" stroke="{BELL}" stroke-width="3"/>',
                    f'<circle cx="{_f(x)}" cy="{_f(y + 16)}" r="10" fill="{BELL}"/>',
                ]
        elif prop.kind == "ball":
            ends = [anchor_point(skeleton, name) for name in spec.ends]
            if len(ends) == 2 and None not in ends:
                mid = tuple((u + v) / 2 for u, v in zip(*ends))  # type: ignore[misc]
                x, y, _ = project(scene.view, mid)  # type: ignore[arg-type]
                out.append(
                    f'<circle cx="{_f(x)}" cy="{_f(y)}" r="10" fill="{BALL}" stroke="{INK}" stroke-width="{OUTLINE}"/>'
                )
    return out


def band_end(scene: Scene, skeleton: Skeleton, name: str) -> Vec | None:
    """Where one end of a band is: a body part, or a post (or other prop) by its id."""
    for prop in scene.props:
        if prop.id == name and prop.kind != "band":
            return prop.centre
    return anchor_point(skeleton, name)


# --- the arrow ----------------------------------------------------------------------------


def arrows(scene: Scene, index: int) -> list[str]:
    """An arrow for each moving part, from where it starts to where it goes."""
    if len(scene.poses) < 2:
        return []
    a_pose, b_pose = (scene.poses[0], scene.poses[1]) if index == 0 else (scene.poses[index - 1], scene.poses[index])
    out = []
    centre = project(scene.view, _mid(a_pose.points["pelvis"], a_pose.points["neck"]))
    for name in scene.moves:
        start, end = anchor_point(a_pose, name), anchor_point(b_pose, name)
        if start is None or end is None:
            continue
        out += _arrow(project(scene.view, start), project(scene.view, end), centre)
    return out


def _mid(a: Vec, b: Vec) -> Vec:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)


def _nudge(a: tuple[float, ...], direction: tuple[float, float], centre: tuple[float, ...]) -> list[str]:
    """A short straight arrow for a press that barely moves (a squeeze, a hold): which way to push."""
    ux, uy = direction
    # Start outside the limb, on the side the push comes from.
    away = 22.0
    sx, sy = a[0] - ux * away, a[1] - uy * away
    ex, ey = a[0] - ux * 8, a[1] - uy * 8
    head = 7.0
    return [
        _stroke((sx, sy), (ex - ux * 4, ey - uy * 4), ARROW, 3),
        f'<polygon points="{_f(ex)},{_f(ey)} {_f(ex - ux * head + uy * head * 0.6)},{_f(ey - uy * head - ux * head * 0.6)} '
        f'{_f(ex - ux * head - uy * head * 0.6)},{_f(ey - uy * head + ux * head * 0.6)}" fill="{ARROW}"/>',
    ]


def _arrow(a: tuple[float, ...], b: tuple[float, ...], centre: tuple[float, ...]) -> list[str]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length < 1.5:
        return []
    if length < 8:
        return _nudge(a, (dx / length, dy / length), centre)
    nx, ny = -dy / length, dx / length
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
        nx, ny = -nx, -ny
    if my + ny * 30 > 0:  # never under the floor
        nx, ny = -nx, -ny
    off = 14.0
    ax, ay = a[0] + nx * off + dx * 0.08, a[1] + ny * off + dy * 0.08
    bx, by = b[0] + nx * off - dx * 0.08, b[1] + ny * off - dy * 0.08
    cx, cy = mx + nx * (off + 0.22 * length), my + ny * (off + 0.22 * length)
    tx, ty = bx - cx, by - cy
    tl = math.hypot(tx, ty) or 1.0
    tx, ty = tx / tl, ty / tl
    head = 9.0
    left = (bx - tx * head + ty * head * 0.55, by - ty * head - tx * head * 0.55)
    right = (bx - tx * head - ty * head * 0.55, by - ty * head + tx * head * 0.55)
    tip = (bx + tx * 2, by + ty * 2)
    return [
        f'<path d="M{_f(ax)} {_f(ay)}Q{_f(cx)} {_f(cy)} {_f(bx - tx * 4)} {_f(by - ty * 4)}" fill="none" '
        f'stroke="{ARROW}" stroke-width="3" stroke-linecap="round"/>',
        f'<polygon points="{_f(tip[0])},{_f(tip[1])} {_f(left[0])},{_f(left[1])} {_f(right[0])},{_f(right[1])}" '
        f'fill="{ARROW}"/>',
    ]


# --- the whole picture ----------------------------------------------------------------------


def bounds(scene: Scene) -> tuple[float, float, float, float]:
    """The drawing's extent (min x, min y, max x, max y) over every position, so all share one frame."""
    xs: list[float] = []
    ys: list[float] = []
    for skeleton in scene.poses:
        for p in skeleton.points.values():
            x, y, _ = project(scene.view, p)
            xs.append(x)
            ys.append(y)
    for prop in scene.props:
        if prop.kind in ("bench", "box", "step", "chair", "post", "bar"):
            for corner in _corners(prop):
                x, y, _ = project(scene.view, corner)
                xs.append(x)
                ys.append(y)
    margin = 30.0
    return min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin


def _corners(prop: Prop) -> Iterable[Vec]:
    (cx, cy, cz), (lx, h, wz) = prop.centre, prop.size
    top = max(h, cy, 0.6 if prop.kind == "post" else 0.0) + (0.45 if prop.kind == "chair" else 0.0)
    return [(cx - lx / 2, 0.0, cz - wz / 2), (cx + lx / 2, top, cz + wz / 2)]


def has_floor(scene: Scene) -> bool:
    if scene.view == "top":
        return False
    return any("@" not in s for pose in scene.poses for s in pose.on) or any(
        p.kind in ("bench", "box", "step", "chair", "post") for p in scene.props
    )


def render(scene: Scene, index: int, alt: str) -> str:
    """One position as a complete ``<svg>`` element."""
    x0, y0, x1, y1 = bounds(scene)
    floor = has_floor(scene)
    if floor:
        y1 = max(y1, 12.0)
    width, height = x1 - x0, y1 - y0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_f(x0)} {_f(y0)} {_f(width)} {_f(height)}" '
        f'width="{_f(width)}" height="{_f(height)}" role="img" aria-label={quoteattr(alt)}>',
        f"<title>{escape(alt)}</title>",
    ]
    if floor:
        parts.append(f'<rect x="{_f(x0)}" y="0" width="{_f(width)}" height="{_f(y1)}" fill="{FLOOR_FILL}"/>')
        parts.append(_stroke((x0 + 4, 0), (x1 - 4, 0), FLOOR, 2))
    parts += props_behind(scene)
    if index > 0:
        parts.append('<g opacity="0.9">')
        parts += body(scene, scene.poses[index - 1], ghost=True)
        parts.append("</g>")
    skeleton = scene.poses[index]
    parts += body(scene, skeleton)
    parts += props_front(scene, skeleton)
    parts += arrows(scene, index)
    parts.append("</svg>")
    return "".join(parts)

