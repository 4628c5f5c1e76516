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

__all__ = [
    "Figure", "figures_for", "terminal_figure", "terminal_figures", "combined_svg", "figure_spec", "scene_for",
    "bundled_figures_path",
]


@dataclass(frozen=True)
class Figure:
    """One drawn position of a card, as a self-contained SVG with its alt text."""
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
    from ..errors import CatalogueError

    path = bundled_figures_path()
    try:
        text = path.read_text(encoding="utf-8")
        # The shipped file is read on every `show` on a terminal: rtoml parses it in a
        # fraction of tomllib's time (tests/test_figures_speed.py checks they agree).
        # tomllib stays the judge of a file rtoml refuses, for its line and column.
        try:
            import rtoml

            return rtoml.loads(text), text
        except Exception:  # noqa: BLE001 - no rtoml, or a refusal: tomllib says why
            pass
        import tomllib

        return tomllib.loads(text), text
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise CatalogueError(f"{path}: {error}") from None
    except ValueError as error:  # tomllib.TOMLDecodeError
        raise CatalogueError(f"{path}: {error}") from None


@cache
def _bundled_spec(slug: str) -> FigureSpec | None:
    raw = bundled_raw()[0].get(slug)
    if raw is None:
        return None
    fast = _trusted(raw)
    if fast is not None:
        return fast
    from ..errors import CatalogueError
    from ..models import FigureSpec
    from ..validation import ValidationError, format_errors, validate

    try:
        return validate(FigureSpec, raw)
    except ValidationError as exc:
        path, message = format_errors(exc, FigureSpec)[0]
        field = ".".join(str(part) for part in path)
        raise CatalogueError(f"{bundled_figures_path()}: figure '{slug}': {field}: {message}") from None


def _trusted(raw: Any) -> FigureSpec | None:
    """The bundled description built straight into the models, or None if it does not fit them.

    The bundled file is checked by the tests and by ``hipcli validate``;
    skipping pydantic here saves the 200 ms its import costs ``show`` on a
    terminal. Anything that does not fit goes through the validator instead,
    which says what is wrong.
    """
    from ..models import FigureSpec, Joints, PoseSpec, PropSpec

    def pose(item: dict[str, Any]) -> PoseSpec:
        values = {key: Joints(**value) if key in ("both", "left", "right") else value for key, value in item.items()}
        if "on" in values:
            values["on"] = tuple(values["on"])
        return PoseSpec(**values)

    try:
        return FigureSpec(
            **{
                **raw,
                "positions": tuple(pose(item) for item in raw["positions"]),
                "props": tuple(PropSpec(**{**item, "ends": tuple(item.get("ends", ()))}) for item in raw.get("props", ())),
                "work": tuple(raw.get("work", ())),
                "moves": tuple(raw.get("moves", ())),
            }
        )
    except (TypeError, KeyError, AttributeError):
        return None


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


def combined_svg(exercise: Exercise) -> str | None:
    """Every position side by side in one ``<svg>`` (for ``show --format svg``); None without a description."""
    from .svg import escape, quoteattr

    figures = figures_for(exercise)
    if not figures:
        return None
    gap = 20.0
    placed, x = [], 0.0
    height = 0.0
    for figure in figures:
        width, tall = _size(figure.svg)
        placed.append((x, figure.svg.replace("<svg ", f'<svg x="{x:g}" y="0" ', 1)))
        x += width + gap
        height = max(height, tall)
    total = x - gap
    alt = " ".join(figure.alt for figure in figures)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total:g} {height:g}" width="{total:g}" '
        f'height="{height:g}" role="img" aria-label={quoteattr(alt)}><title>{escape(alt)}</title>'
        + "".join(svg for _, svg in placed)
        + "</svg>"
    )


def _size(svg: str) -> tuple[float, float]:
    import re

    found = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    return (float(found[1]), float(found[2])) if found else (200.0, 200.0)


def terminal_figures(exercise: Exercise, width: int, height: int) -> list[str]:
    """Every position side by side in braille, each captioned with its label; [] without a description."""
    scene = _scene_or_error(exercise)
    if scene is None:
        return []
    from .terminal import draw

    from .svg import bounds

    count = len(scene.poses)
    gap = 3
    each = (width - gap * (count - 1)) // count
    if each < 8 or height < 4:
        return []
    # No wider than the figure needs at this height (a braille cell is 2 dots wide, 4 tall).
    x0, y0, x1, y1 = bounds(scene)
    each = min(each, max(8, int((x1 - x0) / (y1 - y0) * (height - 1) * 4 / 2) + 2))
    columns = [draw(scene, index, each, height - 1) for index in range(count)]
    lines = [(" " * gap).join(column[row].ljust(each) for column in columns).rstrip() for row in range(height - 1)]
    # A lying figure is wide and low: drop the blank rows it leaves above and below.
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    lines.append((" " * gap).join(pose.label.center(each) for pose in scene.poses).rstrip())
    return lines
