"""Checking untrusted data against the models, with messages a person can act on.

This is the only module that imports pydantic, and it is imported only when a
file has to be validated: a cached catalogue, or showing and planning from
one, never loads it (see ``models.py`` for why).

Data is validated from JSON in strict mode, so a TOML array is accepted where
a range is expected but ``"2"`` is not a number and ``true`` is not 1.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
import difflib
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from . import models

T = TypeVar("T")

MEANINGS = {
    "missing": "is required",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text in quotes",
    "bool_type": "must be true or false",
    "tuple_type": "must be a list in square brackets",
    "list_type": "must be a list in square brackets",
    "dict_type": "must be a table",
    "dataclass_type": "must be a table",
    "dataclass_exact_type": "must be a table",
    "string_too_short": "must not be empty",
    "date_type": "must be a date such as 2026-01-31",
    "date_parsing": "must be a date such as 2026-01-31",
    "date_from_datetime_parsing": "must be a date such as 2026-01-31",
    "date_from_datetime_inexact": "must be a date without a time",
}


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_branch_tag(part: Any) -> bool:
    """pydantic names union branches in error locations; they are not keys."""
    return isinstance(part, str) and (
        "[" in part or part in {"int", "str", "bool", "constrained-int", "constrained-str", "tuple"}
    )


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    return tp


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _type_at(root: Any, path: tuple[Any, ...]) -> Any:
    """The declared type at a location, for listing the keys a table allows."""
    tp = _unwrap(root)
    for part in path:
        origin = get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            tables = [arg for arg in get_args(tp) if dataclasses.is_dataclass(_unwrap(arg))]
            tp = _unwrap(tables[0]) if tables else tp
            origin = get_origin(tp)
        if dataclasses.is_dataclass(tp) and isinstance(part, str):
            tp = _unwrap(_hints(tp).get(part, Any))
        elif origin is tuple and isinstance(part, int):
            tp = _unwrap(get_args(tp)[0])
        elif origin is dict:
            tp = _unwrap(get_args(tp)[1])
        else:
            return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        tables = [arg for arg in get_args(tp) if dataclasses.is_dataclass(_unwrap(arg))]
        tp = _unwrap(tables[0]) if tables else tp
    return tp


def _allowed_keys(root: Any, path: tuple[Any, ...]) -> list[str]:
    tp = _type_at(root, path)
    if tp is not None and dataclasses.is_dataclass(tp):
        return [item.name for item in dataclasses.fields(tp) if item.init]
    return []


def _message(error: dict[str, Any], root: Any, path: tuple[Any, ...]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        allowed = _allowed_keys(root, path[:-1])
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
        return f"unknown key{hint}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        if " or " not in expected and "," not in expected:
            return f"must be {expected}, not {_describe(value)}"
        return f"{_describe(value)} is not one of {expected}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, not {_describe(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, not {_describe(value)}"
    if kind == "too_short":
        needed = ctx.get("min_length", 1)
        return f"needs at least {needed} item{'s' if needed != 1 else ''}"
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} items"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind == "string_pattern_mismatch":
        meaning = models.Pattern.meanings.get(ctx.get("pattern", ""), "in the expected form")
        return f"must be {meaning}, not {_describe(value)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in MEANINGS:
        if kind == "missing":
            return MEANINGS[kind]
        return f"{MEANINGS[kind]}, not {_describe(value)}"
    return str(error["msg"])


def format_errors(exc: ValidationError, root: Any) -> list[tuple[tuple[Any, ...], str]]:
    """One (location, message) per field, in the order pydantic found them.

    A field declared as "a number or a [low, high] pair" fails once per branch;
    those failures are folded into one message. An unknown key that looks like
    a missing required key of the same table ("stes" for "sets") is reported
    once, as the typo it is.
    """
    kept = _matching_branches(exc, exc.errors(include_url=False))
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in kept:
        path = tuple(part for part in error["loc"] if not _is_branch_tag(part))
        grouped.setdefault(path, []).append(error)
    typos = _typos(grouped)
    fixed = {path[:-1] + (key,) for path, key in typos.items()}
    # A list whose only item is invalid is also "too short"; the item's error says it all.
    fixed |= {
        path
        for path, errors in grouped.items()
        if errors[0]["type"] == "too_short"
        and any(len(other) > len(path) and other[: len(path)] == path for other in grouped)
    }
    out = []
    for path, errors in grouped.items():
        branched = any(_is_branch_tag(part) for error in errors for part in error["loc"])
        if path in typos:
            out.append((path, f"unknown key; did you mean '{typos[path]}'?"))
        elif path in fixed:
            continue
        elif branched and len(errors) > 1:
            out.append((path, f"must be a number or a [low, high] pair, not {_describe(errors[0]['input'])}"))
        else:
            out.append((path, _message(errors[0], root, path)))
    return out


def _matching_branches(exc: ValidationError, errors: list[Any]) -> list[Any]:
    """The errors, less those of a union's branch that does not match the shape written."""
    # A field that is "a number or a [low, high] pair" fails once per branch;
    # keep the branch that matches what was written (a list, or not).
    by_union: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in errors:
        tags = [index for index, part in enumerate(error["loc"]) if _is_branch_tag(part)]
        if tags:
            by_union.setdefault(tuple(error["loc"][: tags[0]]), []).append(error)
    kept = []
    for error in errors:
        tags = [index for index, part in enumerate(error["loc"]) if _is_branch_tag(part)]
        if tags:
            siblings = by_union[tuple(error["loc"][: tags[0]])]
            written = _value_at(exc, siblings)
            is_pair_branch = "tuple" in str(error["loc"][tags[0]])
            shape_known = isinstance(written, list) or (isinstance(written, int) and not isinstance(written, bool))
            if shape_known and is_pair_branch != isinstance(written, list):
                continue
        kept.append(error)
    return kept


def _typos(grouped: dict[tuple[Any, ...], list[dict[str, Any]]]) -> dict[tuple[Any, ...], str]:
    """Unknown keys that look like a missing required key of the same table, with that key."""
    missing: dict[tuple[Any, ...], list[str]] = {}
    for path, errors in grouped.items():
        if errors[0]["type"] == "missing" and path:
            missing.setdefault(path[:-1], []).append(str(path[-1]))
    typos: dict[tuple[Any, ...], str] = {}
    for path, errors in grouped.items():
        if errors[0]["type"] in ("extra_forbidden", "unexpected_keyword_argument") and path:
            close = difflib.get_close_matches(str(path[-1]), missing.get(path[:-1], []), n=1, cutoff=0.5)
            if close:
                typos[path] = close[0]
    return typos


def _value_at(exc: ValidationError, siblings: list[dict[str, Any]]) -> Any:
    """What was written where a union failed: the input of its scalar branch's error."""
    for error in siblings:
        tags = [part for part in error["loc"] if _is_branch_tag(part)]
        if tags and "tuple" not in str(tags[0]) and error["loc"][-1] == tags[0]:
            return error.get("input")
    return None


def dotted(path: tuple[Any, ...]) -> str:
    """``('prescription', 'beginner', 'sets')`` -> ``prescription.beginner.sets``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@cache
def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def to_json(data: Any) -> str | bytes:
    """Data read from a file as JSON for pydantic: orjson (Rust) when installed, ten times
    faster than ``json.dumps`` on a big catalogue (bench/scale.py)."""
    try:
        import orjson
    except ImportError:
        pass
    else:
        try:
            return orjson.dumps(data)
        except (TypeError, ValueError):
            pass  # something orjson will not write (an integer past 64 bits): the slow path says it
    return json.dumps(data, default=_json_default, ensure_ascii=False)


def validate(tp: type[T], data: Any) -> T:
    """Validate plain data (as read from TOML or JSON) into a model, strictly.

    Raises pydantic's ``ValidationError``; callers turn it into messages with
    ``format_errors`` because only they know the file and entry names.
    """
    encoded = _fast_json(data)
    # Without a date or time anywhere (orjson refused none), there is none to misplace.
    misplaced = list(_toml_dates(tp, data, ())) if encoded is None else []
    floats = list(_float_literals(tp, data, ()))
    if misplaced or floats:
        from pydantic_core import PydanticCustomError

        raise ValidationError.from_exception_data(
            getattr(tp, "__name__", "data"),
            [
                {
                    "type": PydanticCustomError(
                        "toml_date", "is an unquoted TOML date or time ({value}); text goes in quotes", {"value": value.isoformat()}
                    ),
                    "loc": path,
                    "input": value.isoformat(),
                }
                for path, value in misplaced
            ]
            + [
                {"type": PydanticCustomError("int_from_float", "must be a whole number"), "loc": path, "input": value}
                for path, value in floats
            ],
        )
    return _adapter(tp).validate_json(to_json(data) if encoded is None else encoded, strict=True)


def _fast_json(data: Any) -> bytes | None:
    """``data`` as JSON by orjson, or None if it holds a date or time (or anything orjson refuses).

    Dates are passed to a default that refuses them, so one pass in Rust both
    encodes the data and says whether the slow walk for misplaced dates is
    needed: a big catalogue has none, and walking it in Python took longer
    than validating it.
    """
    try:
        import orjson
    except ImportError:
        return None
    try:
        return orjson.dumps(data, default=_refuse, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except (TypeError, ValueError):
        return None


def _refuse(value: Any) -> Any:
    raise TypeError(type(value).__name__)


def _float_literals(root: Any, data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], float]]:
    """Floats where the model expects one of a few whole numbers (``format = 1.0`` for ``Literal[1]``).

    pydantic matches a literal by equality, and 1.0 == 1, so strict mode lets
    such a float through where ``sets = 2.0`` is refused: whole numbers are
    written as whole numbers everywhere.
    """
    # Only the parts of the data whose declared type can hold such a literal are walked
    # (for a catalogue: its top-level keys), not every value of every card.
    tp = _unwrap(root)
    for part in path:
        tp = None if tp is None else _step(tp, part)
    yield from _literal_floats(tp, data, path)


def _literal_floats(tp: Any, data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], float]]:
    """``_float_literals`` from the type ``_type_at`` reaches at ``path`` (before its last union step)."""
    if tp is None or not _may_hold_int_literal(tp):
        return
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _literal_floats(_step(tp, key), value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _literal_floats(_step(tp, index), value, (*path, index))
    elif isinstance(data, float) and _has_int_literal(tp):
        yield path, data


def _resolve(tp: Any) -> Any:
    """A union read as its first table, if it has one (as ``_type_at`` does)."""
    if get_origin(tp) in (typing.Union, types.UnionType):
        tables = [arg for arg in get_args(tp) if dataclasses.is_dataclass(_unwrap(arg))]
        return _unwrap(tables[0]) if tables else tp
    return tp


def _step(tp: Any, part: Any) -> Any:
    """One step of ``_type_at``: the declared type under key or index ``part``, or None."""
    tp = _resolve(tp)
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(part, str):
        return _unwrap(_hints(tp).get(part, Any))
    if origin is tuple and isinstance(part, int):
        return _unwrap(get_args(tp)[0])
    if origin is dict:
        return _unwrap(get_args(tp)[1])
    return None


def _has_int_literal(tp: Any) -> bool:
    expected = _resolve(tp)
    options = get_args(expected) if get_origin(expected) in (typing.Union, types.UnionType) else (expected,)
    literals = [value for option in options if get_origin(_unwrap(option)) is typing.Literal for value in get_args(_unwrap(option))]
    return any(isinstance(value, int) and not isinstance(value, bool) for value in literals)


_REACHES: dict[Any, bool] = {}


def _may_hold_int_literal(tp: Any) -> bool:
    """Whether a whole-number literal is ``tp`` or lies anywhere below it (cached per type)."""
    try:
        return _REACHES[tp]
    except KeyError:
        pass
    except TypeError:  # an unhashable annotation: walk it
        return True
    _REACHES[tp] = True  # a model that contains itself: walk it, to be safe
    resolved = _resolve(tp)
    origin = get_origin(resolved)
    if dataclasses.is_dataclass(resolved):
        below = [_unwrap(hint) for hint in _hints(resolved).values()]
    elif origin is tuple and get_args(resolved):
        below = [_unwrap(get_args(resolved)[0])]
    elif origin is dict:
        below = [_unwrap(get_args(resolved)[1])]
    else:
        below = []
    found = _has_int_literal(tp) or any(_may_hold_int_literal(item) for item in below)
    _REACHES[tp] = found
    return found


def _toml_dates(root: Any, data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """TOML dates and times where the model expects something else (text, most often).

    The JSON bridge would turn them into strings that pass as text, so
    ``name = 2026-01-01`` would quietly become the name "2026-01-01".
    """
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _toml_dates(root, value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _toml_dates(root, value, (*path, index))
    elif isinstance(data, (datetime.date, datetime.time)):
        expected = _type_at(root, path)
        options = get_args(expected) if get_origin(expected) in (typing.Union, types.UnionType) else (expected,)
        wants_date = datetime.date in options and type(data) is datetime.date
        if not wants_date:
            yield path, data


def json_schema(tp: Any, title: str) -> dict[str, Any]:
    schema = _adapter(tp).json_schema()
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


__all__ = ["ValidationError", "dotted", "format_errors", "json_schema", "validate"]
