"""The bad-input corpus: every broken file and every misuse gets its exit status and one clear message.

The files and what each should produce are listed in tests/bad_inputs/cases.toml.
Every case also checks that no traceback reaches the user and that no file
changed.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from .conftest import no_traceback

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
CATALOGUE = str(CORPUS / "catalogue.toml")


def fingerprint(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture(scope="module")
def corpus_before() -> dict[str, str]:
    return fingerprint(CORPUS)


def one_message(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert no_traceback(err)
    assert "\x1b" not in err, "escape sequences must be made visible, not sent to the terminal"
    return lines[0]


def test_the_corpus_is_big_enough() -> None:
    assert len([case for case in CASES if case["kind"] == "catalogue"]) >= 40
    assert len([case for case in CASES if case["kind"] == "plan"]) >= 10
    assert {case["file"] for case in CASES} <= {path.name for path in CORPUS.iterdir()}


def test_the_baselines_are_sound(cli) -> None:
    code, out, _ = cli("validate", CATALOGUE)
    assert code == 0 and "OK, 3 exercises" in out
    code, out, _ = cli("view", str(CORPUS / "plan.toml"), "--catalogue", CATALOGUE)
    assert code == 0 and "Band march" in out


@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "catalogue"], ids=lambda c: c["file"])
def test_broken_catalogue(cli, case: dict, corpus_before: dict[str, str]) -> None:
    path = str(CORPUS / case["file"])
    code, out, err = cli("list", "--catalogue", path)
    assert code == case["status"], (case["note"], err)
    if case["status"] == 0:
        code, out, _ = cli("show", "easy-march", "--catalogue", path, env={"COLUMNS": "200"})
        assert case["message"] in out  # printed literally, not interpreted
        return
    message = one_message(err)
    assert not out
    assert message.startswith(f"hipcli: {path}: ") and case["message"] in message, (case["note"], message)
    # validate lists the same problem on standard output
    code, out, err = cli("validate", path)
    assert code == 1 and case["message"] in out and no_traceback(out + err)
    assert fingerprint(CORPUS) == corpus_before


@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "plan"], ids=lambda c: c["file"])
def test_broken_plan_file(cli, case: dict, tmp_path: Path, corpus_before: dict[str, str]) -> None:
    path = str(CORPUS / case["file"])
    code, out, err = cli("view", path, "--catalogue", CATALOGUE)
    assert code == case["status"], (case["note"], err)
    if case["status"] == 0:
        # Kept, as a clinician may set it on purpose, with a one-line warning naming the place.
        assert out and err.startswith(f"hipcli: warning: {path}: ") and case["message"] in err, (case["note"], err)
        return
    message = one_message(err)
    assert not out
    assert message.startswith(f"hipcli: {path}: ") and case["message"] in message, (case["note"], message)
    # export refuses too, and leaves the file it would have replaced alone
    target = tmp_path / "plan.md"
    target.write_text("my notes\n")
    code, _, err = cli("export", path, "--to", "md", "--out", str(target), "--force", "--catalogue", CATALOGUE)
    assert code == 1 and no_traceback(err) and target.read_text() == "my notes\n"
    assert fingerprint(CORPUS) == corpus_before


@pytest.mark.parametrize("case", [c for c in CASES if c["kind"] == "free-exercise-db"], ids=lambda c: c["file"])
def test_broken_free_exercise_db_file(cli, case: dict, tmp_path: Path, corpus_before: dict[str, str]) -> None:
    path = str(CORPUS / case["file"])
    out_file = tmp_path / "mine.toml"
    code, out, err = cli("import", "free-exercise-db", path, "--out", str(out_file))
    assert code == case["status"], (case["note"], err)
    message = one_message(err)
    assert message.startswith(f"hipcli: {path}: ") and case["message"] in message, (case["note"], message)
    assert not out and not out_file.exists(), "nothing is written from a broken file"
    assert fingerprint(CORPUS) == corpus_before


def test_a_100_megabyte_free_exercise_db_file_is_refused_unread(cli, tmp_path: Path) -> None:
    path = tmp_path / "exercises.json"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: the size is what is checked
    out_file = tmp_path / "mine.toml"
    code, out, err = cli("import", "free-exercise-db", str(path), "--out", str(out_file))
    assert code == 1 and not out and not out_file.exists()
    assert one_message(err) == f"hipcli: {path}: is 105 MB; a free-exercise-db file is at most 16 MB"


def test_a_folder_is_not_a_file(cli, tmp_path: Path) -> None:
    code, _, err = cli("list", "--catalogue", str(tmp_path))
    assert code == 1 and one_message(err) == f"hipcli: {tmp_path}: is a folder, not a catalogue file"
    code, _, err = cli("view", str(tmp_path))
    assert code == 1 and one_message(err) == f"hipcli: {tmp_path}: is a folder, not a plan file"


def test_a_50_megabyte_file_gets_one_clear_message(cli, tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    lines = 500_000
    with path.open("w", encoding="utf-8") as handle:
        handle.write("format = 1\n")
        line = "# " + "y" * 97 + "\n"
        for _ in range(lines):
            handle.write(line)
        handle.write("[[exercises]\n")
    assert path.stat().st_size > 50_000_000
    code, out, err = cli("list", "--catalogue", str(path))
    assert code == 1 and not out
    assert f"line {lines + 2}" in one_message(err) and "invalid TOML" in err


# --- command-line misuse -------------------------------------------------------------------

MISUSE = [
    (["frobnicate"], 2, "no such command 'frobnicate'"),
    (["sho", "side-plank"], 2, "did you mean 'show'?"),
    (["show"], 2, "missing argument 'NAME...'"),
    (["show", "banded psoas mrch"], 1, "did you mean banded-psoas-march"),
    (["show", "a\x1b[31mb"], 1, "no exercise called 'a\\x1b[31mb'"),
    (["show", "side-plank", "--level", "wizard"], 2, "--level: 'wizard' is not a level; choose from beginner, intermediate or advanced"),
    (["show", "side-plank", "--format", "xml"], 2, "--format: 'xml' is not a format; choose from table, json, toml or svg"),
    (["list", "--muscle", "biceps"], 2, "'biceps' is not a muscle or group"),
    (["list", "--category", "cardio"], 2, "--category: 'cardio' is not a category"),
    (["list", "--equipment", "dumbbell"], 2, "'dumbbell' is not equipment hipcli knows"),
    (["list", "--equipment", "none,step"], 2, "'none' means bodyweight only"),
    (["plan", "--goal", "running"], 2, "missing option '--level'"),
    (["plan", "--level"], 2, "requires an argument"),
    (["plan", "--level", "expertt", "--goal", "running"], 2, "--level: 'expertt' is not a level; did you mean advanced?"),
    (["plan", "--level", "beginner", "--goal", "swimming"], 2, "--goal: 'swimming' is not a goal"),
    (["plan", "--level", "beginner", "--goal", "running", "--session", "sprint"], 2, "--session: 'sprint' is not a session type"),
    (["plan", "--level", "beginner", "--goal", "running", "--minutes", "abc"], 2, "--minutes"),
    (["plan", "--level", "beginner", "--goal", "running", "--minutes", "0"], 2, "--minutes"),
    (["plan", "--level", "beginner", "--goal", "running", "--minutes", "1000"], 2, "--minutes"),
    (["plan", "--level", "beginner", "--goal", "running", "--seed", "-1"], 2, "--seed"),
    (["plan", "--level", "beginner", "--goal", "running", "--avoid", "elbow"], 2, "--avoid: 'elbow' is not a load or precaution"),
    (["plan", "--level", "beginner", "--goal", "running", "--format", "docx"], 2, "'docx' is not a format"),
    (["plan", "--level", "beginner", "--goal", "running", "--minutes", "2"], 1, "use --minutes"),
    (["program", "--level", "beginner", "--goal", "running", "--weeks", "0"], 2, "--weeks"),
    (["program", "--level", "beginner", "--goal", "running", "--days", "funday"], 2, "is not a list of weekdays"),
    (["program", "--level", "beginner", "--goal", "running", "--start", "2026-13-01"], 2, "use YYYY-MM-DD"),
    (["program", "--level", "beginner", "--goal", "running", "--weeks", "4", "--week", "5"], 2, "choose --week 1 to 4"),
    (["view"], 2, "missing argument 'PATH'"),
    (["view", "no-such-plan.toml"], 1, "no-such-plan.toml: no such plan file"),
    (["export", "plan.toml"], 2, "missing option '--to'"),
    (["export", "plan.toml", "--to", "docx"], 2, "'docx' is not a format"),
    (["schema", "recipe"], 2, "'recipe' is not a kind of file"),
    (["--catalogue", "x.toml", "list"], 2, "no such option: --catalogue"),
    (["alternatives", "nothing-like-it"], 1, "no exercise called 'nothing-like-it'"),
]


@pytest.mark.parametrize("args, status, fragment", MISUSE, ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_command_line_misuse(cli, args: list[str], status: int, fragment: str) -> None:
    code, out, err = cli(*args)
    assert code == status, err
    assert fragment in err and no_traceback(err) and "\x1b" not in err
    assert err.startswith("hipcli: ") and err.count("\n") == 1, err


def test_misuse_count() -> None:
    assert len(MISUSE) >= 20


def test_output_file_is_never_replaced_without_force(cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("keep me\n")
    code, _, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(path))
    assert code == 1 and one_message(err).endswith("already exists; add --force to replace it")
    code, _, err = cli("program", "--level", "beginner", "--goal", "running", "--out", str(path))
    assert code == 1 and path.read_text() == "keep me\n"
    code, _, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(tmp_path / "no" / "plan.toml"))
    assert code == 1 and "does not exist" in one_message(err)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--equipment", "\x1b[31m"],
        ["list", "--muscle", "\x1b]0;x\x07"],
        ["plan", "--level", "beginner", "--goal", "running", "--avoid", "\x1b[2J"],
        ["program", "--level", "beginner", "--goal", "running", "--days", "\x1b[31m"],
        ["program", "--level", "beginner", "--goal", "running", "--start", "\x1b[31m"],
        ["list", "--level", "\x1b[31m"],
        ["show", "\x1b[31m"],
    ],
)
def test_typed_escape_sequences_are_echoed_visibly(cli, args: list[str]) -> None:
    code, _, err = cli(*args)
    assert code in (1, 2) and no_traceback(err)
    assert "\x1b" not in err, "the escape must be shown as text, not sent to the terminal"
