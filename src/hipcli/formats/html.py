"""A printable handout: one self-contained HTML page for a plan or a programme.

Two levels of detail. ``brief`` (the default) is what a physiotherapist hands
over: per exercise its start and end positions drawn by hipcli, the dose, the
first steps and the key cue, then the pain rule, a log grid and a short
reference list, so a six-exercise session prints on two pages. ``full`` keeps
every step, cue, mistake, breathing note and full reference.

Everything is inline (CSS and SVG, no scripts, no fonts or pictures fetched
from the network), laid out to print on A4 or Letter: an exercise never breaks
across pages, a heading never ends a page, pages are numbered, and the smallest
text is 9 pt. Every value from a file or the catalogue passes through
``html.escape`` on its way in (``_e``); figures are SVG hipcli drew itself and
are checked before they are placed (``_svg``).
"""

from __future__ import annotations

import html
import re
from typing import Any

from .. import wording as fmt
from ..text import visible
from ..planner import PAIN_RULE, block_seconds
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
@page { size: %(paper)s; margin: 10mm 11mm 13mm 11mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt "DejaVu Sans", Arial, sans-serif;
                        color: #444; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.35;
       color: #111; margin: 0 auto; max-width: 194mm; }
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
.keep { break-inside: avoid; page-break-inside: avoid; }
.figs { display: flex; gap: 4pt; flex: none; }
.card .figs { float: right; margin: 0 0 2pt 8pt; }
.figs figure { margin: 0; width: 23mm; text-align: center; }
.figs .frame { width: 23mm; height: 23mm; border: 0.5pt solid #bbb; border-radius: 2pt; }
.figs svg { width: 100%%; height: 100%%; display: block; }
.figs figcaption { font-size: 9pt; color: #444; line-height: 1.1; }
.card { display: flow-root; border: 1pt solid #555; border-radius: 3pt; padding: 3pt 5pt; margin: 0 0 4pt;
        break-inside: avoid; page-break-inside: avoid; }
.card h3 { font-size: 10.5pt; margin: 0; display: inline; }
.card .block { font-weight: normal; font-size: 9pt; color: #444; }
.card .dose-line { margin: 0; font-size: 9pt; display: inline; }
.card ol { margin: 1pt 0 1pt 13pt; padding: 0; font-size: 9pt; line-height: 1.2; }
.card li { margin: 0; }
.card p { margin: 1pt 0; }
.card .cue { font-size: 9pt; }
.brief { font-size: 9.5pt; line-height: 1.25; }
.brief h1 { font-size: 15pt; }
.brief h2 { font-size: 11.5pt; margin: 6pt 0 3pt; }
.brief .muted { font-size: 9pt; }
.brief .fields td { padding: 3pt 4pt 0; }
.brief .fields { table-layout: fixed; }
.brief .fields .line { overflow-wrap: anywhere; }
.brief .fields tr:first-child td:nth-child(1) { width: 8%%; }
.brief .fields tr:first-child td:nth-child(2) { width: 25%%; }
.brief .fields tr:first-child td:nth-child(3) { width: 7%%; }
.brief .fields tr:first-child td:nth-child(4) { width: 11%%; }
.brief .fields tr:first-child td:nth-child(5) { width: 11%%; }
.brief .fields tr:first-child td:nth-child(6) { width: 22%%; }
.brief .fields tr:first-child td:nth-child(7) { width: 9%%; }
.brief .fields tr:first-child td:nth-child(8) { width: 7%%; }
.brief .rules { display: flex; gap: 10pt; padding: 3pt 6pt; margin: 3pt 0 5pt; font-size: 9pt; line-height: 1.17; }
.brief .rules > div { flex: 1; }
.brief .rules h3 { font-size: 10.5pt; margin: 0 0 1pt; }
.brief .rules ul { margin: 0 0 0 12pt; }
.grid { break-inside: avoid; margin: 6pt 0 4pt; }
.grid h2 { margin-top: 0; }
.grid h2 .small { font-weight: normal; }
.grid table { table-layout: fixed; }
.grid td, .grid th { padding: 1pt 3pt; font-size: 9pt; overflow-wrap: anywhere; }
.grid th.name { width: 25%%; }
.grid th.dose { width: 27%%; }
.grid td.day, .grid th.day { width: 8%%; }
.refs-brief { font-size: 9pt; line-height: 1.2; margin: 0; }
.refs-brief li { break-inside: avoid; }
.chart { break-inside: avoid; margin: 4pt 0 6pt; }
.chart svg { width: 100%%; max-height: 42mm; display: block; }
.print-note { font-size: 9pt; color: #444; border: 0.75pt dashed #777; padding: 3pt 6pt; }
@media print { .print-note { display: none; } }
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


def _fields(header: dict[str, str | None], *, brief: bool = False) -> str:
    """Name, date, clinician and notes: filled from options, else lines to write on."""

    def field(label: str, key: str) -> str:
        value = header.get(key)
        return f'<td class="label">{label}</td><td class="line">{_e(value) if value else "&nbsp;"}</td>'

    notes = header.get("notes")
    if brief:
        rows = [f"<tr>{field('Name', 'name')}{field('Date', 'date')}{field('Clinician', 'clinician')}{field('Contact', 'contact')}</tr>"]
    else:
        rows = [
            f"<tr>{field('Name', 'name')}{field('Date', 'date')}</tr>",
            f"<tr>{field('Clinician', 'clinician')}{field('Contact', 'contact')}</tr>",
        ]
    if brief:
        # One more row of the same table: the brief handout spends its height on the exercises.
        shown = _e(notes) if notes else "&nbsp;"
        rows.append(f'<tr><td class="label">Notes</td><td class="line" colspan="7">{shown}</td></tr>')
        return f'<table class="fields">{"".join(rows)}</table>'
    if notes:
        notes_html = f'<p><span class="label">Notes:</span> {_e(notes)}</p>'
    else:
        notes_html = '<p class="label">Notes:</p><div class="notes-line"></div><div class="notes-line"></div>'
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
        parts.append(_figures(card, item.name))
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
        parts.append(f'<p class="small muted">Sources: {_e(", ".join(card.sources))}</p>')
    else:
        parts.append(f'<p><span class="label">Cue:</span> {_e(item.cue)}</p>')
    if explain and item.why:
        parts.append(f'<p class="small"><span class="label">Why this one:</span> {_e(item.why)}</p>')
    parts.append("</section>")
    return "".join(parts)


# What may appear in a figure: drawing elements only. Anything that could fetch,
# link or run (script, image, use, a, foreignObject, event handlers, url()) is a
# bug in the renderer, and the page must not carry it.
_SVG_FORBIDDEN = re.compile(r"<\s*(script|image|use|a|foreignObject|iframe|style)\b|\son\w+\s*=|href|url\(|<!|<\?", re.I)


def _svg(markup: str, slug: str) -> str:
    """A figure's SVG, checked to be one drawing that loads and runs nothing."""
    text = markup.strip()
    if not (text.startswith("<svg") and text.endswith("</svg>")) or _SVG_FORBIDDEN.search(text):
        raise ValueError(f"the figure drawn for '{slug}' is not a self-contained SVG drawing")
    return text


def figures_of(card: Any) -> list[Any]:
    """The start and end positions drawn for a card (or its first two); none without a pose description."""
    if card is None:
        return []
    from ..figures import figures_for

    drawn = list(figures_for(card))
    by_label = {figure.label: figure for figure in drawn}
    if "start" in by_label and "end" in by_label:
        return [by_label["start"], by_label["end"]]
    return drawn[:2]


def _figures(card: Any, name: str) -> str:
    shown = figures_of(card)
    if not shown:
        return ""
    parts = ['<div class="figs">']
    for figure in shown:
        parts.append(
            f'<figure role="img" aria-label="{_e(figure.alt)}" data-figure="{_e(card.slug)}-{_e(figure.label)}">'
            f'<div class="frame">{_svg(figure.svg, card.slug)}</div><figcaption>{_e(figure.label.capitalize())}</figcaption></figure>'
        )
    parts.append("</div>")
    return "".join(parts)


BRIEF_CHARACTERS = 330  # a fourth step only while the steps still fit about six printed lines


def brief_steps(steps: tuple[str, ...] | list[str]) -> list[str]:
    """The first three steps, and the fourth when they are short enough for a two-page handout."""
    chosen = list(steps[:3])
    if len(steps) > 3 and sum(map(len, steps[:4])) <= BRIEF_CHARACTERS:
        chosen.append(steps[3])
    return chosen


def _dose_line(item: Any, bands: Any) -> str:
    bits = [f"<b>{_e(fmt.dose(item.sets, item.unit, item.amount, item.per_side))}</b>", f"rest {_e(fmt.rest(item.rest))}"]
    if item.tempo:
        bits.append(f"tempo {_e(item.tempo)}")
    if item.band:
        bits.append(f"band {_band_cell(item, bands)}")
    if item.effort:
        bits.append(f"effort {_e(item.effort)}")
    return '<p class="dose-line">' + " &middot; ".join(bits) + "</p>"


def _card(item: Any, bands: Any, catalogue: Any, *, explain: bool, block: str = "") -> str:
    """One exercise on a quarter of a page: its two positions, the dose, the first steps, the key cue."""
    card = catalogue.get(item.slug) if catalogue is not None else None
    parts = [f'<section class="card exercise" data-slug="{_e(item.slug)}">']
    if card is not None:
        # Floated, so the steps run on under the pictures at the full width of the page.
        parts.append(_figures(card, item.name))
    tag = f' <span class="block">&middot; {_e(block)}</span>' if block else ""
    parts.append(f'<h3>{_e(item.name)} <span class="slug">({_e(item.slug)})</span>{tag}</h3>')
    parts.append(" &middot; " + _dose_line(item, bands))
    if card is not None:
        parts.append(_list(brief_steps(card.steps), "ol"))
    sources = f' <span class="muted">(sources: {_e(", ".join(card.sources))})</span>' if card is not None and card.sources else ""
    parts.append(f'<p class="cue"><span class="label">Key cue:</span> {_e(item.cue)}{sources}</p>')
    if explain and item.why:
        parts.append(f'<p class="small"><span class="label">Why this one:</span> {_e(item.why)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _rules_brief(pain: tuple[str, ...], safety: tuple[str, ...]) -> str:
    """The pain rule and the safety notes side by side, boxed, before the exercises they govern."""
    pain_items = pain or PAIN_RULE
    parts = ['<section class="rules"><div><h3>Pain rule</h3>', _list(pain_items), "</div>"]
    if safety:
        parts += ["<div><h3>Safety</h3>", _list(safety), "</div>"]
    parts.append("</section>")
    return "".join(parts)


def _grid(plan: Any, days: int = 6) -> str:
    """One grid for several sessions: a row per exercise, a box per day for the sets done and the worst pain."""
    head = '<tr><th class="name">Exercise</th><th class="dose">Dose</th>' + "".join(f'<th class="day">Day {n}</th>' for n in range(1, days + 1)) + "</tr>"
    dates = '<tr><td colspan="2" class="label">Date</td>' + '<td class="day"></td>' * days + "</tr>"
    rows = []
    for block in plan.blocks:
        for item in block.exercises:
            # The band is on the card above; here the row stays one line.
            dose = fmt.dose(item.sets, item.unit, item.amount, item.per_side)
            rows.append(f"<tr><td>{_e(item.name)}</td><td>{_e(dose)}</td>" + '<td class="day"></td>' * days + "</tr>")
    morning = '<tr><td colspan="2" class="label">Next-morning pain 0-10</td>' + '<td class="day"></td>' * days + "</tr>"
    return (
        '<section class="grid log"><h2>Log <span class="small">In each box: a tick per set done, then the worst pain '
        f"0-10 (for example &#10003;&#10003; 2).</span></h2><table>{head}{dates}{''.join(rows)}{morning}</table></section>"
    )


def _tempo_brief(tempos: list[str]) -> str:
    example = tempos[-1] if tempos else "2-1-2"
    return (
        f'<p class="small"><b>Tempo</b> {_e(example)} means {example[0]} s lifting, {example[2]} s held, {example[4]} s '
        "lowering; keep the lowering at least as slow as the lift (R10). <b>Effort</b> 0-10 (OMNI-RES for bands, CS4): "
        "5 is moderate, with a few reps left; 9-10 is all you have.</p>"
    )


def _cited(body: list[str], catalogue: Any) -> tuple[dict[str, Any], list[str]]:
    """(every source hipcli knows, by code; the codes the page's text cites, in order): read off the page itself."""
    from ..sources import all_sources, codes_in

    known = all_sources(catalogue)
    return known, [code for code in codes_in(_text_of(body), catalogue=catalogue) if code in known]


def _references_brief(body: list[str], catalogue: Any) -> str:
    """Every code the page cites, by name only, so the list always fits at the end; 'hipcli sources' has the rest."""
    known, cited = _cited(body, catalogue)
    if not cited:
        return ""
    items = []
    for code in cited:
        source = known[code]
        items.append(f"<b>{_e(code)}</b> {_e(_short_name(source))}")
    return (
        '<section class="keep"><h2>References</h2><p class="refs-brief">By code (\'hipcli sources CODE\' prints one '
        "in full, with its address): "
        f'{"; ".join(items)}.</p></section>'
    )


def _short_name(source: Any) -> str:
    """A source's name in a few words: its title, else the start of its citation."""
    if source.summary:
        return source.title
    if source.title != source.code:
        return source.title
    words = " ".join(source.citations).split()
    short = ""
    for word in words:
        if len(short) + len(word) > 44:
            return short + " ..."
        short = f"{short} {word}".strip()
    return short


def _text_of(body: list[str]) -> str:
    """The page's words, without the drawings."""
    joined = re.sub(r"<svg\b.*?</svg>", " ", "\n".join(part for part in body if part), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", joined))


PRINT_NOTE = (
    '<p class="print-note">To print without the browser\'s address and date at the top and foot of each page, '
    "untick <i>Headers and footers</i> in the print dialog, or let hipcli write the PDF: "
    "<code>--out plan.pdf</code>. This note is not printed.</p>"
)


def _brief_plan(document: Any, *, catalogue: Any, explain: bool, header: dict[str, Any], review: str) -> list[str]:
    plan = document.plan
    body = [
        PRINT_NOTE,
        f"<header><h1>{_e(session_title(plan))}</h1>",
        f'<p class="muted">{_e(plan_summary(plan))} Made by hipcli {_e(document.hipcli)} on {_e(document.created)}.</p>',
        _fields(header, brief=True) + "</header>",
        review,
        _rules_brief(plan.pain, plan.safety),
    ]
    if explain and plan.notes:
        body.append('<section class="rules keep"><div><h3>How this plan was made</h3>' + _list(plan.notes) + "</div></section>")
    for number, block in enumerate(plan.blocks, 1):
        label = f"{number}. {block.title}, {fmt.duration(block_seconds(block))}"
        body += [_card(item, plan.bands, catalogue, explain=explain, block=label) for item in block.exercises]
    body.append(_grid(plan))
    body.append(_tempo_brief(_tempos([plan])))
    body.append(_references_brief(body, catalogue))
    return body


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
    known, cited = _cited(body, catalogue)
    if not cited:
        return ""
    items = []
    for code in cited:
        source = known[code]
        citation = " ".join(source.citations)
        urls = " ".join(f"<br>{_e(url)}" for url in source.urls)
        title = f"{_e(source.title)} ({_e(source.evidence)}). " if source.summary else ""
        items.append(f'<li><b>{_e(code)}</b> {title}{_e(citation)}{urls}</li>')
    # The heading travels with the first entry, so it never ends a page alone.
    return (
        '<div class="keep"><h2>References</h2><p class="small">Codes in this handout, as hipcli cites them '
        "('hipcli sources CODE' prints the same).</p>"
        f'<ul class="references">{items[0]}</ul></div><ul class="references">{"".join(items[1:])}</ul>'
    )


def _tempos(plans: list[Any]) -> list[str]:
    return sorted({item.tempo for plan in plans for block in plan.blocks for item in block.exercises if item.tempo})


def _page(title: str, body: list[str], paper: str, *, brief: bool = False) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No network at all: a strict policy makes the browser refuse anything that is not inline.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}</title><style>{CSS % {'paper': PAPER.get(paper, 'A4')}}</style></head>\n"
        + ('<body class="brief">\n' if brief else "<body>\n")
        + "\n".join(part for part in body if part)
        + "\n</body></html>\n"
    )


def plan_page(
    document: Any, *, catalogue: Any, explain: bool, header: dict[str, Any], paper: str, detail: str = "brief", review: str = ""
) -> str:
    plan = document.plan
    if detail == "brief":
        return _page(session_title(plan), _brief_plan(document, catalogue=catalogue, explain=explain, header=header, review=review), paper, brief=True)
    body = [
        PRINT_NOTE,
        f"<header><h1>{_e(session_title(plan))}</h1>",
        f'<p class="muted">{_e(plan_summary(plan))} Made by hipcli {_e(document.hipcli)} on {_e(document.created)}.</p>',
        _fields(header) + "</header>",
        review,
        _rules(plan.pain, plan.safety),
    ]
    if explain and plan.notes:
        body.append('<section class="rules"><h3>How this plan was made</h3>' + _list(plan.notes) + "</section>")
    for number, block in enumerate(plan.blocks, 1):
        cards = [_exercise(item, plan.bands, catalogue, explain=explain) for item in block.exercises]
        # A block's heading and purpose stay on the page of its first exercise.
        body.append(
            f'<div class="keep"><h2>{number}. {_e(block.title)} ({_e(fmt.duration(block_seconds(block)))})</h2>'
            f'<p class="muted">{_e(block.purpose)}</p>{cards[0] if cards else ""}</div>'
        )
        body += cards[1:]
    logs = [_log(plan, f"Session {n}") for n in range(1, 4)]
    body.append(f'<div class="keep"><h2>Log</h2>{logs[0]}</div>')
    body += logs[1:]
    body.append(_tempo_legend(_tempos([plan])))
    body.append(_references(body, catalogue))
    return _page(session_title(plan), body, paper)


def programme_page(
    document: Any, *, catalogue: Any, explain: bool, header: dict[str, Any], paper: str, detail: str = "brief", review: str = ""
) -> str:
    programme = document.programme
    request = document.request
    brief = detail == "brief"
    plans = [(week, session, session_plan(programme, session)) for week in programme.weeks for session in week.sessions]
    kit = fmt.labels(request.equipment) if request.equipment else "none (bodyweight)"
    body = [
        PRINT_NOTE,
        f"<header><h1>{_e(programme_title(document))}</h1>",
        f'<p class="muted">Starts {_e(request.start)}. Kit: {_e(kit)}. '
        f"Made by hipcli {_e(document.hipcli)} on {_e(document.created)}.</p>",
        _fields(header, brief=brief) + "</header>",
        review,
        _rules_brief(programme.pain, programme.safety) if brief else _rules(programme.pain, programme.safety),
    ]
    if programme.notes:
        body.append('<section class="rules keep"><div><h3>About this programme</h3>' + _list(programme.notes) + "</div></section>")
    rows = "".join(
        f"<tr><td>{week.number}{' (deload)' if week.deload else ''}</td><td>{_e(week_dates(week))}</td>"
        f"<td>{len(week.sessions)}</td><td>{week_sets(week)}</td>"
        f"<td>{sum(session_minutes(document, s) for s in week.sessions)}</td><td>{_e(progress_summary(week))}</td></tr>"
        for week in programme.weeks
    )
    body.append(
        '<div class="keep"><h2>Overview</h2><table><tr><th>Week</th><th>Dates</th><th>Sessions</th><th>Sets</th><th>Minutes</th>'
        f"<th>Progress</th></tr>{rows}</table></div>"
    )
    # Each exercise is explained once, at the dose it first appears with; the weekly logs give each week's dose.
    cards: list[str] = []
    seen: set[str] = set()
    for _, _, plan in plans:
        for block in plan.blocks:
            for item in block.exercises:
                if item.slug not in seen:
                    seen.add(item.slug)
                    if brief:
                        cards.append(_card(item, plan.bands, catalogue, explain=explain))
                    else:
                        cards.append(_exercise(item, plan.bands, catalogue, explain=explain))
    body.append(f'<div class="keep"><h2>The exercises</h2>{cards[0] if cards else ""}</div>')
    body += cards[1:]
    for week in programme.weeks:
        heading = f"<h2>Week {week.number}{' (deload)' if week.deload else ''}</h2>"
        changes = [change for change in week.changes if change.step not in ("start", "deload")]
        if changes and explain:
            heading += _list([f"{c.session}: {c.slug or ''}: {c.detail}" for c in changes])
        logs = []
        for session in week.sessions:
            plan = session_plan(programme, session)
            title = f"{session.date:%a %d %b %Y}: {session.title} (about {session_minutes(document, session)} min)"
            logs.append(_log(plan, title))
        body.append(f'<div class="keep">{heading}{logs[0] if logs else ""}</div>')
        body += logs[1:]
    tempos = _tempos([plan for _, _, plan in plans])
    body.append(_tempo_brief(tempos) if brief else _tempo_legend(tempos))
    body.append(_references_brief(body, catalogue) if brief else _references(body, catalogue))
    return _page(programme_title(document), body, paper, brief=brief)


DETAILS = ("brief", "full")


def write(
    document: Any,
    *,
    catalogue: Any = None,
    explain: bool = False,
    header: dict[str, Any] | None = None,
    paper: str = "a4",
    detail: str = "brief",
    review: str = "",
    **_: Any,
) -> str:
    """The handout page. ``review`` is an SVG chart of the log (``formats.review.chart``), placed under the header."""
    from ..plans import ProgrammeFile

    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {DETAILS}, not {detail!r}")
    page = programme_page if isinstance(document, ProgrammeFile) else plan_page
    chart = f'<section class="chart">{_svg(review, "review")}</section>' if review else ""
    return page(document, catalogue=catalogue, explain=explain, header=header or {}, paper=paper, detail=detail, review=chart)
