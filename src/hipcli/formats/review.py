"""A small chart of the last weeks of the log, for a handout taken to a review; pure.

The command line reads the log and hands its sets in (``logrows.LoggedSet``
rows and each session's next-morning pain); this module never opens the log. Three
panels, one column per week: sessions done (against the sessions planned, when
known), the worst pain in a set and the next morning on the pain rule's bands,
and the average ladder step reached. The bands come from the constants the
log applies (``adapt``), so the chart and the rule cannot disagree.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..pain import PAIN_LIMIT, SAFE_PAIN


@dataclass(frozen=True)
class ReviewWeek:
    """One week of the log as the review chart plots it."""
    start: datetime.date  # the Monday
    sessions: int
    pain: int | None  # the worst pain in any set that week
    morning: int | None  # the worst next-morning pain
    step: float | None  # the average ladder step (1 = a family's first rung) at each family's last session


def review_weeks(
    sets: Sequence[object],
    morning: Mapping[int, int | None],
    today: datetime.date,
    *,
    weeks: int = 6,
    rung_of: Callable[[object], tuple[str, int] | None] | None = None,
) -> list[ReviewWeek]:
    """The last ``weeks`` weeks up to ``today``, oldest first, from the log's sets (``logrows.LoggedSet`` rows).

    Every logged set counts for sessions and pain, planned or not; ``morning``
    maps a session id to its next-morning pain. ``rung_of`` maps an
    ``adapt.Outcome`` to (family, 1-based rung) where the caller can place it
    on a ladder; without it, no step is charted.
    """
    from ..adapt import outcomes

    placed = outcomes(sets, morning) if rung_of is not None else []
    monday = today - datetime.timedelta(days=today.weekday())
    shown: list[ReviewWeek] = []
    for back in range(weeks - 1, -1, -1):
        start = monday - datetime.timedelta(weeks=back)
        end = start + datetime.timedelta(days=7)
        rows = [row for row in sets if start <= row.started.date() < end]  # type: ignore[attr-defined]
        sessions = {row.session_id for row in rows}  # type: ignore[attr-defined]
        pains = [row.pain for row in rows if row.pain is not None]  # type: ignore[attr-defined]
        mornings = [pain for session in sessions if (pain := morning.get(session)) is not None]
        latest: dict[str, int] = {}
        for outcome in placed:
            if start <= outcome.date < end and rung_of is not None and (where := rung_of(outcome)) is not None:
                latest[where[0]] = where[1]  # outcomes come oldest first, so the last one stands
        step = sum(latest.values()) / len(latest) if latest else None
        shown.append(ReviewWeek(start, len(sessions), max(pains, default=None), max(mornings, default=None), step))
    return shown


# The drawing: 600 x 170 units, three panels of 180 wide.
WIDTH, HEIGHT = 620, 182
TOP, BOTTOM = 30, 142  # the plotting band inside each panel
PANEL = 180
GAP = 30
INK = "#222"


def _x(panel: int, index: int, count: int) -> float:
    left = panel * (PANEL + GAP) + 24
    return left + (index + 0.5) * (PANEL - 24) / max(count, 1)


def _y(value: float, top_value: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * (value / top_value if top_value else 0)


def _text(x: float, y: float, words: str, *, size: int = 15, anchor: str = "middle", weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'font-family="sans-serif" fill="{INK}">{html.escape(words)}</text>'
    )


def chart(weeks: Sequence[ReviewWeek], *, planned: int | None = None) -> str:
    """One SVG element: sessions, pain and ladder step per week; no scripts, no external references."""
    count = len(weeks)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-label="The last weeks from the training log: sessions done, worst pain, ladder step">',
        "<title>The last weeks from the training log: sessions done, worst pain, ladder step</title>",
    ]
    # Sessions done, against the plan's sessions a week when the caller knows them.
    # Headroom above the tallest bar for its number.
    most = max([planned or 0, *(week.sessions for week in weeks), 1]) * 1.15
    left = 24
    parts.append(_text(left + (PANEL - 24) / 2, 16, "Sessions" + (f" (plan {planned})" if planned else " a week"), weight="bold"))
    if planned:
        y = _y(planned, most)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{PANEL}" y2="{y:.1f}" stroke="#777" stroke-dasharray="4 3"/>')
    bar = (PANEL - 24) / max(count, 1) * 0.6
    for index, week in enumerate(weeks):
        x = _x(0, index, count)
        y = _y(week.sessions, most)
        parts.append(f'<rect x="{x - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{BOTTOM - y:.1f}" fill="#1f5fbf"/>')
        parts.append(_text(x, y - 3, str(week.sessions), size=14))
    # Pain, on the pain rule's bands.
    base = PANEL + GAP
    parts.append(_text(base + 24 + (PANEL - 24) / 2, 16, "Worst pain 0-10", weight="bold"))
    for low, high, colour in ((0, SAFE_PAIN, "#e3f2e1"), (SAFE_PAIN, PAIN_LIMIT, "#fdf0cf"), (PAIN_LIMIT, 10, "#f9dcdc")):
        parts.append(
            f'<rect x="{base + 24}" y="{_y(high, 10):.1f}" width="{PANEL - 24}" height="{_y(low, 10) - _y(high, 10):.1f}" fill="{colour}"/>'
        )
    for value in (0, SAFE_PAIN, PAIN_LIMIT, 10):
        parts.append(_text(base + 20, _y(value, 10) + 3, str(value), size=14, anchor="end"))
    parts += _series(1, weeks, lambda week: week.pain, 10, "#d7263d", "none")
    parts += _series(1, weeks, lambda week: week.morning, 10, "#7b3fa0", "4 3")
    parts.append(_text(base, HEIGHT - 3, "solid: set, dashed: morning", size=14, anchor="start"))
    # The ladder step.
    base = 2 * (PANEL + GAP)
    steps = [week.step for week in weeks if week.step is not None]
    top = max([*steps, 1.0]) + 1
    parts.append(_text(base + 24 + (PANEL - 24) / 2, 16, "Ladder step (mean)", weight="bold"))
    for value in sorted({1, round(top - 1)}) if steps else ():
        parts.append(_text(base + 20, _y(value, top) + 3, str(value), size=14, anchor="end"))
    parts += _series(2, weeks, lambda week: week.step, top, "#2e9e44", "none")
    if not steps:
        parts.append(_text(base + 24 + (PANEL - 24) / 2, (TOP + BOTTOM) / 2, "no ladder exercises logged", size=14))
    # Axes and week labels under every panel.
    for panel in range(3):
        start = panel * (PANEL + GAP) + 24
        parts.append(f'<line x1="{start}" y1="{BOTTOM}" x2="{start + PANEL - 24}" y2="{BOTTOM}" stroke="{INK}"/>')
        parts.append(f'<line x1="{start}" y1="{TOP}" x2="{start}" y2="{BOTTOM}" stroke="{INK}"/>')
        for index, week in enumerate(weeks):
            # Every other week from the latest, so dates never overlap in a panel this narrow.
            if count <= 3 or (count - 1 - index) % 2 == 0:
                parts.append(_text(_x(panel, index, count), BOTTOM + 15, f"{week.start:%d %b}", size=14))
    parts.append("</svg>")
    return "".join(parts)


def _series(
    panel: int, weeks: Sequence[ReviewWeek], value: Callable[[ReviewWeek], float | None], top: float, colour: str, dash: str
) -> list[str]:
    """A line through the weeks that have a value, with a dot on each (a week without one leaves a gap)."""
    count = len(weeks)
    points = [(_x(panel, i, count), _y(v, top)) for i, week in enumerate(weeks) if (v := value(week)) is not None]
    parts = []
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points]
    return parts


def ladder_steps(catalogue: object, person: object) -> Callable[[object], tuple[str, int] | None]:
    """For ``review_weeks``: where an outcome stands on this person's ladder, as (family, 1-based rung).

    Each family's ladder is built once, on first use; a card the person's level
    or kit rules out, or a dose on no rung of it, is left off the chart.
    """
    from ..ladder import build_ladder, eligible, rung_for

    ladders: dict[str, object] = {}

    def place(outcome: object) -> tuple[str, int] | None:
        card = catalogue.by_slug.get(outcome.slug)  # type: ignore[attr-defined]
        if card is None or not eligible(card, person):  # type: ignore[arg-type]
            return None
        family = card.family_name
        if family not in ladders:
            ladders[family] = build_ladder(catalogue, card, person)  # type: ignore[arg-type]
        rung = rung_for(
            ladders[family], outcome.slug, outcome.sets, (outcome.low, outcome.high), outcome.band, outcome.tempo  # type: ignore[arg-type, attr-defined]
        )
        return None if rung is None else (family, rung.index + 1)

    return place
