"""The two-page handout, its figures, one voice on pain, Markdown drawings and the review chart (no browser)."""

from __future__ import annotations

import datetime
import html
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from hipcli.adapt import GROIN_PAIN_LIMIT, PAIN_LIMIT, SAFE_PAIN
from hipcli.errors import WriteError
from hipcli.planfile import saved
from hipcli.figures import figures_for
from hipcli.formats import render
from hipcli.formats.html import BRIEF_CHARACTERS, _svg, brief_steps
from hipcli.formats.markdown import figures_folder, write_files
from hipcli.formats.review import ReviewWeek, chart, review_weeks
from hipcli.models import Catalogue
from hipcli.plans import PlanRequest, ProgrammeRequest
from hipcli.planner import build_plan
from hipcli.progression import build_programme

DAY = datetime.date(2026, 11, 30)


@pytest.fixture
def plan_doc(bundled: Catalogue):
    return saved(build_plan(bundled, PlanRequest(level="beginner", goal="running", equipment=("mini-band", "wall-or-chair"))), created=DAY)


def words(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<svg\b.*?</svg>", " ", page, flags=re.S)))


def cards(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="card exercise" data-slug="([^"]+)">(.*?)</section>', page, flags=re.S))


def test_each_exercise_shows_its_start_and_end_positions_dose_first_steps_and_key_cue(plan_doc, bundled: Catalogue) -> None:
    page = render(plan_doc, "html", catalogue=bundled)
    shown = cards(page)
    items = [item for block in plan_doc.blocks for item in block.exercises]
    assert set(shown) == {item.slug for item in items}
    for item in items:
        card, part = bundled.get(item.slug), shown[item.slug]
        drawn = {figure.label: figure for figure in figures_for(card)}
        for label in ("start", "end"):
            assert f'aria-label="{html.escape(drawn[label].alt, quote=True)}"' in part, (item.slug, label)
            assert f'data-figure="{item.slug}-{label}"' in part
        assert part.count("<svg") == 2
        text = words(part)
        steps = brief_steps(card.steps)
        assert 3 <= len(steps) <= 4 and all(step in text for step in steps), item.slug
        assert card.steps[-1] not in text or len(card.steps) <= 4
        assert f"Key cue: {item.cue}" in " ".join(text.split())
        assert item.effort is None or item.effort in text
    # The whole card's detail is one option away, and the brief page leaves it out.
    mistake = bundled.get(items[0].slug).mistakes[0]
    assert mistake not in words(page) and mistake in words(render(plan_doc, "html", catalogue=bundled, detail="full"))


def test_four_steps_only_while_they_are_short() -> None:
    short = ("a" * 50,) * 5
    assert brief_steps(short) == list(short[:4])
    long = ("b" * (BRIEF_CHARACTERS // 3),) * 4
    assert brief_steps(long) == list(long[:3])
    assert brief_steps(("one", "two", "three")) == ["one", "two", "three"]


def test_the_full_handout_draws_the_positions_too(plan_doc, bundled: Catalogue) -> None:
    page = render(plan_doc, "html", catalogue=bundled, detail="full")
    items = [item for block in plan_doc.blocks for item in block.exercises]
    assert all(f'data-figure="{item.slug}-start"' in page and f'data-figure="{item.slug}-end"' in page for item in items)


def test_a_card_without_a_pose_description_simply_has_no_picture(plan_doc, bundled: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    import hipcli.figures

    monkeypatch.setattr(hipcli.figures, "figures_for", lambda card: [])
    page = render(plan_doc, "html", catalogue=bundled)
    assert "<svg" not in page and len(cards(page)) == sum(len(block.exercises) for block in plan_doc.blocks)


@pytest.mark.parametrize(
    "bad",
    [
        '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>',
        '<svg viewBox="0 0 1 1"><image href="https://example.org/x.png"/></svg>',
        '<svg viewBox="0 0 1 1" onload="x()"></svg>',
        '<svg viewBox="0 0 1 1"><rect style="fill:url(https://example.org/a)"/></svg>',
        '<?xml version="1.0"?><svg viewBox="0 0 1 1"></svg>',
        "<p>not a drawing</p>",
    ],
)
def test_a_figure_that_could_load_or_run_anything_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a self-contained SVG"):
        _svg(bad, "card")


def test_every_bundled_figure_passes_the_handout_check(bundled: Catalogue) -> None:
    for card in bundled.exercises:
        for figure in figures_for(card):
            _svg(figure.svg, card.slug)


@pytest.mark.parametrize("detail", ["brief", "full"])
def test_the_pain_rule_comes_before_the_safety_notes_that_refer_to_it(plan_doc, bundled: Catalogue, detail: str) -> None:
    text = words(render(plan_doc, "html", catalogue=bundled, detail=detail))
    assert text.index("Pain rule") < text.index("Safety")
    assert "pain rule below" not in text and "the pain rule on this plan" in text
    # The numbers are the ones the log applies.
    assert f"0-{SAFE_PAIN} is fine" in text and f"above {PAIN_LIMIT}, stop that exercise today" in text
    assert f"above {GROIN_PAIN_LIMIT}/10 (ASP)" in text


def test_no_card_tells_people_to_stop_on_any_pain_the_pain_rule_allows(bundled: Catalogue) -> None:
    """'Stop if it hurts' on a card contradicts the boxed rule (0-3 is fine); only sharp pain and red flags stop at once."""
    blanket = re.compile(r"\bstop\b[^.;]*\b(hurts?|pain|aches?)\b", re.I)
    allowed = re.compile(r"sharp|at once|chest|dizz|tingling|medical|follow the pain rule", re.I)
    for card in bundled.exercises:
        for line in (*card.safety, *card.mistakes, *card.cues, card.breathing):
            for clause in re.split(r"(?<=[.;])\s", line):
                assert not (blanket.search(clause) and not allowed.search(clause)), (card.slug, clause)


def test_no_step_carries_a_dose_the_plan_would_override(bundled: Catalogue) -> None:
    # Counting rules ("each landing is one rep") are not doses; a number of sets, reps, steps or seconds is.
    dose = re.compile(r"\b(\d+|a|two|three|four|five|six|ten)\s+(sets?|reps?|repetitions|steps|seconds?|times)\b|\bdo \d", re.I)
    for card in bundled.exercises:
        for step in card.steps:
            assert not dose.search(step), (card.slug, step)


def test_markdown_speaks_with_the_same_voice_on_pain(plan_doc, bundled: Catalogue) -> None:
    text = render(plan_doc, "md", catalogue=bundled)
    assert all(line in text for line in plan_doc.plan.pain)
    assert text.index("## Safety") < text.index("## Pain rule")  # the safety note says "the pain rule on this plan"


def test_markdown_writes_each_position_beside_the_document(plan_doc, bundled: Catalogue, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    written = write_files(plan_doc, out, catalogue=bundled)
    folder = tmp_path / "plan-figures"
    assert figures_folder(out) == folder and written[-1] == out
    text = out.read_text(encoding="utf-8")
    for item in (item for block in plan_doc.blocks for item in block.exercises):
        for figure in figures_for(bundled.get(item.slug))[:2]:
            name = f"{item.slug}-{figure.label}.svg"
            saved_svg = (folder / name).read_text(encoding="utf-8")
            assert saved_svg == figure.svg
            ElementTree.fromstring(saved_svg)  # a well-formed drawing on its own
            assert f"](plan-figures/{name})" in text
            alt = re.search(rf"!\[([^\]]*(?:\\\][^\]]*)*)\]\(plan-figures/{re.escape(name)}\)", text)
            assert alt and alt.group(1).replace("\\", "") == " ".join(figure.alt.split())
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_markdown_never_overwrites_without_force_and_writes_nothing_when_refused(plan_doc, bundled: Catalogue, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    folder = tmp_path / "plan-figures"
    folder.mkdir()
    mine = folder / f"{plan_doc.plan.blocks[0].exercises[0].slug}-start.svg"
    mine.write_text("mine", encoding="utf-8")
    with pytest.raises(WriteError, match="already exists; add --force"):
        write_files(plan_doc, out, catalogue=bundled)
    assert mine.read_text(encoding="utf-8") == "mine" and not out.exists() and len(list(folder.iterdir())) == 1
    write_files(plan_doc, out, catalogue=bundled, force=True)
    assert mine.read_text(encoding="utf-8").startswith("<svg") and out.exists()


def test_markdown_on_standard_output_embeds_the_drawings(plan_doc, bundled: Catalogue) -> None:
    import base64

    text = render(plan_doc, "md", catalogue=bundled)
    embedded = re.findall(r"\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", text)
    assert len(embedded) == 2 * sum(len(block.exercises) for block in plan_doc.blocks)
    assert all(base64.b64decode(data).startswith(b"<svg") for data in embedded)


def test_a_programme_in_markdown_explains_and_draws_each_exercise_once(bundled: Catalogue, tmp_path: Path) -> None:
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=2, start=DAY))
    out = tmp_path / "programme.md"
    write_files(saved(programme, created=DAY), out, catalogue=bundled)
    text = out.read_text(encoding="utf-8")
    slugs = {item.slug for week in programme.weeks for s in week.sessions for block in s.blocks for item in block.exercises}
    assert all(text.count(f"](programme-figures/{slug}-start.svg)") == 1 for slug in slugs)
    assert "## References" in text


def logged(day: datetime.date, session: int, pain: int | None, slug: str = "banded-clamshell", *, target: bool = True):
    from hipcli.logrows import LoggedSet

    return [
        LoggedSet(
            id=session * 10 + number, session_id=session, started=datetime.datetime.combine(day, datetime.time(7)),
            position=0, slug=slug, set_number=number, side=None, unit="reps", target_sets=2 if target else None,
            target_low=10 if target else None, target_high=12 if target else None, tempo=None, target_band=None,
            done=12, band=None, placement=None, effort=5, pain=pain,
        )
        for number in (1, 2)
    ]


def test_the_review_weeks_count_every_logged_session_and_keep_the_worst_pain() -> None:
    today = datetime.date(2026, 12, 4)  # a Friday
    sets = [
        *logged(datetime.date(2026, 11, 30), 1, 2),
        *logged(datetime.date(2026, 12, 2), 2, 4),
        *logged(datetime.date(2026, 12, 3), 3, 1, slug="bird-dog"),
        *logged(datetime.date(2026, 11, 18), 4, 6, target=False),  # logged outside a plan: still a session
        *logged(datetime.date(2026, 9, 1), 5, 9),  # outside the six weeks
    ]
    morning = {2: 1, 4: 5, 5: 9}
    rungs = {"banded-clamshell": ("clam", 2), "bird-dog": ("core", 4)}
    weeks = review_weeks(sets, morning, today, weeks=6, rung_of=lambda o: rungs[o.slug])
    assert [w.start for w in weeks][-1] == datetime.date(2026, 11, 30) and len(weeks) == 6
    assert (weeks[-1].sessions, weeks[-1].pain, weeks[-1].morning, weeks[-1].step) == (3, 4, 1, 3.0)
    assert (weeks[-3].sessions, weeks[-3].pain, weeks[-3].morning) == (1, 6, 5)
    assert weeks[0].sessions == 0 and weeks[0].pain is None and weeks[0].step is None
    assert review_weeks(sets, morning, today)[-1].step is None  # no ladder given, no step charted


def test_the_review_chart_is_one_drawing_on_the_pain_rules_bands(plan_doc, bundled: Catalogue) -> None:
    weeks = [
        ReviewWeek(DAY - datetime.timedelta(weeks=n), sessions=n % 3, pain=n, morning=None, step=1 + n / 2)
        for n in range(5, -1, -1)
    ]
    svg = chart(weeks, planned=3)
    tree = ElementTree.fromstring(svg)
    texts = [element.text for element in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert {str(SAFE_PAIN), str(PAIN_LIMIT)} <= set(texts) and "Sessions (plan 3)" in texts
    assert len(list(tree.iter("{http://www.w3.org/2000/svg}rect"))) >= 6 + 3
    page = render(plan_doc, "html", catalogue=bundled, review=svg)
    assert page.count('<section class="chart">') == 1 and page.index('class="chart"') < page.index("Pain rule")


def test_no_pdf_engine_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from hipcli.formats import pdf

    monkeypatch.setenv("HIPCLI_CHROMIUM", "no-such-browser")
    monkeypatch.setattr(pdf, "_weasyprint", lambda: None)
    with pytest.raises(pdf.PdfError) as caught:
        pdf.html_to_pdf("<p>x</p>")
    assert "no PDF engine found" in caught.value.message and "\n" not in caught.value.message


def test_without_chromium_weasyprint_prints_the_same_page_and_may_fetch_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The optional extra's path: the page as it is, and a fetcher that refuses every address."""
    from hipcli.formats import pdf

    calls: list[tuple[str, object]] = []

    class HTML:
        def __init__(self, *, string: str, url_fetcher: object) -> None:
            calls.append((string, url_fetcher))

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7 fake"

    monkeypatch.setenv("HIPCLI_CHROMIUM", "no-such-browser")
    monkeypatch.setattr(pdf, "_weasyprint", lambda: type("weasyprint", (), {"HTML": HTML}))
    assert pdf.engine() == "weasyprint"
    assert pdf.html_to_pdf("<p>page</p>") == b"%PDF-1.7 fake"
    (page, fetcher), = calls
    assert page == "<p>page</p>"
    with pytest.raises(ValueError, match="loads nothing"):
        fetcher("https://example.org/font.woff")  # type: ignore[operator]
