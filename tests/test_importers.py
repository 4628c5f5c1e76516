"""free-exercise-db import, on the real 873-exercise file (tests/data/free-exercise-db, public domain)."""

from __future__ import annotations

import http.server
import json
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcli.catalogue import load_catalogue, name_index, read_catalogue
from hipcli.importers import free_exercise_db as fedb

from .conftest import no_traceback

REAL = Path(__file__).parent / "data" / "free-exercise-db" / "exercises.json"


@pytest.fixture(scope="module")
def records() -> list[fedb.Record]:
    return fedb.parse(str(REAL), fedb.read_source(str(REAL)))


@pytest.fixture(scope="module")
def hips(records: list[fedb.Record]) -> fedb.Conversion:
    return fedb.convert(records, scope="hips", taken=set(name_index(load_catalogue(use_cache=False))))


def write(conversion: fedb.Conversion, path: Path, scope: fedb.Scope = "hips") -> Path:
    path.write_text(fedb.to_toml(conversion, source=str(REAL), scope=scope, version="test"), encoding="utf-8")
    return path


def card(conversion: fedb.Conversion, ident: str) -> dict:
    return next(c for c in conversion.cards if fedb.reference_key(ident) in c["sources"])


def test_the_real_file_reads_whole(records: list[fedb.Record]) -> None:
    assert len(records) == 873
    assert len({record.id for record in records}) == 873


def test_every_imported_hip_card_passes_validate(hips: fedb.Conversion, tmp_path: Path) -> None:
    path = write(hips, tmp_path / "mine.toml")
    catalogue, problems = read_catalogue(path)
    assert problems == []
    assert catalogue is not None and len(catalogue.exercises) == len(hips.cards) >= 60
    assert sum(hips.skipped.values()) + len(hips.cards) == 873


def test_all_keeps_more_and_every_card_still_validates(records: list[fedb.Record], hips: fedb.Conversion, tmp_path: Path) -> None:
    everything = fedb.convert(records, scope="all", taken=set(name_index(load_catalogue(use_cache=False))))
    assert len(everything.cards) > len(hips.cards)
    assert "not hip work (use --all to keep it)" not in everything.skipped
    catalogue, problems = read_catalogue(write(everything, tmp_path / "all.toml", "all"))
    assert problems == [] and catalogue is not None


def test_hip_flexor_drills_coded_quadriceps_train_the_hip_flexors(hips: fedb.Conversion) -> None:
    drill = card(hips, "Hip_Flexion_with_Band")
    assert drill["pattern"] == "hip-flexion"
    assert {"psoas-major", "iliacus", "rectus-femoris"} <= set(drill["primary"])
    assert "quadriceps" not in drill["primary"]
    assert any("codes hip-flexor work as quadriceps" in note for note in drill["notes"])
    stretch = card(hips, "Kneeling_Hip_Flexor")
    assert stretch["category"] == "mobility" and "psoas-major" in stretch["primary"]


def test_sideways_leg_work_coded_glutes_trains_gluteus_medius(hips: fedb.Conversion) -> None:
    walk = card(hips, "Monster_Walk")
    assert walk["pattern"] == "hip-abduction" and "gluteus-medius" in walk["primary"]
    assert walk["equipment"] == ["mini-band"] and "band" in walk and walk["unit"] == "steps"


def test_expert_becomes_advanced_with_doses_for_that_level_only(records: list[fedb.Record], hips: fedb.Conversion) -> None:
    experts = {record.id for record in records if record.level == "expert"}
    kept = [c for c in hips.cards if any(s.removeprefix("free-exercise-db.") in experts for s in c["sources"])]
    assert kept, "some expert exercises are hip work"
    for c in kept:
        assert c["level"] == "advanced" and list(c["prescription"]) == ["advanced"]


def test_every_dose_is_a_default_from_r7_or_r6_and_says_so(hips: fedb.Conversion) -> None:
    for c in hips.cards:
        for level, dose in c["prescription"].items():
            assert dose["default"] is True
            assert dose["source"] in ("R7", "R6")
            assert "Default dose" in dose["note"] and "free-exercise-db gives no dose" in dose["note"]
    stretch = card(hips, "Kneeling_Hip_Flexor")
    assert stretch["unit"] == "seconds" and stretch["prescription"]["beginner"]["source"] == "R6"
    assert "tempo" not in stretch["prescription"]["beginner"]


def test_steps_sources_images_and_notes_come_from_the_record(records: list[fedb.Record], hips: fedb.Conversion) -> None:
    record = next(r for r in records if r.id == "Butt_Lift_Bridge")
    bridge = card(hips, "Butt_Lift_Bridge")
    assert bridge["steps"] == list(record.instructions)
    assert bridge["sources"][0] == "free-exercise-db.Butt_Lift_Bridge"
    assert "'Butt_Lift_Bridge'" in hips.references["free-exercise-db.Butt_Lift_Bridge"]
    assert "images" not in bridge  # the dataset's pictures are never linked or copied
    assert "inferred" in bridge["notes"][0]


def test_names_the_bundled_catalogue_uses_are_not_taken(hips: fedb.Conversion) -> None:
    bundled = load_catalogue(use_cache=False)
    taken = set(name_index(bundled))
    for c in hips.cards:
        assert c["slug"] not in bundled.by_slug
    walk = card(hips, "Monster_Walk")
    assert walk["slug"] == "monster-walk-fedb" and walk["name"] == "Monster Walk (free-exercise-db)"
    assert "monster-walk" in taken


def test_import_validate_and_plan_from_the_command_line(cli, tmp_path: Path) -> None:
    out = tmp_path / "mine.toml"
    code, stdout, err = cli("import", "free-exercise-db", str(REAL), "--out", str(out))
    assert code == 0 and no_traceback(err), err
    assert f"wrote {out}" in err and "every dose is a default" in err
    code, stdout, _ = cli("validate", str(out))
    assert code == 0 and stdout.startswith(f"{out}: OK, ")
    code, stdout, err = cli("list", "--with", str(out), "--search", "free-exercise-db", "--format", "json")
    assert code == 0, err
    found = json.loads(stdout)["data"]
    assert len(found) >= 60
    # the file is not replaced without --force, and --all can replace it with --force
    code, _, err = cli("import", "free-exercise-db", str(REAL), "--out", str(out), "--all")
    assert code == 1 and "already exists" in err
    code, _, err = cli("import", "free-exercise-db", str(REAL), "--out", str(out), "--all", "--force")
    assert code == 0
    assert len(tomllib.loads(out.read_text())["exercises"]) > len(found)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on the loopback interface, serving a copy of the dataset."""
    folder = tmp_path / "site" / "dist"
    folder.mkdir(parents=True)
    (folder / "exercises.json").write_bytes(REAL.read_bytes())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path / "site"), **kwargs)

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url_downloads_with_the_standard_library(cli, server: str, tmp_path: Path) -> None:
    out = tmp_path / "mine.toml"
    code, _, err = cli("import", "free-exercise-db", f"{server}/dist/exercises.json", "--out", str(out))
    assert code == 0, err
    assert read_catalogue(out)[1] == []


def test_a_missing_page_and_an_unreachable_host_are_one_clear_line(cli, server: str, tmp_path: Path) -> None:
    out = tmp_path / "mine.toml"
    code, _, err = cli("import", "free-exercise-db", f"{server}/nothing.json", "--out", str(out))
    assert code == 1 and err.strip() == f"hipcli: {server}/nothing.json: the server answered 404 File not found"
    port = server.rsplit(":", 1)[1]
    # a port nothing listens on: what being offline looks like to urllib
    closed = "http://127.0.0.1:1/dist/exercises.json" if port != "1" else "http://127.0.0.1:2/x.json"
    code, _, err = cli("import", "free-exercise-db", closed, "--out", str(out))
    assert code == 1 and len(err.strip().splitlines()) == 1 and no_traceback(err)
    assert "cannot download" in err and "online" in err
    code, _, err = cli("import", "free-exercise-db", "ftp://example.org/x.json", "--out", str(out))
    assert code == 1 and "only http:// and https://" in err
    assert not out.exists()


def test_imported_cards_plan_and_explain_their_default_dose(hips: fedb.Conversion, tmp_path: Path) -> None:
    """Beside a base with no stretches, a mobility session is built from imported cards, and says why."""
    import tomli_w

    from hipcli.plans import PlanRequest
    from hipcli.planner import build_plan

    from .conftest import small_catalogue

    base = small_catalogue()
    base["references"] |= {key: f"Rule {key}." for key in ("R6", "R22", "R23")}
    base_file = tmp_path / "base.toml"
    base_file.write_text(tomli_w.dumps(base), encoding="utf-8")
    mine = write(hips, tmp_path / "mine.toml")
    catalogue = load_catalogue(base_file, extra=[mine])
    plan = build_plan(catalogue, PlanRequest(level="beginner", goal="desk", session="mobility"))
    items = plan.items()
    assert items
    for item in items:
        card = catalogue.get(item.slug)
        assert card.dose_is_default and "mobility" in card.sessions and card.suits("beginner")
        assert "(a default: no source gives a dose for this card)" in item.why


def test_the_planner_prefers_a_curated_card_where_both_fit(bundled, tmp_path: Path) -> None:
    """An imported twin of every bundled card, sorting first by name, is never chosen over the curated one."""
    import copy

    import tomli_w

    from hipcli.plans import PlanRequest
    from hipcli.records import to_data
    from hipcli.planner import build_plan

    twins = []
    for exercise in bundled.exercises:
        data = to_data(exercise)
        twin = copy.deepcopy(data)
        twin["slug"] = "a-" + data["slug"][:50]
        twin["name"] = "A " + data["name"]
        twin["aliases"] = []
        twin["family"] = exercise.family_name  # the same movement: one per session
        for key in ("easier", "harder"):
            twin[key] = ["a-" + slug[:50] for slug in data.get(key, [])]
        for dose in twin["prescription"].values():
            dose["default"] = True
        twins.append(twin)
    mine = tmp_path / "twins.toml"
    mine.write_text(tomli_w.dumps({"format": 1, "exercises": twins}), encoding="utf-8")
    catalogue = load_catalogue(extra=[mine])
    for goal in ("running", "glutes", "sprint"):
        plan = build_plan(catalogue, PlanRequest(level="beginner", goal=goal, equipment=("mini-band", "wall-or-chair")))
        chosen = [item.slug for item in plan.items()]
        assert chosen and not [slug for slug in chosen if slug.startswith("a-")], (goal, chosen)
