"""Every figure in a real browser: headless Chromium parses, draws and decodes each SVG.

Slow (one browser start), so it lives in its own file. The page parses each
figure as standalone SVG (an XML error shows as a <parsererror>), measures it
inline (a figure that draws nothing has an empty box), and decodes it as an
<img> from a data: URL, the way a saved .svg file or a Markdown export shows
it; the results are written into the page and read back with --dump-dom.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hipcli.figures import figures_for
from hipcli.models import Catalogue

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium on this machine (.ci/run installs Debian's 'chromium' with apt-get as root)"
)

CHECK = """
<script>
window.addEventListener("error", (event) => { window.__errors.push(String(event.message)); });
window.__errors = [];
function check() {
  const results = [];
  const figures = document.querySelectorAll("figure");
  let pending = figures.length;
  figures.forEach((figure) => {
    const source = JSON.parse(figure.querySelector("script").textContent);
    const parsed = new DOMParser().parseFromString(source, "image/svg+xml");
    const svg = figure.querySelector("svg");
    const box = svg.getBBox();
    const img = new Image();
    const done = (decoded) => {
      results.push({
        name: figure.dataset.name,
        xml: parsed.getElementsByTagName("parsererror").length === 0 && parsed.documentElement.nodeName === "svg",
        width: box.width, height: box.height, decoded: decoded && img.naturalWidth > 0,
      });
      if (--pending === 0) {
        document.getElementById("result").textContent = JSON.stringify({results, errors: window.__errors});
      }
    };
    img.onload = () => done(true);
    img.onerror = () => done(false);
    img.src = "data:image/svg+xml," + encodeURIComponent(source);
  });
}
window.addEventListener("load", check);
</script>
"""


def test_every_figure_parses_draws_and_decodes_in_chromium(bundled: Catalogue, tmp_path: Path) -> None:
    parts = []
    count = 0
    for card in bundled.exercises:
        for figure in figures_for(card):
            count += 1
            name = html.escape(f"{card.slug}/{figure.label}")
            # The exact text, as JSON: an HTML parser would quietly mend a broken figure.
            source = json.dumps(figure.svg).replace("</", "<\\/")
            parts.append(f'<figure data-name="{name}">{figure.svg}<script type="application/json">{source}</script></figure>')
    page = tmp_path / "figures.html"
    page.write_text(
        f'<!doctype html><html><head><meta charset="utf-8">{CHECK}</head><body>{"".join(parts)}'
        f'<pre id="result">pending</pre></body></html>',
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=20000", "--dump-dom", page.as_uri(),
        ],
        check=True, capture_output=True, text=True, timeout=180,
    )
    found = re.search(r'<pre id="result">(.*?)</pre>', run.stdout, re.S)
    assert found and found[1] != "pending", run.stdout[-500:]
    report = json.loads(html.unescape(found[1]))
    assert report["errors"] == []
    results = report["results"]
    assert len(results) == count >= 2 * len(bundled.exercises)
    broken = [r["name"] for r in results if not (r["xml"] and r["decoded"] and r["width"] > 50 and r["height"] > 30)]
    assert broken == []
