"""The one safe writer: every file hipcli writes goes through here.

- Regular files only. A FIFO, a device node, a socket or a folder at the
  target, or a symlink to one, is refused even with ``force``: "replacing"
  /dev/null as root would break the machine, and writing into a FIFO would
  hang. A symlink to a regular file is replaced by the new file with
  ``force`` (never written through: the file it points at may be anything,
  the training log included), and refused without it.
- Never the training log. The log, its ``-wal``, ``-shm`` and ``-journal``
  files are refused by name and by inode (a hard link or a symlink to them
  is the same file), even with ``force``: an export written there would
  replace a person's whole history.
- Atomic. The text goes to a temporary file in the target's folder, is
  flushed to disk, and only then published; an interrupted write leaves the
  old file whole and no temporary file behind, SIGTERM and SIGHUP included.
- No race. Without ``force`` the existence check and the publishing are one
  step: the temporary file is hard-linked to the target, which fails if
  anything appeared there meanwhile. With ``force``, ``os.replace``.
- Clear errors. Every failure is a ``WriteError`` naming the file and the
  reason (a missing folder, a name too long, a full disk).

Reading shares one helper: ``special_kind`` names what a non-regular file is,
so a FIFO given as a catalogue is called a FIFO, not "a folder".
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import RECEIVED, Terminated, WriteError
from .text import one_line

# The signals that end a process by default and that a user or a service
# manager sends to stop it politely: they must not leave temporary files.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str | None:
    """'a FIFO (named pipe)', 'a character device', ...; None for a regular file."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _shown(path: str | os.PathLike[str]) -> str:
    return one_line(os.fspath(path))


# --- signals ---------------------------------------------------------------------------------


def _raise_terminated(signum: int, frame: object) -> None:
    RECEIVED.append(signum)  # errors.stop_status: the run ends as this signal, however the exception is dressed
    raise Terminated(signum)


def stop_signals_raise() -> dict[int, object]:
    """Turn SIGTERM and SIGHUP into a ``Terminated`` exception, so cleanup runs.

    By default they kill the process on the spot, with no ``finally`` blocks.
    Only signals still at their default action are changed (a program using
    hipcli as a library keeps its own handlers). Returns what was replaced.
    The command line calls this once at start.
    """
    replaced: dict[int, object] = {}
    if threading.current_thread() is not threading.main_thread():
        return replaced
    for signum in STOP_SIGNALS:
        if signum == signal.SIGINT:
            continue  # Python already raises KeyboardInterrupt
        with contextlib.suppress(OSError, ValueError):
            if signal.getsignal(signum) == signal.SIG_DFL:
                replaced[signum] = signal.signal(signum, _raise_terminated)
    return replaced


@contextlib.contextmanager
def _stop_signals_raising() -> Iterator[None]:
    """``stop_signals_raise`` for the length of one write, for library callers."""
    replaced = stop_signals_raise()
    try:
        yield
    finally:
        for signum, handler in replaced.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(signum, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the stop signals while a temporary file is created and named.

    A signal is delivered when they are released, so the handler's exception
    always finds the temporary file's name already known to the cleanup code.
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# --- checks ----------------------------------------------------------------------------------


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _check_name(target: Path, folder: Path) -> None:
    limit = _name_max(folder)
    size = len(os.fsencode(target.name))
    if size > limit:
        raise WriteError(
            f"{_shown(target.name[:40])}...: the file name is {size} bytes long; "
            f"file names here can be at most {limit}; choose a shorter name"
        )
    if len(os.fsencode(str(target))) >= 4096:
        raise WriteError(f"{_shown(str(target)[:40])}...: the path is too long to write; choose a shorter one")


_DESCRIPTOR = r"^/(?:proc/(?:self|thread-self|\d+)|dev)/fd(?:/|$)|^/dev/std(?:in|out|err)$"


def _descriptor_link(target: Path) -> bool:
    """Whether the path is, or links through, /dev/stdout, /dev/fd/N or /proc/PID/fd/N.

    Those name whatever a descriptor is open on (a terminal, a pipe, the file a
    shell redirected to); replacing them would replace a link, not write there.
    """
    current = os.path.abspath(target)
    for _ in range(40):
        if re.match(_DESCRIPTOR, current):  # re caches the compiled pattern; compiled only when writing
            return True
        try:
            pointed = os.readlink(current)
        except OSError:
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), pointed))
    return False


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """The path to write to, after refusing what must not be written.

    Raises ``WriteError`` for a special file or a symlink to one (whatever
    ``force`` says), a folder, a missing folder, a name too long, and, without
    ``force``, an existing file or a symlink. Returns the path to replace:
    with ``force``, a symlink is itself replaced, never written through.
    The training log and its companion files are refused whatever ``force`` says.
    """
    target = Path(path)
    if not target.name or target.name in (".", ".."):
        raise WriteError(f"{_shown(path)}: is a folder; name a file to write")
    folder = target.parent
    _check_name(target, folder)
    if _descriptor_link(target):
        raise WriteError(
            f"{_shown(target)}: names an open descriptor, not a file; give '-' instead to write to standard output"
        )
    try:
        link = os.lstat(target)
    except FileNotFoundError:
        link = None
    except NotADirectoryError:
        raise WriteError(f"{_shown(target)}: {_shown(folder)} is not a folder") from None
    except OSError as error:
        raise WriteError(f"{_shown(target)}: cannot write: {error.strerror}") from None
    if link is not None and stat.S_ISLNK(link.st_mode):
        try:
            pointed = os.stat(target)
        except FileNotFoundError:
            if not force:
                raise WriteError(
                    f"{_shown(target)}: is a symlink to a missing file; add --force to replace the link with the file"
                ) from None
            pointed = None
        except OSError as error:
            raise WriteError(f"{_shown(target)}: cannot follow the symlink: {error.strerror}") from None
        if pointed is not None:
            kind = special_kind(pointed.st_mode)
            if kind == "a folder":
                raise WriteError(f"{_shown(target)}: is a symlink to a folder; name a file to write")
            if kind is not None:
                raise WriteError(
                    f"{_shown(target)}: is a symlink to {kind}; hipcli writes regular files only, even with --force"
                )
            _refuse_the_log(target, pointed)
            if not force:
                raise WriteError(
                    f"{_shown(target)}: already exists (a symlink to {_shown(os.path.realpath(target))}); "
                    "add --force to replace the link with the file"
                )
            # The link itself is replaced: writing through it would change a file the person never named.
    elif link is not None:
        kind = special_kind(link.st_mode)
        if kind == "a folder":
            raise WriteError(f"{_shown(target)}: is a folder; name a file to write")
        if kind is not None:
            raise WriteError(f"{_shown(target)}: is {kind}; hipcli writes regular files only, even with --force")
        _refuse_the_log(target, link)
        if not force:
            raise WriteError(f"{_shown(target)}: already exists; add --force to replace it")
    if not folder.is_dir():
        raise WriteError(f"{_shown(target)}: the folder {_shown(folder)} does not exist")
    if link is None:
        _refuse_the_log(target, None)
    return target


_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _refuse_the_log(target: Path, info: os.stat_result | None) -> None:
    """``WriteError`` when ``target`` is the training log or one of its companion files.

    By resolved name (the -wal file may not exist yet) and by device and inode
    (a hard link to the log has another name but is the same file).
    """
    from .paths import log_path

    try:
        log = log_path()
    except (OSError, RuntimeError):  # no home folder to find the log in: nothing to protect here
        return
    here = os.path.realpath(target)
    for suffix in _COMPANIONS:
        companion = f"{log}{suffix}"
        same = here == os.path.realpath(companion)
        if not same and info is not None:
            try:
                theirs = os.stat(companion)
            except OSError:
                continue
            same = (theirs.st_dev, theirs.st_ino) == (info.st_dev, info.st_ino)
        if same:
            what = "the training log" if not suffix else f"the training log's {suffix} file"
            raise WriteError(
                f"{_shown(target)}: is {what}; hipcli never writes over it, even with --force "
                "(copy the log with 'hipcli log backup FILE')"
            )


# --- writing ---------------------------------------------------------------------------------


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False, mode: int | None = None) -> Path:
    """Write a whole UTF-8 text file (newlines as written) through ``write_bytes``."""
    return write_bytes(path, text.encode("utf-8"), force=force, mode=mode)


def write_chunks(path: str | os.PathLike[str], chunks: Iterable[str], *, force: bool = False) -> Path:
    """Write a UTF-8 text file from pieces as they are made (a long export in flat memory), atomically."""
    target = check_target(path, force=force)
    with _stop_signals_raising():
        return _write(target, (chunk.encode("utf-8") for chunk in chunks), force=force, mode=None)


def write_bytes(
    path: str | os.PathLike[str], data: bytes | Iterable[bytes], *, force: bool = False, mode: int | None = None
) -> Path:
    """Write a whole file atomically (``data`` whole, or in pieces as made); never replace an existing file unless ``force``.

    ``mode`` sets the new file's permissions (default: 0o666 less the umask;
    a replaced file keeps its own). Returns the path written, which differs
    from ``path`` when that is a symlink. Raises ``WriteError``.
    """
    target = check_target(path, force=force)
    with _stop_signals_raising():
        return _write(target, data, force=force, mode=mode)


def _write(target: Path, data: bytes | Iterable[bytes], *, force: bool, mode: int | None) -> Path:
    import tempfile  # here, not at the top: every command imports this module for its signal set-up

    folder = target.parent
    temporary: str | None = None
    try:
        try:
            with _signals_held():
                # A short prefix: a 250-byte name plus a suffix would pass the name limit.
                handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name[:32]}.", suffix=".tmp")
        except OSError as error:
            raise WriteError(f"{_shown(target)}: cannot write in {_shown(folder)}: {error.strerror}") from None
        with os.fdopen(handle, "wb") as stream:
            for piece in (data,) if isinstance(data, bytes) else data:
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), _mode_for(target, mode))
        if force:
            os.replace(temporary, target)
        else:
            _publish_new(temporary, target)
        temporary = None
        _sync_folder(folder)
        return target
    except OSError as error:
        raise WriteError(f"{_shown(target)}: cannot write: {_reason(error)}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _publish_new(temporary: str, target: Path) -> None:
    """Make ``temporary`` the new ``target``, failing if ``target`` exists by now."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise WriteError(f"{_shown(target)}: already exists; add --force to replace it") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        # A file system without hard links (FAT, some network shares): claim the
        # name exclusively, then move the finished file over the empty claim.
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            raise WriteError(f"{_shown(target)}: already exists; add --force to replace it") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def _mode_for(target: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    with contextlib.suppress(OSError):
        return os.stat(target).st_mode & 0o7777  # a replaced file keeps its permissions
    return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry too, so the new name survives a power cut."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "no space left on the device; nothing was written"
    if error.errno == errno.EDQUOT:
        return "disk quota exceeded; nothing was written"
    return error.strerror or str(error)


__all__ = ["STOP_SIGNALS", "check_target", "special_kind", "stop_signals_raise", "write_bytes", "write_text"]
