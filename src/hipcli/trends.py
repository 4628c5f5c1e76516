"""What `hipcli log progress` charts, computed from the log's rows: pure, no store, no screen.

``progress(catalogue, sessions, sets, person, weeks, planned)`` returns the
chart data (also the ``--format json`` output). Each number is counted the
way a person would count it by hand:

- weeks are calendar weeks (Monday to Sunday) of the day a session was done,
  never a programme's week number;
- a set counts once for each chart group its card's prime movers belong to;
  a one-sided set done on both sides counts once;
- adherence compares like with like: strength sessions done against the
  strength sessions the followed programme planned, in the weeks it planned
  any; warm-ups and mobility breaks are not strength sessions;
- the rung reached is the rung of what was *done*: a 14 s hold of a 90 s
  target reached the rungs up to 14 s, not the 90 s one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from .adapt import session_kind
from .ladder import Ladder, Rung, build_ladder, eligible, rung_for
from .models import MUSCLE_GROUPS, Catalogue

CHART_GROUPS = ("hip-flexors", "hip-abductors", "adductors", "hip-extensors", "core")
# Weekly hard sets per group that a plan at each level adds up to: R2's
# sessions a week times R7's sets per exercise, one exercise per group per
# session. A convention derived from those two rules, not a published target.
WEEKLY_SET_TARGET = {"beginner": 4, "intermediate": 9, "advanced": 12}
WEEKLY_SET_SOURCE = "R2 x R7 (sessions a week x sets per exercise; convention)"


@lru_cache(maxsize=4096)
def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the calendar week ``day`` falls in."""
    return day - datetime.timedelta(days=day.weekday())


def calendar_weeks(today: datetime.date, count: int) -> list[datetime.date]:
    """The Mondays of the last ``count`` calendar weeks, this one included, oldest first."""
    last = week_start(today)
    return [last - datetime.timedelta(weeks=count - 1 - n) for n in range(count)]


class Person:
    """What a ladder needs to know about the person (ladder.Person): the progress page's level and kit."""

    def __init__(self, level: str, equipment: tuple[str, ...], avoid: tuple[str, ...]) -> None:
        self.level, self.equipment, self.avoid = level, equipment, avoid


def group_sets(sets: Sequence[Any], catalogue: Catalogue, weeks: Sequence[datetime.date]) -> dict[str, list[int]]:
    """Sets done per chart group per calendar week (a set on both sides of one-sided work counts once)."""
    index = {week: n for n, week in enumerate(weeks)}
    groups_of = {
        card.slug: tuple(g for g in CHART_GROUPS if set(card.primary) & MUSCLE_GROUPS[g]) for card in catalogue.exercises
    }
    counts = {group: [0] * len(weeks) for group in CHART_GROUPS}
    for logged in sets:
        if logged.done is None or logged.side == "right":
            continue
        position = index.get(week_start(logged.started.date()))
        if position is None:
            continue
        for group in groups_of.get(logged.slug, ()):
            counts[group][position] += 1
    return counts


def band_of(logged: Any) -> str | None:
    """The band level a set was done with. A log that took a band in unchecked, before bands were
    checked at the door ('green', a typo), still charts: such a value counts as no band."""
    from .models import BAND_LEVELS

    return next((band for band in (logged.band, logged.target_band) if band in BAND_LEVELS), None)


def reached(ladder: Ladder, logged: Sequence[Any]) -> Rung | None:
    """The rung one exercise's logged sets reached: its target's rung, or lower if a set fell short of it.

    None: below the first rung (every set short of the ladder's bottom).
    """
    first = logged[0]
    low, high = first.target_low or first.target_high, first.target_high
    target = rung_for(ladder, first.slug, first.target_sets or 1, (low, high), band_of(first), first.tempo)
    done = [row.done for row in logged if row.done is not None]
    if target is None or not done:
        return target
    least = min(done)
    if least >= target.amount[0]:
        return target
    # Short of the target: the highest rung of this card whose amount the weakest set reached.
    own = [rung for rung in ladder.rungs if rung.slug == first.slug and not rung.load_kg and rung.index <= target.index]
    fitting = [rung for rung in own if rung.amount[1] <= least]
    return fitting[-1] if fitting else None


def rungs_by_week(
    catalogue: Catalogue, sets: Sequence[Any], person: Any, weeks: Sequence[datetime.date]
) -> tuple[dict[str, list[int | None]], dict[str, tuple[Rung | None, int, str]], dict[str, Ladder]]:
    """Per family, the highest rung reached each week (1-based; 0: below the first rung), the latest, and the ladders."""
    index = {week: n for n, week in enumerate(weeks)}
    grouped: dict[tuple[int, int, str], list[Any]] = {}
    for logged in sets:
        if logged.target_high is None or logged.slug not in catalogue.by_slug:
            continue
        if week_start(logged.started.date()) in index:
            grouped.setdefault((logged.session_id, logged.position, logged.slug), []).append(logged)
    ladders: dict[str, Ladder] = {}
    rows: dict[str, list[int | None]] = {}
    latest: dict[str, tuple[Rung | None, int, str]] = {}
    known: dict[tuple, Rung | None] = {}  # a log repeats the same doses: place each once
    for rows_of_one in grouped.values():
        first = rows_of_one[0]
        card = catalogue.by_slug[first.slug]
        family = card.family_name
        if family not in ladders:
            ladders[family] = build_ladder(catalogue, card, _someone(card, person))
        done = [row.done for row in rows_of_one if row.done is not None]
        key = (first.slug, first.target_sets, first.target_low, first.target_high, band_of(first),
               first.tempo, min(done) if done else None)
        if key not in known:
            known[key] = reached(ladders[family], rows_of_one)
        rung = known[key]
        value = 0 if rung is None else rung.index + 1
        row = rows.setdefault(family, [None] * len(weeks))
        position = index[week_start(rows_of_one[0].started.date())]
        row[position] = max(row[position] or 0, value)
        latest[family] = (rung, len(ladders[family].rungs), card.slug)
    return rows, latest, ladders


def _someone(card: Any, person: Any) -> Any:
    """Logged work above the level or kit asked for is charted on a ladder at the card's own level and kit."""
    someone = person if card.suits(person.level) else Person(card.level, tuple(person.equipment), tuple(person.avoid))
    if not eligible(card, someone):
        someone = Person(someone.level, tuple(sorted(set(someone.equipment) | set(card.equipment))), ())
    return someone


def adherence(
    sessions: Sequence[Any], sets: Sequence[Any], weeks: Sequence[datetime.date],
    planned: Mapping[datetime.date, int] | None,
) -> list[dict[str, Any]]:
    """Per week: strength sessions done against planned, and sets done against the sets the logged sessions planned."""
    index = {week: n for n, week in enumerate(weeks)}
    rows = [{"week": week.isoformat(), "sessions": 0, "strength_sessions": 0,
             "planned_sessions": planned.get(week) if planned is not None else None, "sets_done": 0, "sets_planned": 0}
            for week in weeks]
    recorded: dict[int, int] = {}
    for logged in sets:
        recorded[logged.session_id] = recorded.get(logged.session_id, 0) + 1
        position = index.get(week_start(logged.started.date()))
        if position is not None and logged.done is not None:
            rows[position]["sets_done"] += 1
    for session in sessions:
        position = index.get(week_start(session.started.date()))
        if position is None:
            continue
        row = rows[position]
        row["sessions"] += 1
        # A session of unknown type (typed in by hand) counts as strength work: it is what the log is for.
        row["strength_sessions"] += session_kind(session) in ("strength", None)
        row["sets_planned"] += session.planned_sets if session.planned_sets is not None else recorded.get(session.id, 0)
    return rows


def adherence_totals(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Strength sessions done and planned over the weeks the programme planned any, and the share (None: nothing planned)."""
    weeks = [row for row in rows if row["planned_sessions"]]
    done = sum(min(row["strength_sessions"], row["planned_sessions"]) for row in weeks)
    planned = sum(row["planned_sessions"] for row in weeks)
    extra = sum(max(0, row["strength_sessions"] - row["planned_sessions"]) for row in weeks)
    return {"done": done, "planned": planned, "extra": extra, "percent": round(100 * done / planned) if planned else None}


def pain_by_week(sessions: Sequence[Any], sets: Sequence[Any], weeks: Sequence[datetime.date]) -> list[dict[str, Any]]:
    index = {week: n for n, week in enumerate(weeks)}
    during: list[list[int]] = [[] for _ in weeks]
    morning: list[list[int]] = [[] for _ in weeks]
    for logged in sets:
        position = index.get(week_start(logged.started.date()))
        if position is not None and logged.pain is not None:
            during[position].append(logged.pain)
    for session in sessions:
        position = index.get(week_start(session.started.date()))
        if position is not None and session.morning_pain is not None:
            morning[position].append(session.morning_pain)
    return [
        {"week": week.isoformat(), "max": max(during[n]) if during[n] else None,
         "mean": round(sum(during[n]) / len(during[n]), 1) if during[n] else None,
         "morning_max": max(morning[n]) if morning[n] else None}
        for n, week in enumerate(weeks)
    ]


def progress(
    catalogue: Catalogue, sessions: Sequence[Any], sets: Sequence[Any], person: Any, weeks: Sequence[datetime.date],
    planned: Mapping[datetime.date, int] | None,
) -> dict[str, Any]:
    """Everything the progress charts show, as data: the CLI's one call (``hipcli log progress``)."""
    from .ladder import next_rung

    rungs, latest, ladders = rungs_by_week(catalogue, sets, person, weeks)
    target = WEEKLY_SET_TARGET.get(person.level, WEEKLY_SET_TARGET["beginner"])
    rows = adherence(sessions, sets, weeks, planned)
    families = {}
    for family, values in sorted(rungs.items()):
        rung, total, slug = latest[family]
        ladder = ladders[family]
        now: dict[str, Any] = {"rung": 0 if rung is None else rung.index + 1, "of": total, "slug": rung.slug if rung else slug}
        if rung is None:
            now["next"] = f"reach the first dose, {dose_words(ladder.rungs[0])}"
        else:
            following = next_rung(ladder, rung)
            now.update(sets=rung.sets, amount=list(rung.amount), unit=rung.unit, band=rung.band, dose=dose_words(rung),
                       next=step_words(rung, following, catalogue) if following else ladder.top_note())
        families[family] = {"rung_by_week": values, "now": now}
    return {
        "weeks": [week.isoformat() for week in weeks],
        "families": families,
        "weekly_sets": {"target": target, "target_source": WEEKLY_SET_SOURCE,
                        "groups": group_sets(sets, catalogue, weeks)},
        "adherence": rows,
        "adherence_total": adherence_totals(rows) if planned is not None else None,
        "pain": pain_by_week(sessions, sets, weeks),
    }


def dose_words(rung: Any) -> str:
    """A rung as a person reads it: '3 × 12, light band' (a range where the rung has one, the tempo when set)."""
    low, high = rung.amount
    amount = f"{low}–{high}" if low != high else f"{high}"
    unit = {"reps": "", "seconds": " s", "steps": " steps"}.get(rung.unit, f" {rung.unit}")
    text = f"{rung.sets} × {amount}{unit}" + (" per side" if rung.per_side else "")
    if rung.band:
        text += f", {rung.band} band"
    if rung.tempo:
        text += f", tempo {rung.tempo}"
    return text


def step_words(rung: Any, following: Any | None, cat: Catalogue) -> str:
    """What the next rung changes, in words: 'a pause at the top', 'a heavier band (medium)', 'another set'."""
    if following is None:
        return "the top of this ladder for you"
    if following.slug != rung.slug:
        card = cat.by_slug.get(following.slug)
        return f"a harder variant, {card.name if card else following.slug}"
    if following.step == "load":
        return f"a heavier bell: {following.bell_text()}"
    if following.step == "band":
        return f"a heavier band ({following.band})"
    if following.step == "position":
        return "the band further down the leg"
    if following.step == "tempo":
        before = (rung.tempo or "0-0-0").split("-")
        after = (following.tempo or "0-0-0").split("-")
        if len(before) == 3 and len(after) == 3 and before[1] == "0" and after[1] != "0":
            return f"a pause at the top ({following.tempo})"
        return f"a slower tempo ({following.tempo})"
    if following.step == "sets":
        return f"another set ({dose_words(following)})"
    return f"more {'time' if following.unit == 'seconds' else following.unit} ({dose_words(following)})"


def planned_sessions(document: Any, weeks: Iterable[datetime.date]) -> dict[datetime.date, int]:
    """Strength sessions a programme plans in each of ``weeks`` (each week by its Monday)."""
    counts: dict[datetime.date, int] = dict.fromkeys(weeks, 0)
    for week in document.weeks:
        for planned in week.sessions:
            start = week_start(planned.date)
            if start in counts and planned.session == "strength":
                counts[start] += 1
    return counts
