"""Property tests: whatever a file or an option holds, the log gets it whole or not at all.

For arbitrary import rows (CSV and JSON) and arbitrary text in free-text
options: exit 0, or one line on stderr with exit 1 or 2; never a traceback;
and on a refusal the log's row counts and ``PRAGMA integrity_check`` are
exactly what they were. Example budgets are small: the suite must stay fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcli.journal import Journal

COLUMNS = ("session_uid,started,finished,source_kind,source,week,title,notes,planned_sets,morning_pain,position,slug,"
           "set_number,side,unit,target_sets,target_low,target_high,tempo,target_band,done,band,placement,effort,pain").split(",")

# Any character at all, lone surrogates, controls and bidi overrides included.
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=40)
NUMBERS = st.one_of(
    st.integers(-5, 20).map(str), st.just("3²"), st.just("٣"), st.just("9" * 25), st.just(str(2**70)), st.just("1e3"),
    st.just(" 7 "), st.just("-0"),
)
PLAUSIBLE = {
    "session_uid": st.sampled_from(["u1", "u2", ""]) | ANY_TEXT,
    "started": st.sampled_from(["2024-01-01T08:00:00", "2024-01-01T10:00+14:00", "2999-01-01T00:00:00", "0001-01-01T00:00:00", "x"]),
    "finished": st.sampled_from(["", "2023-12-31T08:00:00", "2024-01-01T09:00:00"]),
    "source_kind": st.sampled_from(["import", "plan", "bogus", ""]),
    "slug": st.sampled_from(["side-plank", "glute-bridge", "nope", ""]) | ANY_TEXT,
    "unit": st.sampled_from(["reps", "seconds", "furlongs"]),
    "side": st.sampled_from(["", "left", "right", "up"]),
    "band": st.sampled_from(["", "light", "green", "LIGHT"]) | ANY_TEXT,
    "target_band": st.sampled_from(["", "medium", "=cmd|' /C calc'!A0"]),
}
INTS = {"week", "planned_sets", "morning_pain", "position", "set_number", "target_sets", "target_low", "target_high",
        "done", "effort", "pain"}


def cell(name: str) -> st.SearchStrategy[str]:
    if name in PLAUSIBLE:
        return PLAUSIBLE[name]
    if name in INTS:
        return NUMBERS | st.just("")
    return st.just("") | ANY_TEXT


ROW = st.fixed_dictionaries({name: cell(name) for name in COLUMNS})


def state() -> tuple[tuple[int, int, int], str]:
    with Journal.open() as log:
        return log.counts(), log.db.execute("PRAGMA integrity_check").fetchone()[0]


def check(cli, before: tuple, *args: str) -> None:
    code, _out, err = cli(*args)
    assert "Traceback" not in err and "internal error" not in err, err
    if code != 0:
        assert code in (1, 2), (code, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("hipcli: "), err
        assert state() == before


def seeded(cli) -> tuple:
    if not Path(os.environ["HIPCLI_DATA"], "journal.sqlite3").exists():
        code, _out, err = cli("log", "add", "side-plank", "--done", "30")
        assert code == 0, err
    return state()


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FAST
@given(rows=st.lists(ROW, min_size=1, max_size=3))
def test_arbitrary_csv_rows_are_imported_whole_or_refused_in_one_line(cli, tmp_path: Path, rows: list[dict]) -> None:
    before = seeded(cli)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "rows.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")
    check(cli, before, "log", "import", str(path))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(COLUMNS), inner, max_size=4),
    max_leaves=10,
)


@FAST
@given(sessions=st.lists(
    st.fixed_dictionaries(
        {"session_uid": st.sampled_from(["j1", "j2"]), "started": st.sampled_from(["2024-02-01T08:00:00", "bad"])},
        optional={name: JSON_VALUES for name in COLUMNS[2:10]} | {"sets": st.lists(
            st.fixed_dictionaries({"slug": st.just("side-plank"), "set_number": st.just(1), "unit": st.just("seconds")},
                                  optional={name: JSON_VALUES for name in COLUMNS[10:] if name not in ("slug", "set_number", "unit")}),
            max_size=2) | JSON_VALUES},
    ),
    min_size=1, max_size=2,
))
def test_arbitrary_json_sessions_are_imported_whole_or_refused_in_one_line(cli, tmp_path: Path, sessions: list) -> None:
    before = seeded(cli)
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps(sessions), encoding="utf-8")
    check(cli, before, "log", "import", str(path))


@FAST
@given(text=ANY_TEXT, option=st.sampled_from(["--notes", "--date", "--band"]))
def test_arbitrary_text_in_a_log_option_is_saved_or_refused_in_one_line(cli, text: str, option: str) -> None:
    before = seeded(cli)
    check(cli, before, "log", "add", "side-plank", "--done", "30", option, text)


@FAST
@given(text=ANY_TEXT)
def test_arbitrary_text_in_a_change_is_saved_or_refused_in_one_line(cli, tmp_path: Path, text: str) -> None:
    before = seeded(cli)
    plan = tmp_path / "plan.toml"
    if not plan.exists():
        code, _out, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(plan))
        assert code == 0, err
    check(cli, before, "log", "session", str(plan), "--change", text)
    check(cli, state(), "log", "session", str(plan), "--change", f"side-plank={text}")


@FAST
@given(text=ANY_TEXT)
def test_arbitrary_text_in_edit_why_is_written_or_refused_leaving_the_plan_unchanged(cli, tmp_path: Path, text: str) -> None:
    plan = tmp_path / "plan.toml"
    if not plan.exists():
        code, _out, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(plan))
        assert code == 0, err
    before = plan.read_bytes()
    code, _out, err = cli("edit", str(plan), "set", "bird-dog", "--sets", "2", "--why", text)
    assert "Traceback" not in err and "internal error" not in err, err
    if code != 0:
        assert code in (1, 2) and len(err.strip().splitlines()) == 1, err
        assert plan.read_bytes() == before
    else:
        code, _out, err = cli("view", str(plan))
        assert code == 0, err  # what edit wrote, view reads
