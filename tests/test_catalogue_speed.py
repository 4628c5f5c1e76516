"""The fast paths for big catalogues (rtoml, orjson) give exactly what the standard library gives."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from hipcli import cache, catalogue, models, reading, records
from hipcli.catalogue import bundled_path, load_catalogue, read_catalogue

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "bad_inputs"


def tomllib_verdict(text: str):
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return "refused"


@pytest.mark.parametrize("path", sorted([*CORPUS.glob("*.toml"), bundled_path()]), ids=lambda p: p.name)
def test_rtoml_and_tomllib_agree_on_every_corpus_file(path: Path) -> None:
    rtoml = pytest.importorskip("rtoml")
    raw = path.read_bytes().removeprefix(reading.BOM)  # dropped before parsing, as hipcli does
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any parser sees it")
    expected = tomllib_verdict(text)
    try:
        found = rtoml.loads(text)
    except Exception:
        found = "refused"
    if found == "refused" and expected != "refused":
        return  # rtoml is stricter here; tomllib reads the file, as hipcli does then
    assert found == expected, path.name


def test_a_big_broken_file_gets_the_standard_librarys_line_and_column(tmp_path: Path) -> None:
    text = bundled_path().read_text(encoding="utf-8")
    padding = "# padding\n" * (catalogue.FAST_PARSE_FROM // 10 + 1)
    broken = tmp_path / "big.toml"
    broken.write_text(padding + text + "\n[[exercises]\n", encoding="utf-8")
    problems = read_catalogue(broken)[1]
    lines = (padding + text).count("\n") + 2
    assert problems == [f"{broken}: line {lines}, column 12: invalid TOML: Expected ']]' at the end of an array declaration"]


def test_a_big_file_reads_the_same_through_either_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# padding\n" * (catalogue.FAST_PARSE_FROM // 10 + 1) + bundled_path().read_text(encoding="utf-8"))
    fast = load_catalogue(big, use_cache=False)
    monkeypatch.setattr(catalogue, "_fast_parse", lambda text: None)
    assert load_catalogue(big, use_cache=False) == fast == load_catalogue(use_cache=False)


def test_the_cache_encoding_is_the_positional_data(bundled) -> None:
    assert json.loads(cache.encode(bundled)) == records.to_data(bundled, positional=True)
    assert records.from_data(models.Catalogue, json.loads(cache.encode(bundled)), positional=True) == bundled


def test_an_entry_written_for_other_model_fields_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "catalogue.toml"
    path.write_bytes(bundled_path().read_bytes())
    load_catalogue(path)  # writes the entry
    raw = path.read_bytes()
    assert cache.read(path, raw) is not None
    monkeypatch.setattr(cache, "_layout", lambda: "00000000")
    assert cache.read(path, raw) is None


def test_the_cache_in_pieces_is_the_cache_whole(bundled, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pieces of three cards: the bundled catalogue is cut in many, the last one short.
    monkeypatch.setattr(cache, "_CARDS_PER_PIECE", 3)
    assert b"".join(cache.encode_parts(bundled)) == cache.encode(bundled)
