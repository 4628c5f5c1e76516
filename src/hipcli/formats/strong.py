"""The training log as a Strong CSV export, so a person can take their history to Strong (or to Hevy,
whose "import from Strong" reads this file).

Written in the older, self-describing layout with a unit on every row
(``Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration``;
sources in ``importers/strong.py``), which ``hipcli log import`` reads back.
Effort becomes RPE by ``importers.workouts.rpe_from_effort``; what Strong has
no column for (side, band, pain, steps, a skipped set) goes into the set's
notes as a ``[hipcli ...]`` tag, so the round trip keeps every set whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..importers.workouts import ExportSet, csv_pieces, duration_text, load_of, new_blocks, rpe_from_effort, set_tag, write_tag

HEADER = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps", "RPE", "Distance",
          "Distance Unit", "Seconds", "Notes", "Workout Notes", "Workout Duration")


def write(sets: Sequence[ExportSet]) -> str:
    return "".join(write_pieces([sets]))


def write_pieces(pieces: Iterable[Sequence[ExportSet]]) -> Iterator[str]:
    """``write`` for sets that come in pieces of whole sessions, a piece at a time (``workouts.csv_pieces``)."""
    return csv_pieces(HEADER, _rows, pieces, delimiter=";")


def _rows(sets: Sequence[ExportSet]) -> Iterator[tuple[object, ...]]:
    for item, new_block in zip(sets, new_blocks(sets)):
        weight, unit = load_of(item.band)
        notes = " ".join(part for part in (write_tag({"session": item.uid}), item.session_notes or "") if part)
        yield (
            item.started.strftime("%Y-%m-%d %H:%M:%S") if item.started.year >= 1000 else item.started.isoformat(sep=" "),
            item.title or "hipcli session",
            item.exercise,
            item.set_number,
            f"{weight:g}" if weight is not None else 0,
            unit or "kg",
            item.done if item.unit != "seconds" and item.done is not None else "",
            f"{rpe_from_effort(item.effort):g}" if item.effort is not None else "",
            "",
            "",
            item.done if item.unit == "seconds" and item.done is not None else 0,
            set_tag(item, new_block),
            notes,
            duration_text(item.started, item.finished),
        )
