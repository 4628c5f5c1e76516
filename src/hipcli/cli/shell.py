"""The command line: parse options, call the core, render, print.

This is the only module that imports typer and the only one that exits.
Everything a command needs beyond typer is imported inside the command, so
``hipcli --version`` and ``--help`` load neither the catalogue, pydantic nor
rich tables (see ``bench/startup.py``).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, Optional

import typer

from . import __version__

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .errors import HipcliError
    from .models import Catalogue

# Kept for command modules that annotate with them; new options use _choice().
LevelName = Literal["beginner", "intermediate", "advanced"]
GoalName = Literal["running", "sprint", "glutes", "hip-health", "desk"]
SessionName = Literal["warmup", "strength", "mobility"]
OutputFormat = Literal["table", "json"]
FileFormat = Literal["table", "json", "toml", "md", "html"]
ProgrammeFormat = Literal["table", "json", "toml", "md", "ics", "html"]


def _plain() -> bool:
    """Plain text (no colour, no escape codes) when piped or when NO_COLOR is set."""
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


# Words people type for a command or option in either spelling; click applies
# this to command names, option names and choices alike, so every command and
# option accepts both without declaring each twice.
_SPELLINGS = {"programme": "program", "programmes": "program", "catalog": "catalogue"}


def _spelling(token: str) -> str:
    return _SPELLINGS.get(token, token)


# Switches that mean the same before or after the command name, in every command.
_SWITCHES = {"--no-pager": "pager", "--no-config": "config"}
_switched_off: set[str] = set()


def _usage_line(error: Any) -> str:
    """A click usage error as one line in hipcli's own style."""
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None)
    if param is not None and not hint:
        hint = (param.opts or [param.human_readable_name])[0] if param.param_type_name == "option" else param.human_readable_name
    if isinstance(hint, (list, tuple)):
        hint = hint[0]
    if type(error).__name__ == "BadParameter" and hint:
        return f"{hint}: {error.message}"
    message = error.format_message().rstrip(".").replace(". Did you mean", "; did you mean")
    message = message[:1].lower() + message[1:]
    if message.endswith("?"):
        return message
    command = getattr(getattr(error, "ctx", None), "command_path", "hipcli")
    return f"{message}; see '{command} --help'"


class _Group(typer.core.TyperGroup):
    """The app's click group: one-line usage errors, commands in the order a person uses them."""

    ORDER = (
        "plan", "program", "train", "log", "history", "progress", "assess", "show", "list", "alternatives", "goals",
        "view", "edit", "export", "config", "sources", "import", "validate", "schema",
    )

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(self.ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None, standalone_mode: bool = True, **extra: Any) -> Any:
        from .formatting import one_line

        # Help text never breaks a line inside a hyphenated value such as wall-or-chair.
        from typer._click import _textwrap

        _textwrap.TextWrapper.wordsep_re = _textwrap.TextWrapper.wordsep_simple_re
        words = list(sys.argv[1:] if args is None else args)
        end = words.index("--") if "--" in words else len(words)
        global _settings
        _settings = None
        _switched_off.clear()
        _switched_off.update(_SWITCHES[word] for word in words[:end] if word in _SWITCHES)
        words = [word for index, word in enumerate(words) if index >= end or word not in _SWITCHES]
        if not standalone_mode:
            return super().main(words, prog_name, complete_var, standalone_mode, **extra)
        try:
            status = super().main(words, prog_name, complete_var, standalone_mode=False, **extra)
        except typer._click.exceptions.UsageError as error:
            sys.stderr.write(f"hipcli: {one_line(_usage_line(error))}\n")
            sys.exit(2)
        except typer._click.exceptions.ClickException as error:
            sys.stderr.write(f"hipcli: {one_line(error.format_message())}\n")
            sys.exit(error.exit_code)
        except typer.Abort:
            sys.stderr.write("hipcli: aborted\n")
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


def _choice(kind: str | tuple[str, ...], noun: str = "") -> dict[str, Any]:
    """Option settings for a closed list: the one forgiving parser, completion and a metavar.

    ``kind`` names a vocabulary in ``choices.py`` ('level', 'goal', ...) or is
    the tuple of answers itself (for formats).
    """

    def parse(value: Any) -> str:
        from .choices import ChoiceError, match, match_in

        if not isinstance(value, str):
            return value
        try:
            return match(kind, value) if isinstance(kind, str) else match_in(value, kind, noun or "one of these")
        except ChoiceError as error:
            raise typer.BadParameter(error.message) from None

    def complete(incomplete: str) -> list[str]:
        from .choices import choices

        options = choices(kind) if isinstance(kind, str) else kind
        return [option for option in dict.fromkeys(options) if option.startswith(incomplete.lower())]

    metavar = kind.upper() if isinstance(kind, str) else "FORMAT"
    return {"parser": parse, "autocompletion": complete, "metavar": metavar}


FORMATS = ("table", "json")
FILE_FORMATS = ("table", "json", "toml", "md", "html")
PROGRAMME_FORMATS = ("table", "json", "toml", "md", "ics", "html")


app = typer.Typer(
    name="hipcli",
    cls=_Group,
    no_args_is_help=True,
    # Plain help and usage errors: typer's rich formatter imports rich's
    # Markdown support, which alone takes longer than the rest of --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "token_normalize_func": _spelling},
)


def _console(*, stderr: bool = False) -> Console:
    """A rich console on the guarded stream's unescaped side: SafeConsole escapes data itself."""
    from .render import SafeConsole

    stream: Any = sys.stderr if stderr else sys.stdout
    plain = bool(os.environ.get("NO_COLOR")) or not stream.isatty()
    return SafeConsole(
        file=getattr(stream, "unescaped", stream),
        width=_width(),
        no_color=plain,
        force_terminal=False if plain else None,
        highlight=False,
        markup=False,
        emoji=False,
    )


# Narrower than this wraps every cell; wider only pads (COLUMNS=100000 made a 2 MB plan).
MIN_WIDTH, MAX_WIDTH = 40, 240


def _width() -> int:
    import shutil

    if sys.stdout.isatty():
        columns = shutil.get_terminal_size().columns
    else:
        given = os.environ.get("COLUMNS", "")
        columns = int(given) if given.isdigit() and len(given) < 6 and int(given) > 0 else 80
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def _print(renderable: RenderableType) -> None:
    console = _console()
    with console.capture() as captured:
        console.print(renderable)
    text = captured.get()
    if _plain():
        # Plain text is for pipes and files: no padding at the ends of lines.
        text = "".join(line.rstrip() + "\n" for line in text.splitlines())
    # On a terminal the colour codes are rich's own (SafeConsole escaped the data): they go out as they are.
    _out(text, raw=not _plain())


# The version of the JSON envelope below; raised only when a script reading it would break.
JSON_FORMAT = 1


def _out(text: str, *, raw: bool = False) -> None:
    """Every long result reaches standard output here: through the pager when it would scroll off a terminal.

    ``raw``: text whose escape codes are meant (rich's colours), written past the guarded stream's escaping.
    """
    if not _page(text):
        (getattr(sys.stdout, "unescaped", sys.stdout) if raw else sys.stdout).write(text)


def _pager() -> Optional[str]:
    """The pager command, as git chooses it: HIPCLI_PAGER, then PAGER, then less; None for no pager."""
    for name in ("HIPCLI_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return None if command in ("", "cat") else command
    return "less"


def _page(text: str) -> bool:
    """Show ``text`` in the user's pager if stdout is a terminal it would overflow; False if it was not paged."""
    import shutil

    # A pager needs a keyboard as well as a screen: with stdin elsewhere (a
    # harness, a pipe in) it could wait for keys that never come.
    if "pager" in _switched_off or not sys.stdout.isatty() or not sys.stdin.isatty():
        return False
    rows = shutil.get_terminal_size().lines
    if text.count("\n") < rows - 1:
        return False
    command = _pager()
    if command is None:
        return False
    import shlex
    import signal
    import subprocess

    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return False
    if shutil.which(program) is None:
        return False
    # As git does: quit if one screen, keep colour, leave the text on screen, unless the user says otherwise.
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    sys.stdout.flush()
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    # Ctrl-C belongs to the pager (less uses it to stop a search); hipcli just waits for it to end.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            process.stdin.close()
        except BrokenPipeError:  # the reader quit before the end: that is fine
            pass
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def _envelope(kind: str, data: Any) -> dict[str, Any]:
    """Every command's JSON, on stdout and stderr alike: what it is, the envelope's version, the data."""
    return {"kind": kind, "format": JSON_FORMAT, "hipcli": __version__, "data": data}


def _print_json(kind: str, data: Any) -> None:
    """Print a command's result for scripts. Every --format json goes through here."""
    _write_json(sys.stdout, _envelope(kind, data), indent=2)


def _write_json(stream: Any, data: Any, indent: int | None = None) -> None:
    """JSON with every control and bidi character escaped; pure ASCII when the output cannot hold UTF-8."""
    from .formatting import json_text
    from .output import ascii_only

    text = json_text(json.dumps(data, indent=indent, ensure_ascii=ascii_only())) + "\n"
    if stream is sys.stdout:
        _out(text)  # a long JSON result on a terminal is paged like any other
    else:
        stream.write(text)


def _json_error(problems: list[str], exit_code: int) -> None:
    """An error as one JSON document on stderr, for a script that asked for --format json."""
    from .formatting import one_line

    lines = [one_line(problem) for problem in problems]
    data = {"message": lines[0] if len(lines) == 1 else f"{len(lines)} problems", "problems": lines, "exit_code": exit_code}
    _write_json(sys.stderr, _envelope("error", data))


def _wants_json(words: list[str]) -> bool:
    """--format json / -f json / --format=json / -fjson anywhere on the command line."""
    for index, word in enumerate(words):
        if word in ("--format=json", "-fjson"):
            return True
        if word in ("--format", "-f") and words[index + 1 : index + 2] == ["json"]:
            return True
    return False


def _fail(error: HipcliError, *, as_json: bool = False) -> NoReturn:
    from .formatting import one_line

    if as_json:
        _json_error(error.problems, error.exit_code)
    else:
        for problem in error.problems:
            sys.stderr.write(f"hipcli: {one_line(problem)}\n")
    raise typer.Exit(error.exit_code)


def _command(*args: Any, on: Optional[typer.Typer] = None, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command wrapped in the one translator from user errors to exits (on ``app``, or the group ``on``)."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*call_args: Any, **call_kwargs: Any) -> Any:
            from .errors import HipcliError

            as_json = call_kwargs.get("output") == "json"
            try:
                return function(*call_args, **call_kwargs)
            except HipcliError as error:
                _fail(error, as_json=as_json)
            except typer.BadParameter as error:
                if not as_json:
                    raise
                _json_error([_usage_line(error)], error.exit_code)
                raise typer.Exit(error.exit_code) from None
            except KeyboardInterrupt:
                sys.stderr.write("hipcli: interrupted\n")
                raise typer.Exit(130) from None

        return (on or app).command(*args, **kwargs)(run)

    return register


def _load(path: Optional[Path], extra: Optional[list[Path]] = None) -> Catalogue:
    """The catalogue (``--catalogue`` or the bundled one) with the cards of any ``--with`` files."""
    from .catalogue import load_catalogue, needs_parsing
    from .config import apply_band_chart

    # A big catalogue without a fresh cache takes a while to parse: say so.
    if sys.stderr.isatty() and needs_parsing(path) > 2_000_000:
        with _console(stderr=True).status("Reading and checking the catalogue (cached after this run)..."):
            cards = load_catalogue(path, extra=extra)
    else:
        cards = load_catalogue(path, extra=extra)
    settings = _defaults()
    return apply_band_chart(cards, settings.get("band_chart"), settings.get("band_colours"))


_settings: dict[str, Any] | None = None


def _defaults() -> dict[str, Any]:
    """The user's defaults, environment over config file (none with --no-config); read once per run."""
    global _settings
    if _settings is None:
        from .config import defaults

        _settings = {key: source.value for key, source in defaults(use_config="config" not in _switched_off).items()}
    return _settings


def _missing(option: str, key: str, example: str) -> NoReturn:
    from .errors import RequestError

    raise RequestError(f"missing option '{option}'; give it, or set a default once: hipcli config {key} {example}")


def _complete_exercise(ctx: typer.Context, incomplete: str) -> list[str]:
    from .catalogue import exercise_names, normalise

    try:
        names = exercise_names(ctx.params.get("catalogue"))
    except Exception:  # completion must never print a traceback into the shell
        return []
    key = normalise(incomplete)
    return [name for name in names if name.startswith(key)]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"hipcli {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    # Both are taken out of the arguments by _Group.main, wherever they stand;
    # declared here so that help lists them.
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Print long output straight to the terminal.")] = False,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Ignore your config file (see hipcli config).")
    ] = False,
) -> None:
    """Build hip-training sessions and programmes from a sourced exercise catalogue.

    \b
    Examples:
      hipcli plan --level beginner --goal running     a session for today
      hipcli plan -l beginner -g running -s warmup    a warm-up before a run
      hipcli program -l beginner -g running -o p.ics  six weeks, in a calendar
      hipcli show banded psoas march                  one exercise card
      hipcli list --muscle hip-flexors -e mini-band   find exercises
      hipcli config level beginner                    set a default once

    Every command has --help with an example. Docs: README.md and docs/ (rules.md
    gives every rule and its source) in the hipcli source tree.
    """


CatalogueOption = Annotated[
    Optional[Path],
    typer.Option(
        "--catalogue",
        metavar="FILE",
        envvar="HIPCLI_CATALOGUE",
        help="Replace the bundled catalogue with this file (a whole catalogue: format, default_chart, charts, "
        "references and exercises; start from a copy of the bundled one). To add cards beside it, use --with.",
        show_default=False,
        dir_okay=True,
    ),
]
WithOption = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--with",
        help="Also use the cards in this file, beside the catalogue (repeat for more files; HIPCLI_WITH lists "
        "more, separated by ':'). Make one with 'hipcli import free-exercise-db' or 'hipcli new-card'.",
        show_default=False,
    ),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", **_choice(FORMATS, "a format"), help="table for people, json for scripts.")]
DocumentArgument = Annotated[
    Path, typer.Argument(metavar="PATH", help="A plan or programme file saved with --out (TOML or JSON).", show_default=False)
]
ExerciseArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME...",
        help="An exercise's slug, name or alias, in any case; several words need no quotes.",
        autocompletion=_complete_exercise,
        show_default=False,
    ),
]


def _name(words: list[str]) -> str:
    """The words of an exercise name typed without quotes, as one name."""
    return " ".join(words)


@_command("show")
def show(
    name: ExerciseArgument,
    level: Annotated[
        Optional[str], typer.Option("--level", "-l", **_choice("level"), help="Show only this level's prescription.")
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            **_choice(("table", "json", "toml"), "a format"),
            help="table for people, json for scripts, toml for a [[blocks.exercises]] entry to paste into a plan file.",
        ),
    ] = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Show an exercise card: kit, doses, steps, cues and sources.

    Example: hipcli show banded hip march --level beginner
    """
    from .catalogue import find_exercise
    from .models import to_data

    cards = _load(catalogue, with_)
    exercise = find_exercise(cards, _name(name))
    if output == "toml":
        _out(_paste_block(exercise, cards, level or _defaults().get("level") or exercise.level))
        return
    if output == "json":
        data = to_data(exercise)
        if level is not None:
            data["prescription"] = {level: data["prescription"][level]} if level in exercise.prescription else {}
        _print_json("exercise", data)
        return
    if level is not None and level not in exercise.prescription:
        from .errors import NotFound

        from .models import LEVELS

        below = LEVELS.index(level) < LEVELS.index(exercise.level)
        steps = exercise.easier if below else exercise.harder
        hint = f"; try {', '.join(steps)}" if steps else ""
        raise NotFound(f"'{exercise.slug}' suits {exercise.level_span}; it has no {level} prescription{hint}")
    from .render import exercise_card

    _print(exercise_card(exercise, cards, plain=_plain(), level=level, width=_width()))


def _paste_block(exercise: Any, cards: Catalogue, level: str) -> str:
    """The card at one level as a plan file's ``[[blocks.exercises]]`` entry, ready to paste."""
    import tomli_w

    from .models import to_data
    from .planedit import fresh_item

    if not exercise.suits(level):
        from .errors import NotFound

        raise NotFound(f"'{exercise.slug}' suits {exercise.level_span}; it has no {level} prescription")
    item = to_data(fresh_item(cards, exercise, level, "", f"added by hand ({level} prescription)"))
    item.pop("time_seconds", None)
    for unit in ("sets", "reps", "seconds", "steps"):
        if isinstance(item.get(unit), list) and len(set(item[unit])) == 1:
            item[unit] = item[unit][0]
    import re

    # A range reads as [8, 10] on one line, as in saved plans.
    body = re.sub(
        r"\[\n((?:    \d+,\n)+)\]",
        lambda match: "[" + ", ".join(line.strip().rstrip(",") for line in match[1].splitlines()) + "]",
        tomli_w.dumps(item),
    )
    return f"# {exercise.name}, {level} prescription: paste under a [[blocks]] entry of a plan file\n[[blocks.exercises]]\n{body}"


def _shown(value: str) -> str:
    """A value the user typed, safe to echo: control characters become visible escapes."""
    from .formatting import one_line

    return one_line(value)


def _list_of(kind: str, value: str, option: str) -> list[str]:
    """A comma-separated list of choices, each matched forgivingly; a miss is a usage error naming the option."""
    from .choices import ChoiceError, match_list

    try:
        return match_list(kind, value)
    except ChoiceError as error:
        raise typer.BadParameter(error.message, param_hint=option) from None


def _equipment(value: Optional[str], option: str = "--equipment") -> Optional[list[str]]:
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
    return _list_of("equipment", value, option)


@_command("list")
def list_exercises(
    muscle: Annotated[
        Optional[str],
        typer.Option(
            "--muscle",
            **_choice("muscle"),
            help="A prime mover: a muscle (psoas-major, gluteus-medius, ...) or a group (hip-flexors, hip-abductors, glutes, hip-extensors, hip-rotators, adductors, core).",
            show_default=False,
        ),
    ] = None,
    equipment: Annotated[
        Optional[str],
        typer.Option(
            "--equipment",
            "-e",
            metavar="KIT",
            help="What you own, comma-separated (mini-band,long-band,kettlebell,step,box-or-bench,pull-up-bar,wall-or-chair); 'none' for bodyweight only.",
            show_default=False,
        ),
    ] = None,
    level: Annotated[Optional[str], typer.Option("--level", "-l", **_choice("level"), help="Only exercises that suit this level.")] = None,
    category: Annotated[Optional[str], typer.Option("--category", "-c", **_choice("category"), help="Only this category.")] = None,
    goal: Annotated[Optional[str], typer.Option("--goal", "-g", **_choice("goal"), help="Only exercises that serve this goal.")] = None,
    session: Annotated[Optional[str], typer.Option("--session", "-s", **_choice("session"), help="Only exercises for this session type.")] = None,
    search: Annotated[
        Optional[str], typer.Option("--search", "-q", metavar="TEXT", help="Text to find in the name, aliases or summary.")
    ] = None,
    family: Annotated[
        Optional[str],
        typer.Option("--family", help="Only the cards of one movement's ladder, e.g. psoas-march or bridge.", show_default=False),
    ] = None,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """List exercises by muscle, kit, level, goal, family or text.

    Example: hipcli list --muscle hip-flexors --equipment mini-band
    """
    from .catalogue import filter_exercises
    from .errors import NotFound

    owned = _equipment(equipment)
    cards = _load(catalogue, with_)
    if family is not None:
        import difflib

        from .catalogue import normalise

        families = sorted({card.family_name for card in cards.exercises})
        if normalise(family) not in families:
            close = difflib.get_close_matches(normalise(family), families, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; 'hipcli show NAME' names a card's family"
            raise NotFound(f"no family called '{family}'{hint}")
    found = filter_exercises(
        cards,
        muscle=muscle,
        equipment=owned,
        level=level,
        category=category,
        goal=goal,
        session=session,
        search=search,
        family=family,
    )
    if family is not None:
        from .catalogue import easiest_first

        found = easiest_first(cards, found)
    if output == "json":
        from .models import to_data

        _print_json("exercises", [to_data(exercise) for exercise in found])
        return
    if not found:
        given = [
            f"--{flag} {value}"
            for flag, value in (
                ("muscle", muscle),
                ("equipment", equipment),
                ("level", level),
                ("category", category),
                ("goal", goal),
                ("session", session),
                ("search", search),
                ("family", family),
            )
            if value is not None
        ]
        raise NotFound(f"no exercise matches {' '.join(given)}; drop a filter or widen --equipment")
    from .render import exercise_list

    _print(exercise_list(found, plain=_plain()))


@_command("validate")
def validate(
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="[PATH]", help="The catalogue file to check (default: the one hipcli uses).", show_default=False),
    ] = None,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Check a catalogue file and list every problem in it.

    Example: hipcli validate my-exercises.toml
    """
    from .catalogue import catalogue_path, read_catalogue

    file = catalogue_path(path or catalogue)
    # A file of extra cards (no default_chart) is checked beside the catalogue hipcli uses.
    cards, problems = read_catalogue(file, base=catalogue if path else None, extra=with_)
    if output == "json":
        count = len(cards.exercises) if cards else 0
        _print_json("validation", {"file": str(file), "ok": not problems, "exercises": count, "problems": problems})
    elif cards is not None:
        sys.stdout.write(f"{file}: OK, {len(cards.exercises)} exercises\n")
    else:
        from .formatting import one_line

        for problem in problems:
            sys.stdout.write(one_line(problem) + "\n")
        sys.stderr.write(f"hipcli: {file}: {len(problems)} problem{'s' if len(problems) != 1 else ''}\n")
    if problems:
        raise typer.Exit(1)


DEFAULT_EQUIPMENT = "mini-band,wall-or-chair"

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
    Literal["a4", "letter"], typer.Option("--paper", help="Handout (.html): the paper it is laid out for.")
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

LevelOption = Annotated[Optional[str], typer.Option("--level", "-l", **_choice("level"), help="Your training level: beginner, intermediate or advanced (or set once: hipcli config level NAME).", show_default=False)]
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


def _avoid(value: Optional[str], option: str = "--avoid") -> list[str]:
    return _list_of("avoid", value, option) if value else []


def _wanted(*, level: Optional[str], goal: Optional[str], equipment: Optional[str], avoid: Optional[str], minutes: Optional[int]) -> dict[str, Any]:
    """What a plan or programme is for: the command line, else the environment, else the config file, else built in."""
    settings = _defaults()
    level = level or settings.get("level")
    if level is None:
        _missing("--level", "level", "beginner")
    goal = goal or settings.get("goal")
    if goal is None:
        _missing("--goal", "goal", "running")
    if equipment is not None:
        kit = _equipment(equipment) or []
    else:
        kit = settings.get("equipment", DEFAULT_EQUIPMENT.split(","))
    return {
        "level": level,
        "goal": goal,
        "equipment": tuple(kit),
        "avoid": tuple(_avoid(avoid) if avoid is not None else settings.get("avoid", ())),
        "minutes": minutes if minutes is not None else settings.get("minutes"),
    }


@_command("plan")
def plan(
    level: LevelOption = None,
    goal: Annotated[Optional[str], typer.Option("--goal", "-g", **_choice("goal"), help="What the session is for: running, sprint, glutes, hip-health or desk; 'hipcli goals' explains each.", show_default=False)] = None,
    session: Annotated[
        str,
        typer.Option(
            "--session",
            "-s",
            **_choice("session"),
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
            **_choice(FILE_FORMATS, "a format"),
            help="table (default on screen), json, toml, md or html (a printable handout); with --out, the file's extension decides.",
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
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Build a session for your level, goal, kit and time.

    Example: hipcli plan --level beginner --goal running --equipment none --minutes 20
    """
    from .models import PlanRequest
    from .planner import build_plan

    wanted = _wanted(level=level, goal=goal, equipment=equipment, avoid=avoid, minutes=minutes)
    if session != "strength" and minutes is None:
        wanted["minutes"] = None  # the default budget is a strength session's; warm-ups keep their own
    request = PlanRequest(session=session, seed=seed, **wanted)
    cat = _load(catalogue, with_)
    result = build_plan(cat, request)
    if use_log:
        result = _from_log(cat, result)
    if out is not None or output not in (None, "table"):
        from .export import saved

        _emit(saved(result), output, out, force, options=_handout(cat, explain, name, date, clinician, notes, paper))
        return
    from .render import plan_view

    _print(plan_view(result, plain=_plain(), explain=explain, width=_width()))


def _from_log(cat: Catalogue, result: Any) -> Any:
    """The plan moved along each family's ladder by what the log says was done (adapt.py), when there is a log."""
    import datetime

    from .commands.log import history_for_planning

    today = datetime.date.today()
    history = history_for_planning(today)
    if not history:
        return result
    from .adapt import apply

    adapted, used = apply(cat, result, history, today)
    if used:
        moved = sum(1 for decision in used if decision.rung != decision.was)
        sys.stderr.write(
            f"hipcli: {len(used)} exercises follow your training log ({moved} changed rung); "
            "--explain says why, --no-log ignores the log\n"
        )
    return adapted


def _programme_start(cat: Catalogue, request: Any) -> tuple[dict[str, str], tuple[str, ...]]:
    """Week 1's rung per exercise family from the log, and a note for each (empty without a log)."""
    import datetime

    from .commands.log import history_for_planning

    today = datetime.date.today()
    history = history_for_planning(today)
    if not history:
        return {}, ()
    from .adapt import decisions

    slugs = list(dict.fromkeys(outcome.slug for outcome in history if outcome.slug in cat.by_slug))
    made = decisions(cat, slugs, history, request, today)
    if made:
        sys.stderr.write(f"hipcli: week 1 starts {len(made)} exercise families where your training log says; --no-log ignores it\n")
    return {family: d.rung.key for family, d in made.items()}, tuple(f"From your log: {d.text()}" for d in made.values())


def _emit(
    document: Any, output: Optional[str], out: Optional[str], force: bool, *, options: Optional[dict[str, Any]] = None
) -> None:
    """Write a plan document to --out (or standard output) in the format asked for.

    ``options`` are the handout and calendar options (header fields, paper,
    time, the catalogue for full exercise cards, --explain); an option given
    for a format that has no use for it is a usage error, not ignored.
    """
    from .formats import format_for, render

    to = format_for(out, output if output != "table" else None)
    options = dict(options or {})
    _check_options(to, options)
    if to == "json" and out is None:
        # On standard output JSON is a command's result, in the one envelope;
        # a file written with --out is the document itself, as 'hipcli view' reads it.
        from .formats.json import envelope_data

        _print_json(document.kind, envelope_data(document))
        return
    _write_out(render(document, to, **options), out, force)


# Which formats use which of the handout and calendar options.
_OPTION_FORMATS = {
    "header": ("html", "md"),
    "paper": ("html",),
    "time": ("ics",),
    "duration": ("ics",),
}


def _check_options(to: str, options: dict[str, Any]) -> None:
    header = options.get("header") or {}
    given = {"header": any(header.values()), "paper": options.get("paper") not in (None, "a4"),
             "time": options.get("time") is not None, "duration": options.get("duration") is not None}
    flags = {"header": "--name, --date, --clinician and --notes", "paper": "--paper", "time": "--time", "duration": "--duration"}
    for key, used in given.items():
        if used and to not in _OPTION_FORMATS[key]:
            formats = " or ".join(f".{name}" for name in _OPTION_FORMATS[key])
            raise typer.BadParameter(f"{flags[key]} only apply to {formats} files, not {to}")
    if options.get("duration") is not None and options.get("time") is None:
        raise typer.BadParameter("--duration needs --time: an all-day event has no length", param_hint="--duration")
    if options.get("time") is not None:
        options["time"] = _clock(options["time"])


def _clock(value: str) -> Any:
    import datetime

    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{_shown(value)}' is not a time; use HH:MM, for example 07:00", param_hint="--time") from None


def _handout(
    catalogue: Any, explain: bool, name: Optional[str], date: Optional[str], clinician: Optional[str], notes: Optional[str],
    paper: str, time: Optional[str] = None, duration: Optional[int] = None, reminder: int = 30,
) -> dict[str, Any]:
    """The options every file format may use, gathered once."""
    return {
        "catalogue": catalogue,
        "explain": explain,
        "header": {"name": name, "date": date, "clinician": clinician, "notes": notes},
        "paper": paper,
        "time": time,
        "duration": duration,
        "reminder": reminder,
    }


def _warn(warnings: list[str]) -> None:
    """Things a person should know but that stop nothing, one line each on stderr."""
    from .formatting import one_line

    for warning in warnings:
        sys.stderr.write(f"hipcli: warning: {one_line(warning)}\n")


def _write_out(text: str, out: Optional[str], force: bool) -> None:
    """To --out, safely, or to standard output when there is none (or it is '-')."""
    if out is None or out == "-":
        sys.stdout.write(text)
        return
    from .files import write_text
    from .formatting import one_line

    write_text(out, text, force=force)
    sys.stderr.write(f"hipcli: wrote {one_line(out)}\n")


@_command("view")
def view(
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
    from .planfile import load_document
    from .models import PlanFile

    warnings: list[str] = []
    document = load_document(path, _load(catalogue, with_), warnings=warnings)
    _warn(warnings)
    if output == "json":
        from .models import to_data

        from .formats.json import envelope_data

        _print_json(document.kind, envelope_data(document))
        return
    if isinstance(document, PlanFile):
        from .render import plan_view

        _print(plan_view(document.plan, plain=_plain(), explain=explain, width=_width()))
        return
    _check_week(week, len(document.weeks))
    from .render import programme_view

    _print(programme_view(document.programme, plain=_plain(), week=week, explain=explain, width=_width()))


def _check_week(week: Optional[int], weeks: int) -> None:
    if week is not None and week > weeks:
        raise typer.BadParameter(f"the programme has {weeks} weeks; choose --week 1 to {weeks}", param_hint="--week")


@_command("export")
def export(
    path: DocumentArgument,
    to: Annotated[
        str,
        typer.Option(
            "--to", "-t", **_choice(("html", "md", "json", "toml", "ics"), "a format"),
            help="html (a printable handout), md (the same as Markdown), json, toml, or ics (a calendar, for programmes).",
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
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Export a saved plan or programme: handout, calendar, data.

    Example: hipcli export plan.toml --to html --name "Sam Smith" --clinician "J. Doe" --out plan.html
    """
    from .planfile import load_document

    cards = _load(catalogue, with_)
    warnings: list[str] = []
    document = load_document(path, cards, warnings=warnings)
    _warn(warnings)
    options = _handout(cards, explain, name, date, clinician, notes, paper, time, duration, reminder)
    _emit(document, to, None if out is None else str(out), force, options=options)


def _days(value: Optional[str], option: str, *, allow_none: bool = False) -> Optional[tuple[str, ...]]:
    """'mon,thu' or 'Monday,Thursday' -> ('mon', 'thu'); 'none' -> () where that means no such days.

    Whole words only: 'monkey' is not Monday, and 'nonsense' is not none.
    """
    import calendar

    from .models import WEEKDAYS

    if value is None:
        return None
    names = {day: day for day in WEEKDAYS}
    names.update({name.lower(): day for name, day in zip(calendar.day_name, WEEKDAYS)})
    names.update({"tues": "tue", "weds": "wed", "thur": "thu", "thurs": "thu"})
    words = [item.strip().lower() for item in value.split(",") if item.strip()]
    if allow_none and words == ["none"]:
        return ()
    unknown = [word for word in words if word not in names]
    if unknown or not words:
        raise typer.BadParameter(
            f"'{_shown(value)}' is not a list of weekdays; use for example mon,thu" + (" or none" if allow_none else ""),
            param_hint=option,
        )
    return tuple(names[word] for word in words)


def _date(value: Optional[str]) -> Any:
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{_shown(value)}' is not a date; use YYYY-MM-DD, for example 2026-12-07", param_hint="--start"
        ) from None


@_command("program")
def program(
    level: LevelOption = None,
    goal: Annotated[Optional[str], typer.Option("--goal", "-g", **_choice("goal"), help="What the programme is for: running, sprint, glutes, hip-health or desk; 'hipcli goals' explains each.", show_default=False)] = None,
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
    week: Annotated[Optional[int], typer.Option("--week", "-w", metavar="WEEK", min=1, help="Also show this week's sessions in full.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Say which progression step each change is.")] = False,
    use_log: Annotated[
        bool, typer.Option("--log/--no-log", help="Start week 1 where your training log says (default when a log exists).")
    ] = True,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--format", "-f", **_choice(PROGRAMME_FORMATS, "a format"), help="table, json, toml, md, html (a printable handout) or ics; with --out, the extension decides.",
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
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Build a programme of weeks, with progression.

    Example: hipcli program --level beginner --goal running --weeks 6 --out plan.ics
    """
    import datetime

    from .models import ProgrammeRequest
    from .progression import build_programme

    _check_week(week, weeks)
    wanted = _wanted(level=level, goal=goal, equipment=equipment, avoid=avoid, minutes=minutes)
    chosen_days = _days(days, "--days") if days is not None else tuple(_defaults().get("days", ()))
    request = ProgrammeRequest(
        weeks=weeks,
        days=chosen_days or (),
        start=_date(start),
        seed=seed,
        **wanted,
        warmup_days=_days(warmup_days, "--warmup-days", allow_none=True),
        mobility_days=_days(mobility_days, "--mobility-days", allow_none=True),
    )
    if request.start is not None and request.start < datetime.date.today():
        sys.stderr.write(
            f"hipcli: warning: --start {request.start} is in the past (today is {datetime.date.today()}); "
            "the sessions dated before today have gone by\n"
        )
    cat = _load(catalogue, with_)
    start, log_notes = _programme_start(cat, request) if use_log else ({}, ())
    result = build_programme(cat, request, rungs=start or None)
    if log_notes:
        import dataclasses

        result = dataclasses.replace(result, notes=result.notes + log_notes)
    if out is not None or output not in (None, "table"):
        from .export import saved

        options = _handout(cat, explain, name, date, clinician, notes, paper, time, duration, reminder)
        _emit(saved(result), output, out, force, options=options)
        return
    from .render import programme_view

    _print(programme_view(result, plain=_plain(), week=week, explain=explain, width=_width()))


app.command("programme", hidden=True)(program)


@_command("schema")
def schema(
    kind: Annotated[
        str,
        typer.Argument(**{**_choice(("plan", "programme", "catalogue"), "a kind of file"), "metavar": "KIND"}, help="plan, programme or catalogue.", show_default=False),
    ],
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """Print a JSON Schema for plan, programme or catalogue files.

    Example: hipcli schema plan --out plan.schema.json
    """
    from .models import Catalogue, PlanFile, ProgrammeFile
    from .validation import json_schema

    model, title = {
        "plan": (PlanFile, "hipcli plan file"),
        "programme": (ProgrammeFile, "hipcli programme file"),
        "catalogue": (Catalogue, "hipcli exercise catalogue"),
    }[kind]
    _write_out(json.dumps(json_schema(model, title), indent=2) + "\n", out, force)


@_command("goals")
def goals(output: FormatOption = "table") -> None:
    """List the goals a plan can serve, and why.

    Example: hipcli goals
    """
    from .planner import GOAL_INFO

    if output == "json":
        _print_json("goals", [{"goal": goal, "emphasis": e, "why": w, "sources": s} for goal, (e, w, s) in GOAL_INFO.items()])
        return
    from .render import goals_table

    _print(goals_table(GOAL_INFO, plain=_plain()))


@_command("alternatives")
def alternatives(
    name: ExerciseArgument,
    level: Annotated[
        Optional[str],
        typer.Option("--level", "-l", **_choice("level"), help="Your level (default: the exercise's own level).", show_default=False),
    ] = None,
    equipment: EquipmentOption = None,
    avoid: AvoidOption = None,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Suggest up to four substitutes for an exercise.

    Example: hipcli alternatives banded-psoas-march --equipment none
    """
    from .catalogue import find_exercise
    from .errors import NotFound
    from .models import PlanRequest
    from .planner import alternatives as find_alternatives

    cards = _load(catalogue, with_)
    exercise = find_exercise(cards, _name(name))
    wanted = _wanted(level=level or exercise.level, goal="hip-health", equipment=equipment, avoid=avoid, minutes=None)
    request = PlanRequest(level=wanted["level"], goal="hip-health", equipment=wanted["equipment"], avoid=wanted["avoid"])
    equipment = ",".join(request.equipment) or "none"
    found = find_alternatives(cards, exercise, request)
    if output == "json":
        _print_json("alternatives", [{"slug": other.slug, "name": other.name, "why": why} for other, why in found])
        return
    if not found:
        raise NotFound(
            f"nothing in the catalogue can stand in for '{exercise.slug}' at {request.level} level with "
            f"--equipment {equipment}; widen --equipment or --avoid less"
        )
    from .render import alternatives_table

    _print(alternatives_table(exercise, found, request, plain=_plain()))


# Command groups kept in their own modules register themselves on import;
# they only import typer at module level, so this costs start-up nothing.
from .commands import editing, importing, log, reference, settings, train  # noqa: E402,F401


def _lean(words: list[str]) -> typer.Typer:
    """The app with only the command being run, so start-up builds one command, not all of them.

    typer turns every registered command into a click command before it reads
    the arguments; for a dozen commands with many options that is a good part
    of start-up. ``hipcli --help`` and unknown names still get the whole app.
    """
    import copy

    name = next((word for word in words if not word.startswith("-")), None)
    if name is None and (not words or {"--help", "-h"} & set(words)):
        return _listing()
    chosen = [info for info in app.registered_commands if name is not None and info.name == name]
    groups = [info for info in app.registered_groups if name is not None and info.name == name]
    if groups:
        # A command group (hipcli log ...): build only that group, and in it only the
        # command being run (all of it for help, or a name that needs matching).
        group = copy.copy(groups[0])
        rest = words[words.index(name) + 1 :]
        sub = next((word for word in rest if not word.startswith("-")), None)
        only = [info for info in group.typer_instance.registered_commands if sub is not None and info.name == sub]
        if only:
            group.typer_instance = copy.copy(group.typer_instance)
            group.typer_instance.registered_commands = only
        lean = copy.copy(app)
        lean.registered_commands = []
        lean.registered_groups = [group]
        return lean
    if not chosen and not (name is None and "--version" in words):
        return app
    lean = copy.copy(app)
    lean.registered_commands = chosen
    lean.registered_groups = []  # a plain command (or --version) needs no group built
    return lean


def _listing() -> typer.Typer:
    """The app as ``hipcli --help`` lists it: every command's name and summary, none of their options.

    The list needs only each command's first docstring line; building the
    options of all of them (typer reads every signature and type hint) took
    half the time of ``--help``. A group stands in without its commands.
    """
    import copy

    def summary_of(callback: Any) -> Callable[[], None]:
        def stand_in() -> None:
            raise AssertionError("only listed, never run")  # _listing is used for help alone

        stand_in.__doc__ = callback.__doc__
        return stand_in

    lean = copy.copy(app)
    lean.registered_commands = []
    for info in app.registered_commands:
        listed = copy.copy(info)
        listed.callback = summary_of(info.callback)
        lean.registered_commands.append(listed)
    lean.registered_groups = []
    for group in app.registered_groups:
        listed_group = copy.copy(group)
        empty = copy.copy(group.typer_instance)
        empty.registered_commands, empty.registered_groups = [], []
        listed_group.typer_instance = empty
        lean.registered_groups.append(listed_group)
    return lean


def run(argv: Optional[list[str]] = None) -> int:
    """Run one command and return its exit status; every way out is one clear line at most.

    Standard output and error are guarded (``output.py``: escaped, encoding
    stand-ins, failures as errors), SIGTERM and SIGHUP unwind like Ctrl-C so
    temporary files are removed, and output is flushed here, so a full disk
    or a closed pipe is reported instead of passing as success.
    """
    from .errors import HipcliError, Terminated
    from .files import stop_signals_raise
    from .output import BrokenPipe, finish, guard_streams

    guard_streams()
    stop_signals_raise()
    words = sys.argv[1:] if argv is None else argv
    if os.environ.get("_HIPCLI_COMPLETE"):
        # A Tab press: the words typed so far come in an environment variable.
        typed = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
        words = typed.split()[1:]
    status = 0
    try:
        if not os.environ.get("_HIPCLI_COMPLETE") and _wants_json(words):
            _main_json(words)
        # typer shows usage errors and exits by itself (SystemExit below).
        _lean(words)(args=argv, prog_name="hipcli")
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except HipcliError as error:
        for problem in error.problems:
            sys.stderr.write(f"hipcli: {problem}\n")
        status = error.exit_code
    except BrokenPipe:
        status = 141
    except KeyboardInterrupt:
        sys.stderr.write("hipcli: interrupted\n")
        status = 130
    except Terminated as stop:
        status = 128 + stop.signum
    except Exception as error:
        status = _unforeseen(error)
    failed = finish()
    return failed if failed is not None and status == 0 else status


def _unforeseen(error: Exception) -> int:
    """A signal wrapped in another exception ends as that signal; anything else is a bug, told in one line."""
    from .errors import bug_line, stop_status

    status = stop_status(error)
    if status == 130:
        sys.stderr.write("hipcli: interrupted\n")
    if status is not None:
        return status
    if os.environ.get("HIPCLI_DEBUG"):
        raise error
    sys.stderr.write(bug_line(error) + "\n")
    return 1


def main() -> NoReturn:
    """The ``hipcli`` entry point when called from Python: run, then exit with the status."""
    raise SystemExit(run())


def _main_json(words: list[str]) -> None:
    """Run a command that asked for JSON: usage errors (a bad --level, a missing option) come as JSON on stderr too."""
    try:
        code = _lean(words)(prog_name="hipcli", standalone_mode=False)
    except typer.TyperException as error:
        message = getattr(error, "format_message", None)
        code = getattr(error, "exit_code", 1)
        if message is None:
            raise
        _json_error([_usage_line(error) if isinstance(error, typer._click.exceptions.UsageError) else message()], code)
        sys.exit(code)
    sys.exit(code if isinstance(code, int) else 0)
