"""A printable handout: one self-contained HTML page for a plan or a programme.

Everything is inline (CSS, no scripts, no fonts or pictures fetched from the
network), laid out to print on A4 or Letter: an exercise never breaks across
pages, and the smallest text is 9 pt. Every value from a file or the
catalogue passes through ``html.escape`` on its way in (``_e``).
"""

from __future__ import annotations

import html
from typing import Any

from .. import wording as fmt
from ..text import visible
from ..planner import PAIN_RULE, block_seconds, plan_seconds
from ..progression import progress_summary, session_plan, week_sets
from . import band_text, plan_summary, programme_title, session_minutes, session_title, week_dates

PAPER = {"a4": "A4", "letter": "letter"}

# CSS colours for the band colours charts use; anything else is shown as words only.
SWATCH = {
    "tan": "#d2b48c", "yellow": "#f2d21b", "red": "#d7263d", "green": "#2e9e44", "blue": "#1f5fbf",
    "black": "#111111", "silver": "#c0c0c0", "gold": "#d4a017", "orange": "#f28c28", "purple": "#7b3fa0",
    "grey": "#808080", "gray": "#808080", "pink": "#f4a7b9", "white": "#ffffff", "beige": "#e8dcc0",
}

CSS = """
@page { size: %(paper)s; margin: 14mm 13mm 16mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.35;
       color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 17pt; margin: 0 0 2pt; }
h2 { font-size: 13pt; margin: 12pt 0 4pt; border-bottom: 1.5pt solid #333; padding-bottom: 2pt; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 0 0 3pt; }
p { margin: 3pt 0; }
.muted { color: #444; }
.small { font-size: 9pt; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 0.75pt solid #777; padding: 2.5pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: bold; }
.fields td { border: none; padding: 5pt 4pt 1pt; }
.fields .line { border-bottom: 0.75pt solid #333; width: 38%%; }
.fields .label { width: 12%%; font-weight: bold; white-space: nowrap; }
.notes-line { border-bottom: 0.75pt solid #333; height: 16pt; }
.rules { border: 1pt solid #333; padding: 5pt 7pt; margin: 6pt 0; break-inside: avoid; }
.rules ul { margin: 2pt 0 0 14pt; padding: 0; }
.exercise { border: 1pt solid #555; border-radius: 3pt; padding: 6pt 8pt; margin: 7pt 0; break-inside: avoid;
            page-break-inside: avoid; }
.exercise .slug { font-weight: normal; font-size: 9pt; color: #444; }
.dose td, .dose th { font-size: 10pt; }
.cols { display: flex; gap: 10pt; }
.cols > div { flex: 1; }
.exercise ol, .exercise ul { margin: 2pt 0 2pt 14pt; padding: 0; }
.exercise li { margin: 1pt 0; }
.label { font-weight: bold; }
.swatch { display: inline-block; width: 9pt; height: 9pt; border: 0.75pt solid #333; vertical-align: -1pt;
          margin-right: 3pt; }
.log { break-inside: avoid; margin: 6pt 0 10pt; }
.log td.box { width: 13pt; }
.tick { display: inline-block; width: 11pt; height: 11pt; border: 1pt solid #333; margin-right: 3pt; }
.log td.write { min-width: 40pt; }
.pictures a { margin-right: 8pt; }
.week { break-inside: avoid; }
.references li { margin: 2pt 0; break-inside: avoid; }
.references { font-size: 9pt; }
@media screen { body { padding: 12mm; background: #fff; } }
"""


def _e(value: Any) -> str:
    """Every value on its way into the page: escaped, control characters shown, never run."""
    return html.escape(visible(str(value)), quote=True)


def _swatch(colour: str | None) -> str:
    code = SWATCH.get((colour or "").strip().lower())
    return f'<span class="swatch" style="background:{code}"></span>' if code else ""


def _band_cell(item: Any, bands: Any) -> str:
    if not item.band:
        return "none"
    colour = bands.colours.get(item.band) if bands else None
    return _swatch(colour) + _e(band_text(item, bands))


def _fields(header: dict[str, str | None]) -> str:
    """Name, date, clinician and notes: filled from options, else lines to write on."""

    def field(label: str, key: str) -> str:
        value = header.get(key)
        return f'<td class="label">{label}</td><td class="line">{_e(value) if value else "&nbsp;"}</td>'

    notes = header.get("notes")
    rows = [
        f"<tr>{field('Name', 'name')}{field('Date', 'date')}</tr>",
        f"<tr>{field('Clinician', 'clinician')}{field('Contact', 'contact')}</tr>",
    ]
    notes_html = (
        f'<p><span class="label">Notes:</span> {_e(notes)}</p>'
        if notes
        else '<p class="label">Notes:</p><div class="notes-line"></div><div class="notes-line"></div>'
    )
    return f'<table class="fields">{"".join(rows)}</table>{notes_html}'


def _rules(pain: tuple[str, ...], safety: tuple[str, ...]) -> str:
    pain_items = pain or PAIN_RULE  # a plan file from before pain rules were written into plans
    parts = ['<section class="rules"><h3>Pain rule</h3><ul>']
    parts += [f"<li>{_e(line)}</li>" for line in pain_items]
    parts.append("</ul>")
    if safety:
        parts.append('<h3 style="margin-top:5pt">Safety</h3><ul>')
        parts += [f"<li>{_e(line)}</li>" for line in safety]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _tempo_legend(tempos: list[str]) -> str:
    examples = ", ".join(
        f"<b>{_e(t)}</b> = {t[0]} s lifting, {t[2]} s held, {t[4]} s lowering" for t in tempos
    )
    return (
        '<section class="rules"><h3>Tempo</h3><p>Three numbers, in seconds: the lift (or push, or step), the pause '
        "at the end of it, and the way back. "
        + (f"In this handout: {examples}." if examples else "")
        + " Keep the lowering at least as slow as the lift (R10).</p>"
        "<p><b>Effort</b> is rated 0-10 (OMNI-RES scale for bands, CS4): 5 is moderate, with a few more reps left "
        "in you; 9-10 is all you have. <b>Pain</b> is a separate 0-10 score (CS3).</p></section>"
    )


def _list(items: tuple[str, ...] | list[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_e(item)}</li>" for item in items) + f"</{tag}>"


def _pictures(exercise: Any) -> str:
    links = getattr(exercise, "images", ()) or ()
    if not links:
        return ""
    # Linked, not loaded: the handout fetches nothing, and the printout shows the address.
    shown = "".join(f'<a href="{_e(link)}">{_e(link)}</a> ' for link in links)
    return f'<p class="pictures small"><span class="label">Pictures:</span> {shown}</p>'


def _exercise(item: Any, bands: Any, catalogue: Any, *, explain: bool, compact: bool = False) -> str:
    """One exercise, whole: what to do, how much, how hard, what to watch for."""
    card = catalogue.get(item.slug) if catalogue is not None else None
    dose = fmt.dose(item.sets, item.unit, item.amount, item.per_side)
    rows = [
        ("Dose", _e(dose)),
        ("Rest", _e(fmt.rest(item.rest))),
        ("Tempo", _e(item.tempo or "-")),
        ("Band", _band_cell(item, bands)),
    ]
    if item.effort:
        rows.append(("Effort", _e(item.effort)))
    head = "".join(f"<th>{label}</th>" for label, _ in rows)
    body = "".join(f"<td>{value}</td>" for _, value in rows)
    parts = [
        f'<section class="exercise" data-slug="{_e(item.slug)}">',
        f'<h3>{_e(item.name)} <span class="slug">({_e(item.slug)})</span></h3>',
        f'<table class="dose"><tr>{head}</tr><tr>{body}</tr></table>',
    ]
    if card is not None and not compact:
        if card.band is not None:
            parts.append(f'<p><span class="label">Band:</span> {_e(card.band.placement)}</p>')
        parts.append('<div class="cols"><div><p class="label">Steps</p>' + _list(card.steps, "ol") + "</div>")
        parts.append(
            '<div><p class="label">Cues</p>' + _list(card.cues) + '<p class="label">Common mistakes</p>'
            + _list(card.mistakes) + "</div></div>"
        )
        parts.append(f'<p><span class="label">Breathing:</span> {_e(card.breathing)}</p>')
        if card.safety:
            parts.append('<p class="label">Take care</p>' + _list(card.safety))
        parts.append(_pictures(card))
        parts.append(f'<p class="small muted">Sources: {_e(", ".join(card.sources))}</p>')
    else:
        parts.append(f'<p><span class="label">Cue:</span> {_e(item.cue)}</p>')
    if explain and item.why:
        parts.append(f'<p class="small"><span class="label">Why this one:</span> {_e(item.why)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _log(plan: Any, title: str, rows: int = 1) -> str:
    """A grid to tick each set and write the pain and effort scores, one row per exercise."""
    most = max(item.sets for block in plan.blocks for item in block.exercises)
    head = (
        "<tr><th>Exercise</th><th>Dose</th>"
        + "".join(f'<th class="box">S{n}</th>' for n in range(1, most + 1))
        + "<th>Effort 0-10</th><th>Pain 0-10</th><th>Next-day pain</th></tr>"
    )
    body = []
    for block in plan.blocks:
        for item in block.exercises:
            boxes = "".join(
                '<td class="box"><span class="tick"></span></td>' if n <= item.sets else '<td class="box"></td>'
                for n in range(1, most + 1)
            )
            dose = fmt.dose(item.sets, item.unit, item.amount, item.per_side)
            band = f", {band_text(item, plan.bands)} band" if item.band else ""
            body.append(
                f"<tr><td>{_e(item.name)}</td><td>{_e(dose + band)}</td>{boxes}"
                '<td class="write"></td><td class="write"></td><td class="write"></td></tr>'
            )
    return (
        f'<section class="log"><h3>{_e(title)}</h3><p class="small">Date: ____________ '
        f"Tick a box for each set done.</p><table>{head}{''.join(body)}</table></section>"
    )


def _references(body: list[str], catalogue: Any) -> str:
    """Every code the page cites, read off the page itself, so none is left out."""
    import re

    from ..sources import all_sources, codes_in

    known = all_sources(catalogue)
    text = html.unescape(re.sub(r"<[^>]+>", " ", "\n".join(part for part in body if part)))
    cited = [code for code in codes_in(text, catalogue=catalogue) if code in known]
    if not cited:
        return ""
    items = []
    for code in cited:
        source = known[code]
        citation = " ".join(source.citations)
        urls = " ".join(f"<br>{_e(url)}" for url in source.urls)
        title = f"{_e(source.title)} ({_e(source.evidence)}). " if source.summary else ""
        items.append(f'<li><b>{_e(code)}</b> {title}{_e(citation)}{urls}</li>')
    return (
        '<h2>References</h2><p class="small">Codes in this handout, as hipcli cites them '
        "('hipcli sources CODE' prints the same).</p>"
        f'<ul class="references">{"".join(items)}</ul>'
    )


def _tempos(plans: list[Any]) -> list[str]:
    return sorted({item.tempo for plan in plans for block in plan.blocks for item in block.exercises if item.tempo})


def _page(title: str, body: list[str], paper: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No network at all: a strict policy makes the browser refuse anything that is not inline.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}</title><style>{CSS % {'paper': PAPER.get(paper, 'A4')}}</style></head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body></html>\n"
    )


def plan_page(document: Any, *, catalogue: Any, explain: bool, header: dict[str, Any], paper: str) -> str:
    plan = document.plan
    body = [
        f"<header><h1>{_e(session_title(plan))}</h1>",
        f'<p class="muted">{_e(plan_summary(plan))} Made by hipcli {_e(document.hipcli)} on {_e(document.created)}.</p>',
        _fields(header) + "</header>",
        _rules(plan.pain, plan.safety),
    ]
    if explain and plan.notes:
        body.append('<section class="rules"><h3>How this plan was made</h3>' + _list(plan.notes) + "</section>")
    for number, block in enumerate(plan.blocks, 1):
        body.append(f"<h2>{number}. {_e(block.title)} ({_e(fmt.duration(block_seconds(block)))})</h2>")
        body.append(f'<p class="muted">{_e(block.purpose)}</p>')
        body += [_exercise(item, plan.bands, catalogue, explain=explain) for item in block.exercises]
    body.append("<h2>Log</h2>")
    body += [_log(plan, f"Session {n}") for n in range(1, 4)]
    body.append(_tempo_legend(_tempos([plan])))
    body.append(_references(body, catalogue))
    return _page(session_title(plan), body, paper)


def programme_page(document: Any, *, catalogue: Any, explain: bool, header: dict[str, Any], paper: str) -> str:
    programme = document.programme
    request = document.request
    plans = [(week, session, session_plan(programme, session)) for week in programme.weeks for session in week.sessions]
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    body = [
        f"<header><h1>{_e(programme_title(document))}</h1>",
        f'<p class="muted">Starts {_e(request.start)}. Kit: {_e(kit)}. '
        f"Made by hipcli {_e(document.hipcli)} on {_e(document.created)}.</p>",
        _fields(header) + "</header>",
        _rules(programme.pain, programme.safety),
    ]
    if programme.notes:
        body.append('<section class="rules"><h3>About this programme</h3>' + _list(programme.notes) + "</section>")
    rows = "".join(
        f"<tr><td>{week.number}{' (deload)' if week.deload else ''}</td><td>{_e(week_dates(week))}</td>"
        f"<td>{len(week.sessions)}</td><td>{week_sets(week)}</td>"
        f"<td>{sum(session_minutes(document, s) for s in week.sessions)}</td><td>{_e(progress_summary(week))}</td></tr>"
        for week in programme.weeks
    )
    body.append(
        "<h2>Overview</h2><table><tr><th>Week</th><th>Dates</th><th>Sessions</th><th>Sets</th><th>Minutes</th>"
        f"<th>Progress</th></tr>{rows}</table>"
    )
    # Each exercise is explained once, at the dose it first appears with; the weekly logs give each week's dose.
    body.append("<h2>The exercises</h2>")
    seen: set[str] = set()
    for _, _, plan in plans:
        for block in plan.blocks:
            for item in block.exercises:
                if item.slug not in seen:
                    seen.add(item.slug)
                    body.append(_exercise(item, plan.bands, catalogue, explain=explain))
    for week in programme.weeks:
        body.append(f"<h2>Week {week.number}{' (deload)' if week.deload else ''}</h2>")
        changes = [change for change in week.changes if change.step not in ("start", "deload")]
        if changes and explain:
            body.append(_list([f"{c.session}: {c.slug or ''}: {c.detail}" for c in changes]))
        for session in week.sessions:
            plan = session_plan(programme, session)
            title = f"{session.date:%a %d %b %Y}: {session.title} (about {session_minutes(document, session)} min)"
            body.append(_log(plan, title))
    body.append(_tempo_legend(_tempos([plan for _, _, plan in plans])))
    body.append(_references(body, catalogue))
    return _page(programme_title(document), body, paper)


def write(
    document: Any,
    *,
    catalogue: Any = None,
    explain: bool = False,
    header: dict[str, Any] | None = None,
    paper: str = "a4",
    **_: Any,
) -> str:
    from ..models import ProgrammeFile

    page = programme_page if isinstance(document, ProgrammeFile) else plan_page
    return page(document, catalogue=catalogue, explain=explain, header=header or {}, paper=paper)
