"""Where hipcli keeps things on disk: the config file, the catalogue cache and the training log.

One module for all three, so each system's conventions are written once:
XDG folders on Linux and other Unix systems, ~/Library on macOS, %APPDATA% and
%LOCALAPPDATA% on Windows (the same folders platformdirs would give, without its
import on every start). Each has an environment variable that overrides it,
for tests and for people who keep the files elsewhere (a synced folder).

Nothing here creates a folder or opens a file; ``log_exists`` only looks, so a
command can skip the log machinery entirely when there is no log.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

CONFIG_ENV = "HIPCLI_CONFIG"  # the config file itself
CACHE_ENV = "HIPCLI_CACHE_DIR"
DATA_ENV = "HIPCLI_DATA"  # the folder that holds the training log
LOG_NAME = "journal.sqlite3"


def config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    if sys.platform == "win32":
        base = Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "hipcli" / "config.toml"


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "hipcli" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "hipcli"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hipcli"


def data_dir() -> Path:
    """The training log's folder: ``HIPCLI_DATA``, else the system's user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "hipcli"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "hipcli"
    # An XDG variable must be absolute to count (the XDG spec); a relative one is ignored.
    xdg = os.environ.get("XDG_DATA_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share") / "hipcli"


def log_path() -> Path:
    return data_dir() / LOG_NAME


def log_exists(path: str | os.PathLike[str] | None = None) -> bool:
    """Whether a log file is there, without creating or opening it."""
    target = Path(path) if path is not None else log_path()
    try:
        return target.is_file() and target.stat().st_size > 0
    except OSError:
        return False  # an unreadable folder on the way: the log commands say what is wrong


def shown(path: Path) -> str:
    """A path as a person reads it: ``~/...`` inside the home folder, else as it is."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
