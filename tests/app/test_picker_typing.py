"""Typing in the picker only ever filters (issue 12, item 2): no printable key both
filters and acts, a fast typist loses no letter, an empty result says so, and every
action has a key that is not a letter, shown in the footer."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.app.conftest import MakeApp, text_of
from timer_tui.ui.screens.picker import PickerScreen

SIZE = (100, 30)


@pytest.mark.parametrize("word", ["hello", "emom", "hips", "lower", "quit", "hamstrings"])
async def test_any_word_typed_goes_into_the_filter_and_nothing_else(
    make_app: MakeApp, word: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*word)  # as fast as the Pilot can: no pause between letters
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen), f"{word!r} left the picker"
        assert app.screen.query_one("#filter", Input).value == word
        assert app.is_running


async def test_a_name_with_spaces_filters_and_backspace_edits_the_filter(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"my lunchx", "backspace")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "my lunch"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.entry.id == "my-run"  # type: ignore[attr-defined]


async def test_an_empty_result_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"zzz")
        await pilot.pause()
        assert text_of(app, "#no-match") == "No session matches “zzz”. Esc clears the filter."
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#no-match").display


async def test_the_actions_have_keys_that_are_not_letters_and_the_footer_shows_them(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        shown = {
            b.binding.id: b.binding.key
            for b in app.screen.active_bindings.values()
            if b.binding.show
        }
        for ident in (
            "picker.open",
            "picker.edit",
            "picker.editor",
            "picker.history",
            "picker.quit",
        ):
            assert ident in shown, ident
            assert len(shown[ident]) > 1, f"{ident} is on a typed letter"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
