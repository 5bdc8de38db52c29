"""The app's part of "a stop is a pause": Ctrl+Z, ``kill -STOP``/``-TSTP`` and a suspend.

Textual's Linux driver owns ``SIGTSTP`` and ``SIGCONT``: Ctrl+Z (``App.action_suspend_process``)
publishes ``app_suspend_signal`` just before the process stops, and after ``fg``
the driver re-enters application mode and publishes ``app_resume_signal``. A plain
``SIGSTOP`` gets neither, so ``SIGCONT`` is chained here as well (the driver's own
handler still runs first). A machine suspend shows in the clocks (``core.stops``).

The signal handler only takes a note and asks the event loop to look; the engine
is changed in the loop (``CountdownScreen.check_stop``), never inside a handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from timer_tui.core.engine import Engine, Event
from timer_tui.core.stops import StopDetector

Handler = Callable[[int, FrameType | None], Any] | int | None


class StopWatch:
    """Notes stops for one countdown screen; ``check`` pauses its engine from the stop."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.detector = StopDetector(engine.clock)
        self._previous: Handler = None
        self._installed = False
        self._on_continue: Callable[[], None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self, on_continue: Callable[[], None]) -> None:
        """Chain ``SIGCONT`` (main thread only); ``on_continue`` runs in the loop after it."""
        self._on_continue = on_continue
        if threading.current_thread() is not threading.main_thread():
            return
        with contextlib.suppress(RuntimeError):
            self._loop = asyncio.get_running_loop()
        with contextlib.suppress(ValueError, OSError, AttributeError):
            self._previous = signal.signal(signal.SIGCONT, self._on_sigcont)
            self._installed = True

    def uninstall(self) -> None:
        if self._installed:
            with contextlib.suppress(ValueError, OSError):
                previous = self._previous if self._previous is not None else signal.SIG_DFL
                signal.signal(signal.SIGCONT, previous)
            self._installed = False

    def _on_sigcont(self, signum: int, frame: FrameType | None) -> None:
        previous = self._previous
        if callable(previous):
            previous(signum, frame)  # Textual's driver: back into application mode
        self.continued()
        if self._loop is not None and self._on_continue is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._on_continue)

    def stopping(self) -> None:
        """Ctrl+Z: the process stops now."""
        self.detector.stopping()

    def continued(self) -> None:
        self.detector.continued()

    def check(self, *, resume: bool) -> list[Event]:
        """At a wake: if the process was stopped, pause from then (and resume if ``resume``)."""
        stopped_at = self.detector.check()
        if stopped_at is None:
            return []
        events = self.engine.pause_for_stop(stopped_at)
        if events and resume:
            events += self.engine.resume()
        return events
