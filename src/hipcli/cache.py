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

import contextlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .models import Catalogue

ENV_VAR = "HIPCLI_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "hipcli" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "hipcli"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hipcli"


def _entry(file: Path, kind: str = "catalogue") -> Path:
    # The name only spreads catalogues over files: the key inside says whose it is.
    # (zlib rather than hashlib, which takes longer to import than a cached lookup.)
    resolved = str(file.resolve())
    return cache_dir() / f"{kind}-{file.stem[:40]}-{zlib.crc32(resolved.encode()):08x}.json"


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
    from .models import Catalogue, from_data

    stored = _load(file, stat)
    if stored is None:
        return None
    try:
        return from_data(Catalogue, stored["catalogue"], positional=True)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None  # written by something else: read the catalogue instead


def names(file: Path, stat: os.stat_result) -> list[str] | None:
    """Every name a card answers to, for shell completion: no models, no parsing."""
    try:
        with open(_entry(file, "names"), encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != _key(file, stat):
        return None
    found = stored.get("names")
    return found if isinstance(found, list) else None


def write(file: Path, stat: os.stat_result, catalogue: Catalogue, names: list[str]) -> None:
    from .models import to_data

    key = _key(file, stat)
    _write_json(_entry(file), {"key": key, "catalogue": to_data(catalogue, positional=True)})
    _write_json(_entry(file, "names"), {"key": key, "names": names})


def _write_json(target: Path, payload: dict[str, object]) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
