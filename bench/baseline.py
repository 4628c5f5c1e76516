"""The floor hipcli's start-up is measured against: a bare typer app that prints one rich table.

No catalogue, no planner, no files: a command parses its options and prints
a five-row table, as ``hipcli plan`` prints its blocks. bench/startup.py runs
it beside hipcli (``python bench/baseline.py table --rows 5``).
"""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False)


@app.command()
def table(rows: int = 5, title: str = "Strength session") -> None:
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=title, expand=True)
    for heading, ratio in (("exercise", 4), ("dose", None), ("band", 3), ("cue", 6)):
        grid.add_column(heading, ratio=ratio, overflow="fold")
    for number in range(rows):
        grid.add_row(f"Exercise {number}", "2 \u00d7 8\u201312 per side\nrest 60 s", "light (red)", "A cue that wraps onto a second line here.")
    Console().print(grid)


@app.command()
def version() -> None:
    print("baseline")


if __name__ == "__main__":
    app()
