"""The one sanitiser: every control character shown escaped, printable text untouched."""

from __future__ import annotations

import unicodedata

import pytest

from timer_tui.core.safe_text import safe_lines, safe_text, shorten


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Run 1:30", "Run 1:30"),
        ("Läufe · 5 km ✓", "Läufe · 5 km ✓"),
        ("a\x1b]0;pwned\x07b", "a\\x1b]0;pwned\\x07b"),
        ("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),
        ("x\x9b31my", "x\\x9b31my"),
        ("del\x7f", "del\\x7f"),
        ("one\ntwo\rthree", "one\\ntwo\\rthree"),
        ("nul\x00", "nul\\x00"),
        ("tab\tkept", "tab\tkept"),
        ("abc\u202edcba", "abc\\u202edcba"),
        ("line\u2028sep", "line\\u2028sep"),
        ("zero\u200bwidth", "zero\\u200bwidth"),  # invisible: one name can pass for another
        ("\ufeffbom", "\\ufeffbom"),
        ("tag\U000e0041\U000e0042", "tag\\U000e0041\\U000e0042"),  # invisible text
        ("soft\u00adhyphen", "soft\\xadhyphen"),
        (
            "family \U0001f468\u200d\U0001f469\u200d\U0001f467",
            "family \U0001f468\u200d\U0001f469\u200d\U0001f467",
        ),
        (
            "\u0646\u0627\u0645\u0647\u200c\u0627\u06cc",
            "\u0646\u0627\u0645\u0647\u200c\u0627\u06cc",
        ),  # ZWNJ: Persian
    ],
)
def test_control_characters_are_shown_escaped(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


def test_nothing_unsafe_is_left_for_any_character() -> None:
    every = "".join(chr(c) for c in range(0x2100))
    for char in safe_text(every, keep=""):
        assert unicodedata.category(char) != "Cc"


def test_safe_lines_keeps_newlines_where_they_are_meant() -> None:
    assert safe_lines("first\nsecond\x1b[2J") == "first\nsecond\\x1b[2J"


def test_shorten_counts_what_it_leaves_out() -> None:
    assert shorten("9" * 5000) == "9" * 60 + "… (5,000 characters)"
    assert shorten("short") == "short"
