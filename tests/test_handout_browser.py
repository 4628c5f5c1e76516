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
from hipcli.models import GOALS, LEVELS, Catalogue
from hipcli.plans import PlanRequest, ProgrammeRequest
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
    pdf = print_to_pdf(render(saved(plan, created=DAY), "html", catalogue=bundled, paper=paper, detail="full"), tmp_path, paper)
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
    pdf = print_to_pdf(render(saved(programme, created=DAY), "html", catalogue=bundled, detail="full"), tmp_path, "programme")
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


# --- the two-page handout ----------------------------------------------------------------------

# A typical kit for a home session: the bands the catalogue's band cards need and something to hold.
KIT = ("mini-band", "long-band", "wall-or-chair")


def drawings_near(page, top: float, bottom: float) -> int:
    """Vector shapes (the figures are lines, curves and rectangles) between two heights of a page."""
    shapes = [*page.curves, *page.lines, *page.rects]
    return sum(1 for shape in shapes if top <= shape["top"] and shape["bottom"] <= bottom)


def check_two_page_handout(pdf: Path, plan, paper: str) -> None:
    texts, sizes, boxes = pages_of(pdf)
    items = [item for block in plan.blocks for item in block.exercises]
    assert len(texts) <= 2, f"{len(texts)} pages"
    assert all(abs(width - SIZES[paper][0]) < 2 and abs(height - SIZES[paper][1]) < 2 for width, height in boxes)
    assert min(sizes) >= SMALLEST_READABLE
    # Numbered pages, and none of the browser's own address or date lines.
    for number, text in enumerate(texts, 1):
        assert squeeze(f"Page {number} of {len(texts)}") in text
        assert "file://" not in text and ".html" not in text
    # The PDF is read once: pdfplumber keeps each page's words and shapes once it has parsed them.
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_words(keep_blank_chars=False) for page in document.pages]
        for item in items:
            # A card whole: its heading and its key cue on one page, with both positions drawn beside them.
            heading = page_with(texts, f"{item.name} ({item.slug})")
            assert squeeze(f"Key cue: {item.cue}") in texts[heading], item.slug
            first = document.pages[heading].search(f"{re.escape(item.name)} \\({re.escape(item.slug[:6])}")[0]
            below = [w for w in pages[heading] if w["text"] == "Start" and w["top"] > first["top"]]
            assert below, f"no figure caption under {item.slug}"
            caption = min(below, key=lambda w: w["top"])
            assert drawings_near(document.pages[heading], first["top"] - 4, caption["top"]) >= 4, item.slug
    assert sum(1 for page in pages for w in page if w["text"] == "Start") == len(items)
    assert sum(1 for page in pages for w in page if w["text"] == "End") >= len(items)
    # No heading left alone at the foot of a page: what follows it is on its page.
    assert page_with(texts, "Log") == page_with(texts, "In each box: a tick per set done")
    assert page_with(texts, "References") == page_with(texts, "By code ('hipcli sources CODE'")
    assert page_with(texts, "Pain rule") == page_with(texts, " ".join(plan.pain[0].split()[:4]))
    last_card = max(page_with(texts, f"{item.name} ({item.slug})") for item in items)
    assert page_with(texts, "By code ('hipcli sources CODE'") >= last_card
    for word in ("CS3", "R22"):
        assert word in texts[page_with(texts, "By code ('hipcli sources CODE'")]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("goal", GOALS)
def test_a_typical_session_prints_on_two_pages(bundled: Catalogue, tmp_path: Path, paper: str, level: str, goal: str) -> None:
    plan = build_plan(bundled, PlanRequest(level=level, goal=goal, equipment=KIT))
    pdf = print_to_pdf(render(saved(plan, created=DAY), "html", catalogue=bundled, paper=paper), tmp_path, paper)
    check_two_page_handout(pdf, plan, paper)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_bodyweight_session_prints_on_two_pages_too(bundled: Catalogue, tmp_path: Path, paper: str) -> None:
    plan = build_plan(bundled, PlanRequest(level="beginner", goal="hip-health"))
    pdf = print_to_pdf(render(saved(plan, created=DAY), "html", catalogue=bundled, paper=paper), tmp_path, paper)
    check_two_page_handout(pdf, plan, paper)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_full_handout_keeps_every_heading_with_what_follows(bundled: Catalogue, tmp_path: Path, paper: str) -> None:
    plan = build_plan(bundled, PlanRequest(level="intermediate", goal="hip-health", equipment=KIT))
    pdf = print_to_pdf(render(saved(plan, created=DAY), "html", catalogue=bundled, paper=paper, detail="full"), tmp_path, paper)
    texts, _, _ = pages_of(pdf)
    for block in plan.blocks:
        heading = page_with(texts, f"{block.title} (")
        assert page_with(texts, f"{block.exercises[0].name} ({block.exercises[0].slug})") == heading, block.title
    assert page_with(texts, "Session 1") == page_with(texts, "Log")
    assert page_with(texts, "Codes in this handout, as hipcli cites them") == page_with(texts, "References")
    for number, text in enumerate(texts, 1):
        assert squeeze(f"Page {number} of {len(texts)}") in text


def test_hipcli_writes_the_pdf_itself(bundled: Catalogue) -> None:
    """The PDF engine hipcli uses gives the same two pages the browser test measures."""
    from hipcli.formats import pdf as pdf_format

    plan = build_plan(bundled, PlanRequest(level="advanced", goal="sprint", equipment=KIT))
    data = pdf_format.write(saved(plan, created=DAY), catalogue=bundled, paper="letter")
    assert data.startswith(b"%PDF")
    import io

    with pdfplumber.open(io.BytesIO(data)) as document:
        assert len(document.pages) <= 2 and abs(float(document.pages[0].width) - 612) < 2
