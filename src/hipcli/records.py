"""The machinery under the models: frozen dataclass records, constraint markers, and plain data both ways.

``models.py`` declares what hipcli's data is; this module is how such a
declaration becomes a light, immutable class (see ``Model``), carries the
limits pydantic checks (``Ge``, ``Le``, ``MinLen``, ``MaxLen``, ``Pattern``),
and turns into the dicts and lists of JSON and TOML and back (``to_data``,
``from_data``). No hipcli imports: the models and the cache build on it.
"""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import UnionType
from typing import (
    Annotated,
    Any,
    ClassVar,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

# Unknown keys are errors in every file hipcli reads; strictness (no "2" for 2,
# no true for 1) is switched on by the validator, which reads JSON.
CONFIG: dict[str, Any] = {"extra": "forbid"}
T = TypeVar("T")


class Model:
    """Equality, hashing, repr and immutability shared by every model.

    ``dataclass(frozen=True)`` would generate ``__init__``, ``__setattr__``,
    ``__delattr__``, ``__eq__``, ``__hash__`` and ``__repr__`` for each class
    with ``exec``, at import, for every command. Here one shared copy of each
    lives on this class, and ``model`` writes a class's ``__init__`` only the
    first time that class is built (most commands build a few of the
    models): this module imports several times faster (bench/startup.py).
    Models are immutable: ``__init__`` fills the fields without
    ``__setattr__``, and any later assignment raises ``FrozenInstanceError``.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field '{name}'")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in field_names(self.__class__))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in field_names(self.__class__))
        return f"{self.__class__.__name__}({fields})"


@cache
def field_names(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(cls))


def model(cls: type[T] | None = None, /, *, kw_only: bool = True) -> Any:
    """A dataclass on ``Model`` (keyword-only unless asked): fields are read now, ``__init__`` is written on first use."""

    def wrap(cls: type[T]) -> type[T]:
        cls = dataclass(init=False, kw_only=kw_only, eq=False, repr=False)(cls)

        def __init__(self: Any, *args: Any, **values: Any) -> None:
            real = _write_init(cls, kw_only)
            cls.__init__ = real  # type: ignore[misc]  # from now on, the written one
            real(self, *args, **values)

        cls.__init__ = __init__  # type: ignore[misc]
        return cls

    return wrap if cls is None else wrap(cls)


def _write_init(cls: type, kw_only: bool) -> Callable[..., None]:
    """What ``dataclass`` would write for a frozen, keyword-only class, once, with ``exec``."""
    names: dict[str, Any] = {"_set": object.__setattr__, "_MISSING": dataclasses.MISSING}
    parameters, lines = [], []
    for index, item in enumerate(dataclasses.fields(cls)):
        if item.default is not dataclasses.MISSING:
            names[f"_default{index}"] = item.default
            parameters.append(f"{item.name}=_default{index}")
            value = item.name
        elif item.default_factory is not dataclasses.MISSING:
            names[f"_factory{index}"] = item.default_factory
            parameters.append(f"{item.name}=_MISSING")
            value = f"_factory{index}() if {item.name} is _MISSING else {item.name}"
        else:
            parameters.append(item.name)
            value = item.name
        lines.append(f"    _set(self, {item.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    star = "*, " if parameters and kw_only else ""
    source = f"def __init__(self, {star}{', '.join(parameters)}):\n" + ("\n".join(lines) or "    pass") + "\n"
    scope: dict[str, Any] = {}
    exec(source, names, scope)  # noqa: S102 - our own field names, as dataclasses does
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init  # type: ignore[no-any-return]


class _Constraint:
    """A constraint as ``Annotated`` metadata, set on pydantic's schema when it builds one.

    pydantic calls the hook only while building a validator, so these markers
    cost nothing at import time (the annotated-types package costs more than
    a whole catalogue lookup).
    """

    key = ""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema[self.key] = self.value
        return schema


class Ge(_Constraint):
    key = "ge"


class Le(_Constraint):
    key = "le"


class MinLen(_Constraint):
    key = "min_length"


class MaxLen(_Constraint):
    key = "max_length"


class Pattern(_Constraint):
    """A regular expression a string must match, with what it means for messages."""

    key = "pattern"
    meanings: ClassVar[dict[str, str]] = {}  # regex -> the end of "must be ..."

    def __init__(self, regex: str, meaning: str) -> None:
        super().__init__(regex)
        Pattern.meanings[regex] = meaning


# --- plain data --------------------------------------------------------------


def to_data(value: Any, *, drop_none: bool = True, positional: bool = False) -> Any:
    """Turn models into JSON/TOML-ready dicts, lists and scalars.

    Only declared fields are written, in declaration order, so files read in
    the same order as the classes above. ``positional`` writes each model as
    a list of its field values instead: smaller and faster to read back, for
    hipcli's own cache.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = field_names(value.__class__)
        if positional:
            return [to_data(getattr(value, name), drop_none=False, positional=True) for name in names]
        out = {}
        for name in names:
            sub = getattr(value, name)
            if sub is None and drop_none:
                continue
            out[name] = to_data(sub, drop_none=drop_none)
        return out
    if isinstance(value, dict):
        return {key: to_data(sub, drop_none=drop_none, positional=positional) for key, sub in value.items()}
    if isinstance(value, (tuple, list)):
        return [to_data(sub, drop_none=drop_none, positional=positional) for sub in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def from_data(tp: type[T], data: Any, *, positional: bool = False) -> T:
    """Rebuild a model from ``to_data`` output that was validated before.

    For trusted input only (hipcli's own cache): it checks nothing, which is
    what makes it fast enough to skip pydantic on every run.
    """
    build = _builder(tp, positional)
    return data if build is None else build(data)


_Build = Callable[[Any], Any] | None  # None: the value needs no conversion


@cache
def _builder(tp: Any, positional: bool) -> _Build:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp, include_extras=True)
        names = field_names(tp)
        builds = [_builder(hints[name], positional) for name in names]
        convert = [(index, build) for index, build in enumerate(builds) if build is not None]
        new = object.__new__

        def build_dataclass(data: Any) -> Any:
            # Fill the instance directly: __init__ would check and normalise
            # again, one Python call per field, which is most of the time it
            # takes to load a catalogue of ten thousand exercises.
            instance = new(tp)
            if positional:
                values = list(data)
                for index, build in convert:
                    values[index] = build(values[index])
                instance.__dict__.update(zip(names, values))
            else:
                instance.__dict__.update(
                    (name, data[name] if build is None else build(data[name]))
                    for name, build in zip(names, builds)
                    if name in data
                )
            return instance

        return build_dataclass
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _builder(args[0], positional)
            return tuple if item is None else (lambda data: tuple(item(value) for value in data))
        return tuple
    if origin is dict:
        value_builder = _builder(get_args(tp)[1], positional)
        if value_builder is None:
            return None
        return lambda data: {key: value_builder(value) for key, value in data.items()}
    if origin in (Union, UnionType):
        options = [arg for arg in get_args(tp) if arg is not type(None)]
        if len(options) == 1:
            inner = _builder(options[0], positional)
            return None if inner is None else (lambda data: None if data is None else inner(data))
        # A union of a number and a [low, high] pair: lists become tuples.
        return lambda data: tuple(data) if isinstance(data, list) else data
    if tp is datetime.date:
        return datetime.date.fromisoformat
    return None
