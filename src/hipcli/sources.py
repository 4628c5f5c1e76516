"""Every code hipcli prints (R22, S001, CS3, Lewis2018, ...) and what it stands for.

The rule, seed and coaching codes ship inside the package (``sources.toml``),
so they resolve wherever hipcli is installed; a catalogue's own ``[references]``
add its keys (a study such as ``Lewis2018``). Pure: no printing, no typer, no rich.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from typing import Any

from .errors import NotFound

# A code as it appears in running text: R1-R26, S000-S004, CS1-CS7.
CODE = re.compile(r"\b(R\d{1,2}|S\d{3}|CS\d)\b")
_URL = re.compile(r"https?://[^\s;,)]+[^\s;,).]")
_PMC = re.compile(r"\bPMC(\d{5,9})\b")


@dataclasses.dataclass(frozen=True)
class Source:
    """One source a rule or dose cites: its code, title, evidence level and citations."""
    code: str
    title: str
    evidence: str
    summary: str
    citations: tuple[str, ...]
    urls: tuple[str, ...]


@functools.cache
def packaged() -> dict[str, Source]:
    """The codes that ship with hipcli, in file order."""
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("hipcli").joinpath("sources.toml").read_text(encoding="utf-8"))
    return {
        code: Source(
            code=code,
            title=entry["title"],
            evidence=entry["evidence"],
            summary=entry["summary"],
            citations=tuple(entry["citations"]),
            urls=tuple(entry["urls"]),
        )
        for code, entry in data["sources"].items()
    }


def from_reference(code: str, text: str) -> Source:
    """A catalogue's own reference as a source: its text is the citation; links in it become URLs."""
    urls = [match.group() for match in _URL.finditer(text)]
    urls += [f"https://pmc.ncbi.nlm.nih.gov/articles/PMC{number}" for number in _PMC.findall(text)]
    title = text.split(":", 1)[0] if ":" in text[:120] else code
    return Source(code=code, title=title, evidence="reference", summary="", citations=(text,), urls=tuple(dict.fromkeys(urls)))


def all_sources(catalogue: Any = None) -> dict[str, Source]:
    """Every code a user can meet: hipcli's own, then the catalogue's other references."""
    found = dict(packaged())
    for code, text in (catalogue.references.items() if catalogue is not None else ()):
        if code not in found:
            found[code] = from_reference(code, text)
    return found


def find(code: str, catalogue: Any = None) -> Source:
    """One source by its code, in any case; a near miss gets a suggestion."""
    known = all_sources(catalogue)
    by_folded = {key.casefold(): key for key in known}
    key = by_folded.get(code.strip().casefold())
    if key is not None:
        return known[key]
    from .text import one_line

    close = difflib.get_close_matches(code.strip(), list(known), n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise NotFound(f"no source has the code '{one_line(code)}'; {hint}'hipcli sources' lists them all")


def codes_in(*texts: str, catalogue: Any = None) -> list[str]:
    """The codes cited in some text, each once, in the order first met."""
    keys = set(catalogue.references) if catalogue is not None else set()
    found: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*", text or ""):
            word = word.rstrip(".")
            if CODE.fullmatch(word) or word in keys:
                found.setdefault(word, None)
    return list(found)


def one_line(source: Source) -> str:
    """'R22 When to stop (convention)': how a reference list names a source."""
    return f"{source.code} {source.title} ({source.evidence})"
