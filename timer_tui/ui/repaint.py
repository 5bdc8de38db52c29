"""Every part of the screen drawn again after a resize, not only what moved.

A resize can be lost: one that comes while the app starts, before the driver
listens; one among several quick ones (a window dragged), with SIGWINCH or with
the in-band size reports Textual asks terminals such as tmux for (it then ignores
SIGWINCH); one while the app was stopped (Ctrl+Z, then ``fg``). The app then kept
drawing at the old size, and what lay outside it, or what the terminal had
cleared, stayed blank (the title, the band, the side panel, the footer) until a
key was pressed (issue 12). Textual also repaints, after a layout, only the
widgets whose place changed.

So the terminal's size is read again every second (one ioctl) and after a stop,
a difference is handled as a resize, and after every resize and every stop the
whole screen is repainted.

A screen that wakes every second anyway (the countdown, ``ui/wake.py``) takes the
size check along (``size_check``) and says so (``CHECKS_TERMINAL_SIZE``): while it
is on, the app's own timer is paused, so a countdown wakes once a second for both,
not twice (``benchmarks/side_by_side.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer

SIZE_CHECK_INTERVAL = 1.0
"""Seconds between looks at the terminal's size."""


def terminal_size() -> Size | None:
    """The real terminal's size; None without one (tests, a pipe)."""
    try:
        columns, lines = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return None
    return Size(columns, lines)


class Repainter:
    """The app's part: ``resized()`` on every Resize event, ``started()`` on mount."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.timer: Timer | None = None
        """The app's own size check; paused while a screen carries it."""

    def started(self) -> None:
        if self.app.is_headless:
            return
        self.timer = self.app.set_interval(
            SIZE_CHECK_INTERVAL, self.check_size, name="terminal-size"
        )
        self.app.app_resume_signal.subscribe(self.app, lambda _app: self.back_from_a_stop())
        self.app.screen_change_signal.subscribe(self.app, self.screen_changed)
        if self.app.screen_stack:  # the first screen is not announced as a change
            self.screen_changed(self.app.screen)

    def screen_changed(self, screen: Screen[Any]) -> None:
        """The app's timer sleeps while the screen on show checks the size itself."""
        if self.timer is None:
            return
        if getattr(screen, "CHECKS_TERMINAL_SIZE", False):
            self.timer.pause()
        else:
            self.timer.resume()

    def back_from_a_stop(self) -> None:
        """``fg``: the terminal may have changed size, and the shell drew over it."""
        self.check_size()
        self.resized()

    def resized(self) -> None:
        self.app.call_after_refresh(self.repaint_all)

    def repaint_all(self) -> None:
        """Every widget of the screen on show, drawn again from scratch."""
        if not self.app.screen_stack:
            return
        screen = self.app.screen
        screen.refresh(repaint=True)
        for widget in screen.walk_children(with_self=False):
            widget.refresh(repaint=True)

    def check_size(self) -> None:
        """A lost resize: the terminal's size differs from the app's."""
        if self.app.is_headless:
            return  # tests: the app's size is the test's, not the terminal's
        size = terminal_size()
        if size is not None and size != self.app.size:
            self.app.post_message(events.Resize(size, size))


def size_check(app: App[Any]) -> Callable[[], None]:
    """The app's size check, for a screen that wakes every second anyway and runs it
    on its own wakes (the screen sets ``CHECKS_TERMINAL_SIZE``, and the app's timer
    sleeps meanwhile); a no-op for an app without one."""
    repainter = getattr(app, "repainter", None)
    if not isinstance(repainter, Repainter):
        return lambda: None
    return repainter.check_size
