"""Plans and programmes as TOML laid out for people to read and edit."""

from __future__ import annotations

import re
from typing import Any

from ..records import to_data

HEADER = (
    "# A hipcli {kind}. Edit doses within the exercise's prescription for your level;\n"
    "# 'hipcli view FILE' checks the file and shows it.\n"
)


def _compact(data: Any) -> Any:
    """[10, 10] -> 10: a fixed dose reads as a number in a file people edit."""
    if isinstance(data, dict):
        return {
            key: value[0]
            if key in ("sets", "reps", "seconds", "steps") and isinstance(value, list) and len(value) == 2 and value[0] == value[1]
            else _compact(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_compact(value) for value in data]
    return data


def _data(document: Any) -> dict[str, Any]:
    data = _compact(to_data(document))
    data["created"] = document.created  # a TOML date, not a string
    return data


# tomli-w puts every array item on its own line; with multiline strings off,
# each item is exactly one line, so short arrays can be folded back safely.
_ARRAY = re.compile(r"^(?P<key>[^\n=]+ = )\[\n(?P<items>(?:    [^\n\[\]{}][^\n]*,\n)+)\]$", re.MULTILINE)


def _fold_arrays(text: str) -> str:
    def fold(match: re.Match[str]) -> str:
        items = [line.strip().rstrip(",") for line in match["items"].splitlines()]
        line = f"{match['key']}[{', '.join(items)}]"
        return line if len(line) <= 88 else match.group(0)

    return _ARRAY.sub(fold, text)


def write(document: Any, **_: Any) -> str:
    import tomli_w

    from ..text import toml_text

    # To a string first: tomli-w leaves a half-written file when dumping fails midway. It
    # escapes C0 controls; toml_text escapes C1 and bidi ones too, so the file is safe to print.
    return HEADER.format(kind=document.kind) + toml_text(_fold_arrays(tomli_w.dumps(_data(document))))
