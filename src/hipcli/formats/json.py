"""Plans and programmes as JSON: the same structure as the TOML file, for scripts."""

from __future__ import annotations

import json
from typing import Any

from ..models import to_data


def write(document: Any, **_: Any) -> str:
    return json.dumps(to_data(document), indent=2, ensure_ascii=False) + "\n"
