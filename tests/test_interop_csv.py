"""Strong and Hevy CSV files in and out of a real SQLite training log.

The sample files in tests/data/interop are written by hand in the layouts the
apps' real exports use (sources in src/hipcli/importers/strong.py and hevy.py).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from hipcli.errors import JournalError
from hipcli.formats import hevy as hevy_out
from hipcli.formats import strong as strong_out
from hipcli.importers import foreign, workouts
from hipcli.journal import Journal

DATA = Path(__file__).parent / "data" / "interop"


def _import(log: Journal, file: Path, catalogue, **options) -> workouts.Report:
    kind, sessions, report = foreign.read_file(file, catalogue=catalogue, **options)
    return foreign.save(log, sessions, report)


def _sets(log: Journal) -> list[tuple]:
    return [(s.started.date(), s.position, s.slug, s.set_number, s.side, s.unit, s.done, s.band, s.effort, s.pain)
            for s in log.sets()]


def test_a_2019_strong_export_with_semicolons_and_units_per_row(tmp_path: Path, bundled) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        report = _import(log, DATA / "strong_2019.csv", bundled)
        assert (report.added_sessions, report.added_sets) == (2, 7)
        rows = _sets(log)
    # Weighted barbell work matches no band card: kept as other work with its load, never dropped.
    assert (datetime.date(2019, 1, 11), 0, "other:Squat (Barbell)", 2, None, "reps", 5, "60 kg", 7, None) in rows
    # "7,5" is a comma-decimal RPE: 2.5 reps in reserve -> effort 6 by the stated conversion.
    assert (datetime.date(2019, 1, 11), 1, "glute-bridge", 2, None, "reps", 12, None, 6, None) in rows
    assert (datetime.date(2019, 1, 11), 2, "side-plank", 1, None, "seconds", 45, None, None, None) in rows
    assert report.unmatched == {"Squat (Barbell)": 2, "Hip Thrust (Barbell)": 1}
    assert set(report.matched) == {"Glute Bridge", "Side Plank", "Clamshell"}
    text = "\n".join(report.lines())
    assert "3 of 5 names matched a card, 2 did not" in text
    assert "'Hip Thrust (Barbell)' (1 set)" in text and "--map" in text
    assert "Zourdos 2016" in text


def test_a_2024_strong_export_drops_rest_rows_and_reports_left_out_warm_ups(tmp_path: Path, bundled) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        report = _import(log, DATA / "strong_2024.csv", bundled)
        sessions = log.sessions()
        rows = _sets(log)
    assert report.warmups == 1
    assert [s.title for s in sessions] == ["Lower A", "Core"]
    assert sessions[0].finished - sessions[0].started == datetime.timedelta(hours=1, minutes=5)
    # Bulgarian split squat is an alias; working sets keep Strong's numbers 1 and 2 (the W row is left out).
    split = [r for r in rows if r[2] == "rear-foot-elevated-split-squat"]
    assert [(r[3], r[6], r[8]) for r in split] == [(1, 8, 7), (2, 8, 9)]
    assert any(r[2] == "banded-lateral-steps" and r[5] == "steps" and r[6] == 12 for r in rows)
    assert any(r[2] == "copenhagen-adduction-long" and r[5] == "seconds" and r[6] == 30 for r in rows)
    assert report.distances_not_kept == 1 and "Running (Treadmill)" in report.unmatched


def test_the_newest_strong_layout_with_units_in_headers_and_12_hour_times(tmp_path: Path, bundled) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        _import(log, DATA / "strong_2025.csv", bundled)
        (session,) = log.sessions()
        rows = _sets(log)
    assert session.started == datetime.datetime(2025, 3, 2, 9, 15)
    assert session.finished == datetime.datetime(2025, 3, 2, 10, 20)
    assert rows[0][2:8] == ("other:Hip Thrust (Barbell)", 1, None, "reps", 10, "135 lb")
    assert rows[1][2] == "fire-hydrant" and rows[1][8] == 4  # RPE 6 = 4 in reserve -> effort 4


def test_a_hevy_export_with_set_types_and_durations(tmp_path: Path, bundled) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        report = _import(log, DATA / "hevy.csv", bundled)
        (session,) = log.sessions()
        rows = _sets(log)
    assert session.started == datetime.datetime(2024, 1, 26, 10, 0)
    assert session.finished == datetime.datetime(2024, 1, 26, 10, 52)
    assert session.notes == "Short one"
    bridge = [r for r in rows if r[2] == "glute-bridge"]
    # The warm-up is left out and counted; the failure set without RPE is effort 10 (0 in reserve).
    assert [(r[3], r[6], r[8]) for r in bridge] == [(1, 15, 6), (2, 18, 10)]
    assert report.warmups == 1
    assert [r[6] for r in rows if r[2] == "other:Plank"] == [60, 45]
    assert [r[7] for r in rows if r[2] == "other:Hip Thrust (Barbell)"] == ["60 kg", "40 kg"]


def test_a_german_hevy_export_in_pounds(tmp_path: Path, bundled) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        _import(log, DATA / "hevy_lbs_de.csv", bundled)
        (session,) = log.sessions()
        rows = _sets(log)
    assert session.started == datetime.datetime(2026, 7, 25, 14, 21)
    assert rows[0][2] == "banded-clamshell"
    assert rows[1][2:8] == ("other:Hackenschmidt Squat (Maschine)", 1, None, "reps", 8, "135 lb")


@pytest.mark.parametrize("name", ["strong_2019.csv", "strong_2024.csv", "strong_2025.csv", "hevy.csv", "hevy_lbs_de.csv"])
def test_importing_the_same_file_again_adds_nothing(tmp_path: Path, bundled, name: str) -> None:
    with Journal.open(tmp_path / "log.db") as log:
        first = _import(log, DATA / name, bundled)
        before = log.counts()
        again = _import(log, DATA / name, bundled)
        assert log.counts() == before
    assert first.added_sets > 0 and (again.added_sessions, again.added_sets) == (0, 0)


def test_a_map_file_sends_names_to_cards_or_keeps_them_as_other_work(tmp_path: Path, bundled) -> None:
    mapping = tmp_path / "my-names.toml"
    mapping.write_text('"Hip Thrust (Barbell)" = "banded hip thrust"\n"Squat (Barbell)" = "other"\n')
    with Journal.open(tmp_path / "log.db") as log:
        report = _import(log, DATA / "strong_2019.csv", bundled, mapping_file=mapping)
        slugs = {s.slug for s in log.sets()}
    assert "banded-hip-thrust" in slugs and "other:Squat (Barbell)" in slugs
    assert report.matched["Hip Thrust (Barbell)"] == "banded-hip-thrust"
    # The barbell's 80 kg is no band: the log does not pretend it is, and says so.
    assert report.weights_not_kept == 1


def test_a_map_file_naming_no_card_is_refused_in_one_line(tmp_path: Path, bundled) -> None:
    mapping = tmp_path / "my-names.toml"
    mapping.write_text('"Hip Thrust (Barbell)" = "barbell hip thrust deluxe"\n')
    with pytest.raises(JournalError) as caught:
        foreign.read_file(DATA / "strong_2019.csv", catalogue=bundled, mapping_file=mapping)
    message = str(caught.value)
    assert "my-names.toml" in message and "Hip Thrust (Barbell)" in message and "\n" not in message


# --- round trips -------------------------------------------------------------------------------


def _varied_log(path: Path) -> Journal:
    """Sets of every kind the log holds: sides, steps, seconds, a skipped set, bands, pain, every effort, other work."""
    log = Journal.open(path)
    first = log.start_session(started=datetime.datetime(2026, 11, 2, 7, 30, 15), source_kind="plan", title="Hips, band day",
                              notes="Felt strong; knee fine")
    for number in (1, 2):
        for side in ("left", "right"):
            log.record_set(first, slug="banded-clamshell", set_number=number, side=side, unit="reps", done=12 + number,
                           position=0, band="medium", placement="above the knees", effort=5 + number, pain=number)
    log.record_set(first, slug="banded-lateral-steps", set_number=1, unit="steps", done=10, position=1, band="light", effort=3)
    log.record_set(first, slug="side-plank", set_number=1, side="left", unit="seconds", done=35, position=2, effort=0)
    log.record_set(first, slug="side-plank", set_number=1, side="right", unit="seconds", done=None, position=2)
    log.record_set(first, slug="glute-bridge", set_number=1, unit="reps", done=None, position=3)
    log.finish_session(first, finished=datetime.datetime(2026, 11, 2, 8, 5, 15))
    second = log.start_session(started=datetime.datetime(2026, 11, 4, 18, 0), source_kind="import", title="Mixed")
    for effort in range(0, 11):
        log.record_set(second, slug="dead-bug", set_number=effort + 1, unit="reps", done=8, position=0, effort=effort)
    log.record_set(second, slug="other:Squat (Barbell)", set_number=1, unit="reps", done=5, position=1, band="60 kg")
    return log


def _comparable(log: Journal, minutes: bool = False) -> list[tuple]:
    heads = {s.id: s for s in log.sessions()}
    out = []
    for s in log.sets():
        head = heads[s.session_id]
        started = head.started.replace(second=0) if minutes else head.started
        out.append((started, head.title, head.notes, s.position, s.slug, s.set_number, s.side, s.unit, s.done, s.band,
                    s.placement, s.effort, s.pain))
    return sorted(out, key=repr)


@pytest.mark.parametrize("writer, name, minutes", [(strong_out, "out.csv", False), (hevy_out, "out.csv", True)])
def test_a_round_trip_through_the_app_format_keeps_every_set(tmp_path: Path, bundled, writer, name, minutes) -> None:
    with _varied_log(tmp_path / "log.db") as log:
        original = _comparable(log, minutes)
        sets = workouts.export_sets(log.export_rows(), bundled)
    exported = tmp_path / name
    exported.write_text(writer.write(sets), encoding="utf-8")
    with Journal.open(tmp_path / "fresh.db") as fresh:
        report = _import(fresh, exported, bundled)
        assert report.unmatched == {"Squat (Barbell)": 1}
        assert _comparable(fresh, minutes) == original
    # Back into the log it came from: the session uids travel in the file, so nothing is added.
    with Journal.open(tmp_path / "log.db") as log:
        before = log.counts()
        again = _import(log, exported, bundled)
        assert log.counts() == before and again.added_sets == 0


def test_the_strong_file_uses_strongs_own_columns_and_rpe(tmp_path: Path, bundled) -> None:
    with _varied_log(tmp_path / "log.db") as log:
        text = strong_out.write(workouts.export_sets(log.export_rows(), bundled))
    lines = text.splitlines()
    assert lines[0] == ";".join(strong_out.HEADER)
    dead_bug = [line.split(";") for line in lines if ";Dead bug;" in line]
    # effort 5 -> RPE 6.5, 10 -> RPE 10: the stated inverse, to the nearest half.
    assert dead_bug[5][7] == "6.5" and dead_bug[10][7] == "10"
    squat = next(line.split(";") for line in lines if "Squat (Barbell)" in line)
    assert squat[4:7] == ["60", "kg", "5"]


# --- bad input ------------------------------------------------------------------------------------


def _refused(tmp_path: Path, bundled, text: str | bytes, *needles: str) -> str:
    file = tmp_path / "input.csv"
    file.write_bytes(text if isinstance(text, bytes) else text.encode())
    log_path = tmp_path / "log.db"
    with Journal.open(log_path) as log:
        before = log.counts()
        with pytest.raises(JournalError) as caught:
            _import(log, file, bundled)
        assert log.counts() == before
    message = str(caught.value)
    assert "input.csv" in message and "\n" not in message
    for needle in needles:
        assert needle in message
    return message


def test_a_csv_from_neither_app_is_refused(tmp_path: Path, bundled) -> None:
    _refused(tmp_path, bundled, "date,exercise,kg\n2024-01-01,squat,60\n", "not a Strong or Hevy")


def test_an_unreadable_date_names_the_row_and_column(tmp_path: Path, bundled) -> None:
    text = (DATA / "strong_2024.csv").read_text().replace("2024-01-17 07:05:00", "yesterday", 1)
    _refused(tmp_path, bundled, text, "row 9", "Date", "yesterday")


def test_a_future_workout_is_refused(tmp_path: Path, bundled) -> None:
    text = (DATA / "hevy.csv").read_text().replace("26 Jan 2024", "26 Jan 2999")
    _refused(tmp_path, bundled, text, "row 2", "future")


def test_hostile_text_in_an_exercise_name_is_refused_and_shown_escaped(tmp_path: Path, bundled) -> None:
    text = (DATA / "hevy.csv").read_text().replace("Glute Bridge", "Glute \x1b[2J\x1b]0;owned\x07Bridge", 1)
    message = _refused(tmp_path, bundled, text, "row 2", "exercise_title", "control characters")
    assert "\x1b" not in message and "\x07" not in message


def test_a_name_thousands_of_characters_long_is_refused(tmp_path: Path, bundled) -> None:
    text = (DATA / "strong_2019.csv").read_text().replace("Clamshell", "x" * 5000)
    _refused(tmp_path, bundled, text, "row 7", "Exercise Name", "at most 200")


def test_a_broken_quote_names_the_line(tmp_path: Path, bundled) -> None:
    text = (DATA / "hevy.csv").read_text() + '"Hip day","26 Jan 2024, 10:00","oops\n'
    _refused(tmp_path, bundled, text, "line")


def test_a_bad_number_names_the_row_and_field(tmp_path: Path, bundled) -> None:
    text = (DATA / "strong_2024.csv").read_text().replace(",10,8,0,0,\"Paused", ",10,eight,0,0,\"Paused")
    _refused(tmp_path, bundled, text, "row 3", "Reps", "eight")


def test_an_rpe_outside_the_scale_is_refused(tmp_path: Path, bundled) -> None:
    text = (DATA / "hevy.csv").read_text().replace(",,,8.5", ",,,14")
    _refused(tmp_path, bundled, text, "row 5", "RPE")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path, bundled) -> None:
    raw = (DATA / "strong_2019.csv").read_bytes().replace(b"Clamshell", b"Clam\xe9shell")
    _refused(tmp_path, bundled, raw, "UTF-8")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path, bundled) -> None:
    file = tmp_path / "input.csv"
    with open(file, "wb") as stream:
        stream.write((DATA / "strong_2019.csv").read_bytes())
        stream.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(JournalError) as caught:
        foreign.read_file(file, catalogue=bundled)
    assert "input.csv" in str(caught.value) and "MB" in str(caught.value)
    os.remove(file)


def test_the_interop_modules_load_no_typer_rich_or_fit_library_at_import() -> None:
    import json
    import subprocess
    import sys

    modules = ["hipcli.importers.workouts", "hipcli.importers.foreign", "hipcli.importers.strong", "hipcli.importers.hevy", "hipcli.importers.fit",
               "hipcli.formats.strong", "hipcli.formats.hevy", "hipcli.formats.fit"]
    script = "\n".join(f"import {name}" for name in modules) + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                           check=True).stdout))
    assert not {"typer", "rich", "click", "garmin_fit_sdk", "fitdecode"} & loaded


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SLUGS = ["banded-clamshell", "side-plank", "banded-lateral-steps", "glute-bridge", "dead-bug", "copenhagen-adduction-short"]
_set = st.fixed_dictionaries({
    "slug": st.sampled_from(_SLUGS),
    "sides": st.booleans(),
    "sets": st.integers(1, 4),
    "done": st.one_of(st.none(), st.integers(0, 300)),
    "effort": st.one_of(st.none(), st.integers(0, 10)),
    "pain": st.one_of(st.none(), st.integers(0, 10)),
    "band": st.sampled_from([None, "light", "medium", "heavy"]),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exercises=st.lists(_set, min_size=1, max_size=4), title=st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=30).filter(str.strip),
    which=st.sampled_from(["strong", "hevy"]))
def test_any_log_survives_a_round_trip(tmp_path_factory, bundled, exercises, title, which) -> None:
    folder = tmp_path_factory.mktemp("trip")
    with Journal.open(folder / "log.db") as log:
        session = log.start_session(started=datetime.datetime(2026, 10, 5, 9, 41), title=title.strip())
        for position, item in enumerate(exercises):
            unit = bundled.by_slug[item["slug"]].unit
            for number in range(1, item["sets"] + 1):
                for side in ("left", "right") if item["sides"] else (None,):
                    log.record_set(session, slug=item["slug"], set_number=number, side=side, unit=unit,
                                   done=item["done"], position=position, band=item["band"], effort=item["effort"],
                                   pain=item["pain"])
        original = _comparable(log)
        sets = workouts.export_sets(log.export_rows(), bundled)
    file = folder / "out.csv"
    file.write_text((strong_out if which == "strong" else hevy_out).write(sets), encoding="utf-8")
    with Journal.open(folder / "fresh.db") as fresh:
        _import(fresh, file, bundled)
        assert _comparable(fresh) == original


def test_every_effort_and_every_whole_rpe_survive_the_conversion_both_ways() -> None:
    assert [workouts.effort_from_rpe(workouts.rpe_from_effort(e)) for e in range(11)] == list(range(11))
    assert [workouts.rpe_from_effort(workouts.effort_from_rpe(r)) for r in (3, 4, 5, 6, 7, 8, 9, 10)] == [3, 4, 5, 6, 7, 8, 9, 10]
    # The anchor: RPE 10 is no reps in reserve, the top of the effort scale.
    assert workouts.effort_from_rpe(10) == 10


def test_names_the_map_file_keeps_as_other_work_are_not_asked_about_again(tmp_path: Path, bundled) -> None:
    mapping = tmp_path / "my-names.toml"
    mapping.write_text('[names]\n"Squat (Barbell)" = "other"\n')
    _kind, _sessions, report = foreign.read_file(DATA / "strong_2019.csv", catalogue=bundled, mapping_file=mapping)
    assert report.unmatched == {"Hip Thrust (Barbell)": 1} and report.kept_other == {"Squat (Barbell)": 2}
    assert "as the --map file says: 'Squat (Barbell)' (2 sets)" in "\n".join(report.lines())


def test_a_strong_export_without_units_takes_the_unit_asked_for(tmp_path: Path, bundled) -> None:
    _kind, sessions, _report = foreign.read_file(DATA / "strong_2024.csv", catalogue=bundled, weight_unit="lb")
    bands = {row["band"] for _head, rows in sessions for row in rows if row["slug"].startswith("other:")}
    assert bands == {None}  # the treadmill run carried no weight
    text = (DATA / "strong_2024.csv").read_text().replace("Running (Treadmill),1,0,", "Hip Thrust (Barbell),1,135,")
    file = tmp_path / "strong.csv"
    file.write_text(text)
    _kind, sessions, _report = foreign.read_file(file, catalogue=bundled, weight_unit="lb")
    assert "135 lb" in {row["band"] for _head, rows in sessions for row in rows}


def test_a_forged_band_in_a_notes_tag_is_refused(tmp_path: Path, bundled) -> None:
    text = (DATA / "strong_2019.csv").read_text().replace('"slow lowering"', '"[hipcli band=purple]"')
    _refused(tmp_path, bundled, text, "row 5", "band 'purple' is not a band level")
