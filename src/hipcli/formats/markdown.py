"""Plans and programmes as Markdown: a page to read, print or paste.

Each exercise carries its start and end positions as SVG drawn by hipcli,
with alt text that says the position in words. Written to a file
(``write_files``), the drawings go in a folder beside it (``plan.md`` and
``plan-figures/<slug>-start.svg``); on standard output they are embedded as
data: addresses, so the one stream is the whole document.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from .. import wording as fmt
from ..text import one_line
from ..planner import PAIN_RULE, timed_blocks
from ..progression import progress_summary, session_plan, week_sets
from . import band_text, plan_summary, programme_title, session_minutes, session_title, week_dates

# Every character that starts Markdown or HTML markup: links and images ([ ] !), raw HTML and
# autolinks (< >), entities (&), emphasis and code (* _ ` ~), headings (#), table cells (|) and
# the escape itself. A backslash before any ASCII punctuation shows it literally (CommonMark 2.4).
_MARKUP = re.compile(r"([\\`*_\[\]<>!|#~&{}])")
_WEB = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)


def cell(text: str) -> str:
    """Text from a card, a plan or a person (--name, --clinician, --notes) shown literally on one line.

    Card text and header fields come from files and options anyone can write:
    without this a '<script>', a '[link](javascript:...)' or a remote
    '![image](http://...)' would be live in every viewer that renders the page.
    """
    return _MARKUP.sub(r"\\\1", one_line(text))


def link(url: str) -> str:
    """A web address as an autolink, or as escaped text when it is not plain http(s) (javascript:, data:...)."""
    return f"<{url}>" if _WEB.fullmatch(url) else cell(url)


def plan_markdown(plan: Any, *, level: int = 2) -> list[str]:
    """The blocks of one session as Markdown: a heading and a table per block."""
    hashes = "#" * level
    lines: list[str] = []
    # Block minutes shared out so they add up to the total shown.
    blocks, _, _ = timed_blocks(plan.blocks)
    for number, block in enumerate(blocks, 1):
        lines += [f"{hashes} {number}. {cell(block.title)} ({block.time_minutes} min)", "", cell(block.purpose), ""]
        lines += ["| Exercise | Dose | Rest | Tempo | Band | Effort | Cue |", "|---|---|---|---|---|---|---|"]
        for item in block.exercises:
            cells = [
                f"{cell(item.name)} (`{item.slug}`)",
                fmt.dose(item.sets, item.unit, item.amount, item.per_side),
                fmt.rest(item.rest),
                item.tempo or "-",
                cell(band_text(item, plan.bands)) or "-",
                cell(item.effort or "-"),
                cell(item.cue),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def safety_markdown(notes: tuple[str, ...], level: int = 2) -> list[str]:
    return [f"{'#' * level} Safety", "", *[f"- {cell(note)}" for note in notes], ""]


def pain_markdown(rule: tuple[str, ...], level: int = 2) -> list[str]:
    if not rule:
        return []
    return [f"{'#' * level} Pain rule", "", *[f"- {cell(line)}" for line in rule], ""]


def notes_markdown(notes: tuple[str, ...], level: int = 2) -> list[str]:
    if not notes:
        return []
    return [f"{'#' * level} What the planner left out or bent", "", *[f"- {cell(note)}" for note in notes], ""]


def _bands(bands: Any) -> list[str]:
    if not bands:
        return []
    colours = ", ".join(f"{level} {colour}" for level, colour in bands.colours.items())
    return [f"Band colours on the {cell(bands.chart)} chart: {cell(colours)}.", ""]


def plan_page(
    document: Any, *, catalogue: Any = None, explain: bool = False, header: dict[str, Any] | None = None, figures: str | None = None
) -> str:
    plan = document.plan
    lines = [f"# {session_title(plan)}", "", plan_summary(plan), f"Made by hipcli {document.hipcli} on {document.created}.", ""]
    lines += _header(header or {})
    lines += _bands(plan.bands)
    lines += plan_markdown(plan)
    lines += notes_markdown(plan.notes)
    lines += safety_markdown(plan.safety)
    lines += pain_markdown(plan.pain or PAIN_RULE)
    lines += ["## The exercises", ""]
    for block in plan.blocks:
        for item in block.exercises:
            lines += exercise_markdown(item, plan.bands, catalogue, explain=explain, figures=figures)
    lines += ["## Log", ""] + _log(plan, "Session 1") + _log(plan, "Session 2")
    lines += _tempo([plan])
    lines += _references(lines, catalogue)
    return "\n".join(lines).rstrip("\n") + "\n"




def _header(header: dict[str, Any]) -> list[str]:
    """Name, date, clinician and notes: filled in, or a line to write on."""
    blank = "______________________"
    return [
        f"**Name:** {cell(header.get('name') or '') or blank}  ",
        f"**Date:** {cell(header.get('date') or '') or blank}  ",
        f"**Clinician:** {cell(header.get('clinician') or '') or blank}  ",
        f"**Notes:** {cell(header.get('notes') or '') or blank}",
        "",
    ]


def figure_name(slug: str, label: str) -> str:
    """'banded-clamshell-start.svg': a slug is already a safe file name; a label is made one."""
    return f"{slug}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-') or 'position'}.svg"


def _figure_lines(card: Any, figures: str | None) -> list[str]:
    """The card's positions as Markdown images: files in the ``figures`` folder, or embedded without one."""
    from .html import figures_of

    lines = []
    for figure in figures_of(card):
        if figures is None:
            address = "data:image/svg+xml;base64," + base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
        else:
            address = f"{figures}/{figure_name(card.slug, figure.label)}"
        # cell escapes the brackets and markup, so the alt text cannot end the image early.
        lines.append(f"![{cell(figure.alt)}]({address})")
    return [" ".join(lines), ""] if lines else []


def exercise_markdown(
    item: Any, bands: Any, catalogue: Any, *, explain: bool, level: int = 3, figures: str | None = None
) -> list[str]:
    """One exercise in full: its positions, dose, band, effort, steps, cues, mistakes, breathing."""
    card = catalogue.get(item.slug) if catalogue is not None else None
    band = band_text(item, bands)
    lines = [
        f"{'#' * level} {cell(item.name)} (`{item.slug}`)",
        "",
        *(_figure_lines(card, figures) if card is not None else []),
        f"**Dose:** {fmt.dose(item.sets, item.unit, item.amount, item.per_side)}, rest {fmt.rest(item.rest)}"
        + (f", tempo {item.tempo}" if item.tempo else "")
        + (f", {cell(band)} band" if band else "")
        + ".  ",
    ]
    if item.effort:
        lines.append(f"**Effort:** {cell(item.effort)}  ")
    if explain and item.why:
        lines.append(f"**Why this one:** {cell(item.why)}  ")
    lines.append("")
    if card is None:
        return lines + [f"- {cell(item.cue)}", ""]
    if card.band is not None:
        lines += [f"**Band:** {cell(card.band.placement)}", ""]
    lines += ["Steps:", "", *[f"{n}. {cell(step)}" for n, step in enumerate(card.steps, 1)], ""]
    lines += ["Cues:", "", *[f"- {cell(cue)}" for cue in card.cues], ""]
    lines += ["Common mistakes:", "", *[f"- {cell(mistake)}" for mistake in card.mistakes], ""]
    lines += [f"Breathing: {cell(card.breathing)}", ""]
    if card.safety:
        lines += ["Take care:", "", *[f"- {cell(line)}" for line in card.safety], ""]
    lines += [f"Sources: {cell(', '.join(card.sources))}", ""]
    return lines


def _tempo(plans: list[Any]) -> list[str]:
    tempos = sorted({item.tempo for plan in plans for block in plan.blocks for item in block.exercises if item.tempo})
    examples = "; ".join(f"{t} = {t[0]} s lifting, {t[2]} s held, {t[4]} s lowering" for t in tempos)
    return [
        "## Tempo and effort",
        "",
        "Tempo is three numbers in seconds: the lift, the pause at its end, and the way back"
        + (f" ({examples})" if examples else "")
        + ". Keep the lowering at least as slow as the lift (R10).",
        "",
        "Effort is rated 0-10 (OMNI-RES scale for bands, CS4): 5 is moderate, with a few reps left in you. "
        "Pain is a separate 0-10 score (CS3).",
        "",
    ]


def _log(plan: Any, title: str) -> list[str]:
    lines = [f"**{cell(title)}** Date: ________", "", "| Exercise | Dose | Sets done | Effort 0-10 | Pain 0-10 |", "|---|---|---|---|---|"]
    for block in plan.blocks:
        for item in block.exercises:
            boxes = " ".join("[ ]" for _ in range(item.sets))
            lines.append(f"| {cell(item.name)} | {fmt.dose(item.sets, item.unit, item.amount, item.per_side)} | {boxes} | | |")
    return lines + [""]


def _references(lines: list[str], catalogue: Any) -> list[str]:
    from ..sources import all_sources, codes_in

    known = all_sources(catalogue)
    cited = [code for code in codes_in(*lines, catalogue=catalogue) if code in known]
    if not cited:
        return []
    out = ["## References", "", "Codes in this handout ('hipcli sources CODE' prints the same).", ""]
    for code in cited:
        source = known[code]
        title = f"{source.title} ({source.evidence}). " if source.summary else ""
        urls = "".join(f" {link(url)}" for url in source.urls)
        out.append(f"- **{cell(code)}** {cell(title + ' '.join(source.citations))}{urls}")
    return out + [""]


def programme_page(
    document: Any, *, catalogue: Any = None, explain: bool = False, header: dict[str, Any] | None = None, figures: str | None = None
) -> str:
    programme = document.programme
    request = document.request
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    lines = [
        f"# {programme_title(document)}",
        "",
        f"Starts {request.start}. Kit: {kit}. Avoiding: {fmt.labels(request.avoid) if request.avoid else 'nothing'}. "
        f"Made by hipcli {document.hipcli} on {document.created}.",
        "",
    ]
    lines += _header(header or {})
    lines += _bands(programme.bands)
    lines += [f"- {cell(note)}" for note in programme.notes] + ([""] if programme.notes else [])
    lines += ["## Overview", "", "| Week | Dates | Sessions | Sets | Minutes | Progress |", "|---|---|---|---|---|---|"]
    for week in programme.weeks:
        lines.append(
            f"| {week.number} | {week_dates(week)} | {len(week.sessions)} | {week_sets(week)} | "
            f"{sum(session_minutes(document, s) for s in week.sessions)} | {progress_summary(week)} |"
        )
    lines.append("")
    # Each exercise once, at the dose it first appears with, as the HTML handout does.
    if catalogue is not None:
        lines += ["## The exercises", ""]
        seen: set[str] = set()
        for week in programme.weeks:
            for session in week.sessions:
                plan = session_plan(programme, session)
                for block in plan.blocks:
                    for item in block.exercises:
                        if item.slug not in seen:
                            seen.add(item.slug)
                            lines += exercise_markdown(item, plan.bands, catalogue, explain=explain, figures=figures)
    for week in programme.weeks:
        lines += [f"## Week {week.number}" + (" (deload)" if week.deload else ""), ""]
        listed = [change for change in week.changes if change.step not in ("start", "deload")]
        if explain:
            listed = list(week.changes)
        lines += [f"- {cell(change.session)}: {cell(change.slug or '')}: {cell(change.detail)}" for change in listed]
        if listed:
            lines.append("")
        for session in week.sessions:
            lines += [f"### {session.date:%a %d %b %Y}: {cell(session.title)} ({session_minutes(document, session)} min)", ""]
            lines += plan_markdown(session_plan(programme, session), level=4)
    lines += safety_markdown(programme.safety)
    lines += pain_markdown(programme.pain or PAIN_RULE)
    if catalogue is not None:
        lines += _references(lines, catalogue)
    return "\n".join(lines).rstrip("\n") + "\n"


def write(
    document: Any,
    *,
    catalogue: Any = None,
    explain: bool = False,
    header: dict[str, Any] | None = None,
    figures: str | None = None,
    **_: Any,
) -> str:
    """The Markdown text; ``figures`` is the folder (relative to the document) its drawings are in, else they are embedded."""
    from ..plans import ProgrammeFile

    page = programme_page if isinstance(document, ProgrammeFile) else plan_page
    return page(document, catalogue=catalogue, explain=explain, header=header, figures=figures)


def figures_folder(path: str | Path) -> Path:
    """Where the drawings of ``plan.md`` go: ``plan-figures`` beside it."""
    target = Path(path)
    return target.with_name(f"{target.stem}-figures")


def drawings(document: Any, catalogue: Any) -> dict[str, str]:
    """Every figure the document shows, by file name: each exercise's positions, once."""
    from ..plans import ProgrammeFile
    from .html import figures_of

    if catalogue is None:
        return {}
    if isinstance(document, ProgrammeFile):
        programme = document.programme
        plans = [session_plan(programme, s) for week in programme.weeks for s in week.sessions]
    else:
        plans = [document.plan]
    # A year's programme names the same few cards hundreds of times: draw each card once.
    slugs = dict.fromkeys(item.slug for plan in plans for block in plan.blocks for item in block.exercises)
    found: dict[str, str] = {}
    for slug in slugs:
        card = catalogue.get(slug)
        for figure in figures_of(card) if card is not None else ():
            found.setdefault(figure_name(card.slug, figure.label), figure.svg)
    return found


def write_files(document: Any, path: str | Path, *, force: bool = False, **options: Any) -> list[Path]:
    """``plan.md`` and its drawings in ``plan-figures/``, each written atomically; returns the paths written.

    Every target is checked before anything is written, so a refusal (a file
    that exists without ``force``, a folder that is a file) leaves nothing
    half done; the document is written last, once the drawings it names are
    in place.
    """
    from ..errors import WriteError
    from ..files import check_target, write_text

    target = Path(path)
    files = drawings(document, options.get("catalogue"))
    folder = figures_folder(target)
    text = write(document, figures=folder.name if files else None, **options)
    check_target(target, force=force)
    if files:
        if folder.exists() and not folder.is_dir():
            raise WriteError(f"{folder}: is not a folder; the drawings of {target.name} go there")
        if folder.is_dir():
            for name in files:
                check_target(folder / name, force=force)
    written = []
    if files:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            raise WriteError(f"{folder}: cannot make the folder for the drawings: {error.strerror}") from None
        written += [write_text(folder / name, svg, force=force) for name, svg in sorted(files.items())]
    written.append(write_text(target, text, force=force))
    return written
