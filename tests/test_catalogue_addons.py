"""Files of your own cards beside the bundled catalogue (--with, HIPCLI_WITH)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from hipcli.catalogue import load_catalogue, read_catalogue
from hipcli.errors import CatalogueError

from .conftest import no_traceback, small_catalogue


def my_cards(*slugs: str) -> dict[str, Any]:
    """A file of extra cards: no header, citing the bundled catalogue's R7."""
    base = small_catalogue()["exercises"][2]
    cards = []
    for slug in slugs:
        card = copy.deepcopy(base)
        card["slug"] = slug
        card["name"] = slug.replace("-", " ").capitalize()
        cards.append(card)
    return {"format": 1, "exercises": cards}


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_extra_cards_join_the_bundled_ones(tmp_path: Path, bundled) -> None:
    mine = write(tmp_path / "mine.toml", my_cards("my-side-hold"))
    catalogue = load_catalogue(extra=[mine])
    assert len(catalogue.exercises) == len(bundled.exercises) + 1
    assert catalogue.get("my-side-hold") is not None and catalogue.get("side-plank") is not None
    # read again: from the cache, the same
    assert load_catalogue(extra=[mine]) == catalogue


def test_several_files_and_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled) -> None:
    one = write(tmp_path / "one.toml", my_cards("hold-one"))
    two = write(tmp_path / "two.toml", my_cards("hold-two"))
    three = write(tmp_path / "three.toml", my_cards("hold-three"))
    monkeypatch.setenv("HIPCLI_WITH", f"{one}:{two}")
    catalogue = load_catalogue(extra=[three, one])
    assert [e.slug for e in catalogue.exercises[len(bundled.exercises):]] == ["hold-one", "hold-two", "hold-three"]


def test_a_slug_clash_names_both_files(tmp_path: Path, bundled) -> None:
    from hipcli.catalogue import bundled_path

    clash = write(tmp_path / "clash.toml", my_cards("side-plank"))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(extra=[clash])
    message = caught.value.problems[0]
    assert message.startswith(f"{clash}: exercise 'side-plank' (line ")
    assert f"slug: 'side-plank' is already a card in {bundled_path()}" in message
    one = write(tmp_path / "one.toml", my_cards("hold-one"))
    again = write(tmp_path / "again.toml", my_cards("hold-one"))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(extra=[one, again])
    assert f"{again}: exercise 'hold-one'" in caught.value.problems[0] and f"already a card in {one}" in caught.value.problems[0]


def test_a_name_clash_and_a_different_reference_text_are_errors(tmp_path: Path) -> None:
    data = my_cards("my-plank")
    data["exercises"][0]["name"] = "Side bridge"  # an alias of the bundled side plank
    data["references"] = {"R7": "My own idea of R7."}
    problems = read_catalogue(write(tmp_path / "mine.toml", data))[1]
    assert any("name: 'Side bridge' already names 'side-plank'" in p for p in problems)
    assert any("references.R7: differs from 'R7' in" in p for p in problems)


def test_an_unknown_source_in_extra_cards_is_reported(tmp_path: Path) -> None:
    data = my_cards("my-hold")
    data["exercises"][0]["sources"] = ["R7", "my-book"]
    problems = read_catalogue(write(tmp_path / "mine.toml", data))[1]
    assert problems == [f"{tmp_path / 'mine.toml'}: exercise 'my-hold' (line 3): sources: 'my-book' is not in [references]"]
    data["references"] = {"my-book": "My coaching book, page 12."}
    assert read_catalogue(write(tmp_path / "mine.toml", data))[1] == []


def test_extra_cards_cannot_replace_the_catalogue(cli, tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.toml", my_cards("my-hold"))
    code, out, err = cli("list", "--catalogue", str(mine))
    assert code == 1 and not out and no_traceback(err)
    assert err.strip() == (
        f"hipcli: {mine}: default_chart: is required in a catalogue read on its own; a file of extra cards "
        f"goes beside the bundled catalogue with --with (or HIPCLI_WITH)"
    )


def test_with_on_the_command_line(cli, tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.toml", my_cards("my-hold"))
    code, out, err = cli("show", "my-hold", "--with", str(mine))
    assert code == 0 and "My hold" in out, err
    code, out, _ = cli("show", "my-hold")
    assert code == 1
    code, out, err = cli("show", "my-hold", env={"HIPCLI_WITH": str(mine)})
    assert code == 0, err
    clash = write(tmp_path / "clash.toml", my_cards("side-plank"))
    code, out, err = cli("plan", "--level", "beginner", "--goal", "running", "--with", str(clash))
    assert code == 1 and not out and "is already a card in" in err and len(err.strip().splitlines()) == 1


def test_the_help_says_how_to_replace_and_how_to_add(cli) -> None:
    code, out, _ = cli("plan", "--help", env={"COLUMNS": "200"})
    assert "Replace the bundled catalogue with this file" in out and "--with" in out


def test_a_new_card_template_passes_validate_once_filled(cli, tmp_path: Path) -> None:
    template = tmp_path / "mine.toml"
    code, _, err = cli("new-card", "--slug", "seated-knee-lift", "--out", str(template))
    assert code == 0 and "fill in every" in err
    code, out, _ = cli("validate", str(template))
    assert code == 1 and "name: must not be empty" in out  # blank until filled
    text = template.read_text()
    filled = text.replace('["", ""]', '["Sit tall at the front of a chair.", "Lift one knee, then lower it slowly."]')
    filled = filled.replace('[""]', '["Trunk stays tall."]').replace('= ""', '= "Written by me."')
    template.write_text(filled)
    code, out, err = cli("validate", str(template))
    assert code == 0 and out.strip() == f"{template}: OK, 1 exercises", out + err
    code, out, err = cli("show", "seated-knee-lift", "--with", str(template))
    assert code == 0 and "Written by me." in out
    code, out, _ = cli("new-card")
    assert code == 0 and 'slug = "my-exercise"' in out and "[[exercises]]" in out
