"""hipcli's own drawings of each exercise, made from a pose description.

A card's figure is data (joint angles for each key position, the view, the
props); see docs/catalogue.md "Figures". A card may carry its own ``figure``
table; otherwise the bundled ``data/figures.toml`` may have one under the
card's slug. This package is pure: it returns SVG text and lines of text and
never prints, and it imports neither typer nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Exercise, FigureSpec
    from .body import Scene

__all__ = ["Figure", "figures_for", "terminal_figure", "figure_spec", "scene_for", "bundled_figures_path"]


@dataclass(frozen=True)
class Figure:
    label: str  # "start", "end", ...
    svg: str  # one complete <svg ...>...</svg> element, viewBox set, no XML prolog, no external refs, no <script>
    alt: str  # a sentence describing the position, for alt text


_PACKAGED = Path(__file__).resolve().parents[1] / "data" / "figures.toml"
# An editable install has no packaged copy: read the checkout's file instead.
_CHECKOUT = Path(__file__).resolve().parents[3] / "data" / "figures.toml"


def bundled_figures_path() -> Path:
    return _PACKAGED if _PACKAGED.is_file() else _CHECKOUT


@cache
def bundled_raw() -> tuple[dict[str, Any], str]:
    """The bundled figures file as TOML data, and its text (for line numbers)."""
    from ..catalogue import read_toml
    from ..errors import CatalogueError

    return read_toml(bundled_figures_path(), CatalogueError)


@cache
def _bundled_spec(slug: str) -> FigureSpec | None:
    from ..errors import CatalogueError
    from ..models import FigureSpec
    from ..validation import ValidationError, format_errors, validate

    raw = bundled_raw()[0].get(slug)
    if raw is None:
        return None
    try:
        return validate(FigureSpec, raw)
    except ValidationError as exc:
        path, message = format_errors(exc, FigureSpec)[0]
        field = ".".join(str(part) for part in path)
        raise CatalogueError(f"{bundled_figures_path()}: figure '{slug}': {field}: {message}") from None


def figure_spec(exercise: Exercise) -> FigureSpec | None:
    """The card's own figure description, else the bundled one for its slug, else None."""
    own = getattr(exercise, "figure", None)
    if own is not None:
        return own
    return _bundled_spec(exercise.slug)


def scene_for(spec: FigureSpec) -> Scene:
    """The placed positions and props of a description (raises ``PoseError`` for a broken one)."""
    from .body import place

    return place(spec)


def _scene_or_error(exercise: Exercise) -> Scene | None:
    from ..errors import CatalogueError
    from .body import PoseError

    spec = figure_spec(exercise)
    if spec is None:
        return None
    try:
        return scene_for(spec)
    except PoseError as error:
        raise CatalogueError(f"exercise '{exercise.slug}': figure.{error.field}: {error.message}") from None


def figures_for(exercise: Exercise) -> list[Figure]:
    """Every key position of the card as an SVG figure; [] when the card has no pose description."""
    from .describe import describe
    from .svg import render

    scene = _scene_or_error(exercise)
    if scene is None:
        return []
    figures = []
    for index, pose in enumerate(scene.poses):
        alt = describe(exercise.name, scene, index)
        figures.append(Figure(pose.label, render(scene, index, alt), alt))
    return figures


def terminal_figure(exercise: Exercise, label: str, width: int, height: int) -> list[str]:
    """One position drawn in braille as plain lines (no escape codes); [] without a description or that label."""
    from .terminal import draw

    scene = _scene_or_error(exercise)
    if scene is None or width < 4 or height < 2:
        return []
    for index, pose in enumerate(scene.poses):
        if pose.label == label:
            return draw(scene, index, width, height)
    return []
