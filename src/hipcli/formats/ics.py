"""Programmes as iCalendar (RFC 5545): one event per session, updated in place on re-export.

Each event's UID names the programme (its goal), the week, and the session's
place in that week (the second strength session, the first warm-up), and no
date. Exporting the programme again with other days, another start date, a
time, more weeks or another level gives the same UIDs, so a calendar app
moves the events it has instead of adding copies; SEQUENCE grows with each
export so the newer copy wins. A programme made shorter, or with fewer
sessions a week, leaves its surplus events in the calendar: a file cannot
name events it no longer has.

With a time of day, two sessions on one day (a pre-run warm-up and a
strength session) follow one another in the programme's order instead of
starting at the same minute.
"""

from __future__ import annotations

import datetime
from typing import Any

from .. import wording as fmt
from ..text import one_line
from ..progression import session_plan
from . import band_text, programme_title, session_minutes


def _text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def programme_key(document: Any) -> str:
    """What stays the same when a programme's days, start, length or level change: its goal."""
    return f"hipcli-{document.request.goal}"


def uid(document: Any, week: Any, session: Any, place: int = 0) -> str:
    """The programme, the week, and this session's place among the week's sessions of its kind (from 0)."""
    return f"{programme_key(document)}-w{week.number}-{session.session}{place + 1}@hipcli"


def _description(document: Any, week: Any, session: Any, explain: bool = False) -> str:
    programme = document.programme
    plan = session_plan(programme, session)
    minutes = session_minutes(document, session)
    lines = [f"Week {week.number}" + (" (deload)" if week.deload else "") + f", about {minutes} min."]
    for block in plan.blocks:
        lines.append(f"{block.title}:")
        for item in block.exercises:
            band = f", {band_text(item, programme.bands)} band" if item.band else ""
            tempo = f", tempo {item.tempo}" if item.tempo else ""
            lines.append(
                f"- {item.name}: {fmt.dose(item.sets, item.unit, item.amount, item.per_side)}, "
                f"rest {fmt.rest(item.rest)}{tempo}{band}. {item.cue}"
            )
            if item.effort:
                lines.append(f"  Effort: {item.effort}")
            if explain and item.why:
                lines.append(f"  Why: {item.why}")
    lines.append(
        "Pain 0-10: 0-3 fine, 4-5 the most to accept, above 5 stop that exercise (CS3). "
        "Stop and get help for chest pain, dizziness or an irregular heartbeat (R22)."
    )
    return "\n".join(one_line(line) for line in lines)


def write(
    document: Any,
    *,
    time: datetime.time | None = None,
    duration: int | None = None,
    reminder: int = 30,
    explain: bool = False,
    now: datetime.datetime | None = None,
    **_: Any,
) -> str:
    """One event per session: all-day, or at ``time`` (local) for ``duration`` minutes with a reminder."""
    programme = document.programme
    request = document.request
    now = now or datetime.datetime.now(datetime.timezone.utc)
    stamp = f"{now:%Y%m%dT%H%M%SZ}"
    # Grows with every export, so calendar apps take the newer copy of an event.
    sequence = int(now.timestamp() // 60) - 29_000_000
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//hipcli//hipcli {document.hipcli}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text('hipcli: ' + programme_title(document))}",
    ]
    for week in programme.weeks:
        places: dict[str, int] = {}
        day_ends: dict[datetime.date, datetime.datetime] = {}
        for session in week.sessions:
            place = places.get(session.session, 0)
            places[session.session] = place + 1
            summary = f"Hip {session.title.lower()} (week {week.number}, {request.level} {request.goal})"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid(document, week, session, place)}",
                f"DTSTAMP:{stamp}",
                f"SEQUENCE:{max(sequence, 0)}",
            ]
            if time is None:
                end = session.date + datetime.timedelta(days=1)
                lines += [f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}", "TRANSP:TRANSPARENT"]
            else:
                # Floating local time: 07:00 wherever the person is, as a training slot should be.
                # A second session that day starts when the one before it ends.
                start = max(datetime.datetime.combine(session.date, time), day_ends.get(session.date, datetime.datetime.min))
                end_time = start + datetime.timedelta(minutes=duration or session_minutes(document, session))
                day_ends[session.date] = end_time
                lines += [f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end_time:%Y%m%dT%H%M%S}", "TRANSP:OPAQUE"]
            lines += [
                f"SUMMARY:{_text(summary)}",
                f"DESCRIPTION:{_text(_description(document, week, session, explain))}",
            ]
            if time is not None and reminder > 0:
                lines += [
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    f"DESCRIPTION:{_text(summary)}",
                    f"TRIGGER:-PT{reminder}M",
                    "END:VALARM",
                ]
            lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
