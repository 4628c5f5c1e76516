"""The four interop commands, run as a person runs them: the real hipcli in a subprocess, a real log file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import fitdecode
import pytest

from hipcli.formats import fit
from hipcli.journal import Journal

from . import fitfiles

DATA = Path(__file__).parent / "data" / "interop"


def hipcli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hipcli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=120)


def one_line_error(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _log() -> Path:
    return Path(os.environ["HIPCLI_DATA"]) / "journal.sqlite3"


def test_log_import_reads_a_strong_export_and_says_what_to_map(tmp_path: Path) -> None:
    result = hipcli("log", "import", str(DATA / "strong_2019.csv"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Read 7 sets in 2 sessions from the Strong file: added 2 new sessions and 7 new sets" in result.stdout
    assert "3 of 5 names matched a card, 2 did not" in result.stdout
    assert "'Squat (Barbell)' (2 sets)" in result.stdout and "--map" in result.stdout
    again = hipcli("log", "import", str(DATA / "strong_2019.csv"), cwd=tmp_path)
    assert "added 0 new sessions and 0 new sets" in again.stdout
    with Journal.open(_log()) as log:
        assert log.counts()[:2] == (2, 7)


def test_log_import_with_a_map_file(tmp_path: Path) -> None:
    names = tmp_path / "my-names.toml"
    names.write_text('"Hip Thrust (Barbell)" = "banded-hip-thrust"\n"Plank" = "other"\n')
    result = hipcli("log", "import", str(DATA / "hevy.csv"), "--map", str(names), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 of 3 names matched a card, 0 did not" in result.stdout
    assert "as the --map file says: 'Plank' (2 sets)" in result.stdout
    with Journal.open(_log()) as log:
        assert "banded-hip-thrust" in {s.slug for s in log.sets()}


def test_log_export_to_strong_and_hevy_and_back(tmp_path: Path) -> None:
    hipcli("log", "import", str(DATA / "strong_2024.csv"), cwd=tmp_path)
    with Journal.open(_log()) as log:
        before = [(s.slug, s.set_number, s.unit, s.done, s.effort) for s in log.sets()]
    for app in ("strong", "hevy"):
        result = hipcli("log", "export", "--format", app, "--out", f"{app}.csv", cwd=tmp_path)
        assert result.returncode == 0 and f"wrote {app}.csv" in result.stderr
        again = hipcli("log", "import", f"{app}.csv", cwd=tmp_path)
        assert "added 0 new sessions and 0 new sets" in again.stdout, again.stdout
    assert (tmp_path / "strong.csv").read_text().startswith("Date;Workout Name;Exercise Name;Set Order;Weight;")
    assert (tmp_path / "hevy.csv").read_text().startswith('"title","start_time","end_time","description","exercise_title"')
    # Into a fresh log, every set comes back.
    fresh = tmp_path / "fresh"
    result = subprocess.run([sys.executable, "-m", "hipcli", "log", "import", "strong.csv"], capture_output=True, text=True,
                            cwd=tmp_path, env={**os.environ, "HIPCLI_DATA": str(fresh)})
    assert result.returncode == 0, result.stderr
    with Journal.open(fresh / "journal.sqlite3") as log:
        assert [(s.slug, s.set_number, s.unit, s.done, s.effort) for s in log.sets()] == before
    history = hipcli("log", "history", "--format", "hevy", cwd=tmp_path)
    assert history.returncode == 0 and history.stdout.startswith('"title","start_time"')


def test_plan_writes_a_garmin_workout_that_decodes_to_its_steps(tmp_path: Path, bundled) -> None:
    result = hipcli("plan", "--level", "beginner", "--goal", "running", "--out", "session.fit", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wrote session.fit: the Garmin workout 'Hip strength beginner'" in result.stderr
    saved = hipcli("plan", "--level", "beginner", "--goal", "running", "--out", "session.toml", cwd=tmp_path)
    assert saved.returncode == 0
    from hipcli.planfile import load_document

    plan = load_document(tmp_path / "session.toml", bundled).plan
    expected = fit.workout_steps(plan, bundled)
    with fitdecode.FitReader(io.BytesIO((tmp_path / "session.fit").read_bytes()), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        steps = [{f.name: f.value for f in frame.fields} for frame in reader
                 if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step"]
    assert len(steps) == len(expected)
    for got, want in zip(steps, expected):
        if want.kind == "exercise":
            assert got["wkt_step_name"] == want.name and got["exercise_category"] == want.category
            assert got.get("duration_reps", got.get("duration_time")) == want.amount
        elif want.kind == "rest":
            assert got["intensity"] == "rest" and got["duration_time"] == want.amount
        else:
            assert (got["duration_step"], got["repeat_steps"]) == (want.repeat_from, want.repeat_times)


def test_program_writes_one_session_as_a_garmin_workout(tmp_path: Path) -> None:
    args = ["program", "--level", "beginner", "--goal", "glutes", "--weeks", "3", "--start", "2026-12-07"]
    result = hipcli(*args, "--out", "day.fit", "--week", "2", "--day", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wrote day.fit: the Garmin workout 'W2D1 " in result.stderr
    assert (tmp_path / "day.fit").read_bytes()[8:12] == b".FIT"
    missing = hipcli(*args, "--out", "all.fit", cwd=tmp_path)
    assert "--week N --day N" in one_line_error(missing, 2) and not (tmp_path / "all.fit").exists()
    elsewhere = hipcli(*args, "--out", "plan.md", "--day", "1", cwd=tmp_path)
    assert "--week and --day only apply to .fit files" in one_line_error(elsewhere, 2)


def test_log_import_reads_a_watch_activity_against_its_plan(tmp_path: Path, bundled) -> None:
    assert hipcli("plan", "--level", "beginner", "--goal", "running", "--out", "session.toml", cwd=tmp_path).returncode == 0
    from hipcli.planfile import load_document

    plan = load_document(tmp_path / "session.toml", bundled).plan
    workout = fit.encode(plan, title="Hip strength beginner", catalogue=bundled)
    steps = fit.workout_steps(plan, bundled)
    from .test_interop_fit import _done_as_planned

    done = _done_as_planned(steps)
    done.pop()  # the last set never done
    (tmp_path / "activity.fit").write_bytes(fitfiles.activity(done, steps=fitfiles.steps_as_recorded(workout)))
    result = hipcli("log", "import", "activity.fit", "--plan", "session.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "from the Garmin FIT file: added 1 new session" in result.stdout
    assert "Matched to the plan session.toml: 1 set skipped, 0 sets added." in result.stdout
    with Journal.open(_log()) as log:
        (session,) = log.sessions()
        assert session.source_kind == "plan" and session.source.endswith("session.toml")
        assert sum(1 for s in log.sets() if s.done is None) == 1


@pytest.mark.parametrize("content, words", [
    (b"name,sets\nsquat,3\n", "not a Strong or Hevy CSV export"),
    (b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00", "FIT"),
])
def test_bad_files_get_one_line_and_leave_the_log_alone(tmp_path: Path, content: bytes, words: str) -> None:
    hipcli("log", "import", str(DATA / "hevy.csv"), cwd=tmp_path)
    with Journal.open(_log()) as log:
        before = log.counts()
    (tmp_path / "input.bin").write_bytes(content)
    error = one_line_error(hipcli("log", "import", "input.bin", cwd=tmp_path))
    assert "input.bin" in error and words in error
    with Journal.open(_log()) as log:
        assert log.counts() == before


def test_a_run_from_the_watch_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "run.fit").write_bytes(fitfiles.activity([{"step": None, "reps": 1}], sport="running", sub_sport="generic"))
    error = one_line_error(hipcli("log", "import", "run.fit", cwd=tmp_path))
    assert error == "hipcli: run.fit: is a running activity; hipcli imports strength training only\n"


def test_plan_options_for_another_file_kind_are_usage_errors(tmp_path: Path) -> None:
    error = one_line_error(hipcli("log", "import", str(DATA / "hevy.csv"), "--plan", "x.toml", cwd=tmp_path), 2)
    assert "--plan" in error and "(.fit)" in error


def test_log_import_speaks_json_for_scripts(tmp_path: Path) -> None:
    import json

    result = hipcli("log", "import", str(DATA / "hevy.csv"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "log-import"
    data = document["data"]
    assert (data["source"], data["added_sessions"], data["added_sets"], data["warmups_left_out"]) == ("Hevy", 1, 6, 1)
    assert data["unmatched"] == {"Hip Thrust (Barbell)": 2, "Plank": 2} and "Zourdos" in data["rpe_conversion"]


def test_an_activity_is_matched_to_the_followed_programmes_session_on_its_date(tmp_path: Path, bundled) -> None:
    start = fitfiles.START.astimezone().date()
    args = ["program", "--level", "beginner", "--goal", "glutes", "--weeks", "2", "--start", start.isoformat(),
            "--days", "mon,wed,fri,sat,sun,tue,thu"]
    assert hipcli(*args, "--out", "programme.toml", cwd=tmp_path).returncode == 0
    assert hipcli("log", "follow", "programme.toml", cwd=tmp_path).returncode == 0
    from hipcli.importers.fit import plan_for
    from hipcli.planfile import load_document

    document = load_document(tmp_path / "programme.toml", bundled)
    plan, _kind, _week = plan_for(tmp_path / "a.fit", document, start)
    workout = fit.encode(plan, title="Day", catalogue=bundled)
    from .test_interop_fit import _done_as_planned

    done = _done_as_planned(fit.workout_steps(plan, bundled))
    (tmp_path / "activity.fit").write_bytes(fitfiles.activity(done, steps=fitfiles.steps_as_recorded(workout), workout_name="Day"))
    result = hipcli("log", "import", "activity.fit", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "programme.toml: 0 sets skipped, 0 sets added." in result.stdout
    with Journal.open(_log()) as log:
        (session,) = log.sessions()
        assert (session.source_kind, session.week) == ("programme", 1)


def test_strong_and_hevy_exports_in_pieces_of_whole_sessions_are_the_whole_file(tmp_path: Path, bundled) -> None:
    # Written a few hundred sets at a time (flat memory), the file is the one written at once, however the
    # pieces fall: the writers look along a session's sets (a second entry of the same exercise, Hevy's set index).
    from hipcli.formats import hevy, strong
    from hipcli.importers.workouts import export_sets
    from hipcli.logexport import whole_sessions

    from .test_logcsv import tricky_but_quick, write_log

    log = tricky_but_quick()
    for _head, sets in log["sessions"]:
        for row in sets:
            row["position"] = 0  # one exercise twice in a row, a second entry of it: new_blocks' case
    path = tmp_path / "log.sqlite3"
    write_log(path, log)
    with Journal.open(path) as journal:
        rows = list(journal.export_rows())
    assert len(rows) > 40
    for writer in (strong, hevy):
        whole = writer.write(export_sets(rows, bundled))
        for size in (1, 2, 7, 500):
            pieces = list(whole_sessions(rows, size))
            assert all(len({row[0] for row in piece}) >= 1 for piece in pieces)
            # No session is cut between two pieces.
            assert len({row[0] for piece in pieces for row in piece}) == sum(len({row[0] for row in piece}) for piece in pieces)
            assert "".join(writer.write_pieces(export_sets(piece, bundled) for piece in pieces)) == whole
        assert "".join(writer.write_pieces([])) == writer.write([])  # the header alone


def test_strong_and_hevy_exports_show_control_characters_as_escapes(tmp_path: Path) -> None:
    # A title or note from an old or hand-edited log holding a terminal's escape: shown as text, as in the CSV.
    assert hipcli("log", "add", "banded-clamshell", "--done", "12,10", cwd=tmp_path).returncode == 0
    import sqlite3

    db = sqlite3.connect(_log())
    db.execute("UPDATE sessions SET title = 'evil\x1b[2Jtitle', notes = 'ring\x07 \u202eevil'")
    db.commit()
    db.close()
    for app in ("strong", "hevy", "csv"):
        result = hipcli("log", "history", "--format", app, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout, app
        assert "evil\\x1b[2Jtitle" in result.stdout and "ring\\x07 \\u202eevil" in result.stdout, app
