"""Every code a user meets (R22, S001, CS3, Lewis2018, ...) resolves from the installed tool."""

from __future__ import annotations

import itertools
import json
import re
from importlib.resources import files

import pytest

from hipcli.catalogue import load_catalogue
from hipcli.errors import NotFound, PlanError
from hipcli.models import Catalogue
from hipcli.plans import PlanRequest, ProgrammeRequest
from hipcli.records import to_data
from hipcli.planner import build_plan
from hipcli.progression import build_programme
from hipcli.sources import CODE, all_sources, codes_in, find, packaged

from .conftest import no_traceback

# Files that exist only in hipcli's repository: a user who installed hipcli cannot open them.
REPO_ONLY = re.compile(r"TRAINING_RULES|COACHING\.md|seeds/|\b[0-9a-f]{3}_[0-9a-f]{16}\.txt|/work/")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def texts(value: object) -> list[str]:
    """Every string inside plain data."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in texts(item)]
    return []


@pytest.fixture(scope="module")
def user_texts(catalogue: Catalogue) -> list[str]:
    """What hipcli can show a person: the catalogue, and plans and programmes for many requests."""
    found = texts(to_data(catalogue))
    for level, goal, session in itertools.product(
        ("beginner", "intermediate", "advanced"), ("running", "sprint", "glutes", "hip-health", "desk"), ("strength", "warmup", "mobility")
    ):
        try:
            found += texts(to_data(build_plan(catalogue, PlanRequest(level=level, goal=goal, session=session, equipment=("mini-band", "long-band", "box-or-bench", "kettlebell")))))
        except PlanError:
            pass
    for level, goal in itertools.product(("beginner", "advanced"), ("running", "sprint", "desk")):
        found += texts(to_data(build_programme(catalogue, ProgrammeRequest(level=level, goal=goal, weeks=8, equipment=("mini-band", "box-or-bench")))))
    return found


def test_every_packaged_source_has_a_citation_and_says_how_strong_it_is() -> None:
    sources = packaged()
    assert {f"R{n}" for n in range(1, 27)} | {f"S00{n}" for n in range(5)} | {f"CS{n}" for n in range(1, 8)} <= set(sources)
    for source in sources.values():
        assert source.title and source.summary and source.citations, source.code
        assert source.evidence in {"evidence", "convention", "mixed", "evidence and convention", "seed"}, source.code
        assert all(url.startswith(("https://", "http://")) and " " not in url for url in source.urls), source.code


def test_every_code_a_user_can_meet_resolves(catalogue: Catalogue, user_texts: list[str]) -> None:
    cited = codes_in(*user_texts, catalogue=catalogue)
    assert {"R1", "R7", "R22", "S001"} <= set(cited)
    for code in cited:
        assert find(code, catalogue).code == code
    for exercise in catalogue.exercises:
        for key in exercise.sources:
            assert find(key, catalogue).citations, (exercise.slug, key)


def test_every_code_in_running_text_is_a_known_source(catalogue: Catalogue, user_texts: list[str]) -> None:
    """A code such as R27 or S009 that no source backs would be a dead end for the reader."""
    known = all_sources(catalogue)
    unknown = {code for text in user_texts for code in CODE.findall(text) if code not in known}
    assert not unknown


def test_no_user_facing_text_names_a_file_only_the_repository_has(catalogue: Catalogue, user_texts: list[str]) -> None:
    shipped = files("hipcli").joinpath("sources.toml").read_text(encoding="utf-8")
    offenders = [text for text in [*user_texts, shipped] if REPO_ONLY.search(text)]
    assert not offenders, offenders[:3]


def test_sources_command_gives_citation_and_address(cli) -> None:
    code, out, _ = cli("sources", "R22")
    assert code == 0 and out.startswith("R22  When to stop [convention]")
    assert "https://allinahealth.org/" in out  # a URL is printed whole, never wrapped


def test_sources_lists_every_code_once(cli, catalogue: Catalogue) -> None:
    code, out, _ = cli("sources")
    listed = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert code == 0 and listed == list(all_sources(catalogue)) and len(listed) == len(set(listed))


def test_codes_are_looked_up_in_any_case_and_a_typo_gets_a_suggestion(cli) -> None:
    code, out, _ = cli("sources", "cs3", "lewis2018")
    assert code == 0 and "Pain monitoring" in out and "PMC6333220" in out
    code, out, err = cli("sources", "R99")
    assert code == 1 and not out and "did you mean R9?" in err and no_traceback(err)
    with pytest.raises(NotFound):
        find("nothing-like-it")


def test_sources_json(cli) -> None:
    code, out, _ = cli("sources", "S002", "--format", "json")
    envelope = json.loads(out)
    assert code == 0 and envelope["kind"] == "sources"
    assert envelope["data"][0]["code"] == "S002" and envelope["data"][0]["urls"]
