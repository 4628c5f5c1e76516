"""Commands that build and show plans: plan, program, view, export, goals and schema.

The log is read here and handed to the planner and progression, which never
open it themselves.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .options import (
    AvoidOption,
    CatalogueOption,
    ClinicianOption,
    DayOption,
    DetailOption,
    DocumentArgument,
    DurationOption,
    EquipmentOption,
    FILE_FORMATS,
    ForceOption,
    FormatOption,
    HandoutDateOption,
    LevelOption,
    NameOption,
    NotesOption,
    OutOption,
    PaperOption,
    PROGRAMME_FORMATS,
    ReminderOption,
    ReviewOption,
    TimeOption,
    WeekOption,
    WithOption,
    check_week,
    choice,
    parse_avoid,
    parse_clock,
    parse_date,
    parse_days,
    parse_equipment,
)
from .history import PlanningLog, kettlebell_step, planning_log, suggested_level
from .shell import Terminal, command, top_level, load

if TYPE_CHECKING:
    from ..models import Catalogue

commands = top_level()

def wanted(
    term: Terminal, *, level: Optional[str], goal: Optional[str], equipment: Optional[str], avoid: Optional[str],
    minutes: Optional[int], session: Optional[str] = None, days: Optional[str] = None,
) -> dict[str, Any]:
    """What a plan or programme is for: the options as typed, then the user's defaults (``config.resolve``)."""
    from ..config import resolve

    given = {
        "level": level, "goal": goal, "minutes": minutes, "session": session,
        "equipment": parse_equipment(equipment) if equipment is not None else None,
        "avoid": parse_avoid(avoid) if avoid is not None else None,
        "days": parse_days(days, "--days") if days is not None else None,
    }
    return resolve(given, settings=term.defaults)


@command(commands, "plan")
def plan(
    term: Terminal,
    level: LevelOption = None,
    goal: Annotated[Optional[str], typer.Option("--goal", "-g", **choice("goal"), help="What the session is for: running, sprint, glutes, hip-health or desk; 'hipcli goals' explains each.", show_default=False)] = None,
    session: Annotated[
        str,
        typer.Option(
            "--session",
            "-s",
            **choice("session"),
            help="strength (default: activation, then hip-flexor, abductor and other blocks), warmup (RAMP, "
            "before a run or game) or mobility (cool-down or desk break).",
        ),
    ] = "strength",
    equipment: EquipmentOption = None,
    minutes: Annotated[
        Optional[int],
        typer.Option(
            "--minutes",
            "-m",
            metavar="MINUTES",
            min=1,
            max=240,
            help="Time budget in minutes (default: 30 for strength, 8 for a warm-up, 10 for mobility).",
            show_default=False,
        ),
    ] = None,
    avoid: AvoidOption = None,
    seed: Annotated[int, typer.Option("--seed", metavar="N", min=0, help="Another number gives another plan; the same number, the same plan.")] = 0,
    explain: Annotated[bool, typer.Option("--explain", help="Say why each exercise was chosen.")] = False,
    use_log: Annotated[
        bool, typer.Option("--log/--no-log", help="Start each exercise family where your training log says (default when a log exists).")
    ] = True,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            **choice(FILE_FORMATS, "a format"),
            help="table (default on screen), json, toml, md, html (a printable handout), pdf (the same, printed) or fit (a Garmin watch workout); with --out, the file's extension decides.",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    force: ForceOption = False,
    name: NameOption = None,
    date: HandoutDateOption = None,
    clinician: ClinicianOption = None,
    notes: NotesOption = None,
    paper: PaperOption = "a4",
    detail: DetailOption = None,
    review: ReviewOption = False,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Build a session for your level, goal, kit and time.

    Example: hipcli plan --level beginner --goal running --equipment none --minutes 20 --out plan.pdf
    """
    import datetime

    from ..plans import PlanRequest

    today = datetime.date.today()
    cat = load(term, catalogue, with_)
    log = planning_log(term, today, cat.by_slug) if use_log else None
    asked = wanted(term, level=suggested_level(term, level, log), goal=goal, equipment=equipment, avoid=avoid,
                   minutes=minutes, session=session)
    del asked["days"]
    request = PlanRequest(session=session, seed=seed, **asked)
    result = _planned(term, cat, request, log, today)
    if out is not None or output not in (None, "table"):
        from ..planfile import saved

        options = handout(cat, explain, name, date, clinician, notes, paper, detail=detail)
        if review:
            options["review"] = review_chart(term, cat, request)
        emit(term, saved(result), output, out, force, options=options)
        return
    show_plan(term, result, explain=explain)


def _planned(term: Terminal, cat: Catalogue, request: Any, log: Optional[PlanningLog], today: Any) -> Any:
    """The session under the latest assessment's gates, moved along each family's ladder by the log (adapt.planned)."""
    if log is None:
        from ..planner import build_plan

        return build_plan(cat, request)
    from ..adapt import planned

    result, used = planned(cat, request, log.outcomes, today, screen=log.screen,
                           kettlebell_step_kg=log.kettlebell_step_kg)
    if used:
        moved = sum(1 for decision in used if decision.rung != decision.was)
        term.say(
            f"{len(used)} exercises follow your training log ({moved} changed rung); "
            "--explain says why, --no-log ignores the log"
        )
    return result


def show_plan(term: Terminal, plan: Any, *, explain: bool) -> None:
    """A plan on screen, laid out as rich lays it out; rich itself only for text it alone can measure."""
    if term.unicode:
        from .plain import plan_text

        # The same layout as rich's, drawn without importing rich (cli/plain.py): on a terminal with
        # its boxes and colours, so a plan starts as quickly as a bare typer+rich app (bench/startup.py).
        text = plan_text(plan, explain=explain, width=term.width, styled=not term.plain)
        if text is not None:
            term.out(text, raw=not term.plain)
            return
    from ..render import plan_view

    term.print(plan_view(plan, plain=term.plain, explain=explain, width=term.width))


def emit(
    term: Terminal, document: Any, output: Optional[str], out: Optional[str], force: bool, *, options: Optional[dict[str, Any]] = None
) -> None:
    """Write a plan document to --out (or standard output) in the format asked for.

    ``options`` are the handout and calendar options (header fields, paper,
    detail, review chart, time, the catalogue for full exercise cards,
    --explain); an option given for a format that has no use for it is a
    usage error, not ignored.
    """
    from ..formats import format_for, render

    to = format_for(out, output if output != "table" else None)
    options = dict(options or {})
    check_options(to, options)
    if to == "fit":
        _emit_fit(term, document, out, force, options)
        return
    if to == "json" and out is None:
        # On standard output JSON is a command's result, in the one envelope;
        # a file written with --out is the document itself, as 'hipcli view' reads it.
        from ..formats.json import envelope_data

        term.json(document.kind, envelope_data(document))
        return
    if to == "pdf" and (out is None or out == "-") and term.stdout_isatty:
        raise typer.BadParameter("a PDF is not for a terminal; name a file, for example --out plan.pdf", param_hint="--format")
    if to == "pdf":
        # The HTML handout, printed by a real layout engine (formats/pdf.py); bytes, so not through render().
        from ..formats import pdf

        term.write_out(pdf.write(document, **options), out, force)
        return
    if to == "md" and out is not None and out != "-":
        # The drawings go beside the document, so a Markdown file is several files, each written safely.
        from ..formats.markdown import write_files

        written = write_files(document, out, force=force, **options)
        folder = f" and {len(written) - 1} drawings in {written[0].parent}" if len(written) > 1 else ""
        term.say(f"wrote {out}{folder}")
        return
    term.write_out(render(document, to, **options), out, force)


def _emit_fit(term: Terminal, document: Any, out: Optional[str], force: bool, options: dict[str, Any]) -> None:
    """A plan, or one session of a programme (--week, --day), as a Garmin FIT workout file (formats/fit.py)."""
    from ..formats import fit

    if out is None or out == "-":
        raise typer.BadParameter("a FIT workout is a binary file for the watch: write it with --out session.fit", param_hint="--out")
    plan, title = fit.document_plan(document, week=options.get("week"), day=options.get("day"))
    data = fit.encode(plan, title=title, catalogue=options.get("catalogue"))
    from ..files import write_bytes

    write_bytes(out, data, force=force)
    steps = fit.workout_steps(plan, options.get("catalogue"))
    exercises = sum(1 for step in steps if step.kind == "exercise")
    term.say(f"wrote {out}: the Garmin workout '{title}', {len(steps)} steps ({exercises} exercise steps, with rests and repeats)")


# Which formats use which of the handout and calendar options.
OPTION_FORMATS = {
    "session": ("fit",),
    "header": ("html", "md", "pdf"),
    "paper": ("html", "pdf"),
    "detail": ("html", "pdf"),
    "review": ("html", "pdf"),
    "time": ("ics",),
    "duration": ("ics",),
}


def check_options(to: str, options: dict[str, Any]) -> None:
    header = options.get("header") or {}
    given = {"session": options.get("week") is not None or options.get("day") is not None,
             "header": any(header.values()), "paper": options.get("paper") not in (None, "a4"),
             "detail": options.get("detail") is not None, "review": bool(options.get("review")),
             "time": options.get("time") is not None, "duration": options.get("duration") is not None}
    flags = {"session": "--week and --day", "header": "--name, --date, --clinician and --notes", "paper": "--paper",
             "detail": "--detail", "review": "--review", "time": "--time", "duration": "--duration"}
    for key, used in given.items():
        if used and to not in OPTION_FORMATS[key]:
            formats = " or ".join(f".{name}" for name in OPTION_FORMATS[key])
            raise typer.BadParameter(f"{flags[key]} only apply to {formats} files, not {to}")
    if options.get("duration") is not None and options.get("time") is None:
        raise typer.BadParameter("--duration needs --time: an all-day event has no length", param_hint="--duration")
    if options.get("time") is not None:
        options["time"] = parse_clock(options["time"])
    if options.get("detail") is None:
        options.pop("detail", None)  # each format's own default: brief for a printed handout


def handout(
    catalogue: Any, explain: bool, name: Optional[str], date: Optional[str], clinician: Optional[str], notes: Optional[str],
    paper: str, time: Optional[str] = None, duration: Optional[int] = None, reminder: int = 30, *, detail: Optional[str] = None,
) -> dict[str, Any]:
    """The options every file format may use, gathered once."""
    return {
        "catalogue": catalogue,
        "explain": explain,
        "header": {"name": name, "date": date, "clinician": clinician, "notes": notes},
        "paper": paper,
        "detail": detail,
        "time": time,
        "duration": duration,
        "reminder": reminder,
    }


def review_chart(term: Terminal, cat: Any, person: Any, *, planned: Optional[int] = None) -> str:
    """The SVG chart of the last six weeks of the log, for --review; an error without a log to draw from."""
    import datetime

    from ..errors import HipcliError
    from ..paths import log_exists

    none = "--review charts your training log, and it has no sessions in the last 6 weeks; record some with 'hipcli log session' or 'hipcli train' first"
    if not log_exists():
        raise HipcliError(none)
    from ..formats.review import chart, ladder_steps, review_weeks
    from ..journal import Journal

    today = datetime.date.today()
    since = today - datetime.timedelta(weeks=6, days=today.weekday())
    with Journal.open(create=False) as log:
        sets = log.sets(since=since)
        morning = {s.id: s.morning_pain for s in log.sessions(since=since)}
    if not sets:
        raise HipcliError(none)
    return chart(review_weeks(sets, morning, today, weeks=6, rung_of=ladder_steps(cat, person)), planned=planned)


@command(commands, "view")
def view(
    term: Terminal,
    path: DocumentArgument,
    week: Annotated[
        Optional[int], typer.Option("--week", "-w", metavar="WEEK", min=1, help="For a programme: show this week's sessions in full.")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show why each exercise was chosen, or what progressed.")] = False,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Check a saved plan or programme file and show it.

    Example: hipcli view plan.toml
    """
    from ..planfile import load_document
    from ..plans import PlanFile

    warnings: list[str] = []
    document = load_document(path, load(term, catalogue, with_), warnings=warnings)
    term.warn(warnings)
    if output == "json":
        from ..formats.json import envelope_data

        term.json(document.kind, envelope_data(document))
        return
    if isinstance(document, PlanFile):
        show_plan(term, document.plan, explain=explain)
        return
    check_week(week, len(document.weeks))
    from ..render import programme_view

    term.print(programme_view(document.programme, plain=term.plain, week=week, explain=explain, width=term.width))


@command(commands, "export")
def export(
    term: Terminal,
    path: DocumentArgument,
    to: Annotated[
        str,
        typer.Option(
            "--to", "-t", **choice(("html", "pdf", "md", "json", "toml", "ics", "fit"), "a format"),
            help="html (a printable handout), pdf (the same, printed), md (the same as Markdown), json, toml, ics (a "
            "calendar, for programmes) or fit (a Garmin watch workout; --week and --day pick a programme's session).",
            show_default=False,
        ),
    ],
    out: OutOption = None,
    force: ForceOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Say why each exercise was chosen, or what progressed.")] = False,
    name: NameOption = None,
    date: HandoutDateOption = None,
    clinician: ClinicianOption = None,
    notes: NotesOption = None,
    paper: PaperOption = "a4",
    time: TimeOption = None,
    duration: DurationOption = None,
    reminder: ReminderOption = 30,
    detail: DetailOption = None,
    review: ReviewOption = False,
    week: WeekOption = None,
    day: DayOption = None,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Export a saved plan or programme: handout, calendar, data.

    --to fit writes a Garmin watch workout (a programme's session: --week, --day).

    Example: hipcli export plan.toml --to html --name "Sam Smith" --clinician "J. Doe" --out plan.html
    """
    from ..planfile import load_document

    cards = load(term, catalogue, with_)
    warnings: list[str] = []
    document = load_document(path, cards, warnings=warnings)
    term.warn(warnings)
    options = {**handout(cards, explain, name, date, clinician, notes, paper, time, duration, reminder, detail=detail),
               "week": week, "day": day}
    if review:
        options["review"] = review_chart(term, cards, document.request)
    emit(term, document, to, None if out is None else str(out), force, options=options)




@command(commands, "program")
def program(
    term: Terminal,
    level: LevelOption = None,
    goal: Annotated[Optional[str], typer.Option("--goal", "-g", **choice("goal"), help="What the programme is for: running, sprint, glutes, hip-health or desk; 'hipcli goals' explains each.", show_default=False)] = None,
    weeks: Annotated[int, typer.Option("--weeks", "-n", metavar="WEEKS", min=1, max=52, help="How many weeks (hip programmes in studies ran 6-8).")] = 6,
    days: Annotated[
        Optional[str],
        typer.Option(
            "--days",
            "-d",
            metavar="DAYS",
            help="Training days, e.g. mon,thu (default by level: beginner mon,thu; intermediate and advanced "
            "mon,wed,fri). Strength days are kept 48 hours apart.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        Optional[str], typer.Option("--start", metavar="DATE", help="First day, YYYY-MM-DD (default: the next training day).", show_default=False)
    ] = None,
    equipment: EquipmentOption = None,
    minutes: Annotated[
        Optional[int],
        typer.Option("--minutes", "-m", metavar="MINUTES", min=1, max=240, help="Time budget per strength session (default 30).", show_default=False),
    ] = None,
    avoid: AvoidOption = None,
    seed: Annotated[int, typer.Option("--seed", metavar="N", min=0, help="Another number gives other exercise choices.")] = 0,
    warmup_days: Annotated[
        Optional[str],
        typer.Option(
            "--warmup-days",
            metavar="DAYS",
            help="Days for a short pre-run warm-up (default: the strength days for running and sprint, else none); 'none' for none.",
            show_default=False,
        ),
    ] = None,
    mobility_days: Annotated[
        Optional[str],
        typer.Option(
            "--mobility-days",
            metavar="DAYS",
            help="Days for a mobility break (default: the other weekdays for the desk goal, else none); 'none' for none.",
            show_default=False,
        ),
    ] = None,
    week: Annotated[Optional[int], typer.Option("--week", "-w", metavar="WEEK", min=1, help="Also show this week's sessions in full; with --format fit, the week of the session.")] = None,
    day: DayOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="Say which progression step each change is.")] = False,
    use_log: Annotated[
        bool, typer.Option("--log/--no-log", help="Start week 1 where your training log says (default when a log exists).")
    ] = True,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--format", "-f", **choice(PROGRAMME_FORMATS, "a format"), help="table, json, toml, md, html (a printable handout), pdf, ics, or fit (one session as a Garmin watch workout: --week, --day); with --out, the extension decides.",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    force: ForceOption = False,
    name: NameOption = None,
    date: HandoutDateOption = None,
    clinician: ClinicianOption = None,
    notes: NotesOption = None,
    paper: PaperOption = "a4",
    time: TimeOption = None,
    duration: DurationOption = None,
    reminder: ReminderOption = 30,
    detail: DetailOption = None,
    review: ReviewOption = False,
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Build a programme of weeks, with progression.

    Example: hipcli program --level beginner --goal running --weeks 6 --out plan.ics
    (a Garmin watch workout of one session: --out day.fit --week 1 --day 2)
    """
    import datetime

    from ..plans import ProgrammeRequest
    from ..progression import build_programme

    check_week(week, weeks)
    today = datetime.date.today()
    cat = load(term, catalogue, with_)
    log = planning_log(term, today, cat.by_slug) if use_log else None
    asked = wanted(term, level=suggested_level(term, level, log), goal=goal, equipment=equipment, avoid=avoid,
                   minutes=minutes, days=days)
    request = ProgrammeRequest(
        weeks=weeks,
        start=parse_date(start),
        seed=seed,
        **asked,
        warmup_days=parse_days(warmup_days, "--warmup-days", allow_none=True),
        mobility_days=parse_days(mobility_days, "--mobility-days", allow_none=True),
    )
    if request.start is not None and request.start < datetime.date.today():
        term.warn([
            f"--start {request.start} is in the past (today is {datetime.date.today()}); "
            "the sessions dated before today have gone by"
        ])
    start, log_notes, gates = ({}, (), None)
    if log is not None:
        from ..adapt import programme_start

        start, log_notes, gates = programme_start(cat, request, log.outcomes, today, screen=log.screen,
                                                  kettlebell_step_kg=log.kettlebell_step_kg)
        if log_notes:
            term.say(f"week 1 starts {len(log_notes)} exercise families where your training log says; --no-log ignores it")
    result = build_programme(cat, request, rungs=start or None, screen=gates, kettlebell_step_kg=kettlebell_step(term))
    if log_notes:
        import dataclasses

        result = dataclasses.replace(result, notes=result.notes + log_notes)
    if out is not None or output not in (None, "table"):
        from ..planfile import saved

        options = handout(cat, explain, name, date, clinician, notes, paper, time, duration, reminder, detail=detail)
        if day is not None or (week is not None and (output == "fit" or str(out or "").lower().endswith(".fit"))):
            options.update(week=week, day=day)
        if review:
            options["review"] = review_chart(term, cat, request, planned=len(result.weeks[0].sessions) if result.weeks else None)
        emit(term, saved(result), output, out, force, options=options)
        return
    if day is not None:
        raise typer.BadParameter("--day picks a programme's session for a .fit file; add --format fit --out session.fit", param_hint="--day")
    from ..render import programme_view

    term.print(programme_view(result, plain=term.plain, week=week, explain=explain, width=term.width))


commands.command("programme", hidden=True)(program)


@command(commands, "schema")
def schema(
    term: Terminal,
    kind: Annotated[
        str,
        typer.Argument(**{**choice(("plan", "programme", "catalogue"), "a kind of file"), "metavar": "KIND"}, help="plan, programme or catalogue.", show_default=False),
    ],
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """Print a JSON Schema for plan, programme or catalogue files.

    Example: hipcli schema plan --out plan.schema.json
    """
    from ..models import Catalogue
    from ..plans import PlanFile, ProgrammeFile
    from ..validation import json_schema

    model, title = {
        "plan": (PlanFile, "hipcli plan file"),
        "programme": (ProgrammeFile, "hipcli programme file"),
        "catalogue": (Catalogue, "hipcli exercise catalogue"),
    }[kind]
    term.write_out(json.dumps(json_schema(model, title), indent=2) + "\n", out, force)


@command(commands, "goals")
def goals(term: Terminal, output: FormatOption = "table") -> None:
    """List the goals a plan can serve, and why.

    Example: hipcli goals
    """
    from ..planner import GOAL_INFO

    if output == "json":
        term.json("goals", [{"goal": goal, "emphasis": e, "why": w, "sources": s} for goal, (e, w, s) in GOAL_INFO.items()])
        return
    from ..render import goals_table

    term.print(goals_table(GOAL_INFO, plain=term.plain))


