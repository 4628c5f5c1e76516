"""Every way into the log checked at the door: imports, exports, --out, dates, a folder in the log's place.

Each bad input must end in one line naming the file, the entry and the field,
exit 1 or 2, and leave the log exactly as it was.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
from pathlib import Path

import pytest

from hipcli.journal import Journal, default_path

HEADER = ("session_uid,started,finished,source_kind,source,week,title,notes,planned_sets,morning_pain,position,slug,"
          "set_number,side,unit,target_sets,target_low,target_high,tempo,target_band,done,band,placement,effort,pain")
COLUMNS = HEADER.split(",")
BASE = {"session_uid": "u-1", "started": "2024-01-01T08:00:00", "source_kind": "import", "slug": "side-plank",
        "set_number": "1", "unit": "seconds", "done": "30"}


def csv_row(**changes: str) -> str:
    values = {**BASE, **changes}
    return ",".join(values.get(column, "") for column in COLUMNS)


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hipcli: "), err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def state() -> tuple[tuple[int, int, int], str]:
    with Journal.open() as log:
        return log.counts(), log.db.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def logged(cli) -> tuple[tuple[int, int, int], str]:
    code, _out, err = cli("log", "add", "side-plank", "--done", "30")
    assert code == 0, err
    return state()


SESSION = {"session_uid": "j-1", "started": "2024-01-01T08:00:00",
           "sets": [{"slug": "side-plank", "set_number": 1, "unit": "seconds", "done": 30}]}


def json_with(**set_changes: object) -> str:
    return json.dumps([{**SESSION, "sets": [{**SESSION["sets"][0], **set_changes}]}])


BAD_IMPORTS = {
    "superscript.csv": (HEADER + "\n" + csv_row(done="3²") + "\n", "entry 'row 2': done: '3²' is not a whole number"),
    "digits25.csv": (HEADER + "\n" + csv_row(done="9" * 25) + "\n", "entry 'row 2': done: .* more digits"),
    "unterminated.csv": (HEADER + "\n" + csv_row(title='"never closed') + "\n" + csv_row(set_number="2") + "\n", "row 2: not valid CSV"),
    "finished-first.csv": (HEADER + "\n" + csv_row(finished="2023-12-31T08:00:00") + "\n", "entry 'row 2': finished: .* before the session started"),
    "colour.csv": (HEADER + "\n" + csv_row(band="chartreuse") + "\n", "entry 'row 2': band: 'chartreuse' is not a band level .* or a colour on the band chart"),
    "field.csv": (HEADER + "\n" + csv_row(notes="n" * (129 * 1024)) + "\n", "row 2: not valid CSV .*field larger"),
    "extra-cells.csv": (HEADER + "\n" + csv_row() + ",x,y\n", "entry 'row 2': row: has 2 more cells"),
    "power70.json": (json_with(done=2**70), "entry 'session 1 set 1': done: the number is far too large"),
    "slug-list.json": (json_with(slug=["side-plank"]), "entry 'session 1 set 1': slug: must be text, not a list"),
    "digits5000.json": ('[{"session_uid": "a", "started": "2024-01-01T08:00:00", "week": ' + "9" * 5000 + "}]", "a number too long to read"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "surrogate.json": ('[{"session_uid": "a\\ud800", "started": "2024-01-01T08:00:00"}]', "session_uid: holds U\\+D800"),
    "big-title.json": (json.dumps([{**SESSION, "title": "t" * (129 * 1024)}]), "title: is larger than 128 KiB"),
    "float.json": (json_with(done=1.5), "done: must be a whole number, not a fraction"),
    "bool.json": (json_with(pain=True), "pain: true is not a whole number"),
    "bad-zone.json": (json.dumps([{**SESSION, "started": "2024-01-01T08:00:00+99:00"}]), "started: .* not a date and time"),
}


@pytest.mark.parametrize("name", sorted(BAD_IMPORTS))
def test_a_bad_import_is_one_line_naming_the_file_and_entry_and_changes_nothing(cli, tmp_path: Path, logged, name: str) -> None:
    text, message = BAD_IMPORTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code, _out, err = cli("log", "import", str(path))
    line = one_line_error(err)
    assert code == 1
    assert line.startswith(f"hipcli: {path}"), "the error names the import file, never the healthy log"
    assert str(default_path()) not in line and "restore" not in line
    import re

    assert re.search(message, line), line
    assert state() == logged


def test_a_time_with_a_zone_is_imported_as_that_moment_in_local_time(cli, tmp_path: Path) -> None:
    path = tmp_path / "zone.csv"
    path.write_text(HEADER + "\n" + csv_row(started="2020-01-01T10:00+14:00") + "\n")
    code, _out, err = cli("log", "import", str(path))
    assert code == 0, err
    expected = datetime.datetime.fromisoformat("2020-01-01T10:00+14:00").astimezone().replace(tzinfo=None)
    with Journal.open() as log:
        assert [s.started for s in log.sessions()] == [expected]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_the_round_trip_holds(cli, tmp_path: Path) -> None:
    notes = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "'quoted", "plain"]
    for text in notes:
        code, _out, err = cli("log", "add", "side-plank", "--done", "30", "--notes", text)
        assert code == 0, err
    exported = tmp_path / "log.csv"
    code, _out, err = cli("log", "history", "-f", "csv", "--out", str(exported))
    assert code == 0, err
    import csv

    cells = [cell for row in csv.reader(exported.open(newline="")) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert "'=HYPERLINK(\"http://evil\")" in cells
    # Into a fresh log: the notes come back exactly as typed.
    os.environ["HIPCLI_DATA"] = str(tmp_path / "fresh")
    code, _out, err = cli("log", "import", str(exported))
    assert code == 0, err
    with Journal.open() as log:
        assert sorted(s.notes for s in log.sessions()) == sorted(notes)


def test_no_out_option_writes_over_the_log_or_its_wal_and_shm(cli, tmp_path: Path, logged) -> None:
    log = default_path()
    hard = tmp_path / "hard-link.sqlite3"
    os.link(log, hard)
    link = tmp_path / "sym-link.sqlite3"
    link.symlink_to(log)
    for target in (log, Path(f"{log}-wal"), Path(f"{log}-shm"), hard, link):
        code, _out, err = cli("log", "history", "-f", "csv", "--out", str(target), "--force")
        assert code == 1 and "never writes over it" in one_line_error(err), (target, err)
    code, _out, err = cli("log", "backup", str(log), "--force")
    assert code == 1 and "never writes over it" in one_line_error(err)
    assert state() == logged


def test_out_force_on_a_symlink_replaces_the_link_not_the_file_it_points_at(cli, tmp_path: Path) -> None:
    precious = tmp_path / "precious.toml"
    precious.write_text("keep me\n")
    link = tmp_path / "link.toml"
    link.symlink_to(precious)
    code, _out, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(link), "--force")
    assert code == 0, err
    assert precious.read_text() == "keep me\n"
    assert not link.is_symlink() and "beginner" in link.read_text()


def test_a_folder_in_the_logs_place_is_an_error_not_an_empty_log(cli) -> None:
    default_path().mkdir(parents=True)
    code, out, err = cli("log", "history")
    assert code == 1 and "is a folder" in one_line_error(err)
    assert "No sessions" not in out


def test_history_with_a_count_beyond_sqlites_integers_shows_everything(cli, logged) -> None:
    code, out, err = cli("log", "history", "-n", "99999999999999999999", "-f", "json")
    assert code == 0, err
    assert len(json.loads(out)["data"]) == 1


def test_a_config_nested_five_thousand_deep_is_one_line(cli, tmp_path: Path) -> None:
    config = Path(os.environ["HIPCLI_CONFIG"])
    config.write_text("level = " + "[" * 5000 + "]" * 5000 + "\n")
    code, _out, err = cli("plan")
    assert code in (1, 2) and "nested too deeply" in one_line_error(err)


def test_a_log_holding_what_older_restores_let_in_is_read_and_named(cli, logged) -> None:
    """A NULL slug (a table rebuilt without NOT NULL) and a followed programme with a date nobody can read."""
    db = sqlite3.connect(default_path())
    db.execute("PRAGMA writable_schema = ON")
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'sets'").fetchone()[0]
    db.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'sets'", (sql.replace("slug TEXT NOT NULL", "slug TEXT"),))
    db.commit()
    db.close()
    db = sqlite3.connect(default_path())
    db.execute("UPDATE sets SET slug = NULL WHERE id = 1")
    db.execute("INSERT INTO followed (id, path, since) VALUES (1, '/nowhere.toml', 'next week')")
    db.commit()
    db.close()
    db = sqlite3.connect(default_path())
    db.execute("INSERT INTO sessions (uid, started, source_kind) VALUES ('u-bad', 'last tuesday', 'options')")
    db.commit()
    db.close()
    code, out, err = cli("log", "history")
    assert code == 0 and "Traceback" not in err, err
    assert "(missing exercise)" in out
    assert "session 2 has a start time hipcli cannot read ('last tuesday'), so it is left out" in err
    assert "hipcli log edit 2 --date" in err
    for args in (("log", "progress"), ("log", "history", "-f", "json")):
        code, _out, err = cli(*args)
        assert code == 0 and "Traceback" not in err, err
    code, out, err = cli("log", "follow")
    assert code == 0 and "start date ('next week') cannot be read" in one_line_error(err)
    assert "No programme followed" in out
    # The advice works: the date is corrected, and nothing is left out any more.
    code, _out, err = cli("log", "edit", "2", "--date", "2024-01-01")
    assert code == 0, err
    code, _out, err = cli("log", "history")
    assert code == 0 and "cannot read" not in err


def test_markdown_export_shows_hostile_text_literally(cli, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    out = tmp_path / "plan.md"
    hostile = "<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://evil.example/p.png) <img src=x onerror=alert(1)>"
    code, _out, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(out),
                          "--name", hostile, "--clinician", hostile, "--notes", hostile)
    assert code == 0, err
    html = MarkdownIt("commonmark").enable("table").render(out.read_text())
    assert "<script" not in html and "javascript:" not in html.split("href=")[-1][:20]
    # The only pictures are hipcli's own drawings, in the folder written beside the file.
    assert html.count("<img") == html.count('<img src="plan-figures/') and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the text is still there, shown literally"


def test_a_band_colour_is_stored_as_the_level_it_stands_for_and_anything_else_is_a_usage_error(cli, tmp_path: Path) -> None:
    code, _out, err = cli("log", "add", "banded-psoas-march", "--done", "10", "--band", "green")
    assert code == 0, err
    code, _out, err = cli("log", "add", "banded-psoas-march", "--done", "10", "--band", "furlongs")
    assert code == 2 and "'furlongs' is not a band level" in one_line_error(err)
    plan = tmp_path / "plan.toml"
    assert cli("plan", "--level", "beginner", "--goal", "running", "--out", str(plan))[0] == 0
    before = state()
    code, _out, err = cli("log", "session", str(plan), "--change", "banded-lateral-steps=8,band=green-ish")
    assert code == 2 and "band: 'green-ish' is not a band level" in one_line_error(err)
    assert state() == before
    with Journal.open() as log:
        assert {s.band for s in log.sets()} == {"medium"}
    code, _out, err = cli("log", "progress")
    assert code == 0, err


@pytest.mark.parametrize("done", ["3²", "٣", "9" * 25, "10,-1", "1e3"])
def test_log_add_refuses_digits_that_are_not_plain_counts_as_a_usage_error(cli, done: str) -> None:
    code, _out, err = cli("log", "add", "side-plank", "--done", done)
    assert code == 2 and "--done" in one_line_error(err)


def test_a_date_with_a_zone_is_honoured_not_dropped(cli) -> None:
    code, _out, err = cli("log", "add", "side-plank", "--done", "30", "--date", "2020-01-01T10:00+14:00")
    assert code == 0, err
    expected = datetime.datetime.fromisoformat("2020-01-01T10:00+14:00").astimezone().replace(tzinfo=None)
    with Journal.open() as log:
        assert [s.started for s in log.sessions()] == [expected]


def test_edit_why_with_a_line_break_escape_or_bidi_override_is_refused_and_the_plan_is_unchanged(cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    assert cli("plan", "--level", "beginner", "--goal", "running", "--out", str(plan))[0] == 0
    before = plan.read_bytes()
    for why in ("week 6\nsets = 99", "red \x1b[31m", "abc\u202edef", "del\x7f", "cr\r"):
        code, _out, err = cli("edit", str(plan), "set", "bird-dog", "--sets", "3", "--why", why)
        assert code == 2 and "--why" in one_line_error(err)
        assert plan.read_bytes() == before
    code, _out, err = cli("edit", str(plan), "set", "bird-dog", "--sets", "3", "--why", "post-op week 6")
    assert code == 0, err
    assert "post-op week 6" in plan.read_text()


def test_edit_takes_with_as_its_catalogue_help_says(cli, tmp_path: Path) -> None:
    code, out, _err = cli("edit", "--help")
    assert "--with" in out
    plan = tmp_path / "plan.toml"
    assert cli("plan", "--level", "beginner", "--goal", "running", "--out", str(plan))[0] == 0
    code, _out, err = cli("edit", str(plan), "remove", "bird-dog", "--with", str(tmp_path / "missing.toml"))
    assert code == 1 and "missing.toml" in one_line_error(err)


def test_progress_reads_a_log_holding_a_band_that_was_stored_unchecked(cli, tmp_path: Path) -> None:
    """Before bands were checked, '--change ...,band=green' went in as typed and every 'log progress' crashed."""
    plan = tmp_path / "plan.toml"
    assert cli("plan", "--level", "beginner", "--goal", "running", "--out", str(plan))[0] == 0
    code, _out, err = cli("log", "session", str(plan))
    assert code == 0, err
    db = sqlite3.connect(default_path())
    db.execute("UPDATE sets SET band = 'green', target_band = 'Green'")
    db.commit()
    db.close()
    for args in (("log", "progress"), ("log", "progress", "-f", "json"), ("log", "history")):
        code, _out, err = cli(*args)
        assert code == 0 and "Traceback" not in err, err


def test_every_journal_writer_stores_text_that_is_not_utf8_with_a_replacement_character(tmp_path: Path) -> None:
    """What train, log session and assess hand the log: a plan file name or a note with bytes that are not UTF-8."""
    from hipcli.logrows import AssessmentResult

    latin1 = b"caf\xe9".decode("utf-8", "surrogateescape")
    with Journal.open(tmp_path / "log.db") as log:
        session = log.start_session(source=f"/plans/{latin1}.toml", title=latin1, notes=latin1)
        log.record_set(session, slug="side-plank", set_number=1, unit="seconds", done=30, placement=latin1, tempo="1-0-1")
        log.finish_session(session, notes=f"stopped {latin1}")
        log.add_assessment([AssessmentResult(test="plank", side=None, value=40.0)], notes=latin1, level="beginner")
        assert log.session(session).title == "caf\ufffd"
        assert log.sets()[0].placement == "caf\ufffd"
        assert log.assessments()[0].notes == "caf\ufffd"
        assert log.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_log_edit_checks_its_values_at_the_door_too(cli, logged) -> None:
    """Bands through the chart, notes with bytes that are not UTF-8 kept with U+FFFD, ids beyond SQLite's integers."""
    code, _out, err = cli("log", "edit", "1", "-e", "side-plank", "--band", "chartreuse")
    assert code == 2 and "'chartreuse' is not a band level" in one_line_error(err)
    code, _out, err = cli("log", "edit", "99999999999999999999", "--notes", "x")
    assert code in (1, 2) and "no such session" in one_line_error(err)
    code, _out, err = cli("log", "delete", "99999999999999999999")
    assert code in (1, 2) and "no such session" in one_line_error(err)
    assert state() == logged
    code, _out, err = cli("log", "edit", "1", "--notes", b"caf\xe9".decode("utf-8", "surrogateescape"))
    assert code == 0, err
    code, _out, err = cli("log", "edit", "1", "-e", "side-plank", "--band", "green")
    assert code == 0, err
    with Journal.open() as log:
        assert log.session(1).notes == "caf\ufffd"
        assert {s.band for s in log.sets()} == {"medium"}


@pytest.mark.parametrize("size", [1, 2, 3, 2000])
def test_csv_pieces_neutralise_a_risky_cell_wherever_it_falls(size: int) -> None:
    # csv_chunks checks a whole piece at once and rewrites it value by value only when a cell may start
    # like a formula: a risky cell first in a row, first in a piece, last in a row, or behind a quote,
    # a comma or a line break inside quotes must come out exactly as neutralising every value would.
    import csv
    import io

    from hipcli.logcsv import CSV_FIELDS, _neutral, csv_chunks
    from hipcli.text import visible

    plain = tuple(f"v{n}" if n % 3 else n for n in range(len(CSV_FIELDS)))
    risky = ["=1+1", "+2", "-3", "@A1", "\tx", "\rx", "'q", "a,=b", 'a"=b', "a\n=b", "-", "=", ""]
    rows = [("=first", *plain[1:]), plain]  # the first cell after the header, too
    for n, value in enumerate(risky):
        for column in (0, 7, len(CSV_FIELDS) - 1):
            row = list(plain)
            row[column] = value
            rows.append(tuple(row))
            rows.extend([plain] * (n % 3))
    rows.append(tuple(-n for n in range(len(CSV_FIELDS))))  # numbers are left as they are, even negative
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    writer.writerows([_neutral(value) for value in row] for row in rows)
    written = "".join(csv_chunks(iter(rows), size=size))
    assert written == visible(expected.getvalue())
    cells = [cell for row in csv.reader(io.StringIO(written)) for cell in row]
    assert "'=1+1" in cells and "'-3" in cells and "a,=b" in cells and "-1" in cells
