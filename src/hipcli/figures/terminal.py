"""A position drawn in Unicode braille, for a terminal with room for it.

Each character holds 2 x 4 dots, so a 30 x 12 cell drawing is 60 x 48 dots:
enough for a stick figure whose working limb is drawn thicker (a terminal
drawing has no colour to spare), the floor, and the outline of a bench or step.
"""

from __future__ import annotations

import math

from .body import HEAD_R, Scene
from .svg import band_end, bounds, has_floor, project, worked_segments

_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.dots = [[0] * width for _ in range(height)]

    def set(self, x: float, y: float) -> None:
        col, row = int(round(x)), int(round(y))
        if 0 <= col < self.width * 2 and 0 <= row < self.height * 4:
            self.dots[row // 4][col // 2] |= _BITS[row % 4][col % 2]

    def line(self, a: tuple[float, float], b: tuple[float, float], thick: float = 0.0, step: int = 1) -> None:
        steps = max(int(math.hypot(b[0] - a[0], b[1] - a[1]) * 2), 1)
        for i in range(0, steps + 1, step):
            t = i / steps
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            self.set(x, y)
            if thick:
                for dx in (-thick, 0.0, thick):
                    for dy in (-thick, 0.0, thick):
                        self.set(x + dx, y + dy)

    def circle(self, c: tuple[float, float], r: float) -> None:
        for i in range(max(int(r * 8), 12)):
            angle = 2 * math.pi * i / max(int(r * 8), 12)
            self.set(c[0] + r * math.cos(angle), c[1] + r * math.sin(angle))

    def lines(self) -> list[str]:
        return ["".join(chr(0x2800 + cell) if cell else " " for cell in row).rstrip() for row in self.dots]


def draw(scene: Scene, index: int, width: int, height: int) -> list[str]:
    """The position as ``height`` lines of at most ``width`` characters."""
    x0, y0, x1, y1 = bounds(scene)
    if has_floor(scene):
        y1 = max(y1, 4.0)
    dots_w, dots_h = width * 2, height * 4
    scale = min((dots_w - 1) / (x1 - x0), (dots_h - 1) / (y1 - y0))
    # Centre the figure in the space it is given.
    ox = (dots_w - (x1 - x0) * scale) / 2
    oy = (dots_h - (y1 - y0) * scale) / 2

    def at(p: tuple[float, ...]) -> tuple[float, float]:
        return (p[0] - x0) * scale + ox, (p[1] - y0) * scale + oy

    canvas = Canvas(width, height)
    if has_floor(scene):
        canvas.line(at((x0 + 5, 0)), at((x1 - 5, 0)))
    for prop in scene.props:
        if prop.kind in ("bench", "box", "step", "chair"):
            (cx, _, cz), (lx, h, wz) = prop.centre, prop.size
            a = project(scene.view, (cx - lx / 2, 0.0, cz - wz / 2))
            b = project(scene.view, (cx + lx / 2, h, cz + wz / 2))
            corners = [at((a[0], a[1])), at((a[0], b[1])), at((b[0], b[1])), at((b[0], a[1]))]
            for i in range(3):
                canvas.line(corners[i], corners[i + 1])
    skeleton = scene.poses[index]
    worked = worked_segments(scene, skeleton)
    for name, (start, end) in skeleton.segments.items():
        if name in ("pelvis", "shoulders") and scene.view == "side":
            continue
        thick = 0.7 if name in worked else (0.5 if name == "trunk" else 0.0)
        canvas.line(at(project(scene.view, skeleton.points[start])), at(project(scene.view, skeleton.points[end])), thick)
    head = at(project(scene.view, skeleton.points["head"]))
    canvas.circle(head, max(HEAD_R * 100 * scale, 1.5))
    for prop in scene.props:
        if prop.kind == "band":
            ends = [band_end(scene, skeleton, name) for name in prop.spec.ends]
            if len(ends) == 2 and None not in ends:
                canvas.line(at(project(scene.view, ends[0])), at(project(scene.view, ends[1])), step=3)  # type: ignore[arg-type]
    return canvas.lines()
