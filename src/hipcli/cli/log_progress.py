"""The log's progress view: the rung reached per family, weekly sets per group, adherence and pain, as charts or JSON.

Part of the ``hipcli log`` group (``cli/__init__.py`` puts its command on the group).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer

from .options import CatalogueOption, WithOption, choice, parse_equipment
from .shell import Terminal, command, load, open_log_reading, top_level

if TYPE_CHECKING:
    import datetime

    from ..models import Catalogue


commands = top_level()


SPARKS = "▁▂▃▄▅▆▇█"


def _spark(values: list[Optional[float]], top: Optional[float] = None) -> str:
    """One character per week: a block as high as the value, a dot for a week with nothing logged."""
    present = [v for v in values if v is not None]
    peak = top if top is not None else (max(present) if present else 0)
    out = []
    for value in values:
        if value is None:
            out.append("·")
        elif peak <= 0:
            out.append(SPARKS[0])
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int(round(value / peak * (len(SPARKS) - 1))))])
    return "".join(out)


class _Grid:
    """A table of the progress page as it is filled: its headings and rows (a views.TableView when done)."""

    def __init__(self, *headings: str) -> None:
        self.headings = headings
        self.rows: list[tuple[str, ...]] = []

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)


def _progress_parts(data: dict[str, Any], cat: Catalogue) -> list[Any]:
    """The progress page, top to bottom: lines of text as (text, bold) and tables (``_Grid``)."""
    import datetime

    weeks = data["weeks"]
    # The last mark is this week: the chart runs to its Sunday, or to today while the week is still on.
    end = min(datetime.date.fromisoformat(weeks[-1]) + datetime.timedelta(days=6), datetime.date.today())
    parts: list[Any] = [(f"Progress over {len(weeks)} weeks, {weeks[0]} to {end.isoformat()} (one mark a week; · = nothing logged)\n", False)]
    parts.append(("Step reached per family (a higher mark is a harder step on your ladder: R13, R14)", True))
    parts.append(_families(data, cat) if data["families"] else ("  nothing logged in these weeks", False))
    sets_info = data["weekly_sets"]
    parts.append((f"\nWeekly sets per group against {sets_info['target']} a week ({sets_info['target_source']})", True))
    parts.append(_weekly_sets(sets_info))
    parts.append(("\nAdherence: done against planned", True))
    parts.append(_adherence(data))
    parts.append(("\nPain, highest each week (0-3 safe, 4-5 acceptable, above 5 too much: CS3)", True))
    parts.append(_pain(data))
    return parts


def _families(data: dict[str, Any], cat: Catalogue) -> _Grid:
    from ..text import visible

    families = _Grid("family", "step by week", "now; next")
    for family, info in data["families"].items():
        now = info["now"]
        card = cat.by_slug.get(now["slug"])
        name = visible(card.name if card else now["slug"])
        if now["rung"]:
            reached = f"{name}, {now['dose']}; next: {visible(now['next'])}"
        else:
            reached = f"{name}, below the ladder's first dose; next: {visible(now['next'])}"
        families.add_row(visible(family), _spark(info["rung_by_week"], top=now["of"]), reached)
    return families


def _weekly_sets(sets_info: dict[str, Any]) -> _Grid:
    groups = _Grid("group", "sets by week", "this week", "")
    target = sets_info["target"]
    for group, values in sets_info["groups"].items():
        last = values[-1]
        filled = min(10, round(10 * last / target)) if target else 0
        mark = "on target" if last >= target else f"{target - last} short"
        groups.add_row(group, _spark([float(v) for v in values], top=max(max(values), target)),
                       f"{last} / {target}", "█" * filled + "░" * (10 - filled) + f" {mark}")
    return groups


def _adherence(data: dict[str, Any]) -> _Grid:
    adherence = data["adherence"]
    rows = _Grid("", "by week", "this week", "all weeks")
    planned_known = any(a["planned_sessions"] is not None for a in adherence)
    if planned_known:
        rows.add_row("strength sessions (programme)", *_programme_adherence(adherence, data["adherence_total"]))
    set_ratios = [(a["sets_done"] / a["sets_planned"]) if a["sets_planned"] else None for a in adherence]
    done_sets = sum(a["sets_done"] for a in adherence)
    planned_sets = sum(a["sets_planned"] for a in adherence)
    rows.add_row("sets (logged sessions)", _spark(set_ratios, top=1.0),
                 f"{adherence[-1]['sets_done']} of {adherence[-1]['sets_planned']}",
                 f"{done_sets} of {planned_sets} ({round(100 * done_sets / planned_sets) if planned_sets else 0}%)")
    if not planned_known:
        rows.add_row("sessions", _spark([float(a["sessions"]) for a in adherence]), str(adherence[-1]["sessions"]),
                     f"{sum(a['sessions'] for a in adherence)} (follow a programme to compare with its plan)")
    return rows


def _programme_adherence(adherence: list[dict[str, Any]], total: dict[str, Any]) -> tuple[str, str, str]:
    """Strength sessions against the strength sessions planned, only in weeks that planned any (trends.py)."""
    ratios = [min(1.0, a["strength_sessions"] / a["planned_sessions"]) if a["planned_sessions"] else None for a in adherence]
    last = adherence[-1]
    this_week = f"{last['strength_sessions']} of {last['planned_sessions']}" if last["planned_sessions"] else "none planned"
    if total["planned"]:
        overall = f"{total['done']} of {total['planned']} ({total['percent']}%)" + (f", {total['extra']} extra" if total["extra"] else "")
    else:
        overall = "no strength sessions planned in these weeks"
    return _spark(ratios, top=1.0), this_week, overall


def _pain(data: dict[str, Any]) -> _Grid:
    pain = _Grid("", "by week", "last logged")
    for key, label in (("max", "during sets"), ("morning_max", "next morning")):
        values = [p[key] for p in data["pain"]]
        logged = [v for v in values if v is not None]
        pain.add_row(label, _spark([None if v is None else float(v) for v in values], top=10.0),
                     f"{logged[-1]}/10" if logged else "not logged")
    return pain


def _progress_view(parts: list[Any]) -> Any:
    """The progress page for rich: each table without a box or edges, headings bold."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    shown: list[Any] = []
    for part in parts:
        if isinstance(part, _Grid):
            grid = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
            for heading in part.headings:
                grid.add_column(heading, overflow="fold")
            for row in part.rows:
                grid.add_row(*row)
            shown.append(grid)
        else:
            text, bold = part
            shown.append(Text(text, style="bold" if bold else ""))
    return Group(*shown)


# Block elements, one cell wide as rich measures them: the charts' marks.
_MARKS = str.maketrans("", "", "".join(SPARKS) + "█░")


def _progress_plain(parts: list[Any], width: int) -> Optional[str]:
    """The progress page as rich draws it plain, without importing rich; None when rich must lay it out."""
    from ..views import Column, TableView
    from .plain import loose_table, measurable, wrap

    lines: list[str] = []
    for part in parts:
        if isinstance(part, _Grid):
            view = TableView(title=None, columns=tuple(Column(heading, overflow="fold") for heading in part.headings),
                             rows=tuple(part.rows))
            laid = loose_table(view, width, marks=_MARKS)
            if laid is None:
                return None
            lines.extend(laid)
        else:
            text = part[0]
            if not measurable(text.translate(_MARKS)):
                return None
            lines.extend(piece.rstrip() for piece in wrap(text, width))
    return "".join(line + "\n" for line in lines)


@command(commands, "progress")
def progress(
    term: Terminal,
    weeks: Annotated[int, typer.Option("--weeks", "-n", min=1, max=260, help="How many weeks back, this week included.")] = 12,
    level: Annotated[
        Optional[str],
        typer.Option("--level", "-l", **choice("level"), help="Your level: the ladders and the weekly set target follow it (default: your config, else beginner).", show_default=False),
    ] = None,
    equipment: Annotated[
        Optional[str], typer.Option("--equipment", help="Your kit, as for 'hipcli plan' (default: your config, else mini-band,wall-or-chair).", show_default=False)
    ] = None,
    output: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="table (charts) or json.")] = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Charts of the rung reached per family, weekly sets per muscle group, adherence and the pain trend.

    Example: hipcli log progress --weeks 8 --level intermediate
    """
    import datetime

    from ..trends import Person, calendar_weeks, progress as progress_data

    week_list = calendar_weeks(datetime.date.today(), weeks)
    first = week_list[0]
    cat = load(term, catalogue, with_)
    from ..config import BUILT_IN

    # Your defaults, as every command that plans takes them (config.py); progress needs no goal.
    level = level or term.defaults.get("level") or "beginner"
    kit = parse_equipment(equipment) if equipment is not None else term.defaults.get("equipment", BUILT_IN["equipment"])
    person = Person(level, tuple(kit), ())
    with open_log_reading() as log:
        sessions = log.sessions(since=first)
        sets = log.sets(since=first)
        followed = log.followed()
    term.warn(list(log.unreadable.values()))
    planned = None
    if followed is not None:
        planned = _planned_sessions(term, Path(followed.path), cat, set(week_list))
    data = progress_data(cat, sessions, sets, person, week_list, planned)
    if output == "json":
        term.json("log-progress", data)
        return
    parts = _progress_parts(data, cat)
    if term.plain and term.unicode:
        # The layout rich would draw, without importing rich (cli/plain.py; tests/test_plain_history.py compares them).
        text = _progress_plain(parts, term.width)
        if text is not None:
            term.out(text)
            return
    term.print(_progress_view(parts))


def _planned_sessions(term: Terminal, path: Path, cat: Catalogue, weeks: set[datetime.date]) -> Optional[dict[datetime.date, int]]:
    """Strength sessions the followed programme plans per week, or None when its file cannot be read."""
    from ..errors import HipcliError
    from ..planfile import load_document
    from ..trends import planned_sessions

    try:
        document = load_document(path, cat, kind="programme")
    except HipcliError as error:
        term.say(f"{error.message} (adherence shown without the programme)")
        return None
    return planned_sessions(document, weeks)
