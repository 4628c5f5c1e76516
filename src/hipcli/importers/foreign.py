"""Which app wrote a file (Strong, Hevy, a Garmin watch), and reading it whole into sessions for the log.

The one entry point for ``hipcli log import`` on another app's file:
``read_file`` checks everything before anything is written, and ``save``
writes it in one transaction. Pure apart from reading the file: no printing,
no typer or rich.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import JournalError
from .workouts import ForeignSet, Report, load_mapping, shown, to_sessions


# --- which app wrote a file ------------------------------------------------------------------


def detect(raw: bytes) -> str | None:
    """'fit', 'strong', 'hevy', or None (hipcli's own export, or something else), from the file's first bytes."""
    if len(raw) >= 12 and raw[8:12] == b".FIT":
        return "fit"
    head = raw[:4096].lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    cells = [cell.strip().strip('"').strip() for cell in re.split(r"[;,]", head)]
    from . import hevy, strong

    if strong.looks_like(cells):
        return "strong"
    if hevy.looks_like(cells):
        return "hevy"
    return None


def read_sets(file: Path, raw: bytes, kind: str, *, weight_unit: str = "kg") -> list[ForeignSet]:
    """Every set of a Strong or Hevy file (checked whole before anything is written)."""
    from ..reading import decode

    text = decode(file, raw, JournalError)
    if kind == "strong":
        from . import strong

        return list(strong.read(file, text, weight_unit=weight_unit))
    from . import hevy

    return list(hevy.read(file, text))


def neither(file: Path) -> JournalError:
    return JournalError(
        f"{shown(file)}: not a Strong or Hevy CSV export, a Garmin FIT activity, or a hipcli log export; "
        "its first line names none of their columns"
    )


def is_hipcli_export(raw: bytes) -> bool:
    """Whether the file is hipcli's own CSV or JSON export (``logbook.read_export`` reads those)."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith((b"[", b"{")) or b"session_uid" in head.split(b"\n", 1)[0]


def read_file(
    file: Path, *, catalogue: Any, mapping_file: Path | None = None, plan: Any = None, plan_source: str | None = None,
    source_kind: str = "plan", week: int | None = None, weight_unit: str = "kg", raw: bytes | None = None,
) -> tuple[str, list[tuple[dict[str, Any], list[dict[str, Any]]]], Report]:
    """A Strong, Hevy or FIT file as sessions for ``Journal.import_sessions``, checked whole; nothing is written.

    Returns (kind, sessions, report). A file of none of these kinds raises one
    line (callers try hipcli's own export first, with ``is_hipcli_export``).
    """
    from ..reading import read_bytes

    data = read_bytes(file, JournalError, noun="workout export") if raw is None else raw
    kind = detect(data)
    if kind is None:
        raise neither(file)
    mapping = load_mapping(mapping_file, catalogue) if mapping_file is not None else None
    if kind == "fit":
        from . import fit

        activity = fit.read_activity(file, data)
        sessions, report = fit.activity_sessions(file, activity, catalogue=catalogue, plan=plan, plan_source=plan_source,
                                                 source_kind=source_kind, week=week, mapping=mapping)
        return kind, sessions, report
    sets = read_sets(file, data, kind, weight_unit=weight_unit)
    sessions, report = to_sessions(sets, source=kind, catalogue=catalogue, mapping=mapping)
    return kind, sessions, report


def save(journal: Any, sessions: list[tuple[dict[str, Any], list[dict[str, Any]]]], report: Report) -> Report:
    """Write the sessions in one transaction (all or nothing) and note what was new."""
    report.added_sessions, report.added_sets = journal.import_sessions(sessions)
    return report
