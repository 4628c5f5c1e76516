"""Plan files: saved documents, and TOML and JSON read back in, checked.

The output formats live in ``hipcli.formats``, one module per format.

A saved plan stands on its own: it carries the request that made it, every
block and exercise with its full dose, the band colours and the safety
notes, so it still reads the same when the catalogue changes. When a file is
read back it is checked against the catalogue: a typo, a wrong type, an
unknown exercise or a dose outside the exercise's prescription for the
plan's level each get one message naming the line and key.

Files are written by ``files.py``, the one safe writer.
"""

from __future__ import annotations

import dataclasses
import datetime

from . import __version__
from .models import Plan, PlanFile, Programme, ProgrammeFile


def saved(result: Plan | Programme, *, created: datetime.date | None = None) -> PlanFile | ProgrammeFile:
    """A plan or programme as a file: everything in it, plus the hipcli version and the date."""
    kind = PlanFile if isinstance(result, Plan) else ProgrammeFile
    fields = {item.name: getattr(result, item.name) for item in dataclasses.fields(result)}
    return kind(hipcli=__version__, created=created or datetime.date.today(), **fields)


# Reading and checking moved to planfile.py; these names stay importable from here.
from .planfile import (  # noqa: E402
    WARMUP_DOSE_BLOCKS,
    check_plan,
    load_document,
    load_plan_file,
    read_document,
    validate_plan_data,
)

__all__ = ["WARMUP_DOSE_BLOCKS", "check_plan", "load_document", "load_plan_file", "read_document", "saved", "validate_plan_data"]
