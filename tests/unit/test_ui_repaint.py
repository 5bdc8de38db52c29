"""The terminal-size check rides on the countdown's every-second timer (ui/repaint.py).

The countdown wakes every second anyway; the app's own size-check timer sleeps while
it is on, so a counting-down screen has one wake-up a second for both, not two.
"""

from __future__ import annotations

from typing import Any, cast

from textual.app import App

from timer_tui.ui.repaint import Repainter, size_check
from timer_tui.ui.screens.countdown import CountdownScreen


class FakeTimer:
    def __init__(self) -> None:
        self.paused = False

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False


class FakeApp:
    is_headless = False

    def __init__(self) -> None:
        self.repainter = Repainter(cast("App[Any]", self))


class OtherScreen:
    """The picker, a dialog: no size check of its own."""


def test_the_app_timer_sleeps_while_a_screen_that_checks_the_size_is_on() -> None:
    repainter = FakeApp().repainter
    timer = FakeTimer()
    repainter.timer = cast("Any", timer)
    repainter.screen_changed(cast("Any", OtherScreen()))
    assert not timer.paused
    repainter.screen_changed(cast("Any", object.__new__(CountdownScreen)))
    assert timer.paused
    repainter.screen_changed(cast("Any", OtherScreen()))  # a dialog over it, or the picker
    assert not timer.paused


def test_a_screen_carrying_the_size_check_runs_the_apps() -> None:
    app = FakeApp()
    calls: list[str] = []
    app.repainter.check_size = lambda: calls.append("size")  # type: ignore[method-assign]
    size_check(cast("App[Any]", app))()
    assert calls == ["size"]


def test_an_app_without_a_repainter_has_nothing_to_check() -> None:
    assert size_check(cast("App[Any]", object()))() is None
