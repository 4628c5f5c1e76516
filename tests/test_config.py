"""Defaults set once: the config file, HIPCLI_* variables, and the command line over both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hipcli.config import config_path, defaults, read_file
from hipcli.errors import ConfigError

from .conftest import no_traceback


@pytest.fixture
def config_file() -> Path:
    return Path(os.environ["HIPCLI_CONFIG"])


def test_config_sets_values_in_their_canonical_spelling(cli, config_file: Path) -> None:
    assert cli("config", "level", "Beginner")[0] == 0
    assert cli("config", "equipment", "mini band,chair")[0] == 0
    assert cli("config", "days", "Monday", "thu")[0] == 0
    assert cli("config", "minutes", "20")[0] == 0
    data = tomllib.loads(config_file.read_text())
    assert data == {"level": "beginner", "equipment": ["mini-band", "wall-or-chair"], "days": ["mon", "thu"], "minutes": 20}


def test_plan_uses_the_config_file_when_the_option_is_missing(cli) -> None:
    cli("config", "level", "intermediate")
    cli("config", "goal", "sprint")
    cli("config", "equipment", "none")
    code, out, err = cli("plan", "-f", "json")
    assert code == 0, err
    request = _request(out)
    assert (request["level"], request["goal"], request["equipment"]) == ("intermediate", "sprint", [])


def _request(out: str) -> dict:
    return json.loads(out)["data"]["request"]


def test_command_line_beats_environment_beats_config(cli) -> None:
    cli("config", "level", "beginner")
    cli("config", "goal", "running")
    _, out, _ = cli("plan", "-f", "json", env={"HIPCLI_LEVEL": "advanced"})
    assert _request(out)["level"] == "advanced"
    _, out, _ = cli("plan", "-f", "json", "--level", "intermediate", env={"HIPCLI_LEVEL": "advanced"})
    assert _request(out)["level"] == "intermediate"


def test_no_config_ignores_the_file_in_any_position(cli) -> None:
    cli("config", "level", "beginner")
    cli("config", "goal", "running")
    for args in (["--no-config", "plan"], ["plan", "--no-config"]):
        code, out, err = cli(*args)
        assert code == 2 and not out
        assert err == "hipcli: missing option '--level'; give it, or set a default once: hipcli config level beginner\n"


def test_programme_takes_days_from_the_config(cli) -> None:
    cli("config", "days", "tue,sat")
    code, out, err = cli("program", "-l", "beginner", "-g", "running", "--weeks", "1", "-f", "json")
    assert code == 0, err
    assert _request(out)["days"] == ["tue", "sat"]


def test_your_own_band_colours_set_the_plan_legend(cli, bundled, config_file: Path) -> None:
    assert cli("config", "band_colours", "Light=tan,medium=plum")[0] == 0
    assert 'band_colours = { light = "tan", medium = "plum" }' in config_file.read_text()
    _, out, _ = cli("plan", "-l", "beginner", "-g", "running", "-f", "json")
    legend = json.loads(out)["data"]["bands"]
    chart = bundled.charts[bundled.default_chart]
    assert legend == {"chart": "your own bands", "colours": {**chart.colours, "light": "tan", "medium": "plum"}}


def test_band_chart_names_a_chart_of_the_catalogue(cli, config_file: Path, bundled) -> None:
    assert cli("config", "band_chart", bundled.default_chart)[0] == 0
    assert read_file(config_file) == {"band_chart": bundled.default_chart}


def test_unknown_chart_is_refused_when_set(cli, config_file: Path) -> None:
    code, _, err = cli("config", "band_chart", "rainbow")
    assert code == 1 and "'rainbow' is not a chart" in err and not config_file.exists()


def test_bad_config_file_is_one_clear_line(cli, config_file: Path) -> None:
    config_file.write_text('levle = "beginner"\n')
    code, _, err = cli("plan", "-g", "running")
    assert code == 1 and no_traceback(err)
    assert err.startswith(f"hipcli: {config_file}: 'levle' is not a setting; did you mean level?") and err.count("\n") == 1
    config_file.write_text('level = "expert-ish"\n')
    code, _, err = cli("plan", "-g", "running")
    assert code == 1 and err.startswith(f"hipcli: {config_file}: level: 'expert-ish' is not a level")
    config_file.write_text("level = \n")
    code, _, err = cli("plan", "-g", "running")
    assert code == 1 and "invalid TOML" in err and err.count("\n") == 1


def test_bad_environment_value_names_the_variable(cli) -> None:
    code, _, err = cli("plan", "-g", "running", env={"HIPCLI_LEVEL": "wizard"})
    assert code == 2 and err.startswith("hipcli: HIPCLI_LEVEL: 'wizard' is not a level")


def test_config_show_says_where_each_value_comes_from(cli) -> None:
    cli("config", "level", "beginner")
    code, out, _ = cli("config", "-f", "json", env={"HIPCLI_GOAL": "desk"})
    data = json.loads(out)["data"]
    assert data["settings"]["level"]["value"] == "beginner" and data["settings"]["level"]["from"] == data["file"]
    assert data["settings"]["goal"] == {"value": "desk", "from": "HIPCLI_GOAL"}
    code, out, _ = cli("config")
    assert any(line.split() == ["level", "beginner", "(config", "file)"] for line in out.splitlines()), out


def test_unset_removes_one_setting_and_keeps_the_rest(cli, config_file: Path) -> None:
    cli("config", "level", "beginner")
    cli("config", "goal", "glutes")
    assert cli("config", "--unset", "level")[0] == 0
    assert read_file(config_file) == {"goal": "glutes"}


def test_default_location_follows_xdg(tmp_path: Path) -> None:
    path = config_path({"XDG_CONFIG_HOME": str(tmp_path)})
    assert path == tmp_path / "hipcli" / "config.toml" or sys.platform in ("darwin", "win32")


def test_a_folder_as_config_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder"):
        defaults(env={"HIPCLI_CONFIG": str(tmp_path)})


def test_config_works_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "HIPCLI_CONFIG": str(tmp_path / "sub" / "config.toml")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "hipcli", *args], capture_output=True, text=True, env=env)
    assert run("config", "level", "beginner").returncode == 0
    assert run("config", "goal", "running").returncode == 0
    result = run("plan")
    assert result.returncode == 0 and result.stdout.startswith("Strength session: beginner, goal running")


def test_list_settings_take_separate_words_or_commas(cli, config_file: Path) -> None:
    assert cli("config", "equipment", "mini", "band,chair")[0] == 0
    assert read_file(config_file)["equipment"] == ["mini-band", "wall-or-chair"]
    assert cli("config", "equipment", "mini-band", "wall-or-chair")[0] == 0
    assert read_file(config_file)["equipment"] == ["mini-band", "wall-or-chair"]
    assert cli("config", "days", "mon", "Thursday")[0] == 0
    assert read_file(config_file)["days"] == ["mon", "thu"]


def test_the_heavier_bell_step_is_a_setting_of_whole_kilograms(cli, config_file: Path) -> None:
    """kettlebell_step_kg: 1-32 whole kg, typed or in the file; anything else is refused in one line and nothing is written."""
    assert cli("config", "kettlebell-step-kg", "2")[0] == 0
    assert tomllib.loads(config_file.read_text())["kettlebell_step_kg"] == 2
    for bad in ("0", "33", "2.5", "²", "two"):
        code, _, err = cli("config", "kettlebell_step_kg", bad)
        assert code == 2 and err.count("\n") == 1 and "from 1 to 32" in err, (bad, err)
        no_traceback(err)
    assert tomllib.loads(config_file.read_text())["kettlebell_step_kg"] == 2
    config_file.write_text("kettlebell_step_kg = 2.0\n")
    code, _, err = cli("plan", "--level", "beginner", "--goal", "running")
    assert code == 1 and "kettlebell_step_kg" in err and err.count("\n") == 1


def test_the_heavier_bell_step_reaches_the_planner(tmp_path: Path) -> None:
    """The setting is what the log-driven planner is given (cli.history hands it to adapt)."""
    config = tmp_path / "config.toml"
    config.write_text("kettlebell_step_kg = 6\n")
    env = {**os.environ, "HIPCLI_CONFIG": str(config)}
    code = "from hipcli.cli.history import kettlebell_step; from hipcli.cli.shell import Terminal; print(kettlebell_step(Terminal()))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "6", result.stderr
