"""Plans and programmes as Markdown: a page to read, print or paste."""

from __future__ import annotations

import re
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


def plan_page(document: Any, *, catalogue: Any = None, explain: bool = False, header: dict[str, Any] | None = None) -> str:
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
            lines += exercise_markdown(item, plan.bands, catalogue, explain=explain)
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


def exercise_markdown(item: Any, bands: Any, catalogue: Any, *, explain: bool, level: int = 3) -> list[str]:
    """One exercise in full: dose, band, effort, steps, cues, mistakes, breathing."""
    card = catalogue.get(item.slug) if catalogue is not None else None
    band = band_text(item, bands)
    lines = [
        f"{'#' * level} {cell(item.name)} (`{item.slug}`)",
        "",
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
    for url in getattr(card, "images", ()) or ():
        lines += [f"Picture: {link(url)}", ""]
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


def programme_page(document: Any, *, catalogue: Any = None, explain: bool = False, header: dict[str, Any] | None = None) -> str:
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
    return "\n".join(lines).rstrip("\n") + "\n"


def write(
    document: Any, *, catalogue: Any = None, explain: bool = False, header: dict[str, Any] | None = None, **_: Any
) -> str:
    from ..models import ProgrammeFile

    page = programme_page if isinstance(document, ProgrammeFile) else plan_page
    return page(document, catalogue=catalogue, explain=explain, header=header)
