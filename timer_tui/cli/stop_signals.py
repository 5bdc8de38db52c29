"""Plain mode's part of "a stop is a pause": SIGTSTP and SIGCONT, and the check at each wake.

Ctrl+Z (``SIGTSTP``) is dated exactly: the handler notes the moment, then stops
the process the default way. ``kill -STOP`` cannot be caught; the ``SIGCONT``
that ends it can, and the stop is dated to the last wake (the loop sleeps at
most ``HEARTBEAT`` while a session runs). A machine suspend shows in the clocks
(``core.stops``). At the next wake the engine pauses from the moment of the stop.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from types import FrameType

from timer_tui.core.engine import Engine, Status
from timer_tui.core.stops import HEARTBEAT, StopDetector


class StopSignals:
    """Installs the SIGTSTP and SIGCONT handlers for one run; ``close`` puts the old ones back.

    The handlers only take notes (and the wakeup pipe wakes the loop); the engine is
    changed by ``check`` in the loop, never inside a signal handler.
    """

    def __init__(self, engine: Engine, *, resume_after_stop: bool = False) -> None:
        self.engine = engine
        self.resume_after_stop = resume_after_stop
        self.detector = StopDetector(engine.clock)
        self._previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}
        for signum, handler in ((signal.SIGTSTP, self._on_tstp), (signal.SIGCONT, self._on_cont)):
            self._previous[signum] = signal.signal(signum, handler)

    def _on_tstp(self, signum: int, frame: FrameType | None) -> None:
        self.detector.stopping()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT
        signal.signal(signal.SIGTSTP, self._on_tstp)

    def _on_cont(self, signum: int, frame: FrameType | None) -> None:
        self.detector.continued()

    def check(self) -> None:
        """At a wake: if the process was stopped, pause the engine from that moment."""
        stopped_at = self.detector.check()
        if stopped_at is None:
            return
        paused = self.engine.pause_for_stop(stopped_at)
        if paused and self.resume_after_stop:
            self.engine.resume()

    def sleep_for(self, timeout: float | None) -> float | None:
        """How long the loop may sleep: a running session wakes every ``HEARTBEAT``."""
        self.detector.alive()
        if self.engine.status is not Status.RUNNING:
            return timeout
        return HEARTBEAT if timeout is None else min(timeout, HEARTBEAT)

    def close(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
