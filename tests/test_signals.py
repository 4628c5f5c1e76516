"""Real signals at random moments: SIGINT, SIGTERM and SIGHUP leave no temporary files, no partial
cache, no cut-off output file, and no traceback. Slow: each trial is a whole process.

The moments are random but seeded, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import tomli_w

from hipcli import cache
from hipcli.catalogue import bundled_path

pytestmark = pytest.mark.slow

HIPCLI = [sys.executable, "-m", "hipcli"]
STOPS = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
# Frames that run once hipcli's own guard is in place; a traceback through
# them is hipcli's fault. (Python's start-up, before any hipcli code runs, can
# still be interrupted with a traceback; nothing in a package can prevent that.)
OURS = ("hipcli/cli/", "hipcli/catalogue.py", "hipcli/cache.py", "hipcli/files.py", "/typer/", "/rich/", "/pydantic")


def stopped_at_random(args: list[str], signum: int, delay: float, env: dict[str, str] | None = None) -> tuple[int, str]:
    process = subprocess.Popen(
        [*HIPCLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}
    )
    time.sleep(delay)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def assert_clean_stop(code: int, err: str, signum: int) -> None:
    # Finished before the signal (0), stopped by hipcli (128 + n), or killed before Python could catch it (-n).
    if code == 1 and ("init_import_site" in err or "Could not import runpy module" in err):
        return  # interrupted inside Python's own start-up (site, or runpy for -m), before hipcli existed
    assert code in (0, STOPS[signum], -signum), (code, err)
    if "Traceback" in err:
        assert not any(frame in err for frame in OURS), err
    assert "Exception ignored" not in err, err
    assert "internal error" not in err, err  # a signal hidden inside another exception is still a signal


def trials(count: int, longest: float, seed: int) -> list[tuple[int, float]]:
    chosen = random.Random(seed)
    return [(chosen.choice(list(STOPS)), chosen.uniform(0.0, longest)) for _ in range(count)]


@pytest.mark.parametrize("signum, delay", trials(6, 1.5, seed=10), ids=lambda value: str(value)[:6])
def test_a_stopped_write_leaves_no_debris_and_no_partial_file(tmp_path: Path, signum: int, delay: float) -> None:
    target = tmp_path / "programme.toml"
    args = ["program", "--level", "intermediate", "--goal", "running", "--weeks", "52", "--out", str(target)]
    code, err = stopped_at_random(args, signum, delay)
    assert_clean_stop(code, err, signum)
    assert not [path.name for path in tmp_path.iterdir() if path.name != "programme.toml"], "temporary files left"
    if target.exists():
        assert code == 0, "a file appears only when the write finished"
        assert len(tomllib.loads(target.read_text())["weeks"]) == 52


def test_a_stopped_replacement_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "programme.toml"
    for signum, delay in trials(4, 1.5, seed=11):
        target.write_text("my old programme\n")
        args = ["program", "--level", "beginner", "--goal", "running", "--weeks", "52", "--out", str(target), "--force"]
        code, err = stopped_at_random(args, signum, delay)
        assert_clean_stop(code, err, signum)
        assert [path.name for path in tmp_path.iterdir()] == ["programme.toml"]
        text = target.read_text()
        assert text == "my old programme\n" or (code == 0 and tomllib.loads(text)["kind"] == "programme")


@pytest.fixture(scope="module")
def big_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled cards copied 40 times (about 3,000 exercises): a first run takes a while."""
    data = tomllib.loads(bundled_path().read_text(encoding="utf-8"))
    cards = []
    for copy in range(40):
        for card in data["exercises"]:
            new = dict(card, slug=f"{card['slug']}-{copy}", name=f"{card['name']} ({copy})", aliases=[])
            new["family"] = f"{card.get('family') or card['slug']}-{copy}"
            for key in ("easier", "harder"):
                if key in new:
                    new[key] = [f"{slug}-{copy}" for slug in new[key]]
            cards.append(new)
    data["exercises"] = cards
    path = tmp_path_factory.mktemp("big") / "big.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_the_big_catalogue_is_a_valid_one(big_catalogue: Path) -> None:
    result = subprocess.run([*HIPCLI, "validate", str(big_catalogue)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[:2000]


@pytest.mark.parametrize("signum, delay", trials(5, 3.0, seed=12), ids=lambda value: str(value)[:6])
def test_a_stopped_first_run_leaves_no_partial_cache(big_catalogue: Path, tmp_path: Path, signum: int, delay: float) -> None:
    folder = tmp_path / "cache"
    env = {cache.ENV_VAR: str(folder)}
    code, err = stopped_at_random(["list", "--catalogue", str(big_catalogue)], signum, delay, env)
    assert_clean_stop(code, err, signum)
    left = sorted(path.name for path in folder.iterdir()) if folder.exists() else []
    assert not [name for name in left if name.endswith(".tmp")], left
    # Whatever entries exist are whole: the next run reads them or ignores them, and succeeds.
    result = subprocess.run(
        [*HIPCLI, "show", "side-plank-3", "--catalogue", str(big_catalogue)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )
    assert result.returncode == 0 and "Side plank (3)" in result.stdout, result.stderr
    for name in left:
        if name.startswith("catalogue-"):
            raw = (folder / name).read_bytes()
            assert raw.count(b"\n") >= 1 and raw.rstrip().endswith((b"]", b"}")), "entries are never cut off"


@pytest.mark.parametrize("delay", [i / 100 for i in range(0, 30, 5)])
def test_ctrl_c_in_the_first_moments_exits_130_without_a_hipcli_traceback(delay: float) -> None:
    code, err = stopped_at_random(["show", "side-plank"], signal.SIGINT, delay)
    assert_clean_stop(code, err, signal.SIGINT)
    if code == 130:
        assert err in ("", "hipcli: interrupted\n"), err


def test_sigterm_during_a_slow_command_exits_143_quietly(big_catalogue: Path, tmp_path: Path) -> None:
    env = {cache.ENV_VAR: str(tmp_path / "cache")}
    code, err = stopped_at_random(["validate", str(big_catalogue)], signal.SIGTERM, 1.5, env)
    assert code in (143, 0), (code, err)
    assert "Traceback" not in err


def test_a_ctrl_c_python_would_ignore_still_stops_the_run_quietly() -> None:
    """A KeyboardInterrupt raised where Python can only print "Exception ignored" (a finaliser; code
    pydantic-core runs while building a class) is raised again inside the guard: exit 130, one line."""
    code = """
import sys, time
sys.argv = ["hipcli", "show", "side-plank"]
import hipcli.__main__ as entry
import hipcli.cli

class Swallowed:
    def __del__(self):
        raise KeyboardInterrupt

real_run = hipcli.cli.run

def run():
    Swallowed()
    time.sleep(0.2)
    return real_run()

hipcli.cli.run = run
entry.main()
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 130 and result.stderr == "hipcli: interrupted\n", result.stderr
    assert result.stdout == ""
