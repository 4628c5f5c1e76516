"""The checks at the door (hipcli.values): numbers, one-line text, free text, bands."""

from __future__ import annotations

import re

import pytest

from hipcli.errors import RequestError
from hipcli.values import band_level, clean_text, one_line_text, whole_number


@pytest.mark.parametrize("value", ["3²", "٣", "1e3", "-1", "", " ", "3.0", "0x10", "9" * 25, str(2**70), True, 2**70, 1.5, ["3"], None])
def test_anything_but_a_plain_bounded_count_is_refused_in_one_line(value: object) -> None:
    with pytest.raises(RequestError) as caught:
        whole_number(value, "--done", high=10_000)
    assert caught.value.message.startswith("--done: ") and "\n" not in caught.value.message
    assert len(caught.value.message) < 200, "a 70-digit number is not repeated in full"


@pytest.mark.parametrize("value, expected", [("30", 30), (" 7 ", 7), ("007", 7), (10_000, 10_000), (0, 0)])
def test_plain_counts_are_read(value: object, expected: int) -> None:
    assert whole_number(value, "--done", high=10_000) == expected


@pytest.mark.parametrize("text, named", [
    ("first\nsecond", "a line break"), ("a\rb", "a carriage return"), ("del\x7f", "DEL"), ("esc\x1b[31m", "ESC"),
    ("abc\u202edef", "bidi control (U+202E)"), ("iso\u2066late", "bidi control (U+2066)"), ("tab\there", "a tab"),
    ("caf\udce9", "not UTF-8"), ("line\u2028sep", "a line separator"), ("c1\x85", "U+0085"),
])
def test_one_line_text_refuses_what_would_break_the_line_or_hide_the_text(text: str, named: str) -> None:
    with pytest.raises(RequestError, match=re.escape(named)) as caught:
        one_line_text(text, "--why")
    assert caught.value.message.startswith("--why: ") and "\n" not in caught.value.message
    assert "\x1b" not in caught.value.message and "\u202e" not in caught.value.message


def test_one_line_text_keeps_ordinary_words_of_any_script() -> None:
    assert one_line_text("  Knie schmerzt — 膝が痛い, ok  ", "--why") == "Knie schmerzt — 膝が痛い, ok"


def test_bytes_that_are_not_utf8_become_replacement_characters_and_the_rest_is_kept() -> None:
    argv = b"caf\xe9 \xe2\x82\xac ok".decode("utf-8", "surrogateescape")  # how Python hands a Latin-1 argv over
    assert clean_text(argv) == "caf\ufffd \u20ac ok"
    assert clean_text("json \ud800 lone") == "json \ufffd lone"


def test_a_band_is_a_level_or_a_colour_on_the_chart() -> None:
    chart = {"light": "yellow", "medium": "Green"}
    assert band_level("medium", "--band") == "medium"
    assert band_level(" LIGHT ", "--band") == "light"
    assert band_level("green", "--band", chart) == "medium"
    with pytest.raises(RequestError, match=r"'green' is not a band level .* or a colour on the band chart: yellow \(light\)"):
        band_level("green", "--band", {"light": "yellow"})
    with pytest.raises(RequestError, match="not a list"):
        band_level(["light"], "--band")
