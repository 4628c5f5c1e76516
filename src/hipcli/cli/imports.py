"""Cards from elsewhere: ``hipcli import`` converts other exercise datasets, ``hipcli new-card`` starts your own."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from .options import CatalogueOption, ForceOption, FormatOption, WithOption
from .shell import Terminal, command, group, top_level

app = group("import", "Convert another exercise dataset into a hipcli catalogue file to use beside the bundled one.")
# new-card sits at the top level (hipcli new-card), beside the import commands it complements.
commands = top_level()


@command(app, "free-exercise-db")
def free_exercise_db(
    term: Terminal,
    source: Annotated[
        str,
        typer.Argument(
            metavar="PATH_OR_URL",
            help="free-exercise-db's dist/exercises.json: a saved copy, or an http(s) link to download.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Optional[str],
        typer.Option("--out", "-o", help="The catalogue file to write ('-' or none: standard output).", show_default=False),
    ] = None,
    hips: Annotated[
        bool,
        typer.Option(
            "--hips/--all",
            help="--hips keeps the exercises that train the hips; --all keeps everything hipcli can plan with.",
        ),
    ] = True,
    force: ForceOption = False,
    output: FormatOption = "table",
    catalogue: CatalogueOption = None,
    with_: WithOption = None,
) -> None:
    """Convert free-exercise-db (its data is under the Unlicense) into a hipcli catalogue add-on.

    Muscles are mapped by what each movement is, equipment and levels to
    hipcli's (expert becomes advanced), instructions become steps, and every
    level gets a default dose from R7 (R6 for stretches), marked as a default.
    Each card's notes say what was inferred. Use the file beside the bundled
    catalogue with --with (or HIPCLI_WITH); nothing is written when the input
    has a problem.

    Its pictures are of unknown origin: hipcli never fetches, shows or links
    them.

    Example: hipcli import free-exercise-db exercises.json --out my-exercises.toml
    """
    from .. import __version__
    from ..catalogue import load_catalogue, name_index
    from ..text import one_line
    from ..importers import free_exercise_db as fedb

    raw = fedb.read_source(source)
    records = fedb.parse(source, raw)
    # Names the catalogue in use already answers to: imported cards get distinct ones.
    taken = set(name_index(load_catalogue(catalogue, extra=with_)))
    scope: fedb.Scope = "hips" if hips else "all"
    conversion = fedb.convert(records, scope=scope, taken=taken)
    if not conversion.cards:
        from ..errors import HipcliError

        raise HipcliError(f"{one_line(source)}: none of the {conversion.total} exercises can be planned with hipcli")
    from ..text import toml_text

    # Foreign text may hold C1 or bidi controls: escaped in the file, so printing it cannot drive a terminal.
    text = toml_text(fedb.to_toml(conversion, source=source, scope=scope, version=__version__))
    summary = {
        "source": source,
        "out": out,
        "scope": scope,
        "exercises": conversion.total,
        "kept": len(conversion.cards),
        "left_out": dict(conversion.skipped.most_common()),
    }
    if out is None or out == "-":
        term.document(text)
    else:
        from ..files import write_text

        write_text(out, text, force=force)
    if output == "json" and out not in (None, "-"):
        term.json("import", summary)
        return
    left = "; ".join(fedb.left_out(conversion))
    where = f"wrote {one_line(out)}: " if out not in (None, "-") else ""
    sys.stderr.write(
        f"hipcli: {where}{len(conversion.cards)} of {conversion.total} exercises "
        f"({'hip work' if hips else 'all hipcli can plan with'}); every dose is a default from R7, not from a source\n"
    )
    if left:
        sys.stderr.write(f"hipcli: left out: {left}\n")
    if out not in (None, "-"):
        sys.stderr.write(f"hipcli: check it with: hipcli validate {one_line(out)}; plan with it: hipcli plan --with {one_line(out)} ...\n")




@command(commands, "new-card")
def new_card(
    term: Terminal,
    slug: Annotated[
        str,
        typer.Option("--slug", help="The new card's slug (lowercase words joined by hyphens).", show_default=True),
    ] = "my-exercise",
    out: Annotated[
        Optional[str],
        typer.Option("--out", "-o", help="Write the template to this file ('-' or none: standard output).", show_default=False),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Print a template for a card of your own, in a file to use beside the bundled catalogue.

    Fill in every "" (the comments list the allowed values), check it with
    'hipcli validate FILE', then plan with it: hipcli plan ... --with FILE.

    Example: hipcli new-card --slug seated-knee-lift --out my-exercises.toml
    """
    import re

    from ..catalogue import card_template
    from ..errors import RequestError
    from ..text import one_line

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or len(slug) > 60:
        raise RequestError(f"--slug: '{one_line(slug)}' must be lowercase words joined by hyphens, such as 'seated-knee-lift'")
    text = card_template(slug)
    if out is None or out == "-":
        term.document(text)
        return
    from ..files import write_text

    write_text(out, text, force=force)
    sys.stderr.write(f"hipcli: wrote {one_line(out)}; fill in every \"\", then: hipcli validate {one_line(out)}\n")
