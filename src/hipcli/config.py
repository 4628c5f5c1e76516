"""User defaults, set once: the config file, the environment, and how they merge.

A person who always plans as a beginner runner with a mini band should not
type it every time. Defaults come from, in order of precedence:

1. what was given (an option, or an argument to ``plan_request``);
2. the environment: ``HIPCLI_LEVEL``, ``HIPCLI_GOAL``, ``HIPCLI_EQUIPMENT``,
   ``HIPCLI_AVOID``, ``HIPCLI_DAYS``, ``HIPCLI_MINUTES``, ``HIPCLI_BAND_CHART``;
3. the config file, TOML, at ``HIPCLI_CONFIG`` or in the user's config
   folder (``$XDG_CONFIG_HOME/hipcli/config.toml``, usually
   ``~/.config/hipcli/config.toml``; ``~/Library/Application Support/hipcli``
   on macOS; ``%APPDATA%\\hipcli`` on Windows).

Every value is read through the same forgiving matcher as the options
(``choices.py``) and stored in its canonical spelling, so a file written by
``hipcli config`` reads back the same, and a hand-edited one may say
``equipment = "mini band, chair"``. ``resolve`` merges them for every
command that builds a plan (plan, program, train, the handout) and for the
library API (``hipcli.plan_request``). Pure: no typer, no printing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .errors import ConfigError, RequestError
from .paths import config_path

ENV_OFF = "HIPCLI_NO_CONFIG"


class Setting(NamedTuple):
    key: str
    help: str
    kind: str  # "one" choice, "list" of choices, "days", a whole number (see WHOLE_NUMBERS), "chart", "colours"
    vocabulary: str = ""


SETTINGS: dict[str, Setting] = {
    setting.key: setting
    for setting in (
        Setting("level", "your training level: beginner, intermediate or advanced", "one", "level"),
        Setting("goal", "what sessions are for: running, sprint, glutes, hip-health or desk", "one", "goal"),
        Setting("equipment", "what you own, e.g. mini-band,wall-or-chair; none for bodyweight only", "list", "equipment"),
        Setting("avoid", "loads and positions to leave out, e.g. knee,lower-back", "list", "avoid"),
        Setting("days", "training days for programmes, e.g. mon,thu", "days"),
        Setting("minutes", "time budget per strength session, 1 to 240", "minutes"),
        Setting("kettlebell_step_kg", "heavier-bell step in whole kg, 1 to 32; 4 when unset", "kg"),
        Setting("band_chart", "the catalogue's band colour chart to show, e.g. theraband", "chart"),
        Setting("band_colours", "your own bands' colours by level, e.g. light=yellow,medium=red", "colours"),
    )
}


def env_name(key: str) -> str:
    return "HIPCLI_" + key.upper()


# Settings that are whole numbers: their kind -> (lowest, highest, what they count).
WHOLE_NUMBERS = {"minutes": (1, 240, "minutes"), "kg": (1, 32, "kilograms")}


def setting(key: str) -> Setting:
    """A setting by name, forgiving (``band-chart``, ``Level``, ``kit``)."""
    from .choices import match_in

    words = {"kit": ("equipment",), "chart": ("band_chart",), "bands": ("band_chart",), "day": ("days",),
             "time": ("minutes",), "budget": ("minutes",)}
    return SETTINGS[match_in(key.replace("-", "_"), tuple(SETTINGS), "a setting", words)]


def parse(key: str, value: Any) -> Any:
    """A raw value (typed, from the environment or from TOML) in its canonical form; ``RequestError`` if wrong."""
    from .choices import match, match_list

    spec = SETTINGS[key]
    if spec.kind in WHOLE_NUMBERS:
        low, high, noun = WHOLE_NUMBERS[spec.kind]
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 4:
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise RequestError(f"'{_shown(value)}' is not a whole number of {noun} from {low} to {high}")
        return value
    if spec.kind == "colours":
        return parse_colours(value)
    if isinstance(value, list) and spec.kind in ("list", "days") and all(isinstance(item, str) for item in value):
        value = ",".join(value)
    if not isinstance(value, str):
        raise RequestError(f"'{_shown(value)}' is not text; write it in quotes")
    if spec.kind == "one":
        return match(spec.vocabulary, value)
    if spec.kind == "list":
        items = [item.strip().lower() for item in value.split(",") if item.strip()]
        if spec.key == "equipment" and items and all(item in ("none", "bodyweight") for item in items):
            return []
        return match_list(spec.vocabulary, value)
    if spec.kind == "days":
        return parse_days(value)
    if not value.strip():
        raise RequestError("a chart name cannot be empty")
    return value.strip()


def parse_colours(value: Any) -> dict[str, str]:
    """'light=yellow, medium=red' or a TOML table -> {'light': 'yellow', 'medium': 'red'}, in band order."""
    from .choices import match_in
    from .models import BAND_LEVELS

    if isinstance(value, str):
        pairs = [item.partition("=") for item in value.split(",") if item.strip()]
        if any(not sep for _, sep, _ in pairs):
            raise RequestError(f"'{_shown(value)}' is not a list of level=colour, e.g. light=yellow,medium=red")
        value = {level: colour for level, _, colour in pairs}
    if not isinstance(value, dict) or not value:
        raise RequestError("give colours by level, e.g. light=yellow,medium=red")
    colours = {}
    for level, colour in value.items():
        level = match_in(str(level), BAND_LEVELS, "a band level")
        if not isinstance(colour, str) or not colour.strip() or len(colour) > 40 or not colour.isprintable():
            raise RequestError(f"{level}: '{_shown(colour)}' is not a colour name")
        colours[level] = colour.strip()
    return {level: colours[level] for level in BAND_LEVELS if level in colours}


def parse_days(value: str) -> list[str]:
    """'Mon, Thursday' -> ['mon', 'thu']; a miss names what is wrong."""
    from .plans import WEEKDAYS

    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    days = []
    for item in (item.strip().lower() for item in value.replace(",", " ").split() if item.strip()):
        found = [name for name in names if name.startswith(item)] if len(item) >= 2 else []
        if len(found) != 1:
            raise RequestError(f"'{_shown(item)}' is not a weekday; use for example mon,thu")
        days.append(found[0][:3])
    if not days:
        raise RequestError("no days given; use for example mon,thu")
    return sorted(set(days), key=WEEKDAYS.index)


def _shown(value: Any) -> str:
    from .text import one_line

    return one_line(str(value))


def read_file(path: Path) -> dict[str, Any]:
    """The settings in a config file, canonical; {} when there is none. ``ConfigError`` names the file and key."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise ConfigError(f"{_shown(path)}: is a folder, not a config file") from None
    except OSError as error:
        raise ConfigError(f"{_shown(path)}: cannot read: {error.strerror or error}") from None
    import tomllib  # only when there is a file: most runs have none

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{_shown(path)}: not UTF-8 text (byte 0x{raw[error.start]:02x})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{_shown(path)}: invalid TOML: {error}") from None
    except RecursionError:
        # tomllib recurses once per level of nesting: a config 5,000 deep would end every command.
        raise ConfigError(f"{_shown(path)}: arrays or tables are nested too deeply to read") from None
    settings: dict[str, Any] = {}
    for key, value in data.items():
        if key not in SETTINGS:
            try:
                hint = f"'{_shown(key)}' is not a setting; did you mean {setting(key).key}?"
            except RequestError as error:
                hint = error.message
            raise ConfigError(f"{_shown(path)}: {hint}")
        try:
            settings[key] = parse(key, value)
        except RequestError as error:
            raise ConfigError(f"{_shown(path)}: {key}: {error.message}") from None
    return settings


def read_env(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings given as HIPCLI_* variables; an empty variable counts as unset."""
    env = os.environ if env is None else env
    settings = {}
    for key in SETTINGS:
        value = env.get(env_name(key))
        if value is None or not value.strip():
            continue
        try:
            settings[key] = parse(key, value)
        except RequestError as error:
            raise RequestError(f"{env_name(key)}: {error.message}") from None
    return settings


class Source(NamedTuple):
    value: Any
    origin: str  # "environment (HIPCLI_LEVEL)", "config file", "built in"


def defaults(*, use_config: bool = True, env: Mapping[str, str] | None = None) -> dict[str, Source]:
    """Every setting that has a value, and where it came from: environment over config file."""
    env = os.environ if env is None else env
    merged: dict[str, Source] = {}
    if use_config and not env.get(ENV_OFF):
        path = config_path(env)
        merged.update((key, Source(value, str(path))) for key, value in read_file(path).items())
    merged.update((key, Source(value, env_name(key))) for key, value in read_env(env).items())
    return merged


# What a plan uses when nothing was given and nothing is set: one loop band and a wall or chair.
BUILT_IN: dict[str, Any] = {"equipment": ("mini-band", "wall-or-chair"), "avoid": (), "days": (), "minutes": None}
# How the command line names each setting, for the message when one is missing.
_EXAMPLES = {"level": "beginner", "goal": "running"}


def resolve(
    given: Mapping[str, Any],
    *,
    settings: Mapping[str, Any] | None = None,
    use_config: bool = True,
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What a plan or programme is for: each value given, else the environment, else the config file, else built in.

    ``given`` holds what the person said (None or absent: not said), already
    parsed: level, goal, equipment, avoid, minutes, days and, for a session,
    its type. ``settings`` are the merged environment and config file when
    the caller has read them already (else read here). Returns level, goal,
    equipment, avoid, minutes and days; a missing level or goal is a
    ``RequestError`` that says how to set it once.
    """
    if settings is None:
        settings = {key: source.value for key, source in defaults(use_config=use_config, env=env).items()}
    merged: dict[str, Any] = {}
    for key in ("level", "goal"):
        value = given.get(key) or settings.get(key)
        if value is None:
            raise RequestError(
                f"missing option '--{key}'; give it, or set a default once: hipcli config {key} {_EXAMPLES[key]}"
            )
        merged[key] = value
    for key in ("equipment", "avoid", "days"):
        value = given.get(key)
        merged[key] = tuple(value if value is not None else settings.get(key, BUILT_IN[key]))
    minutes = given.get("minutes")
    # The minutes setting is a strength session's budget; a warm-up or mobility break keeps its own.
    if minutes is None and given.get("session", "strength") in (None, "strength"):
        minutes = settings.get("minutes")
    merged["minutes"] = minutes
    return merged


def plan_request(*, use_config: bool = True, env: Mapping[str, str] | None = None, **given: Any) -> Any:
    """A ``PlanRequest`` from what is given, with the user's defaults for the rest (as ``hipcli plan`` does).

    ``hipcli.plan_request(goal="running")`` with ``level = "beginner"`` in the
    config file asks for a beginner's running session with the configured kit.
    """
    from .plans import PlanRequest

    wanted = resolve(given, use_config=use_config, env=env)
    del wanted["days"]
    extra = {key: given[key] for key in ("session", "seed") if given.get(key) is not None}
    return PlanRequest(**wanted, **extra)


def programme_request(*, weeks: int = 6, use_config: bool = True, env: Mapping[str, str] | None = None, **given: Any) -> Any:
    """A ``ProgrammeRequest`` from what is given, with the user's defaults for the rest (as ``hipcli program`` does)."""
    from .plans import ProgrammeRequest

    wanted = resolve(given, use_config=use_config, env=env)
    extra = {key: given[key] for key in ("start", "seed", "warmup_days", "mobility_days") if given.get(key) is not None}
    return ProgrammeRequest(weeks=weeks, **wanted, **extra)


def render_file(settings: Mapping[str, Any]) -> str:
    """The config file's text: one commented line per setting, in a fixed order."""
    import tomli_w

    lines = ["# hipcli defaults; 'hipcli config' shows and sets them. The command line and", "# HIPCLI_* variables win over this file.", ""]
    for key, spec in SETTINGS.items():
        if key in settings:
            lines.append(f"# {spec.help}")
            value = settings[key]
            if isinstance(value, dict):
                # Inline, so no later setting falls inside a [table].
                items = (f"{level} = {tomli_w.dumps({'v': colour}).partition(' = ')[2].strip()}" for level, colour in value.items())
                lines.append(f"{key} = {{ {', '.join(items)} }}")
            elif isinstance(value, list):
                # Closed-vocabulary words only, so JSON strings are TOML strings; one line reads better.
                lines.append(f"{key} = [{', '.join(json.dumps(item) for item in value)}]")
            else:
                lines.append(tomli_w.dumps({key: value}).strip())
    return "\n".join(lines) + "\n"


def write_setting(path: Path, key: str, value: Any | None) -> dict[str, Any]:
    """Set (or, with None, remove) one setting in the file, keeping the others; returns the new settings."""
    from .files import write_text

    settings = read_file(path)
    if value is None:
        settings.pop(key, None)
    else:
        try:
            settings[key] = parse(key, value)
        except RequestError as error:
            raise RequestError(f"{key}: {error.message}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, render_file(settings), force=True)
    return settings


def apply_band_chart(catalogue: Any, name: str | None, colours: Mapping[str, str] | None = None) -> Any:
    """The catalogue with ``name`` as its default band chart, and ``colours`` (your own bands) over it.

    Cards that name a chart of their own keep it: their source's colours differ on purpose.
    """
    import dataclasses

    if name is not None and name != catalogue.default_chart:
        if name not in catalogue.charts:
            raise ConfigError(
                f"band_chart: '{_shown(name)}' is not a chart in the catalogue; choose from {', '.join(catalogue.charts)}"
            )
        catalogue = dataclasses.replace(catalogue, default_chart=name)
    if colours:
        chart = catalogue.charts[catalogue.default_chart]
        own = dataclasses.replace(chart, name="your own bands", colours={**chart.colours, **colours})
        catalogue = dataclasses.replace(catalogue, charts={**catalogue.charts, catalogue.default_chart: own})
    return catalogue
