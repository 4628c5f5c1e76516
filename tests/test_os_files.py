"""Output against the real operating system: racing processes, a full disk, closed and broken pipes,
encodings that cannot hold '×', absurd widths. Every case is a whole hipcli process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import no_traceback

pytestmark = pytest.mark.slow

HIPCLI = [sys.executable, "-m", "hipcli"]
PLAN = ["plan", "--level", "beginner", "--goal", "running"]


def run(*args: str, env: dict[str, str] | None = None, **options) -> subprocess.CompletedProcess[str]:
    if "stdout" not in options:
        options["capture_output"] = True
    return subprocess.run([*HIPCLI, *args], text=True, env={**os.environ, **(env or {})}, timeout=120, **options)


def one_clear_line(err: str) -> str:
    assert no_traceback(err) and "Exception ignored" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- racing writers -----------------------------------------------------------------------


def test_processes_racing_for_one_new_out_file_never_both_win(tmp_path: Path) -> None:
    """Eight processes write different plans to one new file at once: one wins, the rest are told, none is lost silently."""
    for trial in range(3):
        target = tmp_path / f"plan-{trial}.toml"
        racers = [
            subprocess.Popen(
                [*HIPCLI, *PLAN, "--seed", str(seed), "--out", str(target)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for seed in range(8)
        ]
        results = [(racer.wait(timeout=120), racer.stderr.read()) for racer in racers]  # type: ignore[union-attr]
        winners = [seed for seed, (code, _) in enumerate(results) if code == 0]
        assert len(winners) == 1, results
        for code, err in results:
            if code != 0:
                assert code == 1 and "already exists; add --force" in one_clear_line(err)
        saved = tomllib.loads(target.read_text())
        assert saved["request"]["seed"] == winners[0], "the file holds the winner's plan, whole"
    assert not list(tmp_path.glob(".*.tmp"))


def test_processes_racing_with_force_leave_one_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.toml"
    racers = [
        subprocess.Popen([*HIPCLI, *PLAN, "--seed", str(seed), "--out", str(target), "--force"], stderr=subprocess.PIPE)
        for seed in range(6)
    ]
    assert [racer.wait(timeout=120) for racer in racers] == [0] * 6
    assert tomllib.loads(target.read_text())["request"]["seed"] in range(6)
    assert not list(tmp_path.glob(".*.tmp"))


# --- special files, from a real process ---------------------------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_fifo_as_out_is_refused_without_blocking(tmp_path: Path, force: list[str]) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result = run(*PLAN, "--out", str(fifo), *force)
    assert result.returncode == 1 and "is a FIFO (named pipe); hipcli writes regular files only" in one_clear_line(result.stderr)
    assert Path(fifo).is_fifo()


def test_a_fifo_as_catalogue_or_plan_is_named_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "exercises.toml"
    os.mkfifo(fifo)
    result = run("list", "--catalogue", str(fifo))
    assert result.returncode == 1 and one_clear_line(result.stderr).endswith("is a FIFO (named pipe), not a catalogue file")
    result = run("view", str(fifo))
    assert result.returncode == 1 and one_clear_line(result.stderr).endswith("is a FIFO (named pipe), not a plan file")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/full"])
def test_device_nodes_are_never_replaced_even_with_force(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    before = os.stat(device)
    result = run(*PLAN, "--out", device, "--force")
    assert result.returncode == 1 and "is a character device" in one_clear_line(result.stderr)
    after = os.stat(device)
    assert (after.st_mode, after.st_rdev, after.st_ino) == (before.st_mode, before.st_rdev, before.st_ino)


def test_dev_zero_as_a_catalogue_is_named_not_read_forever() -> None:
    result = run("list", "--catalogue", "/dev/zero")
    assert result.returncode == 1 and "is a character device, not a catalogue file" in one_clear_line(result.stderr)


# --- a disk that fills up -----------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 64 KB tmpfs (needs root, as in CI); skipped where mounting is not allowed."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8); CI runs as root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_standard_output_to_a_full_disk_fails_loudly(tiny_disk: Path) -> None:
    """'hipcli program ... > file' on a full disk used to exit 0 with a cut-off file."""
    with open(tiny_disk / "programme.md", "w") as out:
        result = run("program", "--level", "beginner", "--goal", "running", "--weeks", "12", "--format", "md", stdout=out, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert one_clear_line(result.stderr) == "hipcli: cannot write to standard output: no space left on the device"


def test_standard_output_that_just_fits_still_succeeds(tiny_disk: Path) -> None:
    with open(tiny_disk / "plan.toml", "w") as out:
        result = run(*PLAN, "--format", "toml", stdout=out, stderr=subprocess.PIPE)
    assert result.returncode == 0 and tomllib.loads((tiny_disk / "plan.toml").read_text())["kind"] == "plan"


def test_out_to_a_full_disk_fails_and_leaves_nothing(tiny_disk: Path) -> None:
    (tiny_disk / "filler").write_bytes(b"x" * 60_000)
    result = run("program", "--level", "beginner", "--goal", "running", "--weeks", "12", "--out", str(tiny_disk / "p.toml"))
    assert result.returncode == 1 and "no space left on the device" in one_clear_line(result.stderr)
    assert sorted(path.name for path in tiny_disk.iterdir()) == ["filler"], "no partial file, no temporary file"


def test_replacing_a_file_on_a_full_disk_keeps_the_old_one(tiny_disk: Path) -> None:
    old = tiny_disk / "p.toml"
    old.write_text("my plan\n")
    (tiny_disk / "filler").write_bytes(b"x" * 56_000)
    result = run("program", "--level", "beginner", "--goal", "running", "--weeks", "12", "--out", str(old), "--force")
    assert result.returncode == 1 and "no space left" in result.stderr
    assert old.read_text() == "my plan\n"
    assert sorted(path.name for path in tiny_disk.iterdir()) == ["filler", "p.toml"]


def test_dev_full_as_standard_output() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full does not exist here")
    with open("/dev/full", "w") as out:
        result = run("list", stdout=out, stderr=subprocess.PIPE)
    assert result.returncode == 1 and "no space left on the device" in one_clear_line(result.stderr)


# --- closed and broken pipes ----------------------------------------------------------------


def test_a_closed_standard_output_is_one_line_and_exit_1() -> None:
    result = subprocess.run(
        f"{subprocess.list2cmdline(HIPCLI)} list >&-", shell=True, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert one_clear_line(result.stderr) == "hipcli: cannot write to standard output: it is closed"


def test_writing_to_out_needs_no_standard_output(tmp_path: Path) -> None:
    result = subprocess.run(
        f"{subprocess.list2cmdline([*HIPCLI, *PLAN, '--out', str(tmp_path / 'p.toml')])} >&-",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and (tmp_path / "p.toml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["program", "--level", "beginner", "--goal", "running", "--weeks", "12", "--format", "json"],
        ["program", "--level", "beginner", "--goal", "running", "--weeks", "12", "--format", "md"],
        ["schema", "programme"],
    ],
    ids=lambda args: args[0],
)
def test_a_reader_that_leaves_early_is_quiet(args: list[str]) -> None:
    """'hipcli ... | head -1': no traceback, no 'Exception ignored', a non-zero status only if output was cut."""
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {subprocess.list2cmdline([*HIPCLI, *args])} | head -c 1 >/dev/null"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stderr == ""
    assert result.returncode in (0, 141)


# --- encodings and widths ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_an_output_encoding_without_the_en_dash_gets_stand_ins(encoding: str) -> None:
    """Latin-1 has '×' but not '–'; ASCII has neither: each is written in the encoding asked for, readably."""
    result = subprocess.run([*HIPCLI, *PLAN], capture_output=True, env={**os.environ, "PYTHONIOENCODING": encoding}, timeout=120)
    assert result.returncode == 0 and no_traceback(result.stderr.decode(encoding))
    text = result.stdout.decode(encoding)  # strict: every byte belongs to the encoding
    assert "Band hip lift" in text and re.search("3 [x\u00d7] 12[-\u2013]15", text)


def test_ascii_output_reads_sensibly() -> None:
    result = subprocess.run([*HIPCLI, *PLAN], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120)
    assert result.returncode == 0
    text = result.stdout.decode("ascii")  # every byte is ASCII
    assert " x " in text and "\\u" not in text.split("Safety")[0]


def test_json_in_ascii_is_escaped_not_mangled() -> None:
    import json

    result = subprocess.run(
        [*HIPCLI, "show", "side-plank", "--format", "json"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120
    )
    assert result.returncode == 0
    data = json.loads(result.stdout.decode("ascii"))
    utf8 = json.loads(run("show", "side-plank", "--format", "json").stdout)
    assert data == utf8


@pytest.mark.parametrize("locale", ["C", "POSIX"])
def test_a_c_locale_works(locale: str) -> None:
    result = run(*PLAN, env={"LANG": locale, "LC_ALL": locale})
    assert result.returncode == 0 and no_traceback(result.stderr) and "Band" in result.stdout


@pytest.mark.parametrize("columns", ["100000", "0", "-5", "abc", "99999999999999999999"])
def test_any_columns_value_gives_a_sane_width(columns: str) -> None:
    result = run(*PLAN, env={"COLUMNS": columns})
    assert result.returncode == 0 and no_traceback(result.stderr)
    widest = max(len(line) for line in result.stdout.splitlines())
    assert 40 <= widest <= 240
    assert len(result.stdout) < 50_000


@pytest.mark.parametrize("command", [["plan", "-l", "beginner", "-g", "running"], ["list"]])
def test_names_the_system_refuses_as_extra_cards_get_one_line(tmp_path: Path, command: list[str]) -> None:
    """Found by a hostile-input sweep: a --with name longer than the system allows was an internal error."""
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for name, reason in (("x" * 300, "File name too long"), (str(tmp_path / "a"), "symbolic links")):
        for how in (["--with", name], []):
            env = {"HIPCLI_WITH": name} if not how else None
            result = run(*command, *how, env=env)
            assert result.returncode == 1, result.stderr
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and reason in lines[0] and "internal error" not in lines[0], result.stderr


@pytest.mark.parametrize("command", [["log", "add", "side-plank", "--done", "30"], ["log", "backup", "copy.sqlite3"]])
def test_a_log_folder_the_system_refuses_gets_one_line(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, env={"HIPCLI_DATA": str(tmp_path / ("x" * 300))}, cwd=tmp_path)
    assert result.returncode == 1
    assert "File name too long" in one_clear_line(result.stderr) and "internal error" not in result.stderr
