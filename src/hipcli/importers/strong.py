"""Strong's CSV export ('Export Strong Data' in the app's settings) read into sets.

The export has changed over the years; every shape below is read. Sources for
the layouts (public parsers and sample files of real exports, read 2026-12):

- older apps, ';'-separated, weight unit per row:
  ``Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes[;Workout Duration]``
  with dates like ``2019-01-11 12:31:54`` (github.com/mtanzim/vis-strong-go README);
- later apps, ','-separated, no unit column (the app's unit setting applies):
  ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds[,Notes,Workout Notes],RPE``
  with durations like ``1h 5m`` or ``47m``; ``Set Order`` is ``W`` for a
  warm-up set and ``Rest Timer`` on rows that only carry the rest after a set;
- the newest, either separator, units in the headers:
  ``Workout #;Date;Workout Name;Duration (sec);Exercise Name;Set Order;Weight (kg);Reps;RPE;Distance (meters);Seconds;Notes;Workout Notes``
  (``Weight (lbs)``, ``Distance (miles)`` in imperial), with ``Note`` rows for
  exercise notes.

Some locales write 12-hour times (``2024-01-15 6:30:12 PM``, sometimes with a
narrow no-break space before PM) and comma decimals (``62,5``); both are read.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import JournalError
from .workouts import ForeignSet, check_rpe, clean_name, csv_rows, number, shown

REQUIRED = ("date", "exercise name", "set order")


def looks_like(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED)


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p", "%Y-%m-%d")


def parse_date(file: Path, row: str, value: str) -> datetime.datetime:
    text = " ".join(value.replace("\u202f", " ").replace("\u00a0", " ").split())
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return datetime.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise JournalError(f"{shown(file)}: {row}: Date: '{shown(value)}' is not a date like 2024-01-15 18:30:00") from None


def parse_duration(text: str) -> int | None:
    """Seconds in '1h 5m', '47m', '3600' or '01:05:00'; None when absent or unreadable (it is only a nicety)."""
    text = text.strip().lower()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if re.fullmatch(r"\d+(:\d\d){1,2}", text):
        parts = [int(p) for p in text.split(":")]
        return parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)
    hours = re.search(r"(\d+)\s*h", text)
    minutes = re.search(r"(\d+)\s*m(?!s)", text)
    seconds = re.search(r"(\d+)\s*s", text)
    if not (hours or minutes or seconds):
        return None
    return sum(int(found[1]) * scale for found, scale in ((hours, 3600), (minutes, 60), (seconds, 1)) if found)


def _unit_from_header(name: str) -> str | None:
    if "(kg" in name:
        return "kg"
    if "(lb" in name:
        return "lb"
    return None


def read(file: Path, text: str, *, weight_unit: str = "kg") -> Iterator[ForeignSet]:
    """Every set in the file, in order; ``weight_unit`` is for exports that do not say (the app's setting)."""
    header, rows = csv_rows(file, text)
    if not looks_like(header):
        raise JournalError(f"{shown(file)}: not a Strong export (no {', '.join(n for n in REQUIRED if n not in header)} column)")
    where = {name: n for n, name in enumerate(header)}

    def column(*names: str) -> int | None:
        for name in names:
            if name in where:
                return where[name]
        for name in names:  # "weight (kg)", "distance (meters)", "duration (sec)"
            for key, n in where.items():
                if key.startswith(name + " ("):
                    return n
        return None

    at = {
        "date": column("date"), "title": column("workout name"), "exercise": column("exercise name"),
        "order": column("set order"), "weight": column("weight"), "unit": column("weight unit"),
        "reps": column("reps"), "rpe": column("rpe"), "distance": column("distance"), "seconds": column("seconds"),
        "notes": column("notes"), "workout notes": column("workout notes"),
        "duration": column("duration", "workout duration"),
    }
    header_unit = _unit_from_header(header[at["weight"]]) if at["weight"] is not None else None
    # A workout's date, length and names repeat on every one of its rows: read each distinct one once.
    dates: dict[str, datetime.datetime] = {}
    durations: dict[str, int | None] = {}
    names: dict[tuple[str, str], str] = {}
    where_file = shown(file)

    def name(row: str, column: str, value: str) -> str:
        found = names.get((column, value))
        if found is None:
            found = names[(column, value)] = clean_name(file, row, column, value)
        return found

    for line, cells in rows:
        row = f"row {line}"

        def cell(name: str) -> str:
            index = at[name]
            return cells[index].strip() if index is not None and index < len(cells) else ""

        if len(cells) < len(header) - 3:
            raise JournalError(f"{shown(file)}: {row}: has {len(cells)} fields where the header has {len(header)}")
        order = cell("order").lower()
        if order in ("rest timer", "note", "notes"):
            continue  # rest and exercise-note rows carry no set
        kind = {"w": "warmup", "d": "dropset", "f": "failure"}.get(order, "normal")
        set_number = None
        if kind == "normal":
            amount = number(file, row, "Set Order", order, whole=True)
            set_number = int(amount) if amount is not None else None
        text = cell("date")
        started = dates.get(text) or dates.setdefault(text, parse_date(file, row, text))
        text = cell("duration")
        duration = durations[text] if text in durations else durations.setdefault(text, parse_duration(text))
        unit = cell("unit").lower().rstrip("s") or header_unit or weight_unit
        reps = number(file, row, "Reps", cell("reps"), whole=True)
        seconds = number(file, row, "Seconds", cell("seconds"))
        yield ForeignSet(
            row=f"{where_file}: {row}",
            started=started,
            title=name(row, "Workout Name", cell("title")),
            exercise=name(row, "Exercise Name", cell("exercise")) or "unnamed exercise",
            set_number=set_number,
            kind=kind,
            reps=int(reps) if reps is not None else None,
            seconds=round(seconds) if seconds is not None else None,
            weight=number(file, row, "Weight", cell("weight")),
            weight_unit="lb" if unit.startswith("lb") else "kg",
            distance=number(file, row, "Distance", cell("distance")),
            rpe=check_rpe(file, row, cell("rpe")),
            notes=cell("notes") or None,
            finished=started + datetime.timedelta(seconds=duration) if duration else None,
            session_notes=cell("workout notes") or None,
        )
