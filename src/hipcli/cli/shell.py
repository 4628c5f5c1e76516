"""The shell every command runs in: the app, the one command decorator, the terminal, the one error translator.

Command modules (``plan.py``, ``log.py``, ...) import from here and from
``options.py``, never from each other; ``cli/__init__.py`` puts them
together. Only typer is imported at module level: rich, the catalogue and
pydantic are imported by the command that needs them, so ``hipcli
--version`` and ``--help`` load none of them (see ``bench/startup.py``).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .. import __version__
from ..errors import INTERRUPTED, ExitStatus

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console, RenderableType

    from ..journal import Journal
    from ..models import Catalogue

# Words people type for a command or option in either spelling; click applies
# this to command names, option names and choices alike, so every command and
# option accepts both without declaring each twice.
SPELLINGS = {"programme": "program", "programmes": "program", "catalog": "catalogue"}

# Switches that mean the same before or after the command name, in every command.
SWITCHES = {"--no-pager": "pager", "--no-config": "config"}

# Narrower than this wraps every cell; wider only pads (COLUMNS=100000 made a 2 MB plan).
MIN_WIDTH, MAX_WIDTH = 40, 240

# The version of the JSON envelope; raised only when a script reading it would break.
JSON_FORMAT = 1


def forget_nonsense_sizes(environ: Any = None) -> None:
    """Treat COLUMNS and LINES that no terminal has (0, 5, -1, 'wide') as unset.

    shutil, rich and the pager (less) each read them: a width of 5 drew
    every screen five columns wide, and 0 or -1 meant something different to
    each. Unset, every one of them asks the terminal itself.
    """
    environ = os.environ if environ is None else environ
    for name, smallest in (("COLUMNS", MIN_WIDTH), ("LINES", 5)):
        given = environ.get(name)
        if given is None:
            continue
        text = given.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 5 and int(text) >= smallest):
            del environ[name]


def spelling(token: str) -> str:
    return SPELLINGS.get(token, token)


def wants_json(words: list[str]) -> bool:
    """--format json / -f json / --format=json / -fjson anywhere on the command line."""
    for index, word in enumerate(words):
        if word in ("--format=json", "-fjson"):
            return True
        if word in ("--format", "-f") and words[index + 1 : index + 2] == ["json"]:
            return True
    return False


def envelope(kind: str, data: Any) -> dict[str, Any]:
    """Every command's JSON, on stdout and stderr alike: what it is, the envelope's version, the data."""
    return {"kind": kind, "format": JSON_FORMAT, "hipcli": __version__, "data": data}


def json_document(data: Any, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON with every control and bidi character escaped, ending in a newline."""
    from ..text import json_text

    return json_text(json.dumps(data, indent=indent, ensure_ascii=ascii_only)) + "\n"


def json_pieces(kind: str, items: Iterable[str]) -> Iterator[str]:
    """``json_document(envelope(kind, data))`` for a list ``data`` whose items come already written, in pieces
    (``logjson.json_items``): the envelope's head, the pieces, its end; years of log stay in flat memory."""
    head, _, tail = json_document(envelope(kind, [])).rpartition("[]")
    empty = True
    for piece in items:
        yield (head + "[\n" if empty else "") + piece
        empty = False
    yield (head + "[]" if empty else "\n  ]") + tail


class Terminal:
    """Where this run's output goes and how it should look, found out once and handed to every command.

    As httpie's ``Environment``: the streams, whether each is a terminal,
    plain or coloured output, the width, whether a pager may be used, and the
    user's defaults (read once, and only when a command asks for them).
    """

    def __init__(
        self, *, stdin: Any = None, stdout: Any = None, stderr: Any = None, pager: bool = True, use_config: bool = True
    ) -> None:
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.pager = pager
        self.use_config = use_config
        self.stdout_isatty = _isatty(self.stdout)
        self.stdin_isatty = _isatty(self.stdin)
        self.stderr_isatty = _isatty(self.stderr)
        # Plain text (no colour, no escape codes) when piped or when NO_COLOR is set.
        self.plain = bool(os.environ.get("NO_COLOR")) or not self.stdout_isatty
        self._defaults: dict[str, Any] | None = None
        self.said_interrupted = False

    @classmethod
    def current(cls) -> Terminal:
        """The terminal of the command being run (the one ``Group.main`` built), or a fresh one."""
        from typer._click.globals import get_current_context

        context = get_current_context(silent=True)
        found = context.find_root().obj if context is not None else None
        return found if isinstance(found, Terminal) else cls()

    @property
    def width(self) -> int:
        import shutil

        if self.stdout_isatty:
            columns = shutil.get_terminal_size().columns
        else:
            given = os.environ.get("COLUMNS", "")
            columns = int(given) if given.isdigit() and len(given) < 6 and int(given) > 0 else 80
        return max(MIN_WIDTH, min(MAX_WIDTH, columns))

    @property
    def unicode(self) -> bool:
        """Whether standard output takes UTF-8 (else rich draws its boxes in ASCII, and the plain layout steps aside)."""
        from ..output import ascii_only

        return not ascii_only()

    @property
    def defaults(self) -> dict[str, Any]:
        """The user's defaults, environment over config file (none with --no-config); read once per run."""
        if self._defaults is None:
            from ..config import defaults

            self._defaults = {key: source.value for key, source in defaults(use_config=self.use_config).items()}
        return self._defaults

    # --- writing -----------------------------------------------------------------------

    def console(self, *, stderr: bool = False) -> Console:
        """A rich console on the guarded stream's unescaped side: SafeConsole escapes data itself."""
        from ..render import SafeConsole

        stream: Any = self.stderr if stderr else self.stdout
        plain = bool(os.environ.get("NO_COLOR")) or not _isatty(stream)
        return SafeConsole(
            file=getattr(stream, "unescaped", stream),
            width=self.width,
            no_color=plain,
            force_terminal=False if plain else None,
            highlight=False,
            markup=False,
            emoji=False,
        )

    def print(self, renderable: RenderableType) -> None:
        """A rich renderable, as a table on a terminal and as plain text in a pipe."""
        console = self.console()
        with console.capture() as captured:
            console.print(renderable)
        text = captured.get()
        if self.plain:
            # Plain text is for pipes and files: no padding at the ends of lines.
            text = "".join(line.rstrip() + "\n" for line in text.splitlines())
        # On a terminal the colour codes are rich's own (SafeConsole escaped the data): they go out as they are.
        self.out(text, raw=not self.plain)

    def out(self, text: str, *, raw: bool = False) -> None:
        """Every long result reaches standard output here: through the pager when it would scroll off a terminal.

        ``raw``: text whose escape codes are meant (rich's colours), written past the guarded stream's escaping.
        """
        if not self.page(text):
            (getattr(self.stdout, "unescaped", self.stdout) if raw else self.stdout).write(text)

    def page(self, text: str) -> bool:
        """Show ``text`` in the user's pager if stdout is a terminal it would overflow; False if it was not paged."""
        import shutil

        # A pager needs a keyboard as well as a screen: with stdin elsewhere (a
        # harness, a pipe in) it could wait for keys that never come.
        if not self.pager or not self.stdout_isatty or not self.stdin_isatty:
            return False
        if text.count("\n") < shutil.get_terminal_size().lines - 1:
            return False
        from .pager import show

        return show(text, self.stdout)

    def json(self, kind: str, data: Any) -> None:
        """A command's result for scripts. Every --format json reaches standard output here."""
        from ..output import ascii_only

        self.out(json_document(envelope(kind, data), ascii_only=ascii_only()))

    def json_error(self, problems: list[str], status: int) -> None:
        """An error as one JSON document on stderr, for a script that asked for --format json."""
        from ..output import ascii_only
        from ..text import one_line

        lines = [one_line(problem) for problem in problems]
        data = {"message": lines[0] if len(lines) == 1 else f"{len(lines)} problems", "problems": lines, "exit_code": int(status)}
        self.stderr.write(json_document(envelope("error", data), indent=None, ascii_only=ascii_only()))

    def interrupted(self, detail: str = "") -> int:
        """Ctrl-C: the one line that says so (with what was kept, if anything), once; the status to exit with."""
        if not self.said_interrupted:
            self.stderr.write(INTERRUPTED + (f"; {detail}" if detail else "") + "\n")
            self.said_interrupted = True
        return ExitStatus.INTERRUPTED

    def say(self, message: str) -> None:
        """One line for the person on stderr, prefixed 'hipcli: ', its values already escaped by the caller."""
        from ..text import one_line

        self.stderr.write(f"hipcli: {one_line(message)}\n")

    def warn(self, warnings: list[str]) -> None:
        """Things a person should know but that stop nothing, one line each on stderr."""
        for warning in warnings:
            self.say(f"warning: {warning}")

    def document(self, text: str | bytes) -> None:
        """A document hipcli built (a calendar, TOML, CSV, Markdown, a PDF), byte for byte as a file would hold it.

        Its writer escaped every untrusted value where it placed it, so the
        document passes the guarded stream's escaping, which would turn a
        calendar's line ends into the text \\x0d. A PDF is bytes, not text.
        """
        if isinstance(text, bytes):
            if hasattr(self.stdout, "write_bytes"):
                self.stdout.write_bytes(text)
            else:
                self.stdout.flush()
                getattr(self.stdout, "buffer", self.stdout).write(text)
            return
        getattr(self.stdout, "unescaped", self.stdout).write(text)

    def write_out(self, text: str | bytes, out: Optional[str], force: bool) -> None:
        """A document to --out, safely, or to standard output when there is none (or it is '-'); bytes as they are."""
        if out is None or out == "-":
            self.document(text)
            return
        from ..files import write_bytes, write_text

        if isinstance(text, bytes):
            write_bytes(out, text, force=force)
        else:
            write_text(out, text, force=force)
        self.say(f"wrote {out}")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (OSError, ValueError, AttributeError):
        return False


# --- errors: the one translator -------------------------------------------------------------


def usage_line(error: Any) -> str:
    """A click usage error as one line in hipcli's own style."""
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None)
    if param is not None and not hint:
        hint = (param.opts or [param.human_readable_name])[0] if param.param_type_name == "option" else param.human_readable_name
    if isinstance(hint, (list, tuple)):
        hint = hint[0]
    if isinstance(hint, str):
        hint = hint.strip("[]'\"").removesuffix("...")  # an optional argument's metavar: [PATH] names PATH
    if type(error).__name__ == "BadParameter" and hint:
        return f"{hint}: {error.message}"
    message = error.format_message().rstrip(".").replace(". Did you mean", "; did you mean")
    message = message[:1].lower() + message[1:]
    if message.endswith("?"):
        return message
    command = getattr(getattr(error, "ctx", None), "command_path", "hipcli")
    return f"{message}; see '{command} --help'"


def translate(error: BaseException, terminal: Terminal | None = None, *, as_json: bool = False) -> int:
    """The one place an exception becomes what the person sees and the exit status.

    A user's mistake is one line (or one JSON document on stderr, when the
    command was asked for JSON); a stop is quiet or one line; anything else is
    a bug, told in one line (HIPCLI_DEBUG=1 shows the traceback).
    """
    from ..errors import HipcliError, Terminated, bug_line, stop_status
    from ..output import BrokenPipe

    term = terminal or Terminal()
    exceptions = typer._click.exceptions
    if isinstance(error, HipcliError):
        if as_json:
            term.json_error(error.problems, error.exit_code)
        else:
            for problem in error.problems:
                term.say(problem)
        return error.exit_code
    if isinstance(error, exceptions.NoArgsIsHelpError):
        # 'hipcli' or 'hipcli log' alone: the help on stdout, readable, as gh and llm show it.
        term.stdout.write(error.ctx.get_help() + "\n")
        return ExitStatus.OK
    if isinstance(error, exceptions.UsageError):
        if as_json:
            term.json_error([usage_line(error)], ExitStatus.USAGE)
        else:
            term.say(usage_line(error))
        return ExitStatus.USAGE
    if isinstance(error, exceptions.ClickException):
        if as_json:
            term.json_error([error.format_message()], error.exit_code)
        else:
            term.say(error.format_message())
        return error.exit_code
    if isinstance(error, typer.Exit):
        return error.exit_code
    if isinstance(error, SystemExit):
        return error.code if isinstance(error.code, int) else (ExitStatus.OK if error.code is None else ExitStatus.ERROR)
    if isinstance(error, BrokenPipe):
        return ExitStatus.PIPE_CLOSED
    if isinstance(error, typer.Abort):
        # The input ended at a prompt (Ctrl-D), or a Ctrl-C that click caught first.
        if isinstance(error.__context__, KeyboardInterrupt):
            return term.interrupted()
        term.say("aborted")
        return ExitStatus.ERROR
    status = stop_status(error)
    if status is not None:
        return term.interrupted() if status == ExitStatus.INTERRUPTED else status
    if isinstance(error, Terminated):  # pragma: no cover - stop_status finds it
        return ExitStatus.SIGNAL_BASE + error.signum
    if os.environ.get("HIPCLI_DEBUG"):
        raise error
    term.stderr.write(bug_line(error) + "\n")
    return ExitStatus.ERROR


# --- the app ----------------------------------------------------------------------------------


class Group(typer.core.TyperGroup):
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
        # Help text never breaks a line inside a hyphenated value such as wall-or-chair.
        from typer._click import _textwrap

        _textwrap.TextWrapper.wordsep_re = _textwrap.TextWrapper.wordsep_simple_re
        words = list(sys.argv[1:] if args is None else args)
        end = words.index("--") if "--" in words else len(words)
        off = {SWITCHES[word] for word in words[:end] if word in SWITCHES}
        words = [word for index, word in enumerate(words) if index >= end or word not in SWITCHES]
        terminal = extra.pop("obj", None)
        forget_nonsense_sizes()
        if not isinstance(terminal, Terminal):
            terminal = Terminal(pager="pager" not in off, use_config="config" not in off)
        if not standalone_mode:
            return super().main(words, prog_name, complete_var, standalone_mode, obj=terminal, **extra)
        try:
            status = super().main(words, prog_name, complete_var, standalone_mode=False, obj=terminal, **extra)
        except (typer._click.exceptions.ClickException, typer.Abort, Exception) as error:
            from ..errors import HipcliError

            if not isinstance(error, (HipcliError, typer._click.exceptions.ClickException, typer.Abort)):
                raise  # a bug, a stop signal or a closed pipe: run() translates those
            status = translate(error, terminal, as_json=wants_json(words))
        if status == ExitStatus.INTERRUPTED:
            # typer turns a Ctrl-C outside a command (while parsing) into a bare exit status 130.
            terminal.interrupted()
        sys.exit(status if isinstance(status, int) else 0)


# The manual's page for each command ("group command" inside a group); a command
# missing here points to its group's page, or to the manual's folder.
MANUAL = {
    "plan": "plans.md", "goals": "plans.md", "program": "programmes.md", "train": "training.md",
    "log": "log.md", "log follow": "programmes.md", "log import": "interop.md", "log export": "interop.md",
    "assess": "assessments.md", "show": "cards.md", "list": "cards.md", "alternatives": "cards.md",
    "validate": "cards.md", "new-card": "cards.md", "import": "cards.md", "sources": "handouts.md",
    "view": "files.md", "edit": "files.md", "export": "files.md", "schema": "files.md", "config": "configuration.md",
}


@functools.cache
def manual_folder() -> str:
    """Where the manual is: shipped in the wheel as hipcli/docs, or the checkout's docs/ in an editable install."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[1]
    shipped = package / "docs"
    return str(shipped if shipped.is_dir() else package.parents[1] / "docs")


def name_pages(assembled: typer.Typer) -> None:
    """Give every command's help its page of the manual, once the app is put together.

    Done here rather than in ``command()``: a command module does not know
    the group it ends up in (the log's commands live in several modules).
    """
    for info in assembled.registered_commands:
        info.epilog = info.epilog or manual(info.name)
    for registered in assembled.registered_groups:
        for info in registered.typer_instance.registered_commands:
            info.epilog = info.epilog or manual(f"{registered.name} {info.name}")


def manual(key: str | None) -> str:
    """The help's last paragraph: the manual page, as a path the user can open."""
    page = MANUAL.get(key or "") or MANUAL.get((key or "").partition(" ")[0])
    if page is None:
        return f"Manual: {manual_folder()} (one page per topic)."
    return f"Manual: {manual_folder()}{os.sep}{page}"


app = typer.Typer(
    name="hipcli",
    cls=Group,
    epilog=manual(None),
    # Without a command: the help (translate() puts it on stdout, readable).
    no_args_is_help=True,
    # Plain help and usage errors: typer's rich formatter imports rich's
    # Markdown support, which alone takes longer than the rest of --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "token_normalize_func": spelling},
)


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
    # Both are taken out of the arguments by Group.main, wherever they stand;
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

    Every command has --help with an example, and names its page of the manual.
    """


def group(name: str, help: str) -> typer.Typer:
    """A command group's own app (``hipcli log ...``), added to ``app`` by ``cli/__init__.py``."""
    return typer.Typer(name=name, help=help, epilog=manual(name), no_args_is_help=True, rich_markup_mode=None)


def top_level() -> typer.Typer:
    """A holder for a module's top-level commands; ``cli/__init__.py`` moves them onto ``app``."""
    return typer.Typer(rich_markup_mode=None)


def command(on: typer.Typer, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The one command decorator: register ``function`` on ``on``, handing it the run's Terminal first.

    The command's first parameter is the ``Terminal``; typer never sees it.
    A Ctrl-C inside the command is translated here, before click would turn
    it into a bare "Aborted"; every other error goes up to ``Group.main``.
    """

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        return on.command(*args, **kwargs)(Command(function))

    return register


class Command:
    """A command as typer sees it: the function without its first parameter, the Terminal, which is handed in."""

    def __init__(self, function: Callable[..., Any]) -> None:
        functools.update_wrapper(self, function, assigned=("__module__", "__name__", "__qualname__", "__doc__"))
        self.function = function

    @functools.cached_property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        # Evaluated once: typer reads the signature and then the type hints, and
        # would evaluate every annotation's text again each time.
        import inspect

        return inspect.get_annotations(self.function, eval_str=True)

    @functools.cached_property
    def __signature__(self) -> Any:
        # Worked out when typer first builds this command, not at import: ``lean()``
        # builds only the command being run, and start-up should not pay for the rest.
        import inspect

        hints = self.__annotations__
        signature = inspect.signature(self.function)
        parameters = [item.replace(annotation=hints.get(item.name, item.annotation)) for item in signature.parameters.values()]
        return signature.replace(parameters=parameters[1:], return_annotation=hints.get("return", signature.return_annotation))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        terminal = Terminal.current()
        try:
            return self.function(terminal, *args, **kwargs)
        except KeyboardInterrupt as error:
            raise typer.Exit(translate(error, terminal)) from None


def load(term: Terminal, path: Optional[Path], extra: Optional[list[Path]] = None) -> Catalogue:
    """The catalogue (``--catalogue`` or the bundled one) with the cards of any ``--with`` files."""
    from ..catalogue import load_catalogue, needs_parsing
    from ..config import apply_band_chart

    # A big catalogue without a fresh cache takes a while to parse: say so.
    if term.stderr_isatty and needs_parsing(path) > 2_000_000:
        with term.console(stderr=True).status("Reading and checking the catalogue (cached after this run)..."):
            cards = load_catalogue(path, extra=extra)
    else:
        cards = load_catalogue(path, extra=extra)
    settings = term.defaults
    return apply_band_chart(cards, settings.get("band_chart"), settings.get("band_colours"))


# --- the training log, for the log commands -------------------------------------------------


def open_log(*, create: bool = True) -> Journal:
    """The training log, for a command that writes to it (made when ``create``)."""
    from ..journal import Journal

    return Journal.open(create=create)


def open_log_reading() -> Journal:
    """The log for a command that only reads it; without one, an empty log in memory, so no file is created."""
    from ..journal import Journal, exists

    return Journal.open() if exists() else Journal.open(":memory:")


def saved(term: Terminal, text: str, what: str) -> None:
    """Print the confirmation of something the log has already committed.

    If standard output fails now (a full disk, /dev/full, a closed pipe), the
    change is saved all the same: say so on stderr and exit 0, so a script
    that retries failed commands does not record the same session twice.
    """
    from ..output import BrokenPipe, OutputError

    try:
        term.stdout.write(text)
        term.stdout.flush()
    except OutputError as error:
        term.say(f"{what} was saved in the log; only its confirmation could not be printed ({error.message}); do not record it again")
    except BrokenPipe:
        pass  # the reader went away; what it asked for is done


def saved_json(term: Terminal, kind: str, data: Any, what: str) -> None:
    from ..output import ascii_only

    saved(term, json_document(envelope(kind, data), ascii_only=ascii_only()), what)


def log_error(message: str) -> Exception:
    """A ``JournalError`` for the one error translator, without loading the log's module at start-up."""
    from ..errors import JournalError

    return JournalError(message)


# --- running ----------------------------------------------------------------------------------


def run(argv: Optional[list[str]], app_for: Callable[[list[str]], typer.Typer]) -> int:
    """Run one command and return its exit status; every way out is one clear line at most.

    ``app_for(words)`` is the app to run those words with (``cli/__init__.py``:
    only the command being run is imported and built). Standard output and
    error are guarded (``output.py``: escaped, encoding stand-ins, failures
    as errors), SIGTERM and SIGHUP unwind like Ctrl-C so temporary files are
    removed, and output is flushed here, so a full disk or a closed pipe is
    reported instead of passing as success.
    """
    from ..errors import RECEIVED
    from ..files import stop_signals_raise
    from ..output import finish, guard_streams

    RECEIVED.clear()  # a signal an earlier run in this process took (hipcli used as a library) is not this run's
    guard_streams()
    stop_signals_raise()
    words = sys.argv[1:] if argv is None else argv
    if os.environ.get("_HIPCLI_COMPLETE"):
        # A Tab press: the words typed so far come in an environment variable.
        typed = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
        words = typed.split()[1:]
    try:
        # Group.main translates the errors a command makes and exits with the status.
        app_for(list(words))(args=argv, prog_name="hipcli")
        status: int = ExitStatus.OK
    except BaseException as error:  # noqa: B036 - every way out ends as an exit status, here
        status = translate(error)
    failed = finish()
    return failed if failed is not None and status == 0 else int(status)
