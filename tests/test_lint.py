"""No dead import, undefined name or unused variable anywhere in the tree: pyflakes over src, tests, bench and tools.

Dead imports hide which module really uses what (issue 22 found unused aliases,
constants and a module kept only to be imported); this keeps them from
creeping back. A name imported on purpose for others to use says so with a
``noqa`` comment on its line, and pyflakes' report for that line is let go.
"""

from __future__ import annotations

from pathlib import Path

import pyflakes.api
from pyflakes.reporter import Reporter

ROOT = Path(__file__).resolve().parent.parent


def test_pyflakes_finds_nothing_in_the_tree() -> None:
    class Collect(Reporter):
        def __init__(self) -> None:
            self.found: list[str] = []

        def unexpectedError(self, filename: str, message: str) -> None:  # noqa: N802 - pyflakes' names
            self.found.append(f"{filename}: {message}")

        def syntaxError(self, filename: str, message: str, lineno: int, offset: int, text: str) -> None:  # noqa: N802
            self.found.append(f"{filename}:{lineno}: {message}")

        def flake(self, message: object) -> None:
            line = Path(message.filename).read_text(encoding="utf-8").splitlines()[message.lineno - 1]  # type: ignore[attr-defined]
            if "noqa" not in line:
                self.found.append(str(message))

    reporter = Collect()
    pyflakes.api.checkRecursive([str(ROOT / folder) for folder in ("src", "tests", "bench", "tools")], reporter)
    assert reporter.found == []
