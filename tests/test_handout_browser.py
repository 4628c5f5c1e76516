"""The handout printed by a real browser: headless Chromium prints it to PDF, and the PDF is checked.

Slow (a browser start per print), so it lives in its own file. pdfplumber reads
the PDF because it gives every character with its page and font size, which is
what "no exercise split across pages" and "readable text" are about; a text-only
extractor could not check the size.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hipcli.planfile import saved
from hipcli.formats import render
from hipcli.models import Catalogue, PlanRequest, ProgrammeRequest
from hipcli.planner import build_plan
from hipcli.progression import build_programme

pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber (a test extra) reads the printed PDF")

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        BROWSER is None, reason="no Chromium on this machine (.ci/run installs Debian's 'chromium' with apt-get as root)"
    ),
]

DAY = datetime.date(2026, 11, 30)
# Points per page: A4 is 210 x 297 mm, Letter 8.5 x 11 in.
SIZES = {"a4": (595, 842), "letter": (612, 792)}
SMALLEST_READABLE = 8.5  # points; the page's smallest text is 9 pt


def print_to_pdf(page: str, tmp_path: Path, name: str) -> Path:
    source = tmp_path / f"{name}.html"
    source.write_text(page, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    subprocess.run(
        [
            BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / f'profile-{name}'}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", source.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )
    assert pdf.stat().st_size > 0
    return pdf


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_of(pdf: Path) -> tuple[list[str], list[float], list[tuple[float, float]]]:
    with pdfplumber.open(pdf) as document:
        texts = [squeeze(page.extract_text() or "") for page in document.pages]
        sizes = [char["size"] for page in document.pages for char in page.chars if char["text"].strip()]
        boxes = [(float(page.width), float(page.height)) for page in document.pages]
    return texts, sizes, boxes


def page_with(texts: list[str], fragment: str) -> int:
    found = [number for number, text in enumerate(texts) if squeeze(fragment) in text]
    assert found, f"not printed: {fragment!r}"
    return found[0]


def check_exercises_whole(texts: list[str], items: list, catalogue: Catalogue) -> None:
    """An exercise's heading, its last mistake and its breathing line are on one page.

    Steps and mistakes sit in two columns whose lines the PDF text interleaves,
    so a list item is found by its first four words, which start its first line.
    """
    for item in items:
        card = catalogue.get(item.slug)
        heading = page_with(texts, f"{item.name} ({item.slug})")
        assert squeeze(" ".join(card.mistakes[-1].split()[:4])) in texts[heading], item.slug
        # The breathing line runs the full width, so its text is whole in the PDF.
        assert squeeze(f"Breathing: {card.breathing}") in texts[heading], item.slug


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_plan_handout_prints_whole_exercises_in_readable_type(bundled: Catalogue, tmp_path: Path, paper: str) -> None:
    plan = build_plan(bundled, PlanRequest(level="beginner", goal="running", equipment=("mini-band", "wall-or-chair")))
    items = [item for block in plan.blocks for item in block.exercises]
    pdf = print_to_pdf(render(saved(plan, created=DAY), "html", catalogue=bundled, paper=paper), tmp_path, paper)
    texts, sizes, boxes = pages_of(pdf)
    # One page per two or three exercises, plus the header, logs and references: never a runaway page count.
    assert len(items) // 3 + 2 <= len(texts) <= len(items) + 6, len(texts)
    assert all(abs(width - SIZES[paper][0]) < 2 and abs(height - SIZES[paper][1]) < 2 for width, height in boxes)
    check_exercises_whole(texts, items, bundled)
    assert min(sizes) >= SMALLEST_READABLE and sorted(sizes)[len(sizes) // 2] >= 9.5
    last_exercise = max(page_with(texts, f"{item.name} ({item.slug})") for item in items)
    assert page_with(texts, "Codes in this handout, as hipcli cites them") >= last_exercise


def test_a_programme_handout_prints_every_exercise_whole(bundled: Catalogue, tmp_path: Path) -> None:
    programme = build_programme(bundled, ProgrammeRequest(level="intermediate", goal="sprint", weeks=2, start=DAY))
    pdf = print_to_pdf(render(saved(programme, created=DAY), "html", catalogue=bundled), tmp_path, "programme")
    texts, sizes, _ = pages_of(pdf)
    seen: dict[str, object] = {}
    for week in programme.weeks:
        for session in week.sessions:
            for block in session.blocks:
                for item in block.exercises:
                    seen.setdefault(item.slug, item)
    check_exercises_whole(texts, list(seen.values()), bundled)
    assert min(sizes) >= SMALLEST_READABLE
    sessions = sum(len(week.sessions) for week in programme.weeks)
    assert len(texts) <= len(seen) + sessions + 6
