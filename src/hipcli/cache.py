"""A JSON copy of each checked catalogue, so most runs skip TOML and pydantic.

Parsing TOML and validating dominate start-up (and, for a catalogue of ten
thousand exercises, everything else). The copy lives in the user's cache
folder, keyed by the catalogue's resolved path, size and modification time
and by the hipcli version; any change to the file or to hipcli makes it
stale. JSON, never pickle: loading a cache must not be able to run code.
Failing to read or write the cache is never an error: hipcli just reads the
catalogue itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import __version__
from .models import Catalogue, from_data, to_data

ENV_VAR = "HIPCLI_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "hipcli" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "hipcli"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hipcli"


def _entry(file: Path) -> Path:
    digest = hashlib.sha256(str(file.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / f"catalogue-{digest}.json"


def _key(file: Path, stat: os.stat_result) -> dict[str, Any]:
    return {
        "hipcli": __version__,
        "path": str(file.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def _load(file: Path, stat: os.stat_result) -> dict[str, Any] | None:
    try:
        with open(_entry(file), encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != _key(file, stat):
        return None
    return stored


def is_fresh(file: Path, stat: os.stat_result) -> bool:
    try:
        with open(_entry(file), encoding="utf-8") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    # The key is written first, so its start tells freshness without parsing it all.
    return head.startswith(json.dumps({"key": _key(file, stat)})[:-1])


def read(file: Path, stat: os.stat_result) -> Catalogue | None:
    stored = _load(file, stat)
    if stored is None:
        return None
    try:
        return from_data(Catalogue, stored["catalogue"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # written by something else: read the catalogue instead


def write(file: Path, stat: os.stat_result, catalogue: Catalogue) -> None:
    folder = cache_dir()
    payload = {"key": _key(file, stat), "catalogue": to_data(catalogue, drop_none=False)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=".catalogue-", suffix=".tmp", delete=False
        )
        with handle:
            json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(handle.name, _entry(file))
    except OSError:
        try:
            os.unlink(handle.name)
        except (OSError, UnboundLocalError):
            pass
