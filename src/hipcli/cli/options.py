"""Every option and argument the commands share, and the parsers behind them.

A wrong value is a usage error (exit 2) naming the option. Only typer is
imported here; each parser imports what it needs when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer

if TYPE_CHECKING:
    import datetime

FORMATS = ("table", "json")
FILE_FORMATS = ("table", "json", "toml", "md", "html", "pdf", "fit")
PROGRAMME_FORMATS = ("table", "json", "toml", "md", "ics", "html", "pdf", "fit")


def choice(kind: str | tuple[str, ...], noun: str = "") -> dict[str, Any]:
    """Option settings for a closed list: the one forgiving parser, completion and a metavar.

    ``kind`` names a vocabulary in ``choices.py`` ('level', 'goal', ...) or is
    the tuple of answers itself (for formats).
    """

    def parse(value: Any) -> str:
        from ..choices import ChoiceError, match, match_in

        if not isinstance(value, str):
            return value
        try:
            return match(kind, value) if isinstance(kind, str) else match_in(value, kind, noun or "one of these")
        except ChoiceError as error:
            raise typer.BadParameter(error.message) from None

    def complete(incomplete: str) -> list[str]:
        from ..choices import choices

        options = choices(kind) if isinstance(kind, str) else kind
        return [option for option in dict.fromkeys(options) if option.startswith(incomplete.lower())]

    metavar = kind.upper() if isinstance(kind, str) else "FORMAT"
    return {"parser": parse, "autocompletion": complete, "metavar": metavar}


def shown(value: str) -> str:
    """A value the user typed, safe to echo: control characters become visible escapes."""
    from ..text import one_line

    return one_line(value)


def complete_exercise(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..catalogue import exercise_names, normalise

    try:
        names = exercise_names(ctx.params.get("catalogue"))
    except Exception:  # completion must never print a traceback into the shell
        return []
    key = normalise(incomplete)
    return [name for name in names if name.startswith(key)]


def joined(words: list[str]) -> str:
    """The words of an exercise name typed without quotes, as one name."""
    return " ".join(words)


# --- parsers ------------------------------------------------------------------------------------


def path_argument(value: Any) -> Path:
    """A file name as typed: an empty one is a usage error naming the option, not the current folder ('.')."""
    if isinstance(value, Path):
        return value
    if value is None or str(value) == "":
        raise typer.BadParameter("an empty path names no file; give a file name")
    return Path(value)


def list_of(kind: str, value: str, option: str) -> list[str]:
    """A comma-separated list of choices, each matched forgivingly; a miss is a usage error naming the option."""
    from ..choices import ChoiceError, match_list

    try:
        return match_list(kind, value)
    except ChoiceError as error:
        raise typer.BadParameter(error.message, param_hint=option) from None


def parse_equipment(value: Optional[str], option: str = "--equipment") -> Optional[list[str]]:
    """'mini-band,step' -> ['mini-band', 'step']; 'none' -> [] (bodyweight only)."""
    if value is None:
        return None
    items = [item.strip() for item in value.split(",") if item.strip()]
    nothing = {"none", "nothing", "bodyweight", "no-equipment"}
    if items and all(item.lower() in nothing for item in items):
        return []
    if any(item.lower() in nothing for item in items):
        raise typer.BadParameter(
            "'none' means bodyweight only; list what you own without it, e.g. mini-band,step", param_hint=option
        )
    if not items:
        raise typer.BadParameter("say what you own, e.g. mini-band,step, or 'none' for bodyweight only", param_hint=option)
    return list_of("equipment", value, option)


def parse_avoid(value: Optional[str], option: str = "--avoid") -> list[str]:
    return list_of("avoid", value, option) if value else []


def parse_days(value: Optional[str], option: str, *, allow_none: bool = False) -> Optional[tuple[str, ...]]:
    """'mon,thu' or 'Monday,Thursday' -> ('mon', 'thu'); 'none' -> () where that means no such days.

    Whole words only: 'monkey' is not Monday, and 'nonsense' is not none.
    """
    import calendar

    from ..plans import WEEKDAYS

    if value is None:
        return None
    names = {day: day for day in WEEKDAYS}
    names.update({full.lower(): day for full, day in zip(calendar.day_name, WEEKDAYS)})
    names.update({"tues": "tue", "weds": "wed", "thur": "thu", "thurs": "thu"})
    words = [item.strip().lower() for item in value.split(",") if item.strip()]
    if allow_none and words == ["none"]:
        return ()
    unknown = [word for word in words if word not in names]
    if unknown or not words:
        raise typer.BadParameter(
            f"'{shown(value)}' is not a list of weekdays; use for example mon,thu" + (" or none" if allow_none else ""),
            param_hint=option,
        )
    return tuple(names[word] for word in words)


def parse_date(value: Optional[str], option: str = "--start") -> Optional[datetime.date]:
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{shown(value)}' is not a date; use YYYY-MM-DD, for example 2026-12-07", param_hint=option
        ) from None


def parse_clock(value: str) -> datetime.time:
    import datetime

    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{shown(value)}' is not a time; use HH:MM, for example 07:00", param_hint="--time") from None


def parse_when(value: Optional[str], option: str = "--date") -> datetime.datetime:
    """A date (YYYY-MM-DD, 'today', 'yesterday') or date and time; never in the future."""
    import datetime

    from ..errors import JournalError
    from ..logvalues import check_when, local

    now = datetime.datetime.now().replace(microsecond=0)
    if value is None or value == "today":
        return now
    if value == "yesterday":
        return (now - datetime.timedelta(days=1)).replace(hour=12, minute=0, second=0)
    try:
        if len(value) == 10:
            moment = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time(12, 0))
            if moment.date() == now.date():
                moment = now
        else:
            # A time with a zone (2020-01-01T10:00+14:00) is that moment in local time, never the zone dropped.
            moment = local(datetime.datetime.fromisoformat(value)).replace(microsecond=0)
    except (ValueError, OverflowError):
        raise usage(option, f"'{shown(value)}' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM, today or yesterday") from None
    try:
        check_when(moment.date() if len(value) == 10 else moment, option.lstrip("-"))
    except JournalError as error:
        # A wrong value for an option: exit 2, naming the value as typed.
        raise usage(option, f"{shown(value)} {error.message.partition(': ')[2]}") from None
    return moment


def parse_day(value: Optional[str], option: str) -> Optional[datetime.date]:
    """A day given as for --date (YYYY-MM-DD, today, yesterday), or None when not given."""
    return None if value is None else parse_when(value, option).date()


def check_scale(value: Optional[int], option: str) -> Optional[int]:
    """A 0-10 rating (effort, pain): anything outside the scale is a usage error."""
    if value is not None and not 0 <= value <= 10:
        raise usage(option, f"{value} is out of range; use 0 (none) to 10 (worst)")
    return value


def usage(option: str, message: str) -> Exception:
    """An option value that is not allowed: one line, exit 2."""
    from ..errors import RequestError

    return RequestError(f"{option}: {message}")


def check_week(week: Optional[int], weeks: int) -> None:
    if week is not None and week > weeks:
        raise typer.BadParameter(f"the programme has {weeks} weeks; choose --week 1 to {weeks}", param_hint="--week")


# --- shared options -----------------------------------------------------------------------------

CatalogueOption = Annotated[
    Optional[Path],
    typer.Option(
        "--catalogue",
        metavar="FILE",
        parser=path_argument,
        envvar="HIPCLI_CATALOGUE",
        help="Replace the bundled catalogue with this file (a whole catalogue: format, default_chart, charts, "
        "references and exercises; start from a copy of the bundled one). To add cards beside it, use --with.",
        show_default=False,
    ),
]
WithOption = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--with",
        metavar="FILE",
        parser=path_argument,
        help="Also use the cards in this file, beside the catalogue (repeat for more files; HIPCLI_WITH lists "
        "more, separated by ':'). Make one with 'hipcli import free-exercise-db' or 'hipcli new-card'.",
        show_default=False,
    ),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", **choice(FORMATS, "a format"), help="table for people, json for scripts.")]
DocumentArgument = Annotated[
    Path,
    typer.Argument(metavar="PATH", parser=path_argument, help="A plan or programme file saved with --out (TOML or JSON).", show_default=False),
]
ExerciseArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME...",
        help="An exercise's slug, name or alias, in any case; several words need no quotes.",
        autocompletion=complete_exercise,
        show_default=False,
    ),
]
OutOption = Annotated[
    Optional[str],
    typer.Option("--out", "-o", metavar="FILE", help="Write to this file ('-' for standard output).", show_default=False),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")]

# The header of a handout (.html or .md): filled in, or left as lines to write on.
NameOption = Annotated[Optional[str], typer.Option("--name", help="Handout: the person's name.", show_default=False)]
ClinicianOption = Annotated[
    Optional[str], typer.Option("--clinician", help="Handout: the coach's or clinician's name.", show_default=False)
]
HandoutDateOption = Annotated[
    Optional[str], typer.Option("--date", help="Handout: the date to print in its header.", show_default=False)
]
NotesOption = Annotated[Optional[str], typer.Option("--notes", help="Handout: notes to print in its header.", show_default=False)]
PaperOption = Annotated[
    Literal["a4", "letter"], typer.Option("--paper", help="Handout (.html, .pdf): the paper it is laid out for.")
]
DetailOption = Annotated[
    Optional[Literal["brief", "full"]],
    typer.Option(
        "--detail",
        help="Handout (.html, .pdf): brief (default: two pages, each exercise's positions, dose, first steps and key cue) "
        "or full (every step, cue, mistake, breathing note and reference).",
        show_default=False,
    ),
]
ReviewOption = Annotated[
    bool,
    typer.Option(
        "--review",
        help="Handout (.html, .pdf): add a chart of the last 6 weeks of your training log (sessions, worst pain, ladder step).",
    ),
]
# A calendar (.ics): timed events with a reminder instead of all-day ones.
TimeOption = Annotated[
    Optional[str],
    typer.Option("--time", help="Calendar: start each session at this time (HH:MM, local), with a reminder.", show_default=False),
]
DurationOption = Annotated[
    Optional[int],
    typer.Option(
        "--duration", min=5, max=240, help="Calendar with --time: minutes per event (default: each session's own estimate).",
        show_default=False,
    ),
]
ReminderOption = Annotated[
    int, typer.Option("--reminder", min=0, max=1440, help="Calendar with --time: minutes before the start to remind you (0: none).")
]

LevelOption = Annotated[
    Optional[str],
    typer.Option(
        "--level", "-l", **choice("level"),
        help="Your training level: beginner, intermediate or advanced (or set once: hipcli config level NAME).",
        show_default=False,
    ),
]
EquipmentOption = Annotated[
    Optional[str],
    typer.Option(
        "--equipment",
        "-e",
        metavar="KIT",
        help="What you own, comma-separated: mini-band, long-band, kettlebell, step, box-or-bench, pull-up-bar, "
        "wall-or-chair; 'none' for bodyweight only. Default: your config, else mini-band,wall-or-chair.",
        show_default=False,
    ),
]
AvoidOption = Annotated[
    Optional[str],
    typer.Option(
        "--avoid",
        "-a",
        metavar="LIST",
        help="Loads and positions to leave out, comma-separated: knee, lower-back, wrist-shoulder; "
        "hip-replacement (posterior-approach precautions), fai, pregnancy (no long lying on the back). "
        "Your surgeon's or clinician's limits come first.",
        show_default=False,
    ),
]

# One session of a programme, for a Garmin workout file (formats/fit.py).
WeekOption = Annotated[
    Optional[int], typer.Option("--week", min=1, max=52, help="With --format fit: the programme week of the session.", show_default=False)
]
DayOption = Annotated[
    Optional[int], typer.Option("--day", min=1, max=7, help="With --format fit: the week's session, from 1 in date order.", show_default=False)
]

# What the log commands record with a set or a session.
EffortOption = Annotated[
    Optional[int],
    typer.Option("--effort", help="How hard the sets felt, OMNI-RES 0-10 (R8: aim for about 5).", show_default=False),
]
PainOption = Annotated[
    Optional[int],
    typer.Option("--pain", help="Pain during the sets, 0-10 (0-3 safe, 4-5 acceptable, above 5 too much; CS3).", show_default=False),
]
DateOption = Annotated[
    Optional[str], typer.Option("--date", help="When: YYYY-MM-DD[THH:MM], today or yesterday (default: now).", show_default=False)
]
SessionNotesOption = Annotated[Optional[str], typer.Option("--notes", help="A note for the session.", show_default=False)]
