"""What the planning commands read from the training log: the recent history and the latest self-tests.

Shared by ``plan``, ``program`` and ``train`` (a helper, not a command
module), so all three plan the same way: the log is read here once and
handed to the core (``adapt.planned``, ``adapt.programme_start``,
``assess.screen``), which never opens it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Optional

from ..records import Model, model
from .shell import Terminal


@model
class PlanningLog(Model):
    """What the planning commands take from the log: outcomes, the latest screen and the bell step."""
    outcomes: list[Any]  # adapt.Outcome, oldest first
    screen: Any  # assess.Screen from the latest assessment; None without one
    kettlebell_step_kg: int


def kettlebell_step(term: Terminal) -> int:
    """The heavier-bell step in kg: the ``kettlebell_step_kg`` setting when there is one, else the core default."""
    from ..ladder import KETTLEBELL_STEP_KG

    value = term.defaults.get("kettlebell_step_kg")
    try:
        step = int(value) if value is not None else KETTLEBELL_STEP_KG
    except (TypeError, ValueError):
        step = KETTLEBELL_STEP_KG
    return step if 1 <= step <= 32 else KETTLEBELL_STEP_KG


def planning_log(term: Terminal, today: datetime.date, slugs: Iterable[str] = ()) -> Optional[PlanningLog]:
    """The log's recent outcomes and latest assessment, or None without a log (a damaged log is reported and skipped).

    The last ``adapt.RECENT_WEEKS`` are read in full; before that, back to
    ``adapt.HISTORY_WEEKS``, only the sets of the cards in ``slugs`` (the
    catalogue's) not done since, so a family after a long layoff still knows
    its rung without the whole half-year being read.
    """
    from ..paths import log_exists

    if not log_exists():
        return None  # no log: none of its machinery is loaded, so plain planning stays quick
    from ..adapt import RECENT_WEEKS, history, history_window, latest_results
    from ..errors import JournalError
    from ..journal import Journal

    since = history_window(today)
    recent = today - datetime.timedelta(weeks=RECENT_WEEKS)
    try:
        with Journal.open(create=False) as log:
            sets = log.sets(since=recent)
            seen = {row.slug for row in sets}
            missing = [slug for slug in slugs if slug not in seen]
            older = log.sets(slugs=missing, since=since, until=recent - datetime.timedelta(days=1)) if missing else []
            outcomes = history(log.sessions(since=since), older + sets)
            results = latest_results(log.assessments())
    except JournalError as error:
        term.say(f"{error.message}; planning without the log")
        return None
    gates = None
    if results:
        from ..assess import screen

        gates = screen(results)
        for note in gates.notes:
            term.say(note)
    return PlanningLog(outcomes=outcomes, screen=gates, kettlebell_step_kg=kettlebell_step(term))


def suggested_level(term: Terminal, given: Optional[str], log: Optional[PlanningLog]) -> Optional[str]:
    """The level to plan at when the person set none (no --level, no setting): the latest assessment's suggestion."""
    if given is not None or term.defaults.get("level") is not None or log is None or log.screen is None:
        return given
    if log.screen.level is None:
        return given
    from ..assess import level_for

    level, note = level_for(None, log.screen)
    if note:
        term.say(note)
    return level
