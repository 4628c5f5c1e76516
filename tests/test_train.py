"""hipcli train away from a terminal: where the session comes from, and the plain step-by-step mode."""

from __future__ import annotations

from pathlib import Path

from .conftest import no_traceback


def test_a_plan_built_from_options_prints_as_steps_without_a_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("train", "--level", "beginner", "--goal", "running")
    assert code == 0
    assert out.startswith("Session: a plan for --level beginner --goal running.")
    assert "set 1 of 2:" in out and "\x1b" not in out
    assert "not a terminal" in err and "nothing recorded" in err


def test_one_sided_holds_read_as_two_sides_in_the_steps(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from .terminal import tiny_session

    plan, catalogue = tiny_session(tmp_path)
    code, out, _ = cli("train", str(plan), "--catalogue", str(catalogue))
    assert code == 0
    assert "1. Side hold: 1 × 2–3 s per side, rest 2 s" in out
    assert "set 1 of 1: hold 3 s, left side, then switch sides: hold 3 s, right side" in out
    assert "set 1 of 2: 3 reps per side; rest 2 s" in out


def test_nothing_to_train_says_what_to_give(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("train")
    assert code == 1 and not out
    assert "nothing to train" in err and "--level and --goal" in err
    no_traceback(err)


def test_level_without_goal_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("train", "--level", "beginner")
    assert code == 2 and "--goal" in err


def test_a_programme_file_trains_the_session_on_the_date(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    programme = tmp_path / "programme.toml"
    code, _, _ = cli("program", "--level", "beginner", "--goal", "running", "--weeks", "2", "--days", "mon,thu",
                     "--start", "2026-12-07", "--out", str(programme))
    assert code == 0
    code, out, _ = cli("train", str(programme), "--date", "2026-12-10")
    assert code == 0
    assert out.startswith(f"Session: {programme}, week 1,")
    code, _, err = cli("train", str(programme), "--date", "2026-12-08")
    assert code == 1
    assert "no session on 2026-12-08; the next is 2026-12-10 (--date 2026-12-10)" in err


def test_a_bad_date_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("train", str(tmp_path / "x.toml"), "--date", "tomorrow")
    assert code == 2 and "'tomorrow' is not a date" in err


def test_with_no_file_the_programme_followed_in_the_log_is_trained(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hipcli.journal import Journal

    programme = tmp_path / "programme.toml"
    cli("program", "--level", "beginner", "--goal", "running", "--weeks", "1", "--days", "mon,thu",
        "--start", "2026-12-07", "--out", str(programme))
    with Journal.open() as journal:
        journal.follow(programme)
    code, out, _ = cli("train", "--date", "2026-12-07")
    assert code == 0 and out.startswith(f"Session: {programme.resolve()}, week 1,")


def test_a_missing_plan_file_is_one_clear_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("train", str(tmp_path / "nope.toml"))
    assert code == 1 and err.count("\n") == 1 and "nope.toml" in err


def test_train_takes_the_defaults_that_plan_takes(cli) -> None:  # type: ignore[no-untyped-def]
    """After 'config level beginner' and 'config goal running', train builds the same session plan builds."""
    import json

    assert cli("config", "level", "beginner")[0] == 0
    assert cli("config", "goal", "running")[0] == 0
    for args in (["--session", "warmup"], ["-g", "desk", "-s", "mobility", "-m", "5"]):
        code, out, err = cli("train", *args)
        assert code == 0, err
        no_traceback(err)
        code, planned, err = cli("plan", *args, "--no-log", "--format", "json")
        assert code == 0, err
        names = [item["name"] for block in json.loads(planned)["data"]["blocks"] for item in block["exercises"]]
        assert names and all(name in out for name in names), (names, out)


def test_train_alone_trains_the_defaults_unless_a_programme_is_followed(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """'hipcli train' with nothing else: the session 'hipcli plan' alone builds; a followed programme comes first."""
    import json

    from hipcli.journal import Journal

    assert cli("config", "level", "beginner")[0] == 0
    assert cli("config", "goal", "running")[0] == 0
    code, out, err = cli("train")
    assert code == 0, err
    no_traceback(err)
    code, planned, err = cli("plan", "--no-log", "--format", "json")
    names = [item["name"] for block in json.loads(planned)["data"]["blocks"] for item in block["exercises"]]
    assert names and all(name in out for name in names), (names, out)
    programme = tmp_path / "programme.toml"
    cli("program", "--weeks", "1", "--days", "mon,thu", "--start", "2026-12-07", "--out", str(programme))
    with Journal.open() as journal:
        journal.follow(programme)
    code, out, err = cli("train", "--date", "2026-12-07")
    assert code == 0 and out.startswith(f"Session: {programme.resolve()}, week 1,"), (out, err)


def test_train_without_a_goal_anywhere_names_the_missing_option(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("config", "level", "beginner")[0] == 0
    code, _, err = cli("train", "--session", "warmup")
    assert code == 2 and "--goal" in err and "hipcli config goal" in err
