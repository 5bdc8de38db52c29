"""Noticing that the process was stopped, so the engine can count that time as a pause.

A run can be frozen from outside: Ctrl+Z (``SIGTSTP``), ``kill -STOP`` then
``SIGCONT``, or the whole machine suspended. The engine only sees its clock jump:
left alone it would replay every boundary of the stopped interval at once and log
steps nobody ran. The drivers (plain mode, the app) keep a ``StopDetector``: they
mark each wake with ``alive()``, tell it about the signals they see, and at each
wake ``check()`` says when the process stopped, if it did. The engine then pauses
from that moment (``Engine.pause_for_stop``).

A machine suspend sends no signal. On Linux ``CLOCK_MONOTONIC`` stands still while
suspended and ``CLOCK_BOOTTIME`` does not: a jump in their difference is time
suspended. ``session_clock`` is that suspend-inclusive clock, so the engine sees a
suspend exactly as it sees a ``SIGSTOP``: time that passed while nobody ran.

Pure: no signals are installed here; an injected clock for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from timer_tui.core.durations import format_clock

SUSPEND_MIN = 0.5
"""Seconds the boot clock must run ahead of the monotonic one to count as a suspend."""
HEARTBEAT = 0.25
"""Longest sleep of a running session's driver: how precisely a ``SIGSTOP`` is dated."""


def _boottime() -> float:
    return time.clock_gettime(time.CLOCK_BOOTTIME)


def suspend_offset() -> float:
    """Seconds the machine has spent suspended since boot, as far as the clocks say (Linux)."""
    if not hasattr(time, "CLOCK_BOOTTIME"):
        return 0.0
    return _boottime() - time.monotonic()


def session_clock() -> float:
    """The clock a run's engine keeps: monotonic, and (on Linux) counting a suspend."""
    if hasattr(time, "CLOCK_BOOTTIME"):
        return _boottime()
    return time.monotonic()  # pragma: no cover - no boot clock (macOS, Windows)


def stopped_notice(seconds: float) -> str:
    """What the screen and plain mode say: ``paused while stopped for 0:12``."""
    return f"paused while stopped for {format_clock(round(seconds))}"


class StopDetector:
    """Says, at a wake, whether (and since when) the process was stopped.

    ``alive()`` at each wake dates the last moment the process surely ran; the
    drivers sleep at most ``HEARTBEAT`` while a session runs, so a ``SIGSTOP`` is
    dated to within that. ``stopping()`` (a ``SIGTSTP`` handler, the app's suspend)
    gives the exact moment; ``continued()`` notes a ``SIGCONT``. A wake that is only
    late (a busy machine) with neither a signal nor a suspend is not a stop.
    """

    def __init__(
        self, clock: Callable[[], float], *, offset: Callable[[], float] = suspend_offset
    ) -> None:
        self.clock = clock
        self.offset = offset
        self.last_alive = clock()
        self._offset_then = offset()
        self._stopped_at: float | None = None
        self._continued = False

    def alive(self) -> None:
        """The process runs now (each wake, before sleeping again)."""
        self.last_alive = self.clock()
        self._offset_then = self.offset()

    def stopping(self) -> None:
        """The process is about to stop (``SIGTSTP``, Ctrl+Z): the exact start of the stop."""
        if self._stopped_at is None:
            self._stopped_at = self.clock()

    def continued(self) -> None:
        """A ``SIGCONT`` came: the process was stopped, since ``stopping()`` or the last wake."""
        self._continued = True

    def check(self) -> float | None:
        """When the process stopped (on the clock), if it did since the last check; else None."""
        suspended = self.offset() - self._offset_then > SUSPEND_MIN
        stopped_at = self._stopped_at
        if stopped_at is None and (self._continued or suspended):
            stopped_at = self.last_alive
        self._stopped_at = None
        self._continued = False
        self.alive()
        return stopped_at
