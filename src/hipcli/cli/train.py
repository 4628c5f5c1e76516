"""Commands for the guided session in the terminal: ``hipcli train``.

The shell around three parts: the ticker turns the terminal into events, the
state machine (``trainer.py``) turns events into a state and effects, and
``live.py`` draws the state. This module carries out the effects: it rings
the bell and writes each recorded set to the training log at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Optional, Protocol

import typer

from .options import path_argument, AvoidOption, CatalogueOption, EquipmentOption, WithOption, choice, parse_avoid, parse_equipment, shown
from .history import planning_log, suggested_level
from .shell import Terminal, command, load, top_level

commands = top_level()

if TYPE_CHECKING:
    import datetime

    from ..live import Drawer
    from ..models import Catalogue
    from ..plans import Plan
    from ..trainer import SetRecord, State


class Recorder(Protocol):
    """Where recorded sets go: each ``record`` call is written and committed before it returns."""

    def record(self, done: SetRecord) -> None: ...


class Origin(NamedTuple):
    """Where the session came from, as the training log records it."""

    kind: str  # plan | programme | options
    path: str | None
    week: int | None
    title: str
    following: datetime.date | None = None  # a programme's next session after this one

    def describe(self) -> str:
        if self.kind == "options":
            return self.title
        return f"{self.path}, week {self.week}, {self.title}" if self.week else f"{self.path}"


def _plan_from(
    term: Terminal, path: Optional[Path], day: datetime.date, options: dict[str, object], catalogue: Catalogue,
    settings: dict[str, object],
) -> tuple[Plan, Origin]:
    """The plan to train: a file, a plan built from the options, or today's session of the programme followed.

    A plan built here takes the user's defaults for what the options leave
    out, as ``hipcli plan`` does (``config.resolve``).
    """
    asked = {key: value for key, value in options.items() if key != "seed" and value is not None}
    if path is not None:
        return _plan_in_file(path, day, catalogue)
    followed = None if asked else _followed(required=False)
    # Nothing asked and no programme followed: the user's own defaults, as 'hipcli plan' alone takes them.
    if asked or (followed is None and settings.get("level") and settings.get("goal")):
        return _plan_asked(term, day, asked, options, catalogue, settings)
    return _plan_in_file(followed or _followed(), day, catalogue)  # type: ignore[arg-type]


def _plan_asked(
    term: Terminal, day: datetime.date, asked: dict[str, object], options: dict[str, object], catalogue: Catalogue,
    settings: dict[str, object],
) -> tuple[Plan, Origin]:
    """A plan built from the options and the user's defaults, by the same path as 'hipcli plan'."""
    from ..adapt import planned
    from ..config import resolve
    from ..plans import PlanRequest

    # The latest assessment's gates, then the log's rungs.
    log = planning_log(term, day, catalogue.by_slug)
    asked["level"] = suggested_level(term, asked.get("level"), log)  # type: ignore[arg-type]
    wanted = resolve({k: v for k, v in asked.items() if v is not None}, settings=settings)
    del wanted["days"]
    request = PlanRequest(session=options.get("session") or "strength", seed=options["seed"], **wanted)  # type: ignore[arg-type]
    plan, _used = planned(catalogue, request, log.outcomes if log else None, day,
                          screen=log.screen if log else None,
                          **({"kettlebell_step_kg": log.kettlebell_step_kg} if log else {}))
    # A warm-up or mobility title names its type, so the log never counts it as strength work (adapt.session_kind).
    kind = "" if request.session == "strength" else f"{request.session} "
    title = f"a {kind}plan for --level {request.level} --goal {request.goal}"
    return plan, Origin("options", None, None, title)


def _plan_in_file(path: Path, day: datetime.date, catalogue: Catalogue) -> tuple[Plan, Origin]:
    """A saved plan, or a programme's session on ``day``."""
    from ..formats import session_title
    from ..planfile import load_document
    from ..plans import PlanFile

    document = load_document(path, catalogue)
    if isinstance(document, PlanFile):
        return document.plan, Origin("plan", str(path), None, session_title(document.plan))
    from ..errors import PlanFileError
    from ..progression import session_plan

    sessions = [(week, session) for week in document.weeks for session in week.sessions]
    found = [(week, session) for week, session in sessions if session.date == day]
    if not found:
        later = [session.date for _, session in sessions if session.date > day]
        hint = f"; the next is {later[0].isoformat()} (--date {later[0].isoformat()})" if later else ""
        raise PlanFileError(f"{path}: no session on {day.isoformat()}{hint}")
    week, session = found[0]
    following = next((other.date for _, other in sessions if other.date > day), None)
    return session_plan(document.programme, session), Origin("programme", str(path), week.number, session.title, following)


def _followed(*, required: bool = True) -> Optional[Path]:
    """The programme file the training log says the person follows (None, or NotFound when ``required``)."""
    from ..errors import NotFound
    from ..journal import Journal, exists

    if exists():
        with Journal.open(create=False) as journal:
            followed = journal.followed()
        if followed is not None:
            return Path(followed.path)
    if not required:
        return None
    raise NotFound(
        "nothing to train: give a saved plan or programme file, --level and --goal, "
        "or follow a programme in the training log first"
    )


def _day(on: Optional[str]) -> datetime.date:
    import datetime

    if on is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(on)
    except ValueError:
        raise typer.BadParameter(
            f"'{shown(on)}' is not a date; use YYYY-MM-DD, for example 2026-12-07", param_hint="--date"
        ) from None


def _plain_session(state: State, origin: Origin) -> None:
    """No terminal to run a clock on: the session as numbered steps, and nothing recorded."""
    from ..text import visible
    from ..drills import script_lines

    # Said first, so it is seen before the steps scroll past.
    sys.stderr.write(
        "hipcli: not a terminal, so no timer and nothing recorded; run 'hipcli train' in a terminal to train along\n"
    )
    sys.stdout.write("".join(visible(line) + "\n" for line in script_lines(state.drills, origin.describe())))


def _drawer(cards: Catalogue) -> Drawer | None:
    """The exercises' positions in braille for the screen, or None where ``show`` draws none (NO_COLOR, not UTF-8)."""
    from functools import lru_cache

    from ..output import ascii_only

    if os.environ.get("NO_COLOR") or ascii_only():
        return None

    # The screen is drawn again at every tick; each drawing is made once per size.
    @lru_cache(maxsize=64)
    def draw(slug: str, width: int, height: int) -> list[str]:
        from ..figures import terminal_figures

        card = cards.by_slug.get(slug)
        return terminal_figures(card, width, height) if card is not None else []

    return draw


def _run_live(state: State, recorder: Recorder, *, ring: bool, figure: Drawer | None = None) -> State:
    """The session on the full screen until it ends, is quit, or is interrupted."""
    from rich.live import Live

    from ..live import screen
    from ..render import SafeConsole
    from ..ticker import Resize, Ticker
    from ..trainer import Bell, Record, step

    plain = bool(os.environ.get("NO_COLOR"))
    # Standard output escapes every control character (output.py); the screen's own
    # codes go to its unescaped side, and SafeConsole escapes the data inside them.
    console = SafeConsole(
        file=getattr(sys.stdout, "unescaped", sys.stdout), no_color=plain, highlight=False, markup=False, emoji=False
    )

    def view() -> object:
        return screen(state, width=console.size.width, height=console.size.height, figure=figure)

    with Ticker(sys.stdin.fileno()) as ticker, Live(
        view(),  # type: ignore[arg-type]
        console=console,
        screen=True,
        auto_refresh=False,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as live:

        def leave() -> None:
            console.set_alt_screen(False)
            console.show_cursor(True)

        def enter() -> None:
            console.set_alt_screen(True)
            console.show_cursor(False)

        ticker.on_suspend(leave, enter)
        while not state.finished:
            for event in ticker.wait(state.next_wake()):
                if isinstance(event, Resize):
                    continue
                state = step(state, event)
                for effect in state.effects:
                    if isinstance(effect, Record):
                        recorder.record(effect.set)
                    elif isinstance(effect, Bell) and ring:
                        console.file.write("\a")
            live.update(view(), refresh=True)  # type: ignore[arg-type]
    return state


@command(commands, "train")
def train(
    term: Terminal,
    path: Annotated[
        Optional[Path],
        typer.Argument(
            parser=path_argument,
            metavar="[PATH]",
            help="A plan or programme file saved with --out. For a programme, the session on --date (default today).",
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        Optional[str], typer.Option("--level", "-l", **choice("level"), help="Build a plan for this level (default: your config).", show_default=False)
    ] = None,
    goal: Annotated[
        Optional[str], typer.Option("--goal", "-g", **choice("goal"), help="Build a plan for this goal (default: your config).", show_default=False)
    ] = None,
    session: Annotated[
        Optional[str],
        typer.Option("--session", "-s", **choice("session"), help="strength (default), warmup or mobility, for a plan built here.", show_default=False),
    ] = None,
    equipment: EquipmentOption = None,
    minutes: Annotated[
        Optional[int],
        typer.Option("--minutes", "-m", min=1, max=240, help="Time budget for a plan built here.", show_default=False),
    ] = None,
    avoid: AvoidOption = None,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Another number gives another plan.")] = 0,
    on: Annotated[
        Optional[str],
        typer.Option("--date", help="For a programme file: the session on this day, YYYY-MM-DD.", show_default=False),
    ] = None,
    bell: Annotated[
        bool, typer.Option("--bell/--no-bell", help="Ring the terminal bell at 3-2-1 and when a countdown ends (m toggles it).")
    ] = True,
    pace: Annotated[bool, typer.Option("--pace", help="Show the pace of each rep from the tempo (t toggles it).")] = False,
    ready: Annotated[
        int,
        typer.Option("--ready", min=0, max=30, help="Seconds to get into position before each timed hold and between sides."),
    ] = 5,
    setup: Annotated[
        int,
        typer.Option(
            "--setup", min=0, max=120,
            help="Seconds before each exercise to fetch the band and get into position (R11 allows 30).",
        ),
    ] = 30,
    hands_free: Annotated[
        bool,
        typer.Option(
            "--hands-free",
            help="Timed holds record themselves as done when they run out and the next side starts after the --ready "
            "count; c corrects a set afterwards.",
        ),
    ] = False,
    resume: Annotated[
        Optional[bool],
        typer.Option(
            "--resume/--restart",
            help="Carry on today's interrupted session of this plan (default: ask), or start it again as a new one.",
            show_default=False,
        ),
    ] = None,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Train along: run a session with countdowns, and record each set as you go.

    Keys: Enter done/start now, Space pause, s skip, b back, n next exercise,
    c correct the last set, i steps and mistakes, t pace, m bell, q quit.
    Each set is written to the training log as soon as you confirm it; a
    session quit early can be resumed. It ends with a recap: sets against the
    plan, effort and pain, and what the log's rules change next time.

    Example: hipcli train plan.toml --hands-free
    """
    import time

    from ..drills import drills_from_plan
    from ..trainer import start

    day = _day(on)
    cards = load(term, catalogue, with_)
    options: dict[str, object] = {
        "level": level,
        "goal": goal,
        "session": session,
        "equipment": parse_equipment(equipment),
        "minutes": minutes,
        "avoid": parse_avoid(avoid) if avoid is not None else None,
        "seed": seed,
    }
    plan, origin = _plan_from(term, path, day, options, cards, term.defaults)
    drills = drills_from_plan(plan, cards)
    settings = dict(bell=bell, pace=pace, ready_seconds=ready, setup_seconds=setup, hands_free=hands_free)
    state = start(drills, time.monotonic(), **settings)  # type: ignore[arg-type]
    if not (term.stdin_isatty and term.stdout_isatty):
        _plain_session(state, origin)
        return
    recorder = JournalRecorder(origin, planned=sum(drill.sets * len(drill.sides) for drill in state.drills))
    carried = _interrupted(recorder, drills, resume)
    if carried:
        state = start(drills, time.monotonic(), done=carried, **settings)  # type: ignore[arg-type]
    completed = False
    try:
        state = _run_live(state, recorder, ring=bell, figure=_drawer(cards))
        completed = not state.quit
    except KeyboardInterrupt:
        count = recorder.count
        raise typer.Exit(term.interrupted(f"the {count} set{'s' if count != 1 else ''} recorded are in the log")) from None
    except EOFError:
        sys.stderr.write(f"hipcli: the terminal closed; {recorder.count} sets recorded are in the log\n")
        raise typer.Exit(1) from None
    finally:
        recorder.close(stopped=not completed)
    from ..live import recap_view
    from ..recap import recap

    done = recap(state)
    following = f"{origin.following:%a %d %b %Y} ({origin.path})" if origin.following and origin.path else None
    term.print(recap_view(done, changes=_next_time(term, cards, plan, done.slugs), next_session=following,
                          where=recorder.where))


def _interrupted(recorder: JournalRecorder, drills: tuple[Any, ...], resume: Optional[bool]) -> dict[Any, Any]:
    """The sets of today's interrupted run of this plan, when the person resumes it (asked unless --resume/--restart)."""
    import datetime

    from ..journal import interrupted_session, reopen_session
    from ..trainer import records_from_log

    if resume is False:
        return {}
    origin = recorder.origin
    found = interrupted_session(recorder.journal, source_kind=origin.kind, source=origin.path, title=origin.title,
                                week=origin.week, on=datetime.date.today())
    if found is None:
        return {}
    done = records_from_log(drills, recorder.journal.sets(session_ids=[found.id]))
    if not done:
        return {}
    planned = sum(drill.sets * len(drill.sides) for drill in drills)
    if resume is None:
        asked = f"Session {found.id} (today {found.started:%H:%M}) stopped at {len(done)} of {planned} sets. Resume it?"
        if not typer.confirm(asked, default=True):
            return {}
    reopen_session(recorder.journal, found.id)
    recorder.carry_on(found.id, done)
    return done


def _next_time(term: Terminal, cards: Catalogue, plan: Plan, slugs: tuple[str, ...]) -> tuple[str, ...]:
    """What the log's rules (adapt.py, as 'plan --explain' shows them) now decide for this session's exercises."""
    import datetime

    if not slugs:
        return ()
    from ..adapt import decisions, history_window, outcomes
    from ..errors import JournalError
    from ..journal import Journal

    today = datetime.date.today()
    since = history_window(today)
    try:
        with Journal.open(create=False) as log:
            history = outcomes(log.sets(since=since), {s.id: s.morning_pain for s in log.sessions(since=since)})
    except JournalError as error:
        term.say(f"{error.message}; no advice for next time")
        return ()
    made = decisions(cards, [slug for slug in slugs if slug in cards.by_slug], history, plan.request, today)
    return tuple(decision.text() for decision in made.values())


class JournalRecorder:
    """Writes each set to the training log as it is confirmed, each in its own transaction.

    The session row is added with the first set, so opening a session and
    quitting at once leaves nothing behind.
    """

    def __init__(self, origin: Origin, *, planned: int) -> None:
        from ..journal import Journal

        self.origin = origin
        self.planned = planned
        self.journal = Journal.open()
        if self.journal.write_refusal is not None:
            # Said now, not at the first set: nobody should train a set that cannot be kept.
            from ..errors import JournalError

            refusal, where = self.journal.write_refusal, self.journal.path
            self.journal.close()
            raise JournalError(
                f"{where}: cannot record a session in the training log: {refusal}; the session was not started "
                "(HIPCLI_DATA can point hipcli at a writable folder)"
            )
        self.where: str | None = str(self.journal.path)
        self.session: int | None = None
        self.keys: set[tuple[int, int, str | None]] = set()

    def carry_on(self, session: int, done: Mapping[tuple[int, int, str | None], object]) -> None:
        """Write into an interrupted session again, counting the sets it already holds."""
        self.session = session
        self.keys.update(done)

    @property
    def count(self) -> int:
        return len(self.keys)

    def record(self, done: SetRecord) -> None:
        if self.session is None:
            self.session = self.journal.start_session(
                source_kind=self.origin.kind,
                source=self.origin.path,
                week=self.origin.week,
                title=self.origin.title,
                planned_sets=self.planned,
            )
        self.journal.record_set(
            self.session,
            slug=done.slug,
            set_number=done.set,
            unit=done.unit,
            done=done.done,
            position=done.order,
            side=done.side,
            target_sets=done.sets,
            target_low=done.target_low,
            target_high=done.target_high,
            tempo=done.tempo,
            target_band=done.band,
            band=done.band,
            placement=done.placement,
            effort=done.effort,
            pain=done.pain,
        )
        self.keys.add(done.key)

    def close(self, *, stopped: bool = False) -> None:
        try:
            if self.session is not None:
                from ..journal import STOPPED_EARLY

                self.journal.finish_session(self.session, notes=STOPPED_EARLY if stopped else None)
        finally:
            self.journal.close()
