"""The handout options through the real command, in subprocesses: PDF, detail, Markdown drawings, review chart."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import no_traceback

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine (.ci/run installs it)")
PLAN = ("plan", "--level", "beginner", "--goal", "running", "--equipment", "mini-band,long-band,wall-or-chair")


def hipcli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "hipcli", *args], cwd=cwd, env={**os.environ, **(env or {})},
        capture_output=True, timeout=180, check=False,
    )


def pages(data: bytes) -> list[tuple[float, float, str]]:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(io.BytesIO(data)) as document:
        return [(float(p.width), float(p.height), p.extract_text() or "") for p in document.pages]


@needs_browser
def test_plan_out_pdf_writes_a_two_page_letter_handout(tmp_path: Path) -> None:
    done = hipcli(*PLAN, "--out", "plan.pdf", "--paper", "letter", "--name", "Sam", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().strip() == "hipcli: wrote plan.pdf"
    printed = pages((tmp_path / "plan.pdf").read_bytes())
    assert len(printed) == 2 and all(abs(w - 612) < 2 and abs(h - 792) < 2 for w, h, _ in printed)
    assert "Sam" in printed[0][2] and "Page 1 of 2" in printed[0][2] and "file://" not in printed[0][2]


@needs_browser
def test_the_full_detail_pdf_keeps_every_mistake_and_export_writes_it_too(tmp_path: Path) -> None:
    assert hipcli(*PLAN, "--out", "plan.toml", cwd=tmp_path).returncode == 0
    done = hipcli("export", "plan.toml", "--to", "pdf", "--detail", "full", "--out", "full.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    full = pages((tmp_path / "full.pdf").read_bytes())
    assert len(full) > 2 and any("Common mistakes" in text for _, _, text in full)
    brief = hipcli("export", "plan.toml", "--to", "pdf", "--out", "brief.pdf", cwd=tmp_path)
    assert brief.returncode == 0 and not any("Common mistakes" in t for _, _, t in pages((tmp_path / "brief.pdf").read_bytes()))


@needs_browser
def test_a_pdf_goes_to_a_pipe_whole(tmp_path: Path) -> None:
    done = hipcli(*PLAN, "--format", "pdf", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith(b"%PDF") and done.stdout.rstrip().endswith(b"%%EOF")


def test_without_a_pdf_engine_one_line_and_no_file(tmp_path: Path) -> None:
    done = hipcli(*PLAN, "--out", "plan.pdf", cwd=tmp_path, env={"HIPCLI_CHROMIUM": "no-such-browser"})
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1 and no_traceback(err)
    assert "no PDF engine found" in err and "apt install chromium" in err and "hipcli[pdf]" in err
    assert not (tmp_path / "plan.pdf").exists() and not list(tmp_path.iterdir())


def test_detail_on_a_data_file_is_a_usage_error(tmp_path: Path) -> None:
    done = hipcli(*PLAN, "--out", "plan.toml", "--detail", "full", cwd=tmp_path)
    assert done.returncode == 2 and "--detail only apply to .html or .pdf files" in done.stderr.decode()
    assert not (tmp_path / "plan.toml").exists()


def test_markdown_out_writes_the_drawings_beside_it_and_refuses_to_overwrite(tmp_path: Path) -> None:
    done = hipcli(*PLAN, "--out", "plan.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    drawings = sorted((tmp_path / "plan-figures").iterdir())
    text = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert drawings and all(f"](plan-figures/{path.name})" in text for path in drawings)
    assert all(path.read_text(encoding="utf-8").startswith("<svg") for path in drawings)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    again = hipcli(*PLAN, "--seed", "3", "--out", "plan.md", cwd=tmp_path)
    assert again.returncode == 1 and "already exists; add --force" in again.stderr.decode()
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before
    assert hipcli(*PLAN, "--seed", "3", "--out", "plan.md", "--force", cwd=tmp_path).returncode == 0


def test_review_without_a_log_says_so(tmp_path: Path) -> None:
    done = hipcli(*PLAN, "--out", "plan.html", "--review", cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1 and "--review charts your training log" in err and no_traceback(err)
    assert not (tmp_path / "plan.html").exists()


def test_review_draws_the_logged_weeks_into_the_handout(tmp_path: Path) -> None:
    import datetime
    import re

    today = datetime.date.today()
    for back, pain in ((1, "2"), (8, "4"), (9, "1")):
        day = (today - datetime.timedelta(days=back)).isoformat()
        logged = hipcli("log", "add", "bird-dog", "--done", "8,8", "--pain", pain, "--date", day, cwd=tmp_path)
        assert logged.returncode == 0, logged.stderr
    done = hipcli(*PLAN, "--out", "plan.html", "--review", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "plan.html").read_text(encoding="utf-8")
    chart = re.search(r'<section class="chart">(<svg.*?</svg>)</section>', page, flags=re.S)
    assert chart and "Worst pain 0-10" in chart.group(1)
    bars = re.findall(r'<text [^>]*font-size="14"[^>]*>(\d+)</text>', chart.group(1))
    assert sum(map(int, bars[:6])) == 3  # three sessions, in the sessions panel's bar labels
