"""The checks every value passes before the training log stores it, and how the log writes and reads times.

Shared by the store (``journal.py``), the backup checks (``restore.py``) and
the corrections (``corrections.py``). Each check raises ``JournalError`` with
one sentence naming the field and the value.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from .errors import JournalError

SIDES = ("left", "right")
UNITS = ("reps", "seconds", "steps")


def new_uid() -> str:
    """A random id that stays with a session through export and import (uuid4's 122 random bits, without
    importing uuid, which loads the platform module: a cost every log command paid)."""
    return os.urandom(16).hex()


def current_time() -> datetime.datetime:
    return datetime.datetime.now().replace(microsecond=0)


def local(value: datetime.datetime) -> datetime.datetime:
    """A time as the log keeps it: local wall-clock time without a zone.

    A time given with a zone (2020-01-01T10:00+14:00) is the same moment in
    local time, not the same digits with the zone dropped.
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone().replace(tzinfo=None)
    return value.replace(tzinfo=None)


def time_stamp(value: datetime.datetime) -> str:
    # isoformat, not strftime: glibc's %Y writes the year 1 as "1", which no parser reads back.
    return local(value).replace(microsecond=0).isoformat(timespec="seconds")


def parse_time(value: str | None) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        # Written by an older hipcli with strftime ("1-01-01T12:00:00"): pad the year and read it.
        year, dash, rest = value.partition("-")
        if dash and year.isdigit() and len(year) < 4:
            try:
                return datetime.datetime.fromisoformat(year.zfill(4) + "-" + rest)
            except ValueError:
                pass  # not an old time either ("0-", "12-x"): unreadable, said below
        raise JournalError(f"the log holds a time hipcli cannot read ({value!r}); 'hipcli log backup' keeps a copy") from None


# Dates before this are typing slips (0001 for 2001), not training.
EARLIEST = datetime.date(1900, 1, 1)


def check_when(value: datetime.datetime | datetime.date, what: str = "date") -> None:
    """A log is of what was done: nothing in it lies in the future, or before 1900."""
    moment = local(value) if isinstance(value, datetime.datetime) else datetime.datetime.combine(value, datetime.time())
    if moment > current_time() + datetime.timedelta(minutes=1):
        raise JournalError(f"{what} {value.isoformat()}: is in the future; the log only holds what was done")
    if moment.date() < EARLIEST:
        raise JournalError(f"{what} {value.isoformat()}: is before {EARLIEST.year}; check the year")


def check_scale(name: str, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10):
        raise JournalError(f"{name} {brief(value)}: must be a whole number from 0 to 10")


# The largest count any integer column holds: far above any real dose, far below SQLite's 64-bit limit.
MAX_COUNT = 1_000_000


def brief(value: Any) -> str:
    """A value for a message: never a 5,000-digit number or a 100 KiB string in full."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value).bit_length() > 64:
        return "(a number far too large)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_count(name: str, value: Any, low: int = 0) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_COUNT):
        raise JournalError(f"{name} {brief(value)}: must be a whole number from {low} to {MAX_COUNT:,}")


def check_id(session_id: Any) -> None:
    """A session number SQLite can look up; anything else (2**70, -1, '3') is no session of this log."""
    if isinstance(session_id, bool) or not isinstance(session_id, int) or not 0 < session_id < 2**63:
        raise JournalError(f"session {brief(session_id)}: no such session in the log")


def stored_text(value: Any, name: str) -> str | None:
    """Text to store: bytes that were not UTF-8 become U+FFFD (SQLite cannot take a lone surrogate), sizes bounded."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise JournalError(f"{name} {brief(value)}: must be text")
    from .values import MAX_TEXT, clean_text

    value = clean_text(value)
    if len(value) > MAX_TEXT // 4 and len(value.encode("utf-8")) > MAX_TEXT:
        raise JournalError(f"{name}: is larger than {MAX_TEXT // 1024} KiB; the log keeps short text only")
    return value


# Work a Strong, Hevy or FIT import matched to no card is logged as "other:NAME"; its band column holds what
# the app said (a weight, "60 kg"), never read as a band level, since no ladder or chart has such a slug.
OTHER = "other:"


def check_band(name: str, value: Any, slug: Any = None) -> None:
    from .models import BAND_LEVELS

    if isinstance(slug, str) and slug.startswith(OTHER):
        if value is not None and not isinstance(value, str):
            raise JournalError(f"{name} {brief(value)}: must be text")
        return
    if value is not None and value not in BAND_LEVELS:
        # A colour or a typo stored here once made every later 'log progress' fail.
        raise JournalError(f"{name} {brief(value)}: must be a band level ({', '.join(BAND_LEVELS)})")


def check_set(side: str | None, unit: str, set_number: int, done: int | None, effort: int | None, pain: int | None,
               band: str | None = None, target_band: str | None = None, slug: str | None = None) -> None:
    if side is not None and side not in SIDES:
        raise JournalError(f"side {brief(side)}: must be left, right or none")
    if unit not in UNITS:
        raise JournalError(f"unit {brief(unit)}: must be one of {', '.join(UNITS)}")
    if isinstance(set_number, int) and not isinstance(set_number, bool) and set_number < 1:
        raise JournalError(f"set {set_number}: set numbers start at 1")
    check_count("set", set_number, 1)
    if done is not None and (isinstance(done, bool) or not isinstance(done, int) or not 0 <= done <= 10000):
        raise JournalError(f"done {brief(done)}: must be a count from 0 to 10,000")
    check_scale("effort", effort)
    check_scale("pain", pain)
    check_band("band", band, slug)
    check_band("target band", target_band, slug)
