"""The catalogue cache is never trusted more than the file it stands for (real files, real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w

from hipcli import cache
from hipcli.catalogue import exercise_names, load_catalogue, needs_parsing

from .conftest import no_traceback


def entry(kind: str = "catalogue") -> Path:
    return next(cache.cache_dir().glob(f"{kind}-*.json"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hipcli", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120
    )


def test_a_same_size_same_time_edit_is_seen(write_catalogue, catalogue_data) -> None:
    """What touch -d, cp -p and rsync -t do: new bytes, old size and modification time."""
    path = write_catalogue(catalogue_data)
    assert load_catalogue(path).by_slug["easy-march"].name == "Easy march"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b'"Easy march"', b'"Easy marck"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert load_catalogue(path).by_slug["easy-march"].name == "Easy marck"


def test_a_planted_entry_cannot_skip_the_catalogue_rules(write_catalogue, catalogue_data) -> None:
    """Someone rewrites the cached dose to 99 sets and a hostile cue; the seal no longer matches."""
    path = write_catalogue(catalogue_data)
    load_catalogue(path)
    raw = entry().read_bytes()
    header, payload = raw.split(b"\n", 1)
    planted = payload.replace(b"Tall trunk.", b"\x1b]52;c;ZXZpbA==\x07 Hold your breath")
    planted = planted.replace(b"[2,3]", b"[99,99]")
    assert planted != payload
    entry().write_bytes(header + b"\n" + planted)
    card = load_catalogue(path).by_slug["easy-march"]
    assert card.cues == ("Tall trunk.",)
    assert card.prescription["beginner"].sets == (2, 3)


def test_an_entry_sealed_with_another_key_is_ignored(write_catalogue, catalogue_data, tmp_path: Path) -> None:
    """A cache copied from another machine (or made by another user) has another key."""
    path = write_catalogue(catalogue_data)
    load_catalogue(path)
    key = cache.cache_dir() / "key"
    os.chmod(key, 0o600)
    key.write_bytes(os.urandom(32))
    assert cache.read(path, path.read_bytes()) is None
    assert load_catalogue(path).by_slug["side-hold"].name == "Side hold"
    assert cache.read(path, path.read_bytes()) is not None, "rewritten under the new key"


@pytest.mark.parametrize("mode", [0o644, 0o660, 0o666])
def test_a_key_others_can_read_turns_the_cache_off(write_catalogue, catalogue_data, mode: int) -> None:
    path = write_catalogue(catalogue_data)
    load_catalogue(path)
    os.chmod(cache.cache_dir() / "key", mode)
    assert cache.read(path, path.read_bytes()) is None
    assert load_catalogue(path).by_slug["side-hold"].name == "Side hold"


def test_the_key_and_entries_are_private(write_catalogue, catalogue_data) -> None:
    load_catalogue(write_catalogue(catalogue_data))
    for file in cache.cache_dir().iterdir():
        assert file.stat().st_mode & 0o077 == 0, file


@pytest.mark.parametrize(
    "junk",
    [
        b"\xff\xfe\x00garbage",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": 2}\n' + b"[" * 100_000,
        b"\n",
        b"",
        b'{"mac": "00", "format": 2}\n{"exercises": 5}',
        b"[]\n[]",
        b'{"mac": []}\n',
    ],
    ids=["bad-bytes", "deep-nesting", "deep-payload", "newline", "empty", "wrong-mac", "wrong-shape", "mac-not-text"],
)
def test_any_unreadable_cache_is_ignored_and_rewritten(write_catalogue, catalogue_data, junk: bytes) -> None:
    path = write_catalogue(catalogue_data)
    load_catalogue(path)
    for kind in ("catalogue", "names"):
        entry(kind).write_bytes(junk)
    assert load_catalogue(path).by_slug["side-hold"].name == "Side hold"
    assert cache.read(path, path.read_bytes()) is not None, "rewritten"
    assert "easy-march" in exercise_names(path)


def test_an_unreadable_cache_is_never_an_error_on_the_command_line(write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    assert run("show", "easy-march", "--catalogue", str(path)).returncode == 0
    entry().write_bytes(b"\xff" + b"[" * 200_000)
    result = run("show", "easy-march", "--catalogue", str(path))
    assert result.returncode == 0 and no_traceback(result.stderr) and "Easy march" in result.stdout


def test_is_fresh_after_a_write_and_stale_after_an_edit(write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    assert needs_parsing(path) == path.stat().st_size
    load_catalogue(path)
    assert cache.is_fresh(path, path.read_bytes())
    assert needs_parsing(path) == 0
    catalogue_data["exercises"][0]["name"] = "Other march"
    path.write_text(tomli_w.dumps(catalogue_data))
    assert not cache.is_fresh(path, path.read_bytes())


def test_a_planted_names_file_cannot_inject_escape_sequences_into_completion(write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    load_catalogue(path)
    header, payload = entry("names").read_bytes().split(b"\n", 1)
    entry("names").write_bytes(header + b"\n" + json.dumps(["easy\x1b]0;owned\x07march"]).encode())
    assert "easy-march" in exercise_names(path)
    assert all("\x1b" not in name for name in exercise_names(path))
    result = run(
        env={
            "_HIPCLI_COMPLETE": "complete_bash",
            "COMP_WORDS": f"hipcli show --catalogue {path} eas",
            "COMP_CWORD": "4",
        }
    )
    assert result.returncode == 0 and "\x1b" not in result.stdout and "easy-march" in result.stdout


def test_two_first_runs_at_once_leave_one_whole_cache(write_catalogue, catalogue_data) -> None:
    path = write_catalogue(catalogue_data)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "hipcli", "show", "side-hold", "--catalogue", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for process in runs:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert not list(cache.cache_dir().glob(".*.tmp"))
    assert cache.read(path, path.read_bytes()) is not None
