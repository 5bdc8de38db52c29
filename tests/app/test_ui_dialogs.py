"""Dialogs wrap their text instead of cutting it, at every test size down to 40x12."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button

from tests.app.conftest import MakeApp
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.dialogs.confirm import DiscardChangesScreen, QuitScreen
from timer_tui.ui.dialogs.help import HelpScreen
from timer_tui.ui.screens.editor import EditorScreen, edit_target

SIZES = [(100, 30), (60, 20), (40, 12)]


def shown_lines(widget: Widget) -> list[str]:
    """What the widget draws, line by line (all of it, scrolled into view or not)."""
    width, height = widget.size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height))]


def shown_words(widget: Widget) -> str:
    return " ".join(" ".join(shown_lines(widget)).split())


def assert_inside(inner: Widget, outer: Widget | Region) -> None:
    """``inner`` is drawn whole within the screen region or the content of a widget."""
    region = outer if isinstance(outer, Region) else outer.content_region
    assert inner.region.width > 0 and inner.region.height > 0, f"{inner} is not shown"
    assert region.contains_region(inner.region), f"{inner} {inner.region} is cut by {region}"


@pytest.mark.parametrize("size", SIZES)
async def test_help_shows_every_binding_id_whole(
    make_app: MakeApp, intervals: SessionEntry, size: tuple[int, int]
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        scroller = screen.query_one("#keys", VerticalScroll)
        assert scroller.max_scroll_x == 0  # nothing hidden off to the right
        assert_inside(scroller, screen.region)
        lines = shown_lines(screen.query_one("#keys-list"))
        words = {word.strip(",") for line in lines for word in line.split()}
        ids = {row[2] for row in screen.rows}
        assert {"countdown.pause", "countdown.done", "countdown.remove_time"} <= ids
        assert ids <= words, f"cut: {ids - words}"
        hint = screen.query_one("#help-hint")
        assert shown_words(hint) == 'Change keys in the config file: [keys] "binding.id" = "k"'
        assert_inside(hint, screen.region)


@pytest.mark.parametrize("size", SIZES)
async def test_the_quit_dialog_wraps_its_text_and_shows_both_buttons(
    make_app: MakeApp, intervals: SessionEntry, size: tuple[int, int]
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuitScreen)
        dialog = screen.query_one("#dialog")
        assert_inside(dialog, screen.region)
        assert shown_words(screen.query_one("#question")) == "Quit this session?"
        explain = screen.query_one("#explain")
        assert shown_words(explain) == "The summary shows what you did so far."
        for widget in (explain, *screen.query(Button)):
            assert_inside(widget, dialog)


class EditorHost(App[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def on_mount(self) -> None:
        self.push_screen(EditorScreen(edit_target(self.path)))


@pytest.mark.parametrize("quitting", [False, True])
@pytest.mark.parametrize("size", SIZES)
async def test_the_discard_dialog_wraps_a_long_file_name(
    size: tuple[int, int], quitting: bool
) -> None:
    path = user_sessions_dir() / "week-4-run-2.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('name = "W4R2"\n[[steps]]\nkind = "run"\nduration = 60\n', encoding="utf-8")
    app = EditorHost(path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        if quitting:  # what TimerApp's ctrl+q does with unsaved changes
            assert EditorScreen.ask_before_quit(app)
        else:
            await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscardChangesScreen)
        dialog = screen.query_one("#dialog")
        assert_inside(dialog, screen.region)
        question = "Quit without saving?" if quitting else "Close without saving?"
        assert shown_words(screen.query_one("#question")) == question
        explain = screen.query_one("#explain")
        assert shown_words(explain) == "Your changes to week-4-run-2.toml are not saved."
        hint = screen.query_one("#hint")
        assert shown_words(hint) == "ctrl+s in the editor saves them."
        for widget in (explain, hint, *screen.query(Button)):
            assert_inside(widget, dialog)
