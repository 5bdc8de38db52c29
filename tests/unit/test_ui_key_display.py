"""The footer's keys as Textual shows them, without Textual's Unicode name lookups."""

from __future__ import annotations

import string

import pytest
from textual.app import App
from textual.binding import Binding
from textual.keys import KEY_DISPLAY_ALIASES, _character_to_key

from timer_tui.ui import bindings
from timer_tui.ui.app import TimerApp

MODIFIED = ["", "ctrl+", "shift+", "alt+", "ctrl+shift+"]
KEYS = [
    *bindings.PUNCTUATION_KEYS,
    *KEY_DISPLAY_ALIASES,
    *string.ascii_lowercase,
    *string.digits,
    *(f"f{n}" for n in range(1, 25)),
    "tab",
    "home",
    "end",
    "insert",
]


def textual_shows(binding: Binding) -> str:
    return App.get_key_display(App(), binding)


def test_the_punctuation_table_is_textuals_own_naming() -> None:
    assert {_character_to_key(c): c for c in string.punctuation} == bindings.PUNCTUATION_KEYS


@pytest.mark.parametrize("modifier", MODIFIED)
def test_every_key_it_knows_is_shown_as_textual_shows_it(modifier: str) -> None:
    for key in KEYS:
        binding = Binding(f"{modifier}{key}", "noop")
        assert bindings.shown_key(binding) == textual_shows(binding), binding.key


def test_every_key_of_the_app_is_shown_as_textual_shows_it() -> None:
    app = TimerApp(audio=None, terminal_title=False)
    keys = [b for group in bindings.ALL.values() for b in group if isinstance(b, Binding)]
    for binding in keys:
        for key in binding.key.split(","):
            one = Binding(key.strip(), binding.action, key_display=binding.key_display)
            assert app.get_key_display(one) == textual_shows(one), one.key
            assert bindings.shown_key(one) is not None, one.key  # no lookup for our own keys


def test_a_key_it_does_not_know_is_left_to_textual() -> None:
    for key in ("latin_small_letter_e_with_acute", "pound_sign", "A", "ctrl+euro_sign"):
        binding = Binding(key, "noop")
        assert bindings.shown_key(binding) is None
        assert TimerApp(audio=None).get_key_display(binding) == textual_shows(binding)


def test_a_display_the_binding_gives_wins() -> None:
    assert bindings.shown_key(Binding("ctrl+s", "save", key_display="⌃S")) == "⌃S"
