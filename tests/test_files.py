"""The one safe writer, against real files: symlinks, FIFOs, /dev nodes, long names, umask.

Racing processes, signals and a full disk are in test_os_files.py and test_signals.py.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from hipcli.errors import WriteError
from hipcli.files import check_target, special_kind, write_text

from .conftest import no_traceback

PLAN = ("plan", "--level", "beginner", "--goal", "running")


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_existing_file_is_not_replaced_without_force(cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("my notes\n")
    code, out, err = cli(*PLAN, "--out", str(path))
    assert code == 1 and "already exists; add --force" in err and no_traceback(err)
    assert path.read_text() == "my notes\n"
    code, _, _ = cli(*PLAN, "--out", str(path), "--force")
    assert code == 0 and tomllib.loads(path.read_text())["kind"] == "plan"


def test_a_new_file_appears_whole_and_the_folder_holds_nothing_else(tmp_path: Path) -> None:
    written = write_text(tmp_path / "plan.toml", "x = 1\n")
    assert written == tmp_path / "plan.toml"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]
    assert (tmp_path / "plan.toml").read_text() == "x = 1\n"


def test_new_files_respect_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    write_text(tmp_path / "plan.toml", "x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "plan.toml").stat().st_mode & 0o777 == 0o666 & ~umask
    os.chmod(tmp_path / "plan.toml", 0o640)
    write_text(tmp_path / "plan.toml", "y\n", force=True)
    assert (tmp_path / "plan.toml").stat().st_mode & 0o777 == 0o640


def test_missing_folder_and_folder_as_file(cli, tmp_path: Path) -> None:
    code, _, err = cli(*PLAN, "--out", str(tmp_path / "no" / "plan.toml"))
    assert code == 1 and "does not exist" in err
    code, _, err = cli(*PLAN, "--out", str(tmp_path))
    assert code == 1 and "is a folder" in err
    code, _, err = cli(*PLAN, "--out", str(tmp_path), "--force")
    assert code == 1 and "is a folder" in err and tmp_path.is_dir()


def test_a_folder_the_system_will_not_write_in_is_a_clear_error(tmp_path: Path) -> None:
    """/proc refuses new files, for root too."""
    with pytest.raises(WriteError, match=r"^/proc/plan\.toml: cannot write in /proc: "):
        write_text("/proc/plan.toml", "x\n")


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_is_refused_even_with_force(tmp_path: Path, force: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="is a FIFO \\(named pipe\\); hipcli writes regular files only"):
        write_text(fifo, "x\n", force=force)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and not debris(tmp_path)


@pytest.mark.parametrize("force", [False, True])
def test_dev_null_and_a_link_to_it_stay_what_they_are(tmp_path: Path, force: bool) -> None:
    with pytest.raises(WriteError, match="^/dev/null: is a character device; hipcli writes regular files only"):
        write_text("/dev/null", "x\n", force=force)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    link = tmp_path / "out.toml"
    link.symlink_to("/dev/null")
    with pytest.raises(WriteError, match="is a symlink to a character device"):
        write_text(link, "x\n", force=force)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_dev_stdout_is_refused_with_a_hint_that_works(cli) -> None:
    """/dev/stdout is a symlink to whatever fd 1 is; 'add --force' would have replaced the link."""
    if not os.path.islink("/dev/stdout"):
        pytest.skip("/dev/stdout is not a symlink on this system")
    code, _, err = cli(*PLAN, "--out", "/dev/stdout", "--force")
    assert code == 1 and no_traceback(err) and "add --force" not in err
    assert os.path.islink("/dev/stdout")


def test_a_dangling_symlink_is_replaced_only_with_force(tmp_path: Path) -> None:
    link = tmp_path / "plan.toml"
    link.symlink_to(tmp_path / "gone.toml")
    with pytest.raises(WriteError, match="is a symlink to a missing file; add --force"):
        write_text(link, "x\n")
    assert link.is_symlink()
    write_text(link, "x\n", force=True)
    assert not link.is_symlink() and link.read_text() == "x\n" and not (tmp_path / "gone.toml").exists()


def test_a_symlink_to_a_file_is_replaced_with_force_never_written_through(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "plan.toml"
    real.write_text("old\n")
    link = tmp_path / "plan.toml"
    link.symlink_to(real)
    with pytest.raises(WriteError, match="already exists .*add --force to replace the link"):
        write_text(link, "new\n")
    assert write_text(link, "new\n", force=True) == link
    assert not link.is_symlink() and link.read_text() == "new\n"
    assert real.read_text() == "old\n", "the file the link pointed at is untouched"
    assert not debris(tmp_path) and not debris(tmp_path / "real")


def test_a_symlink_to_a_folder_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "here"
    link.symlink_to(tmp_path)
    with pytest.raises(WriteError, match="is a symlink to a folder"):
        write_text(link, "x\n", force=True)


def test_a_250_character_name_can_be_written(cli, tmp_path: Path) -> None:
    name = "p" * 245 + ".toml"
    code, _, err = cli(*PLAN, "--out", str(tmp_path / name))
    assert code == 0, err
    assert tomllib.loads((tmp_path / name).read_text())["kind"] == "plan" and not debris(tmp_path)


@pytest.mark.parametrize("length", [256, 300, 5000])
def test_a_name_too_long_is_a_clear_error(cli, tmp_path: Path, length: int) -> None:
    code, _, err = cli(*PLAN, "--out", str(tmp_path / ("p" * (length - 5) + ".toml")))
    assert code == 1 and no_traceback(err)
    assert f"the file name is {length} bytes long; file names here can be at most 255" in err
    assert len(err.splitlines()) == 1 and len(err) < 200


def test_a_path_through_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(WriteError, match="is not a folder|does not exist"):
        write_text(tmp_path / "file" / "plan.toml", "x\n")


def test_the_wrote_message_shows_a_hostile_name_escaped(cli, tmp_path: Path) -> None:
    name = "evil\x1b]0;owned\x07\u202e.toml"
    code, _, err = cli(*PLAN, "--out", str(tmp_path / name))
    assert code == 0 and (tmp_path / name).exists()
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "evil\\x1b]0;owned\\x07\\u202e.toml" in err


def test_check_target_names_each_special_kind(tmp_path: Path) -> None:
    assert special_kind(os.stat(tmp_path).st_mode) == "a folder"
    assert special_kind(os.stat("/dev/null").st_mode) == "a character device"
    assert special_kind(os.stat(__file__).st_mode) is None
    assert check_target(tmp_path / "new.toml") == tmp_path / "new.toml"
