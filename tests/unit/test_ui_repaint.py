"""The terminal-size check rides on the countdown's every-second timer (ui/repaint.py).

The countdown wakes every second anyway; the app's own size-check timer sleeps while
it is on, so a counting-down screen has one wake-up a second for both, not two.
"""

from __future__ import annotations

from typing import Any, cast

from textual.app import App

from timer_tui.ui.repaint import Repainter, carrying_size_check
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


def test_the_carried_check_runs_the_screens_check_and_the_size_check() -> None:
    app = FakeApp()
    calls: list[str] = []
    app.repainter.check_size = lambda: calls.append("size")  # type: ignore[method-assign]
    carrying_size_check(cast("App[Any]", app), lambda: calls.append("safety"))()
    assert calls == ["safety", "size"]


def test_an_app_without_a_repainter_keeps_the_check_as_it_is() -> None:
    def check() -> None: ...

    assert carrying_size_check(cast("App[Any]", object()), check) is check
