"""Your defaults: ``hipcli config`` shows and sets them (``config.py`` reads and merges them)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from .options import FormatOption
from .shell import Terminal, command, top_level

commands = top_level()


@command(commands, "config")
def config(
    term: Terminal,
    key: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[KEY]",
            help="A setting's name, e.g. level (hipcli config alone lists them all); alone, shows that setting.",
            show_default=False,
        ),
    ] = None,
    value: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="[VALUE]...", help="The new value; a list may be several words or comma-separated.", show_default=False),
    ] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Remove KEY from the config file.")] = False,
    path: Annotated[bool, typer.Option("--path", help="Print where the config file is, and nothing else.")] = False,
    output: FormatOption = "table",
) -> None:
    """Show or set your defaults: level, goal, kit, days and more.

    The command line beats HIPCLI_* environment variables, which beat the
    config file; --no-config ignores the file.

    Example: hipcli config equipment mini-band wall-or-chair
    """
    from ..config import SETTINGS, config_path, defaults, env_name, setting, write_setting
    from ..errors import RequestError
    from ..text import one_line

    file = config_path()
    if path:
        term.stdout.write(f"{file}\n")
        return
    if unset and key is None:
        raise RequestError("--unset needs the setting to remove, e.g. hipcli config --unset level")
    if key is not None and (value or unset):
        if unset and value:
            raise RequestError("give --unset or a value, not both")
        name = setting(key).key
        if name == "band_chart" and value:
            from ..catalogue import load_catalogue
            from ..config import apply_band_chart

            apply_band_chart(load_catalogue(), value[0])  # a chart the catalogue lacks fails here, not at every plan
        write_setting(file, name, None if unset else " ".join(value or ()))
        now = defaults(use_config=True)
        now_value = _setting_text(now[name].value) if name in now else "not set"
        term.say(f"{file}: {name} {'removed' if unset else 'set'}")
        if name in now and now[name].origin == env_name(name):
            term.say(f"note: {env_name(name)} is set, and it wins over the file ({name} = {now_value})")
        return
    current = defaults(use_config=term.use_config)
    names = [setting(key).key] if key is not None else list(SETTINGS)
    if output == "json":
        data: dict[str, Any] = {
            "file": str(file),
            "settings": {name: {"value": current[name].value, "from": current[name].origin} for name in names if name in current},
        }
        term.json("config", data)
        return
    width = max(len(name) for name in names)
    from ..paths import shown

    lines = [f"Config file: {one_line(shown(file))}{'' if file.exists() else ' (none yet)'}", ""]
    for name in names:
        if name in current:
            source = current[name]
            origin = "environment" if source.origin == env_name(name) else "config file"
            lines.append(f"{name:<{width}}  {_setting_text(source.value)}  ({origin})")
        else:
            lines.append(f"{name:<{width}}  -  ({SETTINGS[name].help})")
    if key is None:
        lines += ["", "Set one with: hipcli config level beginner"]
    term.stdout.write("\n".join(one_line(line) for line in lines) + "\n")


def _setting_text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(value) if value else "none"
    return str(value)
