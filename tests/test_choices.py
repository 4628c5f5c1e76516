"""Forgiving matching on every closed list: what people type works, or gets a did-you-mean."""

from __future__ import annotations

import re

import pytest

from hipcli.choices import ChoiceError, match, match_list

from .conftest import no_traceback


@pytest.mark.parametrize(
    "kind, typed, meant",
    [
        ("level", "Beginner", "beginner"),
        ("level", " ADVANCED ", "advanced"),
        ("level", "beg", "beginner"),
        ("goal", "run", "running"),
        ("goal", "hip health", "hip-health"),
        ("goal", "hip_health", "hip-health"),
        ("goal", "glute", "glutes"),
        ("session", "warm-up", "warmup"),
        ("session", "Warm up", "warmup"),
        ("session", "cool-down", "mobility"),
        ("muscle", "glute", "glutes"),
        ("muscle", "hip flexor", "hip-flexors"),
        ("muscle", "psoas", "psoas-major"),
        ("muscle", "Gluteus Medius", "gluteus-medius"),
        ("equipment", "chair", "wall-or-chair"),
        ("equipment", "mini band", "mini-band"),
        ("equipment", "kettlebells", "kettlebell"),
        ("avoid", "knees", "knee"),
        ("avoid", "back", "lower-back"),
    ],
)
def test_a_clear_meaning_simply_works(kind: str, typed: str, meant: str) -> None:
    assert match(kind, typed) == meant


def test_an_unclear_word_names_the_candidates() -> None:
    with pytest.raises(ChoiceError) as caught:
        match("equipment", "band")
    assert caught.value.message == "'band' could be mini-band or long-band; say which"
    assert caught.value.exit_code == 2


def test_a_typo_gets_a_did_you_mean_and_no_choice_twice() -> None:
    with pytest.raises(ChoiceError) as caught:
        match("goal", "runing")
    message = caught.value.message
    assert message.startswith("'runing' is not a goal; did you mean running?")
    for goal in ("running", "sprint", "glutes", "hip-health", "desk"):
        assert message.count(goal) == 1, message


def test_muscles_listed_once_though_adductors_is_a_muscle_and_a_group() -> None:
    with pytest.raises(ChoiceError) as caught:
        match("muscle", "xyzzy")
    assert caught.value.message.count("adductors") == 1


def test_lists_match_each_item_and_drop_repeats() -> None:
    assert match_list("equipment", "Mini Band, chair,mini-band") == ["mini-band", "wall-or-chair"]


@pytest.mark.parametrize(
    "args, expected",
    [
        (["plan", "--goal", "run", "-l", "Beginner"], "Strength session: beginner, goal running"),
        (["plan", "-l", "beginner", "-g", "running", "--session", "warm-up"], "Warm-up: beginner, goal running"),
        (["list", "--muscle", "glute", "--equipment", "chair", "-f", "json"], '"slug"'),
    ],
)
def test_forgiving_options_work_on_the_command_line(cli, args: list[str], expected: str) -> None:
    code, out, err = cli(*args)
    assert code == 0, err
    assert expected in out


@pytest.mark.parametrize(
    "args, line",
    [
        (["list", "--equipment", "band"], "hipcli: --equipment: 'band' could be mini-band or long-band; say which"),
        (["list", "--muscle", "bicep"], "hipcli: --muscle: 'bicep' is not a muscle or group; choose from "),
        (["plan", "-l", "beginer", "-g", "running"], "hipcli: --level: 'beginer' is not a level; did you mean beginner?"),
        (["plna"], "hipcli: no such command 'plna'; did you mean 'plan'?"),
        (["plan", "-g", "running"], "hipcli: missing option '--level'"),
    ],
)
def test_usage_errors_are_one_line_in_hipcli_style(cli, args: list[str], line: str) -> None:
    code, out, err = cli(*args)
    assert code == 2 and not out and no_traceback(err)
    assert err.startswith(line) and err.count("\n") == 1, err


@pytest.mark.parametrize(
    "args",
    [
        ["schema", "catalog"],
        ["schema", "programme"],
        ["programme", "-l", "beginner", "-g", "running", "--weeks", "1", "-f", "json"],
    ],
)
def test_either_spelling_of_program_and_catalogue_works(cli, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 0, err


def test_catalog_option_spelling_is_the_catalogue_option(cli, tmp_path) -> None:
    code, _, err = cli("list", "--catalog", str(tmp_path / "missing.toml"))
    assert code == 1 and "missing.toml" in err


# --- names as people type them --------------------------------------------------------------


def test_multi_word_names_need_no_quotes(cli) -> None:
    code, out, err = cli("show", "banded", "psoas", "march")
    assert code == 0 and out.startswith("Banded psoas march  (banded-psoas-march)"), err
    code, _, err = cli("show", "banded", "psoas", "mrch")
    assert code == 1 and "did you mean banded-psoas-march" in err


def test_a_word_in_the_name_lists_those_cards_first(cli) -> None:
    """A word several cards share lists them (exit 0), cards holding it in their slug first."""
    code, out, err = cli("show", "psoas")
    assert code == 0 and err.count("\n") == 1 and "'hipcli show NAME' shows one" in err
    slugs = [line.split()[0] for line in out.splitlines() if re.match(r"\s+[a-z0-9]+(-[a-z0-9]+)+\s", line)]
    assert slugs and all("psoas" in slug for slug in slugs[:5])
    assert [("psoas" in slug) for slug in slugs] == sorted(("psoas" in slug for slug in slugs), reverse=True)


def test_whole_words_rank_before_parts_of_words(cli) -> None:
    code, out, _ = cli("show", "glute")
    rows = [line.split()[0] for line in out.splitlines() if re.match(r"\s+[a-z0-9]+(-[a-z0-9]+)+\s", line)]
    assert code == 0 and rows[0] == "glute-bridge"


def test_a_word_only_one_card_holds_is_that_card(cli) -> None:
    code, out, _ = cli("show", "clamshell")
    assert code == 0 and "(banded-clamshell)" in out.splitlines()[0]
