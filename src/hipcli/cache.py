"""A JSON copy of each checked catalogue, so most runs skip TOML and pydantic.

Parsing TOML and validating dominate start-up (and, for a catalogue of ten
thousand exercises, everything else). The copy lives in the user's cache
folder and is never trusted more than the file it stands for:

- It is keyed on the catalogue's content (a BLAKE2 digest of its bytes) and
  the hipcli version, not on what ``stat`` says, so an edit is seen even when
  the size and modification time are put back (``touch -d``, ``cp -p``).
- It is sealed with a keyed BLAKE2 MAC under a per-user secret (``key``, mode
  0600, in the cache folder). An entry someone else planted, or copied from
  another machine, fails the check and is ignored: a cache cannot skip the
  catalogue rules. The MAC is checked before the payload is parsed, so
  planted bad bytes or deeply nested JSON never reach the parser.
- Anything unreadable (bad bytes, a wrong shape, a secret with the wrong owner
  or mode) is ignored and, where possible, rewritten: never an error.
- It is written through ``files.write_bytes``, atomically, so an interrupted
  first run leaves no partial file.

An entry is one line of JSON header (version, digest, MAC), a newline, and
the JSON payload. JSON, never pickle: loading a cache must not run code.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .paths import CACHE_ENV as ENV_VAR, cache_dir  # noqa: F401 - cache.ENV_VAR and cache.cache_dir are this module's API

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .models import Catalogue

try:
    # hashlib costs ~10 ms to import (it loads OpenSSL); the built-in BLAKE2
    # module costs well under 1 ms, and the cache exists to save start-up time.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b
try:
    from _operator import _compare_digest as same_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest as same_digest

FORMAT = 2  # the layout of an entry; 1 was the stat-keyed JSON object
_HEADER_MAX = 1024


_last_digest: tuple[bytes, str] | None = None


def digest(content: bytes) -> str:
    """What a catalogue is, for the cache: a digest of its bytes.

    One command may ask several times (is the cache fresh? then read it): the
    last answer is kept, since comparing bytes costs a fraction of hashing
    them (a 37 MB catalogue: about 120 ms to hash).
    """
    global _last_digest
    if _last_digest is not None and (_last_digest[0] is content or _last_digest[0] == content):
        return _last_digest[1]
    found = blake2b(content, digest_size=20).hexdigest()
    _last_digest = (content, found)
    return found


def forget() -> None:
    """Let go of the bytes kept with the last digest (a big catalogue read cold frees them)."""
    global _last_digest
    _last_digest = None


def _entry(file: Path, kind: str = "catalogue") -> Path:
    # The name only spreads catalogues over files: the digest inside says which content it holds.
    resolved = str(file.resolve())
    return cache_dir() / f"{kind}-{file.stem[:40]}-{zlib.crc32(resolved.encode()):08x}.json"


# --- the per-user secret --------------------------------------------------------------------


def _secret(*, create: bool) -> bytes | None:
    """The key that seals entries: 32 random bytes, readable by this user only.

    A key file owned by someone else, readable by others, or not a regular
    file means the folder cannot be trusted: no cache for this run.
    """
    path = cache_dir() / "key"
    for _attempt in range(2):
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            if not create or not _make_secret(path):
                return None
            continue
        except OSError:
            return None
        try:
            info = os.fstat(descriptor)
            if not _private(info):
                return None
            key = os.read(descriptor, 64)
        except OSError:
            return None
        finally:
            os.close(descriptor)
        return key if len(key) == 32 else None
    return None


def _private(info: os.stat_result) -> bool:
    import stat

    if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _make_secret(path: Path) -> bool:
    from .errors import WriteError
    from .files import write_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_bytes(path, os.urandom(32), mode=0o600)
    except WriteError:
        # Another process made it first (then read theirs), or the folder is not writable.
        return path.exists()
    except OSError:
        return False
    return True


def _seal(key: bytes, header: dict[str, Any], payload: bytes | memoryview | Iterable[bytes]) -> str:
    mac = blake2b(key=key, digest_size=32)
    mac.update(json.dumps(header, sort_keys=True).encode())
    mac.update(b"\n")
    for piece in (payload,) if isinstance(payload, (bytes, memoryview)) else payload:
        mac.update(piece)
    return mac.hexdigest()


# --- reading -----------------------------------------------------------------------------------


def _header(raw: bytes) -> tuple[dict[str, Any], memoryview] | None:
    end = raw.find(b"\n", 0, _HEADER_MAX)
    if end < 0:
        return None
    try:
        header = json.loads(raw[:end])
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or not isinstance(header.get("mac"), str):
        return None
    # A view, not a slice: a copy of a big entry's payload would be another 30 MB alive.
    return header, memoryview(raw)[end + 1 :]


def _expected(content_digest: str, kind: str) -> dict[str, Any]:
    header = {"format": FORMAT, "hipcli": __version__, "kind": kind, "digest": content_digest}
    if kind == "catalogue":
        header["layout"] = _layout()
    return header


def _layout() -> str:
    """The models' fields, in order: a catalogue is cached as lists of field values, so an
    entry written before a field was added (within one version) must not be read."""
    import dataclasses

    from . import models
    from .records import field_names

    shape = [
        (name, field_names(value))
        for name, value in sorted(vars(models).items())
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    ]
    return f"{zlib.crc32(repr(shape).encode()):08x}"


# A cached catalogue of ten thousand cards is about 30 MB of JSON: orjson (Rust)
# reads it in about two thirds of the time json does and writes it ten times
# faster (bench/scale.py). Small entries keep to json, which costs no import.
_BIG = 1_000_000


def _loads(payload: memoryview) -> Any:
    if len(payload) >= _BIG:
        try:
            import orjson
        except ImportError:
            pass
        else:
            return orjson.loads(payload)
    return json.loads(bytes(payload))


def _open_entry(file: Path, content: bytes, kind: str, digested: str | None = None) -> Any | None:
    """The payload of a fresh, sealed entry, parsed; None for anything else."""
    key = _secret(create=False)
    if key is None:
        return None
    try:
        with open(_entry(file, kind), "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    found = _header(raw)
    if found is None:
        return None
    header, payload = found
    mac = header.pop("mac")
    if header != _expected(digested or digest(content), kind):
        return None
    if not same_digest(mac, _seal(key, header, payload)):
        return None  # planted, copied, or damaged
    try:
        return _loads(payload)
    except (ValueError, RecursionError):
        return None


def is_fresh(file: Path, content: bytes, *, digested: str | None = None) -> bool:
    """Whether an entry for exactly this content exists: a hint (for a progress
    indicator) that reads only the header; ``read`` checks the seal."""
    try:
        with open(_entry(file), "rb") as handle:
            head = handle.read(_HEADER_MAX)
    except OSError:
        return False
    found = _header(head)
    if found is None:
        return False
    header = dict(found[0])
    header.pop("mac")
    return header == _expected(digested or digest(content), "catalogue") and _secret(create=False) is not None


def read(file: Path, content: bytes, *, digested: str | None = None) -> Catalogue | None:
    """The cached catalogue for ``content`` (or for the content whose digest is ``digested``), or None."""
    from .models import Catalogue
    from .records import from_data

    stored = _open_entry(file, content, "catalogue", digested)
    if stored is None:
        return None
    try:
        return from_data(Catalogue, stored, positional=True)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return None  # written by another build of hipcli: read the catalogue instead


def names(file: Path, content: bytes) -> list[str] | None:
    """Every name a card answers to, for shell completion: no models, no parsing."""
    from .text import has_control

    found = _open_entry(file, content, "names")
    if not isinstance(found, list) or not all(isinstance(name, str) and not has_control(name) for name in found):
        return None
    return found


# --- writing -----------------------------------------------------------------------------------


def write(file: Path, content: bytes, catalogue: Catalogue, names: list[str], *, digested: str | None = None) -> None:
    """Seal and write both entries; a cache that cannot be written is simply not used.

    ``digested``: the content's digest, when the caller has let go of the bytes.
    """
    key = _secret(create=True)
    if key is None:
        return
    content_digest = digested or digest(content)
    _write_entry(file, "catalogue", key, content_digest, lambda: encode_parts(catalogue))
    _write_entry(file, "names", key, content_digest, _dumps(names))


def encode(catalogue: Catalogue) -> bytes:
    """The catalogue as ``to_data(..., positional=True)`` would give it, as JSON, in one pass.

    With orjson, one ``dumps`` walks the models in Rust and calls back only to
    list each model's field values; the generic conversion took longer than
    everything else in writing the cache.
    """
    from .records import to_data

    try:
        import orjson
    except ImportError:
        return _dumps(to_data(catalogue, positional=True))
    return orjson.dumps(catalogue, default=_field_values, option=orjson.OPT_PASSTHROUGH_DATACLASS)


_CARDS_PER_PIECE = 500


def encode_parts(catalogue: Catalogue) -> Iterator[bytes]:
    """``encode``'s bytes in pieces of a few hundred cards, made as they are asked for.

    The cache of 10,000 cards is about 30 MB; made whole, and then copied
    behind its header line, it was most of a cold read's peak memory. Made
    in pieces, it is sealed in one pass and made again as it is written,
    which costs a tenth of a second and holds one piece at a time.
    """
    try:
        import orjson
    except ImportError:
        yield encode(catalogue)
        return
    from .records import field_names

    def dump(value: Any) -> bytes:
        return orjson.dumps(value, default=_field_values, option=orjson.OPT_PASSTHROUGH_DATACLASS)

    yield b"["
    for number, name in enumerate(field_names(type(catalogue))):
        value = getattr(catalogue, name)
        if number:
            yield b","
        if name != "exercises" or not value:
            yield dump(value)
            continue
        for start in range(0, len(value), _CARDS_PER_PIECE):
            piece = dump(value[start : start + _CARDS_PER_PIECE])  # "[card,card,...]"
            head = b"[" if start == 0 else b","
            tail = b"]" if start + _CARDS_PER_PIECE >= len(value) else b""
            yield head + piece[1:-1] + tail
    yield b"]"


_GETTERS: dict[type, Any] = {}


def _field_values(value: Any) -> tuple[Any, ...]:
    try:
        return _GETTERS[type(value)](value)  # type: ignore[no-any-return]
    except KeyError:
        pass
    from operator import attrgetter

    from .records import field_names

    names = field_names(type(value))  # raises TypeError for anything but a model, as orjson expects
    # attrgetter of several names gives a tuple of their values in one C call (orjson writes it as a list).
    getter = attrgetter(*names) if len(names) > 1 else (lambda item: tuple(getattr(item, name) for name in names))
    _GETTERS[type(value)] = getter
    return getter(value)  # type: ignore[no-any-return]


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _write_entry(file: Path, kind: str, key: bytes, content_digest: str, data: Any) -> None:
    """Seal and write one entry: ``data`` is the JSON payload already encoded (bytes), plain data,
    or a function giving the encoded payload in pieces (called twice: to seal, then to write)."""
    from itertools import chain

    from .errors import WriteError
    from .files import write_bytes

    if callable(data):
        pieces = data
    else:
        payload = data if isinstance(data, bytes) else _dumps(data)
        pieces = lambda: (payload,)  # noqa: E731
    header = _expected(content_digest, kind)
    sealed = {**header, "mac": _seal(key, header, pieces())}
    try:
        write_bytes(_entry(file, kind), chain((json.dumps(sealed).encode() + b"\n",), pieces()), force=True, mode=0o600)
    except (WriteError, OSError):
        pass
