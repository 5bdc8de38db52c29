"""Every screen and dialog draws in small windows without an error, down to 1x1."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app.conftest import MakeApp
from tests.conftest import FakeClock
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.app import TimerApp
from timer_tui.ui.dialogs.confirm import DiscardChangesScreen, QuitScreen
from timer_tui.ui.dialogs.help import HelpScreen
from timer_tui.ui.screens.editor import EditorScreen, edit_target
from timer_tui.ui.screens.picker import PickerScreen, PreviewScreen
from timer_tui.ui.screens.summary import SummaryScreen

SIZES = [(40, 12), (30, 8), (20, 5), (10, 3), (1, 1), (60, 20), (100, 30)]

Steps = Callable[[Pilot[Any], FakeClock], Awaitable[type]]


async def picker(pilot: Pilot[Any], clock: FakeClock) -> type:
    await pilot.press("s", "t")
    return PickerScreen


async def preview(pilot: Pilot[Any], clock: FakeClock) -> type:
    await pilot.press("enter")
    return PreviewScreen


async def help_keys(pilot: Pilot[Any], clock: FakeClock) -> type:
    await pilot.press("enter", "enter")
    await pilot.pause()
    await pilot.press("question_mark")
    return HelpScreen


async def quit_dialog(pilot: Pilot[Any], clock: FakeClock) -> type:
    await pilot.press("enter", "enter")
    await pilot.pause()
    await pilot.press("q")
    return QuitScreen


async def summary(pilot: Pilot[Any], clock: FakeClock) -> type:
    await pilot.press("enter", "enter")
    await pilot.pause()
    clock.advance(75)
    await pilot.press("space", "space", "n", "q", "y")
    return SummaryScreen


async def editor(pilot: Pilot[Any], clock: FakeClock) -> type:
    path = user_sessions_dir() / "week-4-run-2.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('name = "W4R2"\n[[steps]]\nkind = "run"\nduration = 60\n', encoding="utf-8")
    await pilot.app.push_screen(EditorScreen(edit_target(path)))
    await pilot.pause()
    await pilot.press("x", "y")
    return EditorScreen


async def discard(pilot: Pilot[Any], clock: FakeClock) -> type:
    await editor(pilot, clock)
    await pilot.pause()
    await pilot.press("escape")
    return DiscardChangesScreen


@pytest.mark.parametrize(
    "steps", [picker, preview, help_keys, quit_dialog, summary, editor, discard]
)
async def test_every_screen_draws_in_small_windows(
    make_app: MakeApp, clock: FakeClock, steps: Steps
) -> None:
    app: TimerApp = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        expected = await steps(pilot, clock)
        await pilot.pause()
        assert isinstance(app.screen, expected)
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            app.screen._compositor.render_strips()  # draws every visible line
            assert isinstance(app.screen, expected)
        assert app.is_running


async def test_a_session_runs_to_its_summary_in_a_40x12_window(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        for key in ("space", "space", "n", "p", "plus", "minus", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()
        clock.advance(7 * 60 + 30)
        await pilot.pause(1.5)  # the countdown's own wake reaches the end
        assert isinstance(app.screen, SummaryScreen)
