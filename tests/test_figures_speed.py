"""The figures' quick paths give what the slow, standard ones give."""

from __future__ import annotations

import tomllib
from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr

from hypothesis import given
from hypothesis import strategies as st

from hipcli.figures import bundled_figures_path, bundled_raw
from hipcli.figures.svg import escape, quoteattr


def test_the_bundled_figures_read_the_same_as_tomllib_reads_them() -> None:
    text = bundled_figures_path().read_text(encoding="utf-8")
    data, read_text = bundled_raw()
    assert read_text == text
    assert data == tomllib.loads(text)


@given(st.text(alphabet=st.sampled_from("ab &<>\"'\n\r\t;é#")))
def test_svg_escaping_matches_the_standard_library(text: str) -> None:
    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)


def test_drawing_a_card_in_braille_loads_no_xml_or_url_library() -> None:
    import json
    import subprocess
    import sys

    script = (
        "import sys, json\nfrom hipcli.catalogue import load_catalogue\nfrom hipcli.figures import terminal_figures\n"
        "card = load_catalogue().get('banded-psoas-march')\nbefore = set(sys.modules)\n"
        "assert terminal_figures(card, 40, 12)\nprint(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert not {"xml.sax.saxutils", "urllib.request", "tomllib"} & loaded
