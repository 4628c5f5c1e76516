"""Programmes as iCalendar (RFC 5545): one event per session."""

from __future__ import annotations

import datetime
from typing import Any

from .. import formatting as fmt
from ..progression import session_plan
from . import programme_title, session_minutes


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


def write(document: Any, **_: Any) -> str:
    """One all-day event per session, with its exercises and doses in the description."""
    import hashlib

    from .json import write as to_json

    programme = document.programme
    request = document.request
    key = hashlib.sha256(to_json(document.request).encode()).hexdigest()[:16]
    stamp = f"{document.created:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//hipcli//hipcli {document.hipcli}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text('hipcli: ' + programme_title(document))}",
    ]
    for week in programme.weeks:
        for number, session in enumerate(week.sessions, 1):
            plan = session_plan(programme, session)
            minutes = session_minutes(document, session)
            description = [f"Week {week.number}" + (" (deload)" if week.deload else "") + f", about {minutes} min."]
            for block in plan.blocks:
                description.append(f"{block.title}:")
                for item in block.exercises:
                    band = f", {fmt.band(item.band, plan.bands)} band" if item.band else ""
                    description.append(
                        f"- {item.name}: {fmt.dose(item.sets, item.unit, item.amount, item.per_side)}, "
                        f"rest {fmt.rest(item.rest)}{band}. {item.cue}"
                    )
            description.append("Stop any exercise that hurts. Full details: hipcli view on the saved programme.")
            end = session.date + datetime.timedelta(days=1)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{key}-{session.date:%Y%m%d}-{number}@hipcli",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{end:%Y%m%d}",
                f"SUMMARY:{_text(f'Hip {session.title.lower()} (week {week.number}, {request.level} {request.goal})')}",
                f"DESCRIPTION:{_text(chr(10).join(fmt.one_line(line) for line in description))}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
