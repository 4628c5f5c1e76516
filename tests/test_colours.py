"""One chart, one colour: a band level reads as the same colour on a card, in a plan and in every file.

A person picks a band by its colour, so a level shown as "medium (red)" on a
card and "medium (green)" in a plan is a safety defect, not a cosmetic one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hipcli.catalogue import load_catalogue

ARGS = ["--level", "intermediate", "--goal", "running", "--equipment", "mini-band,long-band,wall-or-chair"]
PLAIN = {"NO_COLOR": "1", "COLUMNS": "200"}
LEVEL_AND_COLOUR = re.compile(r"\b(extra-light|light|medium|heavy|extra-heavy) \(([a-z ]+)\)")


def colours_in(text: str) -> dict[str, set[str]]:
    """Every 'level (colour)' pair in a text, as level -> the colours it was shown with."""
    found: dict[str, set[str]] = {}
    for level, colour in LEVEL_AND_COLOUR.findall(text):
        found.setdefault(level, set()).add(colour)
    return found


def unwrap(document: dict) -> dict:
    """The plan inside hipcli's JSON envelope (kind, format, hipcli, data), or the plan itself."""
    return document["data"] if "data" in document and "blocks" not in document else document


def test_every_banded_card_uses_the_chart_plans_show() -> None:
    catalogue = load_catalogue()
    default = catalogue.charts[catalogue.default_chart]
    assert list(catalogue.charts) == [catalogue.default_chart]
    for card in catalogue.exercises:
        if card.uses_band:
            assert catalogue.chart_for(card) == default, card.slug


def test_the_psoas_march_card_and_a_plan_give_medium_one_colour(cli) -> None:
    code, card, _ = cli("show", "banded-psoas-march", env=PLAIN)
    assert code == 0
    assert colours_in(card)["medium"] == {"green"}
    assert "red below green" in card  # the source's own order is a note, not a colour


def written_formats() -> list[str]:
    """Every format hipcli can write today (a format whose module is not there yet is left out)."""
    import importlib

    from hipcli import formats

    names = []
    for name, module in formats.MODULES.items():
        try:
            importlib.import_module(f"hipcli.formats.{module}")
        except ModuleNotFoundError:
            continue
        names.append(name)
    return names


def test_a_band_level_has_one_colour_in_show_plan_and_the_exported_files(cli, tmp_path: Path) -> None:
    seen: dict[str, set[str]] = {}
    places: list[str] = []

    def record(where: str, text: str) -> None:
        pairs = colours_in(text)
        assert pairs, f"no band colour in {where}"
        places.append(where)
        for level, colours in pairs.items():
            seen.setdefault(level, set()).update(colours)

    code, shown, _ = cli("plan", *ARGS, env=PLAIN)
    assert code == 0
    record("plan", shown)
    plan = unwrap(json.loads(cli("plan", *ARGS, "--format", "json", env=PLAIN)[1]))
    legend = plan["bands"]["colours"]
    from hipcli.formats import BINARY, EXTENSIONS, PROGRAMME_ONLY

    suffix = {name: ext for ext, name in reversed(list(EXTENSIONS.items()))}
    # A PDF is the HTML handout printed: the .html check reads the same words.
    for name in (name for name in written_formats() if name not in BINARY):
        for command, extra in (("plan", []), ("program", ["--weeks", "2"])):
            if command == "plan" and name in PROGRAMME_ONLY:
                continue
            target = tmp_path / f"{command}{suffix[name]}"
            code, _, err = cli(command, *ARGS, *extra, "--out", str(target), env=PLAIN)
            assert code == 0, err
            text = target.read_text(encoding="utf-8")
            if name in ("json", "toml"):
                import tomllib

                data = unwrap(json.loads(text)) if name == "json" else tomllib.loads(text)
                assert data["bands"]["colours"] == legend, f"{command} as {name}"
                text = text.replace("\r\n ", "")
                if not colours_in(text):
                    continue  # the files keep levels and the legend, not 'level (colour)' pairs
            record(f"{command} as {name}", text.replace("\r\n ", ""))
    slugs = {item["slug"] for block in plan["blocks"] for item in block["exercises"] if item.get("band")}
    assert slugs
    for slug in sorted(slugs):
        record(f"show {slug}", cli("show", slug, env=PLAIN)[1])
    assert {"plan", "plan as md", "program as md", "program as ics"} <= set(places)
    for level, colours in seen.items():
        assert colours == {legend[level]}, f"{level} is shown as {sorted(colours)}"
