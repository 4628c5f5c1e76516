"""Plans and programmes as JSON: the same structure as the TOML file, for scripts."""

from __future__ import annotations

import json
from typing import Any

from ..records import to_data


def write(document: Any, **_: Any) -> str:
    from ..text import json_text

    # Control and bidi characters from a card stay escaped in the file, so printing it cannot drive a terminal.
    return json_text(json.dumps(to_data(document), indent=2, ensure_ascii=False)) + "\n"


def _timed(data: dict[str, Any], plan: Any) -> dict[str, Any]:
    """Fill in the computed minutes and seconds a script would otherwise redo (R11's timing)."""
    from ..planner import block_seconds, item_seconds, plan_seconds

    total = plan_seconds(plan)
    data.setdefault("time_seconds", total)
    data.setdefault("time_minutes", -(-total // 60))
    for block_data, block in zip(data["blocks"], plan.blocks):
        seconds = block_seconds(block)
        block_data.setdefault("time_seconds", seconds)
        block_data.setdefault("time_minutes", -(-seconds // 60))
        for item_data, item in zip(block_data["exercises"], block.exercises):
            item_data.setdefault("time_seconds", item_seconds(item))
    return data


def envelope_data(document: Any) -> dict[str, Any]:
    """A saved plan or programme as a command prints it in its JSON envelope: the file, with durations."""
    from ..plans import ProgrammeFile
    from ..progression import session_plan

    data = to_data(document)
    if not isinstance(document, ProgrammeFile):
        return _timed(data, document.plan)
    for week_data, week in zip(data["weeks"], document.programme.weeks):
        for session_data, session in zip(week_data["sessions"], week.sessions):
            _timed(session_data, session_plan(document.programme, session))
    return data
