"""Plan and list tables as plain text, laid out exactly as rich lays out its plain tables, without rich.

In a pipe or with NO_COLOR there is no colour and no box to draw, yet
importing rich and measuring every cell with it took longer than the rest
of ``hipcli plan`` (bench/startup.py), and minutes for a list of 10,000
cards (bench/scale.py). This module repeats rich's layout for the one table
style hipcli prints plain (``box.SIMPLE``, expanded, padding one space each
side) in plain Python; tests/test_plain.py checks it against rich for many
plans, lists and widths. Text it cannot measure as rich does (wide or
combining characters, tabs) returns None, and the caller uses rich.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..views import Column, TableView

PADDING = 2  # one space either side of every cell
RULE = "\u2500"
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")
# Characters one cell wide for certain, as rich measures them too.
_NARROW = re.compile(r"[ -~\u00a0-\u02ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00d7\u2190\u2192\u2264\u2265\n]*")


def measurable(text: str) -> bool:
    """Whether every character of ``text`` is one cell wide (so its length is its width)."""
    return _NARROW.fullmatch(text) is not None


# --- lines of text -------------------------------------------------------------------------


def _breaks(line: str, width: int, fold: bool) -> list[int]:
    """Where a line breaks to fit ``width``: between words, or inside a word too long for a line."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                pieces = [word[index : index + width] for index in range(0, len(word), width)]
                for number, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if number == len(pieces) - 1:
                        offset = len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(text: str, width: int, *, overflow: str = "fold", no_wrap: bool = False) -> list[str]:
    """``text`` as the lines rich wraps it into at ``width`` (a cell's or the screen's)."""
    if len(text) <= width and "\n" not in text:
        return [text]  # most cells: nothing to break, nothing to cut
    lines: list[str] = []
    for line in text.split("\n"):
        if no_wrap or len(line) <= width:
            pieces = [line]
        else:
            cuts = [0, *_breaks(line, width, overflow == "fold"), len(line)]
            pieces = [line[start:end] for start, end in zip(cuts, cuts[1:])]
        for piece in pieces:
            if len(piece) > width:
                # Spaces past the edge go first; a word still too long is cut.
                space = _TRAILING_SPACE.search(piece)
                if space is not None:
                    piece = piece[: len(piece) - min(len(space.group()), len(piece) - width)]
            if len(piece) > width:
                piece = piece[: width - 1] + "\u2026" if overflow == "ellipsis" else piece[:width]
            lines.append(piece)
    return lines


# --- tables ------------------------------------------------------------------------------------


def _distribute(total: int, ratios: Sequence[int], minimums: Sequence[int] | None = None) -> list[int]:
    if minimums:
        ratios = [ratio if minimum else 0 for ratio, minimum in zip(ratios, minimums)]
    left_ratio = sum(ratios)
    left = total
    shares = []
    for ratio, minimum in zip(ratios, minimums or [0] * len(ratios)):
        share = max(minimum, math.ceil(ratio * left / left_ratio)) if left_ratio > 0 else left
        shares.append(share)
        left_ratio -= ratio
        left -= share
    return shares


def _reduce(total: int, ratios: Sequence[int], maximums: Sequence[int], values: Sequence[int]) -> list[int]:
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums)]
    left_ratio = sum(ratios)
    if not left_ratio:
        return list(values)
    left = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and left_ratio > 0:
            cut = min(maximum, round(ratio * left / left_ratio))
            result.append(value - cut)
            left -= cut
            left_ratio -= ratio
        else:
            result.append(value)
    return result


def _measure(cells: Sequence[str], column: Column, available: int) -> tuple[int, int]:
    """The least and most width a column wants, padding included, as rich measures it."""
    if available < 1:
        return 0, 0
    if column.width is not None:
        fixed = min(column.width + PADDING, available)
        return fixed, fixed
    least, most = [], []
    for cell in cells:
        if available - PADDING < 1:
            low = high = available
        else:
            lines = cell.splitlines()
            high = max((len(line) for line in lines), default=0)
            words = cell.split()
            low = max((len(word) for word in words), default=high)
            low, high = low + PADDING, high + PADDING
            low, high = min(low, available), min(high, available)
        high = min(high, available)
        low = min(max(0, low), high)
        if high < 1:
            low = high = 0
        least.append(low)
        most.append(high)
    low, high = max(least) if least else 1, max(most) if most else available
    low, high = min(low, available), min(high, available)
    if column.min_width is not None:
        floor = max(0, column.min_width + PADDING)
        low, high = max(low, floor), max(high, floor)
    if column.max_width is not None:
        ceiling = column.max_width + PADDING
        low, high = min(low, ceiling), min(high, ceiling)
    return low, high


def _collapse(widths: list[int], wrappable: list[bool], available: int) -> list[int]:
    total = sum(widths)
    excess = total - available
    if any(wrappable):
        while total and excess > 0:
            widest = max(width for width, wraps in zip(widths, wrappable) if wraps)
            second = max(width if wraps and width != widest else 0 for width, wraps in zip(widths, wrappable))
            difference = widest - second
            ratios = [1 if width == widest and wraps else 0 for width, wraps in zip(widths, wrappable)]
            if not any(ratios) or not difference:
                break
            widths = _reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - available
    return widths


def column_widths(view: TableView, width: int) -> list[int]:
    """Each column's width, padding included, for a table expanded to ``width`` (rich's rules)."""
    columns = view.columns
    cells = [[column.header, *(row[index] for row in view.rows)] for index, column in enumerate(columns)]
    available = width - (2 + len(columns) - 1)  # the edges and the dividers between columns
    ranges = [_measure(column_cells, column, available) for column_cells, column in zip(cells, columns)]
    widths = [high or 1 for _, high in ranges]
    ratios = [column.ratio or 0 for column in columns if column.ratio is not None]
    if any(ratios):
        fixed = [0 if column.ratio is not None else high for (_, high), column in zip(ranges, columns)]
        minimums = [(column.width or 1) + PADDING for column in columns if column.ratio is not None]
        flexible = iter(_distribute(available - sum(fixed), ratios, minimums))
        widths = [fixed[index] + next(flexible) if column.ratio is not None else widths[index] for index, column in enumerate(columns)]
    total = sum(widths)
    if total > available:
        widths = _collapse(widths, [column.width is None and not column.no_wrap for column in columns], available)
        total = sum(widths)
        if total > available:
            widths = _reduce(total - available, [1] * len(widths), widths, widths)
            total = sum(widths)
        widths = [
            _measure(column_cells, column, column_width)[1] or 0
            for column_cells, column, column_width in zip(cells, columns, widths)
        ]
        total = sum(widths)
    if total < available:
        widths = [column_width + pad for column_width, pad in zip(widths, _distribute(available - total, widths))]
    return widths


def table(view: TableView, width: int) -> list[str] | None:
    """The table's lines (title, header, rule, rows, the blank edges), or None when rich must lay it out."""
    texts = [view.title or "", *(column.header for column in view.columns), *(cell for row in view.rows for cell in row)]
    if not all(measurable(text) for text in texts):
        return None
    widths = column_widths(view, width)
    if min(widths) <= PADDING:
        return None
    lines: list[str] = []
    if view.title:
        lines += wrap(view.title, sum(widths) + len(widths) + 1)
    lines.append("")
    rows = [tuple(column.header for column in view.columns), *view.rows]
    for number, row in enumerate(rows):
        cells = [
            wrap(cell, column_width - PADDING, overflow=column.overflow, no_wrap=column.no_wrap)
            for cell, column, column_width in zip(row, view.columns, widths)
        ]
        height = max(len(cell) for cell in cells)
        for index, cell in enumerate(cells):
            # A header sits at the bottom of its row, a cell at the top.
            blank = [""] * (height - len(cell))
            cells[index] = blank + cell if number == 0 else cell + blank
        for line in range(height):
            lines.append(" " + " ".join(f" {cell[line]:<{column_width - PADDING}} " for cell, column_width in zip(cells, widths)))
        if number == 0:
            lines.append(" " + RULE * (sum(widths) + len(widths) - 1))
    lines.append("")
    # A table wider than the screen (a few columns at 40 wide) is cut at its edge, as rich crops it.
    return [line[:width].rstrip() for line in lines]


def _measure_padded(cells: Sequence[str], available: int, pad: int) -> int:
    """The most width a column wants, ``pad`` included, as rich measures it (``_measure`` with any padding)."""
    if available < 1:
        return 0
    most = []
    for cell in cells:
        if available - pad < 1:
            high = available
        else:
            high = min(max((len(line) for line in cell.splitlines()), default=0) + pad, available)
        most.append(high if high >= 1 else 0)
    return min(max(most) if most else available, available)


def loose_table(view: TableView, width: int, *, right: Sequence[int] = (), marks: dict[int, None] | None = None,
                bold_header: bool = False) -> list[str] | None:
    """A table as rich draws it plain with no box and no edges (``Table(box=None, show_edge=False,
    pad_edge=False)``, not expanded), trailing spaces removed; None when rich must lay it out.

    Columns are two spaces apart, the first and last padded on their inner side only; ``right``: the
    columns set flush right. Too wide for ``width``, the columns shrink by rich's rules and cells wrap.
    ``marks``: a str.translate table deleting characters known to be one cell wide (a chart's blocks).
    ``bold_header``: the header's lines in bold, as rich's ``header_style="bold"`` shows them on a terminal.
    """
    columns = view.columns
    texts = [*(column.header for column in columns), *(cell for row in view.rows for cell in row)]
    if not columns or not all(measurable(text.translate(marks) if marks else text) for text in texts):
        return None
    last = len(columns) - 1
    pads = [(index > 0) + (index < last) for index in range(len(columns))]
    cells = [[column.header, *(row[index] for row in view.rows)] for index, column in enumerate(columns)]
    widths = [_measure_padded(column_cells, width, pad) or 1 for column_cells, pad in zip(cells, pads)]
    total = sum(widths)
    if total > width:
        widths = _collapse(widths, [not column.no_wrap for column in columns], width)
        total = sum(widths)
        if total > width:
            widths = _reduce(total - width, [1] * len(widths), widths, widths)
        widths = [_measure_padded(column_cells, column_width, pad) for column_cells, column_width, pad in zip(cells, widths, pads)]
    if min(column_width - pad for column_width, pad in zip(widths, pads)) < 1:
        return None
    flush = set(right)
    lines: list[str] = []
    for number, row in enumerate([tuple(column.header for column in columns), *view.rows]):
        wrapped = [
            wrap(cell, column_width - pad, overflow=column.overflow, no_wrap=column.no_wrap)
            for cell, column, column_width, pad in zip(row, columns, widths, pads)
        ]
        height = max(len(cell) for cell in wrapped)
        for line in range(height):
            parts = []
            for index, (cell, column_width, pad) in enumerate(zip(wrapped, widths, pads)):
                # A header sits at the bottom of its row, a cell at the top.
                at = line - (height - len(cell)) if number == 0 else line
                text = cell[at] if 0 <= at < len(cell) else ""
                text = text.rjust(column_width - pad) if index in flush else text.ljust(column_width - pad)
                parts.append((" " if index > 0 else "") + text + (" " if index < last else ""))
            text = "".join(parts).rstrip()
            lines.append(f"{BOLD}{text}{RESET}" if number == 0 and bold_header else text)
    return lines


BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def boxed(view: TableView, width: int, first_line_bold: bool = False) -> list[str] | None:
    """The table in rounded boxes, header bold, for a terminal: rich's look, at the plain layout's speed.

    ``first_line_bold``: the first column's first line (a slug) bold and the
    rest of that cell (its name) dim, as the exercise list shows them.
    """
    texts = [view.title or "", *(column.header for column in view.columns), *(cell for row in view.rows for cell in row)]
    if not all(measurable(text) for text in texts):
        return None
    widths = column_widths(view, width)
    if min(widths) <= PADDING or sum(widths) + len(widths) + 1 > width:
        return None

    def rule(left: str, middle: str, right: str) -> str:
        return left + middle.join("\u2500" * column_width for column_width in widths) + right

    lines = [f"{BOLD}{line}{RESET}" for line in wrap(view.title, sum(widths) + len(widths) + 1)] if view.title else []
    lines.append(rule("\u256d", "\u252c", "\u256e"))
    rows = [tuple(column.header for column in view.columns), *view.rows]
    for number, row in enumerate(rows):
        cells = []
        for index, (cell, column, column_width) in enumerate(zip(row, view.columns, widths)):
            wrapped = wrap(cell, column_width - PADDING, overflow=column.overflow, no_wrap=column.no_wrap)
            padded = [f" {line:<{column_width - PADDING}} " for line in wrapped]
            if number == 0:
                padded = [f"{BOLD}{line}{RESET}" for line in padded]
            elif first_line_bold and index == 0:
                head = len(wrap(cell.partition("\n")[0], column_width - PADDING, overflow=column.overflow))
                padded = [f"{BOLD if line < head else DIM}{text}{RESET}" for line, text in enumerate(padded)]
            cells.append(padded)
        height = max(len(cell) for cell in cells)
        for index, cell in enumerate(cells):
            blank = [" " * widths[index]] * (height - len(cell))
            cells[index] = blank + cell if number == 0 else cell + blank
        lines += ["\u2502" + "\u2502".join(cell[line] for cell in cells) + "\u2502" for line in range(height)]
        if number == 0:
            lines.append(rule("\u251c", "\u253c", "\u2524"))
    lines.append(rule("\u2570", "\u2534", "\u256f"))
    return lines


# --- whole views ------------------------------------------------------------------------------------


HEADING = "\x1b[1;36m"  # bold cyan, as render.Look draws headings on a terminal


def plan_text(
    plan: object, *, explain: bool = False, heading: str | None = None, width: int = 80, styled: bool = False
) -> str | None:
    """A plan as ``render.plan_view`` shows it, or None when rich must lay it out.

    Plain text; ``styled``, as on a terminal: rounded boxes, bold and cyan
    headings, dim notes.
    """
    from .. import views
    from ..planner import timed_blocks
    from ..text import visible

    lines: list[str] = []

    def text(value: str, style: str = "") -> bool:
        if not measurable(value):
            return False
        for piece in wrap(value, width):
            piece = piece.rstrip()
            lines.append(f"{style}{piece}{RESET}" if styled and style and piece else piece)
        return True

    def bullets(items: Sequence[str], within: int = width) -> bool:
        return text(views.bullets(items, width=within))

    title, about, *colours = views.plan_header(plan, heading)  # type: ignore[arg-type]
    if not (text(title, BOLD) and text(about) and all(text(line, DIM) for line in colours)):
        return None
    blocks, _, _ = timed_blocks(plan.blocks)  # type: ignore[attr-defined]
    for number, block in enumerate(blocks, 1):
        title = f"{chr(10) if number == 1 else ''}{number}. {visible(block.title)} ({block.time_minutes} min)"
        if not (text(title, HEADING) and text(visible(block.purpose), DIM)):
            return None
        view = views.block_table(block, plan, width)  # type: ignore[arg-type]
        laid = boxed(view, width) if styled else table(view, width)
        if laid is None:
            return None
        lines.extend(laid)
        if explain:
            # As render.plan_blocks: these notes are filled to 80 columns whatever the width.
            if not bullets(tuple(f"{item.name}: {item.why or 'set by hand'}" for item in block.exercises), 80):
                return None
            lines.append("")
    for shown, section, items in (
        (explain, "Left out or bent", plan.notes),  # type: ignore[attr-defined]
        (True, "Safety", plan.safety),  # type: ignore[attr-defined]
        (True, "Pain rule", plan.pain),  # type: ignore[attr-defined]
    ):
        if shown and items:
            if not (text(f"\n{section}", HEADING) and bullets(items)):
                return None
    return "".join(line + "\n" for line in lines)


def list_text(exercises: list[object], *, width: int, boxes: bool = False) -> str | None:
    """The exercise list as ``render.exercise_list`` shows it, or None when rich must lay it out.

    Plain text; with ``boxes``, rounded boxes and bold slugs for a terminal.
    """
    from ..views import exercise_table

    view = exercise_table(exercises, width)  # type: ignore[arg-type]
    if boxes and view.columns[-1].header == "kit, trains":
        # Narrowest, what a card trains is dim under its kit: a style these boxes do not draw, so rich draws it.
        return None
    laid = boxed(view, width, first_line_bold=True) if boxes else table(view, width)
    return None if laid is None else "".join(line + "\n" for line in laid)
