"""Commands for references and sources: every code a user meets can be looked up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from ..cli import _command, _load, _print_json, _width


@_command("sources")
def sources(
    codes: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="[CODE]...", help="Codes to look up, such as R22, S001, CS3 or Lewis2018 (default: all).", show_default=False),
    ] = None,
    output: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="table for people, json for scripts.")] = "table",
    catalogue: Annotated[
        Optional[Path],
        typer.Option("--catalogue", envvar="HIPCLI_CATALOGUE", help="Also list this catalogue's references.", show_default=False),
    ] = None,
) -> None:
    """Look up a code such as R22 or S001: citation and address.

    Example: hipcli sources R22
    """
    import dataclasses
    import textwrap

    from ..formatting import visible
    from ..sources import all_sources, find

    cards = _load(catalogue)
    found = [find(code, cards) for code in codes] if codes else list(all_sources(cards).values())
    if output == "json":
        _print_json("sources", [dataclasses.asdict(source) for source in found])
        return
    width = max(40, min(_width(), 100))
    lines: list[str] = []
    for source in found:
        lines.append(f"{source.code}  {source.title} [{source.evidence}]")
        body = [source.summary] if source.summary else []
        body += list(source.citations) + list(source.urls)
        for paragraph in body:
            # URLs are never broken: a person copies them whole.
            wrapped = textwrap.wrap(paragraph, width - 4, break_long_words=False, break_on_hyphens=False)
            lines += ["    " + line for line in wrapped]
        lines.append("")
    sys.stdout.write("\n".join(visible(line) for line in lines).rstrip("\n") + "\n")
