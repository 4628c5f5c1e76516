"""A big catalogue is read a few cards at a time: that must give exactly what reading it whole gives.

Parts are cut small here (seven cards) so the bundled catalogue, which is big
enough for the fast path, is read in a dozen parts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcli import catalogue
from hipcli.catalogue import bundled_path, load_catalogue, read_catalogue

pytest.importorskip("rtoml")


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "CARDS_PER_PART", 7)


def whole(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[str]]:
    """What the file gives read all at once (the path every unsound file takes)."""
    with monkeypatch.context() as patch:
        patch.setattr(catalogue, "_read_in_parts", lambda file, raw: None)
        return read_catalogue(path)


def copy_of_bundled(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "big.toml"
    path.write_bytes((text if text is not None else bundled_path().read_text(encoding="utf-8")).encode("utf-8"))
    assert path.stat().st_size >= catalogue.FAST_PARSE_FROM
    return path


def test_a_sound_file_read_in_parts_is_the_file_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = copy_of_bundled(tmp_path)
    parts = catalogue._read_in_parts(path, path.read_bytes())
    assert parts is not None
    assert len(parts.exercises) == len(load_catalogue(use_cache=False).exercises) > catalogue.CARDS_PER_PART * 5
    found, problems = whole(path, monkeypatch)
    assert problems == []
    assert parts == found == load_catalogue(path, use_cache=False)


def test_windows_line_ends_are_cut_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = copy_of_bundled(tmp_path, bundled_path().read_text(encoding="utf-8").replace("\n", "\r\n"))
    parts = catalogue._read_in_parts(path, path.read_bytes())
    assert parts is not None and parts == whole(path, monkeypatch)[0]


def test_a_problem_in_a_later_part_reads_as_it_always_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = bundled_path().read_text(encoding="utf-8")
    headers = [index for index, line in enumerate(text.split("\n")) if line == "[[exercises]]"]
    lines = text.split("\n")
    # The 60th card (its ninth part) gets a key no card has, and a dose made of text.
    lines.insert(headers[59] + 1, 'colour = "red"')
    path = copy_of_bundled(tmp_path, "\n".join(lines))
    assert catalogue._read_in_parts(path, path.read_bytes()) is None
    found, problems = read_catalogue(path)
    assert found is None
    assert problems == whole(path, monkeypatch)[1]
    assert any(f"(line {headers[59] + 1}): colour: unknown key" in problem for problem in problems), problems


def test_a_meaning_problem_reads_as_it_always_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = bundled_path().read_text(encoding="utf-8").split("\n")
    headers = [index for index, line in enumerate(lines) if line == "[[exercises]]"]
    # A dose of a later part cites a reference the file does not have: sound in shape, wrong in meaning.
    cited = next(index for index in range(headers[40], len(lines)) if lines[index].startswith("source = "))
    lines[cited] = 'source = "NOT-A-REF"'
    path = copy_of_bundled(tmp_path, "\n".join(lines))
    assert catalogue._read_in_parts(path, path.read_bytes()) is None
    found, problems = read_catalogue(path)
    assert found is None
    assert any("'NOT-A-REF' is not in [references]" in problem for problem in problems), problems
    assert problems == whole(path, monkeypatch)[1]


def test_a_header_line_inside_a_text_is_not_a_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = bundled_path().read_text(encoding="utf-8")
    start = text.index("summary = ", text.index("[[exercises]]"))
    end = text.index("\n", start)
    summary = 'summary = """A card whose text holds a header line:\n[[exercises]]\nwhich is text, not a card."""'
    path = copy_of_bundled(tmp_path, text[:start] + summary + text[end:])
    read = load_catalogue(path, use_cache=False)
    assert read.exercises[0].summary == "A card whose text holds a header line:\n[[exercises]]\nwhich is text, not a card."
    assert len(read.exercises) == len(load_catalogue(use_cache=False).exercises)
    assert read == whole(path, monkeypatch)[0]


def test_a_table_written_in_two_parts_is_refused_as_ever(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = bundled_path().read_text(encoding="utf-8") + '\n[references]\nX1 = "a second [references] table"\n'
    path = copy_of_bundled(tmp_path, text)
    found, problems = read_catalogue(path)
    assert found is None
    assert len(problems) == 1 and "invalid TOML" in problems[0], problems
    assert problems == whole(path, monkeypatch)[1]


def test_tables_after_the_cards_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = bundled_path().read_text(encoding="utf-8")
    start = text.index("[references]")
    end = text.index("[[exercises]]")
    # The references moved to the end of the file: still one table, now in the last part.
    path = copy_of_bundled(tmp_path, text[:start] + text[end:] + "\n" + text[start:end])
    parts = catalogue._read_in_parts(path, path.read_bytes())
    assert parts is not None
    assert parts == whole(path, monkeypatch)[0] == load_catalogue(use_cache=False)


def test_loading_a_big_broken_file_names_its_problems_as_ever(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hipcli.errors import CatalogueError

    lines = bundled_path().read_text(encoding="utf-8").split("\n")
    headers = [index for index, line in enumerate(lines) if line == "[[exercises]]"]
    lines.insert(headers[70] + 1, "rest = 30")  # a key a card does not have, in the last part
    path = copy_of_bundled(tmp_path, "\n".join(lines))
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(path)
    assert raised.value.problems == whole(path, monkeypatch)[1]
    assert any(f"(line {headers[70] + 1}): rest: unknown key" in problem for problem in raised.value.problems)


def test_a_big_file_read_in_parts_is_cached_and_read_back(tmp_path: Path) -> None:
    from hipcli import cache

    path = copy_of_bundled(tmp_path)
    first = load_catalogue(path)  # read in parts, then cached
    assert cache.read(path, path.read_bytes()) == first == load_catalogue(path) == load_catalogue(use_cache=False)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda text: text.replace("format = 1\n", "format = 1.0\n", 1), "format: must be a whole number, not 1.0"),
        (lambda text: text[: text.rindex("[[exercises]]")] + text[text.rindex("[[exercises]]") :].replace(
            "breathing = ", "breathing = 2026-01-31\nnotes_ = ", 1
        ), "breathing: is an unquoted TOML date or time (2026-01-31); text goes in quotes"),
    ],
    ids=["format-1.0", "date-in-the-last-card"],
)
def test_a_float_or_a_date_where_text_belongs_reads_as_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change, expected: str
) -> None:
    path = copy_of_bundled(tmp_path, change(bundled_path().read_text(encoding="utf-8")))
    assert catalogue._read_in_parts(path, path.read_bytes()) is None
    found, problems = read_catalogue(path)
    assert found is None and any(expected in problem for problem in problems), problems
    assert problems == whole(path, monkeypatch)[1]


def test_a_big_files_damaged_entry_is_read_past(tmp_path: Path) -> None:
    """The entry's header says fresh but its payload was changed: the file is read again and the entry rewritten."""
    from hipcli import cache

    path = copy_of_bundled(tmp_path)
    first = load_catalogue(path)
    entry = cache._entry(path)
    damaged = bytearray(entry.read_bytes())
    damaged[-2] ^= 1  # one bit of the payload: the seal no longer matches
    entry.write_bytes(bytes(damaged))
    assert cache.is_fresh(path, path.read_bytes()) and cache.read(path, path.read_bytes()) is None
    assert load_catalogue(path) == first
    assert cache.read(path, path.read_bytes()) == first, "rewritten"


def test_validate_reads_a_sound_big_file_in_parts_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """hipcli validate (read_catalogue) takes the parts path for a big file that checks out: same catalogue."""
    path = copy_of_bundled(tmp_path)
    calls: list[Path] = []
    real = catalogue._read_in_parts
    monkeypatch.setattr(catalogue, "_read_in_parts", lambda file, raw: calls.append(file) or real(file, raw))
    found, problems = read_catalogue(path)
    assert calls == [path] and problems == []
    assert found is not None and found == whole(path, monkeypatch)[0]
