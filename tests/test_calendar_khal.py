"""Re-importing a changed programme into a real calendar (khal) moves its events instead of adding copies.

Each test imports a programme into a private khal calendar (its own config,
vdir and database under tmp_path), changes one thing (days, start date,
time, weeks, level), exports again and re-imports, then reads the calendar
back with ``khal list``.
"""

from __future__ import annotations

import collections
import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (apt install khal)")

BASE = {"--level": "beginner", "--goal": "running", "--weeks": "4", "--start": "2026-12-07", "--days": "mon,thu"}


class Khal:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "calendar").mkdir()
        self.config = folder / "khal.conf"
        self.config.write_text(
            "[calendars]\n[[hip]]\n"
            f"path = {folder / 'calendar'}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n",
            encoding="utf-8",
        )
        self.exports = 0

    def run(self, *args: str) -> str:
        done = subprocess.run(["khal", "-c", str(self.config), *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def export_and_import(self, options: dict[str, str]) -> None:
        self.exports += 1
        path = self.folder / f"programme-{self.exports}.ics"
        argv = [sys.executable, "-m", "hipcli", "program", *[part for pair in options.items() for part in pair if part]]
        done = subprocess.run([*argv, "--out", str(path)], capture_output=True, text=True, timeout=120, env=os.environ)
        assert done.returncode == 0, done.stderr
        self.run("import", "--batch", "-a", "hip", str(path))

    def events(self) -> list[tuple[str, str, str]]:
        """(start, end, title) of every event in the calendar."""
        out = self.run("list", "--format", "{start}|{end}|{title}", "2026-11-01", "2027-12-31")
        found = [tuple(line.split("|")) for line in out.splitlines() if "|" in line]
        return found  # type: ignore[return-value]

    def files(self) -> int:
        return len(list((self.folder / "calendar").glob("*.ics")))


def weekdays(events: list[tuple[str, str, str]]) -> set[str]:
    return {datetime.date.fromisoformat(start[:10]).strftime("%a").lower() for start, _, _ in events}


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"--days": "tue,fri"}, lambda events: weekdays(events) == {"tue", "fri"} and len(events) == 16),
        ({"--start": "2027-01-04"}, lambda events: min(e[0] for e in events) >= "2027-01-04" and len(events) == 16),
        ({"--time": "07:00"}, lambda events: all(" 07:" in e[0] for e in events) and len(events) == 16),
        ({"--weeks": "6"}, lambda events: len(events) == 24),
        ({"--level": "intermediate"}, lambda events: all("intermediate" in e[2] for e in events) and len(events) == 16),
    ],
    ids=["days", "start", "time", "weeks", "level"],
)
def test_a_changed_programme_re_imported_moves_its_events(tmp_path: Path, change: dict[str, str], check) -> None:  # type: ignore[no-untyped-def]
    khal = Khal(tmp_path)
    khal.export_and_import(BASE)
    before = khal.events()
    assert len(before) == 16 and weekdays(before) == {"mon", "thu"}  # a warm-up and a strength session, twice a week
    khal.export_and_import({**BASE, **change})
    after = khal.events()
    duplicates = [event for event, count in collections.Counter(after).items() if count > 1]
    assert not duplicates
    assert check(after), after
    assert khal.files() == len(after)  # one file per event: nothing left behind from the first import


def test_with_a_time_the_warm_up_and_strength_session_follow_one_another_in_khal(tmp_path: Path) -> None:
    khal = Khal(tmp_path)
    khal.export_and_import({**BASE, "--time": "07:00"})
    by_day: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for start, end, _ in khal.events():
        by_day[start[:10]].append((start, end))
    assert by_day and all(len(slots) == 2 for slots in by_day.values())
    for slots in by_day.values():
        first, second = sorted(slots)
        assert first[0].endswith("07:00") and second[0] == first[1]  # the second starts as the first ends
