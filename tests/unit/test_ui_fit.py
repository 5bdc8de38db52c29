"""Text cut at a word with an ellipsis (issue 12, item 8: "…this week is about ti…")."""

from __future__ import annotations

import pytest

from timer_tui.ui.fit import cut_words, wrap_words


@pytest.mark.parametrize(
    ("text", "width", "cut"),
    [
        ("Short steps, steady breathing.", 40, "Short steps, steady breathing."),
        ("Short steps, steady breathing.", 20, "Short steps, steady…"),
        ("Short steps, steady breathing.", 19, "Short steps…"),
        ("the focus this week is about time on feet", 30, "the focus this week is about…"),
        ("Seated band inversion 12 reps", 24, "Seated band inversion…"),
        ("Supercalifragilistic", 10, "Supercali…"),
        ("abc", 1, "…"),
        ("abc", 0, ""),
    ],
)
def test_cut_words(text: str, width: int, cut: str) -> None:
    assert cut_words(text, width) == cut
    assert len(cut_words(text, width)) <= max(width, 0)


def test_cut_never_ends_mid_word_when_a_space_is_near() -> None:
    text = "Easy jog to warm up, then strides on the flat, then walk home"
    for width in range(12, len(text)):
        cut = cut_words(text, width)
        assert cut.endswith("…")
        head = cut[:-1]
        assert text.startswith(head) and text[len(head)] in " ,", (width, cut)


def test_wrap_words() -> None:
    text = "Knees bent about thirty degrees, three seconds lowering, then pause"
    assert wrap_words(text, 30, 2) == ["Knees bent about thirty", "degrees, three seconds…"]
    assert wrap_words("short", 30, 2) == ["short"]
