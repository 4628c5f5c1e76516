"""Hevy's CSV export (Settings > Export & Import Data > Export Workouts) read into sets.

The layout, from public parsers and sample files of real exports (read 2026-12):
``title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe``
with every text field quoted. In imperial accounts ``weight_lbs`` and
``distance_miles`` replace the metric columns. Times are written to the
minute in the app's language: ``26 Jan 2024, 10:00`` in English, ``25 Juli
2026, 14:21`` in German, ``05.06.2026, 07:30`` in some others. ``set_index``
counts from 0 within an exercise; ``set_type`` is normal, warmup, failure or
dropset; ``rpe`` is empty or 6 to 10 in half steps.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import JournalError
from .workouts import ForeignSet, check_rpe, clean_name, csv_rows, number, shown

REQUIRED = ("title", "start_time", "exercise_title", "set_index")
SET_TYPES = ("normal", "warmup", "failure", "dropset")

# Month names and abbreviations as Hevy writes them in its common languages, to the month number.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january januar janv janvier ene enero gen gennaio jänner",
        "feb february februar févr fevr février fevrier febrero febbraio fev fevereiro",
        "mar march märz maerz mars marzo março mrz",
        "apr april avr avril abr abril aprile",
        "may mai mayo mag maggio maio",
        "jun june juni juin junio giu giugno junho",
        "jul july juli juil juillet julio lug luglio julho",
        "aug august août aout ago agosto",
        "sep sept september septembre septiembre set settembre setembro",
        "oct october oktober okt octobre octubre ott ottobre out outubro",
        "nov november novembre noviembre novembro",
        "dec december dezember dez décembre decembre dic diciembre dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_WORDY = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?\s+(\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*([ap]\.?m\.?)?$", re.I)
_MONTH_FIRST = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*([ap]\.?m\.?)?$", re.I)
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d))?$")


def looks_like(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED)


def _clock(hour: int, meridiem: str | None) -> int:
    if not meridiem:
        return hour
    pm = meridiem.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def parse_time(file: Path, row: str, column: str, value: str) -> datetime.datetime:
    text = " ".join(value.replace("\u202f", " ").replace("\u00a0", " ").split())
    try:
        found = _WORDY.match(text)
        if found:
            month = _MONTHS.get(found[2].lower().rstrip("."))
            if month:
                return datetime.datetime(int(found[3]), month, int(found[1]), _clock(int(found[4]), found[7]),
                                         int(found[5]), int(found[6] or 0))
        found = _MONTH_FIRST.match(text)
        if found:
            month = _MONTHS.get(found[1].lower().rstrip("."))
            if month:
                return datetime.datetime(int(found[3]), month, int(found[2]), _clock(int(found[4]), found[7]),
                                         int(found[5]), int(found[6] or 0))
        found = _DOTTED.match(text)
        if found:
            return datetime.datetime(int(found[3]), int(found[2]), int(found[1]), int(found[4]), int(found[5]),
                                     int(found[6] or 0))
        return datetime.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    raise JournalError(f"{shown(file)}: {row}: {column}: '{shown(value)}' is not a time like 26 Jan 2024, 10:00")


def read(file: Path, text: str) -> Iterator[ForeignSet]:
    header, rows = csv_rows(file, text)
    if not looks_like(header):
        raise JournalError(f"{shown(file)}: not a Hevy export (no {', '.join(n for n in REQUIRED if n not in header)} column)")
    where = {name: n for n, name in enumerate(header)}
    weight_column = "weight_kg" if "weight_kg" in where else "weight_lbs" if "weight_lbs" in where else None
    distance_column = next((name for name in ("distance_km", "distance_miles", "distance_meters") if name in where), None)
    times: dict[tuple[str, str], datetime.datetime] = {}
    names: dict[tuple[str, str], str] = {}
    where_file = shown(file)

    def when(row: str, column: str, value: str) -> datetime.datetime:
        found = times.get((column, value))
        if found is None:
            found = times[(column, value)] = parse_time(file, row, column, value)
        return found

    def name(row: str, column: str, value: str) -> str:
        found = names.get((column, value))
        if found is None:
            found = names[(column, value)] = clean_name(file, row, column, value)
        return found

    for line, cells in rows:
        row = f"row {line}"

        def cell(name: str | None) -> str:
            index = where.get(name) if name else None
            return cells[index].strip() if index is not None and index < len(cells) else ""

        if len(cells) < len(header) - 3:
            raise JournalError(f"{shown(file)}: {row}: has {len(cells)} fields where the header has {len(header)}")
        kind = cell("set_type").lower() or "normal"
        if kind not in SET_TYPES:
            raise JournalError(f"{shown(file)}: {row}: set_type: '{shown(kind)}' is not one of {', '.join(SET_TYPES)}")
        number(file, row, "set_index", cell("set_index"), whole=True)
        started = when(row, "start_time", cell("start_time"))
        end = cell("end_time")
        reps = number(file, row, "reps", cell("reps"), whole=True)
        seconds = number(file, row, "duration_seconds", cell("duration_seconds"))
        yield ForeignSet(
            row=f"{where_file}: {row}",
            started=started,
            title=name(row, "title", cell("title")),
            exercise=name(row, "exercise_title", cell("exercise_title")) or "unnamed exercise",
            # set_index counts warm-ups too; the log numbers working sets from 1, in file order.
            set_number=None,
            kind=kind,
            reps=int(reps) if reps is not None else None,
            seconds=round(seconds) if seconds is not None else None,
            weight=number(file, row, weight_column or "weight", cell(weight_column)),
            weight_unit="lb" if weight_column == "weight_lbs" else "kg",
            distance=number(file, row, distance_column or "distance", cell(distance_column)),
            rpe=check_rpe(file, row, cell("rpe")),
            notes=cell("exercise_notes") or None,
            finished=when(row, "end_time", end) if end else None,
            session_notes=cell("description") or None,
        )
