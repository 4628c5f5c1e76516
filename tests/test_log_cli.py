"""hipcli log: record by hand, history and its export, import, progress, backup, follow; bad input changes nothing."""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hipcli.journal import Journal, default_path


@pytest.fixture
def plan_file(cli, tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    code, _out, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(path))
    assert code == 0, err
    return path


def plan_items(path: Path) -> list[dict]:
    """The exercises of a saved plan, in order (read independently of hipcli)."""
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [item for block in data["blocks"] for item in block["exercises"]]


def two_sided(path: Path) -> dict:
    """An exercise of the plan done per side, with at least two sets."""
    return next(item for item in plan_items(path) if item["per_side"] and item["sets"] >= 2)


def logged_sets() -> list:
    if not default_path().exists():
        return []
    with Journal.open() as log:
        return log.sets()


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hipcli: "), err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def test_a_session_is_recorded_as_prescribed_except_what_was_typed(cli, plan_file: Path) -> None:
    """As in the issue: "the 2nd set of lateral steps was 3 reps, pain 3" and nothing else typed."""
    item = two_sided(plan_file)
    code, out, err = cli("log", "session", str(plan_file), "--change", f"{item['slug']}:2=3,pain=3")
    assert code == 0, err
    assert "2 differed from the plan" in out
    sets = logged_sets()
    changed = [s for s in sets if s.slug == item["slug"] and s.set_number == 2]
    assert [(s.set_number, s.side, s.done, s.pain) for s in changed] == [(2, "left", 3, 3), (2, "right", 3, 3)]
    # Everything else is the top of its range, as prescribed.
    others = [s for s in sets if s not in changed]
    assert others and all(s.done == s.target_high and s.pain is None for s in others)
    with Journal.open() as log:
        [session] = log.sessions()
        assert session.source_kind == "plan" and session.source == str(plan_file.resolve())
        assert session.planned_sets == len(sets)


def test_the_plan_file_is_never_changed_by_logging(cli, plan_file: Path) -> None:
    before = plan_file.read_bytes()
    assert cli("log", "session", str(plan_file), "-c", f"{plan_items(plan_file)[0]['slug']}=skip")[0] == 0
    assert plan_file.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--change", "no-such-move=8"], 1, "no exercise called 'no-such-move'"),
        (["--change", "nordic-hamstring-curl=8"], 1, "nordic-hamstring-curl is not in this session"),
        (["--change", "SLUG:9=8"], 1, "SLUG has sets 1 to"),
        (["--change", "SLUG=8,pain=11"], 1, "pain 11 must be from 0 to 10"),
        (["--pain", "11"], 2, "--pain: 11 is out of range"),
        (["--date", "2999-01-01"], 2, "--date: 2999-01-01 is in the future"),
        (["--date", "0001-01-01"], 2, "--date: 0001-01-01 is before 1900"),
        (["--date", "31/12/2024"], 2, "--date: '31/12/2024' is not a date"),
    ],
)
def test_bad_input_gets_one_line_and_logs_nothing(cli, plan_file: Path, args: list[str], code: int, message: str) -> None:
    slug = plan_items(plan_file)[0]["slug"]
    got, _out, err = cli("log", "session", str(plan_file), *[arg.replace("SLUG", slug) for arg in args])
    message = message.replace("SLUG", slug)
    assert got == code
    assert message in one_line_error(err)
    assert logged_sets() == []


def test_a_single_exercise_outside_a_plan(cli) -> None:
    code, out, err = cli("log", "add", "side plank", "--done", "30,25", "--pain", "1", "--date", "yesterday")
    assert code == 0, err
    sets = logged_sets()
    assert [(s.set_number, s.side, s.done, s.unit) for s in sets] == [
        (1, "left", 30, "seconds"), (1, "right", 30, "seconds"), (2, "left", 25, "seconds"), (2, "right", 25, "seconds")
    ]
    assert sets[0].date == datetime.date.today() - datetime.timedelta(days=1)


def test_an_unknown_exercise_is_refused(cli) -> None:
    code, _out, err = cli("log", "add", "moonwalk", "--done", "10")
    assert code == 1 and "no exercise called 'moonwalk'" in one_line_error(err)
    assert not default_path().exists() or logged_sets() == []


def test_history_filters_by_muscle_family_and_exercise(cli, plan_file: Path, bundled) -> None:
    cli("log", "session", str(plan_file))
    cli("log", "add", "side-plank", "--done", "30")
    code, out, _ = cli("log", "history", "--format", "json", "--family", "side-plank")
    sessions = json.loads(out)["data"]
    assert code == 0 and len(sessions) == 1
    assert {s["slug"] for s in sessions[0]["sets"]} == {"side-plank"}
    _, out, _ = cli("log", "history", "--format", "json", "--muscle", "hip-flexors")
    slugs = {s["slug"] for session in json.loads(out)["data"] for s in session["sets"]}
    in_plan = {item["slug"] for item in plan_items(plan_file)}
    expected = {slug for slug in in_plan if bundled.by_slug[slug].trains("hip-flexors", secondary=False)}
    assert slugs == expected and expected
    _, out, _ = cli("log", "history", "--exercise", "clamshell")
    assert "clamshell" in out.lower() and "Side plank" not in out


def test_an_export_imports_back_without_duplicates(cli, plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    item = two_sided(plan_file)
    assert cli("log", "session", str(plan_file), "-c", f"{item['slug']}:2:left=2,effort=7")[0] == 0
    cli("log", "add", "clamshell", "--done", "12,10", "--notes", 'said "hi", then, left')
    for fmt in ("csv", "json"):
        export = tmp_path / f"log.{fmt}"
        assert cli("log", "history", "--format", fmt, "--out", str(export))[0] == 0
    with Journal.open() as log:
        original = [(s.slug, s.set_number, s.side, s.done, s.effort) for s in log.sets()]
        notes = [s.notes for s in log.sessions()]
    for fmt in ("csv", "json"):
        monkeypatch.setenv("HIPCLI_DATA", str(tmp_path / f"fresh-{fmt}"))
        code, out, err = cli("log", "import", str(tmp_path / f"log.{fmt}"))
        assert code == 0, err
        assert "Imported 2 new sessions" in out
        assert cli("log", "import", str(tmp_path / f"log.{fmt}"))[1].startswith("Imported 0 new sessions and 0 new sets")
        with Journal.open() as log:
            assert [(s.slug, s.set_number, s.side, s.done, s.effort) for s in log.sets()] == original
            assert [s.notes for s in log.sessions()] == notes


def test_an_import_with_a_bad_row_names_it_and_adds_nothing(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("log", "add", "clamshell", "--done", "12,10")
    export = tmp_path / "log.csv"
    cli("log", "history", "--format", "csv", "--out", str(export))
    lines = export.read_text().splitlines()
    lines[2] = lines[2].replace(",banded-clamshell,", ",moonwalk,")
    export.write_text("\n".join(lines) + "\n")
    monkeypatch.setenv("HIPCLI_DATA", str(tmp_path / "fresh"))
    code, _out, err = cli("log", "import", str(export))
    assert code == 1
    assert one_line_error(err) == f"hipcli: {export}: entry 'row 3': slug: 'moonwalk' is not in the catalogue"
    assert logged_sets() == []


def test_where_prints_the_log_path(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HIPCLI_DATA", str(tmp_path / "synced"))
    assert cli("log", "where")[1] == f"{tmp_path / 'synced' / 'journal.sqlite3'}\n"


def test_backup_and_restore(cli, tmp_path: Path) -> None:
    cli("log", "add", "clamshell", "--done", "12")
    backup = tmp_path / "backup.sqlite3"
    assert cli("log", "backup", str(backup))[0] == 0
    code, _out, err = cli("log", "backup", str(backup))
    assert code == 1 and "already exists" in one_line_error(err)
    cli("log", "add", "side-plank", "--done", "30")
    code, _out, err = cli("log", "restore", str(backup))
    assert code == 1 and "add --force" in one_line_error(err)
    assert len(logged_sets()) == 4  # both sides of the clamshell, both of the side plank
    assert cli("log", "restore", str(backup), "--force")[0] == 0
    assert {s.slug for s in logged_sets()} == {"banded-clamshell"}


@pytest.mark.parametrize("kind", ["junk", "other-sqlite"])
def test_a_log_that_is_damaged_or_not_hipcli_s_gets_one_line_and_is_left_alone(cli, kind: str) -> None:
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "junk":
        path.write_bytes(b"\x00garbage that is not sqlite" * 100)
    else:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE recipes (name)")
        db.commit()
        db.close()
    before = path.read_bytes()
    for args in (["history"], ["add", "clamshell", "--done", "12"], ["progress"]):
        code, _out, err = cli("log", *args)
        assert code == 1, args
        line = one_line_error(err)
        assert str(path) in line and ("not a hipcli training log" in line or "damaged" in line)
    assert path.read_bytes() == before


def test_following_a_programme_logs_the_day_s_session(cli, tmp_path: Path) -> None:
    today = datetime.date.today()
    programme = tmp_path / "programme.toml"
    code, _out, err = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "2",
                          "--days", today.strftime("%a").lower(), "--start", today.isoformat(), "--out", str(programme))
    assert code == 0, err
    code, out, err = cli("log", "follow", str(programme))
    assert code == 0, err
    code, out, err = cli("log", "session")
    assert code == 0, err
    with Journal.open() as log:
        [session] = log.sessions()
        assert session.source_kind == "programme" and session.week == 1
    code, _out, err = cli("log", "session", "--date", (today - datetime.timedelta(days=1)).isoformat())
    assert code == 1 and "has no session on" in one_line_error(err)


def test_asking_what_is_followed_makes_no_log_and_a_bad_file_leaves_none(cli, tmp_path: Path) -> None:
    # 'log follow' alone and '--stop' are questions; a file that is not a programme is refused before the log
    # is opened. None of them leaves a log file behind where there was none.
    from hipcli.journal import exists

    assert cli("log", "follow")[:2] == (0, "No programme followed; pick one with 'hipcli log follow FILE'.\n")
    assert cli("log", "follow", "--stop")[:2] == (0, "No programme was followed.\n")
    (tmp_path / "notes.toml").write_text("not = 'a programme'\n")
    code, _out, err = cli("log", "follow", str(tmp_path / "notes.toml"))
    assert code == 1 and "notes.toml" in one_line_error(err)
    assert not exists()


def test_progress_shows_rungs_group_sets_adherence_and_pain(cli, plan_file: Path, bundled) -> None:
    cli("log", "session", str(plan_file), "--pain", "2")
    cli("log", "morning", "--pain", "1")
    code, out, err = cli("log", "progress", "--weeks", "4", "--format", "json")
    assert code == 0, err
    data = json.loads(out)["data"]
    assert data["weekly_sets"]["target"] == 4
    assert data["weekly_sets"]["groups"]["hip-flexors"][-1] > 0
    assert data["pain"][-1] == {"week": data["weeks"][-1], "max": 2, "mean": 2.0, "morning_max": 1}
    assert {bundled.by_slug[item["slug"]].family_name for item in plan_items(plan_file)} <= set(data["families"])
    code, out, _ = cli("log", "progress", "--weeks", "4")
    for heading in ("Step reached per family", "Weekly sets per group", "Adherence", "Pain"):
        assert heading in out


def test_progress_and_planning_cope_with_logged_work_above_the_level_asked_for(cli, tmp_path: Path) -> None:
    """Advanced work in the log does not break a beginner's progress chart or plan."""
    saved = tmp_path / "advanced.toml"
    assert cli("plan", "--level", "advanced", "--goal", "sprint", "--equipment", "mini-band,long-band,pull-up-bar,box-or-bench",
               "--out", str(saved))[0] == 0
    assert cli("log", "session", str(saved), "--date", "yesterday")[0] == 0
    code, out, err = cli("log", "progress", "--level", "beginner", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["data"]["families"]
    code, _out, err = cli("plan", "--level", "beginner", "--goal", "running")
    assert code == 0, err
    code, _out, err = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "2")
    assert code == 0, err


def test_reading_commands_create_no_log(cli) -> None:
    for args in (["log", "history"], ["log", "progress"], ["log", "history", "--format", "csv"], ["assess", "--history"]):
        code, _out, err = cli(*args)
        assert code == 0, err
    assert not default_path().exists()
    assert not Path(":memory:").exists()


def test_a_year_written_short_by_an_older_hipcli_still_reads(tmp_path: Path) -> None:
    """glibc's strftime writes the year 1 as '1'; a log holding such a time made every read fail."""
    from hipcli.journal import Journal

    path = tmp_path / "log.sqlite3"
    with Journal.open(path) as log:
        log.start_session(started=datetime.datetime(2020, 5, 1, 12, 0), source_kind="single")
    with sqlite3.connect(path) as raw:  # what an older hipcli wrote for --date 0001-01-01
        raw.execute("UPDATE sessions SET started = '1-01-01T12:00:00'")
    raw.close()
    with Journal.open(path, create=False) as log:
        assert [s.started for s in log.sessions()] == [datetime.datetime(1, 1, 1, 12, 0)]


@pytest.mark.parametrize("written", ["0-", "12-x", "1-13-45T99:00"])
def test_a_time_that_only_looks_like_a_short_year_is_unreadable_not_a_crash(tmp_path: Path, written: str) -> None:
    """A damaged start time that starts like an old short year is reported for that session; the end time is dropped."""
    from hipcli.journal import Journal

    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as log:
        log.start_session(started=datetime.datetime(2020, 5, 1, 12, 0), source_kind="single")
        log.start_session(started=datetime.datetime(2020, 5, 2, 12, 0), source_kind="single")
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE sessions SET started = ? WHERE id = 1", (written,))
        raw.execute("UPDATE sessions SET finished = ? WHERE id = 2", (written,))
    raw.close()
    with Journal.open(path, create=False) as log:
        sessions = log.sessions()
        assert [s.started for s in sessions] == [datetime.datetime(2020, 5, 2, 12, 0)]
        assert sessions[0].finished is None
        assert "session 1" in log.unreadable
    result = subprocess.run([sys.executable, "-m", "hipcli", "log", "history"], capture_output=True, text=True,
                            env={**os.environ, "HIPCLI_DATA": str(tmp_path), "NO_COLOR": "1"}, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr and "internal error" not in result.stderr
