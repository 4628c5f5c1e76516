"""Plans and programmes as Markdown: a page to read, print or paste."""

from __future__ import annotations

from typing import Any

from .. import formatting as fmt
from ..planner import timed_blocks
from ..progression import progress_summary, session_plan, week_sets
from . import band_text, cell, plan_summary, programme_title, session_minutes, session_title, week_dates


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


def plan_page(document: Any) -> str:
    plan = document.plan
    lines = [f"# {session_title(plan)}", "", plan_summary(plan), f"Made by hipcli {document.hipcli} on {document.created}.", ""]
    lines += _bands(plan.bands)
    lines += plan_markdown(plan)
    lines += notes_markdown(plan.notes)
    lines += safety_markdown(plan.safety)
    lines += pain_markdown(plan.pain)
    return "\n".join(lines).rstrip("\n") + "\n"


def programme_page(document: Any) -> str:
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
        lines += [f"- {cell(change.session)}: {cell(change.slug or '')}: {cell(change.detail)}" for change in listed]
        if listed:
            lines.append("")
        for session in week.sessions:
            lines += [f"### {session.date:%a %d %b %Y}: {cell(session.title)} ({session_minutes(document, session)} min)", ""]
            lines += plan_markdown(session_plan(programme, session), level=4)
    lines += safety_markdown(programme.safety)
    lines += pain_markdown(programme.pain)
    return "\n".join(lines).rstrip("\n") + "\n"


def write(document: Any, **_: Any) -> str:
    from ..models import ProgrammeFile

    return programme_page(document) if isinstance(document, ProgrammeFile) else plan_page(document)
