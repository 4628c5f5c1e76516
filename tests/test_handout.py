"""The HTML handout: complete, escaped, self-contained; options that do not fit a format are errors."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hipcli.planfile import saved
from hipcli.formats import render
from hipcli.models import Catalogue
from hipcli.plans import PlanRequest, ProgrammeRequest
from hipcli.planner import build_plan
from hipcli.progression import build_programme
from hipcli.sources import codes_in

from .conftest import no_traceback

DAY = datetime.date(2026, 11, 30)


class Tags(HTMLParser):
    """Every tag and attribute in a page, to check what a browser would load."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def plan_doc(bundled: Catalogue):
    return saved(build_plan(bundled, PlanRequest(level="beginner", goal="running", equipment=("mini-band", "wall-or-chair"))), created=DAY)


def test_the_full_handout_has_every_step_cue_mistake_dose_band_effort_and_the_pain_rule(plan_doc, bundled: Catalogue) -> None:
    page = render(plan_doc, "html", catalogue=bundled, detail="full")
    text = re.sub(r"<[^>]+>", " ", page)
    import html

    text = html.unescape(text)
    for block in plan_doc.blocks:
        for item in block.exercises:
            card = bundled.get(item.slug)
            assert item.name in text
            assert all(step in text for step in card.steps), item.slug
            assert all(cue in text for cue in card.cues) and all(m in text for m in card.mistakes), item.slug
            assert item.effort is None or item.effort in text
            if item.band:
                assert f"{item.band} ({plan_doc.bands.colours[item.band]})" in text
    assert "Pain rule" in text and all(line in text for line in plan_doc.pain)
    assert "Tempo" in text and "Log" in text and "Pain 0-10" in text and "References" in text


def test_the_page_loads_nothing_and_runs_nothing(plan_doc, bundled: Catalogue) -> None:
    parser = Tags()
    parser.feed(render(plan_doc, "html", catalogue=bundled))
    assert not [tag for tag, _ in parser.tags if tag in ("script", "link", "iframe", "object", "embed", "img")]
    for tag, attrs in parser.tags:
        assert not any(key.startswith("on") for key in attrs), tag
        assert "src" not in attrs
    assert "url(" not in render(plan_doc, "html", catalogue=bundled)


def test_every_value_is_escaped(plan_doc, bundled: Catalogue) -> None:
    header = {"name": "<script>alert(1)</script>", "clinician": 'Dr "X" & co', "notes": "<img src=x onerror=y>", "date": None}
    page = render(plan_doc, "html", catalogue=bundled, header=header)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Dr &quot;X&quot; &amp; co" in page


def test_blank_header_fields_are_lines_to_write_on(plan_doc, bundled: Catalogue) -> None:
    page = render(plan_doc, "html", catalogue=bundled, detail="full")
    assert page.count('class="line">&nbsp;</td>') == 4 and page.count('class="notes-line"') == 2
    brief = render(plan_doc, "html", catalogue=bundled)
    assert brief.count('class="line">&nbsp;</td>') == 4 and brief.count('class="line" colspan="7">&nbsp;</td>') == 1


@pytest.mark.parametrize("detail", ["brief", "full"])
def test_every_code_in_the_handout_is_in_its_reference_list(plan_doc, bundled: Catalogue, detail: str) -> None:
    page = render(plan_doc, "html", catalogue=bundled, explain=True, detail=detail)
    body, references = page.split("<h2>References</h2>")
    listed = set(re.findall(r"<b>([^<]+)</b>", references))
    words = re.sub(r"<[^>]+>", " ", re.sub(r"<svg\b.*?</svg>", " ", body, flags=re.S))
    assert codes_in(words, catalogue=bundled) and set(codes_in(words, catalogue=bundled)) <= listed


def test_a_programme_handout_has_a_log_for_every_session(bundled: Catalogue) -> None:
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=3, start=DAY))
    document = saved(programme, created=DAY)
    page = render(document, "html", catalogue=bundled, detail="full")
    sessions = [session for week in programme.weeks for session in week.sessions]
    assert page.count('<section class="log">') == len(sessions)
    slugs = {item.slug for s in sessions for block in s.blocks for item in block.exercises}
    assert page.count('<section class="exercise"') == len(slugs)  # each exercise explained once


def test_plan_and_export_write_html(cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    code, _, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(out), "--name", "Sam", "--paper", "letter")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "size: letter" in page and ">Sam<" in page
    saved_plan = tmp_path / "plan.toml"
    assert cli("plan", "--level", "beginner", "--goal", "running", "--out", str(saved_plan))[0] == 0
    code, out_text, _ = cli("export", str(saved_plan), "--to", "html", "--clinician", "J. Doe")
    assert code == 0 and "J. Doe" in out_text and "</html>" in out_text


def test_handout_options_on_a_data_format_are_an_error(cli, tmp_path: Path) -> None:
    code, _, err = cli("plan", "--level", "beginner", "--goal", "running", "--out", str(tmp_path / "p.toml"), "--name", "Sam")
    assert code == 2 and "only apply to .html or .md" in err and no_traceback(err)
    assert not (tmp_path / "p.toml").exists()


def test_markdown_is_a_full_handout_too(plan_doc, bundled: Catalogue) -> None:
    text = render(plan_doc, "md", catalogue=bundled, header={"name": "Sam"})
    for block in plan_doc.blocks:
        for item in block.exercises:
            card = bundled.get(item.slug)
            assert all(step in text for step in card.steps) and all(m in text for m in card.mistakes), item.slug
    assert "**Name:** Sam" in text and "## Tempo and effort" in text and "## References" in text and "## Log" in text
    assert "**CS3**" in text and "**R10**" in text  # the legend's own codes are listed too


def test_explain_reaches_every_file_format(plan_doc, bundled: Catalogue) -> None:
    import icalendar

    item = plan_doc.blocks[0].exercises[0]
    assert item.why
    for to in ("md", "html"):
        assert item.why.split(";")[0] not in render(plan_doc, to, catalogue=bundled)
        assert html_text(render(plan_doc, to, catalogue=bundled, explain=True)).count(item.why.split(";")[0]) >= 1, to
    assert html_text(render(plan_doc, "html", catalogue=bundled, explain=True, detail="full")).count(item.why.split(";")[0]) >= 1
    for to in ("toml", "json"):
        assert item.why.split(";")[0] in render(plan_doc, to)  # data files always carry the reasons
    programme = build_programme(bundled, ProgrammeRequest(level="beginner", goal="running", weeks=1, start=DAY))
    text = render(saved(programme, created=DAY), "ics", explain=True)
    described = " ".join(str(e["description"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT"))
    assert "Why:" in described and "Why:" not in render(saved(programme, created=DAY), "ics")


def html_text(page: str) -> str:
    import html

    return html.unescape(page)
