"""The training log as a Hevy CSV export, in the columns Hevy's own export writes (sources in
``importers/hevy.py``), which ``hipcli log import`` reads back.

Hevy keeps times to the minute, so a session's start and end lose their
seconds. Effort becomes RPE by ``importers.workouts.rpe_from_effort``; what
Hevy has no column for (side, band, pain, steps, a skipped set) goes into the
row's exercise notes as a ``[hipcli ...]`` tag, and the session's uid into the
description, so importing the file back into the same log adds nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from ..importers.workouts import ExportSet, csv_pieces, load_of, new_blocks, rpe_from_effort, set_tag, write_tag

HEADER = ("title", "start_time", "end_time", "description", "exercise_title", "superset_id", "exercise_notes",
          "set_index", "set_type", "weight_kg", "reps", "distance_km", "duration_seconds", "rpe")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _time(moment) -> str:  # type: ignore[no-untyped-def]
    # Hevy's English form, "26 Jan 2024, 10:00", written by hand: %b follows the locale.
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment.hour:02d}:{moment.minute:02d}"


def write(sets: Sequence[ExportSet]) -> str:
    return "".join(write_pieces([sets]))


def write_pieces(pieces: Iterable[Sequence[ExportSet]]) -> Iterator[str]:
    """``write`` for sets that come in pieces of whole sessions, a piece at a time (``workouts.csv_pieces``)."""
    return csv_pieces(HEADER, _rows, pieces, quoting=csv.QUOTE_ALL)


def _rows(sets: Sequence[ExportSet]) -> Iterator[tuple[object, ...]]:
    index: dict[tuple[str, int], int] = {}
    for item, new_block in zip(sets, new_blocks(sets)):
        key = (item.uid, item.position)
        set_index = index[key] = index.get(key, -1) + 1
        weight, unit = load_of(item.band)
        if weight is not None and unit == "lb":
            weight = round(weight * 0.45359237, 3)
        description = " ".join(part for part in (write_tag({"session": item.uid}), item.session_notes or "") if part)
        yield (
            item.title or "hipcli session",
            _time(item.started),
            _time(item.finished) if item.finished else "",
            description,
            item.exercise,
            "",
            set_tag(item, new_block),
            set_index,
            "normal",
            f"{weight:g}" if weight is not None else "",
            item.done if item.unit != "seconds" and item.done is not None else "",
            "",
            item.done if item.unit == "seconds" and item.done is not None else "",
            f"{rpe_from_effort(item.effort):g}" if item.effort is not None else "",
        )
