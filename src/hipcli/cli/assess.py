"""The self-assessment: ``hipcli assess`` takes the tests, or walks through them, and compares with last time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer

from ..errors import JournalError
from .options import parse_when, shown, usage
from .shell import Terminal, command, top_level

if TYPE_CHECKING:
    import datetime

    from ..assess import Change, Report

commands = top_level()

DateOption = Annotated[
    Optional[str], typer.Option("--date", help="When: YYYY-MM-DD[THH:MM], today or yesterday (default: now).", show_default=False)
]


def _pair(test_key: str, text: Optional[str], option: str) -> list[tuple[str, Optional[str], float]]:
    from ..assess import BY_KEY, parse_value

    if text is None:
        return []
    test = BY_KEY[test_key]
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != (2 if test.per_side else 1):
        raise usage(option, f"'{shown(text)}': give " + ("LEFT,RIGHT" if test.per_side else "one value"))
    sides: tuple[Optional[str], ...] = ("left", "right") if test.per_side else (None,)
    values = []
    for side, part in zip(sides, parts):
        try:
            values.append((test_key, side, parse_value(test, part)))
        except ValueError as error:
            raise usage(option, shown(str(error))) from None
    return values


def _wrapped(term: Terminal, text: str, first: str, rest: str) -> str:
    """A paragraph wrapped to the terminal between words, with hanging indents."""
    import textwrap

    return textwrap.fill(text, width=max(40, term.width - 1), initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) + "\n"


def _timed(term: Terminal, test: object, side: Optional[str]) -> Optional[str]:
    """Time a hold for the person: a stopwatch they stop with Enter, or a countdown that ends by itself.

    Returns the seconds held as typed text for a stopwatch, None after a countdown (the question follows),
    or "skip" when they chose to skip. Only on a terminal: piped answers are read as typed.
    """
    import select
    import sys

    from ..ticker import session_clock

    timer, seconds = getattr(test, "timer"), getattr(test, "seconds")
    where = f"on your {side} side" if timer == "stopwatch" else f"standing on your {side} leg"
    if timer == "stopwatch":
        invite = f"   {side} side: Enter starts the clock when you are in position {where.split(' ', 1)[1]} (s skips): "
    else:
        invite = f"   Enter starts {seconds} s {where} (s skips): "
    answer = typer.prompt(invite.rstrip(": "), default="", show_default=False, prompt_suffix=": ")
    if answer.strip().lower() == "s":
        return "skip"
    if answer.strip():
        return answer  # typed the result straight away
    clock = session_clock()
    began = clock()
    out = term.stdout
    while True:
        passed = clock() - began
        shown_now = int(passed) if timer == "stopwatch" else max(0, seconds - int(passed))
        if timer == "stopwatch":
            out.write(f"\r   {shown_now // 60}:{shown_now % 60:02d}  held; Enter when you stop ")
        else:
            out.write(f"\r   {shown_now:3d} s left ")
        out.flush()
        if timer != "stopwatch" and passed >= seconds:
            out.write("\a\n")
            return None
        ready, _, _ = select.select([sys.stdin], [], [], 0.25)
        if ready:
            sys.stdin.readline()
            if timer == "stopwatch":
                out.write("\n")
                return str(int(clock() - began))
            out.write("\n   stopped early\n")
            return None


def _prompted(term: Terminal) -> list[tuple[str, Optional[str], float]]:
    """Walk through the battery on the terminal: the protocol, then one answer per side (Enter skips).

    On a terminal, hipcli times the holds: a stopwatch for the side plank, a
    30-second countdown for the single-leg stance.
    """
    from ..assess import BATTERY, parse_value

    values: list[tuple[str, Optional[str], float]] = []
    timers = term.stdin_isatty and term.stdout_isatty
    for number, test in enumerate(BATTERY, start=1):
        term.stdout.write(f"\n{number}. {test.name}\n")
        for step in test.protocol:
            term.stdout.write(_wrapped(term, step, "   - ", "     "))
        term.stdout.write(_wrapped(term, f"Source: {test.source}", "   ", "     "))
        for side in (("left", "right") if test.per_side else (None,)):
            typed: Optional[str] = None
            if timers and test.timer is not None:
                typed = _timed(term, test, side)
                if typed == "skip":
                    continue
            if typed is not None and test.timer == "stopwatch":
                held = typer.prompt(f"   {side} side, seconds held (Enter keeps {typed})", default=typed, show_default=False)
                try:
                    values.append((test.key, side, parse_value(test, held)))
                    continue
                except ValueError as error:
                    term.stdout.write(f"   {shown(str(error))}; type it again\n")
            while True:
                answer = typer.prompt(f"   {test.question(side)} (Enter to skip)", default="", show_default=False)
                if not answer.strip():
                    break
                try:
                    values.append((test.key, side, parse_value(test, answer)))
                    break
                except ValueError as error:
                    term.stdout.write(f"   {shown(str(error))}; try again\n")
    return values


@command(commands, "assess")
def assess(
    term: Terminal,
    side_plank: Annotated[Optional[str], typer.Option("--side-plank", help="Seconds held, LEFT,RIGHT (e.g. 45,52).", show_default=False)] = None,
    single_leg_bridge: Annotated[Optional[str], typer.Option("--single-leg-bridge", help="Reps to fatigue, LEFT,RIGHT.", show_default=False)] = None,
    single_leg_stance: Annotated[
        Optional[str], typer.Option("--single-leg-stance", help="Did the pelvis drop standing on each leg? LEFT,RIGHT as yes/no.", show_default=False)
    ] = None,
    squeeze_pain: Annotated[Optional[str], typer.Option("--squeeze-pain", help="Groin pain 0-10 in a 5-second adductor squeeze (optional).", show_default=False)] = None,
    date: DateOption = None,
    history_only: Annotated[bool, typer.Option("--history", help="List past assessments instead of taking one.")] = False,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Store the results in the training log.")] = True,
    output: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Self-tests with published protocols: a suggested level, left/right flags, and the change since last time.

    With no results given, it walks you through each test and asks for them.
    Example: hipcli assess --side-plank 45,52 --single-leg-bridge 22,24 --single-leg-stance no,no
    """
    from ..assess import compare, evaluate, previous_before, results_from
    from ..journal import Journal
    from ..logrows import AssessmentResult

    if history_only:
        _history(term, output)
        return
    when = parse_when(date)
    values = (
        _pair("side-plank", side_plank, "--side-plank") + _pair("single-leg-bridge", single_leg_bridge, "--single-leg-bridge")
        + _pair("single-leg-stance", single_leg_stance, "--single-leg-stance") + _pair("squeeze-pain", squeeze_pain, "--squeeze-pain")
    )
    if not values:
        values = _asked_for(term, output)
    results = results_from(values)
    report = evaluate(results)
    with Journal.open() as log:
        # Compared with the last one taken before this one: an assessment dated earlier never compares backwards.
        earlier = previous_before(log.assessments(), when)
        if save:
            log.add_assessment(
                [AssessmentResult(test=t, side=s, value=v) for t, s, v in values], taken=when, level=report.level
            )
    before = {(r.test, r.side): r.value for r in earlier.results} if earlier is not None else {}
    changes = compare(before, results)
    if output == "json":
        term.json("assessment", _assessment_data(when, values, report, changes, earlier, save))
        return
    from ..text import one_line

    lines = _assessment_lines(when, report, changes, earlier, save)
    term.stdout.write("".join(one_line(line) + "\n" for line in lines))


def _history(term: Terminal, output: str) -> None:
    """Past assessments, newest as the log keeps them; an absent log has none."""
    from ..journal import Journal, exists

    with (Journal.open() if exists() else Journal.open(":memory:")) as log:
        past = log.assessments()
    rows = [
        {"date": item.taken.isoformat(), "level": item.level,
         "results": [{"test": r.test, "side": r.side, "value": r.value} for r in item.results]}
        for item in past
    ]
    if output == "json":
        term.json("assessments", rows)
    elif not rows:
        term.stdout.write("No assessments yet: run 'hipcli assess'.\n")
    else:
        for row in rows:
            parts = ", ".join(f"{r['test']}{' ' + r['side'] if r['side'] else ''} {r['value']:g}" for r in row["results"])
            term.stdout.write(f"{row['date']}  suggested {row['level'] or '-'}: {parts}\n")


def _asked_for(term: Terminal, output: str) -> list[tuple[str, Optional[str], float]]:
    """The results typed at the prompts, when none were given as options."""
    if output == "json":
        raise usage("assess", "with --format json, give the results as options (see --help)")
    try:
        values = _prompted(term)
    except typer.Abort:
        raise JournalError("the input ended before any result was given; nothing was stored") from None
    if not values:
        raise JournalError("no results given; nothing was stored")
    return values


def _assessment_data(
    when: datetime.datetime, values: list[tuple[str, Optional[str], float]], report: Report, changes: list[Change],
    earlier: Any, save: bool,
) -> dict[str, Any]:
    """The assessment as ``--format json`` gives it; ``earlier`` is the one compared with, if any."""
    from ..assess import BATTERY

    return {
        "date": when.isoformat(),
        "results": [{"test": t, "side": s, "value": v} for t, s, v in values],
        "findings": [{"test": f.test, "level": f.level, "text": f.text} for f in report.findings],
        "asymmetries": [
            {"test": a.test, "left": a.left, "right": a.right, "difference": a.difference, "flagged": a.flagged, "advisory": True, "text": a.text}
            for a in report.asymmetries
        ],
        "suggested_level": report.level,
        "level_reason": report.level_reason,
        "since_last": [c.text for c in changes],
        "last_date": earlier.taken.isoformat() if earlier is not None else None,
        "advice": list(report.advice),
        "sources": {test.key: test.source for test in BATTERY},
        "saved": save,
    }


def _assessment_lines(when: datetime.datetime, report: Report, changes: list[Change], earlier: Any, save: bool) -> list[str]:
    lines = [f"Assessment {when.date().isoformat()}"]
    lines += [f"- {finding.text}" for finding in report.findings]
    if report.asymmetries:
        lines.append("Left/right (advisory):")
        lines += [f"- {'FLAG ' if a.flagged else ''}{_test_name(a.test)}: {a.text}" for a in report.asymmetries]
    if report.level:
        lines.append(f"Suggested level: {report.level} ({report.level_reason}).")
    if changes:
        lines.append(f"Since {earlier.taken.date().isoformat()}:")
        lines += [f"- {change.text}" for change in changes]
    lines += [f"Note: {text}" for text in report.advice]
    if save:
        lines.append("Stored in the training log; 'hipcli assess --history' lists past results.")
    return lines


def _test_name(key: str) -> str:
    from ..assess import BY_KEY

    return BY_KEY[key].name


