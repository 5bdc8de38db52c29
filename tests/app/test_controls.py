"""The countdown's buttons (widgets/controls.py): pressed with a mouse, as a finger would.

Shown always in the served app, and in a terminal held upright when they cost
the digits nothing; a tap runs the same action as the key. And a browser tab
that closes pauses a running session (ui/served.py).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from tests.app.conftest import MakeApp, column_of, countdown, entry
from tests.conftest import FakeClock
from timer_tui.core.engine import Status
from timer_tui.ui import app as app_module
from timer_tui.ui import texts
from timer_tui.ui.app import TimerApp
from timer_tui.ui.screens.countdown import CountdownScreen
from timer_tui.ui.served import BrowserAttached, BrowserDetached
from timer_tui.ui.widgets.controls import BACK, DONE, MORE, NEXT, PAUSE
from timer_tui.ui.widgets.keybar import KeyBar


class ServedApp(TimerApp):
    """The app as ``timer-tui serve`` runs it (Textual's web driver says ``is_web``)."""

    CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")

    @property
    def is_web(self) -> bool:
        return True


def served_app(clock: FakeClock, entry_id: str = "test-program/intervals") -> ServedApp:
    return ServedApp(start=entry(entry_id), clock=clock, audio=None, terminal_title=False)


def status(screen: CountdownScreen) -> Status:
    """The engine's status now (a call, so that mypy does not keep an earlier one)."""
    return screen.engine.status


def button(app: TimerApp, button_id: str) -> Button:
    return app.screen.query_one(f"#{button_id}", Button)


async def test_a_tap_on_each_button_acts_as_its_key(make_app: MakeApp, clock: FakeClock) -> None:
    app = make_app(start=entry("test-program/intervals"))
    async with app.run_test(size=(45, 50)) as pilot:  # a terminal held upright, like a phone
        screen = countdown(app)
        assert screen.has_class("-controls") and screen.controls is not None
        assert screen.controls.display
        clock.advance(5)
        await pilot.click(f"#{PAUSE}")
        assert status(screen) is Status.PAUSED
        assert str(button(app, PAUSE).label) == "Resume"
        await pilot.pause(0.25)  # a button takes no second press within 0.2 s (a bounce)
        await pilot.click(f"#{PAUSE}")
        assert status(screen) is Status.RUNNING
        assert str(button(app, PAUSE).label) == "Pause"
        left = screen.engine.state().step_remaining
        assert left is not None
        await pilot.click(f"#{MORE}")
        assert screen.engine.state().step_remaining == left + 10
        await pilot.click(f"#{NEXT}")
        assert screen.engine.index == 1
        await pilot.click(f"#{BACK}")
        assert screen.engine.index == 0
        assert app.focused is None or not isinstance(app.focused, Button)  # keys stay the screen's


async def test_a_rep_step_has_done_in_place_of_ten_seconds(
    make_app: MakeApp, clock: FakeClock
) -> None:
    app = make_app(start=entry("test-program/strength"))
    async with app.run_test(size=(45, 50)) as pilot:
        screen = countdown(app)
        assert not screen.engine.step.is_timed
        assert button(app, DONE).display and not button(app, MORE).display
        for index in (1, 2):  # left, right, then the rest
            await pilot.click(f"#{DONE}")
            await pilot.pause(0.25)
            assert screen.engine.index == index
        assert screen.engine.step.is_timed
        assert button(app, MORE).display and not button(app, DONE).display


async def test_a_landscape_terminal_keeps_its_rows_for_the_digits(make_app: MakeApp) -> None:
    app = make_app(start=entry("test-program/intervals"))
    async with app.run_test(size=(100, 30)):
        screen = countdown(app)
        assert not screen.has_class("-controls")
        assert screen.controls is None  # never built: no size has shown it


async def test_served_the_buttons_show_at_any_size(clock: FakeClock) -> None:
    app = served_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = countdown(app)
        assert screen.has_class("-controls") and screen.controls is not None
        assert screen.controls.display
        await pilot.click(f"#{PAUSE}")
        assert status(screen) is Status.PAUSED


async def test_a_closed_tab_pauses_a_running_session(clock: FakeClock) -> None:
    app = served_app(clock)
    async with app.run_test(size=(45, 50)) as pilot:
        screen = countdown(app)
        clock.advance(3)
        app.post_message(BrowserDetached())
        await pilot.pause()
        assert status(screen) is Status.PAUSED
        clock.advance(60)  # nobody watching: the step does not run out
        screen.tick()
        assert screen.engine.index == 0
        app.post_message(BrowserAttached())  # the next visit: it says why
        await pilot.pause()
        assert texts.BROWSER_GONE in screen.notice.shown
        assert str(button(app, PAUSE).label) == "Resume"
        await pilot.pause(0.25)
        await pilot.click(f"#{PAUSE}")  # the next visit resumes it
        assert status(screen) is Status.RUNNING


async def test_a_closed_tab_leaves_a_paused_session_paused(clock: FakeClock) -> None:
    app = served_app(clock)
    async with app.run_test(size=(45, 50)) as pilot:
        screen = countdown(app)
        await pilot.click(f"#{PAUSE}")
        pauses = screen.pauses
        app.post_message(BrowserDetached())
        await pilot.pause()
        assert status(screen) is Status.PAUSED
        assert screen.pauses == pauses


async def test_served_the_picker_is_driven_by_taps(clock: FakeClock) -> None:
    """`timer-tui serve` without a session: a tap on a session previews it, a tap on the
    footer's Start (the focus is the app's, so the footer has its keys) starts it."""
    from textual.widgets import Tree

    from tests.app.conftest import test_entries
    from timer_tui.ui.screens.picker import PreviewScreen

    app = ServedApp(clock=clock, audio=None, terminal_title=False, load_entries=test_entries)
    async with app.run_test(size=(45, 50)) as pilot:
        await pilot.pause()
        await pilot.click(Tree, offset=(10, 1))  # "Intervals", under its program
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        keybar = app.screen.query_one(KeyBar)
        await pilot.click(keybar, offset=(column_of(keybar, "Start"), 0))
        await pilot.pause()
        assert countdown(app).engine.timeline.steps[0].name == "Brisk walk"
