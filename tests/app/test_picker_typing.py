"""Typing in the picker only ever filters (issue 12, item 2): no printable key both
filters and acts, a fast typist loses no letter, an empty result says so, and every
action has a key that is not a letter, shown in the footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.app.conftest import BUNDLED, MakeApp, picker_lines, text_of
from timer_tui.library.sessions import discover
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


LONG = "Hill repeats on the long grassy slope behind the old water tower, then home"


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_a_long_name_is_cut_at_a_word_with_an_ellipsis(
    make_app: MakeApp, tmp_path: Path, width: int
) -> None:
    user = tmp_path / "sessions"
    user.mkdir()
    (user / "hills.toml").write_text(
        f'name = "{LONG}"\n[[steps]]\nkind = "run"\nduration = 60\n', encoding="utf-8"
    )
    app = make_app(load_entries=lambda: discover(user_dir=user, bundled_dir=BUNDLED))
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        await pilot.press(*"hill")
        await pilot.pause()
        line = next(line for line in picker_lines(app) if line[2:].startswith("Hill"))
        name = line[2:].split("  ")[0].rstrip()
        assert name == LONG or name.endswith("…"), line
        head = name.removesuffix("…")
        assert LONG.startswith(head) and LONG[len(head) : len(head) + 1] in ("", " ", ","), line
        assert "  1:00 · 1 " in line  # the time and steps still show after the name
        tree = app.screen.query_one("#sessions")
        assert len(line) + 4 <= tree.content_size.width, (len(line), tree.content_size.width)


async def test_question_mark_filters_and_f1_lists_every_picker_key(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "?"
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        rows = {ident: keys for keys, _, ident in app.screen.rows}  # type: ignore[attr-defined]
        assert rows["picker.edit"] == "^e" and rows["picker.history"] == "^l"
        assert rows["picker.open"] == "⏎" or "enter" in rows["picker.open"]


@pytest.mark.parametrize(
    ("pasted", "filtered"),
    [("lunch", "lunch"), ("my lunch\nsecond line", "my lunch"), ("a\x1b[31mb\tc", "a[31mbc")],
)
async def test_a_paste_goes_into_the_filter_as_typing_does(
    make_app: MakeApp, pasted: str, filtered: str
) -> None:
    """A terminal sends a paste as one Paste event (bracketed paste), not as keys: it
    filters like typing, its first line only, without what is not printable."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is not None
        app.focused.post_message(events.Paste(pasted))
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == filtered
        assert isinstance(app.screen, PickerScreen)


@pytest.mark.parametrize("typed", ["week 3 run 1", "week 3, run 1", "Week 3 Run 1"])
async def test_a_sessions_name_typed_in_order_puts_the_cursor_on_it(
    make_app: MakeApp, tmp_path: Path, typed: str
) -> None:
    """Both Week 1, Run 3 and Week 3, Run 1 have every word of "week 3 run 1", and the
    first one shown was highlighted: Enter opened the wrong run (QA). The session whose
    name has the words in the order typed comes first."""
    library = Path(__file__).resolve().parents[2] / "sessions"
    app = make_app(load_entries=lambda: discover(user_dir=tmp_path, bundled_dir=library))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*typed)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.entry.id == "c25k/week-3-run-1"  # type: ignore[attr-defined]
