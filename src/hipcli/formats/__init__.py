"""Output formats for plans and programmes: one module per format, picked by name.

``render(document, "md")`` loads only the module it needs. The helpers and
words every format shares (titles, summaries, minutes, table cells) live here,
so a format module imports from this package and the core, never from
``hipcli.cli``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from .. import wording as fmt
from ..text import one_line
from ..errors import RequestError
from ..planner import plan_seconds
from ..progression import session_plan

# Format name -> the module that writes it. Names are what --format and --to take.
MODULES = {"toml": "toml", "json": "json", "md": "markdown", "ics": "ics", "html": "html"}

# File extensions hipcli writes, and the format each one means.
EXTENSIONS = {
    ".toml": "toml",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".ics": "ics",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".fit": "fit",
}

# Binary formats: written as bytes by their own module, never through render(): formats/fit.py (a Garmin
# workout) and formats/pdf.py (the HTML handout, printed).
BINARY = frozenset({"fit", "pdf"})

# Formats only a programme can be written in (a calendar needs dates).
PROGRAMME_ONLY = frozenset({"ics"})


def format_for(path: str | None, given: str | None) -> str:
    """The format to write: from --format and the --out file's extension, which must agree.

    With neither, TOML. An extension hipcli does not write is an error, so a
    file called plan.txt never quietly holds TOML.
    """
    named = None
    # A folder, a device or a FIFO gets the writer's clearer message instead.
    if path and path != "-" and not _special(path):
        suffix = Path(path).suffix.lower()
        named = EXTENSIONS.get(suffix)
        if named is None:
            known = ", ".join(sorted(EXTENSIONS))
            shown = one_line(Path(path).name)
            what = f"the extension '{one_line(suffix)}'" if suffix else "no extension"
            raise RequestError(f"{shown}: {what} is not a format hipcli writes; end the file name with one of {known}")
    if given and named and given != named:
        raise RequestError(
            f"--format {given} and --out {one_line(str(path))} disagree; "
            f"drop --format, or name a file ending in .{given}"
        )
    return given or named or "toml"


def _special(path: str) -> bool:
    try:
        return Path(path).is_symlink() or (Path(path).exists() and not Path(path).is_file())
    except OSError:  # a name too long, say: the writer says what is wrong
        return True


def render(document: Any, to: str, **options: Any) -> str:
    """The document as text in format ``to``; options (catalogue, explain, header fields) pass through."""
    from ..plans import ProgrammeFile

    if to not in MODULES:
        raise RequestError(f"'{one_line(to)}' is not a format hipcli writes; choose from {', '.join(MODULES)}")
    if to in PROGRAMME_ONLY and not isinstance(document, ProgrammeFile):
        raise RequestError(f"a calendar (.{to}) needs a programme; use 'hipcli program ... --out plan.{to}'")
    module = importlib.import_module(f".{MODULES[to]}", __name__)
    return module.write(document, **options)


# --- shared words -----------------------------------------------------------------------


def cell(text: str) -> str:
    """Text safe inside one Markdown table cell."""
    return one_line(text).replace("|", "\\|")


def band_text(item: Any, bands: Any) -> str:
    """'light (yellow)': the band level with its colour on the plan's chart, never cut."""
    return fmt.band(item.band, bands)


def plan_summary(plan: Any) -> str:
    request = plan.request
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    avoid = fmt.labels(request.avoid) if request.avoid else "nothing"
    return (
        f"About {fmt.duration(plan_seconds(plan))} (budget {request.minutes} min). "
        f"Kit: {kit}. Avoiding: {avoid}. Seed {request.seed}."
    )


def session_title(plan: Any) -> str:
    request = plan.request
    session = {"warmup": "Warm-up", "strength": "Strength session", "mobility": "Mobility session"}[request.session]
    return f"{session}: {request.level}, goal {request.goal}"


def programme_title(document: Any) -> str:
    request = document.request
    return f"{request.weeks}-week programme: {request.level}, goal {request.goal}"


def session_minutes(document: Any, session: Any) -> int:
    return -(-plan_seconds(session_plan(document.programme, session)) // 60)


def week_dates(week: Any) -> str:
    if not week.sessions:
        return ""
    first, last = week.sessions[0].date, week.sessions[-1].date
    return f"{first:%d %b}" if first == last else f"{first:%d %b} - {last:%d %b}"


__all__ = ["EXTENSIONS", "MODULES", "format_for", "render"]
